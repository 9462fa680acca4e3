/* psa/compat.c: which algorithm encodings are well formed, and which key
 * types each algorithm works with. Pure.
 *
 * "Compatible key types" follow each algorithm's entry in the PSA Crypto API
 * (IHI 0086, Cryptographic operation reference); "known" is the set of
 * algorithms the PSA model of arcsec names. Whether a particular provider
 * implements a known algorithm is its capability table's business, not this
 * file's.
 */
#include "psa/policy.h"

#include "psa/sizes.h"

/* Smallest truncated MAC arcsec computes or verifies. The spec leaves the
 * minimum to the implementation but forbids 0 (PSA_ALG_TRUNCATED_MAC);
 * 4 bytes is Mbed TLS's floor, and anything shorter is forgeable by chance
 * far too often to be a MAC. */
#define PSA_MAC_TRUNCATED_MIN	4u

/* Largest MAC of a block cipher: the 16-byte block of AES and its peers. */
#define PSA_BLOCK_MAC_MAX	16u

/*
 * Whether the low byte of alg names a hash a composite algorithm (signature,
 * HMAC, OAEP, KDF) can be built on.
 * SHAKE256-512 exists for Ed448ph only (it has no PKCS#1 OID, and HMAC is
 * not defined over an XOF: spec PSA_ALG_HMAC hash table); MD2 and MD4 are
 * known values no backend implements.
 */
static psa_status_t
psa_compat_hash(psa_algorithm_t alg)
{
	switch ((alg & PSA_ALG_HASH_MASK) | PSA_ALG_CATEGORY_HASH) {
	case PSA_ALG_MD5:
	case PSA_ALG_RIPEMD160:
	case PSA_ALG_SHA_1:
	case PSA_ALG_SHA_224:
	case PSA_ALG_SHA_256:
	case PSA_ALG_SHA_384:
	case PSA_ALG_SHA_512:
	case PSA_ALG_SHA_512_224:
	case PSA_ALG_SHA_512_256:
	case PSA_ALG_SHA3_224:
	case PSA_ALG_SHA3_256:
	case PSA_ALG_SHA3_384:
	case PSA_ALG_SHA3_512:
	case PSA_ALG_SM3:
		return PSA_SUCCESS;
	case PSA_ALG_MD2:
	case PSA_ALG_MD4:
	case PSA_ALG_SHAKE256_512:
		return PSA_ERROR_NOT_SUPPORTED;
	case PSA_ALG_CATEGORY_HASH:		/* low byte 0: no hash given */
	case PSA_ALG_ANY_HASH:			/* a wildcard: not here */
		return PSA_ERROR_INVALID_ARGUMENT;
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}

static psa_status_t
psa_compat_validate_hash_alg(psa_algorithm_t alg, bool is_policy)
{
	if (alg == PSA_ALG_ANY_HASH)
		return is_policy ? PSA_SUCCESS : PSA_ERROR_INVALID_ARGUMENT;
	if ((alg & ~PSA_ALG_HASH_MASK) != PSA_ALG_CATEGORY_HASH)
		return PSA_ERROR_NOT_SUPPORTED;
	if (alg == PSA_ALG_SHAKE256_512)
		return PSA_SUCCESS;		/* a hash of its own right */
	return psa_compat_hash(alg);
}

static psa_status_t
psa_compat_validate_mac(psa_algorithm_t alg, bool is_policy)
{
	psa_algorithm_t base = PSA_ALG_FULL_LENGTH_MAC(alg);
	size_t len = psa_alg_mac_truncated_length(alg);
	size_t full_len;
	psa_status_t status;

	if (psa_alg_is_hmac(base)) {
		if (base != PSA_ALG_HMAC(base))		/* stray middle bits */
			return PSA_ERROR_NOT_SUPPORTED;
		if ((status = psa_compat_hash(base)) != PSA_SUCCESS)
			return status;
		full_len = psa_hash_length(psa_alg_get_hash(base));
	} else if (base == PSA_ALG_CMAC || base == PSA_ALG_CBC_MAC) {
		/* The exact length depends on the key's block size; the key
		 * type check (psa_key_type_alg_compatible) applies it. */
		full_len = PSA_BLOCK_MAC_MAX;
	} else
		return PSA_ERROR_NOT_SUPPORTED;

	if (psa_alg_mac_is_at_least_this_length(alg)) {
		if (!is_policy)
			return PSA_ERROR_INVALID_ARGUMENT;
		/* Spec PSA_ALG_AT_LEAST_THIS_LENGTH_MAC: 1 <= n <= full. */
		if (len == 0 || len > full_len)
			return PSA_ERROR_INVALID_ARGUMENT;
		return PSA_SUCCESS;
	}
	if (len > full_len)
		return PSA_ERROR_INVALID_ARGUMENT;
	if (len != 0 && len < PSA_MAC_TRUNCATED_MIN)
		return PSA_ERROR_NOT_SUPPORTED;
	return PSA_SUCCESS;
}

static psa_status_t
psa_compat_validate_cipher(psa_algorithm_t alg)
{
	switch (alg) {
	case PSA_ALG_STREAM_CIPHER:
	case PSA_ALG_CTR:
	case PSA_ALG_CFB:
	case PSA_ALG_OFB:
	case PSA_ALG_XTS:
	case PSA_ALG_ECB_NO_PADDING:
	case PSA_ALG_CBC_NO_PADDING:
	case PSA_ALG_CBC_PKCS7:
		return PSA_SUCCESS;
	default:
		/* Including CCM* (0x04c01300), which only Zigbee needs. */
		return PSA_ERROR_NOT_SUPPORTED;
	}
}

/* Whether `len` is a tag length the AEAD mode defines (spec, AEAD
 * algorithms: CCM 4, 6, ..., 16; GCM 4, 8, 12-16; the ChaCha20 modes
 * recommend 16 only). */
static psa_status_t
psa_compat_aead_tag(psa_algorithm_t base, size_t len)
{
	if (len == 0 || len > PSA_AEAD_TAG_MAX_SIZE)
		return PSA_ERROR_INVALID_ARGUMENT;
	switch (base) {
	case PSA_ALG_CCM:
		return (len >= 4 && len % 2 == 0) ? PSA_SUCCESS :
		    PSA_ERROR_INVALID_ARGUMENT;
	case PSA_ALG_GCM:
		return (len == 4 || len == 8 || len >= 12) ? PSA_SUCCESS :
		    PSA_ERROR_INVALID_ARGUMENT;
	default:
		/* ChaCha20-Poly1305 and XChaCha20-Poly1305: the spec asks
		 * implementations to refuse truncated tags. */
		return len == 16 ? PSA_SUCCESS : PSA_ERROR_NOT_SUPPORTED;
	}
}

static psa_status_t
psa_compat_validate_aead(psa_algorithm_t alg, bool is_policy)
{
	psa_algorithm_t base = psa_alg_aead_default_tag(alg);
	size_t len = psa_alg_aead_encoded_tag_length(alg);

	if (base == PSA_ALG_NONE)
		return PSA_ERROR_NOT_SUPPORTED;
	if (psa_alg_aead_is_at_least_this_length(alg)) {
		if (!is_policy)
			return PSA_ERROR_INVALID_ARGUMENT;
		/* Spec PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG: 1 <= n <=
		 * the largest tag; smaller than the mode's smallest tag means
		 * any tag length. */
		if (len == 0 || len > PSA_AEAD_TAG_MAX_SIZE)
			return PSA_ERROR_INVALID_ARGUMENT;
		return PSA_SUCCESS;
	}
	return psa_compat_aead_tag(base, len);
}

/* A hash-and-sign scheme's hash: specific, ANY_HASH (policies only) or
 * absent (only for the raw forms, where may_be_raw). */
static psa_status_t
psa_compat_sign_hash(psa_algorithm_t alg, bool is_policy, bool may_be_raw)
{
	psa_algorithm_t hash = alg & PSA_ALG_HASH_MASK;

	if (hash == 0)
		return may_be_raw ? PSA_SUCCESS : PSA_ERROR_INVALID_ARGUMENT;
	if (hash == (PSA_ALG_ANY_HASH & PSA_ALG_HASH_MASK))
		return is_policy ? PSA_SUCCESS : PSA_ERROR_INVALID_ARGUMENT;
	return psa_compat_hash(alg);
}

static psa_status_t
psa_compat_validate_sign(psa_algorithm_t alg, bool is_policy)
{
	if (psa_alg_is_rsa_pkcs1v15_sign(alg) ||
	    psa_alg_is_randomized_ecdsa(alg))
		return psa_compat_sign_hash(alg, is_policy, true);
	if (psa_alg_is_rsa_pss(alg) || psa_alg_is_deterministic_ecdsa(alg))
		return psa_compat_sign_hash(alg, is_policy, false);
	if (alg == PSA_ALG_PURE_EDDSA || alg == PSA_ALG_ED25519PH ||
	    alg == PSA_ALG_ED448PH)
		return PSA_SUCCESS;
	/* Other HashEdDSA hashes, Ed25519ctx, PQC signatures, ... */
	return PSA_ERROR_NOT_SUPPORTED;
}

static psa_status_t
psa_compat_validate_kdf(psa_algorithm_t alg)
{
	psa_algorithm_t base = alg & ~PSA_ALG_HASH_MASK;

	switch (base) {
	case PSA_ALG_HKDF_BASE:
	case PSA_ALG_HKDF_EXTRACT_BASE:
	case PSA_ALG_HKDF_EXPAND_BASE:
	case PSA_ALG_TLS12_PRF_BASE:
	case PSA_ALG_TLS12_PSK_TO_MS_BASE:
	case PSA_ALG_SP800_108_COUNTER_HMAC_BASE:
	case PSA_ALG_PBKDF2_HMAC_BASE:
		return psa_compat_hash(alg);
	default:
		break;
	}
	if (alg == PSA_ALG_SP800_108_COUNTER_CMAC ||
	    alg == PSA_ALG_PBKDF2_AES_CMAC_PRF_128)
		return PSA_SUCCESS;
	return PSA_ERROR_NOT_SUPPORTED;
}

static psa_status_t
psa_compat_validate_key_agreement(psa_algorithm_t alg)
{
	psa_algorithm_t base = psa_alg_key_agreement_get_base(alg);
	psa_algorithm_t kdf = psa_alg_key_agreement_get_kdf(alg);

	if (base != PSA_ALG_ECDH && base != PSA_ALG_FFDH)
		return PSA_ERROR_NOT_SUPPORTED;
	if (kdf == PSA_ALG_CATEGORY_KEY_DERIVATION)
		return PSA_SUCCESS;			/* raw agreement */
	/* Password hashing takes a low-entropy password, never an agreed
	 * secret (Mbed TLS crypto_values.h: stretching KDFs "cannot be
	 * combined with a key agreement algorithm"). */
	if (psa_alg_is_key_derivation_stretching(kdf))
		return PSA_ERROR_INVALID_ARGUMENT;
	return psa_compat_validate_kdf(kdf);
}

psa_status_t
psa_alg_validate(psa_algorithm_t alg, bool is_policy)
{
	if (alg == PSA_ALG_NONE)
		return is_policy ? PSA_SUCCESS : PSA_ERROR_INVALID_ARGUMENT;
	if (psa_alg_is_vendor(alg))
		return PSA_ERROR_NOT_SUPPORTED;
	if (psa_alg_is_hash(alg))
		return psa_compat_validate_hash_alg(alg, is_policy);
	if (psa_alg_is_mac(alg))
		return psa_compat_validate_mac(alg, is_policy);
	if (psa_alg_is_cipher(alg))
		return psa_compat_validate_cipher(alg);
	if (psa_alg_is_aead(alg))
		return psa_compat_validate_aead(alg, is_policy);
	if (psa_alg_is_sign(alg))
		return psa_compat_validate_sign(alg, is_policy);
	if (alg == PSA_ALG_RSA_PKCS1V15_CRYPT)
		return PSA_SUCCESS;
	if (psa_alg_is_rsa_oaep(alg))
		return psa_compat_hash(alg);
	if (psa_alg_is_key_derivation(alg))
		return psa_compat_validate_kdf(alg);
	if (psa_alg_is_key_agreement(alg))
		return psa_compat_validate_key_agreement(alg);
	return PSA_ERROR_NOT_SUPPORTED;		/* PAKE, KEM, wrapping, ... */
}

/* ---- Key types ----------------------------------------------------------- */

static bool
psa_compat_is_block_cipher(psa_key_type_t type)
{
	return psa_key_type_block_length(type) > 1;
}

static bool
psa_compat_kdf_key(psa_key_type_t type, psa_algorithm_t kdf)
{
	/* Secrets and byte-string inputs of key derivation (spec, Key
	 * derivation, and the key types' entries): DERIVE is the secret of
	 * every KDF and may also be a password; RAW_DATA may be a salt,
	 * label, info or seed; PASSWORD, PASSWORD_HASH and PEPPER belong to
	 * password hashing. */
	switch (type) {
	case PSA_KEY_TYPE_DERIVE:
	case PSA_KEY_TYPE_RAW_DATA:
		return true;
	case PSA_KEY_TYPE_PASSWORD:
	case PSA_KEY_TYPE_PASSWORD_HASH:
	case PSA_KEY_TYPE_PEPPER:
		return psa_alg_is_key_derivation_stretching(kdf);
	case PSA_KEY_TYPE_HMAC:
		return (kdf & ~PSA_ALG_HASH_MASK) ==
		    PSA_ALG_SP800_108_COUNTER_HMAC_BASE;
	case PSA_KEY_TYPE_AES:
		return kdf == PSA_ALG_SP800_108_COUNTER_CMAC;
	default:
		return false;
	}
}

static bool
psa_compat_sign_key(psa_key_type_t type, size_t bits, psa_algorithm_t alg)
{
	psa_ecc_family_t family = psa_key_type_ecc_family(type);

	if (psa_alg_is_rsa_pkcs1v15_sign(alg) || psa_alg_is_rsa_pss(alg))
		return psa_key_type_is_rsa(type);
	if (psa_alg_is_ecdsa(alg))
		return psa_key_type_is_ecc(type) &&
		    psa_ecc_family_is_weierstrass(family);
	if (!psa_key_type_is_ecc(type) ||
	    family != PSA_ECC_FAMILY_TWISTED_EDWARDS)
		return false;
	/* EdDSA: Ed25519ph needs Edwards25519, Ed448ph Edwards448 (spec
	 * table "EdDSA algorithm identifiers"). */
	if (alg == PSA_ALG_ED25519PH)
		return bits == 0 || bits == 255;
	if (alg == PSA_ALG_ED448PH)
		return bits == 0 || bits == 448;
	return alg == PSA_ALG_PURE_EDDSA;
}

static bool
psa_compat_cipher_key(psa_key_type_t type, psa_algorithm_t alg)
{
	if (alg == PSA_ALG_STREAM_CIPHER)
		return type == PSA_KEY_TYPE_CHACHA20 ||
		    type == PSA_KEY_TYPE_XCHACHA20 || type == PSA_KEY_TYPE_ARC4;
	if (alg == PSA_ALG_XTS)	/* defined for 128-bit blocks (IEEE 1619) */
		return psa_key_type_block_length(type) == 16;
	return psa_compat_is_block_cipher(type);
}

static bool
psa_compat_aead_key(psa_key_type_t type, psa_algorithm_t alg)
{
	switch (psa_alg_aead_default_tag(alg)) {
	case PSA_ALG_CCM:
	case PSA_ALG_GCM:	/* both need a 128-bit block (spec) */
		return psa_key_type_block_length(type) == 16;
	case PSA_ALG_CHACHA20_POLY1305:
		return type == PSA_KEY_TYPE_CHACHA20;
	case PSA_ALG_XCHACHA20_POLY1305:
		return type == PSA_KEY_TYPE_XCHACHA20;
	default:
		return false;
	}
}

static bool
psa_compat_mac_key(psa_key_type_t type, size_t bits, psa_algorithm_t alg)
{
	size_t full_len = psa_mac_length(type, bits,
	    PSA_ALG_FULL_LENGTH_MAC(alg));

	/* psa_mac_length() is 0 when the key cannot compute this MAC at all
	 * (HMAC needs an HMAC key, CMAC a block cipher); the truncation must
	 * then fit this key's MAC, whose length CMAC takes from the block. */
	return full_len != 0 && psa_alg_mac_truncated_length(alg) <= full_len;
}

bool
psa_key_type_alg_compatible(psa_key_type_t type, size_t bits,
    psa_algorithm_t alg)
{
	if (alg == PSA_ALG_NONE)
		return true;
	if (psa_alg_is_mac(alg))
		return psa_compat_mac_key(type, bits, alg);
	if (psa_alg_is_cipher(alg))
		return psa_compat_cipher_key(type, alg);
	if (psa_alg_is_aead(alg))
		return psa_compat_aead_key(type, alg);
	if (psa_alg_is_sign(alg))
		return psa_compat_sign_key(type, bits, alg);
	if (psa_alg_is_asymmetric_encryption(alg))
		return psa_key_type_is_rsa(type);
	if (psa_alg_is_key_derivation(alg))
		return psa_compat_kdf_key(type, alg);
	if (psa_alg_is_ecdh(alg))	/* X25519/X448 and Weierstrass ECDH */
		return psa_key_type_is_ecc(type) &&
		    psa_key_type_ecc_family(type) !=
		    PSA_ECC_FAMILY_TWISTED_EDWARDS;
	if (psa_alg_is_ffdh(alg))
		return psa_key_type_is_dh(type);
	/* Hashes, and anything unknown: no key is used with them. */
	return false;
}
