/* arcsec/keys.h: keys in the service: their types, algorithms and usage
 * flags, creating, importing, exporting and destroying them, listing them,
 * and the two administrator operations on clients.
 *
 * Numbers are the PSA Certified Crypto API 1.x encodings, which is what the
 * Parsec wire protocol carries: arcsec_alg_t is a psa_algorithm_t,
 * arcsec_key_type_t a psa_key_type_t and arcsec_key_usage_t a
 * psa_key_usage_t, so a value from any PSA header (Mbed TLS's
 * psa/crypto_values.h, for example) may be passed as is. The macros below
 * spell the common ones; libarcsec checks at build time that each equals the
 * PSA value it names.
 *
 * Keys are named by the caller; a name is UTF-8, 1 to ARCSEC_KEY_NAME_MAX
 * bytes, without control characters, and belongs to the application the
 * client authenticates as. Key operations go to the client's provider (see
 * arcsec_client_provider()).
 *
 * Every call here may also return, besides the statuses listed with it:
 * ARCSEC_ERR_INVALID_ARGUMENT (NULL client, name or output pointer, a key
 * name that is empty, too long, not UTF-8 or holding a control character);
 * ARCSEC_ERR_CONNECT, ARCSEC_ERR_IO, ARCSEC_ERR_TIMEOUT (transport; see
 * arcsec_client_last_error()); ARCSEC_ERR_PROTOCOL (malformed response or
 * result); ARCSEC_ERR_RESPONSE_TOO_LARGE; ARCSEC_ERR_NO_MEMORY;
 * ARCSEC_ERR_NO_PROVIDER and the statuses of arcsec_client_provider() for
 * calls that go to the client's provider; and any status the service
 * answers with, as its own number (ARCSEC_PSA_ERROR_DOES_NOT_EXIST for a key
 * the application does not have, ARCSEC_PSA_ERROR_NOT_PERMITTED for an
 * operation the key's policy forbids, ARCSEC_AUTHENTICATION_ERROR, ...).
 */
#ifndef ARCSEC_KEYS_H
#define ARCSEC_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include <arcsec/base.h>
#include <arcsec/client.h>
#include <arcsec/status.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t arcsec_alg_t;		/* psa_algorithm_t */
typedef uint16_t arcsec_key_type_t;	/* psa_key_type_t */
typedef uint32_t arcsec_key_usage_t;	/* psa_key_usage_t */

/* Longest key name, in bytes. */
#define ARCSEC_KEY_NAME_MAX		512u

/* ---- Algorithms (PSA Crypto API 1.x values) -------------------------- */

#define ARCSEC_ALG_NONE			((arcsec_alg_t)0)
/* The hash inside a hash-parameterised algorithm is its low byte. */
#define ARCSEC_ALG_HASH_MASK		((arcsec_alg_t)0x000000ff)

#define ARCSEC_ALG_SHA_1		((arcsec_alg_t)0x02000005)
#define ARCSEC_ALG_SHA_224		((arcsec_alg_t)0x02000008)
#define ARCSEC_ALG_SHA_256		((arcsec_alg_t)0x02000009)
#define ARCSEC_ALG_SHA_384		((arcsec_alg_t)0x0200000a)
#define ARCSEC_ALG_SHA_512		((arcsec_alg_t)0x0200000b)
#define ARCSEC_ALG_SHA3_256		((arcsec_alg_t)0x02000011)
#define ARCSEC_ALG_SHA3_384		((arcsec_alg_t)0x02000012)
#define ARCSEC_ALG_SHA3_512		((arcsec_alg_t)0x02000013)
/* Key policies only: "this signature scheme with any hash". */
#define ARCSEC_ALG_ANY_HASH		((arcsec_alg_t)0x020000ff)

#define ARCSEC_ALG_HMAC(hash)		\
	((arcsec_alg_t)(0x03800000u | ((hash) & ARCSEC_ALG_HASH_MASK)))

/* Signatures. ECDSA signatures are r||s, each as many bytes as the curve's
 * order (PSA format), not DER. */
#define ARCSEC_ALG_RSA_PKCS1V15_SIGN(hash) \
	((arcsec_alg_t)(0x06000200u | ((hash) & ARCSEC_ALG_HASH_MASK)))
#define ARCSEC_ALG_RSA_PKCS1V15_SIGN_RAW ((arcsec_alg_t)0x06000200)
#define ARCSEC_ALG_RSA_PSS(hash)	\
	((arcsec_alg_t)(0x06000300u | ((hash) & ARCSEC_ALG_HASH_MASK)))
#define ARCSEC_ALG_ECDSA(hash)		\
	((arcsec_alg_t)(0x06000600u | ((hash) & ARCSEC_ALG_HASH_MASK)))
#define ARCSEC_ALG_ECDSA_ANY		((arcsec_alg_t)0x06000600)
#define ARCSEC_ALG_DETERMINISTIC_ECDSA(hash) \
	((arcsec_alg_t)(0x06000700u | ((hash) & ARCSEC_ALG_HASH_MASK)))

/* Asymmetric encryption. */
#define ARCSEC_ALG_RSA_PKCS1V15_CRYPT	((arcsec_alg_t)0x07000200)
#define ARCSEC_ALG_RSA_OAEP(hash)	\
	((arcsec_alg_t)(0x07000300u | ((hash) & ARCSEC_ALG_HASH_MASK)))

/* Key agreement. */
#define ARCSEC_ALG_ECDH			((arcsec_alg_t)0x09020000)

/* ---- Key types -------------------------------------------------------- */

#define ARCSEC_KEY_TYPE_NONE		((arcsec_key_type_t)0x0000)
#define ARCSEC_KEY_TYPE_RAW_DATA	((arcsec_key_type_t)0x1001)
#define ARCSEC_KEY_TYPE_HMAC		((arcsec_key_type_t)0x1100)
#define ARCSEC_KEY_TYPE_DERIVE		((arcsec_key_type_t)0x1200)
#define ARCSEC_KEY_TYPE_AES		((arcsec_key_type_t)0x2400)
#define ARCSEC_KEY_TYPE_CHACHA20	((arcsec_key_type_t)0x2004)
#define ARCSEC_KEY_TYPE_RSA_PUBLIC_KEY	((arcsec_key_type_t)0x4001)
#define ARCSEC_KEY_TYPE_RSA_KEY_PAIR	((arcsec_key_type_t)0x7001)
/* ECC types carry the curve family in their low 7 bits. */
#define ARCSEC_KEY_TYPE_ECC_KEY_PAIR(family) \
	((arcsec_key_type_t)(0x7100u | ((family) & 0x7fu)))
#define ARCSEC_KEY_TYPE_ECC_PUBLIC_KEY(family) \
	((arcsec_key_type_t)(0x4100u | ((family) & 0x7fu)))

#define ARCSEC_ECC_FAMILY_SECP_K1	0x17u	/* secp256k1 */
#define ARCSEC_ECC_FAMILY_SECP_R1	0x12u	/* NIST P-256, P-384, P-521 */
#define ARCSEC_ECC_FAMILY_BRAINPOOL_P_R1 0x30u
#define ARCSEC_ECC_FAMILY_MONTGOMERY	0x41u	/* X25519, X448 */

/* ---- Usage flags ------------------------------------------------------ */

#define ARCSEC_KEY_USAGE_EXPORT		((arcsec_key_usage_t)0x00000001)
#define ARCSEC_KEY_USAGE_COPY		((arcsec_key_usage_t)0x00000002)
#define ARCSEC_KEY_USAGE_CACHE		((arcsec_key_usage_t)0x00000004)
#define ARCSEC_KEY_USAGE_ENCRYPT	((arcsec_key_usage_t)0x00000100)
#define ARCSEC_KEY_USAGE_DECRYPT	((arcsec_key_usage_t)0x00000200)
#define ARCSEC_KEY_USAGE_SIGN_MESSAGE	((arcsec_key_usage_t)0x00000400)
#define ARCSEC_KEY_USAGE_VERIFY_MESSAGE	((arcsec_key_usage_t)0x00000800)
#define ARCSEC_KEY_USAGE_SIGN_HASH	((arcsec_key_usage_t)0x00001000)
#define ARCSEC_KEY_USAGE_VERIFY_HASH	((arcsec_key_usage_t)0x00002000)
#define ARCSEC_KEY_USAGE_DERIVE		((arcsec_key_usage_t)0x00004000)

/* What a key is and what it may do. Keys are persistent: the service keeps
 * them across restarts (Parsec has no volatile keys on the wire). */
struct arcsec_key_attrs {
	arcsec_key_type_t	 key_type;
	uint32_t		 key_bits;	/* import: 0 takes the data's */
	arcsec_key_usage_t	 key_usage;	/* ARCSEC_KEY_USAGE_* */
	arcsec_alg_t		 key_alg;	/* the one permitted algorithm;
						 * may be a wildcard policy
						 * such as ECDSA(ANY_HASH) */
};

/*
 * The attributes create-ecc-key uses, DESIGN.md's default signing key: an
 * ECC key pair on NIST P-256 (SECP_R1, 256 bits) that may sign and verify
 * hashes and messages with ECDSA over SHA-256. Fills *attrs; NULL is a
 * no-op.
 */
ARCSEC_API void	arcsec_key_attrs_ecdsa_p256(struct arcsec_key_attrs *attrs);

/*
 * Create a key `key_name` with `attrs` (PsaGenerateKey, opcode 0x02). The
 * key material never leaves the service.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT (attrs NULL, key type
 * NONE, or a value of the wrong kind in a field); ARCSEC_ERR_UNSUPPORTED for
 * a type, algorithm or usage flag Parsec's wire schema cannot express
 * (EdDSA, RSA-PSS with any salt, ...); ARCSEC_PSA_ERROR_ALREADY_EXISTS;
 * ARCSEC_PSA_ERROR_NOT_SUPPORTED when the provider cannot make such a key;
 * the common statuses above.
 */
ARCSEC_API arcsec_status_t arcsec_generate_key(struct arcsec_client *c,
		    const char *key_name, const struct arcsec_key_attrs *attrs)
		    ARCSEC_WARN_UNUSED;

/*
 * Import data[0..data_len) as key `key_name` (PsaImportKey, opcode 0x06), in
 * the PSA export format of attrs->key_type (arcsec_export_key()). The
 * request buffers holding the key are wiped before the call returns; data
 * stays the caller's. data may be NULL only when data_len is 0.
 * Returns as arcsec_generate_key(), and ARCSEC_PSA_ERROR_INVALID_ARGUMENT
 * from the service for data that is not such a key or does not match
 * key_bits.
 */
ARCSEC_API arcsec_status_t arcsec_import_key(struct arcsec_client *c,
		    const char *key_name, const struct arcsec_key_attrs *attrs,
		    const uint8_t *data, size_t data_len) ARCSEC_WARN_UNUSED;

/*
 * Destroy the key `key_name` (PsaDestroyKey, opcode 0x03).
 * Returns ARCSEC_SUCCESS; the common statuses above.
 */
ARCSEC_API arcsec_status_t arcsec_destroy_key(struct arcsec_client *c,
		    const char *key_name) ARCSEC_WARN_UNUSED;

/*
 * Export the public part of `key_name` (PsaExportPublicKey, opcode 0x07) in
 * PSA format: an RSA key as DER RSAPublicKey (PKCS#1), a Weierstrass ECC key
 * as the uncompressed point 0x04||x||y, a Montgomery key as its u
 * coordinate.
 * data: caller-owned, data_size bytes; arcsec_export_public_key_output_size()
 *     gives a size that always suffices. *data_len is 0 first and receives
 *     the length on success. On failure data is wiped and *data_len is 0.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_BUFFER_TOO_SMALL if the key does not
 * fit in data_size bytes (nothing written); ARCSEC_ERR_PROTOCOL for an empty
 * key; the common statuses above.
 */
ARCSEC_API arcsec_status_t arcsec_export_public_key(struct arcsec_client *c,
		    const char *key_name, uint8_t *data, size_t data_size,
		    size_t *data_len) ARCSEC_WARN_UNUSED;

/*
 * Export the key `key_name` itself (PsaExportKey, opcode 0x0C), in PSA
 * format (an RSA key pair as DER RSAPrivateKey, an ECC key pair as its
 * private scalar, a symmetric key as its bytes), if its policy carries
 * ARCSEC_KEY_USAGE_EXPORT. The response buffers are wiped before the call
 * returns. Outputs as arcsec_export_public_key(), sized with
 * arcsec_export_key_output_size().
 * Returns as arcsec_export_public_key(); ARCSEC_PSA_ERROR_NOT_PERMITTED
 * without the export flag.
 */
ARCSEC_API arcsec_status_t arcsec_export_key(struct arcsec_client *c,
		    const char *key_name, uint8_t *data, size_t data_size,
		    size_t *data_len) ARCSEC_WARN_UNUSED;

struct arcsec_key_info {
	const char		*ki_name;
	uint8_t			 ki_provider_id;	/* ARCSEC_PROVIDER_* */
	struct arcsec_key_attrs	 ki_attrs;
};

/*
 * List the keys the application has, in every provider (ListKeys, opcode
 * 0x1A, sent to the core provider with the client's authentication).
 * keys: receives an array of *count entries, their names in the same block,
 *     owned by the caller: free with arcsec_key_info_free(). NULL with
 *     *count 0 on failure and for an empty list.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_PROTOCOL if a provider ID does not fit
 * in 8 bits or a key's attributes do not decode; the common statuses above.
 */
ARCSEC_API arcsec_status_t arcsec_list_keys(struct arcsec_client *c,
		    struct arcsec_key_info **keys, size_t *count)
		    ARCSEC_WARN_UNUSED;
/* Free a list from arcsec_list_keys(); NULL is a no-op. */
ARCSEC_API void	arcsec_key_info_free(struct arcsec_key_info *keys);

/*
 * The attributes of `key_name` in the client's provider, found with
 * ListKeys as Parsec's own clients find them (there is no operation that
 * reads one key's attributes).
 * attrs: receives them; zeroed on failure.
 * Returns ARCSEC_SUCCESS; ARCSEC_PSA_ERROR_DOES_NOT_EXIST if the list holds
 * no key of that name in that provider; the statuses of arcsec_list_keys()
 * and arcsec_client_provider().
 */
ARCSEC_API arcsec_status_t arcsec_key_attributes(struct arcsec_client *c,
		    const char *key_name, struct arcsec_key_attrs *attrs)
		    ARCSEC_WARN_UNUSED;

/*
 * List the applications that have keys in the service (ListClients, opcode
 * 0x1B). An administrator operation: the client must authenticate as an
 * application the service's config lists in its admins.
 * clients: receives an array of *count NUL-terminated names with the
 *     strings in the same block, owned by the caller: free with
 *     arcsec_client_names_free(). NULL with *count 0 on failure and for an
 *     empty list.
 * Returns ARCSEC_SUCCESS; ARCSEC_ADMIN_OPERATION if the caller is not an
 * administrator; the common statuses above.
 */
ARCSEC_API arcsec_status_t arcsec_list_clients(struct arcsec_client *c,
		    char ***clients, size_t *count) ARCSEC_WARN_UNUSED;
/* Free a list from arcsec_list_clients(); NULL is a no-op. */
ARCSEC_API void	arcsec_client_names_free(char **clients);

/*
 * Destroy every key of the application `client_name` (DeleteClient, opcode
 * 0x1C). An administrator operation. client_name: UTF-8, 1 to
 * ARCSEC_APP_NAME_MAX bytes, no control characters.
 * Returns ARCSEC_SUCCESS; ARCSEC_ADMIN_OPERATION if the caller is not an
 * administrator; ARCSEC_PSA_ERROR_DOES_NOT_EXIST for an application with no
 * keys; the common statuses above.
 */
ARCSEC_API arcsec_status_t arcsec_delete_client(struct arcsec_client *c,
		    const char *client_name) ARCSEC_WARN_UNUSED;

#ifdef __cplusplus
}
#endif

#endif
