/* daemon/auth.h: authenticators: turn a request's auth field into the
 * application name that owns its keys. */
#ifndef ARCSEC_DAEMON_AUTH_H
#define ARCSEC_DAEMON_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "common/limits.h"
#include "daemon/request.h"
#include "wire/status.h"

struct auth_app {
	char	app_name[LIMIT_APP_NAME_LEN + 1];	/* NUL-terminated UTF-8 */
	size_t	app_name_len;
};

/* Authenticate with the configured authenticator `configured_type`
 * (WIRE_AUTH_DIRECT or WIRE_AUTH_UNIX_PEER). Statuses, as Parsec's front end:
 *   AUTHENTICATOR_DOES_NOT_EXIST  auth type Parsec does not define (> 4)
 *   AUTHENTICATOR_NOT_REGISTERED  a defined type that is not the configured one
 *   AUTHENTICATION_ERROR          the auth bytes do not authenticate
 * Not called for auth type none. */
enum wire_status auth_authenticate(uint8_t configured_type,
		    const struct request *rq, struct auth_app *app)
		    __attribute__((warn_unused_result));

/* ListAuthenticators text for a configured type. */
const char	*auth_description(uint8_t auth_type);

#endif
