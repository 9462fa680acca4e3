/* providers/soft/sign.c: asymmetric signatures: ECDSA (randomised), RSA
 * PKCS#1 v1.5 and PSS over a hash or a message, and PureEdDSA over a
 * message.
 *
 * PSA signatures are raw: ECDSA is r || s, each left-padded to the byte
 * length of the curve order (spec, PSA_ALG_ECDSA), where OpenSSL speaks
 * DER ECDSA-Sig-Value; RSA is the RFC 8017 octet string of length k.
 *
 * Deterministic ECDSA (RFC 6979) signs in ecdsa_det.c: OpenSSL 3.0 has no
 * EVP way to choose the nonce (the "nonce-type" parameter came in 3.2).
 * Verification is the same equation for both.
 */
#include "providers/soft/soft_int.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>

#include "psa/policy.h"
#include "psa/sizes.h"

/* Largest DER ECDSA-Sig-Value: SEQUENCE of two 66-byte INTEGERs, each
 * with a sign byte, plus headers. */
#define SOFT_ECDSA_DER_MAX	(3u + 2u * (3u + 67u))

enum soft_sign_op {
	SOFT_SIGN_HASH,
	SOFT_VERIFY_HASH,
	SOFT_SIGN_MESSAGE,
	SOFT_VERIFY_MESSAGE,
};

static bool
soft_sign_op_is_sign(enum soft_sign_op op)
{
	return op == SOFT_SIGN_HASH || op == SOFT_SIGN_MESSAGE;
}

/* Is (key, alg) a request this provider can serve for `op`? Policy was
 * judged by the dispatcher; this guards the provider's own assumptions. */
static psa_status_t
soft_sign_check(const struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, enum soft_sign_op op)
{
	const struct psa_key_attrs *a;
	bool is_message = op == SOFT_SIGN_MESSAGE || op == SOFT_VERIFY_MESSAGE;
	psa_status_t status;

	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	a = k->pk_attrs;
	if ((status = soft_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!(is_message ? psa_alg_is_sign_message(alg) :
	    psa_alg_is_sign_hash(alg)) ||
	    !psa_key_type_alg_compatible(a->type, a->bits, alg))
		return PSA_ERROR_INVALID_ARGUMENT;
	if (soft_sign_op_is_sign(op) && !psa_key_type_is_key_pair(a->type))
		return PSA_ERROR_INVALID_ARGUMENT;
	if (psa_alg_is_hash_eddsa(alg))
		return PSA_ERROR_NOT_SUPPORTED;		/* OpenSSL 3.0: none */
	if (psa_key_type_is_ecc(a->type) &&
	    soft_curve_find(a->type, a->bits) == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	return PSA_SUCCESS;
}

/* The length a hash must have for alg: the hash's for hash-and-sign
 * schemes; for the raw forms, what the scheme can carry. */
static psa_status_t
soft_sign_hash_len_ok(const struct psa_key_attrs *a, psa_algorithm_t alg,
    size_t hash_len)
{
	psa_algorithm_t h = psa_alg_sign_get_hash(alg);

	if (h != 0)
		return hash_len == psa_hash_length(h) ? PSA_SUCCESS :
		    PSA_ERROR_INVALID_ARGUMENT;
	if (hash_len == 0)
		return PSA_ERROR_INVALID_ARGUMENT;
	/* PKCS1V15_SIGN_RAW: EMSA-PKCS1-v1_5 needs 11 bytes of padding
	 * (RFC 8017 §9.2 step 3). ECDSA_ANY takes any length (the
	 * leftmost bits of the order's length are used, SEC 1 §4.1.3). */
	if (psa_alg_is_rsa_pkcs1v15_sign(alg) &&
	    hash_len + 11 > PSA_BITS_TO_BYTES(a->bits))
		return PSA_ERROR_INVALID_ARGUMENT;
	return PSA_SUCCESS;
}

/* PSA_ALG_RSA_PSS salt: the hash length, or the largest that fits if the
 * key is too small for that (spec PSA_ALG_RSA_PSS; RFC 8017 §9.1.1 step
 * 3: emLen >= hLen + sLen + 2, emLen = ceil((modBits - 1) / 8)). */
static int
soft_pss_salt_len(size_t key_bits, size_t hash_len)
{
	size_t em_len = PSA_BITS_TO_BYTES(key_bits - 1);

	if (em_len < hash_len + 2)
		return -1;
	return (int)(em_len - hash_len - 2 < hash_len ?
	    em_len - hash_len - 2 : hash_len);
}

/* Set up ctx (already sign- or verify-initialised) for RSA alg. */
static psa_status_t
soft_rsa_sign_setup(EVP_PKEY_CTX *ctx, size_t key_bits, psa_algorithm_t alg,
    bool is_verify)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	psa_algorithm_t h = psa_alg_sign_get_hash(alg);
	EVP_MD *md = NULL;
	int salt;

	if (h != 0 && (md = soft_md_fetch(h)) == NULL) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if (psa_alg_is_rsa_pkcs1v15_sign(alg)) {
		if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1 ||
		    (md != NULL &&
		    EVP_PKEY_CTX_set_signature_md(ctx, md) != 1)) {
			/* OpenSSL has no DigestInfo for this hash. */
			status = soft_ossl_status("RSA PKCS#1 v1.5 setup",
			    PSA_ERROR_NOT_SUPPORTED);
			goto out;
		}
		status = PSA_SUCCESS;
		goto out;
	}
	if (md == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;	/* PSS needs a hash */
		goto out;
	}
	if (is_verify && psa_alg_is_rsa_pss_any_salt(alg))
		salt = RSA_PSS_SALTLEN_AUTO;
	else if ((salt = soft_pss_salt_len(key_bits,
	    (size_t)EVP_MD_get_size(md))) < 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;	/* key too small */
		goto out;
	}
	if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(ctx, md) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, salt) != 1) {
		status = soft_ossl_status("RSA PSS setup",
		    PSA_ERROR_NOT_SUPPORTED);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	EVP_MD_free(md);
	return status;
}

/* DER ECDSA-Sig-Value -> r || s, each exactly n_len bytes. */
static psa_status_t
soft_ecdsa_der_to_raw(const uint8_t *der, size_t der_len, size_t n_len,
    uint8_t *raw)
{
	const uint8_t *p = der;
	const BIGNUM *r, *s;
	ECDSA_SIG *es;
	psa_status_t status = PSA_ERROR_GENERIC_ERROR;

	if ((es = d2i_ECDSA_SIG(NULL, &p, (long)der_len)) == NULL)
		return soft_ossl_status("ECDSA signature", status);
	ECDSA_SIG_get0(es, &r, &s);
	/* BN_bn2binpad left-pads with zeros (a short r or s, one time in
	 * 256) and fails if the number is longer: below the order, both
	 * always fit. */
	if (BN_bn2binpad(r, raw, (int)n_len) == (int)n_len &&
	    BN_bn2binpad(s, raw + n_len, (int)n_len) == (int)n_len)
		status = PSA_SUCCESS;
	ECDSA_SIG_free(es);
	return status;
}

/* r || s -> DER; *der is OPENSSL_malloc'd. */
static psa_status_t
soft_ecdsa_raw_to_der(const uint8_t *raw, size_t n_len, uint8_t **der,
    size_t *der_len)
{
	psa_status_t status = PSA_ERROR_INSUFFICIENT_MEMORY;
	BIGNUM *r = NULL, *s = NULL;
	ECDSA_SIG *es = NULL;
	int len;

	*der = NULL;
	*der_len = 0;
	if ((es = ECDSA_SIG_new()) == NULL ||
	    (r = BN_bin2bn(raw, (int)n_len, NULL)) == NULL ||
	    (s = BN_bin2bn(raw + n_len, (int)n_len, NULL)) == NULL ||
	    ECDSA_SIG_set0(es, r, s) != 1)
		goto out;
	r = s = NULL;			/* owned by es now */
	if ((len = i2d_ECDSA_SIG(es, der)) <= 0) {
		*der = NULL;
		goto out;
	}
	*der_len = (size_t)len;
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS)
		status = soft_ossl_status("ECDSA signature encoding", status);
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(es);
	return status;
}

/* Sign `hash` with a loaded key pair; sig_size was checked. */
static psa_status_t
soft_sign_loaded(const struct soft_key *sk, psa_algorithm_t alg,
    const uint8_t *hash, size_t hash_len, uint8_t *sig, size_t sig_size,
    size_t *sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const struct psa_key_attrs *a = sk->sk_attrs;
	uint8_t der[SOFT_ECDSA_DER_MAX];
	EVP_PKEY_CTX *ctx = NULL;
	size_t len;

	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, sk->sk_pkey, NULL)) ==
	    NULL || EVP_PKEY_sign_init(ctx) != 1) {
		status = soft_ossl_status("sign init", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (psa_alg_is_deterministic_ecdsa(alg)) {
		status = soft_ecdsa_det_sign(sk, alg, hash, hash_len, sig,
		    sig_len);
		goto out;
	}
	if (psa_alg_is_ecdsa(alg)) {
		/* No digest set: OpenSSL would refuse hashes it does not
		 * approve for ECDSA (SM3, RIPEMD-160), and ECDSA only needs
		 * the hash's bytes, whose length was checked. */
		len = sizeof(der);
		if (EVP_PKEY_sign(ctx, der, &len, hash, hash_len) != 1) {
			status = soft_ossl_status("ECDSA sign",
			    PSA_ERROR_GENERIC_ERROR);
			goto out;
		}
		if ((status = soft_ecdsa_der_to_raw(der, len,
		    PSA_BITS_TO_BYTES(a->bits), sig)) != PSA_SUCCESS)
			goto out;
		*sig_len = 2 * PSA_BITS_TO_BYTES(a->bits);
		status = PSA_SUCCESS;
		goto out;
	}
	if ((status = soft_rsa_sign_setup(ctx, a->bits, alg, false)) !=
	    PSA_SUCCESS)
		goto out;
	len = sig_size;
	if (EVP_PKEY_sign(ctx, sig, &len, hash, hash_len) != 1 ||
	    len != PSA_BITS_TO_BYTES(a->bits)) {
		status = soft_ossl_status("RSA sign", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	*sig_len = len;
	status = PSA_SUCCESS;
out:
	EVP_PKEY_CTX_free(ctx);
	return status;
}

static psa_status_t
soft_verify_loaded(const struct soft_key *sk, psa_algorithm_t alg,
    const uint8_t *hash, size_t hash_len, const uint8_t *sig, size_t sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const struct psa_key_attrs *a = sk->sk_attrs;
	EVP_PKEY_CTX *ctx = NULL;
	uint8_t *der = NULL;
	size_t der_len = 0;

	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, sk->sk_pkey, NULL)) ==
	    NULL || EVP_PKEY_verify_init(ctx) != 1) {
		status = soft_ossl_status("verify init",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (psa_alg_is_ecdsa(alg)) {
		if ((status = soft_ecdsa_raw_to_der(sig,
		    PSA_BITS_TO_BYTES(a->bits), &der, &der_len)) !=
		    PSA_SUCCESS)
			goto out;
		sig = der;
		sig_len = der_len;
	} else if ((status = soft_rsa_sign_setup(ctx, a->bits, alg, true)) !=
	    PSA_SUCCESS)
		goto out;
	/* 1 is a good signature; 0 a bad one; < 0 a malformed one (r or s
	 * out of range, bad padding), which is also just not valid. */
	if (EVP_PKEY_verify(ctx, sig, sig_len, hash, hash_len) != 1) {
		status = soft_ossl_status("verify",
		    PSA_ERROR_INVALID_SIGNATURE);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	OPENSSL_free(der);
	EVP_PKEY_CTX_free(ctx);
	return status;
}

psa_status_t
soft_sign_hash(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *hash, size_t hash_len, uint8_t *sig, size_t sig_size,
    size_t *sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct soft_key sk = { 0 };
	size_t need;

	*sig_len = 0;
	if (hash == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = soft_sign_check(p, k, alg, SOFT_SIGN_HASH)) !=
	    PSA_SUCCESS ||
	    (status = soft_sign_hash_len_ok(k->pk_attrs, alg, hash_len)) !=
	    PSA_SUCCESS)
		goto out;
	need = psa_sign_output_size(k->pk_attrs->type, k->pk_attrs->bits,
	    alg);
	if (need == 0) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if (sig_size < need) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS ||
	    (status = soft_sign_loaded(&sk, alg, hash, hash_len, sig,
	    sig_size, sig_len)) != PSA_SUCCESS)
		goto out;
out:
	soft_key_unload(&sk);
	if (status != PSA_SUCCESS) {
		*sig_len = 0;
		if (sig != NULL)
			OPENSSL_cleanse(sig, sig_size);
	}
	return status;
}

psa_status_t
soft_verify_hash(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *hash, size_t hash_len,
    const uint8_t *sig, size_t sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct soft_key sk = { 0 };

	if (hash == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = soft_sign_check(p, k, alg, SOFT_VERIFY_HASH)) !=
	    PSA_SUCCESS ||
	    (status = soft_sign_hash_len_ok(k->pk_attrs, alg, hash_len)) !=
	    PSA_SUCCESS)
		goto out;
	/* Spec psa_verify_hash(): a signature of the wrong length is
	 * simply not a valid one. */
	if (sig == NULL || sig_len != psa_sign_output_size(k->pk_attrs->type,
	    k->pk_attrs->bits, alg)) {
		status = PSA_ERROR_INVALID_SIGNATURE;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS)
		goto out;
	status = soft_verify_loaded(&sk, alg, hash, hash_len, sig, sig_len);
out:
	soft_key_unload(&sk);
	return status;
}

/* Hash a message for a hash-and-sign alg. */
static psa_status_t
soft_sign_digest(psa_algorithm_t alg, const uint8_t *msg, size_t msg_len,
    uint8_t *hash, size_t *hash_len)
{
	EVP_MD *md = soft_md_fetch(psa_alg_sign_get_hash(alg));
	unsigned int len = 0;
	psa_status_t status = PSA_SUCCESS;

	*hash_len = 0;
	if (md == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (EVP_Digest(msg_len != 0 ? msg : (const uint8_t *)"", msg_len,
	    hash, &len, md, NULL) != 1)
		status = soft_ossl_status("message digest",
		    PSA_ERROR_GENERIC_ERROR);
	else
		*hash_len = len;
	EVP_MD_free(md);
	return status;
}

/* PureEdDSA signs the message itself (RFC 8032), in one pass. */
static psa_status_t
soft_eddsa_sign(const struct soft_key *sk, const uint8_t *msg,
    size_t msg_len, uint8_t *sig, size_t sig_size, size_t *sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	EVP_MD_CTX *mctx = NULL;
	size_t len = sig_size;

	if ((mctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit_ex(mctx, NULL, NULL, NULL, NULL, sk->sk_pkey,
	    NULL) != 1 ||
	    EVP_DigestSign(mctx, sig, &len, msg_len != 0 ? msg :
	    (const uint8_t *)"", msg_len) != 1) {
		status = soft_ossl_status("EdDSA sign",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	*sig_len = len;
	status = PSA_SUCCESS;
out:
	EVP_MD_CTX_free(mctx);
	return status;
}

static psa_status_t
soft_eddsa_verify(const struct soft_key *sk, const uint8_t *msg,
    size_t msg_len, const uint8_t *sig, size_t sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	EVP_MD_CTX *mctx = NULL;

	if ((mctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit_ex(mctx, NULL, NULL, NULL, NULL, sk->sk_pkey,
	    NULL) != 1) {
		status = soft_ossl_status("EdDSA verify init",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (EVP_DigestVerify(mctx, sig, sig_len, msg_len != 0 ? msg :
	    (const uint8_t *)"", msg_len) != 1) {
		status = soft_ossl_status("EdDSA verify",
		    PSA_ERROR_INVALID_SIGNATURE);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	EVP_MD_CTX_free(mctx);
	return status;
}

psa_status_t
soft_sign_message(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *msg, size_t msg_len, uint8_t *sig,
    size_t sig_size, size_t *sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t hash[PSA_HASH_MAX_SIZE];
	struct soft_key sk = { 0 };
	size_t hash_len = 0, need;

	*sig_len = 0;
	if ((status = soft_sign_check(p, k, alg, SOFT_SIGN_MESSAGE)) !=
	    PSA_SUCCESS)
		goto out;
	if (msg == NULL && msg_len != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	need = psa_sign_output_size(k->pk_attrs->type, k->pk_attrs->bits,
	    alg);
	if (need == 0) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if (sig_size < need) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS)
		goto out;
	if (alg == PSA_ALG_PURE_EDDSA)
		status = soft_eddsa_sign(&sk, msg, msg_len, sig, sig_size,
		    sig_len);
	else if ((status = soft_sign_digest(alg, msg, msg_len, hash,
	    &hash_len)) == PSA_SUCCESS)
		status = soft_sign_loaded(&sk, alg, hash, hash_len, sig,
		    sig_size, sig_len);
out:
	soft_key_unload(&sk);
	if (status != PSA_SUCCESS) {
		*sig_len = 0;
		if (sig != NULL)
			OPENSSL_cleanse(sig, sig_size);
	}
	return status;
}

psa_status_t
soft_verify_message(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *msg, size_t msg_len,
    const uint8_t *sig, size_t sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t hash[PSA_HASH_MAX_SIZE];
	struct soft_key sk = { 0 };
	size_t hash_len = 0;

	if ((status = soft_sign_check(p, k, alg, SOFT_VERIFY_MESSAGE)) !=
	    PSA_SUCCESS)
		goto out;
	if (msg == NULL && msg_len != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (sig == NULL || sig_len != psa_sign_output_size(k->pk_attrs->type,
	    k->pk_attrs->bits, alg)) {
		status = PSA_ERROR_INVALID_SIGNATURE;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS)
		goto out;
	if (alg == PSA_ALG_PURE_EDDSA)
		status = soft_eddsa_verify(&sk, msg, msg_len, sig, sig_len);
	else if ((status = soft_sign_digest(alg, msg, msg_len, hash,
	    &hash_len)) == PSA_SUCCESS)
		status = soft_verify_loaded(&sk, alg, hash, hash_len, sig,
		    sig_len);
out:
	soft_key_unload(&sk);
	return status;
}
