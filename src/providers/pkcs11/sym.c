/* providers/pkcs11/sym.c: symmetric operations on token keys: AES ciphers
 * (CTR, CBC without padding or with PKCS#7, ECB), AES-GCM, HMAC and CMAC,
 * and the keyless digest and random generation. One-shot, as the PSA
 * single-part functions are. Cipher encryption picks a random IV and
 * returns IV || ciphertext, the layout the soft provider uses. */
#include "providers/pkcs11/p11_int.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "psa/policy.h"
#include "psa/sizes.h"

#define P11_AES_BLOCK	16u
#define P11_MAC_MAX	64u

/* One-shot encrypt or decrypt with mech on a key's secret object. */
static psa_status_t
p11_crypt_once(struct prov *p, const struct prov_key *k, CK_MECHANISM *mech,
    bool is_encrypt, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	CK_ULONG len = (CK_ULONG)out_size;
	CK_RV rv = CKR_OK;

	*out_len = 0;
	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS ||
	    (status = p11_key_init(p, &s, k, CKO_SECRET_KEY, is_encrypt ?
	    p->p_fn->C_EncryptInit : p->p_fn->C_DecryptInit, mech, &rv)) !=
	    PSA_SUCCESS)
		goto out;
	if (rv == CKR_OK && is_encrypt)
		rv = p->p_fn->C_Encrypt(s.ps_handle, (CK_BYTE_PTR)(uintptr_t)in,
		    (CK_ULONG)in_len, out, &len);
	else if (rv == CKR_OK)
		rv = p->p_fn->C_Decrypt(s.ps_handle, (CK_BYTE_PTR)(uintptr_t)in,
		    (CK_ULONG)in_len, out, &len);
	if (rv != CKR_OK) {
		status = p11_rv_status(is_encrypt ? "encrypt" : "decrypt", rv);
		goto out;
	}
	*out_len = len;
	status = PSA_SUCCESS;
out:
	p11_session_put(p, &s, rv);
	return status;
}

/* The mechanism of an AES cipher mode; iv is the IV it uses. */
static psa_status_t
p11_cipher_mech(const struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, CK_MECHANISM *mech, CK_AES_CTR_PARAMS *ctr,
    size_t *iv_len)
{
	psa_status_t status;

	memset(mech, 0, sizeof(*mech));
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = p11_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!psa_alg_is_cipher(alg) ||
	    !psa_key_type_alg_compatible(k->pk_attrs->type, k->pk_attrs->bits,
	    alg))
		return PSA_ERROR_INVALID_ARGUMENT;
	if (k->pk_attrs->type != PSA_KEY_TYPE_AES)
		return PSA_ERROR_NOT_SUPPORTED;
	*iv_len = P11_AES_BLOCK;
	switch (alg) {
	case PSA_ALG_CTR:
		/* The whole 16-byte block counts, as PSA's CTR does. */
		memset(ctr, 0, sizeof(*ctr));
		ctr->ulCounterBits = 128;
		mech->mechanism = CKM_AES_CTR;
		mech->pParameter = ctr;
		mech->ulParameterLen = sizeof(*ctr);
		return PSA_SUCCESS;
	case PSA_ALG_CBC_NO_PADDING:
		mech->mechanism = CKM_AES_CBC;
		return PSA_SUCCESS;
	case PSA_ALG_CBC_PKCS7:
		mech->mechanism = CKM_AES_CBC_PAD;
		return PSA_SUCCESS;
	case PSA_ALG_ECB_NO_PADDING:
		mech->mechanism = CKM_AES_ECB;
		*iv_len = 0;
		return PSA_SUCCESS;
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}

static void
p11_cipher_set_iv(CK_MECHANISM *mech, CK_AES_CTR_PARAMS *ctr, uint8_t *iv,
    size_t iv_len)
{
	if (mech->mechanism == CKM_AES_CTR)
		memcpy(ctr->cb, iv, iv_len);
	else if (iv_len > 0) {
		mech->pParameter = iv;
		mech->ulParameterLen = (CK_ULONG)iv_len;
	}
}

psa_status_t
p11_cipher_encrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	CK_MECHANISM mech;
	CK_AES_CTR_PARAMS ctr;
	uint8_t iv[P11_AES_BLOCK];
	size_t iv_len = 0, want, ct_len = 0;
	psa_status_t status;

	*out_len = 0;
	if ((status = p11_cipher_mech(p, k, alg, &mech, &ctr, &iv_len)) !=
	    PSA_SUCCESS)
		return status;
	if (alg != PSA_ALG_CTR && alg != PSA_ALG_CBC_PKCS7 &&
	    in_len % P11_AES_BLOCK != 0)
		return PSA_ERROR_INVALID_ARGUMENT;
	if (in_len > SIZE_MAX - 2 * P11_AES_BLOCK)
		return PSA_ERROR_INVALID_ARGUMENT;
	want = iv_len + (alg == PSA_ALG_CBC_PKCS7 ?
	    (in_len / P11_AES_BLOCK + 1) * P11_AES_BLOCK : in_len);
	if (want > out_size)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	if (iv_len > 0 && RAND_bytes(iv, (int)iv_len) != 1)
		return PSA_ERROR_INSUFFICIENT_ENTROPY;
	p11_cipher_set_iv(&mech, &ctr, iv, iv_len);
	memcpy(out, iv, iv_len);
	status = p11_crypt_once(p, k, &mech, true, in, in_len, out + iv_len,
	    out_size - iv_len, &ct_len);
	if (status != PSA_SUCCESS) {
		OPENSSL_cleanse(out, out_size);
		return status;
	}
	*out_len = iv_len + ct_len;
	return PSA_SUCCESS;
}

psa_status_t
p11_cipher_decrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	CK_MECHANISM mech;
	CK_AES_CTR_PARAMS ctr;
	uint8_t iv[P11_AES_BLOCK], *buf = NULL;
	size_t iv_len = 0, pt_len = 0;
	psa_status_t status;

	*out_len = 0;
	if ((status = p11_cipher_mech(p, k, alg, &mech, &ctr, &iv_len)) !=
	    PSA_SUCCESS)
		return status;
	if (in_len < iv_len || (alg != PSA_ALG_CTR &&
	    (in_len - iv_len) % P11_AES_BLOCK != 0) ||
	    (alg == PSA_ALG_CBC_PKCS7 && in_len == iv_len))
		return PSA_ERROR_INVALID_ARGUMENT;
	memcpy(iv, in, iv_len);
	p11_cipher_set_iv(&mech, &ctr, iv, iv_len);
	/* The token writes the whole padded block before unpadding: give it
	 * room, then copy what the caller can hold. */
	if ((buf = malloc(in_len - iv_len + 1)) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	status = p11_crypt_once(p, k, &mech, false, in + iv_len,
	    in_len - iv_len, buf, in_len - iv_len + 1, &pt_len);
	if (status == PSA_SUCCESS && pt_len > out_size)
		status = PSA_ERROR_BUFFER_TOO_SMALL;
	if (status == PSA_SUCCESS) {
		memcpy(out, buf, pt_len);
		*out_len = pt_len;
	}
	OPENSSL_clear_free(buf, in_len - iv_len + 1);
	return status;
}

static psa_status_t
p11_gcm_setup(const struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *nonce, size_t nonce_len,
    const uint8_t *ad, size_t ad_len, CK_GCM_PARAMS *gcm, CK_MECHANISM *mech,
    size_t *tag_len)
{
	psa_status_t status;

	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = p11_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!psa_alg_is_aead(alg) ||
	    !psa_key_type_alg_compatible(k->pk_attrs->type, k->pk_attrs->bits,
	    alg))
		return PSA_ERROR_INVALID_ARGUMENT;
	if (psa_alg_aead_default_tag(alg) !=
	    psa_alg_aead_default_tag(PSA_ALG_GCM) ||
	    k->pk_attrs->type != PSA_KEY_TYPE_AES)
		return PSA_ERROR_NOT_SUPPORTED;
	*tag_len = psa_aead_tag_length(k->pk_attrs->type, k->pk_attrs->bits,
	    alg);
	if (*tag_len < 4 || *tag_len > 16 || nonce_len == 0 ||
	    nonce_len > 256)
		return PSA_ERROR_INVALID_ARGUMENT;
	memset(gcm, 0, sizeof(*gcm));
	gcm->pIv = (CK_BYTE_PTR)(uintptr_t)nonce;
	gcm->ulIvLen = (CK_ULONG)nonce_len;
	gcm->ulIvBits = (CK_ULONG)nonce_len * 8;
	gcm->pAAD = (CK_BYTE_PTR)(uintptr_t)ad;
	gcm->ulAADLen = (CK_ULONG)ad_len;
	gcm->ulTagBits = (CK_ULONG)*tag_len * 8;
	mech->mechanism = CKM_AES_GCM;
	mech->pParameter = gcm;
	mech->ulParameterLen = sizeof(*gcm);
	return PSA_SUCCESS;
}

psa_status_t
p11_aead_encrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *nonce, size_t nonce_len,
    const uint8_t *ad, size_t ad_len, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t out_size, size_t *out_len)
{
	CK_GCM_PARAMS gcm;
	CK_MECHANISM mech;
	size_t tag_len;
	psa_status_t status;

	*out_len = 0;
	if ((status = p11_gcm_setup(p, k, alg, nonce, nonce_len, ad, ad_len,
	    &gcm, &mech, &tag_len)) != PSA_SUCCESS)
		return status;
	if (in_len > SIZE_MAX - tag_len || in_len + tag_len > out_size)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	return p11_crypt_once(p, k, &mech, true, in, in_len, out, out_size,
	    out_len);
}

psa_status_t
p11_aead_decrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *nonce, size_t nonce_len,
    const uint8_t *ad, size_t ad_len, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t out_size, size_t *out_len)
{
	CK_GCM_PARAMS gcm;
	CK_MECHANISM mech;
	size_t tag_len;
	uint8_t *buf;
	psa_status_t status;

	*out_len = 0;
	if ((status = p11_gcm_setup(p, k, alg, nonce, nonce_len, ad, ad_len,
	    &gcm, &mech, &tag_len)) != PSA_SUCCESS)
		return status;
	if (in_len < tag_len)
		return PSA_ERROR_INVALID_ARGUMENT;
	if (in_len - tag_len > out_size)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	if ((buf = malloc(in_len + 1)) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	status = p11_crypt_once(p, k, &mech, false, in, in_len, buf,
	    in_len + 1, out_len);
	/* A tag that does not match is a failed check, not a broken
	 * token. PKCS#11 v2.40 says CKR_ENCRYPTED_DATA_INVALID; SoftHSM
	 * 2.6 answers CKR_GENERAL_ERROR (HARDWARE_FAILURE here), which
	 * for GCM decryption means the same. */
	if (status == PSA_ERROR_INVALID_PADDING ||
	    status == PSA_ERROR_HARDWARE_FAILURE ||
	    status == PSA_ERROR_INVALID_SIGNATURE ||
	    status == PSA_ERROR_INVALID_ARGUMENT)
		status = PSA_ERROR_INVALID_SIGNATURE;
	if (status == PSA_SUCCESS && *out_len > out_size)
		status = PSA_ERROR_BUFFER_TOO_SMALL;
	if (status == PSA_SUCCESS)
		memcpy(out, buf, *out_len);
	else
		*out_len = 0;
	OPENSSL_clear_free(buf, in_len + 1);
	return status;
}

/* ---- MAC ---------------------------------------------------------------- */

static psa_status_t
p11_mac_full(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *in, size_t in_len, uint8_t *mac, size_t *mac_len,
    size_t *want)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	psa_algorithm_t full = psa_alg_full_length_mac(alg);
	CK_MECHANISM mech = { 0, NULL, 0 };
	CK_RSA_PKCS_MGF_TYPE mgf;
	CK_MECHANISM_TYPE hm;
	CK_ULONG len = P11_MAC_MAX;
	CK_RV rv = CKR_OK;

	*mac_len = 0;
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = p11_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!psa_alg_is_mac(alg) ||
	    !psa_key_type_alg_compatible(k->pk_attrs->type, k->pk_attrs->bits,
	    alg))
		return PSA_ERROR_INVALID_ARGUMENT;
	*want = psa_mac_length(k->pk_attrs->type, k->pk_attrs->bits, alg);
	if (full == PSA_ALG_CMAC && k->pk_attrs->type == PSA_KEY_TYPE_AES)
		mech.mechanism = CKM_AES_CMAC;
	else if (psa_alg_is_hmac(full) &&
	    p11_hash_mech(psa_alg_get_hash(full), &hm, &mgf))
		/* CKM_SHAx_HMAC follows CKM_SHAx in every table of v2.40
		 * (CKM_SHA256 0x250, CKM_SHA256_HMAC 0x251). */
		mech.mechanism = hm + 1;
	else
		return PSA_ERROR_NOT_SUPPORTED;
	if (*want == 0 || *want > P11_MAC_MAX)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS ||
	    (status = p11_key_init(p, &s, k, CKO_SECRET_KEY,
	    p->p_fn->C_SignInit, &mech, &rv)) != PSA_SUCCESS)
		goto out;
	if (rv != CKR_OK ||
	    (rv = p->p_fn->C_Sign(s.ps_handle, (CK_BYTE_PTR)(uintptr_t)in,
	    (CK_ULONG)in_len, mac, &len)) != CKR_OK) {
		status = p11_rv_status("MAC", rv);
		goto out;
	}
	if (len < *want) {
		status = PSA_ERROR_HARDWARE_FAILURE;
		goto out;
	}
	*mac_len = len;
	status = PSA_SUCCESS;
out:
	p11_session_put(p, &s, rv);
	return status;
}

psa_status_t
p11_mac_compute(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *in, size_t in_len, uint8_t *mac, size_t mac_size,
    size_t *mac_len)
{
	uint8_t full[P11_MAC_MAX];
	size_t full_len, want = 0;
	psa_status_t status;

	*mac_len = 0;
	status = p11_mac_full(p, k, alg, in, in_len, full, &full_len, &want);
	if (status == PSA_SUCCESS && want > mac_size)
		status = PSA_ERROR_BUFFER_TOO_SMALL;
	if (status == PSA_SUCCESS) {
		memcpy(mac, full, want);	/* truncated MACs: leftmost */
		*mac_len = want;
	}
	OPENSSL_cleanse(full, sizeof(full));
	return status;
}

psa_status_t
p11_mac_verify(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *in, size_t in_len, const uint8_t *mac, size_t mac_len)
{
	uint8_t full[P11_MAC_MAX];
	size_t full_len, want = 0;
	psa_status_t status;

	status = p11_mac_full(p, k, alg, in, in_len, full, &full_len, &want);
	if (status == PSA_SUCCESS && (mac_len != want ||
	    CRYPTO_memcmp(full, mac, want) != 0))
		status = PSA_ERROR_INVALID_SIGNATURE;
	OPENSSL_cleanse(full, sizeof(full));
	return status;
}

/* ---- keyless ------------------------------------------------------------ */

psa_status_t
p11_hash_compute(struct prov *p, psa_algorithm_t alg, const uint8_t *in,
    size_t in_len, uint8_t *hash, size_t hash_size, size_t *hash_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	CK_MECHANISM mech = { 0, NULL, 0 };
	CK_RSA_PKCS_MGF_TYPE mgf;
	uint8_t buf[64];
	CK_ULONG len = sizeof(buf);
	CK_RV rv = CKR_OK;

	*hash_len = 0;
	if ((status = p11_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!psa_alg_is_hash(alg))
		return PSA_ERROR_INVALID_ARGUMENT;
	if (!p11_hash_mech(alg, &mech.mechanism, &mgf))
		return PSA_ERROR_NOT_SUPPORTED;
	if (psa_hash_length(alg) > hash_size)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS)
		goto out;
	if ((rv = p->p_fn->C_DigestInit(s.ps_handle, &mech)) != CKR_OK ||
	    (rv = p->p_fn->C_Digest(s.ps_handle, (CK_BYTE_PTR)(uintptr_t)in,
	    (CK_ULONG)in_len, buf, &len)) != CKR_OK) {
		status = p11_rv_status("digest", rv);
		goto out;
	}
	if (len != psa_hash_length(alg)) {
		status = PSA_ERROR_HARDWARE_FAILURE;
		goto out;
	}
	memcpy(hash, buf, len);
	*hash_len = len;
	status = PSA_SUCCESS;
out:
	p11_session_put(p, &s, rv);
	return status;
}

psa_status_t
p11_hash_compare(struct prov *p, psa_algorithm_t alg, const uint8_t *in,
    size_t in_len, const uint8_t *hash, size_t hash_len)
{
	uint8_t buf[64];
	size_t len;
	psa_status_t status;

	status = p11_hash_compute(p, alg, in, in_len, buf, sizeof(buf), &len);
	if (status == PSA_SUCCESS && (len != hash_len ||
	    CRYPTO_memcmp(buf, hash, len) != 0))
		status = PSA_ERROR_INVALID_SIGNATURE;
	return status;
}

psa_status_t
p11_generate_random(struct prov *p, uint8_t *out, size_t len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	CK_RV rv = CKR_OK;

	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS)
		return status;
	for (size_t off = 0; off < len && rv == CKR_OK;) {
		size_t n = len - off > 4096 ? 4096 : len - off;

		rv = p->p_fn->C_GenerateRandom(s.ps_handle, out + off,
		    (CK_ULONG)n);
		off += n;
	}
	status = p11_rv_status("C_GenerateRandom", rv);
	if (status != PSA_SUCCESS)
		OPENSSL_cleanse(out, len);
	p11_session_put(p, &s, rv);
	return status;
}
