/* keystore/err.c: SQLite result codes -> psa_status_t, in one place
 * (STYLE.md §4). A new SQLite code that needs its own status is one line
 * here. */
#include "keystore/internal.h"

#include "common/log.h"

psa_status_t
ks_err(sqlite3 *db, int rc, const char *what)
{
	psa_status_t status;
	const char *msg = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);

	/* Extended codes first: they refine a primary code the switch below
	 * would map differently. */
	switch (rc) {
	case SQLITE_IOERR_NOMEM:
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		status = PSA_ERROR_ALREADY_EXISTS;
		goto out;
	default:
		break;
	}
	switch (rc & 0xff) {
	case SQLITE_FULL:
		status = PSA_ERROR_INSUFFICIENT_STORAGE;
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		status = PSA_ERROR_DATA_CORRUPT;
		break;
	case SQLITE_NOMEM:
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		break;
	case SQLITE_CONSTRAINT:
		/* Only the unique index can fire on input we validated; a
		 * CHECK or NOT NULL failure is a bug here or a tampered
		 * schema, not a duplicate. */
		status = PSA_ERROR_STORAGE_FAILURE;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		/* Already retried for KS_BUSY_TIMEOUT_MS by SQLite's busy
		 * handler; another writer holds the lock for too long. */
	default:
		status = PSA_ERROR_STORAGE_FAILURE;
		break;
	}
out:
	/* Full disk and corruption need an operator; the rest is per-request
	 * detail. */
	if (status == PSA_ERROR_DATA_CORRUPT ||
	    status == PSA_ERROR_INSUFFICIENT_STORAGE)
		log_warnx("keystore: %s: sqlite %d (%s): %s -> %s", what, rc,
		    sqlite3_errstr(rc), msg, psa_status_name(status));
	else
		log_debug("keystore: %s: sqlite %d (%s): %s -> %s", what, rc,
		    sqlite3_errstr(rc), msg, psa_status_name(status));
	return status;
}
