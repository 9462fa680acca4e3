/* identity/csr.c: a PKCS#10 request for a key the service holds: its
 * public part from the service, the request built here, the signature
 * over it made by the service. create-csr and the DevID both use it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "identity/identity_int.h"
#include "identity/x509.h"

struct csr_run {
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
};

arcsec_status_t
x509_key_pkey(struct arcsec_client *client, const char *key_name,
    const struct arcsec_key_attrs *attrs, EVP_PKEY **out, const char **what)
{
	arcsec_status_t status;
	uint8_t *pub = NULL;
	size_t pub_size, pub_len = 0;

	*out = NULL;
	*what = NULL;
	if ((pub_size = arcsec_export_public_key_output_size(attrs->key_type,
	    attrs->key_bits)) == 0 || (pub = malloc(pub_size)) == NULL)
		return ARCSEC_ERR_NO_MEMORY;
	status = arcsec_export_public_key(client, key_name, pub, pub_size,
	    &pub_len);
	if (status == ARCSEC_SUCCESS && !x509_pkey_from_psa(attrs->key_type,
	    attrs->key_bits, pub, pub_len, out, what))
		status = ARCSEC_ERR_PROTOCOL;
	free(pub);
	return status;
}

/* The key's scheme and public part, an unsigned request around them, and
 * the bytes the signature must cover. */
static arcsec_status_t
csr_prepare(struct arcsec_client *client, const char *key_name,
    const struct arcsec_key_attrs *attrs, const X509_NAME *name,
    const GENERAL_NAMES *sans, struct csr_run *r, char *why, size_t why_size)
{
	arcsec_status_t status;
	const char *what;

	if (attrs != NULL)
		r->cr_attrs = *attrs;
	else if ((status = arcsec_key_attributes(client, key_name,
	    &r->cr_attrs)) != ARCSEC_SUCCESS)
		return status;
	if (!x509_csr_scheme(&r->cr_attrs, &r->cr_scheme, &what))
		return idn_fail(why, why_size, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "key \"%s\": %s", key_name, what);
	status = x509_key_pkey(client, key_name, &r->cr_attrs, &r->cr_pub,
	    &what);
	if (status == ARCSEC_ERR_PROTOCOL && what != NULL)
		return idn_fail(why, why_size, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "key \"%s\": %s", key_name, what);
	if (status != ARCSEC_SUCCESS)
		return status;
	if (!x509_csr_build(name, r->cr_pub, sans, &r->cr_req, &what))
		return idn_fail(why, why_size, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "key \"%s\": %s", key_name, what);
	if (!x509_csr_tbs(r->cr_req, &r->cr_tbs, &r->cr_tbs_len))
		return idn_fail(why, why_size, ARCSEC_ERR_NO_MEMORY,
		    "cannot encode the request");
	return ARCSEC_SUCCESS;
}

/* Hash the request info, have the service sign the digest, and put the
 * signature into the request. */
static arcsec_status_t
csr_sign(struct arcsec_client *client, const char *key_name,
    struct csr_run *r, char *why, size_t why_size)
{
	uint8_t digest[ARCSEC_HASH_MAX_SIZE];
	const uint8_t *sig;
	size_t digest_len, sig_size, sig_len;
	arcsec_status_t status;
	const char *what;

	if (!x509_digest(r->cr_scheme.sc_hash, r->cr_tbs, r->cr_tbs_len,
	    digest, &digest_len))
		return idn_fail(why, why_size, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "cannot hash the request");
	if ((sig_size = arcsec_sign_output_size(r->cr_attrs.key_type,
	    r->cr_attrs.key_bits, r->cr_scheme.sc_sign_alg)) == 0)
		sig_size = ARCSEC_SIGNATURE_MAX_SIZE;
	if ((r->cr_sig = malloc(sig_size)) == NULL)
		return ARCSEC_ERR_NO_MEMORY;
	if ((status = arcsec_sign_hash(client, key_name,
	    r->cr_scheme.sc_sign_alg, digest, digest_len, r->cr_sig, sig_size,
	    &r->cr_sig_len)) != ARCSEC_SUCCESS)
		return status;
	sig = r->cr_sig;
	sig_len = r->cr_sig_len;
	if (r->cr_scheme.is_ecdsa) {
		if (!x509_ecdsa_raw_to_der(r->cr_sig, r->cr_sig_len,
		    &r->cr_der, &r->cr_der_len))
			return idn_fail(why, why_size, ARCSEC_ERR_PROTOCOL,
			    "the service's ECDSA signature (%zu bytes) is not "
			    "r||s", r->cr_sig_len);
		sig = r->cr_der;
		sig_len = r->cr_der_len;
	}
	if (!x509_csr_sign_finish(r->cr_req, r->cr_pub, &r->cr_scheme, sig,
	    sig_len, &what))
		return idn_fail(why, why_size, ARCSEC_ERR_PROTOCOL, "%s", what);
	return ARCSEC_SUCCESS;
}

arcsec_status_t
x509_csr_for_key(struct arcsec_client *client, const char *key_name,
    const struct arcsec_key_attrs *attrs, const X509_NAME *name,
    const GENERAL_NAMES *sans, X509_REQ **out, char *why, size_t why_size)
{
	struct csr_run r;
	arcsec_status_t status;

	*out = NULL;
	if (why_size > 0)
		why[0] = '\0';
	memset(&r, 0, sizeof(r));
	if ((status = csr_prepare(client, key_name, attrs, name, sans, &r,
	    why, why_size)) != ARCSEC_SUCCESS ||
	    (status = csr_sign(client, key_name, &r, why, why_size)) !=
	    ARCSEC_SUCCESS)
		goto out;
	*out = r.cr_req;	/* ownership moves to the caller */
	r.cr_req = NULL;
out:
	free(r.cr_der);
	free(r.cr_sig);
	OPENSSL_free(r.cr_tbs);
	X509_REQ_free(r.cr_req);
	EVP_PKEY_free(r.cr_pub);
	return status;
}

arcsec_status_t
x509_req_to_pem(X509_REQ *req, char **pem)
{
	BIO *bio;
	char *data;
	long n;
	arcsec_status_t status = ARCSEC_ERR_NO_MEMORY;

	*pem = NULL;
	if ((bio = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_X509_REQ(bio, req) != 1 ||
	    (n = BIO_get_mem_data(bio, &data)) <= 0 ||
	    (*pem = malloc((size_t)n + 1)) == NULL)
		goto out;
	memcpy(*pem, data, (size_t)n);
	(*pem)[n] = '\0';
	status = ARCSEC_SUCCESS;
out:
	BIO_free(bio);
	return status;
}
