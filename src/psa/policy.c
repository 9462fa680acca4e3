/* psa/policy.c: decide whether a key's policy permits an operation (rules
 * in psa/policy.h). Pure. */
#include "psa/policy.h"

#include "psa/sizes.h"

psa_key_usage_t
psa_usage_extend(psa_key_usage_t usage)
{
	/* Spec, Key usage flags: SIGN_HASH "automatically sets"
	 * SIGN_MESSAGE, and VERIFY_HASH sets VERIFY_MESSAGE. */
	if (usage & PSA_KEY_USAGE_SIGN_HASH)
		usage |= PSA_KEY_USAGE_SIGN_MESSAGE;
	if (usage & PSA_KEY_USAGE_VERIFY_HASH)
		usage |= PSA_KEY_USAGE_VERIFY_MESSAGE;
	return usage;
}

bool
psa_usage_needs_private(psa_key_usage_t usage)
{
	return (usage & (PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_SIGN_MESSAGE |
	    PSA_KEY_USAGE_DECRYPT | PSA_KEY_USAGE_DERIVE)) != 0;
}

/* Whether alg is the kind of algorithm every operation in `ops` takes
 * (spec: each function's "alg" parameter). */
static bool
psa_policy_alg_fits_usage(psa_key_usage_t ops, psa_algorithm_t alg)
{
	if ((ops & (PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH)) &&
	    !psa_alg_is_sign_hash(alg))
		return false;
	if ((ops & (PSA_KEY_USAGE_SIGN_MESSAGE |
	    PSA_KEY_USAGE_VERIFY_MESSAGE)) &&
	    !psa_alg_is_sign_message(alg) && !psa_alg_is_mac(alg))
		return false;
	if ((ops & (PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT)) &&
	    !psa_alg_is_cipher(alg) && !psa_alg_is_aead(alg) &&
	    !psa_alg_is_asymmetric_encryption(alg))
		return false;
	if ((ops & (PSA_KEY_USAGE_DERIVE | PSA_KEY_USAGE_VERIFY_DERIVATION)) &&
	    !psa_alg_is_key_derivation(alg) && !psa_alg_is_key_agreement(alg))
		return false;
	return true;
}

/* Whether the operations need the private half of an asymmetric key:
 * signing, asymmetric decryption, key agreement (spec: psa_sign_hash() and
 * friends answer INVALID_ARGUMENT for "not a key pair"). */
static bool
psa_policy_key_part_fits(psa_key_type_t type, psa_key_usage_t ops,
    psa_algorithm_t alg)
{
	bool private_op;

	if (!psa_key_type_is_public_key(type))
		return true;
	private_op = ((ops & (PSA_KEY_USAGE_SIGN_HASH |
	    PSA_KEY_USAGE_SIGN_MESSAGE)) && psa_alg_is_sign(alg)) ||
	    ((ops & PSA_KEY_USAGE_DECRYPT) &&
	    psa_alg_is_asymmetric_encryption(alg)) ||
	    psa_alg_is_key_agreement(alg);
	return !private_op;
}

static bool
psa_policy_permits_sign(psa_algorithm_t policy, psa_algorithm_t req,
    bool verify_only)
{
	psa_algorithm_t p = policy, r = req;

	if (psa_alg_sign_get_hash(policy) == PSA_ALG_ANY_HASH) {
		/* Spec, Permitted algorithms: RSA_PKCS1V15_SIGN(ANY_HASH)
		 * also permits the raw form; no other ANY_HASH policy
		 * permits a raw form (spec, PSA_ALG_ECDSA_ANY: only an
		 * ECDSA_ANY policy permits ECDSA_ANY). */
		if (policy == PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_ANY_HASH) &&
		    req == PSA_ALG_RSA_PKCS1V15_SIGN_RAW)
			return true;
		if (psa_alg_sign_get_hash(req) != 0) {
			p &= ~PSA_ALG_HASH_MASK;
			r &= ~PSA_ALG_HASH_MASK;
		}
	}
	/* Spec, PSA_ALG_ECDSA: ECDSA(h) and DETERMINISTIC_ECDSA(h) verify
	 * identically, so for verification each policy permits the other. */
	if (verify_only && psa_alg_is_ecdsa(policy) && psa_alg_is_ecdsa(req) &&
	    psa_alg_sign_get_hash(req) != 0) {
		p &= ~PSA_ALG_ECDSA_DETERMINISTIC_FLAG;
		r &= ~PSA_ALG_ECDSA_DETERMINISTIC_FLAG;
	}
	/* arcsec extension (not in the spec): an ANY_SALT policy permits the
	 * standard-salt scheme, which signs the same way and accepts a subset
	 * of the signatures ANY_SALT accepts. The reverse would widen what a
	 * verifying key accepts, and stays forbidden. */
	if (psa_alg_is_rsa_pss_any_salt(policy) &&
	    psa_alg_is_rsa_pss_standard_salt(req))
		r = (r & PSA_ALG_HASH_MASK) | PSA_ALG_RSA_PSS_ANY_SALT_BASE;
	return p == r;
}

static bool
psa_policy_permits_mac(psa_key_type_t type, size_t bits,
    psa_algorithm_t policy, psa_algorithm_t req)
{
	size_t full_len, req_len, policy_len;

	if (PSA_ALG_FULL_LENGTH_MAC(policy) != PSA_ALG_FULL_LENGTH_MAC(req))
		return false;
	full_len = psa_mac_length(type, bits, PSA_ALG_FULL_LENGTH_MAC(req));
	if (full_len == 0)
		return false;
	req_len = psa_mac_length(type, bits, req);
	policy_len = psa_alg_mac_truncated_length(policy);

	/* A full-length policy permits exactly the full-length MAC, however
	 * it is spelled (truncated to its own length or not). */
	if (policy_len == 0)
		return req_len == full_len;
	/* ...and a policy truncated to the full length permits the plain
	 * full-length MAC, with or without the at-least flag. */
	if (psa_alg_mac_truncated_length(req) == 0 && policy_len == full_len)
		return true;
	if (psa_alg_mac_is_at_least_this_length(policy))
		return policy_len <= req_len;
	return false;
}

static bool
psa_policy_permits_aead(psa_algorithm_t policy, psa_algorithm_t req)
{
	if (PSA_ALG_AEAD_WITH_SHORTENED_TAG(policy, 0) !=
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(req, 0) ||
	    !psa_alg_aead_is_at_least_this_length(policy))
		return false;
	return psa_alg_aead_encoded_tag_length(policy) <=
	    psa_alg_aead_encoded_tag_length(req);
}

/* Whether the permitted algorithm `policy` admits the specific algorithm
 * `req` (not a wildcard; checked by the caller). */
static bool
psa_policy_permits(psa_key_type_t type, size_t bits, psa_algorithm_t policy,
    psa_algorithm_t req, bool verify_only)
{
	if (policy == PSA_ALG_NONE)
		return false;		/* spec: permits no operation */
	if (policy == req)
		return true;
	if (psa_alg_is_sign(policy) && psa_alg_is_sign(req))
		return psa_policy_permits_sign(policy, req, verify_only);
	if (psa_alg_is_mac(policy) && psa_alg_is_mac(req))
		return psa_policy_permits_mac(type, bits, policy, req);
	if (psa_alg_is_aead(policy) && psa_alg_is_aead(req))
		return psa_policy_permits_aead(policy, req);
	/* Spec, Permitted algorithms: a standalone key agreement permits
	 * itself followed by
	 * any key derivation. */
	if (psa_alg_is_raw_key_agreement(policy) &&
	    psa_alg_is_key_agreement(req))
		return psa_alg_key_agreement_get_base(req) == policy;
	return false;
}

bool
psa_policy_alg_permits(psa_key_type_t type, size_t bits, psa_algorithm_t policy,
    psa_algorithm_t req)
{
	return !psa_alg_is_wildcard(req) &&
	    psa_policy_permits(type, bits, policy, req, false);
}

/* The argument half of psa_policy_check(): is this a request that could
 * ever succeed on a key of this type? */
static psa_status_t
psa_policy_check_request(const struct psa_key_attrs *key,
    psa_key_usage_t ops, psa_algorithm_t alg)
{
	psa_status_t status;

	if (ops == 0)	/* EXPORT/COPY/CACHE take no algorithm */
		return alg == PSA_ALG_NONE ? PSA_SUCCESS :
		    PSA_ERROR_INVALID_ARGUMENT;
	/* NONE and wildcards are INVALID_ARGUMENT here (spec: "a requested
	 * algorithm cannot be a wildcard"). */
	if ((status = psa_alg_validate(alg, false)) != PSA_SUCCESS)
		return status;
	if (!psa_policy_alg_fits_usage(ops, alg) ||
	    !psa_key_type_alg_compatible(key->type, key->bits, alg) ||
	    !psa_policy_key_part_fits(key->type, ops, alg))
		return PSA_ERROR_INVALID_ARGUMENT;
	return PSA_SUCCESS;
}

psa_status_t
psa_policy_check(const struct psa_key_attrs *key, psa_key_usage_t needed_usage,
    psa_algorithm_t requested_alg)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	psa_key_usage_t ops, usage;
	bool verify_only;

	if (key == NULL || needed_usage == 0 ||
	    (needed_usage & ~PSA_KEY_USAGE_KNOWN_MASK) != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	ops = needed_usage & PSA_KEY_USAGE_OPERATION_MASK;
	if ((status = psa_policy_check_request(key, ops, requested_alg)) !=
	    PSA_SUCCESS)
		goto out;

	usage = psa_usage_extend(key->usage);
	if (psa_key_type_is_public_key(key->type))
		usage |= PSA_KEY_USAGE_EXPORT;	/* spec: USAGE_EXPORT */
	if ((usage & needed_usage) != needed_usage) {
		status = PSA_ERROR_NOT_PERMITTED;
		goto out;
	}

	verify_only = (ops & (PSA_KEY_USAGE_VERIFY_HASH |
	    PSA_KEY_USAGE_VERIFY_MESSAGE)) != 0 &&
	    (ops & ~(psa_key_usage_t)(PSA_KEY_USAGE_VERIFY_HASH |
	    PSA_KEY_USAGE_VERIFY_MESSAGE)) == 0;
	if (ops != 0 && !psa_policy_permits(key->type, key->bits, key->alg,
	    requested_alg, verify_only)) {
		status = PSA_ERROR_NOT_PERMITTED;
		goto out;
	}
	status = PSA_SUCCESS;
out:
	return status;
}

psa_status_t
psa_policy_check_export(const struct psa_key_attrs *key)
{
	if (key == NULL || key->type == PSA_KEY_TYPE_NONE)
		return PSA_ERROR_INVALID_ARGUMENT;
	if (psa_key_type_is_public_key(key->type))
		return PSA_SUCCESS;
	return (key->usage & PSA_KEY_USAGE_EXPORT) ? PSA_SUCCESS :
	    PSA_ERROR_NOT_PERMITTED;
}

psa_status_t
psa_policy_check_export_public(const struct psa_key_attrs *key)
{
	if (key == NULL || !psa_key_type_is_asymmetric(key->type))
		return PSA_ERROR_INVALID_ARGUMENT;
	return PSA_SUCCESS;
}
