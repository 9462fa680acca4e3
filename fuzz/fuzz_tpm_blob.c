/* fuzz/fuzz_tpm_blob.c: the TPM provider's key reference decoder on
 * arbitrary bytes (what a tampered key store would hand it). Whatever it
 * accepts must re-encode to exactly the same bytes and name a key type the
 * provider knows; what it refuses must be DATA_CORRUPT and leave nothing
 * behind. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/tpm/tpm_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tpm_blob zero;
	struct tpm_blob b;
	uint8_t *ref = NULL;
	size_t ref_len = 0, bits;

	if (tpm_blob_decode(data, size, &b) != PSA_SUCCESS) {
		assert(memcmp(&b, &zero, sizeof(b)) == 0);
		return 0;
	}
	assert(b.tb_kind == TPM_BLOB_LOADABLE || b.tb_kind == TPM_BLOB_PUBLIC);
	assert(b.tb_priv.size <= sizeof(b.tb_priv.buffer));
	assert(tpm_blob_encode(&b, &ref, &ref_len) == PSA_SUCCESS);
	assert(ref_len == size && memcmp(ref, data, size) == 0);
	free(ref);
	/* What keys.c asks of a decoded blob must not trip either. */
	(void)tpm_alg_key_type(&b.tb_pub.publicArea,
	    b.tb_kind == TPM_BLOB_LOADABLE, &bits);
	return 0;
}
