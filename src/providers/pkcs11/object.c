/* providers/pkcs11/object.c: find a key's objects by CKA_ID and read their
 * attributes. Every object of one key shares its random CKA_ID, which is
 * what the key store's reference names (ref.c); handles found are cached
 * (handles.c), and a handle the token calls stale is found again. */
#include "providers/pkcs11/p11_int.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"

CK_RV
p11_object_find(struct prov *p, CK_SESSION_HANDLE sh, const uint8_t *id,
    size_t id_len, CK_OBJECT_CLASS cls, CK_OBJECT_HANDLE *obj)
{
	CK_ATTRIBUTE tmpl[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_ID, (void *)(uintptr_t)id, (CK_ULONG)id_len },
	};
	CK_ULONG found = 0;
	CK_RV rv, rv2;

	*obj = CK_INVALID_HANDLE;
	if ((rv = p->p_fn->C_FindObjectsInit(sh, tmpl, P11_NELEM(tmpl))) !=
	    CKR_OK)
		return rv;
	rv = p->p_fn->C_FindObjects(sh, obj, 1, &found);
	rv2 = p->p_fn->C_FindObjectsFinal(sh);
	if (rv == CKR_OK && found != 1)
		*obj = CK_INVALID_HANDLE;
	return rv != CKR_OK ? rv : rv2;
}

CK_RV
p11_attr_get(struct prov *p, CK_SESSION_HANDLE sh, CK_OBJECT_HANDLE obj,
    CK_ATTRIBUTE_TYPE type, uint8_t **out, size_t *out_len)
{
	CK_ATTRIBUTE a = { type, NULL, 0 };
	uint8_t *buf = NULL;
	CK_RV rv;

	*out = NULL;
	*out_len = 0;
	if ((rv = p->p_fn->C_GetAttributeValue(sh, obj, &a, 1)) != CKR_OK)
		return rv;
	if (a.ulValueLen == CK_UNAVAILABLE_INFORMATION ||
	    a.ulValueLen > 65536)
		return CKR_ATTRIBUTE_SENSITIVE;
	if ((buf = malloc(a.ulValueLen + 1)) == NULL)
		return CKR_HOST_MEMORY;
	a.pValue = buf;
	if ((rv = p->p_fn->C_GetAttributeValue(sh, obj, &a, 1)) != CKR_OK) {
		explicit_bzero(buf, a.ulValueLen + 1);
		free(buf);
		return rv;
	}
	*out = buf;
	*out_len = a.ulValueLen;
	return CKR_OK;
}

psa_status_t
p11_key_ref(const struct prov_key *k, struct p11_ref *ref)
{
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	return p11_ref_decode(k->pk_ref, k->pk_ref_len, ref);
}

psa_status_t
p11_key_object(struct prov *p, struct p11_session *s,
    const struct prov_key *k, CK_OBJECT_CLASS cls, CK_OBJECT_HANDLE *obj,
    CK_RV *rv)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_ref ref;
	uint64_t epoch;

	*obj = CK_INVALID_HANDLE;
	*rv = CKR_OK;
	if ((status = p11_key_ref(k, &ref)) != PSA_SUCCESS)
		goto out;
	if (p11_handles_get(p, ref.ref_id, cls, obj, &epoch)) {
		status = PSA_SUCCESS;
		goto out;
	}
	*rv = p11_object_find(p, s->ps_handle, ref.ref_id, sizeof(ref.ref_id),
	    cls, obj);
	if (*rv == CKR_OK && *obj == CK_INVALID_HANDLE &&
	    cls == CKO_PUBLIC_KEY &&
	    psa_key_type_is_key_pair(k->pk_attrs->type))
		*rv = p11_object_find(p, s->ps_handle, ref.ref_id,
		    sizeof(ref.ref_id), CKO_PRIVATE_KEY, obj);
	if (*rv != CKR_OK) {
		status = p11_rv_status("C_FindObjects", *rv);
		goto out;
	}
	if (*obj == CK_INVALID_HANDLE) {
		status = PSA_ERROR_DOES_NOT_EXIST;	/* never cached */
		goto out;
	}
	/* Under the class asked for, even when the private object stood
	 * in for a missing public one: the next ask is the same. */
	p11_handles_put(p, epoch, ref.ref_id, cls, *obj);
	status = PSA_SUCCESS;
out:
	return status;
}

bool
p11_key_stale(struct prov *p, const struct prov_key *k, CK_OBJECT_CLASS cls,
    CK_RV rv)
{
	struct p11_ref ref;

	if (!p11_rv_is_stale(rv) || p11_key_ref(k, &ref) != PSA_SUCCESS)
		return false;
	/* The object was destroyed behind arcsec's back, or the token
	 * gave up its handles (a logout, a reinsertion not seen as one). */
	log_debug("pkcs11: an object handle is stale (%s); finding the "
	    "object again", p11_rv_name(rv));
	p11_handles_drop(p, ref.ref_id, cls);
	return true;
}

psa_status_t
p11_key_init(struct prov *p, struct p11_session *s, const struct prov_key *k,
    CK_OBJECT_CLASS cls, p11_init_fn init, CK_MECHANISM_PTR mech, CK_RV *rv)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	CK_OBJECT_HANDLE obj;

	*rv = CKR_OK;
	/* Twice at most: the second handle was found after the stale one
	 * was dropped, here or by a racing call, so it is no older. */
	for (int tries = 0; tries < 2; tries++) {
		if ((status = p11_key_object(p, s, k, cls, &obj, rv)) !=
		    PSA_SUCCESS)
			goto out;
		*rv = init(s->ps_handle, mech, obj);
		if (!p11_key_stale(p, k, cls, *rv))
			break;
	}
out:
	return status;
}
