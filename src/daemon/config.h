/* daemon/config.h: arcsecd's configuration, read from Parsec's config.toml.
 *
 * The file layout, key names and defaults are Parsec's (its config.toml and
 * src/utils/config.rs), so a Parsec deployment's file works unchanged. Where
 * Parsec is lenient arcsec is strict: an unknown key, a wrong type, a value
 * out of range or a missing required key is an error naming file, line,
 * section and key, e.g.
 *	config.toml:12: [listener] timeout: expected integer, got string
 * Provider types arcsec does not implement (TrustedService, CryptoAuthLib)
 * are read, then refused by name. docs/config.md lists every key.
 *
 * Reload (SIGHUP). Reloadable, applied to the running service:
 *	[core_settings] log_level, log_timestamp, log_error_details,
 *	    body_len_limit, buffer_size_limit
 *	[listener] timeout
 *	[authenticator] admins
 * Everything else needs a restart: cfg_reload_compatible() refuses a new
 * file that changes any of it (socket, authenticator type, key managers,
 * providers and their secrets, thread pool, ...), naming the setting, and
 * the service keeps running on the old config.
 *
 * Secrets (user_pin, owner_hierarchy_auth, endorsement_hierarchy_auth) are
 * kept as written, with Parsec's "str:"/"hex:" prefixes (checked here,
 * decoded by the provider); cfg_free() wipes them and no error message ever
 * contains one.
 */
#ifndef ARCSEC_DAEMON_CONFIG_H
#define ARCSEC_DAEMON_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/log.h"
#include "common/toml.h"

enum cfg_status {
	CFG_OK = 0,
	CFG_ERR_IO,		/* cannot open or read the file */
	CFG_ERR_PARSE,		/* not TOML, or TOML this reader refuses */
	CFG_ERR_INVALID,	/* TOML, but not a valid config */
	CFG_ERR_UNSUPPORTED,	/* a valid Parsec config arcsec cannot run */
	CFG_ERR_NOMEM,
	CFG_ERR_RELOAD,		/* changes a setting only a restart applies */
};

enum cfg_listener_type {
	CFG_LISTENER_DOMAIN_SOCKET = 1,
};

enum cfg_auth_type {
	CFG_AUTH_DIRECT = 1,
	CFG_AUTH_UNIX_PEER_CREDENTIALS,
	CFG_AUTH_JWT_SVID,
};

enum cfg_kim_type {
	CFG_KIM_ON_DISK = 1,	/* accepted for Parsec configs; same store */
	CFG_KIM_SQLITE,
};

/* Values are Parsec's provider IDs (wire/header.h). */
enum cfg_provider_type {
	CFG_PROVIDER_MBED_CRYPTO = 1,
	CFG_PROVIDER_PKCS11 = 2,
	CFG_PROVIDER_TPM = 3,
	CFG_PROVIDER_TRUSTED_SERVICE = 4,	/* refused by the loader */
	CFG_PROVIDER_CRYPTOAUTHLIB = 5,		/* refused by the loader */
};

/* Parsec's default paths (on_disk_manager DEFAULT_MAPPINGS_PATH,
 * sqlite_manager DEFAULT_DB_PATH, domain_socket listener). */
#define CFG_DEFAULT_SOCKET_PATH		"/run/parsec/parsec.sock"
#define CFG_DEFAULT_ON_DISK_PATH	"/var/lib/parsec/mappings"
#define CFG_DEFAULT_SQLITE_DB_PATH \
	"/var/lib/parsec/kim-mappings/sqlite/sqlite-key-info-manager.sqlite3"

/* One [[key_manager]]. */
struct cfg_key_manager {
	char			*kim_name;
	enum cfg_kim_type	 kim_type;
	char			*kim_store_path;	/* OnDisk; else NULL */
	char			*kim_sqlite_db_path;	/* SQLite; else NULL */
	uint32_t		 kim_line;		/* of its header */
};

/* One [[provider]]. Only the fields of its type are set. */
struct cfg_provider {
	enum cfg_provider_type	 prov_type;
	char			*prov_name;	/* Parsec's default per type */
	char			*prov_key_info_manager;
	size_t			 prov_kim_index; /* into key_managers[] */
	uint32_t		 prov_line;	/* of its header */

	/* MbedCrypto (the soft provider). arcsec extension: */
	char			*mbed_master_key_path; /* NULL: provider's */

	/* Pkcs11 */
	char			*p11_library_path;
	bool			 p11_has_slot_number;
	uint64_t		 p11_slot_number;
	char			*p11_serial_number;	/* NULL: not set */
	char			*p11_user_pin;		/* secret; NULL: none */
	bool			 p11_software_public_operations; /* false */
	bool			 p11_allow_export;		 /* true */

	/* Tpm */
	char			*tpm_tcti;
	char			*tpm_owner_hierarchy_auth;	/* secret */
	char			*tpm_endorsement_hierarchy_auth; /* secret */
	bool			 tpm_skip_if_no_tpm;		 /* false */
	uint32_t		 tpm_storage_primary_handle;	 /* 0: none */
};

struct daemon_config {
	/* [core_settings] */
	uint32_t		 thread_pool_size;	/* 0: one per CPU */
	uint32_t		 idle_listener_sleep_duration_ms; /* unused */
	enum log_level		 log_level;
	bool			 log_timestamp;
	uint32_t		 body_len_limit;	/* bytes */
	bool			 log_error_details;
	bool			 allow_root;
	uint32_t		 buffer_size_limit;	/* bytes */
	bool			 allow_deprecated;
	uint32_t		 max_connections;	/* arcsec extension */

	/* [listener] */
	enum cfg_listener_type	 listener_type;
	uint32_t		 timeout_ms;
	char			*socket_path;

	/* [authenticator] */
	enum cfg_auth_type	 auth_type;
	char			*workload_endpoint;	/* JwtSvid; else NULL */
	char		       **admins;		/* application names */
	size_t			 admins_count;

	/* [[key_manager]], in file order */
	struct cfg_key_manager	*key_managers;
	size_t			 key_managers_count;

	/* [[provider]], in file order = priority; [0] is the default */
	struct cfg_provider	*providers;
	size_t			 providers_count;	/* >= 1 */
};

/*
 * Each loader sets *out to a new config (free with cfg_free) and returns
 * CFG_OK, or sets *out to NULL, writes a one-line message to err (always
 * NUL-terminated when err_size > 0) and returns why. `source` names the
 * text in messages ("config.toml" in "config.toml:12: ...").
 */
enum cfg_status	cfg_load_file(const char *path, struct daemon_config **out,
		    char *err, size_t err_size)
		    __attribute__((warn_unused_result));
enum cfg_status	cfg_load_string(const char *text, size_t len,
		    const char *source, struct daemon_config **out, char *err,
		    size_t err_size) __attribute__((warn_unused_result));
/* From an already parsed document (the fuzzer's entry). */
enum cfg_status	cfg_from_toml(const struct toml_doc *doc, const char *source,
		    struct daemon_config **out, char *err, size_t err_size)
		    __attribute__((warn_unused_result));
/*
 * The embedded defaults arcsecd runs with when given no --config: one
 * MbedCrypto provider "mbed-crypto-provider" on one SQLite key manager
 * "sqlite-manager" at CFG_DEFAULT_SQLITE_DB_PATH, UnixPeerCredentials,
 * socket CFG_DEFAULT_SOCKET_PATH, every [core_settings] at its default.
 */
enum cfg_status	cfg_defaults(struct daemon_config **out, char *err,
		    size_t err_size) __attribute__((warn_unused_result));
extern const char cfg_default_toml[];

/* Wipes the secrets, then frees. NULL is fine. */
void		cfg_free(struct daemon_config *cfg);

/*
 * CFG_OK if `next` differs from `cur` only in reloadable settings (see the
 * top of this file); else CFG_ERR_RELOAD and err names the first setting
 * that differs (never its value).
 */
enum cfg_status	cfg_reload_compatible(const struct daemon_config *cur,
		    const struct daemon_config *next, char *err,
		    size_t err_size) __attribute__((warn_unused_result));

/* thread_pool_size, or with 0 the number of online CPUs (Parsec's
 * default), in 1..LIMIT_THREADS_MAX. */
uint32_t	cfg_thread_pool_size(const struct daemon_config *cfg);

const char	*cfg_provider_type_name(enum cfg_provider_type type);
const char	*cfg_auth_type_name(enum cfg_auth_type type);
const char	*cfg_kim_type_name(enum cfg_kim_type type);
const char	*cfg_status_name(enum cfg_status status);

#endif
