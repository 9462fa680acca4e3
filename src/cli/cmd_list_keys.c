/* cli/cmd_list_keys.c: `arcsec list-keys`: the application's keys in
 * every provider. */
#include "cli/cli.h"
#include "psa/names.h"

static void
cli_key_json(struct cli_json *j, const struct arcsec_key_info *k)
{
	char type[PSA_NAME_SIZE], usage[PSA_NAME_SIZE], alg[PSA_NAME_SIZE];
	const struct arcsec_key_attrs *a = &k->ki_attrs;

	cli_json_object_begin(j, NULL);
	cli_json_uint(j, "provider_id", k->ki_provider_id);
	cli_json_string(j, "name", k->ki_name);
	cli_json_object_begin(j, "attributes");
	cli_json_string(j, "key_type", psa_key_type_name(a->key_type, type,
	    sizeof(type)));
	cli_json_uint(j, "key_bits", a->key_bits);
	cli_json_object_begin(j, "key_policy");
	cli_json_string(j, "key_usage_flags", psa_usage_name(a->key_usage,
	    usage, sizeof(usage)));
	cli_json_string(j, "key_algorithm", psa_alg_name(a->key_alg, alg,
	    sizeof(alg)));
	cli_json_object_end(j);
	/* Not in the schema: the PSA numbers, for programs. */
	cli_json_uint(j, "psa_key_type", a->key_type);
	cli_json_uint(j, "psa_key_usage", a->key_usage);
	cli_json_uint(j, "psa_algorithm", a->key_alg);
	cli_json_object_end(j);
	cli_json_object_end(j);
}

/* parsec-tool's shape, "* NAME (PROVIDER, TYPE, BITS bits, ...)", with the
 * name second on the line, where its users' scripts cut it from; types
 * and algorithms as PSA spells them. */
static void
cli_key_text(struct cli *c, const struct arcsec_key_info *k)
{
	char type[PSA_NAME_SIZE], alg[PSA_NAME_SIZE];

	fputs("* ", c->cli_out);
	cli_put_text(c->cli_out, k->ki_name);
	fprintf(c->cli_out, " (%s, %s, %u bits, permitted algorithm: %s)\n",
	    cli_provider_name(k->ki_provider_id),
	    psa_key_type_name(k->ki_attrs.key_type, type, sizeof(type)),
	    k->ki_attrs.key_bits, psa_alg_name(k->ki_attrs.key_alg, alg,
	    sizeof(alg)));
}

int
cmd_list_keys(struct cli *c, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct arcsec_key_info *keys = NULL;
	struct arcsec_client *client;
	arcsec_status_t status;
	struct cli_json j;
	size_t count;
	int rc;

	if ((rc = cli_cmd_options(c, cmd, argc, argv)) != -1 ||
	    (rc = cli_client_auth(c, &client)) != -1)
		return rc;
	if ((status = arcsec_list_keys(client, &keys, &count)) !=
	    ARCSEC_SUCCESS)
		return cli_fail(c, status);
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_array_begin(&j, "keys");
		for (size_t i = 0; i < count; i++)
			cli_key_json(&j, &keys[i]);
		cli_json_finish(&j);
	} else if (count == 0)
		cli_info(c, "No keys currently available.");
	else {
		cli_info(c, "Available keys:");
		for (size_t i = 0; i < count; i++)
			cli_key_text(c, &keys[i]);
	}
	arcsec_key_info_free(keys);
	return CLI_EXIT_OK;
}
