/* client/frame.c: encode a request frame and check a response frame. Pure. */
#include <string.h>

#include "client/client.h"
#include "common/abuf.h"
#include "wire/header.h"

size_t
client_request_len(const struct client_request *rq)
{
	if (rq->rq_body_len > UINT32_MAX || rq->rq_auth_len > UINT16_MAX)
		return 0;
	return WIRE_HEADER_LEN + rq->rq_body_len + rq->rq_auth_len;
}

arcsec_status_t
client_request_encode(const struct client_request *rq, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	struct wire_header h;
	size_t need;

	*out_len = 0;
	if ((need = client_request_len(rq)) == 0)
		return ARCSEC_ERR_REQUEST_TOO_LARGE;
	if (out_size < need)
		return ARCSEC_ERR_BUFFER_TOO_SMALL;
	memset(&h, 0, sizeof(h));
	h.hdr_provider = rq->rq_provider;
	h.hdr_content_type = WIRE_CONTENT_PROTOBUF;
	h.hdr_accept_type = WIRE_CONTENT_PROTOBUF;
	h.hdr_auth_type = rq->rq_auth_type;
	h.hdr_body_len = (uint32_t)rq->rq_body_len;
	h.hdr_auth_len = (uint16_t)rq->rq_auth_len;
	h.hdr_opcode = rq->rq_opcode;
	wire_header_encode(&h, out);
	if (rq->rq_body_len > 0)
		memcpy(out + WIRE_HEADER_LEN, rq->rq_body, rq->rq_body_len);
	if (rq->rq_auth_len > 0)
		memcpy(out + WIRE_HEADER_LEN + rq->rq_body_len, rq->rq_auth,
		    rq->rq_auth_len);
	*out_len = need;
	return ARCSEC_SUCCESS;
}

static arcsec_status_t
client_response_bad(const char **why, const char *what, arcsec_status_t status)
{
	*why = what;
	return status;
}

/*
 * The response header has the request's layout (Parsec book, "Wire
 * Protocol"), so the service's own decoder checks it: with an auth limit of
 * 0, since a response is header and body only, and our body limit.
 */
arcsec_status_t
client_response_parse(const uint8_t *buf, size_t len, uint32_t opcode,
    uint32_t body_limit, struct client_response *resp, const char **why)
{
	const struct wire_limits lim = {
		.body_len_limit = body_limit,
		.auth_len_limit = 0,
	};
	struct abuf in = abuf_view(buf, len);
	struct wire_header h;
	enum wire_status hdr_why;
	const uint8_t *body;

	memset(resp, 0, sizeof(*resp));
	*why = "";
	switch (wire_header_decode(&in, &lim, &h, &hdr_why)) {
	case WIRE_FRAME_NEED_MORE:
		return ARCSEC_SUCCESS;
	case WIRE_FRAME_COMPLETE:
		break;
	case WIRE_FRAME_INVALID:
		switch (hdr_why) {
		case WIRE_STATUS_BODY_SIZE_EXCEEDS_LIMIT:
			return client_response_bad(why, "response body exceeds "
			    "the client's limit",
			    ARCSEC_ERR_RESPONSE_TOO_LARGE);
		case WIRE_STATUS_WIRE_PROTOCOL_VERSION_NOT_SUPPORTED:
			return client_response_bad(why, "response wire "
			    "protocol version is not 1.0", ARCSEC_ERR_PROTOCOL);
		case WIRE_STATUS_CONTENT_TYPE_NOT_SUPPORTED:
		case WIRE_STATUS_ACCEPT_TYPE_NOT_SUPPORTED:
			return client_response_bad(why, "response content type "
			    "is not protobuf", ARCSEC_ERR_PROTOCOL);
		default:
			if (h.hdr_auth_len != 0)
				return client_response_bad(why, "response "
				    "carries an auth field",
				    ARCSEC_ERR_PROTOCOL);
			return client_response_bad(why, "response header has a "
			    "wrong magic, size, flags or reserved field",
			    ARCSEC_ERR_PROTOCOL);
		}
	}
	/* A failed request may be answered before the service read our
	 * opcode; then its status says more than the mismatch would. */
	if (h.hdr_opcode != opcode && h.hdr_status == 0)
		return client_response_bad(why, "response opcode does not echo "
		    "the request's", ARCSEC_ERR_PROTOCOL);
	resp->rs_frame_len = WIRE_HEADER_LEN + (size_t)h.hdr_body_len;
	resp->rs_status = h.hdr_status;
	resp->rs_body_len = h.hdr_body_len;
	in.off = WIRE_HEADER_LEN;
	if (!abuf_get_bytes(&in, h.hdr_body_len, &body))
		return ARCSEC_SUCCESS;		/* body still to come */
	/* One response per connection: more bytes mean our framing and the
	 * service's disagree, and nothing after this point can be trusted. */
	if (abuf_remaining(&in) != 0)
		return client_response_bad(why, "bytes after the response "
		    "frame", ARCSEC_ERR_PROTOCOL);
	resp->rs_body = body;
	resp->rs_is_complete = true;
	return ARCSEC_SUCCESS;
}
