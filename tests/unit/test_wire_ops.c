/* tests/unit/test_wire_ops.c: round trips, Parsec encodings and failure paths
 * of the operation body codec (wire/ops.c). */
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

static const void *
fld(const ProtobufCMessage *m, size_t off)
{
	return (const char *)m + off;
}

static size_t
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

static bool msg_equal(const ProtobufCMessage *, const ProtobufCMessage *);

static bool
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
static bool
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

static void assert_all_set(const ProtobufCMessage *);

static void
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
static void
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
static size_t
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

static void
roundtrip_pair(uint32_t opcode, const ProtobufCMessage *op,
    const ProtobufCMessage *res)
{
	roundtrip(opcode, false, op);
	roundtrip(opcode, true, res);
}

static void
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

static enum wire_status
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

static PsaAlgorithm__Algorithm__AsymmetricSignature *
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

static PsaKeyAttributes__KeyAttributes *
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

/* --- one round trip per operation --------------------------------------- */

static void
test_op_ping(void **state)
{
	Ping__Operation op = PING__OPERATION__INIT;
	Ping__Result res = PING__RESULT__INIT;

	(void)state;
	res.wire_protocol_version_maj = 1;
	res.wire_protocol_version_min = 2;
	roundtrip_pair(WIRE_OP_PING, &op.base, &res.base);
}

static void
test_op_psa_generate_key(void **state)
{
	PsaGenerateKey__Operation op = PSA_GENERATE_KEY__OPERATION__INIT;
	PsaGenerateKey__Result res = PSA_GENERATE_KEY__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("gen-key");
	op.attributes = fx_attrs(&fx);
	roundtrip_pair(WIRE_OP_PSA_GENERATE_KEY, &op.base, &res.base);
}

static void
test_op_psa_destroy_key(void **state)
{
	PsaDestroyKey__Operation op = PSA_DESTROY_KEY__OPERATION__INIT;
	PsaDestroyKey__Result res = PSA_DESTROY_KEY__RESULT__INIT;

	(void)state;
	op.key_name = STR("old-key");
	roundtrip_pair(WIRE_OP_PSA_DESTROY_KEY, &op.base, &res.base);
}

static void
test_op_psa_sign_hash(void **state)
{
	PsaSignHash__Operation op = PSA_SIGN_HASH__OPERATION__INIT;
	PsaSignHash__Result res = PSA_SIGN_HASH__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("signer");
	op.alg = fx_sig(&fx);
	op.hash = BIN("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c");
	res.signature = BIN("\x30\x44\x02\x20\x00\xff");
	roundtrip_pair(WIRE_OP_PSA_SIGN_HASH, &op.base, &res.base);
}

static void
test_op_psa_verify_hash(void **state)
{
	PsaVerifyHash__Operation op = PSA_VERIFY_HASH__OPERATION__INIT;
	PsaVerifyHash__Result res = PSA_VERIFY_HASH__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("verifier");
	op.alg = fx_sig(&fx);
	op.hash = BIN("\xaa\xbb");
	op.signature = BIN("\x30\x06\x02\x01\x01\x02\x01\x01");
	roundtrip_pair(WIRE_OP_PSA_VERIFY_HASH, &op.base, &res.base);
}

static void
test_op_psa_import_key(void **state)
{
	PsaImportKey__Operation op = PSA_IMPORT_KEY__OPERATION__INIT;
	PsaImportKey__Result res = PSA_IMPORT_KEY__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("imported");
	op.attributes = fx_attrs(&fx);
	op.data = BIN("\x04\x11\x22\x33\x00\x44");
	roundtrip_pair(WIRE_OP_PSA_IMPORT_KEY, &op.base, &res.base);
}

static void
test_op_psa_export_public_key(void **state)
{
	PsaExportPublicKey__Operation op =
	    PSA_EXPORT_PUBLIC_KEY__OPERATION__INIT;
	PsaExportPublicKey__Result res = PSA_EXPORT_PUBLIC_KEY__RESULT__INIT;

	(void)state;
	op.key_name = STR("pub");
	res.data = BIN("\x04\x01\x02\x03");
	roundtrip_pair(WIRE_OP_PSA_EXPORT_PUBLIC_KEY, &op.base, &res.base);
}

static void
test_op_list_providers(void **state)
{
	ListProviders__Operation op = LIST_PROVIDERS__OPERATION__INIT;
	ListProviders__Result res = LIST_PROVIDERS__RESULT__INIT;
	ListProviders__ProviderInfo p[2] = {
		LIST_PROVIDERS__PROVIDER_INFO__INIT,
		LIST_PROVIDERS__PROVIDER_INFO__INIT,
	};
	ListProviders__ProviderInfo *pv[2] = { &p[0], &p[1] };
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		p[i].uuid = STR("1c1139dc-ad7c-47dc-ad6b-db6fdb466552");
		p[i].description = STR("TPM provider");
		p[i].vendor = STR("arcsec");
		p[i].version_maj = 1;
		p[i].version_min = 2;
		p[i].version_rev = 3;
		p[i].id = 3 - i;
	}
	res.n_providers = 2;
	res.providers = pv;
	roundtrip_pair(WIRE_OP_LIST_PROVIDERS, &op.base, &res.base);
}

static void
test_op_list_opcodes(void **state)
{
	ListOpcodes__Operation op = LIST_OPCODES__OPERATION__INIT;
	ListOpcodes__Result res = LIST_OPCODES__RESULT__INIT;
	uint32_t codes[] = { 1, 2, 0x20, 300 };

	(void)state;
	op.provider_id = 3;
	res.n_opcodes = 4;
	res.opcodes = codes;
	roundtrip_pair(WIRE_OP_LIST_OPCODES, &op.base, &res.base);
}

static void
test_op_psa_asymmetric_encrypt(void **state)
{
	PsaAsymmetricEncrypt__Operation op =
	    PSA_ASYMMETRIC_ENCRYPT__OPERATION__INIT;
	PsaAsymmetricEncrypt__Result res = PSA_ASYMMETRIC_ENCRYPT__RESULT__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption__RsaOaep oaep =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__RSA_OAEP__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption enc =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__INIT;

	(void)state;
	oaep.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	enc.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_OAEP;
	enc.rsa_oaep = &oaep;
	op.key_name = STR("rsa");
	op.alg = &enc;
	op.plaintext = BIN("secret");
	op.salt = BIN("label");
	res.ciphertext = BIN("\x9a\x8b\x7c");
	roundtrip_pair(WIRE_OP_PSA_ASYMMETRIC_ENCRYPT, &op.base, &res.base);
}

static void
test_op_psa_asymmetric_decrypt(void **state)
{
	PsaAsymmetricDecrypt__Operation op =
	    PSA_ASYMMETRIC_DECRYPT__OPERATION__INIT;
	PsaAsymmetricDecrypt__Result res = PSA_ASYMMETRIC_DECRYPT__RESULT__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption__RsaOaep oaep =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__RSA_OAEP__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption enc =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__INIT;

	(void)state;
	oaep.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_384;
	enc.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_OAEP;
	enc.rsa_oaep = &oaep;
	op.key_name = STR("rsa");
	op.alg = &enc;
	op.ciphertext = BIN("\x9a\x8b\x7c");
	op.salt = BIN("label");
	res.plaintext = BIN("secret");
	roundtrip_pair(WIRE_OP_PSA_ASYMMETRIC_DECRYPT, &op.base, &res.base);
}

static void
test_op_psa_export_key(void **state)
{
	PsaExportKey__Operation op = PSA_EXPORT_KEY__OPERATION__INIT;
	PsaExportKey__Result res = PSA_EXPORT_KEY__RESULT__INIT;

	(void)state;
	op.key_name = STR("exportable");
	res.data = BIN("\x00\x01\x02\xfe\xff");
	roundtrip_pair(WIRE_OP_PSA_EXPORT_KEY, &op.base, &res.base);
}

static void
test_op_psa_generate_random(void **state)
{
	PsaGenerateRandom__Operation op = PSA_GENERATE_RANDOM__OPERATION__INIT;
	PsaGenerateRandom__Result res = PSA_GENERATE_RANDOM__RESULT__INIT;

	(void)state;
	op.size = UINT64_C(0x100000001);	/* wider than 32 bits */
	res.random_bytes = BIN("\x13\x37\x00\x42");
	roundtrip_pair(WIRE_OP_PSA_GENERATE_RANDOM, &op.base, &res.base);
}

static void
test_op_list_authenticators(void **state)
{
	ListAuthenticators__Operation op = LIST_AUTHENTICATORS__OPERATION__INIT;
	ListAuthenticators__Result res = LIST_AUTHENTICATORS__RESULT__INIT;
	ListAuthenticators__AuthenticatorInfo a =
	    LIST_AUTHENTICATORS__AUTHENTICATOR_INFO__INIT;
	ListAuthenticators__AuthenticatorInfo *av[1] = { &a };

	(void)state;
	a.description = STR("Unix peer credentials");
	a.version_maj = 1;
	a.version_min = 2;
	a.version_rev = 3;
	a.id = 3;
	res.n_authenticators = 1;
	res.authenticators = av;
	roundtrip_pair(WIRE_OP_LIST_AUTHENTICATORS, &op.base, &res.base);
}

static void
test_op_psa_hash_compute(void **state)
{
	PsaHashCompute__Operation op = PSA_HASH_COMPUTE__OPERATION__INIT;
	PsaHashCompute__Result res = PSA_HASH_COMPUTE__RESULT__INIT;

	(void)state;
	op.alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA3_512;
	op.input = BIN("abc");
	res.hash = BIN("\xba\x78\x16\xbf");
	roundtrip_pair(WIRE_OP_PSA_HASH_COMPUTE, &op.base, &res.base);
}

static void
test_op_psa_hash_compare(void **state)
{
	PsaHashCompare__Operation op = PSA_HASH_COMPARE__OPERATION__INIT;
	PsaHashCompare__Result res = PSA_HASH_COMPARE__RESULT__INIT;

	(void)state;
	op.alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	op.input = BIN("abc");
	op.hash = BIN("\xba\x78\x16\xbf");
	roundtrip_pair(WIRE_OP_PSA_HASH_COMPARE, &op.base, &res.base);
}

struct fx_aead {
	PsaAlgorithm__Algorithm__Aead__AeadWithShortenedTag	 shortened;
	PsaAlgorithm__Algorithm__Aead				 aead;
};

static PsaAlgorithm__Algorithm__Aead *
fx_aead(struct fx_aead *f)
{
	f->shortened = (PsaAlgorithm__Algorithm__Aead__AeadWithShortenedTag)
	    PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_SHORTENED_TAG__INIT;
	f->shortened.aead_alg =
	    PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CCM;
	f->shortened.tag_length = 8;
	f->aead = (PsaAlgorithm__Algorithm__Aead)
	    PSA_ALGORITHM__ALGORITHM__AEAD__INIT;
	f->aead.variant_case =
	    PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_SHORTENED_TAG;
	f->aead.aead_with_shortened_tag = &f->shortened;
	return &f->aead;
}

static void
test_op_psa_aead_encrypt(void **state)
{
	PsaAeadEncrypt__Operation op = PSA_AEAD_ENCRYPT__OPERATION__INIT;
	PsaAeadEncrypt__Result res = PSA_AEAD_ENCRYPT__RESULT__INIT;
	struct fx_aead fx;

	(void)state;
	op.key_name = STR("aes");
	op.alg = fx_aead(&fx);
	op.nonce = BIN("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b");
	op.additional_data = BIN("header");
	op.plaintext = BIN("payload");
	res.ciphertext = BIN("\xc1\xc2\xc3\x7a\x7b");
	roundtrip_pair(WIRE_OP_PSA_AEAD_ENCRYPT, &op.base, &res.base);
}

static void
test_op_psa_aead_decrypt(void **state)
{
	PsaAeadDecrypt__Operation op = PSA_AEAD_DECRYPT__OPERATION__INIT;
	PsaAeadDecrypt__Result res = PSA_AEAD_DECRYPT__RESULT__INIT;
	struct fx_aead fx;

	(void)state;
	op.key_name = STR("aes");
	op.alg = fx_aead(&fx);
	op.nonce = BIN("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b");
	op.additional_data = BIN("header");
	op.ciphertext = BIN("\xc1\xc2\xc3\x7a\x7b");
	res.plaintext = BIN("payload");
	roundtrip_pair(WIRE_OP_PSA_AEAD_DECRYPT, &op.base, &res.base);
}

static void
test_op_psa_raw_key_agreement(void **state)
{
	PsaRawKeyAgreement__Operation op =
	    PSA_RAW_KEY_AGREEMENT__OPERATION__INIT;
	PsaRawKeyAgreement__Result res = PSA_RAW_KEY_AGREEMENT__RESULT__INIT;

	(void)state;
	op.alg = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__ECDH;
	op.private_key_name = STR("ecdh");
	op.peer_key = BIN("\x04\xaa\xbb");
	res.shared_secret = BIN("\x5e\xc2\xe7");
	roundtrip_pair(WIRE_OP_PSA_RAW_KEY_AGREEMENT, &op.base, &res.base);
}

static void
test_op_psa_cipher_encrypt(void **state)
{
	PsaCipherEncrypt__Operation op = PSA_CIPHER_ENCRYPT__OPERATION__INIT;
	PsaCipherEncrypt__Result res = PSA_CIPHER_ENCRYPT__RESULT__INIT;

	(void)state;
	op.key_name = STR("aes");
	op.alg = PSA_ALGORITHM__ALGORITHM__CIPHER__CBC_PKCS7;
	op.plaintext = BIN("plain");
	res.ciphertext = BIN("\x01\x02\x03");
	roundtrip_pair(WIRE_OP_PSA_CIPHER_ENCRYPT, &op.base, &res.base);
}

static void
test_op_psa_cipher_decrypt(void **state)
{
	PsaCipherDecrypt__Operation op = PSA_CIPHER_DECRYPT__OPERATION__INIT;
	PsaCipherDecrypt__Result res = PSA_CIPHER_DECRYPT__RESULT__INIT;

	(void)state;
	op.key_name = STR("aes");
	op.alg = PSA_ALGORITHM__ALGORITHM__CIPHER__CTR;
	op.ciphertext = BIN("\x01\x02\x03");
	res.plaintext = BIN("plain");
	roundtrip_pair(WIRE_OP_PSA_CIPHER_DECRYPT, &op.base, &res.base);
}

struct fx_mac {
	PsaAlgorithm__Algorithm__Mac__FullLength__Hmac	 hmac;
	PsaAlgorithm__Algorithm__Mac__FullLength	 full;
	PsaAlgorithm__Algorithm__Mac__Truncated		 trunc;
	PsaAlgorithm__Algorithm__Mac			 mac;
};

/* HMAC-SHA-256 truncated to 16 bytes: every level of Mac is populated. */
static PsaAlgorithm__Algorithm__Mac *
fx_mac(struct fx_mac *f)
{
	f->hmac = (PsaAlgorithm__Algorithm__Mac__FullLength__Hmac)
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__HMAC__INIT;
	f->hmac.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	f->full = (PsaAlgorithm__Algorithm__Mac__FullLength)
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__INIT;
	f->full.variant_case =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_HMAC;
	f->full.hmac = &f->hmac;
	f->trunc = (PsaAlgorithm__Algorithm__Mac__Truncated)
	    PSA_ALGORITHM__ALGORITHM__MAC__TRUNCATED__INIT;
	f->trunc.mac_alg = &f->full;
	f->trunc.mac_length = 16;
	f->mac = (PsaAlgorithm__Algorithm__Mac)
	    PSA_ALGORITHM__ALGORITHM__MAC__INIT;
	f->mac.variant_case = PSA_ALGORITHM__ALGORITHM__MAC__VARIANT_TRUNCATED;
	f->mac.truncated = &f->trunc;
	return &f->mac;
}

static void
test_op_psa_mac_compute(void **state)
{
	PsaMacCompute__Operation op = PSA_MAC_COMPUTE__OPERATION__INIT;
	PsaMacCompute__Result res = PSA_MAC_COMPUTE__RESULT__INIT;
	struct fx_mac fx;

	(void)state;
	op.key_name = STR("hmac");
	op.alg = fx_mac(&fx);
	op.input = BIN("message");
	res.mac = BIN("\x11\x22\x33\x44");
	roundtrip_pair(WIRE_OP_PSA_MAC_COMPUTE, &op.base, &res.base);
}

static void
test_op_psa_mac_verify(void **state)
{
	PsaMacVerify__Operation op = PSA_MAC_VERIFY__OPERATION__INIT;
	PsaMacVerify__Result res = PSA_MAC_VERIFY__RESULT__INIT;
	struct fx_mac fx;

	(void)state;
	op.key_name = STR("hmac");
	op.alg = fx_mac(&fx);
	op.input = BIN("message");
	op.mac = BIN("\x11\x22\x33\x44");
	roundtrip_pair(WIRE_OP_PSA_MAC_VERIFY, &op.base, &res.base);
}

static void
test_op_psa_sign_message(void **state)
{
	PsaSignMessage__Operation op = PSA_SIGN_MESSAGE__OPERATION__INIT;
	PsaSignMessage__Result res = PSA_SIGN_MESSAGE__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("signer");
	op.alg = fx_sig(&fx);
	op.message = BIN("hello, world");
	res.signature = BIN("\x30\x45\x02\x21");
	roundtrip_pair(WIRE_OP_PSA_SIGN_MESSAGE, &op.base, &res.base);
}

static void
test_op_psa_verify_message(void **state)
{
	PsaVerifyMessage__Operation op = PSA_VERIFY_MESSAGE__OPERATION__INIT;
	PsaVerifyMessage__Result res = PSA_VERIFY_MESSAGE__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("signer");
	op.alg = fx_sig(&fx);
	op.message = BIN("hello, world");
	op.signature = BIN("\x30\x45\x02\x21");
	roundtrip_pair(WIRE_OP_PSA_VERIFY_MESSAGE, &op.base, &res.base);
}

static void
test_op_list_keys(void **state)
{
	ListKeys__Operation op = LIST_KEYS__OPERATION__INIT;
	ListKeys__Result res = LIST_KEYS__RESULT__INIT;
	ListKeys__KeyInfo k[2] = {
		LIST_KEYS__KEY_INFO__INIT, LIST_KEYS__KEY_INFO__INIT,
	};
	ListKeys__KeyInfo *kv[2] = { &k[0], &k[1] };
	struct fx_attrs fx[2];

	(void)state;
	k[0].provider_id = 1;
	k[0].name = STR("first");
	k[0].attributes = fx_attrs(&fx[0]);
	k[1].provider_id = 3;
	k[1].name = STR("second");
	k[1].attributes = fx_attrs(&fx[1]);
	fx[1].attrs.key_bits = 384;
	res.n_keys = 2;
	res.keys = kv;
	roundtrip_pair(WIRE_OP_LIST_KEYS, &op.base, &res.base);
}

static void
test_op_list_clients(void **state)
{
	ListClients__Operation op = LIST_CLIENTS__OPERATION__INIT;
	ListClients__Result res = LIST_CLIENTS__RESULT__INIT;
	char *clients[] = { STR("alice"), STR("bob"), STR("1000") };

	(void)state;
	res.n_clients = 3;
	res.clients = clients;
	roundtrip_pair(WIRE_OP_LIST_CLIENTS, &op.base, &res.base);
}

static void
test_op_delete_client(void **state)
{
	DeleteClient__Operation op = DELETE_CLIENT__OPERATION__INIT;
	DeleteClient__Result res = DELETE_CLIENT__RESULT__INIT;

	(void)state;
	op.client = STR("mallory");
	roundtrip_pair(WIRE_OP_DELETE_CLIENT, &op.base, &res.base);
}

static void
test_op_attest_key(void **state)
{
	AttestKey__Operation op = ATTEST_KEY__OPERATION__INIT;
	AttestKey__Result res = ATTEST_KEY__RESULT__INIT;
	AttestKey__AttestationMechanismParams params =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__INIT;
	AttestKey__AttestationMechanismParams__ActivateCredential pac =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__ACTIVATE_CREDENTIAL__INIT;
	AttestKey__AttestationOutput output =
	    ATTEST_KEY__ATTESTATION_OUTPUT__INIT;
	AttestKey__AttestationOutput__ActivateCredential oac =
	    ATTEST_KEY__ATTESTATION_OUTPUT__ACTIVATE_CREDENTIAL__INIT;

	(void)state;
	pac.credential_blob = BIN("\x00\x44\x00\x20" "blob");
	pac.secret = BIN("\x01\x00seed");
	params.mechanism_case =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__MECHANISM_ACTIVATE_CREDENTIAL;
	params.activate_credential = &pac;
	op.attested_key_name = STR("devid");
	op.parameters = &params;
	op.attesting_key_name = STR("ek");
	oac.credential = BIN("recovered");
	output.mechanism_case =
	    ATTEST_KEY__ATTESTATION_OUTPUT__MECHANISM_ACTIVATE_CREDENTIAL;
	output.activate_credential = &oac;
	res.output = &output;
	roundtrip_pair(WIRE_OP_ATTEST_KEY, &op.base, &res.base);
}

static void
test_op_prepare_key_attestation(void **state)
{
	PrepareKeyAttestation__Operation op =
	    PREPARE_KEY_ATTESTATION__OPERATION__INIT;
	PrepareKeyAttestation__Result res =
	    PREPARE_KEY_ATTESTATION__RESULT__INIT;
	PrepareKeyAttestation__PrepareKeyAttestationParams params =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__INIT;
	PrepareKeyAttestation__PrepareKeyAttestationParams__ActivateCredential
	    pac = PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__ACTIVATE_CREDENTIAL__INIT;
	PrepareKeyAttestation__PrepareKeyAttestationOutput output =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__INIT;
	PrepareKeyAttestation__PrepareKeyAttestationOutput__ActivateCredential
	    oac = PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__ACTIVATE_CREDENTIAL__INIT;

	(void)state;
	pac.attested_key_name = STR("devid");
	pac.attesting_key_name = STR("ek");
	params.mechanism_case =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__MECHANISM_ACTIVATE_CREDENTIAL;
	params.activate_credential = &pac;
	op.parameters = &params;
	oac.name = BIN("\x00\x0b\x12\x34");
	oac.public_ = BIN("\x00\x23\x00\x0b");
	oac.attesting_key_pub = BIN("\x00\x01\x00\x0b");
	output.mechanism_case =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__MECHANISM_ACTIVATE_CREDENTIAL;
	output.activate_credential = &oac;
	res.output = &output;
	roundtrip_pair(WIRE_OP_PREPARE_KEY_ATTESTATION, &op.base, &res.base);
}

static void
test_op_can_do_crypto(void **state)
{
	CanDoCrypto__Operation op = CAN_DO_CRYPTO__OPERATION__INIT;
	CanDoCrypto__Result res = CAN_DO_CRYPTO__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.check_type = CAN_DO_CRYPTO__CHECK_TYPE__GENERATE;
	op.attributes = fx_attrs(&fx);
	roundtrip_pair(WIRE_OP_CAN_DO_CRYPTO, &op.base, &res.base);
}

/* --- every variant of the shared oneofs -------------------------------- */

/* Round-trip one algorithm as the policy of a GenerateKey request. */
static void
roundtrip_policy_alg(PsaAlgorithm__Algorithm *alg)
{
	PsaGenerateKey__Operation op = PSA_GENERATE_KEY__OPERATION__INIT;
	struct fx_attrs fx;

	op.key_name = STR("k");
	op.attributes = fx_attrs(&fx);
	fx.policy.key_algorithm = alg;
	roundtrip(WIRE_OP_PSA_GENERATE_KEY, false, &op.base);
}

static void
test_algorithm_variants(void **state)
{
	PsaAlgorithm__Algorithm alg = PSA_ALGORITHM__ALGORITHM__INIT;
	PsaAlgorithm__Algorithm__None none = PSA_ALGORITHM__ALGORITHM__NONE__INIT;
	PsaAlgorithm__Algorithm__Mac mac = PSA_ALGORITHM__ALGORITHM__MAC__INIT;
	PsaAlgorithm__Algorithm__Mac__FullLength full =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__INIT;
	PsaAlgorithm__Algorithm__Mac__FullLength__CbcMac cbc =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__CBC_MAC__INIT;
	PsaAlgorithm__Algorithm__Mac__FullLength__Cmac cmac =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__CMAC__INIT;
	PsaAlgorithm__Algorithm__Aead aead = PSA_ALGORITHM__ALGORITHM__AEAD__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature sig =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash any_hash =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash__Any any =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__ANY__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPkcs1v15Sign pkcs1 =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__RSA_PKCS1V15_SIGN__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPkcs1v15SignRaw raw =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__RSA_PKCS1V15_SIGN_RAW__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPss pss =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__RSA_PSS__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__EcdsaAny ecdsa_any =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__ECDSA_ANY__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__DeterministicEcdsa det =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__DETERMINISTIC_ECDSA__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption enc =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption__RsaPkcs1v15Crypt crypt =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__RSA_PKCS1V15_CRYPT__INIT;
	PsaAlgorithm__Algorithm__KeyAgreement ka =
	    PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__INIT;
	PsaAlgorithm__Algorithm__KeyAgreement__WithKeyDerivation wkd =
	    PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__WITH_KEY_DERIVATION__INIT;
	PsaAlgorithm__Algorithm__KeyDerivation kdf =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__INIT;
	PsaAlgorithm__Algorithm__KeyDerivation__Hkdf hkdf =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__HKDF__INIT;
	PsaAlgorithm__Algorithm__KeyDerivation__Tls12Prf prf =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__TLS12_PRF__INIT;
	PsaAlgorithm__Algorithm__KeyDerivation__Tls12PskToMs psk =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__TLS12_PSK_TO_MS__INIT;
	struct fx_mac fmac;
	struct fx_aead faead;

	(void)state;
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_NONE;
	alg.none = &none;
	roundtrip_policy_alg(&alg);
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_HASH;
	alg.hash = PSA_ALGORITHM__ALGORITHM__HASH__SHA_512_256;
	roundtrip_policy_alg(&alg);
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_CIPHER;
	alg.cipher = PSA_ALGORITHM__ALGORITHM__CIPHER__XTS;
	roundtrip_policy_alg(&alg);

	/* Mac: truncated HMAC, then full-length HMAC, CBC-MAC, CMAC. */
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_MAC;
	alg.mac = fx_mac(&fmac);
	roundtrip_policy_alg(&alg);
	mac.variant_case = PSA_ALGORITHM__ALGORITHM__MAC__VARIANT_FULL_LENGTH;
	mac.full_length = &full;
	alg.mac = &mac;
	full.variant_case =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_HMAC;
	full.hmac = &fmac.hmac;
	roundtrip_policy_alg(&alg);
	full.variant_case =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_CBC_MAC;
	full.cbc_mac = &cbc;
	roundtrip_policy_alg(&alg);
	full.variant_case =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_CMAC;
	full.cmac = &cmac;
	roundtrip_policy_alg(&alg);

	/* Aead: shortened tag, default tag. */
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_AEAD;
	alg.aead = fx_aead(&faead);
	roundtrip_policy_alg(&alg);
	aead.variant_case =
	    PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_DEFAULT_LENGTH_TAG;
	aead.aead_with_default_length_tag =
	    PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CHACHA20_POLY1305;
	alg.aead = &aead;
	roundtrip_policy_alg(&alg);

	/* Signatures, with "any hash" where a hash goes. */
	any_hash.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_ANY;
	any_hash.any = &any;
	pkcs1.hash_alg = &any_hash;
	pss.hash_alg = &any_hash;
	det.hash_alg = &any_hash;
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE;
	alg.asymmetric_signature = &sig;
	sig.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PKCS1V15_SIGN;
	sig.rsa_pkcs1v15_sign = &pkcs1;
	roundtrip_policy_alg(&alg);
	sig.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PKCS1V15_SIGN_RAW;
	sig.rsa_pkcs1v15_sign_raw = &raw;
	roundtrip_policy_alg(&alg);
	sig.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PSS;
	sig.rsa_pss = &pss;
	roundtrip_policy_alg(&alg);
	sig.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_ECDSA_ANY;
	sig.ecdsa_any = &ecdsa_any;
	roundtrip_policy_alg(&alg);
	sig.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_DETERMINISTIC_ECDSA;
	sig.deterministic_ecdsa = &det;
	roundtrip_policy_alg(&alg);

	alg.variant_case =
	    PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_ENCRYPTION;
	alg.asymmetric_encryption = &enc;
	enc.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_PKCS1V15_CRYPT;
	enc.rsa_pkcs1v15_crypt = &crypt;
	roundtrip_policy_alg(&alg);

	/* Key derivations, alone and under a key agreement. */
	hkdf.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	prf.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_384;
	psk.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_512;
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_DERIVATION;
	alg.key_derivation = &kdf;
	kdf.variant_case = PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_HKDF;
	kdf.hkdf = &hkdf;
	roundtrip_policy_alg(&alg);
	kdf.variant_case =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_TLS12_PRF;
	kdf.tls12_prf = &prf;
	roundtrip_policy_alg(&alg);
	kdf.variant_case =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_TLS12_PSK_TO_MS;
	kdf.tls12_psk_to_ms = &psk;
	roundtrip_policy_alg(&alg);

	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_AGREEMENT;
	alg.key_agreement = &ka;
	ka.variant_case = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_RAW;
	ka.raw = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__FFDH;
	roundtrip_policy_alg(&alg);
	ka.variant_case =
	    PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_WITH_KEY_DERIVATION;
	ka.with_key_derivation = &wkd;
	wkd.ka_alg = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__ECDH;
	wkd.kdf_alg = &kdf;
	roundtrip_policy_alg(&alg);
}

/* Every KeyType variant, by oneof field number 1..14. The ten marker types
 * are empty messages, built from the oneof's own field descriptors. DH
 * variants carry RFC7919 = 0, the only family, so assert_all_set cannot be
 * used: check the decoded oneof case directly. */
static void
test_key_type_variants(void **state)
{
	PsaKeyAttributes__KeyType__EccPublicKey eccpub =
	    PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_PUBLIC_KEY__INIT;
	PsaKeyAttributes__KeyType__DhKeyPair dh =
	    PSA_KEY_ATTRIBUTES__KEY_TYPE__DH_KEY_PAIR__INIT;
	PsaKeyAttributes__KeyType__DhPublicKey dhpub =
	    PSA_KEY_ATTRIBUTES__KEY_TYPE__DH_PUBLIC_KEY__INIT;
	PsaGenerateKey__Operation op = PSA_GENERATE_KEY__OPERATION__INIT;
	const ProtobufCFieldDescriptor *fd;
	PsaGenerateKey__Operation *got;
	ProtobufCMessage marker, *msg;
	struct fx_attrs fx;
	uint8_t *buf;
	size_t len;
	uint32_t v;

	(void)state;
	eccpub.curve_family = PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_FAMILY__MONTGOMERY;
	dh.group_family = PSA_KEY_ATTRIBUTES__KEY_TYPE__DH_FAMILY__RFC7919;
	dhpub.group_family = PSA_KEY_ATTRIBUTES__KEY_TYPE__DH_FAMILY__RFC7919;
	op.key_name = STR("k");
	op.attributes = fx_attrs(&fx);
	for (v = 1; v <= 14; v++) {
		fx.type.variant_case = v;
		switch (v) {
		case PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_KEY_PAIR:
			fx.type.ecc_key_pair = &fx.ecc;
			break;
		case PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_PUBLIC_KEY:
			fx.type.ecc_public_key = &eccpub;
			break;
		case PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_DH_KEY_PAIR:
			fx.type.dh_key_pair = &dh;
			break;
		case PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_DH_PUBLIC_KEY:
			fx.type.dh_public_key = &dhpub;
			break;
		default:
			fd = protobuf_c_message_descriptor_get_field(
			    &psa_key_attributes__key_type__descriptor, v);
			assert_non_null(fd);
			assert_int_equal(((const ProtobufCMessageDescriptor *)
			    fd->descriptor)->sizeof_message, sizeof(marker));
			protobuf_c_message_init(fd->descriptor, &marker);
			fx.type.raw_data =
			    (PsaKeyAttributes__KeyType__RawData *)&marker;
		}
		assert_int_equal(wire_body_pack(&op.base, &buf, &len),
		    WIRE_STATUS_SUCCESS);
		assert_int_equal(wire_body_unpack(WIRE_OP_PSA_GENERATE_KEY,
		    false, buf, len, CAP_1MIB, &msg), WIRE_STATUS_SUCCESS);
		got = (PsaGenerateKey__Operation *)msg;
		assert_int_equal(got->attributes->key_type->variant_case, v);
		assert_non_null(got->attributes->key_type->raw_data);
		assert_true(msg_equal(&op.base, msg));
		wire_body_free(msg);
		free(buf);
	}
}

/* --- the table itself --------------------------------------------------- */

static void
test_table_matches_opcodes_def(void **state)
{
	const struct wire_op_info *ops;
	const ProtobufCMessageDescriptor *d;
	size_t i, count;

	(void)state;
	ops = wire_op_table(&count);
	assert_int_equal(count, 31);
	for (i = 0; i < count; i++) {
		d = wire_op_descriptor(ops[i].opcode, false);
		assert_non_null(d);
		assert_string_equal(d->package_name, ops[i].proto);
		assert_string_equal(d->short_name, "Operation");
		d = wire_op_descriptor(ops[i].opcode, true);
		assert_non_null(d);
		assert_string_equal(d->package_name, ops[i].proto);
		assert_string_equal(d->short_name, "Result");
	}
	assert_null(wire_op_descriptor(0, false));
	assert_null(wire_op_descriptor(0x1d, true));
	assert_null(wire_op_descriptor(0x21, false));
}

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
		cmocka_unit_test(test_op_ping),
		cmocka_unit_test(test_op_psa_generate_key),
		cmocka_unit_test(test_op_psa_destroy_key),
		cmocka_unit_test(test_op_psa_sign_hash),
		cmocka_unit_test(test_op_psa_verify_hash),
		cmocka_unit_test(test_op_psa_import_key),
		cmocka_unit_test(test_op_psa_export_public_key),
		cmocka_unit_test(test_op_list_providers),
		cmocka_unit_test(test_op_list_opcodes),
		cmocka_unit_test(test_op_psa_asymmetric_encrypt),
		cmocka_unit_test(test_op_psa_asymmetric_decrypt),
		cmocka_unit_test(test_op_psa_export_key),
		cmocka_unit_test(test_op_psa_generate_random),
		cmocka_unit_test(test_op_list_authenticators),
		cmocka_unit_test(test_op_psa_hash_compute),
		cmocka_unit_test(test_op_psa_hash_compare),
		cmocka_unit_test(test_op_psa_aead_encrypt),
		cmocka_unit_test(test_op_psa_aead_decrypt),
		cmocka_unit_test(test_op_psa_raw_key_agreement),
		cmocka_unit_test(test_op_psa_cipher_encrypt),
		cmocka_unit_test(test_op_psa_cipher_decrypt),
		cmocka_unit_test(test_op_psa_mac_compute),
		cmocka_unit_test(test_op_psa_mac_verify),
		cmocka_unit_test(test_op_psa_sign_message),
		cmocka_unit_test(test_op_psa_verify_message),
		cmocka_unit_test(test_op_list_keys),
		cmocka_unit_test(test_op_list_clients),
		cmocka_unit_test(test_op_delete_client),
		cmocka_unit_test(test_op_attest_key),
		cmocka_unit_test(test_op_prepare_key_attestation),
		cmocka_unit_test(test_op_can_do_crypto),
		cmocka_unit_test(test_algorithm_variants),
		cmocka_unit_test(test_key_type_variants),
		cmocka_unit_test(test_table_matches_opcodes_def),
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
