/* tests/unit/test_identity_b64.c: base64 as the identity layer uses it
 * (common/b64.c with padding required): RFC 4648 test vectors both ways,
 * and every way the strict decoder refuses a challenge's text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/b64.h"

/* What the identity layer calls: padding required. */
static bool
b64_decode_strict(const char *text, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	return b64_decode(text, true, out, out_size, out_len);
}

static const struct { const char *raw, *b64; } vectors[] = {
	{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
	{ "foobar", "Zm9vYmFy" },
};

static void
rfc4648_vectors(void **state)
{
	uint8_t out[16];
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		char *s = NULL;

		assert_true(b64_encode((const uint8_t *)vectors[i].raw,
		    strlen(vectors[i].raw), &s));
		assert_non_null(s);
		assert_string_equal(s, vectors[i].b64);
		free(s);
		assert_true(b64_decode_strict(vectors[i].b64, out, sizeof(out),
		    &len));
		assert_int_equal(len, strlen(vectors[i].raw));
		assert_memory_equal(out, vectors[i].raw, len);
	}
	/* Every byte value, both alphabets' last characters. */
	assert_true(b64_decode_strict("+/8=", out, sizeof(out), &len));
	assert_int_equal(len, 2);
	assert_int_equal(out[0], 0xfb);
	assert_int_equal(out[1], 0xff);
}

static void
refused(void **state)
{
	static const char *bad[] = {
		"Zg", "Zg=", "Zm9", "Z===", "====", "Zg==Zg==", "Zh==",
		"Zm9=", "Zm 9v", "Zm9v\n", "Zm-v", "Zm_v", "Z=9v",
	};
	uint8_t out[16];
	size_t len = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(b64_decode_strict(bad[i], out, sizeof(out), &len));
		assert_int_equal(len, 0);
	}
	/* Too long for the buffer. */
	assert_false(b64_decode_strict("Zm9vYmFy", out, 5, &len));
	assert_true(b64_decode_strict("Zm9vYmFy", out, 6, &len));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc4648_vectors),
		cmocka_unit_test(refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
