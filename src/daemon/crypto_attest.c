/* daemon/crypto_attest.c: Parsec's experimental key attestation operations,
 * PrepareKeyAttestation (0x1F) and AttestKey (0x1E), with the one mechanism
 * Parsec defines, ActivateCredential, and arcsec's extensions (tpm_evidence,
 * tpm_ek_certs, tpm_key_blob, certify, activate_ak; docs/providers/tpm.md): decoded request -> keys ->
 * provider -> nested result message. */
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
/* An EK certificate (providers read at most this much), a TPMS_ATTEST of
 * Certify (names of two keys, qualifying data, clock: under 1 KiB) and a
 * TPMT_SIGNATURE (RSA 4096 at most: 6 + 512). */
#define ATTEST_EK_CERT_MAX	4096u
#define ATTEST_INFO_MAX		1024u
#define ATTEST_SIG_MAX		1024u
/* A TPM2B_PRIVATE's contents: sizeof(_PRIVATE) is under 2 KiB. */
#define ATTEST_PRIVATE_MAX	2048u

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

struct attest_evidence_result {
	PrepareKeyAttestation__Result					r;
	PrepareKeyAttestation__PrepareKeyAttestationOutput		o;
	PrepareKeyAttestation__PrepareKeyAttestationOutput__TpmEvidence	te;
};

struct attest_blob_result {
	PrepareKeyAttestation__Result					r;
	PrepareKeyAttestation__PrepareKeyAttestationOutput		o;
	PrepareKeyAttestation__PrepareKeyAttestationOutput__TpmKeyBlob	kb;
};

/* The EK certificate indices, in the result itself: the TCG profile
 * defines nine. */
#define ATTEST_EK_CERTS_MAX	16u

struct attest_ek_certs_result {
	PrepareKeyAttestation__Result					r;
	PrepareKeyAttestation__PrepareKeyAttestationOutput		o;
	PrepareKeyAttestation__PrepareKeyAttestationOutput__TpmEkCerts	ec;
	uint32_t		idx[ATTEST_EK_CERTS_MAX];
};

struct attest_certify_result {
	AttestKey__Result			r;
	AttestKey__AttestationOutput		o;
	AttestKey__AttestationOutput__Certify	ce;
};

static void
attest_evidence_result_init(void *msg)
{
	struct attest_evidence_result *m = msg;

	prepare_key_attestation__result__init(&m->r);
	prepare_key_attestation__prepare_key_attestation_output__init(&m->o);
	prepare_key_attestation__prepare_key_attestation_output__tpm_evidence__init(
	    &m->te);
	m->r.output = &m->o;
	m->o.mechanism_case = PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__MECHANISM_TPM_EVIDENCE;
	m->o.tpm_evidence = &m->te;
}

static void
attest_blob_result_init(void *msg)
{
	struct attest_blob_result *m = msg;

	prepare_key_attestation__result__init(&m->r);
	prepare_key_attestation__prepare_key_attestation_output__init(&m->o);
	prepare_key_attestation__prepare_key_attestation_output__tpm_key_blob__init(
	    &m->kb);
	m->r.output = &m->o;
	m->o.mechanism_case = PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__MECHANISM_TPM_KEY_BLOB;
	m->o.tpm_key_blob = &m->kb;
}

static void
attest_ek_certs_result_init(void *msg)
{
	struct attest_ek_certs_result *m = msg;

	prepare_key_attestation__result__init(&m->r);
	prepare_key_attestation__prepare_key_attestation_output__init(&m->o);
	prepare_key_attestation__prepare_key_attestation_output__tpm_ek_certs__init(
	    &m->ec);
	m->r.output = &m->o;
	m->o.mechanism_case = PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__MECHANISM_TPM_EK_CERTS;
	m->o.tpm_ek_certs = &m->ec;
}

static void
attest_certify_result_init(void *msg)
{
	struct attest_certify_result *m = msg;

	attest_key__result__init(&m->r);
	attest_key__attestation_output__init(&m->o);
	attest_key__attestation_output__certify__init(&m->ce);
	m->r.output = &m->o;
	m->o.mechanism_case = ATTEST_KEY__ATTESTATION_OUTPUT__MECHANISM_CERTIFY;
	m->o.certify = &m->ce;
}

/* activate_ak answers with the ActivateCredential message under its own
 * oneof member. */
static void
attest_activate_ak_result_init(void *msg)
{
	struct attest_key_result *m = msg;

	attest_key__result__init(&m->r);
	attest_key__attestation_output__init(&m->o);
	attest_key__attestation_output__activate_credential__init(&m->ac);
	m->r.output = &m->o;
	m->o.mechanism_case =
	    ATTEST_KEY__ATTESTATION_OUTPUT__MECHANISM_ACTIVATE_AK;
	m->o.activate_ak = &m->ac;
}

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

static ProtobufCBinaryData
attest_bin(const struct prov_out *o)
{
	ProtobufCBinaryData b = { .len = o->po_len, .data = o->po_buf };

	return b;
}

/* The EK and AK choice of a request, range-checked here so that providers
 * see only the values their enums name. */
static psa_status_t
attest_keys(uint32_t ek, uint32_t ak, struct prov_attest_keys *keys)
{
	if (ek > PROV_EK_LAST || ak > PROV_AK_LAST)
		return PSA_ERROR_INVALID_ARGUMENT;
	keys->pa_ek = (enum prov_ek)ek;
	keys->pa_ak = (enum prov_ak)ak;
	return PSA_SUCCESS;
}

/* arcsec extension: the TPM residency evidence of a key. */
static psa_status_t
attest_evidence(struct crypto_req *cr,
    const PrepareKeyAttestation__PrepareKeyAttestationParams__TpmEvidence *te,
    ProtobufCMessage **result)
{
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct attest_evidence_result *r = NULL;
	struct crypto_key attested = { 0 };
	struct prov_out ek_cert, ek_pub, ak_pub, ak_name, att_pub;
	struct prov_attest_keys keys;
	uint32_t ek_cert_index = 0;
	uint8_t *out = NULL;
	psa_status_t status;

	if (ops->tpm_evidence == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if ((status = attest_keys(te->ek, te->ak, &keys)) != PSA_SUCCESS ||
	    (status = crypto_key_load(cr, te->attested_key_name, &attested)) !=
	    PSA_SUCCESS)
		return status;
	if ((status = crypto_result_new(cr, sizeof(*r),
	    attest_evidence_result_init, ATTEST_EK_CERT_MAX +
	    3 * ATTEST_PUBLIC_MAX + ATTEST_NAME_MAX, (void **)&r, &out)) !=
	    PSA_SUCCESS)
		goto out;
	ek_cert = (struct prov_out){ out, ATTEST_EK_CERT_MAX, 0 };
	out += ATTEST_EK_CERT_MAX;
	ek_pub = (struct prov_out){ out, ATTEST_PUBLIC_MAX, 0 };
	out += ATTEST_PUBLIC_MAX;
	ak_pub = (struct prov_out){ out, ATTEST_PUBLIC_MAX, 0 };
	out += ATTEST_PUBLIC_MAX;
	att_pub = (struct prov_out){ out, ATTEST_PUBLIC_MAX, 0 };
	out += ATTEST_PUBLIC_MAX;
	ak_name = (struct prov_out){ out, ATTEST_NAME_MAX, 0 };
	if ((status = ops->tpm_evidence(cr->cr_pi->pi_state, &attested.ck_pk,
	    &keys, &ek_cert, &ek_cert_index, &ek_pub, &ak_pub, &ak_name,
	    &att_pub)) != PSA_SUCCESS)
		goto out;
	r->te.ek_cert = attest_bin(&ek_cert);
	r->te.ek_cert_index = ek_cert_index;
	r->te.ek_pub = attest_bin(&ek_pub);
	r->te.ak_pub = attest_bin(&ak_pub);
	r->te.ak_name = attest_bin(&ak_name);
	r->te.attested_pub = attest_bin(&att_pub);
	*result = &r->r.base;
	r = NULL;
out:
	crypto_result_free(r != NULL ? &r->r.base : NULL);
	crypto_key_release(&attested);
	return status;
}

/* arcsec extension: the EK certificates the TPM holds. Public facts
 * (tpm2_getcap lists them to anyone), so no key and no admin needed. */
static psa_status_t
attest_ek_certs(struct crypto_req *cr, ProtobufCMessage **result)
{
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct attest_ek_certs_result *r = NULL;
	uint8_t *out = NULL;
	size_t count = 0;
	psa_status_t status;

	if (ops->ek_certs == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if ((status = crypto_result_new(cr, sizeof(*r),
	    attest_ek_certs_result_init, 0, (void **)&r, &out)) !=
	    PSA_SUCCESS)
		return status;
	if ((status = ops->ek_certs(cr->cr_pi->pi_state, r->idx,
	    ATTEST_EK_CERTS_MAX, &count)) != PSA_SUCCESS) {
		crypto_result_free(&r->r.base);
		return status;
	}
	r->ec.n_nv_indices = count;
	r->ec.nv_indices = r->idx;
	*result = &r->r.base;
	return PSA_SUCCESS;
}

/* arcsec extension: a key's wrapped TPM blob, for tools that load it into
 * the TPM themselves (SPIRE's tpm_devid agent). Whoever holds it and can
 * reach the TPM can use the key without arcsecd (TPM keys carry no auth
 * value), so only administrators get it. */
static psa_status_t
attest_key_blob(struct crypto_req *cr, const char *key_name,
    ProtobufCMessage **result)
{
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct attest_blob_result *r = NULL;
	struct crypto_key k = { 0 };
	struct prov_out priv, pub;
	uint8_t *out = NULL;
	psa_status_t status;

	if (ops->key_blob == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (!cr->cr_is_admin)
		return PSA_ERROR_NOT_PERMITTED;
	if ((status = crypto_key_load(cr, key_name, &k)) != PSA_SUCCESS)
		return status;
	if ((status = crypto_result_new(cr, sizeof(*r),
	    attest_blob_result_init, ATTEST_PRIVATE_MAX + ATTEST_PUBLIC_MAX,
	    (void **)&r, &out)) != PSA_SUCCESS)
		goto out;
	priv = (struct prov_out){ out, ATTEST_PRIVATE_MAX, 0 };
	pub = (struct prov_out){ out + ATTEST_PRIVATE_MAX, ATTEST_PUBLIC_MAX,
	    0 };
	if ((status = ops->key_blob(cr->cr_pi->pi_state, &k.ck_pk, &priv,
	    &pub)) != PSA_SUCCESS)
		goto out;
	r->kb.key_private = attest_bin(&priv);
	r->kb.key_public = attest_bin(&pub);
	*result = &r->r.base;
	r = NULL;
out:
	crypto_result_free(r != NULL ? &r->r.base : NULL);
	crypto_key_release(&k);
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

	if (o->parameters != NULL && o->parameters->mechanism_case ==
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__MECHANISM_TPM_EVIDENCE) {
		if (o->parameters->tpm_evidence == NULL)
			return PSA_ERROR_INVALID_ARGUMENT;
		return attest_evidence(cr, o->parameters->tpm_evidence,
		    result);
	}
	if (o->parameters != NULL && o->parameters->mechanism_case ==
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__MECHANISM_TPM_EK_CERTS)
		return attest_ek_certs(cr, result);
	if (o->parameters != NULL && o->parameters->mechanism_case ==
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__MECHANISM_TPM_KEY_BLOB) {
		if (o->parameters->tpm_key_blob == NULL)
			return PSA_ERROR_INVALID_ARGUMENT;
		return attest_key_blob(cr,
		    o->parameters->tpm_key_blob->attested_key_name, result);
	}
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

/* arcsec extension: TPM2_Certify of the caller's key by the AK. */
static psa_status_t
attest_certify(struct crypto_req *cr, const AttestKey__Operation *o,
    ProtobufCMessage **result)
{
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	const AttestKey__AttestationMechanismParams__Certify *ce =
	    o->parameters->certify;
	struct attest_certify_result *r = NULL;
	struct crypto_key attested = { 0 };
	struct prov_out info, sig;
	struct prov_attest_keys keys;
	uint8_t *out = NULL;
	psa_status_t status;

	if (ops->certify == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (ce == NULL || (o->attesting_key_name != NULL &&
	    o->attesting_key_name[0] != '\0') ||
	    attest_keys(PROV_EK_AUTO, ce->ak, &keys) != PSA_SUCCESS)
		return PSA_ERROR_INVALID_ARGUMENT;	/* the AK only */
	if ((status = crypto_key_load(cr, o->attested_key_name, &attested)) !=
	    PSA_SUCCESS)
		return status;
	if ((status = crypto_result_new(cr, sizeof(*r),
	    attest_certify_result_init, ATTEST_INFO_MAX + ATTEST_SIG_MAX,
	    (void **)&r, &out)) != PSA_SUCCESS)
		goto out;
	info = (struct prov_out){ out, ATTEST_INFO_MAX, 0 };
	sig = (struct prov_out){ out + ATTEST_INFO_MAX, ATTEST_SIG_MAX, 0 };
	if ((status = ops->certify(cr->cr_pi->pi_state, &attested.ck_pk,
	    &keys, ce->qualifying_data.data, ce->qualifying_data.len, &info, &sig)) !=
	    PSA_SUCCESS)
		goto out;
	r->ce.certify_info = attest_bin(&info);
	r->ce.signature = attest_bin(&sig);
	*result = &r->r.base;
	r = NULL;
out:
	crypto_result_free(r != NULL ? &r->r.base : NULL);
	crypto_key_release(&attested);
	return status;
}

/*
 * arcsec extension: ActivateCredential of the AK with the EK. The AK is
 * the device's, not the caller's: the credential a verifier protects to
 * it (an enrolment secret) is for the device's administrators, so only
 * they may recover it. The named key must exist (the caller's own, or a
 * reserved one for an administrator) and only says which provider.
 */
static psa_status_t
attest_activate_ak(struct crypto_req *cr, const AttestKey__Operation *o,
    ProtobufCMessage **result)
{
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	const AttestKey__AttestationMechanismParams__ActivateAk *aa =
	    o->parameters->activate_ak;
	struct attest_key_result *r = NULL;
	struct crypto_key attested = { 0 };
	struct prov_attest_keys keys;
	uint8_t *out = NULL;
	size_t out_len = 0;
	psa_status_t status;

	if (ops->activate_ak == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (aa == NULL || (o->attesting_key_name != NULL &&
	    o->attesting_key_name[0] != '\0') ||
	    attest_keys(aa->ek, aa->ak, &keys) != PSA_SUCCESS)
		return PSA_ERROR_INVALID_ARGUMENT;
	if (!cr->cr_is_admin)
		return PSA_ERROR_NOT_PERMITTED;
	if ((status = crypto_key_load(cr, o->attested_key_name, &attested)) !=
	    PSA_SUCCESS)
		return status;
	if ((status = crypto_result_new(cr, sizeof(*r),
	    attest_activate_ak_result_init, ATTEST_CREDENTIAL_MAX, (void **)&r,
	    &out)) != PSA_SUCCESS)
		goto out;
	if ((status = ops->activate_ak(cr->cr_pi->pi_state, &keys,
	    aa->credential_blob.data, aa->credential_blob.len,
	    aa->secret.data, aa->secret.len, out, ATTEST_CREDENTIAL_MAX,
	    &out_len)) != PSA_SUCCESS)
		goto out;
	r->ac.credential.data = out;
	r->ac.credential.len = out_len;
	*result = &r->r.base;
	r = NULL;
out:
	crypto_result_free(r != NULL ? &r->r.base : NULL);
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

	if (o->parameters != NULL && o->parameters->mechanism_case ==
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__MECHANISM_CERTIFY)
		return attest_certify(cr, o, result);
	if (o->parameters != NULL && o->parameters->mechanism_case ==
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__MECHANISM_ACTIVATE_AK)
		return attest_activate_ak(cr, o, result);
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
