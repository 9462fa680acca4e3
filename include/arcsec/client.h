/* arcsec/client.h: open a client of the Parsec service, choose how it
 * authenticates and which provider it targets.
 *
 * A client holds only settings: every call opens its own connection to the
 * service, sends one request, reads one response and closes, as Parsec
 * clients do. A client may be used by one thread at a time; distinct clients
 * share nothing, and the library keeps no global state. The library never
 * raises SIGPIPE: a service that goes away mid-request is ARCSEC_ERR_IO.
 */
#ifndef ARCSEC_CLIENT_H
#define ARCSEC_CLIENT_H

#include <stdint.h>

#include <arcsec/base.h>
#include <arcsec/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where Parsec services listen unless PARSEC_SERVICE_ENDPOINT says
 * otherwise. */
#define ARCSEC_DEFAULT_ENDPOINT		"unix:/run/parsec/parsec.sock"
/* The environment variable every Parsec client reads. */
#define ARCSEC_ENDPOINT_ENV		"PARSEC_SERVICE_ENDPOINT"
/* Per-request deadline (connect, send, receive together) of a new client. */
#define ARCSEC_DEFAULT_TIMEOUT_MS	60000u
/* Largest response body a new client accepts, from the response header,
 * before anything is allocated for it. */
#define ARCSEC_DEFAULT_RESPONSE_LIMIT	(16u << 20)
/* Longest application name direct authentication may send, in bytes. */
#define ARCSEC_APP_NAME_MAX		2048u

/* Parsec provider IDs (Parsec book, "Providers"). */
#define ARCSEC_PROVIDER_CORE		0u
#define ARCSEC_PROVIDER_MBED_CRYPTO	1u	/* arcsec's software provider */
#define ARCSEC_PROVIDER_PKCS11		2u
#define ARCSEC_PROVIDER_TPM		3u
#define ARCSEC_PROVIDER_TRUSTED_SERVICE	4u
#define ARCSEC_PROVIDER_CRYPTOAUTHLIB	5u

/* Authentication types, numbered as in the wire header's auth type byte. */
enum arcsec_auth_type {
	ARCSEC_AUTH_NONE = 0,		/* only the four core listing calls */
	ARCSEC_AUTH_DIRECT = 1,		/* self-declared application name */
	ARCSEC_AUTH_UNIX_PEER = 3,	/* the caller's UID, checked by the
					 * service against SO_PEERCRED */
};

struct arcsec_auth {
	enum arcsec_auth_type	 auth_type;
	/* ARCSEC_AUTH_DIRECT only: UTF-8, 1 to ARCSEC_APP_NAME_MAX bytes.
	 * Copied by arcsec_client_open(); the caller keeps ownership. */
	const char		*auth_app_name;
};

struct arcsec_client;

/*
 * Make a client for the service at `endpoint`. Nothing is sent yet; the first
 * call that needs the service connects.
 * endpoint: "unix:/abs/path" or "unix:///abs/path"; NULL means the
 *     PARSEC_SERVICE_ENDPOINT environment variable, or ARCSEC_DEFAULT_ENDPOINT
 *     if that is unset or empty. Copied; the caller keeps ownership.
 * auth: how requests authenticate; NULL means ARCSEC_AUTH_UNIX_PEER with
 *     getuid(). Copied. Whatever is set here, the four core listing calls
 *     (ping, list providers, opcodes, authenticators) are sent without
 *     authentication, as Parsec's own clients send them.
 * out: receives the client, owned by the caller until arcsec_client_close();
 *     set to NULL on failure.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT (out NULL, unknown auth
 * type; app name missing, empty, too long, not UTF-8, or holding a control
 * character); ARCSEC_ERR_ENDPOINT;
 * ARCSEC_ERR_NO_MEMORY.
 */
ARCSEC_API arcsec_status_t arcsec_client_open(const char *endpoint,
		    const struct arcsec_auth *auth, struct arcsec_client **out)
		    ARCSEC_WARN_UNUSED;

/* Free the client and wipe the authentication data it holds. NULL is a
 * no-op. */
ARCSEC_API void	arcsec_client_close(struct arcsec_client *c);

/*
 * Target `provider_id` with cryptographic operations from now on, instead of
 * the default (the first provider the service lists that is not the core
 * provider, asked for once and remembered). Any ID is accepted; one the
 * service lacks fails later with ARCSEC_PROVIDER_DOES_NOT_EXIST.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT if c is NULL.
 */
ARCSEC_API arcsec_status_t arcsec_client_set_provider(struct arcsec_client *c,
		    uint8_t provider_id);

/*
 * The provider cryptographic operations go to: the one set with
 * arcsec_client_set_provider(), else the default, which this call looks up
 * with ListProviders the first time and caches in the client.
 * Returns ARCSEC_SUCCESS with *provider_id set; ARCSEC_ERR_NO_PROVIDER if the
 * service lists none but core; ARCSEC_ERR_INVALID_ARGUMENT; any status of
 * arcsec_list_providers(). *provider_id is 0 on failure.
 */
ARCSEC_API arcsec_status_t arcsec_client_provider(struct arcsec_client *c,
		    uint8_t *provider_id) ARCSEC_WARN_UNUSED;

/*
 * Deadline for each request as a whole: connecting, sending and receiving.
 * 0 waits forever. A new client has ARCSEC_DEFAULT_TIMEOUT_MS.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT if c is NULL or
 * timeout_ms exceeds INT32_MAX.
 */
ARCSEC_API arcsec_status_t arcsec_client_set_timeout_ms(struct arcsec_client *c,
		    uint32_t timeout_ms);

/*
 * Largest response body the client accepts, checked against the response
 * header before any allocation; a larger one fails with
 * ARCSEC_ERR_RESPONSE_TOO_LARGE. A new client has
 * ARCSEC_DEFAULT_RESPONSE_LIMIT.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT if c is NULL or
 * limit is 0.
 */
ARCSEC_API arcsec_status_t arcsec_client_set_response_limit(
		    struct arcsec_client *c, uint32_t limit);

/*
 * The filesystem path of the service socket the client connects to. Owned
 * by the client, valid until arcsec_client_close(); never NULL for a
 * non-NULL client.
 */
ARCSEC_API const char	*arcsec_client_socket_path(
		    const struct arcsec_client *c);

/*
 * A human-readable account of the client's last client-side failure (which
 * socket could not be reached and why, which header field was wrong), or ""
 * after a success or a service status. Owned by the client; valid until its
 * next call. Never contains secrets. Never NULL for a non-NULL client.
 */
ARCSEC_API const char	*arcsec_client_last_error(
		    const struct arcsec_client *c);

#ifdef __cplusplus
}
#endif

#endif
