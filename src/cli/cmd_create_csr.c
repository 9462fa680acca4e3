/* cli/cmd_create_csr.c: `arcsec create-csr`: a PKCS#10 request for a key
 * the service holds, signed by the service. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "identity/x509.h"

/* Indexes into cli_opts_create_csr of cli/commands.c. */
enum { CSR_KEY_NAME, CSR_CN, CSR_L, CSR_O, CSR_OU, CSR_ST, CSR_C,
    CSR_SERIAL, CSR_SAN };

struct cli_csr_run {
	const char		*cr_key_name;
	X509_NAME		*cr_name;
	GENERAL_NAMES		*cr_sans;
	X509_REQ		*cr_req;
	char			*cr_pem;
};

/* Everything the command line decides, before the service is asked, so a
 * bad subject or SAN is a usage error (exit 2). */
static int
cli_csr_args(struct cli *c, const struct cli_cmd *cmd,
    const struct cli_parsed *ps, struct cli_csr_run *r)
{
	struct x509_subject subj = {
		.cs_cn = ps->ps_value[CSR_CN], .cs_l = ps->ps_value[CSR_L],
		.cs_o = ps->ps_value[CSR_O], .cs_ou = ps->ps_value[CSR_OU],
		.cs_st = ps->ps_value[CSR_ST], .cs_c = ps->ps_value[CSR_C],
		.cs_serial = ps->ps_value[CSR_SERIAL],
	};
	GENERAL_NAME *gn;
	const char *why;

	r->cr_key_name = ps->ps_value[CSR_KEY_NAME];
	if (!x509_csr_name(&subj, &r->cr_name, &why))
		return cli_usage_fail(c, cmd, "%s", why);
	if ((r->cr_sans = sk_GENERAL_NAME_new_null()) == NULL)
		return cli_fail(c, ARCSEC_ERR_NO_MEMORY);
	for (size_t i = 0; i < ps->ps_multi_count[CSR_SAN]; i++) {
		const char *spec = ps->ps_multi[CSR_SAN][i];

		if (!x509_csr_san(spec, &gn, &why))
			return cli_usage_bad_value(c, cmd, "--san", spec, why);
		if (sk_GENERAL_NAME_push(r->cr_sans, gn) <= 0) {
			GENERAL_NAME_free(gn);
			return cli_fail(c, ARCSEC_ERR_NO_MEMORY);
		}
	}
	return -1;
}

/* The request, signed by the service (identity/csr.c). */
static int
cli_csr_make(struct cli *c, struct arcsec_client *client,
    struct cli_csr_run *r)
{
	arcsec_status_t status;
	uint8_t provider = 0;
	char why[256];

	status = x509_csr_for_key(client, r->cr_key_name, NULL, r->cr_name,
	    r->cr_sans, &r->cr_req, why, sizeof(why));
	if (status == ARCSEC_SUCCESS)
		return -1;
	if (why[0] != '\0')
		return cli_fail_detail(c, status, "%s", why);
	if (status == ARCSEC_PSA_ERROR_DOES_NOT_EXIST &&
	    arcsec_client_provider(client, &provider) == ARCSEC_SUCCESS)
		return cli_fail_detail(c, status, "no key \"%s\" in the %s",
		    r->cr_key_name, cli_provider_name(provider));
	return cli_fail(c, status);
}

static int
cli_csr_output(struct cli *c, struct cli_csr_run *r)
{
	struct cli_json j;
	int rc = CLI_EXIT_OK;

	if (x509_req_to_pem(r->cr_req, &r->cr_pem) != ARCSEC_SUCCESS)
		return cli_fail(c, ARCSEC_ERR_NO_MEMORY);
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_string(&j, "pem", r->cr_pem);
		cli_json_finish(&j);
	} else
		fputs(r->cr_pem, c->cli_out);
	return rc;
}

int
cmd_create_csr(struct cli *c, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct arcsec_client *client;
	struct cli_csr_run r;
	struct cli_parsed ps;
	int rc;

	memset(&r, 0, sizeof(r));
	if ((rc = cli_cmd_parse(c, cmd, argc, argv, &ps)) != -1 ||
	    (rc = cli_csr_args(c, cmd, &ps, &r)) != -1 ||
	    (rc = cli_client_auth(c, &client)) != -1 ||
	    (rc = cli_csr_make(c, client, &r)) != -1)
		goto out;
	rc = cli_csr_output(c, &r);
out:
	free(r.cr_pem);
	X509_REQ_free(r.cr_req);
	sk_GENERAL_NAME_pop_free(r.cr_sans, GENERAL_NAME_free);
	X509_NAME_free(r.cr_name);
	cli_parsed_free(&ps);
	return rc;
}
