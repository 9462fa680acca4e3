/* cli/cmd_clients.c: `arcsec list-clients` and `delete-client`, the
 * administrator commands. */
#include "cli/cli.h"

enum { OPT_CLIENT = 0 };

int
cmd_list_clients(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_client *client;
	arcsec_status_t status;
	struct cli_json j;
	char **names = NULL;
	size_t count;
	int rc;

	if ((rc = cli_cmd_options(c, cmd, argc, argv)) != -1 ||
	    (rc = cli_client_auth(c, &client)) != -1)
		return rc;
	if ((status = arcsec_list_clients(client, &names, &count)) !=
	    ARCSEC_SUCCESS)
		return cli_fail(c, status);
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_array_begin(&j, "clients");
		for (size_t i = 0; i < count; i++)
			cli_json_string(&j, NULL, names[i]);
		cli_json_finish(&j);
	} else if (count == 0)
		cli_info(c, "No clients in the service.");
	else {
		/* parsec-tool: one name per line on stdout. */
		cli_info(c, "Parsec clients:");
		for (size_t i = 0; i < count; i++) {
			cli_put_text(c->cli_out, names[i]);
			fputc('\n', c->cli_out);
		}
	}
	arcsec_client_names_free(names);
	return CLI_EXIT_OK;
}

int
cmd_delete_client(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_client *client;
	arcsec_status_t status;
	struct cli_parsed ps;
	struct cli_json j;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_client_auth(c, &client)) != -1)
		goto out;
	if ((status = arcsec_delete_client(client, ps.ps_value[OPT_CLIENT])) !=
	    ARCSEC_SUCCESS) {
		rc = cli_fail(c, status);
		goto out;
	}
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);	/* DeleteClient: no fields */
		cli_json_object_begin(&j, NULL);
		cli_json_finish(&j);
	} else
		cli_info(c, "Client \"%s\" deleted.", ps.ps_value[OPT_CLIENT]);
	rc = CLI_EXIT_OK;
out:
	cli_parsed_free(&ps);
	return rc;
}
