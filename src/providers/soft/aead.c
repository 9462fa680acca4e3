/* providers/soft/aead.c: one-shot AEAD (psa_aead_encrypt/decrypt):
 * AES-GCM, AES-CCM (default and shortened tags) and ChaCha20-Poly1305.
 * Output and input are ciphertext || tag. */
#include "providers/soft/soft_int.h"

#include <limits.h>
#include <string.h>

#include <openssl/crypto.h>

#include "psa/policy.h"
#include "psa/sizes.h"

/* Nonce lengths: CCM 7..13 (SP 800-38C A.1, n = 15 - q); ChaCha20-Poly1305
 * 12 (RFC 8439 §2.8); GCM 8..128 bytes. SP 800-38D §5.2.1.1 allows any
 * non-empty IV and recommends 12 bytes; shorter than 8 only makes
 * collisions likelier, and 8..128 is what the tests' independent checker
 * (python3-cryptography) accepts. */
#define SOFT_CCM_NONCE_MIN	7u
#define SOFT_CCM_NONCE_MAX	13u
#define SOFT_GCM_NONCE_MIN	8u
#define SOFT_GCM_NONCE_MAX	128u
#define SOFT_CHACHAPOLY_NONCE	12u

struct soft_aead_plan {
	EVP_CIPHER	*ap_cipher;
	size_t		 ap_tag_len;
	bool		 ap_is_ccm;
};

static psa_status_t
soft_aead_plan(const struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, size_t nonce_len, size_t pt_len,
    struct soft_aead_plan *ap)
{
	const struct psa_key_attrs *a;
	psa_algorithm_t base;
	psa_status_t status;
	size_t q;

	memset(ap, 0, sizeof(*ap));
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	a = k->pk_attrs;
	if ((status = soft_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!psa_alg_is_aead(alg) ||
	    !psa_key_type_alg_compatible(a->type, a->bits, alg) ||
	    (ap->ap_tag_len = psa_aead_tag_length(a->type, a->bits, alg)) ==
	    0)
		return PSA_ERROR_INVALID_ARGUMENT;
	base = psa_alg_aead_default_tag(alg);
	switch (base) {
	case PSA_ALG_GCM:
		if (nonce_len < SOFT_GCM_NONCE_MIN ||
		    nonce_len > SOFT_GCM_NONCE_MAX)
			return PSA_ERROR_INVALID_ARGUMENT;
		break;
	case PSA_ALG_CCM:
		if (nonce_len < SOFT_CCM_NONCE_MIN ||
		    nonce_len > SOFT_CCM_NONCE_MAX)
			return PSA_ERROR_INVALID_ARGUMENT;
		/* The message length must fit in q = 15 - n bytes. */
		q = 15 - nonce_len;
		if (q < sizeof(size_t) && pt_len >> (8 * q) != 0)
			return PSA_ERROR_INVALID_ARGUMENT;
		ap->ap_is_ccm = true;
		break;
	case PSA_ALG_CHACHA20_POLY1305:
		if (nonce_len != SOFT_CHACHAPOLY_NONCE)
			return PSA_ERROR_INVALID_ARGUMENT;
		if ((ap->ap_cipher = EVP_CIPHER_fetch(NULL,
		    "ChaCha20-Poly1305", NULL)) == NULL)
			return soft_ossl_status("ChaCha20-Poly1305",
			    PSA_ERROR_NOT_SUPPORTED);
		return PSA_SUCCESS;
	default:
		return PSA_ERROR_NOT_SUPPORTED;	/* XChaCha20-Poly1305 */
	}
	/* GCM and CCM over AES only: OpenSSL's ARIA-GCM/CCM could not be
	 * checked against an independent implementation, and Camellia and
	 * SM4 have none in OpenSSL 3.0's default provider. */
	if (a->type != PSA_KEY_TYPE_AES)
		return PSA_ERROR_NOT_SUPPORTED;
	return soft_cipher_fetch(a->type, a->bits, ap->ap_is_ccm ? "CCM" :
	    "GCM", &ap->ap_cipher);
}

/* Common set-up: nonce length, and for CCM the tag (its length when
 * encrypting, its value when decrypting) and the message length, which
 * CCM needs before the AAD (OpenSSL EVP_EncryptInit(3), "CCM Mode"). */
static psa_status_t
soft_aead_init(EVP_CIPHER_CTX *ctx, const struct soft_aead_plan *ap,
    const struct soft_key *sk, bool is_encrypt, const uint8_t *nonce,
    size_t nonce_len, const uint8_t *tag, size_t msg_len, const uint8_t *ad,
    size_t ad_len)
{
	int len = 0;

	if (EVP_CipherInit_ex2(ctx, ap->ap_cipher, NULL, NULL,
	    is_encrypt ? 1 : 0, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)nonce_len,
	    NULL) != 1 ||
	    (ap->ap_is_ccm && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
	    (int)ap->ap_tag_len, is_encrypt ? NULL : (void *)tag) != 1) ||
	    EVP_CipherInit_ex2(ctx, NULL, sk->sk_raw, nonce, -1, NULL) != 1 ||
	    (ap->ap_is_ccm && EVP_CipherUpdate(ctx, NULL, &len, NULL,
	    (int)msg_len) != 1) ||
	    (ad_len != 0 && EVP_CipherUpdate(ctx, NULL, &len, ad,
	    (int)ad_len) != 1))
		return soft_ossl_status("AEAD init", PSA_ERROR_GENERIC_ERROR);
	return PSA_SUCCESS;
}

psa_status_t
soft_aead_encrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *nonce, size_t nonce_len,
    const uint8_t *ad, size_t ad_len, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct soft_aead_plan ap = { 0 };
	struct soft_key sk = { 0 };
	EVP_CIPHER_CTX *ctx = NULL;
	uint8_t none[1];
	int len1 = 0, len2 = 0;

	*out_len = 0;
	if ((status = soft_aead_plan(p, k, alg, nonce_len, in_len, &ap)) !=
	    PSA_SUCCESS)
		goto out;
	if (nonce == NULL || (ad == NULL && ad_len != 0) ||
	    (in == NULL && in_len != 0) || ad_len > INT_MAX ||
	    in_len > INT_MAX - 64) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (out == NULL || out_size < in_len + ap.ap_tag_len) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS)
		goto out;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if ((status = soft_aead_init(ctx, &ap, &sk, true, nonce, nonce_len,
	    NULL, in_len, ad, ad_len)) != PSA_SUCCESS)
		goto out;
	/* CCM computes its tag in the (one) data update, so it runs even
	 * for an empty message. */
	if ((in_len != 0 || ap.ap_is_ccm) &&
	    EVP_EncryptUpdate(ctx, in_len != 0 ? out : none, &len1,
	    in_len != 0 ? in : none, (int)in_len) != 1) {
		status = soft_ossl_status("AEAD encrypt",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (EVP_EncryptFinal_ex(ctx, out + len1, &len2) != 1 ||
	    (size_t)len1 + (size_t)len2 != in_len ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
	    (int)ap.ap_tag_len, out + in_len) != 1) {
		status = soft_ossl_status("AEAD tag", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	*out_len = in_len + ap.ap_tag_len;
	status = PSA_SUCCESS;
out:
	EVP_CIPHER_CTX_free(ctx);
	soft_key_unload(&sk);
	EVP_CIPHER_free(ap.ap_cipher);
	if (status != PSA_SUCCESS && out != NULL)
		OPENSSL_cleanse(out, out_size);
	return status;
}

psa_status_t
soft_aead_decrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *nonce, size_t nonce_len,
    const uint8_t *ad, size_t ad_len, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct soft_aead_plan ap = { 0 };
	struct soft_key sk = { 0 };
	EVP_CIPHER_CTX *ctx = NULL;
	const uint8_t *tag;
	uint8_t none[1];
	size_t ct_len = 0;
	int len1 = 0, len2 = 0;

	*out_len = 0;
	if (in == NULL || nonce == NULL || (ad == NULL && ad_len != 0) ||
	    ad_len > INT_MAX || in_len > INT_MAX) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = soft_aead_plan(p, k, alg, nonce_len, in_len, &ap)) !=
	    PSA_SUCCESS)
		goto out;
	if (in_len < ap.ap_tag_len) {
		status = PSA_ERROR_INVALID_ARGUMENT;	/* no room for a tag */
		goto out;
	}
	ct_len = in_len - ap.ap_tag_len;
	tag = in + ct_len;
	if (ct_len != 0 && (out == NULL || out_size < ct_len)) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS)
		goto out;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if ((status = soft_aead_init(ctx, &ap, &sk, false, nonce, nonce_len,
	    tag, ct_len, ad, ad_len)) != PSA_SUCCESS)
		goto out;
	/* CCM checks the tag in its one data update; GCM and ChaCha20-
	 * Poly1305 in the final call, after the expected tag is set. In
	 * every case a mismatch leaves nothing the caller may use. */
	if ((ct_len != 0 || ap.ap_is_ccm) &&
	    EVP_DecryptUpdate(ctx, ct_len != 0 ? out : none, &len1,
	    ct_len != 0 ? in : none, (int)ct_len) != 1) {
		status = soft_ossl_status("AEAD decrypt", ap.ap_is_ccm ?
		    PSA_ERROR_INVALID_SIGNATURE : PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (!ap.ap_is_ccm &&
	    (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
	    (int)ap.ap_tag_len, (void *)tag) != 1 ||
	    EVP_DecryptFinal_ex(ctx, ct_len != 0 ? out + len1 : none,
	    &len2) != 1)) {
		status = soft_ossl_status("AEAD tag",
		    PSA_ERROR_INVALID_SIGNATURE);
		goto out;
	}
	if ((size_t)len1 + (size_t)len2 != ct_len) {
		status = PSA_ERROR_CORRUPTION_DETECTED;
		goto out;
	}
	*out_len = ct_len;
	status = PSA_SUCCESS;
out:
	EVP_CIPHER_CTX_free(ctx);
	soft_key_unload(&sk);
	EVP_CIPHER_free(ap.ap_cipher);
	if (status != PSA_SUCCESS && out != NULL)
		OPENSSL_cleanse(out, out_size);
	return status;
}
