/* keystore/key.c: the life of one key record: reserve, commit or abort,
 * get, destroy in two steps, forget. */
#include "keystore/internal.h"

#include <time.h>

static sqlite3_int64
ks_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return 0;
	return (sqlite3_int64)ts.tv_sec;
}

/* Step a write statement once; DOES_NOT_EXIST if it touched no row, which
 * for the state-guarded statements means "no row in the state this step
 * expects". */
static psa_status_t
ks_write_one(struct ks *ks, sqlite3_stmt *st, const char *what)
{
	int rc;

	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		return ks_err(ks->ks_db, rc, what);
	if (sqlite3_changes(ks->ks_db) == 0)
		return PSA_ERROR_DOES_NOT_EXIST;
	return PSA_SUCCESS;
}

psa_status_t
ks_key_reserve(struct ks *ks, const struct ks_key_id *id,
    const uint8_t *attrs, size_t attrs_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = ks->ks_st[KS_ST_RESERVE];
	int rc;

	if ((status = ks_id_check(id)) != PSA_SUCCESS)
		goto out;
	if (attrs_len > KS_ATTRS_MAX || (attrs == NULL && attrs_len != 0)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = ks_bind_id(st, id)) != PSA_SUCCESS ||
	    (status = ks_bind_blob(st, 4, attrs, attrs_len)) != PSA_SUCCESS)
		goto out;
	if ((rc = sqlite3_bind_int64(st, 5, ks_now())) != SQLITE_OK) {
		status = ks_err(ks->ks_db, rc, "bind");
		goto out;
	}
	/* The unique index turns a row for this id in any state into
	 * SQLITE_CONSTRAINT_UNIQUE, i.e. ALREADY_EXISTS. */
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		status = ks_err(ks->ks_db, rc, "reserve");
		goto out;
	}
	status = PSA_SUCCESS;
out:
	ks_stmt_done(st);
	return status;
}

psa_status_t
ks_key_commit(struct ks *ks, const struct ks_key_id *id,
    const uint8_t *key_ref, size_t key_ref_len, const uint8_t *attrs,
    size_t attrs_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = ks->ks_st[KS_ST_COMMIT_KEY];
	int rc;

	if ((status = ks_id_check(id)) != PSA_SUCCESS)
		goto out;
	if (key_ref == NULL || key_ref_len == 0 ||
	    key_ref_len > KS_KEY_REF_MAX) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (attrs_len > KS_ATTRS_MAX || (attrs == NULL && attrs_len != 0)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = ks_bind_id(st, id)) != PSA_SUCCESS ||
	    (status = ks_bind_blob(st, 4, key_ref, key_ref_len)) != PSA_SUCCESS)
		goto out;
	/* NULL keeps the attributes given at reserve (coalesce in SQL). */
	rc = attrs == NULL ? sqlite3_bind_null(st, 6) :
	    sqlite3_bind_blob(st, 6, attrs, (int)attrs_len, SQLITE_TRANSIENT);
	if (rc != SQLITE_OK) {
		status = ks_err(ks->ks_db, rc, "bind");
		goto out;
	}
	if ((rc = sqlite3_bind_int64(st, 5, ks_now())) != SQLITE_OK) {
		status = ks_err(ks->ks_db, rc, "bind");
		goto out;
	}
	status = ks_write_one(ks, st, "commit");
out:
	ks_stmt_done(st);
	return status;
}

psa_status_t
ks_key_abort(struct ks *ks, const struct ks_key_id *id)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = ks->ks_st[KS_ST_ABORT];

	if ((status = ks_id_check(id)) != PSA_SUCCESS ||
	    (status = ks_bind_id(st, id)) != PSA_SUCCESS)
		goto out;
	status = ks_write_one(ks, st, "abort");
out:
	ks_stmt_done(st);
	return status;
}

/* The active row for id, read with the cached KS_ST_GET. */
static psa_status_t
ks_get_active(struct ks *ks, const struct ks_key_id *id, struct ks_key **out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = ks->ks_st[KS_ST_GET];
	int rc;

	*out = NULL;
	if ((status = ks_bind_id(st, id)) != PSA_SUCCESS)
		goto out;
	if ((rc = sqlite3_step(st)) == SQLITE_DONE) {
		status = PSA_ERROR_DOES_NOT_EXIST;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		status = ks_err(ks->ks_db, rc, "get");
		goto out;
	}
	status = ks_key_from_row(st, out);
out:
	ks_stmt_done(st);
	return status;
}

psa_status_t
ks_key_get(struct ks *ks, const struct ks_key_id *id, struct ks_key **out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;

	*out = NULL;
	if ((status = ks_id_check(id)) != PSA_SUCCESS)
		goto out;
	status = ks_get_active(ks, id, out);
out:
	return status;
}

/* Read and re-mark in one write transaction, so two workers deleting the
 * same key cannot both be handed its record. */
psa_status_t
ks_key_destroy_begin(struct ks *ks, const struct ks_key_id *id,
    struct ks_key **out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = ks->ks_st[KS_ST_MARK_DESTROYING];
	struct ks_key *key = NULL;
	bool in_tx = false;

	*out = NULL;
	if ((status = ks_id_check(id)) != PSA_SUCCESS ||
	    (status = ks_tx_begin(ks)) != PSA_SUCCESS)
		goto out;
	in_tx = true;
	if ((status = ks_get_active(ks, id, &key)) != PSA_SUCCESS ||
	    (status = ks_bind_id(st, id)) != PSA_SUCCESS ||
	    (status = ks_write_one(ks, st, "destroy begin")) != PSA_SUCCESS)
		goto out;
	ks_stmt_done(st);
	in_tx = false;
	if ((status = ks_tx_commit(ks)) != PSA_SUCCESS)
		goto out;
	key->state = KS_STATE_DESTROYING;
	*out = key;
	key = NULL;
out:
	ks_stmt_done(st);
	if (in_tx)
		ks_tx_rollback(ks);
	ks_key_free(key);
	return status;
}

psa_status_t
ks_key_destroy_finish(struct ks *ks, const struct ks_key_id *id)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = ks->ks_st[KS_ST_DESTROY_FINISH];

	if ((status = ks_id_check(id)) != PSA_SUCCESS ||
	    (status = ks_bind_id(st, id)) != PSA_SUCCESS)
		goto out;
	status = ks_write_one(ks, st, "destroy finish");
out:
	ks_stmt_done(st);
	return status;
}

psa_status_t
ks_key_forget(struct ks *ks, const struct ks_key_id *id)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = ks->ks_st[KS_ST_FORGET];

	if ((status = ks_id_check(id)) != PSA_SUCCESS ||
	    (status = ks_bind_id(st, id)) != PSA_SUCCESS)
		goto out;
	status = ks_write_one(ks, st, "forget");
out:
	ks_stmt_done(st);
	return status;
}
