/* psa/validate.c: decide whether attributes describe a key arcsec will
 * create, and which choices are deprecated for new keys. Pure.
 *
 * Key sizes (bits) per type; anything else is INVALID_ARGUMENT unless noted:
 *   RAW_DATA, HMAC, DERIVE, PASSWORD, PASSWORD_HASH, PEPPER
 *              whole bytes, 8 .. PSA_KEY_BITS_MAX
 *   AES, ARIA, CAMELLIA   128, 192, 256       SM4                  128
 *   CHACHA20, XCHACHA20   256                 DES      64, 128, 192 (dep.)
 *   ARC4                  40 .. 2048, whole bytes (deprecated)
 *   RSA        1024 .. 8192 in whole bytes; other non-zero sizes are
 *              NOT_SUPPORTED (they exist, but no backend we drive -- TPM 2.0,
 *              PKCS#11 tokens, OpenSSL -- and no Parsec client uses them);
 *              1024 .. 2040 are deprecated
 *   ECC SECP_R1 192 (dep.), 224, 256, 384, 521   SECP_K1 256 (192, 224:
 *              NOT_SUPPORTED)   BRAINPOOL_P_R1 160, 192 (dep.), 224, 256,
 *              320, 384, 512   MONTGOMERY 255, 448   TWISTED_EDWARDS 255,
 *              448   SECP_R2 160, SECT_K1, SECT_R1, SECT_R2, FRP: the
 *              family's sizes are NOT_SUPPORTED (binary-field and obsolete
 *              curves: no backend); unknown families NOT_SUPPORTED
 *   DH RFC7919 2048, 3072, 4096, 6144, 8192
 * Size 0 is INVALID_ARGUMENT for generation; import accepts it as "from
 * the data" (psa_attrs_validate_import()).
 *
 * Deprecated for new keys (PSA_ERROR_NOT_SUPPORTED unless the caller allows
 * deprecated use, e.g. to import a legacy key for verification only):
 *   MD2/MD4/MD5 in any algorithm   practical collisions (Wang et al. 2004;
 *                                  RFC 6151)
 *   SHA-1 in signature schemes     chosen-prefix collisions (SHAttered 2017,
 *                                  Shambles 2020); NIST SP 800-131A Rev. 2
 *                                  disallows it for signature generation
 *   CBC-MAC                        forgeable for variable-length messages
 *                                  (spec warning on PSA_ALG_CBC_MAC)
 *   RSA below 2048 bits            SP 800-131A Rev. 2: under 112-bit
 *                                  security strength
 *   secp192r1, brainpoolP160r1, brainpoolP192r1
 *                                  under 112-bit strength (SP 800-57 Pt 1
 *                                  Table 2)
 *   DES and 3DES keys              56/112-bit strength, 64-bit block
 *                                  (Sweet32); SP 800-131A Rev. 2
 *   ARC4 keys                      RFC 7465 prohibits RC4
 *   HMAC keys under 112 bits       SP 800-131A Rev. 2 (MACs)
 * Considered and kept: RSA PKCS#1 v1.5 encryption (parsec-tool's default
 * for encryption keys and a TPM 2.0 scheme; its padding-oracle risk is the
 * decrypting provider's to close with implicit rejection, not the policy's),
 * OAEP, HMAC and KDFs over SHA-1 (none rests on collision resistance, RFC
 * 6194). Policies are checked, not operations: a key with an ANY_HASH
 * policy may still be asked for SHA-1; callers that care test the request
 * with psa_alg_is_deprecated().
 */
#include "psa/policy.h"

/* What the size table says about one (type, bits). */
enum psa_size_verdict {
	PSA_SIZE_OK,
	PSA_SIZE_DEPRECATED,	/* valid, offered only to allow_deprecated */
	PSA_SIZE_INVALID,	/* no key of this type has this size */
	PSA_SIZE_UNSUPPORTED,	/* a real size, or type, we do not offer */
};

#define PSA_RSA_BITS_MIN		1024u
#define PSA_RSA_BITS_DEPRECATED_BELOW	2048u
#define PSA_RSA_BITS_MAX		8192u
#define PSA_HMAC_BITS_DEPRECATED_BELOW	112u

#define PSA_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static enum psa_size_verdict
psa_size_in(size_t bits, const size_t *sizes, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (sizes[i] == bits)
			return PSA_SIZE_OK;
	return PSA_SIZE_INVALID;
}

static enum psa_size_verdict
psa_size_ecc(psa_ecc_family_t family, size_t bits)
{
	static const size_t secp_r1[] = { 224, 256, 384, 521 };
	static const size_t secp_k1_unsupported[] = { 192, 224 };
	static const size_t brainpool[] = { 224, 256, 320, 384, 512 };
	static const size_t brainpool_weak[] = { 160, 192 };
	static const size_t secp_r2[] = { 160 };
	static const size_t sect_k1[] = { 163, 233, 239, 283, 409, 571 };
	static const size_t sect_r1[] = { 163, 233, 283, 409, 571 };
	static const size_t sect_r2[] = { 163 };
	static const size_t frp[] = { 256 };
	static const size_t curve[] = { 255, 448 };
	enum psa_size_verdict v;

	switch (family) {
	case PSA_ECC_FAMILY_SECP_R1:
		if (bits == 192)
			return PSA_SIZE_DEPRECATED;
		return psa_size_in(bits, secp_r1, PSA_NELEM(secp_r1));
	case PSA_ECC_FAMILY_SECP_K1:
		if (bits == 256)
			return PSA_SIZE_OK;
		v = psa_size_in(bits, secp_k1_unsupported,
		    PSA_NELEM(secp_k1_unsupported));
		return v == PSA_SIZE_OK ? PSA_SIZE_UNSUPPORTED : v;
	case PSA_ECC_FAMILY_BRAINPOOL_P_R1:
		if (psa_size_in(bits, brainpool_weak,
		    PSA_NELEM(brainpool_weak)) == PSA_SIZE_OK)
			return PSA_SIZE_DEPRECATED;
		return psa_size_in(bits, brainpool, PSA_NELEM(brainpool));
	case PSA_ECC_FAMILY_MONTGOMERY:
	case PSA_ECC_FAMILY_TWISTED_EDWARDS:
		return psa_size_in(bits, curve, PSA_NELEM(curve));
	case PSA_ECC_FAMILY_SECP_R2:
		v = psa_size_in(bits, secp_r2, PSA_NELEM(secp_r2));
		break;
	case PSA_ECC_FAMILY_SECT_K1:
		v = psa_size_in(bits, sect_k1, PSA_NELEM(sect_k1));
		break;
	case PSA_ECC_FAMILY_SECT_R1:
		v = psa_size_in(bits, sect_r1, PSA_NELEM(sect_r1));
		break;
	case PSA_ECC_FAMILY_SECT_R2:
		v = psa_size_in(bits, sect_r2, PSA_NELEM(sect_r2));
		break;
	case PSA_ECC_FAMILY_FRP:
		v = psa_size_in(bits, frp, PSA_NELEM(frp));
		break;
	default:
		return PSA_SIZE_UNSUPPORTED;
	}
	/* Families no backend implements: real sizes are unsupported. */
	return v == PSA_SIZE_OK ? PSA_SIZE_UNSUPPORTED : v;
}

static enum psa_size_verdict
psa_size_rsa(size_t bits)
{
	if (bits % 8 != 0 || bits < PSA_RSA_BITS_MIN || bits > PSA_RSA_BITS_MAX)
		return PSA_SIZE_UNSUPPORTED;
	if (bits < PSA_RSA_BITS_DEPRECATED_BELOW)
		return PSA_SIZE_DEPRECATED;
	return PSA_SIZE_OK;
}

static enum psa_size_verdict
psa_size_raw(psa_key_type_t type, size_t bits)
{
	if (bits % 8 != 0)		/* these keys are byte strings */
		return PSA_SIZE_INVALID;
	if (bits > PSA_KEY_BITS_MAX)
		return PSA_SIZE_UNSUPPORTED;
	if (type == PSA_KEY_TYPE_HMAC && bits < PSA_HMAC_BITS_DEPRECATED_BELOW)
		return PSA_SIZE_DEPRECATED;
	return PSA_SIZE_OK;
}

static enum psa_size_verdict
psa_size_verdict(psa_key_type_t type, size_t bits)
{
	static const size_t aes[] = { 128, 192, 256 };
	static const size_t des[] = { 64, 128, 192 };
	static const size_t dh[] = { 2048, 3072, 4096, 6144, 8192 };

	if (type == PSA_KEY_TYPE_NONE || bits == 0)
		return PSA_SIZE_INVALID;
	switch (type) {
	case PSA_KEY_TYPE_RAW_DATA:
	case PSA_KEY_TYPE_HMAC:
	case PSA_KEY_TYPE_DERIVE:
	case PSA_KEY_TYPE_PASSWORD:
	case PSA_KEY_TYPE_PASSWORD_HASH:
	case PSA_KEY_TYPE_PEPPER:
		return psa_size_raw(type, bits);
	case PSA_KEY_TYPE_AES:
	case PSA_KEY_TYPE_ARIA:
	case PSA_KEY_TYPE_CAMELLIA:
		return psa_size_in(bits, aes, PSA_NELEM(aes));
	case PSA_KEY_TYPE_SM4:
		return bits == 128 ? PSA_SIZE_OK : PSA_SIZE_INVALID;
	case PSA_KEY_TYPE_CHACHA20:
	case PSA_KEY_TYPE_XCHACHA20:
		return bits == 256 ? PSA_SIZE_OK : PSA_SIZE_INVALID;
	case PSA_KEY_TYPE_DES:
		return psa_size_in(bits, des, PSA_NELEM(des)) == PSA_SIZE_OK ?
		    PSA_SIZE_DEPRECATED : PSA_SIZE_INVALID;
	case PSA_KEY_TYPE_ARC4:
		if (bits % 8 != 0 || bits < 40 || bits > 2048)
			return PSA_SIZE_INVALID;
		return PSA_SIZE_DEPRECATED;
	case PSA_KEY_TYPE_RSA_KEY_PAIR:
	case PSA_KEY_TYPE_RSA_PUBLIC_KEY:
		return psa_size_rsa(bits);
	default:
		break;
	}
	if (psa_key_type_is_ecc(type))
		return psa_size_ecc(psa_key_type_ecc_family(type), bits);
	if (psa_key_type_is_dh(type)) {
		if (psa_key_type_dh_family(type) != PSA_DH_FAMILY_RFC7919)
			return PSA_SIZE_UNSUPPORTED;
		return psa_size_in(bits, dh, PSA_NELEM(dh));
	}
	return PSA_SIZE_UNSUPPORTED;		/* vendor or unknown type */
}

psa_status_t
psa_key_size_validate(psa_key_type_t type, size_t bits)
{
	switch (psa_size_verdict(type, bits)) {
	case PSA_SIZE_OK:
	case PSA_SIZE_DEPRECATED:
		return PSA_SUCCESS;
	case PSA_SIZE_INVALID:
		return PSA_ERROR_INVALID_ARGUMENT;
	case PSA_SIZE_UNSUPPORTED:
		return PSA_ERROR_NOT_SUPPORTED;
	}
	return PSA_ERROR_CORRUPTION_DETECTED;	/* unreachable: all listed */
}

bool
psa_key_is_deprecated(psa_key_type_t type, size_t bits)
{
	if (type == PSA_KEY_TYPE_DES || type == PSA_KEY_TYPE_ARC4)
		return true;
	return bits != 0 && psa_size_verdict(type, bits) == PSA_SIZE_DEPRECATED;
}

bool
psa_alg_is_deprecated(psa_algorithm_t alg)
{
	psa_algorithm_t hash = psa_alg_is_hash(alg) ? alg :
	    psa_alg_get_hash(alg);

	if (hash == PSA_ALG_MD2 || hash == PSA_ALG_MD4 || hash == PSA_ALG_MD5)
		return true;
	if (psa_alg_is_hash_and_sign(alg) && hash == PSA_ALG_SHA_1)
		return true;
	return psa_alg_is_mac(alg) &&
	    PSA_ALG_FULL_LENGTH_MAC(alg) == PSA_ALG_CBC_MAC;
}

/* Whether a type value is one the PSA model names at all. */
static bool
psa_key_type_is_known(psa_key_type_t type)
{
	switch (type) {
	case PSA_KEY_TYPE_RAW_DATA:
	case PSA_KEY_TYPE_HMAC:
	case PSA_KEY_TYPE_DERIVE:
	case PSA_KEY_TYPE_PASSWORD:
	case PSA_KEY_TYPE_PASSWORD_HASH:
	case PSA_KEY_TYPE_PEPPER:
	case PSA_KEY_TYPE_AES:
	case PSA_KEY_TYPE_ARIA:
	case PSA_KEY_TYPE_DES:
	case PSA_KEY_TYPE_CAMELLIA:
	case PSA_KEY_TYPE_SM4:
	case PSA_KEY_TYPE_ARC4:
	case PSA_KEY_TYPE_CHACHA20:
	case PSA_KEY_TYPE_XCHACHA20:
	case PSA_KEY_TYPE_RSA_PUBLIC_KEY:
	case PSA_KEY_TYPE_RSA_KEY_PAIR:
		return true;
	default:
		return psa_key_type_is_ecc(type) || psa_key_type_is_dh(type);
	}
}

static psa_status_t
psa_attrs_validate(const struct psa_key_attrs *attrs, bool bits_from_data,
    bool allow_deprecated)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	bool size_known;

	if (attrs == NULL || attrs->type == PSA_KEY_TYPE_NONE) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (psa_key_type_is_vendor(attrs->type) ||
	    !psa_key_type_is_known(attrs->type)) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	size_known = !(bits_from_data && attrs->bits == 0);
	if (size_known &&
	    (status = psa_key_size_validate(attrs->type, attrs->bits)) !=
	    PSA_SUCCESS)
		goto out;

	if ((attrs->usage & (PSA_KEY_USAGE_WRAP | PSA_KEY_USAGE_UNWRAP)) != 0) {
		status = PSA_ERROR_NOT_SUPPORTED;	/* spec 1.3 wrapping */
		goto out;
	}
	if ((attrs->usage & ~PSA_KEY_USAGE_KNOWN_MASK) != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}

	if ((status = psa_alg_validate(attrs->alg, true)) != PSA_SUCCESS)
		goto out;
	if (!psa_key_type_alg_compatible(attrs->type,
	    size_known ? attrs->bits : 0, attrs->alg)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}

	/* Last, so a deprecated choice never hides a plain mistake. */
	if (!allow_deprecated &&
	    (psa_key_is_deprecated(attrs->type, size_known ? attrs->bits : 0) ||
	    psa_alg_is_deprecated(attrs->alg))) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	status = PSA_SUCCESS;
out:
	return status;
}

psa_status_t
psa_attrs_validate_new(const struct psa_key_attrs *attrs,
    bool allow_deprecated)
{
	return psa_attrs_validate(attrs, false, allow_deprecated);
}

psa_status_t
psa_attrs_validate_import(const struct psa_key_attrs *attrs,
    bool allow_deprecated)
{
	return psa_attrs_validate(attrs, true, allow_deprecated);
}
