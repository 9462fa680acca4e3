/* keystore/list.c: the three listings (one application's keys, the
 * applications, the unfinished rows).
 *
 * Each listing reads all its rows, resets its statement, and only then calls
 * back. So a callback may write to the store (DeleteClient destroys what it
 * lists; reconciliation forgets what it lists) without modifying a table
 * under a running SELECT, and no read transaction stays open across
 * caller code. The memory is what the reply holds anyway. */
#include "keystore/internal.h"

#include <string.h>

struct ks_vec {
	void	**v_items;
	size_t	  v_count;
	size_t	  v_size;
};

static psa_status_t
ks_vec_push(struct ks_vec *v, void *item)
{
	void **grown;
	size_t size;

	if (v->v_count == v->v_size) {
		size = v->v_size == 0 ? 16 : v->v_size * 2;
		if (size > SIZE_MAX / sizeof(*grown))
			return PSA_ERROR_INSUFFICIENT_MEMORY;
		grown = sqlite3_realloc64(v->v_items, size * sizeof(*grown));
		if (grown == NULL)
			return PSA_ERROR_INSUFFICIENT_MEMORY;
		v->v_items = grown;
		v->v_size = size;
	}
	v->v_items[v->v_count++] = item;
	return PSA_SUCCESS;
}

static void
ks_vec_free_keys(struct ks_vec *v)
{
	for (size_t i = 0; i < v->v_count; i++)
		ks_key_free(v->v_items[i]);
	sqlite3_free(v->v_items);
	memset(v, 0, sizeof(*v));
}

static void
ks_vec_free_names(struct ks_vec *v)
{
	for (size_t i = 0; i < v->v_count; i++)
		sqlite3_free(v->v_items[i]);
	sqlite3_free(v->v_items);
	memset(v, 0, sizeof(*v));
}

/* Read every row of st as a key record into v. Resets st. */
static psa_status_t
ks_collect_keys(struct ks *ks, sqlite3_stmt *st, struct ks_vec *v)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct ks_key *key = NULL;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((status = ks_key_from_row(st, &key)) != PSA_SUCCESS ||
		    (status = ks_vec_push(v, key)) != PSA_SUCCESS)
			goto out;
		key = NULL;
	}
	if (rc != SQLITE_DONE) {
		status = ks_err(ks->ks_db, rc, "list");
		goto out;
	}
	status = PSA_SUCCESS;
out:
	ks_key_free(key);
	ks_stmt_done(st);
	return status;
}

static psa_status_t
ks_call_keys(const struct ks_vec *v, ks_key_cb cb, void *ctx)
{
	psa_status_t status = PSA_SUCCESS;

	for (size_t i = 0; i < v->v_count && status == PSA_SUCCESS; i++)
		status = cb(ctx, v->v_items[i]);
	return status;
}

psa_status_t
ks_key_list_app(struct ks *ks, const char *app_name, ks_key_cb cb, void *ctx)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = ks->ks_st[KS_ST_LIST_APP];
	struct ks_vec v = { 0 };
	int rc;

	if (cb == NULL || (status = ks_app_check(app_name)) != PSA_SUCCESS) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((rc = sqlite3_bind_text(st, KS_P_APP, app_name, -1,
	    SQLITE_STATIC)) != SQLITE_OK) {
		status = ks_err(ks->ks_db, rc, "bind");
		ks_stmt_done(st);
		goto out;
	}
	if ((status = ks_collect_keys(ks, st, &v)) != PSA_SUCCESS)
		goto out;
	status = ks_call_keys(&v, cb, ctx);
out:
	ks_vec_free_keys(&v);
	return status;
}

psa_status_t
ks_key_list_unfinished(struct ks *ks, ks_key_cb cb, void *ctx)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct ks_vec v = { 0 };

	if (cb == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = ks_collect_keys(ks, ks->ks_st[KS_ST_LIST_UNFINISHED],
	    &v)) != PSA_SUCCESS)
		goto out;
	status = ks_call_keys(&v, cb, ctx);
out:
	ks_vec_free_keys(&v);
	return status;
}

psa_status_t
ks_client_list(struct ks *ks, ks_app_cb cb, void *ctx)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = ks->ks_st[KS_ST_LIST_CLIENTS];
	struct ks_vec v = { 0 };
	const char *app;
	size_t app_len;
	char *copy = NULL;
	int rc;

	if (cb == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* Same checks as a full record's name (record.c). */
		if (sqlite3_column_type(st, 0) != SQLITE_TEXT) {
			status = PSA_ERROR_DATA_CORRUPT;
			goto out;
		}
		if ((app = (const char *)sqlite3_column_text(st, 0)) == NULL) {
			status = ks_err(ks->ks_db, SQLITE_NOMEM,
			    "list clients");
			goto out;
		}
		app_len = (size_t)sqlite3_column_bytes(st, 0);
		if (strlen(app) != app_len ||
		    ks_app_check(app) != PSA_SUCCESS) {
			status = PSA_ERROR_DATA_CORRUPT;
			goto out;
		}
		if ((copy = sqlite3_malloc64(app_len + 1)) == NULL) {
			status = PSA_ERROR_INSUFFICIENT_MEMORY;
			goto out;
		}
		memcpy(copy, app, app_len + 1);
		if ((status = ks_vec_push(&v, copy)) != PSA_SUCCESS)
			goto out;
		copy = NULL;
	}
	if (rc != SQLITE_DONE) {
		status = ks_err(ks->ks_db, rc, "list clients");
		goto out;
	}
	ks_stmt_done(st);
	status = PSA_SUCCESS;
	for (size_t i = 0; i < v.v_count && status == PSA_SUCCESS; i++)
		status = cb(ctx, v.v_items[i]);
out:
	ks_stmt_done(st);
	sqlite3_free(copy);
	ks_vec_free_names(&v);
	return status;
}
