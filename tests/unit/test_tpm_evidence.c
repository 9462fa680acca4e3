/* tests/unit/test_tpm_evidence.c: the pure parts of the TPM provider's
 * residency evidence (src/providers/tpm/evidence.c): the DER length that
 * trims an EK certificate out of its padded NV index, and the AK template
 * verifiers rely on. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "providers/tpm/tpm_int.h"

static void
der_short_and_long_forms(void **state)
{
	uint8_t buf[600] = { 0 };
	size_t len = 99;

	(void)state;
	/* Short form, with padding after it. */
	buf[0] = 0x30;
	buf[1] = 0x03;
	assert_true(tpm_der_len(buf, 10, &len));
	assert_int_equal(len, 5);
	/* 0x81: one length octet (>= 0x80). */
	buf[1] = 0x81;
	buf[2] = 0x80;
	assert_true(tpm_der_len(buf, 3 + 0x80, &len));
	assert_int_equal(len, 3 + 0x80);
	/* 0x82: two length octets, padded NV as swtpm writes it. */
	buf[1] = 0x82;
	buf[2] = 0x01;
	buf[3] = 0xF4;		/* 500 */
	assert_true(tpm_der_len(buf, sizeof(buf), &len));
	assert_int_equal(len, 504);
}

static void
der_refused(void **state)
{
	uint8_t buf[600] = { 0 };
	size_t len = 99;

	(void)state;
	assert_false(tpm_der_len(buf, 0, &len));
	assert_int_equal(len, 0);
	assert_false(tpm_der_len(buf, 1, &len));
	buf[0] = 0x31;			/* not a SEQUENCE */
	buf[1] = 0x01;
	assert_false(tpm_der_len(buf, 10, &len));
	buf[0] = 0x30;
	buf[1] = 0x09;			/* longer than the data */
	assert_false(tpm_der_len(buf, 10, &len));
	buf[1] = 0x80;			/* indefinite length: not DER */
	assert_false(tpm_der_len(buf, 10, &len));
	buf[1] = 0x84;			/* four length octets */
	assert_false(tpm_der_len(buf, sizeof(buf), &len));
	buf[1] = 0x82;			/* leading zero octet: not minimal */
	buf[2] = 0x00;
	buf[3] = 0x90;
	assert_false(tpm_der_len(buf, sizeof(buf), &len));
	buf[1] = 0x81;			/* long form for a short length */
	buf[2] = 0x10;
	assert_false(tpm_der_len(buf, sizeof(buf), &len));
	buf[1] = 0x82;			/* length octets cut off */
	assert_false(tpm_der_len(buf, 3, &len));
	buf[2] = 0xFF;			/* 65535 + 4 > 600 */
	buf[3] = 0xFF;
	assert_false(tpm_der_len(buf, sizeof(buf), &len));
	assert_int_equal(len, 0);
}

static void
ak_template(void **state)
{
	TPM2B_PUBLIC a, b;
	const TPMT_PUBLIC *t = &a.publicArea;

	(void)state;
	tpm_ak_template(&a);
	tpm_ak_template(&b);
	assert_memory_equal(&a, &b, sizeof(a));	/* deterministic */
	assert_int_equal(t->type, TPM2_ALG_RSA);
	assert_int_equal(t->nameAlg, TPM2_ALG_SHA256);
	assert_int_equal(t->objectAttributes, TPMA_OBJECT_RESTRICTED |
	    TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_FIXEDTPM |
	    TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
	    TPMA_OBJECT_USERWITHAUTH);
	assert_int_equal(t->authPolicy.size, 0);
	assert_int_equal(t->parameters.rsaDetail.scheme.scheme,
	    TPM2_ALG_RSASSA);
	assert_int_equal(t->parameters.rsaDetail.scheme.details.rsassa.hashAlg,
	    TPM2_ALG_SHA256);
	assert_int_equal(t->parameters.rsaDetail.keyBits, 2048);
	assert_int_equal(t->parameters.rsaDetail.symmetric.algorithm,
	    TPM2_ALG_NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(der_short_and_long_forms),
		cmocka_unit_test(der_refused),
		cmocka_unit_test(ak_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
