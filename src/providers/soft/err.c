/* providers/soft/err.c: turn OpenSSL's error queue into a PSA status, the
 * one place that does (STYLE.md §4). OpenSSL's text goes to the debug log
 * only: it names functions and reasons, never key material. */
#include "providers/soft/soft_int.h"

#include <openssl/err.h>

#include "common/log.h"

psa_status_t
soft_ossl_status(const char *what, psa_status_t status)
{
	unsigned long e;
	char text[256];
	bool out_of_memory = false;

	/* The caller knows what a failure means (a bad signature, bad
	 * padding, a key that does not parse); OpenSSL's reason codes are
	 * not stable enough across 3.x to say more, except that memory
	 * exhaustion is never the client's fault. */
	while ((e = ERR_get_error()) != 0) {
		if (ERR_GET_REASON(e) == ERR_R_MALLOC_FAILURE)
			out_of_memory = true;
		if (log_enabled(LOG_LEVEL_DEBUG)) {
			ERR_error_string_n(e, text, sizeof(text));
			log_debug("soft: %s: %s", what, text);
		}
	}
	if (out_of_memory)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	return status;
}

void
soft_ossl_clear(void)
{
	ERR_clear_error();
}
