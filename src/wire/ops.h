/* wire/ops.h: the protobuf body codec for every operation of wire/opcodes.def.
 * Pure.
 *
 * Each operation has a schema proto/<proto>.proto with two messages,
 * `Operation` (request body) and `Result` (response body). This module maps an
 * opcode to their protobuf-c descriptors and decodes/encodes bodies under a
 * memory cap, so a small body cannot make the decoder allocate much more than
 * the caller allows.
 *
 * To use a decoded body, cast it to the generated type of the opcode's
 * package, e.g. `(PsaSignHash__Operation *)msg` after including
 * "psa_sign_hash.pb-c.h".
 */
#ifndef ARCSEC_WIRE_OPS_H
#define ARCSEC_WIRE_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "wire/status.h"

/* The descriptor of the opcode's `Result` message (is_result) or its
 * `Operation` message; NULL for an opcode Parsec does not define. The
 * descriptors are static data: never freed. */
const ProtobufCMessageDescriptor *wire_op_descriptor(uint32_t opcode,
    bool is_result);

/*
 * Decode a request body (is_result false) or a response body of `opcode`.
 *
 * `body` may be NULL only when body_len is 0 (an empty body decodes to the
 * message with every field at its default). alloc_cap bounds the bytes the
 * decoder may hold at any one time during this call, per-block bookkeeping
 * included (the decoded message itself is what remains at the end); a body
 * that would need more is refused. Pick it from the body length limit, e.g.
 * a few times body_len_limit: the need is not proportional to body_len (a
 * 2-byte empty sub-message costs a whole struct).
 *
 * On WIRE_STATUS_SUCCESS *out owns the message; release it with
 * wire_body_free(). On any failure *out is NULL and nothing is leaked.
 *
 * Returns:
 *  WIRE_STATUS_SUCCESS
 *  WIRE_STATUS_OPCODE_DOES_NOT_EXIST	opcode not in wire/opcodes.def
 *  WIRE_STATUS_DESERIALIZING_BODY_FAILED
 *	the bytes are not a valid encoding of the message (bad tag, field
 *	number 0 or above 2^29-1, wire type or length, truncated or trailing
 *	bytes that do not form a field), or a string field is not UTF-8 or
 *	contains a NUL byte (C code could not tell "a\0b" from "a")
 *  WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY
 *	decoding would allocate more than alloc_cap, or malloc failed
 *
 * Unknown fields are accepted and kept (proto3 rules: a newer client may send
 * fields we do not know); enum fields may hold values the schema does not
 * name (proto3 enums are open), so callers must range-check them.
 */
enum wire_status wire_body_unpack(uint32_t opcode, bool is_result,
    const uint8_t *body, size_t body_len, size_t alloc_cap,
    ProtobufCMessage **out) __attribute__((warn_unused_result));

/* Free a message returned by wire_body_unpack(), wiping every allocation it
 * owns first (bodies may carry key material or plaintext). NULL-safe. Never
 * pass a message built by other means. */
void	wire_body_free(ProtobufCMessage *msg);

/*
 * Encode `msg` into a fresh malloc'd buffer.
 *
 * On success *out holds *out_len bytes; the caller frees it with free() (after
 * explicit_bzero() if the message held secrets). A message whose encoding is
 * empty (every field at its default, e.g. an empty Result) gives *out == NULL
 * and *out_len == 0: nothing to free, a zero-length body.
 *
 * On failure *out is NULL and *out_len 0.
 *
 * Returns:
 *  WIRE_STATUS_SUCCESS
 *  WIRE_STATUS_SERIALIZING_BODY_FAILED	msg is NULL or malformed as
 *	protobuf_c_message_check() sees it (e.g. a NULL element in a repeated
 *	string or message field; a NULL singular string packs as "")
 *  WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY	malloc failed
 */
enum wire_status wire_body_pack(const ProtobufCMessage *msg, uint8_t **out,
    size_t *out_len) __attribute__((warn_unused_result));

/* Internal to the codec (wire/ops_check.c), exposed for tests: true if in
 * `body`, an encoding of `desc` that protobuf-c has already accepted, every
 * field number is in 1..2^29-1 and every string field is UTF-8 without NUL
 * bytes, at every nesting level. */
bool	wire_body_fields_ok(const ProtobufCMessageDescriptor *desc,
	    const uint8_t *body, size_t body_len);

#endif
