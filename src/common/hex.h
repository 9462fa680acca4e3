/* common/hex.h: hex digits to bytes, and Parsec's spelling of secrets in
 * config ("hex:" + digits, "str:" + text, or bare text). Pure. */
#ifndef ARCSEC_COMMON_HEX_H
#define ARCSEC_COMMON_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hex digits (either case) into out; false for an odd length, a non-hex
 * character or more than out_size bytes. An empty string is 0 bytes.
 * On failure *out_len is 0 and out is wiped. */
bool	hex_decode(const char *hex, uint8_t *out, size_t out_size,
	    size_t *out_len) __attribute__((warn_unused_result));

/* A secret as Parsec's config spells it (owner_hierarchy_auth, user_pin):
 * "hex:" then hex_decode(), "str:" or no prefix the text itself. False for
 * bad hex or more than out_size bytes; out is wiped on failure. */
bool	hex_secret_decode(const char *text, uint8_t *out, size_t out_size,
	    size_t *out_len) __attribute__((warn_unused_result));

#endif
