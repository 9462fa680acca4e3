/* providers/soft/mac.c: MACs: HMAC over every hash the provider has, and
 * CMAC over AES, ARIA, Camellia and SM4, full length or truncated (a
 * truncated MAC is the leading bytes of the full one: spec
 * PSA_ALG_TRUNCATED_MAC, RFC 2104 §5, SP 800-38B §6.2). */
#include "providers/soft/soft_int.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include "psa/policy.h"
#include "psa/sizes.h"

/* Whether (key, alg) is a MAC this provider computes, and *mac_len, the
 * length alg asks for (truncated or full), known from the attributes
 * alone so output sizes are judged before the key is opened. */
static psa_status_t
soft_mac_plan(const struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, size_t *mac_len)
{
	const struct psa_key_attrs *a;
	psa_algorithm_t base;
	psa_status_t status;

	*mac_len = 0;
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	a = k->pk_attrs;
	if ((status = soft_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!psa_alg_is_mac(alg) ||
	    !psa_key_type_alg_compatible(a->type, a->bits, alg) ||
	    (*mac_len = psa_mac_length(a->type, a->bits, alg)) == 0)
		return PSA_ERROR_INVALID_ARGUMENT;
	base = PSA_ALG_FULL_LENGTH_MAC(alg);
	if (psa_alg_is_hmac(base))
		return soft_md_name(psa_alg_get_hash(base)) != NULL ?
		    PSA_SUCCESS : PSA_ERROR_NOT_SUPPORTED;
	if (base == PSA_ALG_CMAC)
		return PSA_SUCCESS;	/* the cipher is looked up below */
	return PSA_ERROR_NOT_SUPPORTED;	/* CBC-MAC: no OpenSSL EVP_MAC */
}

/* The full-length MAC of `in` into full[0..full_size). */
static psa_status_t
soft_mac_run(const struct soft_key *sk, psa_algorithm_t alg,
    const uint8_t *in, size_t in_len, uint8_t *full, size_t full_size)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const struct psa_key_attrs *a = sk->sk_attrs;
	psa_algorithm_t base = PSA_ALG_FULL_LENGTH_MAC(alg);
	OSSL_PARAM params[2] = { OSSL_PARAM_END, OSSL_PARAM_END };
	EVP_CIPHER *cipher = NULL;
	EVP_MAC_CTX *ctx = NULL;
	EVP_MAC *mac = NULL;
	size_t len = 0;

	if (psa_alg_is_hmac(base)) {
		params[0] = OSSL_PARAM_construct_utf8_string(
		    OSSL_MAC_PARAM_DIGEST,
		    (char *)soft_md_name(psa_alg_get_hash(base)), 0);
		mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	} else {
		/* CMAC runs the block cipher in CBC mode (SP 800-38B). */
		if ((status = soft_cipher_fetch(a->type, a->bits, "CBC",
		    &cipher)) != PSA_SUCCESS)
			goto out;
		params[0] = OSSL_PARAM_construct_utf8_string(
		    OSSL_MAC_PARAM_CIPHER, (char *)EVP_CIPHER_get0_name(cipher),
		    0);
		mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	}
	if (mac == NULL || (ctx = EVP_MAC_CTX_new(mac)) == NULL ||
	    EVP_MAC_init(ctx, sk->sk_raw, sk->sk_raw_len, params) != 1 ||
	    (in_len != 0 && EVP_MAC_update(ctx, in, in_len) != 1) ||
	    EVP_MAC_final(ctx, full, &len, full_size) != 1) {
		status = soft_ossl_status("MAC", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	status = len == psa_mac_length(a->type, a->bits, base) ?
	    PSA_SUCCESS : PSA_ERROR_CORRUPTION_DETECTED;
out:
	EVP_MAC_CTX_free(ctx);		/* wipes the keyed state */
	EVP_MAC_free(mac);
	EVP_CIPHER_free(cipher);
	return status;
}

psa_status_t
soft_mac_compute(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len, uint8_t *mac,
    size_t mac_size, size_t *mac_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t full[EVP_MAX_MD_SIZE];
	struct soft_key sk = { 0 };
	size_t len = 0;

	*mac_len = 0;
	if ((status = soft_mac_plan(p, k, alg, &len)) != PSA_SUCCESS)
		goto out;
	if (in == NULL && in_len != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (mac == NULL || mac_size < len) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS ||
	    (status = soft_mac_run(&sk, alg, in, in_len, full,
	    sizeof(full))) != PSA_SUCCESS)
		goto out;
	memcpy(mac, full, len);
	*mac_len = len;
	status = PSA_SUCCESS;
out:
	OPENSSL_cleanse(full, sizeof(full));
	soft_key_unload(&sk);
	if (status != PSA_SUCCESS && mac != NULL)
		OPENSSL_cleanse(mac, mac_size);
	return status;
}

psa_status_t
soft_mac_verify(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *in, size_t in_len, const uint8_t *mac, size_t mac_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t full[EVP_MAX_MD_SIZE];
	struct soft_key sk = { 0 };
	size_t len = 0;

	if ((status = soft_mac_plan(p, k, alg, &len)) != PSA_SUCCESS)
		goto out;
	if (in == NULL && in_len != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	/* Spec psa_mac_verify(): a MAC of the wrong length is not valid. */
	if (mac == NULL || mac_len != len) {
		status = PSA_ERROR_INVALID_SIGNATURE;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS ||
	    (status = soft_mac_run(&sk, alg, in, in_len, full,
	    sizeof(full))) != PSA_SUCCESS)
		goto out;
	/* Constant time, so a forger learns nothing byte by byte. */
	status = CRYPTO_memcmp(full, mac, len) == 0 ? PSA_SUCCESS :
	    PSA_ERROR_INVALID_SIGNATURE;
out:
	OPENSSL_cleanse(full, sizeof(full));
	soft_key_unload(&sk);
	return status;
}
