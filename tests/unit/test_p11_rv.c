/* tests/unit/test_p11_rv.c: CK_RV -> PSA status (providers/pkcs11/rv.c):
 * the codes a client's data causes, the codes that mean the token went
 * away (and must trigger recovery), and that nothing unknown is success. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "providers/pkcs11/p11_int.h"

static void
test_rv_map(void **state)
{
	(void)state;
	assert_int_equal(p11_rv_status("t", CKR_OK), PSA_SUCCESS);
	assert_int_equal(p11_rv_status("t", CKR_SIGNATURE_INVALID),
	    PSA_ERROR_INVALID_SIGNATURE);
	assert_int_equal(p11_rv_status("t", CKR_SIGNATURE_LEN_RANGE),
	    PSA_ERROR_INVALID_SIGNATURE);
	assert_int_equal(p11_rv_status("t", CKR_ENCRYPTED_DATA_INVALID),
	    PSA_ERROR_INVALID_PADDING);
	assert_int_equal(p11_rv_status("t", CKR_PIN_INCORRECT),
	    PSA_ERROR_NOT_PERMITTED);
	assert_int_equal(p11_rv_status("t", CKR_MECHANISM_INVALID),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(p11_rv_status("t", CKR_HOST_MEMORY),
	    PSA_ERROR_INSUFFICIENT_MEMORY);
	assert_int_equal(p11_rv_status("t", CKR_BUFFER_TOO_SMALL),
	    PSA_ERROR_BUFFER_TOO_SMALL);
	assert_int_equal(p11_rv_status("t", CKR_KEY_UNEXTRACTABLE),
	    PSA_ERROR_NOT_PERMITTED);
	assert_int_equal(p11_rv_status("t", CKR_OBJECT_HANDLE_INVALID),
	    PSA_ERROR_DOES_NOT_EXIST);
	assert_int_equal(p11_rv_status("t", CKR_USER_ALREADY_LOGGED_IN),
	    PSA_SUCCESS);
	/* Unknown and vendor codes fail closed. */
	assert_int_equal(p11_rv_status("t", 0x7777), PSA_ERROR_GENERIC_ERROR);
	assert_int_equal(p11_rv_status("t", CKR_VENDOR_DEFINED | 1),
	    PSA_ERROR_GENERIC_ERROR);
}

static void
test_rv_lost(void **state)
{
	static const CK_RV lost[] = { CKR_DEVICE_REMOVED,
	    CKR_TOKEN_NOT_PRESENT, CKR_SESSION_HANDLE_INVALID,
	    CKR_SESSION_CLOSED, CKR_USER_NOT_LOGGED_IN,
	    CKR_CRYPTOKI_NOT_INITIALIZED };

	(void)state;
	for (size_t i = 0; i < sizeof(lost) / sizeof(*lost); i++) {
		assert_true(p11_rv_is_lost(lost[i]));
		assert_int_equal(p11_rv_status("t", lost[i]),
		    PSA_ERROR_COMMUNICATION_FAILURE);
	}
	assert_false(p11_rv_is_lost(CKR_OK));
	assert_false(p11_rv_is_lost(CKR_SIGNATURE_INVALID));
	assert_false(p11_rv_is_lost(CKR_GENERAL_ERROR));
}

/* The codes that make the handle cache drop an entry and find again:
 * neither is a lost token (that flushes everything instead). */
static void
test_rv_stale(void **state)
{
	(void)state;
	assert_true(p11_rv_is_stale(CKR_OBJECT_HANDLE_INVALID));
	assert_true(p11_rv_is_stale(CKR_KEY_HANDLE_INVALID));
	assert_false(p11_rv_is_lost(CKR_OBJECT_HANDLE_INVALID));
	assert_false(p11_rv_is_lost(CKR_KEY_HANDLE_INVALID));
	assert_false(p11_rv_is_stale(CKR_OK));
	assert_false(p11_rv_is_stale(CKR_SESSION_HANDLE_INVALID));
	assert_false(p11_rv_is_stale(CKR_KEY_TYPE_INCONSISTENT));
	assert_false(p11_rv_is_stale(CKR_KEY_FUNCTION_NOT_PERMITTED));
}

static void
test_rv_names(void **state)
{
	(void)state;
	assert_string_equal(p11_rv_name(CKR_PIN_INCORRECT),
	    "CKR_PIN_INCORRECT");
	assert_string_equal(p11_rv_name(CKR_TOKEN_NOT_PRESENT),
	    "CKR_TOKEN_NOT_PRESENT");
	assert_string_equal(p11_rv_name(0x7777), "CKR_(unknown)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rv_map),
		cmocka_unit_test(test_rv_lost),
		cmocka_unit_test(test_rv_stale),
		cmocka_unit_test(test_rv_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
