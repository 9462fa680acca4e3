/* test_toml.c: the TOML reader, feature by feature and error by error,
 * each error with its line, column and exact message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/limits.h"
#include "common/toml.h"

static struct toml_doc *
parse_ok(const char *text)
{
	struct toml_doc *doc = NULL;
	struct toml_error err;
	enum toml_status st = toml_parse(text, strlen(text), &doc, &err);

	if (st != TOML_OK)
		fail_msg("unexpected %s at %u:%u: %s", toml_status_name(st),
		    err.line, err.column, err.msg);
	assert_non_null(doc);
	return doc;
}

static const struct toml_value *
get(const struct toml_table *t, const char *key, enum toml_type type)
{
	const struct toml_value *v = toml_table_get(t, key);

	if (v == NULL)
		fail_msg("no key %s", key);
	assert_int_equal(v->tv_type, type);
	return v;
}

static const struct toml_table *
get_table(const struct toml_table *t, const char *key)
{
	return get(t, key, TOML_TABLE)->tv_table;
}

static void
assert_str(const struct toml_table *t, const char *key, const char *want,
    size_t want_len)
{
	const struct toml_value *v = get(t, key, TOML_STRING);

	assert_int_equal(v->tv_str_len, want_len);
	assert_memory_equal(v->tv_str, want, want_len);
	assert_int_equal(v->tv_str[want_len], '\0');
}

static void
assert_int(const struct toml_table *t, const char *key, int64_t want)
{
	assert_true(get(t, key, TOML_INTEGER)->tv_int == want);
}

/* --- features ------------------------------------------------------------ */

static void
test_comments_and_blank_lines(void **state)
{
	struct toml_doc *doc;
	const struct toml_table *root;

	(void)state;
	doc = parse_ok("# leading comment\n\n   \t\n# another\n"
	    "a = 1 # trailing\n#last line has no newline");
	root = toml_doc_root(doc);
	assert_int_equal(root->tt_count, 1);
	assert_int(root, "a", 1);
	toml_doc_free(doc);

	doc = parse_ok("");
	assert_int_equal(toml_doc_root(doc)->tt_count, 0);
	toml_doc_free(doc);

	/* Comments may hold any UTF-8 and tabs. */
	doc = parse_ok("a = 1 #\tcafé ☕ 😀\n");
	toml_doc_free(doc);
}

static void
test_crlf_and_bom(void **state)
{
	struct toml_doc *doc;
	const struct toml_kv *kv;

	(void)state;
	doc = parse_ok("\xef\xbb\xbf" "a = 1\r\n\r\nb = \"x\"\r\n");
	kv = toml_table_find(toml_doc_root(doc), "a");
	assert_int_equal(kv->kv_line, 1);
	assert_int_equal(kv->kv_column, 1);	/* the BOM is not a column */
	kv = toml_table_find(toml_doc_root(doc), "b");
	assert_int_equal(kv->kv_line, 3);
	assert_int_equal(kv->kv_value.tv_column, 5);
	toml_doc_free(doc);
}

static void
test_keys(void **state)
{
	struct toml_doc *doc;
	const struct toml_table *root;

	(void)state;
	doc = parse_ok("bare_key-1 = 1\n\"quoted key\" = 2\n'lit\\key' = 3\n"
	    "1234 = 4\n\"\" = 5\n\"\\u00e9t\\u00e9\" = 6\n  indented = 7\n"
	    "tight=8\n");
	root = toml_doc_root(doc);
	assert_int_equal(root->tt_count, 8);
	assert_int(root, "bare_key-1", 1);
	assert_int(root, "quoted key", 2);
	assert_int(root, "lit\\key", 3);
	assert_int(root, "1234", 4);
	assert_int(root, "", 5);
	assert_int(root, "\xc3\xa9t\xc3\xa9", 6);
	assert_int(root, "indented", 7);
	assert_int(root, "tight", 8);
	/* Document order is kept. */
	assert_string_equal(root->tt_items[0].kv_key, "bare_key-1");
	assert_string_equal(root->tt_items[7].kv_key, "tight");
	assert_int_equal(root->tt_items[6].kv_column, 3);
	assert_null(toml_table_find(root, "missing"));
	assert_null(toml_table_get(root, "missing"));
	toml_doc_free(doc);
}

static void
test_basic_strings(void **state)
{
	struct toml_doc *doc;
	const struct toml_table *root;

	(void)state;
	doc = parse_ok("plain = \"hello world\"\n"
	    "escapes = \"b\\bt\\tn\\nf\\fr\\rq\\\"s\\\\\"\n"
	    "u4 = \"\\u00E9\\u20ac\"\n"
	    "u8 = \"\\U0001F600\\U0010FFFF\"\n"
	    "raw_utf8 = \"caf\xc3\xa9\"\n"
	    "tab = \"a\tb\"\n"
	    "empty = \"\"\n"
	    "hash = \"# not a comment\"\n");
	root = toml_doc_root(doc);
	assert_str(root, "plain", "hello world", 11);
	assert_str(root, "escapes", "b\bt\tn\nf\fr\rq\"s\\", 14);
	assert_str(root, "u4", "\xc3\xa9\xe2\x82\xac", 5);
	assert_str(root, "u8", "\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", 8);
	assert_str(root, "raw_utf8", "caf\xc3\xa9", 5);
	assert_str(root, "tab", "a\tb", 3);
	assert_str(root, "empty", "", 0);
	assert_str(root, "hash", "# not a comment", 15);
	toml_doc_free(doc);
}

static void
test_literal_strings(void **state)
{
	struct toml_doc *doc;
	const struct toml_table *root;

	(void)state;
	doc = parse_ok("path = 'C:\\Users\\nodejs'\nq = '\"quoted\"'\n"
	    "e = ''\n");
	root = toml_doc_root(doc);
	assert_str(root, "path", "C:\\Users\\nodejs", 15);
	assert_str(root, "q", "\"quoted\"", 8);
	assert_str(root, "e", "", 0);
	toml_doc_free(doc);
}

static void
test_integers(void **state)
{
	struct toml_doc *doc;
	const struct toml_table *root;

	(void)state;
	doc = parse_ok("a = 0\nb = +0\nc = -0\nd = 42\ne = +17\nf = -17\n"
	    "g = 1_000_000\nh = 9223372036854775807\n"
	    "i = -9223372036854775808\nj = 0xDEAD_beef\nk = 0x00ff\n"
	    "l = 0o755\nm = 0b1101_0110\nn = 0x7fffffffffffffff\n"
	    "o = 5_3_1\n");
	root = toml_doc_root(doc);
	assert_int(root, "a", 0);
	assert_int(root, "b", 0);
	assert_int(root, "c", 0);
	assert_int(root, "d", 42);
	assert_int(root, "e", 17);
	assert_int(root, "f", -17);
	assert_int(root, "g", 1000000);
	assert_int(root, "h", INT64_MAX);
	assert_int(root, "i", INT64_MIN);
	assert_int(root, "j", 0xdeadbeef);
	assert_int(root, "k", 255);
	assert_int(root, "l", 0755);
	assert_int(root, "m", 0xd6);
	assert_int(root, "n", INT64_MAX);
	assert_int(root, "o", 531);
	toml_doc_free(doc);
}

static void
test_booleans(void **state)
{
	struct toml_doc *doc;
	const struct toml_table *root;

	(void)state;
	doc = parse_ok("t = true\nf = false\n");
	root = toml_doc_root(doc);
	assert_true(get(root, "t", TOML_BOOLEAN)->tv_bool);
	assert_false(get(root, "f", TOML_BOOLEAN)->tv_bool);
	toml_doc_free(doc);
}

static void
test_arrays(void **state)
{
	struct toml_doc *doc;
	const struct toml_table *root;
	const struct toml_array *a;

	(void)state;
	doc = parse_ok("empty = []\nblank = [ \n ]\n"
	    "ints = [ 1, 2, 3 ]\ntrailing = [ \"a\", \"b\", ]\n"
	    "multi = [\n  1, # one\n  # a comment line\n\n  2\n  ,3\n]\n"
	    "nested = [ [1, 2], [\"x\"], [] ]\n"
	    "mixed = [ 1, \"two\", true ]\n"
	    "tables = [ { name = \"a\" }, { name = \"b\" } ]\n");
	root = toml_doc_root(doc);
	assert_int_equal(get(root, "empty", TOML_ARRAY)->tv_array->ta_count,
	    0);
	assert_int_equal(get(root, "blank", TOML_ARRAY)->tv_array->ta_count,
	    0);
	a = get(root, "ints", TOML_ARRAY)->tv_array;
	assert_int_equal(a->ta_count, 3);
	assert_false(a->ta_of_tables);
	assert_true(a->ta_items[2].tv_int == 3);
	assert_int_equal(a->ta_items[2].tv_column, 16);
	a = get(root, "trailing", TOML_ARRAY)->tv_array;
	assert_int_equal(a->ta_count, 2);
	assert_string_equal(a->ta_items[1].tv_str, "b");
	a = get(root, "multi", TOML_ARRAY)->tv_array;
	assert_int_equal(a->ta_count, 3);
	assert_int_equal(a->ta_items[0].tv_line, 7);
	assert_int_equal(a->ta_items[1].tv_line, 10);
	assert_int_equal(a->ta_items[2].tv_line, 11);
	assert_int_equal(toml_table_find(root, "nested")->kv_line, 13);
	a = get(root, "nested", TOML_ARRAY)->tv_array;
	assert_int_equal(a->ta_count, 3);
	assert_int_equal(a->ta_items[0].tv_array->ta_count, 2);
	assert_string_equal(a->ta_items[1].tv_array->ta_items[0].tv_str, "x");
	a = get(root, "mixed", TOML_ARRAY)->tv_array;
	assert_int_equal(a->ta_items[1].tv_type, TOML_STRING);
	assert_int_equal(a->ta_items[2].tv_type, TOML_BOOLEAN);
	a = get(root, "tables", TOML_ARRAY)->tv_array;
	assert_false(a->ta_of_tables);	/* a static array, not [[...]] */
	assert_int_equal(a->ta_items[1].tv_table->tt_kind, TOML_TABLE_INLINE);
	assert_string_equal(toml_table_get(a->ta_items[1].tv_table,
	    "name")->tv_str, "b");
	assert_string_equal(toml_value_kind_name(toml_table_get(root,
	    "tables")), "array");
	toml_doc_free(doc);
}

static void
test_inline_tables(void **state)
{
	struct toml_doc *doc;
	const struct toml_table *root, *t;

	(void)state;
	doc = parse_ok("e = {}\ne2 = { }\n"
	    "p = { x = 1, y = \"two\", \"z z\" = true }\n"
	    "n = { inner = { deep = [1, { k = 'v' }] } }\n"
	    "spans = { list = [\n  1,\n  2,\n] }\n");
	root = toml_doc_root(doc);
	assert_int_equal(get_table(root, "e")->tt_count, 0);
	assert_int_equal(get_table(root, "e2")->tt_count, 0);
	t = get_table(root, "p");
	assert_int_equal(t->tt_kind, TOML_TABLE_INLINE);
	assert_int_equal(t->tt_line, 3);
	assert_int_equal(t->tt_column, 5);
	assert_int(t, "x", 1);
	assert_str(t, "y", "two", 3);
	assert_true(get(t, "z z", TOML_BOOLEAN)->tv_bool);
	t = get_table(get_table(root, "n"), "inner");
	assert_string_equal(get(t, "deep", TOML_ARRAY)->tv_array->ta_items[1].
	    tv_table->tt_items[0].kv_value.tv_str, "v");
	/* An array value may span lines inside an inline table. */
	t = get_table(root, "spans");
	assert_int_equal(get(t, "list", TOML_ARRAY)->tv_array->ta_count, 2);
	toml_doc_free(doc);
}

static void
test_tables(void **state)
{
	struct toml_doc *doc;
	const struct toml_table *root, *t;

	(void)state;
	doc = parse_ok("top = 1\n"
	    "[core_settings]\nlog_level = \"info\"\n"
	    "[ listener ]\ntimeout = 200\n"
	    "[a.b.c]\nx = 1\n"
	    "[ a . \"quoted part\" ]\ny = 2\n"
	    "[a]\nz = 3\n"		/* a was implicit: now defined */
	    "[a.b]\nw = 4\n"		/* so was a.b */
	    "['lit'.\"q\".bare]\n");
	root = toml_doc_root(doc);
	assert_int_equal(root->tt_kind, TOML_TABLE_ROOT);
	assert_int_equal(root->tt_line, 0);
	assert_int(root, "top", 1);
	t = get_table(root, "core_settings");
	assert_int_equal(t->tt_kind, TOML_TABLE_HEADER);
	assert_int_equal(t->tt_line, 2);
	assert_str(t, "log_level", "info", 4);
	assert_int(get_table(root, "listener"), "timeout", 200);
	t = get_table(root, "a");
	assert_int_equal(t->tt_kind, TOML_TABLE_HEADER);
	assert_int_equal(t->tt_line, 10);	/* where [a] defined it */
	assert_int(t, "z", 3);
	assert_int(get_table(t, "quoted part"), "y", 2);
	assert_int(get_table(t, "b"), "w", 4);
	assert_int(get_table(get_table(t, "b"), "c"), "x", 1);
	t = get_table(get_table(get_table(root, "lit"), "q"), "bare");
	assert_int_equal(t->tt_count, 0);
	assert_int_equal(get_table(root, "lit")->tt_kind, TOML_TABLE_IMPLICIT);
	toml_doc_free(doc);
}

static void
test_array_of_tables(void **state)
{
	struct toml_doc *doc;
	const struct toml_table *root, *t;
	const struct toml_value *v;
	const struct toml_array *a;

	(void)state;
	doc = parse_ok("[[key_manager]]\nname = \"a\"\n"
	    "[[provider]]\nprovider_type = \"Tpm\"\n"
	    "[[key_manager]]\nname = \"b\"\n"
	    "[key_manager.extra]\nq = true\n"	/* into the latest one */
	    "[[ provider ]]\nprovider_type = \"Pkcs11\"\n"
	    "[[fruit.variety]]\nname = \"red\"\n"
	    "[[fruit.variety]]\nname = \"green\"\n"
	    "[[authenticator.admins]]\nname = \"root\"\n");
	root = toml_doc_root(doc);
	v = get(root, "key_manager", TOML_ARRAY);
	assert_string_equal(toml_value_kind_name(v), "array of tables");
	a = v->tv_array;
	assert_true(a->ta_of_tables);
	assert_int_equal(a->ta_count, 2);
	t = a->ta_items[0].tv_table;
	assert_int_equal(t->tt_kind, TOML_TABLE_ARRAY_ELEM);
	assert_int_equal(t->tt_line, 1);
	assert_str(t, "name", "a", 1);
	assert_null(toml_table_get(t, "extra"));
	t = a->ta_items[1].tv_table;
	assert_int_equal(t->tt_line, 5);
	assert_true(get(get_table(t, "extra"), "q", TOML_BOOLEAN)->tv_bool);
	a = get(root, "provider", TOML_ARRAY)->tv_array;
	assert_int_equal(a->ta_count, 2);
	assert_str(a->ta_items[1].tv_table, "provider_type", "Pkcs11", 6);
	a = get(get_table(root, "fruit"), "variety", TOML_ARRAY)->tv_array;
	assert_int_equal(a->ta_count, 2);
	assert_str(a->ta_items[1].tv_table, "name", "green", 5);
	a = get(get_table(root, "authenticator"), "admins",
	    TOML_ARRAY)->tv_array;
	assert_int_equal(a->ta_count, 1);
	toml_doc_free(doc);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(toml_type_name(TOML_STRING), "string");
	assert_string_equal(toml_type_name(TOML_INTEGER), "integer");
	assert_string_equal(toml_type_name(TOML_BOOLEAN), "boolean");
	assert_string_equal(toml_type_name(TOML_ARRAY), "array");
	assert_string_equal(toml_type_name(TOML_TABLE), "table");
	assert_string_equal(toml_status_name(TOML_OK), "ok");
	assert_string_equal(toml_status_name(TOML_ERR_SYNTAX), "syntax error");
	assert_string_equal(toml_status_name(TOML_ERR_UNSUPPORTED),
	    "unsupported");
	assert_string_equal(toml_status_name(TOML_ERR_DUPLICATE), "duplicate");
	assert_string_equal(toml_status_name(TOML_ERR_LIMIT),
	    "limit exceeded");
	assert_string_equal(toml_status_name(TOML_ERR_NOMEM), "out of memory");
}

static void
test_printable(void **state)
{
	char buf[8];

	(void)state;
	toml_printable("abc", 3, buf, sizeof(buf));
	assert_string_equal(buf, "abc");
	toml_printable("a\x1b[2Jb\xc3\xa9", 8, buf, sizeof(buf));
	assert_string_equal(buf, "a?[2...");
	toml_printable("1234567", 7, buf, sizeof(buf));
	assert_string_equal(buf, "1234567");
	toml_printable("12345678", 8, buf, sizeof(buf));
	assert_string_equal(buf, "1234...");
	toml_printable("x", 1, buf, 1);
	assert_string_equal(buf, "");
}

/* Only `len` bytes are read: what follows is never looked at. */
static void
test_bounded_input(void **state)
{
	static const char text[] = "a = 12345";
	struct toml_doc *doc = NULL;
	struct toml_error err;
	char *copy;

	(void)state;
	assert_non_null(copy = malloc(5));
	memcpy(copy, text, 5);		/* "a = 1", no NUL */
	assert_int_equal(toml_parse(copy, 5, &doc, &err), TOML_OK);
	assert_int(toml_doc_root(doc), "a", 1);
	toml_doc_free(doc);
	memcpy(copy, "a = \"", 5);	/* string open at the end */
	assert_int_equal(toml_parse(copy, 5, &doc, &err), TOML_ERR_SYNTAX);
	assert_null(doc);
	assert_string_equal(err.msg, "unterminated string");
	free(copy);

	/* NULL err is allowed; NULL text with no length is empty. */
	assert_int_equal(toml_parse("x", 1, &doc, NULL), TOML_ERR_SYNTAX);
	assert_int_equal(toml_parse(NULL, 0, &doc, NULL), TOML_OK);
	toml_doc_free(doc);
	toml_doc_free(NULL);
}

/* --- errors, each with its place and message ---------------------------- */

struct toml_bad {
	const char		*text;
	enum toml_status	 status;
	uint32_t		 line;
	uint32_t		 column;
	const char		*msg;
};

static const struct toml_bad toml_bad[] = {
	/* text-level checks */
	{ "a = 1\nb = \"\xff\"\n", TOML_ERR_SYNTAX, 2, 6, "invalid UTF-8" },
	{ "# \xc0\xaf overlong\n", TOML_ERR_SYNTAX, 1, 3, "invalid UTF-8" },
	{ "a = \"\xed\xa0\x80\"", TOML_ERR_SYNTAX, 1, 6, "invalid UTF-8" },
	{ "a = \"\xf4\x90\x80\x80\"", TOML_ERR_SYNTAX, 1, 6,
	  "invalid UTF-8" },
	{ "a = \"\xe2\x82\"", TOML_ERR_SYNTAX, 1, 6, "invalid UTF-8" },
	{ "a = \"\xe2\x82", TOML_ERR_SYNTAX, 1, 6, "invalid UTF-8" },
	{ "\n\na = \"x\x01y\"", TOML_ERR_SYNTAX, 3, 7,
	  "control character 0x01 is not allowed" },
	{ "# comment \x7f\n", TOML_ERR_SYNTAX, 1, 11,
	  "control character 0x7f is not allowed" },
	{ "a = 1\rb = 2", TOML_ERR_SYNTAX, 1, 6,
	  "carriage return not followed by a newline" },
	{ "a = 1\r", TOML_ERR_SYNTAX, 1, 6,
	  "carriage return not followed by a newline" },
	/* keys and statements */
	{ "= 1\n", TOML_ERR_SYNTAX, 1, 1, "expected a key, got '='" },
	{ "a\n", TOML_ERR_SYNTAX, 1, 2,
	  "expected '=' after key a, got end of line" },
	{ "a b = 1\n", TOML_ERR_SYNTAX, 1, 3,
	  "expected '=' after key a, got 'b'" },
	{ "a =\n", TOML_ERR_SYNTAX, 1, 4, "expected a value, got end of line" },
	{ "a = ", TOML_ERR_SYNTAX, 1, 5, "expected a value, got end of file" },
	{ "a = 1 2\n", TOML_ERR_SYNTAX, 1, 7, "unexpected '2' after a value; "
	  "expected a newline or a comment" },
	{ "[t] x = 1\n", TOML_ERR_SYNTAX, 1, 5, "unexpected 'x' after a table "
	  "header; expected a newline or a comment" },
	{ "a.b = 1\n", TOML_ERR_UNSUPPORTED, 1, 2,
	  "dotted keys are not supported (a.); use a [table] header" },
	{ "t = { a.b = 1 }\n", TOML_ERR_UNSUPPORTED, 1, 8,
	  "dotted keys are not supported (a.); use a [table] header" },
	{ "a = 1\n\na = 2\n", TOML_ERR_DUPLICATE, 3, 1,
	  "duplicate key a (first defined on line 1)" },
	{ "\"a\" = 1\n'a' = 2\n", TOML_ERR_DUPLICATE, 2, 1,
	  "duplicate key a (first defined on line 1)" },
	{ "t = { x = 1, x = 2 }\n", TOML_ERR_DUPLICATE, 1, 14,
	  "duplicate key x (first defined on line 1)" },
	/* strings */
	{ "a = \"abc\n", TOML_ERR_SYNTAX, 1, 5, "unterminated string" },
	{ "a = 'abc\n", TOML_ERR_SYNTAX, 1, 5, "unterminated string" },
	{ "a = \"x\\qy\"\n", TOML_ERR_SYNTAX, 1, 7,
	  "invalid escape: backslash followed by 'q'" },
	{ "a = \"x\\ y\"\n", TOML_ERR_SYNTAX, 1, 7,
	  "invalid escape: backslash followed by whitespace" },
	{ "a = \"\\u12\"\n", TOML_ERR_SYNTAX, 1, 6,
	  "\\u escape needs 4 hex digits" },
	{ "a = \"\\U0001F60\"\n", TOML_ERR_SYNTAX, 1, 6,
	  "\\U escape needs 8 hex digits" },
	{ "a = \"\\u0000\"\n", TOML_ERR_SYNTAX, 1, 6,
	  "\\u0000 (NUL) is not allowed in strings" },
	{ "a = \"\\uD800\"\n", TOML_ERR_SYNTAX, 1, 6,
	  "escape is not a Unicode scalar value" },
	{ "a = \"\\U00110000\"\n", TOML_ERR_SYNTAX, 1, 6,
	  "escape is not a Unicode scalar value" },
	{ "a = \"\"\"multi\"\"\"\n", TOML_ERR_UNSUPPORTED, 1, 5,
	  "multi-line strings are not supported" },
	{ "a = '''multi'''\n", TOML_ERR_UNSUPPORTED, 1, 5,
	  "multi-line strings are not supported" },
	{ "a = Direct\n", TOML_ERR_SYNTAX, 1, 5,
	  "invalid value Direct (strings must be quoted)" },
	/* integers, and what is not one */
	{ "a = 9223372036854775808\n", TOML_ERR_SYNTAX, 1, 5,
	  "integer 9223372036854775808 does not fit in 64 bits" },
	{ "a = -9223372036854775809\n", TOML_ERR_SYNTAX, 1, 5,
	  "integer -9223372036854775809 does not fit in 64 bits" },
	{ "a = 0x8000000000000000\n", TOML_ERR_SYNTAX, 1, 5,
	  "integer 0x8000000000000000 does not fit in 64 bits" },
	{ "a = 0123\n", TOML_ERR_SYNTAX, 1, 5,
	  "leading zeros are not allowed in 0123" },
	{ "a = 1__0\n", TOML_ERR_SYNTAX, 1, 5, "invalid integer 1__0" },
	{ "a = 10_\n", TOML_ERR_SYNTAX, 1, 5, "invalid integer 10_" },
	{ "a = 0x_1\n", TOML_ERR_SYNTAX, 1, 5, "invalid integer 0x_1" },
	{ "a = 0x\n", TOML_ERR_SYNTAX, 1, 5, "invalid integer 0x" },
	{ "a = 0b102\n", TOML_ERR_SYNTAX, 1, 5, "invalid integer 0b102" },
	{ "a = 0o8\n", TOML_ERR_SYNTAX, 1, 5, "invalid integer 0o8" },
	{ "a = 12abc\n", TOML_ERR_SYNTAX, 1, 5, "invalid integer 12abc" },
	{ "a = -0x10\n", TOML_ERR_SYNTAX, 1, 5,
	  "a sign is not allowed on 0x, 0o or 0b integers" },
	{ "a = 3.14\n", TOML_ERR_UNSUPPORTED, 1, 5,
	  "floats are not supported (3.14)" },
	{ "\n\ntimeout = 1e3\n", TOML_ERR_UNSUPPORTED, 3, 11,
	  "floats are not supported (1e3)" },
	{ "a = -inf\n", TOML_ERR_UNSUPPORTED, 1, 5,
	  "floats are not supported (-inf)" },
	{ "a = nan\n", TOML_ERR_UNSUPPORTED, 1, 5,
	  "floats are not supported (nan)" },
	{ "a = 1979-05-27\n", TOML_ERR_UNSUPPORTED, 1, 5,
	  "dates and times are not supported (1979-05-27)" },
	{ "a = 1979-05-27T07:32:00Z\n", TOML_ERR_UNSUPPORTED, 1, 5,
	  "dates and times are not supported (1979-05-27T07:32:00Z)" },
	{ "a = 07:32:00\n", TOML_ERR_UNSUPPORTED, 1, 5,
	  "dates and times are not supported (07:32:00)" },
	{ "a = True\n", TOML_ERR_SYNTAX, 1, 5,
	  "invalid value True (strings must be quoted)" },
	/* arrays and inline tables */
	{ "a = [1, 2\n", TOML_ERR_SYNTAX, 2, 1,
	  "expected ',' or ']' in array, got end of file" },
	{ "a = [1 2]\n", TOML_ERR_SYNTAX, 1, 8,
	  "expected ',' or ']' in array, got '2'" },
	{ "a = [,]\n", TOML_ERR_SYNTAX, 1, 6, "expected a value, got ','" },
	{ "a = [1,,2]\n", TOML_ERR_SYNTAX, 1, 8, "expected a value, got ','" },
	{ "a = { x = 1, }\n", TOML_ERR_SYNTAX, 1, 14,
	  "trailing comma in inline table" },
	{ "a = { x = 1\n}\n", TOML_ERR_SYNTAX, 1, 12, "expected ',' or '}' in "
	  "inline table, got end of line (inline tables are one line)" },
	{ "a = { x = 1 y = 2 }\n", TOML_ERR_SYNTAX, 1, 13,
	  "expected ',' or '}' in inline table, got 'y'" },
	{ "a = {\n", TOML_ERR_SYNTAX, 1, 6, "expected a key, got end of line" },
	/* headers */
	{ "[a\n", TOML_ERR_SYNTAX, 1, 3,
	  "expected ']' to close the table header, got end of line" },
	{ "[[a]\n", TOML_ERR_SYNTAX, 1, 5,
	  "expected ']]' to close the table header, got end of line" },
	{ "[[a] ]\n", TOML_ERR_SYNTAX, 1, 5,
	  "expected ']]' to close the table header, got whitespace" },
	{ "[]\n", TOML_ERR_SYNTAX, 1, 2, "expected a key, got ']'" },
	{ "[a.]\n", TOML_ERR_SYNTAX, 1, 4, "expected a key, got ']'" },
	{ "[a]\n[b]\n[a]\n", TOML_ERR_DUPLICATE, 3, 1,
	  "duplicate table [a] (first defined on line 1)" },
	{ "[a.b]\n[a]\n[a]\n", TOML_ERR_DUPLICATE, 3, 1,
	  "duplicate table [a] (first defined on line 2)" },
	{ "[a]\nb = 1\n[a.b]\n", TOML_ERR_DUPLICATE, 3, 1,
	  "[a.b]: key defined on line 2 is not a table" },
	{ "[a]\nb = 1\n[a.b.c]\n", TOML_ERR_DUPLICATE, 3, 1,
	  "[a.b.c]: key defined on line 2 is not a table" },
	{ "a = [1]\n[[a]]\n", TOML_ERR_DUPLICATE, 2, 1,
	  "[[a]]: key defined on line 1 is not a table" },
	{ "[a.b]\nc = 1\n[a]\nb = 2\n", TOML_ERR_DUPLICATE, 4, 1,
	  "duplicate key b (first defined on line 1)" },
	{ "a = { b = 1 }\n[a]\n", TOML_ERR_DUPLICATE, 2, 1,
	  "[a] reopens an inline table defined on line 1" },
	{ "a = { b = {} }\n[a.b.c]\n", TOML_ERR_DUPLICATE, 2, 1,
	  "[a.b.c] reopens an inline table defined on line 1" },
	{ "a = { b = 1 }\n[[a]]\n", TOML_ERR_DUPLICATE, 2, 1,
	  "[[a]] reopens an inline table defined on line 1" },
	{ "[[a]]\nb = 1\n[[a.b]]\n", TOML_ERR_DUPLICATE, 3, 1,
	  "[[a.b]]: key defined on line 2 is not a table" },
	{ "[[a]]\n[a]\n", TOML_ERR_DUPLICATE, 2, 1,
	  "[a] names an array of tables begun on line 1" },
	{ "[a]\n[[a]]\n", TOML_ERR_DUPLICATE, 2, 1,
	  "[[a]] names a table defined on line 1" },
	{ "[a.b]\n[[a]]\n", TOML_ERR_DUPLICATE, 2, 1,
	  "[[a]] names a table defined on line 1" },
};

static void
test_errors(void **state)
{
	struct toml_doc *nul_doc = NULL;
	struct toml_error nul_err;

	(void)state;
	/* A NUL byte, which a C string table cannot carry. */
	assert_int_equal(toml_parse("a = 1\0\n", 7, &nul_doc, &nul_err),
	    TOML_ERR_SYNTAX);
	assert_int_equal(nul_err.line, 1);
	assert_int_equal(nul_err.column, 6);
	assert_string_equal(nul_err.msg,
	    "control character 0x00 is not allowed");

	for (size_t i = 0; i < sizeof(toml_bad) / sizeof(*toml_bad); i++) {
		const struct toml_bad *b = &toml_bad[i];
		struct toml_doc *doc = (struct toml_doc *)1;
		struct toml_error err;
		enum toml_status st;
		st = toml_parse(b->text, strlen(b->text), &doc, &err);
		if (st != b->status || err.line != b->line ||
		    err.column != b->column || strcmp(err.msg, b->msg) != 0)
			fail_msg("case %zu: got %s %u:%u \"%s\"; want %s %u:%u "
			    "\"%s\"", i, toml_status_name(st), err.line,
			    err.column, err.msg, toml_status_name(b->status),
			    b->line, b->column, b->msg);
		assert_null(doc);
	}
}

/* --- limits ------------------------------------------------------------- */

/* "key = \"<n bytes>\"\n" */
static char *
make_string_doc(size_t n, const char *key)
{
	size_t klen = strlen(key), len = klen + n + 6;
	char *s = malloc(len + 16);	/* room for a test to append */

	assert_non_null(s);
	memcpy(s, key, klen);
	memcpy(s + klen, " = \"", 4);
	memset(s + klen + 4, 'x', n);
	memcpy(s + klen + 4 + n, "\"\n", 3);
	return s;
}

static void
test_limit_string(void **state)
{
	struct toml_doc *doc = NULL;
	struct toml_error err;
	char *s, *key;

	(void)state;
	s = make_string_doc(LIMIT_TOML_STRING_BYTES, "a");
	assert_int_equal(toml_parse(s, strlen(s), &doc, &err), TOML_OK);
	assert_int_equal(get(toml_doc_root(doc), "a", TOML_STRING)->tv_str_len,
	    LIMIT_TOML_STRING_BYTES);
	toml_doc_free(doc);
	free(s);

	s = make_string_doc(LIMIT_TOML_STRING_BYTES + 1, "a");
	assert_int_equal(toml_parse(s, strlen(s), &doc, &err), TOML_ERR_LIMIT);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 5);
	assert_string_equal(err.msg, "string longer than 8192 bytes");
	free(s);

	/* An escape that would cross the limit counts its UTF-8 bytes. */
	s = make_string_doc(LIMIT_TOML_STRING_BYTES - 1, "a");
	memcpy(s + 5 + LIMIT_TOML_STRING_BYTES - 1, "\\u00e9\"\n", 9);
	assert_int_equal(toml_parse(s, strlen(s), &doc, &err), TOML_ERR_LIMIT);
	free(s);

	/* A bare key of more than the limit. */
	assert_non_null(key = malloc(LIMIT_TOML_STRING_BYTES + 2));
	memset(key, 'k', LIMIT_TOML_STRING_BYTES + 1);
	key[LIMIT_TOML_STRING_BYTES + 1] = '\0';
	s = make_string_doc(1, key);
	assert_int_equal(toml_parse(s, strlen(s), &doc, &err), TOML_ERR_LIMIT);
	assert_string_equal(err.msg, "key longer than 8192 bytes");
	free(s);
	free(key);
}

static void
test_limit_array(void **state)
{
	size_t size = 16 + 3 * (LIMIT_TOML_ARRAY_LEN + 1);
	struct toml_doc *doc = NULL;
	struct toml_error err;
	char *s = malloc(size);
	size_t n;

	(void)state;
	assert_non_null(s);
	n = (size_t)snprintf(s, size, "a = [");
	for (size_t i = 0; i < LIMIT_TOML_ARRAY_LEN; i++)
		n += (size_t)snprintf(s + n, size - n, "1,");
	snprintf(s + n, size - n, "]\n");
	assert_int_equal(toml_parse(s, strlen(s), &doc, &err), TOML_OK);
	assert_int_equal(get(toml_doc_root(doc), "a", TOML_ARRAY)->tv_array->
	    ta_count, LIMIT_TOML_ARRAY_LEN);
	toml_doc_free(doc);
	snprintf(s + n, size - n, "2]\n");
	assert_int_equal(toml_parse(s, strlen(s), &doc, &err), TOML_ERR_LIMIT);
	assert_int_equal(err.column, 6 + 2 * LIMIT_TOML_ARRAY_LEN);
	assert_string_equal(err.msg, "more than 1024 elements in one array");
	free(s);
}

static void
test_limit_table_keys(void **state)
{
	size_t size = 16 * (LIMIT_TOML_TABLE_KEYS + 2);
	struct toml_doc *doc = NULL;
	struct toml_error err;
	char *s = malloc(size);
	size_t n = 0;

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < LIMIT_TOML_TABLE_KEYS; i++)
		n += (size_t)snprintf(s + n, size - n, "k%zu = 1\n", i);
	assert_int_equal(toml_parse(s, strlen(s), &doc, &err), TOML_OK);
	assert_int_equal(toml_doc_root(doc)->tt_count, LIMIT_TOML_TABLE_KEYS);
	toml_doc_free(doc);
	snprintf(s + n, size - n, "one_more = 1\n");
	assert_int_equal(toml_parse(s, strlen(s), &doc, &err), TOML_ERR_LIMIT);
	assert_int_equal(err.line, LIMIT_TOML_TABLE_KEYS + 1);
	assert_string_equal(err.msg, "more than 256 keys in one table");
	free(s);
}

/* "a = " then `depth` openers of `open`, then the closers. */
static size_t
make_nested(char *s, size_t size, size_t depth, bool inline_tables)
{
	size_t n = (size_t)snprintf(s, size, "a = ");

	for (size_t i = 0; i < depth; i++)
		n += (size_t)snprintf(s + n, size - n, "%s",
		    inline_tables ? "{ k = " : "[");
	n += (size_t)snprintf(s + n, size - n, "1");
	for (size_t i = 0; i < depth; i++)
		n += (size_t)snprintf(s + n, size - n, "%s",
		    inline_tables ? " }" : "]");
	return n;
}

static void
test_limit_depth(void **state)
{
	char s[512];
	struct toml_doc *doc = NULL;
	struct toml_error err;
	size_t n;

	(void)state;
	/* LIMIT_TOML_DEPTH nested arrays or tables are fine, one more not. */
	for (int inl = 0; inl < 2; inl++) {
		n = make_nested(s, sizeof(s), LIMIT_TOML_DEPTH, inl);
		assert_int_equal(toml_parse(s, n, &doc, &err), TOML_OK);
		toml_doc_free(doc);
		n = make_nested(s, sizeof(s), LIMIT_TOML_DEPTH + 1, inl);
		assert_int_equal(toml_parse(s, n, &doc, &err), TOML_ERR_LIMIT);
		assert_int_equal(err.column, inl ? 5 + 6 * 16 : 5 + 16);
		assert_string_equal(err.msg,
		    "arrays and inline tables nested deeper than 16");
	}

	/* Header names have at most LIMIT_TOML_DEPTH parts. */
	n = (size_t)snprintf(s, sizeof(s), "[a");
	for (size_t i = 1; i < LIMIT_TOML_DEPTH; i++)
		n += (size_t)snprintf(s + n, sizeof(s) - n, ".a");
	snprintf(s + n, sizeof(s) - n, "]\n");
	assert_int_equal(toml_parse(s, strlen(s), &doc, &err), TOML_OK);
	toml_doc_free(doc);
	snprintf(s + n, sizeof(s) - n, ".a]\n");
	assert_int_equal(toml_parse(s, strlen(s), &doc, &err), TOML_ERR_LIMIT);
	assert_string_equal(err.msg, "table name with more than 16 parts");
}

static void
test_limit_document(void **state)
{
	size_t len = LIMIT_CONFIG_FILE_BYTES + 1;
	struct toml_doc *doc = NULL;
	struct toml_error err;
	char *s = malloc(len);

	(void)state;
	assert_non_null(s);
	memset(s, '\n', len);
	assert_int_equal(toml_parse(s, len, &doc, &err), TOML_ERR_LIMIT);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.msg, "document larger than 1048576 bytes");
	assert_int_equal(toml_parse(s, len - 1, &doc, &err), TOML_OK);
	toml_doc_free(doc);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comments_and_blank_lines),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_basic_strings),
		cmocka_unit_test(test_literal_strings),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_inline_tables),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_array_of_tables),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_bounded_input),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limit_string),
		cmocka_unit_test(test_limit_array),
		cmocka_unit_test(test_limit_table_keys),
		cmocka_unit_test(test_limit_depth),
		cmocka_unit_test(test_limit_document),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
