/* tests/unit/test_client.c: libarcsec's pure parts: endpoint parsing, request
 * framing, response checking, status names, and client argument checks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arcsec/arcsec.h>

#include "client/client.h"
#include "wire/header.h"
#include "wire/opcodes.h"

/* Request and response bytes from Parsec's own generator (parsec-mock,
 * ../shared/vectors/parsec-mock/): the reference our framing must match. */
#define PING_REQ_HEX \
	"10a7c05e1e000100000000000000000000000000000000000000000001000000" \
	"00000000"
#define PING_RESP_HEX \
	"10a7c05e1e000100000000000000000000000000000002000000000001000000" \
	"000000000801"
#define LIST_PROVIDERS_REQ_HEX \
	"10a7c05e1e000100000000000000000000000000000000000000000008000000" \
	"00000000"
#define LIST_OPCODES_BAD1_RESP_HEX \
	"10a7c05e1e0001000000000000000000000000000000f4010000000009000000" \
	"000000000a03010302"
#define DELETE_CLIENT_ADMIN_ERR_RESP_HEX \
	"10a7c05e1e00010000000000000000000000000000000000000000001c000000" \
	"15000000"

static size_t
hex_decode(const char *hex, uint8_t *out, size_t out_size)
{
	size_t n = strlen(hex) / 2;

	assert_true(strlen(hex) % 2 == 0 && n <= out_size);
	for (size_t i = 0; i < n; i++) {
		unsigned int v;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

/* --- endpoint ------------------------------------------------------------ */

static void
endpoint_ok(const char *endpoint, const char *want)
{
	char path[CLIENT_SOCK_PATH_SIZE];

	assert_int_equal(client_endpoint_parse(endpoint, path, sizeof(path)),
	    ARCSEC_SUCCESS);
	assert_string_equal(path, want);
}

static void
endpoint_bad(const char *endpoint)
{
	char path[CLIENT_SOCK_PATH_SIZE];

	memset(path, 'x', sizeof(path));
	assert_int_equal(client_endpoint_parse(endpoint, path, sizeof(path)),
	    ARCSEC_ERR_ENDPOINT);
	assert_string_equal(path, "");
}

static void
test_endpoint_forms(void **state)
{
	(void)state;
	endpoint_ok("unix:/run/parsec/parsec.sock", "/run/parsec/parsec.sock");
	endpoint_ok("unix:///tmp/parsec.sock", "/tmp/parsec.sock");
	endpoint_ok("UNIX:/x", "/x");
	endpoint_ok("unix:/", "/");
}

static void
test_endpoint_refused(void **state)
{
	(void)state;
	endpoint_bad(NULL);
	endpoint_bad("");
	endpoint_bad("unix:");
	endpoint_bad("unix:relative/path");
	endpoint_bad("unix://host/path");
	endpoint_bad("unix://");
	endpoint_bad("tcp://127.0.0.1:1234");
	endpoint_bad("http:/run/parsec.sock");
	endpoint_bad("/run/parsec/parsec.sock");
	endpoint_bad("unix");
}

static void
test_endpoint_length(void **state)
{
	char ep[8 + CLIENT_SOCK_PATH_SIZE + 8], path[CLIENT_SOCK_PATH_SIZE];

	(void)state;
	/* sun_path holds 107 bytes and the NUL. */
	strcpy(ep, "unix:/");
	memset(ep + 6, 'a', CLIENT_SOCK_PATH_SIZE - 2);
	ep[6 + CLIENT_SOCK_PATH_SIZE - 2] = '\0';
	assert_int_equal(client_endpoint_parse(ep, path, sizeof(path)),
	    ARCSEC_SUCCESS);
	assert_int_equal(strlen(path), CLIENT_SOCK_PATH_SIZE - 1);
	strcat(ep, "a");
	endpoint_bad(ep);
	/* A path buffer of size 0 is refused, not written. */
	assert_int_equal(client_endpoint_parse("unix:/x", path, 0),
	    ARCSEC_ERR_ENDPOINT);
}

/* --- request framing ----------------------------------------------------- */

static void
test_request_ping_reference(void **state)
{
	struct client_request rq = { .rq_opcode = WIRE_OP_PING };
	uint8_t want[64], out[64];
	size_t want_len, out_len;

	(void)state;
	want_len = hex_decode(PING_REQ_HEX, want, sizeof(want));
	assert_int_equal(client_request_len(&rq), WIRE_HEADER_LEN);
	assert_int_equal(client_request_encode(&rq, out, sizeof(out), &out_len),
	    ARCSEC_SUCCESS);
	assert_int_equal(out_len, want_len);
	assert_memory_equal(out, want, want_len);

	rq.rq_opcode = WIRE_OP_LIST_PROVIDERS;
	want_len = hex_decode(LIST_PROVIDERS_REQ_HEX, want, sizeof(want));
	assert_int_equal(client_request_encode(&rq, out, sizeof(out), &out_len),
	    ARCSEC_SUCCESS);
	assert_memory_equal(out, want, want_len);
}

static void
test_request_body_and_auth(void **state)
{
	static const uint8_t body[] = { 0x08, 0x01 };
	static const uint8_t auth[] = { 0xe8, 0x03, 0x00, 0x00 };
	struct client_request rq = {
		.rq_opcode = WIRE_OP_LIST_OPCODES,
		.rq_provider = 3,
		.rq_auth_type = ARCSEC_AUTH_UNIX_PEER,
		.rq_body = body, .rq_body_len = sizeof(body),
		.rq_auth = auth, .rq_auth_len = sizeof(auth),
	};
	uint8_t out[64];
	size_t out_len = 99;
	struct abuf in;
	struct wire_header h;
	enum wire_status why;
	const uint8_t *b, *a;

	(void)state;
	/* Too small a buffer: nothing written, length 0. */
	assert_int_equal(client_request_encode(&rq, out, WIRE_HEADER_LEN + 5,
	    &out_len), ARCSEC_ERR_BUFFER_TOO_SMALL);
	assert_int_equal(out_len, 0);
	assert_int_equal(client_request_encode(&rq, out, sizeof(out), &out_len),
	    ARCSEC_SUCCESS);
	assert_int_equal(out_len, WIRE_HEADER_LEN + 6);
	/* The service's own framing check reads it back field by field. */
	in = abuf_view(out, out_len);
	assert_int_equal(wire_frame_check(&in, &wire_limits_default, &h, &b, &a,
	    &why), WIRE_FRAME_COMPLETE);
	assert_int_equal(h.hdr_provider, 3);
	assert_int_equal(h.hdr_auth_type, WIRE_AUTH_UNIX_PEER);
	assert_int_equal(h.hdr_opcode, WIRE_OP_LIST_OPCODES);
	assert_int_equal(h.hdr_body_len, 2);
	assert_int_equal(h.hdr_auth_len, 4);
	assert_memory_equal(b, body, sizeof(body));
	assert_memory_equal(a, auth, sizeof(auth));
}

static void
test_request_unframeable(void **state)
{
	struct client_request rq = {
		.rq_opcode = WIRE_OP_PING,
		.rq_auth_len = (size_t)UINT16_MAX + 1,
	};
	uint8_t out[64];
	size_t out_len = 1;

	(void)state;
	assert_int_equal(client_request_len(&rq), 0);
	assert_int_equal(client_request_encode(&rq, out, sizeof(out), &out_len),
	    ARCSEC_ERR_REQUEST_TOO_LARGE);
	assert_int_equal(out_len, 0);
	if (sizeof(size_t) > 4) {
		rq.rq_auth_len = 0;
		rq.rq_body_len = (size_t)UINT32_MAX + 1;
		assert_int_equal(client_request_len(&rq), 0);
	}
}

/* --- response checking --------------------------------------------------- */

static arcsec_status_t
parse(const uint8_t *buf, size_t len, uint32_t opcode, uint32_t limit,
    struct client_response *resp)
{
	const char *why = NULL;
	arcsec_status_t status;

	status = client_response_parse(buf, len, opcode, limit, resp, &why);
	assert_non_null(why);
	if (status != ARCSEC_SUCCESS)
		assert_true(*why != '\0');	/* every refusal says why */
	return status;
}

static void
test_response_ping_reference(void **state)
{
	struct client_response resp;
	uint8_t buf[64];
	size_t len;

	(void)state;
	len = hex_decode(PING_RESP_HEX, buf, sizeof(buf));
	assert_int_equal(parse(buf, len, WIRE_OP_PING, 1024, &resp),
	    ARCSEC_SUCCESS);
	assert_true(resp.rs_is_complete);
	assert_int_equal(resp.rs_frame_len, len);
	assert_int_equal(resp.rs_status, 0);
	assert_int_equal(resp.rs_body_len, 2);
	assert_ptr_equal(resp.rs_body, buf + WIRE_HEADER_LEN);
}

static void
test_response_need_more(void **state)
{
	struct client_response resp;
	uint8_t buf[64];
	size_t len;

	(void)state;
	len = hex_decode(PING_RESP_HEX, buf, sizeof(buf));
	/* Every prefix is "fine so far"; the header tells the frame size. */
	for (size_t n = 0; n < len; n++) {
		assert_int_equal(parse(buf, n, WIRE_OP_PING, 1024, &resp),
		    ARCSEC_SUCCESS);
		assert_false(resp.rs_is_complete);
		assert_null(resp.rs_body);
		if (n >= WIRE_HEADER_LEN)
			assert_int_equal(resp.rs_frame_len, len);
		else
			assert_int_equal(resp.rs_frame_len, 0);
	}
	/* The header claims 500 bytes of body and 5 follow (parsec-mock's
	 * list_opcodes_bad1): still incomplete, never a short read. */
	len = hex_decode(LIST_OPCODES_BAD1_RESP_HEX, buf, sizeof(buf));
	assert_int_equal(parse(buf, len, WIRE_OP_LIST_OPCODES, 1024, &resp),
	    ARCSEC_SUCCESS);
	assert_false(resp.rs_is_complete);
	assert_int_equal(resp.rs_frame_len, WIRE_HEADER_LEN + 500);
}

/* Byte offsets in the fixed header (wire/header.h). */
enum {
	OFF_MAGIC = 0, OFF_HDR_SIZE = 4, OFF_MAJ = 6, OFF_MIN = 7,
	OFF_FLAGS = 8, OFF_PROVIDER = 10, OFF_SESSION = 11, OFF_CONTENT = 19,
	OFF_ACCEPT = 20, OFF_AUTH_TYPE = 21, OFF_BODY_LEN = 22,
	OFF_AUTH_LEN = 26, OFF_OPCODE = 28, OFF_STATUS = 32, OFF_RESERVED = 34,
};

static void
response_bad_byte(size_t off, uint8_t value, arcsec_status_t want)
{
	struct client_response resp;
	uint8_t buf[64];
	size_t len;

	len = hex_decode(PING_RESP_HEX, buf, sizeof(buf));
	buf[off] = value;
	assert_int_equal(parse(buf, len, WIRE_OP_PING, 1024, &resp), want);
	assert_false(resp.rs_is_complete);
	assert_null(resp.rs_body);
}

static void
test_response_bad_header(void **state)
{
	(void)state;
	response_bad_byte(OFF_MAGIC, 0x11, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_MAGIC + 3, 0x00, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_HDR_SIZE, 31, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_HDR_SIZE, 29, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_MAJ, 2, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_MIN, 1, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_FLAGS, 1, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_FLAGS + 1, 0x80, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_CONTENT, 1, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_ACCEPT, 1, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_AUTH_LEN, 1, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_RESERVED, 1, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_RESERVED + 1, 1, ARCSEC_ERR_PROTOCOL);
	/* Opcode must echo ours on success. */
	response_bad_byte(OFF_OPCODE, 2, ARCSEC_ERR_PROTOCOL);
	response_bad_byte(OFF_OPCODE + 3, 1, ARCSEC_ERR_PROTOCOL);
	/* Wrong magic is refused from its 6 bytes, not after waiting for 36. */
	{
		struct client_response resp;
		uint8_t buf[6] = { 0x10, 0xa7, 0xc0, 0x5f, 0x1e, 0x00 };

		assert_int_equal(parse(buf, sizeof(buf), 1, 1024, &resp),
		    ARCSEC_ERR_PROTOCOL);
	}
}

static void
test_response_fields_not_checked(void **state)
{
	struct client_response resp;
	uint8_t buf[64];
	size_t len;

	(void)state;
	/* Provider, session and auth type are the service's to echo; a
	 * client has no use for refusing them. */
	len = hex_decode(PING_RESP_HEX, buf, sizeof(buf));
	buf[OFF_PROVIDER] = 1;
	buf[OFF_SESSION] = 7;
	buf[OFF_AUTH_TYPE] = 3;
	assert_int_equal(parse(buf, len, WIRE_OP_PING, 1024, &resp),
	    ARCSEC_SUCCESS);
	assert_true(resp.rs_is_complete);
}

static void
test_response_body_limit(void **state)
{
	struct client_response resp;
	uint8_t buf[64];
	size_t len;

	(void)state;
	len = hex_decode(PING_RESP_HEX, buf, sizeof(buf));
	/* Body 2 bytes: a limit of 2 passes, of 1 is refused from the header
	 * alone, before a body buffer would be allocated. */
	assert_int_equal(parse(buf, len, WIRE_OP_PING, 2, &resp),
	    ARCSEC_SUCCESS);
	assert_int_equal(parse(buf, len, WIRE_OP_PING, 1, &resp),
	    ARCSEC_ERR_RESPONSE_TOO_LARGE);
	assert_int_equal(parse(buf, WIRE_HEADER_LEN, WIRE_OP_PING, 1, &resp),
	    ARCSEC_ERR_RESPONSE_TOO_LARGE);
	/* The largest body length a header can declare. */
	memset(buf + OFF_BODY_LEN, 0xff, 4);
	assert_int_equal(parse(buf, WIRE_HEADER_LEN, WIRE_OP_PING,
	    ARCSEC_DEFAULT_RESPONSE_LIMIT, &resp),
	    ARCSEC_ERR_RESPONSE_TOO_LARGE);
	assert_int_equal(resp.rs_frame_len, 0);
}

static void
test_response_trailing_bytes(void **state)
{
	struct client_response resp;
	uint8_t buf[64];
	size_t len;

	(void)state;
	len = hex_decode(PING_RESP_HEX, buf, sizeof(buf));
	buf[len] = 0;
	assert_int_equal(parse(buf, len + 1, WIRE_OP_PING, 1024, &resp),
	    ARCSEC_ERR_PROTOCOL);
	assert_false(resp.rs_is_complete);
}

static void
test_response_service_status(void **state)
{
	struct client_response resp;
	uint8_t buf[64];
	size_t len;

	(void)state;
	/* parsec-mock's DeleteClient answer with AdminOperation (21). */
	len = hex_decode(DELETE_CLIENT_ADMIN_ERR_RESP_HEX, buf, sizeof(buf));
	assert_int_equal(parse(buf, len, WIRE_OP_DELETE_CLIENT, 1024, &resp),
	    ARCSEC_SUCCESS);
	assert_true(resp.rs_is_complete);
	assert_int_equal(resp.rs_status, ARCSEC_ADMIN_OPERATION);
	assert_int_equal(resp.rs_body_len, 0);
	/* A refusal need not echo our opcode: the service may answer before
	 * it read it, and its status says more than the mismatch. */
	assert_int_equal(parse(buf, len, WIRE_OP_PING, 1024, &resp),
	    ARCSEC_SUCCESS);
	assert_int_equal(resp.rs_status, ARCSEC_ADMIN_OPERATION);
}

/* --- status names -------------------------------------------------------- */

static void
test_status_names(void **state)
{
	(void)state;
	assert_string_equal(arcsec_status_name(ARCSEC_SUCCESS), "Success");
	assert_string_equal(arcsec_status_name(ARCSEC_PSA_ERROR_NOT_PERMITTED),
	    "PsaErrorNotPermitted");
	assert_string_equal(arcsec_status_name(ARCSEC_AUTHENTICATION_ERROR),
	    "AuthenticationError");
	assert_string_equal(arcsec_status_name(ARCSEC_WRONG_PROVIDER_ID),
	    "WrongProviderID");
	assert_string_equal(arcsec_status_name(ARCSEC_PSA_ERROR_DATA_INVALID),
	    "PsaErrorDataInvalid");
	assert_string_equal(arcsec_status_name(ARCSEC_ERR_CONNECT),
	    "ClientConnectError");
	assert_string_equal(arcsec_status_name(ARCSEC_ERR_PROTOCOL),
	    "ClientProtocolError");
	/* Numbers nobody defines: 1144 is a hole in Parsec's PSA range. */
	assert_string_equal(arcsec_status_name((arcsec_status_t)1144),
	    "Unknown");
	assert_string_equal(arcsec_status_name((arcsec_status_t)22), "Unknown");
	assert_string_equal(arcsec_status_name((arcsec_status_t)0x1ffff),
	    "Unknown");
	assert_string_equal(arcsec_status_name((arcsec_status_t)-1), "Unknown");
}

static void
test_status_text(void **state)
{
	static const arcsec_status_t client_codes[] = {
		ARCSEC_ERR_INVALID_ARGUMENT, ARCSEC_ERR_ENDPOINT,
		ARCSEC_ERR_CONNECT, ARCSEC_ERR_IO, ARCSEC_ERR_TIMEOUT,
		ARCSEC_ERR_PROTOCOL, ARCSEC_ERR_RESPONSE_TOO_LARGE,
		ARCSEC_ERR_NO_MEMORY, ARCSEC_ERR_NO_PROVIDER,
		ARCSEC_ERR_BUFFER_TOO_SMALL, ARCSEC_ERR_REQUEST_TOO_LARGE,
	};

	(void)state;
	assert_string_equal(arcsec_strerror(ARCSEC_PSA_ERROR_NOT_PERMITTED),
	    "the requested action is denied by a policy");
	assert_string_equal(arcsec_strerror((arcsec_status_t)1144),
	    "unknown status code");
	assert_string_equal(arcsec_strerror((arcsec_status_t)0x1ffff),
	    "unknown status code");
	/* Every client code has its own name and a text; none collides with
	 * what a 16-bit wire status can carry. */
	for (size_t i = 0; i < sizeof(client_codes) / sizeof(*client_codes);
	    i++) {
		arcsec_status_t s = client_codes[i];

		assert_true((unsigned int)s > UINT16_MAX);
		assert_false(arcsec_status_is_service(s));
		assert_string_not_equal(arcsec_status_name(s), "Unknown");
		assert_string_not_equal(arcsec_strerror(s),
		    "unknown status code");
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(arcsec_status_name(s),
			    arcsec_status_name(client_codes[k]));
	}
	assert_true(arcsec_status_is_service(ARCSEC_ADMIN_OPERATION));
	assert_true(arcsec_status_is_service(ARCSEC_SUCCESS));
}

/* --- client object ------------------------------------------------------- */

static void
test_client_open_defaults(void **state)
{
	struct arcsec_client *c = (struct arcsec_client *)1;

	(void)state;
	unsetenv(ARCSEC_ENDPOINT_ENV);
	assert_int_equal(arcsec_client_open(NULL, NULL, &c), ARCSEC_SUCCESS);
	assert_string_equal(arcsec_client_socket_path(c),
	    "/run/parsec/parsec.sock");
	assert_int_equal(c->cl_auth_type, ARCSEC_AUTH_UNIX_PEER);
	assert_int_equal(c->cl_auth_len, 4);
	assert_int_equal(c->cl_timeout_ms, ARCSEC_DEFAULT_TIMEOUT_MS);
	assert_string_equal(arcsec_client_last_error(c), "");
	arcsec_client_close(c);

	setenv(ARCSEC_ENDPOINT_ENV, "unix:/tmp/elsewhere.sock", 1);
	assert_int_equal(arcsec_client_open(NULL, NULL, &c), ARCSEC_SUCCESS);
	assert_string_equal(arcsec_client_socket_path(c),
	    "/tmp/elsewhere.sock");
	arcsec_client_close(c);
	/* An explicit endpoint wins over the environment. */
	assert_int_equal(arcsec_client_open("unix:/a.sock", NULL, &c),
	    ARCSEC_SUCCESS);
	assert_string_equal(arcsec_client_socket_path(c), "/a.sock");
	arcsec_client_close(c);
	/* Empty counts as unset. */
	setenv(ARCSEC_ENDPOINT_ENV, "", 1);
	assert_int_equal(arcsec_client_open(NULL, NULL, &c), ARCSEC_SUCCESS);
	assert_string_equal(arcsec_client_socket_path(c),
	    "/run/parsec/parsec.sock");
	arcsec_client_close(c);

	setenv(ARCSEC_ENDPOINT_ENV, "tcp://x", 1);
	c = (struct arcsec_client *)1;
	assert_int_equal(arcsec_client_open(NULL, NULL, &c),
	    ARCSEC_ERR_ENDPOINT);
	assert_null(c);
	unsetenv(ARCSEC_ENDPOINT_ENV);
	arcsec_client_close(NULL);
}

static void
test_client_open_auth(void **state)
{
	struct arcsec_auth auth = { .auth_type = ARCSEC_AUTH_DIRECT };
	struct arcsec_client *c = NULL;
	char long_name[ARCSEC_APP_NAME_MAX + 2];

	(void)state;
	auth.auth_app_name = "my-app";
	assert_int_equal(arcsec_client_open("unix:/x", &auth, &c),
	    ARCSEC_SUCCESS);
	assert_int_equal(c->cl_auth_type, ARCSEC_AUTH_DIRECT);
	assert_int_equal(c->cl_auth_len, 6);
	assert_memory_equal(c->cl_auth, "my-app", 6);
	arcsec_client_close(c);

	auth.auth_app_name = NULL;
	assert_int_equal(arcsec_client_open("unix:/x", &auth, &c),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_null(c);
	auth.auth_app_name = "";
	assert_int_equal(arcsec_client_open("unix:/x", &auth, &c),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	auth.auth_app_name = "bad\xc3(utf8";
	assert_int_equal(arcsec_client_open("unix:/x", &auth, &c),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	auth.auth_app_name = "esc\x1b[2J";
	assert_int_equal(arcsec_client_open("unix:/x", &auth, &c),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	auth.auth_app_name = long_name;
	assert_int_equal(arcsec_client_open("unix:/x", &auth, &c),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	long_name[ARCSEC_APP_NAME_MAX] = '\0';	/* exactly the maximum */
	assert_int_equal(arcsec_client_open("unix:/x", &auth, &c),
	    ARCSEC_SUCCESS);
	arcsec_client_close(c);

	auth.auth_type = ARCSEC_AUTH_NONE;
	assert_int_equal(arcsec_client_open("unix:/x", &auth, &c),
	    ARCSEC_SUCCESS);
	assert_int_equal(c->cl_auth_len, 0);
	arcsec_client_close(c);
	auth.auth_type = (enum arcsec_auth_type)2;	/* token: never used */
	assert_int_equal(arcsec_client_open("unix:/x", &auth, &c),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_client_open("unix:/x", NULL, NULL),
	    ARCSEC_ERR_INVALID_ARGUMENT);
}

static void
test_client_setters(void **state)
{
	struct arcsec_client *c = NULL;
	uint8_t id = 9;

	(void)state;
	assert_int_equal(arcsec_client_open("unix:/x", NULL, &c),
	    ARCSEC_SUCCESS);
	assert_int_equal(arcsec_client_set_timeout_ms(c, 0), ARCSEC_SUCCESS);
	assert_int_equal(arcsec_client_set_timeout_ms(c, INT32_MAX),
	    ARCSEC_SUCCESS);
	assert_int_equal(arcsec_client_set_timeout_ms(c, (uint32_t)INT32_MAX +
	    1), ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_client_set_response_limit(c, 0),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_client_set_response_limit(c, 10),
	    ARCSEC_SUCCESS);
	/* A set provider is returned without asking the service. */
	assert_int_equal(arcsec_client_set_provider(c, 3), ARCSEC_SUCCESS);
	assert_int_equal(arcsec_client_provider(c, &id), ARCSEC_SUCCESS);
	assert_int_equal(id, 3);
	arcsec_client_close(c);
	assert_int_equal(arcsec_client_set_provider(NULL, 1),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(arcsec_client_provider(NULL, &id),
	    ARCSEC_ERR_INVALID_ARGUMENT);
	assert_int_equal(id, 0);
	assert_string_equal(arcsec_client_last_error(NULL), "");
}

static void
test_opcode_names(void **state)
{
	(void)state;
	assert_string_equal(arcsec_opcode_name(0x01), "Ping");
	assert_string_equal(arcsec_opcode_name(0x04), "PsaSignHash");
	assert_string_equal(arcsec_opcode_name(0x20), "CanDoCrypto");
	assert_null(arcsec_opcode_name(0x1D));
	assert_null(arcsec_opcode_name(0));
	assert_null(arcsec_opcode_name(0x21));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_endpoint_forms),
		cmocka_unit_test(test_endpoint_refused),
		cmocka_unit_test(test_endpoint_length),
		cmocka_unit_test(test_request_ping_reference),
		cmocka_unit_test(test_request_body_and_auth),
		cmocka_unit_test(test_request_unframeable),
		cmocka_unit_test(test_response_ping_reference),
		cmocka_unit_test(test_response_need_more),
		cmocka_unit_test(test_response_bad_header),
		cmocka_unit_test(test_response_fields_not_checked),
		cmocka_unit_test(test_response_body_limit),
		cmocka_unit_test(test_response_trailing_bytes),
		cmocka_unit_test(test_response_service_status),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_status_text),
		cmocka_unit_test(test_client_open_defaults),
		cmocka_unit_test(test_client_open_auth),
		cmocka_unit_test(test_client_setters),
		cmocka_unit_test(test_opcode_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
