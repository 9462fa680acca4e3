/* wire/header.c: encode and decode the 36-byte v1.0 fixed header. Pure. */
#include "wire/header.h"

#include <string.h>

#include "common/limits.h"

const struct wire_limits wire_limits_default = {
	.body_len_limit = LIMIT_BODY_LEN_DEFAULT,
	.auth_len_limit = LIMIT_AUTH_LEN_MAX,
};

static enum wire_frame
wire_invalid(enum wire_status *why, enum wire_status status)
{
	*why = status;
	return WIRE_FRAME_INVALID;
}

enum wire_frame
wire_header_decode(const struct abuf *in, const struct wire_limits *lim,
    struct wire_header *h, enum wire_status *why)
{
	struct abuf b = *in;
	uint32_t magic;
	uint16_t hdr_size;

	memset(h, 0, sizeof(*h));
	*why = WIRE_STATUS_SUCCESS;
	b.off = 0;
	if (!abuf_get_u32le(&b, &magic) || !abuf_get_u16le(&b, &hdr_size))
		return WIRE_FRAME_NEED_MORE;
	if (magic != WIRE_MAGIC)
		return wire_invalid(why, WIRE_STATUS_INVALID_HEADER);
	/* Parsec defines only the 30-byte layout; consuming a longer header we
	 * cannot interpret would mis-frame the body. */
	if (hdr_size != WIRE_HEADER_SIZE_FIELD)
		return wire_invalid(why, WIRE_STATUS_INVALID_HEADER);
	if (abuf_remaining(&b) < WIRE_HEADER_SIZE_FIELD)
		return WIRE_FRAME_NEED_MORE;
	if (!abuf_get_u8(&b, &h->hdr_version_maj) ||
	    !abuf_get_u8(&b, &h->hdr_version_min) ||
	    !abuf_get_u16le(&b, &h->hdr_flags) ||
	    !abuf_get_u8(&b, &h->hdr_provider) ||
	    !abuf_get_u64le(&b, &h->hdr_session) ||
	    !abuf_get_u8(&b, &h->hdr_content_type) ||
	    !abuf_get_u8(&b, &h->hdr_accept_type) ||
	    !abuf_get_u8(&b, &h->hdr_auth_type) ||
	    !abuf_get_u32le(&b, &h->hdr_body_len) ||
	    !abuf_get_u16le(&b, &h->hdr_auth_len) ||
	    !abuf_get_u32le(&b, &h->hdr_opcode) ||
	    !abuf_get_u16le(&b, &h->hdr_status) ||
	    !abuf_get_u16le(&b, &h->hdr_reserved))
		return WIRE_FRAME_NEED_MORE;	/* unreachable: 30 bytes checked */
	if (h->hdr_version_maj != WIRE_VERSION_MAJ ||
	    h->hdr_version_min != WIRE_VERSION_MIN)
		return wire_invalid(why,
		    WIRE_STATUS_WIRE_PROTOCOL_VERSION_NOT_SUPPORTED);
	/* Flags and reserved bytes must be zero (Parsec book, Wire Protocol),
	 * so a later 1.x field is refused rather than silently ignored. */
	if (h->hdr_flags != 0 || h->hdr_reserved != 0)
		return wire_invalid(why, WIRE_STATUS_INVALID_HEADER);
	if (h->hdr_content_type != WIRE_CONTENT_PROTOBUF)
		return wire_invalid(why, WIRE_STATUS_CONTENT_TYPE_NOT_SUPPORTED);
	if (h->hdr_accept_type != WIRE_CONTENT_PROTOBUF)
		return wire_invalid(why, WIRE_STATUS_ACCEPT_TYPE_NOT_SUPPORTED);
	/* From the fixed header, before anything is buffered or allocated. */
	if (h->hdr_body_len > lim->body_len_limit)
		return wire_invalid(why, WIRE_STATUS_BODY_SIZE_EXCEEDS_LIMIT);
	if (h->hdr_auth_len > lim->auth_len_limit)
		return wire_invalid(why, WIRE_STATUS_INVALID_HEADER);
	return WIRE_FRAME_COMPLETE;
}

enum wire_frame
wire_frame_check(const struct abuf *in, const struct wire_limits *lim,
    struct wire_header *h, const uint8_t **body, const uint8_t **auth,
    enum wire_status *why)
{
	struct abuf b = *in;
	enum wire_frame r;

	*body = NULL;
	*auth = NULL;
	if ((r = wire_header_decode(in, lim, h, why)) != WIRE_FRAME_COMPLETE)
		return r;
	b.off = WIRE_HEADER_LEN;
	if (abuf_remaining(&b) < (size_t)h->hdr_body_len + h->hdr_auth_len)
		return WIRE_FRAME_NEED_MORE;
	if (!abuf_get_bytes(&b, h->hdr_body_len, body) ||
	    !abuf_get_bytes(&b, h->hdr_auth_len, auth))
		return WIRE_FRAME_NEED_MORE;	/* unreachable: length checked */
	/* Clients send one request per connection and then wait; bytes after
	 * the frame mean the peer's framing disagrees with ours. */
	if (abuf_remaining(&b) != 0) {
		*body = *auth = NULL;
		return wire_invalid(why, WIRE_STATUS_INVALID_HEADER);
	}
	return WIRE_FRAME_COMPLETE;
}

void
wire_header_encode(const struct wire_header *h, uint8_t out[WIRE_HEADER_LEN])
{
	struct abuf_writer w = abuf_writer_init(out, WIRE_HEADER_LEN);

	abuf_put_u32le(&w, WIRE_MAGIC);
	abuf_put_u16le(&w, WIRE_HEADER_SIZE_FIELD);
	abuf_put_u8(&w, WIRE_VERSION_MAJ);
	abuf_put_u8(&w, WIRE_VERSION_MIN);
	abuf_put_u16le(&w, h->hdr_flags);
	abuf_put_u8(&w, h->hdr_provider);
	abuf_put_u64le(&w, h->hdr_session);
	abuf_put_u8(&w, h->hdr_content_type);
	abuf_put_u8(&w, h->hdr_accept_type);
	abuf_put_u8(&w, h->hdr_auth_type);
	abuf_put_u32le(&w, h->hdr_body_len);
	abuf_put_u16le(&w, h->hdr_auth_len);
	abuf_put_u32le(&w, h->hdr_opcode);
	abuf_put_u16le(&w, h->hdr_status);
	abuf_put_u16le(&w, h->hdr_reserved);
}

void
wire_header_response_for(const struct wire_header *req, uint32_t body_len,
    enum wire_status status, struct wire_header *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->hdr_version_maj = WIRE_VERSION_MAJ;
	resp->hdr_version_min = WIRE_VERSION_MIN;
	resp->hdr_provider = req->hdr_provider;
	resp->hdr_session = req->hdr_session;
	resp->hdr_content_type = WIRE_CONTENT_PROTOBUF;
	resp->hdr_accept_type = WIRE_CONTENT_PROTOBUF;
	resp->hdr_auth_type = WIRE_AUTH_NONE;
	resp->hdr_body_len = body_len;
	resp->hdr_opcode = req->hdr_opcode;
	resp->hdr_status = (uint16_t)status;
}
