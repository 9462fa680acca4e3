/* daemon/keys.h: operations on key records that span the key store and a
 * provider: destroying a key, deleting a client, listing clients, and the
 * start-up reconciliation of half-done creations and destructions. */
#ifndef ARCSEC_DAEMON_KEYS_H
#define ARCSEC_DAEMON_KEYS_H

#include "daemon/dispatch.h"
#include "keystore/keystore.h"

/* Make room for element number `count` of a growing array of `elem_size`
 * elements whose capacity is *size (doubling, 16 first). *array is
 * replaced when it grows. PSA_ERROR_INSUFFICIENT_MEMORY at
 * LIMIT_KEYS_PER_REQUEST elements or when realloc fails. */
psa_status_t	keys_array_reserve(void **array, size_t *size, size_t count,
		    size_t elem_size) __attribute__((warn_unused_result));

/* Destroy the key `id` of provider `pi`: mark it 'destroying', destroy the
 * provider object, remove the row. A provider failure leaves the row
 * 'destroying' (invisible, retried at start-up) and is returned.
 * PSA_ERROR_DOES_NOT_EXIST if there is no such active key. */
psa_status_t	keys_destroy(struct dispatch *d, const struct prov_instance *pi,
		    struct ks *ks, const struct ks_key_id *id)
		    __attribute__((warn_unused_result));

/* Every application with at least one key, sorted, distinct across key
 * managers, as one allocation: (*names)[i] point into it; free(*names). */
psa_status_t	keys_client_list(struct dispatch *d, char ***names,
		    size_t *count) __attribute__((warn_unused_result));

/* Destroy every key of application `client` in every provider.
 * PSA_ERROR_DOES_NOT_EXIST if it has none (as Parsec answers). */
psa_status_t	keys_delete_client(struct dispatch *d, const char *client)
		    __attribute__((warn_unused_result));

/* Finish or undo what a crash interrupted: 'destroying' rows have their
 * provider object destroyed, 'creating' rows their object (if any) too;
 * both rows are then removed. Logs each action. */
psa_status_t	keys_reconcile(struct dispatch *d)
		    __attribute__((warn_unused_result));

#endif
