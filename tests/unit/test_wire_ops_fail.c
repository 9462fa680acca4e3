/* tests/unit/test_wire_ops_fail.c: byte-exact Parsec encodings and the
 * failure paths of the operation body codec (wire/ops.c): unknown opcodes,
 * garbage, truncations, string checks, the allocation cap. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wire_ops_util.h"

/* --- byte-exact encodings ----------------------------------------------- */

/* Bodies from Parsec's parsec-mock test vectors
 * (../shared/vectors/parsec-mock/, one file per operation). */
static void
test_parsec_encodings(void **state)
{
	static const uint8_t providers[] = {
		0x0a, 0x4d, 0x0a, 0x24, 'e', 'e', '8', '7', '0', 'e', '5', 'a',
		'-', 'c', 'e', '4', 'a', '-', '4', '1', '7', 'f', '-', '8', '5',
		'4', '3', '-', '8', 'f', 'b', 'd', '8', '4', 'b', '4', '9', 'c',
		'b', 'e', 0x12, 0x13, 'S', 'o', 'm', 'e', ' ', 'e', 'm', 'p',
		't', 'y', ' ', 'p', 'r', 'o', 'v', 'i', 'd', 'e', 'r', 0x1a,
		0x08, 'A', 'r', 'm', ' ', 'L', 't', 'd', '.', 0x20, 0x09, 0x28,
		0x08, 0x30, 0x07, 0x38, 0x02,
	};
	static const uint8_t authenticators[] = {
		0x0a, 0x13, 0x0a, 0x0b, 'd', 'i', 'r', 'e', 'c', 't', ' ', 'a',
		'u', 't', 'h', 0x10, 0x0c, 0x18, 0x2a, 0x28, 0x01,
	};
	static const uint8_t clients[] = {
		0x0a, 0x03, 'j', 'i', 'm', 0x0a, 0x03, 'b', 'o', 'b',
	};
	static const uint8_t delete[] = {
		0x0a, 0x0f, 'e', 'x', 'i', 's', 't', 'i', 'n', 'g', ' ', 'c',
		'l', 'i', 'e', 'n', 't',
	};
	static const uint8_t opcodes[] = { 0x0a, 0x04, 0x01, 0x03, 0x02, 0x06 };
	static const uint8_t v08_01[] = { 0x08, 0x01 };
	ListProviders__Result lp = LIST_PROVIDERS__RESULT__INIT;
	ListProviders__ProviderInfo pi = LIST_PROVIDERS__PROVIDER_INFO__INIT;
	ListProviders__ProviderInfo *piv[1] = { &pi };
	ListProviders__Operation lpo = LIST_PROVIDERS__OPERATION__INIT;
	ListAuthenticators__Result la = LIST_AUTHENTICATORS__RESULT__INIT;
	ListAuthenticators__AuthenticatorInfo ai =
	    LIST_AUTHENTICATORS__AUTHENTICATOR_INFO__INIT;
	ListAuthenticators__AuthenticatorInfo *aiv[1] = { &ai };
	ListClients__Result lc = LIST_CLIENTS__RESULT__INIT;
	char *names[] = { STR("jim"), STR("bob") };
	DeleteClient__Operation dc = DELETE_CLIENT__OPERATION__INIT;
	ListOpcodes__Operation lo = LIST_OPCODES__OPERATION__INIT;
	ListOpcodes__Result lor = LIST_OPCODES__RESULT__INIT;
	uint32_t codes[] = { 1, 3, 2, 6 };
	Ping__Result ping = PING__RESULT__INIT;
	ProtobufCMessage *msg;

	(void)state;
	ping.wire_protocol_version_maj = 1;
	ping.wire_protocol_version_min = 0;
	assert_packs_to(&ping.base, v08_01, sizeof(v08_01));
	lo.provider_id = 1;
	assert_packs_to(&lo.base, v08_01, sizeof(v08_01));
	assert_packs_to(&lpo.base, NULL, 0);
	lor.n_opcodes = 4;
	lor.opcodes = codes;
	assert_packs_to(&lor.base, opcodes, sizeof(opcodes));	/* packed */

	pi.uuid = STR("ee870e5a-ce4a-417f-8543-8fbd84b49cbe");
	pi.description = STR("Some empty provider");
	pi.vendor = STR("Arm Ltd.");
	pi.version_maj = 9;
	pi.version_min = 8;
	pi.version_rev = 7;
	pi.id = 2;
	lp.n_providers = 1;
	lp.providers = piv;
	assert_packs_to(&lp.base, providers, sizeof(providers));
	assert_int_equal(wire_body_unpack(WIRE_OP_LIST_PROVIDERS, true,
	    providers, sizeof(providers), CAP_64KIB, &msg),
	    WIRE_STATUS_SUCCESS);
	assert_true(msg_equal(&lp.base, msg));
	wire_body_free(msg);

	ai.description = STR("direct auth");
	ai.version_maj = 12;
	ai.version_min = 42;
	ai.id = 1;
	la.n_authenticators = 1;
	la.authenticators = aiv;
	assert_packs_to(&la.base, authenticators, sizeof(authenticators));

	lc.n_clients = 2;
	lc.clients = names;
	assert_packs_to(&lc.base, clients, sizeof(clients));
	dc.client = STR("existing client");
	assert_packs_to(&dc.base, delete, sizeof(delete));

	/* A list of opcodes sent unpacked (field 1 repeated as varints) must
	 * decode too: proto3 parsers accept both forms. */
	{
		static const uint8_t unpacked[] = { 0x08, 0x01, 0x08, 0x03 };
		ListOpcodes__Result *r;

		assert_int_equal(wire_body_unpack(WIRE_OP_LIST_OPCODES, true,
		    unpacked, sizeof(unpacked), CAP_64KIB, &msg),
		    WIRE_STATUS_SUCCESS);
		r = (ListOpcodes__Result *)msg;
		assert_int_equal(r->n_opcodes, 2);
		assert_int_equal(r->opcodes[0], 1);
		assert_int_equal(r->opcodes[1], 3);
		wire_body_free(msg);
	}
}

/* The nesting of Algorithm is part of the wire format: ECDSA(SHA-256) is
 * AsymmetricSignature(2){ ecdsa(4){ hash_alg(1){ specific(2) = 7 } } }. */
static void
test_sign_hash_encoding(void **state)
{
	static const uint8_t want[] = {
		0x0a, 0x01, 'k',			/* key_name */
		0x12, 0x06, 0x22, 0x04, 0x0a, 0x02, 0x10, 0x07, /* alg */
		0x1a, 0x02, 0x01, 0x02,			/* hash */
	};
	PsaSignHash__Operation op = PSA_SIGN_HASH__OPERATION__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("k");
	op.alg = fx_sig(&fx);
	op.hash = BIN("\x01\x02");
	assert_packs_to(&op.base, want, sizeof(want));
}

/* --- failure paths ------------------------------------------------------ */

static void
test_unknown_opcode(void **state)
{
	static const uint8_t body[] = { 0x08, 0x01 };
	ProtobufCMessage *msg = (ProtobufCMessage *)&msg;

	(void)state;
	assert_int_equal(wire_body_unpack(0x1d, false, body, sizeof(body),
	    CAP_64KIB, &msg), WIRE_STATUS_OPCODE_DOES_NOT_EXIST);
	assert_null(msg);
	assert_int_equal(unpack_status(0, true, body, sizeof(body), CAP_64KIB),
	    WIRE_STATUS_OPCODE_DOES_NOT_EXIST);
	assert_int_equal(unpack_status(0x21, false, NULL, 0, CAP_64KIB),
	    WIRE_STATUS_OPCODE_DOES_NOT_EXIST);
	assert_int_equal(unpack_status(UINT32_MAX, false, NULL, 0, CAP_64KIB),
	    WIRE_STATUS_OPCODE_DOES_NOT_EXIST);
}

static void
test_garbage(void **state)
{
	static const uint8_t ff3[] = { 0xff, 0xff, 0xff };
	static const uint8_t trunc_len[] = { 0x0a, 0x05, 'a', 'b' };
	static const uint8_t bad_wire_type[] = { 0x0a, 0x00 };	/* u32 as LEN */
	static const uint8_t group[] = { 0x0b, 0x0c };
	static const uint8_t field0[] = { 0x00, 0x01 };
	/* Found by fuzz_body: tag 0 as an overlong varint, which protobuf-c
	 * keeps as an unknown field and re-encodes as an invalid "00". */
	static const uint8_t field0_long[] = { 0x80, 0x00, 0x80, 0x00 };
	/* Field number 2^29 (tag varint 80 80 80 80 10): out of range. */
	static const uint8_t field_big[] = { 0x80, 0x80, 0x80, 0x80, 0x10, 0x01 };
	static const uint8_t trailing[] = { 0x08, 0x01, 0x80 };
	static const uint8_t long_varint[] = {
		0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x01,
	};
	const struct wire_op_info *ops;
	size_t i, count;

	(void)state;
	ops = wire_op_table(&count);
	for (i = 0; i < count; i++) {
		assert_int_equal(unpack_status(ops[i].opcode, false, ff3,
		    sizeof(ff3), CAP_64KIB),
		    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
		assert_int_equal(unpack_status(ops[i].opcode, true, ff3,
		    sizeof(ff3), CAP_64KIB),
		    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	}
	assert_int_equal(unpack_status(WIRE_OP_PSA_DESTROY_KEY, false,
	    trunc_len, sizeof(trunc_len), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PING, true, bad_wire_type,
	    sizeof(bad_wire_type), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PING, true, group,
	    sizeof(group), CAP_64KIB), WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PING, true, field0,
	    sizeof(field0), CAP_64KIB), WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PING, false, field0_long,
	    sizeof(field0_long), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PING, false, field_big,
	    sizeof(field_big), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PING, true, trailing,
	    sizeof(trailing), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_LIST_OPCODES, false,
	    long_varint, sizeof(long_varint), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	/* NULL with a length is a caller bug, refused; NULL empty is fine. */
	assert_int_equal(unpack_status(WIRE_OP_PING, false, NULL, 1,
	    CAP_64KIB), WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PING, false, NULL, 0,
	    CAP_64KIB), WIRE_STATUS_SUCCESS);
}

/* Every strict prefix of a body that ends inside a field fails; none
 * crashes or leaks. */
static void
test_truncations(void **state)
{
	PsaImportKey__Operation op = PSA_IMPORT_KEY__OPERATION__INIT;
	struct fx_attrs fx;
	enum wire_status st;
	uint8_t *buf;
	size_t len, n, ok = 0;

	(void)state;
	op.key_name = STR("imported");
	op.attributes = fx_attrs(&fx);
	op.data = BIN("\x04\x11\x22\x33");
	assert_int_equal(wire_body_pack(&op.base, &buf, &len),
	    WIRE_STATUS_SUCCESS);
	for (n = 0; n < len; n++) {
		st = unpack_status(WIRE_OP_PSA_IMPORT_KEY, false, buf, n,
		    CAP_64KIB);
		assert_true(st == WIRE_STATUS_SUCCESS ||
		    st == WIRE_STATUS_DESERIALIZING_BODY_FAILED);
		if (st == WIRE_STATUS_SUCCESS)
			ok++;
	}
	/* Only the field boundaries (0, after key_name, after attributes)
	 * decode. */
	assert_int_equal(ok, 3);
	free(buf);
}

static void
test_unknown_fields_kept(void **state)
{
	/* Ping Result 1.0 plus field 15 (varint 5) and field 16 (LEN "xy"). */
	static const uint8_t body[] = {
		0x08, 0x01, 0x78, 0x05, 0x82, 0x01, 0x02, 'x', 'y',
	};
	ProtobufCMessage *msg;
	uint8_t *buf;
	size_t len;

	(void)state;
	assert_int_equal(wire_body_unpack(WIRE_OP_PING, true, body,
	    sizeof(body), CAP_64KIB, &msg), WIRE_STATUS_SUCCESS);
	assert_int_equal(((Ping__Result *)msg)->wire_protocol_version_maj, 1);
	assert_int_equal(wire_body_pack(msg, &buf, &len), WIRE_STATUS_SUCCESS);
	assert_int_equal(len, sizeof(body));
	assert_memory_equal(buf, body, len);
	free(buf);
	wire_body_free(msg);
}

static void
test_strings_checked(void **state)
{
	static const uint8_t bad_utf8[] = { 0x0a, 0x02, 'a', 0xff };
	static const uint8_t nul[] = { 0x0a, 0x03, 'a', 0x00, 'b' };
	static const uint8_t overlong[] = { 0x0a, 0x02, 0xc0, 0xaf };
	static const uint8_t surrogate[] = { 0x0a, 0x03, 0xed, 0xa0, 0x80 };
	static const uint8_t too_big[] = { 0x0a, 0x04, 0xf4, 0x90, 0x80, 0x80 };
	static const uint8_t cut[] = { 0x0a, 0x02, 'a', 0xe2 };
	/* "é€😀" */
	static const uint8_t good[] = {
		0x0a, 0x09, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98,
		0x80,
	};
	/* PrepareKeyAttestation: parameters(1){ activate_credential(1){
	 * attested_key_name(1) = "a\xff" } }: a string two levels down. */
	static const uint8_t nested[] = {
		0x0a, 0x06, 0x0a, 0x04, 0x0a, 0x02, 'a', 0xff,
	};
	/* ListClients Result with a NUL in the second repeated string. */
	static const uint8_t repeated[] = {
		0x0a, 0x01, 'a', 0x0a, 0x02, 'b', 0x00,
	};
	/* Bytes fields take anything: ExportKey Result data = 00 ff. */
	static const uint8_t bytes_ok[] = { 0x0a, 0x02, 0x00, 0xff };
	/* An unknown LEN field is opaque, even if it is not UTF-8. */
	static const uint8_t unknown_ok[] = { 0x12, 0x02, 0x00, 0xff };

	(void)state;
	assert_int_equal(unpack_status(WIRE_OP_PSA_DESTROY_KEY, false,
	    bad_utf8, sizeof(bad_utf8), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PSA_DESTROY_KEY, false, nul,
	    sizeof(nul), CAP_64KIB), WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PSA_DESTROY_KEY, false,
	    overlong, sizeof(overlong), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PSA_DESTROY_KEY, false,
	    surrogate, sizeof(surrogate), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PSA_DESTROY_KEY, false,
	    too_big, sizeof(too_big), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PSA_DESTROY_KEY, false, cut,
	    sizeof(cut), CAP_64KIB), WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PSA_DESTROY_KEY, false, good,
	    sizeof(good), CAP_64KIB), WIRE_STATUS_SUCCESS);
	assert_int_equal(unpack_status(WIRE_OP_PREPARE_KEY_ATTESTATION, false,
	    nested, sizeof(nested), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_LIST_CLIENTS, true, repeated,
	    sizeof(repeated), CAP_64KIB),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
	assert_int_equal(unpack_status(WIRE_OP_PSA_EXPORT_KEY, true, bytes_ok,
	    sizeof(bytes_ok), CAP_64KIB), WIRE_STATUS_SUCCESS);
	assert_int_equal(unpack_status(WIRE_OP_PSA_DESTROY_KEY, false,
	    unknown_ok, sizeof(unknown_ok), CAP_64KIB), WIRE_STATUS_SUCCESS);
	assert_true(wire_body_fields_ok(&psa_destroy_key__operation__descriptor,
	    good, sizeof(good)));
	assert_false(wire_body_fields_ok(
	    &psa_destroy_key__operation__descriptor, nul, sizeof(nul)));
}

/* 100k opcodes fit in a 1 MiB body but decode to 400 KB of uint32_t: a
 * 64 KiB cap refuses them with INSUFFICIENT_MEMORY, and a 1 MiB cap lets
 * them through. */
static void
test_alloc_cap(void **state)
{
	enum { N = 100000 };
	ListOpcodes__Result res = LIST_OPCODES__RESULT__INIT;
	uint32_t *codes;
	uint8_t *buf, *unpacked;
	size_t len, i;

	(void)state;
	assert_non_null(codes = calloc(N, sizeof(*codes)));
	for (i = 0; i < N; i++)
		codes[i] = (uint32_t)(i % 0x20) + 1;
	res.n_opcodes = N;
	res.opcodes = codes;
	assert_int_equal(wire_body_pack(&res.base, &buf, &len),
	    WIRE_STATUS_SUCCESS);
	assert_true(len < CAP_1MIB);
	assert_int_equal(unpack_status(WIRE_OP_LIST_OPCODES, true, buf, len,
	    CAP_64KIB), WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY);
	assert_int_equal(unpack_status(WIRE_OP_LIST_OPCODES, true, buf, len,
	    CAP_1MIB), WIRE_STATUS_SUCCESS);
	free(buf);

	/* The same entries sent unpacked: 200 KB of "08 01". */
	assert_non_null(unpacked = malloc(2 * N));
	for (i = 0; i < N; i++) {
		unpacked[2 * i] = 0x08;
		unpacked[2 * i + 1] = 0x01;
	}
	assert_int_equal(unpack_status(WIRE_OP_LIST_OPCODES, true, unpacked,
	    2 * N, CAP_64KIB), WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY);

	/* 100k empty ProviderInfo ("0a 00"): each 2-byte entry costs a whole
	 * struct, a ~50x expansion; refused even at 1 MiB. */
	for (i = 0; i < N; i++) {
		unpacked[2 * i] = 0x0a;
		unpacked[2 * i + 1] = 0x00;
	}
	assert_int_equal(unpack_status(WIRE_OP_LIST_PROVIDERS, true, unpacked,
	    2 * N, CAP_1MIB), WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY);
	free(unpacked);
	free(codes);

	/* A zero cap refuses even the top-level struct of an empty body. */
	assert_int_equal(unpack_status(WIRE_OP_PING, false, NULL, 0, 0),
	    WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY);
}

/* Fail on purpose: raise the cap byte by byte from zero; every attempt
 * below the need fails cleanly with INSUFFICIENT_MEMORY (ASan checks for
 * leaks), and the first that fits decodes the full message. */
static void
test_alloc_cap_every_step(void **state)
{
	ListKeys__Result res = LIST_KEYS__RESULT__INIT;
	ListKeys__KeyInfo k = LIST_KEYS__KEY_INFO__INIT;
	ListKeys__KeyInfo *kv[1] = { &k };
	ProtobufCMessage *msg;
	struct fx_attrs fx;
	enum wire_status st = WIRE_STATUS_PSA_ERROR_GENERIC_ERROR;
	uint8_t *buf;
	size_t len, cap;

	(void)state;
	k.provider_id = 1;
	k.name = STR("device-key");
	k.attributes = fx_attrs(&fx);
	res.n_keys = 1;
	res.keys = kv;
	assert_int_equal(wire_body_pack(&res.base, &buf, &len),
	    WIRE_STATUS_SUCCESS);
	for (cap = 0; cap < CAP_64KIB; cap++) {
		msg = NULL;
		st = wire_body_unpack(WIRE_OP_LIST_KEYS, true, buf, len, cap,
		    &msg);
		if (st == WIRE_STATUS_SUCCESS)
			break;
		assert_int_equal(st, WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY);
		assert_null(msg);
	}
	assert_int_equal(st, WIRE_STATUS_SUCCESS);
	assert_true(cap > len);
	assert_true(msg_equal(&res.base, msg));
	wire_body_free(msg);
	free(buf);
}

static void
test_pack_errors(void **state)
{
	ListClients__Result lc = LIST_CLIENTS__RESULT__INIT;
	PsaDestroyKey__Operation dk = PSA_DESTROY_KEY__OPERATION__INIT;
	char *names[] = { STR("a"), NULL };
	uint8_t *buf = (uint8_t *)&buf;
	size_t len = 99;

	(void)state;
	assert_int_equal(wire_body_pack(NULL, &buf, &len),
	    WIRE_STATUS_SERIALIZING_BODY_FAILED);
	assert_null(buf);
	assert_int_equal(len, 0);
	lc.n_clients = 2;
	lc.clients = names;
	buf = (uint8_t *)&buf;
	assert_int_equal(wire_body_pack(&lc.base, &buf, &len),
	    WIRE_STATUS_SERIALIZING_BODY_FAILED);
	assert_null(buf);
	/* A NULL singular string is proto3's empty string, not an error. */
	dk.key_name = NULL;
	assert_int_equal(wire_body_pack(&dk.base, &buf, &len),
	    WIRE_STATUS_SUCCESS);
	assert_int_equal(len, 0);
	assert_null(buf);
	wire_body_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parsec_encodings),
		cmocka_unit_test(test_sign_hash_encoding),
		cmocka_unit_test(test_unknown_opcode),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_unknown_fields_kept),
		cmocka_unit_test(test_strings_checked),
		cmocka_unit_test(test_alloc_cap),
		cmocka_unit_test(test_alloc_cap_every_step),
		cmocka_unit_test(test_pack_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
