/* cli/cmd_devid.c: `arcsec devid create|csr|install|show`: the device
 * identity through arcsec/identity.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arcsec/identity.h>

#include "cli/cli.h"

/* Indexes into the option tables of cli/commands.c. */
enum { CREATE_KEY_TYPE, CREATE_FALLBACK, CREATE_FORCE };
enum { CSR_CN, CSR_O, CSR_OU, CSR_C, CSR_SERIAL, CSR_SAN, CSR_OUT };
enum { INSTALL_CERT, INSTALL_CHAIN, INSTALL_STATE_DIR };
enum { SHOW_STATE_DIR };

#define CLI_FILE_MAX	(1024u * 1024u)

/* The identity settings file: $ARCSEC_IDENTITY_CONFIG, else the default
 * path. -1 when read (or absent by default), else the exit code. */
static int
cli_identity_config(struct cli *c, struct arcsec_devid_config *cf)
{
	const char *path = getenv("ARCSEC_IDENTITY_CONFIG");
	int is_named = path != NULL && path[0] != '\0';
	char why[512];
	arcsec_status_t status;

	/* A file named in the environment must exist; the default one is
	 * optional (a machine without it uses the built-in defaults). */
	status = arcsec_devid_config_load(is_named ? path :
	    ARCSEC_IDENTITY_CONFIG_DEFAULT, !is_named, cf, why, sizeof(why));
	if (status == ARCSEC_SUCCESS)
		return -1;
	fprintf(c->cli_err, "%s: identity settings: %s\n", c->cli_prog,
	    why[0] != '\0' ? why : arcsec_strerror(status));
	return CLI_EXIT_USAGE;
}

/* Where certificates are kept: --state-dir, else $ARCSEC_IDENTITY_DIR,
 * else the settings file's state_dir, else the library's default (NULL). */
static const char *
cli_state_dir(const char *opt, const struct arcsec_devid_config *cf)
{
	const char *env;

	if (opt != NULL)
		return opt;
	if ((env = getenv("ARCSEC_IDENTITY_DIR")) != NULL && env[0] != '\0')
		return env;
	if (cf->cf_state_dir[0] != '\0')
		return cf->cf_state_dir;
	return NULL;
}

/* A whole small text file, NUL-terminated; NULL with errno set. */
char *
cli_read_text_file(const char *path)
{
	char *text = NULL;
	size_t len = 0, got;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL)
		return NULL;
	if ((text = malloc(CLI_FILE_MAX + 1)) != NULL) {
		while (len < CLI_FILE_MAX &&
		    (got = fread(text + len, 1, CLI_FILE_MAX - len, f)) > 0)
			len += got;
		if (ferror(f) || (len == CLI_FILE_MAX && fgetc(f) != EOF)) {
			free(text);
			text = NULL;
			errno = EFBIG;
		} else
			text[len] = '\0';
	}
	fclose(f);
	return text;
}

int
cli_write_text_file(struct cli *c, const char *path, const char *text)
{
	FILE *f;

	if ((f = fopen(path, "we")) == NULL ||
	    fputs(text, f) == EOF || fclose(f) != 0) {
		fprintf(c->cli_err, "%s: cannot write %s: %s\n", c->cli_prog,
		    path, strerror(errno));
		return CLI_EXIT_SERVICE;
	}
	return -1;
}

static int
cli_devid_fail(struct cli *c, arcsec_status_t status, const char *why)
{
	if (why[0] != '\0')
		return cli_fail_detail(c, status, "%s", why);
	return cli_fail(c, status);
}

static const char *
cli_devid_key_text(const struct arcsec_key_attrs *a)
{
	if (a->key_type == ARCSEC_KEY_TYPE_RSA_KEY_PAIR)
		return a->key_bits == 3072 ? "RSA 3072 (RSASSA-PKCS1-v1_5, "
		    "SHA-256)" : "RSA 2048 (RSASSA-PKCS1-v1_5, SHA-256)";
	return a->key_bits == 384 ? "ECC NIST P-384 (ECDSA, SHA-384)" :
	    "ECC NIST P-256 (ECDSA, SHA-256)";
}

static const char *
cli_devid_key_type_name(const struct arcsec_key_attrs *a)
{
	if (a->key_type == ARCSEC_KEY_TYPE_RSA_KEY_PAIR)
		return a->key_bits == 3072 ? "rsa3072" : "rsa2048";
	return a->key_bits == 384 ? "ecc-p384" : "ecc-p256";
}

/* The members create and show share. */
static void
cli_devid_json(struct cli_json *j, const struct arcsec_devid *d)
{
	cli_json_string(j, "key_name", d->dv_key_name);
	cli_json_string(j, "provider",
	    arcsec_devid_provider_name(d->dv_provider_id));
	cli_json_uint(j, "provider_id", d->dv_provider_id);
	cli_json_string(j, "key_type", cli_devid_key_type_name(&d->dv_attrs));
	cli_json_string(j, "hardware_backed", d->dv_hardware_backed ? "yes" :
	    "no");
}

int
cmd_devid_create(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	static const char *const types[] = {
		"ecc-p256", "ecc-p384", "rsa2048", "rsa3072",
	};
	struct arcsec_devid_params p = { 0 };
	struct arcsec_devid_config cf;
	struct arcsec_devid d;
	struct arcsec_client *client;
	struct cli_parsed ps;
	const char *v;
	char why[512];
	struct cli_json j;
	arcsec_status_t status;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_identity_config(c, &cf)) != -1)
		goto out;
	/* The settings file first; each option given overrides it. */
	p.dp_provider_id = cf.cf_provider_id;
	p.dp_key_type = cf.cf_key_type;
	p.dp_fallback = cf.cf_fallback;
	if ((v = ps.ps_value[CREATE_KEY_TYPE]) != NULL) {
		size_t i;

		for (i = 0; i < sizeof(types) / sizeof(*types); i++)
			if (strcmp(v, types[i]) == 0)
				break;
		if (i == sizeof(types) / sizeof(*types)) {
			rc = cli_usage_bad_value(c, cmd, "--key-type", v,
			    "one of ecc-p256, ecc-p384, rsa2048, rsa3072");
			goto out;
		}
		p.dp_key_type = (enum arcsec_devid_key_type)i;
	}
	if ((v = ps.ps_value[CREATE_FALLBACK]) != NULL) {
		if (strcmp(v, "software") == 0)
			p.dp_fallback = ARCSEC_DEVID_FALLBACK_SOFTWARE;
		else if (strcmp(v, "none") == 0)
			p.dp_fallback = ARCSEC_DEVID_FALLBACK_NONE;
		else {
			rc = cli_usage_bad_value(c, cmd, "--fallback", v,
			    "software or none");
			goto out;
		}
	}
	p.dp_force = ps.ps_value[CREATE_FORCE] != NULL;
	if (c->has_provider) {
		if (c->cli_provider == ARCSEC_PROVIDER_CORE) {
			rc = cli_usage_bad_value(c, cmd, "--provider", "0",
			    "the core provider holds no keys");
			goto out;
		}
		p.dp_provider_id = c->cli_provider;
	}
	if ((rc = cli_client_auth(c, &client)) != -1)
		goto out;
	if ((status = arcsec_devid_create(client, &p, &d, why,
	    sizeof(why))) != ARCSEC_SUCCESS) {
		rc = cli_devid_fail(c, status, why);
		goto out;
	}
	if (!d.dv_hardware_backed)
		fprintf(c->cli_err, "%s: warning: the DevID is in the software "
		    "provider: hardware-backed: no. Its key is protected only "
		    "by arcsecd's files; nothing can prove where it lives.\n",
		    c->cli_prog);
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_devid_json(&j, &d);
		cli_json_finish(&j);
	} else
		fprintf(c->cli_out, "DevID %s created in the %s provider "
		    "(hardware-backed: %s)\n", d.dv_key_name,
		    arcsec_devid_provider_name(d.dv_provider_id),
		    d.dv_hardware_backed ? "yes" : "no");
	rc = CLI_EXIT_OK;
out:
	cli_parsed_free(&ps);
	return rc;
}

int
cmd_devid_csr(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_x509_subject subj;
	struct arcsec_client *client;
	struct cli_parsed ps;
	struct cli_json j;
	char why[512], *pem = NULL;
	arcsec_status_t status;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1)
		goto out;
	subj.xs_cn = ps.ps_value[CSR_CN];
	subj.xs_o = ps.ps_value[CSR_O];
	subj.xs_ou = ps.ps_value[CSR_OU];
	subj.xs_c = ps.ps_value[CSR_C];
	subj.xs_serial = ps.ps_value[CSR_SERIAL];
	if ((rc = cli_client_auth(c, &client)) != -1)
		goto out;
	status = arcsec_devid_csr(client, &subj,
	    (const char *const *)ps.ps_multi[CSR_SAN],
	    ps.ps_multi_count[CSR_SAN], &pem, why, sizeof(why));
	if (status == ARCSEC_ERR_INVALID_ARGUMENT) {
		rc = cli_usage_fail(c, cmd, "%s", why);
		goto out;
	}
	if (status != ARCSEC_SUCCESS) {
		rc = cli_devid_fail(c, status, why);
		goto out;
	}
	if (ps.ps_value[CSR_OUT] != NULL) {
		if ((rc = cli_write_text_file(c, ps.ps_value[CSR_OUT], pem)) !=
		    -1)
			goto out;
	} else if (!c->is_json)
		fputs(pem, c->cli_out);
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_string(&j, "pem", pem);
		cli_json_finish(&j);
	}
	rc = CLI_EXIT_OK;
out:
	free(pem);
	cli_parsed_free(&ps);
	return rc;
}

int
cmd_devid_install(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_client *client;
	struct arcsec_devid_config cf;
	struct cli_parsed ps;
	char why[512], *cert = NULL, *chain = NULL;
	const char *path;
	arcsec_status_t status;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_identity_config(c, &cf)) != -1)
		goto out;
	path = ps.ps_value[INSTALL_CERT];
	if ((cert = cli_read_text_file(path)) == NULL ||
	    ((path = ps.ps_value[INSTALL_CHAIN]) != NULL &&
	    (chain = cli_read_text_file(path)) == NULL)) {
		rc = cli_usage_bad_value(c, cmd, path == ps.ps_value[
		    INSTALL_CERT] ? "--cert" : "--chain", path,
		    strerror(errno));
		goto out;
	}
	if ((rc = cli_client_auth(c, &client)) != -1)
		goto out;
	if ((status = arcsec_devid_install(client,
	    cli_state_dir(ps.ps_value[INSTALL_STATE_DIR], &cf), cert, chain, why,
	    sizeof(why))) != ARCSEC_SUCCESS) {
		rc = cli_devid_fail(c, status, why);
		goto out;
	}
	if (!c->is_json)
		cli_info(c, "Certificate installed for the DevID.");
	else
		fputs("{}\n", c->cli_out);
	rc = CLI_EXIT_OK;
out:
	free(cert);
	free(chain);
	cli_parsed_free(&ps);
	return rc;
}

/* The EK certificates of a TPM DevID's TPM, for show. */
struct cli_devid_ek {
	bool		 ek_is_tpm;
	uint32_t	 ek_indices[ARCSEC_TPM_EK_CERTS_MAX];
	size_t		 ek_count;
};

static void
cli_devid_show_ek_text(FILE *f, const struct cli_devid_ek *ek)
{
	fputs("EK certificate:   ", f);
	if (!ek->ek_is_tpm) {
		fputs("n/a (not a TPM DevID)\n", f);
		return;
	}
	if (ek->ek_count == 0) {
		fputs("no (this TPM holds none: a verifier cannot chain its "
		    "EK to a TPM maker)\n", f);
		return;
	}
	fputs("yes:", f);
	for (size_t i = 0; i < ek->ek_count; i++)
		fprintf(f, "%s %s at NV 0x%08X", i > 0 ? "," : "",
		    arcsec_tpm_ek_cert_index_name(ek->ek_indices[i]),
		    (unsigned)ek->ek_indices[i]);
	fputc('\n', f);
}

static void
cli_devid_show_text(struct cli *c, const struct arcsec_devid *d,
    const struct arcsec_devid_cert *dc, const struct cli_devid_ek *ek)
{
	FILE *f = c->cli_out;

	fprintf(f, "DevID:            %s\n", d->dv_key_name);
	fprintf(f, "provider:         %s (ID %u)\n",
	    arcsec_devid_provider_name(d->dv_provider_id), d->dv_provider_id);
	fprintf(f, "key type:         %s\n", cli_devid_key_text(&d->dv_attrs));
	fprintf(f, "hardware-backed:  %s\n", d->dv_hardware_backed ? "yes" :
	    "no (software provider: nothing proves where the key lives)");
	cli_devid_show_ek_text(f, ek);
	if (!dc->dc_present) {
		fprintf(f, "certificate:      none installed\n");
		return;
	}
	fputs("subject:          ", f);
	cli_put_text(f, dc->dc_subject);
	fputs("\nissuer:           ", f);
	cli_put_text(f, dc->dc_issuer);
	fputs("\nSANs:             ", f);
	cli_put_text(f, dc->dc_sans);
	fprintf(f, "\nnot after:        %s\n", dc->dc_not_after);
	fprintf(f, "SHA-256:          %s\n", dc->dc_sha256);
	fprintf(f, "chain:            %zu certificate(s)\n",
	    dc->dc_chain_count);
}

int
cmd_devid_show(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_devid_cert dc;
	struct arcsec_client *client;
	struct arcsec_devid d;
	struct arcsec_devid_config cf;
	struct cli_devid_ek ek = { 0 };
	struct cli_parsed ps;
	struct cli_json j;
	arcsec_status_t status;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_identity_config(c, &cf)) != -1 ||
	    (rc = cli_client_auth(c, &client)) != -1)
		goto out;
	if ((status = arcsec_devid_find(client, &d)) != ARCSEC_SUCCESS) {
		rc = status == ARCSEC_PSA_ERROR_DOES_NOT_EXIST ?
		    cli_fail_detail(c, status, "no DevID: `arcsec devid "
		    "create` makes one") : cli_fail(c, status);
		goto out;
	}
	ek.ek_is_tpm = d.dv_provider_id == ARCSEC_PROVIDER_TPM;
	if (ek.ek_is_tpm && (status = arcsec_devid_ek_certs(client, &d,
	    ek.ek_indices, ARCSEC_TPM_EK_CERTS_MAX, &ek.ek_count)) !=
	    ARCSEC_SUCCESS) {
		rc = cli_fail_detail(c, status, "cannot list the TPM's EK "
		    "certificates");
		goto out;
	}
	if ((status = arcsec_devid_cert_read(cli_state_dir(
	    ps.ps_value[SHOW_STATE_DIR], &cf), &d, &dc)) != ARCSEC_SUCCESS) {
		rc = cli_fail_detail(c, status, "cannot read the installed "
		    "certificate of %s", d.dv_key_name);
		goto out;
	}
	if (!c->is_json) {
		cli_devid_show_text(c, &d, &dc, &ek);
		rc = CLI_EXIT_OK;
		goto out;
	}
	cli_json_init(&j, c->cli_out);
	cli_json_object_begin(&j, NULL);
	cli_devid_json(&j, &d);
	cli_json_string(&j, "ek_cert_present", !ek.ek_is_tpm ? "n/a" :
	    ek.ek_count > 0 ? "yes" : "no");
	if (ek.ek_is_tpm) {
		cli_json_array_begin(&j, "ek_cert_nv_indices");
		for (size_t i = 0; i < ek.ek_count; i++)
			cli_json_uint(&j, NULL, ek.ek_indices[i]);
		cli_json_array_end(&j);
	}
	if (dc.dc_present) {
		cli_json_object_begin(&j, "certificate");
		cli_json_string(&j, "subject", dc.dc_subject);
		cli_json_string(&j, "issuer", dc.dc_issuer);
		cli_json_string(&j, "sans", dc.dc_sans);
		cli_json_string(&j, "not_after", dc.dc_not_after);
		cli_json_string(&j, "sha256", dc.dc_sha256);
		cli_json_uint(&j, "chain_count", dc.dc_chain_count);
		cli_json_object_end(&j);
	}
	cli_json_finish(&j);
	rc = CLI_EXIT_OK;
out:
	cli_parsed_free(&ps);
	return rc;
}

enum { SPIRE_DIR, SPIRE_WITH_SIZE_PREFIX, SPIRE_STATE_DIR };

int
cmd_devid_export_spire(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_client *client;
	struct arcsec_devid_config cf;
	struct cli_parsed ps;
	arcsec_status_t status;
	char why[512];
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_identity_config(c, &cf)) != -1 ||
	    (rc = cli_client_auth(c, &client)) != -1)
		goto out;
	status = arcsec_devid_export_spire(client, cli_state_dir(
	    ps.ps_value[SPIRE_STATE_DIR], &cf), ps.ps_value[SPIRE_DIR],
	    ps.ps_value[SPIRE_WITH_SIZE_PREFIX] != NULL, why, sizeof(why));
	if (status != ARCSEC_SUCCESS) {
		rc = cli_devid_fail(c, status, why);
		goto out;
	}
	fprintf(c->cli_out, "wrote devid.crt.pem, devid.priv.blob, "
	    "devid.pub.blob in %s (%s size prefix)\n", ps.ps_value[SPIRE_DIR],
	    ps.ps_value[SPIRE_WITH_SIZE_PREFIX] != NULL ? "with" : "without");
	rc = CLI_EXIT_OK;
out:
	cli_parsed_free(&ps);
	return rc;
}
