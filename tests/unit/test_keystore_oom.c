/* test_keystore_oom.c: the key store with its N-th allocation failing, for
 * every N until a whole key's life runs clean (STYLE.md §11, "fail on
 * purpose", as SQLite's own test_malloc.c does).
 *
 * Its own executable because SQLITE_CONFIG_MALLOC must be set before SQLite
 * initialises. The key store allocates its records and lists with
 * sqlite3_malloc too, so one hook covers SQLite and us. After each run the
 * hook's count of live allocations must be back where it started, and the
 * file, reopened with allocation working, must hold a consistent row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include "common/log.h"
#include "keystore/keystore.h"

/* Fault-injecting allocator ----------------------------------------------- */

static sqlite3_mem_methods real_mem;
static long fault_countdown = -1;	/* allocations left before failing */
static bool fault_sticky;		/* keep failing once failed */
static bool fault_hit;
static long live_allocs;

static bool
fault_now(void)
{
	if (fault_countdown < 0)
		return false;
	if (fault_hit && fault_sticky)
		return true;
	if (fault_countdown == 0) {
		fault_countdown = -1;
		fault_hit = true;
		if (fault_sticky)
			fault_countdown = 0;
		return true;
	}
	fault_countdown--;
	return false;
}

static void *
oom_malloc(int n)
{
	void *p;

	if (fault_now())
		return NULL;
	if ((p = real_mem.xMalloc(n)) != NULL)
		live_allocs++;
	return p;
}

static void
oom_free(void *p)
{
	if (p != NULL)
		live_allocs--;
	real_mem.xFree(p);
}

static void *
oom_realloc(void *p, int n)
{
	if (fault_now())
		return NULL;	/* p stays valid, as realloc promises */
	return real_mem.xRealloc(p, n);
}

static int
oom_size(void *p)
{
	return real_mem.xSize(p);
}

static int
oom_roundup(int n)
{
	return real_mem.xRoundup(n);
}

static int
oom_init(void *app)
{
	return real_mem.xInit(app);
}

static void
oom_shutdown(void *app)
{
	real_mem.xShutdown(app);
}

static void
fault_arm(long n, bool sticky)
{
	fault_hit = false;
	fault_sticky = sticky;
	fault_countdown = n;
}

static void
fault_disarm(void)
{
	fault_countdown = -1;
}

/* Fixture ---------------------------------------------------------------- */

struct fx {
	char	dir[256];
	char	db[512];
};

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "%s/arcsec-ksoom-XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/keys.db", f->dir);
	*state = f;
	return 0;
}

static void
rm_store(const struct fx *f)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	char path[600];

	for (size_t i = 0; i < sizeof(sfx) / sizeof(*sfx); i++) {
		snprintf(path, sizeof(path), "%s%s", f->db, sfx[i]);
		unlink(path);
	}
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	rm_store(f);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* One key's life ----------------------------------------------------------- */

static const uint8_t attrs[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t ref[] = { 0xa5, 0x5a, 0x00, 0xff, 0x10 };

enum step {
	STEP_OPEN, STEP_RESERVE, STEP_COMMIT, STEP_GET, STEP_LIST,
	STEP_CLIENTS, STEP_DESTROY_BEGIN, STEP_DESTROY_FINISH, STEP_UNFINISHED,
	STEP_DONE
};

static const char *const step_names[] = {
	"open", "reserve", "commit", "get", "list_app", "client_list",
	"destroy_begin", "destroy_finish", "list_unfinished", "done",
};

static psa_status_t
count_cb(void *ctx, const struct ks_key *k)
{
	(void)k;
	++*(int *)ctx;
	return PSA_SUCCESS;
}

static psa_status_t
count_app_cb(void *ctx, const char *app)
{
	(void)app;
	++*(int *)ctx;
	return PSA_SUCCESS;
}

/* Run the whole life; return the step that failed (STEP_DONE if none) and
 * its status. Closes the store in every case, while faults are still on. */
static enum step
run_life(const char *db, psa_status_t *status_out)
{
	struct ks_key_id id = { "oom-app", "oom-key", 3 };
	struct ks *ks = NULL;
	struct ks_key *k = NULL;
	psa_status_t status;
	enum step step = STEP_OPEN;
	int n = 0;

	if ((status = ks_open(db, &ks)) != PSA_SUCCESS)
		goto out;
	step = STEP_RESERVE;
	if ((status = ks_key_reserve(ks, &id, attrs, sizeof(attrs))) !=
	    PSA_SUCCESS)
		goto out;
	step = STEP_COMMIT;
	if ((status = ks_key_commit(ks, &id, ref, sizeof(ref), NULL, 0)) != PSA_SUCCESS)
		goto out;
	step = STEP_GET;
	if ((status = ks_key_get(ks, &id, &k)) != PSA_SUCCESS)
		goto out;
	/* Success must mean the right bytes, not a half-filled record. */
	assert_int_equal(k->key_ref_len, sizeof(ref));
	assert_memory_equal(k->key_ref, ref, sizeof(ref));
	assert_int_equal(k->attrs_len, sizeof(attrs));
	assert_memory_equal(k->attrs, attrs, sizeof(attrs));
	ks_key_free(k);
	k = NULL;
	step = STEP_LIST;
	if ((status = ks_key_list_app(ks, id.app_name, count_cb, &n)) !=
	    PSA_SUCCESS)
		goto out;
	assert_int_equal(n, 1);
	step = STEP_CLIENTS;
	n = 0;
	if ((status = ks_client_list(ks, count_app_cb, &n)) != PSA_SUCCESS)
		goto out;
	assert_int_equal(n, 1);
	step = STEP_DESTROY_BEGIN;
	if ((status = ks_key_destroy_begin(ks, &id, &k)) != PSA_SUCCESS)
		goto out;
	assert_memory_equal(k->key_ref, ref, sizeof(ref));
	ks_key_free(k);
	k = NULL;
	step = STEP_DESTROY_FINISH;
	if ((status = ks_key_destroy_finish(ks, &id)) != PSA_SUCCESS)
		goto out;
	step = STEP_UNFINISHED;
	n = 0;
	if ((status = ks_key_list_unfinished(ks, count_cb, &n)) != PSA_SUCCESS)
		goto out;
	assert_int_equal(n, 0);
	step = STEP_DONE;
out:
	ks_key_free(k);
	ks_close(ks);
	*status_out = status;
	return step;
}

/* With allocation working again, the file must open and the key be in a
 * state the failed step can explain; then clean up through the API. */
static void
check_consistent(const char *db, enum step failed)
{
	struct ks_key_id id = { "oom-app", "oom-key", 3 };
	struct ks *ks = NULL;
	struct ks_key *k = NULL;
	psa_status_t got;
	int unfinished = 0;

	assert_int_equal(ks_open(db, &ks), PSA_SUCCESS);
	got = ks_key_get(ks, &id, &k);
	assert_int_equal(ks_key_list_unfinished(ks, count_cb, &unfinished),
	    PSA_SUCCESS);
	switch (failed) {
	case STEP_OPEN:
	case STEP_RESERVE:
		/* A failed reserve may or may not have committed (a
		 * reported failure after the commit point is allowed); the
		 * row is then 'creating', never 'active'. */
		assert_int_equal(got, PSA_ERROR_DOES_NOT_EXIST);
		assert_true(unfinished <= 1);
		break;
	case STEP_COMMIT:
		assert_true((got == PSA_SUCCESS && unfinished == 0) ||
		    (got == PSA_ERROR_DOES_NOT_EXIST && unfinished == 1));
		break;
	case STEP_GET:
	case STEP_LIST:
	case STEP_CLIENTS:
		assert_int_equal(got, PSA_SUCCESS);
		assert_int_equal(unfinished, 0);
		break;
	case STEP_DESTROY_BEGIN:
		assert_true((got == PSA_SUCCESS && unfinished == 0) ||
		    (got == PSA_ERROR_DOES_NOT_EXIST && unfinished == 1));
		break;
	case STEP_DESTROY_FINISH:
		assert_int_equal(got, PSA_ERROR_DOES_NOT_EXIST);
		assert_true(unfinished <= 1);
		break;
	case STEP_UNFINISHED:
	case STEP_DONE:
		assert_int_equal(got, PSA_ERROR_DOES_NOT_EXIST);
		assert_int_equal(unfinished, 0);
		break;
	}
	if (got == PSA_SUCCESS) {
		assert_memory_equal(k->key_ref, ref, sizeof(ref));
		ks_key_free(k);
	}
	got = ks_key_forget(ks, &id);
	assert_true(got == PSA_SUCCESS || got == PSA_ERROR_DOES_NOT_EXIST);
	ks_close(ks);
}

static void
fail_every_allocation(const struct fx *f, bool sticky)
{
	unsigned fails[STEP_DONE + 1] = { 0 };
	unsigned nomem = 0, storage = 0;
	psa_status_t status;
	enum step step;
	long base, n;

	/* Warm SQLite's lazily made globals up, then count from there. */
	step = run_life(f->db, &status);
	assert_int_equal(step, STEP_DONE);
	rm_store(f);
	base = live_allocs;
	for (n = 0;; n++) {
		fault_arm(n, sticky);
		step = run_life(f->db, &status);
		fault_disarm();
		assert_int_equal(live_allocs, base);	/* no leak, any path */
		if (step != STEP_DONE) {
			/* A failed step says so with a status that names
			 * memory or storage, never a false "corrupt". */
			if (status == PSA_ERROR_INSUFFICIENT_MEMORY)
				nomem++;
			else if (status == PSA_ERROR_STORAGE_FAILURE)
				storage++;
			else
				fail_msg("N=%ld %s step %s: %s", n,
				    sticky ? "sticky" : "once",
				    step_names[step], psa_status_name(status));
			assert_true(fault_hit);
		}
		fails[step]++;
		check_consistent(f->db, step);
		assert_int_equal(live_allocs, base);
		rm_store(f);
		if (!fault_hit)
			break;	/* N passed the last allocation: done */
		assert_true(n < 100000);
	}
	print_message("%s faults: %ld allocations in one key's life; "
	    "INSUFFICIENT_MEMORY %u, STORAGE_FAILURE %u; absorbed %u\n",
	    sticky ? "sticky" : "one-shot", n, nomem, storage,
	    fails[STEP_DONE] - 1);
	for (int s = 0; s < STEP_DONE; s++)
		if (fails[s] != 0)
			print_message("  failed in %-16s %u times\n",
			    step_names[s], fails[s]);
	/* Every step allocates, so every step must have been hit. */
	for (int s = 0; s < STEP_DONE; s++)
		assert_true(fails[s] > 0);
}

static void
test_oom_once(void **state)
{
	fail_every_allocation(*state, false);
}

static void
test_oom_sticky(void **state)
{
	fail_every_allocation(*state, true);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_oom_once, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_oom_sticky, fx_setup,
		    fx_teardown),
	};
	static const sqlite3_mem_methods oom_mem = {
		oom_malloc, oom_free, oom_realloc, oom_size, oom_roundup,
		oom_init, oom_shutdown, NULL,
	};

	/* Must precede sqlite3_initialize(), i.e. any other SQLite call. */
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_MALLOC, &oom_mem) != SQLITE_OK) {
		fprintf(stderr, "cannot hook SQLite's allocator\n");
		return 1;
	}
	log_configure(LOG_LEVEL_ERROR, false);	/* thousands of failures */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
