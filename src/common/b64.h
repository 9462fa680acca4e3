/* common/b64.h: base64 (RFC 4648 §4, standard alphabet), one spelling per
 * byte string. Pure. Used by the CLI (printing results, reading
 * ciphertext) and the identity layer (its JSON files). */
#ifndef ARCSEC_COMMON_B64_H
#define ARCSEC_COMMON_B64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* *out: malloc'd, NUL-terminated, padded text; false (and *out NULL) if
 * out of memory. */
bool	b64_encode(const uint8_t *in, size_t in_len, char **out)
	    __attribute__((warn_unused_result));

/* Decode text into out (out_size bytes), checked before anything is
 * written. Refuses any character outside the alphabet, misplaced padding
 * and non-zero unused bits (§3.5); with is_padding_required also text
 * whose length is not a multiple of 4 (what verifiers' encoders write),
 * else unpadded text is accepted too. *out_len is 0 on failure. */
bool	b64_decode(const char *text, bool is_padding_required, uint8_t *out,
	    size_t out_size, size_t *out_len)
	    __attribute__((warn_unused_result));

/* A size that always holds b64_decode's result for text of text_len. */
size_t	b64_decoded_size(size_t text_len);

#endif
