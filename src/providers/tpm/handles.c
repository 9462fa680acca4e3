/* providers/tpm/handles.c: the LRU of loaded key handles. A TPM holds only
 * a few transient objects (TPM2_PT_HR_TRANSIENT_MIN, 3 on swtpm), so keys
 * are loaded on demand from their blobs and the least recently used one is
 * flushed to make room; alternating between many keys costs loads, never
 * TPM_RC_OBJECT_MEMORY. All functions run with the provider lock held. */
#include "providers/tpm/tpm_int.h"

#include <string.h>

#include "common/log.h"

static bool
tpm_handle_id(const struct prov_key *k, uint8_t id[32])
{
	unsigned int len = 0;

	return EVP_Digest(k->pk_ref, k->pk_ref_len, id, &len, EVP_sha256(),
	    NULL) == 1 && len == 32;
}

static struct tpm_lru_slot *
tpm_handle_oldest(struct prov *p)
{
	struct tpm_lru_slot *oldest = NULL;

	for (size_t i = 0; i < TPM_LRU_SLOTS_MAX; i++) {
		struct tpm_lru_slot *s = &p->p_lru.lru_slots[i];

		if (s->ls_is_used && (oldest == NULL ||
		    s->ls_used < oldest->ls_used))
			oldest = s;
	}
	return oldest;
}

static void
tpm_handle_drop(struct prov *p, struct tpm_lru_slot *s, bool flush)
{
	TSS2_RC rc;

	if (flush && p->p_esys != NULL &&
	    (rc = Esys_FlushContext(p->p_esys, s->ls_handle)) !=
	    TSS2_RC_SUCCESS)
		(void)tpm_rc_status("FlushContext", rc);
	memset(s, 0, sizeof(*s));
	s->ls_handle = ESYS_TR_NONE;
	if (p->p_lru.lru_count > 0)
		p->p_lru.lru_count--;
}

bool
tpm_handle_evict_one(struct prov *p)
{
	struct tpm_lru_slot *s = tpm_handle_oldest(p);

	if (s == NULL)
		return false;
	tpm_handle_drop(p, s, true);
	return true;
}

void
tpm_handle_flush_all(struct prov *p, bool flush)
{
	for (size_t i = 0; i < TPM_LRU_SLOTS_MAX; i++)
		if (p->p_lru.lru_slots[i].ls_is_used)
			tpm_handle_drop(p, &p->p_lru.lru_slots[i], flush);
	p->p_lru.lru_count = 0;
}

void
tpm_handle_forget(struct prov *p, const struct prov_key *k)
{
	uint8_t id[32];

	if (!tpm_handle_id(k, id))
		return;
	for (size_t i = 0; i < TPM_LRU_SLOTS_MAX; i++) {
		struct tpm_lru_slot *s = &p->p_lru.lru_slots[i];

		if (s->ls_is_used && memcmp(s->ls_id, id, sizeof(id)) == 0)
			tpm_handle_drop(p, s, true);
	}
}

psa_status_t
tpm_handle_get(struct prov *p, const struct prov_key *k,
    const struct tpm_blob *b, ESYS_TR *handle)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct tpm_lru_slot *free_slot = NULL;
	uint8_t id[32];
	ESYS_TR h = ESYS_TR_NONE;
	TSS2_RC rc;

	*handle = ESYS_TR_NONE;
	if (b->tb_kind != TPM_BLOB_LOADABLE) {
		status = PSA_ERROR_NOT_SUPPORTED;	/* public only */
		goto out;
	}
	if (!tpm_handle_id(k, id)) {
		status = tpm_ossl_status("key id", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	for (size_t i = 0; i < TPM_LRU_SLOTS_MAX; i++) {
		struct tpm_lru_slot *s = &p->p_lru.lru_slots[i];

		if (s->ls_is_used && memcmp(s->ls_id, id, sizeof(id)) == 0) {
			s->ls_used = ++p->p_lru.lru_tick;
			*handle = s->ls_handle;
			status = PSA_SUCCESS;
			goto out;
		}
	}
	while (p->p_lru.lru_count >= p->p_lru_slots &&
	    tpm_handle_evict_one(p))
		;
	for (int attempt = 0; ; attempt++) {
		rc = Esys_Load(p->p_esys, p->p_primary, ESYS_TR_PASSWORD,
		    ESYS_TR_NONE, ESYS_TR_NONE, &b->tb_priv, &b->tb_pub, &h);
		/* Something else holds the TPM's object memory (another
		 * client of a TPM without a resource manager): make room. */
		if (attempt == 0 && tpm_rc_is_object_memory(rc) &&
		    tpm_handle_evict_one(p))
			continue;
		break;
	}
	if ((status = tpm_check(p, "Load", rc)) != PSA_SUCCESS) {
		if (status == PSA_ERROR_INVALID_ARGUMENT)
			status = PSA_ERROR_DATA_CORRUPT; /* not this TPM's */
		goto out;
	}
	for (size_t i = 0; i < TPM_LRU_SLOTS_MAX && free_slot == NULL; i++)
		if (!p->p_lru.lru_slots[i].ls_is_used)
			free_slot = &p->p_lru.lru_slots[i];
	if (free_slot == NULL) {	/* cannot happen: we evicted */
		(void)Esys_FlushContext(p->p_esys, h);
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	memcpy(free_slot->ls_id, id, sizeof(id));
	free_slot->ls_handle = h;
	free_slot->ls_used = ++p->p_lru.lru_tick;
	free_slot->ls_is_used = true;
	p->p_lru.lru_count++;
	*handle = h;
	status = PSA_SUCCESS;
out:
	return status;
}
