/* providers/tpm/sign.c: signatures: ECDSA, RSA PKCS#1 v1.5 (RSASSA) and
 * RSA PSS signed by the TPM (TPM2_Sign) over a hash or a message hashed in
 * software; verification in software (OpenSSL) from the public area.
 *
 * PSA signatures are raw: ECDSA r || s, each left-padded to the curve's
 * byte length; RSA the k-byte octet string. */
#include "providers/tpm/tpm_int.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>

#include "psa/policy.h"
#include "psa/sizes.h"

/* DER ECDSA-Sig-Value for two 48-byte integers, with headers. */
#define TPM_ECDSA_DER_MAX	(3u + 2u * (3u + 49u))

static psa_status_t
tpm_sign_check(const struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, bool is_message)
{
	const struct psa_key_attrs *a;
	psa_status_t status;

	if (k == NULL || (a = k->pk_attrs) == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = tpm_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!(is_message ? psa_alg_is_sign_message(alg) :
	    psa_alg_is_sign_hash(alg)) ||
	    !psa_key_type_alg_compatible(a->type, a->bits, alg))
		return PSA_ERROR_INVALID_ARGUMENT;
	if (tpm_md_name(psa_alg_sign_get_hash(alg)) == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	return PSA_SUCCESS;
}

static psa_status_t
tpm_sig_to_psa(const TPMT_SIGNATURE *sig, size_t bits, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	size_t n = (bits + 7) / 8;

	switch (sig->sigAlg) {
	case TPM2_ALG_ECDSA: {
		const TPM2B_ECC_PARAMETER *r = &sig->signature.ecdsa.signatureR;
		const TPM2B_ECC_PARAMETER *s = &sig->signature.ecdsa.signatureS;

		if (r->size > n || s->size > n || out_size < 2 * n)
			return PSA_ERROR_HARDWARE_FAILURE;
		memset(out, 0, 2 * n);
		memcpy(out + n - r->size, r->buffer, r->size);
		memcpy(out + 2 * n - s->size, s->buffer, s->size);
		*out_len = 2 * n;
		return PSA_SUCCESS;
	}
	case TPM2_ALG_RSASSA:
	case TPM2_ALG_RSAPSS: {
		const TPM2B_PUBLIC_KEY_RSA *rs = sig->sigAlg == TPM2_ALG_RSASSA ?
		    &sig->signature.rsassa.sig : &sig->signature.rsapss.sig;

		if (rs->size != n || out_size < n)
			return PSA_ERROR_HARDWARE_FAILURE;
		memcpy(out, rs->buffer, n);
		*out_len = n;
		return PSA_SUCCESS;
	}
	default:
		return PSA_ERROR_HARDWARE_FAILURE;
	}
}

static psa_status_t
tpm_sign_digest(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *hash, size_t hash_len, uint8_t *sig, size_t sig_size,
    size_t *sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const struct psa_key_attrs *a = k->pk_attrs;
	TPMT_SIG_SCHEME scheme;
	TPM2B_DIGEST digest = { 0 };
	TPMT_TK_HASHCHECK validation = { 0 };
	TPMT_SIGNATURE *signature = NULL;
	struct tpm_blob b;
	ESYS_TR h;
	bool is_locked = false;

	if (hash == NULL || hash_len != psa_hash_length(
	    psa_alg_sign_get_hash(alg)) || hash_len > sizeof(digest.buffer)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (sig_size < psa_sign_output_size(a->type, a->bits, alg)) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = tpm_alg_sign_scheme(alg, &scheme)) != PSA_SUCCESS ||
	    (status = tpm_key_blob(k, &b)) != PSA_SUCCESS)
		goto out;
	memcpy(digest.buffer, hash, hash_len);
	digest.size = (uint16_t)hash_len;
	/* A NULL ticket: the key is not restricted, so the TPM need not
	 * have hashed the data itself (Part 3, 20.2). */
	validation.tag = TPM2_ST_HASHCHECK;
	validation.hierarchy = TPM2_RH_NULL;
	if ((status = tpm_lock(p)) != PSA_SUCCESS)
		goto out;
	is_locked = true;
	if ((status = tpm_handle_get(p, k, &b, &h)) != PSA_SUCCESS ||
	    (status = tpm_check(p, "Sign", Esys_Sign(p->p_esys, h,
	    ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &digest, &scheme,
	    &validation, &signature))) != PSA_SUCCESS)
		goto out;
	tpm_unlock(p);
	is_locked = false;
	status = tpm_sig_to_psa(signature, a->bits, sig, sig_size, sig_len);
out:
	if (is_locked)
		tpm_unlock(p);
	Esys_Free(signature);
	if (status != PSA_SUCCESS) {
		*sig_len = 0;
		if (sig != NULL)
			memset(sig, 0, sig_size);
	}
	return status;
}

/* r || s to DER ECDSA-Sig-Value, for OpenSSL. */
static psa_status_t
tpm_ecdsa_der(const uint8_t *sig, size_t sig_len, size_t bits, uint8_t *der,
    size_t *der_len)
{
	psa_status_t status = PSA_ERROR_INVALID_SIGNATURE;
	size_t n = (bits + 7) / 8;
	ECDSA_SIG *es = NULL;
	BIGNUM *r = NULL, *s = NULL;
	unsigned char *w = der;
	int len;

	if (sig_len != 2 * n)
		goto out;
	if ((es = ECDSA_SIG_new()) == NULL ||
	    (r = BN_bin2bn(sig, (int)n, NULL)) == NULL ||
	    (s = BN_bin2bn(sig + n, (int)n, NULL)) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if (!ECDSA_SIG_set0(es, r, s))
		goto out;
	r = s = NULL;
	if ((len = i2d_ECDSA_SIG(es, NULL)) <= 0 ||
	    (size_t)len > TPM_ECDSA_DER_MAX || i2d_ECDSA_SIG(es, &w) != len)
		goto out;
	*der_len = (size_t)len;
	status = PSA_SUCCESS;
out:
	ECDSA_SIG_free(es);
	BN_free(r);
	BN_free(s);
	return status;
}

static psa_status_t
tpm_verify_digest(const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *hash, size_t hash_len, const uint8_t *sig, size_t sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const struct psa_key_attrs *a = k->pk_attrs;
	psa_algorithm_t halg = psa_alg_sign_get_hash(alg);
	struct tpm_blob b;
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_MD *md = NULL;
	uint8_t der[TPM_ECDSA_DER_MAX];
	size_t der_len = 0;

	if (hash == NULL || hash_len != psa_hash_length(halg) ||
	    (sig == NULL && sig_len != 0)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = tpm_key_blob(k, &b)) != PSA_SUCCESS ||
	    (status = tpm_key_pkey(&b.tb_pub.publicArea, &pkey)) !=
	    PSA_SUCCESS)
		goto out;
	if (psa_alg_is_ecdsa(alg)) {
		if ((status = tpm_ecdsa_der(sig, sig_len, a->bits, der,
		    &der_len)) != PSA_SUCCESS)
			goto out;
		sig = der;
		sig_len = der_len;
	} else if (sig_len != (a->bits + 7) / 8) {
		status = PSA_ERROR_INVALID_SIGNATURE;
		goto out;
	}
	if ((md = EVP_MD_fetch(NULL, tpm_md_name(halg), NULL)) == NULL ||
	    (ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL ||
	    EVP_PKEY_verify_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(ctx, md) != 1) {
		status = tpm_ossl_status("verify", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (psa_alg_is_rsa_pkcs1v15_sign(alg) &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1) {
		status = tpm_ossl_status("verify", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (psa_alg_is_rsa_pss(alg) &&
	    (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx,
	    psa_alg_is_rsa_pss_any_salt(alg) ? RSA_PSS_SALTLEN_AUTO :
	    RSA_PSS_SALTLEN_DIGEST) != 1)) {
		status = tpm_ossl_status("verify", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	status = EVP_PKEY_verify(ctx, sig, sig_len, hash, hash_len) == 1 ?
	    PSA_SUCCESS : PSA_ERROR_INVALID_SIGNATURE;
	(void)tpm_ossl_status("verify", status);
out:
	EVP_MD_free(md);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return status;
}

static psa_status_t
tpm_digest(psa_algorithm_t alg, const uint8_t *msg, size_t msg_len,
    uint8_t *hash, size_t *hash_len)
{
	const char *name = tpm_md_name(psa_alg_sign_get_hash(alg));
	EVP_MD *md = NULL;
	unsigned int len = 0;
	psa_status_t status = PSA_SUCCESS;

	*hash_len = 0;
	if (msg == NULL && msg_len != 0)
		return PSA_ERROR_INVALID_ARGUMENT;
	if (name == NULL || (md = EVP_MD_fetch(NULL, name, NULL)) == NULL)
		return tpm_ossl_status("digest", PSA_ERROR_NOT_SUPPORTED);
	if (EVP_Digest(msg_len ? msg : (const uint8_t *)"", msg_len, hash, &len,
	    md, NULL) != 1)
		status = tpm_ossl_status("digest", PSA_ERROR_GENERIC_ERROR);
	*hash_len = len;
	EVP_MD_free(md);
	return status;
}

psa_status_t
tpm_sign_hash(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *hash, size_t hash_len, uint8_t *sig, size_t sig_size,
    size_t *sig_len)
{
	psa_status_t status;

	*sig_len = 0;
	if ((status = tpm_sign_check(p, k, alg, false)) != PSA_SUCCESS)
		return status;
	return tpm_sign_digest(p, k, alg, hash, hash_len, sig, sig_size,
	    sig_len);
}

psa_status_t
tpm_verify_hash(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *hash, size_t hash_len, const uint8_t *sig, size_t sig_len)
{
	psa_status_t status;

	if ((status = tpm_sign_check(p, k, alg, false)) != PSA_SUCCESS)
		return status;
	return tpm_verify_digest(k, alg, hash, hash_len, sig, sig_len);
}

psa_status_t
tpm_sign_message(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *msg, size_t msg_len, uint8_t *sig,
    size_t sig_size, size_t *sig_len)
{
	psa_status_t status;
	uint8_t hash[EVP_MAX_MD_SIZE];
	size_t hash_len = 0;

	*sig_len = 0;
	if ((status = tpm_sign_check(p, k, alg, true)) != PSA_SUCCESS ||
	    (status = tpm_digest(alg, msg, msg_len, hash, &hash_len)) !=
	    PSA_SUCCESS)
		return status;
	return tpm_sign_digest(p, k, alg, hash, hash_len, sig, sig_size,
	    sig_len);
}

psa_status_t
tpm_verify_message(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *msg, size_t msg_len,
    const uint8_t *sig, size_t sig_len)
{
	psa_status_t status;
	uint8_t hash[EVP_MAX_MD_SIZE];
	size_t hash_len = 0;

	if ((status = tpm_sign_check(p, k, alg, true)) != PSA_SUCCESS ||
	    (status = tpm_digest(alg, msg, msg_len, hash, &hash_len)) !=
	    PSA_SUCCESS)
		return status;
	return tpm_verify_digest(k, alg, hash, hash_len, sig, sig_len);
}
