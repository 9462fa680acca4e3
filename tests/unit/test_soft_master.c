/* tests/unit/test_soft_master.c: the soft provider's master key file:
 * created once with mode 0600, reused, never silently replaced when lost,
 * refused when wrong, exposed, foreign or malformed
 * (src/providers/soft/master.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>

#include "soft_test_util.h"

struct mt {
	struct st_env	 e;
	char		 key_path[128];
	char		 kcv_path[128];
	struct prov_config cfg;
};

static void
mt_init(struct mt *m)
{
	st_env_init(&m->e, false, false);
	snprintf(m->key_path, sizeof(m->key_path),
	    "%s/arcsec-soft-master.key", m->e.se_dir);
	snprintf(m->kcv_path, sizeof(m->kcv_path),
	    "%s/arcsec-soft-master.kcv", m->e.se_dir);
	memset(&m->cfg, 0, sizeof(m->cfg));
	m->cfg.name = "soft-test";
	m->cfg.state_dir = m->e.se_dir;
}

static psa_status_t
mt_open(struct mt *m, struct prov **p)
{
	*p = NULL;
	return prov_soft_ops.open(&m->cfg, p);
}

static void
mt_open_close(struct mt *m)
{
	struct prov *p;

	assert_int_equal(mt_open(m, &p), PSA_SUCCESS);
	prov_soft_ops.close(p);
}

static void
mt_read(const char *path, uint8_t *buf, size_t size, size_t *len)
{
	FILE *f;

	assert_non_null(f = fopen(path, "r"));
	*len = fread(buf, 1, size, f);
	fclose(f);
}

static void
test_master_created_0600(void **state)
{
	struct mt m;
	struct stat st;
	uint8_t key[64], kcv[64];
	size_t key_len, kcv_len;

	(void)state;
	mt_init(&m);
	mt_open_close(&m);
	assert_int_equal(stat(m.key_path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_uid, geteuid());
	assert_int_equal(st.st_size, 32);
	assert_int_equal(stat(m.kcv_path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, 32);
	/* No temporary file is left behind. */
	{
		char cmd[256];

		snprintf(cmd, sizeof(cmd), "test $(ls -A %s | wc -l) -eq 2",
		    m.e.se_dir);
		assert_int_equal(system(cmd), 0);
	}
	/* The key is random, and the check value is not the key. */
	mt_read(m.key_path, key, sizeof(key), &key_len);
	mt_read(m.kcv_path, kcv, sizeof(kcv), &kcv_len);
	assert_int_equal(key_len, 32);
	assert_int_equal(kcv_len, 32);
	assert_memory_not_equal(key, kcv, 32);
	st_env_fini(&m.e);
}

static void
test_master_reopen_same_key(void **state)
{
	struct mt m;
	struct prov *p;
	struct st_key k;
	uint8_t key1[32], key2[32], out1[32], out2[32];
	size_t len = 0, out_len = 0;

	(void)state;
	mt_init(&m);
	assert_int_equal(mt_open(&m, &p), PSA_SUCCESS);
	m.e.se_p = p;
	st_gen(&m.e, &k, PSA_KEY_TYPE_AES, 256, PSA_ALG_CTR);
	assert_int_equal(ST_OPS->export_key(p, &k.sk_pk, out1, sizeof(out1),
	    &out_len), PSA_SUCCESS);
	prov_soft_ops.close(p);
	m.e.se_p = NULL;
	mt_read(m.key_path, key1, sizeof(key1), &len);

	/* A second start reads the same key and opens the old blob. */
	assert_int_equal(mt_open(&m, &p), PSA_SUCCESS);
	mt_read(m.key_path, key2, sizeof(key2), &len);
	assert_memory_equal(key1, key2, 32);
	assert_int_equal(ST_OPS->export_key(p, &k.sk_pk, out2, sizeof(out2),
	    &out_len), PSA_SUCCESS);
	assert_int_equal(out_len, 32);
	assert_memory_equal(out1, out2, 32);
	prov_soft_ops.close(p);
	st_key_free(&k);
	st_env_fini(&m.e);
}

static void
test_master_missing_with_kcv_refused(void **state)
{
	struct mt m;
	struct prov *p;
	struct stat st;

	(void)state;
	mt_init(&m);
	mt_open_close(&m);
	assert_int_equal(unlink(m.key_path), 0);
	assert_int_equal(mt_open(&m, &p), PSA_ERROR_STORAGE_FAILURE);
	assert_null(p);
	/* ...and no new key was made in its place. */
	assert_int_equal(stat(m.key_path, &st), -1);
	assert_int_equal(errno, ENOENT);
	/* Removing the check file is the operator's explicit "start over". */
	assert_int_equal(unlink(m.kcv_path), 0);
	mt_open_close(&m);
	st_env_fini(&m.e);
}

static void
test_master_wrong_key_refused(void **state)
{
	struct mt m;
	struct prov *p;
	uint8_t other[32];
	int fd;

	(void)state;
	mt_init(&m);
	mt_open_close(&m);
	st_fill_random(other, sizeof(other));
	assert_int_equal(unlink(m.key_path), 0);
	assert_true((fd = open(m.key_path, O_WRONLY | O_CREAT | O_EXCL,
	    0600)) >= 0);
	assert_int_equal(write(fd, other, sizeof(other)), 32);
	close(fd);
	assert_int_equal(mt_open(&m, &p), PSA_ERROR_DATA_INVALID);
	assert_null(p);
	st_env_fini(&m.e);
}

static void
test_master_exposed_mode_refused(void **state)
{
	static const mode_t bad[] = { 0644, 0640, 0604, 0660, 0602, 0610 };
	struct mt m;
	struct prov *p;

	(void)state;
	mt_init(&m);
	mt_open_close(&m);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(chmod(m.key_path, bad[i]), 0);
		assert_int_equal(mt_open(&m, &p), PSA_ERROR_NOT_PERMITTED);
		assert_null(p);
	}
	/* Stricter than 0600 is fine. */
	assert_int_equal(chmod(m.key_path, 0400), 0);
	mt_open_close(&m);
	st_env_fini(&m.e);
}

static void
test_master_bad_size_refused(void **state)
{
	static const size_t sizes[] = { 0, 31, 33, 64 };
	struct mt m;
	struct prov *p;
	uint8_t junk[64] = { 1 };

	(void)state;
	mt_init(&m);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		int fd;

		(void)unlink(m.key_path);
		(void)unlink(m.kcv_path);
		assert_true((fd = open(m.key_path, O_WRONLY | O_CREAT |
		    O_TRUNC, 0600)) >= 0);
		assert_int_equal(write(fd, junk, sizes[i]), (ssize_t)sizes[i]);
		close(fd);
		assert_int_equal(mt_open(&m, &p), PSA_ERROR_DATA_INVALID);
		assert_null(p);
	}
	st_env_fini(&m.e);
}

static void
test_master_foreign_owner_refused(void **state)
{
	struct mt m;
	struct prov *p;

	(void)state;
	if (geteuid() != 0) {
		/* Only root can give a file away; say so rather than pass. */
		print_message("not root: cannot chown the key file to "
		    "another user; foreign-owner case not run\n");
		skip();
	}
	mt_init(&m);
	mt_open_close(&m);
	assert_int_equal(chown(m.key_path, 65534, 65534), 0);
	assert_int_equal(mt_open(&m, &p), PSA_ERROR_NOT_PERMITTED);
	assert_null(p);
	st_env_fini(&m.e);
}

static void
test_master_not_regular_refused(void **state)
{
	struct mt m;
	struct prov *p;

	(void)state;
	mt_init(&m);
	assert_int_equal(mkdir(m.key_path, 0700), 0);
	assert_int_not_equal(mt_open(&m, &p), PSA_SUCCESS);
	assert_null(p);
	assert_int_equal(rmdir(m.key_path), 0);
	st_env_fini(&m.e);
}

static void
test_master_explicit_path(void **state)
{
	struct mt m;
	struct prov *p;
	struct stat st;
	char sub[160], custom[192], kcv[192];

	(void)state;
	mt_init(&m);
	snprintf(sub, sizeof(sub), "%s/keys", m.e.se_dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(custom, sizeof(custom), "%s/elsewhere.key", sub);
	snprintf(kcv, sizeof(kcv), "%s/arcsec-soft-master.kcv", sub);
	m.cfg.soft_master_key_path = custom;
	mt_open_close(&m);
	assert_int_equal(stat(custom, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, 32);
	/* The default name was not used; the check file is beside the
	 * key, not in state_dir. */
	assert_int_equal(stat(m.key_path, &st), -1);
	assert_int_equal(stat(m.kcv_path, &st), -1);
	assert_int_equal(stat(kcv, &st), 0);
	mt_open_close(&m);
	/* Loss detection follows the key to its directory. */
	assert_int_equal(unlink(custom), 0);
	assert_int_equal(mt_open(&m, &p), PSA_ERROR_STORAGE_FAILURE);
	st_env_fini(&m.e);
}

static void
test_master_missing_dir(void **state)
{
	struct mt m;
	struct prov *p;
	char gone[160];

	(void)state;
	mt_init(&m);
	snprintf(gone, sizeof(gone), "%s/no/such/dir", m.e.se_dir);
	m.cfg.state_dir = gone;
	assert_int_not_equal(mt_open(&m, &p), PSA_SUCCESS);
	assert_null(p);
	m.cfg.state_dir = NULL;		/* and no key path either */
	assert_int_equal(mt_open(&m, &p), PSA_ERROR_INVALID_ARGUMENT);
	st_env_fini(&m.e);
}

/* A blob sealed under one master key does not open under another. */
static void
test_master_other_key_cannot_open(void **state)
{
	struct st_env a, b;
	struct st_key k;
	uint8_t out[32];
	size_t out_len = 99;

	(void)state;
	st_env_init(&a, true, false);
	st_env_init(&b, true, false);
	st_gen(&a, &k, PSA_KEY_TYPE_AES, 256, PSA_ALG_CTR);
	assert_int_equal(ST_OPS->export_key(b.se_p, &k.sk_pk, out,
	    sizeof(out), &out_len), PSA_ERROR_DATA_CORRUPT);
	assert_int_equal(out_len, 0);
	st_key_free(&k);
	st_env_fini(&a);
	st_env_fini(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_master_created_0600),
		cmocka_unit_test(test_master_reopen_same_key),
		cmocka_unit_test(test_master_missing_with_kcv_refused),
		cmocka_unit_test(test_master_wrong_key_refused),
		cmocka_unit_test(test_master_exposed_mode_refused),
		cmocka_unit_test(test_master_bad_size_refused),
		cmocka_unit_test(test_master_foreign_owner_refused),
		cmocka_unit_test(test_master_not_regular_refused),
		cmocka_unit_test(test_master_explicit_path),
		cmocka_unit_test(test_master_missing_dir),
		cmocka_unit_test(test_master_other_key_cannot_open),
	};

	st_log_quiet();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
