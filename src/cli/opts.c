/* cli/opts.c: parse the options every command takes. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* Values larger than this many seconds would overflow the library's
 * millisecond timeout. */
#define CLI_TIMEOUT_S_MAX	(INT32_MAX / 1000)

enum { CLI_OPT_JSON = 0x100 };

/* Decimal only, as parsec-tool's u8/u32 arguments; no sign, no spaces. */
static bool
cli_parse_uint(const char *s, unsigned long max, unsigned long *out)
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
	unsigned long v;

	/* parsec-tool refuses IDs its ProviderId enum lacks: 0-5. */
	if (!cli_parse_uint(s, ARCSEC_PROVIDER_CRYPTOAUTHLIB, &v)) {
		fprintf(c->cli_err, "%s: --provider '%s': the provider ID "
		    "entered does not map with an existing provider (0-5)\n",
		    c->cli_prog, s);
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

	if (!cli_parse_uint(s, CLI_TIMEOUT_S_MAX, &v)) {
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
cli_cmd_options(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	static const struct option longopts[] = {
		{ "provider",	required_argument,	NULL, 'p' },
		{ "timeout",	required_argument,	NULL, 't' },
		{ "json",	no_argument,		NULL, CLI_OPT_JSON },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 },
	};
	int ch;

	optind = 0;		/* GNU: start over on this argv */
	opterr = 0;		/* our messages, not getopt's */
	while ((ch = getopt_long(argc, argv, "+:p:t:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'p':
			if (!cli_parse_provider(c, optarg))
				return CLI_EXIT_USAGE;
			break;
		case 't':
			if (!cli_parse_timeout(c, optarg))
				return CLI_EXIT_USAGE;
			break;
		case CLI_OPT_JSON:
			c->is_json = true;
			break;
		case 'h':
			cli_cmd_usage(c, cmd, c->cli_out);
			return CLI_EXIT_OK;
		case ':':
			fprintf(c->cli_err, "%s %s: option '%s' needs a "
			    "value\n", c->cli_prog, cmd->cmd_name,
			    argv[optind - 1]);
			return cli_usage_error(c, cmd);
		default:
			if (optopt != 0)
				fprintf(c->cli_err, "%s %s: unknown option "
				    "'-%c'\n", c->cli_prog, cmd->cmd_name,
				    optopt);
			else
				fprintf(c->cli_err, "%s %s: unknown option "
				    "'%s'\n", c->cli_prog, cmd->cmd_name,
				    argv[optind - 1]);
			return cli_usage_error(c, cmd);
		}
	}
	if (optind < argc) {
		fprintf(c->cli_err, "%s %s: unexpected argument '%s'\n",
		    c->cli_prog, cmd->cmd_name, argv[optind]);
		return cli_usage_error(c, cmd);
	}
	return -1;
}
