/* daemon/keyns.h: the reserved key namespace where the device identity
 * lives (docs/security.md, "The reserved namespace"). */
#ifndef ARCSEC_DAEMON_KEYNS_H
#define ARCSEC_DAEMON_KEYNS_H

#include <stdbool.h>

#include "psa/status.h"

/* Application "@arcsec" owns the DevID and the keys the identity layer
 * makes. Clients address them as key names "@arcsec/<name>"; only
 * administrators may. No authenticator yields a name starting with '@',
 * so no application can be that owner by logging in as it. */
#define KEYNS_RESERVED_APP	"@arcsec"
#define KEYNS_PREFIX		"@arcsec/"

/* Whether application name `app_name` is reserved (starts with '@'). */
bool		keyns_app_is_reserved(const char *app_name);

/* The owner and stored name of key `key_name` asked for by application
 * `app_name`: (app_name, key_name) for ordinary names; (KEYNS_RESERVED_APP,
 * the part after the prefix) for "@arcsec/<name>" from an administrator.
 * The outputs point into the inputs or at static strings.
 * PSA_ERROR_NOT_PERMITTED: a reserved name from a non-administrator.
 * PSA_ERROR_INVALID_ARGUMENT: another name starting with '@', or an empty
 * name after the prefix. */
psa_status_t	keyns_resolve(const char *app_name, bool is_admin,
		    const char *key_name, const char **owner,
		    const char **stored_name) __attribute__((warn_unused_result));

#endif
