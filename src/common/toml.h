/* common/toml.h: a strict, small TOML reader for config files. Pure.
 *
 * It reads the part of TOML 1.0 that Parsec's config.toml uses and refuses
 * the rest by name, so a config never means something other than it says:
 *   - comments; bare, "basic" and 'literal' keys;
 *   - basic strings (escapes \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX) and
 *     literal strings, single-line only;
 *   - integers: decimal with sign and _ separators, 0x / 0o / 0b;
 *   - true / false;
 *   - arrays (may span lines, trailing comma allowed);
 *   - inline tables { a = 1, b = "x" };
 *   - [table] and [[array.of.tables]] headers, dotted names allowed.
 * Refused with TOML_ERR_UNSUPPORTED: dotted keys (a.b = 1), floats, dates
 * and times, multi-line strings. Refused with TOML_ERR_SYNTAX: invalid UTF-8,
 * control characters, NUL in a string (\u0000), integer overflow, anything
 * else TOML does not allow. Duplicate keys and tables: TOML_ERR_DUPLICATE.
 * Sizes are capped by common/limits.h (LIMIT_CONFIG_FILE_BYTES,
 * LIMIT_TOML_*), each checked before the allocation it would cause.
 *
 * The document is a tree owned by one struct toml_doc; readers get const
 * pointers into it and must not change it. Every string in it is wiped when
 * the document is freed, since a config holds PINs and hierarchy auth.
 */
#ifndef ARCSEC_COMMON_TOML_H
#define ARCSEC_COMMON_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum toml_status {
	TOML_OK = 0,
	TOML_ERR_SYNTAX,	/* not TOML */
	TOML_ERR_UNSUPPORTED,	/* TOML, but a feature this reader refuses */
	TOML_ERR_DUPLICATE,	/* a key or table defined twice */
	TOML_ERR_LIMIT,		/* a size or depth limit of limits.h */
	TOML_ERR_NOMEM,
};

enum toml_type {
	TOML_STRING = 1,
	TOML_INTEGER,
	TOML_BOOLEAN,
	TOML_ARRAY,
	TOML_TABLE,
};

/* How a table came to be; decides which later headers may reopen it. */
enum toml_table_kind {
	TOML_TABLE_ROOT,
	TOML_TABLE_IMPLICIT,	/* named only as a prefix: [a] of [a.b] */
	TOML_TABLE_HEADER,	/* [a] */
	TOML_TABLE_ARRAY_ELEM,	/* one [[a]] */
	TOML_TABLE_INLINE,	/* { ... }: closed once written */
};

struct toml_table;
struct toml_array;
struct toml_doc;

struct toml_value {
	enum toml_type		 tv_type;
	uint32_t		 tv_line;	/* 1-based, of its first byte */
	uint32_t		 tv_column;	/* 1-based, in bytes */
	union {
		struct {
			char	*tv_str;	/* NUL-terminated UTF-8, */
			size_t	 tv_str_len;	/* no inner NUL */
		};
		int64_t			 tv_int;
		bool			 tv_bool;
		struct toml_array	*tv_array;
		struct toml_table	*tv_table;
	};
};

struct toml_kv {
	char			*kv_key;	/* NUL-terminated, no NUL in */
	size_t			 kv_key_len;
	uint32_t		 kv_line;	/* of the key, or of the */
	uint32_t		 kv_column;	/* header that made a table */
	struct toml_value	 kv_value;
};

struct toml_table {
	struct toml_kv		*tt_items;	/* in document order */
	size_t			 tt_count;
	size_t			 tt_size;	/* capacity of tt_items */
	enum toml_table_kind	 tt_kind;
	uint32_t		 tt_line;	/* header or '{'; root: 0 */
	uint32_t		 tt_column;
};

struct toml_array {
	struct toml_value	*ta_items;
	size_t			 ta_count;
	size_t			 ta_size;	/* capacity of ta_items */
	bool			 ta_of_tables;	/* made by [[...]] headers */
};

struct toml_error {
	uint32_t	line;		/* 1-based; 0 if not tied to a place */
	uint32_t	column;		/* 1-based, in bytes */
	char		msg[160];	/* no secret is ever copied here */
};

/*
 * Parse `len` bytes at `text` (need not be NUL-terminated) into *out.
 * On TOML_OK *out is a new document the caller frees with toml_doc_free().
 * On any other status *out is NULL and *err says where and why; nothing
 * is leaked. `err` may be NULL.
 */
enum toml_status toml_parse(const char *text, size_t len,
		    struct toml_doc **out, struct toml_error *err)
		    __attribute__((warn_unused_result));

/* Wipes every string, then frees. NULL is fine. */
void		 toml_doc_free(struct toml_doc *doc);

const struct toml_table *toml_doc_root(const struct toml_doc *doc);

/* The entry named `key` (exact bytes), or NULL. */
const struct toml_kv *toml_table_find(const struct toml_table *t,
		    const char *key);
/* Its value, or NULL. */
const struct toml_value *toml_table_get(const struct toml_table *t,
		    const char *key);

/* "string", "integer", "boolean", "array", "table". */
const char	*toml_type_name(enum toml_type type);
/* "table", "array of tables", else toml_type_name(): for type errors. */
const char	*toml_value_kind_name(const struct toml_value *v);
const char	*toml_status_name(enum toml_status status);

/* Copies s[0..len) into buf for an error message: bytes outside printable
 * ASCII become '?', and "..." ends it if it had to be cut. */
void		 toml_printable(const char *s, size_t len, char *buf,
		    size_t buf_size);

#endif
