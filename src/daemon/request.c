/* daemon/request.c: ownership helpers for requests and responses. */
#include "daemon/request.h"

#include <stdlib.h>
#include <string.h>

void
request_clear(struct request *rq)
{
	if (rq->rq_frame != NULL) {
		/* Bodies carry key material and plaintext; auth carries JWTs. */
		explicit_bzero(rq->rq_frame, rq->rq_frame_len);
		free(rq->rq_frame);
	}
	memset(rq, 0, sizeof(*rq));
}

void
response_clear(struct response *rs)
{
	if (rs->rs_bytes != NULL) {
		explicit_bzero(rs->rs_bytes, rs->rs_len);
		free(rs->rs_bytes);
	}
	memset(rs, 0, sizeof(*rs));
}

void
response_status_only(const struct wire_header *req, enum wire_status status,
    struct response *rs)
{
	struct wire_header resp;

	memset(rs, 0, sizeof(*rs));
	if ((rs->rs_bytes = malloc(WIRE_HEADER_LEN)) == NULL)
		return;
	wire_header_response_for(req, 0, status, &resp);
	wire_header_encode(&resp, rs->rs_bytes);
	rs->rs_len = WIRE_HEADER_LEN;
}
