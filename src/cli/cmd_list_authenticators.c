/* cli/cmd_list_authenticators.c: `arcsec list-authenticators`. */
#include "cli/cli.h"

static void
cli_authenticators_json(struct cli *c,
    const struct arcsec_authenticator_info *a, size_t count)
{
	struct cli_json j;

	cli_json_init(&j, c->cli_out);
	cli_json_object_begin(&j, NULL);
	cli_json_array_begin(&j, "authenticators");
	for (size_t i = 0; i < count; i++) {
		cli_json_object_begin(&j, NULL);
		cli_json_uint(&j, "id", a[i].authn_id);
		cli_json_string(&j, "description", a[i].authn_description);
		cli_json_uint(&j, "version_maj", a[i].authn_version_maj);
		cli_json_uint(&j, "version_min", a[i].authn_version_min);
		cli_json_uint(&j, "version_rev", a[i].authn_version_rev);
		cli_json_object_end(&j);
	}
	cli_json_finish(&j);
}

static void
cli_authenticators_text(struct cli *c,
    const struct arcsec_authenticator_info *a, size_t count)
{
	FILE *f = c->cli_out;

	cli_info(c, "Available authenticators:");
	for (size_t i = 0; i < count; i++) {
		fprintf(f, "ID: 0x%02x (%s)\nDescription: ", a[i].authn_id,
		    cli_authenticator_name(a[i].authn_id));
		cli_put_text(f, a[i].authn_description);
		fprintf(f, "\nVersion: %u.%u.%u\n\n", a[i].authn_version_maj,
		    a[i].authn_version_min, a[i].authn_version_rev);
	}
}

int
cmd_list_authenticators(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_authenticator_info *authenticators = NULL;
	struct arcsec_client *client;
	arcsec_status_t status;
	size_t count;
	int rc;

	if ((rc = cli_cmd_options(c, cmd, argc, argv)) != -1 ||
	    (rc = cli_client(c, &client)) != -1)
		return rc;
	if ((status = arcsec_list_authenticators(client, &authenticators,
	    &count)) != ARCSEC_SUCCESS)
		return cli_fail(c, status);
	if (c->is_json)
		cli_authenticators_json(c, authenticators, count);
	else
		cli_authenticators_text(c, authenticators, count);
	arcsec_authenticator_info_free(authenticators);
	return CLI_EXIT_OK;
}
