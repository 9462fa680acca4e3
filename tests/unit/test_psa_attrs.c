/* tests/unit/test_psa_attrs.c: the key-store encoding of key attributes
 * (psa/attributes.c): round trips, the exact bytes of version 1, and every
 * error path of the encoder and the decoder. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "psa/attributes.h"

static const struct psa_key_attrs ecdsa_key = {
	.type = PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1),
	.bits = 256,
	.usage = PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_SIGN_MESSAGE,
	.alg = PSA_ALG_ECDSA(PSA_ALG_SHA_256),
	.is_persistent = true,
};

/* ecdsa_key as version 1 writes it: every field little-endian. */
static const uint8_t ecdsa_key_bytes[PSA_ATTRS_ENCODED_LEN] = {
	0x01,				/* version */
	0x12, 0x71,			/* type 0x7112 */
	0x00, 0x01, 0x00, 0x00,		/* bits 256 */
	0x00, 0x14, 0x00, 0x00,		/* usage 0x1400 */
	0x09, 0x06, 0x00, 0x06,		/* alg 0x06000609 */
	0x01,				/* flags: persistent */
};

static void
assert_attrs_equal(const struct psa_key_attrs *a, const struct psa_key_attrs *b)
{
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->bits, b->bits);
	assert_int_equal(a->usage, b->usage);
	assert_int_equal(a->alg, b->alg);
	assert_int_equal(a->is_persistent, b->is_persistent);
}

static void
test_encode_exact_bytes(void **state)
{
	uint8_t out[PSA_ATTRS_ENCODED_LEN];
	size_t len = 99;

	(void)state;
	assert_int_equal(psa_attrs_encode(&ecdsa_key, out, sizeof(out), &len),
	    PSA_SUCCESS);
	assert_int_equal(len, PSA_ATTRS_ENCODED_LEN);
	assert_memory_equal(out, ecdsa_key_bytes, sizeof(out));
}

static void
test_round_trips(void **state)
{
	static const struct psa_key_attrs cases[] = {
		{ PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 256,
		    PSA_KEY_USAGE_SIGN_HASH, PSA_ALG_ECDSA(PSA_ALG_ANY_HASH),
		    true },
		{ PSA_KEY_TYPE_RSA_PUBLIC_KEY, 4096, PSA_KEY_USAGE_VERIFY_HASH,
		    PSA_ALG_RSA_PSS(PSA_ALG_SHA_512), false },
		{ PSA_KEY_TYPE_AES, 128, PSA_KEY_USAGE_ENCRYPT |
		    PSA_KEY_USAGE_DECRYPT, PSA_ALG_GCM, true },
		{ PSA_KEY_TYPE_RAW_DATA, 0, 0, PSA_ALG_NONE, false },
		{ PSA_KEY_TYPE_HMAC, PSA_KEY_BITS_MAX, 0xffffffff, 0xffffffff,
		    true },
		/* Values no policy accepts still round-trip: the store keeps
		 * what it was given, validation is someone else's job. */
		{ 0xffff, 1, 0x80000000, 0x80000001, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t buf[PSA_ATTRS_ENCODED_LEN + 4];
		struct psa_key_attrs back;
		size_t len;

		assert_int_equal(psa_attrs_encode(&cases[i], buf, sizeof(buf),
		    &len), PSA_SUCCESS);
		assert_int_equal(len, PSA_ATTRS_ENCODED_LEN);
		assert_int_equal(psa_attrs_decode(buf, len, &back),
		    PSA_SUCCESS);
		assert_attrs_equal(&back, &cases[i]);
	}
}

static void
test_encode_errors(void **state)
{
	struct psa_key_attrs bad = ecdsa_key;
	uint8_t out[PSA_ATTRS_ENCODED_LEN];
	size_t len;

	(void)state;
	/* Buffer one byte short: nothing written, length 0, buffer wiped. */
	memset(out, 0xaa, sizeof(out));
	len = 7;
	assert_int_equal(psa_attrs_encode(&ecdsa_key, out, sizeof(out) - 1,
	    &len), PSA_ERROR_BUFFER_TOO_SMALL);
	assert_int_equal(len, 0);
	for (size_t i = 0; i < sizeof(out) - 1; i++)
		assert_int_equal(out[i], 0);
	assert_int_equal(out[sizeof(out) - 1], 0xaa);	/* beyond out_size */
	assert_int_equal(psa_attrs_encode(&ecdsa_key, out, 0, &len),
	    PSA_ERROR_BUFFER_TOO_SMALL);

	len = 7;
	assert_int_equal(psa_attrs_encode(NULL, out, sizeof(out), &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(len, 0);
	assert_int_equal(psa_attrs_encode(&ecdsa_key, NULL, sizeof(out), &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_attrs_encode(&ecdsa_key, out, sizeof(out), NULL),
	    PSA_ERROR_INVALID_ARGUMENT);

	bad.type = PSA_KEY_TYPE_NONE;
	assert_int_equal(psa_attrs_encode(&bad, out, sizeof(out), &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(len, 0);
	bad = ecdsa_key;
	bad.bits = PSA_KEY_BITS_MAX + 1;
	assert_int_equal(psa_attrs_encode(&bad, out, sizeof(out), &len),
	    PSA_ERROR_INVALID_ARGUMENT);
	bad.bits = (size_t)UINT32_MAX + 1;	/* beyond the u32 field */
	assert_int_equal(psa_attrs_encode(&bad, out, sizeof(out), &len),
	    PSA_ERROR_INVALID_ARGUMENT);
}

/* Decodes `in` and checks it fails with DATA_INVALID, leaving *out zero. */
static void
assert_decode_invalid(const uint8_t *in, size_t len)
{
	struct psa_key_attrs out;
	struct psa_key_attrs zero = { 0 };

	memset(&out, 0x5a, sizeof(out));
	assert_int_equal(psa_attrs_decode(in, len, &out),
	    PSA_ERROR_DATA_INVALID);
	assert_attrs_equal(&out, &zero);
}

static void
test_decode_errors(void **state)
{
	uint8_t buf[PSA_ATTRS_ENCODED_LEN + 1];
	struct psa_key_attrs out;

	(void)state;
	/* Empty record. */
	assert_decode_invalid(ecdsa_key_bytes, 0);
	assert_decode_invalid(NULL, 0);

	/* Unknown versions: 0, the next one, the largest. */
	memcpy(buf, ecdsa_key_bytes, PSA_ATTRS_ENCODED_LEN);
	buf[0] = 0;
	assert_decode_invalid(buf, PSA_ATTRS_ENCODED_LEN);
	buf[0] = 2;
	assert_decode_invalid(buf, PSA_ATTRS_ENCODED_LEN);
	buf[0] = 0xff;
	assert_decode_invalid(buf, PSA_ATTRS_ENCODED_LEN);
	/* ...even when its length is not version 1's. */
	assert_decode_invalid(buf, 1);

	/* Every truncation of a valid record. */
	for (size_t n = 1; n < PSA_ATTRS_ENCODED_LEN; n++)
		assert_decode_invalid(ecdsa_key_bytes, n);

	/* Trailing bytes. */
	memcpy(buf, ecdsa_key_bytes, PSA_ATTRS_ENCODED_LEN);
	buf[PSA_ATTRS_ENCODED_LEN] = 0;
	assert_decode_invalid(buf, PSA_ATTRS_ENCODED_LEN + 1);

	/* Type NONE. */
	memcpy(buf, ecdsa_key_bytes, PSA_ATTRS_ENCODED_LEN);
	buf[1] = 0;
	buf[2] = 0;
	assert_decode_invalid(buf, PSA_ATTRS_ENCODED_LEN);

	/* Bits above PSA_KEY_BITS_MAX: 0xfff9 and 2^32 - 1. */
	memcpy(buf, ecdsa_key_bytes, PSA_ATTRS_ENCODED_LEN);
	buf[3] = 0xf9;
	buf[4] = 0xff;
	assert_decode_invalid(buf, PSA_ATTRS_ENCODED_LEN);
	buf[3] = buf[4] = buf[5] = buf[6] = 0xff;
	assert_decode_invalid(buf, PSA_ATTRS_ENCODED_LEN);
	/* ...while the maximum itself is fine. */
	buf[3] = 0xf8;
	buf[4] = 0xff;
	buf[5] = buf[6] = 0;
	assert_int_equal(psa_attrs_decode(buf, PSA_ATTRS_ENCODED_LEN, &out),
	    PSA_SUCCESS);
	assert_int_equal(out.bits, PSA_KEY_BITS_MAX);

	/* Each reserved flag bit. */
	for (unsigned bit = 1; bit < 8; bit++) {
		memcpy(buf, ecdsa_key_bytes, PSA_ATTRS_ENCODED_LEN);
		buf[15] = (uint8_t)(1u << bit);
		assert_decode_invalid(buf, PSA_ATTRS_ENCODED_LEN);
	}

	/* Bad arguments. */
	assert_int_equal(psa_attrs_decode(NULL, 4, &out),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_attrs_decode(ecdsa_key_bytes,
	    PSA_ATTRS_ENCODED_LEN, NULL), PSA_ERROR_INVALID_ARGUMENT);
}

static void
test_decode_flags(void **state)
{
	uint8_t buf[PSA_ATTRS_ENCODED_LEN];
	struct psa_key_attrs out;

	(void)state;
	memcpy(buf, ecdsa_key_bytes, sizeof(buf));
	assert_int_equal(psa_attrs_decode(buf, sizeof(buf), &out), PSA_SUCCESS);
	assert_attrs_equal(&out, &ecdsa_key);
	buf[15] = 0;
	assert_int_equal(psa_attrs_decode(buf, sizeof(buf), &out), PSA_SUCCESS);
	assert_false(out.is_persistent);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_exact_bytes),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_encode_errors),
		cmocka_unit_test(test_decode_errors),
		cmocka_unit_test(test_decode_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
