/* daemon/convert_alg.c: Parsec's Algorithm messages to and from PSA
 * algorithm identifiers. Pure.
 *
 * Shapes follow parsec-interface-rs src/operations_protobuf/
 * convert_psa_algorithm.rs; the PSA value of each shape is the one
 * rust-psa-crypto's psa-crypto/src/types/algorithm.rs builds with the
 * PSA_ALG_* macros (here those of psa/types.h, PSA Crypto API 1.x).
 */
#include "daemon/convert.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONVERT_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The largest MAC or tag length PSA can encode: both live in a 6-bit field
 * (PSA_ALG_TRUNCATED_MAC, PSA_ALG_AEAD_WITH_SHORTENED_TAG), and those
 * macros would silently mask a larger one down to something else. */
#define CONVERT_MAC_LEN_MAX	\
	(PSA_ALG_MAC_TRUNCATION_MASK >> PSA_MAC_TRUNCATION_OFFSET)
#define CONVERT_AEAD_TAG_LEN_MAX	\
	(PSA_ALG_AEAD_TAG_LENGTH_MASK >> PSA_AEAD_TAG_LENGTH_OFFSET)

/* The generated oneof case names run past 80 columns; these aliases keep
 * each case label on one line. */
#define ALG_V_NONE	PSA_ALGORITHM__ALGORITHM__VARIANT_NONE
#define ALG_V_HASH	PSA_ALGORITHM__ALGORITHM__VARIANT_HASH
#define ALG_V_MAC	PSA_ALGORITHM__ALGORITHM__VARIANT_MAC
#define ALG_V_CIPHER	PSA_ALGORITHM__ALGORITHM__VARIANT_CIPHER
#define ALG_V_AEAD	PSA_ALGORITHM__ALGORITHM__VARIANT_AEAD
#define ALG_V_SIGN	PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE
#define ALG_V_ASYM_ENC	PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_ENCRYPTION
#define ALG_V_KA	PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_AGREEMENT
#define ALG_V_KDF	PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_DERIVATION

#define MAC_V_FULL	PSA_ALGORITHM__ALGORITHM__MAC__VARIANT_FULL_LENGTH
#define MAC_V_TRUNC	PSA_ALGORITHM__ALGORITHM__MAC__VARIANT_TRUNCATED
#define MAC_FULL_V_HMAC	PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_HMAC
#define MAC_FULL_V_CBC_MAC \
	PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_CBC_MAC
#define MAC_FULL_V_CMAC	PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_CMAC

#define AEAD_V_DEFAULT	\
	PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_DEFAULT_LENGTH_TAG
#define AEAD_V_SHORT	\
	PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_SHORTENED_TAG

#define SIGN_V(x)	PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_##x
#define SIGN_HASH_V(x)	\
	PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_##x
#define ASYM_ENC_V(x)	PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_##x
#define KA_V(x)		PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_##x
#define KDF_V(x)	PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_##x

/* One schema enum value and the PSA value it stands for. */
struct convert_map {
	int32_t		pb;
	psa_algorithm_t	psa;
};

/* Algorithm.Hash. The schema's numbering is its own (SHA_224 is 6, its PSA
 * low byte 0x08); pairs as in parsec-interface-rs TryFrom<HashProto> and
 * psa-crypto From<Hash> for psa_algorithm_t. HASH_NONE is absent: zero is
 * proto3's "unset" and never a hash (Parsec: "not allowed (mandatory
 * field)"). */
static const struct convert_map convert_hashes[] = {
	{ PSA_ALGORITHM__ALGORITHM__HASH__MD2,		PSA_ALG_MD2 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__MD4,		PSA_ALG_MD4 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__MD5,		PSA_ALG_MD5 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__RIPEMD160,	PSA_ALG_RIPEMD160 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__SHA_1,	PSA_ALG_SHA_1 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__SHA_224,	PSA_ALG_SHA_224 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__SHA_256,	PSA_ALG_SHA_256 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__SHA_384,	PSA_ALG_SHA_384 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__SHA_512,	PSA_ALG_SHA_512 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__SHA_512_224,	PSA_ALG_SHA_512_224 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__SHA_512_256,	PSA_ALG_SHA_512_256 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__SHA3_224,	PSA_ALG_SHA3_224 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__SHA3_256,	PSA_ALG_SHA3_256 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__SHA3_384,	PSA_ALG_SHA3_384 },
	{ PSA_ALGORITHM__ALGORITHM__HASH__SHA3_512,	PSA_ALG_SHA3_512 },
};

/* Algorithm.Cipher, as psa-crypto maps its Cipher enum. */
static const struct convert_map convert_ciphers[] = {
	{ PSA_ALGORITHM__ALGORITHM__CIPHER__STREAM_CIPHER, PSA_ALG_STREAM_CIPHER },
	{ PSA_ALGORITHM__ALGORITHM__CIPHER__CTR,	PSA_ALG_CTR },
	{ PSA_ALGORITHM__ALGORITHM__CIPHER__CFB,	PSA_ALG_CFB },
	{ PSA_ALGORITHM__ALGORITHM__CIPHER__OFB,	PSA_ALG_OFB },
	{ PSA_ALGORITHM__ALGORITHM__CIPHER__XTS,	PSA_ALG_XTS },
	{ PSA_ALGORITHM__ALGORITHM__CIPHER__ECB_NO_PADDING,
	    PSA_ALG_ECB_NO_PADDING },
	{ PSA_ALGORITHM__ALGORITHM__CIPHER__CBC_NO_PADDING,
	    PSA_ALG_CBC_NO_PADDING },
	{ PSA_ALGORITHM__ALGORITHM__CIPHER__CBC_PKCS7,	PSA_ALG_CBC_PKCS7 },
};

/* Algorithm.Aead.AeadWithDefaultLengthTag: the default-tag values, whose
 * tag-length field holds 16 (spec PSA_ALG_AEAD_WITH_DEFAULT_LENGTH_TAG). */
static const struct convert_map convert_aeads[] = {
	{ PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CCM,
	    PSA_ALG_CCM },
	{ PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__GCM,
	    PSA_ALG_GCM },
	{ PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CHACHA20_POLY1305,
	    PSA_ALG_CHACHA20_POLY1305 },
};

/* Algorithm.KeyAgreement.Raw. */
static const struct convert_map convert_ka_raws[] = {
	{ PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__FFDH,	PSA_ALG_FFDH },
	{ PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__ECDH,	PSA_ALG_ECDH },
};

/* Schema enum -> PSA; a value the table lacks (the *_NONE zero, or any
 * int32 proto3 let through) is INVALID_ARGUMENT. */
static psa_status_t
convert_map_from_pb(const struct convert_map *map, size_t count, int32_t pb,
    psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	size_t i;

	*out = PSA_ALG_NONE;
	for (i = 0; i < count; i++) {
		if (map[i].pb == pb) {
			*out = map[i].psa;
			status = PSA_SUCCESS;
			break;
		}
	}
	return status;
}

/* PSA -> schema enum; a value the table lacks has no spelling. */
static psa_status_t
convert_map_to_pb(const struct convert_map *map, size_t count,
    psa_algorithm_t psa, int32_t *out)
{
	psa_status_t status = PSA_ERROR_NOT_SUPPORTED;
	size_t i;

	*out = 0;
	for (i = 0; i < count; i++) {
		if (map[i].psa == psa) {
			*out = map[i].pb;
			status = PSA_SUCCESS;
			break;
		}
	}
	return status;
}

/* ---- Enums ---------------------------------------------------------------- */

psa_status_t
convert_hash_from_pb(PsaAlgorithm__Algorithm__Hash pb, psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out != NULL)
		status = convert_map_from_pb(convert_hashes,
		    CONVERT_NELEM(convert_hashes), (int32_t)pb, out);
	return status;
}

psa_status_t
convert_hash_to_pb(psa_algorithm_t hash, PsaAlgorithm__Algorithm__Hash *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	int32_t pb = 0;

	if (out == NULL)
		goto out;
	*out = PSA_ALGORITHM__ALGORITHM__HASH__HASH_NONE;
	if ((hash & PSA_ALG_CATEGORY_MASK) != PSA_ALG_CATEGORY_HASH)
		goto out;
	if ((status = convert_map_to_pb(convert_hashes,
	    CONVERT_NELEM(convert_hashes), hash, &pb)) != PSA_SUCCESS)
		goto out;
	*out = (PsaAlgorithm__Algorithm__Hash)pb;
out:
	return status;
}

/* The hash a hash-parameterised algorithm carries in its low byte (spec:
 * PSA_ALG_GET_HASH is alg & 0xff | PSA_ALG_CATEGORY_HASH). A low byte of 0
 * or 0xff (ANY_HASH) has no Hash spelling. */
static psa_status_t
convert_hash_of(psa_algorithm_t alg, PsaAlgorithm__Algorithm__Hash *out)
{
	return convert_hash_to_pb(PSA_ALG_CATEGORY_HASH |
	    (alg & PSA_ALG_HASH_MASK), out);
}

psa_status_t
convert_cipher_from_pb(PsaAlgorithm__Algorithm__Cipher pb, psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out != NULL)
		status = convert_map_from_pb(convert_ciphers,
		    CONVERT_NELEM(convert_ciphers), (int32_t)pb, out);
	return status;
}

psa_status_t
convert_cipher_to_pb(psa_algorithm_t alg, PsaAlgorithm__Algorithm__Cipher *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	int32_t pb = 0;

	if (out == NULL)
		goto out;
	*out = PSA_ALGORITHM__ALGORITHM__CIPHER__CIPHER_NONE;
	if ((alg & PSA_ALG_CATEGORY_MASK) != PSA_ALG_CATEGORY_CIPHER)
		goto out;
	if ((status = convert_map_to_pb(convert_ciphers,
	    CONVERT_NELEM(convert_ciphers), alg, &pb)) != PSA_SUCCESS)
		goto out;
	*out = (PsaAlgorithm__Algorithm__Cipher)pb;
out:
	return status;
}

psa_status_t
convert_ka_raw_from_pb(PsaAlgorithm__Algorithm__KeyAgreement__Raw pb,
    psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out != NULL)
		status = convert_map_from_pb(convert_ka_raws,
		    CONVERT_NELEM(convert_ka_raws), (int32_t)pb, out);
	return status;
}

psa_status_t
convert_ka_raw_to_pb(psa_algorithm_t alg,
    PsaAlgorithm__Algorithm__KeyAgreement__Raw *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	int32_t pb = 0;

	if (out == NULL)
		goto out;
	*out = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__RAW_NONE;
	if ((alg & PSA_ALG_CATEGORY_MASK) != PSA_ALG_CATEGORY_KEY_AGREEMENT)
		goto out;
	/* Exact match: an agreement followed by a KDF is not "raw". */
	if ((status = convert_map_to_pb(convert_ka_raws,
	    CONVERT_NELEM(convert_ka_raws), alg, &pb)) != PSA_SUCCESS)
		goto out;
	*out = (PsaAlgorithm__Algorithm__KeyAgreement__Raw)pb;
out:
	return status;
}

/* ---- pb -> PSA ------------------------------------------------------------ */

/* An empty marker message (CbcMac, EcdsaAny, ...): chosen if present. */
static psa_status_t
convert_marker(const void *msg, psa_algorithm_t value, psa_algorithm_t *alg)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (msg != NULL) {
		*alg = value;
		status = PSA_SUCCESS;
	}
	return status;
}

/* base | hash: how PSA builds every hash-parameterised algorithm
 * (PSA_ALG_HMAC, PSA_ALG_RSA_OAEP, PSA_ALG_HKDF, PSA_ALG_ECDSA, ...). */
static psa_status_t
convert_hashed(PsaAlgorithm__Algorithm__Hash pb, psa_algorithm_t base,
    psa_algorithm_t *alg)
{
	psa_algorithm_t hash = PSA_ALG_NONE;
	psa_status_t status;

	if ((status = convert_hash_from_pb(pb, &hash)) == PSA_SUCCESS)
		*alg = base | (hash & PSA_ALG_HASH_MASK);
	return status;
}

/* As convert_hashed(), for the SignHash of a signature scheme; Any gives
 * SCHEME(PSA_ALG_ANY_HASH), the policy wildcard. */
static psa_status_t
convert_sign_hashed(
    const PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash *pb,
    psa_algorithm_t base, psa_algorithm_t *alg)
{
	psa_algorithm_t hash = PSA_ALG_NONE;
	psa_status_t status;

	if ((status = convert_sign_hash_from_pb(pb, &hash)) == PSA_SUCCESS)
		*alg = base | (hash & PSA_ALG_HASH_MASK);
	return status;
}

psa_status_t
convert_sign_hash_from_pb(
    const PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash *pb,
    psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = PSA_ALG_NONE;
	if (pb == NULL)
		goto out;
	switch (pb->variant_case) {
	case SIGN_HASH_V(ANY):
		status = convert_marker(pb->any, PSA_ALG_ANY_HASH, out);
		break;
	case SIGN_HASH_V(SPECIFIC):
		status = convert_hash_from_pb(pb->specific, out);
		break;
	default:		/* NOT_SET: parsec-interface-rs refuses it too */
		break;
	}
out:
	return status;
}

static psa_status_t
convert_mac_full_from_pb(const PsaAlgorithm__Algorithm__Mac__FullLength *pb,
    psa_algorithm_t *alg)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (pb == NULL)
		goto out;
	switch (pb->variant_case) {
	case MAC_FULL_V_HMAC:
		if (pb->hmac != NULL)
			status = convert_hashed(pb->hmac->hash_alg,
			    PSA_ALG_HMAC_BASE, alg);
		break;
	case MAC_FULL_V_CBC_MAC:
		status = convert_marker(pb->cbc_mac, PSA_ALG_CBC_MAC, alg);
		break;
	case MAC_FULL_V_CMAC:
		status = convert_marker(pb->cmac, PSA_ALG_CMAC, alg);
		break;
	default:
		break;
	}
out:
	return status;
}

psa_status_t
convert_mac_from_pb(const PsaAlgorithm__Algorithm__Mac *pb,
    psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	const PsaAlgorithm__Algorithm__Mac__Truncated *t;
	psa_algorithm_t alg = PSA_ALG_NONE;

	if (out == NULL)
		goto out;
	*out = PSA_ALG_NONE;
	if (pb == NULL)
		goto out;
	switch (pb->variant_case) {
	case MAC_V_FULL:
		status = convert_mac_full_from_pb(pb->full_length, &alg);
		break;
	case MAC_V_TRUNC:
		/* Length 0 would read back as the full-length MAC, and the
		 * spec forbids it (PSA_ALG_TRUNCATED_MAC); above 63 the
		 * field cannot hold it. Whether the length suits the MAC is
		 * psa_alg_validate()'s call. */
		if ((t = pb->truncated) == NULL || t->mac_length == 0 ||
		    t->mac_length > CONVERT_MAC_LEN_MAX)
			break;
		if ((status = convert_mac_full_from_pb(t->mac_alg, &alg)) ==
		    PSA_SUCCESS)
			alg = PSA_ALG_TRUNCATED_MAC(alg, t->mac_length);
		break;
	default:
		break;
	}
	if (status == PSA_SUCCESS)
		*out = alg;
out:
	return status;
}

psa_status_t
convert_aead_from_pb(const PsaAlgorithm__Algorithm__Aead *pb,
    psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	const PsaAlgorithm__Algorithm__Aead__AeadWithShortenedTag *s;
	psa_algorithm_t alg = PSA_ALG_NONE;

	if (out == NULL)
		goto out;
	*out = PSA_ALG_NONE;
	if (pb == NULL)
		goto out;
	switch (pb->variant_case) {
	case AEAD_V_DEFAULT:
		status = convert_map_from_pb(convert_aeads,
		    CONVERT_NELEM(convert_aeads),
		    (int32_t)pb->aead_with_default_length_tag, &alg);
		break;
	case AEAD_V_SHORT:
		/* As for truncated MACs: 0 and > 63 have no encoding. */
		if ((s = pb->aead_with_shortened_tag) == NULL ||
		    s->tag_length == 0 || s->tag_length > CONVERT_AEAD_TAG_LEN_MAX)
			break;
		if ((status = convert_map_from_pb(convert_aeads,
		    CONVERT_NELEM(convert_aeads), (int32_t)s->aead_alg, &alg)) ==
		    PSA_SUCCESS)
			alg = PSA_ALG_AEAD_WITH_SHORTENED_TAG(alg, s->tag_length);
		break;
	default:
		break;
	}
	if (status == PSA_SUCCESS)
		*out = alg;
out:
	return status;
}

psa_status_t
convert_sign_from_pb(const PsaAlgorithm__Algorithm__AsymmetricSignature *pb,
    psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	psa_algorithm_t alg = PSA_ALG_NONE;

	if (out == NULL)
		goto out;
	*out = PSA_ALG_NONE;
	if (pb == NULL)
		goto out;
	switch (pb->variant_case) {
	case SIGN_V(RSA_PKCS1V15_SIGN):
		if (pb->rsa_pkcs1v15_sign != NULL)
			status = convert_sign_hashed(
			    pb->rsa_pkcs1v15_sign->hash_alg,
			    PSA_ALG_RSA_PKCS1V15_SIGN_BASE, &alg);
		break;
	case SIGN_V(RSA_PKCS1V15_SIGN_RAW):
		status = convert_marker(pb->rsa_pkcs1v15_sign_raw,
		    PSA_ALG_RSA_PKCS1V15_SIGN_RAW, &alg);
		break;
	case SIGN_V(RSA_PSS):
		/* The standard-salt PSS: psa-crypto maps RsaPss to
		 * PSA_ALG_RSA_PSS, and the schema has no ANY_SALT. */
		if (pb->rsa_pss != NULL)
			status = convert_sign_hashed(pb->rsa_pss->hash_alg,
			    PSA_ALG_RSA_PSS_BASE, &alg);
		break;
	case SIGN_V(ECDSA):
		if (pb->ecdsa != NULL)
			status = convert_sign_hashed(pb->ecdsa->hash_alg,
			    PSA_ALG_ECDSA_BASE, &alg);
		break;
	case SIGN_V(ECDSA_ANY):
		status = convert_marker(pb->ecdsa_any, PSA_ALG_ECDSA_ANY, &alg);
		break;
	case SIGN_V(DETERMINISTIC_ECDSA):
		if (pb->deterministic_ecdsa != NULL)
			status = convert_sign_hashed(
			    pb->deterministic_ecdsa->hash_alg,
			    PSA_ALG_DETERMINISTIC_ECDSA_BASE, &alg);
		break;
	default:
		break;
	}
	if (status == PSA_SUCCESS)
		*out = alg;
out:
	return status;
}

psa_status_t
convert_asym_enc_from_pb(
    const PsaAlgorithm__Algorithm__AsymmetricEncryption *pb,
    psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	psa_algorithm_t alg = PSA_ALG_NONE;

	if (out == NULL)
		goto out;
	*out = PSA_ALG_NONE;
	if (pb == NULL)
		goto out;
	switch (pb->variant_case) {
	case ASYM_ENC_V(RSA_PKCS1V15_CRYPT):
		status = convert_marker(pb->rsa_pkcs1v15_crypt,
		    PSA_ALG_RSA_PKCS1V15_CRYPT, &alg);
		break;
	case ASYM_ENC_V(RSA_OAEP):
		if (pb->rsa_oaep != NULL)
			status = convert_hashed(pb->rsa_oaep->hash_alg,
			    PSA_ALG_RSA_OAEP_BASE, &alg);
		break;
	default:
		break;
	}
	if (status == PSA_SUCCESS)
		*out = alg;
out:
	return status;
}

psa_status_t
convert_kdf_from_pb(const PsaAlgorithm__Algorithm__KeyDerivation *pb,
    psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	psa_algorithm_t alg = PSA_ALG_NONE;

	if (out == NULL)
		goto out;
	*out = PSA_ALG_NONE;
	if (pb == NULL)
		goto out;
	switch (pb->variant_case) {
	case KDF_V(HKDF):
		if (pb->hkdf != NULL)
			status = convert_hashed(pb->hkdf->hash_alg,
			    PSA_ALG_HKDF_BASE, &alg);
		break;
	case KDF_V(TLS12_PRF):
		if (pb->tls12_prf != NULL)
			status = convert_hashed(pb->tls12_prf->hash_alg,
			    PSA_ALG_TLS12_PRF_BASE, &alg);
		break;
	case KDF_V(TLS12_PSK_TO_MS):
		if (pb->tls12_psk_to_ms != NULL)
			status = convert_hashed(pb->tls12_psk_to_ms->hash_alg,
			    PSA_ALG_TLS12_PSK_TO_MS_BASE, &alg);
		break;
	default:
		break;
	}
	if (status == PSA_SUCCESS)
		*out = alg;
out:
	return status;
}

psa_status_t
convert_ka_from_pb(const PsaAlgorithm__Algorithm__KeyAgreement *pb,
    psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	const PsaAlgorithm__Algorithm__KeyAgreement__WithKeyDerivation *w;
	psa_algorithm_t ka = PSA_ALG_NONE, kdf = PSA_ALG_NONE;

	if (out == NULL)
		goto out;
	*out = PSA_ALG_NONE;
	if (pb == NULL)
		goto out;
	switch (pb->variant_case) {
	case KA_V(RAW):
		status = convert_ka_raw_from_pb(pb->raw, &ka);
		break;
	case KA_V(WITH_KEY_DERIVATION):
		if ((w = pb->with_key_derivation) == NULL)
			break;
		/* Every KDF the schema names is a non-stretching one, so
		 * each combination is a valid PSA_ALG_KEY_AGREEMENT. */
		if ((status = convert_ka_raw_from_pb(w->ka_alg, &ka)) ==
		    PSA_SUCCESS &&
		    (status = convert_kdf_from_pb(w->kdf_alg, &kdf)) ==
		    PSA_SUCCESS)
			ka = PSA_ALG_KEY_AGREEMENT(ka, kdf);
		break;
	default:
		break;
	}
	if (status == PSA_SUCCESS)
		*out = ka;
out:
	return status;
}

psa_status_t
convert_alg_from_pb(const PsaAlgorithm__Algorithm *pb, psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	psa_algorithm_t alg = PSA_ALG_NONE;

	if (out == NULL)
		goto out;
	*out = PSA_ALG_NONE;
	if (pb == NULL)
		goto out;
	switch (pb->variant_case) {
	case ALG_V_NONE:
		/* Algorithm::None: a policy that permits no operation. */
		status = convert_marker(pb->none, PSA_ALG_NONE, &alg);
		break;
	case ALG_V_HASH:
		status = convert_hash_from_pb(pb->hash, &alg);
		break;
	case ALG_V_MAC:
		status = convert_mac_from_pb(pb->mac, &alg);
		break;
	case ALG_V_CIPHER:
		status = convert_cipher_from_pb(pb->cipher, &alg);
		break;
	case ALG_V_AEAD:
		status = convert_aead_from_pb(pb->aead, &alg);
		break;
	case ALG_V_SIGN:
		status = convert_sign_from_pb(pb->asymmetric_signature, &alg);
		break;
	case ALG_V_ASYM_ENC:
		status = convert_asym_enc_from_pb(pb->asymmetric_encryption,
		    &alg);
		break;
	case ALG_V_KA:
		status = convert_ka_from_pb(pb->key_agreement, &alg);
		break;
	case ALG_V_KDF:
		status = convert_kdf_from_pb(pb->key_derivation, &alg);
		break;
	default:		/* NOT_SET: Parsec refuses an empty Algorithm */
		break;
	}
	if (status == PSA_SUCCESS)
		*out = alg;
out:
	return status;
}

/* ---- PSA -> pb ------------------------------------------------------------ */

/* Each fill function builds one family's message inside the arena and
 * answers PSA_ERROR_NOT_SUPPORTED for a value of its category that the
 * schema cannot spell; on failure the family's root message is left empty.
 * The category itself was checked by the caller. */

static psa_status_t
convert_mac_fill(psa_algorithm_t alg, struct convert_pb_alg *a)
{
	psa_status_t status = PSA_ERROR_NOT_SUPPORTED;
	PsaAlgorithm__Algorithm__Mac__FullLength *f = &a->mac_full;
	PsaAlgorithm__Algorithm__Mac__Truncated *t = &a->mac_truncated;
	psa_algorithm_t full = PSA_ALG_FULL_LENGTH_MAC(alg);
	uint32_t len;

	len = (alg & PSA_ALG_MAC_TRUNCATION_MASK) >> PSA_MAC_TRUNCATION_OFFSET;
	psa_algorithm__algorithm__mac__init(&a->mac);
	psa_algorithm__algorithm__mac__full_length__init(f);
	/* PSA_ALG_AT_LEAST_THIS_LENGTH_MAC has no Parsec spelling. */
	if ((alg & PSA_ALG_MAC_AT_LEAST_THIS_LENGTH_FLAG) != 0)
		goto out;
	if ((full & ~PSA_ALG_HASH_MASK) == PSA_ALG_HMAC_BASE) {
		psa_algorithm__algorithm__mac__full_length__hmac__init(
		    &a->mac_kind.hmac);
		if ((status = convert_hash_of(full,
		    &a->mac_kind.hmac.hash_alg)) != PSA_SUCCESS)
			goto out;
		f->variant_case = MAC_FULL_V_HMAC;
		f->hmac = &a->mac_kind.hmac;
	} else if (full == PSA_ALG_CBC_MAC) {
		psa_algorithm__algorithm__mac__full_length__cbc_mac__init(
		    &a->mac_kind.cbc_mac);
		f->variant_case = MAC_FULL_V_CBC_MAC;
		f->cbc_mac = &a->mac_kind.cbc_mac;
	} else if (full == PSA_ALG_CMAC) {
		psa_algorithm__algorithm__mac__full_length__cmac__init(
		    &a->mac_kind.cmac);
		f->variant_case = MAC_FULL_V_CMAC;
		f->cmac = &a->mac_kind.cmac;
	} else
		goto out;
	if (len == 0) {		/* truncation field 0: the full MAC */
		a->mac.variant_case = MAC_V_FULL;
		a->mac.full_length = f;
	} else {
		psa_algorithm__algorithm__mac__truncated__init(t);
		t->mac_alg = f;
		t->mac_length = len;
		a->mac.variant_case = MAC_V_TRUNC;
		a->mac.truncated = t;
	}
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS)
		psa_algorithm__algorithm__mac__init(&a->mac);
	return status;
}

static psa_status_t
convert_aead_fill(psa_algorithm_t alg, struct convert_pb_alg *a)
{
	psa_status_t status = PSA_ERROR_NOT_SUPPORTED;
	PsaAlgorithm__Algorithm__Aead__AeadWithShortenedTag *s;
	psa_algorithm_t base = PSA_ALG_AEAD_WITH_SHORTENED_TAG(alg, 0);
	const struct convert_map *m = NULL;
	uint32_t len;
	size_t i;

	len = (alg & PSA_ALG_AEAD_TAG_LENGTH_MASK) >> PSA_AEAD_TAG_LENGTH_OFFSET;
	psa_algorithm__algorithm__aead__init(&a->aead);
	/* PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG has no Parsec spelling. */
	if ((alg & PSA_ALG_AEAD_AT_LEAST_THIS_LENGTH_FLAG) != 0)
		goto out;
	/* Which AEAD, whatever its tag length (spec
	 * PSA_ALG_AEAD_WITH_DEFAULT_LENGTH_TAG compares with the length
	 * field cleared). */
	for (i = 0; i < CONVERT_NELEM(convert_aeads); i++) {
		if (PSA_ALG_AEAD_WITH_SHORTENED_TAG(convert_aeads[i].psa, 0) ==
		    base) {
			m = &convert_aeads[i];
			break;
		}
	}
	if (m == NULL)
		goto out;
	if (alg == m->psa) {
		a->aead.variant_case = AEAD_V_DEFAULT;
		a->aead.aead_with_default_length_tag =
		    (PsaAlgorithm__Algorithm__Aead__AeadWithDefaultLengthTag)
		    m->pb;
	} else if (len != 0) {
		s = &a->aead_shortened;
		psa_algorithm__algorithm__aead__aead_with_shortened_tag__init(s);
		s->aead_alg =
		    (PsaAlgorithm__Algorithm__Aead__AeadWithDefaultLengthTag)
		    m->pb;
		s->tag_length = len;
		a->aead.variant_case = AEAD_V_SHORT;
		a->aead.aead_with_shortened_tag = s;
	} else			/* tag length 0: no such AEAD */
		goto out;
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS)
		psa_algorithm__algorithm__aead__init(&a->aead);
	return status;
}

/* The SignHash of a signature scheme: low byte 0xff is ANY_HASH. */
static psa_status_t
convert_sign_hash_fill(psa_algorithm_t alg, struct convert_pb_alg *a)
{
	psa_status_t status = PSA_SUCCESS;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash *sh =
	    &a->sign_hash;

	psa_algorithm__algorithm__asymmetric_signature__sign_hash__init(sh);
	if ((alg & PSA_ALG_HASH_MASK) ==
	    (PSA_ALG_ANY_HASH & PSA_ALG_HASH_MASK)) {
		psa_algorithm__algorithm__asymmetric_signature__sign_hash__any__init(
		    &a->sign_hash_any);
		sh->variant_case = SIGN_HASH_V(ANY);
		sh->any = &a->sign_hash_any;
	} else if ((status = convert_hash_of(alg, &sh->specific)) ==
	    PSA_SUCCESS)
		sh->variant_case = SIGN_HASH_V(SPECIFIC);
	return status;
}

static psa_status_t
convert_sign_fill(psa_algorithm_t alg, struct convert_pb_alg *a)
{
	psa_status_t status = PSA_ERROR_NOT_SUPPORTED;
	PsaAlgorithm__Algorithm__AsymmetricSignature *m = &a->sign;
	bool has_hash = (alg & PSA_ALG_HASH_MASK) != 0;

	psa_algorithm__algorithm__asymmetric_signature__init(m);
	switch (alg & ~PSA_ALG_HASH_MASK) {
	case PSA_ALG_RSA_PKCS1V15_SIGN_BASE:
		if (!has_hash) {	/* the base is PKCS1V15_SIGN_RAW */
			psa_algorithm__algorithm__asymmetric_signature__rsa_pkcs1v15_sign_raw__init(
			    &a->sign_kind.rsa_pkcs1v15_sign_raw);
			m->variant_case = SIGN_V(RSA_PKCS1V15_SIGN_RAW);
			m->rsa_pkcs1v15_sign_raw =
			    &a->sign_kind.rsa_pkcs1v15_sign_raw;
			status = PSA_SUCCESS;
		} else if ((status = convert_sign_hash_fill(alg, a)) ==
		    PSA_SUCCESS) {
			psa_algorithm__algorithm__asymmetric_signature__rsa_pkcs1v15_sign__init(
			    &a->sign_kind.rsa_pkcs1v15_sign);
			a->sign_kind.rsa_pkcs1v15_sign.hash_alg = &a->sign_hash;
			m->variant_case = SIGN_V(RSA_PKCS1V15_SIGN);
			m->rsa_pkcs1v15_sign = &a->sign_kind.rsa_pkcs1v15_sign;
		}
		break;
	case PSA_ALG_RSA_PSS_BASE:
		if ((status = convert_sign_hash_fill(alg, a)) == PSA_SUCCESS) {
			psa_algorithm__algorithm__asymmetric_signature__rsa_pss__init(
			    &a->sign_kind.rsa_pss);
			a->sign_kind.rsa_pss.hash_alg = &a->sign_hash;
			m->variant_case = SIGN_V(RSA_PSS);
			m->rsa_pss = &a->sign_kind.rsa_pss;
		}
		break;
	case PSA_ALG_ECDSA_BASE:
		if (!has_hash) {	/* the base is ECDSA_ANY */
			psa_algorithm__algorithm__asymmetric_signature__ecdsa_any__init(
			    &a->sign_kind.ecdsa_any);
			m->variant_case = SIGN_V(ECDSA_ANY);
			m->ecdsa_any = &a->sign_kind.ecdsa_any;
			status = PSA_SUCCESS;
		} else if ((status = convert_sign_hash_fill(alg, a)) ==
		    PSA_SUCCESS) {
			psa_algorithm__algorithm__asymmetric_signature__ecdsa__init(
			    &a->sign_kind.ecdsa);
			a->sign_kind.ecdsa.hash_alg = &a->sign_hash;
			m->variant_case = SIGN_V(ECDSA);
			m->ecdsa = &a->sign_kind.ecdsa;
		}
		break;
	case PSA_ALG_DETERMINISTIC_ECDSA_BASE:
		if ((status = convert_sign_hash_fill(alg, a)) == PSA_SUCCESS) {
			psa_algorithm__algorithm__asymmetric_signature__deterministic_ecdsa__init(
			    &a->sign_kind.deterministic_ecdsa);
			a->sign_kind.deterministic_ecdsa.hash_alg =
			    &a->sign_hash;
			m->variant_case = SIGN_V(DETERMINISTIC_ECDSA);
			m->deterministic_ecdsa =
			    &a->sign_kind.deterministic_ecdsa;
		}
		break;
	default:		/* PSS_ANY_SALT, EdDSA: not in the schema */
		break;
	}
	if (status != PSA_SUCCESS)
		psa_algorithm__algorithm__asymmetric_signature__init(m);
	return status;
}

static psa_status_t
convert_asym_enc_fill(psa_algorithm_t alg, struct convert_pb_alg *a)
{
	psa_status_t status = PSA_ERROR_NOT_SUPPORTED;
	PsaAlgorithm__Algorithm__AsymmetricEncryption *m = &a->asym_enc;

	psa_algorithm__algorithm__asymmetric_encryption__init(m);
	if (alg == PSA_ALG_RSA_PKCS1V15_CRYPT) {
		psa_algorithm__algorithm__asymmetric_encryption__rsa_pkcs1v15_crypt__init(
		    &a->asym_enc_kind.rsa_pkcs1v15_crypt);
		m->variant_case = ASYM_ENC_V(RSA_PKCS1V15_CRYPT);
		m->rsa_pkcs1v15_crypt = &a->asym_enc_kind.rsa_pkcs1v15_crypt;
		status = PSA_SUCCESS;
	} else if ((alg & ~PSA_ALG_HASH_MASK) == PSA_ALG_RSA_OAEP_BASE) {
		psa_algorithm__algorithm__asymmetric_encryption__rsa_oaep__init(
		    &a->asym_enc_kind.rsa_oaep);
		if ((status = convert_hash_of(alg,
		    &a->asym_enc_kind.rsa_oaep.hash_alg)) == PSA_SUCCESS) {
			m->variant_case = ASYM_ENC_V(RSA_OAEP);
			m->rsa_oaep = &a->asym_enc_kind.rsa_oaep;
		}
	}
	if (status != PSA_SUCCESS)
		psa_algorithm__algorithm__asymmetric_encryption__init(m);
	return status;
}

static psa_status_t
convert_kdf_fill(psa_algorithm_t alg, struct convert_pb_alg *a)
{
	psa_status_t status = PSA_ERROR_NOT_SUPPORTED;
	PsaAlgorithm__Algorithm__KeyDerivation *m = &a->kdf;

	psa_algorithm__algorithm__key_derivation__init(m);
	switch (alg & ~PSA_ALG_HASH_MASK) {
	case PSA_ALG_HKDF_BASE:
		psa_algorithm__algorithm__key_derivation__hkdf__init(
		    &a->kdf_kind.hkdf);
		if ((status = convert_hash_of(alg,
		    &a->kdf_kind.hkdf.hash_alg)) == PSA_SUCCESS) {
			m->variant_case = KDF_V(HKDF);
			m->hkdf = &a->kdf_kind.hkdf;
		}
		break;
	case PSA_ALG_TLS12_PRF_BASE:
		psa_algorithm__algorithm__key_derivation__tls12_prf__init(
		    &a->kdf_kind.tls12_prf);
		if ((status = convert_hash_of(alg,
		    &a->kdf_kind.tls12_prf.hash_alg)) == PSA_SUCCESS) {
			m->variant_case = KDF_V(TLS12_PRF);
			m->tls12_prf = &a->kdf_kind.tls12_prf;
		}
		break;
	case PSA_ALG_TLS12_PSK_TO_MS_BASE:
		psa_algorithm__algorithm__key_derivation__tls12_psk_to_ms__init(
		    &a->kdf_kind.tls12_psk_to_ms);
		if ((status = convert_hash_of(alg,
		    &a->kdf_kind.tls12_psk_to_ms.hash_alg)) == PSA_SUCCESS) {
			m->variant_case = KDF_V(TLS12_PSK_TO_MS);
			m->tls12_psk_to_ms = &a->kdf_kind.tls12_psk_to_ms;
		}
		break;
	default:	/* HKDF extract/expand, SP 800-108, PBKDF2: not in the
			 * schema */
		break;
	}
	if (status != PSA_SUCCESS)
		psa_algorithm__algorithm__key_derivation__init(m);
	return status;
}

static psa_status_t
convert_ka_fill(psa_algorithm_t alg, struct convert_pb_alg *a)
{
	psa_status_t status = PSA_ERROR_NOT_SUPPORTED;
	PsaAlgorithm__Algorithm__KeyAgreement *m = &a->ka;
	PsaAlgorithm__Algorithm__KeyAgreement__WithKeyDerivation *w =
	    &a->ka_with_kdf;
	/* The agreement owns bits 16-22 and the category, the KDF the rest
	 * (spec PSA_ALG_KEY_AGREEMENT_GET_BASE / _GET_KDF), so alg is
	 * exactly base | kdf and the split loses nothing. */
	psa_algorithm_t base = psa_alg_key_agreement_get_base(alg);
	psa_algorithm_t kdf = psa_alg_key_agreement_get_kdf(alg);
	int32_t raw = 0;

	psa_algorithm__algorithm__key_agreement__init(m);
	if ((status = convert_map_to_pb(convert_ka_raws,
	    CONVERT_NELEM(convert_ka_raws), base, &raw)) != PSA_SUCCESS)
		goto out;
	if (kdf == PSA_ALG_CATEGORY_KEY_DERIVATION) {	/* no KDF: raw */
		m->variant_case = KA_V(RAW);
		m->raw = (PsaAlgorithm__Algorithm__KeyAgreement__Raw)raw;
		goto out;
	}
	if ((status = convert_kdf_fill(kdf, a)) != PSA_SUCCESS)
		goto out;
	psa_algorithm__algorithm__key_agreement__with_key_derivation__init(w);
	w->ka_alg = (PsaAlgorithm__Algorithm__KeyAgreement__Raw)raw;
	w->kdf_alg = &a->kdf;
	m->variant_case = KA_V(WITH_KEY_DERIVATION);
	m->with_key_derivation = w;
out:
	if (status != PSA_SUCCESS)
		psa_algorithm__algorithm__key_agreement__init(m);
	return status;
}

psa_status_t
convert_alg_to_pb(psa_algorithm_t alg, struct convert_pb_alg *arena)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	PsaAlgorithm__Algorithm *m;
	PsaAlgorithm__Algorithm__VariantCase vc = 0;

	if (arena == NULL)
		goto out;
	m = &arena->alg;
	psa_algorithm__algorithm__init(m);	/* NOT_SET until the end */
	if (alg == PSA_ALG_NONE) {
		psa_algorithm__algorithm__none__init(&arena->none);
		m->none = &arena->none;
		vc = ALG_V_NONE;
		status = PSA_SUCCESS;
		goto out;
	}
	/* A vendor-flagged value keeps its category bits, so it reaches a
	 * family below and matches none of its table entries. */
	switch (alg & PSA_ALG_CATEGORY_MASK) {
	case PSA_ALG_CATEGORY_HASH:
		status = convert_hash_to_pb(alg, &m->hash);
		vc = ALG_V_HASH;
		break;
	case PSA_ALG_CATEGORY_MAC:
		status = convert_mac_fill(alg, arena);
		m->mac = &arena->mac;
		vc = ALG_V_MAC;
		break;
	case PSA_ALG_CATEGORY_CIPHER:
		status = convert_cipher_to_pb(alg, &m->cipher);
		vc = ALG_V_CIPHER;
		break;
	case PSA_ALG_CATEGORY_AEAD:
		status = convert_aead_fill(alg, arena);
		m->aead = &arena->aead;
		vc = ALG_V_AEAD;
		break;
	case PSA_ALG_CATEGORY_SIGN:
		status = convert_sign_fill(alg, arena);
		m->asymmetric_signature = &arena->sign;
		vc = ALG_V_SIGN;
		break;
	case PSA_ALG_CATEGORY_ASYMMETRIC_ENCRYPTION:
		status = convert_asym_enc_fill(alg, arena);
		m->asymmetric_encryption = &arena->asym_enc;
		vc = ALG_V_ASYM_ENC;
		break;
	case PSA_ALG_CATEGORY_KEY_DERIVATION:
		status = convert_kdf_fill(alg, arena);
		m->key_derivation = &arena->kdf;
		vc = ALG_V_KDF;
		break;
	case PSA_ALG_CATEGORY_KEY_AGREEMENT:
		status = convert_ka_fill(alg, arena);
		m->key_agreement = &arena->ka;
		vc = ALG_V_KA;
		break;
	default:		/* PAKE, unknown categories */
		status = PSA_ERROR_NOT_SUPPORTED;
		break;
	}
out:
	if (arena != NULL) {
		if (status == PSA_SUCCESS)
			arena->alg.variant_case = vc;
		else
			psa_algorithm__algorithm__init(&arena->alg);
	}
	return status;
}

/* The per-family forms: the category must match, then the whole Algorithm
 * is built and its variant handed out. */
static psa_status_t
convert_family_to_pb(psa_algorithm_t alg, psa_algorithm_t category,
    struct convert_pb_alg *arena)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (arena == NULL)
		goto out;
	psa_algorithm__algorithm__init(&arena->alg);
	if ((alg & PSA_ALG_CATEGORY_MASK) != category)
		goto out;
	status = convert_alg_to_pb(alg, arena);
out:
	return status;
}

psa_status_t
convert_mac_to_pb(psa_algorithm_t alg, struct convert_pb_alg *arena,
    PsaAlgorithm__Algorithm__Mac **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = convert_family_to_pb(alg, PSA_ALG_CATEGORY_MAC,
	    arena)) == PSA_SUCCESS)
		*out = arena->alg.mac;
out:
	return status;
}

psa_status_t
convert_aead_to_pb(psa_algorithm_t alg, struct convert_pb_alg *arena,
    PsaAlgorithm__Algorithm__Aead **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = convert_family_to_pb(alg, PSA_ALG_CATEGORY_AEAD,
	    arena)) == PSA_SUCCESS)
		*out = arena->alg.aead;
out:
	return status;
}

psa_status_t
convert_sign_to_pb(psa_algorithm_t alg, struct convert_pb_alg *arena,
    PsaAlgorithm__Algorithm__AsymmetricSignature **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = convert_family_to_pb(alg, PSA_ALG_CATEGORY_SIGN,
	    arena)) == PSA_SUCCESS)
		*out = arena->alg.asymmetric_signature;
out:
	return status;
}

psa_status_t
convert_asym_enc_to_pb(psa_algorithm_t alg, struct convert_pb_alg *arena,
    PsaAlgorithm__Algorithm__AsymmetricEncryption **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = convert_family_to_pb(alg,
	    PSA_ALG_CATEGORY_ASYMMETRIC_ENCRYPTION, arena)) == PSA_SUCCESS)
		*out = arena->alg.asymmetric_encryption;
out:
	return status;
}

psa_status_t
convert_ka_to_pb(psa_algorithm_t alg, struct convert_pb_alg *arena,
    PsaAlgorithm__Algorithm__KeyAgreement **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = convert_family_to_pb(alg,
	    PSA_ALG_CATEGORY_KEY_AGREEMENT, arena)) == PSA_SUCCESS)
		*out = arena->alg.key_agreement;
out:
	return status;
}

psa_status_t
convert_kdf_to_pb(psa_algorithm_t alg, struct convert_pb_alg *arena,
    PsaAlgorithm__Algorithm__KeyDerivation **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = convert_family_to_pb(alg,
	    PSA_ALG_CATEGORY_KEY_DERIVATION, arena)) == PSA_SUCCESS)
		*out = arena->alg.key_derivation;
out:
	return status;
}
