/* tests/unit/test_dispatch.c: authenticators and the dispatcher's order of
 * checks, on requests built in memory (no sockets). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/auth.h"
#include "daemon/dispatch.h"
#include "wire/header.h"
#include "wire/opcodes.h"

extern const struct provider_ops prov_soft_ops;

struct fixture {
	struct dispatch	d;
	uint8_t		frame[256];
	char		dir[64];
	char		db[96];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct dispatch_policy *p = calloc(1, sizeof(*p));

	assert_non_null(f);
	assert_non_null(p);
	p->auth_type = WIRE_AUTH_DIRECT;
	p->admins[0] = strdup("root-app");
	p->admins_count = 1;
	p->buffer_size_limit = 1 << 20;
	pthread_rwlock_init(&f->d.policy_lock, NULL);
	f->d.policy = p;
	f->d.providers[0].pi_ops = &prov_soft_ops;
	f->d.providers_count = 1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/arcsec-dispatch-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/kim.sqlite3", f->dir);
	assert_int_equal(kim_open("kim", f->db, 2, &f->d.kims[0]),
	    PSA_SUCCESS);
	f->d.kims_count = 1;
	f->d.provider_kims[0] = f->d.kims[0];
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	char path[128];

	kim_close(f->d.kims[0]);
	dispatch_policy_free(f->d.policy);
	pthread_rwlock_destroy(&f->d.policy_lock);
	for (size_t i = 0; i < 3; i++) {
		static const char *const suffix[] = { "", "-wal", "-shm" };

		snprintf(path, sizeof(path), "%s%s", f->db, suffix[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Build a request and run it; returns the response status. */
static uint16_t
run(struct fixture *f, uint32_t opcode, uint8_t provider, uint8_t auth_type,
    const void *body, size_t body_len, const void *auth, size_t auth_len)
{
	struct request rq = { 0 };
	struct response rs;
	struct wire_header rh;
	struct abuf in;
	enum wire_status why;
	uint16_t status;

	rq.rq_hdr.hdr_version_maj = 1;
	rq.rq_hdr.hdr_provider = provider;
	rq.rq_hdr.hdr_auth_type = auth_type;
	rq.rq_hdr.hdr_body_len = (uint32_t)body_len;
	rq.rq_hdr.hdr_auth_len = (uint16_t)auth_len;
	rq.rq_hdr.hdr_opcode = opcode;
	rq.rq_hdr.hdr_session = 0x1122334455667788ull;
	memcpy(f->frame, body, body_len);
	memcpy(f->frame + body_len, auth, auth_len);
	rq.rq_body = f->frame;
	rq.rq_auth = f->frame + body_len;
	rq.rq_peer.is_known = true;
	rq.rq_peer.uid = getuid();
	dispatch_request(&f->d, &rq, &rs);
	assert_non_null(rs.rs_bytes);
	in = abuf_view(rs.rs_bytes, rs.rs_len);
	assert_int_equal(wire_header_decode(&in, &wire_limits_default, &rh,
	    &why), WIRE_FRAME_COMPLETE);
	/* Every response echoes opcode, provider and session. */
	assert_int_equal(rh.hdr_opcode, opcode);
	assert_int_equal(rh.hdr_provider, provider);
	assert_true(rh.hdr_session == 0x1122334455667788ull);
	assert_int_equal(rh.hdr_body_len, rs.rs_len - WIRE_HEADER_LEN);
	status = rh.hdr_status;
	response_clear(&rs);
	return status;
}

static void
test_ping_no_auth(void **state)
{
	assert_int_equal(run(*state, WIRE_OP_PING, 0, 0, "", 0, "", 0), 0);
}

static void
test_direct_auth(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(run(f, WIRE_OP_PING, 0, 1, "", 0, "app", 3), 0);
	assert_int_equal(run(f, WIRE_OP_PING, 0, 1, "", 0, "", 0),
	    WIRE_STATUS_AUTHENTICATION_ERROR);
	assert_int_equal(run(f, WIRE_OP_PING, 0, 1, "", 0, "a\0b", 3),
	    WIRE_STATUS_AUTHENTICATION_ERROR);
	assert_int_equal(run(f, WIRE_OP_PING, 0, 1, "", 0, "\xff\xfe", 2),
	    WIRE_STATUS_AUTHENTICATION_ERROR);
	assert_int_equal(run(f, WIRE_OP_PING, 0, 1, "", 0, "\xc0\xaf", 2),
	    WIRE_STATUS_AUTHENTICATION_ERROR);		/* overlong '/' */
	assert_int_equal(run(f, WIRE_OP_PING, 0, 1, "", 0, "a\nb", 3),
	    WIRE_STATUS_AUTHENTICATION_ERROR);
	assert_int_equal(run(f, WIRE_OP_PING, 0, 1, "", 0, "caf\xc3\xa9", 5),
	    0);
}

static void
test_auth_types(void **state)
{
	struct fixture *f = *state;
	uint32_t uid = getuid();

	/* Unix peer is not the configured one here. */
	assert_int_equal(run(f, WIRE_OP_PING, 0, 3, "", 0, &uid, 4),
	    WIRE_STATUS_AUTHENTICATOR_NOT_REGISTERED);
	assert_int_equal(run(f, WIRE_OP_PING, 0, 2, "", 0, "tok", 3),
	    WIRE_STATUS_AUTHENTICATOR_NOT_REGISTERED);
	assert_int_equal(run(f, WIRE_OP_PING, 0, 5, "", 0, "x", 1),
	    WIRE_STATUS_AUTHENTICATOR_DOES_NOT_EXIST);
	f->d.policy->auth_type = WIRE_AUTH_UNIX_PEER;
	assert_int_equal(run(f, WIRE_OP_PING, 0, 3, "", 0, &uid, 4), 0);
	uid++;
	assert_int_equal(run(f, WIRE_OP_PING, 0, 3, "", 0, &uid, 4),
	    WIRE_STATUS_AUTHENTICATION_ERROR);
	assert_int_equal(run(f, WIRE_OP_PING, 0, 3, "", 0, &uid, 3),
	    WIRE_STATUS_AUTHENTICATION_ERROR);
}

static void
test_routing(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(run(f, 0x1d, 0, 0, "", 0, "", 0),
	    WIRE_STATUS_OPCODE_DOES_NOT_EXIST);
	assert_int_equal(run(f, WIRE_OP_PING, 6, 0, "", 0, "", 0),
	    WIRE_STATUS_PROVIDER_DOES_NOT_EXIST);
	assert_int_equal(run(f, WIRE_OP_PSA_GENERATE_KEY, 3, 1, "", 0, "a", 1),
	    WIRE_STATUS_PROVIDER_NOT_REGISTERED);
	/* Core ops only on 0, crypto only elsewhere (Parsec's is_capable). */
	assert_int_equal(run(f, WIRE_OP_PING, 1, 0, "", 0, "", 0),
	    WIRE_STATUS_PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(run(f, WIRE_OP_PSA_GENERATE_KEY, 0, 1, "", 0, "a", 1),
	    WIRE_STATUS_PSA_ERROR_NOT_SUPPORTED);
	/* Authentication before capability. */
	assert_int_equal(run(f, WIRE_OP_PSA_GENERATE_KEY, 1, 0, "", 0, "", 0),
	    WIRE_STATUS_NOT_AUTHENTICATED);
	/* Admitted; an empty GenerateKey body has no attributes. */
	assert_int_equal(run(f, WIRE_OP_PSA_GENERATE_KEY, 1, 1, "", 0, "a", 1),
	    WIRE_STATUS_PSA_ERROR_INVALID_ARGUMENT);
}

static void
test_admin(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(run(f, WIRE_OP_LIST_CLIENTS, 0, 0, "", 0, "", 0),
	    WIRE_STATUS_NOT_AUTHENTICATED);
	assert_int_equal(run(f, WIRE_OP_LIST_CLIENTS, 0, 1, "", 0, "app", 3),
	    WIRE_STATUS_ADMIN_OPERATION);
	/* Admin check comes before the body is even decoded. */
	assert_int_equal(run(f, WIRE_OP_DELETE_CLIENT, 0, 1, "\xff\xff", 2,
	    "app", 3), WIRE_STATUS_ADMIN_OPERATION);
	/* An admin passes the check; no key managers here: no clients. */
	assert_int_equal(run(f, WIRE_OP_LIST_CLIENTS, 0, 1, "", 0, "root-app",
	    8), 0);
	assert_int_equal(run(f, WIRE_OP_DELETE_CLIENT, 0, 1, "\x0a\x01x", 3,
	    "root-app", 8), WIRE_STATUS_PSA_ERROR_DOES_NOT_EXIST);
}

static void
test_bodies(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(run(f, WIRE_OP_LIST_OPCODES, 0, 0, "\x08\x01", 2, "",
	    0), 0);
	assert_int_equal(run(f, WIRE_OP_LIST_OPCODES, 0, 0, "\x08\x03", 2, "",
	    0), WIRE_STATUS_PROVIDER_NOT_REGISTERED);
	assert_int_equal(run(f, WIRE_OP_LIST_OPCODES, 0, 0, "\x08\x09", 2, "",
	    0), WIRE_STATUS_PROVIDER_DOES_NOT_EXIST);
	assert_int_equal(run(f, WIRE_OP_LIST_OPCODES, 0, 0, "\xff", 1, "", 0),
	    WIRE_STATUS_DESERIALIZING_BODY_FAILED);
}

static void
test_response_too_large(void **state)
{
	struct fixture *f = *state;

	f->d.policy->buffer_size_limit = 8;	/* ListProviders is longer */
	assert_int_equal(run(f, WIRE_OP_LIST_PROVIDERS, 0, 0, "", 0, "", 0),
	    WIRE_STATUS_RESPONSE_TOO_LARGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ping_no_auth, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_direct_auth, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_auth_types, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_routing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bodies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_response_too_large, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
