/* cli/run.c: the client a command runs with, and how failures are told. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int
cli_client(struct cli *c, struct arcsec_client **out)
{
	arcsec_status_t status;
	const char *endpoint;

	*out = NULL;
	if (c->cli_client == NULL) {
		/* The four core commands go without authentication; later
		 * commands pick the service's default authenticator. */
		status = arcsec_client_open(c->cli_endpoint, NULL,
		    &c->cli_client);
		if (status == ARCSEC_ERR_ENDPOINT) {
			endpoint = c->cli_endpoint ? c->cli_endpoint :
			    getenv(ARCSEC_ENDPOINT_ENV);
			fprintf(c->cli_err, "Error: %s: %s: ",
			    arcsec_status_name(status),
			    arcsec_strerror(status));
			cli_put_text(c->cli_err, endpoint ? endpoint : "");
			fputc('\n', c->cli_err);
			return CLI_EXIT_CONNECT;
		}
		if (status != ARCSEC_SUCCESS)
			return cli_fail(c, status);
		if (c->has_timeout && (status = arcsec_client_set_timeout_ms(
		    c->cli_client, c->cli_timeout_s * 1000u)) != ARCSEC_SUCCESS)
			return cli_fail(c, status);
		if (c->has_provider && (status = arcsec_client_set_provider(
		    c->cli_client, c->cli_provider)) != ARCSEC_SUCCESS)
			return cli_fail(c, status);
	}
	*out = c->cli_client;
	return -1;
}

int
cli_fail(struct cli *c, arcsec_status_t status)
{
	const char *detail = arcsec_client_last_error(c->cli_client);
	struct cli_json j;

	fprintf(c->cli_err, "Error: %s: %s", arcsec_status_name(status),
	    arcsec_strerror(status));
	if (*detail != '\0') {
		fputs(": ", c->cli_err);
		cli_put_text(c->cli_err, detail);
	} else if (status == ARCSEC_ERR_CONNECT && c->cli_client != NULL) {
		fputs(": ", c->cli_err);
		cli_put_text(c->cli_err,
		    arcsec_client_socket_path(c->cli_client));
	}
	fputc('\n', c->cli_err);
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_object_begin(&j, "error");
		cli_json_string(&j, "status", arcsec_status_name(status));
		cli_json_uint(&j, "code", (uint64_t)status);
		cli_json_string(&j, "message", arcsec_strerror(status));
		if (*detail != '\0')
			cli_json_string(&j, "detail", detail);
		cli_json_finish(&j);
	}
	switch (status) {
	case ARCSEC_ERR_CONNECT:
	case ARCSEC_ERR_ENDPOINT:
		return CLI_EXIT_CONNECT;
	default:
		return CLI_EXIT_SERVICE;
	}
}

void
cli_info(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	fputs("[INFO ] ", c->cli_err);
	va_start(ap, fmt);
	vfprintf(c->cli_err, fmt, ap);
	va_end(ap);
	fputc('\n', c->cli_err);
}

/* parsec-interface's Display of ProviderId. */
const char *
cli_provider_name(uint8_t id)
{
	static const char *const names[] = {
		"Core provider", "Mbed Crypto provider", "PKCS #11 provider",
		"TPM provider", "Trusted Service provider",
		"CryptoAuthentication Library provider",
	};

	return id < sizeof(names) / sizeof(*names) ? names[id] :
	    "Unknown provider";
}

/* parsec-interface's Display of AuthType. */
const char *
cli_authenticator_name(uint8_t id)
{
	static const char *const names[] = {
		"No authentication", "Direct authentication",
		"JSON Web Tokens authentication",
		"Unix Peer Credentials authentication",
		"JWT SPIFFE Verifiable Identity Document authentication",
	};

	return id < sizeof(names) / sizeof(*names) ? names[id] :
	    "Unknown authentication";
}

/* parsec-tool's application name, which its client sends for direct
 * authentication unless told otherwise. */
#define CLI_DEFAULT_APP_NAME	"parsec-tool"

/*
 * Parsec's BasicClient bootstraps authentication from ListAuthenticators:
 * the first entry is the service's default, and the client authenticates
 * that way (direct: the app name; Unix peer credentials: its UID). Do the
 * same, so a command works against whatever the service is configured
 * with. The listing itself goes without authentication.
 */
static arcsec_status_t
cli_auth_choose(struct cli *c, struct arcsec_client *naked,
    struct arcsec_auth *auth, uint8_t *authn_id)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	struct arcsec_authenticator_info *list = NULL;
	size_t count = 0;

	memset(auth, 0, sizeof(*auth));
	*authn_id = 0;
	if ((status = arcsec_list_authenticators(naked, &list, &count)) !=
	    ARCSEC_SUCCESS)
		goto out;
	if (count == 0) {
		auth->auth_type = ARCSEC_AUTH_NONE;
		goto out;
	}
	*authn_id = list[0].authn_id;
	switch (list[0].authn_id) {
	case ARCSEC_AUTH_NONE:
	case ARCSEC_AUTH_UNIX_PEER:
		auth->auth_type = (enum arcsec_auth_type)list[0].authn_id;
		break;
	case ARCSEC_AUTH_DIRECT:
		auth->auth_type = ARCSEC_AUTH_DIRECT;
		auth->auth_app_name = c->cli_app_name != NULL ?
		    c->cli_app_name : CLI_DEFAULT_APP_NAME;
		break;
	default:
		/* JWT and JWT-SVID need a token source arcsec lacks. */
		status = ARCSEC_ERR_UNSUPPORTED;
		break;
	}
out:
	arcsec_authenticator_info_free(list);
	return status;
}

int
cli_client_auth(struct cli *c, struct arcsec_client **out)
{
	struct arcsec_client *naked, *client = NULL;
	struct arcsec_auth auth;
	arcsec_status_t status;
	uint8_t authn_id;
	int rc;

	*out = NULL;
	if ((rc = cli_client(c, &naked)) != -1)
		return rc;
	if (c->has_auth) {
		*out = naked;
		return -1;
	}
	status = cli_auth_choose(c, naked, &auth, &authn_id);
	if (status == ARCSEC_ERR_UNSUPPORTED)
		return cli_fail_detail(c, status, "the service authenticates "
		    "with %s, which arcsec cannot do",
		    cli_authenticator_name(authn_id));
	if (status != ARCSEC_SUCCESS)
		return cli_fail(c, status);
	status = arcsec_client_open(c->cli_endpoint, &auth, &client);
	if (status == ARCSEC_ERR_INVALID_ARGUMENT) {
		fprintf(c->cli_err, "Error: --app-name '");
		cli_put_text(c->cli_err, auth.auth_app_name ?
		    auth.auth_app_name : "");
		fprintf(c->cli_err, "': must be 1 to %u bytes of UTF-8 "
		    "without control characters\n", ARCSEC_APP_NAME_MAX);
		return CLI_EXIT_USAGE;
	}
	if (status != ARCSEC_SUCCESS)
		return cli_fail(c, status);
	/* The new client replaces the naked one, keeping its settings. */
	arcsec_client_close(c->cli_client);
	c->cli_client = client;
	c->has_auth = true;
	if (c->has_timeout && (status = arcsec_client_set_timeout_ms(client,
	    c->cli_timeout_s * 1000u)) != ARCSEC_SUCCESS)
		return cli_fail(c, status);
	if (c->has_provider && (status = arcsec_client_set_provider(client,
	    c->cli_provider)) != ARCSEC_SUCCESS)
		return cli_fail(c, status);
	*out = client;
	return -1;
}

int
cli_fail_detail(struct cli *c, arcsec_status_t status, const char *fmt, ...)
{
	char detail[512];
	struct cli_json j;
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	fprintf(c->cli_err, "Error: %s: %s: ", arcsec_status_name(status),
	    arcsec_strerror(status));
	cli_put_text(c->cli_err, detail);
	fputc('\n', c->cli_err);
	if (c->is_json) {
		cli_json_init(&j, c->cli_out);
		cli_json_object_begin(&j, NULL);
		cli_json_object_begin(&j, "error");
		cli_json_string(&j, "status", arcsec_status_name(status));
		cli_json_uint(&j, "code", (uint64_t)status);
		cli_json_string(&j, "message", arcsec_strerror(status));
		cli_json_string(&j, "detail", detail);
		cli_json_finish(&j);
	}
	return status == ARCSEC_ERR_CONNECT || status == ARCSEC_ERR_ENDPOINT ?
	    CLI_EXIT_CONNECT : CLI_EXIT_SERVICE;
}

int
cli_key_attrs(struct cli *c, struct arcsec_client *client,
    const char *key_name, struct arcsec_key_attrs *attrs)
{
	arcsec_status_t status;
	uint8_t provider = 0;

	if ((status = arcsec_key_attributes(client, key_name, attrs)) ==
	    ARCSEC_SUCCESS)
		return -1;
	if (status == ARCSEC_PSA_ERROR_DOES_NOT_EXIST &&
	    arcsec_client_provider(client, &provider) == ARCSEC_SUCCESS)
		return cli_fail_detail(c, status, "no key \"%s\" in the %s",
		    key_name, cli_provider_name(provider));
	return cli_fail(c, status);
}
