/* cli/cmd_create_key.c: `arcsec create-ecc-key` and `create-rsa-key`, with
 * parsec-tool's fixed key policies. */
#include "cli/cli.h"

/* Indexes into the option tables of cli/commands.c. */
enum { OPT_KEY_NAME = 0 };
enum { RSA_KEY_NAME, RSA_FOR_SIGNING, RSA_BITS, RSA_OAEP, RSA_FOR_ENCRYPTION };

/* parsec-tool's default RSA size (create_rsa_key.rs). */
#define CLI_RSA_DEFAULT_BITS	2048u

static void
cli_empty_json(struct cli *c)
{
	struct cli_json j;

	/* PsaGenerateKey's result has no fields. */
	cli_json_init(&j, c->cli_out);
	cli_json_object_begin(&j, NULL);
	cli_json_finish(&j);
}

static int
cli_generate(struct cli *c, const char *key_name,
    const struct arcsec_key_attrs *attrs, const char *what)
{
	struct arcsec_client *client;
	arcsec_status_t status;
	int rc;

	if ((rc = cli_client_auth(c, &client)) != -1)
		return rc;
	if (!c->is_json)
		cli_info(c, "Creating %s...", what);
	if ((status = arcsec_generate_key(client, key_name, attrs)) !=
	    ARCSEC_SUCCESS)
		return cli_fail(c, status);
	if (c->is_json)
		cli_empty_json(c);
	else
		cli_info(c, "Key \"%s\" created.", key_name);
	return CLI_EXIT_OK;
}

int
cmd_create_ecc_key(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_key_attrs attrs;
	struct cli_parsed ps;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) == -1) {
		/* parsec-tool: P-256, ECDSA(SHA-256), sign and verify both
		 * hashes and messages (create_ecc_key.rs). */
		arcsec_key_attrs_ecdsa_p256(&attrs);
		rc = cli_generate(c, ps.ps_value[OPT_KEY_NAME], &attrs,
		    "ECC signing key");
	}
	cli_parsed_free(&ps);
	return rc;
}

int
cmd_create_rsa_key(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_key_attrs attrs = { 0 };
	struct cli_parsed ps;
	unsigned long bits = CLI_RSA_DEFAULT_BITS;
	bool is_signing;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1)
		goto out;
	is_signing = ps.ps_value[RSA_FOR_SIGNING] != NULL;
	/* parsec-tool ignores --oaep on a signing key; a script asking for
	 * both wants something that cannot be, so say so. */
	if (is_signing && (ps.ps_value[RSA_FOR_ENCRYPTION] != NULL ||
	    ps.ps_value[RSA_OAEP] != NULL)) {
		rc = cli_usage_fail(c, cmd, "--for-signing cannot be combined "
		    "with --for-encryption or --oaep");
		goto out;
	}
	/* No range of our own: the service (and the hardware behind it)
	 * decides which sizes it makes, as parsec-tool leaves it. */
	if (ps.ps_value[RSA_BITS] != NULL &&
	    !cli_parse_ulong(ps.ps_value[RSA_BITS], UINT32_MAX, &bits)) {
		rc = cli_usage_bad_value(c, cmd, "--bits",
		    ps.ps_value[RSA_BITS], "expected a number of bits");
		goto out;
	}
	attrs.key_type = ARCSEC_KEY_TYPE_RSA_KEY_PAIR;
	attrs.key_bits = (uint32_t)bits;
	if (is_signing) {
		attrs.key_usage = ARCSEC_KEY_USAGE_SIGN_HASH |
		    ARCSEC_KEY_USAGE_VERIFY_HASH |
		    ARCSEC_KEY_USAGE_SIGN_MESSAGE |
		    ARCSEC_KEY_USAGE_VERIFY_MESSAGE;
		attrs.key_alg = ARCSEC_ALG_RSA_PKCS1V15_SIGN(
		    ARCSEC_ALG_SHA_256);
	} else {
		attrs.key_usage = ARCSEC_KEY_USAGE_ENCRYPT |
		    ARCSEC_KEY_USAGE_DECRYPT;
		attrs.key_alg = ps.ps_value[RSA_OAEP] != NULL ?
		    ARCSEC_ALG_RSA_OAEP(ARCSEC_ALG_SHA_256) :
		    ARCSEC_ALG_RSA_PKCS1V15_CRYPT;
	}
	rc = cli_generate(c, ps.ps_value[RSA_KEY_NAME], &attrs, is_signing ?
	    "RSA signing key" : "RSA encryption key");
out:
	cli_parsed_free(&ps);
	return rc;
}
