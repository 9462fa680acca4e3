/* identity/b64.c: standard base64 (RFC 4648 §4) for the identity JSON
 * files: encoding for what we write, a strict decoder for what verifiers
 * send (challenges). Pure. */
#include <stdlib.h>
#include <string.h>

#include "identity/identity_int.h"

static const char idn_b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
idn_b64_encode(const uint8_t *in, size_t in_len)
{
	size_t groups = in_len / 3 + (in_len % 3 != 0), k = 0;
	char *s;

	if (groups > (SIZE_MAX - 1) / 4 || (s = malloc(groups * 4 + 1)) ==
	    NULL)
		return NULL;
	for (size_t i = 0; i < in_len; i += 3) {
		size_t n = in_len - i < 3 ? in_len - i : 3;
		uint32_t v = (uint32_t)in[i] << 16;

		if (n > 1)
			v |= (uint32_t)in[i + 1] << 8;
		if (n > 2)
			v |= in[i + 2];
		s[k++] = idn_b64_alphabet[(v >> 18) & 0x3f];
		s[k++] = idn_b64_alphabet[(v >> 12) & 0x3f];
		s[k++] = n > 1 ? idn_b64_alphabet[(v >> 6) & 0x3f] : '=';
		s[k++] = n > 2 ? idn_b64_alphabet[v & 0x3f] : '=';
	}
	s[k] = '\0';
	return s;
}

static int
idn_b64_value(char ch)
{
	const char *p;

	if (ch == '\0' || (p = strchr(idn_b64_alphabet, ch)) == NULL)
		return -1;
	return (int)(p - idn_b64_alphabet);
}

bool
idn_b64_decode(const char *text, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	size_t len = strlen(text), pad = 0, n = 0;

	*out_len = 0;
	/* Padded, as every standard encoder writes it; one spelling per
	 * byte string: no whitespace, unused bits zero. */
	if (len % 4 != 0)
		return false;
	if (len > 0 && text[len - 1] == '=')
		pad = len > 1 && text[len - 2] == '=' ? 2 : 1;
	if (len / 4 * 3 - pad > out_size)
		return false;
	for (size_t i = 0; i < len; i += 4) {
		uint32_t v = 0;
		size_t quad_pad = i + 4 == len ? pad : 0;

		for (size_t k = 0; k < 4; k++) {
			int d = k >= 4 - quad_pad ? 0 : idn_b64_value(text[i + k]);

			if (d < 0)
				return false;
			v = (v << 6) | (uint32_t)d;
		}
		if ((quad_pad == 1 && (v & 0xff) != 0) ||
		    (quad_pad == 2 && (v & 0xffff) != 0))
			return false;
		out[n++] = (uint8_t)(v >> 16);
		if (quad_pad < 2)
			out[n++] = (uint8_t)(v >> 8);
		if (quad_pad < 1)
			out[n++] = (uint8_t)v;
	}
	*out_len = n;
	return true;
}
