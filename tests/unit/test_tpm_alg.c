/* tests/unit/test_tpm_alg.c: the TPM provider's pure parts: PSA <-> TPM
 * algorithm mapping (src/providers/tpm/alg.c), the TSS2_RC translation
 * (rc.c), hierarchy auth parsing (tpm.c), the SRK template and the check of a
 * persisted SRK against it (srk.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "providers/tpm/tpm_int.h"

#define ECC_PAIR	PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)

static void
test_hashes(void **state)
{
	(void)state;
	assert_int_equal(tpm_alg_hash(PSA_ALG_SHA_1), TPM2_ALG_SHA1);
	assert_int_equal(tpm_alg_hash(PSA_ALG_SHA_256), TPM2_ALG_SHA256);
	assert_int_equal(tpm_alg_hash(PSA_ALG_SHA_384), TPM2_ALG_SHA384);
	assert_int_equal(tpm_alg_hash(PSA_ALG_SHA_512), TPM2_ALG_SHA512);
	assert_int_equal(tpm_alg_hash(PSA_ALG_SHA3_256), TPM2_ALG_ERROR);
	assert_int_equal(tpm_alg_hash(PSA_ALG_MD5), TPM2_ALG_ERROR);
	assert_int_equal(tpm_alg_hash(0), TPM2_ALG_ERROR);
	assert_int_equal(tpm_alg_hash_to_psa(TPM2_ALG_SHA384), PSA_ALG_SHA_384);
	assert_int_equal(tpm_alg_hash_to_psa(TPM2_ALG_SM3_256), PSA_ALG_NONE);
}

static void
test_curves(void **state)
{
	(void)state;
	assert_int_equal(tpm_alg_curve(ECC_PAIR, 256), TPM2_ECC_NIST_P256);
	assert_int_equal(tpm_alg_curve(ECC_PAIR, 384), TPM2_ECC_NIST_P384);
	assert_int_equal(tpm_alg_curve(PSA_KEY_TYPE_ECC_PUBLIC_KEY(
	    PSA_ECC_FAMILY_SECP_R1), 256), TPM2_ECC_NIST_P256);
	assert_int_equal(tpm_alg_curve(ECC_PAIR, 521), TPM2_ECC_NONE);
	assert_int_equal(tpm_alg_curve(PSA_KEY_TYPE_ECC_KEY_PAIR(
	    PSA_ECC_FAMILY_SECP_K1), 256), TPM2_ECC_NONE);
	assert_int_equal(tpm_alg_curve(PSA_KEY_TYPE_RSA_KEY_PAIR, 256),
	    TPM2_ECC_NONE);
	assert_int_equal(tpm_alg_curve_bits(TPM2_ECC_NIST_P384), 384);
	assert_int_equal(tpm_alg_curve_bits(TPM2_ECC_BN_P256), 0);
}

static void
expect_scheme(psa_algorithm_t alg, TPM2_ALG_ID scheme, TPM2_ALG_ID hash)
{
	TPMT_SIG_SCHEME s;

	assert_int_equal(tpm_alg_sign_scheme(alg, &s), PSA_SUCCESS);
	assert_int_equal(s.scheme, scheme);
	assert_int_equal(s.details.any.hashAlg, hash);
}

static void
test_sign_schemes(void **state)
{
	TPMT_SIG_SCHEME s;

	(void)state;
	expect_scheme(PSA_ALG_ECDSA(PSA_ALG_SHA_256), TPM2_ALG_ECDSA,
	    TPM2_ALG_SHA256);
	expect_scheme(PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_384),
	    TPM2_ALG_RSASSA, TPM2_ALG_SHA384);
	expect_scheme(PSA_ALG_RSA_PSS(PSA_ALG_SHA_512), TPM2_ALG_RSAPSS,
	    TPM2_ALG_SHA512);
	/* The TPM picks the PSS salt length, and has no raw or
	 * deterministic forms: refused rather than approximated. */
	assert_int_equal(tpm_alg_sign_scheme(PSA_ALG_RSA_PSS_ANY_SALT(
	    PSA_ALG_SHA_256), &s), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(tpm_alg_sign_scheme(PSA_ALG_ECDSA_ANY, &s),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(tpm_alg_sign_scheme(PSA_ALG_RSA_PKCS1V15_SIGN_RAW,
	    &s), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(tpm_alg_sign_scheme(PSA_ALG_DETERMINISTIC_ECDSA(
	    PSA_ALG_SHA_256), &s), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(tpm_alg_sign_scheme(PSA_ALG_ECDSA(PSA_ALG_SHA3_256),
	    &s), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(tpm_alg_sign_scheme(PSA_ALG_PURE_EDDSA, &s),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(s.scheme, 0);
}

static void
test_decrypt_schemes(void **state)
{
	TPMT_RSA_DECRYPT s;

	(void)state;
	assert_int_equal(tpm_alg_rsa_decrypt_scheme(PSA_ALG_RSA_PKCS1V15_CRYPT,
	    &s), PSA_SUCCESS);
	assert_int_equal(s.scheme, TPM2_ALG_RSAES);
	assert_int_equal(tpm_alg_rsa_decrypt_scheme(PSA_ALG_RSA_OAEP(
	    PSA_ALG_SHA_256), &s), PSA_SUCCESS);
	assert_int_equal(s.scheme, TPM2_ALG_OAEP);
	assert_int_equal(s.details.oaep.hashAlg, TPM2_ALG_SHA256);
	assert_int_equal(tpm_alg_rsa_decrypt_scheme(PSA_ALG_RSA_OAEP(
	    PSA_ALG_SHA3_256), &s), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(tpm_alg_rsa_decrypt_scheme(PSA_ALG_ECDSA(
	    PSA_ALG_SHA_256), &s), PSA_ERROR_NOT_SUPPORTED);
}

static void
test_cipher_modes(void **state)
{
	(void)state;
	assert_int_equal(tpm_alg_cipher_mode(PSA_ALG_CFB), TPM2_ALG_CFB);
	assert_int_equal(tpm_alg_cipher_mode(PSA_ALG_CTR), TPM2_ALG_CTR);
	assert_int_equal(tpm_alg_cipher_mode(PSA_ALG_OFB), TPM2_ALG_OFB);
	assert_int_equal(tpm_alg_cipher_mode(PSA_ALG_CBC_NO_PADDING),
	    TPM2_ALG_CBC);
	assert_int_equal(tpm_alg_cipher_mode(PSA_ALG_CBC_PKCS7), TPM2_ALG_CBC);
	assert_int_equal(tpm_alg_cipher_mode(PSA_ALG_ECB_NO_PADDING),
	    TPM2_ALG_ECB);
	assert_int_equal(tpm_alg_cipher_mode(PSA_ALG_XTS), TPM2_ALG_ERROR);
	assert_int_equal(tpm_alg_cipher_mode(PSA_ALG_STREAM_CIPHER),
	    TPM2_ALG_ERROR);
}

static void
test_key_types(void **state)
{
	TPMT_PUBLIC t;
	size_t bits;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.type = TPM2_ALG_ECC;
	t.parameters.eccDetail.curveID = TPM2_ECC_NIST_P384;
	assert_int_equal(tpm_alg_key_type(&t, true, &bits), ECC_PAIR);
	assert_int_equal(bits, 384);
	assert_int_equal(tpm_alg_key_type(&t, false, &bits),
	    PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1));
	t.parameters.eccDetail.curveID = TPM2_ECC_BN_P256;
	assert_int_equal(tpm_alg_key_type(&t, true, &bits), PSA_KEY_TYPE_NONE);
	memset(&t, 0, sizeof(t));
	t.type = TPM2_ALG_RSA;
	t.parameters.rsaDetail.keyBits = 3072;
	assert_int_equal(tpm_alg_key_type(&t, false, &bits),
	    PSA_KEY_TYPE_RSA_PUBLIC_KEY);
	assert_int_equal(bits, 3072);
	memset(&t, 0, sizeof(t));
	t.type = TPM2_ALG_KEYEDHASH;
	t.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_HMAC;
	assert_int_equal(tpm_alg_key_type(&t, true, &bits), PSA_KEY_TYPE_HMAC);
	assert_int_equal(tpm_alg_key_type(&t, false, &bits),
	    PSA_KEY_TYPE_NONE);
	t.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_XOR;
	assert_int_equal(tpm_alg_key_type(&t, true, &bits), PSA_KEY_TYPE_NONE);
	memset(&t, 0, sizeof(t));
	t.type = TPM2_ALG_SYMCIPHER;
	t.parameters.symDetail.sym.algorithm = TPM2_ALG_AES;
	t.parameters.symDetail.sym.keyBits.aes = 128;
	assert_int_equal(tpm_alg_key_type(&t, true, &bits), PSA_KEY_TYPE_AES);
	assert_int_equal(bits, 128);
	t.parameters.symDetail.sym.algorithm = TPM2_ALG_CAMELLIA;
	assert_int_equal(tpm_alg_key_type(&t, true, &bits), PSA_KEY_TYPE_NONE);
	t.type = TPM2_ALG_NULL;
	assert_int_equal(tpm_alg_key_type(&t, true, &bits), PSA_KEY_TYPE_NONE);
}

static void
test_rc(void **state)
{
	(void)state;
	assert_int_equal(tpm_rc_status("t", TSS2_RC_SUCCESS), PSA_SUCCESS);
	/* Format one, with a parameter number in bits 8-11. */
	assert_int_equal(tpm_rc_status("t", TPM2_RC_SIGNATURE | TPM2_RC_P |
	    TPM2_RC_2), PSA_ERROR_INVALID_SIGNATURE);
	assert_int_equal(tpm_rc_status("t", TPM2_RC_INTEGRITY | TPM2_RC_P |
	    TPM2_RC_2), PSA_ERROR_DATA_CORRUPT);
	assert_int_equal(tpm_rc_status("t", TPM2_RC_BAD_AUTH | TPM2_RC_S |
	    TPM2_RC_1), PSA_ERROR_NOT_PERMITTED);
	assert_int_equal(tpm_rc_status("t", TPM2_RC_ECC_POINT | TPM2_RC_P |
	    TPM2_RC_1), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(tpm_rc_status("t", TPM2_RC_LOCKOUT),
	    PSA_ERROR_NOT_PERMITTED);
	assert_int_equal(tpm_rc_status("t", TPM2_RC_COMMAND_CODE),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(tpm_rc_status("t", TPM2_RC_OBJECT_MEMORY),
	    PSA_ERROR_INSUFFICIENT_MEMORY);
	assert_true(tpm_rc_is_object_memory(TPM2_RC_OBJECT_MEMORY));
	assert_false(tpm_rc_is_object_memory(TPM2_RC_SESSION_MEMORY));
	assert_false(tpm_rc_is_object_memory(TSS2_ESYS_RC_MEMORY));
	assert_int_equal(tpm_rc_status("t", TPM2_RC_FAILURE),
	    PSA_ERROR_HARDWARE_FAILURE);
	/* The transport going away. */
	assert_true(tpm_rc_is_comm(TSS2_TCTI_RC_IO_ERROR));
	assert_true(tpm_rc_is_comm(TSS2_TCTI_RC_NO_CONNECTION));
	assert_true(tpm_rc_is_comm(TSS2_ESYS_RC_IO_ERROR));
	assert_false(tpm_rc_is_comm(TPM2_RC_FAILURE));
	assert_false(tpm_rc_is_comm(TSS2_RC_SUCCESS));
	assert_int_equal(tpm_rc_status("t", TSS2_TCTI_RC_IO_ERROR),
	    PSA_ERROR_COMMUNICATION_FAILURE);
	assert_int_equal(tpm_rc_status("t", TSS2_ESYS_RC_MEMORY),
	    PSA_ERROR_INSUFFICIENT_MEMORY);
	assert_int_equal(tpm_rc_status("t", TSS2_ESYS_RC_BAD_VALUE),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(tpm_rc_status("t", TSS2_MU_RC_INSUFFICIENT_BUFFER),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(tpm_rc_status("t", TSS2_ESYS_RC_GENERAL_FAILURE),
	    PSA_ERROR_GENERIC_ERROR);
}

static void
test_auth_parse(void **state)
{
	TPM2B_AUTH a;
	char long_text[2 * 64 + 8];

	(void)state;
	assert_int_equal(tpm_auth_parse(NULL, &a), PSA_SUCCESS);
	assert_int_equal(a.size, 0);
	assert_int_equal(tpm_auth_parse("", &a), PSA_SUCCESS);
	assert_int_equal(a.size, 0);
	assert_int_equal(tpm_auth_parse("s3cret", &a), PSA_SUCCESS);
	assert_int_equal(a.size, 6);
	assert_memory_equal(a.buffer, "s3cret", 6);
	assert_int_equal(tpm_auth_parse("str:hex:1", &a), PSA_SUCCESS);
	assert_int_equal(a.size, 5);
	assert_memory_equal(a.buffer, "hex:1", 5);
	assert_int_equal(tpm_auth_parse("hex:00fF7a", &a), PSA_SUCCESS);
	assert_int_equal(a.size, 3);
	assert_memory_equal(a.buffer, "\x00\xff\x7a", 3);
	assert_int_equal(tpm_auth_parse("hex:", &a), PSA_SUCCESS);
	assert_int_equal(a.size, 0);
	assert_int_equal(tpm_auth_parse("hex:abc", &a),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(tpm_auth_parse("hex:zz", &a),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(a.size, 0);
	memset(long_text, 'a', 64);
	long_text[64] = '\0';
	assert_int_equal(tpm_auth_parse(long_text, &a), PSA_SUCCESS);
	assert_int_equal(a.size, 64);
	long_text[64] = 'a';
	long_text[65] = '\0';
	assert_int_equal(tpm_auth_parse(long_text, &a),
	    PSA_ERROR_INVALID_ARGUMENT);
	memcpy(long_text, "hex:", 4);
	memset(long_text + 4, 'f', 2 * 64 + 2);
	long_text[4 + 2 * 64 + 2] = '\0';
	assert_int_equal(tpm_auth_parse(long_text, &a),
	    PSA_ERROR_INVALID_ARGUMENT);
}

static void
test_srk_template(void **state)
{
	TPM2B_PUBLIC t;
	const TPMT_PUBLIC *a = &t.publicArea;

	(void)state;
	tpm_srk_template(&t);
	/* TCG Provisioning Guidance, ECC P-256 SRK. */
	assert_int_equal(a->type, TPM2_ALG_ECC);
	assert_int_equal(a->nameAlg, TPM2_ALG_SHA256);
	assert_int_equal(a->objectAttributes, TPMA_OBJECT_FIXEDTPM |
	    TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
	    TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA |
	    TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT);
	assert_int_equal(a->authPolicy.size, 0);
	assert_int_equal(a->parameters.eccDetail.symmetric.algorithm,
	    TPM2_ALG_AES);
	assert_int_equal(a->parameters.eccDetail.symmetric.keyBits.aes, 128);
	assert_int_equal(a->parameters.eccDetail.symmetric.mode.aes,
	    TPM2_ALG_CFB);
	assert_int_equal(a->parameters.eccDetail.scheme.scheme, TPM2_ALG_NULL);
	assert_int_equal(a->parameters.eccDetail.curveID, TPM2_ECC_NIST_P256);
	assert_int_equal(a->parameters.eccDetail.kdf.scheme, TPM2_ALG_NULL);
	assert_int_equal(a->unique.ecc.x.size, 0);
	assert_int_equal(a->unique.ecc.y.size, 0);
}

static void
test_srk_matches(void **state)
{
	TPM2B_PUBLIC t;
	TPMT_PUBLIC *a = &t.publicArea;
	char why[384], small[24];

	(void)state;
	tpm_srk_template(&t);
	/* A persisted key carries its public point; that may differ. */
	a->unique.ecc.x.size = a->unique.ecc.y.size = 32;
	memset(why, 'x', sizeof(why));
	assert_true(tpm_srk_matches(a, why, sizeof(why)));
	assert_string_equal(why, "");

	a->type = TPM2_ALG_RSA;		/* stops there: another union */
	a->nameAlg = TPM2_ALG_SHA384;
	assert_false(tpm_srk_matches(a, why, sizeof(why)));
	assert_string_equal(why, "type 0x0001, want 0x0023 (ECC)");

	tpm_srk_template(&t);
	a->nameAlg = TPM2_ALG_SHA384;
	a->objectAttributes |= TPMA_OBJECT_SIGN_ENCRYPT;
	a->authPolicy.size = 32;
	a->parameters.eccDetail.symmetric.keyBits.aes = 256;
	a->parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDH;
	a->parameters.eccDetail.curveID = TPM2_ECC_NIST_P384;
	a->parameters.eccDetail.kdf.scheme = TPM2_ALG_KDF1_SP800_56A;
	assert_false(tpm_srk_matches(a, why, sizeof(why)));
	assert_string_equal(why, "nameAlg 0x000C, want 0x000B (SHA-256); "
	    "objectAttributes 0x00070472, want 0x00030472; an authPolicy of "
	    "32 bytes, want none; symmetric 0x0006/256/0x0043, want "
	    "0x0006/128/0x0043 (AES-128-CFB); scheme 0x0019, want 0x0010 "
	    "(NULL); curve 0x0004, want 0x0003 (NIST P-256); kdf 0x0020, "
	    "want 0x0010 (NULL)");
	/* Each field alone is enough to refuse the key. */
	tpm_srk_template(&t);
	a->parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CTR;
	assert_false(tpm_srk_matches(a, why, sizeof(why)));
	tpm_srk_template(&t);
	a->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
	a->parameters.eccDetail.symmetric.keyBits.aes = 0;
	a->parameters.eccDetail.symmetric.mode.aes = 0;
	assert_false(tpm_srk_matches(a, why, sizeof(why)));
	assert_string_equal(why, "symmetric 0x0010/0/0x0000, want "
	    "0x0006/128/0x0043 (AES-128-CFB)");
	tpm_srk_template(&t);
	a->objectAttributes &= ~TPMA_OBJECT_NODA;
	assert_false(tpm_srk_matches(a, why, sizeof(why)));
	/* A short buffer keeps the start, NUL-ended. */
	tpm_srk_template(&t);
	a->nameAlg = TPM2_ALG_SHA1;
	a->authPolicy.size = 20;
	assert_false(tpm_srk_matches(a, small, sizeof(small)));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, "nameAlg 0x0004, want 0x0", 23);
}

/* From swtpm: tpm2_readpublic -c 0x81000001 of the primary arcsecd
 * persisted there (name, qualified name). */
static const char srk_name_hex[] =
    "000bb9f1f3015620351df4b5e079c337ef369cf206cc4a3e0ffc4d0fc4ef189ee137";
static const char srk_qname_hex[] =
    "000b8d08ee9af4c32d71222ffb4d05b922c256725200351e1262dbf6af31a93cc8c2";

static void
name_from_hex(const char *hex, TPM2B_NAME *n)
{
	size_t len = strlen(hex) / 2;

	assert_true(len <= sizeof(n->name));
	for (size_t i = 0; i < len; i++) {
		unsigned int byte;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &byte), 1);
		n->name[i] = (uint8_t)byte;
	}
	n->size = (uint16_t)len;
}

static void
test_srk_owner_primary(void **state)
{
	TPM2B_NAME name, qname;

	(void)state;
	name_from_hex(srk_name_hex, &name);
	name_from_hex(srk_qname_hex, &qname);
	assert_true(tpm_srk_is_owner_primary(&name, &qname));
	/* The same name under TPM_RH_ENDORSEMENT, or any other parent. */
	qname.name[33] ^= 1;
	assert_false(tpm_srk_is_owner_primary(&name, &qname));
	qname.name[33] ^= 1;
	name.name[2] ^= 1;
	assert_false(tpm_srk_is_owner_primary(&name, &qname));
	name.name[2] ^= 1;
	qname.size = 33;
	assert_false(tpm_srk_is_owner_primary(&name, &qname));
	qname.size = 34;
	name.name[1] = TPM2_ALG_SHA384 & 0xFF;	/* not SHA-256 */
	assert_false(tpm_srk_is_owner_primary(&name, &qname));
}

static void
test_ek_template(void **state)
{
	static const uint8_t policy[32] = {
		0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90,
		0xcc, 0x8d, 0x46, 0xa5, 0xd7, 0x24, 0xfd, 0x52, 0xd7, 0x6e,
		0x06, 0x52, 0x0b, 0x64, 0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14,
		0x69, 0xaa,
	};
	TPM2B_PUBLIC t;
	const TPMT_PUBLIC *a = &t.publicArea;
	uint8_t zero[256] = { 0 };

	(void)state;
	tpm_ek_template(&t);
	/* TCG EK Credential Profile, template L-1. */
	assert_int_equal(a->type, TPM2_ALG_RSA);
	assert_int_equal(a->nameAlg, TPM2_ALG_SHA256);
	assert_int_equal(a->objectAttributes, TPMA_OBJECT_FIXEDTPM |
	    TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
	    TPMA_OBJECT_ADMINWITHPOLICY | TPMA_OBJECT_RESTRICTED |
	    TPMA_OBJECT_DECRYPT);
	assert_int_equal(a->authPolicy.size, 32);
	assert_memory_equal(a->authPolicy.buffer, policy, 32);
	assert_int_equal(a->parameters.rsaDetail.symmetric.algorithm,
	    TPM2_ALG_AES);
	assert_int_equal(a->parameters.rsaDetail.symmetric.keyBits.aes, 128);
	assert_int_equal(a->parameters.rsaDetail.symmetric.mode.aes,
	    TPM2_ALG_CFB);
	assert_int_equal(a->parameters.rsaDetail.scheme.scheme, TPM2_ALG_NULL);
	assert_int_equal(a->parameters.rsaDetail.keyBits, 2048);
	assert_int_equal(a->parameters.rsaDetail.exponent, 0);
	assert_int_equal(a->unique.rsa.size, 256);
	assert_memory_equal(a->unique.rsa.buffer, zero, 256);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hashes),
		cmocka_unit_test(test_curves),
		cmocka_unit_test(test_sign_schemes),
		cmocka_unit_test(test_decrypt_schemes),
		cmocka_unit_test(test_cipher_modes),
		cmocka_unit_test(test_key_types),
		cmocka_unit_test(test_rc),
		cmocka_unit_test(test_auth_parse),
		cmocka_unit_test(test_srk_template),
		cmocka_unit_test(test_srk_matches),
		cmocka_unit_test(test_srk_owner_primary),
		cmocka_unit_test(test_ek_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
