/* cli/cmd_generate_random.c: `arcsec generate-random`. */
#include <stdlib.h>

#include "cli/cli.h"

enum { OPT_NBYTES = 0 };

int
cmd_generate_random(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_client *client;
	arcsec_status_t status;
	struct cli_parsed ps;
	struct cli_json j;
	unsigned long nbytes;
	uint8_t *buf = NULL;
	int rc;

	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1)
		goto out;
	/* The bytes come back in one response, which the client takes up to
	 * its limit; the service's own limit (1 MiB by default) is lower. */
	if (!cli_parse_ulong(ps.ps_value[OPT_NBYTES],
	    ARCSEC_DEFAULT_RESPONSE_LIMIT / 2, &nbytes)) {
		rc = cli_usage_bad_value(c, cmd, "--nbytes",
		    ps.ps_value[OPT_NBYTES], "expected a number of bytes");
		goto out;
	}
	if ((rc = cli_client_auth(c, &client)) != -1)
		goto out;
	if ((buf = malloc(nbytes > 0 ? nbytes : 1)) == NULL) {
		rc = cli_fail(c, ARCSEC_ERR_NO_MEMORY);
		goto out;
	}
	if (!c->is_json)
		cli_info(c, "Generating %lu random bytes...", nbytes);
	if ((status = arcsec_generate_random(client, buf, nbytes)) !=
	    ARCSEC_SUCCESS) {
		rc = cli_fail(c, status);
		goto out;
	}
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_bytes(&j, "random_bytes", buf, nbytes);
		cli_json_finish(&j);
	} else {
		/* parsec-tool's format: upper-case hex, each byte followed
		 * by a space, then a newline. */
		cli_info(c, "Random bytes:");
		for (size_t i = 0; i < nbytes; i++)
			fprintf(c->cli_out, "%02X ", buf[i]);
		fputc('\n', c->cli_out);
	}
	rc = CLI_EXIT_OK;
out:
	free(buf);
	cli_parsed_free(&ps);
	return rc;
}
