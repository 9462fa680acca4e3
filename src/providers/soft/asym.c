/* providers/soft/asym.c: RSA encryption (OAEP, PKCS#1 v1.5) and raw key
 * agreement (ECDH on Weierstrass curves, X25519, X448). */
#include "providers/soft/soft_int.h"

#include <limits.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rsa.h>

#include "psa/policy.h"
#include "psa/sizes.h"

/* Checks shared by encrypt and decrypt; *max_in is the longest message
 * the padding leaves room for (RFC 8017 §7.1.1 and §7.2.1). */
static psa_status_t
soft_rsa_crypt_check(const struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, size_t salt_len, bool is_decrypt, size_t *max_in)
{
	const struct psa_key_attrs *a;
	size_t k_len, h_len;
	psa_status_t status;

	*max_in = 0;
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	a = k->pk_attrs;
	if ((status = soft_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!psa_alg_is_asymmetric_encryption(alg) ||
	    !psa_key_type_is_rsa(a->type) ||
	    (is_decrypt && !psa_key_type_is_key_pair(a->type)))
		return PSA_ERROR_INVALID_ARGUMENT;
	if (salt_len > INT_MAX)		/* OpenSSL's label length is an int */
		return PSA_ERROR_INVALID_ARGUMENT;
	k_len = PSA_BITS_TO_BYTES(a->bits);
	if (alg == PSA_ALG_RSA_PKCS1V15_CRYPT) {
		/* Spec psa_asymmetric_encrypt(): no salt for PKCS#1 v1.5. */
		if (salt_len != 0 || k_len < 11)
			return PSA_ERROR_INVALID_ARGUMENT;
		*max_in = k_len - 11;
		return PSA_SUCCESS;
	}
	h_len = psa_hash_length(psa_alg_get_hash(alg));
	if (h_len == 0)
		return PSA_ERROR_NOT_SUPPORTED;
	if (k_len < 2 * h_len + 2)
		return PSA_ERROR_INVALID_ARGUMENT;
	*max_in = k_len - 2 * h_len - 2;
	return PSA_SUCCESS;
}

static psa_status_t
soft_rsa_crypt_setup(EVP_PKEY_CTX *ctx, psa_algorithm_t alg,
    const uint8_t *salt, size_t salt_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	EVP_MD *md = NULL;
	uint8_t *label = NULL;

	if (alg == PSA_ALG_RSA_PKCS1V15_CRYPT) {
		if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1)
			status = soft_ossl_status("RSA PKCS#1 v1.5 setup",
			    PSA_ERROR_GENERIC_ERROR);
		else
			status = PSA_SUCCESS;
		goto out;
	}
	if ((md = soft_md_fetch(psa_alg_get_hash(alg))) == NULL) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	/* The PSA "salt" of OAEP is its label (spec, PSA_ALG_RSA_OAEP). */
	if (salt_len != 0 && (label = OPENSSL_memdup(salt, salt_len)) ==
	    NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) != 1) {
		status = soft_ossl_status("RSA OAEP setup",
		    PSA_ERROR_NOT_SUPPORTED);
		goto out;
	}
	if (label != NULL) {
		if (EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, label,
		    (int)salt_len) != 1) {
			status = soft_ossl_status("RSA OAEP label",
			    PSA_ERROR_GENERIC_ERROR);
			goto out;
		}
		label = NULL;		/* owned by ctx */
	}
	status = PSA_SUCCESS;
out:
	OPENSSL_free(label);
	EVP_MD_free(md);
	return status;
}

psa_status_t
soft_asymmetric_encrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len,
    const uint8_t *salt, size_t salt_len, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct soft_key sk = { 0 };
	EVP_PKEY_CTX *ctx = NULL;
	size_t max_in, len;

	*out_len = 0;
	if ((status = soft_rsa_crypt_check(p, k, alg, salt_len, false,
	    &max_in)) != PSA_SUCCESS)
		goto out;
	if ((in == NULL && in_len != 0) || in_len > max_in ||
	    (salt == NULL && salt_len != 0)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (out_size < PSA_BITS_TO_BYTES(k->pk_attrs->bits)) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS)
		goto out;
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, sk.sk_pkey, NULL)) ==
	    NULL || EVP_PKEY_encrypt_init(ctx) != 1) {
		status = soft_ossl_status("RSA encrypt init",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if ((status = soft_rsa_crypt_setup(ctx, alg, salt, salt_len)) !=
	    PSA_SUCCESS)
		goto out;
	len = out_size;
	if (EVP_PKEY_encrypt(ctx, out, &len, in_len != 0 ? in :
	    (const uint8_t *)"", in_len) != 1) {
		status = soft_ossl_status("RSA encrypt",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	*out_len = len;
	status = PSA_SUCCESS;
out:
	EVP_PKEY_CTX_free(ctx);
	soft_key_unload(&sk);
	if (status != PSA_SUCCESS && out != NULL)
		OPENSSL_cleanse(out, out_size);
	return status;
}

psa_status_t
soft_asymmetric_decrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len,
    const uint8_t *salt, size_t salt_len, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct soft_key sk = { 0 };
	EVP_PKEY_CTX *ctx = NULL;
	uint8_t *pt = NULL;
	size_t max_in, k_len = 0, len;

	*out_len = 0;
	if ((status = soft_rsa_crypt_check(p, k, alg, salt_len, true,
	    &max_in)) != PSA_SUCCESS)
		goto out;
	k_len = PSA_BITS_TO_BYTES(k->pk_attrs->bits);
	if (in == NULL || in_len != k_len || (salt == NULL && salt_len != 0)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	/* OpenSSL wants room for k bytes; the plaintext's real length is
	 * known only after decryption, and out_size is judged against it. */
	if ((pt = OPENSSL_malloc(k_len)) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS)
		goto out;
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, sk.sk_pkey, NULL)) ==
	    NULL || EVP_PKEY_decrypt_init(ctx) != 1) {
		status = soft_ossl_status("RSA decrypt init",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if ((status = soft_rsa_crypt_setup(ctx, alg, salt, salt_len)) !=
	    PSA_SUCCESS)
		goto out;
	len = k_len;
	if (EVP_PKEY_decrypt(ctx, pt, &len, in, in_len) != 1) {
		status = soft_ossl_status("RSA decrypt",
		    PSA_ERROR_INVALID_PADDING);
		goto out;
	}
	if (len > out_size) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if (len != 0)
		memcpy(out, pt, len);
	*out_len = len;
	status = PSA_SUCCESS;
out:
	OPENSSL_clear_free(pt, k_len);
	EVP_PKEY_CTX_free(ctx);
	soft_key_unload(&sk);
	if (status != PSA_SUCCESS && out != NULL)
		OPENSSL_cleanse(out, out_size);
	return status;
}

psa_status_t
soft_raw_key_agreement(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *peer, size_t peer_len, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const struct soft_curve *c;
	struct soft_key sk = { 0 };
	EVP_PKEY *peer_key = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	size_t need, len;

	*out_len = 0;
	if (k == NULL || k->pk_attrs == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = soft_alg_usable(p, alg)) != PSA_SUCCESS)
		goto out;
	if (!psa_alg_is_raw_key_agreement(alg) ||
	    !psa_key_type_is_key_pair(k->pk_attrs->type) ||
	    !psa_key_type_alg_compatible(k->pk_attrs->type, k->pk_attrs->bits,
	    alg)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (alg != PSA_ALG_ECDH ||
	    (c = soft_curve_find(k->pk_attrs->type, k->pk_attrs->bits)) ==
	    NULL || c->sc_kind == SOFT_CURVE_EDWARDS) {
		status = PSA_ERROR_NOT_SUPPORTED;	/* FFDH */
		goto out;
	}
	need = psa_raw_key_agreement_output_size(k->pk_attrs->type,
	    k->pk_attrs->bits);
	if (out_size < need) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	/* The peer key is validated (on the curve, not the identity) before
	 * our private key is touched. */
	if ((status = soft_pkey_peer(c, peer, peer_len, &peer_key)) !=
	    PSA_SUCCESS ||
	    (status = soft_key_load(p, k, &sk)) != PSA_SUCCESS)
		goto out;
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, sk.sk_pkey, NULL)) ==
	    NULL || EVP_PKEY_derive_init(ctx) != 1) {
		status = soft_ossl_status("key agreement init",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (EVP_PKEY_derive_set_peer_ex(ctx, peer_key, 1) != 1) {
		status = soft_ossl_status("key agreement peer",
		    PSA_ERROR_INVALID_ARGUMENT);
		goto out;
	}
	/* X25519/X448 with a small-order peer yield all zeros, which
	 * OpenSSL refuses (RFC 7748 §6.1): the peer's fault. */
	len = out_size;
	if (EVP_PKEY_derive(ctx, out, &len) != 1) {
		status = soft_ossl_status("key agreement",
		    PSA_ERROR_INVALID_ARGUMENT);
		goto out;
	}
	if (len != need) {
		status = PSA_ERROR_CORRUPTION_DETECTED;
		goto out;
	}
	*out_len = len;
	status = PSA_SUCCESS;
out:
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(peer_key);
	soft_key_unload(&sk);
	if (status != PSA_SUCCESS && out != NULL)
		OPENSSL_cleanse(out, out_size);
	return status;
}
