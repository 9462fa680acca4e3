/* providers/pkcs11/p11_cache.h: the PKCS#11 provider's bounded map from
 * (CKA_ID, object class) to object handle, least recently used first out.
 * Pure and unlocked: the caller holds the lock (object.c). Classes and
 * handles are CK_ULONG values, kept as unsigned long so unit tests need no
 * PKCS#11 header. */
#ifndef ARCSEC_PROVIDERS_P11_CACHE_H
#define ARCSEC_PROVIDERS_P11_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "providers/pkcs11/p11_der.h"
#include "psa/status.h"

struct p11_cache_entry {
	uint8_t		 ce_id[P11_ID_LEN];
	unsigned long	 ce_class;
	unsigned long	 ce_handle;
	uint32_t	 ce_chain;	/* next in its bucket, or free list */
	uint32_t	 ce_newer;	/* LRU list: towards the head */
	uint32_t	 ce_older;
};

struct p11_cache {
	struct p11_cache_entry	*pc_entries;	/* pc_slots of them */
	uint32_t		*pc_buckets;	/* heads, pc_bucket_count */
	size_t			 pc_slots;
	size_t			 pc_bucket_count;	/* a power of two */
	size_t			 pc_used;
	uint32_t		 pc_free;	/* free entries, by ce_chain */
	uint32_t		 pc_newest;	/* LRU head */
	uint32_t		 pc_oldest;	/* LRU tail: evicted first */
	/* Bumped by every drop and flush. A handle found with the token
	 * is only put if no drop or flush came between the miss and the
	 * put, so a find racing a destroy or a token loss cannot store a
	 * handle that was dropped while the find ran. */
	uint64_t		 pc_epoch;
	uint64_t		 pc_hits;
	uint64_t		 pc_misses;
	uint64_t		 pc_evictions;
};

/* Room for `slots` entries (1 to 2^24); INSUFFICIENT_MEMORY or
 * INVALID_ARGUMENT, with *c left empty, on failure. */
psa_status_t	p11_cache_init(struct p11_cache *c, size_t slots)
		    __attribute__((warn_unused_result));
/* NULL-safe; leaves *c empty (and usable only after p11_cache_init). */
void		p11_cache_free(struct p11_cache *c);
/* The handle of (id, cls) and true, moving it to the LRU head; false on a
 * miss. *epoch (if not NULL) is the epoch to give p11_cache_put after a
 * find with the token. */
bool		p11_cache_get(struct p11_cache *c, const uint8_t *id,
		    unsigned long cls, unsigned long *handle, uint64_t *epoch);
/* Remember (id, cls) -> handle, unless a drop or flush happened since
 * `epoch` (false then); replaces an existing entry, evicts the least
 * recently used one when full. */
bool		p11_cache_put(struct p11_cache *c, uint64_t epoch,
		    const uint8_t *id, unsigned long cls, unsigned long handle);
/* Forget (id, cls); every class of id when all_classes. Returns how many
 * entries went. Always bumps the epoch, present or not. */
size_t		p11_cache_drop(struct p11_cache *c, const uint8_t *id,
		    unsigned long cls, bool all_classes);
/* Forget everything; returns how many entries went. */
size_t		p11_cache_flush(struct p11_cache *c);

#endif
