/* daemon/config_priv.h: what the config_*.c files share; not an API.
 *
 * Each section is described by tables of struct cfg_field, and one reader
 * (cfg_read_fields) walks a TOML table against them: it checks every key is
 * known, every value's type and range, and that required keys are there,
 * and stores each value at its offset in the destination struct. So every
 * section gets the same strictness and the same message shapes. */
#ifndef ARCSEC_DAEMON_CONFIG_PRIV_H
#define ARCSEC_DAEMON_CONFIG_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/toml.h"
#include "daemon/config.h"

/* Where messages go while one document is read. */
struct cfg_ctx {
	const char	*ctx_source;	/* file name for messages */
	char		*ctx_err;
	size_t		 ctx_err_size;
};

enum cfg_field_kind {
	CFG_F_STRING,		/* char *, not empty */
	CFG_F_SECRET,		/* char *, may be empty, "hex:" checked */
	CFG_F_BOOL,		/* bool */
	CFG_F_U32,		/* uint32_t in [f_min, f_max] */
	CFG_F_U64,		/* uint64_t in [f_min, f_max]; sets f_has */
	CFG_F_ENUM,		/* an enum, from f_names */
	CFG_F_LOG_LEVEL,	/* enum log_level */
	CFG_F_ADMINS,		/* [{ name = "..." }] into daemon_config */
	CFG_F_CHECK_STRING,	/* checked, not kept (refused providers) */
	CFG_F_CHECK_INT,	/* checked against [f_min, f_max], not kept */
};

struct cfg_enum_name {
	const char	*en_name;	/* exactly as Parsec spells it */
	int		 en_value;
};

struct cfg_field {
	const char			*f_key;
	enum cfg_field_kind		 f_kind;
	bool				 f_required;
	size_t				 f_offset;	/* in the dst struct */
	size_t				 f_has;		/* CFG_F_U64: bool */
	int64_t				 f_min;
	int64_t				 f_max;
	bool				 f_is_hex;	/* range shown in hex */
	const struct cfg_enum_name	*f_names;	/* { NULL } ends it */
};

struct cfg_fieldset {
	const struct cfg_field	*fs_fields;
	size_t			 fs_count;
};

#define CFG_FIELDSET(a)	{ (a), sizeof(a) / sizeof((a)[0]) }

/* Field table entries: key, where it goes in struct `type`, whether it
 * must be there, and its bounds. */
#define CFG_STRING(k, type, field, req) { .f_key = (k),			\
	.f_kind = CFG_F_STRING, .f_required = (req),			\
	.f_offset = offsetof(type, field) }
#define CFG_SECRET(k, type, field, req) { .f_key = (k),			\
	.f_kind = CFG_F_SECRET, .f_required = (req),			\
	.f_offset = offsetof(type, field) }
#define CFG_BOOL(k, type, field) { .f_key = (k), .f_kind = CFG_F_BOOL,	\
	.f_offset = offsetof(type, field) }
#define CFG_U32(k, type, field, lo, hi) { .f_key = (k),			\
	.f_kind = CFG_F_U32, .f_offset = offsetof(type, field),		\
	.f_min = (lo), .f_max = (hi) }
/* A TPM handle: hex in the file and so in messages too. */
#define CFG_U32_HEX(k, type, field, lo, hi) { .f_key = (k),		\
	.f_kind = CFG_F_U32, .f_offset = offsetof(type, field),		\
	.f_min = (lo), .f_max = (hi), .f_is_hex = true }
#define CFG_U64(k, type, field, has, lo, hi) { .f_key = (k),		\
	.f_kind = CFG_F_U64, .f_offset = offsetof(type, field),		\
	.f_has = offsetof(type, has), .f_min = (lo), .f_max = (hi) }
#define CFG_ENUM(k, type, field, names) { .f_key = (k),			\
	.f_kind = CFG_F_ENUM, .f_required = true,			\
	.f_offset = offsetof(type, field), .f_names = (names) }
#define CFG_CHECK_STRING(k, req) { .f_key = (k),			\
	.f_kind = CFG_F_CHECK_STRING, .f_required = (req) }
#define CFG_CHECK_INT(k, lo, hi) { .f_key = (k),			\
	.f_kind = CFG_F_CHECK_INT, .f_min = (lo), .f_max = (hi) }

/* "source:line: [sect] key: <fmt>"; line 0 leaves out the line, an empty
 * sect or NULL key leave out those parts. Returns status. */
enum cfg_status	cfg_fail(struct cfg_ctx *c, enum cfg_status status,
		    uint32_t line, const char *sect, const char *key,
		    const char *fmt, ...)
		    __attribute__((format(printf, 6, 7)));

/*
 * Reads table t into dst by the fields of `use`. A key found only in
 * `known` is "not valid for <variant>" (another provider or manager type);
 * any other key is unknown. Missing required keys are reported at the
 * table's header line.
 */
enum cfg_status	cfg_read_fields(struct cfg_ctx *c, const struct toml_table *t,
		    uint32_t line, const char *sect,
		    const struct cfg_fieldset *use, size_t use_count,
		    const struct cfg_fieldset *known, size_t known_count,
		    const char *variant, void *dst)
		    __attribute__((warn_unused_result));

/* Reads the one field f of t (the type selector) before the rest. */
enum cfg_status	cfg_read_field(struct cfg_ctx *c, const struct toml_table *t,
		    uint32_t line, const char *sect, const struct cfg_field *f,
		    void *dst) __attribute__((warn_unused_result));

/* The array of tables at root key `key` (absent: count 0), or an error if
 * it is anything else. */
enum cfg_status	cfg_table_array(struct cfg_ctx *c,
		    const struct toml_table *root, const char *key,
		    const struct toml_array **out)
		    __attribute__((warn_unused_result));

enum cfg_status	cfg_read_key_managers(struct cfg_ctx *c,
		    const struct toml_table *root, struct daemon_config *cfg)
		    __attribute__((warn_unused_result));
enum cfg_status	cfg_read_providers(struct cfg_ctx *c,
		    const struct toml_table *root, struct daemon_config *cfg)
		    __attribute__((warn_unused_result));

/* Wipes (for secrets) and frees *s, leaving NULL. */
void		cfg_str_free(char **s, bool is_secret);
/* NULL-safe equality. */
bool		cfg_str_eq(const char *a, const char *b);

#endif
