/* providers/tpm/ek.c: the endorsement keys (EK) of the TCG EK Credential
 * Profile: their templates, the NV indices of their certificates, which EK
 * answers a caller's choice, and how the EK is authorised.
 *
 * A TPM maker certifies one or more EKs and stores each certificate at the
 * index its template names (EK Credential Profile 2.0, 2.2.1.4 / 2.2.1.5:
 * low range 0x01C00002 RSA, 0x01C0000A ECC; high range from 0x01C00012).
 * Re-creating the primary from the same template yields the certified key
 * again, so nothing is stored. swtpm_setup certifies L-1 (RSA 2048) and
 * H-3 (ECC P-384); hardware TPMs mostly L-1 and L-2. */
#include "providers/tpm/tpm_int.h"

#include <string.h>

#include <tss2/tss2_mu.h>

#include "common/log.h"

/* EK Credential Profile 2.0, B.3 / B.4: the authPolicy digests. PolicyA is
 * PolicySecret(TPM_RH_ENDORSEMENT), what the low-range templates use;
 * PolicyB is PolicyOR(PolicyA, PolicyC), what the high-range ones use (we
 * satisfy them through userWithAuth instead, which they also set). */
static const uint8_t tpm_policy_a_sha256[32] = {
	0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc,
	0x8d, 0x46, 0xa5, 0xd7, 0x24, 0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52,
	0x0b, 0x64, 0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa,
};
static const uint8_t tpm_policy_b_sha256[32] = {
	0xca, 0x3d, 0x0a, 0x99, 0xa2, 0xb9, 0x39, 0x06, 0xf7, 0xa3, 0x34,
	0x24, 0x14, 0xef, 0xcf, 0xb3, 0xa3, 0x85, 0xd4, 0x4c, 0xd1, 0xfd,
	0x45, 0x90, 0x89, 0xd1, 0x9b, 0x50, 0x71, 0xc0, 0xb7, 0xa0,
};
static const uint8_t tpm_policy_b_sha384[48] = {
	0xb2, 0x6e, 0x7d, 0x28, 0xd1, 0x1a, 0x50, 0xbc, 0x53, 0xd8, 0x82,
	0xbc, 0xf5, 0xfd, 0x3a, 0x1a, 0x07, 0x41, 0x48, 0xbb, 0x35, 0xd3,
	0xb4, 0xe4, 0xcb, 0x1c, 0x0a, 0xd9, 0xbd, 0xe4, 0x19, 0xca, 0xcb,
	0x47, 0xba, 0x09, 0x69, 0x96, 0x46, 0x15, 0x0f, 0x9f, 0xc0, 0x00,
	0xf3, 0xf8, 0x0e, 0x12,
};

/* Table order is the order PROV_EK_AUTO tries, and within one kind low
 * range comes first: it is what verifiers have known longest. */
static const struct tpm_ek_profile tpm_ek_profiles[] = {
	{ PROV_EK_RSA2048, 0x01C00002u, false, "RSA 2048 (template L-1)" },
	{ PROV_EK_ECC_P256, 0x01C0000Au, false, "ECC P-256 (template L-2)" },
	{ PROV_EK_RSA2048, 0x01C00012u, true, "RSA 2048 (template H-1)" },
	{ PROV_EK_ECC_P256, 0x01C00014u, true, "ECC P-256 (template H-2)" },
	{ PROV_EK_ECC_P384, 0x01C00016u, true, "ECC P-384 (template H-3)" },
};

/* Every EK certificate index of the profile (2.2.1.4, 2.2.1.5), including
 * EKs we cannot re-create (P-521, SM2, RSA 3072/4096), so that "which EK
 * certificates does this TPM hold" is answered fully. */
static const uint32_t tpm_ek_cert_indices[] = {
	0x01C00002u, 0x01C0000Au, 0x01C00012u, 0x01C00014u, 0x01C00016u,
	0x01C00018u, 0x01C0001Au, 0x01C0001Cu, 0x01C0001Eu,
};

#define TPM_EK_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const struct tpm_ek_profile *
tpm_ek_profile_default(void)
{
	return &tpm_ek_profiles[0];
}

void
tpm_ek_profile_template(const struct tpm_ek_profile *ep, TPM2B_PUBLIC *pub)
{
	TPMT_PUBLIC *a = &pub->publicArea;
	const uint8_t *policy;
	size_t policy_len;

	memset(pub, 0, sizeof(*pub));
	a->nameAlg = ep->ep_kind == PROV_EK_ECC_P384 ? TPM2_ALG_SHA384 :
	    TPM2_ALG_SHA256;
	a->objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
	    TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_ADMINWITHPOLICY |
	    TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
	if (!ep->ep_is_high) {
		policy = tpm_policy_a_sha256;
		policy_len = sizeof(tpm_policy_a_sha256);
	} else {
		a->objectAttributes |= TPMA_OBJECT_USERWITHAUTH;
		if (ep->ep_kind == PROV_EK_ECC_P384) {
			policy = tpm_policy_b_sha384;
			policy_len = sizeof(tpm_policy_b_sha384);
		} else {
			policy = tpm_policy_b_sha256;
			policy_len = sizeof(tpm_policy_b_sha256);
		}
	}
	a->authPolicy.size = (UINT16)policy_len;
	memcpy(a->authPolicy.buffer, policy, policy_len);
	if (ep->ep_kind == PROV_EK_RSA2048) {
		a->type = TPM2_ALG_RSA;
		a->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_AES;
		a->parameters.rsaDetail.symmetric.keyBits.aes = 128;
		a->parameters.rsaDetail.symmetric.mode.aes = TPM2_ALG_CFB;
		a->parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
		a->parameters.rsaDetail.keyBits = 2048;
		/* Low range: unique is 256 zero bytes; high range: empty. */
		a->unique.rsa.size = ep->ep_is_high ? 0 : 256;
		return;
	}
	a->type = TPM2_ALG_ECC;
	a->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_AES;
	a->parameters.eccDetail.symmetric.keyBits.aes =
	    ep->ep_kind == PROV_EK_ECC_P384 ? 256 : 128;
	a->parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CFB;
	a->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
	a->parameters.eccDetail.curveID = ep->ep_kind == PROV_EK_ECC_P384 ?
	    TPM2_ECC_NIST_P384 : TPM2_ECC_NIST_P256;
	a->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
	/* L-2: x and y are 32 zero bytes each; high range: empty. */
	a->unique.ecc.x.size = ep->ep_is_high ? 0 : 32;
	a->unique.ecc.y.size = ep->ep_is_high ? 0 : 32;
}

void
tpm_ek_template(TPM2B_PUBLIC *pub)
{
	tpm_ek_profile_template(tpm_ek_profile_default(), pub);
}

const struct tpm_ek_profile *
tpm_ek_profile_pick(enum prov_ek kind, const uint32_t *present,
    size_t present_count)
{
	const struct tpm_ek_profile *fallback = NULL;

	for (size_t i = 0; i < TPM_EK_NELEM(tpm_ek_profiles); i++) {
		const struct tpm_ek_profile *ep = &tpm_ek_profiles[i];

		if (kind != PROV_EK_AUTO && ep->ep_kind != kind)
			continue;
		if (fallback == NULL)
			fallback = ep;
		for (size_t j = 0; j < present_count; j++)
			if (present[j] == ep->ep_cert_index)
				return ep;
	}
	return fallback;	/* no certificate: the kind's low-range EK */
}

enum prov_ek
tpm_ek_kind_of_secret(const TPM2B_ENCRYPTED_SECRET *enc)
{
	TPMS_ECC_POINT point;
	size_t off = 0;

	/* TPM 2.0 Part 1, 24.4 / 24.6 (secret sharing): an RSA EK's secret
	 * is OAEP-encrypted, as long as the modulus; an ECC EK's is the
	 * ephemeral public point, whose coordinates have the curve's size. */
	if (enc->size == 256)
		return PROV_EK_RSA2048;
	if (Tss2_MU_TPMS_ECC_POINT_Unmarshal(enc->secret, enc->size, &off,
	    &point) != TSS2_RC_SUCCESS || off != enc->size ||
	    point.x.size != point.y.size)
		return PROV_EK_AUTO;
	if (point.x.size == 32)
		return PROV_EK_ECC_P256;
	if (point.x.size == 48)
		return PROV_EK_ECC_P384;
	return PROV_EK_AUTO;
}

psa_status_t
tpm_ek_certs_present(struct prov *p, uint32_t *indices, size_t indices_size,
    size_t *count)
{
	TPMS_CAPABILITY_DATA *cap = NULL;
	TPMI_YES_NO more = TPM2_NO;
	psa_status_t status;

	*count = 0;
	/* One query for the whole certificate range: the TPM lists defined
	 * indices in order from the first, and 0x01C00002..0x01C0001F holds
	 * at most 30. */
	if ((status = tpm_check(p, "GetCapability (EK certificates)",
	    Esys_GetCapability(p->p_esys, ESYS_TR_NONE, ESYS_TR_NONE,
	    ESYS_TR_NONE, TPM2_CAP_HANDLES, tpm_ek_cert_indices[0],
	    32, &more, &cap))) != PSA_SUCCESS)
		goto out;
	for (UINT32 i = 0; i < cap->data.handles.count; i++) {
		TPM2_HANDLE h = cap->data.handles.handle[i];

		for (size_t j = 0; j < TPM_EK_NELEM(tpm_ek_cert_indices); j++) {
			if (h != tpm_ek_cert_indices[j])
				continue;
			if (*count == indices_size) {
				status = PSA_ERROR_BUFFER_TOO_SMALL;
				goto out;
			}
			indices[(*count)++] = h;
		}
	}
out:
	Esys_Free(cap);
	if (status != PSA_SUCCESS)
		*count = 0;
	return status;
}

psa_status_t
tpm_ek_choose(struct prov *p, enum prov_ek kind,
    const struct tpm_ek_profile **out, bool *has_cert)
{
	uint32_t present[TPM_EK_NELEM(tpm_ek_cert_indices)];
	size_t count = 0;
	psa_status_t status;

	*out = NULL;
	*has_cert = false;
	if ((unsigned)kind > PROV_EK_LAST)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = tpm_ek_certs_present(p, present, TPM_EK_NELEM(present),
	    &count)) != PSA_SUCCESS)
		return status;
	*out = tpm_ek_profile_pick(kind, present, count);
	for (size_t i = 0; i < count; i++)
		if (present[i] == (*out)->ep_cert_index)
			*has_cert = true;
	log_debug("tpm: EK %s, certificate at NV 0x%08x %s", (*out)->ep_label,
	    (*out)->ep_cert_index, *has_cert ? "present" : "absent");
	return PSA_SUCCESS;
}

psa_status_t
tpm_ek_create(struct prov *p, const struct tpm_ek_profile *ep, ESYS_TR *ek,
    TPM2B_PUBLIC **ek_pub)
{
	TPM2B_PUBLIC tmpl;

	tpm_ek_profile_template(ep, &tmpl);
	return tpm_endorsement_primary(p, &tmpl, ek, ek_pub);
}

psa_status_t
tpm_ek_primary(struct prov *p, ESYS_TR *ek, TPM2B_PUBLIC **ek_pub)
{
	return tpm_ek_create(p, tpm_ek_profile_default(), ek, ek_pub);
}

psa_status_t
tpm_ek_session(struct prov *p, ESYS_TR *session)
{
	TPMT_SYM_DEF sym = { .algorithm = TPM2_ALG_NULL };
	TPM2B_NONCE nonce_tpm = { 0 };
	TPM2B_DIGEST cp_hash = { 0 };
	TPM2B_NONCE policy_ref = { 0 };
	TPM2B_TIMEOUT *timeout = NULL;
	TPMT_TK_AUTH *ticket = NULL;
	psa_status_t status;
	TSS2_RC rc;

	if ((status = tpm_check(p, "StartAuthSession", Esys_StartAuthSession(
	    p->p_esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
	    ESYS_TR_NONE, NULL, TPM2_SE_POLICY, &sym, TPM2_ALG_SHA256,
	    session))) != PSA_SUCCESS)
		return status;
	if ((rc = Esys_TR_SetAuth(p->p_esys, ESYS_TR_RH_ENDORSEMENT,
	    &p->p_endorsement_auth)) == TSS2_RC_SUCCESS)
		rc = Esys_PolicySecret(p->p_esys, ESYS_TR_RH_ENDORSEMENT,
		    *session, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
		    &nonce_tpm, &cp_hash, &policy_ref, 0, &timeout, &ticket);
	if (p->p_esys != NULL)
		(void)Esys_TR_SetAuth(p->p_esys, ESYS_TR_RH_ENDORSEMENT, NULL);
	Esys_Free(timeout);
	Esys_Free(ticket);
	return tpm_check(p, "PolicySecret (endorsement)", rc);
}

psa_status_t
tpm_ek_auth(struct prov *p, const struct tpm_ek_profile *ep,
    ESYS_TR *session, ESYS_TR *shandle)
{
	psa_status_t status;

	*session = ESYS_TR_NONE;
	/* High-range EKs set userWithAuth: their empty auth value serves the
	 * USER role ActivateCredential asks of the EK. Low-range ones need
	 * their policy, PolicySecret(TPM_RH_ENDORSEMENT). */
	if (ep->ep_is_high) {
		*shandle = ESYS_TR_PASSWORD;
		return PSA_SUCCESS;
	}
	if ((status = tpm_ek_session(p, session)) != PSA_SUCCESS)
		return status;
	*shandle = *session;
	return PSA_SUCCESS;
}

psa_status_t
tpm_ek_cert_read(struct prov *p, uint32_t index, struct prov_out *out)
{
	TPM2B_NV_PUBLIC *nv_pub = NULL;
	TPM2B_NAME *nv_name = NULL;
	TPM2B_MAX_NV_BUFFER *chunk = NULL;
	ESYS_TR nv = ESYS_TR_NONE;
	uint8_t cert[TPM_EK_CERT_MAX];
	size_t size, off = 0, der_len = 0;
	psa_status_t status;

	out->po_len = 0;
	if ((status = tpm_check(p, "TR_FromTPMPublic (EK cert)",
	    Esys_TR_FromTPMPublic(p->p_esys, index, ESYS_TR_NONE,
	    ESYS_TR_NONE, ESYS_TR_NONE, &nv))) != PSA_SUCCESS ||
	    (status = tpm_check(p, "NV_ReadPublic (EK cert)",
	    Esys_NV_ReadPublic(p->p_esys, nv, ESYS_TR_NONE, ESYS_TR_NONE,
	    ESYS_TR_NONE, &nv_pub, &nv_name))) != PSA_SUCCESS)
		goto out;
	size = nv_pub->nvPublic.dataSize;
	if (size > sizeof(cert))
		size = sizeof(cert);
	/* The index authorises its own reads (TPMA_NV_AUTHREAD, empty auth:
	 * TCG EK Credential Profile 2.0, 2.2.1.5); 512-byte reads fit every
	 * TPM's MAX_NV_BUFFER_SIZE. */
	while (off < size) {
		UINT16 n = (UINT16)(size - off > 512 ? 512 : size - off);

		if ((status = tpm_check(p, "NV_Read (EK cert)", Esys_NV_Read(
		    p->p_esys, nv, nv, ESYS_TR_PASSWORD, ESYS_TR_NONE,
		    ESYS_TR_NONE, n, (UINT16)off, &chunk))) != PSA_SUCCESS)
			goto out;
		if (chunk->size != n) {
			status = PSA_ERROR_HARDWARE_FAILURE;
			goto out;
		}
		memcpy(cert + off, chunk->buffer, n);
		off += n;
		Esys_Free(chunk);
		chunk = NULL;
	}
	if (!tpm_der_len(cert, off, &der_len)) {
		log_warnx("tpm: NV 0x%08x holds no DER certificate; the "
		    "evidence carries none", index);
		goto out;
	}
	if (der_len > out->po_size) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	memcpy(out->po_buf, cert, der_len);
	out->po_len = der_len;
out:
	if (nv != ESYS_TR_NONE && p->p_esys != NULL)
		(void)Esys_TR_Close(p->p_esys, &nv);
	Esys_Free(nv_pub);
	Esys_Free(nv_name);
	Esys_Free(chunk);
	return status;
}
