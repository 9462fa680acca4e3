/* providers/soft/cipher.c: unauthenticated ciphers, one-shot, as
 * psa_cipher_encrypt/decrypt define them: encryption picks a random IV
 * and returns IV || ciphertext; decryption takes the same layout.
 * Block ciphers AES, ARIA, Camellia, SM4 in CTR, CFB (CFB-128), OFB, CBC
 * (no padding or PKCS#7) and ECB; ChaCha20 as PSA_ALG_STREAM_CIPHER. */
#include "providers/soft/soft_int.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "psa/policy.h"
#include "psa/sizes.h"

/* OpenSSL's ChaCha20 IV is a 32-bit little-endian block counter then the
 * 96-bit nonce (RFC 8439 §2.3); PSA's stream cipher starts at block 0. */
#define SOFT_CHACHA20_NONCE_LEN	12u
#define SOFT_CHACHA20_IV_LEN	16u

static const char *
soft_block_cipher_name(psa_key_type_t type)
{
	switch (type) {
	case PSA_KEY_TYPE_AES:
		return "AES";
	case PSA_KEY_TYPE_ARIA:
		return "ARIA";
	case PSA_KEY_TYPE_CAMELLIA:
		return "CAMELLIA";
	case PSA_KEY_TYPE_SM4:
		return "SM4";
	default:
		return NULL;
	}
}

/* The OpenSSL cipher for a key and a mode name ("CBC", "GCM", ...). */
psa_status_t
soft_cipher_fetch(psa_key_type_t type, size_t bits, const char *mode,
    EVP_CIPHER **cipher)
{
	const char *family = soft_block_cipher_name(type);
	char name[48];
	int n;

	*cipher = NULL;
	if (family == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	/* SM4 has one size and OpenSSL names it without one. */
	n = type == PSA_KEY_TYPE_SM4 ?
	    snprintf(name, sizeof(name), "%s-%s", family, mode) :
	    snprintf(name, sizeof(name), "%s-%zu-%s", family, bits, mode);
	if (n < 0 || (size_t)n >= sizeof(name))
		return PSA_ERROR_NOT_SUPPORTED;
	if ((*cipher = EVP_CIPHER_fetch(NULL, name, NULL)) == NULL)
		return soft_ossl_status(name, PSA_ERROR_NOT_SUPPORTED);
	return PSA_SUCCESS;
}

static const char *
soft_cipher_mode(psa_algorithm_t alg)
{
	switch (alg) {
	case PSA_ALG_CTR:
		return "CTR";
	case PSA_ALG_CFB:
		return "CFB";		/* CFB-128, as PSA_ALG_CFB is */
	case PSA_ALG_OFB:
		return "OFB";
	case PSA_ALG_CBC_NO_PADDING:
	case PSA_ALG_CBC_PKCS7:
		return "CBC";
	case PSA_ALG_ECB_NO_PADDING:
		return "ECB";
	default:
		return NULL;		/* XTS, CCM*: not offered */
	}
}

/* Everything about (key, alg) a one-shot cipher needs before any work. */
struct soft_cipher_plan {
	EVP_CIPHER	*cp_cipher;
	size_t		 cp_block;	/* 1 for stream modes */
	size_t		 cp_iv_len;	/* PSA's IV length, as callers see */
	bool		 cp_is_chacha;
	bool		 cp_has_padding;
	bool		 cp_needs_blocks;	/* input must be whole blocks */
};

static psa_status_t
soft_cipher_plan(const struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, struct soft_cipher_plan *cp)
{
	const struct psa_key_attrs *a;
	const char *mode;
	psa_status_t status;

	memset(cp, 0, sizeof(*cp));
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	a = k->pk_attrs;
	if ((status = soft_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!psa_alg_is_cipher(alg) ||
	    !psa_key_type_alg_compatible(a->type, a->bits, alg))
		return PSA_ERROR_INVALID_ARGUMENT;
	cp->cp_iv_len = psa_cipher_iv_length(a->type, alg);
	if (a->type == PSA_KEY_TYPE_CHACHA20 && alg == PSA_ALG_STREAM_CIPHER) {
		cp->cp_is_chacha = true;
		cp->cp_block = 1;
		if (cp->cp_iv_len != SOFT_CHACHA20_NONCE_LEN)
			return PSA_ERROR_CORRUPTION_DETECTED;
		if ((cp->cp_cipher = EVP_CIPHER_fetch(NULL, "ChaCha20",
		    NULL)) == NULL)
			return soft_ossl_status("ChaCha20",
			    PSA_ERROR_NOT_SUPPORTED);
		return PSA_SUCCESS;
	}
	if ((mode = soft_cipher_mode(alg)) == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	cp->cp_has_padding = alg == PSA_ALG_CBC_PKCS7;
	cp->cp_needs_blocks = alg == PSA_ALG_CBC_NO_PADDING ||
	    alg == PSA_ALG_ECB_NO_PADDING;
	cp->cp_block = cp->cp_has_padding || cp->cp_needs_blocks ?
	    psa_key_type_block_length(a->type) : 1;
	return soft_cipher_fetch(a->type, a->bits, mode, &cp->cp_cipher);
}

static psa_status_t
soft_cipher_run(const struct soft_cipher_plan *cp, const struct soft_key *sk,
    bool is_encrypt, const uint8_t *iv, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t chacha_iv[SOFT_CHACHA20_IV_LEN] = { 0 };
	uint8_t none[1];
	EVP_CIPHER_CTX *ctx = NULL;
	int len1 = 0, len2 = 0;

	/* An empty output (ECB or a stream of nothing) may come without a
	 * buffer; OpenSSL still wants somewhere to point. */
	if (out == NULL)
		out = none;
	if (cp->cp_is_chacha) {
		memcpy(chacha_iv + 4, iv, SOFT_CHACHA20_NONCE_LEN);
		iv = chacha_iv;
	}
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_CipherInit_ex2(ctx, cp->cp_cipher, sk->sk_raw,
	    cp->cp_iv_len != 0 ? iv : NULL, is_encrypt ? 1 : 0, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(ctx, cp->cp_has_padding ? 1 : 0) != 1 ||
	    (in_len != 0 &&
	    EVP_CipherUpdate(ctx, out, &len1, in, (int)in_len) != 1)) {
		status = soft_ossl_status("cipher", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (EVP_CipherFinal_ex(ctx, out + len1, &len2) != 1) {
		/* Only a PKCS#7 decryption can fail here: bad padding. */
		status = soft_ossl_status("cipher final", cp->cp_has_padding &&
		    !is_encrypt ? PSA_ERROR_INVALID_PADDING :
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	*out_len = (size_t)len1 + (size_t)len2;
	status = PSA_SUCCESS;
out:
	EVP_CIPHER_CTX_free(ctx);
	return status;
}

psa_status_t
soft_cipher_encrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct soft_cipher_plan cp = { 0 };
	struct soft_key sk = { 0 };
	size_t ct_len, len = 0;

	*out_len = 0;
	if ((status = soft_cipher_plan(p, k, alg, &cp)) != PSA_SUCCESS)
		goto out;
	if ((in == NULL && in_len != 0) || in_len > INT_MAX - 64) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (cp.cp_needs_blocks && in_len % cp.cp_block != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	/* PKCS#7 always adds 1..block bytes (RFC 5652 §6.3). */
	ct_len = cp.cp_has_padding ?
	    (in_len / cp.cp_block + 1) * cp.cp_block : in_len;
	if (out_size < cp.cp_iv_len + ct_len) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS)
		goto out;
	if (cp.cp_iv_len != 0 && RAND_bytes(out, (int)cp.cp_iv_len) != 1) {
		status = soft_ossl_status("cipher IV",
		    PSA_ERROR_INSUFFICIENT_ENTROPY);
		goto out;
	}
	if ((status = soft_cipher_run(&cp, &sk, true, out, in, in_len,
	    out != NULL ? out + cp.cp_iv_len : NULL, &len)) != PSA_SUCCESS)
		goto out;
	if (len != ct_len) {
		status = PSA_ERROR_CORRUPTION_DETECTED;
		goto out;
	}
	*out_len = cp.cp_iv_len + len;
	status = PSA_SUCCESS;
out:
	soft_key_unload(&sk);
	EVP_CIPHER_free(cp.cp_cipher);
	if (status != PSA_SUCCESS && out != NULL)
		OPENSSL_cleanse(out, out_size);
	return status;
}

psa_status_t
soft_cipher_decrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct soft_cipher_plan cp = { 0 };
	struct soft_key sk = { 0 };
	size_t ct_len, len = 0;

	*out_len = 0;
	if ((status = soft_cipher_plan(p, k, alg, &cp)) != PSA_SUCCESS)
		goto out;
	if ((in == NULL && in_len != 0) || in_len < cp.cp_iv_len ||
	    in_len > INT_MAX - 64) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	ct_len = in_len - cp.cp_iv_len;
	if ((cp.cp_needs_blocks || cp.cp_has_padding) &&
	    ct_len % cp.cp_block != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (cp.cp_has_padding && ct_len == 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;	/* no padding block */
		goto out;
	}
	/* The padded length bounds the plaintext (PSA
	 * PSA_CIPHER_DECRYPT_OUTPUT_SIZE); OpenSSL may write that much
	 * before it strips the padding. */
	if (out_size < ct_len) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS ||
	    (status = soft_cipher_run(&cp, &sk, false, in, ct_len != 0 ?
	    in + cp.cp_iv_len : NULL, ct_len, out, &len)) != PSA_SUCCESS)
		goto out;
	*out_len = len;
	status = PSA_SUCCESS;
out:
	soft_key_unload(&sk);
	EVP_CIPHER_free(cp.cp_cipher);
	if (status != PSA_SUCCESS && out != NULL)
		OPENSSL_cleanse(out, out_size);
	return status;
}
