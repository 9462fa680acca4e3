/* identity/activate.c: answer a verifier's credential-activation challenge
 * (docs/identity.md, "Evidence"): TPM2_ActivateCredential of the TPM's
 * attestation key with its EK recovers the verifier's secret, which only
 * the TPM holding both keys can do, and the DevID signs the verifier's
 * nonce. Challenge and response are JSON with standard base64. */
#include <stdlib.h>
#include <string.h>

#include <arcsec/attest.h>
#include <jansson.h>
#include <openssl/crypto.h>

#include "common/b64.h"
#include "identity/identity_int.h"

/* TPM2B_ID_OBJECT: size, integrity HMAC (2 + digest) and the encrypted
 * credential (2 + digest): 2 + 2 * (2 + 64). TPM2B_ENCRYPTED_SECRET: size
 * and an RSA 4096 or ECC point encryption at most. */
#define ACTIVATE_CREDENTIAL_MAX	(2u + 2u * (2u + 64u))
#define ACTIVATE_SECRET_MAX	(2u + 512u)
#define ACTIVATE_NONCE_MAX	64u

/* Member `key` of obj, base64 of 1..out_size bytes. */
static arcsec_status_t
activate_member(const json_t *obj, const char *key, uint8_t *out,
    size_t out_size, size_t *out_len, char *why, size_t why_size)
{
	const char *text = json_string_value(json_object_get(obj, key));

	if (text == NULL)
		return idn_fail(why, why_size, ARCSEC_ERR_INVALID_ARGUMENT,
		    "the challenge has no \"%s\" string", key);
	if (!b64_decode(text, true, out, out_size, out_len) || *out_len == 0)
		return idn_fail(why, why_size, ARCSEC_ERR_INVALID_ARGUMENT,
		    "the challenge's \"%s\" is not 1 to %zu bytes of "
		    "standard base64", key, out_size);
	return ARCSEC_SUCCESS;
}

static arcsec_status_t
activate_response(const uint8_t *secret, size_t secret_len,
    const uint8_t *sig, size_t sig_len, char **json)
{
	char *s_text = NULL, *g_text = NULL;
	json_t *obj = NULL;
	arcsec_status_t status = ARCSEC_ERR_NO_MEMORY;

	if (!b64_encode(secret, secret_len, &s_text) ||
	    !b64_encode(sig, sig_len, &g_text) ||
	    (obj = json_object()) == NULL ||
	    json_object_set_new(obj, "secret", json_string(s_text)) != 0 ||
	    json_object_set_new(obj, "nonce_signature", json_string(g_text)) !=
	    0 ||
	    (*json = json_dumps(obj, JSON_INDENT(2) | JSON_SORT_KEYS)) == NULL)
		goto out;
	status = ARCSEC_SUCCESS;
out:
	/* The JSON library's copy of the secret goes with obj; it does not
	 * wipe, so the response is as secret as the file it is written to. */
	json_decref(obj);
	if (s_text != NULL)
		OPENSSL_clear_free(s_text, strlen(s_text));
	free(g_text);
	return status;
}

arcsec_status_t
arcsec_devid_activate(struct arcsec_client *c, const char *challenge_json,
    const struct arcsec_tpm_keys *tpm_keys, char **response_json, char *why,
    size_t why_size)
{
	struct arcsec_devid d;
	uint8_t cred[ACTIVATE_CREDENTIAL_MAX], enc[ACTIVATE_SECRET_MAX];
	uint8_t nonce[ACTIVATE_NONCE_MAX];
	uint8_t secret[ARCSEC_TPM_CREDENTIAL_MAX];
	size_t cred_len = 0, enc_len = 0, nonce_len = 0, secret_len = 0;
	uint8_t *sig = NULL;
	size_t sig_len = 0;
	uint8_t saved = 0;
	json_t *ch = NULL;
	json_error_t jerr;
	arcsec_status_t status;

	if (why != NULL && why_size > 0)
		why[0] = '\0';
	if (c == NULL || challenge_json == NULL || response_json == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	*response_json = NULL;
	if ((status = arcsec_devid_find(c, &d)) != ARCSEC_SUCCESS)
		return status;
	if (d.dv_provider_id != ARCSEC_PROVIDER_TPM)
		return idn_fail(why, why_size, ARCSEC_PSA_ERROR_NOT_SUPPORTED,
		    "proof of residency needs a TPM DevID; %s is in the %s "
		    "provider", d.dv_key_name,
		    arcsec_devid_provider_name(d.dv_provider_id));
	if ((ch = json_loads(challenge_json, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL || !json_is_object(ch)) {
		status = idn_fail(why, why_size, ARCSEC_ERR_INVALID_ARGUMENT,
		    "the challenge is not a JSON object");
		goto out;
	}
	if ((status = activate_member(ch, "credential", cred, sizeof(cred),
	    &cred_len, why, why_size)) != ARCSEC_SUCCESS ||
	    (status = activate_member(ch, "secret", enc, sizeof(enc),
	    &enc_len, why, why_size)) != ARCSEC_SUCCESS ||
	    (status = activate_member(ch, "nonce", nonce, sizeof(nonce),
	    &nonce_len, why, why_size)) != ARCSEC_SUCCESS ||
	    (status = idn_provider_use(c, d.dv_provider_id, &saved)) !=
	    ARCSEC_SUCCESS)
		goto out;
	status = arcsec_tpm_activate_ak(c, d.dv_key_name, tpm_keys, cred,
	    cred_len, enc, enc_len, secret, sizeof(secret), &secret_len);
	if (status == ARCSEC_PSA_ERROR_INVALID_ARGUMENT) {
		status = idn_fail(why, why_size, status, "the TPM refused the "
		    "challenge: it was not made for this TPM's EK and its %s "
		    "attestation key (the one the evidence named), or it is "
		    "damaged", tpm_keys != NULL &&
		    tpm_keys->tk_ak == ARCSEC_TPM_AK_ECC_P256 ? "ECC P-256" :
		    "RSA 2048");
		goto out;
	}
	if (status != ARCSEC_SUCCESS) {
		status = idn_fail(why, why_size, status, "activating the "
		    "attestation key");
		goto out;
	}
	if ((status = idn_sign_nonce(c, &d, nonce, nonce_len, &sig, &sig_len,
	    why, why_size)) != ARCSEC_SUCCESS)
		goto out;
	status = activate_response(secret, secret_len, sig, sig_len,
	    response_json);
out:
	idn_provider_restore(c, saved);
	json_decref(ch);
	free(sig);
	OPENSSL_cleanse(secret, sizeof(secret));
	return status;
}
