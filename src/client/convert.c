/* client/convert.c: the public API's PSA numbers to Parsec's protobuf
 * spelling and back, through psa/pbconv, with pbconv's statuses made the
 * client's. */
#include <string.h>

#include <arcsec/keys.h>

#include "client/client.h"
#include "psa/names.h"

/* pbconv answers INVALID_ARGUMENT for a value of the wrong kind and
 * NOT_SUPPORTED for one the schema cannot spell (psa/pbconv.h); neither
 * came from a service, so neither may look as if it had. */
static arcsec_status_t
client_conv_fail(psa_status_t ps)
{
	return ps == PSA_ERROR_NOT_SUPPORTED ? ARCSEC_ERR_UNSUPPORTED :
	    ARCSEC_ERR_INVALID_ARGUMENT;
}

static const char *
client_conv_why(psa_status_t ps)
{
	return ps == PSA_ERROR_NOT_SUPPORTED ?
	    "has no encoding in Parsec's wire schema" : "is not valid here";
}

arcsec_status_t
client_attrs_to_pb(struct arcsec_client *c,
    const struct arcsec_key_attrs *attrs, struct psa_pb_pb_attrs *arena)
{
	struct psa_key_attrs pa;
	char type_name[PSA_NAME_SIZE], usage_name[PSA_NAME_SIZE];
	char alg_name[PSA_NAME_SIZE];
	psa_status_t ps;

	memset(&pa, 0, sizeof(pa));
	pa.type = attrs->key_type;
	pa.bits = attrs->key_bits;
	pa.usage = attrs->key_usage;
	pa.alg = attrs->key_alg;
	pa.is_persistent = true;	/* Parsec keys always are */
	if (pa.type == PSA_KEY_TYPE_NONE)
		ps = PSA_ERROR_INVALID_ARGUMENT;
	else if ((ps = psa_pb_attrs_to_pb(&pa, arena)) == PSA_SUCCESS)
		return ARCSEC_SUCCESS;
	client_set_error(c, "key attributes (%s, usage %s, algorithm %s): "
	    "one %s", psa_key_type_name(pa.type, type_name, sizeof(type_name)),
	    psa_usage_name(pa.usage, usage_name, sizeof(usage_name)),
	    psa_alg_name(pa.alg, alg_name, sizeof(alg_name)),
	    client_conv_why(ps));
	return client_conv_fail(ps);
}

arcsec_status_t
client_attrs_from_pb(struct arcsec_client *c,
    const PsaKeyAttributes__KeyAttributes *pb, struct arcsec_key_attrs *out)
{
	struct psa_key_attrs pa;

	memset(out, 0, sizeof(*out));
	/* A result the schema allows but PSA cannot hold (a key size past
	 * what psa_key_attrs keeps) is as malformed as one that does not
	 * decode. */
	if (psa_pb_attrs_from_pb(pb, &pa) != PSA_SUCCESS ||
	    pa.bits > UINT32_MAX)
		return client_bad_result(c, "a key's attributes do not decode");
	out->key_type = pa.type;
	out->key_bits = (uint32_t)pa.bits;
	out->key_usage = pa.usage;
	out->key_alg = pa.alg;
	return ARCSEC_SUCCESS;
}

static arcsec_status_t
client_alg_fail(struct arcsec_client *c, const char *what, arcsec_alg_t alg,
    psa_status_t ps)
{
	char alg_name[PSA_NAME_SIZE];

	client_set_error(c, "%s %s %s", what, psa_alg_name(alg, alg_name,
	    sizeof(alg_name)), client_conv_why(ps));
	return client_conv_fail(ps);
}

arcsec_status_t
client_sign_alg_to_pb(struct arcsec_client *c, arcsec_alg_t alg,
    struct psa_pb_pb_alg *arena,
    PsaAlgorithm__Algorithm__AsymmetricSignature **out)
{
	psa_status_t ps;

	if ((ps = psa_pb_sign_to_pb(alg, arena, out)) == PSA_SUCCESS)
		return ARCSEC_SUCCESS;
	return client_alg_fail(c, "signature algorithm", alg, ps);
}

arcsec_status_t
client_asym_enc_alg_to_pb(struct arcsec_client *c, arcsec_alg_t alg,
    struct psa_pb_pb_alg *arena,
    PsaAlgorithm__Algorithm__AsymmetricEncryption **out)
{
	psa_status_t ps;

	if ((ps = psa_pb_asym_enc_to_pb(alg, arena, out)) == PSA_SUCCESS)
		return ARCSEC_SUCCESS;
	return client_alg_fail(c, "encryption algorithm", alg, ps);
}

arcsec_status_t
client_hash_to_pb(struct arcsec_client *c, arcsec_alg_t alg,
    PsaAlgorithm__Algorithm__Hash *out)
{
	psa_status_t ps;

	if ((ps = psa_pb_hash_to_pb(alg, out)) == PSA_SUCCESS)
		return ARCSEC_SUCCESS;
	return client_alg_fail(c, "hash", alg, ps);
}
