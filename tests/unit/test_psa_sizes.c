/* tests/unit/test_psa_sizes.c: output sizes (psa/sizes.c) against the
 * lengths the standards define: FIPS 180-4 / 202 digests, SEC 1 points,
 * RFC 8017 RSA, RFC 8032 EdDSA, RFC 7748 X25519/X448, SP 800-38D GCM. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "psa/sizes.h"

#define P256	PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
#define P256_PUB PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)
#define X_PAIR	PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_MONTGOMERY)
#define ED_PAIR	PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_TWISTED_EDWARDS)
#define ED_PUB	\
	PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_TWISTED_EDWARDS)
#define DH_PAIR	PSA_KEY_TYPE_DH_KEY_PAIR(PSA_DH_FAMILY_RFC7919)
#define RSA	PSA_KEY_TYPE_RSA_KEY_PAIR
#define RSA_PUB	PSA_KEY_TYPE_RSA_PUBLIC_KEY

static void
test_hash_length(void **state)
{
	(void)state;
	assert_int_equal(psa_hash_length(PSA_ALG_MD5), 16);
	assert_int_equal(psa_hash_length(PSA_ALG_RIPEMD160), 20);
	assert_int_equal(psa_hash_length(PSA_ALG_SHA_1), 20);
	assert_int_equal(psa_hash_length(PSA_ALG_SHA_224), 28);
	assert_int_equal(psa_hash_length(PSA_ALG_SHA_256), 32);
	assert_int_equal(psa_hash_length(PSA_ALG_SHA_384), 48);
	assert_int_equal(psa_hash_length(PSA_ALG_SHA_512), 64);
	assert_int_equal(psa_hash_length(PSA_ALG_SHA_512_224), 28);
	assert_int_equal(psa_hash_length(PSA_ALG_SHA_512_256), 32);
	assert_int_equal(psa_hash_length(PSA_ALG_SHA3_224), 28);
	assert_int_equal(psa_hash_length(PSA_ALG_SHA3_256), 32);
	assert_int_equal(psa_hash_length(PSA_ALG_SHA3_384), 48);
	assert_int_equal(psa_hash_length(PSA_ALG_SHA3_512), 64);
	assert_int_equal(psa_hash_length(PSA_ALG_SM3), 32);
	assert_int_equal(psa_hash_length(PSA_ALG_SHAKE256_512), 64);
	assert_int_equal(psa_hash_length(PSA_ALG_ANY_HASH), 0);
	assert_int_equal(psa_hash_length(PSA_ALG_HMAC(PSA_ALG_SHA_256)), 0);
	assert_int_equal(psa_hash_length(PSA_ALG_NONE), 0);
}

static void
test_mac_length(void **state)
{
	psa_algorithm_t hmac256 = PSA_ALG_HMAC(PSA_ALG_SHA_256);

	(void)state;
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_HMAC, 256, hmac256), 32);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_HMAC, 256,
	    PSA_ALG_HMAC(PSA_ALG_SHA_512)), 64);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_HMAC, 256,
	    PSA_ALG_TRUNCATED_MAC(hmac256, 16)), 16);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_HMAC, 256,
	    PSA_ALG_TRUNCATED_MAC(hmac256, 33)), 0);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_HMAC, 256,
	    PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(hmac256, 20)), 20);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_AES, 128, hmac256), 0);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_AES, 128, PSA_ALG_CMAC),
	    16);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_DES, 192, PSA_ALG_CMAC),
	    8);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_AES, 128,
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_CBC_MAC, 8)), 8);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_HMAC, 256, PSA_ALG_CMAC),
	    0);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_CHACHA20, 256,
	    PSA_ALG_CMAC), 0);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_HMAC, 256,
	    PSA_ALG_HMAC(0x020000fe)), 0);
	assert_int_equal(psa_mac_length(PSA_KEY_TYPE_HMAC, 256, PSA_ALG_GCM),
	    0);
}

static void
test_sign_output_size(void **state)
{
	(void)state;
	assert_int_equal(psa_sign_output_size(P256, 256,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256)), 64);
	assert_int_equal(psa_sign_output_size(P256, 384, PSA_ALG_ECDSA_ANY),
	    96);
	/* P-521: two 66-byte integers. */
	assert_int_equal(psa_sign_output_size(P256, 521,
	    PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_512)), 132);
	assert_int_equal(psa_sign_output_size(RSA, 2048,
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_256)), 256);
	assert_int_equal(psa_sign_output_size(RSA_PUB, 3072,
	    PSA_ALG_RSA_PKCS1V15_SIGN_RAW), 384);
	assert_int_equal(psa_sign_output_size(ED_PAIR, 255, PSA_ALG_PURE_EDDSA),
	    64);
	assert_int_equal(psa_sign_output_size(ED_PAIR, 448, PSA_ALG_PURE_EDDSA),
	    114);
	assert_int_equal(psa_sign_output_size(ED_PAIR, 448, PSA_ALG_ED448PH),
	    114);
	assert_int_equal(psa_sign_output_size(ED_PAIR, 255, PSA_ALG_ED448PH),
	    0);
	/* Wrong pairs and nonsense give 0. */
	assert_int_equal(psa_sign_output_size(RSA, 2048,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256)), 0);
	assert_int_equal(psa_sign_output_size(P256, 256,
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_256)), 0);
	assert_int_equal(psa_sign_output_size(X_PAIR, 255,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256)), 0);
	assert_int_equal(psa_sign_output_size(P256, 256, PSA_ALG_GCM), 0);
	assert_int_equal(psa_sign_output_size(P256, 0,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256)), 0);
	assert_int_equal(psa_sign_output_size(RSA, (size_t)-1,
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_256)), 0);
}

static void
test_export_sizes(void **state)
{
	(void)state;
	/* SEC 1 uncompressed point: 0x04 || x || y. */
	assert_int_equal(psa_export_public_key_output_size(P256, 256), 65);
	assert_int_equal(psa_export_public_key_output_size(P256_PUB, 384), 97);
	assert_int_equal(psa_export_public_key_output_size(P256, 521), 133);
	/* RFC 7748: X25519 32 bytes, X448 56 bytes. */
	assert_int_equal(psa_export_public_key_output_size(X_PAIR, 255), 32);
	assert_int_equal(psa_export_public_key_output_size(X_PAIR, 448), 56);
	/* RFC 8032: Ed25519 32 bytes, Ed448 57 bytes. */
	assert_int_equal(psa_export_public_key_output_size(ED_PUB, 255), 32);
	assert_int_equal(psa_export_public_key_output_size(ED_PAIR, 448), 57);
	/* DER RSAPublicKey for 2048 bits is 270 bytes with e = 65537; the
	 * bound must cover it. */
	assert_int_equal(psa_export_public_key_output_size(RSA, 2048), 272);
	assert_true(psa_export_public_key_output_size(RSA_PUB, 2048) >= 270);
	assert_true(psa_export_public_key_output_size(RSA_PUB, 4096) >= 526);
	assert_int_equal(psa_export_public_key_output_size(DH_PAIR, 2048), 256);
	assert_int_equal(psa_export_public_key_output_size(PSA_KEY_TYPE_AES,
	    128), 0);
	assert_int_equal(psa_export_public_key_output_size(P256, 0), 0);

	assert_int_equal(psa_export_key_output_size(PSA_KEY_TYPE_AES, 256), 32);
	assert_int_equal(psa_export_key_output_size(PSA_KEY_TYPE_HMAC, 1000),
	    125);
	assert_int_equal(psa_export_key_output_size(P256, 256), 32);
	assert_int_equal(psa_export_key_output_size(P256, 521), 66);
	assert_int_equal(psa_export_key_output_size(P256_PUB, 256), 65);
	assert_int_equal(psa_export_key_output_size(ED_PAIR, 448), 57);
	assert_int_equal(psa_export_key_output_size(X_PAIR, 448), 56);
	assert_int_equal(psa_export_key_output_size(DH_PAIR, 3072), 384);
	/* A 2048-bit RSAPrivateKey with e = 65537 is at most 1193 bytes of
	 * DER (openssl genrsa); the bound is Mbed TLS's 1211. */
	assert_int_equal(psa_export_key_output_size(RSA, 2048), 1211);
	assert_int_equal(psa_export_key_output_size(RSA_PUB, 2048), 272);
	assert_int_equal(psa_export_key_output_size(PSA_KEY_TYPE_NONE, 128), 0);
}

static void
test_asymmetric_encrypt_sizes(void **state)
{
	psa_algorithm_t oaep256 = PSA_ALG_RSA_OAEP(PSA_ALG_SHA_256);

	(void)state;
	assert_int_equal(psa_asymmetric_encrypt_output_size(RSA_PUB, 2048,
	    oaep256), 256);
	assert_int_equal(psa_asymmetric_encrypt_output_size(RSA, 3072,
	    PSA_ALG_RSA_PKCS1V15_CRYPT), 384);
	assert_int_equal(psa_asymmetric_encrypt_output_size(P256, 256,
	    oaep256), 0);
	assert_int_equal(psa_asymmetric_encrypt_output_size(RSA, 2048,
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_256)), 0);
	assert_int_equal(psa_asymmetric_encrypt_output_size(RSA, 2048,
	    PSA_ALG_RSA_OAEP_BASE), 0);
	/* RFC 8017: k - 2hLen - 2 for OAEP, k - 11 for PKCS#1 v1.5. */
	assert_int_equal(psa_asymmetric_decrypt_output_size(RSA, 2048,
	    oaep256), 256 - 66);
	assert_int_equal(psa_asymmetric_decrypt_output_size(RSA, 2048,
	    PSA_ALG_RSA_OAEP(PSA_ALG_SHA_1)), 256 - 42);
	assert_int_equal(psa_asymmetric_decrypt_output_size(RSA, 2048,
	    PSA_ALG_RSA_PKCS1V15_CRYPT), 245);
	/* A modulus too small for the padding leaves nothing. */
	assert_int_equal(psa_asymmetric_decrypt_output_size(RSA, 1024,
	    PSA_ALG_RSA_OAEP(PSA_ALG_SHA_512)), 0);
	assert_int_equal(psa_asymmetric_decrypt_output_size(RSA, 0,
	    oaep256), 0);
}

static void
test_cipher_iv_length(void **state)
{
	(void)state;
	assert_int_equal(psa_cipher_iv_length(PSA_KEY_TYPE_AES, PSA_ALG_CTR),
	    16);
	assert_int_equal(psa_cipher_iv_length(PSA_KEY_TYPE_AES,
	    PSA_ALG_CBC_PKCS7), 16);
	assert_int_equal(psa_cipher_iv_length(PSA_KEY_TYPE_AES, PSA_ALG_XTS),
	    16);
	assert_int_equal(psa_cipher_iv_length(PSA_KEY_TYPE_DES,
	    PSA_ALG_CBC_NO_PADDING), 8);
	assert_int_equal(psa_cipher_iv_length(PSA_KEY_TYPE_AES,
	    PSA_ALG_ECB_NO_PADDING), 0);
	assert_int_equal(psa_cipher_iv_length(PSA_KEY_TYPE_CHACHA20,
	    PSA_ALG_STREAM_CIPHER), 12);
	assert_int_equal(psa_cipher_iv_length(PSA_KEY_TYPE_XCHACHA20,
	    PSA_ALG_STREAM_CIPHER), 24);
	assert_int_equal(psa_cipher_iv_length(PSA_KEY_TYPE_AES,
	    PSA_ALG_STREAM_CIPHER), 0);
	assert_int_equal(psa_cipher_iv_length(PSA_KEY_TYPE_CHACHA20,
	    PSA_ALG_CTR), 0);
	assert_int_equal(psa_cipher_iv_length(PSA_KEY_TYPE_AES, PSA_ALG_GCM),
	    0);
	assert_true(psa_cipher_iv_length(PSA_KEY_TYPE_XCHACHA20,
	    PSA_ALG_STREAM_CIPHER) <= PSA_CIPHER_IV_MAX_SIZE);
}

static void
test_aead_lengths(void **state)
{
	(void)state;
	assert_int_equal(psa_aead_tag_length(PSA_KEY_TYPE_AES, 128,
	    PSA_ALG_GCM), 16);
	assert_int_equal(psa_aead_tag_length(PSA_KEY_TYPE_AES, 128,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_CCM, 8)), 8);
	assert_int_equal(psa_aead_tag_length(PSA_KEY_TYPE_CHACHA20, 256,
	    PSA_ALG_CHACHA20_POLY1305), 16);
	assert_int_equal(psa_aead_tag_length(PSA_KEY_TYPE_AES, 128,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 5)), 0);
	assert_int_equal(psa_aead_tag_length(PSA_KEY_TYPE_AES, 128,
	    PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_GCM, 8)), 0);
	assert_int_equal(psa_aead_tag_length(PSA_KEY_TYPE_CHACHA20, 256,
	    PSA_ALG_GCM), 0);
	assert_int_equal(psa_aead_tag_length(PSA_KEY_TYPE_AES, 128,
	    PSA_ALG_CTR), 0);

	assert_int_equal(psa_aead_nonce_length(PSA_KEY_TYPE_AES, PSA_ALG_CCM),
	    13);
	assert_int_equal(psa_aead_nonce_length(PSA_KEY_TYPE_AES,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 12)), 12);
	assert_int_equal(psa_aead_nonce_length(PSA_KEY_TYPE_CHACHA20,
	    PSA_ALG_CHACHA20_POLY1305), 12);
	assert_int_equal(psa_aead_nonce_length(PSA_KEY_TYPE_XCHACHA20,
	    PSA_ALG_XCHACHA20_POLY1305), 24);
	assert_int_equal(psa_aead_nonce_length(PSA_KEY_TYPE_DES, PSA_ALG_GCM),
	    0);
}

static void
test_key_agreement_size(void **state)
{
	(void)state;
	assert_int_equal(psa_raw_key_agreement_output_size(P256, 256), 32);
	assert_int_equal(psa_raw_key_agreement_output_size(P256, 521), 66);
	assert_int_equal(psa_raw_key_agreement_output_size(X_PAIR, 255), 32);
	assert_int_equal(psa_raw_key_agreement_output_size(X_PAIR, 448), 56);
	assert_int_equal(psa_raw_key_agreement_output_size(DH_PAIR, 2048), 256);
	assert_int_equal(psa_raw_key_agreement_output_size(P256_PUB, 256), 0);
	assert_int_equal(psa_raw_key_agreement_output_size(ED_PAIR, 255), 0);
	assert_int_equal(psa_raw_key_agreement_output_size(RSA, 2048), 0);
}

/* The *_MAX_SIZE constants bound every size the functions return. */
static void
test_max_sizes(void **state)
{
	static const psa_algorithm_t hashes[] = {
		PSA_ALG_MD5, PSA_ALG_SHA_1, PSA_ALG_SHA_256, PSA_ALG_SHA_512,
		PSA_ALG_SHA3_512, PSA_ALG_SHAKE256_512,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++) {
		assert_true(psa_hash_length(hashes[i]) <= PSA_HASH_MAX_SIZE);
		assert_true(psa_mac_length(PSA_KEY_TYPE_HMAC, 256,
		    PSA_ALG_HMAC(hashes[i])) <= PSA_MAC_MAX_SIZE);
	}
	for (size_t tag = 1; tag <= 16; tag++)
		assert_true(psa_aead_tag_length(PSA_KEY_TYPE_AES, 128,
		    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_CCM, tag)) <=
		    PSA_AEAD_TAG_MAX_SIZE);
	assert_int_equal(psa_sign_output_size(RSA, PSA_RSA_MAX_KEY_BITS,
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_256)), PSA_RSA_MAX_KEY_BITS / 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_length),
		cmocka_unit_test(test_mac_length),
		cmocka_unit_test(test_sign_output_size),
		cmocka_unit_test(test_export_sizes),
		cmocka_unit_test(test_asymmetric_encrypt_sizes),
		cmocka_unit_test(test_cipher_iv_length),
		cmocka_unit_test(test_aead_lengths),
		cmocka_unit_test(test_key_agreement_size),
		cmocka_unit_test(test_max_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
