/* keystore/keystore.h: the key-info store, (application, key name, provider)
 * -> key record, kept in SQLite. docs/keystore.md has the schema, the states
 * and the reconciliation contract.
 *
 * Threads: a struct ks is one SQLite connection with its cached statements
 * and is NOT thread-safe. Give each worker thread its own struct ks (all
 * opened on the same file); SQLite's WAL mode lets them read concurrently
 * and serialises writers with a busy timeout. The connection is opened in
 * multi-thread mode (SQLITE_OPEN_NOMUTEX), which is safe exactly under this
 * rule; ks_open refuses a single-thread-only SQLite build.
 *
 * Errors: every function returns a psa_status_t. SQLite errors are turned
 * into one by a single function (keystore/err.c):
 *   SQLITE_FULL                 -> PSA_ERROR_INSUFFICIENT_STORAGE
 *   SQLITE_CORRUPT, _NOTADB     -> PSA_ERROR_DATA_CORRUPT
 *   SQLITE_NOMEM, _IOERR_NOMEM  -> PSA_ERROR_INSUFFICIENT_MEMORY
 *   SQLITE_CONSTRAINT_UNIQUE    -> PSA_ERROR_ALREADY_EXISTS
 *   SQLITE_BUSY, _LOCKED (after the busy timeout), anything else
 *                               -> PSA_ERROR_STORAGE_FAILURE
 * Bad names or sizes give PSA_ERROR_INVALID_ARGUMENT before any SQL runs.
 *
 * Memory: every record and list is allocated with sqlite3_malloc, so the
 * allocator SQLite is configured with (and fault injection in tests) covers
 * the key store too. Free records only with ks_key_free.
 */
#ifndef ARCSEC_KEYSTORE_KEYSTORE_H
#define ARCSEC_KEYSTORE_KEYSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "psa/status.h"

/* Schema version this code writes and understands (PRAGMA user_version). */
#define KS_SCHEMA_VERSION	1
/* PRAGMA application_id of an arcsec key store: "ARCS". A database that
 * carries another application's id is refused rather than written into. */
#define KS_APPLICATION_ID	0x41524353
/* Largest provider key reference and attribute blob accepted, in bytes. A
 * TPM2B_PRIVATE+PUBLIC pair is under 2 KiB, a wrapped RSA-4096 soft key
 * under 4 KiB; the ceiling only stops a bug from filling the disk. */
#define KS_KEY_REF_MAX		(64u * 1024u)
#define KS_ATTRS_MAX		(64u * 1024u)
/* How long a writer waits for another connection's write lock. */
#define KS_BUSY_TIMEOUT_MS	5000

struct ks;

/* Names are NUL-terminated UTF-8, 1..LIMIT_APP_NAME_LEN (app) or
 * 1..LIMIT_KEY_NAME_LEN (key) bytes, no control characters; compared
 * byte for byte (no case folding, no Unicode normalisation). */
struct ks_key_id {
	const char	*app_name;
	const char	*key_name;
	uint8_t		 provider_id;	/* Parsec provider ID; opaque here */
};

enum ks_state {
	KS_STATE_CREATING = 0,	/* reserved, provider object may not exist */
	KS_STATE_ACTIVE,	/* usable */
	KS_STATE_DESTROYING,	/* being deleted, invisible to lookups */
};

/* A record handed to the caller. One allocation: the strings and blobs
 * point into it. key_ref is NULL (key_ref_len 0) for a 'creating' row. */
struct ks_key {
	char		*app_name;
	char		*key_name;
	uint8_t		 provider_id;
	uint8_t		*key_ref;	/* provider's: TPM blob, CKA_ID, ... */
	size_t		 key_ref_len;
	uint8_t		*attrs;		/* PSA attributes, encoded by psa/ */
	size_t		 attrs_len;
	int64_t		 created_at;	/* seconds since the Unix epoch (UTC) */
	enum ks_state	 state;
};

/* Callbacks for the listings. A status other than PSA_SUCCESS stops the
 * listing and is returned by it. The record or name is valid only during
 * the call. Listings read their rows first and call back afterwards, so a
 * callback may call any ks_ function on the same struct ks (for example
 * ks_key_forget while reconciling). */
typedef psa_status_t (*ks_key_cb)(void *ctx, const struct ks_key *key);
typedef psa_status_t (*ks_app_cb)(void *ctx, const char *app_name);

/* Open (creating if needed) the key store at path; the parent directory
 * must exist. A new file is created with mode 0600 whatever the umask, and
 * its directory is fsynced. An existing file must be a regular file (not a
 * symlink) owned by the effective UID and not group- or world-writable.
 * The schema is migrated up to KS_SCHEMA_VERSION in one transaction.
 * *out is NULL on failure. Returns:
 *   PSA_ERROR_INVALID_ARGUMENT   path NULL, empty or longer than PATH_MAX
 *   PSA_ERROR_NOT_PERMITTED      symlink, not a regular file, wrong owner,
 *                                group/world-writable
 *   PSA_ERROR_DATA_CORRUPT       not an SQLite database, or damaged
 *   PSA_ERROR_DATA_INVALID       an SQLite database of another application
 *   PSA_ERROR_NOT_SUPPORTED      schema newer than KS_SCHEMA_VERSION, or an
 *                                SQLite built without thread support
 *   PSA_ERROR_STORAGE_FAILURE    cannot open/create (missing parent, EACCES)
 *   PSA_ERROR_INSUFFICIENT_MEMORY / _STORAGE */
psa_status_t	ks_open(const char *path, struct ks **out)
		    __attribute__((warn_unused_result));
/* Close; NULL-safe. */
void		ks_close(struct ks *ks);

/* Three-step creation (STYLE.md §7). reserve inserts a 'creating' row
 * holding attrs (ALREADY_EXISTS if any row, in any state, has this id).
 * The caller then creates the provider object and either commits (stores
 * key_ref, makes the row 'active') or aborts (deletes the 'creating' row).
 * commit/abort return DOES_NOT_EXIST if there is no 'creating' row for id.
 * attrs may be NULL if attrs_len is 0; key_ref must be non-empty.
 * commit's attrs, if not NULL, replace the reserved ones: an import learns
 * the key size only from the key data. 
 * Sizes above KS_ATTRS_MAX / KS_KEY_REF_MAX are INVALID_ARGUMENT. */
psa_status_t	ks_key_reserve(struct ks *ks, const struct ks_key_id *id,
		    const uint8_t *attrs, size_t attrs_len);
psa_status_t	ks_key_commit(struct ks *ks, const struct ks_key_id *id,
		    const uint8_t *key_ref, size_t key_ref_len,
		    const uint8_t *attrs, size_t attrs_len);
psa_status_t	ks_key_abort(struct ks *ks, const struct ks_key_id *id);

/* The 'active' record for id, in *out (caller frees with ks_key_free);
 * DOES_NOT_EXIST if there is none or the row is 'creating'/'destroying'. */
psa_status_t	ks_key_get(struct ks *ks, const struct ks_key_id *id,
		    struct ks_key **out) __attribute__((warn_unused_result));

/* Two-step destruction. destroy_begin atomically moves the 'active' row to
 * 'destroying' and hands back its record, so the caller can destroy the
 * provider object; only one caller can win that transition (the others get
 * DOES_NOT_EXIST). destroy_finish then deletes the 'destroying' row
 * (DOES_NOT_EXIST if there is none). A provider failure in between leaves
 * the row 'destroying' for start-up reconciliation. */
psa_status_t	ks_key_destroy_begin(struct ks *ks, const struct ks_key_id *id,
		    struct ks_key **out) __attribute__((warn_unused_result));
psa_status_t	ks_key_destroy_finish(struct ks *ks,
		    const struct ks_key_id *id);

/* The 'active' keys of one application, all providers, ordered by key name
 * then provider. */
psa_status_t	ks_key_list_app(struct ks *ks, const char *app_name,
		    ks_key_cb cb, void *ctx);
/* The distinct applications that own at least one 'active' key, sorted. */
psa_status_t	ks_client_list(struct ks *ks, ks_app_cb cb, void *ctx);
/* Every 'creating' and 'destroying' row, for start-up reconciliation. */
psa_status_t	ks_key_list_unfinished(struct ks *ks, ks_key_cb cb, void *ctx);
/* Delete the row for id whatever its state (reconciliation);
 * DOES_NOT_EXIST if there is none. */
psa_status_t	ks_key_forget(struct ks *ks, const struct ks_key_id *id);

/* Free a record; NULL-safe. The whole allocation, key_ref included, is
 * wiped with explicit_bzero first. */
void		ks_key_free(struct ks_key *key);

/* "creating", "active", "destroying"; "?" for anything else. */
const char	*ks_state_name(enum ks_state state);

#endif
