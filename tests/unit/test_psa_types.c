/* tests/unit/test_psa_types.c: the PSA numeric encodings of psa/types.h,
 * pinned to the literal values of the PSA Crypto API 1.2 (IHI 0086,
 * "Algorithm and key type encoding") as Mbed TLS's crypto_values.h spells
 * them, and the predicates of psa/types.c. These numbers are stored in the
 * key store and sent by every Parsec client: a change here is a break. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "psa/types.h"

#define SECP_R1_PAIR	PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
#define SECP_R1_PUB	PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)

static void
test_key_type_values(void **state)
{
	(void)state;
	assert_int_equal(PSA_KEY_TYPE_NONE, 0x0000);
	assert_int_equal(PSA_KEY_TYPE_RAW_DATA, 0x1001);
	assert_int_equal(PSA_KEY_TYPE_HMAC, 0x1100);
	assert_int_equal(PSA_KEY_TYPE_DERIVE, 0x1200);
	assert_int_equal(PSA_KEY_TYPE_PASSWORD, 0x1203);
	assert_int_equal(PSA_KEY_TYPE_PASSWORD_HASH, 0x1205);
	assert_int_equal(PSA_KEY_TYPE_PEPPER, 0x1206);
	assert_int_equal(PSA_KEY_TYPE_AES, 0x2400);
	assert_int_equal(PSA_KEY_TYPE_ARIA, 0x2406);
	assert_int_equal(PSA_KEY_TYPE_DES, 0x2301);
	assert_int_equal(PSA_KEY_TYPE_CAMELLIA, 0x2403);
	assert_int_equal(PSA_KEY_TYPE_SM4, 0x2405);
	assert_int_equal(PSA_KEY_TYPE_ARC4, 0x2002);
	assert_int_equal(PSA_KEY_TYPE_CHACHA20, 0x2004);
	assert_int_equal(PSA_KEY_TYPE_XCHACHA20, 0x2007);
	assert_int_equal(PSA_KEY_TYPE_RSA_PUBLIC_KEY, 0x4001);
	assert_int_equal(PSA_KEY_TYPE_RSA_KEY_PAIR, 0x7001);
	assert_int_equal(SECP_R1_PAIR, 0x7112);
	assert_int_equal(SECP_R1_PUB, 0x4112);
	assert_int_equal(PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_MONTGOMERY),
	    0x7141);
	assert_int_equal(PSA_KEY_TYPE_DH_KEY_PAIR(PSA_DH_FAMILY_RFC7919),
	    0x7203);
	assert_int_equal(PSA_KEY_TYPE_DH_PUBLIC_KEY(PSA_DH_FAMILY_RFC7919),
	    0x4203);
	/* Families are 7 bits (spec appendix, PSA_KEY_TYPE_ECC_KEY_PAIR). */
	assert_int_equal(PSA_KEY_TYPE_ECC_KEY_PAIR(0x92), 0x7112);
	assert_int_equal(PSA_KEY_TYPE_DH_PUBLIC_KEY(0x83), 0x4203);

	assert_int_equal(PSA_ECC_FAMILY_SECP_K1, 0x17);
	assert_int_equal(PSA_ECC_FAMILY_SECP_R1, 0x12);
	assert_int_equal(PSA_ECC_FAMILY_SECP_R2, 0x1b);
	assert_int_equal(PSA_ECC_FAMILY_SECT_K1, 0x27);
	assert_int_equal(PSA_ECC_FAMILY_SECT_R1, 0x22);
	assert_int_equal(PSA_ECC_FAMILY_SECT_R2, 0x2b);
	assert_int_equal(PSA_ECC_FAMILY_BRAINPOOL_P_R1, 0x30);
	assert_int_equal(PSA_ECC_FAMILY_FRP, 0x33);
	assert_int_equal(PSA_ECC_FAMILY_MONTGOMERY, 0x41);
	assert_int_equal(PSA_ECC_FAMILY_TWISTED_EDWARDS, 0x42);
	assert_int_equal(PSA_DH_FAMILY_RFC7919, 0x03);
	assert_int_equal(PSA_KEY_BITS_MAX, 0xfff8);
}

static void
test_hash_values(void **state)
{
	(void)state;
	assert_int_equal(PSA_ALG_MD2, 0x02000001);
	assert_int_equal(PSA_ALG_MD4, 0x02000002);
	assert_int_equal(PSA_ALG_MD5, 0x02000003);
	assert_int_equal(PSA_ALG_RIPEMD160, 0x02000004);
	assert_int_equal(PSA_ALG_SHA_1, 0x02000005);
	assert_int_equal(PSA_ALG_SHA_224, 0x02000008);
	assert_int_equal(PSA_ALG_SHA_256, 0x02000009);
	assert_int_equal(PSA_ALG_SHA_384, 0x0200000a);
	assert_int_equal(PSA_ALG_SHA_512, 0x0200000b);
	assert_int_equal(PSA_ALG_SHA_512_224, 0x0200000c);
	assert_int_equal(PSA_ALG_SHA_512_256, 0x0200000d);
	assert_int_equal(PSA_ALG_SHA3_224, 0x02000010);
	assert_int_equal(PSA_ALG_SHA3_256, 0x02000011);
	assert_int_equal(PSA_ALG_SHA3_384, 0x02000012);
	assert_int_equal(PSA_ALG_SHA3_512, 0x02000013);
	assert_int_equal(PSA_ALG_SM3, 0x02000014);
	assert_int_equal(PSA_ALG_SHAKE256_512, 0x02000015);
	assert_int_equal(PSA_ALG_ANY_HASH, 0x020000ff);
}

static void
test_mac_cipher_aead_values(void **state)
{
	(void)state;
	assert_int_equal(PSA_ALG_HMAC(PSA_ALG_SHA_256), 0x03800009);
	assert_int_equal(PSA_ALG_CBC_MAC, 0x03c00100);
	assert_int_equal(PSA_ALG_CMAC, 0x03c00200);
	assert_int_equal(PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256),
	    16), 0x03900009);
	assert_int_equal(PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 8),
	    0x03c88200);
	/* Truncating a truncated or wildcard MAC replaces length and flag. */
	assert_int_equal(PSA_ALG_TRUNCATED_MAC(
	    PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 8), 4), 0x03c40200);
	assert_int_equal(PSA_ALG_FULL_LENGTH_MAC(0x03c88200), PSA_ALG_CMAC);

	assert_int_equal(PSA_ALG_STREAM_CIPHER, 0x04800100);
	assert_int_equal(PSA_ALG_CTR, 0x04c01000);
	assert_int_equal(PSA_ALG_CFB, 0x04c01100);
	assert_int_equal(PSA_ALG_OFB, 0x04c01200);
	assert_int_equal(PSA_ALG_XTS, 0x0440ff00);
	assert_int_equal(PSA_ALG_ECB_NO_PADDING, 0x04404400);
	assert_int_equal(PSA_ALG_CBC_NO_PADDING, 0x04404000);
	assert_int_equal(PSA_ALG_CBC_PKCS7, 0x04404100);

	assert_int_equal(PSA_ALG_CCM, 0x05500100);
	assert_int_equal(PSA_ALG_GCM, 0x05500200);
	assert_int_equal(PSA_ALG_CHACHA20_POLY1305, 0x05100500);
	assert_int_equal(PSA_ALG_XCHACHA20_POLY1305, 0x05100600);
	/* The default algorithms encode a 16-byte tag. */
	assert_int_equal(PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 16),
	    PSA_ALG_GCM);
	assert_int_equal(PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_CCM, 8),
	    0x05480100);
	assert_int_equal(PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(
	    PSA_ALG_GCM, 12), 0x054c8200);
}

static void
test_asymmetric_values(void **state)
{
	(void)state;
	assert_int_equal(PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_256),
	    0x06000209);
	assert_int_equal(PSA_ALG_RSA_PKCS1V15_SIGN_RAW, 0x06000200);
	assert_int_equal(PSA_ALG_RSA_PSS(PSA_ALG_SHA_256), 0x06000309);
	assert_int_equal(PSA_ALG_RSA_PSS_ANY_SALT(PSA_ALG_SHA_256), 0x06001309);
	assert_int_equal(PSA_ALG_ECDSA(PSA_ALG_SHA_256), 0x06000609);
	assert_int_equal(PSA_ALG_ECDSA(PSA_ALG_ANY_HASH), 0x060006ff);
	assert_int_equal(PSA_ALG_ECDSA_ANY, 0x06000600);
	assert_int_equal(PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_384),
	    0x0600070a);
	assert_int_equal(PSA_ALG_PURE_EDDSA, 0x06000800);
	assert_int_equal(PSA_ALG_ED25519PH, 0x0600090b);
	assert_int_equal(PSA_ALG_ED448PH, 0x06000915);
	assert_int_equal(PSA_ALG_RSA_PKCS1V15_CRYPT, 0x07000200);
	assert_int_equal(PSA_ALG_RSA_OAEP(PSA_ALG_SHA_256), 0x07000309);
	assert_int_equal(PSA_ALG_FFDH, 0x09010000);
	assert_int_equal(PSA_ALG_ECDH, 0x09020000);
}

static void
test_kdf_values(void **state)
{
	(void)state;
	assert_int_equal(PSA_ALG_HKDF(PSA_ALG_SHA_256), 0x08000109);
	assert_int_equal(PSA_ALG_TLS12_PRF(PSA_ALG_SHA_384), 0x0800020a);
	assert_int_equal(PSA_ALG_TLS12_PSK_TO_MS(PSA_ALG_SHA_256), 0x08000309);
	assert_int_equal(PSA_ALG_HKDF_EXTRACT(PSA_ALG_SHA_256), 0x08000409);
	assert_int_equal(PSA_ALG_HKDF_EXPAND(PSA_ALG_SHA_256), 0x08000509);
	assert_int_equal(PSA_ALG_SP800_108_COUNTER_HMAC(PSA_ALG_SHA_256),
	    0x08000709);
	assert_int_equal(PSA_ALG_SP800_108_COUNTER_CMAC, 0x08000800);
	assert_int_equal(PSA_ALG_PBKDF2_HMAC(PSA_ALG_SHA_256), 0x08800109);
	assert_int_equal(PSA_ALG_PBKDF2_AES_CMAC_PRF_128, 0x08800200);
	assert_int_equal(PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH,
	    PSA_ALG_HKDF(PSA_ALG_SHA_256)), 0x09020109);
}

static void
test_usage_values(void **state)
{
	(void)state;
	assert_int_equal(PSA_KEY_USAGE_EXPORT, 0x00000001);
	assert_int_equal(PSA_KEY_USAGE_COPY, 0x00000002);
	assert_int_equal(PSA_KEY_USAGE_CACHE, 0x00000004);
	assert_int_equal(PSA_KEY_USAGE_ENCRYPT, 0x00000100);
	assert_int_equal(PSA_KEY_USAGE_DECRYPT, 0x00000200);
	assert_int_equal(PSA_KEY_USAGE_SIGN_MESSAGE, 0x00000400);
	assert_int_equal(PSA_KEY_USAGE_VERIFY_MESSAGE, 0x00000800);
	assert_int_equal(PSA_KEY_USAGE_SIGN_HASH, 0x00001000);
	assert_int_equal(PSA_KEY_USAGE_VERIFY_HASH, 0x00002000);
	assert_int_equal(PSA_KEY_USAGE_DERIVE, 0x00004000);
	assert_int_equal(PSA_KEY_USAGE_VERIFY_DERIVATION, 0x00008000);
	assert_int_equal(PSA_KEY_USAGE_WRAP, 0x00010000);
	assert_int_equal(PSA_KEY_USAGE_UNWRAP, 0x00020000);
	assert_int_equal(PSA_KEY_USAGE_KNOWN_MASK, 0x0000ff07);
}

static void
test_key_type_predicates(void **state)
{
	psa_key_type_t x25519 =
	    PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_MONTGOMERY);
	psa_key_type_t dh = PSA_KEY_TYPE_DH_KEY_PAIR(PSA_DH_FAMILY_RFC7919);

	(void)state;
	assert_true(psa_key_type_is_unstructured(PSA_KEY_TYPE_RAW_DATA));
	assert_true(psa_key_type_is_unstructured(PSA_KEY_TYPE_AES));
	assert_false(psa_key_type_is_unstructured(PSA_KEY_TYPE_RSA_KEY_PAIR));
	assert_true(psa_key_type_is_asymmetric(PSA_KEY_TYPE_RSA_KEY_PAIR));
	assert_true(psa_key_type_is_asymmetric(SECP_R1_PUB));
	assert_false(psa_key_type_is_asymmetric(PSA_KEY_TYPE_HMAC));
	assert_true(psa_key_type_is_key_pair(SECP_R1_PAIR));
	assert_false(psa_key_type_is_key_pair(SECP_R1_PUB));
	assert_true(psa_key_type_is_public_key(SECP_R1_PUB));
	assert_false(psa_key_type_is_public_key(PSA_KEY_TYPE_AES));
	assert_int_equal(psa_key_type_public_of_pair(SECP_R1_PAIR),
	    SECP_R1_PUB);
	assert_int_equal(psa_key_type_public_of_pair(SECP_R1_PUB), SECP_R1_PUB);
	assert_int_equal(psa_key_type_pair_of_public(SECP_R1_PUB),
	    SECP_R1_PAIR);
	assert_int_equal(psa_key_type_pair_of_public(PSA_KEY_TYPE_AES),
	    PSA_KEY_TYPE_AES);
	assert_true(psa_key_type_is_rsa(PSA_KEY_TYPE_RSA_PUBLIC_KEY));
	assert_false(psa_key_type_is_rsa(SECP_R1_PAIR));
	assert_true(psa_key_type_is_ecc(SECP_R1_PAIR));
	assert_true(psa_key_type_is_ecc(x25519));
	assert_false(psa_key_type_is_ecc(dh));
	assert_true(psa_key_type_is_ecc_key_pair(SECP_R1_PAIR));
	assert_false(psa_key_type_is_ecc_key_pair(SECP_R1_PUB));
	assert_true(psa_key_type_is_ecc_public_key(SECP_R1_PUB));
	assert_true(psa_key_type_is_dh(dh));
	assert_true(psa_key_type_is_dh_key_pair(dh));
	assert_true(psa_key_type_is_dh_public_key(
	    PSA_KEY_TYPE_DH_PUBLIC_KEY(PSA_DH_FAMILY_RFC7919)));
	assert_int_equal(psa_key_type_ecc_family(x25519),
	    PSA_ECC_FAMILY_MONTGOMERY);
	assert_int_equal(psa_key_type_ecc_family(PSA_KEY_TYPE_AES), 0);
	assert_false(psa_key_type_is_ecc(0x7199));
	assert_false(psa_key_type_is_ecc_key_pair(0x7199));
	assert_false(psa_key_type_is_dh(0x42ff));
	assert_int_equal(psa_key_type_ecc_family(0x7199), 0);
	assert_int_equal(psa_key_type_dh_family(dh), PSA_DH_FAMILY_RFC7919);
	assert_int_equal(psa_key_type_dh_family(SECP_R1_PAIR), 0);
	assert_true(psa_ecc_family_is_weierstrass(PSA_ECC_FAMILY_SECP_K1));
	assert_true(psa_ecc_family_is_weierstrass(
	    PSA_ECC_FAMILY_BRAINPOOL_P_R1));
	assert_false(psa_ecc_family_is_weierstrass(PSA_ECC_FAMILY_MONTGOMERY));
	assert_false(psa_ecc_family_is_weierstrass(
	    PSA_ECC_FAMILY_TWISTED_EDWARDS));
	assert_int_equal(psa_key_type_block_length(PSA_KEY_TYPE_AES), 16);
	assert_int_equal(psa_key_type_block_length(PSA_KEY_TYPE_DES), 8);
	assert_int_equal(psa_key_type_block_length(PSA_KEY_TYPE_CHACHA20), 1);
	assert_int_equal(psa_key_type_block_length(PSA_KEY_TYPE_HMAC), 0);
	assert_int_equal(psa_key_type_block_length(PSA_KEY_TYPE_RSA_KEY_PAIR),
	    0);
	assert_true(psa_key_type_is_vendor(0x8001));
	assert_false(psa_key_type_is_vendor(PSA_KEY_TYPE_AES));
}

static void
test_alg_predicates(void **state)
{
	psa_algorithm_t ka = PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH,
	    PSA_ALG_HKDF(PSA_ALG_SHA_256));

	(void)state;
	assert_true(psa_alg_is_hash(PSA_ALG_SHA_256));
	assert_true(psa_alg_is_mac(PSA_ALG_CMAC));
	assert_true(psa_alg_is_cipher(PSA_ALG_CTR));
	assert_true(psa_alg_is_aead(PSA_ALG_GCM));
	assert_true(psa_alg_is_sign(PSA_ALG_ECDSA_ANY));
	assert_true(psa_alg_is_asymmetric_encryption(
	    PSA_ALG_RSA_PKCS1V15_CRYPT));
	assert_true(psa_alg_is_key_derivation(PSA_ALG_HKDF(PSA_ALG_SHA_1)));
	assert_true(psa_alg_is_key_agreement(ka));
	assert_true(psa_alg_is_vendor(0x80000000));

	assert_true(psa_alg_is_hmac(PSA_ALG_HMAC(PSA_ALG_SHA_256)));
	assert_true(psa_alg_is_hmac(PSA_ALG_TRUNCATED_MAC(
	    PSA_ALG_HMAC(PSA_ALG_SHA_256), 10)));
	assert_false(psa_alg_is_hmac(PSA_ALG_CMAC));
	assert_true(psa_alg_is_block_cipher_mac(PSA_ALG_CMAC));
	assert_true(psa_alg_is_block_cipher_mac(PSA_ALG_CBC_MAC));
	assert_true(psa_alg_is_stream_cipher(PSA_ALG_STREAM_CIPHER));
	assert_true(psa_alg_is_stream_cipher(PSA_ALG_CTR));
	assert_false(psa_alg_is_stream_cipher(PSA_ALG_CBC_PKCS7));
	assert_true(psa_alg_is_aead_on_block_cipher(PSA_ALG_CCM));
	assert_false(psa_alg_is_aead_on_block_cipher(
	    PSA_ALG_CHACHA20_POLY1305));
	assert_int_equal(psa_alg_mac_truncated_length(PSA_ALG_TRUNCATED_MAC(
	    PSA_ALG_CMAC, 12)), 12);
	assert_true(psa_alg_mac_is_at_least_this_length(
	    PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 12)));
	assert_int_equal(psa_alg_full_length_mac(
	    PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 12)), PSA_ALG_CMAC);
	assert_int_equal(psa_alg_aead_default_tag(
	    PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_CCM, 4)),
	    PSA_ALG_CCM);
	assert_int_equal(psa_alg_aead_default_tag(0x05500300), PSA_ALG_NONE);
	assert_int_equal(psa_alg_aead_encoded_tag_length(PSA_ALG_GCM), 16);
	assert_true(psa_alg_aead_is_at_least_this_length(
	    PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_GCM, 4)));

	assert_true(psa_alg_is_rsa_pkcs1v15_sign(
	    PSA_ALG_RSA_PKCS1V15_SIGN_RAW));
	assert_true(psa_alg_is_rsa_pss(PSA_ALG_RSA_PSS(PSA_ALG_SHA_1)));
	assert_true(psa_alg_is_rsa_pss(
	    PSA_ALG_RSA_PSS_ANY_SALT(PSA_ALG_SHA_1)));
	assert_true(psa_alg_is_rsa_pss_standard_salt(
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_1)));
	assert_false(psa_alg_is_rsa_pss_standard_salt(
	    PSA_ALG_RSA_PSS_ANY_SALT(PSA_ALG_SHA_1)));
	assert_true(psa_alg_is_rsa_pss_any_salt(
	    PSA_ALG_RSA_PSS_ANY_SALT(PSA_ALG_SHA_1)));
	assert_true(psa_alg_is_ecdsa(PSA_ALG_ECDSA_ANY));
	assert_true(psa_alg_is_ecdsa(PSA_ALG_DETERMINISTIC_ECDSA(
	    PSA_ALG_SHA_256)));
	assert_true(psa_alg_is_deterministic_ecdsa(PSA_ALG_DETERMINISTIC_ECDSA(
	    PSA_ALG_SHA_256)));
	assert_true(psa_alg_is_randomized_ecdsa(
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256)));
	assert_false(psa_alg_is_ecdsa(PSA_ALG_PURE_EDDSA));
	assert_true(psa_alg_is_hash_eddsa(PSA_ALG_ED25519PH));
	assert_true(psa_alg_is_hash_and_sign(PSA_ALG_ED448PH));
	assert_false(psa_alg_is_hash_and_sign(PSA_ALG_PURE_EDDSA));
	assert_true(psa_alg_is_sign_hash(PSA_ALG_RSA_PKCS1V15_SIGN_RAW));
	assert_true(psa_alg_is_sign_hash(PSA_ALG_ECDSA_ANY));
	assert_false(psa_alg_is_sign_hash(PSA_ALG_PURE_EDDSA));
	assert_true(psa_alg_is_sign_message(PSA_ALG_PURE_EDDSA));
	assert_true(psa_alg_is_sign_message(PSA_ALG_ECDSA(PSA_ALG_SHA_256)));
	assert_false(psa_alg_is_sign_message(PSA_ALG_ECDSA_ANY));
	assert_false(psa_alg_is_sign_message(PSA_ALG_RSA_PKCS1V15_SIGN_RAW));
	assert_int_equal(psa_alg_sign_get_hash(PSA_ALG_ECDSA(PSA_ALG_SHA_384)),
	    PSA_ALG_SHA_384);
	assert_int_equal(psa_alg_sign_get_hash(PSA_ALG_ECDSA(PSA_ALG_ANY_HASH)),
	    PSA_ALG_ANY_HASH);
	assert_int_equal(psa_alg_sign_get_hash(PSA_ALG_ECDSA_ANY), 0);
	assert_int_equal(psa_alg_sign_get_hash(PSA_ALG_ED25519PH),
	    PSA_ALG_SHA_512);
	assert_int_equal(psa_alg_sign_get_hash(PSA_ALG_RSA_OAEP(
	    PSA_ALG_SHA_256)), 0);
	assert_true(psa_alg_is_rsa_oaep(PSA_ALG_RSA_OAEP(PSA_ALG_SHA_256)));
	assert_int_equal(psa_alg_get_hash(PSA_ALG_RSA_OAEP(PSA_ALG_SHA_256)),
	    PSA_ALG_SHA_256);
	assert_int_equal(psa_alg_get_hash(PSA_ALG_HMAC(PSA_ALG_SHA3_256)),
	    PSA_ALG_SHA3_256);
	assert_int_equal(psa_alg_get_hash(ka), PSA_ALG_SHA_256);
	assert_int_equal(psa_alg_get_hash(PSA_ALG_SHA_256), 0);
	assert_int_equal(psa_alg_get_hash(PSA_ALG_CMAC), 0);

	assert_true(psa_alg_is_hkdf(PSA_ALG_HKDF(PSA_ALG_SHA_256)));
	assert_false(psa_alg_is_hkdf(PSA_ALG_HKDF_EXPAND(PSA_ALG_SHA_256)));
	assert_true(psa_alg_is_key_derivation_stretching(
	    PSA_ALG_PBKDF2_HMAC(PSA_ALG_SHA_256)));
	assert_false(psa_alg_is_key_derivation_stretching(
	    PSA_ALG_HKDF(PSA_ALG_SHA_256)));
	assert_true(psa_alg_is_raw_key_agreement(PSA_ALG_ECDH));
	assert_false(psa_alg_is_raw_key_agreement(ka));
	assert_int_equal(psa_alg_key_agreement_get_base(ka), PSA_ALG_ECDH);
	assert_int_equal(psa_alg_key_agreement_get_kdf(ka),
	    PSA_ALG_HKDF(PSA_ALG_SHA_256));
	assert_true(psa_alg_is_ecdh(ka));
	assert_false(psa_alg_is_ffdh(ka));
	assert_true(psa_alg_is_ffdh(PSA_ALG_FFDH));
	/* An agreement-shaped KDF value is not an agreement. */
	assert_false(psa_alg_is_ecdh(0x08020000));
	/* Bit 23 belongs to the KDF (spec appendix, _GET_BASE/_GET_KDF). */
	assert_int_equal(psa_alg_key_agreement_get_base(0x09820109),
	    PSA_ALG_ECDH);
	assert_int_equal(psa_alg_key_agreement_get_kdf(0x09820109),
	    PSA_ALG_PBKDF2_HMAC(PSA_ALG_SHA_256));
	assert_false(psa_alg_is_raw_key_agreement(0x09820000));

	assert_true(psa_alg_is_wildcard(PSA_ALG_ANY_HASH));
	assert_true(psa_alg_is_wildcard(PSA_ALG_RSA_PSS(PSA_ALG_ANY_HASH)));
	assert_true(psa_alg_is_wildcard(PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(
	    PSA_ALG_CMAC, 8)));
	assert_true(psa_alg_is_wildcard(
	    PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_CCM, 8)));
	assert_false(psa_alg_is_wildcard(PSA_ALG_ECDSA(PSA_ALG_SHA_256)));
	assert_false(psa_alg_is_wildcard(PSA_ALG_ECDSA_ANY));
	assert_false(psa_alg_is_wildcard(PSA_ALG_TRUNCATED_MAC(
	    PSA_ALG_CMAC, 8)));
	assert_false(psa_alg_is_wildcard(PSA_ALG_SHA_256));
	/* Spec PSA_ALG_IS_WILDCARD looks at the hash byte of anything. */
	assert_true(psa_alg_is_wildcard(PSA_ALG_HMAC(PSA_ALG_ANY_HASH)));
	assert_true(psa_alg_is_wildcard(PSA_ALG_HKDF(PSA_ALG_ANY_HASH)));
	assert_false(psa_alg_is_wildcard(PSA_ALG_ECDH));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_type_values),
		cmocka_unit_test(test_hash_values),
		cmocka_unit_test(test_mac_cipher_aead_values),
		cmocka_unit_test(test_asymmetric_values),
		cmocka_unit_test(test_kdf_values),
		cmocka_unit_test(test_usage_values),
		cmocka_unit_test(test_key_type_predicates),
		cmocka_unit_test(test_alg_predicates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
