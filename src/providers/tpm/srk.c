/* providers/tpm/srk.c: the storage primary (SRK) every key is created
 * under, from the TCG SRK template: re-created on each connection, or kept
 * at the configured persistent handle, where a key is used only if it is
 * the one the template makes. Lock held in all but the pure functions. */
#include "providers/tpm/tpm_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
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

/* Append "; " (unless first) and the formatted text to why. */
static void __attribute__((format(printf, 3, 4)))
tpm_srk_why(char *why, size_t why_size, const char *fmt, ...)
{
	size_t len = strnlen(why, why_size);
	va_list ap;

	if (len + 3 >= why_size)
		return;		/* full: the first differences are kept */
	if (len > 0) {
		memcpy(why + len, "; ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	(void)vsnprintf(why + len, why_size - len, fmt, ap);
	va_end(ap);
}

bool
tpm_srk_matches(const TPMT_PUBLIC *pub, char *why, size_t why_size)
{
	const TPMS_ECC_PARMS *have = &pub->parameters.eccDetail, *want;
	TPM2B_PUBLIC tmpl;
	const TPMT_PUBLIC *t = &tmpl.publicArea;

	tpm_srk_template(&tmpl);
	want = &t->parameters.eccDetail;
	why[0] = '\0';
	/* The parameters of another type are another union member. */
	if (pub->type != t->type) {
		tpm_srk_why(why, why_size, "type 0x%04X, want 0x%04X (ECC)",
		    pub->type, t->type);
		goto out;
	}
	if (pub->nameAlg != t->nameAlg)
		tpm_srk_why(why, why_size, "nameAlg 0x%04X, want 0x%04X "
		    "(SHA-256)", pub->nameAlg, t->nameAlg);
	if (pub->objectAttributes != t->objectAttributes)
		tpm_srk_why(why, why_size, "objectAttributes 0x%08X, want "
		    "0x%08X", pub->objectAttributes, t->objectAttributes);
	if (pub->authPolicy.size != 0)
		tpm_srk_why(why, why_size, "an authPolicy of %u bytes, want "
		    "none", pub->authPolicy.size);
	if (have->symmetric.algorithm != want->symmetric.algorithm ||
	    have->symmetric.keyBits.aes != want->symmetric.keyBits.aes ||
	    have->symmetric.mode.aes != want->symmetric.mode.aes)
		tpm_srk_why(why, why_size, "symmetric 0x%04X/%u/0x%04X, want "
		    "0x%04X/%u/0x%04X (AES-128-CFB)",
		    have->symmetric.algorithm, have->symmetric.keyBits.aes,
		    have->symmetric.mode.aes, want->symmetric.algorithm,
		    want->symmetric.keyBits.aes, want->symmetric.mode.aes);
	if (have->scheme.scheme != want->scheme.scheme)
		tpm_srk_why(why, why_size, "scheme 0x%04X, want 0x%04X (NULL)",
		    have->scheme.scheme, want->scheme.scheme);
	if (have->curveID != want->curveID)
		tpm_srk_why(why, why_size, "curve 0x%04X, want 0x%04X "
		    "(NIST P-256)", have->curveID, want->curveID);
	if (have->kdf.scheme != want->kdf.scheme)
		tpm_srk_why(why, why_size, "kdf 0x%04X, want 0x%04X (NULL)",
		    have->kdf.scheme, want->kdf.scheme);
out:
	return why[0] == '\0';
}

bool
tpm_srk_is_owner_primary(const TPM2B_NAME *name, const TPM2B_NAME *qualified)
{
	/* TPM_RH_OWNER, big-endian: a hierarchy's qualified name is its
	 * handle (TPM 2.0 Part 1, 16 "Names"). */
	static const uint8_t owner[4] = { 0x40, 0x00, 0x00, 0x01 };
	uint8_t want[2 + 32];
	unsigned int len = 0;
	EVP_MD_CTX *ctx = NULL;
	bool is_owner = false;

	/* Both names use the object's nameAlg, SHA-256 for our template. */
	if (name->size != sizeof(want) || name->name[0] != 0x00 ||
	    name->name[1] != TPM2_ALG_SHA256 ||
	    qualified->size != sizeof(want))
		goto out;
	want[0] = 0x00;
	want[1] = TPM2_ALG_SHA256;
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(ctx, owner, sizeof(owner)) != 1 ||
	    EVP_DigestUpdate(ctx, name->name, name->size) != 1 ||
	    EVP_DigestFinal_ex(ctx, want + 2, &len) != 1 || len != 32)
		goto out;
	is_owner = CRYPTO_memcmp(want, qualified->name, sizeof(want)) == 0;
out:
	EVP_MD_CTX_free(ctx);
	return is_owner;
}

/* Does the TPM hold an object at the configured handle? */
static psa_status_t
tpm_srk_is_present(struct prov *p, bool *is_present)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TPMS_CAPABILITY_DATA *cap = NULL;
	TPMI_YES_NO more = TPM2_NO;
	TSS2_RC rc;

	*is_present = false;
	/* The handles from the given one up: the first is it or not. */
	rc = Esys_GetCapability(p->p_esys, ESYS_TR_NONE, ESYS_TR_NONE,
	    ESYS_TR_NONE, TPM2_CAP_HANDLES, p->p_srk_handle, 1, &more, &cap);
	if ((status = tpm_rc_status("GetCapability (handles)", rc)) !=
	    PSA_SUCCESS)
		goto out;
	*is_present = cap->data.handles.count > 0 &&
	    cap->data.handles.handle[0] == p->p_srk_handle;
out:
	Esys_Free(cap);
	return status;
}

/* Use the key at the handle if it is the one our template makes. */
static psa_status_t
tpm_srk_use_persistent(struct prov *p)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	ESYS_TR h = ESYS_TR_NONE;
	TPM2B_PUBLIC *pub = NULL;
	TPM2B_NAME *name = NULL, *qualified = NULL;
	char why[384];
	TSS2_RC rc;

	rc = Esys_TR_FromTPMPublic(p->p_esys, p->p_srk_handle, ESYS_TR_NONE,
	    ESYS_TR_NONE, ESYS_TR_NONE, &h);
	if ((status = tpm_rc_status("TR_FromTPMPublic", rc)) != PSA_SUCCESS)
		goto out;
	rc = Esys_ReadPublic(p->p_esys, h, ESYS_TR_NONE, ESYS_TR_NONE,
	    ESYS_TR_NONE, &pub, &name, &qualified);
	if ((status = tpm_rc_status("ReadPublic", rc)) != PSA_SUCCESS)
		goto out;
	/* The public area cannot show an auth value or a non-empty unique
	 * in the template the key was made from (docs/providers/tpm.md);
	 * the qualified name does show a key of another hierarchy, or a
	 * child key, made with the same attributes. */
	if (tpm_srk_matches(&pub->publicArea, why, sizeof(why)) &&
	    !tpm_srk_is_owner_primary(name, qualified))
		(void)snprintf(why, sizeof(why), "not a primary key of the "
		    "owner hierarchy (its qualified name)");
	if (why[0] != '\0') {
		log_warnx("tpm: storage_primary_handle 0x%08X holds a key "
		    "that is not arcsec's storage primary: %s; refusing to "
		    "use or replace it", p->p_srk_handle, why);
		status = PSA_ERROR_ALREADY_EXISTS;
		goto out;
	}
	p->p_primary = h;
	h = ESYS_TR_NONE;
	log_info("tpm: storage primary: the persistent key at 0x%08X "
	    "(matches the SRK template)", p->p_srk_handle);
	status = PSA_SUCCESS;
out:
	/* Only ESYS's record: a persistent object is never flushed. */
	if (h != ESYS_TR_NONE)
		(void)Esys_TR_Close(p->p_esys, &h);
	Esys_Free(pub);
	Esys_Free(name);
	Esys_Free(qualified);
	return status;
}

/* The handle is empty: make the primary and persist it there. */
static psa_status_t
tpm_srk_persist(struct prov *p)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	ESYS_TR transient = ESYS_TR_NONE, persistent = ESYS_TR_NONE;
	TSS2_RC rc;

	if ((status = tpm_srk_create(p, &transient)) != PSA_SUCCESS)
		goto out;
	if ((rc = Esys_TR_SetAuth(p->p_esys, ESYS_TR_RH_OWNER,
	    &p->p_owner_auth)) != TSS2_RC_SUCCESS) {
		status = tpm_rc_status("set owner auth", rc);
		goto out;
	}
	rc = Esys_EvictControl(p->p_esys, ESYS_TR_RH_OWNER, transient,
	    ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, p->p_srk_handle,
	    &persistent);
	if ((status = tpm_rc_status("EvictControl", rc)) != PSA_SUCCESS) {
		/* TPM_RC_NV_DEFINED: another client took the handle since
		 * we looked; TPM_RC_NV_SPACE: no room in NV. */
		log_warnx("tpm: cannot persist the storage primary at "
		    "storage_primary_handle 0x%08X: %s", p->p_srk_handle,
		    Tss2_RC_Decode(rc));
		goto out;
	}
	/* The persistent copy serves from now on; the transient one would
	 * hold an object slot for as long as the connection lasts. */
	rc = Esys_FlushContext(p->p_esys, transient);
	transient = ESYS_TR_NONE;
	if ((status = tpm_rc_status("FlushContext (transient primary)",
	    rc)) != PSA_SUCCESS)
		goto out;
	p->p_primary = persistent;
	persistent = ESYS_TR_NONE;
	log_info("tpm: storage primary: made from the SRK template and "
	    "persisted at 0x%08X (the handle was empty)", p->p_srk_handle);
out:
	(void)Esys_TR_SetAuth(p->p_esys, ESYS_TR_RH_OWNER, NULL);
	if (transient != ESYS_TR_NONE)
		(void)Esys_FlushContext(p->p_esys, transient);
	/* Persisted but unusable here: the next connection finds it. */
	if (persistent != ESYS_TR_NONE)
		(void)Esys_TR_Close(p->p_esys, &persistent);
	return status;
}

psa_status_t
tpm_srk_open(struct prov *p)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	bool is_present = false;

	if (p->p_srk_handle == 0)
		status = tpm_srk_create(p, &p->p_primary);
	else if ((status = tpm_srk_is_present(p, &is_present)) ==
	    PSA_SUCCESS)
		status = is_present ? tpm_srk_use_persistent(p) :
		    tpm_srk_persist(p);
	return status;
}

void
tpm_srk_close(struct prov *p)
{
	TSS2_RC rc;

	if (p->p_esys == NULL || p->p_primary == ESYS_TR_NONE)
		return;
	if (p->p_srk_handle != 0) {
		/* TPM2_FlushContext takes transient objects and sessions
		 * only (TPM 2.0 Part 3, FlushContext); the persistent key
		 * stays in NV by design, so only ESYS's record goes. */
		if ((rc = Esys_TR_Close(p->p_esys, &p->p_primary)) !=
		    TSS2_RC_SUCCESS)
			(void)tpm_rc_status("TR_Close (storage primary)", rc);
		p->p_primary = ESYS_TR_NONE;
		return;
	}
	/* A resource manager (/dev/tpmrm0) flushes what a closed connection
	 * left loaded; a TPM without one (swtpm, mssim) keeps it for its
	 * next client. A failure is only logged: we are closing anyway. */
	if ((rc = Esys_FlushContext(p->p_esys, p->p_primary)) !=
	    TSS2_RC_SUCCESS)
		(void)tpm_rc_status("FlushContext (storage primary)", rc);
	p->p_primary = ESYS_TR_NONE;
}
