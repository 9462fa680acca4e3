/* psa/names.h: human-readable names of key types, algorithms and usage
 * flags, for CLI output and log lines. Pure.
 *
 * Names follow the spec's macro names without the PSA_ALG_ / PSA_KEY_TYPE_
 * prefix, with hashes spelled as their standards do: "ECDSA(SHA-256)",
 * "ECC_KEY_PAIR(SECP_R1)", "TRUNCATED_MAC(HMAC(SHA-256),16)",
 * "KEY_AGREEMENT(ECDH,HKDF(SHA-256))", "SIGN_HASH|VERIFY_HASH". Values the
 * model does not know print as hex ("ALG(0x0a000001)", "KEY_TYPE(0x8001)",
 * "ECC_KEY_PAIR(0x99)"), so every value has a name and no two values
 * share one.
 *
 * Each function writes a NUL-terminated name into buf[0..size) and returns
 * buf, so it can sit inside a log call. A buffer of PSA_NAME_SIZE bytes
 * always holds the whole name; a smaller one gets the name cut short (still
 * terminated). With size 0 (or buf NULL) nothing is written and "" is
 * returned.
 */
#ifndef ARCSEC_PSA_NAMES_H
#define ARCSEC_PSA_NAMES_H

#include <stddef.h>

#include "psa/types.h"

#define PSA_NAME_SIZE	160

const char	*psa_alg_name(psa_algorithm_t alg, char *buf, size_t size);
const char	*psa_key_type_name(psa_key_type_t type, char *buf, size_t size);
const char	*psa_usage_name(psa_key_usage_t usage, char *buf, size_t size);

/* "SHA-256" for a hash algorithm, NULL for anything else. */
const char	*psa_hash_name(psa_algorithm_t alg);

#endif
