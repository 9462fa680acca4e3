/* cli/cli.h: what the arcsec command-line tool's files share: the run
 * context, the command table, option parsing, output helpers. */
#ifndef ARCSEC_CLI_CLI_H
#define ARCSEC_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <arcsec/arcsec.h>

/* Exit codes (STYLE.md §4): scripts tell these apart. */
enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_SERVICE = 1,	/* the service or the exchange failed */
	CLI_EXIT_USAGE = 2,	/* bad command line */
	CLI_EXIT_CONNECT = 3,	/* the service socket cannot be reached */
};

/* One run of the tool; main.c owns it. */
struct cli {
	const char		*cli_prog;	/* "arcsec", for messages */
	FILE			*cli_out;	/* results */
	FILE			*cli_err;	/* diagnostics, info lines */
	bool			 is_json;
	bool			 has_provider;
	uint8_t			 cli_provider;	/* with has_provider */
	bool			 has_timeout;
	uint32_t		 cli_timeout_s;	/* with has_timeout; 0: none */
	const char		*cli_endpoint;	/* NULL: the environment's */
	/* Direct authentication's application name; NULL: "parsec-tool",
	 * parsec-tool's own. */
	const char		*cli_app_name;
	struct arcsec_client	*cli_client;	/* opened by cli_client() */
	bool			 has_auth;	/* cli_client_auth() chose */
};

/* A command's own option, beside the common ones. */
#define CLI_OPT_REQUIRED	0x1u	/* usage error when absent */
#define CLI_OPT_MULTI		0x2u	/* may repeat, and take several values
					 * in a row ("--san a b"); all kept */
#define CLI_CMD_OPTS_MAX	12

struct cli_opt {
	const char	*opt_name;		/* long name: "key-name" */
	int		 opt_short;		/* 'k', or 0 */
	unsigned int	 opt_flags;		/* CLI_OPT_* */
	const char	*opt_metavar;		/* "NAME"; NULL: a flag */
	const char	*opt_help;
};

struct cli_cmd {
	const char	*cmd_name;		/* "list-opcodes" */
	const char	*cmd_summary;		/* one line, for help */
	const char	*cmd_details;		/* more help lines, or NULL */
	int		(*cmd_run)(struct cli *, const struct cli_cmd *,
			    int argc, char **argv);
	const struct cli_opt *cmd_opts;		/* cmd_opts_count of them */
	size_t		 cmd_opts_count;
	const char	*cmd_args;		/* positionals, for help:
						 * "<INPUT_DATA>"; NULL: none */
	int		 cmd_nargs;		/* positionals it takes */
};

/* What cli_cmd_parse() found; indexes follow the command's cmd_opts. */
struct cli_parsed {
	const char	*ps_value[CLI_CMD_OPTS_MAX];	/* NULL: absent; a
							 * flag's is "" */
	char		**ps_multi[CLI_CMD_OPTS_MAX];	/* MULTI: every value
							 * (malloc'd) */
	size_t		 ps_multi_count[CLI_CMD_OPTS_MAX];
	char		*ps_args[4];			/* positionals */
	int		 ps_nargs;
};

/* commands.c */
const struct cli_cmd	*cli_cmd_find(const char *name);
/* The command argv names: one word ("sign") or a group and a word ("devid
 * create"); *words says how many it took. NULL if none. */
const struct cli_cmd	*cli_cmd_lookup(int argc, char **argv, int *words);
void		cli_usage(const struct cli *c, FILE *f);
void		cli_cmd_usage(const struct cli *c, const struct cli_cmd *cmd,
		    FILE *f);

/* opts.c: the options every command takes (--provider, --timeout, --json,
 * --help), after the command name as before it. Returns -1 when parsing
 * went fine and the command should run, else the exit code to end with
 * (help printed: 0; bad option or stray argument: usage on stderr, 2). */
int		cli_cmd_options(struct cli *c, const struct cli_cmd *cmd,
		    int argc, char **argv);
/* The same for a command with its own options and positionals: fills *ps
 * (free with cli_parsed_free() whatever the result). Values are argv's
 * strings. Usage errors: unknown option, missing value or required
 * option, a single-valued option given twice, the wrong number of
 * positionals. */
int		cli_cmd_parse(struct cli *c, const struct cli_cmd *cmd,
		    int argc, char **argv, struct cli_parsed *ps);
void		cli_parsed_free(struct cli_parsed *ps);
/* Report a usage error in a value: "arcsec CMD: --opt 'v': why" and the
 * command's usage on stderr. Returns CLI_EXIT_USAGE. */
int		cli_usage_bad_value(struct cli *c, const struct cli_cmd *cmd,
		    const char *opt, const char *value, const char *why);
/* Report any other usage error the same way. */
int		cli_usage_fail(struct cli *c, const struct cli_cmd *cmd,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Decimal, no sign, up to max; false otherwise. */
bool		cli_parse_ulong(const char *s, unsigned long max,
		    unsigned long *out);
/* Parse values as the global options do; false with a message on stderr. */
bool		cli_parse_provider(struct cli *c, const char *s);
bool		cli_parse_timeout(struct cli *c, const char *s);

/* run.c: open the client once, with the run's endpoint, timeout and
 * provider. On failure reports and returns the exit code, else -1. */
int		cli_client(struct cli *c, struct arcsec_client **out);
/* As cli_client(), for commands that act for an application (keys,
 * admin): authenticates the way parsec-tool's client does, with the first
 * authenticator the service lists (direct: the app name; Unix peer
 * credentials: getuid()). */
int		cli_client_auth(struct cli *c, struct arcsec_client **out);
/* Report a failed call on stderr (and as JSON on stdout with --json); the
 * exit code for it. */
int		cli_fail(struct cli *c, arcsec_status_t status);
/* The same with our own detail instead of the library's last error (a
 * key unfit for the command, output we cannot build). */
int		cli_fail_detail(struct cli *c, arcsec_status_t status,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The attributes of key_name, reporting a failure: -1 on success, else the
 * exit code. */
int		cli_key_attrs(struct cli *c, struct arcsec_client *client,
		    const char *key_name, struct arcsec_key_attrs *attrs);
/* parsec-tool logs progress through env_logger at info level, on stderr;
 * print the same line, so its stdout and ours compare equal. */
void		cli_info(struct cli *c, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* Display names Parsec's tools print for IDs ("Mbed Crypto provider",
 * "Unix Peer Credentials authentication"). */
const char	*cli_provider_name(uint8_t id);
const char	*cli_authenticator_name(uint8_t id);

/* --json output: one object per run, on one line, whose keys are the field
 * names of the operation's Result in Parsec's schema (proto/<op>.proto), so
 * the Parsec book's operation page is the key list; additions say so in
 * docs/man/arcsec.1.md. */

/* out.c: strings from the service, made safe to print. Text: controls
 * (C0, DEL, C1) and invalid bytes as \xNN escapes, so a service cannot send
 * terminal escape sequences through us. JSON: RFC 8259 string, invalid
 * UTF-8 as U+FFFD. */
void		cli_put_text(FILE *f, const char *s);

struct cli_json {
	FILE		*js_f;
	unsigned int	 js_depth;
	bool		 js_need_comma[16];	/* per open container */
	char		 js_closer[16];		/* '}' or ']' per container */
};

void		cli_json_init(struct cli_json *j, FILE *f);
/* key is NULL inside arrays and for the top-level object. */
void		cli_json_object_begin(struct cli_json *j, const char *key);
void		cli_json_object_end(struct cli_json *j);
void		cli_json_array_begin(struct cli_json *j, const char *key);
void		cli_json_array_end(struct cli_json *j);
void		cli_json_string(struct cli_json *j, const char *key,
		    const char *s);
void		cli_json_uint(struct cli_json *j, const char *key, uint64_t v);
/* Bytes as a base64 string, as proto3's JSON mapping spells bytes. */
void		cli_json_bytes(struct cli_json *j, const char *key,
		    const uint8_t *p, size_t len);
/* Ends the top-level object with a newline. */
void		cli_json_finish(struct cli_json *j);
void		cli_json_put_string(FILE *f, const char *s);

/* b64.c: base64 text (common/b64.h), padded or not, into *out (malloc'd,
 * *out_len bytes; NULL for empty input); false for text that is not
 * base64 or out of memory. Encoding is common/b64.h's b64_encode(). */
bool		cli_b64_decode(const char *in, uint8_t **out, size_t *out_len);

/* cmd_devid.c: a text file of at most 1 MiB, NUL-terminated, malloc'd
 * (NULL with errno); and writing one (-1 on success, else the exit code,
 * reported). */
char		*cli_read_text_file(const char *path);
int		cli_write_text_file(struct cli *c, const char *path,
		    const char *text);

/* cmd_*.c */
int	cmd_ping(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_list_providers(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_list_opcodes(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_list_authenticators(struct cli *, const struct cli_cmd *, int,
	    char **);
int	cmd_list_keys(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_list_clients(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_delete_client(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_create_ecc_key(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_create_rsa_key(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_delete_key(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_generate_random(struct cli *, const struct cli_cmd *, int,
	    char **);
int	cmd_export_public_key(struct cli *, const struct cli_cmd *, int,
	    char **);
int	cmd_sign(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_encrypt(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_decrypt(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_devid_create(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_devid_csr(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_devid_install(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_devid_show(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_attest_activate(struct cli *, const struct cli_cmd *, int,
	    char **);
int	cmd_devid_export_spire(struct cli *, const struct cli_cmd *, int,
	    char **);
int	cmd_attest_evidence(struct cli *, const struct cli_cmd *, int,
	    char **);
int	cmd_create_csr(struct cli *, const struct cli_cmd *, int, char **);

#endif
