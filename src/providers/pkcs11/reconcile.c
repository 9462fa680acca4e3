/* providers/pkcs11/reconcile.c: remove token objects of creates the key
 * store never recorded. A create is token object first, key store commit
 * second, label last (docs/keystore.md): an object is born labelled
 * "arcsec-new:<hex id>" and renamed "arcsec:<app>/<key name>" only after
 * its key was committed. A daemon killed in between leaves an "arcsec-new:"
 * object no reference names; at start-up the daemon hands over every
 * reference it holds for this provider and such objects are destroyed.
 * An unreferenced object with a committed key's label is only reported:
 * its key was once stored, so the key store in use may be the wrong one
 * or a restore may be on its way, and destroying it would lose the key.
 * Objects with neither prefix are not arcsec's: never touched. */
#include "providers/pkcs11/p11_int.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"

#define P11_FIND_BATCH	64u
#define P11_OBJECTS_MAX	(1u << 20)	/* a bound, not a limit seen */

static int
p11_id_cmp(const void *a, const void *b)
{
	return memcmp(a, b, P11_ID_LEN);
}

/* ids is sorted (p11_id_cmp): a start-up with 100k keys stays n log n. */
static bool
p11_id_known(const uint8_t (*ids)[P11_ID_LEN], size_t count,
    const uint8_t *id, size_t id_len)
{
	if (id_len != P11_ID_LEN || count == 0)
		return false;
	return bsearch(id, ids, count, P11_ID_LEN, p11_id_cmp) != NULL;
}

/* Every token object, in *objs (malloc'd). */
static CK_RV
p11_objects_all(struct prov *p, CK_SESSION_HANDLE sh, CK_OBJECT_HANDLE **objs,
    size_t *count)
{
	CK_BBOOL yes = CK_TRUE;
	CK_ATTRIBUTE t[] = { { CKA_TOKEN, &yes, sizeof(yes) } };
	CK_OBJECT_HANDLE *all = NULL, *grown;
	size_t n = 0, size = 0;
	CK_ULONG found;
	CK_RV rv, rv2;

	*objs = NULL;
	*count = 0;
	if ((rv = p->p_fn->C_FindObjectsInit(sh, t, P11_NELEM(t))) != CKR_OK)
		return rv;
	do {
		if (n + P11_FIND_BATCH > size) {
			if (size >= P11_OBJECTS_MAX) {
				rv = CKR_HOST_MEMORY;
				break;
			}
			size = size == 0 ? 256 : size * 2;
			if ((grown = realloc(all, size * sizeof(*all))) ==
			    NULL) {
				rv = CKR_HOST_MEMORY;
				break;
			}
			all = grown;
		}
		found = 0;
		rv = p->p_fn->C_FindObjects(sh, all + n, P11_FIND_BATCH,
		    &found);
		n += found;
	} while (rv == CKR_OK && found > 0);
	rv2 = p->p_fn->C_FindObjectsFinal(sh);
	if (rv == CKR_OK)
		rv = rv2;
	if (rv != CKR_OK) {
		free(all);
		return rv;
	}
	*objs = all;
	*count = n;
	return CKR_OK;
}

static bool
p11_label_has(const uint8_t *label, size_t label_len, const char *prefix)
{
	size_t n = strlen(prefix);

	return label_len >= n && memcmp(label, prefix, n) == 0;
}

/* An arcsec object no stored key names: destroy it if its create never
 * finished, else only report it. Returns 1 if destroyed. */
static size_t
p11_reconcile_one(struct prov *p, CK_SESSION_HANDLE sh, CK_OBJECT_HANDLE obj,
    const uint8_t *label, size_t label_len)
{
	int n = label_len > 128 ? 128 : (int)label_len;
	CK_RV rv;

	if (!p11_label_has(label, label_len, P11_LABEL_NEW_PREFIX)) {
		log_warnx("pkcs11: reconcile: object \"%.*s\" belongs to a "
		    "committed key this key store does not know; kept (is "
		    "this the right key store?)", n, (const char *)label);
		return 0;
	}
	rv = p->p_fn->C_DestroyObject(sh, obj);
	if (rv != CKR_OK) {
		log_warnx("pkcs11: reconcile: could not remove leftover "
		    "object \"%.*s\": %s", n, (const char *)label,
		    p11_rv_name(rv));
		return 0;
	}
	log_info("pkcs11: reconcile: removed leftover object \"%.*s\" of "
	    "an interrupted create", n, (const char *)label);
	return 1;
}

psa_status_t
p11_reconcile(struct prov *p, const uint8_t *const *refs,
    const size_t *ref_lens, size_t count)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	uint8_t (*ids)[P11_ID_LEN] = NULL;
	CK_OBJECT_HANDLE *objs = NULL;
	size_t ids_count = 0, objs_count = 0, removed = 0;
	struct p11_ref ref;
	CK_RV rv = CKR_OK;

	if (count > 0 && (ids = calloc(count, sizeof(*ids))) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		if (p11_ref_decode(refs[i], ref_lens[i], &ref) != PSA_SUCCESS) {
			log_warnx("pkcs11: reconcile: a stored key reference "
			    "is malformed; nothing is removed");
			status = PSA_ERROR_DATA_CORRUPT;
			goto out;
		}
		memcpy(ids[ids_count++], ref.ref_id, P11_ID_LEN);
	}
	if (ids_count > 1)
		qsort(ids, ids_count, P11_ID_LEN, p11_id_cmp);
	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS)
		goto out;
	if ((rv = p11_objects_all(p, s.ps_handle, &objs, &objs_count)) !=
	    CKR_OK) {
		status = p11_rv_status("reconcile: find objects", rv);
		goto out;
	}
	for (size_t i = 0; i < objs_count; i++) {
		uint8_t *label = NULL, *id = NULL;
		size_t label_len = 0, id_len = 0;

		if (p11_attr_get(p, s.ps_handle, objs[i], CKA_LABEL, &label,
		    &label_len) == CKR_OK &&
		    (p11_label_has(label, label_len, P11_LABEL_PREFIX) ||
		    p11_label_has(label, label_len, P11_LABEL_NEW_PREFIX)) &&
		    p11_attr_get(p, s.ps_handle, objs[i], CKA_ID, &id,
		    &id_len) == CKR_OK &&
		    !p11_id_known((const uint8_t (*)[P11_ID_LEN])ids,
		    ids_count, id, id_len))
			removed += p11_reconcile_one(p, s.ps_handle, objs[i],
			    label, label_len);
		free(label);
		free(id);
	}
	if (removed > 0)
		log_info("pkcs11: reconcile: removed %zu leftover object(s)",
		    removed);
	status = PSA_SUCCESS;
out:
	p11_session_put(p, &s, rv);
	free(objs);
	free(ids);
	return status;
}
