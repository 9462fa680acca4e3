/* wire/ops.c: decode and encode operation bodies through the protobuf-c
 * descriptors of wire/opcodes.def, under a per-call memory cap. Pure. */
#include "wire/ops.h"

#include <stdlib.h>
#include <string.h>

#include "ping.pb-c.h"
#include "psa_generate_key.pb-c.h"
#include "psa_destroy_key.pb-c.h"
#include "psa_sign_hash.pb-c.h"
#include "psa_verify_hash.pb-c.h"
#include "psa_import_key.pb-c.h"
#include "psa_export_public_key.pb-c.h"
#include "list_providers.pb-c.h"
#include "list_opcodes.pb-c.h"
#include "psa_asymmetric_encrypt.pb-c.h"
#include "psa_asymmetric_decrypt.pb-c.h"
#include "psa_export_key.pb-c.h"
#include "psa_generate_random.pb-c.h"
#include "list_authenticators.pb-c.h"
#include "psa_hash_compute.pb-c.h"
#include "psa_hash_compare.pb-c.h"
#include "psa_aead_encrypt.pb-c.h"
#include "psa_aead_decrypt.pb-c.h"
#include "psa_raw_key_agreement.pb-c.h"
#include "psa_cipher_encrypt.pb-c.h"
#include "psa_cipher_decrypt.pb-c.h"
#include "psa_mac_compute.pb-c.h"
#include "psa_mac_verify.pb-c.h"
#include "psa_sign_message.pb-c.h"
#include "psa_verify_message.pb-c.h"
#include "list_keys.pb-c.h"
#include "list_clients.pb-c.h"
#include "delete_client.pb-c.h"
#include "attest_key.pb-c.h"
#include "prepare_key_attestation.pb-c.h"
#include "can_do_crypto.pb-c.h"

struct wire_op_codec {
	uint32_t				 codec_opcode;
	const ProtobufCMessageDescriptor	*codec_op;	/* Operation */
	const ProtobufCMessageDescriptor	*codec_result;	/* Result */
};

/* A missing proto file or a package not named as in opcodes.def fails here,
 * at compile time. */
static const struct wire_op_codec wire_op_codecs[] = {
#define WIRE_OP(name, code, display, target, admin, no_auth, proto) \
	{ code, &proto##__operation__descriptor, &proto##__result__descriptor },
#include "wire/opcodes.def"
#undef WIRE_OP
};

/*
 * The capped allocator. Every block carries a header holding its payload
 * size, so free can wipe exactly what was handed out and give the bytes back
 * to the cap. The header is a max_align_t-sized union so the payload keeps
 * malloc's alignment.
 */
union wire_alloc_hdr {
	max_align_t	 hdr_align;
	size_t		 hdr_size;
};

struct wire_alloc_cap {
	size_t		 cap_limit;	/* bytes the call may hold at once */
	size_t		 cap_used;	/* bytes held now, headers included */
	bool		 cap_refused;	/* an allocation hit the cap or malloc */
};

static void *
wire_alloc(void *data, size_t size)
{
	struct wire_alloc_cap *cap = data;
	union wire_alloc_hdr *hdr = NULL;
	size_t total = 0;

	if (size <= SIZE_MAX - sizeof(*hdr)) {
		total = size + sizeof(*hdr);
		if (cap == NULL || total <= cap->cap_limit - cap->cap_used)
			hdr = malloc(total);
	}
	if (hdr == NULL) {
		if (cap != NULL)
			cap->cap_refused = true;
		return NULL;
	}
	hdr->hdr_size = size;
	if (cap != NULL)
		cap->cap_used += total;
	return hdr + 1;
}

static void
wire_alloc_free(void *data, void *ptr)
{
	struct wire_alloc_cap *cap = data;
	union wire_alloc_hdr *hdr;
	size_t total;

	if (ptr == NULL)
		return;
	hdr = (union wire_alloc_hdr *)ptr - 1;
	total = hdr->hdr_size + sizeof(*hdr);
	explicit_bzero(hdr, total);
	free(hdr);
	if (cap != NULL)
		cap->cap_used -= total;
}

const ProtobufCMessageDescriptor *
wire_op_descriptor(uint32_t opcode, bool is_result)
{
	size_t i;

	for (i = 0; i < sizeof(wire_op_codecs) / sizeof(*wire_op_codecs); i++)
		if (wire_op_codecs[i].codec_opcode == opcode)
			return is_result ? wire_op_codecs[i].codec_result :
			    wire_op_codecs[i].codec_op;
	return NULL;
}

enum wire_status
wire_body_unpack(uint32_t opcode, bool is_result, const uint8_t *body,
    size_t body_len, size_t alloc_cap, ProtobufCMessage **out)
{
	static const uint8_t empty[1];
	const ProtobufCMessageDescriptor *desc;
	struct wire_alloc_cap cap = { .cap_limit = alloc_cap };
	ProtobufCAllocator allocator = {
		.alloc = wire_alloc,
		.free = wire_alloc_free,
		.allocator_data = &cap,
	};
	ProtobufCMessage *msg = NULL;
	enum wire_status status = WIRE_STATUS_DESERIALIZING_BODY_FAILED;

	*out = NULL;
	if ((desc = wire_op_descriptor(opcode, is_result)) == NULL) {
		status = WIRE_STATUS_OPCODE_DOES_NOT_EXIST;
		goto out;
	}
	if (body == NULL) {
		if (body_len != 0)
			goto out;
		body = empty;
	}
	/* protobuf-c refuses bad tags, wire types, lengths and truncation, and
	 * frees what it built on failure, through our allocator. */
	msg = protobuf_c_message_unpack(desc, &allocator, body_len, body);
	if (msg == NULL) {
		if (cap.cap_refused)
			status = WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	/* What protobuf-c lets through: see wire/ops_check.c. */
	if (!wire_body_fields_ok(desc, body, body_len))
		goto out;
	*out = msg;
	msg = NULL;
	status = WIRE_STATUS_SUCCESS;
out:
	if (msg != NULL)
		protobuf_c_message_free_unpacked(msg, &allocator);
	return status;
}

void
wire_body_free(ProtobufCMessage *msg)
{
	/* No cap to give bytes back to: that ended with the unpack call. */
	ProtobufCAllocator allocator = {
		.alloc = wire_alloc,
		.free = wire_alloc_free,
		.allocator_data = NULL,
	};

	if (msg != NULL)
		protobuf_c_message_free_unpacked(msg, &allocator);
}

enum wire_status
wire_body_pack(const ProtobufCMessage *msg, uint8_t **out, size_t *out_len)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	enum wire_status status = WIRE_STATUS_SERIALIZING_BODY_FAILED;

	*out = NULL;
	*out_len = 0;
	if (msg == NULL || !protobuf_c_message_check(msg))
		goto out;
	if ((len = protobuf_c_message_get_packed_size(msg)) == 0) {
		status = WIRE_STATUS_SUCCESS;
		goto out;
	}
	if ((buf = malloc(len)) == NULL) {
		status = WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if (protobuf_c_message_pack(msg, buf) != len)
		goto out;
	*out = buf;
	*out_len = len;
	buf = NULL;
	status = WIRE_STATUS_SUCCESS;
out:
	if (buf != NULL) {
		explicit_bzero(buf, len);
		free(buf);
	}
	return status;
}
