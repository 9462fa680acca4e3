/* providers/tpm/attest.c: key attestation by TPM2_ActivateCredential
 * (Parsec's experimental PrepareKeyAttestation / AttestKey). The attesting
 * key is the TPM's endorsement key, re-created from the TCG EK template;
 * a verifier who trusts that EK (its certificate) runs MakeCredential
 * against it and the attested key's name, and only this TPM holding both
 * keys can return the credential.
 *
 * Encodings (docs/providers/tpm.md): name is the TPM name (nameAlg, then
 * the digest of the public area); public and attesting_key_pub are
 * TPMT_PUBLIC in TPM marshalling; credential_blob and secret are the
 * contents of TPM2B_ID_OBJECT and TPM2B_ENCRYPTED_SECRET (no size). */
#include "providers/tpm/tpm_int.h"

#include <string.h>

#include <openssl/crypto.h>
#include <tss2/tss2_mu.h>

#include "common/log.h"

psa_status_t
tpm_endorsement_primary(struct prov *p, const TPM2B_PUBLIC *tmpl,
    ESYS_TR *handle, TPM2B_PUBLIC **out_pub)
{
	TPM2B_SENSITIVE_CREATE sensitive = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION pcrs = { 0 };
	TPM2B_CREATION_DATA *cdata = NULL;
	TPM2B_DIGEST *chash = NULL;
	TPMT_TK_CREATION *ticket = NULL;
	psa_status_t status;
	TSS2_RC rc;

	*handle = ESYS_TR_NONE;
	*out_pub = NULL;
	if ((rc = Esys_TR_SetAuth(p->p_esys, ESYS_TR_RH_ENDORSEMENT,
	    &p->p_endorsement_auth)) != TSS2_RC_SUCCESS)
		return tpm_check(p, "set endorsement auth", rc);
	for (int attempt = 0; ; attempt++) {
		rc = Esys_CreatePrimary(p->p_esys, ESYS_TR_RH_ENDORSEMENT,
		    ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive,
		    tmpl, &outside, &pcrs, handle, out_pub, &cdata, &chash,
		    &ticket);
		if (attempt == 0 && tpm_rc_is_object_memory(rc) &&
		    tpm_handle_evict_one(p))
			continue;
		break;
	}
	status = tpm_check(p, "CreatePrimary (endorsement)", rc);
	if (status == PSA_ERROR_NOT_PERMITTED)
		log_warnx("tpm: the TPM refused the endorsement hierarchy "
		    "auth value (endorsement_hierarchy_auth in config)");
	if (p->p_esys != NULL)
		(void)Esys_TR_SetAuth(p->p_esys, ESYS_TR_RH_ENDORSEMENT, NULL);
	Esys_Free(cdata);
	Esys_Free(chash);
	Esys_Free(ticket);
	if (status != PSA_SUCCESS) {
		Esys_Free(*out_pub);
		*out_pub = NULL;
	}
	return status;
}

psa_status_t
tpm_public_marshal(const TPMT_PUBLIC *pub, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	size_t off = 0;
	TSS2_RC rc = Tss2_MU_TPMT_PUBLIC_Marshal(pub, out, out_size, &off);

	if (rc != TSS2_RC_SUCCESS)
		return (rc & 0xFFFFu) == TSS2_BASE_RC_INSUFFICIENT_BUFFER ?
		    PSA_ERROR_BUFFER_TOO_SMALL : PSA_ERROR_INVALID_ARGUMENT;
	*out_len = off;
	return PSA_SUCCESS;
}

/* TPM 2.0 Part 1, 16: Name = nameAlg || H_nameAlg(TPMT_PUBLIC). */
psa_status_t
tpm_object_name(const TPMT_PUBLIC *pub, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	uint8_t buf[sizeof(TPMT_PUBLIC)];
	size_t len = 0;
	unsigned int dlen = 0;
	const char *md = tpm_md_name(tpm_alg_hash_to_psa(pub->nameAlg));
	psa_status_t status;

	if (md == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if ((status = tpm_public_marshal(pub, buf, sizeof(buf), &len)) !=
	    PSA_SUCCESS)
		return status;
	if (out_size < 2 + EVP_MAX_MD_SIZE)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	out[0] = (uint8_t)(pub->nameAlg >> 8);
	out[1] = (uint8_t)pub->nameAlg;
	if (EVP_Digest(buf, len, out + 2, &dlen, EVP_get_digestbyname(md),
	    NULL) != 1)
		return tpm_ossl_status("name", PSA_ERROR_GENERIC_ERROR);
	*out_len = 2 + dlen;
	return PSA_SUCCESS;
}

static psa_status_t
tpm_attest_check(const struct prov_key *attested,
    const struct prov_key *attesting, struct tpm_blob *b)
{
	psa_status_t status;

	/* Only the EK attests, for now. */
	if (attesting != NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if ((status = tpm_key_blob(attested, b)) != PSA_SUCCESS)
		return status;
	/* An imported public key is no TPM key: nothing to attest. */
	if (b->tb_kind != TPM_BLOB_LOADABLE)
		return PSA_ERROR_NOT_SUPPORTED;
	return PSA_SUCCESS;
}

psa_status_t
tpm_prepare_activate_credential(struct prov *p, const struct prov_key *attested,
    const struct prov_key *attesting, uint8_t *name, size_t name_size,
    size_t *name_len, uint8_t *pub, size_t pub_size, size_t *pub_len,
    uint8_t *ak_pub, size_t ak_pub_size, size_t *ak_pub_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TPM2B_PUBLIC *ek_pub = NULL;
	ESYS_TR ek = ESYS_TR_NONE;
	struct tpm_blob b;

	*name_len = *pub_len = *ak_pub_len = 0;
	if ((status = tpm_attest_check(attested, attesting, &b)) !=
	    PSA_SUCCESS ||
	    (status = tpm_object_name(&b.tb_pub.publicArea, name, name_size,
	    name_len)) != PSA_SUCCESS ||
	    (status = tpm_public_marshal(&b.tb_pub.publicArea, pub, pub_size,
	    pub_len)) != PSA_SUCCESS ||
	    (status = tpm_lock(p)) != PSA_SUCCESS)
		goto out;
	status = tpm_ek_primary(p, &ek, &ek_pub);
	if (ek != ESYS_TR_NONE && p->p_esys != NULL)
		(void)Esys_FlushContext(p->p_esys, ek);
	tpm_unlock(p);
	if (status == PSA_SUCCESS)
		status = tpm_public_marshal(&ek_pub->publicArea, ak_pub,
		    ak_pub_size, ak_pub_len);
out:
	Esys_Free(ek_pub);
	if (status != PSA_SUCCESS)
		*name_len = *pub_len = *ak_pub_len = 0;
	return status;
}

psa_status_t
tpm_activate_credential(struct prov *p, const struct prov_key *attested,
    const struct prov_key *attesting, const uint8_t *cred_blob,
    size_t cred_blob_len, const uint8_t *secret, size_t secret_len,
    uint8_t *out, size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TPM2B_ID_OBJECT id = { 0 };
	TPM2B_ENCRYPTED_SECRET enc = { 0 };
	TPM2B_DIGEST *cert = NULL;
	TPM2B_PUBLIC *ek_pub = NULL;
	ESYS_TR ek = ESYS_TR_NONE, session = ESYS_TR_NONE, h;
	struct tpm_blob b;
	bool is_locked = false;

	*out_len = 0;
	if ((status = tpm_attest_check(attested, attesting, &b)) !=
	    PSA_SUCCESS)
		goto out;
	if (cred_blob == NULL || cred_blob_len == 0 ||
	    cred_blob_len > sizeof(id.credential) || secret == NULL ||
	    secret_len == 0 || secret_len > sizeof(enc.secret)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	memcpy(id.credential, cred_blob, cred_blob_len);
	id.size = (uint16_t)cred_blob_len;
	memcpy(enc.secret, secret, secret_len);
	enc.size = (uint16_t)secret_len;
	if ((status = tpm_lock(p)) != PSA_SUCCESS)
		goto out;
	is_locked = true;
	/* The EK first: loading the attested key may evict others, never
	 * the EK, which the LRU does not hold. */
	if ((status = tpm_ek_primary(p, &ek, &ek_pub)) != PSA_SUCCESS ||
	    (status = tpm_handle_get(p, attested, &b, &h)) != PSA_SUCCESS ||
	    (status = tpm_ek_session(p, &session)) != PSA_SUCCESS)
		goto out;
	status = tpm_check(p, "ActivateCredential", Esys_ActivateCredential(
	    p->p_esys, h, ek, ESYS_TR_PASSWORD, session, ESYS_TR_NONE, &id,
	    &enc, &cert));
	/* A blob made for another key or TPM fails its integrity check
	 * (TPM_RC_INTEGRITY) or does not decrypt (TPM_RC_VALUE): the
	 * client's input, not a corrupt store. */
	if (status == PSA_ERROR_DATA_CORRUPT ||
	    status == PSA_ERROR_HARDWARE_FAILURE)
		status = PSA_ERROR_INVALID_ARGUMENT;
	if (status != PSA_SUCCESS)
		goto out;
	if (cert->size > out_size) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	memcpy(out, cert->buffer, cert->size);
	*out_len = cert->size;
out:
	if (is_locked && p->p_esys != NULL) {
		/* ESYS starts sessions with continueSession set: the TPM
		 * keeps it after use, and a TPM has only a few (3 on swtpm),
		 * so it goes now, success or not. */
		if (session != ESYS_TR_NONE)
			(void)Esys_FlushContext(p->p_esys, session);
		if (ek != ESYS_TR_NONE)
			(void)Esys_FlushContext(p->p_esys, ek);
	}
	if (is_locked)
		tpm_unlock(p);
	if (cert != NULL) {
		OPENSSL_cleanse(cert, sizeof(*cert));
		Esys_Free(cert);
	}
	Esys_Free(ek_pub);
	OPENSSL_cleanse(&id, sizeof(id));
	OPENSSL_cleanse(&enc, sizeof(enc));
	if (status != PSA_SUCCESS && out != NULL) {
		memset(out, 0, out_size);
		*out_len = 0;
	}
	return status;
}
