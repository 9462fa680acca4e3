/* arcsec/status.h: the status every libarcsec call returns, and its names.
 *
 * Numbers below 0x10000 are the Parsec service's response status codes,
 * exactly as they travel in the response header (Parsec book, "Response
 * Status Codes"): 0 success, 1-21 service errors, 1132-1153 PSA Crypto
 * errors (1000 - psa_status_t). A response status this list does not name is
 * still returned as its own number. Numbers from ARCSEC_ERR_BASE up are
 * failures seen by the client itself; the service never sends them, as the
 * wire field is 16 bits wide.
 */
#ifndef ARCSEC_STATUS_H
#define ARCSEC_STATUS_H

#include <arcsec/base.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum arcsec_status {
	ARCSEC_SUCCESS = 0,

	/* Service errors (Parsec ResponseStatus 1-21). */
	ARCSEC_WRONG_PROVIDER_ID = 1,
	ARCSEC_CONTENT_TYPE_NOT_SUPPORTED = 2,
	ARCSEC_ACCEPT_TYPE_NOT_SUPPORTED = 3,
	ARCSEC_WIRE_PROTOCOL_VERSION_NOT_SUPPORTED = 4,
	ARCSEC_PROVIDER_NOT_REGISTERED = 5,
	ARCSEC_PROVIDER_DOES_NOT_EXIST = 6,
	ARCSEC_DESERIALIZING_BODY_FAILED = 7,
	ARCSEC_SERIALIZING_BODY_FAILED = 8,
	ARCSEC_OPCODE_DOES_NOT_EXIST = 9,
	ARCSEC_RESPONSE_TOO_LARGE = 10,
	ARCSEC_AUTHENTICATION_ERROR = 11,
	ARCSEC_AUTHENTICATOR_DOES_NOT_EXIST = 12,
	ARCSEC_AUTHENTICATOR_NOT_REGISTERED = 13,
	ARCSEC_KEY_INFO_MANAGER_ERROR = 14,
	ARCSEC_CONNECTION_ERROR = 15,
	ARCSEC_INVALID_ENCODING = 16,
	ARCSEC_INVALID_HEADER = 17,
	ARCSEC_WRONG_PROVIDER_UUID = 18,
	ARCSEC_NOT_AUTHENTICATED = 19,
	ARCSEC_BODY_SIZE_EXCEEDS_LIMIT = 20,
	ARCSEC_ADMIN_OPERATION = 21,

	/* PSA Crypto errors as the service sends them (1000 - psa_status_t). */
	ARCSEC_PSA_ERROR_GENERIC_ERROR = 1132,
	ARCSEC_PSA_ERROR_NOT_PERMITTED = 1133,
	ARCSEC_PSA_ERROR_NOT_SUPPORTED = 1134,
	ARCSEC_PSA_ERROR_INVALID_ARGUMENT = 1135,
	ARCSEC_PSA_ERROR_INVALID_HANDLE = 1136,
	ARCSEC_PSA_ERROR_BAD_STATE = 1137,
	ARCSEC_PSA_ERROR_BUFFER_TOO_SMALL = 1138,
	ARCSEC_PSA_ERROR_ALREADY_EXISTS = 1139,
	ARCSEC_PSA_ERROR_DOES_NOT_EXIST = 1140,
	ARCSEC_PSA_ERROR_INSUFFICIENT_MEMORY = 1141,
	ARCSEC_PSA_ERROR_INSUFFICIENT_STORAGE = 1142,
	ARCSEC_PSA_ERROR_INSUFFICIENT_DATA = 1143,
	ARCSEC_PSA_ERROR_COMMUNICATION_FAILURE = 1145,
	ARCSEC_PSA_ERROR_STORAGE_FAILURE = 1146,
	ARCSEC_PSA_ERROR_HARDWARE_FAILURE = 1147,
	ARCSEC_PSA_ERROR_INSUFFICIENT_ENTROPY = 1148,
	ARCSEC_PSA_ERROR_INVALID_SIGNATURE = 1149,
	ARCSEC_PSA_ERROR_INVALID_PADDING = 1150,
	ARCSEC_PSA_ERROR_CORRUPTION_DETECTED = 1151,
	ARCSEC_PSA_ERROR_DATA_CORRUPT = 1152,
	ARCSEC_PSA_ERROR_DATA_INVALID = 1153,

	/* Client-side failures; never on the wire. */
	ARCSEC_ERR_BASE = 0x10000,
	/* A library function got a NULL or out-of-range argument. */
	ARCSEC_ERR_INVALID_ARGUMENT = ARCSEC_ERR_BASE,
	/* The endpoint is not "unix:" followed by an absolute socket path that
	 * fits in sockaddr_un. */
	ARCSEC_ERR_ENDPOINT,
	/* The socket could not be created or connected (missing, refused,
	 * permission denied); arcsec_client_last_error() has the errno text. */
	ARCSEC_ERR_CONNECT,
	/* Sending the request or reading the response failed, or the service
	 * closed the connection before a whole response arrived. */
	ARCSEC_ERR_IO,
	/* The request did not complete within the client's timeout. */
	ARCSEC_ERR_TIMEOUT,
	/* The response is malformed: bad magic, header size, version, flags,
	 * content type, reserved bytes, an opcode that does not echo the
	 * request, trailing bytes, or a body that does not decode. */
	ARCSEC_ERR_PROTOCOL,
	/* The response header declares a body above the client's limit; nothing
	 * was allocated for it. */
	ARCSEC_ERR_RESPONSE_TOO_LARGE,
	/* Out of memory in the client. */
	ARCSEC_ERR_NO_MEMORY,
	/* The service lists no provider but the core provider, so there is no
	 * default provider for cryptographic operations. */
	ARCSEC_ERR_NO_PROVIDER,
	/* A caller-owned output buffer is too small for the result; nothing
	 * was written. The arcsec_*_output_size() functions of arcsec/crypto.h
	 * give a size that always suffices. */
	ARCSEC_ERR_BUFFER_TOO_SMALL,
	/* The request would not fit in one wire frame (body above 4 GiB, auth
	 * above 64 KiB). */
	ARCSEC_ERR_REQUEST_TOO_LARGE,
	/* The request holds a value (a key type, algorithm or usage flag)
	 * that Parsec's wire schema has no encoding for, so it cannot be
	 * sent; any Parsec service would refuse it as unsupported. */
	ARCSEC_ERR_UNSUPPORTED,
} arcsec_status_t;

/*
 * The status's name: Parsec's own for service codes ("PsaErrorNotPermitted",
 * "AuthenticationError"), "Client..." for client-side codes
 * ("ClientConnectError"), "Unknown" for any other number. Static storage;
 * never NULL.
 */
ARCSEC_API const char	*arcsec_status_name(arcsec_status_t status);

/*
 * A one-line, lower-case description of the status, without a trailing
 * period ("the requested action is denied by a policy"). Static storage;
 * never NULL, also for numbers no one defines.
 */
ARCSEC_API const char	*arcsec_strerror(arcsec_status_t status);

/*
 * Whether the status came from the service (below ARCSEC_ERR_BASE) rather
 * than from the client's own checks or transport.
 */
ARCSEC_API int		 arcsec_status_is_service(arcsec_status_t status);

#ifdef __cplusplus
}
#endif

#endif
