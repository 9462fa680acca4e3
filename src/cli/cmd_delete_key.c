/* cli/cmd_delete_key.c: `arcsec delete-key`. */
#include "cli/cli.h"

enum { OPT_KEY_NAME = 0 };

int
cmd_delete_key(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_client *client;
	arcsec_status_t status;
	struct cli_parsed ps;
	struct cli_json j;
	const char *key_name;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_client_auth(c, &client)) != -1)
		goto out;
	key_name = ps.ps_value[OPT_KEY_NAME];
	if (!c->is_json)
		cli_info(c, "Deleting a key...");
	if ((status = arcsec_destroy_key(client, key_name)) !=
	    ARCSEC_SUCCESS) {
		rc = cli_fail(c, status);
		goto out;
	}
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);	/* PsaDestroyKey: no fields */
		cli_json_object_begin(&j, NULL);
		cli_json_finish(&j);
	} else
		cli_info(c, "Key \"%s\" deleted.", key_name);
	rc = CLI_EXIT_OK;
out:
	cli_parsed_free(&ps);
	return rc;
}
