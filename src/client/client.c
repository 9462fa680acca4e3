/* client/client.c: the client object: endpoint, authentication, provider
 * and timeout settings, and the error text of its last failure. */
#include <unistd.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arcsec/core.h>

#include "client/client.h"
#include "common/limits.h"
#include "common/utf8.h"

_Static_assert(ARCSEC_APP_NAME_MAX == LIMIT_APP_NAME_LEN,
    "public app name limit follows common/limits.h");

const char *
arcsec_version(void)
{
	return ARCSEC_VERSION;
}

void
client_set_error(struct arcsec_client *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(c->cl_errmsg, sizeof(c->cl_errmsg), fmt, ap);
	va_end(ap);
}

/* The auth field of every authenticated request (Parsec book,
 * "Authenticators"): direct sends the name's bytes without a NUL; Unix peer
 * credentials send the UID as u32 LE, which the service checks against the
 * socket's SO_PEERCRED. */
static arcsec_status_t
client_auth_setup(struct arcsec_client *c, const struct arcsec_auth *auth)
{
	enum arcsec_auth_type type = auth ? auth->auth_type :
	    ARCSEC_AUTH_UNIX_PEER;
	uint32_t uid;
	size_t name_len;

	switch (type) {
	case ARCSEC_AUTH_NONE:
		break;
	case ARCSEC_AUTH_DIRECT:
		/* The service refuses the same names (control characters
		 * included, as they end up in its logs); fail here, where the
		 * caller can tell why. */
		if (!utf8_name_ok(auth->auth_app_name, ARCSEC_APP_NAME_MAX))
			return ARCSEC_ERR_INVALID_ARGUMENT;
		name_len = strlen(auth->auth_app_name);
		if ((c->cl_auth = malloc(name_len)) == NULL)
			return ARCSEC_ERR_NO_MEMORY;
		memcpy(c->cl_auth, auth->auth_app_name, name_len);
		c->cl_auth_len = name_len;
		break;
	case ARCSEC_AUTH_UNIX_PEER:
		if ((c->cl_auth = malloc(sizeof(uid))) == NULL)
			return ARCSEC_ERR_NO_MEMORY;
		uid = (uint32_t)getuid();
		c->cl_auth[0] = (uint8_t)uid;
		c->cl_auth[1] = (uint8_t)(uid >> 8);
		c->cl_auth[2] = (uint8_t)(uid >> 16);
		c->cl_auth[3] = (uint8_t)(uid >> 24);
		c->cl_auth_len = sizeof(uid);
		break;
	default:
		return ARCSEC_ERR_INVALID_ARGUMENT;
	}
	c->cl_auth_type = (uint8_t)type;
	return ARCSEC_SUCCESS;
}

arcsec_status_t
arcsec_client_open(const char *endpoint, const struct arcsec_auth *auth,
    struct arcsec_client **out)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	struct arcsec_client *c = NULL;

	if (out == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	*out = NULL;
	if (endpoint == NULL) {
		endpoint = getenv(ARCSEC_ENDPOINT_ENV);
		if (endpoint == NULL || *endpoint == '\0')
			endpoint = ARCSEC_DEFAULT_ENDPOINT;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return ARCSEC_ERR_NO_MEMORY;
	c->cl_timeout_ms = ARCSEC_DEFAULT_TIMEOUT_MS;
	c->cl_response_limit = ARCSEC_DEFAULT_RESPONSE_LIMIT;
	if ((status = client_endpoint_parse(endpoint, c->cl_sock_path,
	    sizeof(c->cl_sock_path))) != ARCSEC_SUCCESS ||
	    (status = client_auth_setup(c, auth)) != ARCSEC_SUCCESS)
		goto out;
	*out = c;		/* ownership moves to the caller */
	c = NULL;
out:
	arcsec_client_close(c);
	return status;
}

void
arcsec_client_close(struct arcsec_client *c)
{
	if (c == NULL)
		return;
	if (c->cl_auth != NULL)
		explicit_bzero(c->cl_auth, c->cl_auth_len);
	free(c->cl_auth);
	explicit_bzero(c, sizeof(*c));
	free(c);
}

arcsec_status_t
arcsec_client_set_provider(struct arcsec_client *c, uint8_t provider_id)
{
	if (c == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	c->cl_provider = provider_id;
	c->cl_has_provider = true;
	return ARCSEC_SUCCESS;
}

arcsec_status_t
arcsec_client_provider(struct arcsec_client *c, uint8_t *provider_id)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	struct arcsec_provider_info *providers = NULL;
	size_t count = 0;

	if (provider_id == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	*provider_id = 0;
	if (c == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if (!c->cl_has_provider) {
		if ((status = arcsec_list_providers(c, &providers, &count)) !=
		    ARCSEC_SUCCESS)
			goto out;
		/* The service lists configured providers first, the default
		 * one first of all, and core last (DESIGN.md §2). */
		status = ARCSEC_ERR_NO_PROVIDER;
		for (size_t i = 0; i < count; i++) {
			if (providers[i].prov_id != ARCSEC_PROVIDER_CORE) {
				c->cl_provider = providers[i].prov_id;
				c->cl_has_provider = true;
				break;
			}
		}
		if (!c->cl_has_provider) {
			client_set_error(c, "%s lists no provider but core",
			    c->cl_sock_path);
			goto out;
		}
	}
	*provider_id = c->cl_provider;
	status = ARCSEC_SUCCESS;
out:
	arcsec_provider_info_free(providers);
	return status;
}

arcsec_status_t
arcsec_client_set_timeout_ms(struct arcsec_client *c, uint32_t timeout_ms)
{
	if (c == NULL || timeout_ms > INT32_MAX)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	c->cl_timeout_ms = timeout_ms;
	return ARCSEC_SUCCESS;
}

arcsec_status_t
arcsec_client_set_response_limit(struct arcsec_client *c, uint32_t limit)
{
	if (c == NULL || limit == 0)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	c->cl_response_limit = limit;
	return ARCSEC_SUCCESS;
}

const char *
arcsec_client_socket_path(const struct arcsec_client *c)
{
	return c != NULL ? c->cl_sock_path : "";
}

const char *
arcsec_client_last_error(const struct arcsec_client *c)
{
	return c != NULL ? c->cl_errmsg : "";
}
