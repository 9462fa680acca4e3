/* keystore/open.c: open a key store file safely and set its connection up. */
#include "keystore/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"

/* fsync the directory holding path, so a file just created survives a power
 * cut (POSIX makes the new directory entry durable only this way). */
static void
ks_sync_parent(const char *path)
{
	char dir[PATH_MAX];
	char *slash;
	int fd;

	/* The caller checked strlen(path) < PATH_MAX. */
	strcpy(dir, path);
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1)
		log_warn("keystore %s: fsync of its directory", path);
	if (fd != -1)
		close(fd);
}

/* Create the file 0600 if absent, else check that it is safe to trust:
 * key records decide which application owns which key, so a file another
 * user can write to (or swap through a symlink) is refused. SQLite gives
 * its -wal and -shm files the main file's mode. The descriptor is closed
 * before SQLite opens the file: closing any descriptor of a file drops the
 * POSIX locks SQLite would hold on it. */
static psa_status_t
ks_file_check(const char *path)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct stat sb;
	bool created = false;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd != -1)
		created = true;
	else if (errno == EEXIST)
		fd = open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1) {
		log_warn("keystore %s: open", path);
		status = errno == ELOOP ? PSA_ERROR_NOT_PERMITTED :
		    PSA_ERROR_STORAGE_FAILURE;
		goto out;
	}
	/* The umask may have taken bits from 0600; set it exactly. */
	if (created && fchmod(fd, 0600) == -1) {
		log_warn("keystore %s: fchmod 0600", path);
		status = PSA_ERROR_STORAGE_FAILURE;
		goto out;
	}
	if (fstat(fd, &sb) == -1) {
		log_warn("keystore %s: fstat", path);
		status = PSA_ERROR_STORAGE_FAILURE;
		goto out;
	}
	status = PSA_ERROR_NOT_PERMITTED;
	if (!S_ISREG(sb.st_mode)) {
		log_warnx("keystore %s: not a regular file; refusing it", path);
		goto out;
	}
	if (sb.st_uid != geteuid()) {
		log_warnx("keystore %s: owned by uid %lu, not by us (uid %lu); "
		    "refusing it", path, (unsigned long)sb.st_uid,
		    (unsigned long)geteuid());
		goto out;
	}
	if ((sb.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		log_warnx("keystore %s: mode %04o is group- or world-writable; "
		    "refusing it (chmod 600)", path,
		    (unsigned)(sb.st_mode & 07777));
		goto out;
	}
	if ((sb.st_mode & (S_IRGRP | S_IROTH)) != 0)
		log_warnx("keystore %s: mode %04o lets others read key records "
		    "(chmod 600)", path, (unsigned)(sb.st_mode & 07777));
	if (created)
		ks_sync_parent(path);
	status = PSA_SUCCESS;
out:
	if (fd != -1)
		close(fd);
	return status;
}

/* Per-connection settings. WAL lets worker connections read while one
 * writes; synchronous=FULL fsyncs the WAL at every commit, so a key whose
 * creation was reported survives a power cut; secure_delete overwrites the
 * freed content of destroyed keys' rows; defensive mode and an untrusted
 * schema keep a tampered file from running SQL functions through it. */
static psa_status_t
ks_conn_setup(sqlite3 *db, const char *path)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	sqlite3_stmt *st = NULL;
	const char *mode;
	int rc;

	sqlite3_extended_result_codes(db, 1);
	if ((rc = sqlite3_busy_timeout(db, KS_BUSY_TIMEOUT_MS)) != SQLITE_OK)
		goto fail;
#ifdef SQLITE_DBCONFIG_DEFENSIVE
	if ((rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1,
	    NULL)) != SQLITE_OK)
		goto fail;
#endif
#ifdef SQLITE_DBCONFIG_TRUSTED_SCHEMA
	if ((rc = sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0,
	    NULL)) != SQLITE_OK)
		goto fail;
#endif
	/* The first statement that reads the file: a foreign or damaged
	 * file fails here with SQLITE_NOTADB or SQLITE_CORRUPT. */
	if ((rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL)) != SQLITE_OK || (rc = sqlite3_step(st)) != SQLITE_ROW)
		goto fail;
	mode = (const char *)sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp(mode, "wal") != 0)
		log_warnx("keystore %s: WAL mode unavailable (journal mode "
		    "%s); workers will not read while one writes", path,
		    mode != NULL ? mode : "?");
	if ((rc = sqlite3_exec(db, "PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA secure_delete = ON;", NULL, NULL, NULL)) != SQLITE_OK)
		goto fail;
	status = PSA_SUCCESS;
	goto out;
fail:
	status = ks_err(db, rc, "connection setup");
out:
	sqlite3_finalize(st);
	return status;
}

psa_status_t
ks_open(const char *path, struct ks **out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct ks *ks = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	*out = NULL;
#ifdef SQLITE_OPEN_NOFOLLOW
	flags |= SQLITE_OPEN_NOFOLLOW;
#endif
	if (path == NULL || path[0] == '\0' || strlen(path) >= PATH_MAX) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	/* NOMUTEX relies on SQLite's own locks around shared state (page
	 * cache, VFS); a build without them is unusable with worker threads. */
	if (sqlite3_threadsafe() == 0) {
		log_warnx("keystore: SQLite was built without thread support");
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if ((status = ks_file_check(path)) != PSA_SUCCESS)
		goto out;
	if ((ks = sqlite3_malloc(sizeof(*ks))) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	memset(ks, 0, sizeof(*ks));
	/* No SQLITE_OPEN_CREATE: ks_file_check made the file with our mode. */
	if ((rc = sqlite3_open_v2(path, &ks->ks_db, flags, NULL)) !=
	    SQLITE_OK) {
		status = ks_err(ks->ks_db, rc, "open");
		goto out;
	}
	if ((status = ks_conn_setup(ks->ks_db, path)) != PSA_SUCCESS ||
	    (status = ks_schema_migrate(ks->ks_db, path)) != PSA_SUCCESS ||
	    (status = ks_stmts_prepare(ks)) != PSA_SUCCESS)
		goto out;
	*out = ks;
	ks = NULL;
out:
	if (status == PSA_ERROR_DATA_CORRUPT)
		log_warnx("keystore %s: not a key store database, or damaged; "
		    "refusing to open it (move it aside to start afresh, or "
		    "restore a backup)", path);
	else if (status != PSA_SUCCESS)
		log_warnx("keystore %s: cannot open: %s",
		    path != NULL ? path : "(null)", psa_status_name(status));
	ks_close(ks);
	return status;
}

void
ks_close(struct ks *ks)
{
	if (ks == NULL)
		return;
	ks_stmts_finalize(ks);
	/* close_v2: never leaves the handle half-open if a statement were
	 * still alive; the last connection's close checkpoints the WAL. */
	if (ks->ks_db != NULL && sqlite3_close_v2(ks->ks_db) != SQLITE_OK)
		log_warnx("keystore: close: %s", sqlite3_errmsg(ks->ks_db));
	sqlite3_free(ks);
}
