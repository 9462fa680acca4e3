/* fuzz/fuzz_body.c: the operation body codec (wire/ops.c) on arbitrary
 * bytes. Input: [table index][is_result in bit 0][body...]. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/opcodes.h"
#include "wire/ops.h"

/* Well above any real body's needs, small enough that a blow-up shows. */
#define FUZZ_BODY_ALLOC_CAP	((size_t)256 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Not assert(): the replay build may define NDEBUG, and a finding must
 * still fail `make check`. */
static void
fuzz_body_require(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_body: %s\n", what);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct wire_op_info *ops;
	ProtobufCMessage *msg = NULL, *again = NULL;
	uint8_t *buf = NULL, *buf2 = NULL;
	size_t count, len = 0, len2 = 0;
	enum wire_status st;
	uint32_t opcode;
	bool is_result;

	if (size < 2)
		return 0;
	ops = wire_op_table(&count);
	/* Indexes past the table are tried as raw opcodes (mostly unknown). */
	opcode = data[0] < count ? ops[data[0]].opcode : data[0];
	is_result = (data[1] & 1) != 0;

	st = wire_body_unpack(opcode, is_result, data + 2, size - 2,
	    FUZZ_BODY_ALLOC_CAP, &msg);
	if (st != WIRE_STATUS_SUCCESS) {
		fuzz_body_require(msg == NULL, "failure left a message");
		fuzz_body_require(st == WIRE_STATUS_DESERIALIZING_BODY_FAILED ||
		    st == WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY ||
		    (st == WIRE_STATUS_OPCODE_DOES_NOT_EXIST &&
		    wire_op_lookup(opcode) == NULL), "unexpected status");
		return 0;
	}
	fuzz_body_require(msg != NULL &&
	    msg->descriptor == wire_op_descriptor(opcode, is_result),
	    "wrong message type");

	/* What decoded must encode, decode again within the same cap, and
	 * encode to the same bytes (the first encoding is canonical). */
	st = wire_body_pack(msg, &buf, &len);
	fuzz_body_require(st == WIRE_STATUS_SUCCESS, "re-pack failed");
	st = wire_body_unpack(opcode, is_result, buf, len,
	    FUZZ_BODY_ALLOC_CAP, &again);
	fuzz_body_require(st == WIRE_STATUS_SUCCESS, "re-unpack failed");
	st = wire_body_pack(again, &buf2, &len2);
	fuzz_body_require(st == WIRE_STATUS_SUCCESS, "second re-pack failed");
	fuzz_body_require(len == len2 && (len == 0 ||
	    memcmp(buf, buf2, len) == 0), "encoding not stable");

	wire_body_free(msg);
	wire_body_free(again);
	free(buf);
	free(buf2);
	return 0;
}
