/* identity/cert.c: the DevID's certificate and chain: checked against the
 * key and against each other on install, stored as files of the DevID's
 * generation, read back for `devid show`. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "identity/identity_int.h"
#include "identity/x509.h"

#define CERT_PEM_MAX	(256u * 1024u)	/* a chain of a few certificates */
#define CERT_CHAIN_MAX	8u

bool
idn_cert_paths(const char *state_dir, uint32_t generation, char *cert_path,
    char *chain_path, size_t path_size)
{
	const char *dir = state_dir != NULL ? state_dir :
	    ARCSEC_IDENTITY_DIR_DEFAULT;
	int n1, n2;

	n1 = snprintf(cert_path, path_size, "%s/devid-%u.crt.pem", dir,
	    generation);
	n2 = snprintf(chain_path, path_size, "%s/devid-%u.chain.pem", dir,
	    generation);
	return n1 > 0 && (size_t)n1 < path_size && n2 > 0 &&
	    (size_t)n2 < path_size;
}

/* Every certificate in PEM text, in order; NULL with *why if there is none
 * or one does not parse. */
static STACK_OF(X509) *
cert_parse_all(const char *pem, const char *what, char *why, size_t why_size)
{
	STACK_OF(X509) *certs = NULL;
	BIO *bio = NULL;
	X509 *x;

	if (strlen(pem) > CERT_PEM_MAX) {
		idn_fail(why, why_size, 0, "%s: more than %u bytes", what,
		    CERT_PEM_MAX);
		return NULL;
	}
	if ((certs = sk_X509_new_null()) == NULL ||
	    (bio = BIO_new_mem_buf(pem, -1)) == NULL)
		goto fail;
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (sk_X509_num(certs) >= (int)CERT_CHAIN_MAX ||
		    sk_X509_push(certs, x) <= 0) {
			X509_free(x);
			idn_fail(why, why_size, 0, "%s: more than %u "
			    "certificates", what, CERT_CHAIN_MAX);
			goto fail;
		}
	}
	/* The loop ends at the end of the text or at a block that is not a
	 * certificate; only the first is fine. */
	if (ERR_GET_REASON(ERR_peek_last_error()) != PEM_R_NO_START_LINE ||
	    sk_X509_num(certs) == 0) {
		idn_fail(why, why_size, 0, "%s: not PEM certificates", what);
		goto fail;
	}
	ERR_clear_error();
	BIO_free(bio);
	return certs;
fail:
	ERR_clear_error();
	BIO_free(bio);
	sk_X509_pop_free(certs, X509_free);
	return NULL;
}

/* Each certificate was issued by the next: name and signature. */
static arcsec_status_t
cert_check_links(STACK_OF(X509) *all, char *why, size_t why_size)
{
	for (int i = 0; i + 1 < sk_X509_num(all); i++) {
		X509 *child = sk_X509_value(all, i);
		X509 *issuer = sk_X509_value(all, i + 1);
		EVP_PKEY *key = X509_get0_pubkey(issuer);

		if (X509_NAME_cmp(X509_get_issuer_name(child),
		    X509_get_subject_name(issuer)) != 0)
			return idn_fail(why, why_size,
			    ARCSEC_PSA_ERROR_INVALID_ARGUMENT, "chain: "
			    "certificate %d was not issued by certificate %d "
			    "(issuer and subject names differ)", i, i + 1);
		if (key == NULL || X509_verify(child, key) != 1) {
			ERR_clear_error();
			return idn_fail(why, why_size,
			    ARCSEC_PSA_ERROR_INVALID_ARGUMENT, "chain: the "
			    "signature of certificate %d does not verify with "
			    "the key of certificate %d", i, i + 1);
		}
	}
	return ARCSEC_SUCCESS;
}

/* The DevID's public key as OpenSSL's. */
static arcsec_status_t
cert_devid_pkey(struct arcsec_client *c, const struct arcsec_devid *d,
    EVP_PKEY **out, char *why, size_t why_size)
{
	uint8_t saved = 0;
	const char *what = NULL;
	arcsec_status_t status;

	*out = NULL;
	status = idn_provider_use(c, d->dv_provider_id, &saved);
	if (status == ARCSEC_SUCCESS)
		status = x509_key_pkey(c, d->dv_key_name, &d->dv_attrs, out,
		    &what);
	idn_provider_restore(c, saved);
	if (status == ARCSEC_ERR_PROTOCOL && what != NULL)
		return idn_fail(why, why_size, status, "the DevID's public "
		    "key: %s", what);
	return status;
}

bool
idn_write_file(const char *path, const uint8_t *data, size_t len,
    mode_t mode)
{
	char tmp[4096];
	size_t done = 0;
	ssize_t n;
	int fd;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return false;
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, mode)) == -1)
		return false;
	while (done < len) {
		if ((n = write(fd, data + done, len - done)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			break;
		}
		done += (size_t)n;
	}
	if (done != len || fsync(fd) != 0) {
		close(fd);
		unlink(tmp);
		return false;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return false;
	}
	return true;
}

/* Write `text` to `path` so that a reader sees the old file or the whole
 * new one. */
static bool
cert_write_file(const char *path, const char *text)
{
	return idn_write_file(path, (const uint8_t *)text, strlen(text), 0644);
}

/* PEM text of certificates [from, to) of `all`; malloc'd. */
static char *
cert_pem_of(STACK_OF(X509) *all, int from, int to)
{
	BIO *bio;
	char *data, *out = NULL;
	long n;

	if ((bio = BIO_new(BIO_s_mem())) == NULL)
		return NULL;
	for (int i = from; i < to && i < sk_X509_num(all); i++)
		if (PEM_write_bio_X509(bio, sk_X509_value(all, i)) != 1)
			goto out;
	n = BIO_get_mem_data(bio, &data);
	if (n < 0 || (out = malloc((size_t)n + 1)) == NULL)
		goto out;
	/* An empty chain is an empty BIO, whose data pointer is NULL. */
	if (n > 0)
		memcpy(out, data, (size_t)n);
	out[n] = '\0';
out:
	BIO_free(bio);
	return out;
}

static arcsec_status_t
cert_store(const char *state_dir, const struct arcsec_devid *d,
    STACK_OF(X509) *all, char *why, size_t why_size)
{
	char cert_path[4096], chain_path[4096];
	const char *dir = state_dir != NULL ? state_dir :
	    ARCSEC_IDENTITY_DIR_DEFAULT;
	char *leaf = NULL, *chain = NULL;
	arcsec_status_t status = ARCSEC_ERR_NO_MEMORY;

	if (!idn_cert_paths(state_dir, d->dv_generation, cert_path,
	    chain_path, sizeof(cert_path)))
		return idn_fail(why, why_size, ARCSEC_ERR_INVALID_ARGUMENT,
		    "state directory path too long");
	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		return idn_fail(why, why_size, ARCSEC_ERR_IO, "cannot create "
		    "%s: %s", dir, strerror(errno));
	if ((leaf = cert_pem_of(all, 0, 1)) == NULL ||
	    (chain = cert_pem_of(all, 1, sk_X509_num(all))) == NULL)
		goto out;
	/* Chain first: a reader that finds the new certificate finds its
	 * chain too. */
	if (!cert_write_file(chain_path, chain) ||
	    !cert_write_file(cert_path, leaf)) {
		status = idn_fail(why, why_size, ARCSEC_ERR_IO, "cannot write "
		    "%s: %s", cert_path, strerror(errno));
		goto out;
	}
	status = ARCSEC_SUCCESS;
out:
	free(leaf);
	free(chain);
	return status;
}

arcsec_status_t
arcsec_devid_install(struct arcsec_client *c, const char *state_dir,
    const char *cert_pem, const char *chain_pem, char *why, size_t why_size)
{
	STACK_OF(X509) *all = NULL, *more = NULL;
	struct arcsec_devid d;
	EVP_PKEY *devid_pub = NULL;
	arcsec_status_t status;

	if (why != NULL && why_size > 0)
		why[0] = '\0';
	if (c == NULL || cert_pem == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = arcsec_devid_find(c, &d)) != ARCSEC_SUCCESS)
		return status;
	/* The certificate file may carry its chain after it. */
	if ((all = cert_parse_all(cert_pem, "certificate", why, why_size)) ==
	    NULL) {
		status = ARCSEC_PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (chain_pem != NULL) {
		if ((more = cert_parse_all(chain_pem, "chain", why,
		    why_size)) == NULL) {
			status = ARCSEC_PSA_ERROR_INVALID_ARGUMENT;
			goto out;
		}
		while (sk_X509_num(more) > 0) {
			X509 *x = sk_X509_shift(more);

			if (sk_X509_num(all) >= (int)CERT_CHAIN_MAX ||
			    sk_X509_push(all, x) <= 0) {
				X509_free(x);
				status = idn_fail(why, why_size,
				    ARCSEC_PSA_ERROR_INVALID_ARGUMENT, "more "
				    "than %u certificates", CERT_CHAIN_MAX);
				goto out;
			}
		}
	}
	if ((status = cert_devid_pkey(c, &d, &devid_pub, why, why_size)) !=
	    ARCSEC_SUCCESS)
		goto out;
	if (EVP_PKEY_eq(X509_get0_pubkey(sk_X509_value(all, 0)),
	    devid_pub) != 1) {
		ERR_clear_error();
		status = idn_fail(why, why_size,
		    ARCSEC_PSA_ERROR_INVALID_ARGUMENT, "the certificate's "
		    "public key is not the DevID's (%s)", d.dv_key_name);
		goto out;
	}
	if ((status = cert_check_links(all, why, why_size)) !=
	    ARCSEC_SUCCESS ||
	    (status = cert_store(state_dir, &d, all, why, why_size)) !=
	    ARCSEC_SUCCESS)
		goto out;
out:
	EVP_PKEY_free(devid_pub);
	sk_X509_pop_free(more, X509_free);
	sk_X509_pop_free(all, X509_free);
	return status;
}

/* Subject alternative names as "DNS:a, URI:b, IP:c". */
static void
cert_sans_text(X509 *x, char *out, size_t out_size)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
	    NULL);
	BIO *bio = BIO_new(BIO_s_mem());
	char *data;
	long n;

	out[0] = '\0';
	if (gens != NULL && bio != NULL) {
		for (int i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
			if (i > 0)
				BIO_puts(bio, ", ");
			GENERAL_NAME_print(bio, sk_GENERAL_NAME_value(gens, i));
		}
		n = BIO_get_mem_data(bio, &data);
		if (n > 0)
			snprintf(out, out_size, "%.*s", (int)n, data);
	}
	BIO_free(bio);
	GENERAL_NAMES_free(gens);
}

static void
cert_name_text(const X509_NAME *name, char *out, size_t out_size)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data;
	long n;

	out[0] = '\0';
	if (bio != NULL && X509_NAME_print_ex(bio, name, 0,
	    XN_FLAG_RFC2253) >= 0 && (n = BIO_get_mem_data(bio, &data)) > 0)
		snprintf(out, out_size, "%.*s", (int)n, data);
	BIO_free(bio);
}

char *
idn_read_text(const char *path, bool *is_missing)
{
	struct stat st;
	char *text = NULL;
	size_t got;
	FILE *f;

	*is_missing = false;
	if ((f = fopen(path, "re")) == NULL) {
		*is_missing = errno == ENOENT;
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && st.st_size >= 0 &&
	    (size_t)st.st_size <= CERT_PEM_MAX &&
	    (text = malloc((size_t)st.st_size + 1)) != NULL) {
		got = fread(text, 1, (size_t)st.st_size, f);
		text[got] = '\0';
	}
	fclose(f);
	return text;
}

arcsec_status_t
arcsec_devid_cert_read(const char *state_dir,
    const struct arcsec_devid *devid, struct arcsec_devid_cert *out)
{
	char cert_path[4096], chain_path[4096];
	STACK_OF(X509) *certs = NULL, *chain = NULL;
	unsigned char md[32];
	unsigned int md_len = 0;
	char *text = NULL, *chain_text = NULL;
	struct tm tm;
	bool is_missing;
	X509 *x;
	arcsec_status_t status = ARCSEC_ERR_IO;

	if (devid == NULL || out == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if (!idn_cert_paths(state_dir, devid->dv_generation, cert_path,
	    chain_path, sizeof(cert_path)))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((text = idn_read_text(cert_path, &is_missing)) == NULL) {
		status = is_missing ? ARCSEC_SUCCESS : ARCSEC_ERR_IO;
		goto out;
	}
	if ((certs = cert_parse_all(text, "certificate", NULL, 0)) == NULL)
		goto out;
	x = sk_X509_value(certs, 0);
	cert_name_text(X509_get_subject_name(x), out->dc_subject,
	    sizeof(out->dc_subject));
	cert_name_text(X509_get_issuer_name(x), out->dc_issuer,
	    sizeof(out->dc_issuer));
	cert_sans_text(x, out->dc_sans, sizeof(out->dc_sans));
	if (ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm) != 1 ||
	    strftime(out->dc_not_after, sizeof(out->dc_not_after),
	    "%Y-%m-%dT%H:%M:%SZ", &tm) == 0 ||
	    X509_digest(x, EVP_sha256(), md, &md_len) != 1 || md_len != 32)
		goto out;
	for (unsigned int i = 0; i < md_len; i++)
		snprintf(out->dc_sha256 + 2 * i, 3, "%02x", md[i]);
	if ((chain_text = idn_read_text(chain_path, &is_missing)) != NULL &&
	    chain_text[0] != '\0' &&
	    (chain = cert_parse_all(chain_text, "chain", NULL, 0)) != NULL)
		out->dc_chain_count = (size_t)sk_X509_num(chain);
	out->dc_present = 1;
	status = ARCSEC_SUCCESS;
out:
	ERR_clear_error();
	sk_X509_pop_free(chain, X509_free);
	sk_X509_pop_free(certs, X509_free);
	free(chain_text);
	free(text);
	return status;
}
