/* tests/unit/test_wire_header.c: the fixed header and request framing, one
 * case per error path, plus the bounded reader/writer and status table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "common/abuf.h"
#include "wire/header.h"
#include "wire/opcodes.h"
#include "wire/status.h"

/* Parsec's own Ping request and response (parsec-mock generator). */
static const uint8_t ping_req[36] = {
	0x10, 0xa7, 0xc0, 0x5e, 0x1e, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static void
base(struct wire_header *h)
{
	memset(h, 0, sizeof(*h));
	h->hdr_version_maj = 1;
	h->hdr_opcode = WIRE_OP_PING;
}

static enum wire_frame
decode(const uint8_t *b, size_t n, struct wire_header *h,
    enum wire_status *why)
{
	struct abuf in = abuf_view(b, n);

	return wire_header_decode(&in, &wire_limits_default, h, why);
}

/* Encode h, decode it, expect `frame` and (if INVALID) `status`. */
static void
expect(const struct wire_header *h, enum wire_frame frame,
    enum wire_status status)
{
	uint8_t b[WIRE_HEADER_LEN];
	struct wire_header got;
	enum wire_status why;

	wire_header_encode(h, b);
	/* The encoder always writes 1.0; patch the version bytes in. */
	b[6] = h->hdr_version_maj;
	b[7] = h->hdr_version_min;
	assert_int_equal(decode(b, sizeof(b), &got, &why), frame);
	if (frame == WIRE_FRAME_INVALID) {
		assert_int_equal(why, status);
		/* Fields stay readable so the answer can echo them. */
		assert_int_equal(got.hdr_opcode, h->hdr_opcode);
		assert_int_equal(got.hdr_provider, h->hdr_provider);
	}
}

static void
test_parsec_ping_bytes(void **state)
{
	struct wire_header h;
	enum wire_status why;
	uint8_t out[WIRE_HEADER_LEN];

	(void)state;
	assert_int_equal(decode(ping_req, sizeof(ping_req), &h, &why),
	    WIRE_FRAME_COMPLETE);
	assert_int_equal(h.hdr_opcode, 1);
	wire_header_encode(&h, out);
	assert_memory_equal(out, ping_req, sizeof(out));
}

static void
test_need_more(void **state)
{
	struct wire_header h;
	enum wire_status why;

	(void)state;
	for (size_t n = 0; n < sizeof(ping_req); n++)
		assert_int_equal(decode(ping_req, n, &h, &why),
		    WIRE_FRAME_NEED_MORE);
}

static void
test_bad_magic_early(void **state)
{
	uint8_t b[6];
	struct wire_header h;
	enum wire_status why;

	(void)state;
	memcpy(b, ping_req, sizeof(b));
	b[0] ^= 1;
	/* Known bad after 6 bytes: no reason to wait for the rest. */
	assert_int_equal(decode(b, sizeof(b), &h, &why), WIRE_FRAME_INVALID);
	assert_int_equal(why, WIRE_STATUS_INVALID_HEADER);
}

static void
test_header_size(void **state)
{
	uint8_t b[WIRE_HEADER_LEN];
	struct wire_header h;
	enum wire_status why;
	static const uint16_t sizes[] = { 0, 24, 29, 31, 0xffff };

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		memcpy(b, ping_req, sizeof(b));
		b[4] = (uint8_t)sizes[i];
		b[5] = (uint8_t)(sizes[i] >> 8);
		assert_int_equal(decode(b, 6, &h, &why), WIRE_FRAME_INVALID);
		assert_int_equal(why, WIRE_STATUS_INVALID_HEADER);
	}
}

static void
test_field_checks(void **state)
{
	struct wire_header h;

	(void)state;
	base(&h);
	expect(&h, WIRE_FRAME_COMPLETE, 0);
	base(&h); h.hdr_version_maj = 2;
	expect(&h, WIRE_FRAME_INVALID,
	    WIRE_STATUS_WIRE_PROTOCOL_VERSION_NOT_SUPPORTED);
	base(&h); h.hdr_version_maj = 0;
	expect(&h, WIRE_FRAME_INVALID,
	    WIRE_STATUS_WIRE_PROTOCOL_VERSION_NOT_SUPPORTED);
	base(&h); h.hdr_version_min = 1;
	expect(&h, WIRE_FRAME_INVALID,
	    WIRE_STATUS_WIRE_PROTOCOL_VERSION_NOT_SUPPORTED);
	base(&h); h.hdr_flags = 0x8000;
	expect(&h, WIRE_FRAME_INVALID, WIRE_STATUS_INVALID_HEADER);
	base(&h); h.hdr_reserved = 1;
	expect(&h, WIRE_FRAME_INVALID, WIRE_STATUS_INVALID_HEADER);
	base(&h); h.hdr_content_type = 1;
	expect(&h, WIRE_FRAME_INVALID, WIRE_STATUS_CONTENT_TYPE_NOT_SUPPORTED);
	base(&h); h.hdr_accept_type = 1;
	expect(&h, WIRE_FRAME_INVALID, WIRE_STATUS_ACCEPT_TYPE_NOT_SUPPORTED);
	base(&h); h.hdr_body_len = wire_limits_default.body_len_limit;
	expect(&h, WIRE_FRAME_COMPLETE, 0);
	base(&h); h.hdr_body_len = wire_limits_default.body_len_limit + 1;
	expect(&h, WIRE_FRAME_INVALID, WIRE_STATUS_BODY_SIZE_EXCEEDS_LIMIT);
	base(&h); h.hdr_body_len = 0xffffffffu;
	expect(&h, WIRE_FRAME_INVALID, WIRE_STATUS_BODY_SIZE_EXCEEDS_LIMIT);
	base(&h); h.hdr_auth_len = wire_limits_default.auth_len_limit + 1;
	expect(&h, WIRE_FRAME_INVALID, WIRE_STATUS_INVALID_HEADER);
	/* The request's status field is not ours to judge. */
	base(&h); h.hdr_status = 7;
	expect(&h, WIRE_FRAME_COMPLETE, 0);
}

static void
test_limits_from_config(void **state)
{
	struct wire_limits lim = { .body_len_limit = 10, .auth_len_limit = 4 };
	struct wire_header h, got;
	uint8_t b[WIRE_HEADER_LEN];
	struct abuf in;
	enum wire_status why;

	(void)state;
	base(&h);
	h.hdr_body_len = 11;
	wire_header_encode(&h, b);
	in = abuf_view(b, sizeof(b));
	assert_int_equal(wire_header_decode(&in, &lim, &got, &why),
	    WIRE_FRAME_INVALID);
	assert_int_equal(why, WIRE_STATUS_BODY_SIZE_EXCEEDS_LIMIT);
}

static void
test_frame(void **state)
{
	uint8_t b[WIRE_HEADER_LEN + 2 + 3 + 1];
	struct wire_header h, got;
	const uint8_t *body, *auth;
	enum wire_status why;
	struct abuf in;

	(void)state;
	base(&h);
	h.hdr_body_len = 2;
	h.hdr_auth_len = 3;
	h.hdr_auth_type = WIRE_AUTH_DIRECT;
	wire_header_encode(&h, b);
	memcpy(b + WIRE_HEADER_LEN, "\x08\x01" "abc" "!", 6);
	for (size_t n = 0; n < WIRE_HEADER_LEN + 5; n++) {
		in = abuf_view(b, n);
		assert_int_equal(wire_frame_check(&in, &wire_limits_default,
		    &got, &body, &auth, &why), WIRE_FRAME_NEED_MORE);
		assert_null(body);
	}
	in = abuf_view(b, WIRE_HEADER_LEN + 5);
	assert_int_equal(wire_frame_check(&in, &wire_limits_default, &got,
	    &body, &auth, &why), WIRE_FRAME_COMPLETE);
	assert_ptr_equal(body, b + WIRE_HEADER_LEN);
	assert_ptr_equal(auth, b + WIRE_HEADER_LEN + 2);
	in = abuf_view(b, sizeof(b));	/* one byte too many */
	assert_int_equal(wire_frame_check(&in, &wire_limits_default, &got,
	    &body, &auth, &why), WIRE_FRAME_INVALID);
	assert_int_equal(why, WIRE_STATUS_INVALID_HEADER);
	assert_null(body);
}

static void
test_response_for(void **state)
{
	struct wire_header req, resp;
	uint8_t b[WIRE_HEADER_LEN];
	/* Parsec's Ping response header, body 08 01. */
	static const uint8_t want[WIRE_HEADER_LEN] = {
		0x10, 0xa7, 0xc0, 0x5e, 0x1e, 0x00, 0x01, 0x00, 0x00, 0x00,
		0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x02, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00,
	};

	(void)state;
	base(&req);
	req.hdr_auth_type = WIRE_AUTH_DIRECT;
	req.hdr_auth_len = 5;
	wire_header_response_for(&req, 2, WIRE_STATUS_SUCCESS, &resp);
	wire_header_encode(&resp, b);
	assert_memory_equal(b, want, sizeof(b));
}

static void
test_abuf(void **state)
{
	static const uint8_t d[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct abuf b = abuf_view(d, sizeof(d));
	const uint8_t *p;
	uint64_t v64;
	uint32_t v32;
	uint16_t v16;
	uint8_t out[4];
	struct abuf_writer w = abuf_writer_init(out, sizeof(out));

	(void)state;
	assert_true(abuf_get_u16le(&b, &v16));
	assert_int_equal(v16, 0x0201);
	assert_true(abuf_get_u32le(&b, &v32));
	assert_int_equal(v32, 0x06050403);
	assert_false(abuf_get_u64le(&b, &v64));	/* 3 left */
	assert_int_equal(b.off, 6);			/* unchanged on failure */
	assert_false(abuf_get_bytes(&b, SIZE_MAX, &p));
	assert_null(p);
	assert_true(abuf_get_bytes(&b, 3, &p));
	assert_int_equal(abuf_remaining(&b), 0);
	abuf_put_u16le(&w, 0xbeef);
	abuf_put_u16le(&w, 0xcafe);
	assert_false(w.failed);
	abuf_put_u8(&w, 1);
	assert_true(w.failed);
	assert_int_equal(w.len, 4);
	assert_int_equal(out[0], 0xef);
}

static void
test_status_table(void **state)
{
	(void)state;
	assert_string_equal(wire_status_name(0), "Success");
	assert_string_equal(wire_status_name(21), "AdminOperation");
	assert_string_equal(wire_status_name(1133), "PsaErrorNotPermitted");
	assert_string_equal(wire_status_name(1153), "PsaErrorDataInvalid");
	assert_string_equal(wire_status_name(22), "Unknown");
	assert_string_equal(wire_status_name(1144), "Unknown");
	assert_int_equal(wire_status_from_psa(0), 0);
	assert_int_equal(wire_status_from_psa(-133), 1133);
	assert_int_equal(wire_status_from_psa(-144), 1132);	/* undefined */
	assert_int_equal(wire_status_from_psa(-1), 1132);
	for (uint32_t c = 0; c < 2000; c++)
		assert_non_null(wire_status_text((uint16_t)c));
}

static void
test_opcode_table(void **state)
{
	size_t count;
	const struct wire_op_info *t = wire_op_table(&count);

	(void)state;
	assert_int_equal(count, 31);
	for (size_t i = 0; i < count; i++) {
		assert_ptr_equal(wire_op_lookup(t[i].opcode), &t[i]);
		if (i > 0)
			assert_true(t[i].opcode > t[i - 1].opcode);
	}
	assert_null(wire_op_lookup(0));
	assert_null(wire_op_lookup(0x1d));
	assert_null(wire_op_lookup(0x21));
	assert_string_equal(wire_op_lookup(0x20)->name, "CanDoCrypto");
	assert_true(wire_op_lookup(WIRE_OP_LIST_CLIENTS)->is_admin);
	assert_true(wire_op_lookup(WIRE_OP_PING)->is_no_auth_ok);
	assert_false(wire_op_lookup(WIRE_OP_LIST_KEYS)->is_no_auth_ok);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parsec_ping_bytes),
		cmocka_unit_test(test_need_more),
		cmocka_unit_test(test_bad_magic_early),
		cmocka_unit_test(test_header_size),
		cmocka_unit_test(test_field_checks),
		cmocka_unit_test(test_limits_from_config),
		cmocka_unit_test(test_frame),
		cmocka_unit_test(test_response_for),
		cmocka_unit_test(test_abuf),
		cmocka_unit_test(test_status_table),
		cmocka_unit_test(test_opcode_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
