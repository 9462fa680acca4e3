/* fuzz/fuzz_b64.c: the CLI's base64 decoder on arbitrary text. Its promise
 * is one spelling per byte string: whatever it accepts re-encodes to the
 * same text up to padding, and every encoding decodes back. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/b64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *again = NULL;
	uint8_t *raw = NULL, *raw2 = NULL;
	size_t raw_len = 0, raw2_len = 0, text_len;

	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	text_len = strlen(text);
	if (cli_b64_decode(text, &raw, &raw_len)) {
		assert(raw_len <= text_len * 3 / 4);
		assert(b64_encode(raw, raw_len, &again));
		/* Same text, but the encoder always pads. */
		assert(strlen(again) >= text_len &&
		    strncmp(again, text, text_len) == 0);
		for (size_t i = text_len; again[i] != '\0'; i++)
			assert(again[i] == '=');
		free(again);
		again = NULL;
	}
	/* The encoder's output always decodes to its input. */
	assert(b64_encode(data, size, &again));
	assert(cli_b64_decode(again, &raw2, &raw2_len));
	assert(raw2_len == size && (size == 0 || memcmp(raw2, data, size) == 0));
	free(again);
	free(raw);
	free(raw2);
	free(text);
	return 0;
}
