/* fuzz/fuzz_toml.c: the TOML reader on arbitrary bytes, then the config
 * loader on whatever it accepts, asserting what each promises. */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/limits.h"
#include "common/toml.h"
#include "daemon/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Messages reach logs and terminals: printable ASCII only. */
static void
check_message(const char *msg, size_t size)
{
	size_t len = strnlen(msg, size);

	assert(len > 0 && len < size);
	for (size_t i = 0; i < len; i++)
		assert(msg[i] >= 0x20 && msg[i] < 0x7f);
}

static void check_value(const struct toml_value *, unsigned);

static void
check_table(const struct toml_table *t, unsigned depth)
{
	assert(depth <= 2 * LIMIT_TOML_DEPTH + 1);
	assert(t->tt_count <= LIMIT_TOML_TABLE_KEYS);
	assert(t->tt_count <= t->tt_size);
	for (size_t i = 0; i < t->tt_count; i++) {
		const struct toml_kv *kv = &t->tt_items[i];

		assert(strlen(kv->kv_key) == kv->kv_key_len);
		assert(kv->kv_line >= 1);
		/* Keys are unique, and lookups find the first and only. */
		assert(toml_table_find(t, kv->kv_key) == kv);
		check_value(&kv->kv_value, depth + 1);
	}
}

static void
check_value(const struct toml_value *v, unsigned depth)
{
	assert(v->tv_line >= 1 && v->tv_column >= 1);
	switch (v->tv_type) {
	case TOML_STRING:
		assert(v->tv_str_len <= LIMIT_TOML_STRING_BYTES);
		assert(strlen(v->tv_str) == v->tv_str_len);	/* no NUL */
		break;
	case TOML_ARRAY:
		assert(v->tv_array->ta_count <= LIMIT_TOML_ARRAY_LEN);
		for (size_t i = 0; i < v->tv_array->ta_count; i++) {
			assert(!v->tv_array->ta_of_tables ||
			    v->tv_array->ta_items[i].tv_type == TOML_TABLE);
			check_value(&v->tv_array->ta_items[i], depth + 1);
		}
		break;
	case TOML_TABLE:
		assert(v->tv_table->tt_kind != TOML_TABLE_ROOT);
		check_table(v->tv_table, depth + 1);
		break;
	case TOML_INTEGER:
	case TOML_BOOLEAN:
		break;
	default:
		assert(!"value of no type");
	}
}

static void
check_config(const struct daemon_config *cfg)
{
	char msg[256];

	assert(cfg->providers_count >= 1);
	assert(cfg->providers_count <= LIMIT_PROVIDERS_MAX);
	assert(cfg->socket_path != NULL && cfg->socket_path[0] != '\0');
	assert(cfg->admins_count <= LIMIT_ADMINS_MAX);
	assert(cfg->timeout_ms >= 1 &&
	    cfg->timeout_ms <= LIMIT_LISTENER_TIMEOUT_MS_MAX);
	assert(cfg->body_len_limit >= 1 &&
	    cfg->body_len_limit <= LIMIT_BODY_LEN_MAX);
	assert((cfg->auth_type == CFG_AUTH_JWT_SVID) ==
	    (cfg->workload_endpoint != NULL));
	for (size_t i = 0; i < cfg->key_managers_count; i++) {
		const struct cfg_key_manager *km = &cfg->key_managers[i];

		assert(km->kim_name != NULL);
		assert((km->kim_type == CFG_KIM_SQLITE) ==
		    (km->kim_sqlite_db_path != NULL));
		assert((km->kim_type == CFG_KIM_ON_DISK) ==
		    (km->kim_store_path != NULL));
	}
	for (size_t i = 0; i < cfg->providers_count; i++) {
		const struct cfg_provider *p = &cfg->providers[i];

		/* Only what arcsec runs gets through, once per type. */
		assert(p->prov_type == CFG_PROVIDER_MBED_CRYPTO ||
		    p->prov_type == CFG_PROVIDER_PKCS11 ||
		    p->prov_type == CFG_PROVIDER_TPM);
		assert(p->prov_name != NULL);
		assert(p->prov_kim_index < cfg->key_managers_count);
		assert(strcmp(p->prov_key_info_manager,
		    cfg->key_managers[p->prov_kim_index].kim_name) == 0);
		assert((p->prov_type == CFG_PROVIDER_PKCS11) ==
		    (p->p11_library_path != NULL));
		assert((p->prov_type == CFG_PROVIDER_TPM) ==
		    (p->tpm_owner_hierarchy_auth != NULL));
		/* Absent, or an owner persistent handle of a Tpm provider. */
		assert(p->tpm_storage_primary_handle == 0 ||
		    (p->prov_type == CFG_PROVIDER_TPM &&
		    p->tpm_storage_primary_handle >= 0x81000000u &&
		    p->tpm_storage_primary_handle <= 0x817FFFFFu));
		for (size_t j = 0; j < i; j++) {
			assert(cfg->providers[j].prov_type != p->prov_type);
			assert(strcmp(cfg->providers[j].prov_name,
			    p->prov_name) != 0);
		}
	}
	assert(cfg_reload_compatible(cfg, cfg, msg, sizeof(msg)) == CFG_OK);
	assert(cfg_thread_pool_size(cfg) >= 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct daemon_config *cfg = NULL;
	struct toml_doc *doc = NULL;
	struct toml_error err;
	char msg[512];

	if (toml_parse((const char *)data, size, &doc, &err) != TOML_OK) {
		assert(doc == NULL);
		check_message(err.msg, sizeof(err.msg));
		return 0;
	}
	check_table(toml_doc_root(doc), 0);
	if (cfg_from_toml(doc, "fuzz.toml", &cfg, msg, sizeof(msg)) ==
	    CFG_OK) {
		check_config(cfg);
		cfg_free(cfg);
	} else {
		assert(cfg == NULL);
		check_message(msg, sizeof(msg));
	}
	toml_doc_free(doc);
	return 0;
}
