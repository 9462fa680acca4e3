/* fuzz/fuzz_pbconv.c: psa/pbconv*.c on whatever protobuf-c's decoder
 * accepts. The first byte picks the message (even: KeyAttributes, odd:
 * Algorithm), the rest is its body. Whatever converts must convert back,
 * and the rebuilt message must give the same PSA value again, both
 * directly and after packing and unpacking; whatever is refused must be
 * refused with a documented status and leave no partial result. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <protobuf-c/protobuf-c.h>

#include "psa/pbconv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Packed size of a rebuilt message: well under this for any value. */
#define FUZZ_PACK_MAX	256

static void
fuzz_alg(const uint8_t *data, size_t size)
{
	PsaAlgorithm__Algorithm *m, *again;
	struct psa_pb_pb_alg arena;
	uint8_t buf[FUZZ_PACK_MAX];
	psa_algorithm_t alg = 0xdeadbeef, alg2 = 0xdeadbeef;
	psa_status_t status;
	size_t len;

	if ((m = psa_algorithm__algorithm__unpack(NULL, size, data)) == NULL)
		return;
	status = psa_pb_alg_from_pb(m, &alg);
	if (status != PSA_SUCCESS) {
		assert(status == PSA_ERROR_INVALID_ARGUMENT);
		assert(alg == PSA_ALG_NONE);
		goto out;
	}
	/* Every accepted spelling names a value the schema can spell. */
	assert(psa_pb_alg_to_pb(alg, &arena) == PSA_SUCCESS);
	assert(psa_pb_alg_from_pb(&arena.alg, &alg2) == PSA_SUCCESS);
	assert(alg2 == alg);
	len = protobuf_c_message_get_packed_size(&arena.alg.base);
	assert(len <= sizeof(buf));
	assert(protobuf_c_message_pack(&arena.alg.base, buf) == len);
	again = psa_algorithm__algorithm__unpack(NULL, len, buf);
	assert(again != NULL);
	alg2 = 0xdeadbeef;
	assert(psa_pb_alg_from_pb(again, &alg2) == PSA_SUCCESS);
	assert(alg2 == alg);
	psa_algorithm__algorithm__free_unpacked(again, NULL);
out:
	psa_algorithm__algorithm__free_unpacked(m, NULL);
}

static void
assert_attrs_same(const struct psa_key_attrs *a, const struct psa_key_attrs *b)
{
	assert(a->type == b->type && a->bits == b->bits &&
	    a->usage == b->usage && a->alg == b->alg &&
	    a->is_persistent == b->is_persistent);
}

static void
fuzz_attrs(const uint8_t *data, size_t size)
{
	PsaKeyAttributes__KeyAttributes *m, *again;
	struct psa_pb_pb_attrs arena;
	struct psa_key_attrs attrs, attrs2;
	uint8_t buf[FUZZ_PACK_MAX];
	psa_status_t status;
	size_t len;

	m = psa_key_attributes__key_attributes__unpack(NULL, size, data);
	if (m == NULL)
		return;
	memset(&attrs, 0xa5, sizeof(attrs));
	status = psa_pb_attrs_from_pb(m, &attrs);
	if (status != PSA_SUCCESS) {
		assert(status == PSA_ERROR_INVALID_ARGUMENT);
		assert(attrs.type == 0 && attrs.bits == 0 && attrs.usage == 0 &&
		    attrs.alg == 0 && !attrs.is_persistent);
		goto out;
	}
	assert(attrs.type != PSA_KEY_TYPE_NONE);
	assert(psa_pb_attrs_to_pb(&attrs, &arena) == PSA_SUCCESS);
	assert(psa_pb_attrs_from_pb(&arena.attrs, &attrs2) == PSA_SUCCESS);
	assert_attrs_same(&attrs, &attrs2);
	len = protobuf_c_message_get_packed_size(&arena.attrs.base);
	assert(len <= sizeof(buf));
	assert(protobuf_c_message_pack(&arena.attrs.base, buf) == len);
	again = psa_key_attributes__key_attributes__unpack(NULL, len, buf);
	assert(again != NULL);
	assert(psa_pb_attrs_from_pb(again, &attrs2) == PSA_SUCCESS);
	assert_attrs_same(&attrs, &attrs2);
	psa_key_attributes__key_attributes__free_unpacked(again, NULL);
out:
	psa_key_attributes__key_attributes__free_unpacked(m, NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if ((data[0] & 1) != 0)
		fuzz_alg(data + 1, size - 1);
	else
		fuzz_attrs(data + 1, size - 1);
	return 0;
}
