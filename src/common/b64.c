/* common/b64.c: base64 (RFC 4648 §4, standard alphabet). Pure. */
#include "common/b64.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool
b64_encode(const uint8_t *in, size_t in_len, char **out)
{
	size_t groups = in_len / 3 + (in_len % 3 != 0), k = 0;
	char *s;

	*out = NULL;
	if (groups > (SIZE_MAX - 1) / 4 || (s = malloc(groups * 4 + 1)) ==
	    NULL)
		return false;
	for (size_t i = 0; i < in_len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		size_t n = in_len - i < 3 ? in_len - i : 3;

		if (n > 1)
			v |= (uint32_t)in[i + 1] << 8;
		if (n > 2)
			v |= in[i + 2];
		s[k++] = b64_alphabet[(v >> 18) & 0x3f];
		s[k++] = b64_alphabet[(v >> 12) & 0x3f];
		s[k++] = n > 1 ? b64_alphabet[(v >> 6) & 0x3f] : '=';
		s[k++] = n > 2 ? b64_alphabet[v & 0x3f] : '=';
	}
	s[k] = '\0';
	*out = s;
	return true;
}

static int
b64_value(char ch)
{
	const char *p;

	if (ch == '\0' || (p = strchr(b64_alphabet, ch)) == NULL)
		return -1;
	return (int)(p - b64_alphabet);
}

size_t
b64_decoded_size(size_t text_len)
{
	return text_len / 4 * 3 + 3;
}

bool
b64_decode(const char *text, bool is_padding_required, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	size_t len = strlen(text), pad = 0, k = 0;
	uint32_t acc = 0;
	unsigned int bits = 0;
	int v;

	*out_len = 0;
	if (is_padding_required && len % 4 != 0)
		return false;
	/* Padding, if any, makes a whole number of 4-character groups. */
	while (pad < 2 && len > 0 && text[len - 1] == '=') {
		len--;
		pad++;
	}
	if ((pad > 0 && (len + pad) % 4 != 0) || len % 4 == 1)
		return false;
	/* The exact decoded length, checked before anything is written. */
	if (len / 4 * 3 + len % 4 * 3 / 4 > out_size)
		return false;
	for (size_t i = 0; i < len; i++) {
		if ((v = b64_value(text[i])) < 0)
			return false;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[k++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	/* Leftover bits must be zero: one spelling per byte string. */
	if (acc != 0)
		return false;
	*out_len = k;
	return true;
}
