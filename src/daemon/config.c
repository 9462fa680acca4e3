/* daemon/config.c: load arcsecd's config from a file, a string or parsed
 * TOML: the top level, [core_settings], [listener] and [authenticator].
 * Key managers and providers are in config_providers.c. */
#include "daemon/config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/limits.h"
#include "daemon/config_priv.h"

/* Parsec's idle_listener_sleep_duration default (src/bin/main.rs). arcsecd
 * waits in epoll instead of sleeping, so it only keeps the value. */
#define CFG_IDLE_SLEEP_MS_DEFAULT	10u

/* Embedded defaults: Parsec's quickstart layout with Parsec's default
 * paths, so `arcsecd` without --config sits where Parsec clients look. */
const char cfg_default_toml[] =
    "[core_settings]\n"
    "\n"
    "[listener]\n"
    "listener_type = \"DomainSocket\"\n"
    "timeout = 200\n"
    "socket_path = \"" CFG_DEFAULT_SOCKET_PATH "\"\n"
    "\n"
    "[authenticator]\n"
    "auth_type = \"UnixPeerCredentials\"\n"
    "\n"
    "[[key_manager]]\n"
    "name = \"sqlite-manager\"\n"
    "manager_type = \"SQLite\"\n"
    "sqlite_db_path = \"" CFG_DEFAULT_SQLITE_DB_PATH "\"\n"
    "\n"
    "[[provider]]\n"
    "name = \"mbed-crypto-provider\"\n"
    "provider_type = \"MbedCrypto\"\n"
    "key_info_manager = \"sqlite-manager\"\n";

static const struct cfg_field cfg_core_fields[] = {
	CFG_U32("thread_pool_size", struct daemon_config, thread_pool_size,
	    1, LIMIT_THREADS_MAX),
	CFG_U32("idle_listener_sleep_duration", struct daemon_config,
	    idle_listener_sleep_duration_ms, 0, UINT32_MAX),
	{ .f_key = "log_level", .f_kind = CFG_F_LOG_LEVEL,
	  .f_offset = offsetof(struct daemon_config, log_level) },
	CFG_BOOL("log_timestamp", struct daemon_config, log_timestamp),
	CFG_U32("body_len_limit", struct daemon_config, body_len_limit,
	    1, LIMIT_BODY_LEN_MAX),
	CFG_BOOL("log_error_details", struct daemon_config, log_error_details),
	CFG_BOOL("allow_root", struct daemon_config, allow_root),
	CFG_U32("buffer_size_limit", struct daemon_config, buffer_size_limit,
	    1, LIMIT_BODY_LEN_MAX),
	CFG_BOOL("allow_deprecated", struct daemon_config, allow_deprecated),
	/* arcsec extension */
	CFG_U32("max_connections", struct daemon_config, max_connections,
	    1, LIMIT_CONNECTIONS_MAX),
};

static const struct cfg_enum_name cfg_listener_names[] = {
	{ "DomainSocket", CFG_LISTENER_DOMAIN_SOCKET },
	{ NULL, 0 },
};

static const struct cfg_field cfg_listener_fields[] = {
	CFG_ENUM("listener_type", struct daemon_config, listener_type,
	    cfg_listener_names),
	/* Parsec requires timeout; arcsec defaults it to Parsec's 200 ms. */
	CFG_U32("timeout", struct daemon_config, timeout_ms,
	    1, LIMIT_LISTENER_TIMEOUT_MS_MAX),
	CFG_STRING("socket_path", struct daemon_config, socket_path, false),
};

static const struct cfg_enum_name cfg_auth_names[] = {
	{ "Direct", CFG_AUTH_DIRECT },
	{ "UnixPeerCredentials", CFG_AUTH_UNIX_PEER_CREDENTIALS },
	{ "JwtSvid", CFG_AUTH_JWT_SVID },
	{ NULL, 0 },
};

static const struct cfg_field cfg_auth_fields[] = {
	CFG_ENUM("auth_type", struct daemon_config, auth_type, cfg_auth_names),
	{ .f_key = "admins", .f_kind = CFG_F_ADMINS },
};

static const struct cfg_field cfg_auth_jwt_fields[] = {
	CFG_STRING("workload_endpoint", struct daemon_config, workload_endpoint,
	    true),
};

static const char *const cfg_root_keys[] = {
	"core_settings", "listener", "authenticator", "key_manager", "provider",
};

static void
cfg_set_defaults(struct daemon_config *cfg)
{
	/* Parsec's defaults: config.toml comments, service_builder.rs. */
	cfg->thread_pool_size = 0;
	cfg->idle_listener_sleep_duration_ms = CFG_IDLE_SLEEP_MS_DEFAULT;
	cfg->log_level = LOG_LEVEL_INFO;
	cfg->log_timestamp = false;
	cfg->body_len_limit = LIMIT_BODY_LEN_DEFAULT;
	cfg->log_error_details = false;
	cfg->allow_root = false;
	cfg->buffer_size_limit = LIMIT_BUFFER_SIZE_DEFAULT;
	cfg->allow_deprecated = false;
	cfg->max_connections = LIMIT_CONNECTIONS_DEFAULT;
	cfg->timeout_ms = LIMIT_LISTENER_TIMEOUT_MS_DEFAULT;
}

/* Every top-level entry is one of Parsec's five sections. */
static enum cfg_status
cfg_check_root(struct cfg_ctx *c, const struct toml_table *root)
{
	for (size_t i = 0; i < root->tt_count; i++) {
		const struct toml_kv *kv = &root->tt_items[i];
		bool known = false;
		char sect[64], shown[48];

		for (size_t j = 0; j < sizeof(cfg_root_keys) /
		    sizeof(*cfg_root_keys); j++)
			known |= strcmp(kv->kv_key, cfg_root_keys[j]) == 0;
		if (known)
			continue;
		if (kv->kv_value.tv_type != TOML_TABLE &&
		    !(kv->kv_value.tv_type == TOML_ARRAY &&
		    kv->kv_value.tv_array->ta_of_tables))
			return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, "",
			    kv->kv_key, "unknown top-level key");
		toml_printable(kv->kv_key, kv->kv_key_len, shown,
		    sizeof(shown));
		snprintf(sect, sizeof(sect), kv->kv_value.tv_type ==
		    TOML_TABLE ? "[%s]" : "[[%s]]", shown);
		return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect, NULL,
		    "unknown table");
	}
	return CFG_OK;
}

/* The table at root key `key`; NULL if absent and optional. */
static enum cfg_status
cfg_section(struct cfg_ctx *c, const struct toml_table *root,
    const char *key, bool required, const struct toml_table **out)
{
	const struct toml_kv *kv = toml_table_find(root, key);
	char sect[32];

	*out = NULL;
	snprintf(sect, sizeof(sect), "[%s]", key);
	if (kv == NULL)
		return required ? cfg_fail(c, CFG_ERR_INVALID, 0, sect, NULL,
		    "missing required table") : CFG_OK;
	if (kv->kv_value.tv_type != TOML_TABLE)
		return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect, NULL,
		    "expected table, got %s",
		    toml_value_kind_name(&kv->kv_value));
	*out = kv->kv_value.tv_table;
	return CFG_OK;
}

static enum cfg_status
cfg_read_core(struct cfg_ctx *c, const struct toml_table *root,
    struct daemon_config *cfg)
{
	static const struct cfg_fieldset use = CFG_FIELDSET(cfg_core_fields);
	enum cfg_status status;
	const struct toml_table *t;

	/* Parsec insists on the (possibly empty) table; arcsec does not. */
	if ((status = cfg_section(c, root, "core_settings", false, &t)) !=
	    CFG_OK || t == NULL)
		return status;
	return cfg_read_fields(c, t, t->tt_line, "[core_settings]", &use, 1,
	    NULL, 0, NULL, cfg);
}

static enum cfg_status
cfg_read_listener(struct cfg_ctx *c, const struct toml_table *root,
    struct daemon_config *cfg)
{
	static const struct cfg_fieldset use =
	    CFG_FIELDSET(cfg_listener_fields);
	enum cfg_status status;
	const struct toml_table *t;
	const struct toml_kv *kv;

	if ((status = cfg_section(c, root, "listener", true, &t)) != CFG_OK ||
	    (status = cfg_read_fields(c, t, t->tt_line, "[listener]", &use, 1,
	    NULL, 0, NULL, cfg)) != CFG_OK)
		return status;
	if (cfg->socket_path == NULL) {
		if ((cfg->socket_path = strdup(CFG_DEFAULT_SOCKET_PATH)) ==
		    NULL)
			return cfg_fail(c, CFG_ERR_NOMEM, 0, "", NULL,
			    "out of memory");
		return CFG_OK;
	}
	/* Caught here with a line number rather than at bind(). */
	if (strlen(cfg->socket_path) >= sizeof(((struct sockaddr_un *)0)->
	    sun_path)) {
		kv = toml_table_find(t, "socket_path");
		return cfg_fail(c, CFG_ERR_INVALID,
		    kv != NULL ? kv->kv_line : t->tt_line, "[listener]",
		    "socket_path", "longer than %zu bytes (the limit of a "
		    "Unix socket path)",
		    sizeof(((struct sockaddr_un *)0)->sun_path) - 1);
	}
	return CFG_OK;
}

static enum cfg_status
cfg_read_authenticator(struct cfg_ctx *c, const struct toml_table *root,
    struct daemon_config *cfg)
{
	static const struct cfg_fieldset sets[] = {
		CFG_FIELDSET(cfg_auth_fields),
		CFG_FIELDSET(cfg_auth_jwt_fields),
	};
	enum cfg_status status;
	const struct toml_table *t;
	char variant[48];

	if ((status = cfg_section(c, root, "authenticator", true, &t)) !=
	    CFG_OK ||
	    (status = cfg_read_field(c, t, t->tt_line, "[authenticator]",
	    &cfg_auth_fields[0], cfg)) != CFG_OK)
		return status;
	snprintf(variant, sizeof(variant), "auth_type \"%s\"",
	    cfg_auth_type_name(cfg->auth_type));
	return cfg_read_fields(c, t, t->tt_line, "[authenticator]", sets,
	    cfg->auth_type == CFG_AUTH_JWT_SVID ? 2 : 1, sets, 2, variant, cfg);
}

enum cfg_status
cfg_from_toml(const struct toml_doc *doc, const char *source,
    struct daemon_config **out, char *err, size_t err_size)
{
	enum cfg_status status = CFG_ERR_INVALID;
	struct cfg_ctx c = {
		.ctx_source = source != NULL ? source : "config",
		.ctx_err = err,
		.ctx_err_size = err_size,
	};
	const struct toml_table *root = toml_doc_root(doc);
	struct daemon_config *cfg = NULL;

	*out = NULL;
	if (err != NULL && err_size > 0)
		err[0] = '\0';
	if ((cfg = calloc(1, sizeof(*cfg))) == NULL) {
		status = cfg_fail(&c, CFG_ERR_NOMEM, 0, "", NULL,
		    "out of memory");
		goto out;
	}
	cfg_set_defaults(cfg);
	if ((status = cfg_check_root(&c, root)) != CFG_OK ||
	    (status = cfg_read_core(&c, root, cfg)) != CFG_OK ||
	    (status = cfg_read_listener(&c, root, cfg)) != CFG_OK ||
	    (status = cfg_read_authenticator(&c, root, cfg)) != CFG_OK ||
	    (status = cfg_read_key_managers(&c, root, cfg)) != CFG_OK ||
	    (status = cfg_read_providers(&c, root, cfg)) != CFG_OK)
		goto out;
	*out = cfg;		/* the caller owns it now */
	cfg = NULL;
out:
	cfg_free(cfg);
	return status;
}

enum cfg_status
cfg_load_string(const char *text, size_t len, const char *source,
    struct daemon_config **out, char *err, size_t err_size)
{
	enum cfg_status status = CFG_ERR_PARSE;
	struct toml_doc *doc = NULL;
	struct toml_error terr;
	enum toml_status ts;

	*out = NULL;
	if (source == NULL)
		source = "config";
	if ((ts = toml_parse(text, len, &doc, &terr)) != TOML_OK) {
		status = ts == TOML_ERR_NOMEM ? CFG_ERR_NOMEM : CFG_ERR_PARSE;
		if (err == NULL || err_size == 0)
			goto out;
		if (terr.line > 0)
			snprintf(err, err_size, "%s:%u:%u: %s", source,
			    terr.line, terr.column, terr.msg);
		else
			snprintf(err, err_size, "%s: %s", source, terr.msg);
		goto out;
	}
	status = cfg_from_toml(doc, source, out, err, err_size);
out:
	toml_doc_free(doc);	/* wipes its strings, secrets among them */
	return status;
}

/* Reads fd to the end into buf[0..size), at most size bytes: *len < size
 * means the whole file was read. */
static enum cfg_status
cfg_read_all(struct cfg_ctx *c, int fd, char *buf, size_t size, size_t *len)
{
	ssize_t r;

	*len = 0;
	while (*len < size) {
		if ((r = read(fd, buf + *len, size - *len)) == -1) {
			if (errno == EINTR)
				continue;
			return cfg_fail(c, CFG_ERR_IO, 0, "", NULL,
			    "cannot read: %s", strerror(errno));
		}
		if (r == 0)
			break;
		*len += (size_t)r;
	}
	return CFG_OK;
}

enum cfg_status
cfg_load_file(const char *path, struct daemon_config **out, char *err,
    size_t err_size)
{
	enum cfg_status status = CFG_ERR_IO;
	struct cfg_ctx c = { path, err, err_size };
	struct stat st;
	size_t size = 0, len = 0;
	char *buf = NULL;
	int fd;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		status = cfg_fail(&c, CFG_ERR_IO, 0, "", NULL,
		    "cannot open: %s", strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1) {
		status = cfg_fail(&c, CFG_ERR_IO, 0, "", NULL,
		    "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		status = cfg_fail(&c, CFG_ERR_IO, 0, "", NULL,
		    "not a regular file");
		goto out;
	}
	if (st.st_size < 0 || st.st_size > (off_t)LIMIT_CONFIG_FILE_BYTES) {
		status = cfg_fail(&c, CFG_ERR_IO, 0, "", NULL,
		    "larger than %u bytes", LIMIT_CONFIG_FILE_BYTES);
		goto out;
	}
	/* One byte more than stat said, to notice a file still growing. */
	size = (size_t)st.st_size + 1;
	if ((buf = malloc(size)) == NULL) {
		status = cfg_fail(&c, CFG_ERR_NOMEM, 0, "", NULL,
		    "out of memory");
		goto out;
	}
	if ((status = cfg_read_all(&c, fd, buf, size, &len)) != CFG_OK)
		goto out;
	if (len == size) {
		status = cfg_fail(&c, CFG_ERR_IO, 0, "", NULL,
		    "file changed while being read");
		goto out;
	}
	status = cfg_load_string(buf, len, path, out, err, err_size);
out:
	if (buf != NULL) {
		explicit_bzero(buf, size);	/* PINs, hierarchy auth */
		free(buf);
	}
	if (fd != -1)
		close(fd);
	return status;
}

enum cfg_status
cfg_defaults(struct daemon_config **out, char *err, size_t err_size)
{
	return cfg_load_string(cfg_default_toml, strlen(cfg_default_toml),
	    "<built-in defaults>", out, err, err_size);
}

void
cfg_free(struct daemon_config *cfg)
{
	if (cfg == NULL)
		return;
	cfg_str_free(&cfg->socket_path, false);
	cfg_str_free(&cfg->workload_endpoint, false);
	for (size_t i = 0; cfg->admins != NULL && i < cfg->admins_count; i++)
		cfg_str_free(&cfg->admins[i], false);
	free(cfg->admins);
	for (size_t i = 0; cfg->key_managers != NULL &&
	    i < cfg->key_managers_count; i++) {
		struct cfg_key_manager *km = &cfg->key_managers[i];

		cfg_str_free(&km->kim_name, false);
		cfg_str_free(&km->kim_store_path, false);
		cfg_str_free(&km->kim_sqlite_db_path, false);
	}
	free(cfg->key_managers);
	for (size_t i = 0; cfg->providers != NULL && i < cfg->providers_count;
	    i++) {
		struct cfg_provider *p = &cfg->providers[i];

		cfg_str_free(&p->prov_name, false);
		cfg_str_free(&p->prov_key_info_manager, false);
		cfg_str_free(&p->mbed_master_key_path, false);
		cfg_str_free(&p->p11_library_path, false);
		cfg_str_free(&p->p11_serial_number, false);
		cfg_str_free(&p->p11_user_pin, true);
		cfg_str_free(&p->tpm_tcti, false);
		cfg_str_free(&p->tpm_owner_hierarchy_auth, true);
		cfg_str_free(&p->tpm_endorsement_hierarchy_auth, true);
	}
	free(cfg->providers);
	free(cfg);
}

uint32_t
cfg_thread_pool_size(const struct daemon_config *cfg)
{
	long n;

	if (cfg->thread_pool_size != 0)
		return cfg->thread_pool_size;
	/* Parsec's threadpool defaults to the number of CPUs. */
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > (long)LIMIT_THREADS_MAX)
		n = LIMIT_THREADS_MAX;
	return (uint32_t)n;
}

const char *
cfg_auth_type_name(enum cfg_auth_type type)
{
	for (const struct cfg_enum_name *e = cfg_auth_names; e->en_name != NULL;
	    e++)
		if (e->en_value == (int)type)
			return e->en_name;
	return "unknown";
}

const char *
cfg_status_name(enum cfg_status status)
{
	switch (status) {
	case CFG_OK:
		return "ok";
	case CFG_ERR_IO:
		return "cannot read config";
	case CFG_ERR_PARSE:
		return "config is not valid TOML";
	case CFG_ERR_INVALID:
		return "invalid config";
	case CFG_ERR_UNSUPPORTED:
		return "config needs what arcsec does not support";
	case CFG_ERR_NOMEM:
		return "out of memory";
	case CFG_ERR_RELOAD:
		return "reload needs a restart";
	}
	return "unknown";
}
