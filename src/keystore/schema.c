/* keystore/schema.c: bring a database's schema to KS_SCHEMA_VERSION. */
#include "keystore/internal.h"

#include <stdio.h>

#include "common/log.h"

/* Version 1. One row per (application, key name, provider); the unique
 * index is both the duplicate check of ks_key_reserve and the lookup path of
 * every per-key statement. Names compare as bytes (BINARY collation). The
 * partial index holds only unfinished rows, so start-up reconciliation
 * costs what is left to reconcile, not what is stored. */
static const char ks_schema_v1[] =
	"CREATE TABLE keys ("
	" id INTEGER PRIMARY KEY,"
	" app_name TEXT NOT NULL,"
	" key_name TEXT NOT NULL,"
	" provider_id INTEGER NOT NULL CHECK (provider_id BETWEEN 0 AND 255),"
	" key_ref BLOB,"
	" attrs BLOB NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" state TEXT NOT NULL"
	"  CHECK (state IN ('creating', 'active', 'destroying')),"
	" CHECK ((state = 'creating') = (key_ref IS NULL))"
	");"
	"CREATE UNIQUE INDEX keys_by_id ON keys (app_name, key_name,"
	" provider_id);"
	"CREATE INDEX keys_unfinished ON keys (state) WHERE state <> 'active';"
	"PRAGMA application_id = 1095910227;";	/* KS_APPLICATION_ID */

_Static_assert(KS_APPLICATION_ID == 1095910227, "ks_schema_v1 application_id");

static psa_status_t
ks_migrate_v1(sqlite3 *db)
{
	int rc;

	if ((rc = sqlite3_exec(db, ks_schema_v1, NULL, NULL, NULL)) !=
	    SQLITE_OK)
		return ks_err(db, rc, "migrate to v1");
	return PSA_SUCCESS;
}

/* Step i takes user_version i to i + 1. A new version appends one entry
 * (and bumps KS_SCHEMA_VERSION); entries are never edited once released. */
static psa_status_t (*const ks_migrations[])(sqlite3 *) = {
	ks_migrate_v1,		/* 0 -> 1 */
};

_Static_assert(sizeof(ks_migrations) / sizeof(*ks_migrations) ==
    KS_SCHEMA_VERSION, "one migration per schema version");

/* One integer out of a PRAGMA that returns a single row. */
static psa_status_t
ks_pragma_int(sqlite3 *db, const char *sql, sqlite3_int64 *out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = NULL;
	int rc;

	*out = 0;
	if ((rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_ROW) {
		status = ks_err(db, rc, sql);
		goto out;
	}
	*out = sqlite3_column_int64(st, 0);
	status = PSA_SUCCESS;
out:
	sqlite3_finalize(st);
	return status;
}

static psa_status_t
ks_exec(sqlite3 *db, const char *sql)
{
	int rc;

	if ((rc = sqlite3_exec(db, sql, NULL, NULL, NULL)) != SQLITE_OK)
		return ks_err(db, rc, sql);
	return PSA_SUCCESS;
}

/* Whether a file with this user_version and application_id is one this code
 * may migrate or use. */
static psa_status_t
ks_schema_accept(const char *path, sqlite3_int64 version, sqlite3_int64 app_id)
{
	if (app_id != 0 && app_id != KS_APPLICATION_ID) {
		log_warnx("keystore %s: SQLite database of another application "
		    "(application_id 0x%llx); refusing to use it", path,
		    (unsigned long long)app_id);
		return PSA_ERROR_DATA_INVALID;
	}
	if (version < 0) {
		log_warnx("keystore %s: schema version %lld is invalid", path,
		    (long long)version);
		return PSA_ERROR_DATA_CORRUPT;
	}
	if (version > KS_SCHEMA_VERSION) {
		/* Written by a newer arcsecd: writing to it could destroy
		 * what that version relies on, so a downgrade stops here. */
		log_warnx("keystore %s: schema version %lld is newer than "
		    "this arcsecd supports (%d); refusing to open it "
		    "(was arcsecd downgraded?)", path, (long long)version,
		    KS_SCHEMA_VERSION);
		return PSA_ERROR_NOT_SUPPORTED;
	}
	if (version > 0 && app_id != KS_APPLICATION_ID) {
		log_warnx("keystore %s: schema version %lld without arcsec's "
		    "application_id; refusing to use it", path,
		    (long long)version);
		return PSA_ERROR_DATA_INVALID;
	}
	return PSA_SUCCESS;
}

/* Everything happens inside one BEGIN IMMEDIATE: two daemons (or an old
 * and a new one) racing to migrate the same file see each other's result,
 * and a crash mid-migration leaves the old version intact. */
psa_status_t
ks_schema_migrate(sqlite3 *db, const char *path)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_int64 version, app_id;
	char sql[64];
	bool in_tx = false;

	if ((status = ks_exec(db, "BEGIN IMMEDIATE")) != PSA_SUCCESS)
		goto out;
	in_tx = true;
	if ((status = ks_pragma_int(db, "PRAGMA user_version",
	    &version)) != PSA_SUCCESS ||
	    (status = ks_pragma_int(db, "PRAGMA application_id",
	    &app_id)) != PSA_SUCCESS ||
	    (status = ks_schema_accept(path, version, app_id)) != PSA_SUCCESS)
		goto out;
	for (sqlite3_int64 v = version; v < KS_SCHEMA_VERSION; v++) {
		if ((status = ks_migrations[v](db)) != PSA_SUCCESS)
			goto out;
	}
	if (version < KS_SCHEMA_VERSION) {
		/* PRAGMA takes no bound parameters; the value is ours. */
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    KS_SCHEMA_VERSION);
		if ((status = ks_exec(db, sql)) != PSA_SUCCESS)
			goto out;
	}
	if ((status = ks_exec(db, "COMMIT")) != PSA_SUCCESS)
		goto out;
	in_tx = false;
	if (version < KS_SCHEMA_VERSION)
		log_info("keystore %s: schema migrated from version %lld to %d",
		    path, (long long)version, KS_SCHEMA_VERSION);
	status = PSA_SUCCESS;
out:
	if (in_tx && !sqlite3_get_autocommit(db) &&
	    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
		log_warnx("keystore %s: rollback of migration failed", path);
	return status;
}
