/* cli/cmd_sign.c: `arcsec sign`: hash the input here, as parsec-tool does,
 * have the service sign the digest with the key's algorithm, print the
 * signature in base64 (ECDSA as DER). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/b64.h"
#include "identity/x509.h"
#include "psa/names.h"
#include "psa/types.h"

enum { OPT_KEY_NAME = 0 };

/* The algorithm to sign with and the hash to apply first, from the key's
 * policy (parsec-tool's util.rs sign_message_with_policy). A policy for
 * any hash is used with SHA-256, the tool's default hash. */
static int
cli_sign_scheme(struct cli *c, const char *key_name,
    const struct arcsec_key_attrs *attrs, arcsec_alg_t *sign_alg,
    arcsec_alg_t *hash)
{
	char name[PSA_NAME_SIZE];

	*sign_alg = *hash = ARCSEC_ALG_NONE;
	if (!psa_alg_is_sign(attrs->key_alg))
		return cli_fail_detail(c, ARCSEC_PSA_ERROR_INVALID_ARGUMENT,
		    "key \"%s\"'s algorithm is %s, which cannot be used for "
		    "signing", key_name, psa_alg_name(attrs->key_alg, name,
		    sizeof(name)));
	*hash = psa_alg_sign_get_hash(attrs->key_alg);
	if (*hash == ARCSEC_ALG_ANY_HASH)
		*hash = ARCSEC_ALG_SHA_256;
	if (*hash == 0 || !psa_alg_is_sign_hash(attrs->key_alg))
		return cli_fail_detail(c, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "key \"%s\"'s algorithm %s names no hash to sign with",
		    key_name, psa_alg_name(attrs->key_alg, name,
		    sizeof(name)));
	*sign_alg = (attrs->key_alg & ~ARCSEC_ALG_HASH_MASK) |
	    (*hash & ARCSEC_ALG_HASH_MASK);
	return -1;
}

/* The signature as printed: PSA's r||s made DER for ECDSA (parsec-tool
 * does the same with picky_asn1), other schemes as they are. *out is
 * malloc'd. */
static bool
cli_sign_encode(arcsec_alg_t sign_alg, const uint8_t *sig, size_t sig_len,
    uint8_t **out, size_t *out_len)
{
	if (psa_alg_is_ecdsa(sign_alg))
		return x509_ecdsa_raw_to_der(sig, sig_len, out, out_len);
	*out_len = 0;
	if ((*out = malloc(sig_len > 0 ? sig_len : 1)) == NULL)
		return false;
	memcpy(*out, sig, sig_len);
	*out_len = sig_len;
	return true;
}

int
cmd_sign(struct cli *c, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct arcsec_key_attrs attrs;
	struct arcsec_client *client;
	arcsec_status_t status;
	struct cli_parsed ps;
	struct cli_json j;
	const char *key_name, *input;
	arcsec_alg_t sign_alg, hash;
	uint8_t digest[ARCSEC_HASH_MAX_SIZE], *sig = NULL, *out = NULL;
	size_t digest_len, sig_size, sig_len, out_len;
	char name[PSA_NAME_SIZE], *b64 = NULL;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_client_auth(c, &client)) != -1)
		goto out;
	key_name = ps.ps_value[OPT_KEY_NAME];
	input = ps.ps_args[0];
	if ((rc = cli_key_attrs(c, client, key_name, &attrs)) != -1 ||
	    (rc = cli_sign_scheme(c, key_name, &attrs, &sign_alg, &hash)) !=
	    -1)
		goto out;
	if (!c->is_json)
		cli_info(c, "Hashing data with %s...", psa_hash_name(hash) ?
		    psa_hash_name(hash) : "?");
	if (!x509_digest(hash, (const uint8_t *)input, strlen(input), digest,
	    &digest_len)) {
		rc = cli_fail_detail(c, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "cannot hash with %s here", psa_alg_name(hash, name,
		    sizeof(name)));
		goto out;
	}
	if ((sig_size = arcsec_sign_output_size(attrs.key_type, attrs.key_bits,
	    sign_alg)) == 0)
		sig_size = ARCSEC_SIGNATURE_MAX_SIZE;
	if ((sig = malloc(sig_size)) == NULL) {
		rc = cli_fail(c, ARCSEC_ERR_NO_MEMORY);
		goto out;
	}
	if (!c->is_json)
		cli_info(c, "Signing data with %s...", psa_alg_name(sign_alg,
		    name, sizeof(name)));
	if ((status = arcsec_sign_hash(client, key_name, sign_alg, digest,
	    digest_len, sig, sig_size, &sig_len)) != ARCSEC_SUCCESS) {
		rc = cli_fail(c, status);
		goto out;
	}
	if (!cli_sign_encode(sign_alg, sig, sig_len, &out, &out_len) ||
	    !b64_encode(out, out_len, &b64)) {
		rc = cli_fail_detail(c, ARCSEC_ERR_PROTOCOL, "the service's "
		    "signature (%zu bytes) cannot be encoded", sig_len);
		goto out;
	}
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_string(&j, "signature", b64);
		cli_json_finish(&j);
	} else
		fprintf(c->cli_out, "%s\n", b64);
	rc = CLI_EXIT_OK;
out:
	free(b64);
	free(out);
	free(sig);
	cli_parsed_free(&ps);
	return rc;
}
