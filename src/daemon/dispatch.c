/* daemon/dispatch.c: route one request through authentication, provider
 * selection, admin and capability checks, body decoding and the handler,
 * in the order Parsec's front end and back-end handler use, and encode the
 * response. */
#include "daemon/dispatch.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "daemon/auth.h"
#include "daemon/core.h"
#include "daemon/crypto.h"
#include "wire/opcodes.h"
#include "wire/ops.h"

/* protobuf-c turns n bytes of input into at most a bounded multiple of n
 * bytes of structs (a repeated sub-message costs ~2 input bytes and ~60
 * bytes of memory); the cap keeps a hostile body from multiplying memory. */
#define DISPATCH_ALLOC_FACTOR	32u
#define DISPATCH_ALLOC_FLOOR	(64u << 10)

struct dispatch_view {		/* what one request needs of the policy */
	uint8_t		auth_type;
	bool		is_admin;
	bool		log_error_details;
	bool		allow_deprecated;
	uint32_t	buffer_size_limit;
};

const struct prov_instance *
dispatch_provider(const struct dispatch *d, uint8_t id)
{
	for (size_t i = 0; i < d->providers_count; i++)
		if (d->providers[i].pi_ops->parsec_id == id)
			return &d->providers[i];
	return NULL;
}

struct kim *
dispatch_kim_of(const struct dispatch *d, const struct prov_instance *pi)
{
	return d->provider_kims[pi - d->providers];
}

void
dispatch_policy_free(struct dispatch_policy *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->admins_count; i++)
		free(p->admins[i]);
	free(p);
}

void
dispatch_policy_replace(struct dispatch *d, struct dispatch_policy *p)
{
	struct dispatch_policy *old;

	pthread_rwlock_wrlock(&d->policy_lock);
	old = d->policy;
	d->policy = p;
	pthread_rwlock_unlock(&d->policy_lock);
	dispatch_policy_free(old);
}

static void
dispatch_view_take(struct dispatch *d, const struct auth_app *app,
    struct dispatch_view *v)
{
	const struct dispatch_policy *p;

	pthread_rwlock_rdlock(&d->policy_lock);
	p = d->policy;
	v->auth_type = p->auth_type;
	v->log_error_details = p->log_error_details;
	v->buffer_size_limit = p->buffer_size_limit;
	v->allow_deprecated = p->allow_deprecated;
	v->is_admin = false;
	for (size_t i = 0; app != NULL && i < p->admins_count; i++)
		if (strcmp(p->admins[i], app->app_name) == 0)
			v->is_admin = true;
	pthread_rwlock_unlock(&d->policy_lock);
}

/* Pack `result` behind a response header into rs. */
static enum wire_status
dispatch_encode(const struct wire_header *req, const ProtobufCMessage *result,
    uint32_t buffer_size_limit, struct response *rs)
{
	struct wire_header resp;
	uint8_t *body = NULL;
	size_t body_len = 0;
	enum wire_status status;

	if ((status = wire_body_pack(result, &body, &body_len)) !=
	    WIRE_STATUS_SUCCESS)
		goto out;
	/* A response larger than the client may buffer would be cut or
	 * refused on its side; say so instead (Parsec's ResponseTooLarge). */
	if (body_len > buffer_size_limit || body_len > UINT32_MAX) {
		status = WIRE_STATUS_RESPONSE_TOO_LARGE;
		goto out;
	}
	if ((rs->rs_bytes = malloc(WIRE_HEADER_LEN + body_len)) == NULL) {
		status = WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	wire_header_response_for(req, (uint32_t)body_len, WIRE_STATUS_SUCCESS,
	    &resp);
	wire_header_encode(&resp, rs->rs_bytes);
	if (body_len > 0)
		memcpy(rs->rs_bytes + WIRE_HEADER_LEN, body, body_len);
	rs->rs_len = WIRE_HEADER_LEN + body_len;
out:
	if (body != NULL) {
		explicit_bzero(body, body_len);
		free(body);
	}
	return status;
}

/* Everything before the handler: the checks whose order Parsec fixes. */
static enum wire_status
dispatch_admit(struct dispatch *d, const struct request *rq,
    const struct wire_op_info *op, struct auth_app *app, bool *has_app,
    struct dispatch_view *v, const struct prov_instance **pi)
{
	const struct wire_header *h = &rq->rq_hdr;
	enum wire_status status;

	*has_app = false;
	*pi = NULL;
	dispatch_view_take(d, NULL, v);
	if (op == NULL)
		return WIRE_STATUS_OPCODE_DOES_NOT_EXIST;
	if (h->hdr_provider > WIRE_PROVIDER_ID_MAX)
		return WIRE_STATUS_PROVIDER_DOES_NOT_EXIST;
	/* Auth type none: no identity; the bytes, if any, are ignored
	 * (Parsec book, API overview). */
	if (h->hdr_auth_type != WIRE_AUTH_NONE) {
		if ((status = auth_authenticate(v->auth_type, rq, app)) !=
		    WIRE_STATUS_SUCCESS)
			return status;
		*has_app = true;
		dispatch_view_take(d, app, v);
	}
	if (h->hdr_provider != WIRE_PROVIDER_CORE &&
	    (*pi = dispatch_provider(d, h->hdr_provider)) == NULL)
		return WIRE_STATUS_PROVIDER_NOT_REGISTERED;
	/* Core operations only on provider 0, crypto only elsewhere. */
	if ((h->hdr_provider == WIRE_PROVIDER_CORE) !=
	    (op->target == WIRE_TARGET_CORE))
		return WIRE_STATUS_PSA_ERROR_NOT_SUPPORTED;
	if (!op->is_no_auth_ok && !*has_app)
		return WIRE_STATUS_NOT_AUTHENTICATED;
	if (op->is_admin && !v->is_admin)
		return WIRE_STATUS_ADMIN_OPERATION;
	if (*pi == NULL ? !core_supports_opcode(op->opcode) :
	    !prov_supports_opcode(*pi, op->opcode))
		return WIRE_STATUS_PSA_ERROR_NOT_SUPPORTED;
	return WIRE_STATUS_SUCCESS;
}

void
dispatch_request(struct dispatch *d, const struct request *rq,
    struct response *rs)
{
	const struct wire_header *h = &rq->rq_hdr;
	const struct wire_op_info *op = wire_op_lookup(h->hdr_opcode);
	const struct prov_instance *pi;
	struct dispatch_view v;
	struct auth_app app;
	bool has_app;
	ProtobufCMessage *msg = NULL, *result = NULL;
	enum wire_status status;
	size_t cap;

	memset(rs, 0, sizeof(*rs));
	memset(&app, 0, sizeof(app));
	if ((status = dispatch_admit(d, rq, op, &app, &has_app, &v, &pi)) !=
	    WIRE_STATUS_SUCCESS)
		goto out;
	cap = (size_t)h->hdr_body_len * DISPATCH_ALLOC_FACTOR +
	    DISPATCH_ALLOC_FLOOR;
	if ((status = wire_body_unpack(op->opcode, false, rq->rq_body,
	    h->hdr_body_len, cap, &msg)) != WIRE_STATUS_SUCCESS)
		goto out;
	if (pi == NULL)
		status = core_handle(d, op->opcode, msg, has_app ? &app : NULL,
		    v.is_admin, v.auth_type, &result);
	else {
		struct crypto_req cr = {
			.cr_d = d,
			.cr_pi = pi,
			.cr_kim = dispatch_kim_of(d, pi),
			.cr_app = app.app_name,	/* admitted: authenticated */
			.cr_is_admin = v.is_admin,
			.cr_op = msg,
			.cr_buffer_size_limit = v.buffer_size_limit,
			.cr_allow_deprecated = v.allow_deprecated,
		};

		status = crypto_handle(&cr, op->opcode, &result);
	}
	if (status != WIRE_STATUS_SUCCESS)
		goto out;
	status = dispatch_encode(h, result, v.buffer_size_limit, rs);
out:
	if (status != WIRE_STATUS_SUCCESS) {
		/* Client-caused failures are normal traffic: debug, unless the
		 * operator asked for details (Parsec's log_error_details). */
		if (v.log_error_details)
			log_info("%s from %s: %s", op ? op->name : "unknown op",
			    has_app ? app.app_name : "(no auth)",
			    wire_status_name((uint16_t)status));
		else
			log_debug("opcode 0x%x: %s", h->hdr_opcode,
			    wire_status_name((uint16_t)status));
		response_clear(rs);
		response_status_only(h, status, rs);
	}
	if (result != NULL && pi == NULL)
		core_result_free(result);
	else if (result != NULL)
		crypto_result_free(result);
	wire_body_free(msg);
	explicit_bzero(&app, sizeof(app));
}
