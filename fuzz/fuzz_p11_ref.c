/* fuzz/fuzz_p11_ref.c: the PKCS#11 key reference decoder
 * (providers/pkcs11/ref.c) on arbitrary bytes. What it accepts re-encodes
 * to the same bytes (one spelling per value) and its public part lies
 * inside the input; what it refuses leaves nothing behind. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/pkcs11/p11_der.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct p11_ref ref;
	uint8_t *out = NULL;
	size_t out_len = 0;

	if (p11_ref_decode(data, size, &ref) != PSA_SUCCESS) {
		assert(ref.ref_pub == NULL && ref.ref_pub_len == 0);
		return 0;
	}
	assert(ref.ref_pub_len <= P11_REF_PUB_MAX);
	assert(ref.ref_pub_len == 0 || (ref.ref_pub >= data &&
	    ref.ref_pub + ref.ref_pub_len == data + size));
	assert(p11_ref_encode(ref.ref_id, ref.ref_pub, ref.ref_pub_len, &out,
	    &out_len) == PSA_SUCCESS);
	assert(out_len == size && memcmp(out, data, size) == 0);
	free(out);
	return 0;
}
