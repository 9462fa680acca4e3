/* psa/policy.h: what a key may do (policy checks), what keys arcsec will
 * create (attribute validation), and which algorithms fit which key types.
 * Pure.
 *
 * The dispatcher calls psa_policy_check() once per operation, before any
 * provider runs (STYLE.md §7); providers never re-decide policy. Creation
 * (generate, import) calls psa_attrs_validate_new() / _import() first.
 *
 * Status conventions, following the PSA Crypto API (IHI 0086, error codes):
 *   PSA_ERROR_INVALID_ARGUMENT  the request is malformed or can never work
 *                               (wildcard or NONE as an operation algorithm,
 *                               algorithm of the wrong kind for the
 *                               operation, algorithm incompatible with the
 *                               key type, private-key operation on a public
 *                               key, nonsense key size);
 *   PSA_ERROR_NOT_SUPPORTED     well-formed but not something arcsec offers
 *                               (unknown algorithm or key type encodings,
 *                               curves no backend implements, deprecated
 *                               choices for new keys);
 *   PSA_ERROR_NOT_PERMITTED     well-formed, but the key's policy says no.
 * Argument errors are decided before permission, so the answer to a
 * malformed request does not depend on the key's policy.
 */
#ifndef ARCSEC_PSA_POLICY_H
#define ARCSEC_PSA_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "psa/attributes.h"
#include "psa/status.h"
#include "psa/types.h"

/* Usage flags that name a cryptographic operation (as opposed to EXPORT,
 * COPY, CACHE, which need no algorithm). */
#define PSA_KEY_USAGE_OPERATION_MASK					\
	(PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT |		\
	 PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE |	\
	 PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH |		\
	 PSA_KEY_USAGE_DERIVE | PSA_KEY_USAGE_VERIFY_DERIVATION)

/* ---- Policy checks (psa/policy.c) ---------------------------------------- */

/*
 * May `key` be used for an operation needing `needed_usage` with algorithm
 * `requested_alg`? needed_usage holds the operation's flag (SIGN_HASH for
 * sign_hash, ENCRYPT for cipher or asymmetric encryption, ...); when it holds
 * no operation flag (EXPORT, COPY, CACHE only), requested_alg must be
 * PSA_ALG_NONE and only the flags are checked.
 *
 * Usage: SIGN_HASH implies SIGN_MESSAGE and VERIFY_HASH implies
 * VERIFY_MESSAGE (spec, Key usage flags; applied here too, so keys stored
 * without the implied flag behave as the spec says); public keys always
 * have EXPORT.
 *
 * Permitted algorithm (spec, Key policies, "Permitted algorithms"): equal
 * values; SCHEME(ANY_HASH) permits SCHEME(h) for every specific h, and
 * RSA_PKCS1V15_SIGN(ANY_HASH) also permits RSA_PKCS1V15_SIGN_RAW (but
 * ECDSA(ANY_HASH) does not permit ECDSA_ANY); for verification only,
 * ECDSA(h) and DETERMINISTIC_ECDSA(h) permit each other (spec,
 * PSA_ALG_ECDSA); a full-length MAC policy permits the same MAC truncated
 * to its full length, a MAC truncated to the full length permits the full
 * MAC, and AT_LEAST_THIS_LENGTH_MAC(m, n) permits m truncated to any length
 * >= n or full; AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(a, n) permits a with any
 * tag length >= n; a raw key agreement permits itself followed by any
 * KDF.
 * arcsec extension, not in the spec: RSA_PSS_ANY_SALT(h) permits
 * RSA_PSS(h), which signs identically and verifies strictly fewer
 * signatures, so it grants nothing the policy did not.
 *
 * Returns PSA_SUCCESS; PSA_ERROR_INVALID_ARGUMENT (key NULL; needed_usage 0
 * or with unknown bits; algorithm NONE, a wildcard, of the wrong kind for
 * the operation or incompatible with the key; a private-key operation on a
 * public key; an algorithm given where none is needed);
 * PSA_ERROR_NOT_SUPPORTED (unknown algorithm encoding);
 * PSA_ERROR_NOT_PERMITTED (a needed flag is missing or the policy does not
 * permit the algorithm).
 */
/* Whether permitted-algorithm `policy` admits the specific algorithm `req`
 * for an operation on a key of `type`/`bits` (the algorithm rules of
 * psa_policy_check() without usage or key checks; for capability tables). */
bool		psa_policy_alg_permits(psa_key_type_t type, size_t bits,
		    psa_algorithm_t policy, psa_algorithm_t req);

psa_status_t	psa_policy_check(const struct psa_key_attrs *key,
		    psa_key_usage_t needed_usage, psa_algorithm_t requested_alg)
		    __attribute__((warn_unused_result));

/*
 * export_key: public keys are always exportable (spec, PSA_KEY_USAGE_EXPORT);
 * key pairs and secret keys need PSA_KEY_USAGE_EXPORT.
 * Returns PSA_SUCCESS, PSA_ERROR_NOT_PERMITTED, or
 * PSA_ERROR_INVALID_ARGUMENT for a NULL key or type NONE.
 */
psa_status_t	psa_policy_check_export(const struct psa_key_attrs *key)
		    __attribute__((warn_unused_result));

/*
 * export_public_key: allowed for every asymmetric key, whatever its usage.
 * Returns PSA_SUCCESS, or PSA_ERROR_INVALID_ARGUMENT for a NULL key or a key
 * that is not asymmetric (spec psa_export_public_key()).
 */
psa_status_t	psa_policy_check_export_public(const struct psa_key_attrs *key)
		    __attribute__((warn_unused_result));

/* usage plus the flags the spec says it implies (SIGN_HASH -> SIGN_MESSAGE,
 * VERIFY_HASH -> VERIFY_MESSAGE); store this at creation. */
psa_key_usage_t	psa_usage_extend(psa_key_usage_t usage);

/* Whether usage holds an operation that needs the private half of an
 * asymmetric key: SIGN_HASH, SIGN_MESSAGE, DECRYPT, DERIVE. */
bool		psa_usage_needs_private(psa_key_usage_t usage);

/* ---- Validation of new keys (psa/validate.c) ----------------------------- */

/*
 * Attributes for a key about to be generated (or imported, once its size is
 * known). Checks, in order: type (NONE: INVALID_ARGUMENT; vendor or
 * unknown: NOT_SUPPORTED); size for the type (see validate.c's table);
 * usage (unknown bits: INVALID_ARGUMENT; WRAP/UNWRAP: NOT_SUPPORTED);
 * permitted algorithm (psa_alg_validate() as a policy, then
 * psa_key_type_alg_compatible()); last, unless allow_deprecated, deprecated
 * choices (psa_key_is_deprecated(), psa_alg_is_deprecated()) are
 * PSA_ERROR_NOT_SUPPORTED.
 */
psa_status_t	psa_attrs_validate_new(const struct psa_key_attrs *attrs,
		    bool allow_deprecated) __attribute__((warn_unused_result));

/*
 * As psa_attrs_validate_new(), except that bits == 0 is accepted and means
 * "from the key data" (spec psa_import_key()): the size checks are then
 * skipped, and the provider calls psa_attrs_validate_new() again once it
 * has parsed the data and knows the size.
 */
psa_status_t	psa_attrs_validate_import(const struct psa_key_attrs *attrs,
		    bool allow_deprecated) __attribute__((warn_unused_result));

/*
 * The size rule alone: PSA_SUCCESS, PSA_ERROR_INVALID_ARGUMENT (no key of
 * this type has this size), PSA_ERROR_NOT_SUPPORTED (a real size arcsec
 * does not offer, or an unknown type). Deprecated sizes pass here.
 */
psa_status_t	psa_key_size_validate(psa_key_type_t type, size_t bits)
		    __attribute__((warn_unused_result));

/* Refused for new keys unless deprecated use is allowed; the list and the
 * reasons are at the top of psa/validate.c. */
bool		psa_alg_is_deprecated(psa_algorithm_t alg);
bool		psa_key_is_deprecated(psa_key_type_t type, size_t bits);

/* ---- Algorithm encodings and key types (psa/compat.c) -------------------- */

/*
 * Whether alg is a well-formed algorithm arcsec knows. As a policy
 * (is_policy), PSA_ALG_NONE and wildcards are accepted; as the algorithm of
 * an operation they are PSA_ERROR_INVALID_ARGUMENT. Malformed values (a
 * scheme that needs a hash without one, HMAC(ANY_HASH), a MAC truncated
 * beyond its length, an AEAD tag length the mode does not define) are
 * PSA_ERROR_INVALID_ARGUMENT; values arcsec does not know or offer (vendor
 * algorithms, PAKE, CCM*, MD2/MD4, MACs under 4 bytes) are
 * PSA_ERROR_NOT_SUPPORTED.
 */
psa_status_t	psa_alg_validate(psa_algorithm_t alg, bool is_policy)
		    __attribute__((warn_unused_result));

/*
 * Whether a key of this type (pair or public alike) and size can be used
 * with alg, assumed to pass psa_alg_validate(). bits == 0 means "not known
 * yet" and skips size-dependent rules. PSA_ALG_NONE fits every type.
 */
bool		psa_key_type_alg_compatible(psa_key_type_t type, size_t bits,
		    psa_algorithm_t alg);

#endif
