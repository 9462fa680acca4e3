/* client/call.c: run one operation: encode its body, frame it, send it,
 * and decode the result the service sends back. */
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "common/limits.h"
#include "common/utf8.h"
#include "wire/opcodes.h"
#include "wire/ops.h"

/* A result body decodes into structs and pointers several times its size
 * (a 2-byte repeated element becomes a ~100-byte struct); this bounds that,
 * so a hostile service cannot make a small body cost the caller much. */
static size_t
client_unpack_cap(size_t body_len)
{
	return 4 * body_len + (64u << 10);
}

arcsec_status_t
client_call(struct arcsec_client *c, uint32_t opcode, uint8_t provider,
    const ProtobufCMessage *op, const ProtobufCMessageDescriptor *result_desc,
    ProtobufCMessage **result)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	const struct wire_op_info *info;
	struct client_request rq;
	struct client_response resp;
	ProtobufCMessage *msg = NULL;
	uint8_t *body = NULL, *req = NULL, *frame = NULL;
	size_t body_len = 0, req_size, req_len;
	enum wire_status ws;

	*result = NULL;
	memset(&resp, 0, sizeof(resp));
	c->cl_errmsg[0] = '\0';
	/* A caller asking for a result type the operation does not have is a
	 * bug in this library, not in the service. */
	if ((info = wire_op_lookup(opcode)) == NULL ||
	    wire_op_descriptor(opcode, true) != result_desc)
		abort();
	if ((ws = wire_body_pack(op, &body, &body_len)) !=
	    WIRE_STATUS_SUCCESS) {
		status = ws == WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY ?
		    ARCSEC_ERR_NO_MEMORY : ARCSEC_ERR_INVALID_ARGUMENT;
		goto out;
	}
	memset(&rq, 0, sizeof(rq));
	rq.rq_opcode = opcode;
	rq.rq_provider = provider;
	rq.rq_body = body;
	rq.rq_body_len = body_len;
	/* Parsec's clients send the core listing operations without
	 * authentication, so they work before the caller knows which
	 * authenticator the service runs; do the same. */
	if (!info->is_no_auth_ok) {
		rq.rq_auth_type = c->cl_auth_type;
		rq.rq_auth = c->cl_auth;
		rq.rq_auth_len = c->cl_auth_len;
	}
	if ((req_size = client_request_len(&rq)) == 0) {
		status = ARCSEC_ERR_REQUEST_TOO_LARGE;
		goto out;
	}
	if ((req = malloc(req_size)) == NULL) {
		status = ARCSEC_ERR_NO_MEMORY;
		goto out;
	}
	if ((status = client_request_encode(&rq, req, req_size, &req_len)) !=
	    ARCSEC_SUCCESS ||
	    (status = client_transact(c, req, req_len, opcode, &frame, &resp))
	    != ARCSEC_SUCCESS)
		goto out;
	if (resp.rs_status != 0) {
		/* The service's own number, which arcsec_status_t keeps. */
		status = (arcsec_status_t)resp.rs_status;
		goto out;
	}
	ws = wire_body_unpack(opcode, true, resp.rs_body, resp.rs_body_len,
	    client_unpack_cap(resp.rs_body_len), &msg);
	if (ws != WIRE_STATUS_SUCCESS) {
		if (ws == WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY) {
			client_set_error(c, "%s: %s result would take more "
			    "than %zu bytes to decode", c->cl_sock_path,
			    info->name, client_unpack_cap(resp.rs_body_len));
			status = ARCSEC_ERR_RESPONSE_TOO_LARGE;
		} else {
			client_set_error(c, "%s: %s result does not decode "
			    "(%s)", c->cl_sock_path, info->name,
			    wire_status_name(ws));
			status = ARCSEC_ERR_PROTOCOL;
		}
		goto out;
	}
	*result = msg;		/* ownership moves to the caller */
	msg = NULL;
	status = ARCSEC_SUCCESS;
out:
	wire_body_free(msg);
	if (req != NULL)	/* the auth field may hold a token */
		explicit_bzero(req, req_size);
	free(req);
	if (body != NULL)
		explicit_bzero(body, body_len);
	free(body);
	if (frame != NULL)
		explicit_bzero(frame, resp.rs_frame_len);
	free(frame);
	return status;
}

void
client_result_free(ProtobufCMessage *result)
{
	wire_body_free(result);
}

bool
client_name_ok(struct arcsec_client *c, const char *name, size_t max_len,
    const char *what)
{
	/* The service refuses the same names; refusing them here tells the
	 * caller why, and keeps control characters out of its logs. */
	if (utf8_name_ok(name, max_len))
		return true;
	client_set_error(c, "%s must be 1 to %zu bytes of UTF-8 without "
	    "control characters", what, max_len);
	return false;
}

bool
client_input_ok(const void *p, size_t len)
{
	return p != NULL || len == 0;
}

bool
client_output_ok(const void *out, size_t out_size, size_t *out_len)
{
	if (out_len != NULL)
		*out_len = 0;
	return out_len != NULL && (out != NULL || out_size == 0);
}

arcsec_status_t
client_key_call_start(struct arcsec_client *c, const char *key_name,
    uint8_t *provider)
{
	*provider = 0;
	c->cl_errmsg[0] = '\0';
	if (!client_name_ok(c, key_name, LIMIT_KEY_NAME_LEN, "a key name"))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	return arcsec_client_provider(c, provider);
}
