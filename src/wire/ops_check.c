/* wire/ops_check.c: the checks protobuf-c's decoder leaves out, run over a
 * body it has accepted. Pure. */
#include "wire/ops.h"

#include <string.h>

#include "common/abuf.h"
#include "common/utf8.h"

/* Our schemas are not recursive (the deepest path, Algorithm.KeyAgreement.
 * WithKeyDerivation.KeyDerivation.Hkdf inside KeyAttributes inside KeyInfo,
 * is under ten levels); this only bounds the stack if that ever changes. */
#define WIRE_CHECK_DEPTH_MAX	32

/* Field numbers are 1..2^29-1 (protobuf encoding spec). protobuf-c refuses a
 * one-byte tag 0 but takes an overlong one ("80 00") and numbers past 2^29,
 * keeps them as unknown fields, and then re-encodes them as something else. */
#define WIRE_CHECK_FIELD_MAX	0x1fffffffu

/* A base-128 varint of at most ten bytes. */
static bool
wire_check_varint(struct abuf *b, uint64_t *v)
{
	uint8_t byte;
	unsigned int shift;

	*v = 0;
	for (shift = 0; shift < 70; shift += 7) {
		if (!abuf_get_u8(b, &byte))
			return false;
		*v |= (uint64_t)(byte & 0x7f) << shift;
		if ((byte & 0x80) == 0)
			return true;
	}
	return false;
}

static bool
wire_check_walk(const ProtobufCMessageDescriptor *desc, struct abuf *b,
    unsigned int depth)
{
	const ProtobufCFieldDescriptor *field;
	const uint8_t *val;
	struct abuf sub;
	uint64_t key, len;

	while (abuf_remaining(b) > 0) {
		if (!wire_check_varint(b, &key))
			return false;
		if ((key >> 3) == 0 || (key >> 3) > WIRE_CHECK_FIELD_MAX)
			return false;
		field = protobuf_c_message_descriptor_get_field(desc,
		    (unsigned int)(key >> 3));
		switch (key & 7) {
		case PROTOBUF_C_WIRE_TYPE_VARINT:
			if (!wire_check_varint(b, &len))
				return false;
			break;
		case PROTOBUF_C_WIRE_TYPE_64BIT:
			if (!abuf_get_bytes(b, 8, &val))
				return false;
			break;
		case PROTOBUF_C_WIRE_TYPE_32BIT:
			if (!abuf_get_bytes(b, 4, &val))
				return false;
			break;
		case PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED:
			if (!wire_check_varint(b, &len) ||
			    len > abuf_remaining(b) ||
			    !abuf_get_bytes(b, (size_t)len, &val))
				return false;
			if (field == NULL)
				break;	/* unknown field: opaque bytes */
			/* protobuf-c checks neither UTF-8 (Parsec's decoder
			 * refuses bad UTF-8) nor NULs (our C callers would see
			 * "a\0b" as "a"). */
			if (field->type == PROTOBUF_C_TYPE_STRING &&
			    (!utf8_valid((const char *)val, (size_t)len) ||
			    memchr(val, '\0', (size_t)len) != NULL))
				return false;
			if (field->type == PROTOBUF_C_TYPE_MESSAGE) {
				if (depth >= WIRE_CHECK_DEPTH_MAX)
					return false;
				sub = abuf_view(val, (size_t)len);
				if (!wire_check_walk(field->descriptor, &sub,
				    depth + 1))
					return false;
			}
			break;
		default:
			return false;	/* groups: protobuf-c refuses them too */
		}
	}
	return true;
}

bool
wire_body_fields_ok(const ProtobufCMessageDescriptor *desc,
    const uint8_t *body, size_t body_len)
{
	struct abuf b = abuf_view(body, body_len);

	return wire_check_walk(desc, &b, 0);
}
