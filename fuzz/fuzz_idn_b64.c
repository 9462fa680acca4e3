/* fuzz/fuzz_idn_b64.c: the identity layer's strict base64 decoder, which
 * reads verifiers' challenges. Its promise: what it accepts re-encodes to
 * exactly the same text, never overflows out_size, and every encoding
 * decodes back. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "identity/identity_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t out[64], *raw;
	size_t out_len = 0, raw_len = 0;
	char *text, *again;

	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (idn_b64_decode(text, out, sizeof(out), &out_len)) {
		assert(out_len <= sizeof(out));
		assert((again = idn_b64_encode(out, out_len)) != NULL);
		assert(strcmp(again, text) == 0);
		free(again);
	} else
		assert(out_len == 0);
	assert((again = idn_b64_encode(data, size)) != NULL);
	assert((raw = malloc(size + 1)) != NULL);
	assert(idn_b64_decode(again, raw, size, &raw_len));
	assert(raw_len == size && (size == 0 || memcmp(raw, data, size) == 0));
	free(raw);
	free(again);
	free(text);
	return 0;
}
