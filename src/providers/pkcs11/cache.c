/* providers/pkcs11/cache.c: a bounded map from (CKA_ID, class) to object
 * handle with least-recently-used eviction (p11_cache.h). Pure: fixed
 * arrays allocated once, indices instead of pointers, no lock. Entries of
 * one CKA_ID share a bucket, so a key's objects are dropped together. */
#include "providers/pkcs11/p11_cache.h"

#include <stdlib.h>
#include <string.h>

#define P11_CACHE_NIL		UINT32_MAX
#define P11_CACHE_SLOTS_MAX	(1u << 24)

/* FNV-1a over the id. CKA_IDs are random bytes this provider drew
 * (keys.c), so a simple spread is enough; no client chooses them. */
static size_t
p11_cache_bucket(const struct p11_cache *c, const uint8_t *id)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < P11_ID_LEN; i++) {
		h ^= id[i];
		h *= 0x100000001b3ull;
	}
	return (size_t)(h ^ (h >> 32)) & (c->pc_bucket_count - 1);
}

psa_status_t
p11_cache_init(struct p11_cache *c, size_t slots)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	size_t buckets = 1;

	memset(c, 0, sizeof(*c));
	c->pc_free = c->pc_newest = c->pc_oldest = P11_CACHE_NIL;
	if (slots == 0 || slots > P11_CACHE_SLOTS_MAX) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	/* Twice as many buckets as entries keeps chains about one long. */
	while (buckets < 2 * slots)
		buckets *= 2;
	if ((c->pc_entries = calloc(slots, sizeof(*c->pc_entries))) == NULL ||
	    (c->pc_buckets = malloc(buckets * sizeof(*c->pc_buckets))) ==
	    NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	for (size_t i = 0; i < buckets; i++)
		c->pc_buckets[i] = P11_CACHE_NIL;
	for (size_t i = 0; i < slots; i++)
		c->pc_entries[i].ce_chain = i + 1 < slots ? (uint32_t)(i + 1) :
		    P11_CACHE_NIL;
	c->pc_free = 0;
	c->pc_slots = slots;
	c->pc_bucket_count = buckets;
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS)
		p11_cache_free(c);
	return status;
}

void
p11_cache_free(struct p11_cache *c)
{
	if (c == NULL)
		return;
	free(c->pc_entries);
	free(c->pc_buckets);
	memset(c, 0, sizeof(*c));
	c->pc_free = c->pc_newest = c->pc_oldest = P11_CACHE_NIL;
}

static void
p11_cache_lru_unlink(struct p11_cache *c, uint32_t i)
{
	struct p11_cache_entry *e = &c->pc_entries[i];

	if (e->ce_newer != P11_CACHE_NIL)
		c->pc_entries[e->ce_newer].ce_older = e->ce_older;
	else
		c->pc_newest = e->ce_older;
	if (e->ce_older != P11_CACHE_NIL)
		c->pc_entries[e->ce_older].ce_newer = e->ce_newer;
	else
		c->pc_oldest = e->ce_newer;
	e->ce_newer = e->ce_older = P11_CACHE_NIL;
}

static void
p11_cache_lru_push(struct p11_cache *c, uint32_t i)
{
	struct p11_cache_entry *e = &c->pc_entries[i];

	e->ce_newer = P11_CACHE_NIL;
	e->ce_older = c->pc_newest;
	if (c->pc_newest != P11_CACHE_NIL)
		c->pc_entries[c->pc_newest].ce_newer = i;
	else
		c->pc_oldest = i;
	c->pc_newest = i;
}

/* The link that points at entry i (a bucket head or a ce_chain); i must
 * be in use. */
static uint32_t *
p11_cache_link_of(struct p11_cache *c, uint32_t i)
{
	uint32_t *link =
	    &c->pc_buckets[p11_cache_bucket(c, c->pc_entries[i].ce_id)];

	while (*link != i) {
		if (*link == P11_CACHE_NIL)
			abort();	/* an entry in use is always chained */
		link = &c->pc_entries[*link].ce_chain;
	}
	return link;
}

/* The link to the entry for (id, cls), or NULL. */
static uint32_t *
p11_cache_find(struct p11_cache *c, const uint8_t *id, unsigned long cls)
{
	uint32_t *link;

	if (c->pc_entries == NULL)
		return NULL;
	link = &c->pc_buckets[p11_cache_bucket(c, id)];
	for (; *link != P11_CACHE_NIL; link = &c->pc_entries[*link].ce_chain) {
		const struct p11_cache_entry *e = &c->pc_entries[*link];

		if (e->ce_class == cls && memcmp(e->ce_id, id, P11_ID_LEN) == 0)
			return link;
	}
	return NULL;
}

/* Unchain the entry *link points at and give it back to the free list. */
static void
p11_cache_remove(struct p11_cache *c, uint32_t *link)
{
	uint32_t i = *link;
	struct p11_cache_entry *e = &c->pc_entries[i];

	*link = e->ce_chain;
	p11_cache_lru_unlink(c, i);
	memset(e->ce_id, 0, sizeof(e->ce_id));
	e->ce_chain = c->pc_free;
	c->pc_free = i;
	c->pc_used--;
}

bool
p11_cache_get(struct p11_cache *c, const uint8_t *id, unsigned long cls,
    unsigned long *handle, uint64_t *epoch)
{
	uint32_t *link = p11_cache_find(c, id, cls);

	if (epoch != NULL)
		*epoch = c->pc_epoch;
	if (link == NULL) {
		c->pc_misses++;
		return false;
	}
	*handle = c->pc_entries[*link].ce_handle;
	p11_cache_lru_unlink(c, *link);
	p11_cache_lru_push(c, *link);
	c->pc_hits++;
	return true;
}

bool
p11_cache_put(struct p11_cache *c, uint64_t epoch, const uint8_t *id,
    unsigned long cls, unsigned long handle)
{
	struct p11_cache_entry *e;
	uint32_t *link, i;
	size_t b;

	if (c->pc_entries == NULL || epoch != c->pc_epoch)
		return false;
	if ((link = p11_cache_find(c, id, cls)) != NULL) {
		i = *link;
		c->pc_entries[i].ce_handle = handle;
		p11_cache_lru_unlink(c, i);
		p11_cache_lru_push(c, i);
		return true;
	}
	if (c->pc_free == P11_CACHE_NIL) {
		p11_cache_remove(c, p11_cache_link_of(c, c->pc_oldest));
		c->pc_evictions++;
	}
	i = c->pc_free;
	e = &c->pc_entries[i];
	c->pc_free = e->ce_chain;
	memcpy(e->ce_id, id, P11_ID_LEN);
	e->ce_class = cls;
	e->ce_handle = handle;
	b = p11_cache_bucket(c, id);
	e->ce_chain = c->pc_buckets[b];
	c->pc_buckets[b] = i;
	p11_cache_lru_push(c, i);
	c->pc_used++;
	return true;
}

size_t
p11_cache_drop(struct p11_cache *c, const uint8_t *id, unsigned long cls,
    bool all_classes)
{
	size_t dropped = 0;
	uint32_t *link;

	c->pc_epoch++;
	if (c->pc_entries == NULL)
		return 0;
	if (!all_classes) {
		if ((link = p11_cache_find(c, id, cls)) == NULL)
			return 0;
		p11_cache_remove(c, link);
		return 1;
	}
	link = &c->pc_buckets[p11_cache_bucket(c, id)];
	while (*link != P11_CACHE_NIL) {
		if (memcmp(c->pc_entries[*link].ce_id, id, P11_ID_LEN) == 0) {
			p11_cache_remove(c, link);	/* *link: the next */
			dropped++;
		} else
			link = &c->pc_entries[*link].ce_chain;
	}
	return dropped;
}

size_t
p11_cache_flush(struct p11_cache *c)
{
	size_t dropped = c->pc_used;

	c->pc_epoch++;
	while (c->pc_oldest != P11_CACHE_NIL)
		p11_cache_remove(c, p11_cache_link_of(c, c->pc_oldest));
	return dropped;
}
