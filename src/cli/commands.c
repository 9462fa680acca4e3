/* cli/commands.c: the command table and the help text built from it. */
#include <string.h>

#include "cli/cli.h"

/* Names and order follow parsec-tool's subcommands, so its users find the
 * same commands here. */
static const struct cli_cmd cli_cmds[] = {
	{ "ping", "Ping the service and print its wire protocol version.",
	    NULL, cmd_ping },
	{ "list-providers", "List the providers the service offers.", NULL,
	    cmd_list_providers },
	{ "list-authenticators", "List the authenticators the service "
	    "accepts.", NULL, cmd_list_authenticators },
	{ "list-opcodes", "List the opcodes a provider supports.",
	    "--provider names the provider whose opcodes to list; without it\n"
	    "the core provider's (0) are listed, as parsec-tool does.\n",
	    cmd_list_opcodes },
};

const struct cli_cmd *
cli_cmd_find(const char *name)
{
	for (size_t i = 0; i < sizeof(cli_cmds) / sizeof(*cli_cmds); i++)
		if (strcmp(cli_cmds[i].cmd_name, name) == 0)
			return &cli_cmds[i];
	return NULL;
}

static void
cli_common_options(FILE *f)
{
	fputs("  -p, --provider ID     provider to target, 0-5 (default: the "
	    "service's first)\n"
	    "  -t, --timeout SECS    seconds per request, 0 waits forever "
	    "(default: 60)\n"
	    "      --json            print the result as one JSON object\n"
	    "  -h, --help            print help\n", f);
}

void
cli_usage(const struct cli *c, FILE *f)
{
	fprintf(f, "Usage: %s [OPTIONS] COMMAND [COMMAND OPTIONS]\n\n"
	    "Command-line client of the Parsec security service.\n\n"
	    "Options:\n", c->cli_prog);
	cli_common_options(f);
	fputs("  -V, --version         print the version\n\nCommands:\n", f);
	for (size_t i = 0; i < sizeof(cli_cmds) / sizeof(*cli_cmds); i++)
		fprintf(f, "  %-20s  %s\n", cli_cmds[i].cmd_name,
		    cli_cmds[i].cmd_summary);
	fprintf(f, "  %-20s  %s\n", "help [COMMAND]",
	    "Print this help, or a command's.");
	fprintf(f, "\nThe service socket is taken from %s "
	    "(unix:/path),\nby default %s.\n", ARCSEC_ENDPOINT_ENV,
	    ARCSEC_DEFAULT_ENDPOINT);
}

void
cli_cmd_usage(const struct cli *c, const struct cli_cmd *cmd, FILE *f)
{
	fprintf(f, "Usage: %s %s [OPTIONS]\n\n%s\n", c->cli_prog,
	    cmd->cmd_name, cmd->cmd_summary);
	if (cmd->cmd_details != NULL)
		fprintf(f, "\n%s", cmd->cmd_details);
	fputs("\nOptions:\n", f);
	cli_common_options(f);
}
