/* cli/cmd_list_opcodes.c: `arcsec list-opcodes`. */
#include <stdlib.h>

#include "cli/cli.h"

static int
cli_opcode_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static const char *
cli_opcode_name(uint32_t opcode)
{
	const char *name = arcsec_opcode_name(opcode);

	return name != NULL ? name : "Unknown";
}

static void
cli_opcodes_json(struct cli *c, uint8_t provider, const uint32_t *opcodes,
    size_t count)
{
	struct cli_json j;

	cli_json_init(&j, c->cli_out);
	cli_json_object_begin(&j, NULL);
	cli_json_uint(&j, "provider_id", provider);
	cli_json_array_begin(&j, "opcodes");
	for (size_t i = 0; i < count; i++)
		cli_json_uint(&j, NULL, opcodes[i]);
	cli_json_array_end(&j);
	/* Not in the schema: Parsec's names, in the same order. */
	cli_json_array_begin(&j, "opcode_names");
	for (size_t i = 0; i < count; i++)
		cli_json_string(&j, NULL, cli_opcode_name(opcodes[i]));
	cli_json_finish(&j);
}

int
cmd_list_opcodes(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_client *client;
	arcsec_status_t status;
	uint32_t *opcodes = NULL;
	uint8_t provider;
	size_t count;
	int rc;

	if ((rc = cli_cmd_options(c, cmd, argc, argv)) != -1 ||
	    (rc = cli_client(c, &client)) != -1)
		return rc;
	/* parsec-tool runs this on a client made without a provider lookup,
	 * whose implicit provider is core; -p names another. */
	provider = c->has_provider ? c->cli_provider : ARCSEC_PROVIDER_CORE;
	if ((status = arcsec_list_opcodes(client, provider, &opcodes,
	    &count)) != ARCSEC_SUCCESS)
		return cli_fail(c, status);
	/* Parsec's client returns a set, printed in no fixed order; sorted is
	 * the same set, and diffs cleanly. */
	if (count > 0)
		qsort(opcodes, count, sizeof(*opcodes), cli_opcode_cmp);
	if (c->is_json)
		cli_opcodes_json(c, provider, opcodes, count);
	else {
		cli_info(c, "Available opcodes for %s:",
		    cli_provider_name(provider));
		for (size_t i = 0; i < count; i++)
			fprintf(c->cli_out, "0x%02x (%s)\n", opcodes[i],
			    cli_opcode_name(opcodes[i]));
	}
	arcsec_opcodes_free(opcodes);
	return CLI_EXIT_OK;
}
