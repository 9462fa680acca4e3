/* cli/cmd_crypt.c: `arcsec encrypt` and `decrypt`: asymmetric encryption
 * with the key's algorithm, ciphertext in base64. */
#include <openssl/crypto.h>

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/b64.h"
#include "psa/names.h"
#include "psa/types.h"

enum { OPT_KEY_NAME = 0 };

/* The key's algorithm if it encrypts; parsec-tool takes it from the
 * policy too (encrypt.rs, decrypt.rs), without a salt. */
static int
cli_crypt_alg(struct cli *c, const char *key_name,
    const struct arcsec_key_attrs *attrs, const char *verb)
{
	char name[PSA_NAME_SIZE];

	if (psa_alg_is_asymmetric_encryption(attrs->key_alg))
		return -1;
	if (psa_alg_is_cipher(attrs->key_alg) ||
	    psa_alg_is_aead(attrs->key_alg))
		return cli_fail_detail(c, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "key \"%s\"'s algorithm %s is not supported for %s",
		    key_name, psa_alg_name(attrs->key_alg, name, sizeof(name)),
		    verb);
	return cli_fail_detail(c, ARCSEC_PSA_ERROR_INVALID_ARGUMENT,
	    "key \"%s\"'s algorithm is %s, which cannot be used for %s",
	    key_name, psa_alg_name(attrs->key_alg, name, sizeof(name)), verb);
}

/* Bytes as text the way Rust's String::from_utf8_lossy() makes them:
 * each invalid sequence becomes U+FFFD, everything else is written as
 * is (the plaintext is the caller's own data). */
static void
cli_put_lossy(FILE *f, const uint8_t *p, size_t len)
{
	static const char replacement[] = "\xef\xbf\xbd";
	size_t i = 0, n, k;
	uint32_t cp, min;

	while (i < len) {
		if (p[i] < 0x80) {
			fputc(p[i++], f);
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0) {
			n = 2; cp = p[i] & 0x1f; min = 0x80;
		} else if ((p[i] & 0xf0) == 0xe0) {
			n = 3; cp = p[i] & 0x0f; min = 0x800;
		} else if ((p[i] & 0xf8) == 0xf0) {
			n = 4; cp = p[i] & 0x07; min = 0x10000;
		} else
			n = 0, cp = 0, min = 1;
		for (k = 1; n > 0 && k < n; k++) {
			if (i + k >= len || (p[i + k] & 0xc0) != 0x80)
				break;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (n == 0 || k < n || cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff)) {
			fputs(replacement, f);
			i += k > 1 ? k : 1;
			continue;
		}
		fwrite(p + i, 1, n, f);
		i += n;
	}
}

int
cmd_encrypt(struct cli *c, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct arcsec_key_attrs attrs;
	struct arcsec_client *client;
	arcsec_status_t status;
	struct cli_parsed ps;
	struct cli_json j;
	const char *key_name, *input;
	uint8_t *out = NULL;
	size_t out_size, out_len;
	char name[PSA_NAME_SIZE], *b64 = NULL;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_client_auth(c, &client)) != -1)
		goto out;
	key_name = ps.ps_value[OPT_KEY_NAME];
	input = ps.ps_args[0];
	if ((rc = cli_key_attrs(c, client, key_name, &attrs)) != -1 ||
	    (rc = cli_crypt_alg(c, key_name, &attrs, "encryption")) != -1)
		goto out;
	if ((out_size = arcsec_asymmetric_encrypt_output_size(attrs.key_type,
	    attrs.key_bits, attrs.key_alg)) == 0)
		out_size = ARCSEC_SIGNATURE_MAX_SIZE;	/* RSA's largest */
	if ((out = malloc(out_size)) == NULL) {
		rc = cli_fail(c, ARCSEC_ERR_NO_MEMORY);
		goto out;
	}
	if (!c->is_json)
		cli_info(c, "Encrypting data with %s...",
		    psa_alg_name(attrs.key_alg, name, sizeof(name)));
	if ((status = arcsec_asymmetric_encrypt(client, key_name,
	    attrs.key_alg, (const uint8_t *)input, strlen(input), NULL, 0, out,
	    out_size, &out_len)) != ARCSEC_SUCCESS) {
		rc = cli_fail(c, status);
		goto out;
	}
	if (!b64_encode(out, out_len, &b64)) {
		rc = cli_fail(c, ARCSEC_ERR_NO_MEMORY);
		goto out;
	}
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_string(&j, "ciphertext", b64);
		cli_json_finish(&j);
	} else
		fprintf(c->cli_out, "%s\n", b64);
	rc = CLI_EXIT_OK;
out:
	free(b64);
	free(out);
	cli_parsed_free(&ps);
	return rc;
}

int
cmd_decrypt(struct cli *c, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct arcsec_key_attrs attrs;
	struct arcsec_client *client;
	arcsec_status_t status;
	struct cli_parsed ps;
	struct cli_json j;
	const char *key_name;
	uint8_t *in = NULL, *out = NULL;
	size_t in_len = 0, out_size = 0, out_len = 0;
	char name[PSA_NAME_SIZE];
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1)
		goto out;
	key_name = ps.ps_value[OPT_KEY_NAME];
	if (!cli_b64_decode(ps.ps_args[0], &in, &in_len) || in_len == 0) {
		rc = cli_usage_bad_value(c, cmd, "<INPUT_DATA>", ps.ps_args[0],
		    "expected base64 ciphertext");
		goto out;
	}
	if ((rc = cli_client_auth(c, &client)) != -1 ||
	    (rc = cli_key_attrs(c, client, key_name, &attrs)) != -1 ||
	    (rc = cli_crypt_alg(c, key_name, &attrs, "decryption")) != -1)
		goto out;
	if ((out_size = arcsec_asymmetric_decrypt_output_size(attrs.key_type,
	    attrs.key_bits, attrs.key_alg)) == 0)
		out_size = ARCSEC_SIGNATURE_MAX_SIZE;
	if ((out = malloc(out_size)) == NULL) {
		rc = cli_fail(c, ARCSEC_ERR_NO_MEMORY);
		goto out;
	}
	if (!c->is_json)
		cli_info(c, "Decrypting data with %s...",
		    psa_alg_name(attrs.key_alg, name, sizeof(name)));
	if ((status = arcsec_asymmetric_decrypt(client, key_name,
	    attrs.key_alg, in, in_len, NULL, 0, out, out_size, &out_len)) !=
	    ARCSEC_SUCCESS) {
		rc = cli_fail(c, status);
		goto out;
	}
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_bytes(&j, "plaintext", out, out_len);
		cli_json_finish(&j);
	} else {
		cli_put_lossy(c->cli_out, out, out_len);
		fputc('\n', c->cli_out);
	}
	rc = CLI_EXIT_OK;
out:
	if (out != NULL)
		OPENSSL_cleanse(out, out_size);	/* the plaintext */
	free(out);
	free(in);
	cli_parsed_free(&ps);
	return rc;
}
