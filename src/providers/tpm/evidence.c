/* providers/tpm/evidence.c: residency evidence of a TPM key (arcsec
 * extensions of PrepareKeyAttestation / AttestKey): the EK certificate from
 * NV, an attestation key (AK) re-created as an endorsement primary,
 * TPM2_Certify of a key by the AK, and TPM2_ActivateCredential of the AK
 * with the EK. The AK is a primary from a fixed template, so its name is
 * the same after every restart and nothing is stored; the EK and the AK are
 * flushed before the lock is released, on every path. */
#include "providers/tpm/tpm_int.h"

#include <string.h>

#include <openssl/crypto.h>
#include <tss2/tss2_mu.h>

#include "common/log.h"

bool
tpm_ak_template(TPM2B_PUBLIC *pub, enum prov_ak kind)
{
	TPMT_PUBLIC *a = &pub->publicArea;

	/* A restricted signing key with its scheme fixed, empty authPolicy
	 * and auth value, unique empty: a primary made from this template
	 * in the endorsement hierarchy is the same key until the
	 * endorsement seed changes (TPM2_Clear does not change it;
	 * ChangeEPS does). RSA 2048 RSASSA-SHA256 is what SPIRE's and
	 * Keylime's verifiers expect of an AK; ECC P-256 ECDSA-SHA256 is
	 * the TCG AK profile's ECC choice. */
	memset(pub, 0, sizeof(*pub));
	a->nameAlg = TPM2_ALG_SHA256;
	a->objectAttributes = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT |
	    TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
	    TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH;
	switch (kind) {
	case PROV_AK_RSA2048:
		a->type = TPM2_ALG_RSA;
		a->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
		a->parameters.rsaDetail.scheme.scheme = TPM2_ALG_RSASSA;
		a->parameters.rsaDetail.scheme.details.rsassa.hashAlg =
		    TPM2_ALG_SHA256;
		a->parameters.rsaDetail.keyBits = 2048;
		a->parameters.rsaDetail.exponent = 0;
		return true;
	case PROV_AK_ECC_P256:
		a->type = TPM2_ALG_ECC;
		a->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
		a->parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDSA;
		a->parameters.eccDetail.scheme.details.ecdsa.hashAlg =
		    TPM2_ALG_SHA256;
		a->parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
		a->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
		return true;
	}
	return false;
}

bool
tpm_der_len(const uint8_t *der, size_t len, size_t *der_len)
{
	size_t hdr = 2, body = 0;

	*der_len = 0;
	if (len < 2 || der[0] != 0x30)
		return false;
	if (der[1] < 0x80)
		body = der[1];
	else {
		size_t n = der[1] & 0x7Fu;

		/* X.690 10.1 (DER): definite length, minimal octets; a
		 * certificate never needs more than 3. */
		if (n == 0 || n > 3 || len - 2 < n || der[2] == 0)
			return false;
		for (size_t i = 0; i < n; i++)
			body = (body << 8) | der[2 + i];
		if (body < 0x80)
			return false;
		hdr += n;
	}
	if (body > len - hdr)
		return false;
	*der_len = hdr + body;
	return true;
}

static psa_status_t
tpm_out_put(struct prov_out *o, const uint8_t *data, size_t len)
{
	if (len > o->po_size)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	if (len > 0)
		memcpy(o->po_buf, data, len);
	o->po_len = len;
	return PSA_SUCCESS;
}

static void
tpm_out_wipe(struct prov_out *o)
{
	if (o != NULL && o->po_buf != NULL && o->po_size > 0)
		memset(o->po_buf, 0, o->po_size);
	if (o != NULL)
		o->po_len = 0;
}

/* Marshal a public area into o. */
static psa_status_t
tpm_out_public(struct prov_out *o, const TPMT_PUBLIC *pub)
{
	return tpm_public_marshal(pub, o->po_buf, o->po_size, &o->po_len);
}

/* The AK as a transient primary. Lock held. */
static psa_status_t
tpm_ak_primary(struct prov *p, enum prov_ak kind, ESYS_TR *ak,
    TPM2B_PUBLIC **ak_pub)
{
	TPM2B_PUBLIC tmpl;

	*ak = ESYS_TR_NONE;
	*ak_pub = NULL;
	if (!tpm_ak_template(&tmpl, kind))
		return PSA_ERROR_INVALID_ARGUMENT;
	return tpm_endorsement_primary(p, &tmpl, ak, ak_pub);
}

static void
tpm_flush(struct prov *p, ESYS_TR *h)
{
	if (*h != ESYS_TR_NONE && p->p_esys != NULL)
		(void)Esys_FlushContext(p->p_esys, *h);
	*h = ESYS_TR_NONE;
}

/* A TPM key of this provider's own making (not an imported public key). */
static psa_status_t
tpm_evidence_key(const struct prov_key *k, struct tpm_blob *b)
{
	psa_status_t status;

	if ((status = tpm_key_blob(k, b)) != PSA_SUCCESS)
		return status;
	return b->tb_kind == TPM_BLOB_LOADABLE ? PSA_SUCCESS :
	    PSA_ERROR_NOT_SUPPORTED;
}

psa_status_t
tpm_evidence(struct prov *p, const struct prov_key *attested,
    const struct prov_attest_keys *keys, struct prov_out *ek_cert,
    uint32_t *ek_cert_index, struct prov_out *ek_pub, struct prov_out *ak_pub,
    struct prov_out *ak_name, struct prov_out *attested_pub)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const struct tpm_ek_profile *ep = NULL;
	TPM2B_PUBLIC *ekp = NULL, *akp = NULL;
	ESYS_TR ek = ESYS_TR_NONE, ak = ESYS_TR_NONE;
	struct tpm_blob b;
	bool is_locked = false, has_cert = false;

	ek_cert->po_len = ek_pub->po_len = ak_pub->po_len = 0;
	ak_name->po_len = attested_pub->po_len = 0;
	*ek_cert_index = 0;
	if ((unsigned)keys->pa_ak > PROV_AK_LAST) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = tpm_evidence_key(attested, &b)) != PSA_SUCCESS ||
	    (status = tpm_out_public(attested_pub, &b.tb_pub.publicArea)) !=
	    PSA_SUCCESS || (status = tpm_lock(p)) != PSA_SUCCESS)
		goto out;
	is_locked = true;
	if ((status = tpm_ek_choose(p, keys->pa_ek, &ep, &has_cert)) !=
	    PSA_SUCCESS ||
	    (has_cert && (status = tpm_ek_cert_read(p, ep->ep_cert_index,
	    ek_cert)) != PSA_SUCCESS))
		goto out;
	*ek_cert_index = ep->ep_cert_index;
	/* One primary at a time: RSA primaries are slow to make, but a TPM
	 * with three object slots and the SRK loaded has room for two. */
	if ((status = tpm_ek_create(p, ep, &ek, &ekp)) != PSA_SUCCESS)
		goto out;
	tpm_flush(p, &ek);
	if ((status = tpm_ak_primary(p, keys->pa_ak, &ak, &akp)) !=
	    PSA_SUCCESS)
		goto out;
	tpm_flush(p, &ak);
	if ((status = tpm_out_public(ek_pub, &ekp->publicArea)) !=
	    PSA_SUCCESS ||
	    (status = tpm_out_public(ak_pub, &akp->publicArea)) !=
	    PSA_SUCCESS ||
	    (status = tpm_object_name(&akp->publicArea, ak_name->po_buf,
	    ak_name->po_size, &ak_name->po_len)) != PSA_SUCCESS)
		goto out;
out:
	if (is_locked) {
		tpm_flush(p, &ek);
		tpm_flush(p, &ak);
		tpm_unlock(p);
	}
	Esys_Free(ekp);
	Esys_Free(akp);
	if (status != PSA_SUCCESS) {
		tpm_out_wipe(ek_cert);
		tpm_out_wipe(ek_pub);
		tpm_out_wipe(ak_pub);
		tpm_out_wipe(ak_name);
		tpm_out_wipe(attested_pub);
		*ek_cert_index = 0;
	}
	return status;
}

psa_status_t
tpm_ek_certs(struct prov *p, uint32_t *nv_indices, size_t nv_indices_size,
    size_t *nv_indices_count)
{
	psa_status_t status;

	*nv_indices_count = 0;
	if ((status = tpm_lock(p)) != PSA_SUCCESS)
		return status;
	status = tpm_ek_certs_present(p, nv_indices, nv_indices_size,
	    nv_indices_count);
	tpm_unlock(p);
	return status;
}

psa_status_t
tpm_certify(struct prov *p, const struct prov_key *attested,
    const struct prov_attest_keys *keys, const uint8_t *qualifying, size_t qualifying_len, struct prov_out *info,
    struct prov_out *sig)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TPM2B_DATA qd = { 0 };
	TPMT_SIG_SCHEME scheme = { .scheme = TPM2_ALG_NULL };
	TPM2B_ATTEST *cinfo = NULL;
	TPMT_SIGNATURE *csig = NULL;
	TPM2B_PUBLIC *akp = NULL;
	ESYS_TR ak = ESYS_TR_NONE, h = ESYS_TR_NONE;
	struct tpm_blob b;
	bool is_locked = false;
	size_t off = 0;
	TSS2_RC rc;

	info->po_len = sig->po_len = 0;
	/* TPM2B_DATA holds a digest at most: 64 bytes. */
	if ((qualifying == NULL && qualifying_len != 0) ||
	    qualifying_len > sizeof(TPMU_HA)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (qualifying_len > 0)
		memcpy(qd.buffer, qualifying, qualifying_len);
	qd.size = (UINT16)qualifying_len;
	if ((status = tpm_evidence_key(attested, &b)) != PSA_SUCCESS ||
	    (status = tpm_lock(p)) != PSA_SUCCESS)
		goto out;
	is_locked = true;
	/* The AK first: loading the key may evict LRU keys, never the AK,
	 * which the LRU does not hold. */
	if ((status = tpm_ak_primary(p, keys->pa_ak, &ak, &akp)) !=
	    PSA_SUCCESS ||
	    (status = tpm_handle_get(p, attested, &b, &h)) != PSA_SUCCESS)
		goto out;
	/* objectHandle needs the ADMIN role: our keys have no
	 * adminWithPolicy, so their (empty) auth value satisfies it. The
	 * AK's scheme is fixed (RSASSA or ECDSA with SHA-256): inScheme
	 * NULL uses it. */
	if ((status = tpm_check(p, "Certify", Esys_Certify(p->p_esys, h, ak,
	    ESYS_TR_PASSWORD, ESYS_TR_PASSWORD, ESYS_TR_NONE, &qd, &scheme,
	    &cinfo, &csig))) != PSA_SUCCESS)
		goto out;
	if ((status = tpm_out_put(info, cinfo->attestationData,
	    cinfo->size)) != PSA_SUCCESS)
		goto out;
	if ((rc = Tss2_MU_TPMT_SIGNATURE_Marshal(csig, sig->po_buf,
	    sig->po_size, &off)) != TSS2_RC_SUCCESS) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	sig->po_len = off;
out:
	if (is_locked) {
		tpm_flush(p, &ak);
		tpm_unlock(p);
	}
	Esys_Free(akp);
	Esys_Free(cinfo);
	Esys_Free(csig);
	if (status != PSA_SUCCESS) {
		tpm_out_wipe(info);
		tpm_out_wipe(sig);
	}
	return status;
}

psa_status_t
tpm_activate_ak(struct prov *p, const struct prov_attest_keys *keys,
    const uint8_t *cred_blob, size_t cred_blob_len, const uint8_t *secret,
    size_t secret_len, uint8_t *out, size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const struct tpm_ek_profile *ep = NULL;
	TPM2B_ID_OBJECT id = { 0 };
	TPM2B_ENCRYPTED_SECRET enc = { 0 };
	TPM2B_DIGEST *cert = NULL;
	TPM2B_PUBLIC *ekp = NULL, *akp = NULL;
	ESYS_TR ek = ESYS_TR_NONE, ak = ESYS_TR_NONE, session = ESYS_TR_NONE;
	ESYS_TR ek_auth = ESYS_TR_NONE;
	enum prov_ek ek_kind = keys->pa_ek;
	bool is_locked = false, has_cert = false;
	size_t off_id = 0, off_enc = 0;

	*out_len = 0;
	/* Each input is exactly one TPM2B: the size prefix must account
	 * for every byte (tss2-mu checks it against the buffer). */
	if (cred_blob == NULL || secret == NULL ||
	    Tss2_MU_TPM2B_ID_OBJECT_Unmarshal(cred_blob, cred_blob_len,
	    &off_id, &id) != TSS2_RC_SUCCESS || off_id != cred_blob_len ||
	    id.size == 0 ||
	    Tss2_MU_TPM2B_ENCRYPTED_SECRET_Unmarshal(secret, secret_len,
	    &off_enc, &enc) != TSS2_RC_SUCCESS || off_enc != secret_len ||
	    enc.size == 0 || (unsigned)ek_kind > PROV_EK_LAST ||
	    (unsigned)keys->pa_ak > PROV_AK_LAST) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	/* Unnamed, the EK is the one the secret was made for: its form
	 * tells RSA from ECC and the curve. */
	if (ek_kind == PROV_EK_AUTO &&
	    (ek_kind = tpm_ek_kind_of_secret(&enc)) == PROV_EK_AUTO) {
		log_debug("tpm: activate: a %u-byte secret fits no EK",
		    (unsigned)enc.size);
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = tpm_lock(p)) != PSA_SUCCESS)
		goto out;
	is_locked = true;
	if ((status = tpm_ek_choose(p, ek_kind, &ep, &has_cert)) !=
	    PSA_SUCCESS ||
	    (status = tpm_ek_create(p, ep, &ek, &ekp)) != PSA_SUCCESS ||
	    (status = tpm_ak_primary(p, keys->pa_ak, &ak, &akp)) !=
	    PSA_SUCCESS ||
	    (status = tpm_ek_auth(p, ep, &session, &ek_auth)) != PSA_SUCCESS)
		goto out;
	status = tpm_check(p, "ActivateCredential (AK)",
	    Esys_ActivateCredential(p->p_esys, ak, ek, ESYS_TR_PASSWORD,
	    ek_auth, ESYS_TR_NONE, &id, &enc, &cert));
	/* A challenge made for another EK does not decrypt (TPM_RC_VALUE,
	 * TPM_RC_ECC_POINT) and one for another AK fails its integrity
	 * check (TPM_RC_INTEGRITY): the caller's input, not a broken TPM. */
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
	if (is_locked) {
		tpm_flush(p, &session);
		tpm_flush(p, &ak);
		tpm_flush(p, &ek);
		tpm_unlock(p);
	}
	if (cert != NULL) {
		OPENSSL_cleanse(cert, sizeof(*cert));
		Esys_Free(cert);
	}
	Esys_Free(ekp);
	Esys_Free(akp);
	OPENSSL_cleanse(&id, sizeof(id));
	OPENSSL_cleanse(&enc, sizeof(enc));
	if (status != PSA_SUCCESS) {
		if (out != NULL && out_size > 0)
			memset(out, 0, out_size);
		*out_len = 0;
	}
	return status;
}

psa_status_t
tpm_key_blob_export(struct prov *p, const struct prov_key *k,
    struct prov_out *priv, struct prov_out *pub)
{
	psa_status_t status;
	struct tpm_blob b;

	(void)p;
	priv->po_len = pub->po_len = 0;
	/* The private part is sealed by the TPM under the storage primary:
	 * it is what the key store already keeps, no secret in clear. */
	if ((status = tpm_evidence_key(k, &b)) != PSA_SUCCESS ||
	    (status = tpm_out_put(priv, b.tb_priv.buffer, b.tb_priv.size)) !=
	    PSA_SUCCESS ||
	    (status = tpm_out_public(pub, &b.tb_pub.publicArea)) !=
	    PSA_SUCCESS) {
		tpm_out_wipe(priv);
		tpm_out_wipe(pub);
	}
	OPENSSL_cleanse(&b, sizeof(b));
	return status;
}
