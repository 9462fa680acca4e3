/* keystore/record.c: the border between C values and SQL values: key ids
 * checked and bound in, rows checked and copied out into ks_key records. */
#include "keystore/internal.h"

#include <string.h>

#include "common/limits.h"
#include "common/log.h"
#include "common/utf8.h"

static const char *const ks_state_names[] = {
	[KS_STATE_CREATING] = "creating",
	[KS_STATE_ACTIVE] = "active",
	[KS_STATE_DESTROYING] = "destroying",
};

const char *
ks_state_name(enum ks_state state)
{
	if ((unsigned)state >= sizeof(ks_state_names) / sizeof(*ks_state_names))
		return "?";
	return ks_state_names[state];
}

psa_status_t
ks_app_check(const char *app_name)
{
	if (!utf8_name_ok(app_name, LIMIT_APP_NAME_LEN))
		return PSA_ERROR_INVALID_ARGUMENT;
	return PSA_SUCCESS;
}

psa_status_t
ks_id_check(const struct ks_key_id *id)
{
	if (id == NULL || !utf8_name_ok(id->app_name, LIMIT_APP_NAME_LEN) ||
	    !utf8_name_ok(id->key_name, LIMIT_KEY_NAME_LEN))
		return PSA_ERROR_INVALID_ARGUMENT;
	return PSA_SUCCESS;
}

/* SQLITE_STATIC: SQLite reads the caller's bytes during the step instead of
 * keeping a copy; ks_stmt_done() unbinds them before the caller's memory
 * can go away. */
psa_status_t
ks_bind_id(sqlite3_stmt *st, const struct ks_key_id *id)
{
	int rc;

	if ((rc = sqlite3_bind_text(st, KS_P_APP, id->app_name, -1,
	    SQLITE_STATIC)) != SQLITE_OK ||
	    (rc = sqlite3_bind_text(st, KS_P_KEY, id->key_name, -1,
	    SQLITE_STATIC)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int(st, KS_P_PROVIDER, id->provider_id)) !=
	    SQLITE_OK)
		return ks_err(sqlite3_db_handle(st), rc, "bind id");
	return PSA_SUCCESS;
}

psa_status_t
ks_bind_blob(sqlite3_stmt *st, int pos, const uint8_t *data, size_t len)
{
	int rc;

	/* A NULL pointer would bind SQL NULL; an empty blob is a value. */
	if (len == 0)
		rc = sqlite3_bind_zeroblob(st, pos, 0);
	else
		rc = sqlite3_bind_blob(st, pos, data, (int)len, SQLITE_STATIC);
	if (rc != SQLITE_OK)
		return ks_err(sqlite3_db_handle(st), rc, "bind blob");
	return PSA_SUCCESS;
}

void
ks_stmt_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);	/* its code repeats the step's, handled there */
	sqlite3_clear_bindings(st);
}

/* A text column that must hold a name; anything else means the file was
 * damaged or written by something other than this code. */
static psa_status_t
ks_col_name(sqlite3_stmt *st, int col, size_t max_len, const char **out,
    size_t *out_len)
{
	const char *text;

	*out = NULL;
	*out_len = 0;
	if (sqlite3_column_type(st, col) != SQLITE_TEXT)
		return PSA_ERROR_DATA_CORRUPT;
	/* column_text may allocate (to NUL-terminate); NULL is then NOMEM. */
	if ((text = (const char *)sqlite3_column_text(st, col)) == NULL)
		return ks_err(sqlite3_db_handle(st), SQLITE_NOMEM, "read name");
	*out_len = (size_t)sqlite3_column_bytes(st, col);
	if (strlen(text) != *out_len || !utf8_name_ok(text, max_len))
		return PSA_ERROR_DATA_CORRUPT;
	*out = text;
	return PSA_SUCCESS;
}

static psa_status_t
ks_col_blob(sqlite3_stmt *st, int col, size_t max_len, bool null_ok,
    const uint8_t **out, size_t *out_len)
{
	int type = sqlite3_column_type(st, col);

	*out = NULL;
	*out_len = 0;
	if (type == SQLITE_NULL && null_ok)
		return PSA_SUCCESS;
	if (type != SQLITE_BLOB)
		return PSA_ERROR_DATA_CORRUPT;
	*out = sqlite3_column_blob(st, col);	/* NULL for a 0-byte blob */
	*out_len = (size_t)sqlite3_column_bytes(st, col);
	if (*out_len > max_len)
		return PSA_ERROR_DATA_CORRUPT;
	return PSA_SUCCESS;
}

static psa_status_t
ks_col_state(sqlite3_stmt *st, int col, enum ks_state *out)
{
	const char *text;

	*out = KS_STATE_CREATING;
	if (sqlite3_column_type(st, col) != SQLITE_TEXT)
		return PSA_ERROR_DATA_CORRUPT;
	if ((text = (const char *)sqlite3_column_text(st, col)) == NULL)
		return ks_err(sqlite3_db_handle(st), SQLITE_NOMEM,
		    "read state");
	for (size_t i = 0; i < sizeof(ks_state_names) / sizeof(*ks_state_names);
	    i++) {
		if (strcmp(text, ks_state_names[i]) == 0) {
			*out = (enum ks_state)i;
			return PSA_SUCCESS;
		}
	}
	return PSA_ERROR_DATA_CORRUPT;
}

/* A row's columns, checked but still pointing into SQLite's memory. */
struct ks_row {
	const char	*app, *name;
	const uint8_t	*ref, *attrs;
	size_t		 app_len, name_len, ref_len, attrs_len;
	sqlite3_int64	 provider, created_at;
	enum ks_state	 state;
};

/* Copy a checked row into one allocation (struct, names, blobs). */
static psa_status_t
ks_key_pack(const struct ks_row *r, struct ks_key **out)
{
	struct ks_key *key;
	size_t total;
	uint8_t *p;

	/* Every length is capped by the checks, so this sum cannot wrap. */
	total = sizeof(*key) + r->app_len + 1 + r->name_len + 1 + r->ref_len +
	    r->attrs_len;
	if ((*out = key = sqlite3_malloc64(total)) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	memset(key, 0, sizeof(*key));
	p = (uint8_t *)(key + 1);
	key->app_name = memcpy(p, r->app, r->app_len + 1);
	p += r->app_len + 1;
	key->key_name = memcpy(p, r->name, r->name_len + 1);
	p += r->name_len + 1;
	if (r->ref != NULL) {
		key->key_ref = memcpy(p, r->ref, r->ref_len);
		key->key_ref_len = r->ref_len;
		p += r->ref_len;
	}
	key->attrs = p;		/* valid, if empty, when attrs_len is 0 */
	if (r->attrs_len > 0)
		memcpy(p, r->attrs, r->attrs_len);
	key->attrs_len = r->attrs_len;
	key->provider_id = (uint8_t)r->provider;
	key->created_at = r->created_at;
	key->state = r->state;
	return PSA_SUCCESS;
}

/* Copy the current row (columns in KS_COLS order) into a record, checking
 * every column: a row this code did not write is DATA_CORRUPT. */
psa_status_t
ks_key_from_row(sqlite3_stmt *st, struct ks_key **out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct ks_row r;

	*out = NULL;
	if ((status = ks_col_name(st, 0, LIMIT_APP_NAME_LEN, &r.app,
	    &r.app_len)) != PSA_SUCCESS ||
	    (status = ks_col_name(st, 1, LIMIT_KEY_NAME_LEN, &r.name,
	    &r.name_len)) != PSA_SUCCESS ||
	    (status = ks_col_blob(st, 3, KS_KEY_REF_MAX, true, &r.ref,
	    &r.ref_len)) != PSA_SUCCESS ||
	    (status = ks_col_blob(st, 4, KS_ATTRS_MAX, false, &r.attrs,
	    &r.attrs_len)) != PSA_SUCCESS ||
	    (status = ks_col_state(st, 6, &r.state)) != PSA_SUCCESS)
		goto out;
	status = PSA_ERROR_DATA_CORRUPT;
	r.provider = sqlite3_column_int64(st, 2);
	r.created_at = sqlite3_column_int64(st, 5);
	if (sqlite3_column_type(st, 2) != SQLITE_INTEGER ||
	    r.provider < 0 || r.provider > UINT8_MAX ||
	    sqlite3_column_type(st, 5) != SQLITE_INTEGER)
		goto out;
	/* Only a 'creating' row may lack the provider's reference. */
	if ((r.state == KS_STATE_CREATING) != (r.ref == NULL))
		goto out;
	status = ks_key_pack(&r, out);
out:
	if (status == PSA_ERROR_DATA_CORRUPT)
		log_warnx("keystore: a key row fails its checks (damaged or "
		    "foreign data): %s", psa_status_name(status));
	return status;
}

void
ks_key_free(struct ks_key *key)
{
	if (key == NULL)
		return;
	/* One allocation holds the struct, names and blobs: wipe it all. */
	explicit_bzero(key, (size_t)sqlite3_msize(key));
	sqlite3_free(key);
}
