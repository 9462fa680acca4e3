/* cli/cmd_attest.c: `arcsec attest evidence` and `attest activate`: the
 * DevID's evidence for a verifier's nonce, and the answer to its
 * credential-activation challenge (arcsec/identity.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arcsec/identity.h>

#include "cli/cli.h"
#include "common/hex.h"

enum { EV_NONCE, EV_CSR, EV_OUT, EV_EK, EV_AK };

#define CLI_NONCE_MAX	64u

static const char *const cli_ek_names[] = {
	[ARCSEC_TPM_EK_AUTO] = "auto",
	[ARCSEC_TPM_EK_RSA2048] = "rsa2048",
	[ARCSEC_TPM_EK_ECC_P256] = "ecc-p256",
	[ARCSEC_TPM_EK_ECC_P384] = "ecc-p384",
};

static const char *const cli_ak_names[] = {
	[ARCSEC_TPM_AK_RSA2048] = "rsa2048",
	[ARCSEC_TPM_AK_ECC_P256] = "ecc-p256",
};

/* Option `opt` (absent: *out unchanged) as the index of its value in
 * names[0..count); -1 if it parses, else the usage exit code. */
static int
cli_attest_choice(struct cli *c, const struct cli_cmd *cmd, const char *opt,
    const char *value, const char *const *names, size_t count,
    const char *expected, int *out)
{
	if (value == NULL)
		return -1;
	for (size_t i = 0; i < count; i++)
		if (strcmp(value, names[i]) == 0) {
			*out = (int)i;
			return -1;
		}
	return cli_usage_bad_value(c, cmd, opt, value, expected);
}

/* --ek and --ak (absent: the defaults) into keys; -1 if both parse, else
 * the usage exit code. */
static int
cli_attest_keys(struct cli *c, const struct cli_cmd *cmd, const char *ek,
    const char *ak, struct arcsec_tpm_keys *keys)
{
	int ek_i = ARCSEC_TPM_EK_AUTO, ak_i = ARCSEC_TPM_AK_RSA2048, rc;

	if ((rc = cli_attest_choice(c, cmd, "--ek", ek, cli_ek_names,
	    sizeof(cli_ek_names) / sizeof(cli_ek_names[0]),
	    "auto, rsa2048, ecc-p256 or ecc-p384", &ek_i)) != -1 ||
	    (rc = cli_attest_choice(c, cmd, "--ak", ak, cli_ak_names,
	    sizeof(cli_ak_names) / sizeof(cli_ak_names[0]),
	    "rsa2048 or ecc-p256", &ak_i)) != -1)
		return rc;
	keys->tk_ek = (arcsec_tpm_ek_t)ek_i;
	keys->tk_ak = (arcsec_tpm_ak_t)ak_i;
	return -1;
}

int
cmd_attest_evidence(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_client *client;
	struct arcsec_tpm_keys keys;
	struct cli_parsed ps;
	uint8_t nonce[CLI_NONCE_MAX];
	size_t nonce_len;
	char why[512], *csr = NULL, *json = NULL;
	arcsec_status_t status;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1)
		goto out;
	if (ps.ps_value[EV_NONCE][0] == '\0' ||
	    !hex_decode(ps.ps_value[EV_NONCE], nonce, sizeof(nonce),
	    &nonce_len)) {
		rc = cli_usage_bad_value(c, cmd, "--nonce",
		    ps.ps_value[EV_NONCE], "1 to 64 bytes in hex");
		goto out;
	}
	if ((rc = cli_attest_keys(c, cmd, ps.ps_value[EV_EK],
	    ps.ps_value[EV_AK], &keys)) != -1)
		goto out;
	if (ps.ps_value[EV_CSR] != NULL &&
	    (csr = cli_read_text_file(ps.ps_value[EV_CSR])) == NULL) {
		rc = cli_usage_bad_value(c, cmd, "--csr", ps.ps_value[EV_CSR],
		    strerror(errno));
		goto out;
	}
	if ((rc = cli_client_auth(c, &client)) != -1)
		goto out;
	status = arcsec_devid_evidence(client, nonce, nonce_len, csr, &keys,
	    &json, why, sizeof(why));
	if (status != ARCSEC_SUCCESS) {
		rc = why[0] != '\0' ? cli_fail_detail(c, status, "%s", why) :
		    cli_fail(c, status);
		goto out;
	}
	if (ps.ps_value[EV_OUT] != NULL) {
		size_t len = strlen(json);

		/* One object per file, ending in a newline like any text. */
		if ((json = realloc(json, len + 2)) == NULL) {
			rc = cli_fail(c, ARCSEC_ERR_NO_MEMORY);
			goto out;
		}
		memcpy(json + len, "\n", 2);
		if ((rc = cli_write_text_file(c, ps.ps_value[EV_OUT], json)) !=
		    -1)
			goto out;
	} else
		fprintf(c->cli_out, "%s\n", json);
	rc = CLI_EXIT_OK;
out:
	free(csr);
	free(json);
	cli_parsed_free(&ps);
	return rc;
}

enum { AC_CHALLENGE, AC_OUT, AC_EK, AC_AK };

/* The response holds the verifier's secret: a new file, mode 0600. */
static int
cli_write_secret_file(struct cli *c, const char *path, const char *text)
{
	size_t len = strlen(text), off = 0;
	int fd, saved;

	(void)unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		goto fail;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0) {
			saved = errno;
			(void)close(fd);
			errno = saved;
			goto fail;
		}
		off += (size_t)n;
	}
	if (close(fd) != 0)
		goto fail;
	return -1;
fail:
	fprintf(c->cli_err, "%s: cannot write %s: %s\n", c->cli_prog, path,
	    strerror(errno));
	return CLI_EXIT_SERVICE;
}

int
cmd_attest_activate(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_client *client;
	struct arcsec_tpm_keys keys;
	struct cli_parsed ps;
	char why[512], *challenge = NULL, *json = NULL, *text = NULL;
	arcsec_status_t status;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_attest_keys(c, cmd, ps.ps_value[AC_EK],
	    ps.ps_value[AC_AK], &keys)) != -1)
		goto out;
	if ((challenge = cli_read_text_file(ps.ps_value[AC_CHALLENGE])) ==
	    NULL) {
		rc = cli_usage_bad_value(c, cmd, "--challenge",
		    ps.ps_value[AC_CHALLENGE], strerror(errno));
		goto out;
	}
	if ((rc = cli_client_auth(c, &client)) != -1)
		goto out;
	status = arcsec_devid_activate(client, challenge, &keys, &json, why,
	    sizeof(why));
	if (status != ARCSEC_SUCCESS) {
		rc = why[0] != '\0' ? cli_fail_detail(c, status, "%s", why) :
		    cli_fail(c, status);
		goto out;
	}
	if (ps.ps_value[AC_OUT] != NULL) {
		size_t len = strlen(json);

		if ((text = malloc(len + 2)) == NULL) {
			rc = cli_fail(c, ARCSEC_ERR_NO_MEMORY);
			goto out;
		}
		memcpy(text, json, len);
		memcpy(text + len, "\n", 2);
		if ((rc = cli_write_secret_file(c, ps.ps_value[AC_OUT],
		    text)) != -1)
			goto out;
	} else
		fprintf(c->cli_out, "%s\n", json);
	rc = CLI_EXIT_OK;
out:
	if (json != NULL)
		explicit_bzero(json, strlen(json));
	if (text != NULL)
		explicit_bzero(text, strlen(text));
	free(json);
	free(text);
	free(challenge);
	cli_parsed_free(&ps);
	return rc;
}
