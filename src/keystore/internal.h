/* keystore/internal.h: what the key store's own files share: the connection
 * struct, the cached statements and the helpers around them. Not an API;
 * tests include it only to EXPLAIN the real statements. */
#ifndef ARCSEC_KEYSTORE_INTERNAL_H
#define ARCSEC_KEYSTORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "keystore/keystore.h"

/* Every statement the store runs after open, prepared once per connection
 * (SQLITE_PREPARE_PERSISTENT) and reset after each use. */
enum ks_stmt {
	KS_ST_BEGIN = 0,
	KS_ST_COMMIT,
	KS_ST_ROLLBACK,
	KS_ST_RESERVE,
	KS_ST_COMMIT_KEY,
	KS_ST_ABORT,
	KS_ST_GET,
	KS_ST_MARK_DESTROYING,
	KS_ST_DESTROY_FINISH,
	KS_ST_FORGET,
	KS_ST_LIST_APP,
	KS_ST_LIST_CLIENTS,
	KS_ST_LIST_UNFINISHED,
	KS_ST_COUNT
};

/* Statements that take a key id bind it as ?1 app, ?2 key, ?3 provider. */
#define KS_P_APP	1
#define KS_P_KEY	2
#define KS_P_PROVIDER	3

struct ks {
	sqlite3		*ks_db;
	sqlite3_stmt	*ks_st[KS_ST_COUNT];
};

/* sql.c */
const char	*ks_sql_text(enum ks_stmt which);
psa_status_t	 ks_stmts_prepare(struct ks *ks);
void		 ks_stmts_finalize(struct ks *ks);
psa_status_t	 ks_run(struct ks *ks, enum ks_stmt which);
psa_status_t	 ks_tx_begin(struct ks *ks);
psa_status_t	 ks_tx_commit(struct ks *ks);
void		 ks_tx_rollback(struct ks *ks);

/* err.c: the one translation of SQLite result codes (extended or primary)
 * into psa_status_t; logs the code and sqlite3_errmsg(db) (db may be
 * NULL). `what` names the operation for the log line. */
psa_status_t	 ks_err(sqlite3 *db, int rc, const char *what);

/* schema.c */
psa_status_t	 ks_schema_migrate(sqlite3 *db, const char *path);

/* record.c */
psa_status_t	 ks_id_check(const struct ks_key_id *id);
psa_status_t	 ks_app_check(const char *app_name);
psa_status_t	 ks_bind_id(sqlite3_stmt *st, const struct ks_key_id *id);
psa_status_t	 ks_bind_blob(sqlite3_stmt *st, int pos, const uint8_t *data,
		    size_t len);
psa_status_t	 ks_key_from_row(sqlite3_stmt *st, struct ks_key **out);
void		 ks_stmt_done(sqlite3_stmt *st);

#endif
