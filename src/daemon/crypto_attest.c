/* daemon/crypto_attest.c: Parsec's experimental key attestation operations,
 * PrepareKeyAttestation (0x1F) and AttestKey (0x1E), with the one mechanism
 * Parsec defines, ActivateCredential: decoded request -> keys -> provider
 * -> nested result message. */
#include "daemon/crypto.h"

#include <stddef.h>
#include <string.h>

#include "attest_key.pb-c.h"
#include "prepare_key_attestation.pb-c.h"
#include "wire/opcodes.h"

/* Largest outputs: a TPM name (2 + 64), a marshalled TPMT_PUBLIC (well
 * under 1 KiB for any key a TPM holds), a credential (a digest, 64). */
#define ATTEST_NAME_MAX		(2u + 64u)
#define ATTEST_PUBLIC_MAX	1024u
#define ATTEST_CREDENTIAL_MAX	64u

/* A result and its nested messages, in one crypto_result_new allocation. */
struct attest_prepare_result {
	PrepareKeyAttestation__Result					r;
	PrepareKeyAttestation__PrepareKeyAttestationOutput		o;
	PrepareKeyAttestation__PrepareKeyAttestationOutput__ActivateCredential ac;
};

struct attest_key_result {
	AttestKey__Result				r;
	AttestKey__AttestationOutput			o;
	AttestKey__AttestationOutput__ActivateCredential	ac;
};

static void
attest_prepare_result_init(void *msg)
{
	struct attest_prepare_result *m = msg;

	prepare_key_attestation__result__init(&m->r);
	prepare_key_attestation__prepare_key_attestation_output__init(&m->o);
	prepare_key_attestation__prepare_key_attestation_output__activate_credential__init(
	    &m->ac);
	m->r.output = &m->o;
	m->o.mechanism_case = PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__MECHANISM_ACTIVATE_CREDENTIAL;
	m->o.activate_credential = &m->ac;
}

static void
attest_key_result_init(void *msg)
{
	struct attest_key_result *m = msg;

	attest_key__result__init(&m->r);
	attest_key__attestation_output__init(&m->o);
	attest_key__attestation_output__activate_credential__init(&m->ac);
	m->r.output = &m->o;
	m->o.mechanism_case =
	    ATTEST_KEY__ATTESTATION_OUTPUT__MECHANISM_ACTIVATE_CREDENTIAL;
	m->o.activate_credential = &m->ac;
}

/* The attesting key, if the request names one (empty: the default). */
static psa_status_t
attest_load_attesting(struct crypto_req *cr, const char *name,
    struct crypto_key *k, const struct prov_key **pk)
{
	psa_status_t status;

	*pk = NULL;
	memset(k, 0, sizeof(*k));
	if (name == NULL || name[0] == '\0')
		return PSA_SUCCESS;
	if ((status = crypto_key_load(cr, name, k)) == PSA_SUCCESS)
		*pk = &k->ck_pk;
	return status;
}

static psa_status_t
attest_prepare(struct crypto_req *cr, ProtobufCMessage **result)
{
	const PrepareKeyAttestation__Operation *o = (const void *)cr->cr_op;
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	const PrepareKeyAttestation__PrepareKeyAttestationParams__ActivateCredential
	    *ac;
	struct attest_prepare_result *r = NULL;
	struct crypto_key attested = { 0 }, attesting = { 0 };
	const struct prov_key *attesting_pk = NULL;
	uint8_t *out = NULL;
	size_t name_len = 0, pub_len = 0, ak_len = 0;
	psa_status_t status;

	if (ops->prepare_activate_credential == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (o->parameters == NULL || o->parameters->mechanism_case !=
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__MECHANISM_ACTIVATE_CREDENTIAL ||
	    (ac = o->parameters->activate_credential) == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = crypto_key_load(cr, ac->attested_key_name, &attested)) !=
	    PSA_SUCCESS)
		return status;
	if ((status = attest_load_attesting(cr, ac->attesting_key_name,
	    &attesting, &attesting_pk)) != PSA_SUCCESS ||
	    (status = crypto_result_new(cr, sizeof(*r),
	    attest_prepare_result_init, ATTEST_NAME_MAX + 2 * ATTEST_PUBLIC_MAX,
	    (void **)&r, &out)) != PSA_SUCCESS)
		goto out;
	status = ops->prepare_activate_credential(cr->cr_pi->pi_state,
	    &attested.ck_pk, attesting_pk, out, ATTEST_NAME_MAX, &name_len,
	    out + ATTEST_NAME_MAX, ATTEST_PUBLIC_MAX, &pub_len,
	    out + ATTEST_NAME_MAX + ATTEST_PUBLIC_MAX, ATTEST_PUBLIC_MAX,
	    &ak_len);
	if (status != PSA_SUCCESS)
		goto out;
	r->ac.name.data = out;
	r->ac.name.len = name_len;
	r->ac.public_.data = out + ATTEST_NAME_MAX;
	r->ac.public_.len = pub_len;
	r->ac.attesting_key_pub.data = out + ATTEST_NAME_MAX +
	    ATTEST_PUBLIC_MAX;
	r->ac.attesting_key_pub.len = ak_len;
	*result = &r->r.base;
	r = NULL;
out:
	crypto_result_free(r != NULL ? &r->r.base : NULL);
	crypto_key_release(&attesting);
	crypto_key_release(&attested);
	return status;
}

static psa_status_t
attest_key(struct crypto_req *cr, ProtobufCMessage **result)
{
	const AttestKey__Operation *o = (const void *)cr->cr_op;
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	const AttestKey__AttestationMechanismParams__ActivateCredential *ac;
	struct attest_key_result *r = NULL;
	struct crypto_key attested = { 0 }, attesting = { 0 };
	const struct prov_key *attesting_pk = NULL;
	uint8_t *out = NULL;
	size_t out_len = 0;
	psa_status_t status;

	if (ops->activate_credential == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (o->parameters == NULL || o->parameters->mechanism_case !=
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__MECHANISM_ACTIVATE_CREDENTIAL ||
	    (ac = o->parameters->activate_credential) == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = crypto_key_load(cr, o->attested_key_name, &attested)) !=
	    PSA_SUCCESS)
		return status;
	if ((status = attest_load_attesting(cr, o->attesting_key_name,
	    &attesting, &attesting_pk)) != PSA_SUCCESS ||
	    (status = crypto_result_new(cr, sizeof(*r), attest_key_result_init,
	    ATTEST_CREDENTIAL_MAX, (void **)&r, &out)) != PSA_SUCCESS)
		goto out;
	status = ops->activate_credential(cr->cr_pi->pi_state, &attested.ck_pk,
	    attesting_pk, ac->credential_blob.data, ac->credential_blob.len,
	    ac->secret.data, ac->secret.len, out, ATTEST_CREDENTIAL_MAX,
	    &out_len);
	if (status != PSA_SUCCESS)
		goto out;
	r->ac.credential.data = out;
	r->ac.credential.len = out_len;
	*result = &r->r.base;
	r = NULL;
out:
	crypto_result_free(r != NULL ? &r->r.base : NULL);
	crypto_key_release(&attesting);
	crypto_key_release(&attested);
	return status;
}

psa_status_t
crypto_attest_handle(struct crypto_req *cr, uint32_t opcode,
    ProtobufCMessage **result)
{
	switch (opcode) {
	case WIRE_OP_PREPARE_KEY_ATTESTATION:
		return attest_prepare(cr, result);
	case WIRE_OP_ATTEST_KEY:
		return attest_key(cr, result);
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}
