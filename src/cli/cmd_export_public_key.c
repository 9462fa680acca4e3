/* cli/cmd_export_public_key.c: `arcsec export-public-key`: the public part
 * of a key as PEM, SubjectPublicKeyInfo built by OpenSSL from the PSA
 * encoding. */
#include <openssl/bio.h>
#include <openssl/pem.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "identity/x509.h"
#include "psa/types.h"

enum { OPT_KEY_NAME = 0, OPT_PKCS1 };

/* PEM of what the BIO holds, as a NUL-terminated string in *pem. */
static bool
cli_bio_string(BIO *bio, char **pem)
{
	char *data;
	long n;

	*pem = NULL;
	if ((n = BIO_get_mem_data(bio, &data)) <= 0 ||
	    (*pem = malloc((size_t)n + 1)) == NULL)
		return false;
	memcpy(*pem, data, (size_t)n);
	(*pem)[n] = '\0';
	return true;
}

/* "PUBLIC KEY": SubjectPublicKeyInfo (RFC 5280 §4.1.2.7); with --pkcs1
 * an RSA key's RSAPublicKey as is, "RSA PUBLIC KEY" (RFC 8017 A.1.1). */
static bool
cli_public_pem(const struct arcsec_key_attrs *attrs, bool is_pkcs1,
    const uint8_t *data, size_t data_len, char **pem, const char **why)
{
	EVP_PKEY *pkey = NULL;
	BIO *bio = NULL;
	bool is_ok = false;

	*pem = NULL;
	if (!x509_pkey_from_psa(attrs->key_type, attrs->key_bits, data,
	    data_len, &pkey, why))
		goto out;
	*why = "OpenSSL could not write the PEM";
	if ((bio = BIO_new(BIO_s_mem())) == NULL)
		goto out;
	if (is_pkcs1) {
		/* PSA's RSA public key format is this structure already. */
		if (data_len > LONG_MAX || PEM_write_bio(bio,
		    "RSA PUBLIC KEY", "", data, (long)data_len) <= 0)
			goto out;
	} else if (PEM_write_bio_PUBKEY(bio, pkey) != 1)
		goto out;
	is_ok = cli_bio_string(bio, pem);
out:
	BIO_free(bio);
	EVP_PKEY_free(pkey);
	return is_ok;
}

int
cmd_export_public_key(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_key_attrs attrs;
	struct arcsec_client *client;
	arcsec_status_t status;
	struct cli_parsed ps;
	struct cli_json j;
	const char *key_name, *why;
	uint8_t *data = NULL;
	size_t data_size, data_len;
	char *pem = NULL;
	bool is_pkcs1;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_client_auth(c, &client)) != -1)
		goto out;
	key_name = ps.ps_value[OPT_KEY_NAME];
	is_pkcs1 = ps.ps_value[OPT_PKCS1] != NULL;
	if ((rc = cli_key_attrs(c, client, key_name, &attrs)) != -1)
		goto out;
	if (is_pkcs1 && !psa_key_type_is_rsa(attrs.key_type)) {
		rc = cli_fail_detail(c, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "--pkcs1: PKCS#1 format is for RSA keys only");
		goto out;
	}
	if ((data_size = arcsec_export_public_key_output_size(attrs.key_type,
	    attrs.key_bits)) == 0 || (data = malloc(data_size)) == NULL) {
		rc = cli_fail_detail(c, data_size == 0 ?
		    ARCSEC_PSA_ERROR_NOT_SUPPORTED : ARCSEC_ERR_NO_MEMORY,
		    "key \"%s\" has no public part to export", key_name);
		goto out;
	}
	if ((status = arcsec_export_public_key(client, key_name, data,
	    data_size, &data_len)) != ARCSEC_SUCCESS) {
		rc = cli_fail(c, status);
		goto out;
	}
	if (!cli_public_pem(&attrs, is_pkcs1, data, data_len, &pem, &why)) {
		rc = cli_fail_detail(c, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "key \"%s\": %s", key_name, why);
		goto out;
	}
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_bytes(&j, "data", data, data_len);
		cli_json_string(&j, "pem", pem);	/* arcsec's addition */
		cli_json_finish(&j);
	} else
		fputs(pem, c->cli_out);
	rc = CLI_EXIT_OK;
out:
	free(pem);
	free(data);
	cli_parsed_free(&ps);
	return rc;
}
