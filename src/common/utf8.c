/* common/utf8.c: strict UTF-8 validation of names. Pure. */
#include "common/utf8.h"

#include <stdint.h>
#include <string.h>

/* Decode one scalar value at s[0..len), strictly. Returns its length in
 * bytes (1-4), or 0 if the sequence is ill-formed. The second-byte ranges
 * are those of RFC 3629 §4 (Unicode Table 3-7): they exclude overlong forms,
 * surrogates and code points past U+10FFFF in one comparison each. */
static size_t
utf8_decode(const uint8_t *s, size_t len, uint32_t *cp)
{
	uint8_t lo = 0x80, hi = 0xBF;
	size_t n;
	uint32_t v;

	*cp = 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		v = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		v = s[0] & 0x0F;
		if (s[0] == 0xE0)
			lo = 0xA0;	/* below: overlong */
		else if (s[0] == 0xED)
			hi = 0x9F;	/* above: surrogates */
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		v = s[0] & 0x07;
		if (s[0] == 0xF0)
			lo = 0x90;	/* below: overlong */
		else if (s[0] == 0xF4)
			hi = 0x8F;	/* above: past U+10FFFF */
	} else
		return 0;	/* continuation byte, C0, C1 or F5..FF lead */
	if (n > len)
		return 0;	/* truncated */
	if (s[1] < lo || s[1] > hi)
		return 0;
	v = (v << 6) | (s[1] & 0x3F);
	for (size_t i = 2; i < n; i++) {
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return n;
}

bool
utf8_valid(const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t off = 0, n;
	uint32_t cp;

	while (off < len) {
		if ((n = utf8_decode(p + off, len - off, &cp)) == 0)
			return false;
		off += n;
	}
	return true;
}

bool
utf8_name_ok(const char *s, size_t max_len)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t len, off = 0, n;
	uint32_t cp;

	if (s == NULL)
		return false;
	len = strnlen(s, max_len + 1);
	if (len == 0 || len > max_len)
		return false;
	while (off < len) {
		if ((n = utf8_decode(p + off, len - off, &cp)) == 0)
			return false;
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return false;	/* C0, DEL, C1: terminal tricks */
		off += n;
	}
	return true;
}
