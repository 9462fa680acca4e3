/* tests/unit/soft_test_util.h: scaffolding the soft provider's tests
 * (tests/unit/test_soft_*.c) share: a fresh state directory and provider
 * per test, keys, and the job file through which tests/unit/soft_verify.py
 * checks results with an independent implementation (python3-cryptography,
 * hand-written RFC 8017 padding, the openssl CLI). Header-only: each
 * test_*.c is its own executable. Include after <cmocka.h>. */
#ifndef ARCSEC_TESTS_SOFT_TEST_UTIL_H
#define ARCSEC_TESTS_SOFT_TEST_UTIL_H

#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "providers/provider.h"
#include "psa/sizes.h"

extern const struct provider_ops prov_soft_ops;

#define ST_PYTHON	"/usr/bin/python3"
#define ST_SCRIPT	ARCSEC_SOURCE_DIR "/tests/unit/soft_verify.py"
#define ST_OPS		(&prov_soft_ops.crypto)

#define ST_USAGE_ALL							\
	(PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_ENCRYPT |			\
	 PSA_KEY_USAGE_DECRYPT | PSA_KEY_USAGE_SIGN_MESSAGE |		\
	 PSA_KEY_USAGE_VERIFY_MESSAGE | PSA_KEY_USAGE_SIGN_HASH |	\
	 PSA_KEY_USAGE_VERIFY_HASH | PSA_KEY_USAGE_DERIVE)

struct st_out {
	char	*so_name;
	uint8_t	*so_data;
	size_t	 so_len;
};

struct st_env {
	char		 se_dir[64];
	struct prov	*se_p;
	FILE		*se_jobs;
	size_t		 se_job_count;
	char		 se_jobs_path[128];
	char		 se_out_path[128];
	struct st_out	*se_out;
	size_t		 se_out_count;
};

struct st_key {
	struct psa_key_attrs	 sk_attrs;
	uint8_t			*sk_ref;
	size_t			 sk_ref_len;
	struct prov_key		 sk_pk;
};

static inline void
st_fill_random(uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = getrandom(buf + got, len - got, 0);

		assert_true(n > 0);
		got += (size_t)n;
	}
}

static int
st_rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static inline void
st_out_clear(struct st_env *e)
{
	for (size_t i = 0; i < e->se_out_count; i++) {
		free(e->se_out[i].so_name);
		free(e->se_out[i].so_data);
	}
	free(e->se_out);
	e->se_out = NULL;
	e->se_out_count = 0;
}

/* A fresh directory; the provider opened on it unless open_provider is
 * false (master key tests open it themselves). */
static inline void
st_env_init(struct st_env *e, bool open_provider, bool allow_deprecated)
{
	struct prov_config cfg = { 0 };

	memset(e, 0, sizeof(*e));
	snprintf(e->se_dir, sizeof(e->se_dir), "/tmp/arcsec-soft-XXXXXX");
	assert_non_null(mkdtemp(e->se_dir));
	snprintf(e->se_jobs_path, sizeof(e->se_jobs_path), "%s/jobs",
	    e->se_dir);
	snprintf(e->se_out_path, sizeof(e->se_out_path), "%s/out", e->se_dir);
	if (!open_provider)
		return;
	cfg.name = "soft-test";
	cfg.state_dir = e->se_dir;
	cfg.allow_deprecated = allow_deprecated;
	assert_int_equal(prov_soft_ops.open(&cfg, &e->se_p), PSA_SUCCESS);
	assert_non_null(e->se_p);
}

static inline void
st_env_fini(struct st_env *e)
{
	if (e->se_p != NULL)
		prov_soft_ops.close(e->se_p);
	e->se_p = NULL;
	if (e->se_jobs != NULL)
		fclose(e->se_jobs);
	e->se_jobs = NULL;
	st_out_clear(e);
	assert_int_equal(nftw(e->se_dir, st_rm_one, 8, FTW_DEPTH | FTW_PHYS),
	    0);
}

static inline void
st_key_bind(struct st_key *k)
{
	k->sk_pk.pk_attrs = &k->sk_attrs;
	k->sk_pk.pk_ref = k->sk_ref;
	k->sk_pk.pk_ref_len = k->sk_ref_len;
}

static inline void
st_key_free(struct st_key *k)
{
	if (k->sk_ref != NULL) {
		explicit_bzero(k->sk_ref, k->sk_ref_len);
		free(k->sk_ref);
	}
	memset(k, 0, sizeof(*k));
}

static inline void
st_attrs(struct st_key *k, psa_key_type_t type, size_t bits,
    psa_key_usage_t usage, psa_algorithm_t alg)
{
	memset(k, 0, sizeof(*k));
	k->sk_attrs.type = type;
	k->sk_attrs.bits = bits;
	k->sk_attrs.usage = usage;
	k->sk_attrs.alg = alg;
	k->sk_attrs.is_persistent = true;
}

static inline psa_status_t
st_gen_status(struct st_env *e, struct st_key *k, psa_key_type_t type,
    size_t bits, psa_algorithm_t alg)
{
	psa_status_t status;

	st_attrs(k, type, bits, ST_USAGE_ALL, alg);
	status = ST_OPS->generate_key(e->se_p, &k->sk_attrs, &k->sk_ref,
	    &k->sk_ref_len);
	if (status == PSA_SUCCESS) {
		assert_non_null(k->sk_ref);
		assert_true(k->sk_ref_len > 0);
	} else {
		assert_null(k->sk_ref);
		assert_int_equal(k->sk_ref_len, 0);
	}
	st_key_bind(k);
	return status;
}

static inline void
st_gen(struct st_env *e, struct st_key *k, psa_key_type_t type, size_t bits,
    psa_algorithm_t alg)
{
	assert_int_equal(st_gen_status(e, k, type, bits, alg), PSA_SUCCESS);
}

/* Import with attrs bits (0: from the data); on success k holds the key
 * with the size the provider reported, as the dispatcher stores it. */
static inline psa_status_t
st_import(struct st_env *e, struct st_key *k, psa_key_type_t type,
    size_t bits, psa_algorithm_t alg, const uint8_t *data, size_t len)
{
	size_t found = 12345;
	psa_status_t status;

	st_attrs(k, type, bits, ST_USAGE_ALL, alg);
	status = ST_OPS->import_key(e->se_p, &k->sk_attrs, data, len, &found,
	    &k->sk_ref, &k->sk_ref_len);
	if (status == PSA_SUCCESS) {
		assert_true(found != 0);
		if (bits != 0)
			assert_int_equal(found, bits);
		k->sk_attrs.bits = found;
	} else {
		assert_null(k->sk_ref);
		assert_int_equal(k->sk_ref_len, 0);
	}
	st_key_bind(k);
	return status;
}

/* ---- Jobs for soft_verify.py ------------------------------------------ */

static inline void
st_job(struct st_env *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline void
st_job(struct st_env *e, const char *fmt, ...)
{
	va_list ap;

	if (e->se_jobs == NULL)
		assert_non_null(e->se_jobs = fopen(e->se_jobs_path, "w"));
	va_start(ap, fmt);
	vfprintf(e->se_jobs, fmt, ap);
	va_end(ap);
}

static inline void
st_jhex(struct st_env *e, const char *key, const uint8_t *buf, size_t len)
{
	st_job(e, " %s=", key);
	for (size_t i = 0; i < len; i++)
		fprintf(e->se_jobs, "%02x", buf[i]);
}

static inline void
st_jend(struct st_env *e)
{
	st_job(e, "\n");
	e->se_job_count++;
}

static inline int
st_unhex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static inline void
st_out_load(struct st_env *e)
{
	FILE *f;
	char *line = NULL, *sp;
	size_t cap = 0;
	ssize_t n;

	st_out_clear(e);
	assert_non_null(f = fopen(e->se_out_path, "r"));
	while ((n = getline(&line, &cap, f)) > 0) {
		struct st_out *o;
		size_t hex_len;

		if (line[n - 1] == '\n')
			line[--n] = '\0';
		assert_non_null(sp = strchr(line, ' '));
		*sp++ = '\0';
		hex_len = strlen(sp);
		assert_int_equal(hex_len % 2, 0);
		e->se_out = realloc(e->se_out, (e->se_out_count + 1) *
		    sizeof(*e->se_out));
		assert_non_null(e->se_out);
		o = &e->se_out[e->se_out_count++];
		assert_non_null(o->so_name = strdup(line));
		o->so_len = hex_len / 2;
		assert_non_null(o->so_data = malloc(o->so_len + 1));
		for (size_t i = 0; i < o->so_len; i++) {
			int hi = st_unhex(sp[2 * i]);
			int lo = st_unhex(sp[2 * i + 1]);

			assert_true(hi >= 0 && lo >= 0);
			o->so_data[i] = (uint8_t)(hi << 4 | lo);
		}
	}
	free(line);
	fclose(f);
}

/* Run soft_verify.py over the jobs written so far: every one must pass.
 * Nothing is skipped: a missing interpreter or library fails the test. */
static inline void
st_run(struct st_env *e)
{
	char cmd[512];
	int rc;

	assert_true(e->se_job_count > 0);
	assert_non_null(e->se_jobs);
	assert_int_equal(fclose(e->se_jobs), 0);
	e->se_jobs = NULL;
	snprintf(cmd, sizeof(cmd), "%s %s %s %s", ST_PYTHON, ST_SCRIPT,
	    e->se_jobs_path, e->se_out_path);
	rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "soft_verify.py failed (%d) on %zu jobs; "
		    "see the lines above\n", rc, e->se_job_count);
	assert_int_equal(rc, 0);
	e->se_job_count = 0;
	st_out_load(e);
}

static inline const uint8_t *
st_get(struct st_env *e, const char *name, size_t *len)
{
	for (size_t i = 0; i < e->se_out_count; i++)
		if (strcmp(e->se_out[i].so_name, name) == 0) {
			*len = e->se_out[i].so_len;
			return e->se_out[i].so_data;
		}
	fail_msg("soft_verify.py produced no \"%s\"", name);
	return NULL;
}

/* hashlib's name of a PSA hash. */
static inline const char *
st_hash_name(psa_algorithm_t hash)
{
	switch (hash) {
	case PSA_ALG_MD5:		return "md5";
	case PSA_ALG_RIPEMD160:		return "ripemd160";
	case PSA_ALG_SHA_1:		return "sha1";
	case PSA_ALG_SHA_224:		return "sha224";
	case PSA_ALG_SHA_256:		return "sha256";
	case PSA_ALG_SHA_384:		return "sha384";
	case PSA_ALG_SHA_512:		return "sha512";
	case PSA_ALG_SHA_512_224:	return "sha512_224";
	case PSA_ALG_SHA_512_256:	return "sha512_256";
	case PSA_ALG_SHA3_224:		return "sha3_224";
	case PSA_ALG_SHA3_256:		return "sha3_256";
	case PSA_ALG_SHA3_384:		return "sha3_384";
	case PSA_ALG_SHA3_512:		return "sha3_512";
	case PSA_ALG_SM3:		return "sm3";
	default:			fail_msg("no hash name");
	}
	return NULL;
}

static inline void
st_write_file(const char *path, const uint8_t *data, size_t len)
{
	FILE *f;

	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Quiet the provider's deliberate warnings unless a test is debugged. */
static inline void
st_log_quiet(void)
{
	log_configure(getenv("ARCSEC_TEST_DEBUG") != NULL ? LOG_LEVEL_DEBUG :
	    LOG_LEVEL_ERROR, false);
}

#endif
