/* common/abuf.h: the one bounded reader and writer for untrusted bytes. Pure.
 *
 * Every read checks the remaining length by subtraction (off <= len always
 * holds, so `len - off` cannot wrap) and moves the offset only when the whole
 * read succeeds. Writers fill caller-owned storage and latch a failure flag
 * instead of writing past the end, so encoders can check once at the end.
 * Multi-byte integers are little-endian, as the Parsec wire protocol wants.
 */
#ifndef ARCSEC_COMMON_ABUF_H
#define ARCSEC_COMMON_ABUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct abuf {
	const uint8_t	*data;
	size_t		 len;	/* bytes readable at data */
	size_t		 off;	/* next byte to read; invariant off <= len */
};

struct abuf_writer {
	uint8_t		*data;
	size_t		 size;	/* capacity */
	size_t		 len;	/* bytes written */
	bool		 failed; /* a put did not fit; data[len..] untouched */
};

struct abuf	abuf_view(const uint8_t *data, size_t len);
size_t		abuf_remaining(const struct abuf *b);
bool		abuf_get_u8(struct abuf *b, uint8_t *out)
		    __attribute__((warn_unused_result));
bool		abuf_get_u16le(struct abuf *b, uint16_t *out)
		    __attribute__((warn_unused_result));
bool		abuf_get_u32le(struct abuf *b, uint32_t *out)
		    __attribute__((warn_unused_result));
bool		abuf_get_u64le(struct abuf *b, uint64_t *out)
		    __attribute__((warn_unused_result));
bool		abuf_get_bytes(struct abuf *b, size_t n, const uint8_t **out)
		    __attribute__((warn_unused_result));

struct abuf_writer abuf_writer_init(uint8_t *data, size_t size);
void		abuf_put_u8(struct abuf_writer *w, uint8_t v);
void		abuf_put_u16le(struct abuf_writer *w, uint16_t v);
void		abuf_put_u32le(struct abuf_writer *w, uint32_t v);
void		abuf_put_u64le(struct abuf_writer *w, uint64_t v);
void		abuf_put_bytes(struct abuf_writer *w, const void *src, size_t n);

#endif
