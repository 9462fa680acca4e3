/* daemon/config_field.c: check and store one config section by its field
 * table, with the messages every section shares. */
#include "daemon/config_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/limits.h"
#include "common/log.h"

/* Enum fields are stored by memcpy of an int; this holds for ours. */
_Static_assert(sizeof(enum cfg_listener_type) == sizeof(int), "enum size");
_Static_assert(sizeof(enum cfg_auth_type) == sizeof(int), "enum size");
_Static_assert(sizeof(enum cfg_kim_type) == sizeof(int), "enum size");
_Static_assert(sizeof(enum cfg_provider_type) == sizeof(int), "enum size");
_Static_assert(sizeof(enum log_level) == sizeof(int), "enum size");

/* Keys Parsec users may write that mean something else, with the key
 * arcsec reads. Parsec ignores unknown keys, so these slip through there;
 * `database_path` is in Parsec's own e2e configs and never had an effect. */
static const struct {
	const char	*h_key;
	const char	*h_hint;
} cfg_hints[] = {
	{ "database_path", "sqlite_db_path" },
	{ "db_path", "sqlite_db_path" },
	{ "mappings_path", "store_path" },
	{ "slot", "slot_number" },
	{ "pin", "user_pin" },
	{ "type", "provider_type or manager_type" },
};

enum cfg_status
cfg_fail(struct cfg_ctx *c, enum cfg_status status, uint32_t line,
    const char *sect, const char *key, const char *fmt, ...)
{
	char msg[256], where[16] = "", shown[72] = "";
	va_list ap;

	if (c->ctx_err == NULL || c->ctx_err_size == 0)
		return status;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(where, sizeof(where), ":%u", line);
	if (key != NULL)
		toml_printable(key, strlen(key), shown, sizeof(shown));
	snprintf(c->ctx_err, c->ctx_err_size, "%s%s: %s%s%s%s%s",
	    c->ctx_source, where, sect, sect[0] != '\0' && key != NULL ?
	    " " : "", shown, sect[0] != '\0' || key != NULL ? ": " : "", msg);
	return status;
}

void
cfg_str_free(char **s, bool is_secret)
{
	if (*s == NULL)
		return;
	if (is_secret)
		explicit_bzero(*s, strlen(*s));
	free(*s);
	*s = NULL;
}

bool
cfg_str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static enum cfg_status
cfg_nomem(struct cfg_ctx *c)
{
	return cfg_fail(c, CFG_ERR_NOMEM, 0, "", NULL, "out of memory");
}

/* Replaces the string at *slot by a copy of v's. */
static enum cfg_status
cfg_store_string(struct cfg_ctx *c, const struct toml_value *v, char **slot,
    bool is_secret)
{
	char *s;

	if ((s = strdup(v->tv_str)) == NULL)
		return cfg_nomem(c);
	cfg_str_free(slot, is_secret);
	*slot = s;
	return CFG_OK;
}

static bool
cfg_is_hex(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (!((s[n] >= '0' && s[n] <= '9') ||
		    (s[n] >= 'a' && s[n] <= 'f') ||
		    (s[n] >= 'A' && s[n] <= 'F')))
			return false;
	return n % 2 == 0;
}

static enum cfg_status
cfg_read_enum(struct cfg_ctx *c, const struct toml_kv *kv, const char *sect,
    const struct cfg_field *f, void *slot)
{
	const char *text = kv->kv_value.tv_str;
	char shown[48], choices[160];
	size_t n = 0;

	for (const struct cfg_enum_name *e = f->f_names; e->en_name != NULL;
	    e++) {
		if (strcmp(text, e->en_name) == 0) {
			memcpy(slot, &e->en_value, sizeof(int));
			return CFG_OK;
		}
	}
	choices[0] = '\0';
	for (const struct cfg_enum_name *e = f->f_names; e->en_name != NULL &&
	    n < sizeof(choices); e++)
		n += (size_t)snprintf(choices + n, sizeof(choices) - n,
		    "%s\"%s\"", n > 0 ? (e[1].en_name == NULL ? " or " : ", ") :
		    "", e->en_name);
	toml_printable(text, kv->kv_value.tv_str_len, shown, sizeof(shown));
	return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect, f->f_key,
	    "unknown value \"%s\"; expected %s", shown, choices);
}

static enum cfg_status
cfg_read_log_level(struct cfg_ctx *c, const struct toml_kv *kv,
    const char *sect, const struct cfg_field *f, enum log_level *slot)
{
	const char *text = kv->kv_value.tv_str;
	char shown[48];

	/* Parsec takes log's LevelFilter names, in any case. */
	if (log_level_parse(text, slot))
		return CFG_OK;
	if (strcasecmp(text, "off") == 0)
		return cfg_fail(c, CFG_ERR_UNSUPPORTED, kv->kv_line, sect,
		    f->f_key, "\"off\" is not supported by arcsec; the "
		    "quietest level is \"error\"");
	toml_printable(text, kv->kv_value.tv_str_len, shown, sizeof(shown));
	return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect, f->f_key,
	    "unknown value \"%s\"; expected \"error\", \"warn\", \"info\", "
	    "\"debug\" or \"trace\"", shown);
}

/* Element `idx` (from 1) of admins: { name = "..." }, nothing else. */
static enum cfg_status
cfg_read_admin(struct cfg_ctx *c, const struct toml_value *item, size_t idx,
    const char *sect, char **out)
{
	const struct toml_table *t;
	const struct toml_value *name;
	char shown[48];

	*out = NULL;
	if (item->tv_type != TOML_TABLE)
		return cfg_fail(c, CFG_ERR_INVALID, item->tv_line, sect,
		    "admins", "element %zu: expected table { name = \"...\" }, "
		    "got %s", idx, toml_value_kind_name(item));
	t = item->tv_table;
	for (size_t i = 0; i < t->tt_count; i++) {
		if (strcmp(t->tt_items[i].kv_key, "name") == 0)
			continue;
		toml_printable(t->tt_items[i].kv_key, t->tt_items[i].kv_key_len,
		    shown, sizeof(shown));
		return cfg_fail(c, CFG_ERR_INVALID, t->tt_items[i].kv_line,
		    sect, "admins", "element %zu: unknown key %s", idx, shown);
	}
	if ((name = toml_table_get(t, "name")) == NULL)
		return cfg_fail(c, CFG_ERR_INVALID, item->tv_line, sect,
		    "admins", "element %zu: missing required key name", idx);
	if (name->tv_type != TOML_STRING || name->tv_str_len == 0 ||
	    name->tv_str_len > LIMIT_APP_NAME_LEN)
		return cfg_fail(c, CFG_ERR_INVALID, name->tv_line, sect,
		    "admins", "element %zu: name must be a string of 1 to %u "
		    "bytes", idx, LIMIT_APP_NAME_LEN);
	if ((*out = strdup(name->tv_str)) == NULL)
		return cfg_nomem(c);
	return CFG_OK;
}

/* admins = [ { name = "..." }, ... ] (Parsec's shape, config.rs Admin). */
static enum cfg_status
cfg_read_admins(struct cfg_ctx *c, const struct toml_kv *kv, const char *sect,
    struct daemon_config *cfg)
{
	enum cfg_status status = CFG_ERR_INVALID;
	const struct toml_array *a = kv->kv_value.tv_array;
	char **names = NULL;
	size_t count = 0;

	if (a->ta_count > LIMIT_ADMINS_MAX)
		return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect, "admins",
		    "more than %u admins", LIMIT_ADMINS_MAX);
	if ((names = calloc(a->ta_count + 1, sizeof(*names))) == NULL)
		return cfg_nomem(c);
	for (; count < a->ta_count; count++)
		if ((status = cfg_read_admin(c, &a->ta_items[count], count + 1,
		    sect, &names[count])) != CFG_OK)
			goto out;
	for (size_t i = 0; i < cfg->admins_count; i++)
		free(cfg->admins[i]);
	free(cfg->admins);
	cfg->admins = names;	/* cfg owns them now */
	cfg->admins_count = count;
	names = NULL;
	status = CFG_OK;
out:
	for (size_t i = 0; names != NULL && i < count; i++)
		free(names[i]);
	free(names);
	return status;
}

static enum toml_type
cfg_field_toml_type(enum cfg_field_kind kind)
{
	switch (kind) {
	case CFG_F_BOOL:
		return TOML_BOOLEAN;
	case CFG_F_U32:
	case CFG_F_U64:
	case CFG_F_CHECK_INT:
		return TOML_INTEGER;
	case CFG_F_ADMINS:
		return TOML_ARRAY;
	case CFG_F_STRING:
	case CFG_F_SECRET:
	case CFG_F_ENUM:
	case CFG_F_LOG_LEVEL:
	case CFG_F_CHECK_STRING:
		break;
	}
	return TOML_STRING;
}

static enum cfg_status
cfg_read_value(struct cfg_ctx *c, const struct toml_kv *kv, const char *sect,
    const struct cfg_field *f, void *dst)
{
	const struct toml_value *v = &kv->kv_value;
	enum toml_type want = cfg_field_toml_type(f->f_kind);
	char *slot = (char *)dst + f->f_offset;
	uint64_t u;
	uint32_t u32;

	if (v->tv_type != want)
		return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect, f->f_key,
		    "expected %s, got %s", toml_type_name(want),
		    toml_value_kind_name(v));
	if ((f->f_kind == CFG_F_STRING || f->f_kind == CFG_F_CHECK_STRING) &&
	    v->tv_str_len == 0)
		return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect, f->f_key,
		    "must not be empty");
	/* A TPM handle is written and documented in hex; a decimal
	 * 2172649472 would not tell the reader which range it missed. */
	if (want == TOML_INTEGER && (v->tv_int < f->f_min ||
	    v->tv_int > f->f_max) && f->f_is_hex)
		return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect, f->f_key,
		    "%s0x%llX is out of range 0x%llX..0x%llX",
		    v->tv_int < 0 ? "-" : "", v->tv_int < 0 ?
		    0ull - (unsigned long long)v->tv_int :
		    (unsigned long long)v->tv_int,
		    (unsigned long long)f->f_min, (unsigned long long)f->f_max);
	if (want == TOML_INTEGER && (v->tv_int < f->f_min ||
	    v->tv_int > f->f_max))
		return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect, f->f_key,
		    "%lld is out of range %lld..%lld", (long long)v->tv_int,
		    (long long)f->f_min, (long long)f->f_max);
	switch (f->f_kind) {
	case CFG_F_STRING:
		return cfg_store_string(c, v, (char **)(void *)slot, false);
	case CFG_F_SECRET:
		/* Parsec's convention for auth values and PINs: "str:..." or
		 * no prefix is text, "hex:..." is bytes. Checked here for a
		 * line number; never echoed. */
		if (strncmp(v->tv_str, "hex:", 4) == 0 &&
		    !cfg_is_hex(v->tv_str + 4))
			return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect,
			    f->f_key, "value after \"hex:\" must be an even "
			    "number of hex digits");
		return cfg_store_string(c, v, (char **)(void *)slot, true);
	case CFG_F_BOOL:
		memcpy(slot, &v->tv_bool, sizeof(bool));
		return CFG_OK;
	case CFG_F_U32:
		u32 = (uint32_t)v->tv_int;	/* in range, checked above */
		memcpy(slot, &u32, sizeof(u32));
		return CFG_OK;
	case CFG_F_U64:
		u = (uint64_t)v->tv_int;
		memcpy(slot, &u, sizeof(u));
		memcpy((char *)dst + f->f_has, &(bool){ true }, sizeof(bool));
		return CFG_OK;
	case CFG_F_ENUM:
		return cfg_read_enum(c, kv, sect, f, slot);
	case CFG_F_LOG_LEVEL:
		return cfg_read_log_level(c, kv, sect, f,
		    (enum log_level *)(void *)slot);
	case CFG_F_ADMINS:
		return cfg_read_admins(c, kv, sect, dst);
	case CFG_F_CHECK_STRING:
	case CFG_F_CHECK_INT:
		return CFG_OK;
	}
	return CFG_ERR_INVALID;
}

static const struct cfg_field *
cfg_field_find(const struct cfg_fieldset *sets, size_t count, const char *key)
{
	for (size_t i = 0; i < count; i++)
		for (size_t j = 0; j < sets[i].fs_count; j++)
			if (strcmp(sets[i].fs_fields[j].f_key, key) == 0)
				return &sets[i].fs_fields[j];
	return NULL;
}

static enum cfg_status
cfg_unknown_key(struct cfg_ctx *c, const struct toml_kv *kv, const char *sect)
{
	for (size_t i = 0; i < sizeof(cfg_hints) / sizeof(*cfg_hints); i++)
		if (strcmp(kv->kv_key, cfg_hints[i].h_key) == 0)
			return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect,
			    kv->kv_key, "unknown key (did you mean %s?)",
			    cfg_hints[i].h_hint);
	return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect, kv->kv_key,
	    "unknown %s", kv->kv_value.tv_type == TOML_TABLE ? "table" :
	    "key");
}

enum cfg_status
cfg_read_field(struct cfg_ctx *c, const struct toml_table *t, uint32_t line,
    const char *sect, const struct cfg_field *f, void *dst)
{
	const struct toml_kv *kv = toml_table_find(t, f->f_key);

	if (kv != NULL)
		return cfg_read_value(c, kv, sect, f, dst);
	if (f->f_required)
		return cfg_fail(c, CFG_ERR_INVALID, line, sect, f->f_key,
		    "missing required key");
	return CFG_OK;
}

enum cfg_status
cfg_read_fields(struct cfg_ctx *c, const struct toml_table *t, uint32_t line,
    const char *sect, const struct cfg_fieldset *use, size_t use_count,
    const struct cfg_fieldset *known, size_t known_count, const char *variant,
    void *dst)
{
	enum cfg_status status;
	const struct cfg_field *f;

	/* In file order, so the first problem in the file is reported. */
	for (size_t i = 0; i < t->tt_count; i++) {
		const struct toml_kv *kv = &t->tt_items[i];

		if ((f = cfg_field_find(use, use_count, kv->kv_key)) == NULL) {
			if (cfg_field_find(known, known_count, kv->kv_key))
				return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line,
				    sect, kv->kv_key, "not valid for %s",
				    variant);
			return cfg_unknown_key(c, kv, sect);
		}
		if ((status = cfg_read_value(c, kv, sect, f, dst)) != CFG_OK)
			return status;
	}
	for (size_t i = 0; i < use_count; i++)
		for (size_t j = 0; j < use[i].fs_count; j++) {
			f = &use[i].fs_fields[j];
			if (f->f_required && toml_table_find(t, f->f_key) ==
			    NULL)
				return cfg_fail(c, CFG_ERR_INVALID, line, sect,
				    f->f_key, "missing required key");
		}
	return CFG_OK;
}

enum cfg_status
cfg_table_array(struct cfg_ctx *c, const struct toml_table *root,
    const char *key, const struct toml_array **out)
{
	const struct toml_kv *kv = toml_table_find(root, key);
	const struct toml_array *a;
	char sect[32];

	*out = NULL;
	if (kv == NULL)
		return CFG_OK;
	snprintf(sect, sizeof(sect), "[[%s]]", key);
	if (kv->kv_value.tv_type != TOML_ARRAY)
		return cfg_fail(c, CFG_ERR_INVALID, kv->kv_line, sect, NULL,
		    "expected array of tables, got %s",
		    toml_value_kind_name(&kv->kv_value));
	a = kv->kv_value.tv_array;
	/* `key = [ {...}, {...} ]` is the same TOML, and Parsec takes it. */
	for (size_t i = 0; i < a->ta_count; i++)
		if (a->ta_items[i].tv_type != TOML_TABLE)
			return cfg_fail(c, CFG_ERR_INVALID,
			    a->ta_items[i].tv_line, sect, NULL, "element %zu: "
			    "expected table, got %s", i + 1,
			    toml_value_kind_name(&a->ta_items[i]));
	*out = a;
	return CFG_OK;
}
