/* identity/devid_csr.c: the DevID's PKCS#10 request (arcsec_devid_csr). */
#include <stdlib.h>
#include <string.h>

#include "identity/identity_int.h"
#include "identity/x509.h"

/* Subject and SANs from the caller's strings; a usage problem names the
 * value. */
static arcsec_status_t
devid_csr_names(const struct arcsec_x509_subject *subject,
    const char *const *sans, size_t san_count, X509_NAME **name,
    GENERAL_NAMES **gens, char *why, size_t why_size)
{
	struct x509_subject subj = { 0 };
	GENERAL_NAME *gn;
	const char *what;

	*name = NULL;
	if ((*gens = sk_GENERAL_NAME_new_null()) == NULL)
		return ARCSEC_ERR_NO_MEMORY;
	if (subject != NULL) {
		subj.cs_cn = subject->xs_cn;
		subj.cs_o = subject->xs_o;
		subj.cs_ou = subject->xs_ou;
		subj.cs_c = subject->xs_c;
		subj.cs_serial = subject->xs_serial;
	}
	if (!x509_csr_name(&subj, name, &what))
		return idn_fail(why, why_size, ARCSEC_ERR_INVALID_ARGUMENT,
		    "subject: %s", what);
	for (size_t i = 0; i < san_count; i++) {
		if (sans[i] == NULL || !x509_csr_san(sans[i], &gn, &what))
			return idn_fail(why, why_size,
			    ARCSEC_ERR_INVALID_ARGUMENT, "SAN '%s': %s",
			    sans[i] != NULL ? sans[i] : "(null)",
			    sans[i] != NULL ? what : "missing");
		if (sk_GENERAL_NAME_push(*gens, gn) <= 0) {
			GENERAL_NAME_free(gn);
			return ARCSEC_ERR_NO_MEMORY;
		}
	}
	return ARCSEC_SUCCESS;
}

arcsec_status_t
arcsec_devid_csr(struct arcsec_client *c,
    const struct arcsec_x509_subject *subject, const char *const *sans,
    size_t san_count, char **pem, char *why, size_t why_size)
{
	struct arcsec_devid d;
	X509_NAME *name = NULL;
	GENERAL_NAMES *gens = NULL;
	X509_REQ *req = NULL;
	uint8_t saved = 0;
	arcsec_status_t status;

	if (why != NULL && why_size > 0)
		why[0] = '\0';
	if (c == NULL || pem == NULL || (sans == NULL && san_count > 0))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	*pem = NULL;
	if ((status = devid_csr_names(subject, sans, san_count, &name, &gens,
	    why, why_size)) != ARCSEC_SUCCESS ||
	    (status = arcsec_devid_find(c, &d)) != ARCSEC_SUCCESS ||
	    (status = idn_provider_use(c, d.dv_provider_id, &saved)) !=
	    ARCSEC_SUCCESS)
		goto out;
	if ((status = x509_csr_for_key(c, d.dv_key_name, &d.dv_attrs, name, gens, &req,
	    why, why_size)) != ARCSEC_SUCCESS)
		goto out;
	status = x509_req_to_pem(req, pem);
out:
	idn_provider_restore(c, saved);
	X509_REQ_free(req);
	sk_GENERAL_NAME_pop_free(gens, GENERAL_NAME_free);
	X509_NAME_free(name);
	return status;
}
