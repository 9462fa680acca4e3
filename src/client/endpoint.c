/* client/endpoint.c: turn a Parsec endpoint URI into a socket path. Pure. */
#include <string.h>
#include <strings.h>

#include "client/client.h"

/*
 * Parsec clients read PARSEC_SERVICE_ENDPOINT as a URI whose only scheme is
 * "unix" (Parsec book, "Parsec for client library developers"); the Rust
 * client takes the URI's path, so both "unix:/p" and "unix:///p" name /p.
 * A host part ("unix://host/p") has no meaning for a local socket and is
 * refused rather than dropped. Relative paths are refused too: the service
 * socket must not depend on the caller's working directory.
 */
arcsec_status_t
client_endpoint_parse(const char *endpoint, char *path, size_t path_size)
{
	static const char scheme[] = "unix:";
	const char *p;
	size_t p_len;

	if (path_size > 0)
		path[0] = '\0';
	if (endpoint == NULL || path == NULL || path_size == 0)
		return ARCSEC_ERR_ENDPOINT;
	/* Schemes are case-insensitive (RFC 3986 §3.1). */
	if (strncasecmp(endpoint, scheme, sizeof(scheme) - 1) != 0)
		return ARCSEC_ERR_ENDPOINT;
	p = endpoint + sizeof(scheme) - 1;
	if (strncmp(p, "//", 2) == 0) {
		p += 2;
		if (*p != '/')		/* "unix://host/..." or "unix://" */
			return ARCSEC_ERR_ENDPOINT;
	}
	if (*p != '/')
		return ARCSEC_ERR_ENDPOINT;
	p_len = strlen(p);
	if (p_len >= path_size)	/* the NUL must fit too */
		return ARCSEC_ERR_ENDPOINT;
	memcpy(path, p, p_len + 1);
	return ARCSEC_SUCCESS;
}
