/* tests/unit/test_psa_names.c: names of algorithms, key types and usage
 * flags (psa/names.c), their fallbacks for unknown values, truncation,
 * and that distinct values never share a name. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "psa/names.h"

static void
assert_alg_name(psa_algorithm_t alg, const char *want)
{
	char buf[PSA_NAME_SIZE];

	assert_string_equal(psa_alg_name(alg, buf, sizeof(buf)), want);
}

static void
assert_type_name(psa_key_type_t type, const char *want)
{
	char buf[PSA_NAME_SIZE];

	assert_string_equal(psa_key_type_name(type, buf, sizeof(buf)), want);
}

static void
test_alg_names(void **state)
{
	psa_algorithm_t hmac = PSA_ALG_HMAC(PSA_ALG_SHA_256);

	(void)state;
	assert_alg_name(PSA_ALG_NONE, "NONE");
	assert_alg_name(PSA_ALG_SHA_256, "SHA-256");
	assert_alg_name(PSA_ALG_SHA_512_256, "SHA-512/256");
	assert_alg_name(PSA_ALG_SHA3_384, "SHA3-384");
	assert_alg_name(PSA_ALG_ANY_HASH, "ANY_HASH");
	assert_alg_name(PSA_ALG_ECDSA(PSA_ALG_SHA_256), "ECDSA(SHA-256)");
	assert_alg_name(PSA_ALG_ECDSA(PSA_ALG_ANY_HASH), "ECDSA(ANY_HASH)");
	assert_alg_name(PSA_ALG_ECDSA_ANY, "ECDSA_ANY");
	assert_alg_name(PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_384),
	    "DETERMINISTIC_ECDSA(SHA-384)");
	assert_alg_name(PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_1),
	    "RSA_PKCS1V15_SIGN(SHA-1)");
	assert_alg_name(PSA_ALG_RSA_PKCS1V15_SIGN_RAW, "RSA_PKCS1V15_SIGN_RAW");
	assert_alg_name(PSA_ALG_RSA_PSS(PSA_ALG_SHA_256), "RSA_PSS(SHA-256)");
	assert_alg_name(PSA_ALG_RSA_PSS_ANY_SALT(PSA_ALG_SHA_256),
	    "RSA_PSS_ANY_SALT(SHA-256)");
	assert_alg_name(PSA_ALG_PURE_EDDSA, "PURE_EDDSA");
	assert_alg_name(PSA_ALG_ED25519PH, "ED25519PH");
	assert_alg_name(PSA_ALG_RSA_PKCS1V15_CRYPT, "RSA_PKCS1V15_CRYPT");
	assert_alg_name(PSA_ALG_RSA_OAEP(PSA_ALG_SHA_256), "RSA_OAEP(SHA-256)");
	assert_alg_name(hmac, "HMAC(SHA-256)");
	assert_alg_name(PSA_ALG_TRUNCATED_MAC(hmac, 16),
	    "TRUNCATED_MAC(HMAC(SHA-256),16)");
	assert_alg_name(PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 8),
	    "AT_LEAST_THIS_LENGTH_MAC(CMAC,8)");
	assert_alg_name(PSA_ALG_CBC_MAC, "CBC_MAC");
	assert_alg_name(PSA_ALG_CBC_PKCS7, "CBC_PKCS7");
	assert_alg_name(PSA_ALG_STREAM_CIPHER, "STREAM_CIPHER");
	assert_alg_name(PSA_ALG_GCM, "GCM");
	assert_alg_name(PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 12),
	    "AEAD_WITH_SHORTENED_TAG(GCM,12)");
	assert_alg_name(PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_CCM,
	    8), "AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(CCM,8)");
	assert_alg_name(PSA_ALG_HKDF(PSA_ALG_SHA_256), "HKDF(SHA-256)");
	assert_alg_name(PSA_ALG_PBKDF2_HMAC(PSA_ALG_SHA_512),
	    "PBKDF2_HMAC(SHA-512)");
	assert_alg_name(PSA_ALG_ECDH, "ECDH");
	assert_alg_name(PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH,
	    PSA_ALG_HKDF(PSA_ALG_SHA_256)),
	    "KEY_AGREEMENT(ECDH,HKDF(SHA-256))");
	assert_alg_name(PSA_ALG_KEY_AGREEMENT(PSA_ALG_FFDH,
	    PSA_ALG_TLS12_PRF(PSA_ALG_SHA_384)),
	    "KEY_AGREEMENT(FFDH,TLS12_PRF(SHA-384))");
}

static void
test_alg_names_unknown(void **state)
{
	(void)state;
	assert_alg_name(0x0a000001, "ALG(0x0a000001)");
	assert_alg_name(0x80000001, "ALG(0x80000001)");
	assert_alg_name(0x02000006, "ALG(0x02000006)");
	/* A known scheme over an unknown hash keeps the scheme's name. */
	assert_alg_name(PSA_ALG_ECDSA(0x020000fe),
	    "ECDSA(HASH(0x020000fe))");
	/* A scheme that needs a hash, without one. */
	assert_alg_name(PSA_ALG_RSA_PSS_BASE, "ALG(0x06000300)");
	/* Stray bits between the base and the hash. */
	assert_alg_name(0x03801209, "ALG(0x03801209)");
	assert_alg_name(PSA_ALG_TRUNCATED_MAC(0x03801209, 8),
	    "ALG(0x03881209)");
	assert_alg_name(PSA_ALG_AEAD_WITH_SHORTENED_TAG(0x05500300, 8),
	    "ALG(0x05480300)");
	assert_alg_name(PSA_ALG_HASH_EDDSA_BASE | 0x09, "ALG(0x06000909)");
}

static void
test_key_type_names(void **state)
{
	(void)state;
	assert_type_name(PSA_KEY_TYPE_NONE, "NONE");
	assert_type_name(PSA_KEY_TYPE_AES, "AES");
	assert_type_name(PSA_KEY_TYPE_HMAC, "HMAC");
	assert_type_name(PSA_KEY_TYPE_RAW_DATA, "RAW_DATA");
	assert_type_name(PSA_KEY_TYPE_RSA_KEY_PAIR, "RSA_KEY_PAIR");
	assert_type_name(PSA_KEY_TYPE_RSA_PUBLIC_KEY, "RSA_PUBLIC_KEY");
	assert_type_name(PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1),
	    "ECC_KEY_PAIR(SECP_R1)");
	assert_type_name(PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_MONTGOMERY),
	    "ECC_PUBLIC_KEY(MONTGOMERY)");
	assert_type_name(PSA_KEY_TYPE_ECC_KEY_PAIR(0x59), "ECC_KEY_PAIR(0x59)");
	/* Bit 7 is not part of a family (spec): 0x7199 is no ECC type. */
	assert_type_name(0x7199, "KEY_TYPE(0x7199)");
	assert_type_name(PSA_KEY_TYPE_DH_KEY_PAIR(PSA_DH_FAMILY_RFC7919),
	    "DH_KEY_PAIR(RFC7919)");
	assert_type_name(PSA_KEY_TYPE_DH_PUBLIC_KEY(0x07),
	    "DH_PUBLIC_KEY(0x07)");
	assert_type_name(0x8001, "KEY_TYPE(0x8001)");
	assert_type_name(0x2999, "KEY_TYPE(0x2999)");
}

static void
test_usage_names(void **state)
{
	char buf[PSA_NAME_SIZE];

	(void)state;
	assert_string_equal(psa_usage_name(0, buf, sizeof(buf)), "NONE");
	assert_string_equal(psa_usage_name(PSA_KEY_USAGE_SIGN_HASH |
	    PSA_KEY_USAGE_VERIFY_HASH, buf, sizeof(buf)),
	    "SIGN_HASH|VERIFY_HASH");
	assert_string_equal(psa_usage_name(PSA_KEY_USAGE_EXPORT | 0x80000000,
	    buf, sizeof(buf)), "EXPORT|0x80000000");
	assert_string_equal(psa_usage_name(0x40, buf, sizeof(buf)),
	    "0x00000040");
	/* Every bit set still fits PSA_NAME_SIZE. */
	psa_usage_name(0xffffffff, buf, sizeof(buf));
	assert_true(strlen(buf) < sizeof(buf) - 1);
	assert_non_null(strstr(buf,
	    "VERIFY_DERIVATION|WRAP|UNWRAP|0xfffc00f8"));
}

static void
test_truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_string_equal(psa_alg_name(PSA_ALG_ECDSA(PSA_ALG_SHA_256), buf,
	    sizeof(buf)), "ECDSA(S");
	assert_string_equal(psa_key_type_name(
	    PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), buf, 4), "ECC");
	assert_string_equal(psa_usage_name(PSA_KEY_USAGE_EXPORT, buf, 1), "");
	assert_string_equal(psa_alg_name(PSA_ALG_GCM, buf, 0), "");
	assert_string_equal(psa_alg_name(PSA_ALG_GCM, NULL, 16), "");
	assert_null(psa_hash_name(PSA_ALG_GCM));
	assert_string_equal(psa_hash_name(PSA_ALG_SHA_1), "SHA-1");
}

/* Distinct algorithms in a wide sweep of encodings get distinct names. */
static void
test_names_distinct(void **state)
{
	static const psa_algorithm_t bases[] = {
		PSA_ALG_HMAC_BASE, PSA_ALG_RSA_PKCS1V15_SIGN_BASE,
		PSA_ALG_RSA_PSS_BASE, PSA_ALG_RSA_PSS_ANY_SALT_BASE,
		PSA_ALG_ECDSA_BASE, PSA_ALG_DETERMINISTIC_ECDSA_BASE,
		PSA_ALG_HASH_EDDSA_BASE, PSA_ALG_RSA_OAEP_BASE,
		PSA_ALG_HKDF_BASE, PSA_ALG_PBKDF2_HMAC_BASE,
		PSA_ALG_CATEGORY_HASH, PSA_ALG_CMAC, PSA_ALG_GCM, PSA_ALG_CCM,
		PSA_ALG_ECDH | 0x0100, PSA_ALG_FFDH | 0x0100,
	};
	enum { N = sizeof(bases) / sizeof(bases[0]) * 64 };
	static char names[N][PSA_NAME_SIZE];
	static psa_algorithm_t algs[N];
	size_t n = 0;

	(void)state;
	for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
		for (uint32_t low = 0; low < 32; low++) {
			/* Vary the hash byte, and the length field. */
			algs[n] = bases[b] | low;
			psa_alg_name(algs[n], names[n], PSA_NAME_SIZE);
			n++;
			algs[n] = bases[b] | (low << 16) | 0x09;
			psa_alg_name(algs[n], names[n], PSA_NAME_SIZE);
			n++;
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (algs[i] != algs[j] &&
			    strcmp(names[i], names[j]) == 0)
				fail_msg("0x%08x and 0x%08x both named %s",
				    algs[i], algs[j], names[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alg_names),
		cmocka_unit_test(test_alg_names_unknown),
		cmocka_unit_test(test_key_type_names),
		cmocka_unit_test(test_usage_names),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_names_distinct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
