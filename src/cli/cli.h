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
	struct arcsec_client	*cli_client;	/* opened by cli_client() */
};

struct cli_cmd {
	const char	*cmd_name;		/* "list-opcodes" */
	const char	*cmd_summary;		/* one line, for help */
	const char	*cmd_details;		/* more help lines, or NULL */
	int		(*cmd_run)(struct cli *, const struct cli_cmd *,
			    int argc, char **argv);
};

/* commands.c */
const struct cli_cmd	*cli_cmd_find(const char *name);
void		cli_usage(const struct cli *c, FILE *f);
void		cli_cmd_usage(const struct cli *c, const struct cli_cmd *cmd,
		    FILE *f);

/* opts.c: the options every command takes (--provider, --timeout, --json,
 * --help), after the command name as before it. Returns -1 when parsing
 * went fine and the command should run, else the exit code to end with
 * (help printed: 0; bad option or stray argument: usage on stderr, 2). */
int		cli_cmd_options(struct cli *c, const struct cli_cmd *cmd,
		    int argc, char **argv);
/* Parse values as the global options do; false with a message on stderr. */
bool		cli_parse_provider(struct cli *c, const char *s);
bool		cli_parse_timeout(struct cli *c, const char *s);

/* run.c: open the client once, with the run's endpoint, timeout and
 * provider. On failure reports and returns the exit code, else -1. */
int		cli_client(struct cli *c, struct arcsec_client **out);
/* Report a failed call on stderr (and as JSON on stdout with --json); the
 * exit code for it. */
int		cli_fail(struct cli *c, arcsec_status_t status);
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
/* Ends the top-level object with a newline. */
void		cli_json_finish(struct cli_json *j);
void		cli_json_put_string(FILE *f, const char *s);

/* cmd_*.c */
int	cmd_ping(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_list_providers(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_list_opcodes(struct cli *, const struct cli_cmd *, int, char **);
int	cmd_list_authenticators(struct cli *, const struct cli_cmd *, int,
	    char **);

#endif
