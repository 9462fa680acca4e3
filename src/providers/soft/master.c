/* providers/soft/master.c: the soft provider's master key: its file (made
 * once, 0600, never silently replaced), the key-check file that notices a
 * lost or swapped key, and the locked page that holds it in memory.
 * docs/providers/soft.md describes the design. */
#include "providers/soft/soft_int.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include "common/log.h"

#define SOFT_MASTER_FILE	"arcsec-soft-master.key"
#define SOFT_KCV_FILE		"arcsec-soft-master.kcv"
/* Labels: a new derivation or check gets a new version, never a reuse. */
#define SOFT_KCV_LABEL		"arcsec soft master key check v1"
#define SOFT_WRAP_INFO		"arcsec soft key wrap v1"
#define SOFT_KCV_LEN		32u	/* HMAC-SHA-256 */

/* Page layout: the master key, then the key-wrapping key derived from it. */
#define SOFT_PAGE_MASTER_OFF	0u
#define SOFT_PAGE_WRAP_OFF	SOFT_MASTER_KEY_LEN

static psa_status_t
soft_page_alloc(struct soft_master *m)
{
	long page = sysconf(_SC_PAGESIZE);
	void *addr;

	m->sm_page_size = page > 0 ? (size_t)page : 4096u;
	addr = mmap(NULL, m->sm_page_size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (addr == MAP_FAILED) {
		log_warn("soft: mmap for the master key");
		m->sm_page_size = 0;
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	}
	m->sm_page = addr;
	/* Locking keeps the key out of swap; RLIMIT_MEMLOCK may be 0 for an
	 * unprivileged daemon, which only weakens that promise, so it is
	 * not a reason to refuse to start. */
	if (mlock(m->sm_page, m->sm_page_size) == 0)
		m->sm_locked = true;
	else
		log_debug("soft: mlock of the master key page failed: %s "
		    "(key may be swapped out)", strerror(errno));
	if (madvise(m->sm_page, m->sm_page_size, MADV_DONTDUMP) != 0)
		log_debug("soft: madvise(MADV_DONTDUMP): %s", strerror(errno));
	/* Not MADV_WIPEONFORK: a daemon that forked after opening its
	 * providers would go on sealing new keys under a zeroed key. */
	return PSA_SUCCESS;
}

void
soft_master_close(struct soft_master *m)
{
	if (m == NULL || m->sm_page == NULL)
		return;
	OPENSSL_cleanse(m->sm_page, m->sm_page_size);
	if (m->sm_locked)
		(void)munlock(m->sm_page, m->sm_page_size);
	(void)munmap(m->sm_page, m->sm_page_size);
	m->sm_page = NULL;
	m->sm_page_size = 0;
	m->sm_locked = false;
}

const uint8_t *
soft_master_wrap_key(const struct soft_master *m)
{
	return m->sm_page + SOFT_PAGE_WRAP_OFF;
}

/* Read a file that must be exactly `len` bytes, regular, ours, and closed
 * to group and others. DOES_NOT_EXIST if it is absent. */
static psa_status_t
soft_file_read_private(const char *path, const char *what, uint8_t *buf,
    size_t len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct stat st;
	size_t got = 0;
	ssize_t n;
	uint8_t extra;
	int fd, saved_errno;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		saved_errno = errno;
		if (saved_errno == ENOENT)
			return PSA_ERROR_DOES_NOT_EXIST;
		log_warn("soft: %s %s", what, path);
		return saved_errno == EACCES ? PSA_ERROR_NOT_PERMITTED :
		    PSA_ERROR_STORAGE_FAILURE;
	}
	/* Judge the file we opened, not the name: no race with a rename. */
	if (fstat(fd, &st) == -1) {
		log_warn("soft: fstat %s", path);
		status = PSA_ERROR_STORAGE_FAILURE;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		log_warnx("soft: %s %s is not a regular file", what, path);
		status = PSA_ERROR_DATA_INVALID;
		goto out;
	}
	if (st.st_uid != geteuid()) {
		log_warnx("soft: %s %s is owned by uid %u, not by this "
		    "daemon (uid %u); refusing it", what, path,
		    (unsigned)st.st_uid, (unsigned)geteuid());
		status = PSA_ERROR_NOT_PERMITTED;
		goto out;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		log_warnx("soft: %s %s has mode %04o: group or others may "
		    "access it; refusing it (chmod 600 it, and consider the "
		    "key exposed)", what, path, (unsigned)(st.st_mode & 07777));
		status = PSA_ERROR_NOT_PERMITTED;
		goto out;
	}
	if (st.st_size != (off_t)len) {
		log_warnx("soft: %s %s is %lld bytes, expected exactly %zu",
		    what, path, (long long)st.st_size, len);
		status = PSA_ERROR_DATA_INVALID;
		goto out;
	}
	while (got < len) {
		n = read(fd, buf + got, len - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warnx("soft: %s %s: short read", what, path);
			status = PSA_ERROR_STORAGE_FAILURE;
			goto out;
		}
		got += (size_t)n;
	}
	/* The size may have changed since fstat: insist on end of file. */
	if (read(fd, &extra, 1) != 0) {
		log_warnx("soft: %s %s changed while being read", what, path);
		status = PSA_ERROR_DATA_INVALID;
		goto out;
	}
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS)
		OPENSSL_cleanse(buf, len);
	(void)close(fd);
	return status;
}

static psa_status_t
soft_fsync_dir(const char *path)
{
	char *dir = NULL, *slash;
	psa_status_t status = PSA_ERROR_STORAGE_FAILURE;
	int fd = -1;

	if ((dir = strdup(path)) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1) {
		log_warn("soft: fsync of directory %s", dir);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	if (fd != -1)
		(void)close(fd);
	free(dir);
	return status;
}

/* Create `path` holding buf, atomically and never over an existing file:
 * a 0600 temporary (mkostemp: O_CREAT|O_EXCL) written unbuffered, fsync'ed,
 * renamed without replacing, then the directory fsync'ed, so a crash
 * leaves either no file or the whole file. */
static psa_status_t
soft_file_create_private(const char *path, const uint8_t *buf, size_t len)
{
	psa_status_t status = PSA_ERROR_STORAGE_FAILURE;
	char *tmp = NULL;
	size_t done = 0;
	ssize_t n;
	int fd = -1, saved_errno;

	if (asprintf(&tmp, "%s.XXXXXX", path) == -1) {
		tmp = NULL;
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		saved_errno = errno;
		log_warn("soft: create %s", tmp);
		free(tmp);
		return saved_errno == EACCES || saved_errno == EPERM ||
		    saved_errno == EROFS ? PSA_ERROR_NOT_PERMITTED :
		    PSA_ERROR_STORAGE_FAILURE;
	}
	if (fchmod(fd, S_IRUSR | S_IWUSR) == -1) {
		log_warn("soft: chmod %s", tmp);
		goto out;
	}
	while (done < len) {
		n = write(fd, buf + done, len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warn("soft: write %s", tmp);
			goto out;
		}
		done += (size_t)n;
	}
	if (fsync(fd) == -1) {
		log_warn("soft: fsync %s", tmp);
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		log_warn("soft: close %s", tmp);
		goto out;
	}
	fd = -1;
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == -1) {
		/* File systems without RENAME_NOREPLACE: link(2) also
		 * refuses to replace an existing name. */
		if ((errno != EINVAL && errno != ENOSYS) ||
		    link(tmp, path) == -1) {
			saved_errno = errno;
			log_warn("soft: rename %s to %s", tmp, path);
			status = saved_errno == EEXIST ?
			    PSA_ERROR_ALREADY_EXISTS :
			    PSA_ERROR_STORAGE_FAILURE;
			goto out;
		}
		(void)unlink(tmp);
	}
	free(tmp);
	tmp = NULL;
	status = soft_fsync_dir(path);
out:
	if (fd != -1)
		(void)close(fd);
	if (tmp != NULL) {
		(void)unlink(tmp);
		free(tmp);
	}
	return status;
}

/* errno-free existence test: PSA_SUCCESS (exists), DOES_NOT_EXIST, or a
 * storage failure (we cannot tell, so we must not guess). */
static psa_status_t
soft_file_exists(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		return PSA_SUCCESS;
	if (errno == ENOENT)
		return PSA_ERROR_DOES_NOT_EXIST;
	log_warn("soft: stat %s", path);
	return PSA_ERROR_STORAGE_FAILURE;
}

static psa_status_t
soft_kcv_compute(const uint8_t *master, uint8_t kcv[SOFT_KCV_LEN])
{
	static const char label[] = SOFT_KCV_LABEL;
	size_t len = 0;

	if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, master,
	    SOFT_MASTER_KEY_LEN, (const unsigned char *)label,
	    sizeof(label) - 1, kcv, SOFT_KCV_LEN, &len) == NULL ||
	    len != SOFT_KCV_LEN)
		return soft_ossl_status("master key check value",
		    PSA_ERROR_GENERIC_ERROR);
	return PSA_SUCCESS;
}

/* Compare the master key against the key-check file, writing the file if
 * this is the first start with this key. */
static psa_status_t
soft_kcv_check(const char *kcv_path, const char *key_path,
    const uint8_t *master)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t want[SOFT_KCV_LEN], have[SOFT_KCV_LEN];

	if ((status = soft_kcv_compute(master, want)) != PSA_SUCCESS)
		goto out;
	status = soft_file_read_private(kcv_path, "master key check file",
	    have, sizeof(have));
	if (status == PSA_ERROR_DOES_NOT_EXIST) {
		status = soft_file_create_private(kcv_path, want,
		    sizeof(want));
		/* A key handed over read-only (a systemd credential) lives
		 * in a directory we cannot write: run, but say what is
		 * lost. */
		if (status == PSA_ERROR_NOT_PERMITTED) {
			log_warnx("soft: cannot write the master key check "
			    "file %s: a lost or replaced master key will not "
			    "be detected at start-up", kcv_path);
			status = PSA_SUCCESS;
		}
		goto out;
	}
	if (status != PSA_SUCCESS)
		goto out;
	if (CRYPTO_memcmp(want, have, sizeof(want)) != 0) {
		log_warnx("soft: wrong master key: %s does not match the "
		    "key check file %s; keys made with the right key cannot "
		    "be decrypted with this one (restore the original key "
		    "file)", key_path, kcv_path);
		status = PSA_ERROR_DATA_INVALID;
		goto out;
	}
	status = PSA_SUCCESS;
out:
	return status;
}

static psa_status_t
soft_wrap_key_derive(const uint8_t *master, uint8_t *wrap)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	char digest[] = "SHA256";
	char info[] = SOFT_WRAP_INFO;
	EVP_KDF *kdf = NULL;
	EVP_KDF_CTX *kctx = NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_octet_string(OSSL_KDF_PARAM_KEY, (void *)master,
		    SOFT_MASTER_KEY_LEN),
		OSSL_PARAM_octet_string(OSSL_KDF_PARAM_INFO, info,
		    sizeof(info) - 1),
		OSSL_PARAM_END,
	};

	/* The master key is used for the key check (HMAC) and, through
	 * HKDF, for wrapping: one key, one purpose each. */
	if ((kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) == NULL ||
	    (kctx = EVP_KDF_CTX_new(kdf)) == NULL ||
	    EVP_KDF_derive(kctx, wrap, SOFT_WRAP_KEY_LEN, params) != 1) {
		status = soft_ossl_status("wrap key derivation",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);
	return status;
}

static psa_status_t
soft_master_paths(const struct prov_config *cfg, char **key_path,
    char **kcv_path)
{
	char *dir = NULL, *slash;
	psa_status_t status = PSA_ERROR_INSUFFICIENT_MEMORY;

	*key_path = *kcv_path = NULL;
	if (cfg->soft_master_key_path != NULL &&
	    cfg->soft_master_key_path[0] != '\0') {
		if ((*key_path = strdup(cfg->soft_master_key_path)) == NULL)
			goto out;
	} else if (cfg->state_dir == NULL || cfg->state_dir[0] == '\0') {
		log_warnx("soft: no state directory and no master key path");
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	} else if (asprintf(key_path, "%s/%s", cfg->state_dir,
	    SOFT_MASTER_FILE) == -1) {
		*key_path = NULL;
		goto out;
	}
	/* The check file sits beside the key it checks, whatever the key
	 * file is called, so the pair moves (and is backed up) together. */
	if ((dir = strdup(*key_path)) == NULL)
		goto out;
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (asprintf(kcv_path, "%s/%s", dir, SOFT_KCV_FILE) == -1) {
		*kcv_path = NULL;
		goto out;
	}
	status = PSA_SUCCESS;
out:
	free(dir);
	if (status != PSA_SUCCESS) {
		free(*key_path);
		free(*kcv_path);
		*key_path = *kcv_path = NULL;
	}
	return status;
}

psa_status_t
soft_master_open(const struct prov_config *cfg, struct soft_master *m)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	char *key_path = NULL, *kcv_path = NULL;
	uint8_t *master;

	memset(m, 0, sizeof(*m));
	if ((status = soft_master_paths(cfg, &key_path, &kcv_path)) !=
	    PSA_SUCCESS ||
	    (status = soft_page_alloc(m)) != PSA_SUCCESS)
		goto out;
	master = m->sm_page + SOFT_PAGE_MASTER_OFF;

	status = soft_file_read_private(key_path, "master key file", master,
	    SOFT_MASTER_KEY_LEN);
	if (status == PSA_ERROR_DOES_NOT_EXIST) {
		/* A check file without its key means the key was lost: a
		 * new key would silently orphan every stored soft key. */
		status = soft_file_exists(kcv_path);
		if (status == PSA_SUCCESS) {
			log_warnx("soft: master key file %s is missing but "
			    "its check file %s exists: the master key was "
			    "lost, and existing software keys cannot be "
			    "decrypted. Restore the key file; a new key is "
			    "not created while %s exists", key_path, kcv_path,
			    kcv_path);
			status = PSA_ERROR_STORAGE_FAILURE;
			goto out;
		}
		if (status != PSA_ERROR_DOES_NOT_EXIST)
			goto out;
		if (RAND_priv_bytes(master, SOFT_MASTER_KEY_LEN) != 1) {
			status = soft_ossl_status("master key generation",
			    PSA_ERROR_INSUFFICIENT_ENTROPY);
			goto out;
		}
		if ((status = soft_file_create_private(key_path, master,
		    SOFT_MASTER_KEY_LEN)) != PSA_SUCCESS)
			goto out;
		log_info("soft: created a new master key in %s", key_path);
	} else if (status != PSA_SUCCESS)
		goto out;

	if ((status = soft_kcv_check(kcv_path, key_path, master)) !=
	    PSA_SUCCESS ||
	    (status = soft_wrap_key_derive(master,
	    m->sm_page + SOFT_PAGE_WRAP_OFF)) != PSA_SUCCESS)
		goto out;
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS)
		soft_master_close(m);
	free(key_path);
	free(kcv_path);
	return status;
}
