/* cli/b64.c: base64 (RFC 4648 §4, standard alphabet) to print binary
 * results and read ciphertext, as parsec-tool's base64 crate does. Pure. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char cli_b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool
cli_b64_encode(const uint8_t *in, size_t in_len, char **out)
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
		s[k++] = cli_b64_alphabet[(v >> 18) & 0x3f];
		s[k++] = cli_b64_alphabet[(v >> 12) & 0x3f];
		s[k++] = n > 1 ? cli_b64_alphabet[(v >> 6) & 0x3f] : '=';
		s[k++] = n > 2 ? cli_b64_alphabet[v & 0x3f] : '=';
	}
	s[k] = '\0';
	*out = s;
	return true;
}

static int
cli_b64_value(char ch)
{
	const char *p;

	if (ch == '\0' || (p = strchr(cli_b64_alphabet, ch)) == NULL)
		return -1;
	return (int)(p - cli_b64_alphabet);
}

bool
cli_b64_decode(const char *in, uint8_t **out, size_t *out_len)
{
	size_t len = strlen(in), pad = 0, k = 0;
	uint32_t acc = 0;
	unsigned int bits = 0;
	uint8_t *buf;
	int v;

	*out = NULL;
	*out_len = 0;
	/* Padding, if any, makes a whole number of 4-character groups. */
	while (pad < 2 && len > 0 && in[len - 1] == '=') {
		len--;
		pad++;
	}
	if ((pad > 0 && (len + pad) % 4 != 0) || len % 4 == 1)
		return false;
	if (len == 0)
		return pad == 0;
	if ((buf = malloc(len * 3 / 4 + 1)) == NULL)
		return false;
	for (size_t i = 0; i < len; i++) {
		if ((v = cli_b64_value(in[i])) < 0)
			goto fail;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[k++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	/* Leftover bits must be zero: one spelling per byte string. */
	if (acc != 0)
		goto fail;
	*out = buf;
	*out_len = k;
	return true;
fail:
	free(buf);
	return false;
}
