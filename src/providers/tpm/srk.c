/* providers/tpm/srk.c: the storage primary (SRK) every key is created
 * under, made from the TCG SRK template on each connection. Lock held in
 * every function but the template's. */
#include "providers/tpm/tpm_int.h"

#include <string.h>

#include <tss2/tss2_rc.h>

#include "common/log.h"

void
tpm_srk_template(TPM2B_PUBLIC *pub)
{
	TPMT_PUBLIC *a = &pub->publicArea;

	/* TCG "TPM v2.0 Provisioning Guidance", Storage Root Key, ECC NIST
	 * P-256 template: a restricted decryption key with AES-128-CFB for
	 * its children and an empty unique field, so the same TPM (same
	 * owner seed) gives the same key every time it is re-created. */
	memset(pub, 0, sizeof(*pub));
	a->type = TPM2_ALG_ECC;
	a->nameAlg = TPM2_ALG_SHA256;
	a->objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
	    TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH |
	    TPMA_OBJECT_NODA | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
	a->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_AES;
	a->parameters.eccDetail.symmetric.keyBits.aes = 128;
	a->parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CFB;
	a->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
	a->parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
	a->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
}

/* A transient primary from the template into *handle. */
static psa_status_t
tpm_srk_create(struct prov *p, ESYS_TR *handle)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TPM2B_SENSITIVE_CREATE sensitive = { 0 };
	TPM2B_PUBLIC tmpl;
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION pcrs = { 0 };
	TPM2B_PUBLIC *out_pub = NULL;
	TPM2B_CREATION_DATA *cdata = NULL;
	TPM2B_DIGEST *chash = NULL;
	TPMT_TK_CREATION *ticket = NULL;
	TSS2_RC rc;

	*handle = ESYS_TR_NONE;
	tpm_srk_template(&tmpl);
	if ((rc = Esys_TR_SetAuth(p->p_esys, ESYS_TR_RH_OWNER,
	    &p->p_owner_auth)) != TSS2_RC_SUCCESS) {
		status = tpm_rc_status("set owner auth", rc);
		goto out;
	}
	rc = Esys_CreatePrimary(p->p_esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD,
	    ESYS_TR_NONE, ESYS_TR_NONE, &sensitive, &tmpl, &outside, &pcrs,
	    handle, &out_pub, &cdata, &chash, &ticket);
	status = tpm_rc_status("CreatePrimary (owner)", rc);
	if (status == PSA_ERROR_NOT_PERMITTED)
		log_warnx("tpm: the TPM refused the owner hierarchy auth "
		    "value (owner_hierarchy_auth in config): %s",
		    Tss2_RC_Decode(rc));
	else if (status != PSA_SUCCESS)
		log_warnx("tpm: cannot create the storage primary key: %s",
		    psa_status_name(status));
out:
	Esys_Free(out_pub);
	Esys_Free(cdata);
	Esys_Free(chash);
	Esys_Free(ticket);
	/* The TSS keeps a copy of the auth in the ESYS_TR; the primary
	 * needs none and the owner's is only for CreatePrimary. */
	(void)Esys_TR_SetAuth(p->p_esys, ESYS_TR_RH_OWNER, NULL);
	return status;
}

psa_status_t
tpm_srk_open(struct prov *p)
{
	return tpm_srk_create(p, &p->p_primary);
}

void
tpm_srk_close(struct prov *p)
{
	TSS2_RC rc;

	if (p->p_esys == NULL || p->p_primary == ESYS_TR_NONE)
		return;
	/* A resource manager (/dev/tpmrm0) flushes what a closed connection
	 * left loaded; a TPM without one (swtpm, mssim) keeps it for its
	 * next client. A failure is only logged: we are closing anyway. */
	if ((rc = Esys_FlushContext(p->p_esys, p->p_primary)) !=
	    TSS2_RC_SUCCESS)
		(void)tpm_rc_status("FlushContext (storage primary)", rc);
	p->p_primary = ESYS_TR_NONE;
}
