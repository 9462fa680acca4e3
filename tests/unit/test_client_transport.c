/* tests/unit/test_client_transport.c: libarcsec against a scripted fake
 * service on a temporary Unix socket: framing on the wire, result decoding,
 * service statuses, and every transport failure (missing socket, silence,
 * early close, oversized or malformed responses). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arcsec/arcsec.h>

#include "client/client.h"
#include "wire/header.h"
#include "wire/opcodes.h"
#include "wire/ops.h"

#include "list_providers.pb-c.h"

/* parsec-mock vectors (../shared/vectors/parsec-mock/). */
#define PING_REQ_HEX \
	"10a7c05e1e000100000000000000000000000000000000000000000001000000" \
	"00000000"
#define PING_RESP_HEX \
	"10a7c05e1e000100000000000000000000000000000002000000000001000000" \
	"000000000801"
#define LIST_PROVIDERS_REQ_HEX \
	"10a7c05e1e000100000000000000000000000000000000000000000008000000" \
	"00000000"
#define LIST_PROVIDERS_RESP_HEX \
	"10a7c05e1e00010000000000000000000000000000004f000000000008000000" \
	"000000000a4d0a2465653837306535612d636534612d343137662d383534332d" \
	"3866626438346234396362651213536f6d6520656d7074792070726f76696465" \
	"721a0841726d204c74642e2009280830073802"
#define LIST_AUTHENTICATORS_RESP_HEX \
	"10a7c05e1e00010000000000000000000000000000001500000000000e000000" \
	"000000000a130a0b6469726563742061757468100c182a2801"
#define LIST_OPCODES_RESP_HEX \
	"10a7c05e1e000100000000000000000000000000000006000000000009000000" \
	"000000000a0401030206"
#define LIST_OPCODES_BAD1_RESP_HEX \
	"10a7c05e1e0001000000000000000000000000000000f4010000000009000000" \
	"000000000a03010302"

#define FAKE_IO_TIMEOUT_MS	5000

enum fake_mode {
	FAKE_ANSWER,		/* read the whole request, answer, close */
	FAKE_ANSWER_EARLY,	/* answer after the header, close unread */
	FAKE_SILENT,		/* read the request, never answer */
	FAKE_CLOSE,		/* read the header, close without answer */
};

struct fake {
	char		 dir[64];
	char		 path[CLIENT_SOCK_PATH_SIZE];
	int		 lfd;
	enum fake_mode	 mode;
	uint8_t		 resp[4096];
	size_t		 resp_len;
	uint8_t		 req[4096];	/* what the client sent (prefix) */
	size_t		 req_len;
	int		 accepted;	/* connections served */
	pthread_t	 thread;
	bool		 is_joined;
};

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

static bool
fake_wait(int fd, short events)
{
	struct pollfd pfd = { .fd = fd, .events = events };

	return poll(&pfd, 1, FAKE_IO_TIMEOUT_MS) == 1;
}

/* Read up to `want` bytes into f->req (keeping at most its size). */
static void
fake_read(struct fake *f, int fd, size_t want)
{
	uint8_t sink[65536];
	ssize_t n;

	while (f->req_len < want && fake_wait(fd, POLLIN)) {
		size_t left = want - f->req_len;

		if (f->req_len < sizeof(f->req)) {
			if (left > sizeof(f->req) - f->req_len)
				left = sizeof(f->req) - f->req_len;
			n = recv(fd, f->req + f->req_len, left, 0);
		} else
			n = recv(fd, sink, left < sizeof(sink) ? left :
			    sizeof(sink), 0);
		if (n <= 0)
			return;
		f->req_len += (size_t)n;
	}
}

static void *
fake_serve_one(void *arg)
{
	struct fake *f = arg;
	uint32_t body_len;
	uint16_t auth_len;
	int fd;

	if (!fake_wait(f->lfd, POLLIN) || (fd = accept(f->lfd, NULL, NULL)) ==
	    -1)
		return NULL;
	f->accepted++;
	fake_read(f, fd, WIRE_HEADER_LEN);
	if (f->req_len < WIRE_HEADER_LEN) {
		close(fd);
		return NULL;
	}
	memcpy(&body_len, f->req + 22, 4);	/* little-endian hosts */
	memcpy(&auth_len, f->req + 26, 2);
	switch (f->mode) {
	case FAKE_ANSWER:
	case FAKE_SILENT:
		fake_read(f, fd, WIRE_HEADER_LEN + (size_t)body_len + auth_len);
		break;
	default:
		break;
	}
	if (f->mode == FAKE_ANSWER || f->mode == FAKE_ANSWER_EARLY)
		(void)send(fd, f->resp, f->resp_len, MSG_NOSIGNAL);
	if (f->mode == FAKE_SILENT) {
		uint8_t b;

		(void)fake_wait(fd, POLLIN);	/* until the client gives up */
		(void)recv(fd, &b, 1, 0);
	}
	close(fd);
	return NULL;
}

/* A listening socket in a fresh temporary directory; no one serves it
 * until fake_serve(). */
static struct fake *
fake_start(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	assert_non_null(f);
	strcpy(f->dir, "/tmp/arcsec-test-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/s.sock", f->dir);
	memcpy(sun.sun_path, f->path, strlen(f->path) + 1);
	f->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(f->lfd >= 0);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(f->lfd, 4), 0);
	f->is_joined = true;
	return f;
}

static void fake_join(struct fake *);

/* Serve the next connection in `mode`, answering with resp. */
static void
fake_serve(struct fake *f, enum fake_mode mode, const uint8_t *resp,
    size_t resp_len)
{
	fake_join(f);
	f->mode = mode;
	assert_true(resp_len <= sizeof(f->resp));
	if (resp_len > 0)
		memcpy(f->resp, resp, resp_len);
	f->resp_len = resp_len;
	f->req_len = 0;
	assert_int_equal(pthread_create(&f->thread, NULL, fake_serve_one, f),
	    0);
	f->is_joined = false;
}

static void
fake_serve_hex(struct fake *f, enum fake_mode mode, const char *resp_hex)
{
	uint8_t resp[4096];

	fake_serve(f, mode, resp, hex_decode(resp_hex, resp, sizeof(resp)));
}

/* Answer with a response header for `opcode` with `status`, then body. */
static void
fake_serve_reply(struct fake *f, uint32_t opcode, uint16_t status,
    const uint8_t *body, size_t body_len)
{
	struct wire_header h = {
		.hdr_opcode = opcode,
		.hdr_status = status,
		.hdr_body_len = (uint32_t)body_len,
	};
	uint8_t resp[4096];

	assert_true(body_len <= sizeof(resp) - WIRE_HEADER_LEN);
	wire_header_encode(&h, resp);
	if (body_len > 0)
		memcpy(resp + WIRE_HEADER_LEN, body, body_len);
	fake_serve(f, FAKE_ANSWER, resp, WIRE_HEADER_LEN + body_len);
}

/* Wait for the fake to finish its one connection. */
static void
fake_join(struct fake *f)
{
	if (!f->is_joined)
		assert_int_equal(pthread_join(f->thread, NULL), 0);
	f->is_joined = true;
}

static void
fake_stop(struct fake *f)
{
	fake_join(f);
	close(f->lfd);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
}

static struct arcsec_client *
client_for(const struct fake *f)
{
	struct arcsec_client *c = NULL;
	char endpoint[sizeof(f->path) + 8];

	snprintf(endpoint, sizeof(endpoint), "unix:%s", f->path);
	assert_int_equal(arcsec_client_open(endpoint, NULL, &c),
	    ARCSEC_SUCCESS);
	return c;
}

static void
assert_request_hex(const struct fake *f, const char *hex)
{
	uint8_t want[256];
	size_t want_len = hex_decode(hex, want, sizeof(want));

	assert_int_equal(f->req_len, want_len);
	assert_memory_equal(f->req, want, want_len);
}

/* --- results ------------------------------------------------------------- */

static void
test_ping(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	uint8_t maj = 9, min = 9;

	(void)state;
	fake_serve_hex(f, FAKE_ANSWER, PING_RESP_HEX);
	assert_int_equal(arcsec_ping(c, &maj, &min), ARCSEC_SUCCESS);
	assert_int_equal(maj, 1);
	assert_int_equal(min, 0);
	/* Byte for byte Parsec's Ping: no auth even from a Unix-peer client. */
	fake_join(f);
	assert_request_hex(f, PING_REQ_HEX);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_list_providers(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	struct arcsec_provider_info *p = NULL;
	size_t count = 0;

	(void)state;
	fake_serve_hex(f, FAKE_ANSWER, LIST_PROVIDERS_RESP_HEX);
	assert_int_equal(arcsec_list_providers(c, &p, &count), ARCSEC_SUCCESS);
	assert_int_equal(count, 1);
	assert_int_equal(p[0].prov_id, 2);
	assert_string_equal(p[0].prov_uuid,
	    "ee870e5a-ce4a-417f-8543-8fbd84b49cbe");
	assert_string_equal(p[0].prov_description, "Some empty provider");
	assert_string_equal(p[0].prov_vendor, "Arm Ltd.");
	assert_int_equal(p[0].prov_version_maj, 9);
	assert_int_equal(p[0].prov_version_min, 8);
	assert_int_equal(p[0].prov_version_rev, 7);
	arcsec_provider_info_free(p);
	fake_join(f);
	assert_request_hex(f, LIST_PROVIDERS_REQ_HEX);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_list_authenticators(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	struct arcsec_authenticator_info *a = NULL;
	size_t count = 0;

	(void)state;
	fake_serve_hex(f, FAKE_ANSWER, LIST_AUTHENTICATORS_RESP_HEX);
	assert_int_equal(arcsec_list_authenticators(c, &a, &count),
	    ARCSEC_SUCCESS);
	assert_int_equal(count, 1);
	assert_int_equal(a[0].authn_id, ARCSEC_AUTH_DIRECT);
	assert_string_equal(a[0].authn_description, "direct auth");
	assert_int_equal(a[0].authn_version_maj, 12);
	assert_int_equal(a[0].authn_version_min, 42);
	assert_int_equal(a[0].authn_version_rev, 0);
	arcsec_authenticator_info_free(a);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_list_opcodes(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	uint32_t *ops = NULL;
	size_t count = 0;

	(void)state;
	fake_serve_hex(f, FAKE_ANSWER, LIST_OPCODES_RESP_HEX);
	assert_int_equal(arcsec_list_opcodes(c, 1, &ops, &count),
	    ARCSEC_SUCCESS);
	assert_int_equal(count, 4);
	assert_int_equal(ops[0], 1);
	assert_int_equal(ops[1], 3);
	assert_int_equal(ops[2], 2);
	assert_int_equal(ops[3], 6);
	arcsec_opcodes_free(ops);
	fake_join(f);
	/* To core, without auth, body {provider_id: 1}. */
	assert_request_hex(f, "10a7c05e1e0001000000000000000000000000000000"
	    "0200000000000900000000000000" "0801");
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_empty_lists(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	struct arcsec_provider_info *p = (void *)1;
	size_t count = 5;
	uint8_t id = 7;

	(void)state;
	fake_serve_reply(f, WIRE_OP_LIST_PROVIDERS, 0, NULL, 0);
	assert_int_equal(arcsec_list_providers(c, &p, &count), ARCSEC_SUCCESS);
	assert_null(p);
	assert_int_equal(count, 0);
	/* ... and no default provider to be had from it. */
	fake_serve_reply(f, WIRE_OP_LIST_PROVIDERS, 0, NULL, 0);
	assert_int_equal(arcsec_client_provider(c, &id),
	    ARCSEC_ERR_NO_PROVIDER);
	assert_int_equal(id, 0);
	assert_non_null(strstr(arcsec_client_last_error(c), "no provider"));
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_default_provider(void **state)
{
	ListProviders__ProviderInfo core = LIST_PROVIDERS__PROVIDER_INFO__INIT;
	ListProviders__ProviderInfo tpm = LIST_PROVIDERS__PROVIDER_INFO__INIT;
	ListProviders__ProviderInfo *list[] = { &core, &tpm };
	ListProviders__Result res = LIST_PROVIDERS__RESULT__INIT;
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	uint8_t *body = NULL, id = 0;
	size_t body_len = 0;

	(void)state;
	core.id = 0;
	tpm.id = 3;
	res.n_providers = 2;
	res.providers = list;
	assert_int_equal(wire_body_pack(&res.base, &body, &body_len),
	    WIRE_STATUS_SUCCESS);
	fake_serve_reply(f, WIRE_OP_LIST_PROVIDERS, 0, body, body_len);
	/* The first provider that is not core, asked for once. */
	assert_int_equal(arcsec_client_provider(c, &id), ARCSEC_SUCCESS);
	assert_int_equal(id, 3);
	fake_join(f);
	id = 0;
	assert_int_equal(arcsec_client_provider(c, &id), ARCSEC_SUCCESS);
	assert_int_equal(id, 3);	/* cached: no one serves it now */
	assert_int_equal(f->accepted, 1);
	free(body);
	fake_stop(f);
	arcsec_client_close(c);
}

/* --- service statuses and malformed results ------------------------------ */

static void
test_service_status(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	uint8_t maj = 9, min = 9;

	(void)state;
	fake_serve_reply(f, WIRE_OP_PING, ARCSEC_PSA_ERROR_NOT_PERMITTED, NULL,
	    0);
	assert_int_equal(arcsec_ping(c, &maj, &min),
	    ARCSEC_PSA_ERROR_NOT_PERMITTED);
	assert_int_equal(maj, 0);
	assert_int_equal(min, 0);
	assert_string_equal(arcsec_client_last_error(c), "");
	/* A status no one defines still comes back as its number. */
	fake_serve_reply(f, WIRE_OP_PING, 1144, NULL, 0);
	assert_int_equal(arcsec_ping(c, &maj, &min), (arcsec_status_t)1144);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_malformed_bodies(void **state)
{
	static const uint8_t garbage[] = { 0xff, 0xff, 0xff };
	/* Ping result with major version 256: no u8. */
	static const uint8_t big_version[] = { 0x08, 0x80, 0x02 };
	/* ProviderInfo with id 300. */
	static const uint8_t big_id[] = { 0x0a, 0x03, 0x38, 0xac, 0x02 };
	/* ProviderInfo with description "\xff": not UTF-8. */
	static const uint8_t bad_utf8[] = { 0x0a, 0x03, 0x12, 0x01, 0xff };
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	struct arcsec_provider_info *p = NULL;
	uint8_t maj, min;
	size_t count;

	(void)state;
	fake_serve_reply(f, WIRE_OP_PING, 0, garbage, sizeof(garbage));
	assert_int_equal(arcsec_ping(c, &maj, &min), ARCSEC_ERR_PROTOCOL);
	assert_non_null(strstr(arcsec_client_last_error(c), "Ping"));
	fake_serve_reply(f, WIRE_OP_PING, 0, big_version, sizeof(big_version));
	assert_int_equal(arcsec_ping(c, &maj, &min), ARCSEC_ERR_PROTOCOL);
	fake_serve_reply(f, WIRE_OP_LIST_PROVIDERS, 0, big_id, sizeof(big_id));
	assert_int_equal(arcsec_list_providers(c, &p, &count),
	    ARCSEC_ERR_PROTOCOL);
	assert_null(p);
	assert_int_equal(count, 0);
	fake_serve_reply(f, WIRE_OP_LIST_PROVIDERS, 0, bad_utf8,
	    sizeof(bad_utf8));
	assert_int_equal(arcsec_list_providers(c, &p, &count),
	    ARCSEC_ERR_PROTOCOL);
	/* The opcode of another operation, with success. */
	fake_serve_reply(f, WIRE_OP_LIST_OPCODES, 0, NULL, 0);
	assert_int_equal(arcsec_ping(c, &maj, &min), ARCSEC_ERR_PROTOCOL);
	assert_non_null(strstr(arcsec_client_last_error(c), "opcode"));
	fake_stop(f);
	arcsec_client_close(c);
}

/* --- transport failures -------------------------------------------------- */

static void
test_no_socket(void **state)
{
	struct arcsec_client *c = NULL;
	uint8_t maj, min;

	(void)state;
	assert_int_equal(arcsec_client_open("unix:/nonexistent/arcsec.sock",
	    NULL, &c), ARCSEC_SUCCESS);
	assert_int_equal(arcsec_ping(c, &maj, &min), ARCSEC_ERR_CONNECT);
	assert_non_null(strstr(arcsec_client_last_error(c),
	    "/nonexistent/arcsec.sock"));
	arcsec_client_close(c);
}

static void
test_timeout(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	uint8_t maj, min;

	(void)state;
	fake_serve(f, FAKE_SILENT, NULL, 0);
	assert_int_equal(arcsec_client_set_timeout_ms(c, 100), ARCSEC_SUCCESS);
	assert_int_equal(arcsec_ping(c, &maj, &min), ARCSEC_ERR_TIMEOUT);
	assert_non_null(strstr(arcsec_client_last_error(c), "timed out"));
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_closed_early(void **state)
{
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	uint32_t *ops = NULL;
	uint8_t maj, min;
	size_t count;

	(void)state;
	fake_serve(f, FAKE_CLOSE, NULL, 0);
	assert_int_equal(arcsec_ping(c, &maj, &min), ARCSEC_ERR_IO);
	assert_non_null(strstr(arcsec_client_last_error(c), "closed"));
	/* Header claims 500 body bytes, 5 come, then EOF (parsec-mock's
	 * list_opcodes_bad1). */
	fake_serve_hex(f, FAKE_ANSWER, LIST_OPCODES_BAD1_RESP_HEX);
	assert_int_equal(arcsec_list_opcodes(c, 1, &ops, &count),
	    ARCSEC_ERR_IO);
	assert_null(ops);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_response_too_large(void **state)
{
	struct wire_header h = { .hdr_opcode = WIRE_OP_PING };
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	uint8_t resp[WIRE_HEADER_LEN];
	uint8_t maj, min;

	(void)state;
	h.hdr_body_len = UINT32_MAX;
	wire_header_encode(&h, resp);
	fake_serve(f, FAKE_ANSWER, resp, sizeof(resp));
	assert_int_equal(arcsec_ping(c, &maj, &min),
	    ARCSEC_ERR_RESPONSE_TOO_LARGE);
	/* The limit is the client's to set. */
	assert_int_equal(arcsec_client_set_response_limit(c, 1),
	    ARCSEC_SUCCESS);
	fake_serve_hex(f, FAKE_ANSWER, PING_RESP_HEX);
	assert_int_equal(arcsec_ping(c, &maj, &min),
	    ARCSEC_ERR_RESPONSE_TOO_LARGE);
	fake_stop(f);
	arcsec_client_close(c);
}

static void
test_answer_before_whole_request(void **state)
{
	struct wire_header h = {
		.hdr_opcode = WIRE_OP_PSA_SIGN_HASH,
		.hdr_status = ARCSEC_BODY_SIZE_EXCEEDS_LIMIT,
	};
	struct client_request rq = { .rq_opcode = WIRE_OP_PSA_SIGN_HASH };
	struct fake *f = fake_start();
	struct arcsec_client *c = client_for(f);
	struct client_response resp;
	uint8_t reply[WIRE_HEADER_LEN], *req, *body, *frame = NULL;
	size_t req_size, req_len;

	(void)state;
	/* A body far past any socket buffer: the fake answers from the
	 * header and closes, so the client's send fails with EPIPE, and the
	 * answer waiting in its receive queue must still be read. */
	rq.rq_body_len = 8u << 20;
	req_size = client_request_len(&rq);
	assert_non_null(req = calloc(1, req_size));
	assert_non_null(body = calloc(1, rq.rq_body_len));
	rq.rq_body = body;	/* zeros will do */
	assert_int_equal(client_request_encode(&rq, req, req_size, &req_len),
	    ARCSEC_SUCCESS);
	wire_header_encode(&h, reply);
	fake_serve(f, FAKE_ANSWER_EARLY, reply, sizeof(reply));
	assert_int_equal(client_transact(c, req, req_len, WIRE_OP_PSA_SIGN_HASH,
	    &frame, &resp), ARCSEC_SUCCESS);
	assert_int_equal(resp.rs_status, ARCSEC_BODY_SIZE_EXCEEDS_LIMIT);
	assert_string_equal(arcsec_client_last_error(c), "");
	free(frame);
	fake_stop(f);
	free(body);
	free(req);
	arcsec_client_close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ping),
		cmocka_unit_test(test_list_providers),
		cmocka_unit_test(test_list_authenticators),
		cmocka_unit_test(test_list_opcodes),
		cmocka_unit_test(test_empty_lists),
		cmocka_unit_test(test_default_provider),
		cmocka_unit_test(test_service_status),
		cmocka_unit_test(test_malformed_bodies),
		cmocka_unit_test(test_no_socket),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_closed_early),
		cmocka_unit_test(test_response_too_large),
		cmocka_unit_test(test_answer_before_whole_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
