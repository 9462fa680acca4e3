/* daemon/config_providers.c: the [[key_manager]] and [[provider]] tables,
 * and the checks that join them. */
#include "daemon/config_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/limits.h"

#define KIM_SECT	"[[key_manager]]"
#define PROV_SECT	"[[provider]]"

static const struct cfg_enum_name cfg_kim_names[] = {
	{ "OnDisk", CFG_KIM_ON_DISK },
	{ "SQLite", CFG_KIM_SQLITE },
	{ NULL, 0 },
};

static const struct cfg_field cfg_kim_common[] = {
	CFG_ENUM("manager_type", struct cfg_key_manager, kim_type,
	    cfg_kim_names),
	CFG_STRING("name", struct cfg_key_manager, kim_name, true),
};

static const struct cfg_field cfg_kim_on_disk[] = {
	CFG_STRING("store_path", struct cfg_key_manager, kim_store_path, false),
};

static const struct cfg_field cfg_kim_sqlite[] = {
	CFG_STRING("sqlite_db_path", struct cfg_key_manager,
	    kim_sqlite_db_path, false),
};

static const struct cfg_enum_name cfg_provider_names[] = {
	{ "MbedCrypto", CFG_PROVIDER_MBED_CRYPTO },
	{ "Pkcs11", CFG_PROVIDER_PKCS11 },
	{ "Tpm", CFG_PROVIDER_TPM },
	{ "TrustedService", CFG_PROVIDER_TRUSTED_SERVICE },
	{ "CryptoAuthLib", CFG_PROVIDER_CRYPTOAUTHLIB },
	{ NULL, 0 },
};

static const struct cfg_field cfg_prov_common[] = {
	CFG_ENUM("provider_type", struct cfg_provider, prov_type,
	    cfg_provider_names),
	CFG_STRING("name", struct cfg_provider, prov_name, false),
	CFG_STRING("key_info_manager", struct cfg_provider,
	    prov_key_info_manager, true),
};

/* arcsec extension: the soft provider's master key file. */
static const struct cfg_field cfg_prov_mbed[] = {
	CFG_STRING("master_key_path", struct cfg_provider,
	    mbed_master_key_path, false),
};

static const struct cfg_field cfg_prov_pkcs11[] = {
	CFG_STRING("library_path", struct cfg_provider, p11_library_path,
	    true),
	CFG_U64("slot_number", struct cfg_provider, p11_slot_number,
	    p11_has_slot_number, 0, INT64_MAX),
	CFG_STRING("serial_number", struct cfg_provider, p11_serial_number,
	    false),
	CFG_SECRET("user_pin", struct cfg_provider, p11_user_pin, false),
	CFG_BOOL("software_public_operations", struct cfg_provider,
	    p11_software_public_operations),
	CFG_BOOL("allow_export", struct cfg_provider, p11_allow_export),
};

/* The owner's persistent handles: TPM2_EvictControl with owner auth, how
 * the provider persists its storage primary, takes no other (TPM 2.0
 * Part 3, EvictControl: TPM_RC_RANGE). */
#define CFG_TPM_OWNER_PERSISTENT_FIRST	0x81000000
#define CFG_TPM_OWNER_PERSISTENT_LAST	0x817FFFFF

static const struct cfg_field cfg_prov_tpm[] = {
	CFG_STRING("tcti", struct cfg_provider, tpm_tcti, true),
	CFG_SECRET("owner_hierarchy_auth", struct cfg_provider,
	    tpm_owner_hierarchy_auth, true),
	CFG_SECRET("endorsement_hierarchy_auth", struct cfg_provider,
	    tpm_endorsement_hierarchy_auth, false),
	CFG_BOOL("skip_if_no_tpm", struct cfg_provider, tpm_skip_if_no_tpm),
	/* arcsec extension: 0 (absent) re-creates the primary instead. */
	CFG_U32_HEX("storage_primary_handle", struct cfg_provider,
	    tpm_storage_primary_handle, CFG_TPM_OWNER_PERSISTENT_FIRST,
	    CFG_TPM_OWNER_PERSISTENT_LAST),
};

/* Checked as Parsec's config.rs types them, then the provider is refused:
 * a typo is still reported as a typo. */
static const struct cfg_field cfg_prov_cal[] = {
	CFG_CHECK_STRING("device_type", true),
	CFG_CHECK_STRING("iface_type", true),
	CFG_CHECK_INT("wake_delay", 0, UINT16_MAX),
	CFG_CHECK_INT("rx_retries", INT32_MIN, INT32_MAX),
	CFG_CHECK_INT("slave_address", 0, UINT8_MAX),
	CFG_CHECK_INT("bus", 0, UINT8_MAX),
	CFG_CHECK_INT("baud", 0, UINT32_MAX),
	CFG_CHECK_STRING("access_key_file_name", false),
};

static const struct {
	enum cfg_provider_type	 pt_type;
	const char		*pt_default_name;	/* Parsec's */
	bool			 pt_supported;
	struct cfg_fieldset	 pt_fields;
} cfg_provider_types[] = {
	{ CFG_PROVIDER_MBED_CRYPTO, "mbed-crypto-provider", true,
	    CFG_FIELDSET(cfg_prov_mbed) },
	{ CFG_PROVIDER_PKCS11, "pkcs11-provider", true,
	    CFG_FIELDSET(cfg_prov_pkcs11) },
	{ CFG_PROVIDER_TPM, "tpm-provider", true,
	    CFG_FIELDSET(cfg_prov_tpm) },
	{ CFG_PROVIDER_TRUSTED_SERVICE, "trusted-service-provider", false,
	    { NULL, 0 } },
	{ CFG_PROVIDER_CRYPTOAUTHLIB, "cryptoauthlib-provider", false,
	    CFG_FIELDSET(cfg_prov_cal) },
};

#define CFG_PROVIDER_TYPES \
	(sizeof(cfg_provider_types) / sizeof(*cfg_provider_types))

static enum cfg_status
cfg_nomem(struct cfg_ctx *c)
{
	return cfg_fail(c, CFG_ERR_NOMEM, 0, "", NULL, "out of memory");
}

/* The line of key in t, or of t's header when the key is absent. */
static uint32_t
cfg_key_line(const struct toml_table *t, const char *key)
{
	const struct toml_kv *kv = toml_table_find(t, key);

	return kv != NULL ? kv->kv_line : t->tt_line;
}

static enum cfg_status
cfg_read_key_manager(struct cfg_ctx *c, const struct toml_table *t,
    struct cfg_key_manager *km)
{
	static const struct cfg_fieldset known[] = {
		CFG_FIELDSET(cfg_kim_common),
		CFG_FIELDSET(cfg_kim_on_disk),
		CFG_FIELDSET(cfg_kim_sqlite),
	};
	enum cfg_status status;
	struct cfg_fieldset use[2];
	char variant[48];
	const char *path;
	char **slot;

	km->kim_line = t->tt_line;
	if ((status = cfg_read_field(c, t, t->tt_line, KIM_SECT,
	    &cfg_kim_common[0], km)) != CFG_OK)
		return status;
	use[0] = known[0];
	use[1] = km->kim_type == CFG_KIM_ON_DISK ? known[1] : known[2];
	snprintf(variant, sizeof(variant), "manager_type \"%s\"",
	    cfg_kim_type_name(km->kim_type));
	if ((status = cfg_read_fields(c, t, t->tt_line, KIM_SECT, use, 2,
	    known, 3, variant, km)) != CFG_OK)
		return status;
	/* Parsec's defaults, filled in so no one downstream guesses. */
	if (km->kim_type == CFG_KIM_ON_DISK) {
		slot = &km->kim_store_path;
		path = CFG_DEFAULT_ON_DISK_PATH;
	} else {
		slot = &km->kim_sqlite_db_path;
		path = CFG_DEFAULT_SQLITE_DB_PATH;
	}
	if (*slot == NULL && (*slot = strdup(path)) == NULL)
		return cfg_nomem(c);
	return CFG_OK;
}

enum cfg_status
cfg_read_key_managers(struct cfg_ctx *c, const struct toml_table *root,
    struct daemon_config *cfg)
{
	enum cfg_status status;
	const struct toml_array *a;
	char shown[48];

	if ((status = cfg_table_array(c, root, "key_manager", &a)) != CFG_OK ||
	    a == NULL || a->ta_count == 0)
		return status;
	/* a->ta_count <= LIMIT_TOML_ARRAY_LEN: bounded by the reader. */
	if ((cfg->key_managers = calloc(a->ta_count,
	    sizeof(*cfg->key_managers))) == NULL)
		return cfg_nomem(c);
	cfg->key_managers_count = a->ta_count;
	for (size_t i = 0; i < a->ta_count; i++) {
		const struct toml_table *t = a->ta_items[i].tv_table;
		struct cfg_key_manager *km = &cfg->key_managers[i];

		if ((status = cfg_read_key_manager(c, t, km)) != CFG_OK)
			return status;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(cfg->key_managers[j].kim_name,
			    km->kim_name) != 0)
				continue;
			toml_printable(km->kim_name, strlen(km->kim_name),
			    shown, sizeof(shown));
			return cfg_fail(c, CFG_ERR_INVALID,
			    cfg_key_line(t, "name"), KIM_SECT, "name",
			    "\"%s\" is already the name of the key manager on "
			    "line %u", shown, cfg->key_managers[j].kim_line);
		}
	}
	return CFG_OK;
}

static size_t
cfg_provider_type_index(enum cfg_provider_type type)
{
	for (size_t i = 0; i < CFG_PROVIDER_TYPES; i++)
		if (cfg_provider_types[i].pt_type == type)
			return i;
	return 0;	/* unreachable: from cfg_provider_names */
}

static enum cfg_status
cfg_read_provider(struct cfg_ctx *c, const struct toml_table *t,
    struct cfg_provider *p)
{
	struct cfg_fieldset known[1 + CFG_PROVIDER_TYPES], use[2];
	enum cfg_status status;
	char variant[48];
	size_t ti;

	p->prov_line = t->tt_line;
	p->p11_allow_export = true;	/* Parsec: unwrap_or(true) */
	if ((status = cfg_read_field(c, t, t->tt_line, PROV_SECT,
	    &cfg_prov_common[0], p)) != CFG_OK)
		return status;
	ti = cfg_provider_type_index(p->prov_type);
	known[0] = use[0] = (struct cfg_fieldset)CFG_FIELDSET(cfg_prov_common);
	for (size_t i = 0; i < CFG_PROVIDER_TYPES; i++)
		known[1 + i] = cfg_provider_types[i].pt_fields;
	use[1] = cfg_provider_types[ti].pt_fields;
	snprintf(variant, sizeof(variant), "provider_type \"%s\"",
	    cfg_provider_type_name(p->prov_type));
	if ((status = cfg_read_fields(c, t, t->tt_line, PROV_SECT, use, 2,
	    known, 1 + CFG_PROVIDER_TYPES, variant, p)) != CFG_OK)
		return status;
	if (!cfg_provider_types[ti].pt_supported)
		return cfg_fail(c, CFG_ERR_UNSUPPORTED,
		    cfg_key_line(t, "provider_type"), PROV_SECT,
		    "provider_type", "\"%s\" is not supported by arcsec "
		    "(supported: \"MbedCrypto\", \"Pkcs11\", \"Tpm\")",
		    cfg_provider_type_name(p->prov_type));
	if (p->prov_name == NULL && (p->prov_name =
	    strdup(cfg_provider_types[ti].pt_default_name)) == NULL)
		return cfg_nomem(c);
	return CFG_OK;
}

/* Provider i against its key manager and the providers before it. */
static enum cfg_status
cfg_check_provider(struct cfg_ctx *c, const struct toml_table *t,
    struct daemon_config *cfg, size_t i)
{
	struct cfg_provider *p = &cfg->providers[i];
	char shown[48];
	size_t k;

	for (k = 0; k < cfg->key_managers_count; k++)
		if (strcmp(cfg->key_managers[k].kim_name,
		    p->prov_key_info_manager) == 0)
			break;
	if (k == cfg->key_managers_count) {
		toml_printable(p->prov_key_info_manager,
		    strlen(p->prov_key_info_manager), shown, sizeof(shown));
		return cfg_fail(c, CFG_ERR_INVALID,
		    cfg_key_line(t, "key_info_manager"), PROV_SECT,
		    "key_info_manager", "no [[key_manager]] is named \"%s\"",
		    shown);
	}
	p->prov_kim_index = k;
	for (size_t j = 0; j < i; j++) {
		const struct cfg_provider *q = &cfg->providers[j];

		/* A Parsec provider ID names one provider on the wire, so
		 * arcsec runs at most one of each type. */
		if (q->prov_type == p->prov_type)
			return cfg_fail(c, CFG_ERR_INVALID,
			    cfg_key_line(t, "provider_type"), PROV_SECT,
			    "provider_type", "a \"%s\" provider is already "
			    "defined on line %u; arcsec runs one provider per "
			    "type", cfg_provider_type_name(p->prov_type),
			    q->prov_line);
		if (strcmp(q->prov_name, p->prov_name) == 0) {
			toml_printable(p->prov_name, strlen(p->prov_name),
			    shown, sizeof(shown));
			return cfg_fail(c, CFG_ERR_INVALID,
			    cfg_key_line(t, "name"), PROV_SECT, "name",
			    "\"%s\" is already the name of the provider on "
			    "line %u", shown, q->prov_line);
		}
	}
	return CFG_OK;
}

enum cfg_status
cfg_read_providers(struct cfg_ctx *c, const struct toml_table *root,
    struct daemon_config *cfg)
{
	enum cfg_status status;
	const struct toml_array *a;

	if ((status = cfg_table_array(c, root, "provider", &a)) != CFG_OK)
		return status;
	/* Parsec: "Parsec needs at least one provider to start". */
	if (a == NULL || a->ta_count == 0)
		return cfg_fail(c, CFG_ERR_INVALID, 0, PROV_SECT, NULL,
		    "missing; at least one provider is required");
	if (a->ta_count > LIMIT_PROVIDERS_MAX)
		return cfg_fail(c, CFG_ERR_INVALID,
		    a->ta_items[LIMIT_PROVIDERS_MAX].tv_line, PROV_SECT, NULL,
		    "more than %u providers (one per type)",
		    LIMIT_PROVIDERS_MAX);
	if ((cfg->providers = calloc(a->ta_count, sizeof(*cfg->providers))) ==
	    NULL)
		return cfg_nomem(c);
	cfg->providers_count = a->ta_count;
	for (size_t i = 0; i < a->ta_count; i++) {
		const struct toml_table *t = a->ta_items[i].tv_table;

		if ((status = cfg_read_provider(c, t, &cfg->providers[i])) !=
		    CFG_OK ||
		    (status = cfg_check_provider(c, t, cfg, i)) != CFG_OK)
			return status;
	}
	return CFG_OK;
}

const char *
cfg_provider_type_name(enum cfg_provider_type type)
{
	for (const struct cfg_enum_name *e = cfg_provider_names;
	    e->en_name != NULL; e++)
		if (e->en_value == (int)type)
			return e->en_name;
	return "unknown";
}

const char *
cfg_kim_type_name(enum cfg_kim_type type)
{
	for (const struct cfg_enum_name *e = cfg_kim_names; e->en_name != NULL;
	    e++)
		if (e->en_value == (int)type)
			return e->en_name;
	return "unknown";
}
