/* psa/pbconv_alg.c: Parsec's Algorithm messages and enums to PSA
 * algorithm identifiers (and the enums back). Pure.
 *
 * Shapes follow parsec-interface-rs src/operations_protobuf/
 * psa_pb_psa_algorithm.rs; the PSA value of each shape is the one
 * rust-psa-crypto's psa-crypto/src/types/algorithm.rs builds with the
 * PSA_ALG_* macros (here those of psa/types.h, PSA Crypto API 1.x).
 */
#include "psa/pbconv_int.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PSA_PB_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The largest MAC or tag length PSA can encode: both live in a 6-bit field
 * (PSA_ALG_TRUNCATED_MAC, PSA_ALG_AEAD_WITH_SHORTENED_TAG), and those
 * macros would silently mask a larger one down to something else. */
#define PSA_PB_MAC_LEN_MAX	\
	(PSA_ALG_MAC_TRUNCATION_MASK >> PSA_MAC_TRUNCATION_OFFSET)
#define PSA_PB_AEAD_TAG_LEN_MAX	\
	(PSA_ALG_AEAD_TAG_LENGTH_MASK >> PSA_AEAD_TAG_LENGTH_OFFSET)

/* One schema enum value and the PSA value it stands for. */
struct psa_pb_map {
	int32_t		pb;
	psa_algorithm_t	psa;
};

/* Algorithm.Hash. The schema's numbering is its own (SHA_224 is 6, its PSA
 * low byte 0x08); pairs as in parsec-interface-rs TryFrom<HashProto> and
 * psa-crypto From<Hash> for psa_algorithm_t. HASH_NONE is absent: zero is
 * proto3's "unset" and never a hash (Parsec: "not allowed (mandatory
 * field)"). */
static const struct psa_pb_map psa_pb_hashes[] = {
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
static const struct psa_pb_map psa_pb_ciphers[] = {
	{ PSA_ALGORITHM__ALGORITHM__CIPHER__STREAM_CIPHER,
	    PSA_ALG_STREAM_CIPHER },
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
static const struct psa_pb_map psa_pb_aeads[] = {
	{ PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CCM,
	    PSA_ALG_CCM },
	{ PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__GCM,
	    PSA_ALG_GCM },
	{ PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CHACHA20_POLY1305,
	    PSA_ALG_CHACHA20_POLY1305 },
};

/* Algorithm.KeyAgreement.Raw. */
static const struct psa_pb_map psa_pb_ka_raws[] = {
	{ PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__FFDH,	PSA_ALG_FFDH },
	{ PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__ECDH,	PSA_ALG_ECDH },
};

/* Schema enum -> PSA; a value the table lacks (the *_NONE zero, or any
 * int32 proto3 let through) is INVALID_ARGUMENT. */
static psa_status_t
psa_pb_map_from_pb(const struct psa_pb_map *map, size_t count, int32_t pb,
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
psa_pb_map_to_pb(const struct psa_pb_map *map, size_t count,
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

/* ---- Enums ------------------------------------------------------------- */

psa_status_t
psa_pb_hash_from_pb(PsaAlgorithm__Algorithm__Hash pb, psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out != NULL)
		status = psa_pb_map_from_pb(psa_pb_hashes,
		    PSA_PB_NELEM(psa_pb_hashes), (int32_t)pb, out);
	return status;
}

psa_status_t
psa_pb_hash_to_pb(psa_algorithm_t hash, PsaAlgorithm__Algorithm__Hash *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	int32_t pb = 0;

	if (out == NULL)
		goto out;
	*out = PSA_ALGORITHM__ALGORITHM__HASH__HASH_NONE;
	if ((hash & PSA_ALG_CATEGORY_MASK) != PSA_ALG_CATEGORY_HASH)
		goto out;
	if ((status = psa_pb_map_to_pb(psa_pb_hashes,
	    PSA_PB_NELEM(psa_pb_hashes), hash, &pb)) != PSA_SUCCESS)
		goto out;
	*out = (PsaAlgorithm__Algorithm__Hash)pb;
out:
	return status;
}

psa_status_t
psa_pb_cipher_from_pb(PsaAlgorithm__Algorithm__Cipher pb, psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out != NULL)
		status = psa_pb_map_from_pb(psa_pb_ciphers,
		    PSA_PB_NELEM(psa_pb_ciphers), (int32_t)pb, out);
	return status;
}

psa_status_t
psa_pb_cipher_to_pb(psa_algorithm_t alg, PsaAlgorithm__Algorithm__Cipher *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	int32_t pb = 0;

	if (out == NULL)
		goto out;
	*out = PSA_ALGORITHM__ALGORITHM__CIPHER__CIPHER_NONE;
	if ((alg & PSA_ALG_CATEGORY_MASK) != PSA_ALG_CATEGORY_CIPHER)
		goto out;
	if ((status = psa_pb_map_to_pb(psa_pb_ciphers,
	    PSA_PB_NELEM(psa_pb_ciphers), alg, &pb)) != PSA_SUCCESS)
		goto out;
	*out = (PsaAlgorithm__Algorithm__Cipher)pb;
out:
	return status;
}

psa_status_t
psa_pb_ka_raw_from_pb(PsaAlgorithm__Algorithm__KeyAgreement__Raw pb,
    psa_algorithm_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out != NULL)
		status = psa_pb_map_from_pb(psa_pb_ka_raws,
		    PSA_PB_NELEM(psa_pb_ka_raws), (int32_t)pb, out);
	return status;
}

psa_status_t
psa_pb_ka_raw_to_pb(psa_algorithm_t alg,
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
	if ((status = psa_pb_map_to_pb(psa_pb_ka_raws,
	    PSA_PB_NELEM(psa_pb_ka_raws), alg, &pb)) != PSA_SUCCESS)
		goto out;
	*out = (PsaAlgorithm__Algorithm__KeyAgreement__Raw)pb;
out:
	return status;
}

psa_status_t
psa_pb_aead_default_to_pb(psa_algorithm_t alg,
    PsaAlgorithm__Algorithm__Aead__AeadWithDefaultLengthTag *pb,
    psa_algorithm_t *default_alg)
{
	psa_status_t status = PSA_ERROR_NOT_SUPPORTED;
	psa_algorithm_t base = PSA_ALG_AEAD_WITH_SHORTENED_TAG(alg, 0);
	size_t i;

	*pb = 0;		/* AEAD_WITH_DEFAULT_LENGTH_TAG_NONE */
	*default_alg = PSA_ALG_NONE;
	/* Compare with the length field cleared, as the spec's
	 * PSA_ALG_AEAD_WITH_DEFAULT_LENGTH_TAG does. */
	for (i = 0; i < PSA_PB_NELEM(psa_pb_aeads); i++) {
		if (PSA_ALG_AEAD_WITH_SHORTENED_TAG(psa_pb_aeads[i].psa, 0) ==
		    base) {
			*pb = psa_pb_aeads[i].pb;	/* in range: ours */
			*default_alg = psa_pb_aeads[i].psa;
			status = PSA_SUCCESS;
			break;
		}
	}
	return status;
}

/* ---- pb -> PSA --------------------------------------------------------- */

/* An empty marker message (CbcMac, EcdsaAny, ...): chosen if present. */
static psa_status_t
psa_pb_marker(const void *msg, psa_algorithm_t value, psa_algorithm_t *alg)
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
psa_pb_hashed(PsaAlgorithm__Algorithm__Hash pb, psa_algorithm_t base,
    psa_algorithm_t *alg)
{
	psa_algorithm_t hash = PSA_ALG_NONE;
	psa_status_t status;

	if ((status = psa_pb_hash_from_pb(pb, &hash)) == PSA_SUCCESS)
		*alg = base | (hash & PSA_ALG_HASH_MASK);
	return status;
}

/* As psa_pb_hashed(), for the SignHash of a signature scheme; Any gives
 * SCHEME(PSA_ALG_ANY_HASH), the policy wildcard. */
static psa_status_t
psa_pb_sign_hashed(
    const PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash *pb,
    psa_algorithm_t base, psa_algorithm_t *alg)
{
	psa_algorithm_t hash = PSA_ALG_NONE;
	psa_status_t status;

	if ((status = psa_pb_sign_hash_from_pb(pb, &hash)) == PSA_SUCCESS)
		*alg = base | (hash & PSA_ALG_HASH_MASK);
	return status;
}

psa_status_t
psa_pb_sign_hash_from_pb(
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
		status = psa_pb_marker(pb->any, PSA_ALG_ANY_HASH, out);
		break;
	case SIGN_HASH_V(SPECIFIC):
		status = psa_pb_hash_from_pb(pb->specific, out);
		break;
	default:	/* NOT_SET: parsec-interface-rs refuses it too */
		break;
	}
out:
	return status;
}

static psa_status_t
psa_pb_mac_full_from_pb(const PsaAlgorithm__Algorithm__Mac__FullLength *pb,
    psa_algorithm_t *alg)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (pb == NULL)
		goto out;
	switch (pb->variant_case) {
	case MAC_FULL_V_HMAC:
		if (pb->hmac != NULL)
			status = psa_pb_hashed(pb->hmac->hash_alg,
			    PSA_ALG_HMAC_BASE, alg);
		break;
	case MAC_FULL_V_CBC_MAC:
		status = psa_pb_marker(pb->cbc_mac, PSA_ALG_CBC_MAC, alg);
		break;
	case MAC_FULL_V_CMAC:
		status = psa_pb_marker(pb->cmac, PSA_ALG_CMAC, alg);
		break;
	default:
		break;
	}
out:
	return status;
}

psa_status_t
psa_pb_mac_from_pb(const PsaAlgorithm__Algorithm__Mac *pb,
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
		status = psa_pb_mac_full_from_pb(pb->full_length, &alg);
		break;
	case MAC_V_TRUNC:
		/* Length 0 would read back as the full-length MAC, and the
		 * spec forbids it (PSA_ALG_TRUNCATED_MAC); above 63 the
		 * field cannot hold it. Whether the length suits the MAC is
		 * psa_alg_validate()'s call. */
		if ((t = pb->truncated) == NULL || t->mac_length == 0 ||
		    t->mac_length > PSA_PB_MAC_LEN_MAX)
			break;
		if ((status = psa_pb_mac_full_from_pb(t->mac_alg, &alg)) ==
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
psa_pb_aead_from_pb(const PsaAlgorithm__Algorithm__Aead *pb,
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
		status = psa_pb_map_from_pb(psa_pb_aeads,
		    PSA_PB_NELEM(psa_pb_aeads),
		    (int32_t)pb->aead_with_default_length_tag, &alg);
		break;
	case AEAD_V_SHORT:
		/* As for truncated MACs: 0 and > 63 have no encoding. */
		if ((s = pb->aead_with_shortened_tag) == NULL ||
		    s->tag_length == 0 ||
		    s->tag_length > PSA_PB_AEAD_TAG_LEN_MAX)
			break;
		if ((status = psa_pb_map_from_pb(psa_pb_aeads,
		    PSA_PB_NELEM(psa_pb_aeads), (int32_t)s->aead_alg,
		    &alg)) == PSA_SUCCESS)
			alg = PSA_ALG_AEAD_WITH_SHORTENED_TAG(alg,
			    s->tag_length);
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
psa_pb_sign_from_pb(const PsaAlgorithm__Algorithm__AsymmetricSignature *pb,
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
			status = psa_pb_sign_hashed(
			    pb->rsa_pkcs1v15_sign->hash_alg,
			    PSA_ALG_RSA_PKCS1V15_SIGN_BASE, &alg);
		break;
	case SIGN_V(RSA_PKCS1V15_SIGN_RAW):
		status = psa_pb_marker(pb->rsa_pkcs1v15_sign_raw,
		    PSA_ALG_RSA_PKCS1V15_SIGN_RAW, &alg);
		break;
	case SIGN_V(RSA_PSS):
		/* The standard-salt PSS: psa-crypto maps RsaPss to
		 * PSA_ALG_RSA_PSS, and the schema has no ANY_SALT. */
		if (pb->rsa_pss != NULL)
			status = psa_pb_sign_hashed(pb->rsa_pss->hash_alg,
			    PSA_ALG_RSA_PSS_BASE, &alg);
		break;
	case SIGN_V(ECDSA):
		if (pb->ecdsa != NULL)
			status = psa_pb_sign_hashed(pb->ecdsa->hash_alg,
			    PSA_ALG_ECDSA_BASE, &alg);
		break;
	case SIGN_V(ECDSA_ANY):
		status = psa_pb_marker(pb->ecdsa_any, PSA_ALG_ECDSA_ANY, &alg);
		break;
	case SIGN_V(DETERMINISTIC_ECDSA):
		if (pb->deterministic_ecdsa != NULL)
			status = psa_pb_sign_hashed(
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
psa_pb_asym_enc_from_pb(
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
		status = psa_pb_marker(pb->rsa_pkcs1v15_crypt,
		    PSA_ALG_RSA_PKCS1V15_CRYPT, &alg);
		break;
	case ASYM_ENC_V(RSA_OAEP):
		if (pb->rsa_oaep != NULL)
			status = psa_pb_hashed(pb->rsa_oaep->hash_alg,
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
psa_pb_kdf_from_pb(const PsaAlgorithm__Algorithm__KeyDerivation *pb,
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
			status = psa_pb_hashed(pb->hkdf->hash_alg,
			    PSA_ALG_HKDF_BASE, &alg);
		break;
	case KDF_V(TLS12_PRF):
		if (pb->tls12_prf != NULL)
			status = psa_pb_hashed(pb->tls12_prf->hash_alg,
			    PSA_ALG_TLS12_PRF_BASE, &alg);
		break;
	case KDF_V(TLS12_PSK_TO_MS):
		if (pb->tls12_psk_to_ms != NULL)
			status = psa_pb_hashed(pb->tls12_psk_to_ms->hash_alg,
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
psa_pb_ka_from_pb(const PsaAlgorithm__Algorithm__KeyAgreement *pb,
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
		status = psa_pb_ka_raw_from_pb(pb->raw, &ka);
		break;
	case KA_V(WITH_KEY_DERIVATION):
		if ((w = pb->with_key_derivation) == NULL)
			break;
		/* Every KDF the schema names is a non-stretching one, so
		 * each combination is a valid PSA_ALG_KEY_AGREEMENT. */
		if ((status = psa_pb_ka_raw_from_pb(w->ka_alg, &ka)) ==
		    PSA_SUCCESS &&
		    (status = psa_pb_kdf_from_pb(w->kdf_alg, &kdf)) ==
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
psa_pb_alg_from_pb(const PsaAlgorithm__Algorithm *pb, psa_algorithm_t *out)
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
		status = psa_pb_marker(pb->none, PSA_ALG_NONE, &alg);
		break;
	case ALG_V_HASH:
		status = psa_pb_hash_from_pb(pb->hash, &alg);
		break;
	case ALG_V_MAC:
		status = psa_pb_mac_from_pb(pb->mac, &alg);
		break;
	case ALG_V_CIPHER:
		status = psa_pb_cipher_from_pb(pb->cipher, &alg);
		break;
	case ALG_V_AEAD:
		status = psa_pb_aead_from_pb(pb->aead, &alg);
		break;
	case ALG_V_SIGN:
		status = psa_pb_sign_from_pb(pb->asymmetric_signature, &alg);
		break;
	case ALG_V_ASYM_ENC:
		status = psa_pb_asym_enc_from_pb(pb->asymmetric_encryption,
		    &alg);
		break;
	case ALG_V_KA:
		status = psa_pb_ka_from_pb(pb->key_agreement, &alg);
		break;
	case ALG_V_KDF:
		status = psa_pb_kdf_from_pb(pb->key_derivation, &alg);
		break;
	default:		/* NOT_SET: Parsec refuses an empty Algorithm */
		break;
	}
	if (status == PSA_SUCCESS)
		*out = alg;
out:
	return status;
}
