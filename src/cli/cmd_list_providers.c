/* cli/cmd_list_providers.c: `arcsec list-providers`. */
#include "cli/cli.h"

static void
cli_providers_json(struct cli *c, const struct arcsec_provider_info *p,
    size_t count)
{
	struct cli_json j;

	cli_json_init(&j, c->cli_out);
	cli_json_object_begin(&j, NULL);
	cli_json_array_begin(&j, "providers");
	for (size_t i = 0; i < count; i++) {
		cli_json_object_begin(&j, NULL);
		cli_json_uint(&j, "id", p[i].prov_id);
		cli_json_string(&j, "description", p[i].prov_description);
		cli_json_string(&j, "vendor", p[i].prov_vendor);
		cli_json_uint(&j, "version_maj", p[i].prov_version_maj);
		cli_json_uint(&j, "version_min", p[i].prov_version_min);
		cli_json_uint(&j, "version_rev", p[i].prov_version_rev);
		cli_json_string(&j, "uuid", p[i].prov_uuid);
		cli_json_object_end(&j);
	}
	cli_json_finish(&j);
}

/* parsec-tool's layout, field by field, a blank line after each. */
static void
cli_providers_text(struct cli *c, const struct arcsec_provider_info *p,
    size_t count)
{
	FILE *f = c->cli_out;

	cli_info(c, "Available providers:");
	for (size_t i = 0; i < count; i++) {
		fprintf(f, "ID: 0x%02x (%s)\nDescription: ", p[i].prov_id,
		    cli_provider_name(p[i].prov_id));
		cli_put_text(f, p[i].prov_description);
		fprintf(f, "\nVersion: %u.%u.%u\nVendor: ",
		    p[i].prov_version_maj, p[i].prov_version_min,
		    p[i].prov_version_rev);
		cli_put_text(f, *p[i].prov_vendor != '\0' ? p[i].prov_vendor :
		    "Unspecified");
		fputs("\nUUID: ", f);
		cli_put_text(f, p[i].prov_uuid);
		fputs("\n\n", f);
	}
}

int
cmd_list_providers(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_provider_info *providers = NULL;
	struct arcsec_client *client;
	arcsec_status_t status;
	size_t count;
	int rc;

	if ((rc = cli_cmd_options(c, cmd, argc, argv)) != -1 ||
	    (rc = cli_client(c, &client)) != -1)
		return rc;
	if ((status = arcsec_list_providers(client, &providers, &count)) !=
	    ARCSEC_SUCCESS)
		return cli_fail(c, status);
	if (c->is_json)
		cli_providers_json(c, providers, count);
	else
		cli_providers_text(c, providers, count);
	arcsec_provider_info_free(providers);
	return CLI_EXIT_OK;
}
