/* test_keystore.c: the key-info store (keystore/) and the name validator it
 * relies on (common/utf8.c), each case in its own temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/log.h"
#include "common/utf8.h"
#include "keystore/internal.h"
#include "keystore/keystore.h"

struct fx {
	char		 dir[256];
	char		 db[512];
	struct ks	*ks;
};

static const uint8_t attrs1[] = { 0x10, 0x20, 0x30, 0x40, 0x00, 0x50 };
static const uint8_t ref1[] = { 0xde, 0xad, 0x00, 0xbe, 0xef };
static const uint8_t ref2[] = { 0x01, 0x02, 0x03 };

/* Setup/teardown ------------------------------------------------------ */

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "%s/arcsec-ks-XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/keys.db", f->dir);
	*state = f;
	return 0;
}

static void
rm_dir(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) == -1 && errno == EISDIR)
			rm_dir(path);
	}
	closedir(d);
	rmdir(dir);
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	ks_close(f->ks);
	rm_dir(f->dir);
	free(f);
	return 0;
}

static void
fx_open(struct fx *f)
{
	ks_close(f->ks);
	f->ks = NULL;
	assert_int_equal(ks_open(f->db, &f->ks), PSA_SUCCESS);
	assert_non_null(f->ks);
}

static void
fx_reopen(struct fx *f)
{
	ks_close(f->ks);
	f->ks = NULL;
	fx_open(f);
}

static struct ks_key_id
kid(const char *app, const char *key, uint8_t provider)
{
	struct ks_key_id id = { app, key, provider };

	return id;
}

static void
create_key(struct ks *ks, const char *app, const char *key, uint8_t provider,
    const uint8_t *ref, size_t ref_len)
{
	struct ks_key_id id = kid(app, key, provider);

	assert_int_equal(ks_key_reserve(ks, &id, attrs1, sizeof(attrs1)),
	    PSA_SUCCESS);
	assert_int_equal(ks_key_commit(ks, &id, ref, ref_len, NULL, 0), PSA_SUCCESS);
}

static void
assert_no_key(struct ks *ks, const struct ks_key_id *id)
{
	struct ks_key *k = (struct ks_key *)1;

	assert_int_equal(ks_key_get(ks, id, &k), PSA_ERROR_DOES_NOT_EXIST);
	assert_null(k);
}

/* Raw SQLite access, to build or inspect files the way only another program
 * (or an older/newer arcsec) would. */
static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	return db;
}

static void
raw_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);

	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, err != NULL ? err : "?");
}

static sqlite3_int64
raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* Run ks_open with stderr sent to a file; return what was logged. */
static psa_status_t
open_capturing_log(struct fx *f, char *log, size_t log_size)
{
	char path[PATH_MAX];
	psa_status_t status;
	int saved, fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/stderr.txt", f->dir);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, STDERR_FILENO);
	log_configure(LOG_LEVEL_DEBUG, false);
	status = ks_open(f->db, &f->ks);
	log_configure(LOG_LEVEL_WARN, false);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = pread(fd, log, log_size - 1, 0);
	close(fd);
	unlink(path);
	log[n > 0 ? n : 0] = '\0';
	return status;
}

/* common/utf8 ---------------------------------------------------------- */

static void
test_utf8_validator(void **state)
{
	static const char *const good[] = {
		"a", "app-1.example", "ключ", "鍵", "\xF0\x9F\x94\x91",
		"spiffe://td/ns/x", "\xC2\xA0", "\xEF\xBF\xBD",
		"\xF4\x8F\xBF\xBF",	/* U+10FFFF */
	};
	static const char *const bad[] = {
		"", "\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80",
		"\xE0\x9F\xBF", "\xED\xA0\x80", "\xED\xBF\xBF",
		"\xF0\x80\x80\x80",
		"\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xE2\x82",
		"a\xE2\x82", "\xF0\x9F\x94", "\xC3\x28",
		"a\nb", "\t", "\x1b[31m", "\x7f", "\xC2\x85", "\xC2\x9F",
	};
	char big[LIMIT_KEY_NAME_LEN + 2];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		assert_true(utf8_valid(good[i], strlen(good[i])));
		assert_true(utf8_name_ok(good[i], 64));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_false(utf8_name_ok(bad[i], 64));
	assert_false(utf8_valid("\xC0\x80", 2));
	/* NUL: well-formed, but never a name. */
	assert_true(utf8_valid("a\0b", 3));
	assert_false(utf8_name_ok(NULL, 64));
	memset(big, 'k', sizeof(big));
	big[LIMIT_KEY_NAME_LEN] = '\0';
	assert_true(utf8_name_ok(big, LIMIT_KEY_NAME_LEN));
	big[LIMIT_KEY_NAME_LEN] = 'k';
	big[LIMIT_KEY_NAME_LEN + 1] = '\0';
	assert_false(utf8_name_ok(big, LIMIT_KEY_NAME_LEN));
	/* A multi-byte character cut by the limit is still counted in bytes. */
	assert_false(utf8_name_ok("\xE9\x8D\xB5", 2));
}

/* Lifecycle ------------------------------------------------------------ */

static void
test_lifecycle(void **state)
{
	struct fx *f = *state;
	struct ks_key_id id = kid("app", "key", 3);
	struct ks_key *k = NULL, *d = NULL;
	time_t t0 = time(NULL), t1;

	fx_open(f);
	assert_int_equal(ks_key_reserve(f->ks, &id, attrs1, sizeof(attrs1)),
	    PSA_SUCCESS);
	assert_no_key(f->ks, &id);	/* 'creating' is invisible */
	assert_int_equal(ks_key_commit(f->ks, &id, ref1, sizeof(ref1), NULL, 0),
	    PSA_SUCCESS);
	t1 = time(NULL);
	assert_int_equal(ks_key_get(f->ks, &id, &k), PSA_SUCCESS);
	assert_string_equal(k->app_name, "app");
	assert_string_equal(k->key_name, "key");
	assert_int_equal(k->provider_id, 3);
	assert_int_equal(k->key_ref_len, sizeof(ref1));
	assert_memory_equal(k->key_ref, ref1, sizeof(ref1));
	assert_int_equal(k->attrs_len, sizeof(attrs1));
	assert_memory_equal(k->attrs, attrs1, sizeof(attrs1));
	assert_int_equal(k->state, KS_STATE_ACTIVE);
	assert_true(k->created_at >= t0 && k->created_at <= t1);
	ks_key_free(k);

	assert_int_equal(ks_key_destroy_begin(f->ks, &id, &d), PSA_SUCCESS);
	assert_non_null(d);
	assert_int_equal(d->state, KS_STATE_DESTROYING);
	assert_memory_equal(d->key_ref, ref1, sizeof(ref1));
	ks_key_free(d);
	assert_no_key(f->ks, &id);
	assert_int_equal(ks_key_destroy_finish(f->ks, &id), PSA_SUCCESS);
	assert_no_key(f->ks, &id);
	assert_int_equal(ks_key_destroy_finish(f->ks, &id),
	    PSA_ERROR_DOES_NOT_EXIST);
	/* The name is free again. */
	create_key(f->ks, "app", "key", 3, ref2, sizeof(ref2));
	assert_int_equal(ks_key_get(f->ks, &id, &k), PSA_SUCCESS);
	assert_memory_equal(k->key_ref, ref2, sizeof(ref2));
	ks_key_free(k);
	ks_key_free(NULL);
}

static void
test_reserve_duplicate(void **state)
{
	struct fx *f = *state;
	struct ks_key_id id = kid("app", "dup", 1);
	struct ks_key_id other = kid("app", "dup", 2);
	struct ks_key *k = NULL;

	fx_open(f);
	assert_int_equal(ks_key_reserve(f->ks, &id, NULL, 0), PSA_SUCCESS);
	assert_int_equal(ks_key_reserve(f->ks, &id, attrs1, sizeof(attrs1)),
	    PSA_ERROR_ALREADY_EXISTS);	/* against 'creating' */
	assert_int_equal(ks_key_commit(f->ks, &id, ref1, sizeof(ref1), NULL, 0),
	    PSA_SUCCESS);
	assert_int_equal(ks_key_reserve(f->ks, &id, NULL, 0),
	    PSA_ERROR_ALREADY_EXISTS);	/* against 'active' */
	/* Same names, another provider: another key. */
	assert_int_equal(ks_key_reserve(f->ks, &other, NULL, 0), PSA_SUCCESS);
	assert_int_equal(ks_key_abort(f->ks, &other), PSA_SUCCESS);
	assert_int_equal(ks_key_abort(f->ks, &other), PSA_ERROR_DOES_NOT_EXIST);
	assert_int_equal(ks_key_commit(f->ks, &other, ref1, sizeof(ref1), NULL, 0),
	    PSA_ERROR_DOES_NOT_EXIST);
	/* Only a 'creating' row can be committed or aborted. */
	assert_int_equal(ks_key_commit(f->ks, &id, ref2, sizeof(ref2), NULL, 0),
	    PSA_ERROR_DOES_NOT_EXIST);
	assert_int_equal(ks_key_abort(f->ks, &id), PSA_ERROR_DOES_NOT_EXIST);
	assert_int_equal(ks_key_get(f->ks, &id, &k), PSA_SUCCESS);
	assert_memory_equal(k->key_ref, ref1, sizeof(ref1));	/* unchanged */
	assert_int_equal(k->attrs_len, 0);
	ks_key_free(k);
	/* Against 'destroying'. */
	assert_int_equal(ks_key_destroy_begin(f->ks, &id, &k), PSA_SUCCESS);
	ks_key_free(k);
	assert_int_equal(ks_key_reserve(f->ks, &id, NULL, 0),
	    PSA_ERROR_ALREADY_EXISTS);
}

static void
test_get_creating(void **state)
{
	struct fx *f = *state;
	struct ks_key_id id = kid("app", "half", 1);
	struct ks_key *k = (struct ks_key *)1;

	fx_open(f);
	assert_int_equal(ks_key_reserve(f->ks, &id, attrs1, sizeof(attrs1)),
	    PSA_SUCCESS);
	assert_int_equal(ks_key_get(f->ks, &id, &k), PSA_ERROR_DOES_NOT_EXIST);
	assert_null(k);
	k = (struct ks_key *)1;
	assert_int_equal(ks_key_destroy_begin(f->ks, &id, &k),
	    PSA_ERROR_DOES_NOT_EXIST);
	assert_null(k);
	assert_int_equal(ks_key_destroy_finish(f->ks, &id),
	    PSA_ERROR_DOES_NOT_EXIST);
}

static void
test_destroy_two_step(void **state)
{
	struct fx *f = *state;
	struct ks_key_id id = kid("app", "gone", 2);
	struct ks_key *k = NULL, *again = (struct ks_key *)1;

	fx_open(f);
	create_key(f->ks, "app", "gone", 2, ref1, sizeof(ref1));
	/* finish before begin: nothing to finish, key untouched */
	assert_int_equal(ks_key_destroy_finish(f->ks, &id),
	    PSA_ERROR_DOES_NOT_EXIST);
	assert_int_equal(ks_key_get(f->ks, &id, &k), PSA_SUCCESS);
	ks_key_free(k);
	assert_int_equal(ks_key_destroy_begin(f->ks, &id, &k), PSA_SUCCESS);
	/* A second deleter loses: one provider destroy per key. */
	assert_int_equal(ks_key_destroy_begin(f->ks, &id, &again),
	    PSA_ERROR_DOES_NOT_EXIST);
	assert_null(again);
	assert_int_equal(k->state, KS_STATE_DESTROYING);
	assert_int_equal(k->provider_id, 2);
	ks_key_free(k);
	assert_int_equal(ks_key_destroy_finish(f->ks, &id), PSA_SUCCESS);
	assert_int_equal(ks_key_forget(f->ks, &id), PSA_ERROR_DOES_NOT_EXIST);
}

/* Listings ------------------------------------------------------------- */

struct seen {
	char	names[16][64];
	uint8_t	providers[16];
	size_t	count;
	size_t	stop_after;	/* 0: never stop */
};

static psa_status_t
collect_key(void *ctx, const struct ks_key *k)
{
	struct seen *s = ctx;

	assert_true(s->count < 16);
	snprintf(s->names[s->count], sizeof(s->names[0]), "%s/%s", k->app_name,
	    k->key_name);
	s->providers[s->count] = k->provider_id;
	s->count++;
	if (s->stop_after != 0 && s->count == s->stop_after)
		return PSA_ERROR_GENERIC_ERROR;
	return PSA_SUCCESS;
}

static psa_status_t
collect_app(void *ctx, const char *app)
{
	struct seen *s = ctx;

	assert_true(s->count < 16);
	snprintf(s->names[s->count++], sizeof(s->names[0]), "%s", app);
	return PSA_SUCCESS;
}

static void
test_list_app_isolation(void **state)
{
	struct fx *f = *state;
	struct ks_key_id creating = kid("alice", "k3", 1);
	struct seen s = { 0 };

	fx_open(f);
	create_key(f->ks, "alice", "k2", 1, ref1, sizeof(ref1));
	create_key(f->ks, "alice", "k1", 3, ref1, sizeof(ref1));
	create_key(f->ks, "alice", "k1", 1, ref1, sizeof(ref1));
	create_key(f->ks, "bob", "k1", 1, ref2, sizeof(ref2));
	create_key(f->ks, "alice2", "k1", 1, ref2, sizeof(ref2));
	assert_int_equal(ks_key_reserve(f->ks, &creating, NULL, 0),
	    PSA_SUCCESS);

	assert_int_equal(ks_key_list_app(f->ks, "alice", collect_key, &s),
	    PSA_SUCCESS);
	assert_int_equal(s.count, 3);	/* not k3 ('creating'), not alice2 */
	assert_string_equal(s.names[0], "alice/k1");
	assert_int_equal(s.providers[0], 1);
	assert_string_equal(s.names[1], "alice/k1");
	assert_int_equal(s.providers[1], 3);
	assert_string_equal(s.names[2], "alice/k2");

	memset(&s, 0, sizeof(s));
	assert_int_equal(ks_key_list_app(f->ks, "bob", collect_key, &s),
	    PSA_SUCCESS);
	assert_int_equal(s.count, 1);
	assert_string_equal(s.names[0], "bob/k1");

	memset(&s, 0, sizeof(s));
	assert_int_equal(ks_key_list_app(f->ks, "carol", collect_key, &s),
	    PSA_SUCCESS);
	assert_int_equal(s.count, 0);

	/* A callback's error stops the listing and comes back. */
	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	assert_int_equal(ks_key_list_app(f->ks, "alice", collect_key, &s),
	    PSA_ERROR_GENERIC_ERROR);
	assert_int_equal(s.count, 2);
	assert_int_equal(ks_key_list_app(f->ks, "alice", NULL, &s),
	    PSA_ERROR_INVALID_ARGUMENT);
}

/* DeleteClient's shape: destroy every key while listing them. */
static psa_status_t
destroy_listed(void *ctx, const struct ks_key *k)
{
	struct ks *ks = ctx;
	struct ks_key_id id = kid(k->app_name, k->key_name, k->provider_id);
	struct ks_key *d = NULL;
	psa_status_t status;

	if ((status = ks_key_destroy_begin(ks, &id, &d)) != PSA_SUCCESS)
		return status;
	ks_key_free(d);
	return ks_key_destroy_finish(ks, &id);
}

static void
test_client_list(void **state)
{
	struct fx *f = *state;
	struct ks_key_id dave = kid("dave", "k", 1);
	struct seen s = { 0 };

	fx_open(f);
	assert_int_equal(ks_client_list(f->ks, collect_app, &s), PSA_SUCCESS);
	assert_int_equal(s.count, 0);
	create_key(f->ks, "bob", "k1", 1, ref1, sizeof(ref1));
	create_key(f->ks, "alice", "k1", 1, ref1, sizeof(ref1));
	create_key(f->ks, "alice", "k2", 3, ref1, sizeof(ref1));
	create_key(f->ks, "bob", "k2", 2, ref1, sizeof(ref1));
	assert_int_equal(ks_key_reserve(f->ks, &dave, NULL, 0), PSA_SUCCESS);

	assert_int_equal(ks_client_list(f->ks, collect_app, &s), PSA_SUCCESS);
	assert_int_equal(s.count, 2);	/* dave has only a 'creating' row */
	assert_string_equal(s.names[0], "alice");
	assert_string_equal(s.names[1], "bob");

	assert_int_equal(ks_key_list_app(f->ks, "bob", destroy_listed, f->ks),
	    PSA_SUCCESS);
	memset(&s, 0, sizeof(s));
	assert_int_equal(ks_client_list(f->ks, collect_app, &s), PSA_SUCCESS);
	assert_int_equal(s.count, 1);
	assert_string_equal(s.names[0], "alice");
}

struct unfinished {
	struct ks	*ks;
	size_t		 creating, destroying;
	bool		 forget;
};

static psa_status_t
reconcile(void *ctx, const struct ks_key *k)
{
	struct unfinished *u = ctx;
	struct ks_key_id id = kid(k->app_name, k->key_name, k->provider_id);

	if (k->state == KS_STATE_CREATING) {
		assert_string_equal(k->key_name, "half-made");
		assert_null(k->key_ref);
		assert_int_equal(k->key_ref_len, 0);
		assert_memory_equal(k->attrs, attrs1, sizeof(attrs1));
		u->creating++;
	} else {
		assert_int_equal(k->state, KS_STATE_DESTROYING);
		assert_string_equal(k->key_name, "half-gone");
		assert_memory_equal(k->key_ref, ref2, sizeof(ref2));
		u->destroying++;
	}
	/* Writing from inside the callback is allowed (list.c). */
	return u->forget ? ks_key_forget(u->ks, &id) : PSA_SUCCESS;
}

static void
test_unfinished_after_crash(void **state)
{
	struct fx *f = *state;
	struct ks_key_id half = kid("app", "half-made", 1);
	struct ks_key_id gone = kid("app", "half-gone", 3);
	struct ks_key_id kept = kid("app", "kept", 1);
	struct unfinished u = { 0 };
	struct ks_key *k = NULL;

	fx_open(f);
	/* The daemon dies between the steps. */
	assert_int_equal(ks_key_reserve(f->ks, &half, attrs1, sizeof(attrs1)),
	    PSA_SUCCESS);
	create_key(f->ks, "app", "half-gone", 3, ref2, sizeof(ref2));
	assert_int_equal(ks_key_destroy_begin(f->ks, &gone, &k), PSA_SUCCESS);
	ks_key_free(k);
	create_key(f->ks, "app", "kept", 1, ref1, sizeof(ref1));
	fx_reopen(f);

	u.ks = f->ks;
	assert_int_equal(ks_key_list_unfinished(f->ks, reconcile, &u),
	    PSA_SUCCESS);
	assert_int_equal(u.creating, 1);
	assert_int_equal(u.destroying, 1);
	u.forget = true;
	u.creating = u.destroying = 0;
	assert_int_equal(ks_key_list_unfinished(f->ks, reconcile, &u),
	    PSA_SUCCESS);
	assert_int_equal(u.creating + u.destroying, 2);
	u.forget = false;
	u.creating = u.destroying = 0;
	assert_int_equal(ks_key_list_unfinished(f->ks, reconcile, &u),
	    PSA_SUCCESS);
	assert_int_equal(u.creating + u.destroying, 0);
	assert_int_equal(ks_key_get(f->ks, &kept, &k), PSA_SUCCESS);
	ks_key_free(k);
	/* Both names are usable again. */
	assert_int_equal(ks_key_reserve(f->ks, &half, NULL, 0), PSA_SUCCESS);
	assert_int_equal(ks_key_reserve(f->ks, &gone, NULL, 0), PSA_SUCCESS);
	assert_int_equal(ks_key_forget(f->ks, &kept), PSA_SUCCESS);
	assert_no_key(f->ks, &kept);
}

static void
test_persistence(void **state)
{
	struct fx *f = *state;
	struct ks_key_id id = kid("persist", "k", 2);
	uint8_t big[4096];
	struct ks_key *k = NULL;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7);
	fx_open(f);
	assert_int_equal(ks_key_reserve(f->ks, &id, big, sizeof(big)),
	    PSA_SUCCESS);
	assert_int_equal(ks_key_commit(f->ks, &id, big, sizeof(big), NULL, 0),
	    PSA_SUCCESS);
	ks_close(f->ks);
	f->ks = NULL;
	fx_open(f);
	assert_int_equal(ks_key_get(f->ks, &id, &k), PSA_SUCCESS);
	assert_int_equal(k->key_ref_len, sizeof(big));
	assert_memory_equal(k->key_ref, big, sizeof(big));
	assert_int_equal(k->attrs_len, sizeof(big));
	assert_memory_equal(k->attrs, big, sizeof(big));
	ks_key_free(k);
}

/* Two connections on one file, as two workers have. */
static void
test_two_connections(void **state)
{
	struct fx *f = *state;
	struct ks_key_id id = kid("app", "shared", 1);
	struct ks *other = NULL;
	struct ks_key *k = NULL, *k2 = (struct ks_key *)1;

	fx_open(f);
	assert_int_equal(ks_open(f->db, &other), PSA_SUCCESS);
	assert_int_equal(ks_key_reserve(f->ks, &id, NULL, 0), PSA_SUCCESS);
	assert_int_equal(ks_key_reserve(other, &id, NULL, 0),
	    PSA_ERROR_ALREADY_EXISTS);
	assert_int_equal(ks_key_commit(f->ks, &id, ref1, sizeof(ref1), NULL, 0),
	    PSA_SUCCESS);
	assert_int_equal(ks_key_get(other, &id, &k), PSA_SUCCESS);
	ks_key_free(k);
	assert_int_equal(ks_key_destroy_begin(f->ks, &id, &k), PSA_SUCCESS);
	assert_int_equal(ks_key_destroy_begin(other, &id, &k2),
	    PSA_ERROR_DOES_NOT_EXIST);
	assert_null(k2);
	ks_key_free(k);
	assert_int_equal(ks_key_destroy_finish(other, &id), PSA_SUCCESS);
	ks_close(other);
}

/* Workers, each with its own connection, racing on one file. */
#define RACE_THREADS	4
#define RACE_KEYS	25

struct race {
	const char	*db;
	int		 n;
	int		 won;
	psa_status_t	 err;
};

static void *
race_worker(void *arg)
{
	struct race *r = arg;
	struct ks *ks = NULL;
	struct ks_key_id id;
	char name[32];
	psa_status_t status;

	if ((r->err = ks_open(r->db, &ks)) != PSA_SUCCESS)
		return NULL;
	id = kid("racer", "contended", 1);
	status = ks_key_reserve(ks, &id, NULL, 0);
	if (status == PSA_SUCCESS) {
		r->won = 1;
		status = ks_key_commit(ks, &id, ref1, sizeof(ref1), NULL, 0);
	} else if (status == PSA_ERROR_ALREADY_EXISTS)
		status = PSA_SUCCESS;
	for (int i = 0; i < RACE_KEYS && status == PSA_SUCCESS; i++) {
		snprintf(name, sizeof(name), "t%d-k%d", r->n, i);
		id = kid("racer", name, (uint8_t)(1 + i % 3));
		if ((status = ks_key_reserve(ks, &id, attrs1,
		    sizeof(attrs1))) == PSA_SUCCESS)
			status = ks_key_commit(ks, &id, ref2, sizeof(ref2), NULL, 0);
	}
	r->err = status;
	ks_close(ks);
	return NULL;
}

static psa_status_t
count_key(void *ctx, const struct ks_key *k)
{
	(void)k;
	++*(size_t *)ctx;
	return PSA_SUCCESS;
}

static void
test_threads(void **state)
{
	struct fx *f = *state;
	pthread_t t[RACE_THREADS];
	struct race r[RACE_THREADS];
	int winners = 0;
	size_t count = 0;

	fx_open(f);	/* schema exists before the race */
	for (int i = 0; i < RACE_THREADS; i++) {
		r[i] = (struct race){ .db = f->db, .n = i };
		assert_int_equal(pthread_create(&t[i], NULL, race_worker,
		    &r[i]), 0);
	}
	for (int i = 0; i < RACE_THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(r[i].err, PSA_SUCCESS);
		winners += r[i].won;
	}
	assert_int_equal(winners, 1);
	assert_int_equal(ks_key_list_app(f->ks, "racer", count_key, &count),
	    PSA_SUCCESS);
	assert_int_equal(count, RACE_THREADS * RACE_KEYS + 1);
}

/* Schema --------------------------------------------------------------- */

static void
test_schema_migration(void **state)
{
	struct fx *f = *state;
	struct ks_key_id id = kid("app", "k", 1);
	struct ks_key *k = NULL;
	sqlite3 *db;

	/* An empty (0-byte) file, as an admin's `touch` leaves it. */
	write_file(f->db, "", 0);
	fx_open(f);
	ks_close(f->ks);
	f->ks = NULL;
	db = raw_open(f->db);
	assert_int_equal(raw_int(db, "PRAGMA user_version"), KS_SCHEMA_VERSION);
	assert_int_equal(raw_int(db, "PRAGMA application_id"),
	    KS_APPLICATION_ID);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE name IN ('keys', 'keys_by_id', 'keys_unfinished')"), 3);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM pragma_journal_mode"
	    " WHERE journal_mode = 'wal'"), 1);
	sqlite3_close(db);
	unlink(f->db);

	/* A version-0 database that already holds something else. */
	db = raw_open(f->db);
	raw_exec(db, "CREATE TABLE notes (x TEXT); INSERT INTO notes "
	    "VALUES ('keep me');");
	assert_int_equal(raw_int(db, "PRAGMA user_version"), 0);
	sqlite3_close(db);
	fx_open(f);
	create_key(f->ks, "app", "k", 1, ref1, sizeof(ref1));
	fx_reopen(f);	/* a current schema is left alone */
	assert_int_equal(ks_key_get(f->ks, &id, &k), PSA_SUCCESS);
	ks_key_free(k);
	ks_close(f->ks);
	f->ks = NULL;
	db = raw_open(f->db);
	assert_int_equal(raw_int(db, "PRAGMA user_version"), KS_SCHEMA_VERSION);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM notes"), 1);
	sqlite3_close(db);
}

static void
test_schema_future_version(void **state)
{
	struct fx *f = *state;
	char log[4096], sql[64];
	sqlite3 *db;

	fx_open(f);
	ks_close(f->ks);
	f->ks = NULL;
	db = raw_open(f->db);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
	    KS_SCHEMA_VERSION + 1);
	raw_exec(db, sql);
	sqlite3_close(db);

	f->ks = (struct ks *)1;
	assert_int_equal(open_capturing_log(f, log, sizeof(log)),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_null(f->ks);
	assert_non_null(strstr(log, "newer than this arcsecd supports"));
	/* Refused, not rewritten. */
	db = raw_open(f->db);
	assert_int_equal(raw_int(db, "PRAGMA user_version"),
	    KS_SCHEMA_VERSION + 1);
	sqlite3_close(db);
}

static void
test_foreign_database(void **state)
{
	struct fx *f = *state;
	struct ks *ks = NULL;
	sqlite3 *db;

	db = raw_open(f->db);
	raw_exec(db, "PRAGMA application_id = 1234; CREATE TABLE t (x);");
	sqlite3_close(db);
	assert_int_equal(ks_open(f->db, &ks), PSA_ERROR_DATA_INVALID);
	assert_null(ks);
	unlink(f->db);
	/* Our version number without our id is not ours either. */
	db = raw_open(f->db);
	raw_exec(db, "PRAGMA user_version = 1; CREATE TABLE t (x);");
	sqlite3_close(db);
	assert_int_equal(ks_open(f->db, &ks), PSA_ERROR_DATA_INVALID);
	assert_null(ks);
}

/* Bad input ------------------------------------------------------------ */

static void
expect_bad_id(struct ks *ks, const struct ks_key_id *id)
{
	struct ks_key *k = (struct ks_key *)1;

	assert_int_equal(ks_key_reserve(ks, id, attrs1, sizeof(attrs1)),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ks_key_commit(ks, id, ref1, sizeof(ref1), NULL, 0),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ks_key_abort(ks, id), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ks_key_get(ks, id, &k), PSA_ERROR_INVALID_ARGUMENT);
	assert_null(k);
	k = (struct ks_key *)1;
	assert_int_equal(ks_key_destroy_begin(ks, id, &k),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_null(k);
	assert_int_equal(ks_key_destroy_finish(ks, id),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ks_key_forget(ks, id), PSA_ERROR_INVALID_ARGUMENT);
}

static void
test_bad_names(void **state)
{
	static const char *const bad[] = {
		"", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
		"ab\xE2\x82",
		"\x80", "\xFF", "a\nb", "tab\there", "\x1b[2J", "del\x7f",
		"c1\xC2\x85",
	};
	struct fx *f = *state;
	char *long_app = malloc(LIMIT_APP_NAME_LEN + 2);
	char *long_key = malloc(LIMIT_KEY_NAME_LEN + 2);
	struct ks_key_id id;
	struct seen s = { 0 };
	uint8_t *huge = calloc(1, KS_ATTRS_MAX + 1);

	assert_non_null(long_app);
	assert_non_null(long_key);
	assert_non_null(huge);
	fx_open(f);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		id = kid(bad[i], "key", 1);
		expect_bad_id(f->ks, &id);
		id = kid("app", bad[i], 1);
		expect_bad_id(f->ks, &id);
		assert_int_equal(ks_key_list_app(f->ks, bad[i], collect_key,
		    &s), PSA_ERROR_INVALID_ARGUMENT);
	}
	id = kid(NULL, "key", 1);
	expect_bad_id(f->ks, &id);
	id = kid("app", NULL, 1);
	expect_bad_id(f->ks, &id);
	expect_bad_id(f->ks, NULL);

	/* Exactly at the limits is fine; one byte more is not. */
	memset(long_app, 'a', LIMIT_APP_NAME_LEN + 1);
	long_app[LIMIT_APP_NAME_LEN] = '\0';
	memset(long_key, 'k', LIMIT_KEY_NAME_LEN + 1);
	long_key[LIMIT_KEY_NAME_LEN] = '\0';
	create_key(f->ks, long_app, long_key, 1, ref1, sizeof(ref1));
	long_app[LIMIT_APP_NAME_LEN] = 'a';
	long_app[LIMIT_APP_NAME_LEN + 1] = '\0';
	id = kid(long_app, "key", 1);
	expect_bad_id(f->ks, &id);
	long_key[LIMIT_KEY_NAME_LEN] = 'k';
	long_key[LIMIT_KEY_NAME_LEN + 1] = '\0';
	id = kid("app", long_key, 1);
	expect_bad_id(f->ks, &id);

	/* Non-ASCII names that are well-formed work and list. */
	create_key(f->ks, "приложение", "鍵\xF0\x9F\x94\x91", 1, ref1,
	    sizeof(ref1));
	assert_int_equal(ks_key_list_app(f->ks, "приложение", collect_key, &s),
	    PSA_SUCCESS);
	assert_int_equal(s.count, 1);
	assert_string_equal(s.names[0], "приложение/鍵\xF0\x9F\x94\x91");

	/* Sizes. */
	id = kid("app", "sizes", 1);
	assert_int_equal(ks_key_reserve(f->ks, &id, huge, KS_ATTRS_MAX + 1),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ks_key_reserve(f->ks, &id, NULL, 1),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ks_key_reserve(f->ks, &id, huge, KS_ATTRS_MAX),
	    PSA_SUCCESS);
	assert_int_equal(ks_key_commit(f->ks, &id, ref1, 0, NULL, 0),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ks_key_commit(f->ks, &id, NULL, 4, NULL, 0),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ks_key_commit(f->ks, &id, huge, KS_KEY_REF_MAX + 1, NULL, 0),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ks_key_commit(f->ks, &id, huge, KS_KEY_REF_MAX, NULL, 0),
	    PSA_SUCCESS);
	free(long_app);
	free(long_key);
	free(huge);
}

/* Files ---------------------------------------------------------------- */

static void
test_corrupt_file(void **state)
{
	struct fx *f = *state;
	char garbage[8192], log[8192];

	for (size_t i = 0; i < sizeof(garbage); i++)
		garbage[i] = (char)(i * 131 + 17);
	write_file(f->db, garbage, sizeof(garbage));
	f->ks = (struct ks *)1;
	assert_int_equal(open_capturing_log(f, log, sizeof(log)),
	    PSA_ERROR_DATA_CORRUPT);
	assert_null(f->ks);
	assert_non_null(strstr(log, "not a key store database, or damaged"));
	assert_non_null(strstr(log, f->db));
	assert_non_null(strstr(log, "file is not a database"));	/* debug */

	/* A real SQLite header over garbage pages. */
	memcpy(garbage, "SQLite format 3", 16);
	write_file(f->db, garbage, sizeof(garbage));
	assert_int_equal(open_capturing_log(f, log, sizeof(log)),
	    PSA_ERROR_DATA_CORRUPT);
	assert_null(f->ks);
}

/* A valid file whose rows were edited by someone else. */
static void
test_corrupt_row(void **state)
{
	struct fx *f = *state;
	struct ks_key_id id = kid("app", "k", 1);
	struct ks_key *k = (struct ks_key *)1;
	struct seen s = { 0 };
	sqlite3 *db;

	fx_open(f);
	create_key(f->ks, "app", "k", 1, ref1, sizeof(ref1));
	create_key(f->ks, "app", "k2", 1, ref1, sizeof(ref1));
	db = raw_open(f->db);
	raw_exec(db, "UPDATE keys SET attrs = 'text, not a blob' "
	    "WHERE key_name = 'k'");
	raw_exec(db, "UPDATE keys SET key_name = 'bell' || char(7) "
	    "WHERE key_name = 'k2'");
	sqlite3_close(db);
	assert_int_equal(ks_key_get(f->ks, &id, &k), PSA_ERROR_DATA_CORRUPT);
	assert_null(k);
	assert_int_equal(ks_key_list_app(f->ks, "app", collect_key, &s),
	    PSA_ERROR_DATA_CORRUPT);
	assert_int_equal(s.count, 0);
}

static mode_t
file_mode(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 07777;
}

static void
test_file_mode(void **state)
{
	struct fx *f = *state;
	char side[PATH_MAX];
	mode_t old = umask(0);

	fx_open(f);
	create_key(f->ks, "app", "k", 1, ref1, sizeof(ref1));
	assert_int_equal(file_mode(f->db), 0600);
	snprintf(side, sizeof(side), "%s-wal", f->db);
	assert_int_equal(file_mode(side), 0600);
	snprintf(side, sizeof(side), "%s-shm", f->db);
	assert_int_equal(file_mode(side), 0600);
	ks_close(f->ks);
	f->ks = NULL;
	rm_dir(f->dir);
	assert_int_equal(mkdir(f->dir, 0700), 0);
	/* A umask that takes the owner's bits too. */
	umask(0377);
	fx_open(f);
	assert_int_equal(file_mode(f->db), 0600);
	umask(old);
}

static void
test_refused_files(void **state)
{
	struct fx *f = *state;
	char path[PATH_MAX];
	struct ks *ks = (struct ks *)1;

	log_configure(LOG_LEVEL_ERROR, false);	/* expected warnings */
	fx_open(f);
	ks_close(f->ks);
	f->ks = NULL;
	assert_int_equal(chmod(f->db, 0620), 0);
	assert_int_equal(ks_open(f->db, &ks), PSA_ERROR_NOT_PERMITTED);
	assert_null(ks);
	assert_int_equal(chmod(f->db, 0602), 0);
	assert_int_equal(ks_open(f->db, &ks), PSA_ERROR_NOT_PERMITTED);
	assert_int_equal(chmod(f->db, 0640), 0);	/* readable: warned */
	assert_int_equal(ks_open(f->db, &ks), PSA_SUCCESS);
	ks_close(ks);
	ks = NULL;
	assert_int_equal(chmod(f->db, 0600), 0);

	snprintf(path, sizeof(path), "%s/link.db", f->dir);
	assert_int_equal(symlink(f->db, path), 0);
	assert_int_equal(ks_open(path, &ks), PSA_ERROR_NOT_PERMITTED);
	snprintf(path, sizeof(path), "%s/dangling.db", f->dir);
	assert_int_equal(symlink("/nonexistent/x.db", path), 0);
	assert_int_equal(ks_open(path, &ks), PSA_ERROR_NOT_PERMITTED);
	snprintf(path, sizeof(path), "%s/fifo.db", f->dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(ks_open(path, &ks), PSA_ERROR_NOT_PERMITTED);
	assert_int_equal(ks_open(f->dir, &ks), PSA_ERROR_STORAGE_FAILURE);
	snprintf(path, sizeof(path), "%s/missing/keys.db", f->dir);
	assert_int_equal(ks_open(path, &ks), PSA_ERROR_STORAGE_FAILURE);
	assert_int_equal(ks_open("", &ks), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ks_open(NULL, &ks), PSA_ERROR_INVALID_ARGUMENT);
	assert_null(ks);
	log_configure(LOG_LEVEL_WARN, false);
}

/* Scale: 100k rows, lookups on indexes ----------------------------------- */

#define BIG_ROWS	100000
#define BIG_APPS	1000

/* Every detail line of EXPLAIN QUERY PLAN for one of the store's real
 * statements, joined by " | ". */
static void
query_plan(sqlite3 *db, enum ks_stmt which, char *out, size_t out_size)
{
	char sql[1024];
	sqlite3_stmt *st = NULL;
	size_t len = 0;

	out[0] = '\0';
	snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s", ks_sql_text(which));
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		len += (size_t)snprintf(out + len, out_size - len, "%s | ",
		    (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	assert_true(len < out_size);
}

static void
check_plans(sqlite3 *db)
{
	/* Per-key statements must pin all three index columns; the per-app
	 * listing its first, and get its order from the index. */
	static const struct {
		enum ks_stmt	 which;
		const char	*search;
	} by_id[] = {
#define FULL "SEARCH keys USING INDEX keys_by_id " \
	"(app_name=? AND key_name=? AND provider_id=?)"
		{ KS_ST_COMMIT_KEY, FULL },
		{ KS_ST_ABORT, FULL },
		{ KS_ST_GET, FULL },
		{ KS_ST_MARK_DESTROYING, FULL },
		{ KS_ST_DESTROY_FINISH, FULL },
		{ KS_ST_FORGET, FULL },
		{ KS_ST_LIST_APP,
		    "SEARCH keys USING INDEX keys_by_id (app_name=?)" },
#undef FULL
	};
	char plan[2048];

	for (size_t i = 0; i < sizeof(by_id) / sizeof(*by_id); i++) {
		query_plan(db, by_id[i].which, plan, sizeof(plan));
		if (strstr(plan, by_id[i].search) == NULL)
			fail_msg("statement %d: want \"%s\", plan: %s",
			    (int)by_id[i].which, by_id[i].search, plan);
		if (strstr(plan, "TEMP B-TREE") != NULL)
			fail_msg("statement %d sorts: %s", (int)by_id[i].which,
			    plan);
	}
	query_plan(db, KS_ST_LIST_UNFINISHED, plan, sizeof(plan));
	if (strstr(plan, "USING INDEX keys_unfinished") == NULL &&
	    strstr(plan, "USING COVERING INDEX keys_unfinished") == NULL)
		fail_msg("unfinished listing not on its index: %s", plan);
	/* Listing all clients reads every row by nature; it must at least not
	 * sort them in a temporary tree. */
	query_plan(db, KS_ST_LIST_CLIENTS, plan, sizeof(plan));
	if (strstr(plan, "USING INDEX keys_by_id") == NULL ||
	    strstr(plan, "TEMP B-TREE") != NULL)
		fail_msg("client listing: %s", plan);
}

static void
test_100k_keys_indexed(void **state)
{
	struct fx *f = *state;
	uint8_t ref[32];
	char app[32], key[32];
	struct ks_key_id id;
	struct ks_key *k = NULL;
	size_t count = 0;
	sqlite3_stmt *ins = NULL;
	sqlite3 *db;

	fx_open(f);	/* schema as ks_open makes it */
	ks_close(f->ks);
	f->ks = NULL;
	db = raw_open(f->db);
	raw_exec(db, "BEGIN");
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO keys (app_name, "
	    "key_name, provider_id, key_ref, attrs, created_at, state) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, 0, 'active')", -1, &ins, NULL),
	    SQLITE_OK);
	for (int i = 0; i < BIG_ROWS; i++) {
		snprintf(app, sizeof(app), "app%d", i % BIG_APPS);
		snprintf(key, sizeof(key), "key%d", i);
		memset(ref, i & 0xff, sizeof(ref));
		sqlite3_bind_text(ins, 1, app, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 2, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(ins, 3, 1 + i % 3);
		sqlite3_bind_blob(ins, 4, ref, sizeof(ref), SQLITE_TRANSIENT);
		sqlite3_bind_blob(ins, 5, attrs1, sizeof(attrs1),
		    SQLITE_STATIC);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	raw_exec(db, "COMMIT");
	assert_int_equal(raw_int(db, "SELECT count(*) FROM keys"), BIG_ROWS);
	check_plans(db);
	/* Statistics must not talk the planner out of the index either. */
	raw_exec(db, "ANALYZE");
	check_plans(db);
	sqlite3_close(db);

	fx_open(f);
	id = kid("app777", "key99777", 1 + 99777 % 3);
	assert_int_equal(ks_key_get(f->ks, &id, &k), PSA_SUCCESS);
	assert_int_equal(k->key_ref[0], 99777 & 0xff);
	ks_key_free(k);
	id.provider_id = 1 + (99777 + 1) % 3;
	assert_no_key(f->ks, &id);
	assert_int_equal(ks_key_list_app(f->ks, "app5", count_key, &count),
	    PSA_SUCCESS);
	assert_int_equal(count, BIG_ROWS / BIG_APPS);
	count = 0;
	assert_int_equal(ks_key_list_unfinished(f->ks, count_key, &count),
	    PSA_SUCCESS);
	assert_int_equal(count, 0);
	create_key(f->ks, "app5", "new", 2, ref1, sizeof(ref1));
	id = kid("app5", "new", 2);
	assert_int_equal(ks_key_destroy_begin(f->ks, &id, &k), PSA_SUCCESS);
	ks_key_free(k);
	assert_int_equal(ks_key_destroy_finish(f->ks, &id), PSA_SUCCESS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_validator),
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
		T(test_lifecycle),
		T(test_reserve_duplicate),
		T(test_get_creating),
		T(test_destroy_two_step),
		T(test_list_app_isolation),
		T(test_client_list),
		T(test_unfinished_after_crash),
		T(test_persistence),
		T(test_two_connections),
		T(test_threads),
		T(test_schema_migration),
		T(test_schema_future_version),
		T(test_foreign_database),
		T(test_bad_names),
		T(test_corrupt_file),
		T(test_corrupt_row),
		T(test_file_mode),
		T(test_refused_files),
		T(test_100k_keys_indexed),
#undef T
	};

	log_configure(LOG_LEVEL_WARN, false);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
