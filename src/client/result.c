/* client/result.c: copy what a result carries into caller-owned memory:
 * byte strings into the caller's buffers, lists into one allocation. */
#include <stdlib.h>
#include <string.h>

#include "client/client.h"

arcsec_status_t
client_bad_result(struct arcsec_client *c, const char *what)
{
	client_set_error(c, "%s: %s", c->cl_sock_path, what);
	return ARCSEC_ERR_PROTOCOL;
}

arcsec_status_t
client_bytes_out(struct arcsec_client *c, const ProtobufCBinaryData *data,
    bool is_empty_ok, const char *what, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	*out_len = 0;
	if (data->len == 0 && !is_empty_ok) {
		client_set_error(c, "%s: the result's %s is empty",
		    c->cl_sock_path, what);
		return ARCSEC_ERR_PROTOCOL;
	}
	if (data->len > out_size) {
		client_set_error(c, "%s is %zu bytes, the buffer %zu", what,
		    data->len, out_size);
		return ARCSEC_ERR_BUFFER_TOO_SMALL;
	}
	if (data->len > 0)
		memcpy(out, data->data, data->len);
	*out_len = data->len;
	return ARCSEC_SUCCESS;
}

/* Sizes computed from a peer's data are checked even where the response
 * limit makes overflow unreachable. */
size_t
client_block_size(size_t count, size_t elem_size, size_t str_bytes)
{
	if (elem_size == 0 || count > (SIZE_MAX - str_bytes) / elem_size)
		return 0;
	return count * elem_size + str_bytes;
}

bool
client_strlen_add(size_t *total, const char *s)
{
	size_t n = strlen(s) + 1;

	if (n > SIZE_MAX - *total)
		return false;
	*total += n;
	return true;
}

void
client_strpool_init(struct client_strpool *sp, void *start, void *end)
{
	sp->sp_next = start;
	sp->sp_end = end;
}

const char *
client_strpool_put(struct client_strpool *sp, const char *s)
{
	size_t n = strlen(s) + 1;
	char *dst = sp->sp_next;

	if (n > (size_t)(sp->sp_end - sp->sp_next))
		abort();	/* sized by the same strlen() before */
	memcpy(dst, s, n);
	sp->sp_next += n;
	return dst;
}
