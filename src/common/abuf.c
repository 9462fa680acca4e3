/* common/abuf.c: bounded little-endian reads and writes. Pure. */
#include "common/abuf.h"

#include <string.h>

struct abuf
abuf_view(const uint8_t *data, size_t len)
{
	struct abuf b = { .data = data, .len = data ? len : 0, .off = 0 };

	return b;
}

size_t
abuf_remaining(const struct abuf *b)
{
	return b->len - b->off;
}

bool
abuf_get_bytes(struct abuf *b, size_t n, const uint8_t **out)
{
	*out = NULL;
	if (n > b->len - b->off)	/* subtract: cannot wrap, as off <= len */
		return false;		/* off unchanged on failure */
	*out = b->data + b->off;
	b->off += n;
	return true;
}

static bool
abuf_get_le(struct abuf *b, size_t n, uint64_t *out)
{
	const uint8_t *p;
	uint64_t v = 0;

	*out = 0;
	if (!abuf_get_bytes(b, n, &p))
		return false;
	for (size_t i = n; i > 0; i--)
		v = (v << 8) | p[i - 1];
	*out = v;
	return true;
}

bool
abuf_get_u8(struct abuf *b, uint8_t *out)
{
	uint64_t v;
	bool ok = abuf_get_le(b, 1, &v);

	*out = (uint8_t)v;
	return ok;
}

bool
abuf_get_u16le(struct abuf *b, uint16_t *out)
{
	uint64_t v;
	bool ok = abuf_get_le(b, 2, &v);

	*out = (uint16_t)v;
	return ok;
}

bool
abuf_get_u32le(struct abuf *b, uint32_t *out)
{
	uint64_t v;
	bool ok = abuf_get_le(b, 4, &v);

	*out = (uint32_t)v;
	return ok;
}

bool
abuf_get_u64le(struct abuf *b, uint64_t *out)
{
	return abuf_get_le(b, 8, out);
}

struct abuf_writer
abuf_writer_init(uint8_t *data, size_t size)
{
	struct abuf_writer w = { .data = data, .size = data ? size : 0 };

	return w;
}

void
abuf_put_bytes(struct abuf_writer *w, const void *src, size_t n)
{
	if (w->failed || n > w->size - w->len) {
		w->failed = true;
		return;
	}
	if (n > 0)
		memcpy(w->data + w->len, src, n);
	w->len += n;
}

static void
abuf_put_le(struct abuf_writer *w, uint64_t v, size_t n)
{
	uint8_t tmp[8];

	for (size_t i = 0; i < n; i++)
		tmp[i] = (uint8_t)(v >> (8 * i));
	abuf_put_bytes(w, tmp, n);
}

void
abuf_put_u8(struct abuf_writer *w, uint8_t v)
{
	abuf_put_le(w, v, 1);
}

void
abuf_put_u16le(struct abuf_writer *w, uint16_t v)
{
	abuf_put_le(w, v, 2);
}

void
abuf_put_u32le(struct abuf_writer *w, uint32_t v)
{
	abuf_put_le(w, v, 4);
}

void
abuf_put_u64le(struct abuf_writer *w, uint64_t v)
{
	abuf_put_le(w, v, 8);
}
