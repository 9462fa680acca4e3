/* cli/opts.c: parse a command's options: the common ones every command
 * takes, and its own from its table entry. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* Values larger than this many seconds would overflow the library's
 * millisecond timeout. */
#define CLI_TIMEOUT_S_MAX	(INT32_MAX / 1000)

enum {
	CLI_OPT_JSON = 0x100,
	CLI_OPT_APP_NAME,
	CLI_OPT_CMD_BASE = 0x200,	/* + index into the command's table */
};

/* The options every command takes, after its name as before it. */
#define CLI_COMMON_OPTS_COUNT	6
static const struct option cli_common_longopts[CLI_COMMON_OPTS_COUNT] = {
	{ "provider",	required_argument,	NULL, 'p' },
	{ "timeout",	required_argument,	NULL, 't' },
	{ "json",	no_argument,		NULL, CLI_OPT_JSON },
	{ "help",	no_argument,		NULL, 'h' },
	{ "app-name",	required_argument,	NULL, 'a' },
	/* The spelling of parsec-tool 0.3, whose scripts still use it. */
	{ "app_name",	required_argument,	NULL, 'a' },
};

/* Decimal only, as parsec-tool's u8/u32 arguments; no sign, no spaces. */
bool
cli_parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return false;
	*out = v;
	return true;
}

bool
cli_parse_provider(struct cli *c, const char *s)
{
	/* arcsec extension: the provider kinds by name, as the identity
	 * commands name them. */
	static const struct {
		const char	*name;
		uint8_t		 id;
	} names[] = {
		{ "tpm", ARCSEC_PROVIDER_TPM },
		{ "pkcs11", ARCSEC_PROVIDER_PKCS11 },
		{ "soft", ARCSEC_PROVIDER_MBED_CRYPTO },
		{ "software", ARCSEC_PROVIDER_MBED_CRYPTO },
	};
	unsigned long v;

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(s, names[i].name) == 0) {
			c->cli_provider = names[i].id;
			c->has_provider = true;
			return true;
		}
	/* parsec-tool refuses IDs its ProviderId enum lacks: 0-5. */
	if (!cli_parse_ulong(s, ARCSEC_PROVIDER_CRYPTOAUTHLIB, &v)) {
		fprintf(c->cli_err, "%s: --provider '%s': the provider ID "
		    "entered does not map with an existing provider (0-5, "
		    "or tpm, pkcs11, soft)\n", c->cli_prog, s);
		return false;
	}
	c->cli_provider = (uint8_t)v;
	c->has_provider = true;
	return true;
}

bool
cli_parse_timeout(struct cli *c, const char *s)
{
	unsigned long v;

	if (!cli_parse_ulong(s, CLI_TIMEOUT_S_MAX, &v)) {
		fprintf(c->cli_err, "%s: --timeout '%s': expected seconds, "
		    "0 to %d\n", c->cli_prog, s, CLI_TIMEOUT_S_MAX);
		return false;
	}
	c->cli_timeout_s = (uint32_t)v;
	c->has_timeout = true;
	return true;
}

static int
cli_usage_error(struct cli *c, const struct cli_cmd *cmd)
{
	cli_cmd_usage(c, cmd, c->cli_err);
	return CLI_EXIT_USAGE;
}

int
cli_usage_fail(struct cli *c, const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(c->cli_err, "%s %s: ", c->cli_prog, cmd->cmd_name);
	va_start(ap, fmt);
	vfprintf(c->cli_err, fmt, ap);
	va_end(ap);
	fputc('\n', c->cli_err);
	return cli_usage_error(c, cmd);
}

int
cli_usage_bad_value(struct cli *c, const struct cli_cmd *cmd,
    const char *opt, const char *value, const char *why)
{
	fprintf(c->cli_err, "%s %s: %s '", c->cli_prog, cmd->cmd_name, opt);
	cli_put_text(c->cli_err, value);
	fprintf(c->cli_err, "': %s\n", why);
	return cli_usage_error(c, cmd);
}

/* getopt_long's tables for this command: the common options, then the
 * command's own, whose `val` is their short letter or CLI_OPT_CMD_BASE + i. */
static void
cli_opts_build(const struct cli_cmd *cmd, struct option *longopts,
    char *shortopts, size_t shortopts_size)
{
	size_t n = CLI_COMMON_OPTS_COUNT, k;

	memcpy(longopts, cli_common_longopts, sizeof(cli_common_longopts));
	/* '-': positionals come back in order, so values that follow a
	 * MULTI option's are known to be its; ':': report missing values. */
	k = (size_t)snprintf(shortopts, shortopts_size, "%s", "-:p:t:ha:");
	for (size_t i = 0; i < cmd->cmd_opts_count; i++) {
		const struct cli_opt *o = &cmd->cmd_opts[i];

		if (i >= CLI_CMD_OPTS_MAX || (o->opt_short != 0 &&
		    strchr("pthaV", o->opt_short) != NULL))
			abort();	/* a bad table is a bug here */
		longopts[n].name = o->opt_name;
		longopts[n].has_arg = o->opt_metavar != NULL ?
		    required_argument : no_argument;
		longopts[n].flag = NULL;
		longopts[n].val = o->opt_short != 0 ? o->opt_short :
		    CLI_OPT_CMD_BASE + (int)i;
		n++;
		if (o->opt_short != 0) {
			if (k + 3 >= shortopts_size)
				abort();
			shortopts[k++] = (char)o->opt_short;
			if (o->opt_metavar != NULL)
				shortopts[k++] = ':';
			shortopts[k] = '\0';
		}
	}
	memset(&longopts[n], 0, sizeof(longopts[n]));
}

/* The index in the command's table of what getopt_long returned, or -1. */
static int
cli_opt_index(const struct cli_cmd *cmd, int ch)
{
	if (ch >= CLI_OPT_CMD_BASE &&
	    (size_t)(ch - CLI_OPT_CMD_BASE) < cmd->cmd_opts_count)
		return ch - CLI_OPT_CMD_BASE;
	for (size_t i = 0; i < cmd->cmd_opts_count; i++)
		if (cmd->cmd_opts[i].opt_short != 0 &&
		    cmd->cmd_opts[i].opt_short == ch)
			return (int)i;
	return -1;
}

static bool
cli_multi_add(struct cli_parsed *ps, int i, char *value, int argc)
{
	if (ps->ps_multi[i] == NULL &&
	    (ps->ps_multi[i] = calloc((size_t)argc + 1,
	    sizeof(*ps->ps_multi[i]))) == NULL)
		return false;
	ps->ps_multi[i][ps->ps_multi_count[i]++] = value;
	return true;
}

/* A positional argument: the next value of the MULTI option just before
 * it, else one of the command's own. */
static int
cli_positional(struct cli *c, const struct cli_cmd *cmd, struct cli_parsed *ps,
    int multi, char *arg, int argc)
{
	if (multi >= 0) {
		if (!cli_multi_add(ps, multi, arg, argc)) {
			fprintf(c->cli_err, "%s: out of memory\n",
			    c->cli_prog);
			return CLI_EXIT_SERVICE;
		}
		return -1;
	}
	if (ps->ps_nargs >= cmd->cmd_nargs || ps->ps_nargs >=
	    (int)(sizeof(ps->ps_args) / sizeof(*ps->ps_args))) {
		fprintf(c->cli_err, "%s %s: unexpected argument '",
		    c->cli_prog, cmd->cmd_name);
		cli_put_text(c->cli_err, arg);
		fputs("'\n", c->cli_err);
		return cli_usage_error(c, cmd);
	}
	ps->ps_args[ps->ps_nargs++] = arg;
	return -1;
}

static int
cli_cmd_option(struct cli *c, const struct cli_cmd *cmd,
    struct cli_parsed *ps, int i, char *value, int argc, char *spelled)
{
	const struct cli_opt *o = &cmd->cmd_opts[i];

	if (o->opt_flags & CLI_OPT_MULTI) {
		if (!cli_multi_add(ps, i, value, argc)) {
			fprintf(c->cli_err, "%s: out of memory\n",
			    c->cli_prog);
			return CLI_EXIT_SERVICE;
		}
	} else if (ps->ps_value[i] != NULL) {
		fprintf(c->cli_err, "%s %s: option '%s' given more than once\n",
		    c->cli_prog, cmd->cmd_name, spelled);
		return cli_usage_error(c, cmd);
	}
	ps->ps_value[i] = value != NULL ? value : "";
	return -1;
}

int
cli_cmd_parse(struct cli *c, const struct cli_cmd *cmd, int argc, char **argv,
    struct cli_parsed *ps)
{
	struct option longopts[CLI_COMMON_OPTS_COUNT + CLI_CMD_OPTS_MAX + 1];
	char shortopts[64];
	int ch, i, rc, multi = -1;

	memset(ps, 0, sizeof(*ps));
	cli_opts_build(cmd, longopts, shortopts, sizeof(shortopts));
	optind = 0;		/* GNU: start over on this argv */
	opterr = 0;		/* our messages, not getopt's */
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) !=
	    -1) {
		if (ch == 1) {
			if ((rc = cli_positional(c, cmd, ps, multi, optarg,
			    argc)) != -1)
				return rc;
			continue;
		}
		multi = -1;
		switch (ch) {
		case 'p':
			if (!cli_parse_provider(c, optarg))
				return CLI_EXIT_USAGE;
			continue;
		case 't':
			if (!cli_parse_timeout(c, optarg))
				return CLI_EXIT_USAGE;
			continue;
		case 'a':
			c->cli_app_name = optarg;
			continue;
		case CLI_OPT_JSON:
			c->is_json = true;
			continue;
		case 'h':
			cli_cmd_usage(c, cmd, c->cli_out);
			return CLI_EXIT_OK;
		case ':':
			fprintf(c->cli_err, "%s %s: option '%s' needs a "
			    "value\n", c->cli_prog, cmd->cmd_name,
			    argv[optind - 1]);
			return cli_usage_error(c, cmd);
		case '?':
			if (optopt != 0)
				fprintf(c->cli_err, "%s %s: unknown option "
				    "'-%c'\n", c->cli_prog, cmd->cmd_name,
				    optopt);
			else
				fprintf(c->cli_err, "%s %s: unknown option "
				    "'%s'\n", c->cli_prog, cmd->cmd_name,
				    argv[optind - 1]);
			return cli_usage_error(c, cmd);
		default:
			break;
		}
		if ((i = cli_opt_index(cmd, ch)) < 0)
			abort();	/* a letter we never asked for */
		if ((rc = cli_cmd_option(c, cmd, ps, i, optarg, argc,
		    argv[optind - 1])) != -1)
			return rc;
		if (cmd->cmd_opts[i].opt_flags & CLI_OPT_MULTI)
			multi = i;
	}
	/* After "--" every argument is a positional, even "-x". */
	for (; optind < argc; optind++)
		if ((rc = cli_positional(c, cmd, ps, -1, argv[optind], argc)) !=
		    -1)
			return rc;
	for (size_t k = 0; k < cmd->cmd_opts_count; k++) {
		if ((cmd->cmd_opts[k].opt_flags & CLI_OPT_REQUIRED) &&
		    ps->ps_value[k] == NULL) {
			fprintf(c->cli_err, "%s %s: option '--%s' is "
			    "required\n", c->cli_prog, cmd->cmd_name,
			    cmd->cmd_opts[k].opt_name);
			return cli_usage_error(c, cmd);
		}
	}
	if (ps->ps_nargs != cmd->cmd_nargs) {
		fprintf(c->cli_err, "%s %s: missing argument %s\n",
		    c->cli_prog, cmd->cmd_name, cmd->cmd_args ? cmd->cmd_args :
		    "");
		return cli_usage_error(c, cmd);
	}
	return -1;
}

void
cli_parsed_free(struct cli_parsed *ps)
{
	for (size_t i = 0; i < CLI_CMD_OPTS_MAX; i++) {
		free(ps->ps_multi[i]);
		ps->ps_multi[i] = NULL;
	}
}

int
cli_cmd_options(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct cli_parsed ps;
	int rc;

	rc = cli_cmd_parse(c, cmd, argc, argv, &ps);
	cli_parsed_free(&ps);
	return rc;
}
