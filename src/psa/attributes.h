/* psa/attributes.h: the attributes of a key (type, size, policy, lifetime)
 * and their stable binary encoding for the key store. Pure.
 *
 * Encoding, version 1, 16 bytes, integers little-endian:
 *
 *   off len field
 *     0   1 version       = PSA_ATTRS_VERSION (1)
 *     1   2 type          psa_key_type_t, never PSA_KEY_TYPE_NONE
 *     3   4 bits          key size in bits, at most PSA_KEY_BITS_MAX
 *     7   4 usage         psa_key_usage_t, as stored (any bits)
 *    11   4 alg           permitted algorithm, psa_algorithm_t
 *    15   1 flags         bit 0: is_persistent; bits 1-7 must be zero
 *
 * The key store keeps these bytes next to the provider's key reference. A
 * later format gets a new version byte; a decoder refuses versions it does
 * not know, trailing bytes and reserved flag bits rather than guessing, so
 * decode(encode(a)) == a and encode(decode(b)) == b for every accepted b
 * (fuzz/fuzz_psa_attr.c checks the second).
 */
#ifndef ARCSEC_PSA_ATTRIBUTES_H
#define ARCSEC_PSA_ATTRIBUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psa/status.h"
#include "psa/types.h"

struct psa_key_attrs {
	psa_key_type_t	type;
	size_t		bits;		/* key size in bits; 0: not yet known */
	psa_key_usage_t	usage;		/* PSA_KEY_USAGE_* flags */
	psa_algorithm_t	alg;		/* permitted; may be a wildcard */
	bool		is_persistent;	/* kept across restarts */
};

#define PSA_ATTRS_VERSION		1u
#define PSA_ATTRS_ENCODED_LEN		16u
#define PSA_ATTRS_FLAG_PERSISTENT	0x01u

/*
 * Encode *attrs into out[0..out_size). On success *out_len is
 * PSA_ATTRS_ENCODED_LEN. *out_len is 0 on any failure and out is then
 * zeroed up to out_size.
 * Returns PSA_SUCCESS; PSA_ERROR_BUFFER_TOO_SMALL if out_size is below
 * PSA_ATTRS_ENCODED_LEN; PSA_ERROR_INVALID_ARGUMENT if attrs, out or out_len
 * is NULL, the type is PSA_KEY_TYPE_NONE or bits exceeds PSA_KEY_BITS_MAX
 * (such attributes could not be read back).
 */
psa_status_t	psa_attrs_encode(const struct psa_key_attrs *attrs,
		    uint8_t *out, size_t out_size, size_t *out_len)
		    __attribute__((warn_unused_result));

/*
 * Decode exactly `len` bytes at `in` into *attrs. Nothing about the key's
 * policy is judged here (see psa_attrs_validate_new() in psa/policy.h);
 * only that the bytes are a version-1 record this code wrote.
 * *attrs is zeroed on entry, so a failure leaves no partial result.
 * Returns PSA_SUCCESS; PSA_ERROR_INVALID_ARGUMENT if in (with len > 0) or
 * attrs is NULL; PSA_ERROR_DATA_INVALID (PSA: "data read from storage is not
 * valid for the implementation") for an empty record, an unknown version, a
 * short record, trailing bytes, type NONE, bits above PSA_KEY_BITS_MAX or a
 * reserved flag bit.
 */
psa_status_t	psa_attrs_decode(const uint8_t *in, size_t len,
		    struct psa_key_attrs *attrs)
		    __attribute__((warn_unused_result));

#endif
