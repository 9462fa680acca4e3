/* arcsec/core.h: the core provider's operations: Ping, ListProviders,
 * ListOpcodes, ListAuthenticators.
 *
 * These four are sent to provider 0 without authentication, whatever the
 * client's auth setting, as Parsec's clients send them, so they work before
 * the caller knows which authenticator the service runs.
 *
 * Lists are variable in length and hold strings, so unlike the cryptographic
 * calls (caller-owned buffers with size queries) the library allocates each
 * list as one block the caller frees with the matching _free function.
 *
 * Every call here may also return, besides the statuses listed with it:
 * ARCSEC_ERR_INVALID_ARGUMENT (NULL client or output pointer);
 * ARCSEC_ERR_CONNECT, ARCSEC_ERR_IO, ARCSEC_ERR_TIMEOUT (transport; see
 * arcsec_client_last_error()); ARCSEC_ERR_PROTOCOL (malformed response,
 * including a result body that does not decode or holds a string that is not
 * UTF-8); ARCSEC_ERR_RESPONSE_TOO_LARGE; ARCSEC_ERR_NO_MEMORY; and any status
 * the service answers with, as its own number (for example
 * ARCSEC_OPCODE_DOES_NOT_EXIST from a service that lacks the operation).
 */
#ifndef ARCSEC_CORE_H
#define ARCSEC_CORE_H

#include <stddef.h>
#include <stdint.h>

#include <arcsec/base.h>
#include <arcsec/client.h>
#include <arcsec/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Ask the service which wire protocol version it speaks (Ping, opcode 0x01).
 * maj, min: receive the version (1 and 0 for every service today); both 0 on
 * failure.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_PROTOCOL if a version number does not
 * fit in 8 bits; the common statuses above.
 */
ARCSEC_API arcsec_status_t arcsec_ping(struct arcsec_client *c, uint8_t *maj,
		    uint8_t *min) ARCSEC_WARN_UNUSED;

struct arcsec_provider_info {
	uint8_t		 prov_id;		/* ARCSEC_PROVIDER_* */
	const char	*prov_uuid;		/* textual UUID, fixed per
						 * provider type */
	const char	*prov_description;
	const char	*prov_vendor;		/* "" if the service has none */
	uint32_t	 prov_version_maj;
	uint32_t	 prov_version_min;
	uint32_t	 prov_version_rev;
};

/*
 * List the providers the service exposes (ListProviders, opcode 0x08), in
 * the service's order: configured providers first, the default one first of
 * all, the core provider last.
 * providers: receives an array of *count entries; its strings live in the
 * same block. Owned by the caller: free with arcsec_provider_info_free().
 * NULL with *count 0 on failure and for an empty list.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_PROTOCOL if a provider ID does not fit
 * in 8 bits; the common statuses above.
 */
ARCSEC_API arcsec_status_t arcsec_list_providers(struct arcsec_client *c,
		    struct arcsec_provider_info **providers, size_t *count)
		    ARCSEC_WARN_UNUSED;
/* Free a list from arcsec_list_providers(); NULL is a no-op. */
ARCSEC_API void	arcsec_provider_info_free(
		    struct arcsec_provider_info *providers);

/*
 * List the opcodes `provider_id` implements (ListOpcodes, opcode 0x09), in
 * the service's order. Opcodes this library does not know are kept.
 * opcodes: receives an array of *count opcodes, owned by the caller: free
 * with arcsec_opcodes_free(). NULL with *count 0 on failure and for an empty
 * list.
 * Returns ARCSEC_SUCCESS; ARCSEC_PROVIDER_DOES_NOT_EXIST for an ID the service
 * lacks; the common statuses above.
 */
ARCSEC_API arcsec_status_t arcsec_list_opcodes(struct arcsec_client *c,
		    uint8_t provider_id, uint32_t **opcodes, size_t *count)
		    ARCSEC_WARN_UNUSED;
/* Free a list from arcsec_list_opcodes(); NULL is a no-op. */
ARCSEC_API void	arcsec_opcodes_free(uint32_t *opcodes);

/* Parsec's name of an opcode ("PsaSignHash"), or NULL for a number Parsec
 * does not define. Static storage. */
ARCSEC_API const char	*arcsec_opcode_name(uint32_t opcode);

struct arcsec_authenticator_info {
	uint8_t		 authn_id;		/* enum arcsec_auth_type value,
						 * or 4 for JWT-SVID */
	const char	*authn_description;
	uint32_t	 authn_version_maj;
	uint32_t	 authn_version_min;
	uint32_t	 authn_version_rev;
};

/*
 * List the authenticators the service accepts (ListAuthenticators, opcode
 * 0x0E); the first is the one it applies by default.
 * authenticators: receives an array of *count entries with their strings in
 * the same block, owned by the caller: free with
 * arcsec_authenticator_info_free(). NULL with *count 0 on failure and for an
 * empty list.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_PROTOCOL if an authenticator ID does not
 * fit in 8 bits; the common statuses above.
 */
ARCSEC_API arcsec_status_t arcsec_list_authenticators(struct arcsec_client *c,
		    struct arcsec_authenticator_info **authenticators,
		    size_t *count) ARCSEC_WARN_UNUSED;
/* Free a list from arcsec_list_authenticators(); NULL is a no-op. */
ARCSEC_API void	arcsec_authenticator_info_free(
		    struct arcsec_authenticator_info *authenticators);

#ifdef __cplusplus
}
#endif

#endif
