/* psa/pbconv_alg_pb.c: PSA algorithm identifiers to Parsec's
 * Algorithm messages, built in a caller's arena. Pure.
 *
 * The inverse of pbconv_alg.c: each PSA value goes to the one spelling
 * parsec-interface-rs (src/operations_protobuf/psa_pb_psa_algorithm.rs)
 * would send for it, and values the schema cannot spell are refused
 * rather than approximated.
 */
#include "psa/pbconv_int.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The hash a hash-parameterised algorithm carries in its low byte (spec:
 * PSA_ALG_GET_HASH is alg & 0xff | PSA_ALG_CATEGORY_HASH). A low byte of 0
 * or 0xff (ANY_HASH) has no Hash spelling. */
static psa_status_t
psa_pb_hash_of(psa_algorithm_t alg, PsaAlgorithm__Algorithm__Hash *out)
{
	return psa_pb_hash_to_pb(PSA_ALG_CATEGORY_HASH |
	    (alg & PSA_ALG_HASH_MASK), out);
}

/* Each fill function builds one family's message inside the arena and
 * answers PSA_ERROR_NOT_SUPPORTED for a value of its category that the
 * schema cannot spell; on failure the family's root message is left empty.
 * The category itself was checked by the caller. */

static psa_status_t
psa_pb_mac_fill(psa_algorithm_t alg, struct psa_pb_pb_alg *a)
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
		if ((status = psa_pb_hash_of(full,
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
psa_pb_aead_fill(psa_algorithm_t alg, struct psa_pb_pb_alg *a)
{
	psa_status_t status = PSA_ERROR_NOT_SUPPORTED;
	PsaAlgorithm__Algorithm__Aead__AeadWithShortenedTag *s;
	PsaAlgorithm__Algorithm__Aead__AeadWithDefaultLengthTag pb;
	psa_algorithm_t default_alg = PSA_ALG_NONE;
	uint32_t len;

	len = (alg & PSA_ALG_AEAD_TAG_LENGTH_MASK) >>
	    PSA_AEAD_TAG_LENGTH_OFFSET;
	psa_algorithm__algorithm__aead__init(&a->aead);
	/* PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG has no Parsec spelling. */
	if ((alg & PSA_ALG_AEAD_AT_LEAST_THIS_LENGTH_FLAG) != 0)
		goto out;
	if ((status = psa_pb_aead_default_to_pb(alg, &pb, &default_alg)) !=
	    PSA_SUCCESS)
		goto out;
	if (alg == default_alg) {
		a->aead.variant_case = AEAD_V_DEFAULT;
		a->aead.aead_with_default_length_tag = pb;
	} else if (len != 0) {
		s = &a->aead_shortened;
		psa_algorithm__algorithm__aead__aead_with_shortened_tag__init(s);
		s->aead_alg = pb;
		s->tag_length = len;
		a->aead.variant_case = AEAD_V_SHORT;
		a->aead.aead_with_shortened_tag = s;
	} else {		/* tag length 0: no such AEAD */
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
out:
	if (status != PSA_SUCCESS)
		psa_algorithm__algorithm__aead__init(&a->aead);
	return status;
}

/* The SignHash of a signature scheme: low byte 0xff is ANY_HASH. */
static psa_status_t
psa_pb_sign_hash_fill(psa_algorithm_t alg, struct psa_pb_pb_alg *a)
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
	} else if ((status = psa_pb_hash_of(alg, &sh->specific)) ==
	    PSA_SUCCESS)
		sh->variant_case = SIGN_HASH_V(SPECIFIC);
	return status;
}

static psa_status_t
psa_pb_sign_fill(psa_algorithm_t alg, struct psa_pb_pb_alg *a)
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
		} else if ((status = psa_pb_sign_hash_fill(alg, a)) ==
		    PSA_SUCCESS) {
			psa_algorithm__algorithm__asymmetric_signature__rsa_pkcs1v15_sign__init(
			    &a->sign_kind.rsa_pkcs1v15_sign);
			a->sign_kind.rsa_pkcs1v15_sign.hash_alg = &a->sign_hash;
			m->variant_case = SIGN_V(RSA_PKCS1V15_SIGN);
			m->rsa_pkcs1v15_sign = &a->sign_kind.rsa_pkcs1v15_sign;
		}
		break;
	case PSA_ALG_RSA_PSS_BASE:
		if ((status = psa_pb_sign_hash_fill(alg, a)) == PSA_SUCCESS) {
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
		} else if ((status = psa_pb_sign_hash_fill(alg, a)) ==
		    PSA_SUCCESS) {
			psa_algorithm__algorithm__asymmetric_signature__ecdsa__init(
			    &a->sign_kind.ecdsa);
			a->sign_kind.ecdsa.hash_alg = &a->sign_hash;
			m->variant_case = SIGN_V(ECDSA);
			m->ecdsa = &a->sign_kind.ecdsa;
		}
		break;
	case PSA_ALG_DETERMINISTIC_ECDSA_BASE:
		if ((status = psa_pb_sign_hash_fill(alg, a)) == PSA_SUCCESS) {
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
psa_pb_asym_enc_fill(psa_algorithm_t alg, struct psa_pb_pb_alg *a)
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
		if ((status = psa_pb_hash_of(alg,
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
psa_pb_kdf_fill(psa_algorithm_t alg, struct psa_pb_pb_alg *a)
{
	psa_status_t status = PSA_ERROR_NOT_SUPPORTED;
	PsaAlgorithm__Algorithm__KeyDerivation *m = &a->kdf;

	psa_algorithm__algorithm__key_derivation__init(m);
	switch (alg & ~PSA_ALG_HASH_MASK) {
	case PSA_ALG_HKDF_BASE:
		psa_algorithm__algorithm__key_derivation__hkdf__init(
		    &a->kdf_kind.hkdf);
		if ((status = psa_pb_hash_of(alg,
		    &a->kdf_kind.hkdf.hash_alg)) == PSA_SUCCESS) {
			m->variant_case = KDF_V(HKDF);
			m->hkdf = &a->kdf_kind.hkdf;
		}
		break;
	case PSA_ALG_TLS12_PRF_BASE:
		psa_algorithm__algorithm__key_derivation__tls12_prf__init(
		    &a->kdf_kind.tls12_prf);
		if ((status = psa_pb_hash_of(alg,
		    &a->kdf_kind.tls12_prf.hash_alg)) == PSA_SUCCESS) {
			m->variant_case = KDF_V(TLS12_PRF);
			m->tls12_prf = &a->kdf_kind.tls12_prf;
		}
		break;
	case PSA_ALG_TLS12_PSK_TO_MS_BASE:
		psa_algorithm__algorithm__key_derivation__tls12_psk_to_ms__init(
		    &a->kdf_kind.tls12_psk_to_ms);
		if ((status = psa_pb_hash_of(alg,
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
psa_pb_ka_fill(psa_algorithm_t alg, struct psa_pb_pb_alg *a)
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
	PsaAlgorithm__Algorithm__KeyAgreement__Raw raw;

	psa_algorithm__algorithm__key_agreement__init(m);
	if ((status = psa_pb_ka_raw_to_pb(base, &raw)) != PSA_SUCCESS)
		goto out;
	if (kdf == PSA_ALG_CATEGORY_KEY_DERIVATION) {	/* no KDF: raw */
		m->variant_case = KA_V(RAW);
		m->raw = raw;
		goto out;
	}
	if ((status = psa_pb_kdf_fill(kdf, a)) != PSA_SUCCESS)
		goto out;
	psa_algorithm__algorithm__key_agreement__with_key_derivation__init(w);
	w->ka_alg = raw;
	w->kdf_alg = &a->kdf;
	m->variant_case = KA_V(WITH_KEY_DERIVATION);
	m->with_key_derivation = w;
out:
	if (status != PSA_SUCCESS)
		psa_algorithm__algorithm__key_agreement__init(m);
	return status;
}

psa_status_t
psa_pb_alg_to_pb(psa_algorithm_t alg, struct psa_pb_pb_alg *arena)
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
		status = psa_pb_hash_to_pb(alg, &m->hash);
		vc = ALG_V_HASH;
		break;
	case PSA_ALG_CATEGORY_MAC:
		status = psa_pb_mac_fill(alg, arena);
		m->mac = &arena->mac;
		vc = ALG_V_MAC;
		break;
	case PSA_ALG_CATEGORY_CIPHER:
		status = psa_pb_cipher_to_pb(alg, &m->cipher);
		vc = ALG_V_CIPHER;
		break;
	case PSA_ALG_CATEGORY_AEAD:
		status = psa_pb_aead_fill(alg, arena);
		m->aead = &arena->aead;
		vc = ALG_V_AEAD;
		break;
	case PSA_ALG_CATEGORY_SIGN:
		status = psa_pb_sign_fill(alg, arena);
		m->asymmetric_signature = &arena->sign;
		vc = ALG_V_SIGN;
		break;
	case PSA_ALG_CATEGORY_ASYMMETRIC_ENCRYPTION:
		status = psa_pb_asym_enc_fill(alg, arena);
		m->asymmetric_encryption = &arena->asym_enc;
		vc = ALG_V_ASYM_ENC;
		break;
	case PSA_ALG_CATEGORY_KEY_DERIVATION:
		status = psa_pb_kdf_fill(alg, arena);
		m->key_derivation = &arena->kdf;
		vc = ALG_V_KDF;
		break;
	case PSA_ALG_CATEGORY_KEY_AGREEMENT:
		status = psa_pb_ka_fill(alg, arena);
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
psa_pb_family_to_pb(psa_algorithm_t alg, psa_algorithm_t category,
    struct psa_pb_pb_alg *arena)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (arena == NULL)
		goto out;
	psa_algorithm__algorithm__init(&arena->alg);
	if ((alg & PSA_ALG_CATEGORY_MASK) != category)
		goto out;
	status = psa_pb_alg_to_pb(alg, arena);
out:
	return status;
}

psa_status_t
psa_pb_mac_to_pb(psa_algorithm_t alg, struct psa_pb_pb_alg *arena,
    PsaAlgorithm__Algorithm__Mac **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = psa_pb_family_to_pb(alg, PSA_ALG_CATEGORY_MAC,
	    arena)) == PSA_SUCCESS)
		*out = arena->alg.mac;
out:
	return status;
}

psa_status_t
psa_pb_aead_to_pb(psa_algorithm_t alg, struct psa_pb_pb_alg *arena,
    PsaAlgorithm__Algorithm__Aead **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = psa_pb_family_to_pb(alg, PSA_ALG_CATEGORY_AEAD,
	    arena)) == PSA_SUCCESS)
		*out = arena->alg.aead;
out:
	return status;
}

psa_status_t
psa_pb_sign_to_pb(psa_algorithm_t alg, struct psa_pb_pb_alg *arena,
    PsaAlgorithm__Algorithm__AsymmetricSignature **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = psa_pb_family_to_pb(alg, PSA_ALG_CATEGORY_SIGN,
	    arena)) == PSA_SUCCESS)
		*out = arena->alg.asymmetric_signature;
out:
	return status;
}

psa_status_t
psa_pb_asym_enc_to_pb(psa_algorithm_t alg, struct psa_pb_pb_alg *arena,
    PsaAlgorithm__Algorithm__AsymmetricEncryption **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = psa_pb_family_to_pb(alg,
	    PSA_ALG_CATEGORY_ASYMMETRIC_ENCRYPTION, arena)) == PSA_SUCCESS)
		*out = arena->alg.asymmetric_encryption;
out:
	return status;
}

psa_status_t
psa_pb_ka_to_pb(psa_algorithm_t alg, struct psa_pb_pb_alg *arena,
    PsaAlgorithm__Algorithm__KeyAgreement **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = psa_pb_family_to_pb(alg,
	    PSA_ALG_CATEGORY_KEY_AGREEMENT, arena)) == PSA_SUCCESS)
		*out = arena->alg.key_agreement;
out:
	return status;
}

psa_status_t
psa_pb_kdf_to_pb(psa_algorithm_t alg, struct psa_pb_pb_alg *arena,
    PsaAlgorithm__Algorithm__KeyDerivation **out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	*out = NULL;
	if ((status = psa_pb_family_to_pb(alg,
	    PSA_ALG_CATEGORY_KEY_DERIVATION, arena)) == PSA_SUCCESS)
		*out = arena->alg.key_derivation;
out:
	return status;
}
