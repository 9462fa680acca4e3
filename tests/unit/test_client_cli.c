/* tests/unit/test_client_cli.c: the arcsec tool's pure parts: JSON and
 * text escaping of service strings, the JSON writer, option parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

struct mem {
	FILE	*f;
	char	*buf;
	size_t	 len;
};

static void
mem_open(struct mem *m)
{
	memset(m, 0, sizeof(*m));
	assert_non_null(m->f = open_memstream(&m->buf, &m->len));
}

/* Close the stream; m->buf holds what was written. */
static const char *
mem_text(struct mem *m)
{
	fclose(m->f);
	m->f = NULL;
	return m->buf;
}

static void
json_is(const char *in, const char *want)
{
	struct mem m;

	mem_open(&m);
	cli_json_put_string(m.f, in);
	assert_string_equal(mem_text(&m), want);
	free(m.buf);
}

static void
text_is(const char *in, const char *want)
{
	struct mem m;

	mem_open(&m);
	cli_put_text(m.f, in);
	assert_string_equal(mem_text(&m), want);
	free(m.buf);
}

static void
test_json_escapes(void **state)
{
	(void)state;
	json_is("", "\"\"");
	json_is("plain", "\"plain\"");
	json_is("q\"b\\s/", "\"q\\\"b\\\\s/\"");
	json_is("\n\r\t\b\f", "\"\\n\\r\\t\\u0008\\u000c\"");
	json_is("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	/* C1 controls (U+0080..U+009F) are escaped, other UTF-8 kept. */
	json_is("\xc2\x9b" "1m", "\"\\u009b1m\"");
	json_is("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91",
	    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91\"");
	/* Not UTF-8: stray continuation, overlong NUL, surrogate, past
	 * U+10FFFF, truncated sequence: each bad byte becomes U+FFFD. */
	json_is("a\x80z", "\"a\\ufffdz\"");
	json_is("\xc0\x80", "\"\\ufffd\\ufffd\"");
	json_is("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	json_is("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	json_is("\xe2\x82", "\"\\ufffd\\ufffd\"");
	json_is("\xff", "\"\\ufffd\"");
}

static void
test_text_escapes(void **state)
{
	(void)state;
	text_is("Mbed Crypto provider", "Mbed Crypto provider");
	text_is("caf\xc3\xa9", "caf\xc3\xa9");
	/* Terminal escape sequences cannot pass through. */
	text_is("\x1b[2Jx", "\\x1b[2Jx");
	text_is("a\nb\x7f", "a\\x0ab\\x7f");
	text_is("\xc2\x9b", "\\xc2\\x9b");
	text_is("\xff\xc0\x80", "\\xff\\xc0\\x80");
}

static void
test_json_writer(void **state)
{
	struct cli_json j;
	struct mem m;

	(void)state;
	mem_open(&m);
	cli_json_init(&j, m.f);
	cli_json_object_begin(&j, NULL);
	cli_json_uint(&j, "provider", 1);
	cli_json_array_begin(&j, "opcodes");
	cli_json_object_begin(&j, NULL);
	cli_json_uint(&j, "opcode", 1);
	cli_json_string(&j, "name", "Ping");
	cli_json_object_end(&j);
	cli_json_object_begin(&j, NULL);
	cli_json_uint(&j, "opcode", 4294967295u);
	cli_json_object_end(&j);
	cli_json_array_end(&j);
	cli_json_array_begin(&j, "empty");
	cli_json_array_end(&j);
	cli_json_object_begin(&j, "nested");
	cli_json_array_begin(&j, "open");	/* finish closes both */
	cli_json_finish(&j);
	assert_string_equal(mem_text(&m),
	    "{\"provider\":1,\"opcodes\":[{\"opcode\":1,\"name\":\"Ping\"},"
	    "{\"opcode\":4294967295}],\"empty\":[],"
	    "\"nested\":{\"open\":[]}}\n");
	free(m.buf);
}

static struct cli
cli_for_test(struct mem *out, struct mem *err)
{
	struct cli c;

	memset(&c, 0, sizeof(c));
	c.cli_prog = "arcsec";
	mem_open(out);
	mem_open(err);
	c.cli_out = out->f;
	c.cli_err = err->f;
	return c;
}

static void
cli_done(struct mem *out, struct mem *err)
{
	mem_text(out);
	mem_text(err);
	free(out->buf);
	free(err->buf);
}

static void
test_options(void **state)
{
	const struct cli_cmd *cmd = cli_cmd_find("list-opcodes");
	char a0[] = "list-opcodes", a1[] = "-p", a2[] = "3", a3[] = "--json",
	    a4[] = "--timeout", a5[] = "0";
	char *argv[] = { a0, a1, a2, a3, a4, a5, NULL };
	struct mem out, err;
	struct cli c;

	(void)state;
	assert_non_null(cmd);
	assert_null(cli_cmd_find("no-such-command"));
	c = cli_for_test(&out, &err);
	assert_int_equal(cli_cmd_options(&c, cmd, 6, argv), -1);
	assert_true(c.has_provider);
	assert_int_equal(c.cli_provider, 3);
	assert_true(c.is_json);
	assert_true(c.has_timeout);
	assert_int_equal(c.cli_timeout_s, 0);
	cli_done(&out, &err);
}

static void
test_options_refused(void **state)
{
	const struct cli_cmd *cmd = cli_cmd_find("ping");
	static const char *const bad[][3] = {
		{ "ping", "-p", "6" },		/* no such provider */
		{ "ping", "-p", "-1" },
		{ "ping", "-p", "1x" },
		{ "ping", "-p", "" },
		{ "ping", "--timeout", "2147484" },	/* ms overflow */
		{ "ping", "--bogus", NULL },
		{ "ping", "stray", NULL },
		{ "ping", "-p", NULL },		/* value missing */
	};
	struct mem out, err;
	struct cli c;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *argv[4] = { NULL };
		int argc = 0;

		for (int k = 0; k < 3 && bad[i][k] != NULL; k++)
			argv[argc++] = strdup(bad[i][k]);
		c = cli_for_test(&out, &err);
		assert_int_equal(cli_cmd_options(&c, cmd, argc, argv),
		    CLI_EXIT_USAGE);
		mem_text(&err);
		assert_true(err.len > 0);	/* told why, on stderr */
		mem_text(&out);
		assert_int_equal(out.len, 0);
		free(out.buf);
		free(err.buf);
		for (int k = 0; k < argc; k++)
			free(argv[k]);
	}
}

static void
test_help(void **state)
{
	const struct cli_cmd *cmd = cli_cmd_find("list-providers");
	char a0[] = "list-providers", a1[] = "--help";
	char *argv[] = { a0, a1, NULL };
	struct mem out, err;
	struct cli c;

	(void)state;
	c = cli_for_test(&out, &err);
	assert_int_equal(cli_cmd_options(&c, cmd, 2, argv), CLI_EXIT_OK);
	mem_text(&out);
	mem_text(&err);
	assert_non_null(strstr(out.buf, "Usage: arcsec list-providers"));
	assert_int_equal(err.len, 0);
	free(out.buf);
	free(err.buf);
}

static void
test_display_names(void **state)
{
	(void)state;
	assert_string_equal(cli_provider_name(1), "Mbed Crypto provider");
	assert_string_equal(cli_provider_name(3), "TPM provider");
	assert_string_equal(cli_provider_name(6), "Unknown provider");
	assert_string_equal(cli_authenticator_name(3),
	    "Unix Peer Credentials authentication");
	assert_string_equal(cli_authenticator_name(200),
	    "Unknown authentication");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_text_escapes),
		cmocka_unit_test(test_json_writer),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_options_refused),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_display_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
