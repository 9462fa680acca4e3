/* keystore/sql.c: the SQL text of every cached statement, and running them. */
#include "keystore/internal.h"

#include "common/log.h"

#define KS_COLS "app_name, key_name, provider_id, key_ref, attrs, " \
	"created_at, state"
#define KS_WHERE_ID "app_name = ?1 AND key_name = ?2 AND provider_id = ?3"

/* Each lookup names app_name, key_name and provider_id with '=' so the
 * planner uses keys_by_id (checked by test_keystore's EXPLAIN QUERY PLAN
 * test); the unfinished listing repeats the partial index's WHERE clause
 * word for word, which is what lets SQLite use keys_unfinished. */
static const char *const ks_sql[KS_ST_COUNT] = {
	[KS_ST_BEGIN] = "BEGIN IMMEDIATE",
	[KS_ST_COMMIT] = "COMMIT",
	[KS_ST_ROLLBACK] = "ROLLBACK",
	[KS_ST_RESERVE] = "INSERT INTO keys (app_name, key_name, provider_id,"
	    " key_ref, attrs, created_at, state)"
	    " VALUES (?1, ?2, ?3, NULL, ?4, ?5, 'creating')",
	[KS_ST_COMMIT_KEY] = "UPDATE keys SET key_ref = ?4, created_at = ?5,"
	    " attrs = coalesce(?6, attrs), state = 'active' WHERE " KS_WHERE_ID " AND state = 'creating'",
	[KS_ST_ABORT] = "DELETE FROM keys WHERE " KS_WHERE_ID
	    " AND state = 'creating'",
	[KS_ST_GET] = "SELECT " KS_COLS " FROM keys WHERE " KS_WHERE_ID
	    " AND state = 'active'",
	[KS_ST_MARK_DESTROYING] = "UPDATE keys SET state = 'destroying'"
	    " WHERE " KS_WHERE_ID " AND state = 'active'",
	[KS_ST_DESTROY_FINISH] = "DELETE FROM keys WHERE " KS_WHERE_ID
	    " AND state = 'destroying'",
	[KS_ST_FORGET] = "DELETE FROM keys WHERE " KS_WHERE_ID,
	[KS_ST_LIST_APP] = "SELECT " KS_COLS " FROM keys WHERE app_name = ?1"
	    " AND state = 'active' ORDER BY key_name, provider_id",
	[KS_ST_LIST_CLIENTS] = "SELECT DISTINCT app_name FROM keys"
	    " WHERE state = 'active' ORDER BY app_name",
	[KS_ST_LIST_UNFINISHED] = "SELECT " KS_COLS " FROM keys"
	    " WHERE state <> 'active'",
};

const char *
ks_sql_text(enum ks_stmt which)
{
	if ((unsigned)which >= KS_ST_COUNT)
		return NULL;
	return ks_sql[which];
}

psa_status_t
ks_stmts_prepare(struct ks *ks)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	int rc;

	for (size_t i = 0; i < KS_ST_COUNT; i++) {
		rc = sqlite3_prepare_v3(ks->ks_db, ks_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &ks->ks_st[i], NULL);
		if (rc != SQLITE_OK) {
			status = ks_err(ks->ks_db, rc, "prepare");
			goto out;
		}
	}
	status = PSA_SUCCESS;
out:
	return status;
}

void
ks_stmts_finalize(struct ks *ks)
{
	for (size_t i = 0; i < KS_ST_COUNT; i++) {
		sqlite3_finalize(ks->ks_st[i]);	/* NULL is a no-op */
		ks->ks_st[i] = NULL;
	}
}

/* Run a statement that returns no rows. */
psa_status_t
ks_run(struct ks *ks, enum ks_stmt which)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = ks->ks_st[which];
	int rc;

	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		status = ks_err(ks->ks_db, rc, ks_sql[which]);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	ks_stmt_done(st);
	return status;
}

/* BEGIN IMMEDIATE takes the write lock up front, so a transaction that
 * reads and then writes cannot fail half-way with SQLITE_BUSY_SNAPSHOT;
 * waiting for the lock is bounded by the busy timeout. */
psa_status_t
ks_tx_begin(struct ks *ks)
{
	/* A transaction left open by a failed ROLLBACK would make every later
	 * BEGIN fail; close it before starting. */
	if (!sqlite3_get_autocommit(ks->ks_db))
		ks_tx_rollback(ks);
	return ks_run(ks, KS_ST_BEGIN);
}

psa_status_t
ks_tx_commit(struct ks *ks)
{
	psa_status_t status;

	/* A failed COMMIT may leave the transaction open: roll it back so
	 * the caller sees all or nothing. */
	if ((status = ks_run(ks, KS_ST_COMMIT)) != PSA_SUCCESS)
		ks_tx_rollback(ks);
	return status;
}

void
ks_tx_rollback(struct ks *ks)
{
	psa_status_t status;

	/* SQLite rolls back by itself on some errors (SQLITE_FULL, NOMEM,
	 * IOERR); a ROLLBACK then would only fail. */
	if (sqlite3_get_autocommit(ks->ks_db))
		return;
	if ((status = ks_run(ks, KS_ST_ROLLBACK)) != PSA_SUCCESS)
		log_warnx("keystore: rollback failed: %s",
		    psa_status_name(status));
}
