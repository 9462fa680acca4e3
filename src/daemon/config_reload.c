/* daemon/config_reload.c: decide whether a new config can replace the
 * running one on SIGHUP, or names what only a restart can change. */
#include "daemon/config_priv.h"

#include <stdio.h>
#include <string.h>

#define CFG_RELOAD_SOURCE	"config reload refused"

static enum cfg_status
cfg_refuse(struct cfg_ctx *c, const char *sect, const char *key)
{
	return cfg_fail(c, CFG_ERR_RELOAD, 0, sect, key,
	    "changed; restart arcsecd to apply it");
}

static enum cfg_status
cfg_reload_core(struct cfg_ctx *c, const struct daemon_config *a,
    const struct daemon_config *b)
{
	/* Sizes the pool, the connection table and the privilege checks
	 * made once at start. */
	if (a->thread_pool_size != b->thread_pool_size)
		return cfg_refuse(c, "[core_settings]", "thread_pool_size");
	if (a->idle_listener_sleep_duration_ms !=
	    b->idle_listener_sleep_duration_ms)
		return cfg_refuse(c, "[core_settings]",
		    "idle_listener_sleep_duration");
	if (a->allow_root != b->allow_root)
		return cfg_refuse(c, "[core_settings]", "allow_root");
	if (a->allow_deprecated != b->allow_deprecated)
		return cfg_refuse(c, "[core_settings]", "allow_deprecated");
	if (a->max_connections != b->max_connections)
		return cfg_refuse(c, "[core_settings]", "max_connections");
	if (a->listener_type != b->listener_type)
		return cfg_refuse(c, "[listener]", "listener_type");
	if (!cfg_str_eq(a->socket_path, b->socket_path))
		return cfg_refuse(c, "[listener]", "socket_path");
	/* Keys are owned by identities this authenticator produced. */
	if (a->auth_type != b->auth_type)
		return cfg_refuse(c, "[authenticator]", "auth_type");
	if (!cfg_str_eq(a->workload_endpoint, b->workload_endpoint))
		return cfg_refuse(c, "[authenticator]", "workload_endpoint");
	return CFG_OK;
}

static enum cfg_status
cfg_reload_key_managers(struct cfg_ctx *c, const struct daemon_config *a,
    const struct daemon_config *b)
{
	if (a->key_managers_count != b->key_managers_count)
		return cfg_fail(c, CFG_ERR_RELOAD, 0, "[[key_manager]]", NULL,
		    "added or removed; restart arcsecd to apply it");
	for (size_t i = 0; i < a->key_managers_count; i++) {
		const struct cfg_key_manager *x = &a->key_managers[i];
		const struct cfg_key_manager *y = &b->key_managers[i];

		if (!cfg_str_eq(x->kim_name, y->kim_name))
			return cfg_refuse(c, "[[key_manager]]", "name");
		if (x->kim_type != y->kim_type)
			return cfg_refuse(c, "[[key_manager]]", "manager_type");
		if (!cfg_str_eq(x->kim_store_path, y->kim_store_path))
			return cfg_refuse(c, "[[key_manager]]", "store_path");
		if (!cfg_str_eq(x->kim_sqlite_db_path, y->kim_sqlite_db_path))
			return cfg_refuse(c, "[[key_manager]]",
			    "sqlite_db_path");
	}
	return CFG_OK;
}

/* The first key whose value differs between x and y, or NULL. Secrets are
 * compared like the rest but only their key is ever named. */
static const char *
cfg_provider_diff(const struct cfg_provider *x, const struct cfg_provider *y)
{
	if (x->prov_type != y->prov_type)
		return "provider_type";
	if (!cfg_str_eq(x->prov_name, y->prov_name))
		return "name";
	if (!cfg_str_eq(x->prov_key_info_manager, y->prov_key_info_manager))
		return "key_info_manager";
	if (!cfg_str_eq(x->mbed_master_key_path, y->mbed_master_key_path))
		return "master_key_path";
	if (!cfg_str_eq(x->p11_library_path, y->p11_library_path))
		return "library_path";
	if (x->p11_has_slot_number != y->p11_has_slot_number ||
	    x->p11_slot_number != y->p11_slot_number)
		return "slot_number";
	if (!cfg_str_eq(x->p11_serial_number, y->p11_serial_number))
		return "serial_number";
	if (!cfg_str_eq(x->p11_user_pin, y->p11_user_pin))
		return "user_pin";
	if (x->p11_software_public_operations !=
	    y->p11_software_public_operations)
		return "software_public_operations";
	if (x->p11_allow_export != y->p11_allow_export)
		return "allow_export";
	if (!cfg_str_eq(x->tpm_tcti, y->tpm_tcti))
		return "tcti";
	if (!cfg_str_eq(x->tpm_owner_hierarchy_auth,
	    y->tpm_owner_hierarchy_auth))
		return "owner_hierarchy_auth";
	if (!cfg_str_eq(x->tpm_endorsement_hierarchy_auth,
	    y->tpm_endorsement_hierarchy_auth))
		return "endorsement_hierarchy_auth";
	if (x->tpm_skip_if_no_tpm != y->tpm_skip_if_no_tpm)
		return "skip_if_no_tpm";
	if (x->tpm_storage_primary_handle != y->tpm_storage_primary_handle)
		return "storage_primary_handle";
	return NULL;
}

static enum cfg_status
cfg_reload_providers(struct cfg_ctx *c, const struct daemon_config *a,
    const struct daemon_config *b)
{
	char sect[80], shown[48];
	const char *key;

	if (a->providers_count != b->providers_count)
		return cfg_fail(c, CFG_ERR_RELOAD, 0, "[[provider]]", NULL,
		    "added or removed; restart arcsecd to apply it");
	for (size_t i = 0; i < a->providers_count; i++) {
		const struct cfg_provider *x = &a->providers[i];

		if ((key = cfg_provider_diff(x, &b->providers[i])) == NULL)
			continue;
		toml_printable(x->prov_name, strlen(x->prov_name), shown,
		    sizeof(shown));
		snprintf(sect, sizeof(sect), "[[provider]] \"%s\"", shown);
		return cfg_refuse(c, sect, key);
	}
	return CFG_OK;
}

enum cfg_status
cfg_reload_compatible(const struct daemon_config *cur,
    const struct daemon_config *next, char *err, size_t err_size)
{
	struct cfg_ctx c = { CFG_RELOAD_SOURCE, err, err_size };
	enum cfg_status status;

	if (err != NULL && err_size > 0)
		err[0] = '\0';
	if ((status = cfg_reload_core(&c, cur, next)) != CFG_OK ||
	    (status = cfg_reload_key_managers(&c, cur, next)) != CFG_OK ||
	    (status = cfg_reload_providers(&c, cur, next)) != CFG_OK)
		return status;
	return CFG_OK;
}
