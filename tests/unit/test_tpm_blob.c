/* tests/unit/test_tpm_blob.c: the TPM provider's key reference codec
 * (src/providers/tpm/blob.c): round trips of both kinds, the exact framing
 * of version 1, and every error path of the encoder and the decoder, each
 * leaving no partial result. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "providers/tpm/tpm_int.h"

static void
ecc_blob(struct tpm_blob *b)
{
	TPMT_PUBLIC *t = &b->tb_pub.publicArea;

	memset(b, 0, sizeof(*b));
	b->tb_kind = TPM_BLOB_LOADABLE;
	b->tb_priv.size = 10;
	memset(b->tb_priv.buffer, 0xAB, 10);
	t->type = TPM2_ALG_ECC;
	t->nameAlg = TPM2_ALG_SHA256;
	t->objectAttributes = TPMA_OBJECT_SIGN_ENCRYPT;
	t->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
	t->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
	t->parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
	t->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
	t->unique.ecc.x.size = 32;
	memset(t->unique.ecc.x.buffer, 1, 32);
	t->unique.ecc.y.size = 32;
	memset(t->unique.ecc.y.buffer, 2, 32);
}

static void
rsa_public_blob(struct tpm_blob *b)
{
	TPMT_PUBLIC *t = &b->tb_pub.publicArea;

	memset(b, 0, sizeof(*b));
	b->tb_kind = TPM_BLOB_PUBLIC;
	t->type = TPM2_ALG_RSA;
	t->nameAlg = TPM2_ALG_SHA256;
	t->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
	t->parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
	t->parameters.rsaDetail.keyBits = 2048;
	t->unique.rsa.size = 256;
	memset(t->unique.rsa.buffer, 0xC3, 256);
}

static void
assert_zeroed(const struct tpm_blob *b)
{
	static const struct tpm_blob zero;

	assert_memory_equal(b, &zero, sizeof(zero));
}

static void
encode(const struct tpm_blob *b, uint8_t **ref, size_t *len)
{
	assert_int_equal(tpm_blob_encode(b, ref, len), PSA_SUCCESS);
	assert_non_null(*ref);
}

static void
test_round_trip_loadable(void **state)
{
	struct tpm_blob b, d;
	uint8_t *ref = NULL;
	size_t len = 0;

	(void)state;
	ecc_blob(&b);
	encode(&b, &ref, &len);
	assert_int_equal(ref[0], 1);
	assert_int_equal(ref[1], TPM_BLOB_LOADABLE);
	assert_int_equal(ref[2], 0);		/* TPM2B_PRIVATE size, BE */
	assert_int_equal(ref[3], 10);
	assert_int_equal(tpm_blob_decode(ref, len, &d), PSA_SUCCESS);
	assert_int_equal(d.tb_kind, TPM_BLOB_LOADABLE);
	assert_int_equal(d.tb_priv.size, 10);
	assert_memory_equal(d.tb_priv.buffer, b.tb_priv.buffer, 10);
	assert_int_equal(d.tb_pub.publicArea.type, TPM2_ALG_ECC);
	assert_int_equal(d.tb_pub.publicArea.parameters.eccDetail.curveID,
	    TPM2_ECC_NIST_P256);
	assert_memory_equal(d.tb_pub.publicArea.unique.ecc.y.buffer,
	    b.tb_pub.publicArea.unique.ecc.y.buffer, 32);
	free(ref);
}

static void
test_round_trip_public(void **state)
{
	struct tpm_blob b, d;
	uint8_t *ref = NULL, *again = NULL;
	size_t len = 0, again_len = 0;

	(void)state;
	rsa_public_blob(&b);
	encode(&b, &ref, &len);
	assert_int_equal(ref[1], TPM_BLOB_PUBLIC);
	assert_int_equal(ref[2] | ref[3], 0);	/* no private part */
	assert_int_equal(tpm_blob_decode(ref, len, &d), PSA_SUCCESS);
	assert_int_equal(d.tb_pub.publicArea.parameters.rsaDetail.keyBits,
	    2048);
	/* One spelling per value. */
	encode(&d, &again, &again_len);
	assert_int_equal(again_len, len);
	assert_memory_equal(again, ref, len);
	free(ref);
	free(again);
}

static void
test_encode_errors(void **state)
{
	struct tpm_blob b;
	uint8_t *ref = (uint8_t *)1;
	size_t len = 1;

	(void)state;
	assert_int_equal(tpm_blob_encode(NULL, &ref, &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_null(ref);
	assert_int_equal(len, 0);
	ecc_blob(&b);
	b.tb_kind = 0;
	assert_int_equal(tpm_blob_encode(&b, &ref, &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	b.tb_kind = 3;
	assert_int_equal(tpm_blob_encode(&b, &ref, &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	ecc_blob(&b);
	b.tb_priv.size = 0;		/* loadable needs a private part */
	assert_int_equal(tpm_blob_encode(&b, &ref, &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	ecc_blob(&b);
	b.tb_kind = TPM_BLOB_PUBLIC;	/* public-only has none */
	assert_int_equal(tpm_blob_encode(&b, &ref, &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	ecc_blob(&b);
	b.tb_pub.publicArea.type = TPM2_ALG_NULL;
	assert_int_equal(tpm_blob_encode(&b, &ref, &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	rsa_public_blob(&b);
	b.tb_pub.publicArea.type = TPM2_ALG_KEYEDHASH; /* public: RSA/ECC */
	assert_int_equal(tpm_blob_encode(&b, &ref, &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	ecc_blob(&b);
	b.tb_priv.size = sizeof(b.tb_priv.buffer) + 1;	/* marshal refuses */
	assert_int_equal(tpm_blob_encode(&b, &ref, &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_null(ref);
	assert_int_equal(len, 0);
}

static void
expect_corrupt(const uint8_t *ref, size_t len)
{
	struct tpm_blob d;

	memset(&d, 0x5A, sizeof(d));
	assert_int_equal(tpm_blob_decode(ref, len, &d), PSA_ERROR_DATA_CORRUPT);
	assert_zeroed(&d);
}

static void
test_decode_errors(void **state)
{
	struct tpm_blob b;
	uint8_t *ref = NULL, *copy;
	size_t len = 0;

	(void)state;
	assert_int_equal(tpm_blob_decode((const uint8_t *)"", 0, NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
	expect_corrupt(NULL, 0);
	expect_corrupt((const uint8_t *)"\x01", 1);
	ecc_blob(&b);
	encode(&b, &ref, &len);
	/* Every proper prefix is refused. */
	for (size_t n = 0; n < len; n++)
		expect_corrupt(ref, n);
	assert_non_null(copy = malloc(len + 1));
	memcpy(copy, ref, len);
	copy[len] = 0;
	expect_corrupt(copy, len + 1);		/* trailing byte */
	copy[0] = 2;
	expect_corrupt(copy, len);		/* unknown version */
	copy[0] = 1;
	copy[1] = 3;
	expect_corrupt(copy, len);		/* unknown kind */
	copy[1] = TPM_BLOB_PUBLIC;
	expect_corrupt(copy, len);		/* public with a private part */
	copy[1] = TPM_BLOB_LOADABLE;
	copy[2] = 0xFF;				/* private size past the end */
	expect_corrupt(copy, len);
	copy[2] = 0;
	copy[4 + 10] ^= 0x01;			/* public size off by 256 */
	expect_corrupt(copy, len);
	copy[4 + 10] ^= 0x01;
	copy[4 + 10 + 2] = 0x00;		/* type TPM2_ALG_NULL (0x0010) */
	copy[4 + 10 + 3] = 0x10;
	expect_corrupt(copy, len);
	memcpy(copy, ref, len);
	copy[4 + 10 + 3] = 0x08;		/* type KEYEDHASH: other layout */
	expect_corrupt(copy, len);
	memcpy(copy, ref, len);
	copy[4 + 10] = 0;			/* public size 0, content */
	copy[4 + 10 + 1] = 0;			/* there: tss2-mu took it */
	expect_corrupt(copy, len);
	free(copy);
	/* Longer than any blob could be. */
	assert_non_null(copy = calloc(1, TPM_BLOB_MAX_LEN + 1));
	copy[0] = 1;
	copy[1] = 1;
	expect_corrupt(copy, TPM_BLOB_MAX_LEN + 1);
	free(copy);
	free(ref);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_loadable),
		cmocka_unit_test(test_round_trip_public),
		cmocka_unit_test(test_encode_errors),
		cmocka_unit_test(test_decode_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
