/* cli/cmd_ping.c: `arcsec ping`: the service's wire protocol version. */
#include "cli/cli.h"

int
cmd_ping(struct cli *c, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct arcsec_client *client;
	arcsec_status_t status;
	struct cli_json j;
	uint8_t maj, min;
	int rc;

	if ((rc = cli_cmd_options(c, cmd, argc, argv)) != -1 ||
	    (rc = cli_client(c, &client)) != -1)
		return rc;
	if ((status = arcsec_ping(client, &maj, &min)) != ARCSEC_SUCCESS)
		return cli_fail(c, status);
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_uint(&j, "wire_protocol_version_maj", maj);
		cli_json_uint(&j, "wire_protocol_version_min", min);
		cli_json_finish(&j);
		return CLI_EXIT_OK;
	}
	/* parsec-tool: the label as an info line, the version alone on
	 * stdout, so scripts read "1.0". */
	cli_info(c, "Service wire protocol version");
	fprintf(c->cli_out, "%u.%u\n", maj, min);
	return CLI_EXIT_OK;
}
