/* identity/config.c: the identity settings file (identity.toml: where the
 * DevID goes, its key type, the software fallback, the state directory),
 * parsed strictly with the TOML reader of common/; the file read is the
 * only I/O. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <arcsec/identity.h>

#include "common/limits.h"
#include "common/toml.h"
#include "identity/identity_int.h"

/* One allowed string value of a key and what it sets. */
struct cfg_word {
	const char	*cw_word;
	int		 cw_value;
};

static const struct cfg_word cfg_providers[] = {
	{ "auto", 0 },
	{ "tpm", ARCSEC_PROVIDER_TPM },
	{ "pkcs11", ARCSEC_PROVIDER_PKCS11 },
	{ "soft", ARCSEC_PROVIDER_MBED_CRYPTO },
};

static const struct cfg_word cfg_key_types[] = {
	{ "ecc-p256", ARCSEC_DEVID_ECC_P256 },
	{ "ecc-p384", ARCSEC_DEVID_ECC_P384 },
	{ "rsa2048", ARCSEC_DEVID_RSA_2048 },
	{ "rsa3072", ARCSEC_DEVID_RSA_3072 },
};

static const struct cfg_word cfg_fallbacks[] = {
	{ "none", ARCSEC_DEVID_FALLBACK_NONE },
	{ "software", ARCSEC_DEVID_FALLBACK_SOFTWARE },
};

#define CFG_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static arcsec_status_t cfg_fail(char *, size_t, uint32_t, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static arcsec_status_t
cfg_fail(char *why, size_t why_size, uint32_t line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (why == NULL || why_size == 0)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if (line > 0)
		n = snprintf(why, why_size, "line %u: ", (unsigned)line);
	if (n < 0 || (size_t)n >= why_size)
		n = 0;
	va_start(ap, fmt);
	(void)vsnprintf(why + n, why_size - (size_t)n, fmt, ap);
	va_end(ap);
	return ARCSEC_ERR_INVALID_ARGUMENT;
}

/* A string-valued key whose value is one of words[]; the value names the
 * choices when it is not. */
static arcsec_status_t
cfg_word(const struct toml_kv *kv, const struct cfg_word *words,
    size_t count, int *out, char *why, size_t why_size)
{
	char shown[64];

	if (kv->kv_value.tv_type != TOML_STRING)
		return cfg_fail(why, why_size, kv->kv_line, "devid.%s must be "
		    "a string, not %s", kv->kv_key,
		    toml_value_kind_name(&kv->kv_value));
	for (size_t i = 0; i < count; i++)
		if (strcmp(kv->kv_value.tv_str, words[i].cw_word) == 0) {
			*out = words[i].cw_value;
			return ARCSEC_SUCCESS;
		}
	toml_printable(kv->kv_value.tv_str, kv->kv_value.tv_str_len,
	    shown, sizeof(shown));
	return cfg_fail(why, why_size, kv->kv_line, "devid.%s = \"%s\": "
	    "expected %s%s%s%s%s%s%s", kv->kv_key, shown, words[0].cw_word,
	    count > 1 ? ", " : "", count > 1 ? words[1].cw_word : "",
	    count > 2 ? ", " : "", count > 2 ? words[2].cw_word : "",
	    count > 3 ? " or " : "", count > 3 ? words[3].cw_word : "");
}

static arcsec_status_t
cfg_devid_table(const struct toml_table *t, struct arcsec_devid_config *cf,
    char *why, size_t why_size)
{
	arcsec_status_t status = ARCSEC_SUCCESS;

	for (size_t i = 0; i < t->tt_count && status == ARCSEC_SUCCESS;
	    i++) {
		const struct toml_kv *kv = &t->tt_items[i];
		int v = 0;

		if (strcmp(kv->kv_key, "provider") == 0) {
			if ((status = cfg_word(kv, cfg_providers,
			    CFG_NELEM(cfg_providers), &v, why, why_size)) ==
			    ARCSEC_SUCCESS) {
				cf->cf_provider_id = (uint8_t)v;
				cf->cf_has_provider = 1;
			}
		} else if (strcmp(kv->kv_key, "key_type") == 0) {
			if ((status = cfg_word(kv, cfg_key_types,
			    CFG_NELEM(cfg_key_types), &v, why, why_size)) ==
			    ARCSEC_SUCCESS) {
				cf->cf_key_type = (enum arcsec_devid_key_type)v;
				cf->cf_has_key_type = 1;
			}
		} else if (strcmp(kv->kv_key, "fallback") == 0) {
			if ((status = cfg_word(kv, cfg_fallbacks,
			    CFG_NELEM(cfg_fallbacks), &v, why, why_size)) ==
			    ARCSEC_SUCCESS) {
				cf->cf_fallback = (enum arcsec_devid_fallback)v;
				cf->cf_has_fallback = 1;
			}
		} else if (strcmp(kv->kv_key, "state_dir") == 0) {
			const struct toml_value *tv = &kv->kv_value;

			if (tv->tv_type != TOML_STRING || tv->tv_str[0] != '/')
				status = cfg_fail(why, why_size, kv->kv_line,
				    "devid.state_dir must be an absolute path");
			else if (tv->tv_str_len >= sizeof(cf->cf_state_dir))
				status = cfg_fail(why, why_size, kv->kv_line,
				    "devid.state_dir is longer than %zu bytes",
				    sizeof(cf->cf_state_dir) - 1);
			else
				memcpy(cf->cf_state_dir, tv->tv_str,
				    tv->tv_str_len + 1);
		} else {
			char shown[64];

			toml_printable(kv->kv_key, kv->kv_key_len, shown,
			    sizeof(shown));
			status = cfg_fail(why, why_size, kv->kv_line,
			    "unknown key devid.%s (known: provider, key_type, "
			    "fallback, state_dir)", shown);
		}
	}
	return status;
}

arcsec_status_t
arcsec_devid_config_parse(const char *text, size_t len,
    struct arcsec_devid_config *out, char *why, size_t why_size)
{
	struct toml_doc *doc = NULL;
	struct toml_error terr;
	const struct toml_table *root;
	arcsec_status_t status = ARCSEC_SUCCESS;
	enum toml_status ts;

	if (why != NULL && why_size > 0)
		why[0] = '\0';
	if (out == NULL || (text == NULL && len != 0))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if ((ts = toml_parse(text != NULL ? text : "", len, &doc, &terr)) !=
	    TOML_OK)
		return ts == TOML_ERR_NOMEM ? ARCSEC_ERR_NO_MEMORY :
		    cfg_fail(why, why_size, terr.line, "%s", terr.msg);
	root = toml_doc_root(doc);
	for (size_t i = 0; i < root->tt_count && status == ARCSEC_SUCCESS;
	    i++) {
		const struct toml_kv *kv = &root->tt_items[i];
		char shown[64];

		if (strcmp(kv->kv_key, "devid") == 0 &&
		    kv->kv_value.tv_type == TOML_TABLE) {
			status = cfg_devid_table(kv->kv_value.tv_table, out,
			    why, why_size);
			continue;
		}
		toml_printable(kv->kv_key, kv->kv_key_len, shown,
		    sizeof(shown));
		status = cfg_fail(why, why_size, kv->kv_line, "unknown %s "
		    "\"%s\" (the file has one table, [devid])",
		    kv->kv_value.tv_type == TOML_TABLE ? "table" : "key",
		    shown);
	}
	toml_doc_free(doc);
	if (status != ARCSEC_SUCCESS)
		memset(out, 0, sizeof(*out));
	return status;
}

arcsec_status_t
arcsec_devid_config_load(const char *path, int missing_ok,
    struct arcsec_devid_config *out, char *why, size_t why_size)
{
	char *text = NULL;
	struct stat st;
	ssize_t n;
	size_t off = 0;
	arcsec_status_t status;
	int fd;

	if (why != NULL && why_size > 0)
		why[0] = '\0';
	if (out == NULL || path == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	memset(out, 0, sizeof(*out));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT && missing_ok)
			return ARCSEC_SUCCESS;	/* defaults */
		(void)cfg_fail(why, why_size, 0, "%s: %s", path,
		    strerror(errno));
		return ARCSEC_ERR_IO;
	}
	/* Limit before allocation: the config reader's own cap. */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > (off_t)LIMIT_CONFIG_FILE_BYTES) {
		(void)cfg_fail(why, why_size, 0, "%s: not a regular file of "
		    "at most %u bytes", path, (unsigned)LIMIT_CONFIG_FILE_BYTES);
		status = ARCSEC_ERR_IO;
		goto out;
	}
	if ((text = malloc((size_t)st.st_size + 1)) == NULL) {
		status = ARCSEC_ERR_NO_MEMORY;
		goto out;
	}
	while (off < (size_t)st.st_size &&
	    (n = read(fd, text + off, (size_t)st.st_size - off)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			(void)cfg_fail(why, why_size, 0, "%s: %s", path,
			    strerror(errno));
			status = ARCSEC_ERR_IO;
			goto out;
		}
		off += (size_t)n;
	}
	status = arcsec_devid_config_parse(text, off, out, why, why_size);
	if (status == ARCSEC_ERR_INVALID_ARGUMENT && why != NULL &&
	    why_size > 0) {
		char msg[256];

		(void)snprintf(msg, sizeof(msg), "%s", why);
		(void)snprintf(why, why_size, "%s: %s", path, msg);
	}
out:
	(void)close(fd);
	free(text);
	return status;
}
