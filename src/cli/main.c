/* cli/main.c: arcsec, the command-line client: global options, then one
 * command from the table in cli/commands.c. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

enum { MAIN_OPT_JSON = 0x100 };

static int
main_help_command(struct cli *c, int argc, char **argv)
{
	const struct cli_cmd *cmd;
	int words;

	if (argc < 2) {
		cli_usage(c, c->cli_out);
		return CLI_EXIT_OK;
	}
	if ((cmd = cli_cmd_lookup(argc - 1, argv + 1, &words)) == NULL ||
	    argc != 1 + words) {
		fprintf(c->cli_err, "%s: help: unknown command '%s'\n",
		    c->cli_prog, argv[1]);
		cli_usage(c, c->cli_err);
		return CLI_EXIT_USAGE;
	}
	cli_cmd_usage(c, cmd, c->cli_out);
	return CLI_EXIT_OK;
}

static int
main_run(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "provider",	required_argument,	NULL, 'p' },
		{ "timeout",	required_argument,	NULL, 't' },
		{ "json",	no_argument,		NULL, MAIN_OPT_JSON },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "app-name",	required_argument,	NULL, 'a' },
		{ "app_name",	required_argument,	NULL, 'a' },
		{ NULL,		0,			NULL, 0 },
	};
	const struct cli_cmd *cmd;
	int ch, words;

	opterr = 0;
	/* '+': stop at the command name; what follows is the command's. */
	while ((ch = getopt_long(argc, argv, "+:p:t:hVa:", longopts, NULL)) !=
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
		case 'a':
			c->cli_app_name = optarg;
			break;
		case MAIN_OPT_JSON:
			c->is_json = true;
			break;
		case 'h':
			cli_usage(c, c->cli_out);
			return CLI_EXIT_OK;
		case 'V':
			fprintf(c->cli_out, "%s %s\n", c->cli_prog,
			    arcsec_version());
			return CLI_EXIT_OK;
		case ':':
			fprintf(c->cli_err, "%s: option '%s' needs a value\n",
			    c->cli_prog, argv[optind - 1]);
			cli_usage(c, c->cli_err);
			return CLI_EXIT_USAGE;
		default:
			if (optopt != 0)
				fprintf(c->cli_err, "%s: unknown option "
				    "'-%c'\n", c->cli_prog, optopt);
			else
				fprintf(c->cli_err, "%s: unknown option "
				    "'%s'\n", c->cli_prog, argv[optind - 1]);
			cli_usage(c, c->cli_err);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(c->cli_err, "%s: no command given\n", c->cli_prog);
		cli_usage(c, c->cli_err);
		return CLI_EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	if (strcmp(argv[0], "help") == 0)
		return main_help_command(c, argc, argv);
	if ((cmd = cli_cmd_lookup(argc, argv, &words)) == NULL) {
		fprintf(c->cli_err, "%s: unknown command '%s'\n", c->cli_prog,
		    argv[0]);
		cli_usage(c, c->cli_err);
		return CLI_EXIT_USAGE;
	}
	/* A two-word command sees its second word as its name. */
	return cmd->cmd_run(c, cmd, argc - (words - 1), argv + (words - 1));
}

int
main(int argc, char **argv)
{
	struct cli c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.cli_prog = "arcsec";
	c.cli_out = stdout;
	c.cli_err = stderr;
	rc = main_run(&c, argc, argv);
	arcsec_client_close(c.cli_client);
	/* A result that did not reach stdout (full disk, closed pipe) must
	 * not end in success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write the output\n", c.cli_prog);
		if (rc == CLI_EXIT_OK)
			rc = CLI_EXIT_SERVICE;
	}
	return rc;
}
