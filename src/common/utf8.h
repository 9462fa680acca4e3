/* common/utf8.h: strict UTF-8 checks for names that cross a trust boundary.
 * Pure.
 *
 * Application and key names come from clients (direct auth, SPIFFE IDs,
 * request bodies) and end up in logs and in the key store, so they must be
 * well-formed text a terminal cannot be tricked by (STYLE.md §5). */
#ifndef ARCSEC_COMMON_UTF8_H
#define ARCSEC_COMMON_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is well-formed UTF-8 (RFC 3629): no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated
 * sequence. NUL bytes are well-formed here; utf8_name_ok() refuses them. */
bool	utf8_valid(const char *s, size_t len);

/* True if the NUL-terminated s is an acceptable name: 1..max_len bytes,
 * well-formed UTF-8, and no control character (C0 U+0000..U+001F, DEL
 * U+007F, C1 U+0080..U+009F). Reads at most max_len + 1 bytes of s, so an
 * unterminated or huge string is refused without being walked to its end.
 * s may be NULL (refused). */
bool	utf8_name_ok(const char *s, size_t max_len);

#endif
