/* psa/types.c: predicates and extractors over the PSA key type and algorithm
 * encodings. Pure.
 *
 * Each function reads one field of the bit layout the PSA Crypto API defines
 * (IHI 0086, appendix "Algorithm and key type encoding"); none of them knows
 * whether an implementation supports the value (that is psa/compat.c).
 */
#include "psa/types.h"

/* ---- Key types ----------------------------------------------------------- */

bool
psa_key_type_is_vendor(psa_key_type_t type)
{
	return (type & PSA_KEY_TYPE_VENDOR_FLAG) != 0;
}

bool
psa_key_type_is_unstructured(psa_key_type_t type)
{
	psa_key_type_t cat = type & PSA_KEY_TYPE_CATEGORY_MASK;

	return cat == PSA_KEY_TYPE_CATEGORY_RAW ||
	    cat == PSA_KEY_TYPE_CATEGORY_SYMMETRIC;
}

bool
psa_key_type_is_asymmetric(psa_key_type_t type)
{
	/* Public key 0x4000 and key pair 0x7000 differ only in the pair
	 * flag. */
	return (type & PSA_KEY_TYPE_CATEGORY_MASK &
	    (psa_key_type_t)~PSA_KEY_TYPE_CATEGORY_FLAG_PAIR) ==
	    PSA_KEY_TYPE_CATEGORY_PUBLIC_KEY;
}

bool
psa_key_type_is_public_key(psa_key_type_t type)
{
	return (type & PSA_KEY_TYPE_CATEGORY_MASK) ==
	    PSA_KEY_TYPE_CATEGORY_PUBLIC_KEY;
}

bool
psa_key_type_is_key_pair(psa_key_type_t type)
{
	return (type & PSA_KEY_TYPE_CATEGORY_MASK) ==
	    PSA_KEY_TYPE_CATEGORY_KEY_PAIR;
}

psa_key_type_t
psa_key_type_public_of_pair(psa_key_type_t type)
{
	if (!psa_key_type_is_asymmetric(type))
		return type;
	return type & (psa_key_type_t)~PSA_KEY_TYPE_CATEGORY_FLAG_PAIR;
}

psa_key_type_t
psa_key_type_pair_of_public(psa_key_type_t type)
{
	if (!psa_key_type_is_asymmetric(type))
		return type;
	return type | PSA_KEY_TYPE_CATEGORY_FLAG_PAIR;
}

bool
psa_key_type_is_rsa(psa_key_type_t type)
{
	return psa_key_type_public_of_pair(type) == PSA_KEY_TYPE_RSA_PUBLIC_KEY;
}

bool
psa_key_type_is_ecc(psa_key_type_t type)
{
	return (psa_key_type_public_of_pair(type) &
	    (psa_key_type_t)~PSA_KEY_TYPE_ECC_CURVE_MASK) ==
	    PSA_KEY_TYPE_ECC_PUBLIC_KEY_BASE;
}

bool
psa_key_type_is_ecc_key_pair(psa_key_type_t type)
{
	return (type & (psa_key_type_t)~PSA_KEY_TYPE_ECC_CURVE_MASK) ==
	    PSA_KEY_TYPE_ECC_KEY_PAIR_BASE;
}

bool
psa_key_type_is_ecc_public_key(psa_key_type_t type)
{
	return (type & (psa_key_type_t)~PSA_KEY_TYPE_ECC_CURVE_MASK) ==
	    PSA_KEY_TYPE_ECC_PUBLIC_KEY_BASE;
}

bool
psa_key_type_is_dh(psa_key_type_t type)
{
	return (psa_key_type_public_of_pair(type) &
	    (psa_key_type_t)~PSA_KEY_TYPE_DH_GROUP_MASK) ==
	    PSA_KEY_TYPE_DH_PUBLIC_KEY_BASE;
}

bool
psa_key_type_is_dh_key_pair(psa_key_type_t type)
{
	return (type & (psa_key_type_t)~PSA_KEY_TYPE_DH_GROUP_MASK) ==
	    PSA_KEY_TYPE_DH_KEY_PAIR_BASE;
}

bool
psa_key_type_is_dh_public_key(psa_key_type_t type)
{
	return (type & (psa_key_type_t)~PSA_KEY_TYPE_DH_GROUP_MASK) ==
	    PSA_KEY_TYPE_DH_PUBLIC_KEY_BASE;
}

psa_ecc_family_t
psa_key_type_ecc_family(psa_key_type_t type)
{
	if (!psa_key_type_is_ecc(type))
		return 0;
	return (psa_ecc_family_t)(type & PSA_KEY_TYPE_ECC_CURVE_MASK);
}

psa_dh_family_t
psa_key_type_dh_family(psa_key_type_t type)
{
	if (!psa_key_type_is_dh(type))
		return 0;
	return (psa_dh_family_t)(type & PSA_KEY_TYPE_DH_GROUP_MASK);
}

bool
psa_ecc_family_is_weierstrass(psa_ecc_family_t family)
{
	switch (family) {
	case PSA_ECC_FAMILY_SECP_K1:
	case PSA_ECC_FAMILY_SECP_R1:
	case PSA_ECC_FAMILY_SECP_R2:
	case PSA_ECC_FAMILY_SECT_K1:
	case PSA_ECC_FAMILY_SECT_R1:
	case PSA_ECC_FAMILY_SECT_R2:
	case PSA_ECC_FAMILY_BRAINPOOL_P_R1:
	case PSA_ECC_FAMILY_FRP:
		return true;
	default:
		return false;
	}
}

size_t
psa_key_type_block_length(psa_key_type_t type)
{
	/* Bits 8-10 of a symmetric type are log2 of its block size in bytes. */
	if ((type & PSA_KEY_TYPE_CATEGORY_MASK) !=
	    PSA_KEY_TYPE_CATEGORY_SYMMETRIC)
		return 0;
	return (size_t)1 << ((type >> 8) & 7);
}

/* ---- Algorithm categories ------------------------------------------------ */

static bool
psa_alg_in_category(psa_algorithm_t alg, psa_algorithm_t category)
{
	return (alg & PSA_ALG_CATEGORY_MASK) == category;
}

bool
psa_alg_is_vendor(psa_algorithm_t alg)
{
	return (alg & PSA_ALG_VENDOR_FLAG) != 0;
}

bool
psa_alg_is_hash(psa_algorithm_t alg)
{
	return psa_alg_in_category(alg, PSA_ALG_CATEGORY_HASH);
}

bool
psa_alg_is_mac(psa_algorithm_t alg)
{
	return psa_alg_in_category(alg, PSA_ALG_CATEGORY_MAC);
}

bool
psa_alg_is_cipher(psa_algorithm_t alg)
{
	return psa_alg_in_category(alg, PSA_ALG_CATEGORY_CIPHER);
}

bool
psa_alg_is_aead(psa_algorithm_t alg)
{
	return psa_alg_in_category(alg, PSA_ALG_CATEGORY_AEAD);
}

bool
psa_alg_is_sign(psa_algorithm_t alg)
{
	return psa_alg_in_category(alg, PSA_ALG_CATEGORY_SIGN);
}

bool
psa_alg_is_asymmetric_encryption(psa_algorithm_t alg)
{
	return psa_alg_in_category(alg, PSA_ALG_CATEGORY_ASYMMETRIC_ENCRYPTION);
}

bool
psa_alg_is_key_derivation(psa_algorithm_t alg)
{
	return psa_alg_in_category(alg, PSA_ALG_CATEGORY_KEY_DERIVATION);
}

bool
psa_alg_is_key_agreement(psa_algorithm_t alg)
{
	return psa_alg_in_category(alg, PSA_ALG_CATEGORY_KEY_AGREEMENT);
}

/* ---- MAC, cipher and AEAD sub-families ----------------------------------- */

bool
psa_alg_is_hmac(psa_algorithm_t alg)
{
	return (alg & (PSA_ALG_CATEGORY_MASK | PSA_ALG_MAC_SUBCATEGORY_MASK)) ==
	    PSA_ALG_HMAC_BASE;
}

bool
psa_alg_is_block_cipher_mac(psa_algorithm_t alg)
{
	return (alg & (PSA_ALG_CATEGORY_MASK | PSA_ALG_MAC_SUBCATEGORY_MASK)) ==
	    PSA_ALG_CIPHER_MAC_BASE;
}

bool
psa_alg_is_stream_cipher(psa_algorithm_t alg)
{
	return (alg & (PSA_ALG_CATEGORY_MASK | PSA_ALG_CIPHER_STREAM_FLAG)) ==
	    (PSA_ALG_CATEGORY_CIPHER | PSA_ALG_CIPHER_STREAM_FLAG);
}

bool
psa_alg_is_aead_on_block_cipher(psa_algorithm_t alg)
{
	return (alg & (PSA_ALG_CATEGORY_MASK | PSA_ALG_AEAD_FROM_BLOCK_FLAG)) ==
	    (PSA_ALG_CATEGORY_AEAD | PSA_ALG_AEAD_FROM_BLOCK_FLAG);
}

psa_algorithm_t
psa_alg_full_length_mac(psa_algorithm_t alg)
{
	return PSA_ALG_FULL_LENGTH_MAC(alg);
}

size_t
psa_alg_mac_truncated_length(psa_algorithm_t alg)
{
	return (alg & PSA_ALG_MAC_TRUNCATION_MASK) >> PSA_MAC_TRUNCATION_OFFSET;
}

bool
psa_alg_mac_is_at_least_this_length(psa_algorithm_t alg)
{
	return psa_alg_is_mac(alg) &&
	    (alg & PSA_ALG_MAC_AT_LEAST_THIS_LENGTH_FLAG) != 0;
}

psa_algorithm_t
psa_alg_aead_default_tag(psa_algorithm_t alg)
{
	/* The default-tag algorithms are the only ones whose 16-byte tag is
	 * part of the base value (spec
	 * PSA_ALG_AEAD_WITH_DEFAULT_LENGTH_TAG). */
	psa_algorithm_t base = PSA_ALG_AEAD_WITH_SHORTENED_TAG(alg, 0);

	if (base == PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_CCM, 0))
		return PSA_ALG_CCM;
	if (base == PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 0))
		return PSA_ALG_GCM;
	if (base == PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_CHACHA20_POLY1305,
	    0))
		return PSA_ALG_CHACHA20_POLY1305;
	if (base == PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_XCHACHA20_POLY1305,
	    0))
		return PSA_ALG_XCHACHA20_POLY1305;
	return PSA_ALG_NONE;
}

size_t
psa_alg_aead_encoded_tag_length(psa_algorithm_t alg)
{
	return (alg & PSA_ALG_AEAD_TAG_LENGTH_MASK) >>
	    PSA_AEAD_TAG_LENGTH_OFFSET;
}

bool
psa_alg_aead_is_at_least_this_length(psa_algorithm_t alg)
{
	return psa_alg_is_aead(alg) &&
	    (alg & PSA_ALG_AEAD_AT_LEAST_THIS_LENGTH_FLAG) != 0;
}

/* ---- Signatures and asymmetric encryption -------------------------------- */

bool
psa_alg_is_rsa_pkcs1v15_sign(psa_algorithm_t alg)
{
	return (alg & ~PSA_ALG_HASH_MASK) == PSA_ALG_RSA_PKCS1V15_SIGN_BASE;
}

bool
psa_alg_is_rsa_pss_standard_salt(psa_algorithm_t alg)
{
	return (alg & ~PSA_ALG_HASH_MASK) == PSA_ALG_RSA_PSS_BASE;
}

bool
psa_alg_is_rsa_pss_any_salt(psa_algorithm_t alg)
{
	return (alg & ~PSA_ALG_HASH_MASK) == PSA_ALG_RSA_PSS_ANY_SALT_BASE;
}

bool
psa_alg_is_rsa_pss(psa_algorithm_t alg)
{
	return psa_alg_is_rsa_pss_standard_salt(alg) ||
	    psa_alg_is_rsa_pss_any_salt(alg);
}

bool
psa_alg_is_ecdsa(psa_algorithm_t alg)
{
	return (alg & ~PSA_ALG_HASH_MASK & ~PSA_ALG_ECDSA_DETERMINISTIC_FLAG) ==
	    PSA_ALG_ECDSA_BASE;
}

bool
psa_alg_is_deterministic_ecdsa(psa_algorithm_t alg)
{
	return psa_alg_is_ecdsa(alg) &&
	    (alg & PSA_ALG_ECDSA_DETERMINISTIC_FLAG) != 0;
}

bool
psa_alg_is_randomized_ecdsa(psa_algorithm_t alg)
{
	return psa_alg_is_ecdsa(alg) &&
	    (alg & PSA_ALG_ECDSA_DETERMINISTIC_FLAG) == 0;
}

bool
psa_alg_is_hash_eddsa(psa_algorithm_t alg)
{
	return (alg & ~PSA_ALG_HASH_MASK) == PSA_ALG_HASH_EDDSA_BASE;
}

bool
psa_alg_is_hash_and_sign(psa_algorithm_t alg)
{
	return psa_alg_is_rsa_pss(alg) || psa_alg_is_rsa_pkcs1v15_sign(alg) ||
	    psa_alg_is_ecdsa(alg) || psa_alg_is_hash_eddsa(alg);
}

bool
psa_alg_is_sign_hash(psa_algorithm_t alg)
{
	/* Spec 1.1 PSA_ALG_IS_SIGN_HASH: hash-and-sign schemes, whose raw
	 * forms (PKCS1V15_SIGN_RAW, ECDSA_ANY) sign exactly what they are
	 * given. */
	return psa_alg_is_hash_and_sign(alg);
}

bool
psa_alg_is_sign_message(psa_algorithm_t alg)
{
	/* A raw form has no hash to apply to a message. */
	if (psa_alg_is_hash_and_sign(alg))
		return (alg & PSA_ALG_HASH_MASK) != 0;
	return alg == PSA_ALG_PURE_EDDSA;
}

psa_algorithm_t
psa_alg_sign_get_hash(psa_algorithm_t alg)
{
	if (!psa_alg_is_hash_and_sign(alg) || (alg & PSA_ALG_HASH_MASK) == 0)
		return 0;
	return (alg & PSA_ALG_HASH_MASK) | PSA_ALG_CATEGORY_HASH;
}

bool
psa_alg_is_rsa_oaep(psa_algorithm_t alg)
{
	return (alg & ~PSA_ALG_HASH_MASK) == PSA_ALG_RSA_OAEP_BASE;
}

psa_algorithm_t
psa_alg_get_hash(psa_algorithm_t alg)
{
	if (psa_alg_is_hash(alg) || (alg & PSA_ALG_HASH_MASK) == 0)
		return 0;
	return (alg & PSA_ALG_HASH_MASK) | PSA_ALG_CATEGORY_HASH;
}

/* ---- Key derivation and agreement ---------------------------------------- */

bool
psa_alg_is_hkdf(psa_algorithm_t alg)
{
	return (alg & ~PSA_ALG_HASH_MASK) == PSA_ALG_HKDF_BASE;
}

bool
psa_alg_is_key_derivation_stretching(psa_algorithm_t alg)
{
	return psa_alg_is_key_derivation(alg) &&
	    (alg & PSA_ALG_KEY_DERIVATION_STRETCHING_FLAG) != 0;
}

psa_algorithm_t
psa_alg_key_agreement_get_base(psa_algorithm_t alg)
{
	return alg & PSA_ALG_KEY_AGREEMENT_MASK;
}

psa_algorithm_t
psa_alg_key_agreement_get_kdf(psa_algorithm_t alg)
{
	/* Mask 0xfe80ffff turns category 0x09 into 0x08 and drops the
	 * agreement's bits 16-22. */
	return alg & PSA_ALG_KEY_DERIVATION_MASK;
}

bool
psa_alg_is_raw_key_agreement(psa_algorithm_t alg)
{
	return psa_alg_is_key_agreement(alg) &&
	    psa_alg_key_agreement_get_kdf(alg) ==
	    PSA_ALG_CATEGORY_KEY_DERIVATION;
}

bool
psa_alg_is_ecdh(psa_algorithm_t alg)
{
	return psa_alg_is_key_agreement(alg) &&
	    psa_alg_key_agreement_get_base(alg) == PSA_ALG_ECDH;
}

bool
psa_alg_is_ffdh(psa_algorithm_t alg)
{
	return psa_alg_is_key_agreement(alg) &&
	    psa_alg_key_agreement_get_base(alg) == PSA_ALG_FFDH;
}

/* ---- Wildcards ----------------------------------------------------------- */

bool
psa_alg_is_wildcard(psa_algorithm_t alg)
{
	/* Spec PSA_ALG_IS_WILDCARD: ANY_HASH itself or in the hash byte of a
	 * composite (HMAC(ANY_HASH) counts too, though no policy may hold
	 * it), or the at-least-this-length flag of a MAC or AEAD. */
	if (alg == PSA_ALG_ANY_HASH ||
	    psa_alg_get_hash(alg) == PSA_ALG_ANY_HASH)
		return true;
	if (psa_alg_is_mac(alg))
		return (alg & PSA_ALG_MAC_AT_LEAST_THIS_LENGTH_FLAG) != 0;
	if (psa_alg_is_aead(alg))
		return (alg & PSA_ALG_AEAD_AT_LEAST_THIS_LENGTH_FLAG) != 0;
	return false;
}
