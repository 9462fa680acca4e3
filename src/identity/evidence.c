/* identity/evidence.c: the evidence a verifier checks about the DevID
 * (docs/identity.md, "Evidence"), as JSON with standard base64 for bytes.
 * What every provider can prove: possession, a signature by the DevID
 * over the verifier's nonce. A TPM DevID adds the TPM's own evidence: the
 * EK certificate and public area, the attestation key (AK) and
 * TPM2_Certify of the DevID by the AK over the nonce; `attest activate`
 * (activate.c) then proves the AK and the EK are in one TPM. */
#include <stdlib.h>
#include <string.h>

#include <arcsec/attest.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "common/b64.h"
#include "identity/identity_int.h"
#include "identity/x509.h"

#define EVIDENCE_VERSION	1
#define EVIDENCE_NONCE_MAX	64u

/* Standard base64 of data, as a JSON string; NULL if out of memory. */
static json_t *
evidence_b64(const uint8_t *data, size_t len)
{
	char *text;
	json_t *s;

	if (!b64_encode(data, len, &text))
		return NULL;
	s = json_string(text);
	free(text);
	return s;
}

arcsec_status_t
idn_sign_nonce(struct arcsec_client *c, const struct arcsec_devid *d,
    const uint8_t *nonce, size_t nonce_len, uint8_t **sig_out,
    size_t *sig_out_len, char *why, size_t why_size)
{
	struct x509_csr_scheme scheme;
	uint8_t digest[ARCSEC_HASH_MAX_SIZE], sig[ARCSEC_SIGNATURE_MAX_SIZE];
	size_t digest_len, sig_len = 0;
	const char *what;
	arcsec_status_t status;

	*sig_out = NULL;
	*sig_out_len = 0;
	if (!x509_csr_scheme(&d->dv_attrs, &scheme, &what))
		return idn_fail(why, why_size, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "DevID %s: %s", d->dv_key_name, what);
	if (!x509_digest(scheme.sc_hash, nonce, nonce_len, digest,
	    &digest_len))
		return ARCSEC_PSA_ERROR_NOT_SUPPORTED;
	if ((status = arcsec_sign_hash(c, d->dv_key_name, scheme.sc_sign_alg,
	    digest, digest_len, sig, sizeof(sig), &sig_len)) !=
	    ARCSEC_SUCCESS)
		return idn_fail(why, why_size, status, "signing the nonce "
		    "with %s", d->dv_key_name);
	if (scheme.is_ecdsa) {
		if (!x509_ecdsa_raw_to_der(sig, sig_len, sig_out, sig_out_len))
			return idn_fail(why, why_size, ARCSEC_ERR_PROTOCOL,
			    "the service's ECDSA signature is not r||s");
		return ARCSEC_SUCCESS;
	}
	if ((*sig_out = malloc(sig_len)) == NULL)
		return ARCSEC_ERR_NO_MEMORY;
	memcpy(*sig_out, sig, sig_len);
	*sig_out_len = sig_len;
	return ARCSEC_SUCCESS;
}

/* The DevID's public key as DER SubjectPublicKeyInfo, which any verifier
 * reads, whatever the provider. */
static arcsec_status_t
evidence_spki(struct arcsec_client *c, const struct arcsec_devid *d,
    uint8_t **der, size_t *der_len)
{
	EVP_PKEY *pkey = NULL;
	const char *what;
	arcsec_status_t status;
	int n;

	*der = NULL;
	*der_len = 0;
	if ((status = x509_key_pkey(c, d->dv_key_name, &d->dv_attrs, &pkey,
	    &what)) != ARCSEC_SUCCESS)
		return status;
	if ((n = i2d_PUBKEY(pkey, der)) <= 0) {
		*der = NULL;
		status = ARCSEC_ERR_NO_MEMORY;
	} else
		*der_len = (size_t)n;
	EVP_PKEY_free(pkey);
	return status;
}

static const char *
evidence_residency(const struct arcsec_devid *d)
{
	if (d->dv_provider_id == ARCSEC_PROVIDER_TPM)
		return "TPM: certified by the attestation key; activate the "
		    "AK against the EK to prove both are in one TPM";
	return "not provable on this provider";
}

/* The TPM's members: EK certificate and public area, AK public area, the
 * DevID's public area, and TPM2_Certify of the DevID by the AK with the
 * nonce as qualifyingData. */
static arcsec_status_t
evidence_tpm(struct arcsec_client *c, const struct arcsec_devid *d,
    const struct arcsec_tpm_keys *keys, const uint8_t *nonce,
    size_t nonce_len, json_t *obj, char *why, size_t why_size)
{
	struct arcsec_tpm_evidence *te = NULL;
	struct arcsec_tpm_certify *tc = NULL;
	arcsec_status_t status;

	if ((te = malloc(sizeof(*te))) == NULL ||
	    (tc = malloc(sizeof(*tc))) == NULL) {
		status = ARCSEC_ERR_NO_MEMORY;
		goto out;
	}
	if ((status = arcsec_tpm_evidence(c, d->dv_key_name, keys, te)) !=
	    ARCSEC_SUCCESS) {
		status = idn_fail(why, why_size, status, "reading the TPM's "
		    "evidence (EK, AK) for %s", d->dv_key_name);
		goto out;
	}
	if ((status = arcsec_tpm_certify(c, d->dv_key_name, keys, nonce,
	    nonce_len, tc)) != ARCSEC_SUCCESS) {
		status = idn_fail(why, why_size, status, "TPM2_Certify of %s "
		    "by the attestation key", d->dv_key_name);
		goto out;
	}
	status = ARCSEC_ERR_NO_MEMORY;
	if (json_object_set_new(obj, "ek_cert", evidence_b64(te->te_ek_cert,
	    te->te_ek_cert_len)) != 0 ||
	    json_object_set_new(obj, "ek_cert_nv_index",
	    json_integer(te->te_ek_cert_index)) != 0 ||
	    json_object_set_new(obj, "ek_pub", evidence_b64(te->te_ek_pub,
	    te->te_ek_pub_len)) != 0 ||
	    json_object_set_new(obj, "ak_pub", evidence_b64(te->te_ak_pub,
	    te->te_ak_pub_len)) != 0 ||
	    json_object_set_new(obj, "devid_pub", evidence_b64(te->te_key_pub,
	    te->te_key_pub_len)) != 0 ||
	    json_object_set_new(obj, "certify_info", evidence_b64(tc->tc_info,
	    tc->tc_info_len)) != 0 ||
	    json_object_set_new(obj, "certify_signature",
	    evidence_b64(tc->tc_sig, tc->tc_sig_len)) != 0)
		goto out;
	status = ARCSEC_SUCCESS;
out:
	free(te);
	free(tc);
	return status;
}

arcsec_status_t
arcsec_devid_ek_certs(struct arcsec_client *c, const struct arcsec_devid *devid,
    uint32_t *indices, size_t indices_size, size_t *count)
{
	uint8_t saved = 0;
	arcsec_status_t status;

	if (count == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	*count = 0;
	if (c == NULL || devid == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if (devid->dv_provider_id != ARCSEC_PROVIDER_TPM)
		return ARCSEC_PSA_ERROR_NOT_SUPPORTED;
	if ((status = idn_provider_use(c, devid->dv_provider_id, &saved)) ==
	    ARCSEC_SUCCESS)
		status = arcsec_tpm_ek_certs(c, devid->dv_key_name, indices,
		    indices_size, count);
	idn_provider_restore(c, saved);
	return status;
}

arcsec_status_t
arcsec_devid_evidence(struct arcsec_client *c, const uint8_t *nonce,
    size_t nonce_len, const char *csr_pem,
    const struct arcsec_tpm_keys *tpm_keys, char **json, char *why,
    size_t why_size)
{
	struct arcsec_devid d;
	uint8_t *sig = NULL, *spki = NULL;
	size_t sig_len = 0, spki_len = 0;
	uint8_t saved = 0;
	json_t *obj = NULL;
	arcsec_status_t status;

	if (why != NULL && why_size > 0)
		why[0] = '\0';
	if (c == NULL || json == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	*json = NULL;
	if (nonce == NULL || nonce_len == 0 || nonce_len > EVIDENCE_NONCE_MAX)
		return idn_fail(why, why_size, ARCSEC_ERR_INVALID_ARGUMENT,
		    "the nonce must be 1 to %u bytes", EVIDENCE_NONCE_MAX);
	if ((status = arcsec_devid_find(c, &d)) != ARCSEC_SUCCESS ||
	    (status = idn_provider_use(c, d.dv_provider_id, &saved)) !=
	    ARCSEC_SUCCESS ||
	    (status = idn_sign_nonce(c, &d, nonce, nonce_len, &sig,
	    &sig_len, why, why_size)) != ARCSEC_SUCCESS ||
	    (status = evidence_spki(c, &d, &spki, &spki_len)) !=
	    ARCSEC_SUCCESS)
		goto out;
	status = ARCSEC_ERR_NO_MEMORY;
	if ((obj = json_object()) == NULL ||
	    json_object_set_new(obj, "version",
	    json_integer(EVIDENCE_VERSION)) != 0 ||
	    json_object_set_new(obj, "provider",
	    json_string(arcsec_devid_provider_name(d.dv_provider_id))) != 0 ||
	    json_object_set_new(obj, "hardware_backed",
	    json_boolean(d.dv_hardware_backed)) != 0 ||
	    json_object_set_new(obj, "devid_key_name",
	    json_string(d.dv_key_name)) != 0 ||
	    json_object_set_new(obj, "nonce", evidence_b64(nonce, nonce_len)) !=
	    0 ||
	    json_object_set_new(obj, "devid_spki", evidence_b64(spki,
	    spki_len)) != 0 ||
	    json_object_set_new(obj, "nonce_signature", evidence_b64(sig,
	    sig_len)) != 0 ||
	    json_object_set_new(obj, "residency",
	    json_string(evidence_residency(&d))) != 0 ||
	    (csr_pem != NULL && json_object_set_new(obj, "csr",
	    json_string(csr_pem)) != 0))
		goto out;
	if (d.dv_provider_id == ARCSEC_PROVIDER_TPM &&
	    (status = evidence_tpm(c, &d, tpm_keys, nonce, nonce_len, obj,
	    why, why_size)) != ARCSEC_SUCCESS)
		goto out;
	status = ARCSEC_ERR_NO_MEMORY;
	if ((*json = json_dumps(obj, JSON_INDENT(2) | JSON_SORT_KEYS)) ==
	    NULL)
		goto out;
	status = ARCSEC_SUCCESS;
out:
	idn_provider_restore(c, saved);
	json_decref(obj);
	free(sig);
	OPENSSL_free(spki);
	return status;
}
