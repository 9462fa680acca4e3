/* fuzz/fuzz_idn_b64.c: base64 decoding with padding required (common/b64.c
 * as the identity layer reads verifiers' challenges). Its promise: what it accepts re-encodes to
 * exactly the same text, never overflows out_size, and every encoding
 * decodes back. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/b64.h"

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
	if (b64_decode(text, true, out, sizeof(out), &out_len)) {
		assert(out_len <= sizeof(out));
		assert(b64_encode(out, out_len, &again));
		assert(strcmp(again, text) == 0);
		free(again);
	} else
		assert(out_len == 0);
	assert(b64_encode(data, size, &again));
	assert((raw = malloc(size + 1)) != NULL);
	assert(b64_decode(again, true, raw, size, &raw_len));
	assert(raw_len == size && (size == 0 || memcmp(raw, data, size) == 0));
	free(raw);
	free(again);
	free(text);
	return 0;
}
