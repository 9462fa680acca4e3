/* tests/unit/test_identity_b64.c: the identity layer's base64
 * (src/identity/b64.c): RFC 4648 test vectors both ways, and every way
 * the strict decoder refuses a challenge's text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "identity/identity_int.h"

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
		char *s = idn_b64_encode((const uint8_t *)vectors[i].raw,
		    strlen(vectors[i].raw));

		assert_non_null(s);
		assert_string_equal(s, vectors[i].b64);
		free(s);
		assert_true(idn_b64_decode(vectors[i].b64, out, sizeof(out),
		    &len));
		assert_int_equal(len, strlen(vectors[i].raw));
		assert_memory_equal(out, vectors[i].raw, len);
	}
	/* Every byte value, both alphabets' last characters. */
	assert_true(idn_b64_decode("+/8=", out, sizeof(out), &len));
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
		assert_false(idn_b64_decode(bad[i], out, sizeof(out), &len));
		assert_int_equal(len, 0);
	}
	/* Too long for the buffer. */
	assert_false(idn_b64_decode("Zm9vYmFy", out, 5, &len));
	assert_true(idn_b64_decode("Zm9vYmFy", out, 6, &len));
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
