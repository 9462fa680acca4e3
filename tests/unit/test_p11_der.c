/* tests/unit/test_p11_der.c: the PKCS#11 provider's pure codecs
 * (providers/pkcs11/der.c, ref.c): PKCS#1 RSA DER both ways, EC point
 * OCTET STRING wrapping, curve OIDs (RFC 5480), DigestInfo prefixes
 * (RFC 8017 §9.2), and the key reference with each of its error paths. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "providers/pkcs11/p11_der.h"

/* RSAPublicKey { n = 0x00c1..(leading sign byte), e = 65537 }. */
static const uint8_t pub_der[] = { 0x30, 0x0a, 0x02, 0x03, 0x00, 0xc1, 0x23,
	0x02, 0x03, 0x01, 0x00, 0x01 };

static void
test_rsa_pub_roundtrip(void **state)
{
	struct p11_rsa_parts rp;
	uint8_t out[64];
	size_t out_len;

	(void)state;
	assert_int_equal(p11_der_rsa_pub_parse(pub_der, sizeof(pub_der), &rp),
	    PSA_SUCCESS);
	assert_int_equal(rp.rp_len[P11_RSA_N], 2);	/* sign byte dropped */
	assert_int_equal(rp.rp_v[P11_RSA_N][0], 0xc1);
	assert_int_equal(rp.rp_len[P11_RSA_E], 3);
	assert_int_equal(p11_der_int_bits(rp.rp_v[P11_RSA_N],
	    rp.rp_len[P11_RSA_N]), 16);
	assert_int_equal(p11_der_rsa_write(&rp, false, out, sizeof(out),
	    &out_len), PSA_SUCCESS);
	assert_int_equal(out_len, sizeof(pub_der));
	assert_memory_equal(out, pub_der, sizeof(pub_der));
	assert_int_equal(p11_der_rsa_write(&rp, false, out, out_len - 1,
	    &out_len), PSA_ERROR_BUFFER_TOO_SMALL);
	assert_int_equal(out_len, 0);
}

static void
test_rsa_write_pads(void **state)
{
	/* PKCS#11 values may carry leading zeros; DER must not. */
	static const uint8_t n[] = { 0x00, 0x00, 0x7f, 0x01 }, e[] = { 0x03 };
	struct p11_rsa_parts rp = { .rp_v = { n, e }, .rp_len = { 4, 1 } };
	static const uint8_t want[] = { 0x30, 0x07, 0x02, 0x02, 0x7f, 0x01,
		0x02, 0x01, 0x03 };
	uint8_t out[16];
	size_t out_len;

	(void)state;
	assert_int_equal(p11_der_rsa_write(&rp, false, out, sizeof(out),
	    &out_len), PSA_SUCCESS);
	assert_int_equal(out_len, sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	rp.rp_v[1] = NULL;
	assert_int_equal(p11_der_rsa_write(&rp, false, out, sizeof(out),
	    &out_len), PSA_ERROR_INVALID_ARGUMENT);
}

static void
test_rsa_parse_refuses(void **state)
{
	struct p11_rsa_parts rp;
	uint8_t bad[sizeof(pub_der) + 1];

	(void)state;
	/* Trailing byte after the SEQUENCE. */
	memcpy(bad, pub_der, sizeof(pub_der));
	bad[sizeof(pub_der)] = 0;
	assert_int_equal(p11_der_rsa_pub_parse(bad, sizeof(bad), &rp),
	    PSA_ERROR_INVALID_ARGUMENT);
	/* Truncated. */
	assert_int_equal(p11_der_rsa_pub_parse(pub_der, sizeof(pub_der) - 1,
	    &rp), PSA_ERROR_INVALID_ARGUMENT);
	/* Negative modulus (no sign byte). */
	static const uint8_t neg[] = { 0x30, 0x08, 0x02, 0x02, 0xc1, 0x23,
		0x02, 0x02, 0x01, 0x01 };
	assert_int_equal(p11_der_rsa_pub_parse(neg, sizeof(neg), &rp),
	    PSA_ERROR_INVALID_ARGUMENT);
	/* Non-minimal integer (needless zero). */
	static const uint8_t pad[] = { 0x30, 0x09, 0x02, 0x03, 0x00, 0x41,
		0x23, 0x02, 0x02, 0x01, 0x01 };
	assert_int_equal(p11_der_rsa_pub_parse(pad, sizeof(pad), &rp),
	    PSA_ERROR_INVALID_ARGUMENT);
	/* Long-form length where short form fits. */
	static const uint8_t longlen[] = { 0x30, 0x81, 0x08, 0x02, 0x02, 0x41,
		0x23, 0x02, 0x02, 0x01, 0x01 };
	assert_int_equal(p11_der_rsa_pub_parse(longlen, sizeof(longlen), &rp),
	    PSA_ERROR_INVALID_ARGUMENT);
	/* Zero exponent. */
	static const uint8_t zero[] = { 0x30, 0x07, 0x02, 0x02, 0x41, 0x23,
		0x02, 0x01, 0x00 };
	assert_int_equal(p11_der_rsa_pub_parse(zero, sizeof(zero), &rp),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_null(rp.rp_v[0]);
	/* Wrong outer tag. */
	bad[0] = 0x31;
	assert_int_equal(p11_der_rsa_pub_parse(bad, sizeof(pub_der), &rp),
	    PSA_ERROR_INVALID_ARGUMENT);
}

static void
test_rsa_priv(void **state)
{
	/* version 0 and eight one-byte integers 1..8. */
	uint8_t der[2 + 9 * 3] = { 0x30, 27 };
	struct p11_rsa_parts rp;
	uint8_t out[64];
	size_t out_len;

	(void)state;
	for (int i = 0; i < 9; i++) {
		der[2 + 3 * i] = 0x02;
		der[3 + 3 * i] = 0x01;
		der[4 + 3 * i] = (uint8_t)i;
	}
	assert_int_equal(p11_der_rsa_priv_parse(der, sizeof(der), &rp),
	    PSA_SUCCESS);
	for (int i = 0; i < P11_RSA_COUNT; i++)
		assert_int_equal(rp.rp_v[i][0], i + 1);
	assert_int_equal(p11_der_rsa_write(&rp, true, out, sizeof(out),
	    &out_len), PSA_SUCCESS);
	assert_int_equal(out_len, sizeof(der));
	assert_memory_equal(out, der, sizeof(der));
	/* Multi-prime version 1 is not a PSA format. */
	der[4] = 1;
	assert_int_equal(p11_der_rsa_priv_parse(der, sizeof(der), &rp),
	    PSA_ERROR_INVALID_ARGUMENT);
	/* A public key is not a private one. */
	assert_int_equal(p11_der_rsa_priv_parse(pub_der, sizeof(pub_der),
	    &rp), PSA_ERROR_INVALID_ARGUMENT);
}

static void
test_ec_point(void **state)
{
	uint8_t pt[65], der[80];
	const uint8_t *got;
	size_t der_len, got_len;

	(void)state;
	memset(pt, 0xab, sizeof(pt));
	pt[0] = 0x04;
	assert_int_equal(p11_der_ec_point_wrap(pt, sizeof(pt), der,
	    sizeof(der), &der_len), PSA_SUCCESS);
	assert_int_equal(der_len, 67);
	assert_int_equal(der[0], 0x04);
	assert_int_equal(der[1], 65);
	assert_int_equal(p11_der_ec_point_unwrap(der, der_len, 65, &got,
	    &got_len), PSA_SUCCESS);
	assert_int_equal(got_len, 65);
	assert_memory_equal(got, pt, 65);
	/* The bare point some tokens return. */
	assert_int_equal(p11_der_ec_point_unwrap(pt, 65, 65, &got, &got_len),
	    PSA_SUCCESS);
	assert_ptr_equal(got, pt);
	/* Wrong length for the curve, compressed point, short buffer. */
	assert_int_equal(p11_der_ec_point_unwrap(der, der_len, 97, &got,
	    &got_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_null(got);
	der[2] = 0x02;
	assert_int_equal(p11_der_ec_point_unwrap(der, der_len, 65, &got,
	    &got_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(p11_der_ec_point_wrap(pt, sizeof(pt), der, 66,
	    &der_len), PSA_ERROR_BUFFER_TOO_SMALL);
	/* 133-byte P-521 point: long-form length 0x81 0x85. */
	uint8_t big[133], bigder[140];
	memset(big, 1, sizeof(big));
	big[0] = 0x04;
	assert_int_equal(p11_der_ec_point_wrap(big, sizeof(big), bigder,
	    sizeof(bigder), &der_len), PSA_SUCCESS);
	assert_int_equal(der_len, 136);
	assert_int_equal(bigder[1], 0x81);
	assert_int_equal(bigder[2], 133);
	assert_int_equal(p11_der_ec_point_unwrap(bigder, der_len, 133, &got,
	    &got_len), PSA_SUCCESS);
}

static void
test_ec_params(void **state)
{
	static const uint8_t p256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
		0x3d, 0x03, 0x01, 0x07 };
	static const uint8_t p521[] = { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00,
		0x23 };
	size_t len;
	const uint8_t *oid;

	(void)state;
	oid = p11_ec_params(256, &len);
	assert_int_equal(len, sizeof(p256));
	assert_memory_equal(oid, p256, len);
	oid = p11_ec_params(521, &len);
	assert_memory_equal(oid, p521, sizeof(p521));
	assert_non_null(p11_ec_params(384, &len));
	assert_null(p11_ec_params(224, &len));
	assert_int_equal(len, 0);
	assert_int_equal(p11_ec_bits_from_point_len(65), 256);
	assert_int_equal(p11_ec_bits_from_point_len(97), 384);
	assert_int_equal(p11_ec_bits_from_point_len(133), 521);
	assert_int_equal(p11_ec_bits_from_point_len(64), 0);
}

static void
test_digest_info(void **state)
{
	size_t len;
	const uint8_t *di;

	(void)state;
	di = p11_digest_info_prefix(PSA_ALG_SHA_256, &len);
	assert_int_equal(len, 19);
	assert_int_equal(di[1] + 2, 19 + 32);	/* SEQUENCE covers the hash */
	assert_int_equal(di[18], 32);
	di = p11_digest_info_prefix(PSA_ALG_SHA_1, &len);
	assert_int_equal(len, 15);
	assert_int_equal(di[1] + 2, 15 + 20);
	for (psa_algorithm_t h = PSA_ALG_SHA_224; h <= PSA_ALG_SHA_512; h++) {
		di = p11_digest_info_prefix(h, &len);
		if (h == PSA_ALG_SHA_224 || h == PSA_ALG_SHA_256 ||
		    h == PSA_ALG_SHA_384 || h == PSA_ALG_SHA_512) {
			assert_non_null(di);
			assert_int_equal(di[len - 1] + len, di[1] + 2u);
		}
	}
	assert_null(p11_digest_info_prefix(PSA_ALG_MD5, &len));
}

static void
test_ref_roundtrip(void **state)
{
	uint8_t id[P11_ID_LEN], pub[65], *ref = NULL;
	struct p11_ref r;
	size_t ref_len;

	(void)state;
	for (size_t i = 0; i < sizeof(id); i++)
		id[i] = (uint8_t)i;
	memset(pub, 4, sizeof(pub));
	assert_int_equal(p11_ref_encode(id, pub, sizeof(pub), &ref, &ref_len),
	    PSA_SUCCESS);
	assert_int_equal(ref_len, P11_REF_HEADER_LEN + sizeof(pub));
	assert_int_equal(p11_ref_decode(ref, ref_len, &r), PSA_SUCCESS);
	assert_memory_equal(r.ref_id, id, sizeof(id));
	assert_int_equal(r.ref_pub_len, sizeof(pub));
	assert_memory_equal(r.ref_pub, pub, sizeof(pub));
	free(ref);
	/* A secret key: no public part. */
	assert_int_equal(p11_ref_encode(id, NULL, 0, &ref, &ref_len),
	    PSA_SUCCESS);
	assert_int_equal(p11_ref_decode(ref, ref_len, &r), PSA_SUCCESS);
	assert_int_equal(r.ref_pub_len, 0);
	assert_null(r.ref_pub);
	free(ref);
	assert_int_equal(p11_ref_encode(id, pub, P11_REF_PUB_MAX + 1, &ref,
	    &ref_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_null(ref);
}

static void
test_ref_errors(void **state)
{
	uint8_t id[P11_ID_LEN] = { 0 }, pub[4] = { 1, 2, 3, 4 }, *ref;
	uint8_t bad[64];
	struct p11_ref r;
	size_t ref_len;

	(void)state;
	assert_int_equal(p11_ref_encode(id, pub, sizeof(pub), &ref, &ref_len),
	    PSA_SUCCESS);
	memcpy(bad, ref, ref_len);
	free(ref);
	/* Every truncation fails. */
	for (size_t n = 0; n < ref_len; n++)
		assert_int_equal(p11_ref_decode(bad, n, &r),
		    PSA_ERROR_DATA_CORRUPT);
	/* A trailing byte. */
	bad[ref_len] = 0;
	assert_int_equal(p11_ref_decode(bad, ref_len + 1, &r),
	    PSA_ERROR_DATA_CORRUPT);
	/* Version, id length, public length too long. */
	bad[0] = 2;
	assert_int_equal(p11_ref_decode(bad, ref_len, &r),
	    PSA_ERROR_DATA_CORRUPT);
	bad[0] = 1;
	bad[1] = 15;
	assert_int_equal(p11_ref_decode(bad, ref_len, &r),
	    PSA_ERROR_DATA_CORRUPT);
	bad[1] = P11_ID_LEN;
	bad[18] = 5;
	assert_int_equal(p11_ref_decode(bad, ref_len, &r),
	    PSA_ERROR_DATA_CORRUPT);
	bad[18] = 0xff;
	bad[19] = 0xff;
	assert_int_equal(p11_ref_decode(bad, ref_len, &r),
	    PSA_ERROR_DATA_CORRUPT);
	assert_int_equal(p11_ref_decode(NULL, 0, &r), PSA_ERROR_DATA_CORRUPT);
	bad[18] = 4;
	bad[19] = 0;
	assert_int_equal(p11_ref_decode(bad, ref_len, &r), PSA_SUCCESS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsa_pub_roundtrip),
		cmocka_unit_test(test_rsa_write_pads),
		cmocka_unit_test(test_rsa_parse_refuses),
		cmocka_unit_test(test_rsa_priv),
		cmocka_unit_test(test_ec_point),
		cmocka_unit_test(test_ec_params),
		cmocka_unit_test(test_digest_info),
		cmocka_unit_test(test_ref_roundtrip),
		cmocka_unit_test(test_ref_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
