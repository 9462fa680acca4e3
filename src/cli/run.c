/* cli/run.c: the client a command runs with, and how failures are told. */
#include <stdarg.h>
#include <stdlib.h>

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
