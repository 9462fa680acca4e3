/* fuzz/fuzz_header.c: the request framer on arbitrary bytes. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct abuf in = abuf_view(data, size);
	struct wire_header h;
	const uint8_t *body, *auth;
	enum wire_status why;
	uint8_t out[WIRE_HEADER_LEN];

	switch (wire_frame_check(&in, &wire_limits_default, &h, &body, &auth,
	    &why)) {
	case WIRE_FRAME_COMPLETE:
		/* What the framer promises the dispatcher. */
		assert(h.hdr_body_len <= wire_limits_default.body_len_limit);
		assert(WIRE_HEADER_LEN + (size_t)h.hdr_body_len +
		    h.hdr_auth_len == size);
		assert(body == data + WIRE_HEADER_LEN);
		wire_header_encode(&h, out);
		for (size_t i = 0; i < WIRE_HEADER_LEN; i++)
			assert(out[i] == data[i]);
		break;
	case WIRE_FRAME_INVALID:
		assert(why != WIRE_STATUS_SUCCESS);
		break;
	case WIRE_FRAME_NEED_MORE:
		break;
	}
	return 0;
}
