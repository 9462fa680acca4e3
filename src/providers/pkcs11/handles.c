/* providers/pkcs11/handles.c: the provider's cache of token object
 * handles (cache.c) behind its own lock. Workers call the provider at
 * once, so every use of p_handles takes p_handles_mutex, for a few
 * hundred nanoseconds and never across a PKCS#11 call. Recovery calls
 * p11_handles_flush with the pool lock held; nothing here takes the pool
 * lock, so the order pool first, handles second cannot deadlock. */
#include "providers/pkcs11/p11_int.h"

#include "common/limits.h"
#include "common/log.h"

/* The cache keeps CK_ULONG values as unsigned long (p11_cache.h). */
_Static_assert(sizeof(CK_OBJECT_HANDLE) == sizeof(unsigned long) &&
    sizeof(CK_OBJECT_CLASS) == sizeof(unsigned long),
    "CK_ULONG is unsigned long");

psa_status_t
p11_handles_start(struct prov *p)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;

	if ((status = p11_cache_init(&p->p_handles, LIMIT_P11_HANDLE_CACHE)) !=
	    PSA_SUCCESS)
		goto out;
	if (pthread_mutex_init(&p->p_handles_mutex, NULL) != 0) {
		p11_cache_free(&p->p_handles);
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	p->p_has_handles = true;
	status = PSA_SUCCESS;
out:
	return status;
}

void
p11_handles_stop(struct prov *p)
{
	if (!p->p_has_handles)
		return;
	log_debug("pkcs11: handle cache: %llu hits, %llu misses, %llu "
	    "evictions, %zu entries at close",
	    (unsigned long long)p->p_handles.pc_hits,
	    (unsigned long long)p->p_handles.pc_misses,
	    (unsigned long long)p->p_handles.pc_evictions,
	    p->p_handles.pc_used);
	p11_cache_free(&p->p_handles);
	pthread_mutex_destroy(&p->p_handles_mutex);
	p->p_has_handles = false;
}

bool
p11_handles_get(struct prov *p, const uint8_t *id, CK_OBJECT_CLASS cls,
    CK_OBJECT_HANDLE *obj, uint64_t *epoch)
{
	unsigned long h = CK_INVALID_HANDLE;
	bool is_hit;

	*obj = CK_INVALID_HANDLE;
	*epoch = 0;
	if (!p->p_has_handles)
		return false;
	pthread_mutex_lock(&p->p_handles_mutex);
	is_hit = p11_cache_get(&p->p_handles, id, cls, &h, epoch);
	pthread_mutex_unlock(&p->p_handles_mutex);
	*obj = h;
	return is_hit;
}

void
p11_handles_put(struct prov *p, uint64_t epoch, const uint8_t *id,
    CK_OBJECT_CLASS cls, CK_OBJECT_HANDLE obj)
{
	if (!p->p_has_handles || obj == CK_INVALID_HANDLE)
		return;
	pthread_mutex_lock(&p->p_handles_mutex);
	/* Refused when a drop or flush came since the miss: the find may
	 * have seen an object that is gone now (p11_cache.h). */
	(void)p11_cache_put(&p->p_handles, epoch, id, cls, obj);
	pthread_mutex_unlock(&p->p_handles_mutex);
}

void
p11_handles_drop(struct prov *p, const uint8_t *id, CK_OBJECT_CLASS cls)
{
	if (!p->p_has_handles)
		return;
	pthread_mutex_lock(&p->p_handles_mutex);
	(void)p11_cache_drop(&p->p_handles, id, cls, false);
	pthread_mutex_unlock(&p->p_handles_mutex);
}

void
p11_handles_forget(struct prov *p, const uint8_t *id)
{
	if (!p->p_has_handles)
		return;
	pthread_mutex_lock(&p->p_handles_mutex);
	(void)p11_cache_drop(&p->p_handles, id, 0, true);
	pthread_mutex_unlock(&p->p_handles_mutex);
}

void
p11_handles_flush(struct prov *p)
{
	size_t dropped;

	if (!p->p_has_handles)
		return;
	pthread_mutex_lock(&p->p_handles_mutex);
	dropped = p11_cache_flush(&p->p_handles);
	pthread_mutex_unlock(&p->p_handles_mutex);
	log_debug("pkcs11: token %s: forgot %zu cached object handle(s)",
	    p->p_serial, dropped);
}
