/* cli/out.c: print strings from the service safely, as text or as JSON. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/b64.h"

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, surrogates, or code points past U+10FFFF), 0 if there is none.
 * s is NUL-terminated, and NUL is no continuation byte, so this never reads
 * past the end. *cp receives the code point. */
static size_t
cli_utf8_seq(const unsigned char *s, uint32_t *cp)
{
	size_t n;
	uint32_t v, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		n = 2; v = s[0] & 0x1F; min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3; v = s[0] & 0x0F; min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4; v = s[0] & 0x07; min = 0x10000;
	} else
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

static bool
cli_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

void
cli_put_text(FILE *f, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t n;

	while (*u != '\0') {
		if ((n = cli_utf8_seq(u, &cp)) == 0) {
			fprintf(f, "\\x%02x", *u);
			u++;
		} else if (cli_is_control(cp)) {
			for (size_t k = 0; k < n; k++)
				fprintf(f, "\\x%02x", u[k]);
			u += n;
		} else {
			fwrite(u, 1, n, f);
			u += n;
		}
	}
}

void
cli_json_put_string(FILE *f, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t n;

	fputc('"', f);
	while (*u != '\0') {
		if ((n = cli_utf8_seq(u, &cp)) == 0) {
			fputs("\\ufffd", f);	/* keep the output valid JSON */
			u++;
			continue;
		}
		switch (cp) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			/* RFC 8259 §7 requires escaping below U+0020; DEL and
			 * C1 too, so a terminal showing the JSON is safe. */
			if (cli_is_control(cp))
				fprintf(f, "\\u%04x", (unsigned int)cp);
			else
				fwrite(u, 1, n, f);
			break;
		}
		u += n;
	}
	fputc('"', f);
}

void
cli_json_init(struct cli_json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->js_f = f;
}

static void
cli_json_key(struct cli_json *j, const char *key)
{
	if (j->js_depth > 0) {
		if (j->js_need_comma[j->js_depth - 1])
			fputc(',', j->js_f);
		j->js_need_comma[j->js_depth - 1] = true;
	}
	if (key != NULL) {
		cli_json_put_string(j->js_f, key);
		fputc(':', j->js_f);
	}
}

static void
cli_json_open(struct cli_json *j, const char *key, char bracket)
{
	cli_json_key(j, key);
	fputc(bracket, j->js_f);
	/* Our documents are a few levels deep; deeper is a bug here. */
	if (j->js_depth >= sizeof(j->js_need_comma) /
	    sizeof(*j->js_need_comma))
		abort();
	j->js_closer[j->js_depth] = bracket == '{' ? '}' : ']';
	j->js_need_comma[j->js_depth++] = false;
}

static void
cli_json_close(struct cli_json *j, char bracket)
{
	if (j->js_depth == 0 || j->js_closer[j->js_depth - 1] != bracket)
		abort();	/* unbalanced: a bug in the caller */
	j->js_depth--;
	fputc(bracket, j->js_f);
}

void
cli_json_object_begin(struct cli_json *j, const char *key)
{
	cli_json_open(j, key, '{');
}

void
cli_json_object_end(struct cli_json *j)
{
	cli_json_close(j, '}');
}

void
cli_json_array_begin(struct cli_json *j, const char *key)
{
	cli_json_open(j, key, '[');
}

void
cli_json_array_end(struct cli_json *j)
{
	cli_json_close(j, ']');
}

void
cli_json_string(struct cli_json *j, const char *key, const char *s)
{
	cli_json_key(j, key);
	cli_json_put_string(j->js_f, s);
}

void
cli_json_uint(struct cli_json *j, const char *key, uint64_t v)
{
	cli_json_key(j, key);
	fprintf(j->js_f, "%llu", (unsigned long long)v);
}

void
cli_json_finish(struct cli_json *j)
{
	while (j->js_depth > 0)
		cli_json_close(j, j->js_closer[j->js_depth - 1]);
	fputc('\n', j->js_f);
}

void
cli_json_bytes(struct cli_json *j, const char *key, const uint8_t *p,
    size_t len)
{
	char *b64 = NULL;

	/* Out of memory leaves the key with an empty value rather than
	 * unbalanced JSON; main() still reports the failed write. */
	if (!b64_encode(p, len, &b64))
		b64 = NULL;
	cli_json_string(j, key, b64 != NULL ? b64 : "");
	if (b64 != NULL)	/* it may spell a plaintext */
		explicit_bzero(b64, strlen(b64));
	free(b64);
}
