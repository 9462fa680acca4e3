/* common/hex.c: hex digits and Parsec's secret spellings (hex.h). Pure. */
#include "common/hex.h"

#include <string.h>

static int
hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
hex_decode(const char *hex, uint8_t *out, size_t out_size, size_t *out_len)
{
	size_t len = strlen(hex);

	*out_len = 0;
	if (len % 2 != 0 || len / 2 > out_size)
		return false;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = hex_nibble(hex[2 * i]), lo = hex_nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			explicit_bzero(out, out_size);
			return false;
		}
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*out_len = len / 2;
	return true;
}

bool
hex_secret_decode(const char *text, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	size_t len;

	*out_len = 0;
	if (strncmp(text, "hex:", 4) == 0)
		return hex_decode(text + 4, out, out_size, out_len);
	if (strncmp(text, "str:", 4) == 0)
		text += 4;
	if ((len = strlen(text)) > out_size)
		return false;
	memcpy(out, text, len);
	*out_len = len;
	return true;
}
