/* tests/unit/wire_ops_util.h: what the operation body codec tests share:
 * protobuf-c descriptor walkers, round-trip and packing assertions, and
 * fixture sub-messages (wire/ops.c). Included by test_wire_ops.c and
 * test_wire_ops_fail.c only. */
#ifndef ARCSEC_TEST_WIRE_OPS_UTIL_H
#define ARCSEC_TEST_WIRE_OPS_UTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "wire/opcodes.h"
#include "wire/ops.h"

#include "attest_key.pb-c.h"
#include "can_do_crypto.pb-c.h"
#include "delete_client.pb-c.h"
#include "list_authenticators.pb-c.h"
#include "list_clients.pb-c.h"
#include "list_keys.pb-c.h"
#include "list_opcodes.pb-c.h"
#include "list_providers.pb-c.h"
#include "ping.pb-c.h"
#include "prepare_key_attestation.pb-c.h"
#include "psa_aead_decrypt.pb-c.h"
#include "psa_aead_encrypt.pb-c.h"
#include "psa_asymmetric_decrypt.pb-c.h"
#include "psa_asymmetric_encrypt.pb-c.h"
#include "psa_cipher_decrypt.pb-c.h"
#include "psa_cipher_encrypt.pb-c.h"
#include "psa_destroy_key.pb-c.h"
#include "psa_export_key.pb-c.h"
#include "psa_export_public_key.pb-c.h"
#include "psa_generate_key.pb-c.h"
#include "psa_generate_random.pb-c.h"
#include "psa_hash_compare.pb-c.h"
#include "psa_hash_compute.pb-c.h"
#include "psa_import_key.pb-c.h"
#include "psa_mac_compute.pb-c.h"
#include "psa_mac_verify.pb-c.h"
#include "psa_raw_key_agreement.pb-c.h"
#include "psa_sign_hash.pb-c.h"
#include "psa_sign_message.pb-c.h"
#include "psa_verify_hash.pb-c.h"
#include "psa_verify_message.pb-c.h"

#define CAP_1MIB	((size_t)1024 * 1024)
#define CAP_64KIB	((size_t)64 * 1024)

#define STR(s)		((char *)(s))
#define BIN(s)		((ProtobufCBinaryData){ sizeof(s) - 1, (uint8_t *)(s) })

/* --- generic helpers over protobuf-c descriptors ------------------------ */

static inline const void *
fld(const ProtobufCMessage *m, size_t off)
{
	return (const char *)m + off;
}

static inline size_t
elem_size(ProtobufCType type)
{
	switch (type) {
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_DOUBLE:
		return 8;
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(char *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(ProtobufCMessage *);
	default:
		return 4;
	}
}

static inline bool msg_equal(const ProtobufCMessage *, const ProtobufCMessage *);

static inline bool
value_equal(ProtobufCType type, const void *a, const void *b)
{
	const ProtobufCBinaryData *ba = a, *bb = b;
	const ProtobufCMessage *ma, *mb;
	const char *sa, *sb;

	switch (type) {
	case PROTOBUF_C_TYPE_STRING:
		sa = *(char *const *)a;
		sb = *(char *const *)b;
		return strcmp(sa ? sa : "", sb ? sb : "") == 0;
	case PROTOBUF_C_TYPE_BYTES:
		return ba->len == bb->len &&
		    (ba->len == 0 || memcmp(ba->data, bb->data, ba->len) == 0);
	case PROTOBUF_C_TYPE_MESSAGE:
		ma = *(ProtobufCMessage *const *)a;
		mb = *(ProtobufCMessage *const *)b;
		if (ma == NULL || mb == NULL)
			return ma == mb;
		return msg_equal(ma, mb);
	default:
		return memcmp(a, b, elem_size(type)) == 0;
	}
}

/* Field-by-field equality, oneofs and repeated fields included. */
static inline bool
msg_equal(const ProtobufCMessage *a, const ProtobufCMessage *b)
{
	const ProtobufCMessageDescriptor *d = a->descriptor;
	const ProtobufCFieldDescriptor *f;
	const char *pa, *pb;
	size_t i, k, n, sz;
	uint32_t ca, cb;

	if (a->descriptor != b->descriptor)
		return false;
	for (i = 0; i < d->n_fields; i++) {
		f = &d->fields[i];
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			ca = *(const uint32_t *)fld(a, f->quantifier_offset);
			cb = *(const uint32_t *)fld(b, f->quantifier_offset);
			if (ca != cb)
				return false;
			if (ca != f->id)
				continue;
		}
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			n = *(const size_t *)fld(a, f->quantifier_offset);
			if (n != *(const size_t *)fld(b, f->quantifier_offset))
				return false;
			pa = *(char *const *)fld(a, f->offset);
			pb = *(char *const *)fld(b, f->offset);
			sz = elem_size(f->type);
			for (k = 0; k < n; k++)
				if (!value_equal(f->type, pa + k * sz, pb + k * sz))
					return false;
			continue;
		}
		if (!value_equal(f->type, fld(a, f->offset), fld(b, f->offset)))
			return false;
	}
	return true;
}

static inline void assert_all_set(const ProtobufCMessage *);

static inline void
assert_value_set(const ProtobufCFieldDescriptor *f, const void *p)
{
	static const uint8_t zero[8];

	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		assert_non_null(*(char *const *)p);
		assert_true((*(char *const *)p)[0] != '\0');
		break;
	case PROTOBUF_C_TYPE_BYTES:
		assert_true(((const ProtobufCBinaryData *)p)->len > 0);
		break;
	case PROTOBUF_C_TYPE_MESSAGE:
		assert_non_null(*(ProtobufCMessage *const *)p);
		assert_all_set(*(ProtobufCMessage *const *)p);
		break;
	default:
		if (memcmp(p, zero, elem_size(f->type)) == 0)
			fail_msg("field %s left at its default", f->name);
	}
}

/* Every field of every reachable message holds a non-default value, and
 * every oneof has a member chosen: the round trip below then proves each
 * field number survives. */
static inline void
assert_all_set(const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const ProtobufCFieldDescriptor *f;
	const char *p;
	size_t i, k, n;
	uint32_t c;

	for (i = 0; i < d->n_fields; i++) {
		f = &d->fields[i];
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			c = *(const uint32_t *)fld(m, f->quantifier_offset);
			if (c == 0)
				fail_msg("%s: oneof with %s unset", d->name,
				    f->name);
			if (c != f->id)
				continue;
		}
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			n = *(const size_t *)fld(m, f->quantifier_offset);
			assert_true(n > 0);
			p = *(char *const *)fld(m, f->offset);
			for (k = 0; k < n; k++)
				assert_value_set(f, p + k * elem_size(f->type));
			continue;
		}
		assert_value_set(f, fld(m, f->offset));
	}
}

/* Pack, unpack through the codec, compare field by field, re-pack and
 * compare bytes. Returns the encoded length. */
static inline size_t
roundtrip(uint32_t opcode, bool is_result, const ProtobufCMessage *msg)
{
	ProtobufCMessage *got = NULL;
	uint8_t *buf, *buf2;
	size_t len, len2;

	assert_ptr_equal(msg->descriptor, wire_op_descriptor(opcode,
	    is_result));
	assert_all_set(msg);
	assert_int_equal(wire_body_pack(msg, &buf, &len), WIRE_STATUS_SUCCESS);
	if (msg->descriptor->n_fields == 0) {
		assert_int_equal(len, 0);
		assert_null(buf);
	} else
		assert_true(len > 0);
	assert_int_equal(wire_body_unpack(opcode, is_result, buf, len, CAP_1MIB,
	    &got), WIRE_STATUS_SUCCESS);
	assert_non_null(got);
	assert_true(msg_equal(msg, got));
	assert_int_equal(wire_body_pack(got, &buf2, &len2),
	    WIRE_STATUS_SUCCESS);
	assert_int_equal(len2, len);
	if (len > 0)
		assert_memory_equal(buf, buf2, len);
	wire_body_free(got);
	free(buf);
	free(buf2);
	return len;
}

static inline void
roundtrip_pair(uint32_t opcode, const ProtobufCMessage *op,
    const ProtobufCMessage *res)
{
	roundtrip(opcode, false, op);
	roundtrip(opcode, true, res);
}

static inline void
assert_packs_to(const ProtobufCMessage *msg, const uint8_t *want,
    size_t want_len)
{
	uint8_t *buf;
	size_t len;

	assert_int_equal(wire_body_pack(msg, &buf, &len), WIRE_STATUS_SUCCESS);
	assert_int_equal(len, want_len);
	if (want_len > 0)
		assert_memory_equal(buf, want, want_len);
	else
		assert_null(buf);
	free(buf);
}

static inline enum wire_status
unpack_status(uint32_t opcode, bool is_result, const uint8_t *body,
    size_t body_len, size_t cap)
{
	ProtobufCMessage *msg = (ProtobufCMessage *)&msg;	/* poison */
	enum wire_status st;

	st = wire_body_unpack(opcode, is_result, body, body_len, cap, &msg);
	if (st == WIRE_STATUS_SUCCESS)
		assert_non_null(msg);
	else
		assert_null(msg);
	wire_body_free(msg);
	return st;
}

/* --- shared sub-messages ------------------------------------------------ */

/* Key attributes with every field set: an ECC P-256 key pair whose policy
 * allows everything with ECDSA(SHA-256). */
struct fx_attrs {
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash	 sh;
	PsaAlgorithm__Algorithm__AsymmetricSignature__Ecdsa	 ecdsa;
	PsaAlgorithm__Algorithm__AsymmetricSignature		 sig;
	PsaAlgorithm__Algorithm					 alg;
	PsaKeyAttributes__UsageFlags				 flags;
	PsaKeyAttributes__KeyPolicy				 policy;
	PsaKeyAttributes__KeyType__EccKeyPair			 ecc;
	PsaKeyAttributes__KeyType				 type;
	PsaKeyAttributes__KeyAttributes				 attrs;
};

static inline PsaAlgorithm__Algorithm__AsymmetricSignature *
fx_sig(struct fx_attrs *f)
{
	f->sh = (PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash)
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__INIT;
	f->sh.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_SPECIFIC;
	f->sh.specific = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	f->ecdsa = (PsaAlgorithm__Algorithm__AsymmetricSignature__Ecdsa)
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__ECDSA__INIT;
	f->ecdsa.hash_alg = &f->sh;
	f->sig = (PsaAlgorithm__Algorithm__AsymmetricSignature)
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__INIT;
	f->sig.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_ECDSA;
	f->sig.ecdsa = &f->ecdsa;
	return &f->sig;
}

static inline PsaKeyAttributes__KeyAttributes *
fx_attrs(struct fx_attrs *f)
{
	f->alg = (PsaAlgorithm__Algorithm)PSA_ALGORITHM__ALGORITHM__INIT;
	f->alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE;
	f->alg.asymmetric_signature = fx_sig(f);
	f->flags = (PsaKeyAttributes__UsageFlags)
	    PSA_KEY_ATTRIBUTES__USAGE_FLAGS__INIT;
	f->flags.export = f->flags.copy = f->flags.cache = true;
	f->flags.encrypt = f->flags.decrypt = true;
	f->flags.sign_message = f->flags.verify_message = true;
	f->flags.sign_hash = f->flags.verify_hash = f->flags.derive = true;
	f->policy = (PsaKeyAttributes__KeyPolicy)
	    PSA_KEY_ATTRIBUTES__KEY_POLICY__INIT;
	f->policy.key_usage_flags = &f->flags;
	f->policy.key_algorithm = &f->alg;
	f->ecc = (PsaKeyAttributes__KeyType__EccKeyPair)
	    PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_KEY_PAIR__INIT;
	f->ecc.curve_family = PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_FAMILY__SECP_R1;
	f->type = (PsaKeyAttributes__KeyType)PSA_KEY_ATTRIBUTES__KEY_TYPE__INIT;
	f->type.variant_case = PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_KEY_PAIR;
	f->type.ecc_key_pair = &f->ecc;
	f->attrs = (PsaKeyAttributes__KeyAttributes)
	    PSA_KEY_ATTRIBUTES__KEY_ATTRIBUTES__INIT;
	f->attrs.key_type = &f->type;
	f->attrs.key_bits = 256;
	f->attrs.key_policy = &f->policy;
	return &f->attrs;
}

#endif
