/* cli/cmd_create_csr.c: `arcsec create-csr`: a PKCS#10 request for a key
 * the service holds, signed by the service. */
#include <openssl/bio.h>
#include <openssl/pem.h>

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "identity/x509.h"

/* Indexes into cli_opts_create_csr of cli/commands.c. */
enum { CSR_KEY_NAME, CSR_CN, CSR_L, CSR_O, CSR_OU, CSR_ST, CSR_C,
    CSR_SERIAL, CSR_SAN };

struct cli_csr_run {
	const char		*cr_key_name;
	X509_NAME		*cr_name;
	GENERAL_NAMES		*cr_sans;
	struct arcsec_key_attrs	 cr_attrs;
	struct x509_csr_scheme	 cr_scheme;
	EVP_PKEY		*cr_pub;
	X509_REQ		*cr_req;
	uint8_t			*cr_tbs;	/* OPENSSL_free */
	size_t			 cr_tbs_len;
	uint8_t			*cr_sig;
	size_t			 cr_sig_len;
	uint8_t			*cr_der;	/* ECDSA signature as DER */
	size_t			 cr_der_len;
	char			*cr_pem;
};

/* Everything the command line decides, before the service is asked, so a
 * bad subject or SAN is a usage error (exit 2). */
static int
cli_csr_args(struct cli *c, const struct cli_cmd *cmd,
    const struct cli_parsed *ps, struct cli_csr_run *r)
{
	struct x509_subject subj = {
		.cs_cn = ps->ps_value[CSR_CN], .cs_l = ps->ps_value[CSR_L],
		.cs_o = ps->ps_value[CSR_O], .cs_ou = ps->ps_value[CSR_OU],
		.cs_st = ps->ps_value[CSR_ST], .cs_c = ps->ps_value[CSR_C],
		.cs_serial = ps->ps_value[CSR_SERIAL],
	};
	GENERAL_NAME *gn;
	const char *why;

	r->cr_key_name = ps->ps_value[CSR_KEY_NAME];
	if (!x509_csr_name(&subj, &r->cr_name, &why))
		return cli_usage_fail(c, cmd, "%s", why);
	if ((r->cr_sans = sk_GENERAL_NAME_new_null()) == NULL)
		return cli_fail(c, ARCSEC_ERR_NO_MEMORY);
	for (size_t i = 0; i < ps->ps_multi_count[CSR_SAN]; i++) {
		const char *spec = ps->ps_multi[CSR_SAN][i];

		if (!x509_csr_san(spec, &gn, &why))
			return cli_usage_bad_value(c, cmd, "--san", spec, why);
		if (sk_GENERAL_NAME_push(r->cr_sans, gn) <= 0) {
			GENERAL_NAME_free(gn);
			return cli_fail(c, ARCSEC_ERR_NO_MEMORY);
		}
	}
	return -1;
}

/* The key's scheme and public part, an unsigned request around them, and
 * the bytes the signature must cover. */
static int
cli_csr_prepare(struct cli *c, struct arcsec_client *client,
    struct cli_csr_run *r)
{
	arcsec_status_t status;
	uint8_t *pub = NULL;
	size_t pub_size, pub_len;
	const char *why;
	int rc;

	if ((rc = cli_key_attrs(c, client, r->cr_key_name, &r->cr_attrs)) !=
	    -1)
		return rc;
	if (!x509_csr_scheme(&r->cr_attrs, &r->cr_scheme, &why))
		return cli_fail_detail(c, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "key \"%s\": %s", r->cr_key_name, why);
	if ((pub_size = arcsec_export_public_key_output_size(
	    r->cr_attrs.key_type, r->cr_attrs.key_bits)) == 0 ||
	    (pub = malloc(pub_size)) == NULL)
		return cli_fail(c, ARCSEC_ERR_NO_MEMORY);
	status = arcsec_export_public_key(client, r->cr_key_name, pub,
	    pub_size, &pub_len);
	if (status != ARCSEC_SUCCESS)
		rc = cli_fail(c, status);
	else if (!x509_pkey_from_psa(r->cr_attrs.key_type, r->cr_attrs.key_bits,
	    pub, pub_len, &r->cr_pub, &why) ||
	    !x509_csr_build(r->cr_name, r->cr_pub, r->cr_sans, &r->cr_req,
	    &why))
		rc = cli_fail_detail(c, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "key \"%s\": %s", r->cr_key_name, why);
	else if (!x509_csr_tbs(r->cr_req, &r->cr_tbs, &r->cr_tbs_len))
		rc = cli_fail_detail(c, ARCSEC_ERR_NO_MEMORY, "cannot encode "
		    "the request");
	free(pub);
	return rc;
}

/* Hash the request info, have the service sign the digest, and put the
 * signature into the request. */
static int
cli_csr_sign(struct cli *c, struct arcsec_client *client,
    struct cli_csr_run *r)
{
	uint8_t digest[ARCSEC_HASH_MAX_SIZE];
	const uint8_t *sig;
	size_t digest_len, sig_size, sig_len;
	arcsec_status_t status;
	const char *why;

	if (!x509_digest(r->cr_scheme.sc_hash, r->cr_tbs, r->cr_tbs_len, digest,
	    &digest_len))
		return cli_fail_detail(c, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "cannot hash the request");
	if ((sig_size = arcsec_sign_output_size(r->cr_attrs.key_type,
	    r->cr_attrs.key_bits, r->cr_scheme.sc_sign_alg)) == 0)
		sig_size = ARCSEC_SIGNATURE_MAX_SIZE;
	if ((r->cr_sig = malloc(sig_size)) == NULL)
		return cli_fail(c, ARCSEC_ERR_NO_MEMORY);
	if ((status = arcsec_sign_hash(client, r->cr_key_name,
	    r->cr_scheme.sc_sign_alg, digest, digest_len, r->cr_sig, sig_size,
	    &r->cr_sig_len)) != ARCSEC_SUCCESS)
		return cli_fail(c, status);
	sig = r->cr_sig;
	sig_len = r->cr_sig_len;
	if (r->cr_scheme.is_ecdsa) {
		if (!x509_ecdsa_raw_to_der(r->cr_sig, r->cr_sig_len, &r->cr_der,
		    &r->cr_der_len))
			return cli_fail_detail(c, ARCSEC_ERR_PROTOCOL, "the "
			    "service's ECDSA signature (%zu bytes) is not "
			    "r||s", r->cr_sig_len);
		sig = r->cr_der;
		sig_len = r->cr_der_len;
	}
	if (!x509_csr_sign_finish(r->cr_req, r->cr_pub, &r->cr_scheme, sig,
	    sig_len, &why))
		return cli_fail_detail(c, ARCSEC_ERR_PROTOCOL, "%s", why);
	return -1;
}

static int
cli_csr_output(struct cli *c, struct cli_csr_run *r)
{
	struct cli_json j;
	BIO *bio;
	char *data;
	long n;
	int rc = CLI_EXIT_OK;

	if ((bio = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_X509_REQ(bio, r->cr_req) != 1 ||
	    (n = BIO_get_mem_data(bio, &data)) <= 0 ||
	    (r->cr_pem = malloc((size_t)n + 1)) == NULL) {
		rc = cli_fail(c, ARCSEC_ERR_NO_MEMORY);
		goto out;
	}
	memcpy(r->cr_pem, data, (size_t)n);
	r->cr_pem[n] = '\0';
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_string(&j, "pem", r->cr_pem);
		cli_json_finish(&j);
	} else
		fputs(r->cr_pem, c->cli_out);
out:
	BIO_free(bio);
	return rc;
}

int
cmd_create_csr(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_client *client;
	struct cli_csr_run r;
	struct cli_parsed ps;
	int rc;

	memset(&r, 0, sizeof(r));
	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_csr_args(c, cmd, &ps, &r)) != -1 ||
	    (rc = cli_client_auth(c, &client)) != -1 ||
	    (rc = cli_csr_prepare(c, client, &r)) != -1 ||
	    (rc = cli_csr_sign(c, client, &r)) != -1)
		goto out;
	rc = cli_csr_output(c, &r);
out:
	free(r.cr_pem);
	free(r.cr_der);
	free(r.cr_sig);
	OPENSSL_free(r.cr_tbs);
	X509_REQ_free(r.cr_req);
	EVP_PKEY_free(r.cr_pub);
	sk_GENERAL_NAME_pop_free(r.cr_sans, GENERAL_NAME_free);
	X509_NAME_free(r.cr_name);
	cli_parsed_free(&ps);
	return rc;
}
