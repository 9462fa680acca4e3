/* daemon/auth.c: the Direct and UnixPeerCredentials authenticators. */
#include "daemon/auth.h"

#include <stdio.h>
#include <string.h>

#include "common/abuf.h"
#include "common/log.h"
#include "common/utf8.h"
#include "daemon/keyns.h"
#include "wire/header.h"

static enum wire_status
auth_direct(const struct request *rq, struct auth_app *app)
{
	size_t len = rq->rq_hdr.hdr_auth_len;

	/* The name becomes a key-store owner and a log field: one spelling
	 * per name, no NUL to truncate it, no control characters. */
	if (len == 0 || len > LIMIT_APP_NAME_LEN ||
	    memchr(rq->rq_auth, '\0', len) != NULL)
		return WIRE_STATUS_AUTHENTICATION_ERROR;
	memcpy(app->app_name, rq->rq_auth, len);
	app->app_name[len] = '\0';
	/* Names starting with '@' are reserved (daemon/keyns.h): nobody
	 * may log in as the owner of the device identity. */
	if (!utf8_name_ok(app->app_name, LIMIT_APP_NAME_LEN) ||
	    keyns_app_is_reserved(app->app_name)) {
		explicit_bzero(app, sizeof(*app));
		return WIRE_STATUS_AUTHENTICATION_ERROR;
	}
	app->app_name_len = len;
	return WIRE_STATUS_SUCCESS;
}

static enum wire_status
auth_unix_peer(const struct request *rq, struct auth_app *app)
{
	struct abuf b = abuf_view(rq->rq_auth, rq->rq_hdr.hdr_auth_len);
	uint32_t declared_uid;
	int n;

	/* The client declares its UID (u32 LE); the kernel's SO_PEERCRED is
	 * the truth it must match (Parsec book, "Authenticators"). */
	if (rq->rq_hdr.hdr_auth_len != 4 || !abuf_get_u32le(&b, &declared_uid))
		return WIRE_STATUS_AUTHENTICATION_ERROR;
	if (!rq->rq_peer.is_known || declared_uid != (uint32_t)rq->rq_peer.uid) {
		log_debug("unix peer auth: declared uid %u, peer uid %ld",
		    declared_uid, rq->rq_peer.is_known ?
		    (long)rq->rq_peer.uid : -1L);
		return WIRE_STATUS_AUTHENTICATION_ERROR;
	}
	n = snprintf(app->app_name, sizeof(app->app_name), "%u", declared_uid);
	app->app_name_len = (size_t)n;
	return WIRE_STATUS_SUCCESS;
}

enum wire_status
auth_authenticate(uint8_t configured_type, const struct request *rq,
    struct auth_app *app)
{
	uint8_t type = rq->rq_hdr.hdr_auth_type;

	memset(app, 0, sizeof(*app));
	if (type > WIRE_AUTH_JWT_SVID)
		return WIRE_STATUS_AUTHENTICATOR_DOES_NOT_EXIST;
	if (type != configured_type)
		return WIRE_STATUS_AUTHENTICATOR_NOT_REGISTERED;
	switch (type) {
	case WIRE_AUTH_DIRECT:
		return auth_direct(rq, app);
	case WIRE_AUTH_UNIX_PEER:
		return auth_unix_peer(rq, app);
	default:
		return WIRE_STATUS_AUTHENTICATOR_NOT_REGISTERED;
	}
}

const char *
auth_description(uint8_t auth_type)
{
	switch (auth_type) {
	case WIRE_AUTH_DIRECT:
		return "Direct authentication: the application name is taken "
		    "from the request as sent, without verification";
	case WIRE_AUTH_UNIX_PEER:
		return "Unix peer credentials authentication: the declared UID "
		    "is checked against the socket's peer credentials";
	case WIRE_AUTH_JWT_SVID:
		return "JWT-SVID authentication against a SPIFFE trust bundle";
	default:
		return "no authentication";
	}
}
