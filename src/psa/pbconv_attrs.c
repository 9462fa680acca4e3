/* psa/pbconv_attrs.c: Parsec's KeyAttributes messages to and from
 * struct psa_key_attrs. Pure.
 *
 * Shapes follow parsec-interface-rs src/operations_protobuf/
 * psa_pb_psa_key_attributes.rs; the PSA value of each key type is the one
 * rust-psa-crypto's psa-crypto/src/types/key.rs gives it (here the
 * PSA_KEY_TYPE_* and PSA_ECC_FAMILY_* values of psa/types.h).
 */
#include "psa/pbconv.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PSA_PB_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define KT_V(x)		PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_##x
#define ECC_FAM(x)	PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_FAMILY__##x

/* The ten flags UsageFlags names; VERIFY_DERIVATION (PSA 1.1), WRAP and
 * UNWRAP (1.3) came after Parsec's schema. */
#define PSA_PB_USAGE_WIRE_MASK						\
	(PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_COPY | PSA_KEY_USAGE_CACHE | \
	 PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT |		\
	 PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE |	\
	 PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH |		\
	 PSA_KEY_USAGE_DERIVE)

/* KeyType.EccFamily -> PSA curve family, as psa-crypto's EccFamily maps to
 * psa_ecc_family_t. ECC_FAMILY_NONE is absent: Parsec refuses it ("The None
 * value of EccFamily enumeration is not allowed"). Twisted Edwards (0x42)
 * is not in the schema. */
static const struct {
	PsaKeyAttributes__KeyType__EccFamily	pb;
	psa_ecc_family_t			psa;
} psa_pb_ecc_families[] = {
	{ ECC_FAM(SECP_K1),		PSA_ECC_FAMILY_SECP_K1 },
	{ ECC_FAM(SECP_R1),		PSA_ECC_FAMILY_SECP_R1 },
	{ ECC_FAM(SECP_R2),		PSA_ECC_FAMILY_SECP_R2 },
	{ ECC_FAM(SECT_K1),		PSA_ECC_FAMILY_SECT_K1 },
	{ ECC_FAM(SECT_R1),		PSA_ECC_FAMILY_SECT_R1 },
	{ ECC_FAM(SECT_R2),		PSA_ECC_FAMILY_SECT_R2 },
	{ ECC_FAM(BRAINPOOL_P_R1),	PSA_ECC_FAMILY_BRAINPOOL_P_R1 },
	{ ECC_FAM(FRP),			PSA_ECC_FAMILY_FRP },
	{ ECC_FAM(MONTGOMERY),		PSA_ECC_FAMILY_MONTGOMERY },
};

/* The key types that are a bare marker message in the schema. */
static const struct {
	PsaKeyAttributes__KeyType__VariantCase	vc;
	psa_key_type_t				psa;
} psa_pb_plain_types[] = {
	{ KT_V(RAW_DATA),	PSA_KEY_TYPE_RAW_DATA },
	{ KT_V(HMAC),		PSA_KEY_TYPE_HMAC },
	{ KT_V(DERIVE),		PSA_KEY_TYPE_DERIVE },
	{ KT_V(AES),		PSA_KEY_TYPE_AES },
	{ KT_V(DES),		PSA_KEY_TYPE_DES },
	{ KT_V(CAMELLIA),	PSA_KEY_TYPE_CAMELLIA },
	{ KT_V(ARC4),		PSA_KEY_TYPE_ARC4 },
	{ KT_V(CHACHA20),	PSA_KEY_TYPE_CHACHA20 },
	{ KT_V(RSA_PUBLIC_KEY),	PSA_KEY_TYPE_RSA_PUBLIC_KEY },
	{ KT_V(RSA_KEY_PAIR),	PSA_KEY_TYPE_RSA_KEY_PAIR },
};

static psa_status_t
psa_pb_ecc_family_from_pb(PsaKeyAttributes__KeyType__EccFamily pb,
    psa_ecc_family_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	size_t i;

	for (i = 0; i < PSA_PB_NELEM(psa_pb_ecc_families); i++) {
		if ((int32_t)psa_pb_ecc_families[i].pb == (int32_t)pb) {
			*out = psa_pb_ecc_families[i].psa;
			status = PSA_SUCCESS;
			break;
		}
	}
	return status;
}

static psa_status_t
psa_pb_ecc_family_to_pb(psa_ecc_family_t family,
    PsaKeyAttributes__KeyType__EccFamily *out)
{
	psa_status_t status = PSA_ERROR_NOT_SUPPORTED;
	size_t i;

	for (i = 0; i < PSA_PB_NELEM(psa_pb_ecc_families); i++) {
		if (psa_pb_ecc_families[i].psa == family) {
			*out = psa_pb_ecc_families[i].pb;
			status = PSA_SUCCESS;
			break;
		}
	}
	return status;
}

/* DhFamily has one value, RFC7919, and it is zero: here zero is a choice,
 * not "unset" (psa_key_attributes.proto), so an absent field means
 * RFC 7919 groups, as in parsec-interface-rs. */
static psa_status_t
psa_pb_dh_family_from_pb(PsaKeyAttributes__KeyType__DhFamily pb,
    psa_dh_family_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (pb == PSA_KEY_ATTRIBUTES__KEY_TYPE__DH_FAMILY__RFC7919) {
		*out = PSA_DH_FAMILY_RFC7919;
		status = PSA_SUCCESS;
	}
	return status;
}

psa_status_t
psa_pb_key_type_from_pb(const PsaKeyAttributes__KeyType *pb,
    psa_key_type_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	psa_key_type_t type = PSA_KEY_TYPE_NONE;
	psa_ecc_family_t ecc = 0;
	psa_dh_family_t dh = 0;
	size_t i;

	if (out == NULL)
		goto out;
	*out = PSA_KEY_TYPE_NONE;
	if (pb == NULL)
		goto out;
	switch (pb->variant_case) {
	case KT_V(ECC_KEY_PAIR):
		if (pb->ecc_key_pair != NULL &&
		    (status = psa_pb_ecc_family_from_pb(
		    pb->ecc_key_pair->curve_family, &ecc)) == PSA_SUCCESS)
			type = PSA_KEY_TYPE_ECC_KEY_PAIR(ecc);
		break;
	case KT_V(ECC_PUBLIC_KEY):
		if (pb->ecc_public_key != NULL &&
		    (status = psa_pb_ecc_family_from_pb(
		    pb->ecc_public_key->curve_family, &ecc)) == PSA_SUCCESS)
			type = PSA_KEY_TYPE_ECC_PUBLIC_KEY(ecc);
		break;
	case KT_V(DH_KEY_PAIR):
		if (pb->dh_key_pair != NULL &&
		    (status = psa_pb_dh_family_from_pb(
		    pb->dh_key_pair->group_family, &dh)) == PSA_SUCCESS)
			type = PSA_KEY_TYPE_DH_KEY_PAIR(dh);
		break;
	case KT_V(DH_PUBLIC_KEY):
		if (pb->dh_public_key != NULL &&
		    (status = psa_pb_dh_family_from_pb(
		    pb->dh_public_key->group_family, &dh)) == PSA_SUCCESS)
			type = PSA_KEY_TYPE_DH_PUBLIC_KEY(dh);
		break;
	default:
		/* A marker: every member of the variant union is a pointer
		 * to a message, so raw_data reads whichever is set. NOT_SET
		 * and unknown cases match no row. */
		for (i = 0; i < PSA_PB_NELEM(psa_pb_plain_types); i++) {
			if (psa_pb_plain_types[i].vc == pb->variant_case &&
			    pb->raw_data != NULL) {
				type = psa_pb_plain_types[i].psa;
				status = PSA_SUCCESS;
				break;
			}
		}
		break;
	}
	if (status == PSA_SUCCESS)
		*out = type;
out:
	return status;
}

/* Point the KeyType at the marker message for variant `vc`. */
static void
psa_pb_key_type_marker(struct psa_pb_pb_attrs *a,
    PsaKeyAttributes__KeyType__VariantCase vc)
{
	PsaKeyAttributes__KeyType *kt = &a->key_type;

	switch (vc) {
	case KT_V(RAW_DATA):
		psa_key_attributes__key_type__raw_data__init(
		    &a->type_kind.raw_data);
		kt->raw_data = &a->type_kind.raw_data;
		break;
	case KT_V(HMAC):
		psa_key_attributes__key_type__hmac__init(&a->type_kind.hmac);
		kt->hmac = &a->type_kind.hmac;
		break;
	case KT_V(DERIVE):
		psa_key_attributes__key_type__derive__init(
		    &a->type_kind.derive);
		kt->derive = &a->type_kind.derive;
		break;
	case KT_V(AES):
		psa_key_attributes__key_type__aes__init(&a->type_kind.aes);
		kt->aes = &a->type_kind.aes;
		break;
	case KT_V(DES):
		psa_key_attributes__key_type__des__init(&a->type_kind.des);
		kt->des = &a->type_kind.des;
		break;
	case KT_V(CAMELLIA):
		psa_key_attributes__key_type__camellia__init(
		    &a->type_kind.camellia);
		kt->camellia = &a->type_kind.camellia;
		break;
	case KT_V(ARC4):
		psa_key_attributes__key_type__arc4__init(&a->type_kind.arc4);
		kt->arc4 = &a->type_kind.arc4;
		break;
	case KT_V(CHACHA20):
		psa_key_attributes__key_type__chacha20__init(
		    &a->type_kind.chacha20);
		kt->chacha20 = &a->type_kind.chacha20;
		break;
	case KT_V(RSA_PUBLIC_KEY):
		psa_key_attributes__key_type__rsa_public_key__init(
		    &a->type_kind.rsa_public_key);
		kt->rsa_public_key = &a->type_kind.rsa_public_key;
		break;
	case KT_V(RSA_KEY_PAIR):
		psa_key_attributes__key_type__rsa_key_pair__init(
		    &a->type_kind.rsa_key_pair);
		kt->rsa_key_pair = &a->type_kind.rsa_key_pair;
		break;
	default:	/* only called with a row of psa_pb_plain_types */
		abort();
	}
	kt->variant_case = vc;
}

psa_status_t
psa_pb_key_type_to_pb(psa_key_type_t type, struct psa_pb_pb_attrs *arena)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	PsaKeyAttributes__KeyType *kt;
	PsaKeyAttributes__KeyType__EccFamily ecc;
	size_t i;

	if (arena == NULL)
		goto out;
	kt = &arena->key_type;
	psa_key_attributes__key_type__init(kt);
	status = PSA_ERROR_NOT_SUPPORTED;
	for (i = 0; i < PSA_PB_NELEM(psa_pb_plain_types); i++) {
		if (psa_pb_plain_types[i].psa == type) {
			psa_pb_key_type_marker(arena,
			    psa_pb_plain_types[i].vc);
			status = PSA_SUCCESS;
			goto out;
		}
	}
	/* ECC and DH: the base must match exactly and the low byte be a
	 * family the schema names (so bit 7, outside PSA's 7-bit family
	 * field, cannot sneak through and come back different). */
	switch (type & ~(psa_key_type_t)0xff) {
	case PSA_KEY_TYPE_ECC_KEY_PAIR_BASE:
		if ((status = psa_pb_ecc_family_to_pb(type & 0xff, &ecc)) !=
		    PSA_SUCCESS)
			break;
		psa_key_attributes__key_type__ecc_key_pair__init(
		    &arena->type_kind.ecc_key_pair);
		arena->type_kind.ecc_key_pair.curve_family = ecc;
		kt->variant_case = KT_V(ECC_KEY_PAIR);
		kt->ecc_key_pair = &arena->type_kind.ecc_key_pair;
		break;
	case PSA_KEY_TYPE_ECC_PUBLIC_KEY_BASE:
		if ((status = psa_pb_ecc_family_to_pb(type & 0xff, &ecc)) !=
		    PSA_SUCCESS)
			break;
		psa_key_attributes__key_type__ecc_public_key__init(
		    &arena->type_kind.ecc_public_key);
		arena->type_kind.ecc_public_key.curve_family = ecc;
		kt->variant_case = KT_V(ECC_PUBLIC_KEY);
		kt->ecc_public_key = &arena->type_kind.ecc_public_key;
		break;
	case PSA_KEY_TYPE_DH_KEY_PAIR_BASE:
		if ((type & 0xff) != PSA_DH_FAMILY_RFC7919)
			break;
		psa_key_attributes__key_type__dh_key_pair__init(
		    &arena->type_kind.dh_key_pair);
		kt->variant_case = KT_V(DH_KEY_PAIR);
		kt->dh_key_pair = &arena->type_kind.dh_key_pair;
		status = PSA_SUCCESS;
		break;
	case PSA_KEY_TYPE_DH_PUBLIC_KEY_BASE:
		if ((type & 0xff) != PSA_DH_FAMILY_RFC7919)
			break;
		psa_key_attributes__key_type__dh_public_key__init(
		    &arena->type_kind.dh_public_key);
		kt->variant_case = KT_V(DH_PUBLIC_KEY);
		kt->dh_public_key = &arena->type_kind.dh_public_key;
		status = PSA_SUCCESS;
		break;
	default:	/* NONE, password, ARIA, SM4, XChaCha20, vendor */
		break;
	}
out:
	if (status != PSA_SUCCESS && arena != NULL)
		psa_key_attributes__key_type__init(&arena->key_type);
	return status;
}

psa_status_t
psa_pb_usage_from_pb(const PsaKeyAttributes__UsageFlags *pb,
    psa_key_usage_t *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	psa_key_usage_t u = 0;

	if (out == NULL)
		goto out;
	*out = 0;
	if (pb == NULL)
		goto out;
	/* One boolean per PSA flag (parsec-interface-rs UsageFlags; psa-crypto
	 * From<UsageFlags> for psa_key_usage_t). */
	u |= pb->export ? PSA_KEY_USAGE_EXPORT : 0;
	u |= pb->copy ? PSA_KEY_USAGE_COPY : 0;
	u |= pb->cache ? PSA_KEY_USAGE_CACHE : 0;
	u |= pb->encrypt ? PSA_KEY_USAGE_ENCRYPT : 0;
	u |= pb->decrypt ? PSA_KEY_USAGE_DECRYPT : 0;
	u |= pb->sign_message ? PSA_KEY_USAGE_SIGN_MESSAGE : 0;
	u |= pb->verify_message ? PSA_KEY_USAGE_VERIFY_MESSAGE : 0;
	u |= pb->sign_hash ? PSA_KEY_USAGE_SIGN_HASH : 0;
	u |= pb->verify_hash ? PSA_KEY_USAGE_VERIFY_HASH : 0;
	u |= pb->derive ? PSA_KEY_USAGE_DERIVE : 0;
	*out = u;
	status = PSA_SUCCESS;
out:
	return status;
}

psa_status_t
psa_pb_usage_to_pb(psa_key_usage_t usage, PsaKeyAttributes__UsageFlags *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	if (out == NULL)
		goto out;
	psa_key_attributes__usage_flags__init(out);
	/* Dropping a flag would misreport the key's policy: refuse. */
	status = PSA_ERROR_NOT_SUPPORTED;
	if ((usage & ~(psa_key_usage_t)PSA_PB_USAGE_WIRE_MASK) != 0)
		goto out;
	out->export = (usage & PSA_KEY_USAGE_EXPORT) != 0;
	out->copy = (usage & PSA_KEY_USAGE_COPY) != 0;
	out->cache = (usage & PSA_KEY_USAGE_CACHE) != 0;
	out->encrypt = (usage & PSA_KEY_USAGE_ENCRYPT) != 0;
	out->decrypt = (usage & PSA_KEY_USAGE_DECRYPT) != 0;
	out->sign_message = (usage & PSA_KEY_USAGE_SIGN_MESSAGE) != 0;
	out->verify_message = (usage & PSA_KEY_USAGE_VERIFY_MESSAGE) != 0;
	out->sign_hash = (usage & PSA_KEY_USAGE_SIGN_HASH) != 0;
	out->verify_hash = (usage & PSA_KEY_USAGE_VERIFY_HASH) != 0;
	out->derive = (usage & PSA_KEY_USAGE_DERIVE) != 0;
	status = PSA_SUCCESS;
out:
	return status;
}

psa_status_t
psa_pb_attrs_from_pb(const PsaKeyAttributes__KeyAttributes *pb,
    struct psa_key_attrs *out)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	struct psa_key_attrs attrs;

	memset(&attrs, 0, sizeof(attrs));
	if (out == NULL)
		goto out;
	memset(out, 0, sizeof(*out));
	/* parsec-interface-rs: "key_type field of KeyAttributes message is
	 * empty", likewise key_policy, key_usage_flags, key_algorithm. */
	if (pb == NULL || pb->key_type == NULL || pb->key_policy == NULL ||
	    pb->key_policy->key_usage_flags == NULL ||
	    pb->key_policy->key_algorithm == NULL)
		goto out;
	if ((status = psa_pb_key_type_from_pb(pb->key_type, &attrs.type)) !=
	    PSA_SUCCESS ||
	    (status = psa_pb_usage_from_pb(pb->key_policy->key_usage_flags,
	    &attrs.usage)) != PSA_SUCCESS ||
	    (status = psa_pb_alg_from_pb(pb->key_policy->key_algorithm,
	    &attrs.alg)) != PSA_SUCCESS)
		goto out;
	attrs.bits = pb->key_bits;
	attrs.is_persistent = false;	/* not on the wire */
	*out = attrs;
out:
	return status;
}

psa_status_t
psa_pb_attrs_to_pb(const struct psa_key_attrs *attrs,
    struct psa_pb_pb_attrs *arena)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	PsaKeyAttributes__KeyAttributes *m;

	if (arena == NULL)
		goto out;
	m = &arena->attrs;
	psa_key_attributes__key_attributes__init(m);
	if (attrs == NULL || attrs->bits > UINT32_MAX)	/* key_bits: uint32 */
		goto out;
	if ((status = psa_pb_key_type_to_pb(attrs->type, arena)) !=
	    PSA_SUCCESS ||
	    (status = psa_pb_usage_to_pb(attrs->usage, &arena->usage)) !=
	    PSA_SUCCESS ||
	    (status = psa_pb_alg_to_pb(attrs->alg, &arena->alg)) !=
	    PSA_SUCCESS)
		goto out;
	psa_key_attributes__key_policy__init(&arena->policy);
	arena->policy.key_usage_flags = &arena->usage;
	arena->policy.key_algorithm = &arena->alg.alg;
	m->key_type = &arena->key_type;
	m->key_bits = (uint32_t)attrs->bits;
	m->key_policy = &arena->policy;
out:
	return status;
}
