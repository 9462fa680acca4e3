/* daemon/keyns.c: the reserved key namespace "@arcsec" (keyns.h). */
#include "daemon/keyns.h"

#include <string.h>

bool
keyns_app_is_reserved(const char *app_name)
{
	return app_name != NULL && app_name[0] == '@';
}

psa_status_t
keyns_resolve(const char *app_name, bool is_admin, const char *key_name,
    const char **owner, const char **stored_name)
{
	size_t prefix_len = strlen(KEYNS_PREFIX);

	*owner = app_name;
	*stored_name = key_name;
	if (key_name == NULL || key_name[0] != '@')
		return PSA_SUCCESS;
	/* One reserved namespace; a leading '@' is kept for it so a later
	 * one cannot collide with keys clients already made. */
	if (strncmp(key_name, KEYNS_PREFIX, prefix_len) != 0 ||
	    key_name[prefix_len] == '\0')
		return PSA_ERROR_INVALID_ARGUMENT;
	if (!is_admin)
		return PSA_ERROR_NOT_PERMITTED;
	*owner = KEYNS_RESERVED_APP;
	*stored_name = key_name + prefix_len;
	return PSA_SUCCESS;
}
