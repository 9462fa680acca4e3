/* client/status.c: names and descriptions of arcsec_status_t. */
#include <stddef.h>
#include <stdint.h>

#include <arcsec/status.h>

#include "wire/status.h"

/* The public enum spells out Parsec's numbers so the installed header stands
 * alone; this keeps it equal to wire/status.def, entry by entry. */
#define WIRE_STATUS(name, code, text)					\
	_Static_assert((int)ARCSEC_##name == (code) &&			\
	    (int)WIRE_STATUS_##name == (code), #name " differs");
#include "wire/status.def"
#undef WIRE_STATUS

struct client_status_info {
	arcsec_status_t	 cs_status;
	const char	*cs_name;
	const char	*cs_text;
};

static const struct client_status_info client_status_table[] = {
	{ ARCSEC_ERR_INVALID_ARGUMENT, "ClientInvalidArgument",
	    "invalid argument to a client library function" },
	{ ARCSEC_ERR_ENDPOINT, "ClientEndpointError",
	    "the service endpoint is not unix: with an absolute socket path" },
	{ ARCSEC_ERR_CONNECT, "ClientConnectError",
	    "cannot connect to the service socket" },
	{ ARCSEC_ERR_IO, "ClientIoError",
	    "sending the request or receiving the response failed" },
	{ ARCSEC_ERR_TIMEOUT, "ClientTimeout",
	    "the service did not answer within the timeout" },
	{ ARCSEC_ERR_PROTOCOL, "ClientProtocolError",
	    "the service sent a malformed response" },
	{ ARCSEC_ERR_RESPONSE_TOO_LARGE, "ClientResponseTooLarge",
	    "the response exceeds the client's size limit" },
	{ ARCSEC_ERR_NO_MEMORY, "ClientOutOfMemory",
	    "the client ran out of memory" },
	{ ARCSEC_ERR_NO_PROVIDER, "ClientNoProvider",
	    "the service offers no provider besides the core provider" },
	{ ARCSEC_ERR_BUFFER_TOO_SMALL, "ClientBufferTooSmall",
	    "an output buffer is too small" },
	{ ARCSEC_ERR_REQUEST_TOO_LARGE, "ClientRequestTooLarge",
	    "the request does not fit in one wire protocol frame" },
	{ ARCSEC_ERR_UNSUPPORTED, "ClientUnsupported",
	    "the request holds a value the Parsec wire protocol cannot carry" },
};

static const struct client_status_info *
client_status_find(arcsec_status_t status)
{
	for (size_t i = 0; i < sizeof(client_status_table) /
	    sizeof(*client_status_table); i++)
		if (client_status_table[i].cs_status == status)
			return &client_status_table[i];
	return NULL;
}

int
arcsec_status_is_service(arcsec_status_t status)
{
	return (unsigned int)status < ARCSEC_ERR_BASE;
}

const char *
arcsec_status_name(arcsec_status_t status)
{
	const struct client_status_info *info;

	if ((unsigned int)status <= UINT16_MAX)
		return wire_status_name((uint16_t)status);
	return (info = client_status_find(status)) ? info->cs_name : "Unknown";
}

const char *
arcsec_strerror(arcsec_status_t status)
{
	const struct client_status_info *info;

	if ((unsigned int)status <= UINT16_MAX)
		return wire_status_text((uint16_t)status);
	return (info = client_status_find(status)) ? info->cs_text :
	    "unknown status code";
}
