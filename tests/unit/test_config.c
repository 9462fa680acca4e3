/* test_config.c: arcsecd's config loader. Parsec's own configs load with
 * the values they say; malformed ones fail with the exact message (file,
 * line, section, key); defaults, reload rules, secrets kept out of
 * messages; and every allocation failure of the TOML reader and the loader
 * handled without a leak. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/log.h"
#include "common/toml.h"
#include "daemon/config.h"

#define DATA(name)	ARCSEC_TEST_DATA "/config/" name

/* --- fail the N-th allocation (STYLE.md §11, as SQLite's test_malloc.c) --
 *
 * This file replaces malloc and friends: glibc allows it and sends its own
 * allocations (strdup) through the replacement. Each allocation-failure test
 * loops N = 0, 1, 2, ... until the operation succeeds without meeting the
 * injected failure, asserting at each step a NOMEM status and, from the
 * count of live allocations, no leak. Under a sanitizer, which owns malloc,
 * the replacement is left out and those tests skip. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define FAILMALLOC_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FAILMALLOC_SANITIZED 1
#endif

#if defined(__GLIBC__) && !defined(FAILMALLOC_SANITIZED)
#define FAILMALLOC_ACTIVE 1

void	*__libc_malloc(size_t);
void	*__libc_calloc(size_t, size_t);
void	*__libc_realloc(void *, size_t);
void	 __libc_free(void *);

static long	failmalloc_countdown = -1;	/* -1: never fail */
static bool	failmalloc_hit;			/* a failure was injected */
static long	failmalloc_live;		/* allocated, not yet freed */

static bool
failmalloc_should_fail(void)
{
	if (failmalloc_countdown < 0)
		return false;
	if (failmalloc_countdown-- == 0) {
		failmalloc_hit = true;
		errno = ENOMEM;
		return true;
	}
	return false;
}

void *
malloc(size_t n)
{
	void *p;

	if (failmalloc_should_fail())
		return NULL;
	if ((p = __libc_malloc(n)) != NULL)
		failmalloc_live++;
	return p;
}

void *
calloc(size_t n, size_t size)
{
	void *p;

	if (failmalloc_should_fail())
		return NULL;
	if ((p = __libc_calloc(n, size)) != NULL)
		failmalloc_live++;
	return p;
}

void *
realloc(void *old, size_t n)
{
	void *p;

	if (failmalloc_should_fail())
		return NULL;
	if ((p = __libc_realloc(old, n)) != NULL && old == NULL)
		failmalloc_live++;
	return p;
}

void
free(void *p)
{
	if (p != NULL)
		failmalloc_live--;
	__libc_free(p);
}
#else
#define FAILMALLOC_ACTIVE 0
#endif

/* --- helpers ------------------------------------------------------------- */

static struct daemon_config *
load_ok(const char *path)
{
	struct daemon_config *cfg = NULL;
	char err[512];
	enum cfg_status st = cfg_load_file(path, &cfg, err, sizeof(err));

	if (st != CFG_OK)
		fail_msg("%s: %s (%s)", path, err, cfg_status_name(st));
	assert_non_null(cfg);
	return cfg;
}

static struct daemon_config *
load_string_ok(const char *text)
{
	struct daemon_config *cfg = NULL;
	char err[512];
	enum cfg_status st = cfg_load_string(text, strlen(text), "inline.toml",
	    &cfg, err, sizeof(err));

	if (st != CFG_OK)
		fail_msg("%s (%s)", err, cfg_status_name(st));
	assert_non_null(cfg);
	return cfg;
}

/* Every [core_settings] value at Parsec's default (and arcsec's). */
static void
assert_core_defaults(const struct daemon_config *cfg)
{
	assert_int_equal(cfg->thread_pool_size, 0);
	assert_int_equal(cfg->idle_listener_sleep_duration_ms, 10);
	assert_int_equal(cfg->log_level, LOG_LEVEL_INFO);
	assert_false(cfg->log_timestamp);
	assert_int_equal(cfg->body_len_limit, 1048576);
	assert_false(cfg->log_error_details);
	assert_false(cfg->allow_root);
	assert_int_equal(cfg->buffer_size_limit, 1048576);
	assert_false(cfg->allow_deprecated);
	assert_int_equal(cfg->max_connections, LIMIT_CONNECTIONS_DEFAULT);
}

/* --- Parsec's configs ---------------------------------------------------- */

static void
test_parsec_quickstart(void **state)
{
	struct daemon_config *cfg = load_ok(DATA("parsec-quickstart.toml"));

	(void)state;
	assert_int_equal(cfg->log_level, LOG_LEVEL_INFO);
	assert_true(cfg->allow_root);
	assert_int_equal(cfg->listener_type, CFG_LISTENER_DOMAIN_SOCKET);
	assert_int_equal(cfg->timeout_ms, 200);
	assert_string_equal(cfg->socket_path, "./parsec.sock");
	assert_int_equal(cfg->auth_type, CFG_AUTH_UNIX_PEER_CREDENTIALS);
	assert_null(cfg->workload_endpoint);
	assert_int_equal(cfg->admins_count, 0);
	assert_int_equal(cfg->key_managers_count, 1);
	assert_string_equal(cfg->key_managers[0].kim_name, "sqlite-manager");
	assert_int_equal(cfg->key_managers[0].kim_type, CFG_KIM_SQLITE);
	assert_string_equal(cfg->key_managers[0].kim_sqlite_db_path,
	    "./sqlite-key-info-manager.sqlite3");
	assert_null(cfg->key_managers[0].kim_store_path);
	assert_int_equal(cfg->key_managers[0].kim_line, 16);
	assert_int_equal(cfg->providers_count, 1);
	assert_int_equal(cfg->providers[0].prov_type, CFG_PROVIDER_MBED_CRYPTO);
	assert_string_equal(cfg->providers[0].prov_name,
	    "mbed-crypto-provider");
	assert_string_equal(cfg->providers[0].prov_key_info_manager,
	    "sqlite-manager");
	assert_int_equal(cfg->providers[0].prov_kim_index, 0);
	assert_int_equal(cfg->providers[0].prov_line, 21);
	assert_null(cfg->providers[0].mbed_master_key_path);
	cfg_free(cfg);
}

static void
test_parsec_template(void **state)
{
	struct daemon_config *cfg = load_ok(DATA("parsec-template.toml"));

	(void)state;
	assert_int_equal(cfg->thread_pool_size, 8);
	assert_int_equal(cfg->idle_listener_sleep_duration_ms, 10);
	assert_int_equal(cfg->log_level, LOG_LEVEL_WARN);
	assert_false(cfg->log_timestamp);
	assert_int_equal(cfg->body_len_limit, 1048576);
	assert_int_equal(cfg->buffer_size_limit, 1048576);
	assert_false(cfg->allow_root);
	assert_false(cfg->allow_deprecated);
	assert_false(cfg->log_error_details);
	assert_string_equal(cfg->socket_path, "/run/parsec/parsec.sock");
	assert_int_equal(cfg->admins_count, 2);
	assert_string_equal(cfg->admins[0], "admin_1");
	assert_string_equal(cfg->admins[1], "admin_2");
	assert_int_equal(cfg->key_managers[0].kim_type, CFG_KIM_ON_DISK);
	assert_string_equal(cfg->key_managers[0].kim_store_path,
	    "/var/lib/parsec/mappings");
	assert_null(cfg->key_managers[0].kim_sqlite_db_path);
	assert_string_equal(cfg->providers[0].prov_name,
	    "mbed-crypto-provider");
	assert_string_equal(cfg->providers[0].prov_key_info_manager,
	    "on-disk-manager");
	cfg_free(cfg);
}

static void
test_parsec_mbed_crypto(void **state)
{
	struct daemon_config *cfg = load_ok(DATA("parsec-mbed-crypto.toml"));

	(void)state;
	assert_false(cfg->log_timestamp);
	assert_true(cfg->log_error_details);
	assert_true(cfg->allow_root);
	assert_int_equal(cfg->timeout_ms, 3000);
	assert_string_equal(cfg->socket_path, "/tmp/parsec.sock");
	assert_int_equal(cfg->auth_type, CFG_AUTH_DIRECT);
	assert_string_equal(cfg->key_managers[0].kim_sqlite_db_path,
	    "./kim-mappings/sqlite/sqlite-key-info-manager.sqlite3");
	assert_int_equal(cfg->providers[0].prov_type, CFG_PROVIDER_MBED_CRYPTO);
	cfg_free(cfg);
}

static void
test_parsec_pkcs11(void **state)
{
	struct daemon_config *cfg = load_ok(DATA("parsec-pkcs11.toml"));
	const struct cfg_provider *p = &cfg->providers[0];

	(void)state;
	assert_int_equal(p->prov_type, CFG_PROVIDER_PKCS11);
	assert_string_equal(p->prov_name, "pkcs11-provider");
	assert_string_equal(p->p11_library_path,
	    "/usr/local/lib/softhsm/libsofthsm2.so");
	assert_string_equal(p->p11_user_pin, "123456");
	assert_false(p->p11_software_public_operations);
	assert_true(p->p11_allow_export);
	assert_true(p->p11_has_slot_number);
	assert_true(p->p11_slot_number == 1234567890u);
	assert_string_equal(p->p11_serial_number, "4bd1e1c6a5a3d3c8");
	assert_null(p->tpm_tcti);
	cfg_free(cfg);
}

static void
test_parsec_tpm(void **state)
{
	struct daemon_config *cfg = load_ok(DATA("parsec-tpm.toml"));
	const struct cfg_provider *p = &cfg->providers[0];

	(void)state;
	assert_int_equal(p->prov_type, CFG_PROVIDER_TPM);
	assert_string_equal(p->prov_name, "tpm-provider");
	assert_string_equal(p->tpm_tcti, "mssim:host=127.0.0.1,port=2321");
	assert_string_equal(p->tpm_owner_hierarchy_auth,
	    "hex:74706d5f70617373");
	assert_string_equal(p->tpm_endorsement_hierarchy_auth,
	    "str:endorsement_pass");
	assert_false(p->tpm_skip_if_no_tpm);
	assert_null(p->p11_library_path);
	cfg_free(cfg);
}

static void
test_parsec_various_fields(void **state)
{
	struct daemon_config *cfg =
	    load_ok(DATA("parsec-various-fields.toml"));

	(void)state;
	assert_true(cfg->allow_root);
	assert_int_equal(cfg->thread_pool_size, 2);
	assert_int_equal(cfg_thread_pool_size(cfg), 2);
	assert_int_equal(cfg->idle_listener_sleep_duration_ms, 12);
	assert_int_equal(cfg->log_level, LOG_LEVEL_TRACE);
	assert_true(cfg->log_timestamp);
	assert_int_equal(cfg->body_len_limit, 1024);
	assert_true(cfg->log_error_details);
	assert_int_equal(cfg->buffer_size_limit, 1024);
	assert_int_equal(cfg->timeout_ms, 202);
	assert_string_equal(cfg->socket_path, "/tmp/toto.sock");
	assert_string_equal(cfg->key_managers[0].kim_name,
	    "I-want-to-speak-to-the-manager");
	cfg_free(cfg);
}

static void
test_parsec_all_providers(void **state)
{
	struct daemon_config *cfg = load_ok(DATA("parsec-all-providers.toml"));

	(void)state;
	assert_int_equal(cfg->admins_count, 4);
	assert_string_equal(cfg->admins[0], "list_clients test");
	assert_string_equal(cfg->admins[3],
	    "spiffe://example.org/parsec-client-1");
	/* File order is priority order; names are Parsec's defaults. */
	assert_int_equal(cfg->providers_count, 3);
	assert_int_equal(cfg->providers[0].prov_type, CFG_PROVIDER_MBED_CRYPTO);
	assert_int_equal(cfg->providers[1].prov_type, CFG_PROVIDER_TPM);
	assert_int_equal(cfg->providers[2].prov_type, CFG_PROVIDER_PKCS11);
	assert_string_equal(cfg->providers[0].prov_name,
	    "mbed-crypto-provider");
	assert_string_equal(cfg->providers[1].prov_name, "tpm-provider");
	assert_string_equal(cfg->providers[2].prov_name, "pkcs11-provider");
	assert_string_equal(cfg->providers[1].tpm_owner_hierarchy_auth,
	    "tpm_pass");
	assert_null(cfg->providers[1].tpm_endorsement_hierarchy_auth);
	assert_true(cfg->providers[2].p11_has_slot_number);
	assert_true(cfg->providers[2].p11_slot_number == 0);
	assert_null(cfg->providers[2].p11_serial_number);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(cfg->providers[i].prov_kim_index, 0);
	cfg_free(cfg);
}

static void
test_parsec_jwt_svid(void **state)
{
	struct daemon_config *cfg = load_ok(DATA("parsec-jwt-svid.toml"));

	(void)state;
	assert_core_defaults(cfg);
	assert_int_equal(cfg->auth_type, CFG_AUTH_JWT_SVID);
	assert_string_equal(cfg->workload_endpoint,
	    "unix:///run/spire/sockets/agent.sock");
	assert_int_equal(cfg->admins_count, 2);
	assert_string_equal(cfg->admins[1],
	    "spiffe://example.org/backup-admin");
	assert_string_equal(cfg->socket_path, CFG_DEFAULT_SOCKET_PATH);
	/* Unset paths take Parsec's defaults for their manager type. */
	assert_string_equal(cfg->key_managers[0].kim_store_path,
	    "/var/lib/parsec/mappings");
	assert_string_equal(cfg->key_managers[1].kim_sqlite_db_path,
	    "/var/lib/parsec/kim-mappings/sqlite/"
	    "sqlite-key-info-manager.sqlite3");
	assert_string_equal(cfg->providers[0].prov_name, "tpm-edge");
	assert_int_equal(cfg->providers[0].prov_kim_index, 1);
	assert_string_equal(cfg->providers[0].tpm_owner_hierarchy_auth, "");
	assert_true(cfg->providers[0].tpm_skip_if_no_tpm);
	assert_int_equal(cfg->providers[1].prov_kim_index, 0);
	cfg_free(cfg);
}

static void
test_arcsec_extensions(void **state)
{
	struct daemon_config *cfg = load_ok(DATA("arcsec-extensions.toml"));

	(void)state;
	assert_int_equal(cfg->max_connections, 4096);
	assert_int_equal(cfg->timeout_ms, 1000);
	assert_string_equal(cfg->providers[0].mbed_master_key_path,
	    "/etc/arcsec/master.key");
	cfg_free(cfg);
}

/* arcsec extension: the TPM's persistent storage primary, both ends of
 * the owner's persistent range; absent is 0 (re-create). */
static void
test_tpm_storage_primary_handle(void **state)
{
	static const char base[] = "[listener]\n"
	    "listener_type = \"DomainSocket\"\n"
	    "[authenticator]\nauth_type = \"Direct\"\n"
	    "[[key_manager]]\nname = \"m\"\nmanager_type = \"SQLite\"\n"
	    "[[provider]]\nprovider_type = \"Tpm\"\n"
	    "key_info_manager = \"m\"\ntcti = \"mssim\"\n"
	    "owner_hierarchy_auth = \"\"\n";
	static const struct {
		const char	*line;
		uint32_t	 handle;
	} cases[] = {
		{ "", 0 },
		{ "storage_primary_handle = 0x81000001\n", 0x81000001u },
		{ "storage_primary_handle = 0x81000000\n", 0x81000000u },
		{ "storage_primary_handle = 2172649471\n", 0x817FFFFFu },
	};
	struct daemon_config *cur, *next;
	char text[512];
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		snprintf(text, sizeof(text), "%s%s", base, cases[i].line);
		cur = load_string_ok(text);
		assert_true(cur->providers[0].tpm_storage_primary_handle ==
		    cases[i].handle);
		cfg_free(cur);
	}
	/* Where the primary lives is decided at start only. */
	cur = load_string_ok(base);
	snprintf(text, sizeof(text), "%s%s", base, cases[1].line);
	next = load_string_ok(text);
	assert_int_equal(cfg_reload_compatible(cur, next, err, sizeof(err)),
	    CFG_ERR_RELOAD);
	assert_string_equal(err, "config reload refused: [[provider]] "
	    "\"tpm-provider\" storage_primary_handle: changed; restart arcsecd "
	    "to apply it");
	cfg_free(next);
	cfg_free(cur);
}

/* Shapes TOML allows for the same data, all of which Parsec reads. */
static void
test_equivalent_forms(void **state)
{
	struct daemon_config *cfg;

	(void)state;
	cfg = load_string_ok(
	    "listener = { listener_type = \"DomainSocket\" }\n"
	    "key_manager = [ { name = \"m\", manager_type = \"SQLite\" } ]\n"
	    "provider = [ { provider_type = \"MbedCrypto\", "
	    "key_info_manager = \"m\" } ]\n"
	    "[authenticator]\nauth_type = \"Direct\"\n"
	    "[[authenticator.admins]]\nname = \"root\"\n"
	    "[[authenticator.admins]]\nname = \"1000\"\n"
	    "[core_settings]\nlog_level = \"DEBUG\"\n");
	assert_int_equal(cfg->log_level, LOG_LEVEL_DEBUG);
	assert_int_equal(cfg->timeout_ms, 200);	/* arcsec default */
	assert_int_equal(cfg->admins_count, 2);
	assert_string_equal(cfg->admins[1], "1000");
	assert_int_equal(cfg->providers_count, 1);
	assert_int_equal(cfg->providers[0].prov_line, 3);
	assert_string_equal(cfg->key_managers[0].kim_sqlite_db_path,
	    CFG_DEFAULT_SQLITE_DB_PATH);
	cfg_free(cfg);

	/* No [core_settings] at all: every default. Level names in any case. */
	cfg = load_string_ok("[listener]\nlistener_type = \"DomainSocket\"\n"
	    "[authenticator]\nauth_type = \"Direct\"\n[[key_manager]]\n"
	    "name = \"m\"\nmanager_type = \"OnDisk\"\n[[provider]]\n"
	    "provider_type = \"MbedCrypto\"\nkey_info_manager = \"m\"\n");
	assert_core_defaults(cfg);
	cfg_free(cfg);
}

/* --- malformed configs: files ------------------------------------------- */

struct bad_file {
	const char	*file;
	enum cfg_status	 status;
	const char	*msg;		/* after "<path>" */
};

static const struct bad_file bad_files[] = {
	{ "bad-unknown-key.toml", CFG_ERR_INVALID,
	  ":4: [core_settings] thread_pool: unknown key" },
	{ "bad-timeout-type.toml", CFG_ERR_INVALID,
	  ":7: [listener] timeout: expected integer, got string" },
	{ "bad-timeout-range.toml", CFG_ERR_INVALID,
	  ":7: [listener] timeout: 0 is out of range 1..600000" },
	{ "bad-missing-listener-type.toml", CFG_ERR_INVALID,
	  ":5: [listener] listener_type: missing required key" },
	{ "bad-listener-type.toml", CFG_ERR_INVALID,
	  ":6: [listener] listener_type: unknown value \"TcpSocket\"; "
	  "expected \"DomainSocket\"" },
	{ "bad-auth-type.toml", CFG_ERR_INVALID,
	  ":10: [authenticator] auth_type: unknown value "
	  "\"unixpeercredentials\"; expected \"Direct\", "
	  "\"UnixPeerCredentials\" or \"JwtSvid\"" },
	{ "bad-jwt-no-endpoint.toml", CFG_ERR_INVALID,
	  ":9: [authenticator] workload_endpoint: missing required key" },
	{ "bad-endpoint-for-direct.toml", CFG_ERR_INVALID,
	  ":11: [authenticator] workload_endpoint: not valid for auth_type "
	  "\"Direct\"" },
	{ "bad-admins-shape.toml", CFG_ERR_INVALID,
	  ":11: [authenticator] admins: element 1: expected table "
	  "{ name = \"...\" }, got string" },
	{ "bad-admins-key.toml", CFG_ERR_INVALID,
	  ":11: [authenticator] admins: element 2: unknown key uid" },
	{ "bad-kim-missing.toml", CFG_ERR_INVALID,
	  ":18: [[provider]] key_info_manager: no [[key_manager]] is named "
	  "\"on-disk-manager\"" },
	{ "bad-dup-provider-type.toml", CFG_ERR_INVALID,
	  ":29: [[provider]] provider_type: a \"Tpm\" provider is already "
	  "defined on line 20; arcsec runs one provider per type" },
	{ "bad-dup-provider-name.toml", CFG_ERR_INVALID,
	  ":21: [[provider]] name: \"mbed-crypto-provider\" is already the "
	  "name of the provider on line 16" },
	{ "bad-dup-kim-name.toml", CFG_ERR_INVALID,
	  ":17: [[key_manager]] name: \"sqlite-manager\" is already the name "
	  "of the key manager on line 12" },
	{ "bad-dup-table.toml", CFG_ERR_PARSE,
	  ":20:1: duplicate table [listener] (first defined on line 5)" },
	{ "bad-dup-key.toml", CFG_ERR_PARSE,
	  ":8:1: duplicate key timeout (first defined on line 7)" },
	{ "bad-trusted-service.toml", CFG_ERR_UNSUPPORTED,
	  ":17: [[provider]] provider_type: \"TrustedService\" is not "
	  "supported by arcsec (supported: \"MbedCrypto\", \"Pkcs11\", "
	  "\"Tpm\")" },
	{ "bad-cryptoauthlib.toml", CFG_ERR_UNSUPPORTED,
	  ":17: [[provider]] provider_type: \"CryptoAuthLib\" is not "
	  "supported by arcsec (supported: \"MbedCrypto\", \"Pkcs11\", "
	  "\"Tpm\")" },
	{ "bad-cryptoauthlib-key.toml", CFG_ERR_INVALID,
	  ":21: [[provider]] slave_address: 256 is out of range 0..255" },
	{ "bad-pkcs11-no-library.toml", CFG_ERR_INVALID,
	  ":16: [[provider]] library_path: missing required key" },
	{ "bad-tcti-in-pkcs11.toml", CFG_ERR_INVALID,
	  ":20: [[provider]] tcti: not valid for provider_type \"Pkcs11\"" },
	{ "bad-no-provider.toml", CFG_ERR_INVALID,
	  ": [[provider]]: missing; at least one provider is required" },
	{ "bad-float.toml", CFG_ERR_PARSE,
	  ":7:11: floats are not supported (200.5)" },
	{ "bad-log-level.toml", CFG_ERR_INVALID,
	  ":4: [core_settings] log_level: unknown value \"verbose\"; expected "
	  "\"error\", \"warn\", \"info\", \"debug\" or \"trace\"" },
	{ "bad-thread-pool-zero.toml", CFG_ERR_INVALID,
	  ":4: [core_settings] thread_pool_size: 0 is out of range 1..256" },
	{ "bad-body-len-limit.toml", CFG_ERR_INVALID,
	  ":4: [core_settings] body_len_limit: 1073741824 is out of range "
	  "1..67108864" },
	{ "bad-database-path.toml", CFG_ERR_INVALID,
	  ":15: [[key_manager]] database_path: unknown key (did you mean "
	  "sqlite_db_path?)" },
	{ "bad-hex-secret.toml", CFG_ERR_INVALID,
	  ":20: [[provider]] owner_hierarchy_auth: value after \"hex:\" must "
	  "be an even number of hex digits" },
	{ "bad-socket-path-long.toml", CFG_ERR_INVALID,
	  ":8: [listener] socket_path: longer than 107 bytes (the limit of a "
	  "Unix socket path)" },
	{ "bad-missing-authenticator.toml", CFG_ERR_INVALID,
	  ": [authenticator]: missing required table" },
	{ "bad-unknown-table.toml", CFG_ERR_INVALID,
	  ":20: [logging]: unknown table" },
	{ "bad-kim-not-array.toml", CFG_ERR_INVALID,
	  ":12: [[key_manager]]: expected array of tables, got table" },
	{ "bad-store-path-sqlite.toml", CFG_ERR_INVALID,
	  ":15: [[key_manager]] store_path: not valid for manager_type "
	  "\"SQLite\"" },
	{ "bad-dotted-key.toml", CFG_ERR_PARSE,
	  ":4:4: dotted keys are not supported (log.); use a [table] "
	  "header" },
};

static void
test_bad_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_files) / sizeof(*bad_files); i++) {
		const struct bad_file *b = &bad_files[i];
		struct daemon_config *cfg = (struct daemon_config *)1;
		char path[512], want[1024], err[512];
		enum cfg_status st;

		snprintf(path, sizeof(path), "%s/config/%s", ARCSEC_TEST_DATA,
		    b->file);
		snprintf(want, sizeof(want), "%s%s", path, b->msg);
		st = cfg_load_file(path, &cfg, err, sizeof(err));
		if (st != b->status || strcmp(err, want) != 0)
			fail_msg("%s: got %s \"%s\"; want %s \"%s\"", b->file,
			    cfg_status_name(st), err,
			    cfg_status_name(b->status), want);
		assert_null(cfg);
	}
}

/* The secret in bad-hex-secret.toml stays out of the message. */
static void
test_secret_not_in_errors(void **state)
{
	struct daemon_config *cfg = NULL;
	char err[512];

	(void)state;
	assert_int_equal(cfg_load_file(DATA("bad-hex-secret.toml"), &cfg, err,
	    sizeof(err)), CFG_ERR_INVALID);
	assert_null(strstr(err, "s3cr3t"));
	assert_null(strstr(err, "pa55"));
}

/* --- malformed configs: inline ------------------------------------------- */

/* Four valid sections, lines 1-10; each case appends from line 11. */
#define L_ "[listener]\nlistener_type = \"DomainSocket\"\n"
#define A_ "[authenticator]\nauth_type = \"Direct\"\n"
#define K_ "[[key_manager]]\nname = \"m\"\nmanager_type = \"SQLite\"\n"
#define P_ "[[provider]]\nprovider_type = \"MbedCrypto\"\n" \
	"key_info_manager = \"m\"\n"
#define BASE_ L_ A_ K_ P_
/* A Tpm provider whose next key is on line 13. */
#define TPM_ L_ A_ K_ "[[provider]]\nprovider_type = \"Tpm\"\n" \
	"key_info_manager = \"m\"\ntcti = \"mssim\"\n" \
	"owner_hierarchy_auth = \"\"\n"

struct bad_text {
	const char	*text;
	enum cfg_status	 status;
	const char	*msg;
};

static const struct bad_text bad_texts[] = {
	{ "foo = 1\n" BASE_, CFG_ERR_INVALID,
	  "inline.toml:1: foo: unknown top-level key" },
	{ BASE_ "[[providers]]\nprovider_type = \"Tpm\"\n", CFG_ERR_INVALID,
	  "inline.toml:11: [[providers]]: unknown table" },
	{ "listener = 5\n" A_ K_ P_, CFG_ERR_INVALID,
	  "inline.toml:1: [listener]: expected table, got integer" },
	{ "core_settings = []\n" BASE_, CFG_ERR_INVALID,
	  "inline.toml:1: [core_settings]: expected table, got array" },
	{ "provider = \"MbedCrypto\"\n" L_ A_ K_, CFG_ERR_INVALID,
	  "inline.toml:1: [[provider]]: expected array of tables, got string" },
	{ "provider = [ 1 ]\n" L_ A_ K_, CFG_ERR_INVALID,
	  "inline.toml:1: [[provider]]: element 1: expected table, got "
	  "integer" },
	{ "provider = []\n" L_ A_ K_, CFG_ERR_INVALID,
	  "inline.toml: [[provider]]: missing; at least one provider is "
	  "required" },
	{ A_ K_ P_, CFG_ERR_INVALID,
	  "inline.toml: [listener]: missing required table" },
	{ L_ A_ P_, CFG_ERR_INVALID,
	  "inline.toml:7: [[provider]] key_info_manager: no [[key_manager]] "
	  "is named \"m\"" },
	{ BASE_ "[core_settings]\nlog_level = \"off\"\n", CFG_ERR_UNSUPPORTED,
	  "inline.toml:12: [core_settings] log_level: \"off\" is not "
	  "supported by arcsec; the quietest level is \"error\"" },
	{ BASE_ "[core_settings]\nlog_level = 3\n", CFG_ERR_INVALID,
	  "inline.toml:12: [core_settings] log_level: expected string, got "
	  "integer" },
	{ BASE_ "[core_settings]\nallow_root = \"yes\"\n", CFG_ERR_INVALID,
	  "inline.toml:12: [core_settings] allow_root: expected boolean, got "
	  "string" },
	{ BASE_ "[core_settings]\nmax_connections = 0\n", CFG_ERR_INVALID,
	  "inline.toml:12: [core_settings] max_connections: 0 is out of range "
	  "1..65536" },
	{ BASE_ "[core_settings]\nbuffer_size_limit = -1\n", CFG_ERR_INVALID,
	  "inline.toml:12: [core_settings] buffer_size_limit: -1 is out of "
	  "range 1..67108864" },
	{ BASE_ "[core_settings]\nidle_listener_sleep_duration = 4294967296\n",
	  CFG_ERR_INVALID, "inline.toml:12: [core_settings] "
	  "idle_listener_sleep_duration: 4294967296 is out of range "
	  "0..4294967295" },
	{ BASE_ "[listener.extra]\nx = 1\n", CFG_ERR_INVALID,
	  "inline.toml:11: [listener] extra: unknown table" },
	{ BASE_ "[listener.x]\n", CFG_ERR_INVALID,
	  "inline.toml:11: [listener] x: unknown table" },
	{ L_ "timeout = 600001\n" A_ K_ P_, CFG_ERR_INVALID,
	  "inline.toml:3: [listener] timeout: 600001 is out of range "
	  "1..600000" },
	{ L_ "socket_path = \"\"\n" A_ K_ P_, CFG_ERR_INVALID,
	  "inline.toml:3: [listener] socket_path: must not be empty" },
	{ L_ "[authenticator]\nadmins = [ { name = \"root\" } ]\n" K_ P_,
	  CFG_ERR_INVALID,
	  "inline.toml:3: [authenticator] auth_type: missing required key" },
	{ L_ A_ "admins = \"root\"\n" K_ P_, CFG_ERR_INVALID,
	  "inline.toml:5: [authenticator] admins: expected array, got string" },
	{ L_ A_ "admins = [ {} ]\n" K_ P_, CFG_ERR_INVALID,
	  "inline.toml:5: [authenticator] admins: element 1: missing required "
	  "key name" },
	{ L_ A_ "admins = [\n { name = \"a\" },\n { name = 1 },\n]\n" K_ P_,
	  CFG_ERR_INVALID, "inline.toml:7: [authenticator] admins: element 2: "
	  "name must be a string of 1 to 2048 bytes" },
	{ L_ A_ "admins = [ { name = \"\" } ]\n" K_ P_, CFG_ERR_INVALID,
	  "inline.toml:5: [authenticator] admins: element 1: name must be a "
	  "string of 1 to 2048 bytes" },
	{ L_ A_ "workload_endpoint = 1\n" K_ P_, CFG_ERR_INVALID,
	  "inline.toml:5: [authenticator] workload_endpoint: not valid for "
	  "auth_type \"Direct\"" },
	{ L_ "[authenticator]\nauth_type = \"JwtSvid\"\n"
	  "workload_endpoint = 1\n" K_ P_, CFG_ERR_INVALID,
	  "inline.toml:5: [authenticator] workload_endpoint: expected string, "
	  "got integer" },
	{ L_ A_ "[[key_manager]]\nname = \"\"\nmanager_type = \"SQLite\"\n" P_,
	  CFG_ERR_INVALID,
	  "inline.toml:6: [[key_manager]] name: must not be empty" },
	{ L_ A_ "[[key_manager]]\nname = \"m\"\n" P_, CFG_ERR_INVALID,
	  "inline.toml:5: [[key_manager]] manager_type: missing required key" },
	{ L_ A_ "[[key_manager]]\nmanager_type = \"SQLite\"\n" P_,
	  CFG_ERR_INVALID,
	  "inline.toml:5: [[key_manager]] name: missing required key" },
	{ L_ A_ "[[key_manager]]\nname = \"m\"\nmanager_type = \"Redis\"\n" P_,
	  CFG_ERR_INVALID, "inline.toml:7: [[key_manager]] manager_type: "
	  "unknown value \"Redis\"; expected \"OnDisk\" or \"SQLite\"" },
	{ L_ A_ K_ "sqlite_db_path = 5\n" P_, CFG_ERR_INVALID,
	  "inline.toml:8: [[key_manager]] sqlite_db_path: expected string, got "
	  "integer" },
	{ BASE_ "library_path = \"/lib/x.so\"\n", CFG_ERR_INVALID,
	  "inline.toml:11: [[provider]] library_path: not valid for "
	  "provider_type \"MbedCrypto\"" },
	{ BASE_ "verbose = true\n", CFG_ERR_INVALID,
	  "inline.toml:11: [[provider]] verbose: unknown key" },
	{ BASE_ "pin = \"1234\"\n", CFG_ERR_INVALID,
	  "inline.toml:11: [[provider]] pin: unknown key (did you mean "
	  "user_pin?)" },
	{ BASE_ "name = \"\"\n", CFG_ERR_INVALID,
	  "inline.toml:11: [[provider]] name: must not be empty" },
	{ L_ A_ K_ "[[provider]]\nkey_info_manager = \"m\"\n", CFG_ERR_INVALID,
	  "inline.toml:8: [[provider]] provider_type: missing required key" },
	{ L_ A_ K_ "[[provider]]\nprovider_type = \"MbedCrypto\"\n",
	  CFG_ERR_INVALID,
	  "inline.toml:8: [[provider]] key_info_manager: missing required "
	  "key" },
	{ L_ A_ K_ "[[provider]]\nprovider_type = \"mbedcrypto\"\n",
	  CFG_ERR_INVALID, "inline.toml:9: [[provider]] provider_type: unknown "
	  "value \"mbedcrypto\"; expected \"MbedCrypto\", \"Pkcs11\", \"Tpm\", "
	  "\"TrustedService\" or \"CryptoAuthLib\"" },
	{ L_ A_ K_ "[[provider]]\nprovider_type = \"Pkcs11\"\n"
	  "key_info_manager = \"m\"\nlibrary_path = \"/x.so\"\n"
	  "slot_number = -1\n", CFG_ERR_INVALID,
	  "inline.toml:12: [[provider]] slot_number: -1 is out of range "
	  "0..9223372036854775807" },
	{ L_ A_ K_ "[[provider]]\nprovider_type = \"Pkcs11\"\n"
	  "key_info_manager = \"m\"\nlibrary_path = \"/x.so\"\n"
	  "user_pin = 1234\n", CFG_ERR_INVALID,
	  "inline.toml:12: [[provider]] user_pin: expected string, got "
	  "integer" },
	{ L_ A_ K_ "[[provider]]\nprovider_type = \"Tpm\"\n"
	  "key_info_manager = \"m\"\ntcti = \"mssim\"\n", CFG_ERR_INVALID,
	  "inline.toml:8: [[provider]] owner_hierarchy_auth: missing required "
	  "key" },
	{ L_ A_ K_ "[[provider]]\nprovider_type = \"Tpm\"\n"
	  "key_info_manager = \"m\"\ntcti = \"mssim\"\n"
	  "owner_hierarchy_auth = \"\"\n"
	  "endorsement_hierarchy_auth = \"hex:abc\"\n", CFG_ERR_INVALID,
	  "inline.toml:13: [[provider]] endorsement_hierarchy_auth: value "
	  "after \"hex:\" must be an even number of hex digits" },
	{ L_ A_ K_ "[[provider]]\nprovider_type = \"Tpm\"\n"
	  "key_info_manager = \"m\"\ntcti = \"\"\n"
	  "owner_hierarchy_auth = \"\"\n",
	  CFG_ERR_INVALID, "inline.toml:11: [[provider]] tcti: must not be "
	  "empty" },
	{ TPM_ "storage_primary_handle = 0x81800000\n", CFG_ERR_INVALID,
	  "inline.toml:13: [[provider]] storage_primary_handle: 0x81800000 "
	  "is out of range 0x81000000..0x817FFFFF" },
	{ TPM_ "storage_primary_handle = 0x80FFFFFF\n", CFG_ERR_INVALID,
	  "inline.toml:13: [[provider]] storage_primary_handle: 0x80FFFFFF "
	  "is out of range 0x81000000..0x817FFFFF" },
	{ TPM_ "storage_primary_handle = 0\n", CFG_ERR_INVALID,
	  "inline.toml:13: [[provider]] storage_primary_handle: 0x0 is out "
	  "of range 0x81000000..0x817FFFFF" },
	{ TPM_ "storage_primary_handle = -1\n", CFG_ERR_INVALID,
	  "inline.toml:13: [[provider]] storage_primary_handle: -0x1 is out "
	  "of range 0x81000000..0x817FFFFF" },
	{ TPM_ "storage_primary_handle = \"0x81000001\"\n", CFG_ERR_INVALID,
	  "inline.toml:13: [[provider]] storage_primary_handle: expected "
	  "integer, got string" },
	{ TPM_ "storage_primary_handle = true\n", CFG_ERR_INVALID,
	  "inline.toml:13: [[provider]] storage_primary_handle: expected "
	  "integer, got boolean" },
	{ BASE_ "storage_primary_handle = 0x81000001\n", CFG_ERR_INVALID,
	  "inline.toml:11: [[provider]] storage_primary_handle: not valid for "
	  "provider_type \"MbedCrypto\"" },
	{ L_ A_ K_ "[[provider]]\nprovider_type = \"Tpm\"\n"
	  "key_info_manager = \"m\"\nwake_delay = 1500\n", CFG_ERR_INVALID,
	  "inline.toml:11: [[provider]] wake_delay: not valid for "
	  "provider_type \"Tpm\"" },
	{ L_ A_ K_ "[[provider]]\nprovider_type = \"CryptoAuthLib\"\n"
	  "key_info_manager = \"m\"\ndevice_type = \"atecc608a\"\n",
	  CFG_ERR_INVALID, "inline.toml:8: [[provider]] iface_type: missing "
	  "required key" },
	{ L_ A_ K_ "[[provider]]\nprovider_type = \"TrustedService\"\n"
	  "key_info_manager = \"m\"\ntcti = \"mssim\"\n", CFG_ERR_INVALID,
	  "inline.toml:11: [[provider]] tcti: not valid for provider_type "
	  "\"TrustedService\"" },
	{ L_ A_ K_ P_ P_ P_ P_ P_ P_, CFG_ERR_INVALID,
	  "inline.toml:23: [[provider]]: more than 5 providers (one per "
	  "type)" },
	{ L_ A_ K_ P_ "[[provider]]\nname = \"soft-2\"\n"
	  "provider_type = \"MbedCrypto\"\nkey_info_manager = \"m\"\n",
	  CFG_ERR_INVALID, "inline.toml:13: [[provider]] provider_type: a "
	  "\"MbedCrypto\" provider is already defined on line 8; arcsec runs "
	  "one provider per type" },
	{ L_ A_ K_ "[[provider]]\nname = \"x\\u001b[31m\"\n"
	  "provider_type = \"MbedCrypto\"\nkey_info_manager = \"m\"\n"
	  "[[provider]]\nname = \"x\\u001b[31m\"\nprovider_type = \"Tpm\"\n"
	  "key_info_manager = \"m\"\ntcti = \"mssim\"\n"
	  "owner_hierarchy_auth = \"\"\n", CFG_ERR_INVALID,
	  "inline.toml:13: [[provider]] name: \"x?[31m\" is already the name "
	  "of the provider on line 8" },
	{ BASE_ "[core_settings]\n\"odd\\u001b]0;key\" = 1\n", CFG_ERR_INVALID,
	  "inline.toml:12: [core_settings] odd?]0;key: unknown key" },
	{ "[listener]\nlistener_type = \"DomainSocket\"\ntimeout = 200\n"
	  "socket_path = '/tmp/a\n", CFG_ERR_PARSE,
	  "inline.toml:4:15: unterminated string" },
	{ "", CFG_ERR_INVALID, "inline.toml: [listener]: missing required "
	  "table" },
};

static void
test_bad_texts(void **state)
{
	size_t failures = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_texts) / sizeof(*bad_texts); i++) {
		const struct bad_text *b = &bad_texts[i];
		struct daemon_config *cfg = (struct daemon_config *)1;
		char err[512];
		enum cfg_status st;

		st = cfg_load_string(b->text, strlen(b->text), "inline.toml",
		    &cfg, err, sizeof(err));
		if (st != b->status || strcmp(err, b->msg) != 0) {
			print_error("case %zu: got %s \"%s\"; want %s \"%s\"\n",
			    i, cfg_status_name(st), err,
			    cfg_status_name(b->status), b->msg);
			failures++;
		}
		assert_null(cfg);
	}
	assert_int_equal(failures, 0);
}

static void
test_admins_limit(void **state)
{
	size_t size = 64 + 24 * (LIMIT_ADMINS_MAX + 1) + sizeof(L_ A_ K_ P_);
	struct daemon_config *cfg = NULL;
	char *s = malloc(size), err[256];
	size_t n;

	(void)state;
	assert_non_null(s);
	n = (size_t)snprintf(s, size, "%s", L_ A_ "admins = [");
	for (size_t i = 0; i < LIMIT_ADMINS_MAX; i++)
		n += (size_t)snprintf(s + n, size - n, "{name=\"%zu\"},", i);
	snprintf(s + n, size - n, "]\n%s", K_ P_);
	assert_int_equal(cfg_load_string(s, strlen(s), "inline.toml", &cfg,
	    err, sizeof(err)), CFG_OK);
	assert_int_equal(cfg->admins_count, LIMIT_ADMINS_MAX);
	assert_string_equal(cfg->admins[LIMIT_ADMINS_MAX - 1], "63");
	cfg_free(cfg);
	snprintf(s + n, size - n, "{name=\"x\"}]\n%s", K_ P_);
	assert_int_equal(cfg_load_string(s, strlen(s), "inline.toml", &cfg,
	    err, sizeof(err)), CFG_ERR_INVALID);
	assert_string_equal(err, "inline.toml:5: [authenticator] admins: more "
	    "than 64 admins");
	free(s);
}

/* err may be small, or absent; a message is cut, never overrun. */
static void
test_error_buffer(void **state)
{
	static const char text[] = L_ A_ K_ P_ "bogus = 1\n";
	struct daemon_config *cfg = NULL;
	char err[8];

	(void)state;
	memset(err, 'z', sizeof(err));
	assert_int_equal(cfg_load_string(text, strlen(text), "inline.toml",
	    &cfg, err, sizeof(err)), CFG_ERR_INVALID);
	assert_string_equal(err, "inline.");
	assert_int_equal(cfg_load_string(text, strlen(text), NULL, &cfg, NULL,
	    0), CFG_ERR_INVALID);
	assert_int_equal(cfg_load_string("[", 1, NULL, &cfg, NULL, 0),
	    CFG_ERR_PARSE);
	assert_null(cfg);
}

/* --- files --------------------------------------------------------------- */

static void
test_load_file_errors(void **state)
{
	struct daemon_config *cfg = NULL;
	char err[512], want[600], path[] = "/tmp/arcsec-test-config-XXXXXX";
	FILE *f;
	int fd;

	(void)state;
	assert_int_equal(cfg_load_file(DATA("no-such-file.toml"), &cfg, err,
	    sizeof(err)), CFG_ERR_IO);
	snprintf(want, sizeof(want), "%s: cannot open: %s",
	    DATA("no-such-file.toml"), strerror(ENOENT));
	assert_string_equal(err, want);
	assert_int_equal(cfg_load_file(ARCSEC_TEST_DATA "/config", &cfg, err,
	    sizeof(err)), CFG_ERR_IO);
	assert_string_equal(err, ARCSEC_TEST_DATA "/config: not a regular "
	    "file");

	/* One byte over the limit is refused before it is read. */
	assert_true((fd = mkstemp(path)) != -1);
	assert_non_null(f = fdopen(fd, "w"));
	for (size_t i = 0; i <= LIMIT_CONFIG_FILE_BYTES; i++)
		fputc('\n', f);
	fclose(f);
	assert_int_equal(cfg_load_file(path, &cfg, err, sizeof(err)),
	    CFG_ERR_IO);
	snprintf(want, sizeof(want), "%s: larger than 1048576 bytes", path);
	assert_string_equal(err, want);
	/* An empty file is valid TOML and an invalid config. */
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_int_equal(cfg_load_file(path, &cfg, err, sizeof(err)),
	    CFG_ERR_INVALID);
	snprintf(want, sizeof(want), "%s: [listener]: missing required table",
	    path);
	assert_string_equal(err, want);
	unlink(path);
	assert_null(cfg);
}

/* --- defaults ------------------------------------------------------------ */

static void
test_defaults(void **state)
{
	struct daemon_config *cfg = NULL;
	char err[256];

	(void)state;
	assert_int_equal(cfg_defaults(&cfg, err, sizeof(err)), CFG_OK);
	assert_core_defaults(cfg);
	assert_int_equal(cfg->listener_type, CFG_LISTENER_DOMAIN_SOCKET);
	assert_int_equal(cfg->timeout_ms, 200);
	assert_string_equal(cfg->socket_path, "/run/parsec/parsec.sock");
	assert_int_equal(cfg->auth_type, CFG_AUTH_UNIX_PEER_CREDENTIALS);
	assert_int_equal(cfg->admins_count, 0);
	assert_int_equal(cfg->key_managers_count, 1);
	assert_string_equal(cfg->key_managers[0].kim_name, "sqlite-manager");
	assert_int_equal(cfg->key_managers[0].kim_type, CFG_KIM_SQLITE);
	assert_string_equal(cfg->key_managers[0].kim_sqlite_db_path,
	    CFG_DEFAULT_SQLITE_DB_PATH);
	assert_int_equal(cfg->providers_count, 1);
	assert_int_equal(cfg->providers[0].prov_type, CFG_PROVIDER_MBED_CRYPTO);
	assert_string_equal(cfg->providers[0].prov_name,
	    "mbed-crypto-provider");
	assert_int_equal(cfg->providers[0].prov_kim_index, 0);
	assert_true(cfg_thread_pool_size(cfg) >= 1);
	assert_true(cfg_thread_pool_size(cfg) <= LIMIT_THREADS_MAX);
	cfg_free(cfg);
	cfg_free(NULL);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(cfg_provider_type_name(CFG_PROVIDER_MBED_CRYPTO),
	    "MbedCrypto");
	assert_string_equal(cfg_provider_type_name(CFG_PROVIDER_PKCS11),
	    "Pkcs11");
	assert_string_equal(cfg_provider_type_name(CFG_PROVIDER_TPM), "Tpm");
	assert_string_equal(cfg_provider_type_name(
	    CFG_PROVIDER_TRUSTED_SERVICE), "TrustedService");
	assert_string_equal(cfg_provider_type_name(CFG_PROVIDER_CRYPTOAUTHLIB),
	    "CryptoAuthLib");
	assert_string_equal(cfg_auth_type_name(CFG_AUTH_JWT_SVID), "JwtSvid");
	assert_string_equal(cfg_kim_type_name(CFG_KIM_ON_DISK), "OnDisk");
	assert_string_equal(cfg_status_name(CFG_ERR_RELOAD),
	    "reload needs a restart");
	assert_string_equal(cfg_provider_type_name((enum cfg_provider_type)9),
	    "unknown");
}

/* --- reload -------------------------------------------------------------- */

#define RELOAD_BASE \
	"[core_settings]\n%s\n" \
	"[listener]\nlistener_type = \"DomainSocket\"\n%s\n" \
	"[authenticator]\nauth_type = \"UnixPeerCredentials\"\n%s\n" \
	"[[key_manager]]\nname = \"m\"\nmanager_type = \"SQLite\"\n%s\n" \
	"[[provider]]\nprovider_type = \"Pkcs11\"\nkey_info_manager = \"m\"\n" \
	"library_path = \"/usr/lib/softhsm/libsofthsm2.so\"\n%s\n"

static struct daemon_config *
reload_cfg(const char *core, const char *listener, const char *auth,
    const char *kim, const char *prov)
{
	char text[2048];

	snprintf(text, sizeof(text), RELOAD_BASE, core, listener, auth, kim,
	    prov);
	return load_string_ok(text);
}

static void
expect_reload(const struct daemon_config *cur, struct daemon_config *next,
    enum cfg_status want, const char *msg)
{
	char err[256];

	assert_int_equal(cfg_reload_compatible(cur, next, err, sizeof(err)),
	    want);
	assert_string_equal(err, msg);
	cfg_free(next);
}

static void
test_reload(void **state)
{
	struct daemon_config *cur;

	(void)state;
	cur = reload_cfg("", "", "", "", "user_pin = \"1234\"");
	/* Everything reloadable changed at once. */
	expect_reload(cur, reload_cfg("log_level = \"debug\"\n"
	    "log_timestamp = true\nlog_error_details = true\n"
	    "body_len_limit = 4096\nbuffer_size_limit = 8192", "timeout = 50",
	    "admins = [ { name = \"0\" } ]", "", "user_pin = \"1234\""),
	    CFG_OK, "");
	expect_reload(cur, reload_cfg("thread_pool_size = 3", "", "", "",
	    "user_pin = \"1234\""), CFG_ERR_RELOAD, "config reload refused: "
	    "[core_settings] thread_pool_size: changed; restart arcsecd to "
	    "apply it");
	expect_reload(cur, reload_cfg("allow_deprecated = true", "", "", "",
	    "user_pin = \"1234\""), CFG_ERR_RELOAD, "config reload refused: "
	    "[core_settings] allow_deprecated: changed; restart arcsecd to "
	    "apply it");
	expect_reload(cur, reload_cfg("max_connections = 7", "", "", "",
	    "user_pin = \"1234\""), CFG_ERR_RELOAD, "config reload refused: "
	    "[core_settings] max_connections: changed; restart arcsecd to "
	    "apply it");
	expect_reload(cur, reload_cfg("", "socket_path = \"/tmp/p.sock\"", "",
	    "", "user_pin = \"1234\""), CFG_ERR_RELOAD,
	    "config reload refused: [listener] socket_path: changed; restart "
	    "arcsecd to apply it");
	/* The same path written out is no change. */
	expect_reload(cur, reload_cfg("", "socket_path = "
	    "\"/run/parsec/parsec.sock\"", "", "", "user_pin = \"1234\""),
	    CFG_OK, "");
	expect_reload(cur, reload_cfg("", "", "", "sqlite_db_path = \"/x.db\"",
	    "user_pin = \"1234\""), CFG_ERR_RELOAD, "config reload refused: "
	    "[[key_manager]] sqlite_db_path: changed; restart arcsecd to apply "
	    "it");
	expect_reload(cur, reload_cfg("", "", "", "", "user_pin = \"9999\""),
	    CFG_ERR_RELOAD, "config reload refused: [[provider]] "
	    "\"pkcs11-provider\" user_pin: changed; restart arcsecd to apply "
	    "it");
	expect_reload(cur, reload_cfg("", "", "", "",
	    "user_pin = \"1234\"\nslot_number = 0"), CFG_ERR_RELOAD,
	    "config reload refused: [[provider]] \"pkcs11-provider\" "
	    "slot_number: changed; restart arcsecd to apply it");
	expect_reload(cur, reload_cfg("", "", "", "",
	    "user_pin = \"1234\"\n[[provider]]\nprovider_type = \"MbedCrypto\""
	    "\nkey_info_manager = \"m\""), CFG_ERR_RELOAD,
	    "config reload refused: [[provider]]: added or removed; restart "
	    "arcsecd to apply it");
	expect_reload(cur, reload_cfg("", "", "", "\n[[key_manager]]\n"
	    "name = \"n\"\nmanager_type = \"OnDisk\"", "user_pin = \"1234\""),
	    CFG_ERR_RELOAD, "config reload refused: [[key_manager]]: added or "
	    "removed; restart arcsecd to apply it");
	cfg_free(cur);

	cur = load_ok(DATA("parsec-jwt-svid.toml"));
	expect_reload(cur, load_ok(DATA("parsec-jwt-svid.toml")), CFG_OK, "");
	expect_reload(cur, load_ok(DATA("parsec-quickstart.toml")),
	    CFG_ERR_RELOAD, "config reload refused: [core_settings] "
	    "allow_root: changed; restart arcsecd to apply it");
	expect_reload(cur, load_ok(DATA("parsec-template.toml")),
	    CFG_ERR_RELOAD, "config reload refused: [core_settings] "
	    "thread_pool_size: changed; restart arcsecd to apply it");
	cfg_free(cur);
}

/* --- allocation failures -------------------------------------------------- */

static void
test_alloc_failures(void **state)
{
#if FAILMALLOC_ACTIVE
	static const char *const files[] = {
		DATA("parsec-all-providers.toml"),
		DATA("parsec-jwt-svid.toml"),
		DATA("parsec-template.toml"),
	};
	char *text, err[512];
	struct daemon_config *cfg;
	struct toml_doc *doc;
	struct toml_error terr;
	enum cfg_status st;
	enum toml_status ts;
	long n, live;
	FILE *f;
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		assert_non_null(text = malloc(LIMIT_CONFIG_FILE_BYTES));
		assert_non_null(f = fopen(files[i], "r"));
		len = fread(text, 1, LIMIT_CONFIG_FILE_BYTES, f);
		fclose(f);

		/* The reader alone, then the reader and the loader. */
		for (n = 0;; n++) {
			live = failmalloc_live;
			failmalloc_hit = false;
			failmalloc_countdown = n;
			ts = toml_parse(text, len, &doc, &terr);
			failmalloc_countdown = -1;
			if (!failmalloc_hit) {
				assert_int_equal(ts, TOML_OK);
				toml_doc_free(doc);
				assert_int_equal(failmalloc_live, live);
				break;
			}
			assert_int_equal(ts, TOML_ERR_NOMEM);
			assert_string_equal(terr.msg, "out of memory");
			assert_null(doc);
			assert_int_equal(failmalloc_live, live);
		}
		assert_true(n > 10);
		for (n = 0;; n++) {
			live = failmalloc_live;
			failmalloc_hit = false;
			failmalloc_countdown = n;
			st = cfg_load_string(text, len, "x.toml", &cfg, err,
			    sizeof(err));
			failmalloc_countdown = -1;
			if (!failmalloc_hit) {
				assert_int_equal(st, CFG_OK);
				cfg_free(cfg);
				assert_int_equal(failmalloc_live, live);
				break;
			}
			if (st != CFG_ERR_NOMEM)
				fail_msg("%s, allocation %ld: %s", files[i], n,
				    err);
			assert_null(cfg);
			assert_int_equal(failmalloc_live, live);
		}
		free(text);
	}
	/* And the file path, with its own buffer. */
	for (n = 0;; n++) {
		live = failmalloc_live;
		failmalloc_hit = false;
		failmalloc_countdown = n;
		st = cfg_load_file(DATA("parsec-tpm.toml"), &cfg, err,
		    sizeof(err));
		failmalloc_countdown = -1;
		if (!failmalloc_hit) {
			assert_int_equal(st, CFG_OK);
			cfg_free(cfg);
			assert_int_equal(failmalloc_live, live);
			break;
		}
		assert_int_equal(st, CFG_ERR_NOMEM);
		assert_int_equal(failmalloc_live, live);
	}
#else
	(void)state;
	skip();
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parsec_quickstart),
		cmocka_unit_test(test_parsec_template),
		cmocka_unit_test(test_parsec_mbed_crypto),
		cmocka_unit_test(test_parsec_pkcs11),
		cmocka_unit_test(test_parsec_tpm),
		cmocka_unit_test(test_parsec_various_fields),
		cmocka_unit_test(test_parsec_all_providers),
		cmocka_unit_test(test_parsec_jwt_svid),
		cmocka_unit_test(test_arcsec_extensions),
		cmocka_unit_test(test_tpm_storage_primary_handle),
		cmocka_unit_test(test_equivalent_forms),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_secret_not_in_errors),
		cmocka_unit_test(test_bad_texts),
		cmocka_unit_test(test_admins_limit),
		cmocka_unit_test(test_error_buffer),
		cmocka_unit_test(test_load_file_errors),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_reload),
		cmocka_unit_test(test_alloc_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
