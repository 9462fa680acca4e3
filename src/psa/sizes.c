/* psa/sizes.c: output sizes of PSA operations (contract in psa/sizes.h).
 * Pure. */
#include "psa/sizes.h"

#include "psa/policy.h"

/* Sizes beyond the PSA model's largest key are nonsense; refusing them here
 * also keeps every product below from overflowing. */
static bool
psa_sizes_bits_ok(size_t bits)
{
	return bits > 0 && bits <= PSA_KEY_BITS_MAX;
}

size_t
psa_hash_length(psa_algorithm_t alg)
{
	switch (alg) {
	case PSA_ALG_MD2:
	case PSA_ALG_MD4:
	case PSA_ALG_MD5:
		return 16;
	case PSA_ALG_RIPEMD160:
	case PSA_ALG_SHA_1:
		return 20;
	case PSA_ALG_SHA_224:
	case PSA_ALG_SHA_512_224:
	case PSA_ALG_SHA3_224:
		return 28;
	case PSA_ALG_SHA_256:
	case PSA_ALG_SHA_512_256:
	case PSA_ALG_SHA3_256:
	case PSA_ALG_SM3:
		return 32;
	case PSA_ALG_SHA_384:
	case PSA_ALG_SHA3_384:
		return 48;
	case PSA_ALG_SHA_512:
	case PSA_ALG_SHA3_512:
	case PSA_ALG_SHAKE256_512:
		return 64;
	default:
		return 0;
	}
}

size_t
psa_mac_length(psa_key_type_t type, size_t bits, psa_algorithm_t alg)
{
	psa_algorithm_t base = PSA_ALG_FULL_LENGTH_MAC(alg);
	size_t full_len, len;

	(void)bits;	/* no supported MAC's length depends on the key size */
	if (psa_alg_is_hmac(base)) {
		if (type != PSA_KEY_TYPE_HMAC || base != PSA_ALG_HMAC(base))
			return 0;
		full_len = psa_hash_length(psa_alg_get_hash(base));
	} else if (base == PSA_ALG_CMAC || base == PSA_ALG_CBC_MAC) {
		full_len = psa_key_type_block_length(type);
		if (full_len <= 1)		/* not a block cipher */
			return 0;
	} else
		return 0;
	if (full_len == 0)
		return 0;
	len = psa_alg_mac_truncated_length(alg);
	if (len == 0)
		return full_len;
	return len <= full_len ? len : 0;
}

size_t
psa_sign_output_size(psa_key_type_t type, size_t bits, psa_algorithm_t alg)
{
	if (!psa_sizes_bits_ok(bits) || !psa_alg_is_sign(alg) ||
	    !psa_key_type_alg_compatible(type, bits, alg))
		return 0;
	if (psa_key_type_is_rsa(type))
		return PSA_BITS_TO_BYTES(bits);
	if (psa_alg_is_ecdsa(alg))	/* r || s, each as long as the order */
		return 2 * PSA_BITS_TO_BYTES(bits);
	/* EdDSA: R || S as RFC 8032 §5.1.6 / §5.2.6 encode them. */
	if (bits == 255)
		return 64;
	if (bits == 448)
		return 114;
	return 0;
}

size_t
psa_export_public_key_output_size(psa_key_type_t type, size_t bits)
{
	psa_ecc_family_t family = psa_key_type_ecc_family(type);

	if (!psa_sizes_bits_ok(bits))
		return 0;
	if (psa_key_type_is_rsa(type)) {
		/* DER RSAPublicKey ::= SEQUENCE { n INTEGER, e INTEGER }:
		 * n takes at most bits/8 + 5 bytes (tag, up to 3 length
		 * bytes, a sign byte), the SEQUENCE header 4 and e < 2^32
		 * at most 7, as Mbed TLS's
		 * PSA_KEY_EXPORT_RSA_PUBLIC_KEY_MAX_SIZE counts. */
		return bits / 8 + 5 + 11;
	}
	if (psa_key_type_is_ecc(type)) {
		if (psa_ecc_family_is_weierstrass(family))
			return 1 + 2 * PSA_BITS_TO_BYTES(bits);
		if (family == PSA_ECC_FAMILY_MONTGOMERY)
			return PSA_BITS_TO_BYTES(bits);
		if (family == PSA_ECC_FAMILY_TWISTED_EDWARDS)
			/* RFC 8032 §5.1.5, §5.2.5: 32 and 57 bytes. */
			return bits == 255 ? 32 : bits == 448 ? 57 : 0;
		return 0;
	}
	if (psa_key_type_is_dh(type))
		return PSA_BITS_TO_BYTES(bits);
	return 0;
}

size_t
psa_export_key_output_size(psa_key_type_t type, size_t bits)
{
	if (!psa_sizes_bits_ok(bits))
		return 0;
	if (psa_key_type_is_unstructured(type))
		return PSA_BITS_TO_BYTES(bits);
	if (psa_key_type_is_public_key(type))
		return psa_export_public_key_output_size(type, bits);
	if (type == PSA_KEY_TYPE_RSA_KEY_PAIR) {
		/* DER RSAPrivateKey: 9 INTEGERs bounded as half-size ones of
		 * bits/2+1 bits, plus version, SEQUENCE header and e (Mbed TLS
		 * PSA_KEY_EXPORT_RSA_KEY_PAIR_MAX_SIZE). */
		return 9 * ((bits / 2 + 1) / 8 + 5) + 14;
	}
	if (psa_key_type_is_ecc_key_pair(type)) {
		/* The private scalar; Ed448's is 57 bytes (RFC 8032
		 * §5.2.5). */
		if (psa_key_type_ecc_family(type) ==
		    PSA_ECC_FAMILY_TWISTED_EDWARDS && bits == 448)
			return 57;
		return PSA_BITS_TO_BYTES(bits);
	}
	if (psa_key_type_is_dh_key_pair(type))
		return PSA_BITS_TO_BYTES(bits);
	return 0;
}

size_t
psa_asymmetric_encrypt_output_size(psa_key_type_t type, size_t bits,
    psa_algorithm_t alg)
{
	if (!psa_sizes_bits_ok(bits) || !psa_key_type_is_rsa(type) ||
	    !psa_alg_is_asymmetric_encryption(alg) ||
	    psa_alg_validate(alg, false) != PSA_SUCCESS)
		return 0;
	return PSA_BITS_TO_BYTES(bits);
}

size_t
psa_asymmetric_decrypt_output_size(psa_key_type_t type, size_t bits,
    psa_algorithm_t alg)
{
	size_t len = psa_asymmetric_encrypt_output_size(type, bits, alg);
	size_t pad;

	if (len == 0)
		return 0;
	if (alg == PSA_ALG_RSA_PKCS1V15_CRYPT)
		pad = 11;			/* RFC 8017 §7.2.1: k - 11 */
	else					/* OAEP, RFC 8017 §7.1.1 */
		pad = 2 * psa_hash_length(psa_alg_get_hash(alg)) + 2;
	return len > pad ? len - pad : 0;
}

size_t
psa_cipher_iv_length(psa_key_type_t type, psa_algorithm_t alg)
{
	if (!psa_alg_is_cipher(alg) ||
	    psa_alg_validate(alg, false) != PSA_SUCCESS ||
	    !psa_key_type_alg_compatible(type, 0, alg))
		return 0;
	switch (alg) {
	case PSA_ALG_ECB_NO_PADDING:
		return 0;
	case PSA_ALG_STREAM_CIPHER:
		if (type == PSA_KEY_TYPE_CHACHA20)
			return 12;		/* RFC 8439 nonce */
		if (type == PSA_KEY_TYPE_XCHACHA20)
			return 24;
		return 0;			/* ARC4 takes none */
	default:
		return psa_key_type_block_length(type);
	}
}

size_t
psa_aead_tag_length(psa_key_type_t type, size_t bits, psa_algorithm_t alg)
{
	if (!psa_alg_is_aead(alg) ||
	    psa_alg_validate(alg, false) != PSA_SUCCESS ||
	    !psa_key_type_alg_compatible(type, bits, alg))
		return 0;
	return psa_alg_aead_encoded_tag_length(alg);
}

size_t
psa_aead_nonce_length(psa_key_type_t type, psa_algorithm_t alg)
{
	if (!psa_alg_is_aead(alg) ||
	    !psa_key_type_alg_compatible(type, 0, alg))
		return 0;
	switch (psa_alg_aead_default_tag(alg)) {
	case PSA_ALG_CCM:
		return 13;
	case PSA_ALG_GCM:
	case PSA_ALG_CHACHA20_POLY1305:
		return 12;
	case PSA_ALG_XCHACHA20_POLY1305:
		return 24;
	default:
		return 0;
	}
}

size_t
psa_raw_key_agreement_output_size(psa_key_type_t type, size_t bits)
{
	if (!psa_sizes_bits_ok(bits))
		return 0;
	if (psa_key_type_is_ecc_key_pair(type) &&
	    psa_key_type_ecc_family(type) != PSA_ECC_FAMILY_TWISTED_EDWARDS)
		return PSA_BITS_TO_BYTES(bits);
	if (psa_key_type_is_dh_key_pair(type))
		return PSA_BITS_TO_BYTES(bits);
	return 0;
}
