/* client/attest_ops.c: TPM residency evidence of a key (arcsec/attest.h),
 * arcsec's extensions of PrepareKeyAttestation and AttestKey. */
#include <stdbool.h>
#include <string.h>

#include <arcsec/attest.h>

#include "client/client.h"
#include "wire/opcodes.h"

#include "attest_key.pb-c.h"
#include "prepare_key_attestation.pb-c.h"

/* PrepareKeyAttestation of key_name with params, to its provider; *res
 * is the result whose output carries mechanism `want` (client_bad_result
 * naming `what` otherwise). *msg is the caller's (client_result_free). */
static arcsec_status_t
attest_prepare_call(struct arcsec_client *c, const char *key_name,
    PrepareKeyAttestation__PrepareKeyAttestationParams *params,
    PrepareKeyAttestation__PrepareKeyAttestationOutput__MechanismCase want,
    const char *what, const PrepareKeyAttestation__PrepareKeyAttestationOutput
    **output, ProtobufCMessage **msg)
{
	PrepareKeyAttestation__Operation op =
	    PREPARE_KEY_ATTESTATION__OPERATION__INIT;
	const PrepareKeyAttestation__Result *res;
	arcsec_status_t status;
	uint8_t provider;

	*output = NULL;
	if ((status = client_key_call_start(c, key_name, &provider)) !=
	    ARCSEC_SUCCESS)
		return status;
	op.parameters = params;
	if ((status = client_call(c, WIRE_OP_PREPARE_KEY_ATTESTATION, provider,
	    &op.base, &prepare_key_attestation__result__descriptor, msg)) !=
	    ARCSEC_SUCCESS)
		return status;
	res = (const void *)*msg;
	if (res->output == NULL || res->output->mechanism_case != want)
		return client_bad_result(c, what);
	*output = res->output;
	return ARCSEC_SUCCESS;
}

/* The same for AttestKey. */
static arcsec_status_t
attest_key_call(struct arcsec_client *c, const char *key_name,
    AttestKey__AttestationMechanismParams *params,
    AttestKey__AttestationOutput__MechanismCase want, const char *what,
    const AttestKey__AttestationOutput **output, ProtobufCMessage **msg)
{
	AttestKey__Operation op = ATTEST_KEY__OPERATION__INIT;
	const AttestKey__Result *res;
	arcsec_status_t status;
	uint8_t provider;

	*output = NULL;
	if ((status = client_key_call_start(c, key_name, &provider)) !=
	    ARCSEC_SUCCESS)
		return status;
	op.attested_key_name = (char *)key_name;
	op.parameters = params;
	if ((status = client_call(c, WIRE_OP_ATTEST_KEY, provider, &op.base,
	    &attest_key__result__descriptor, msg)) != ARCSEC_SUCCESS)
		return status;
	res = (const void *)*msg;
	if (res->output == NULL || res->output->mechanism_case != want)
		return client_bad_result(c, what);
	*output = res->output;
	return ARCSEC_SUCCESS;
}

/* The EK and AK of a call; NULL: AUTO and RSA 2048. */
static bool
attest_keys_ok(const struct arcsec_tpm_keys *keys, uint32_t *ek, uint32_t *ak)
{
	*ek = ARCSEC_TPM_EK_AUTO;
	*ak = ARCSEC_TPM_AK_RSA2048;
	if (keys == NULL)
		return true;
	if ((unsigned)keys->tk_ek > ARCSEC_TPM_EK_ECC_P384 ||
	    (unsigned)keys->tk_ak > ARCSEC_TPM_AK_ECC_P256)
		return false;
	*ek = (uint32_t)keys->tk_ek;
	*ak = (uint32_t)keys->tk_ak;
	return true;
}

arcsec_status_t
arcsec_tpm_evidence(struct arcsec_client *c, const char *key_name,
    const struct arcsec_tpm_keys *keys, struct arcsec_tpm_evidence *out)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PrepareKeyAttestation__PrepareKeyAttestationParams params =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__INIT;
	PrepareKeyAttestation__PrepareKeyAttestationParams__TpmEvidence te =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__TPM_EVIDENCE__INIT;
	const PrepareKeyAttestation__PrepareKeyAttestationOutput *output;
	const PrepareKeyAttestation__PrepareKeyAttestationOutput__TpmEvidence
	    *r;
	ProtobufCMessage *msg = NULL;

	if (out == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (c == NULL || !attest_keys_ok(keys, &te.ek, &te.ak))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	te.attested_key_name = (char *)key_name;
	params.mechanism_case =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__MECHANISM_TPM_EVIDENCE;
	params.tpm_evidence = &te;
	if ((status = attest_prepare_call(c, key_name, &params,
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__MECHANISM_TPM_EVIDENCE,
	    "TPM evidence", &output, &msg)) != ARCSEC_SUCCESS)
		goto out;
	if ((r = output->tpm_evidence) == NULL) {
		status = client_bad_result(c, "TPM evidence");
		goto out;
	}
	if ((status = client_bytes_out(c, &r->ek_cert, true, "ek_cert",
	    out->te_ek_cert, sizeof(out->te_ek_cert), &out->te_ek_cert_len)) !=
	    ARCSEC_SUCCESS ||
	    (status = client_bytes_out(c, &r->ek_pub, false, "ek_pub",
	    out->te_ek_pub, sizeof(out->te_ek_pub), &out->te_ek_pub_len)) !=
	    ARCSEC_SUCCESS ||
	    (status = client_bytes_out(c, &r->ak_pub, false, "ak_pub",
	    out->te_ak_pub, sizeof(out->te_ak_pub), &out->te_ak_pub_len)) !=
	    ARCSEC_SUCCESS ||
	    (status = client_bytes_out(c, &r->ak_name, false, "ak_name",
	    out->te_ak_name, sizeof(out->te_ak_name),
	    &out->te_ak_name_len)) != ARCSEC_SUCCESS ||
	    (status = client_bytes_out(c, &r->attested_pub, false,
	    "attested_pub", out->te_key_pub, sizeof(out->te_key_pub),
	    &out->te_key_pub_len)) != ARCSEC_SUCCESS)
		goto out;
	out->te_ek_cert_index = r->ek_cert_index;
out:
	if (status == ARCSEC_ERR_BUFFER_TOO_SMALL)
		status = ARCSEC_ERR_PROTOCOL;	/* ours are the maxima */
	if (status != ARCSEC_SUCCESS)
		memset(out, 0, sizeof(*out));
	client_result_free(msg);
	return status;
}

const char *
arcsec_tpm_ek_cert_index_name(uint32_t nv_index)
{
	/* TCG EK Credential Profile 2.0, 2.2.1.4 (low range) and 2.2.1.5
	 * (high range). */
	static const struct {
		uint32_t	 index;
		const char	*name;
	} names[] = {
		{ 0x01C00002u, "RSA 2048 (template L-1)" },
		{ 0x01C0000Au, "ECC P-256 (template L-2)" },
		{ 0x01C00012u, "RSA 2048 (template H-1)" },
		{ 0x01C00014u, "ECC P-256 (template H-2)" },
		{ 0x01C00016u, "ECC P-384 (template H-3)" },
		{ 0x01C00018u, "ECC P-521 (template H-4)" },
		{ 0x01C0001Au, "ECC SM2 P-256 (template H-5)" },
		{ 0x01C0001Cu, "RSA 3072 (template H-6)" },
		{ 0x01C0001Eu, "RSA 4096 (template H-7)" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].index == nv_index)
			return names[i].name;
	return "unknown";
}

arcsec_status_t
arcsec_tpm_ek_certs(struct arcsec_client *c, const char *key_name,
    uint32_t *indices, size_t indices_size, size_t *count)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PrepareKeyAttestation__PrepareKeyAttestationParams params =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__INIT;
	PrepareKeyAttestation__PrepareKeyAttestationParams__TpmEkCerts ec =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__TPM_EK_CERTS__INIT;
	const PrepareKeyAttestation__PrepareKeyAttestationOutput *output;
	const PrepareKeyAttestation__PrepareKeyAttestationOutput__TpmEkCerts
	    *r;
	ProtobufCMessage *msg = NULL;

	if (count == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	*count = 0;
	if (c == NULL || (indices == NULL && indices_size != 0))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	params.mechanism_case =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__MECHANISM_TPM_EK_CERTS;
	params.tpm_ek_certs = &ec;
	if ((status = attest_prepare_call(c, key_name, &params,
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__MECHANISM_TPM_EK_CERTS,
	    "EK certificates", &output, &msg)) != ARCSEC_SUCCESS)
		goto out;
	if ((r = output->tpm_ek_certs) == NULL ||
	    r->n_nv_indices > ARCSEC_TPM_EK_CERTS_MAX) {
		status = client_bad_result(c, "EK certificates");
		goto out;
	}
	if (r->n_nv_indices > indices_size) {
		status = ARCSEC_ERR_BUFFER_TOO_SMALL;
		goto out;
	}
	for (size_t i = 0; i < r->n_nv_indices; i++)
		indices[i] = r->nv_indices[i];
	*count = r->n_nv_indices;
out:
	client_result_free(msg);
	return status;
}

arcsec_status_t
arcsec_tpm_certify(struct arcsec_client *c, const char *key_name,
    const struct arcsec_tpm_keys *keys, const uint8_t *qualifying,
    size_t qualifying_len, struct arcsec_tpm_certify *out)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	AttestKey__AttestationMechanismParams params =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__INIT;
	AttestKey__AttestationMechanismParams__Certify ce =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__CERTIFY__INIT;
	const AttestKey__AttestationOutput *output;
	const AttestKey__AttestationOutput__Certify *r;
	ProtobufCMessage *msg = NULL;
	uint32_t ek;

	if (out == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (c == NULL || !client_input_ok(qualifying, qualifying_len) ||
	    qualifying_len > ARCSEC_TPM_QUALIFYING_MAX ||
	    !attest_keys_ok(keys, &ek, &ce.ak))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	ce.qualifying_data.data = (uint8_t *)qualifying;
	ce.qualifying_data.len = qualifying_len;
	params.mechanism_case =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__MECHANISM_CERTIFY;
	params.certify = &ce;
	if ((status = attest_key_call(c, key_name, &params,
	    ATTEST_KEY__ATTESTATION_OUTPUT__MECHANISM_CERTIFY, "certify",
	    &output, &msg)) != ARCSEC_SUCCESS)
		goto out;
	if ((r = output->certify) == NULL) {
		status = client_bad_result(c, "certify");
		goto out;
	}
	if ((status = client_bytes_out(c, &r->certify_info, false,
	    "certify_info", out->tc_info, sizeof(out->tc_info),
	    &out->tc_info_len)) != ARCSEC_SUCCESS ||
	    (status = client_bytes_out(c, &r->signature, false, "signature",
	    out->tc_sig, sizeof(out->tc_sig), &out->tc_sig_len)) !=
	    ARCSEC_SUCCESS)
		goto out;
out:
	if (status == ARCSEC_ERR_BUFFER_TOO_SMALL)
		status = ARCSEC_ERR_PROTOCOL;
	if (status != ARCSEC_SUCCESS)
		memset(out, 0, sizeof(*out));
	client_result_free(msg);
	return status;
}

arcsec_status_t
arcsec_tpm_activate_ak(struct arcsec_client *c, const char *key_name,
    const struct arcsec_tpm_keys *keys, const uint8_t *credential_blob, size_t credential_blob_len,
    const uint8_t *secret, size_t secret_len, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	AttestKey__AttestationMechanismParams params =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__INIT;
	AttestKey__AttestationMechanismParams__ActivateAk aa =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__ACTIVATE_AK__INIT;
	const AttestKey__AttestationOutput *output;
	ProtobufCMessage *msg = NULL;

	if (!client_output_ok(out, out_size, out_len) || c == NULL ||
	    !client_input_ok(credential_blob, credential_blob_len) ||
	    !client_input_ok(secret, secret_len) ||
	    !attest_keys_ok(keys, &aa.ek, &aa.ak))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	aa.credential_blob.data = (uint8_t *)credential_blob;
	aa.credential_blob.len = credential_blob_len;
	aa.secret.data = (uint8_t *)secret;
	aa.secret.len = secret_len;
	params.mechanism_case =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__MECHANISM_ACTIVATE_AK;
	params.activate_ak = &aa;
	if ((status = attest_key_call(c, key_name, &params,
	    ATTEST_KEY__ATTESTATION_OUTPUT__MECHANISM_ACTIVATE_AK,
	    "activated credential", &output, &msg)) != ARCSEC_SUCCESS)
		goto out;
	if (output->activate_ak == NULL) {
		status = client_bad_result(c, "activated credential");
		goto out;
	}
	status = client_bytes_out(c, &output->activate_ak->credential,
	    false, "credential", out, out_size, out_len);
out:
	if (status != ARCSEC_SUCCESS && out_size > 0)
		explicit_bzero(out, out_size);
	client_result_free(msg);
	return status;
}

arcsec_status_t
arcsec_tpm_key_blob(struct arcsec_client *c, const char *key_name,
    uint8_t *priv, size_t priv_size, size_t *priv_len, uint8_t *pub,
    size_t pub_size, size_t *pub_len)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PrepareKeyAttestation__PrepareKeyAttestationParams params =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__INIT;
	PrepareKeyAttestation__PrepareKeyAttestationParams__TpmKeyBlob kb =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__TPM_KEY_BLOB__INIT;
	const PrepareKeyAttestation__PrepareKeyAttestationOutput *output;
	const PrepareKeyAttestation__PrepareKeyAttestationOutput__TpmKeyBlob
	    *r;
	ProtobufCMessage *msg = NULL;

	if (!client_output_ok(priv, priv_size, priv_len) ||
	    !client_output_ok(pub, pub_size, pub_len) || c == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	kb.attested_key_name = (char *)key_name;
	params.mechanism_case =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__MECHANISM_TPM_KEY_BLOB;
	params.tpm_key_blob = &kb;
	if ((status = attest_prepare_call(c, key_name, &params,
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__MECHANISM_TPM_KEY_BLOB,
	    "TPM key blob", &output, &msg)) != ARCSEC_SUCCESS)
		goto out;
	if ((r = output->tpm_key_blob) == NULL) {
		status = client_bad_result(c, "TPM key blob");
		goto out;
	}
	if ((status = client_bytes_out(c, &r->key_private, false,
	    "key_private", priv, priv_size, priv_len)) != ARCSEC_SUCCESS ||
	    (status = client_bytes_out(c, &r->key_public, false, "key_public",
	    pub, pub_size, pub_len)) != ARCSEC_SUCCESS)
		goto out;
out:
	if (status != ARCSEC_SUCCESS) {
		if (priv_size > 0)
			explicit_bzero(priv, priv_size);
		if (pub_size > 0)
			explicit_bzero(pub, pub_size);
		*priv_len = *pub_len = 0;
	}
	client_result_free(msg);
	return status;
}
