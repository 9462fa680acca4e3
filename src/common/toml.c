/* common/toml.c: parse the TOML subset of toml.h into a tree. Pure. */
#include "common/toml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/abuf.h"
#include "common/limits.h"

struct toml_doc {
	struct toml_table	*root;
};

struct toml_parser {
	struct abuf		 in;		/* all bytes are read via it */
	uint32_t		 line;		/* 1-based line of in.off */
	size_t			 line_start;	/* offset of that line */
	unsigned		 depth;		/* open arrays, inline tables */
	struct toml_table	*root;
	struct toml_table	*cur;		/* where `key = value` lands */
	struct toml_error	*err;
};

/* One part of a [a."b".c] header. */
struct toml_seg {
	char		*seg_key;
	size_t		 seg_key_len;
};

static enum toml_status toml_parse_value(struct toml_parser *,
		    struct toml_value *);
static enum toml_status toml_parse_keyval(struct toml_parser *,
		    struct toml_table *);
static void	toml_table_free(struct toml_table *);

/* --- reading ------------------------------------------------------------ */

/* The byte `ahead` bytes on, or -1 past the end. */
static int
toml_peek(const struct toml_parser *p, size_t ahead)
{
	if (ahead >= abuf_remaining(&p->in))
		return -1;
	return p->in.data[p->in.off + ahead];
}

static void
toml_skip(struct toml_parser *p, size_t n)
{
	const uint8_t *unused;

	/* Callers peek before they skip, so a short read is our bug. */
	if (!abuf_get_bytes(&p->in, n, &unused))
		abort();
}

static uint32_t
toml_column(const struct toml_parser *p)
{
	return (uint32_t)(p->in.off - p->line_start + 1);
}

static enum toml_status __attribute__((format(printf, 5, 0)))
toml_vfail(struct toml_parser *p, enum toml_status status, uint32_t line,
    uint32_t column, const char *fmt, va_list ap)
{
	p->err->line = line;
	p->err->column = column;
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	return status;
}

static enum toml_status __attribute__((format(printf, 5, 6)))
toml_fail_at(struct toml_parser *p, enum toml_status status, uint32_t line,
    uint32_t column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status = toml_vfail(p, status, line, column, fmt, ap);
	va_end(ap);
	return status;
}

/* Fails at the current position. */
static enum toml_status __attribute__((format(printf, 3, 4)))
toml_fail(struct toml_parser *p, enum toml_status status, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	status = toml_vfail(p, status, p->line, toml_column(p), fmt, ap);
	va_end(ap);
	return status;
}

static enum toml_status
toml_nomem(struct toml_parser *p)
{
	return toml_fail(p, TOML_ERR_NOMEM, "out of memory");
}

void
toml_printable(const char *s, size_t len, char *buf, size_t buf_size)
{
	size_t n = 0, i;

	if (buf_size == 0)
		return;
	for (i = 0; i < len && n + 1 < buf_size; i++) {
		unsigned char c = (unsigned char)s[i];

		/* Terminal escapes in a user's key or value stay out of our
		 * messages and logs. */
		buf[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (i < len && buf_size >= 4) {
		n = buf_size - 4;
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
}

/* "'x'" for a printable byte, "end of file", or "byte 0xNN". */
static const char *
toml_char_desc(int c, char *buf, size_t buf_size)
{
	if (c == -1)
		snprintf(buf, buf_size, "end of file");
	else if (c >= 0x21 && c < 0x7f)
		snprintf(buf, buf_size, "'%c'", c);
	else if (c == ' ' || c == '\t')
		snprintf(buf, buf_size, "whitespace");
	else if (c == '\n' || c == '\r')
		snprintf(buf, buf_size, "end of line");
	else
		snprintf(buf, buf_size, "byte 0x%02x", (unsigned)c);
	return buf;
}

/*
 * Before any parsing: the whole text is UTF-8 (no overlong forms, no
 * surrogates, nothing past U+10FFFF) and holds no control character but tab,
 * LF and CR-LF. TOML allows no others anywhere, not even in comments, so the
 * parser below never meets one.
 */
static enum toml_status
toml_check_text(struct toml_parser *p)
{
	struct abuf b = p->in;
	uint32_t line = 1, col, cp, min;
	size_t line_start = 0, start, n;
	uint8_t c, cc;

	for (start = b.off; abuf_get_u8(&b, &c); start = b.off) {
		col = (uint32_t)(start - line_start + 1);
		if (c == '\n' || (c == '\r' && abuf_get_u8(&b, &cc) &&
		    cc == '\n')) {
			line++;
			line_start = b.off;
			continue;
		}
		if (c == '\r')
			return toml_fail_at(p, TOML_ERR_SYNTAX, line, col,
			    "carriage return not followed by a newline");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return toml_fail_at(p, TOML_ERR_SYNTAX, line, col,
			    "control character 0x%02x is not allowed",
			    (unsigned)c);
		if (c < 0x80)
			continue;
		/* Lead byte: continuation count, payload, least value. */
		if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			goto bad;
		}
		while (n-- > 0) {
			if (!abuf_get_u8(&b, &cc) || (cc & 0xc0) != 0x80)
				goto bad;
			cp = cp << 6 | (cc & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto bad;
	}
	return TOML_OK;
bad:
	return toml_fail_at(p, TOML_ERR_SYNTAX, line,
	    (uint32_t)(start - line_start + 1), "invalid UTF-8");
}

static void
toml_skip_ws(struct toml_parser *p)
{
	int c;

	while ((c = toml_peek(p, 0)) == ' ' || c == '\t')
		toml_skip(p, 1);
}

static void
toml_skip_comment(struct toml_parser *p)
{
	int c;

	while ((c = toml_peek(p, 0)) != -1 && c != '\n' && c != '\r')
		toml_skip(p, 1);
}

/* At LF or CR-LF (toml_check_text made sure a CR has its LF). */
static void
toml_newline(struct toml_parser *p)
{
	if (toml_peek(p, 0) == '\r')
		toml_skip(p, 1);
	toml_skip(p, 1);
	p->line++;
	p->line_start = p->in.off;
}

/* Whitespace, comments and newlines: what may sit between array items. */
static void
toml_skip_blank(struct toml_parser *p)
{
	int c;

	for (;;) {
		toml_skip_ws(p);
		c = toml_peek(p, 0);
		if (c == '#')
			toml_skip_comment(p);
		else if (c == '\n' || c == '\r')
			toml_newline(p);
		else
			return;
	}
}

/* --- the tree ----------------------------------------------------------- */

static void
toml_array_free(struct toml_array *a);

static void
toml_value_clear(struct toml_value *v)
{
	switch (v->tv_type) {
	case TOML_STRING:
		if (v->tv_str != NULL) {
			/* Any string may be a PIN or hierarchy auth. */
			explicit_bzero(v->tv_str, v->tv_str_len);
			free(v->tv_str);
		}
		break;
	case TOML_ARRAY:
		toml_array_free(v->tv_array);
		break;
	case TOML_TABLE:
		toml_table_free(v->tv_table);
		break;
	case TOML_INTEGER:
	case TOML_BOOLEAN:
		break;
	}
	memset(v, 0, sizeof(*v));
}

static void
toml_array_free(struct toml_array *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->ta_count; i++)
		toml_value_clear(&a->ta_items[i]);
	free(a->ta_items);
	free(a);
}

static void
toml_table_free(struct toml_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->tt_count; i++) {
		free(t->tt_items[i].kv_key);
		toml_value_clear(&t->tt_items[i].kv_value);
	}
	free(t->tt_items);
	free(t);
}

static struct toml_kv *
toml_table_lookup(const struct toml_table *t, const char *key, size_t key_len)
{
	for (size_t i = 0; i < t->tt_count; i++) {
		struct toml_kv *kv = &t->tt_items[i];

		if (kv->kv_key_len == key_len &&
		    memcmp(kv->kv_key, key, key_len) == 0)
			return kv;
	}
	return NULL;
}

/* Appends key = *v. On success the table owns key and *v (now empty). */
static enum toml_status
toml_table_add(struct toml_parser *p, struct toml_table *t, char *key,
    size_t key_len, uint32_t line, uint32_t column, struct toml_value *v)
{
	struct toml_kv *kv;

	if (t->tt_count == t->tt_size) {
		size_t n = t->tt_size == 0 ? 8 : t->tt_size * 2;

		if (t->tt_count >= LIMIT_TOML_TABLE_KEYS)
			return toml_fail_at(p, TOML_ERR_LIMIT, line, column,
			    "more than %u keys in one table",
			    LIMIT_TOML_TABLE_KEYS);
		if (n > LIMIT_TOML_TABLE_KEYS)
			n = LIMIT_TOML_TABLE_KEYS;
		if ((kv = realloc(t->tt_items, n * sizeof(*kv))) == NULL)
			return toml_nomem(p);
		t->tt_items = kv;
		t->tt_size = n;
	}
	kv = &t->tt_items[t->tt_count++];
	kv->kv_key = key;
	kv->kv_key_len = key_len;
	kv->kv_line = line;
	kv->kv_column = column;
	kv->kv_value = *v;
	memset(v, 0, sizeof(*v));
	return TOML_OK;
}

/* Appends *v. On success the array owns *v (now empty). */
static enum toml_status
toml_array_add(struct toml_parser *p, struct toml_array *a,
    struct toml_value *v)
{
	struct toml_value *items;

	if (a->ta_count == a->ta_size) {
		size_t n = a->ta_size == 0 ? 4 : a->ta_size * 2;

		if (a->ta_count >= LIMIT_TOML_ARRAY_LEN)
			return toml_fail_at(p, TOML_ERR_LIMIT, v->tv_line,
			    v->tv_column, "more than %u elements in one array",
			    LIMIT_TOML_ARRAY_LEN);
		if (n > LIMIT_TOML_ARRAY_LEN)
			n = LIMIT_TOML_ARRAY_LEN;
		if ((items = realloc(a->ta_items, n * sizeof(*items))) == NULL)
			return toml_nomem(p);
		a->ta_items = items;
		a->ta_size = n;
	}
	a->ta_items[a->ta_count++] = *v;
	memset(v, 0, sizeof(*v));
	return TOML_OK;
}

static enum toml_status
toml_new_table(struct toml_parser *p, enum toml_table_kind kind,
    uint32_t line, uint32_t column, struct toml_table **out)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return toml_nomem(p);
	(*out)->tt_kind = kind;
	(*out)->tt_line = line;
	(*out)->tt_column = column;
	return TOML_OK;
}

/* --- strings and keys --------------------------------------------------- */

static int
toml_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* At a backslash in a basic string: the escape's UTF-8 bytes. */
static enum toml_status
toml_escape(struct toml_parser *p, uint8_t enc[4], size_t *enc_len)
{
	uint32_t line = p->line, column = toml_column(p), cp = 0;
	int c = toml_peek(p, 1), h;
	size_t digits = 0;
	char desc[16];

	*enc_len = 0;
	switch (c) {
	case 'b': cp = '\b'; break;
	case 't': cp = '\t'; break;
	case 'n': cp = '\n'; break;
	case 'f': cp = '\f'; break;
	case 'r': cp = '\r'; break;
	case '"': cp = '"'; break;
	case '\\': cp = '\\'; break;
	case 'u': digits = 4; break;
	case 'U': digits = 8; break;
	default:
		return toml_fail(p, TOML_ERR_SYNTAX,
		    "invalid escape: backslash followed by %s",
		    toml_char_desc(c, desc, sizeof(desc)));
	}
	toml_skip(p, 2);
	for (size_t i = 0; i < digits; i++) {
		if ((h = toml_hex_digit(toml_peek(p, 0))) < 0)
			return toml_fail_at(p, TOML_ERR_SYNTAX, line, column,
			    "\\%c escape needs %zu hex digits", c, digits);
		cp = cp << 4 | (uint32_t)h;
		toml_skip(p, 1);
	}
	if (digits > 0 && cp == 0)
		/* Config strings are C strings: a NUL would cut them short
		 * and make two different values compare equal. */
		return toml_fail_at(p, TOML_ERR_SYNTAX, line, column,
		    "\\u0000 (NUL) is not allowed in strings");
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return toml_fail_at(p, TOML_ERR_SYNTAX, line, column,
		    "escape is not a Unicode scalar value");
	if (cp < 0x80) {
		enc[0] = (uint8_t)cp;
		*enc_len = 1;
	} else if (cp < 0x800) {
		enc[0] = (uint8_t)(0xc0 | cp >> 6);
		enc[1] = (uint8_t)(0x80 | (cp & 0x3f));
		*enc_len = 2;
	} else if (cp < 0x10000) {
		enc[0] = (uint8_t)(0xe0 | cp >> 12);
		enc[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		enc[2] = (uint8_t)(0x80 | (cp & 0x3f));
		*enc_len = 3;
	} else {
		enc[0] = (uint8_t)(0xf0 | cp >> 18);
		enc[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
		enc[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		enc[3] = (uint8_t)(0x80 | (cp & 0x3f));
		*enc_len = 4;
	}
	return TOML_OK;
}

/*
 * The body of a one-line string, opening quote already read. With dst NULL
 * it only measures and checks; with dst it writes *out_len bytes there. Both
 * passes read the same bytes, so the measure bounds the write.
 */
static enum toml_status
toml_string_body(struct toml_parser *p, bool literal, uint32_t line,
    uint32_t column, char *dst, size_t *out_len)
{
	enum toml_status status;
	uint8_t enc[4];
	size_t n = 0, enc_len;
	int c;

	*out_len = 0;
	for (;;) {
		c = toml_peek(p, 0);
		if (c == -1 || c == '\n' || c == '\r')
			return toml_fail_at(p, TOML_ERR_SYNTAX, line, column,
			    "unterminated string");
		if (c == (literal ? '\'' : '"')) {
			toml_skip(p, 1);
			break;
		}
		if (c == '\\' && !literal) {
			if ((status = toml_escape(p, enc, &enc_len)) != TOML_OK)
				return status;
		} else {
			enc[0] = (uint8_t)c;
			enc_len = 1;
			toml_skip(p, 1);
		}
		if (enc_len > LIMIT_TOML_STRING_BYTES - n)
			return toml_fail_at(p, TOML_ERR_LIMIT, line, column,
			    "string longer than %u bytes",
			    LIMIT_TOML_STRING_BYTES);
		if (dst != NULL)
			memcpy(dst + n, enc, enc_len);
		n += enc_len;
	}
	*out_len = n;
	return TOML_OK;
}

/* At a quote: a basic or literal string, allocated and NUL-terminated. */
static enum toml_status
toml_parse_string(struct toml_parser *p, char **out, size_t *out_len)
{
	uint32_t line = p->line, column = toml_column(p);
	enum toml_status status;
	struct toml_parser probe;
	int quote = toml_peek(p, 0);
	bool literal = quote == '\'';
	size_t n, n2;
	char *s = NULL;

	*out = NULL;
	*out_len = 0;
	if (toml_peek(p, 1) == quote && toml_peek(p, 2) == quote)
		return toml_fail(p, TOML_ERR_UNSUPPORTED,
		    "multi-line strings are not supported");
	toml_skip(p, 1);
	probe = *p;
	if ((status = toml_string_body(&probe, literal, line, column, NULL,
	    &n)) != TOML_OK)
		return status;
	if ((s = malloc(n + 1)) == NULL)
		return toml_nomem(p);
	if ((status = toml_string_body(p, literal, line, column, s, &n2)) !=
	    TOML_OK || n2 != n) {
		free(s);
		return status != TOML_OK ? status : toml_fail(p,
		    TOML_ERR_SYNTAX, "internal error reading string");
	}
	s[n] = '\0';
	*out = s;
	*out_len = n;
	return TOML_OK;
}

static bool
toml_is_bare_key_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* A bare or quoted key, allocated and NUL-terminated. */
static enum toml_status
toml_parse_key(struct toml_parser *p, char **out, size_t *out_len)
{
	int c = toml_peek(p, 0);
	size_t n = 0;
	char desc[16], *key;

	*out = NULL;
	*out_len = 0;
	if (c == '"' || c == '\'')
		return toml_parse_string(p, out, out_len);
	while (toml_is_bare_key_char(toml_peek(p, n)))
		n++;
	if (n == 0)
		return toml_fail(p, TOML_ERR_SYNTAX, "expected a key, got %s",
		    toml_char_desc(c, desc, sizeof(desc)));
	if (n > LIMIT_TOML_STRING_BYTES)
		return toml_fail(p, TOML_ERR_LIMIT, "key longer than %u bytes",
		    LIMIT_TOML_STRING_BYTES);
	if ((key = malloc(n + 1)) == NULL)
		return toml_nomem(p);
	for (size_t i = 0; i < n; i++) {
		key[i] = (char)toml_peek(p, 0);
		toml_skip(p, 1);
	}
	key[n] = '\0';
	*out = key;
	*out_len = n;
	return TOML_OK;
}

/* --- integers, booleans, and what we refuse ----------------------------- */

static bool
toml_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Digits of `base` with '_' only between two digits; no sign. */
static enum toml_status
toml_unsigned(struct toml_parser *p, const char *tok, const char *digits,
    unsigned base, uint64_t limit, uint32_t line, uint32_t column,
    uint64_t *out)
{
	uint64_t mag = 0;
	bool prev_digit = false;
	int d;

	*out = 0;
	for (const char *s = digits; *s != '\0'; s++) {
		if (*s == '_') {
			if (!prev_digit)
				goto bad;
			prev_digit = false;
			continue;
		}
		d = toml_hex_digit(*s);
		if (d < 0 || (unsigned)d >= base)
			goto bad;
		/* mag * base + d <= limit, without overflowing. */
		if (mag > (limit - (uint64_t)d) / base)
			return toml_fail_at(p, TOML_ERR_SYNTAX, line, column,
			    "integer %s does not fit in 64 bits", tok);
		mag = mag * base + (uint64_t)d;
		prev_digit = true;
	}
	if (!prev_digit)	/* no digits, or a trailing '_' */
		goto bad;
	*out = mag;
	return TOML_OK;
bad:
	return toml_fail_at(p, TOML_ERR_SYNTAX, line, column,
	    "invalid integer %s", tok);
}

/* tok: the token; shown: its printable form for messages. */
static enum toml_status
toml_integer(struct toml_parser *p, const char *tok, const char *shown,
    uint32_t line, uint32_t column, int64_t *out)
{
	enum toml_status status;
	const char *s = tok;
	bool neg = false;
	uint64_t mag;
	unsigned base = 10;

	*out = 0;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b')) {
		if (s != tok)
			return toml_fail_at(p, TOML_ERR_SYNTAX, line, column,
			    "a sign is not allowed on 0x, 0o or 0b integers");
		base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
		s += 2;
	} else if (s[0] == '0' && s[1] != '\0') {
		/* TOML forbids them so 010 is not read as octal by some. */
		return toml_fail_at(p, TOML_ERR_SYNTAX, line, column,
		    "leading zeros are not allowed in %s", shown);
	}
	if ((status = toml_unsigned(p, shown, s, base,
	    neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, line, column,
	    &mag)) != TOML_OK)
		return status;
	if (neg)
		*out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN :
		    -(int64_t)mag;
	else
		*out = (int64_t)mag;
	return TOML_OK;
}

static bool
toml_is_token_char(int c)
{
	return toml_is_bare_key_char(c) || c == '+' || c == '.' || c == ':';
}

/* A value that is not a string, array or inline table. */
static enum toml_status
toml_parse_scalar(struct toml_parser *p, struct toml_value *v)
{
	static const char *const floats[] = {
		"inf", "+inf", "-inf", "nan", "+nan", "-nan",
	};
	uint32_t line = p->line, column = toml_column(p);
	char tok[160], shown[48], desc[16];
	const char *body;
	size_t n = 0;

	while (toml_is_token_char(toml_peek(p, 0))) {
		if (n + 1 >= sizeof(tok))
			return toml_fail_at(p, TOML_ERR_SYNTAX, line, column,
			    "invalid value (too long; strings must be quoted)");
		tok[n++] = (char)toml_peek(p, 0);
		toml_skip(p, 1);
	}
	tok[n] = '\0';
	if (n == 0)
		return toml_fail(p, TOML_ERR_SYNTAX,
		    "expected a value, got %s",
		    toml_char_desc(toml_peek(p, 0), desc, sizeof(desc)));
	toml_printable(tok, n, shown, sizeof(shown));
	v->tv_line = line;
	v->tv_column = column;
	if (strcmp(tok, "true") == 0 || strcmp(tok, "false") == 0) {
		v->tv_type = TOML_BOOLEAN;
		v->tv_bool = tok[0] == 't';
		return TOML_OK;
	}
	for (size_t i = 0; i < sizeof(floats) / sizeof(*floats); i++)
		if (strcmp(tok, floats[i]) == 0)
			goto unsupported_float;
	body = tok + (tok[0] == '+' || tok[0] == '-');
	if (!toml_is_digit(body[0]))
		return toml_fail_at(p, TOML_ERR_SYNTAX, line, column,
		    "invalid value %s (strings must be quoted)", shown);
	if (strchr(tok, ':') != NULL || (n >= 5 && toml_is_digit(tok[0]) &&
	    toml_is_digit(tok[1]) && toml_is_digit(tok[2]) &&
	    toml_is_digit(tok[3]) && tok[4] == '-'))
		return toml_fail_at(p, TOML_ERR_UNSUPPORTED, line, column,
		    "dates and times are not supported (%s)", shown);
	if (!(body[0] == '0' && body[1] == 'x') &&
	    strpbrk(tok, ".eE") != NULL)
		goto unsupported_float;
	v->tv_type = TOML_INTEGER;
	return toml_integer(p, tok, shown, line, column, &v->tv_int);
unsupported_float:
	return toml_fail_at(p, TOML_ERR_UNSUPPORTED, line, column,
	    "floats are not supported (%s)", shown);
}

/* --- arrays and inline tables ------------------------------------------- */

static enum toml_status
toml_enter(struct toml_parser *p)
{
	if (p->depth >= LIMIT_TOML_DEPTH)
		return toml_fail(p, TOML_ERR_LIMIT,
		    "arrays and inline tables nested deeper than %u",
		    LIMIT_TOML_DEPTH);
	p->depth++;
	return TOML_OK;
}

static enum toml_status
toml_parse_array(struct toml_parser *p, struct toml_value *out)
{
	enum toml_status status;
	struct toml_value item = { 0 };
	struct toml_array *a;
	char desc[16];

	if ((status = toml_enter(p)) != TOML_OK)
		return status;
	out->tv_line = p->line;
	out->tv_column = toml_column(p);
	toml_skip(p, 1);		/* '[' */
	if ((a = calloc(1, sizeof(*a))) == NULL) {
		status = toml_nomem(p);
		goto out;
	}
	out->tv_type = TOML_ARRAY;
	out->tv_array = a;
	for (;;) {
		toml_skip_blank(p);
		if (toml_peek(p, 0) == ']')
			break;
		if ((status = toml_parse_value(p, &item)) != TOML_OK ||
		    (status = toml_array_add(p, a, &item)) != TOML_OK)
			goto out;
		toml_skip_blank(p);
		if (toml_peek(p, 0) == ',') {
			toml_skip(p, 1);
			continue;
		}
		if (toml_peek(p, 0) == ']')
			break;
		status = toml_fail(p, TOML_ERR_SYNTAX,
		    "expected ',' or ']' in array, got %s",
		    toml_char_desc(toml_peek(p, 0), desc, sizeof(desc)));
		goto out;
	}
	toml_skip(p, 1);		/* ']' */
	status = TOML_OK;
out:
	toml_value_clear(&item);
	p->depth--;
	return status;		/* on error the caller clears *out */
}

static enum toml_status
toml_parse_inline_table(struct toml_parser *p, struct toml_value *out)
{
	enum toml_status status;
	struct toml_table *t;
	char desc[16];
	int c;

	if ((status = toml_enter(p)) != TOML_OK)
		return status;
	out->tv_line = p->line;
	out->tv_column = toml_column(p);
	if ((status = toml_new_table(p, TOML_TABLE_INLINE, p->line,
	    toml_column(p), &t)) != TOML_OK)
		goto out;
	out->tv_type = TOML_TABLE;
	out->tv_table = t;
	toml_skip(p, 1);		/* '{' */
	toml_skip_ws(p);
	if (toml_peek(p, 0) == '}')
		goto close;
	for (;;) {
		toml_skip_ws(p);
		if ((status = toml_parse_keyval(p, t)) != TOML_OK)
			goto out;
		toml_skip_ws(p);
		c = toml_peek(p, 0);
		if (c == '}')
			break;
		if (c != ',') {
			status = toml_fail(p, TOML_ERR_SYNTAX, "expected ',' "
			    "or '}' in inline table, got %s%s",
			    toml_char_desc(c, desc, sizeof(desc)),
			    c == '\n' || c == '\r' ?
			    " (inline tables are one line)" : "");
			goto out;
		}
		toml_skip(p, 1);
		toml_skip_ws(p);
		if (toml_peek(p, 0) == '}') {
			status = toml_fail(p, TOML_ERR_SYNTAX,
			    "trailing comma in inline table");
			goto out;
		}
	}
close:
	toml_skip(p, 1);		/* '}' */
	status = TOML_OK;
out:
	p->depth--;
	return status;
}

static enum toml_status
toml_parse_value(struct toml_parser *p, struct toml_value *v)
{
	enum toml_status status;
	uint32_t line = p->line, column = toml_column(p);
	int c = toml_peek(p, 0);

	memset(v, 0, sizeof(*v));
	if (c == '"' || c == '\'') {
		if ((status = toml_parse_string(p, &v->tv_str,
		    &v->tv_str_len)) == TOML_OK) {
			v->tv_type = TOML_STRING;
			v->tv_line = line;
			v->tv_column = column;
		}
	} else if (c == '[') {
		status = toml_parse_array(p, v);
	} else if (c == '{') {
		status = toml_parse_inline_table(p, v);
	} else {
		status = toml_parse_scalar(p, v);
	}
	if (status != TOML_OK)
		toml_value_clear(v);
	return status;
}

/* --- statements --------------------------------------------------------- */

/* key = value, into t. */
static enum toml_status
toml_parse_keyval(struct toml_parser *p, struct toml_table *t)
{
	enum toml_status status;
	uint32_t line = p->line, column = toml_column(p);
	struct toml_value v = { 0 };
	const struct toml_kv *prev;
	char *key = NULL, shown[48], desc[16];
	size_t key_len;

	if ((status = toml_parse_key(p, &key, &key_len)) != TOML_OK)
		goto out;
	toml_printable(key, key_len, shown, sizeof(shown));
	toml_skip_ws(p);
	if (toml_peek(p, 0) == '.') {
		status = toml_fail(p, TOML_ERR_UNSUPPORTED, "dotted keys are "
		    "not supported (%s.); use a [table] header", shown);
		goto out;
	}
	if (toml_peek(p, 0) != '=') {
		status = toml_fail(p, TOML_ERR_SYNTAX,
		    "expected '=' after key %s, got %s", shown,
		    toml_char_desc(toml_peek(p, 0), desc, sizeof(desc)));
		goto out;
	}
	toml_skip(p, 1);
	toml_skip_ws(p);
	if ((prev = toml_table_lookup(t, key, key_len)) != NULL) {
		status = toml_fail_at(p, TOML_ERR_DUPLICATE, line, column,
		    "duplicate key %s (first defined on line %u)", shown,
		    prev->kv_line);
		goto out;
	}
	if ((status = toml_parse_value(p, &v)) != TOML_OK ||
	    (status = toml_table_add(p, t, key, key_len, line, column, &v)) !=
	    TOML_OK)
		goto out;
	key = NULL;		/* the table owns it now */
out:
	free(key);
	toml_value_clear(&v);
	return status;
}

/* "a.b.c" for messages. */
static void
toml_seg_name(const struct toml_seg *segs, size_t n, char *buf,
    size_t buf_size)
{
	char part[40];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && len + 1 < buf_size; i++) {
		toml_printable(segs[i].seg_key, segs[i].seg_key_len, part,
		    sizeof(part));
		len += (size_t)snprintf(buf + len, buf_size - len, "%s%s",
		    i > 0 ? "." : "", part);
	}
}

/* Adds a new table (or an array holding one) as segs[i] under parent. */
static enum toml_status
toml_add_table(struct toml_parser *p, struct toml_table *parent,
    struct toml_seg *seg, enum toml_table_kind kind, bool as_array,
    uint32_t line, uint32_t column, struct toml_table **out)
{
	enum toml_status status;
	struct toml_value tv = { 0 }, av = { 0 };
	struct toml_table *t = NULL;

	*out = NULL;
	if ((status = toml_new_table(p, kind, line, column, &t)) != TOML_OK)
		return status;
	tv.tv_type = TOML_TABLE;
	tv.tv_table = t;
	tv.tv_line = line;
	tv.tv_column = column;
	if (as_array) {
		av.tv_type = TOML_ARRAY;
		av.tv_line = line;
		av.tv_column = column;
		if ((av.tv_array = calloc(1, sizeof(*av.tv_array))) == NULL) {
			status = toml_nomem(p);
			goto out;
		}
		av.tv_array->ta_of_tables = true;
		if ((status = toml_array_add(p, av.tv_array, &tv)) != TOML_OK)
			goto out;
	}
	if ((status = toml_table_add(p, parent, seg->seg_key, seg->seg_key_len,
	    line, column, as_array ? &av : &tv)) != TOML_OK)
		goto out;
	seg->seg_key = NULL;	/* the parent owns it now */
	*out = t;
out:
	toml_value_clear(&tv);	/* both empty once moved */
	toml_value_clear(&av);
	return status;
}

/*
 * One part of a header names an existing entry kv: the table to go on
 * with, or for the last part the table to open. TOML 1.0: a table is
 * defined once; a prefix named only by longer headers may be defined
 * later; [[x]] appends to an array of tables, and a later [x.y] goes into
 * its last element; inline tables and plain values are never reopened.
 */
static enum toml_status
toml_open_existing(struct toml_parser *p, struct toml_kv *kv, bool last,
    bool is_array, const char *hdr, uint32_t line, uint32_t column,
    struct toml_table **out)
{
	enum toml_status status;
	struct toml_value *v = &kv->kv_value, elem = { 0 };
	struct toml_array *a;
	struct toml_table *t;

	*out = NULL;
	if (v->tv_type == TOML_TABLE) {
		t = v->tv_table;
		if (t->tt_kind == TOML_TABLE_INLINE)
			return toml_fail_at(p, TOML_ERR_DUPLICATE, line, column,
			    "%s reopens an inline table defined on line %u",
			    hdr, t->tt_line);
		if (last && is_array)
			return toml_fail_at(p, TOML_ERR_DUPLICATE, line, column,
			    "%s names a table defined on line %u", hdr,
			    t->tt_line);
		if (last && t->tt_kind != TOML_TABLE_IMPLICIT)
			return toml_fail_at(p, TOML_ERR_DUPLICATE, line, column,
			    "duplicate table %s (first defined on line %u)",
			    hdr, t->tt_line);
		if (last) {
			t->tt_kind = TOML_TABLE_HEADER;
			t->tt_line = line;
			t->tt_column = column;
		}
		*out = t;
		return TOML_OK;
	}
	if (v->tv_type != TOML_ARRAY || !v->tv_array->ta_of_tables)
		return toml_fail_at(p, TOML_ERR_DUPLICATE, line, column,
		    "%s: key defined on line %u is not a table", hdr,
		    kv->kv_line);
	a = v->tv_array;
	if (last && !is_array)
		return toml_fail_at(p, TOML_ERR_DUPLICATE, line, column,
		    "%s names an array of tables begun on line %u", hdr,
		    kv->kv_line);
	if (!last) {
		*out = a->ta_items[a->ta_count - 1].tv_table;
		return TOML_OK;
	}
	if ((status = toml_new_table(p, TOML_TABLE_ARRAY_ELEM, line, column,
	    &t)) != TOML_OK)
		return status;
	elem.tv_type = TOML_TABLE;
	elem.tv_table = t;
	elem.tv_line = line;
	elem.tv_column = column;
	if ((status = toml_array_add(p, a, &elem)) != TOML_OK) {
		toml_value_clear(&elem);
		return status;
	}
	*out = t;
	return TOML_OK;
}

/* Finds or makes the table a [segs] or [[segs]] header names, and makes it
 * the one `key = value` lines go into. */
static enum toml_status
toml_open_table(struct toml_parser *p, struct toml_seg *segs, size_t n,
    bool is_array, uint32_t line, uint32_t column)
{
	enum toml_status status;
	struct toml_table *t = p->root, *next;
	struct toml_kv *kv;
	char name[96], hdr[104];

	toml_seg_name(segs, n, name, sizeof(name));
	snprintf(hdr, sizeof(hdr), "%s%s%s", is_array ? "[[" : "[", name,
	    is_array ? "]]" : "]");
	for (size_t i = 0; i < n; i++) {
		bool last = i + 1 == n;

		kv = toml_table_lookup(t, segs[i].seg_key, segs[i].seg_key_len);
		if (kv != NULL)
			status = toml_open_existing(p, kv, last, is_array, hdr,
			    line, column, &next);
		else
			status = toml_add_table(p, t, &segs[i],
			    !last ? TOML_TABLE_IMPLICIT : is_array ?
			    TOML_TABLE_ARRAY_ELEM : TOML_TABLE_HEADER,
			    last && is_array, line, column, &next);
		if (status != TOML_OK)
			return status;
		t = next;
	}
	p->cur = t;
	return TOML_OK;
}

/* At '[': a [table] or [[array.of.tables]] header. */
static enum toml_status
toml_parse_header(struct toml_parser *p)
{
	enum toml_status status;
	uint32_t line = p->line, column = toml_column(p);
	struct toml_seg segs[LIMIT_TOML_DEPTH];
	size_t n = 0;
	bool is_array;
	char desc[16];

	toml_skip(p, 1);
	if ((is_array = toml_peek(p, 0) == '['))
		toml_skip(p, 1);
	for (;;) {
		toml_skip_ws(p);
		if (n == LIMIT_TOML_DEPTH) {
			status = toml_fail(p, TOML_ERR_LIMIT,
			    "table name with more than %u parts",
			    LIMIT_TOML_DEPTH);
			goto out;
		}
		if ((status = toml_parse_key(p, &segs[n].seg_key,
		    &segs[n].seg_key_len)) != TOML_OK)
			goto out;
		n++;
		toml_skip_ws(p);
		if (toml_peek(p, 0) != '.')
			break;
		toml_skip(p, 1);
	}
	if (toml_peek(p, 0) != ']' || (is_array && toml_peek(p, 1) != ']')) {
		/* For "[[a] ]" point past the first ']', at what is wrong. */
		size_t at = toml_peek(p, 0) == ']' ? 1 : 0;

		status = toml_fail_at(p, TOML_ERR_SYNTAX, p->line,
		    toml_column(p) + (uint32_t)at,
		    "expected '%s' to close the table header, got %s",
		    is_array ? "]]" : "]",
		    toml_char_desc(toml_peek(p, at), desc, sizeof(desc)));
		goto out;
	}
	toml_skip(p, is_array ? 2 : 1);
	status = toml_open_table(p, segs, n, is_array, line, column);
out:
	for (size_t i = 0; i < n; i++)
		free(segs[i].seg_key);
	return status;
}

/* After a statement: only whitespace and a comment before the newline. */
static enum toml_status
toml_end_of_line(struct toml_parser *p, const char *after)
{
	char desc[16];
	int c;

	toml_skip_ws(p);
	if (toml_peek(p, 0) == '#')
		toml_skip_comment(p);
	c = toml_peek(p, 0);
	if (c == -1)
		return TOML_OK;
	if (c == '\n' || c == '\r') {
		toml_newline(p);
		return TOML_OK;
	}
	return toml_fail(p, TOML_ERR_SYNTAX,
	    "unexpected %s after %s; expected a newline or a comment",
	    toml_char_desc(c, desc, sizeof(desc)), after);
}

static enum toml_status
toml_parse_document(struct toml_parser *p)
{
	enum toml_status status;
	int c;

	for (;;) {
		toml_skip_ws(p);
		c = toml_peek(p, 0);
		if (c == -1)
			return TOML_OK;
		if (c == '#') {
			toml_skip_comment(p);
			continue;
		}
		if (c == '\n' || c == '\r') {
			toml_newline(p);
			continue;
		}
		if (c == '[')
			status = toml_parse_header(p);
		else
			status = toml_parse_keyval(p, p->cur);
		if (status != TOML_OK ||
		    (status = toml_end_of_line(p, c == '[' ? "a table header" :
		    "a value")) != TOML_OK)
			return status;
	}
}

/* --- public ------------------------------------------------------------- */

enum toml_status
toml_parse(const char *text, size_t len, struct toml_doc **out,
    struct toml_error *err)
{
	enum toml_status status = TOML_ERR_SYNTAX;
	struct toml_parser p = { .line = 1 };
	struct toml_error scratch;
	struct toml_doc *doc = NULL;

	*out = NULL;
	p.err = err != NULL ? err : &scratch;
	memset(p.err, 0, sizeof(*p.err));
	if (len > LIMIT_CONFIG_FILE_BYTES) {
		status = toml_fail_at(&p, TOML_ERR_LIMIT, 0, 0,
		    "document larger than %u bytes", LIMIT_CONFIG_FILE_BYTES);
		goto out;
	}
	p.in = abuf_view((const uint8_t *)text, len);
	if ((status = toml_check_text(&p)) != TOML_OK)
		goto out;
	if (toml_peek(&p, 0) == 0xef && toml_peek(&p, 1) == 0xbb &&
	    toml_peek(&p, 2) == 0xbf) {
		toml_skip(&p, 3);	/* a UTF-8 byte order mark */
		p.line_start = 3;
	}
	if ((doc = calloc(1, sizeof(*doc))) == NULL) {
		status = toml_nomem(&p);
		goto out;
	}
	if ((status = toml_new_table(&p, TOML_TABLE_ROOT, 0, 0,
	    &doc->root)) != TOML_OK)
		goto out;
	p.root = p.cur = doc->root;
	if ((status = toml_parse_document(&p)) != TOML_OK)
		goto out;
	*out = doc;
	doc = NULL;
out:
	toml_doc_free(doc);
	return status;
}

void
toml_doc_free(struct toml_doc *doc)
{
	if (doc == NULL)
		return;
	toml_table_free(doc->root);
	free(doc);
}

const struct toml_table *
toml_doc_root(const struct toml_doc *doc)
{
	return doc->root;
}

const struct toml_kv *
toml_table_find(const struct toml_table *t, const char *key)
{
	return toml_table_lookup(t, key, strlen(key));
}

const struct toml_value *
toml_table_get(const struct toml_table *t, const char *key)
{
	const struct toml_kv *kv = toml_table_find(t, key);

	return kv != NULL ? &kv->kv_value : NULL;
}

const char *
toml_type_name(enum toml_type type)
{
	switch (type) {
	case TOML_STRING:
		return "string";
	case TOML_INTEGER:
		return "integer";
	case TOML_BOOLEAN:
		return "boolean";
	case TOML_ARRAY:
		return "array";
	case TOML_TABLE:
		return "table";
	}
	return "nothing";
}

const char *
toml_value_kind_name(const struct toml_value *v)
{
	if (v->tv_type == TOML_ARRAY && v->tv_array->ta_of_tables)
		return "array of tables";
	return toml_type_name(v->tv_type);
}

const char *
toml_status_name(enum toml_status status)
{
	switch (status) {
	case TOML_OK:
		return "ok";
	case TOML_ERR_SYNTAX:
		return "syntax error";
	case TOML_ERR_UNSUPPORTED:
		return "unsupported";
	case TOML_ERR_DUPLICATE:
		return "duplicate";
	case TOML_ERR_LIMIT:
		return "limit exceeded";
	case TOML_ERR_NOMEM:
		return "out of memory";
	}
	return "unknown";
}
