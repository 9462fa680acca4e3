/* common/limits.h: every built-in limit of arcsec, in one place, with units.
 * Config (core_settings.body_len_limit, buffer_size_limit, ...) overrides the
 * ones marked "default"; the rest are hard ceilings. */
#ifndef ARCSEC_COMMON_LIMITS_H
#define ARCSEC_COMMON_LIMITS_H

/* Parsec's default body_len_limit: 1 MiB (Parsec book, configuration). */
#define LIMIT_BODY_LEN_DEFAULT		(1u << 20)
/* Largest body_len_limit config may set: a request must fit in memory twice. */
#define LIMIT_BODY_LEN_MAX		(64u << 20)
/* Parsec's default buffer_size_limit for output buffers a request asks for. */
#define LIMIT_BUFFER_SIZE_DEFAULT	(1u << 20)
/* Auth field: u16 on the wire; JWT-SVIDs are the largest we accept. */
#define LIMIT_AUTH_LEN_MAX		8192u
/* Application names (direct auth, SPIFFE IDs): UTF-8 bytes, no NUL. */
#define LIMIT_APP_NAME_LEN		2048u
/* Key names: UTF-8 bytes, no NUL. */
#define LIMIT_KEY_NAME_LEN		512u
/* Listener: default per-connection deadline (Parsec default: 200 ms). */
#define LIMIT_LISTENER_TIMEOUT_MS_DEFAULT 200u
#define LIMIT_LISTENER_TIMEOUT_MS_MAX	600000u
/* Open connections the event loop holds at once (default, config overrides). */
#define LIMIT_CONNECTIONS_DEFAULT	1024u
#define LIMIT_CONNECTIONS_MAX		65536u
/* Worker threads. */
#define LIMIT_THREADS_MAX		256u
/* Admins listed in config. */
#define LIMIT_ADMINS_MAX		64u
/* Providers configured at once (Parsec IDs 1-5, each once). */
#define LIMIT_PROVIDERS_MAX		5u
/* One "provider ... skipped" sentence for ListProviders' core entry. */
#define LIMIT_PROVIDER_SKIPPED_TEXT	512u
/* [[key_manager]] entries; each is one key-store file and connection pool. */
#define LIMIT_KEY_MANAGERS_MAX		8u
/* Keys one application may have listed or deleted in one request. */
#define LIMIT_KEYS_PER_REQUEST		100000u
/* Config file size. */
#define LIMIT_CONFIG_FILE_BYTES		(1u << 20)
/* TOML reader (config files). Depth counts nested arrays, inline tables and
 * [a.b] header segments; Parsec's layout needs 3. A string holds a path, a
 * SPIFFE ID or an admin name (LIMIT_APP_NAME_LEN); a table holds a dozen
 * keys; an array a few admins. Key lookups are linear, so keys per table are
 * capped well below what would make a 1 MiB file quadratic. */
#define LIMIT_TOML_DEPTH		16u
#define LIMIT_TOML_STRING_BYTES		8192u
#define LIMIT_TOML_ARRAY_LEN		1024u
#define LIMIT_TOML_TABLE_KEYS		256u
/* Queued complete requests waiting for a worker. */
#define LIMIT_QUEUE_DEPTH_DEFAULT	4096u
/* PKCS#11 object handles the provider remembers, by (CKA_ID, class), to
 * skip C_FindObjects; past it the least recently used is forgotten. About
 * 56 bytes each. */
#define LIMIT_P11_HANDLE_CACHE		1024u

#endif
