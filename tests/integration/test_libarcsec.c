/* tests/integration/test_libarcsec.c: libarcsec.so (the public API only)
 * against a real arcsecd this test starts on a temporary socket. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arcsec/arcsec.h>

struct daemon_fixture {
	char	dir[64];
	char	sock[128];
	char	endpoint[160];
	pid_t	pid;
};

static struct daemon_fixture fx;

static int
start_daemon(void **state)
{
	char config[128], log[128];
	FILE *f;

	(void)state;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/arcsec-libtest-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	chmod(fx.dir, 0755);
	snprintf(fx.sock, sizeof(fx.sock), "%s/parsec.sock", fx.dir);
	snprintf(fx.endpoint, sizeof(fx.endpoint), "unix:%s", fx.sock);
	snprintf(config, sizeof(config), "%s/config.toml", fx.dir);
	snprintf(log, sizeof(log), "%s/arcsecd.log", fx.dir);
	assert_non_null(f = fopen(config, "w"));
	fprintf(f, "[core_settings]\nallow_root = true\nthread_pool_size = 2\n"
	    "[listener]\nlistener_type = \"DomainSocket\"\ntimeout = 2000\n"
	    "socket_path = \"%s\"\n[authenticator]\n"
	    "auth_type = \"UnixPeerCredentials\"\n[[key_manager]]\n"
	    "name = \"sqlite-manager\"\nmanager_type = \"SQLite\"\n"
	    "sqlite_db_path = \"%s/kim.sqlite3\"\n[[provider]]\n"
	    "provider_type = \"MbedCrypto\"\n"
	    "key_info_manager = \"sqlite-manager\"\n"
	    "master_key_path = \"%s/master.key\"\n", fx.sock, fx.dir, fx.dir);
	fclose(f);
	if ((fx.pid = fork()) == 0) {
		freopen(log, "w", stderr);
		execl(ARCSECD, "arcsecd", "--config", config, (char *)NULL);
		_exit(127);
	}
	assert_true(fx.pid > 0);
	for (int i = 0; i < 1000 && access(fx.sock, F_OK) != 0; i++)
		usleep(10000);
	if (access(fx.sock, F_OK) != 0) {	/* say why before failing */
		char line[512];

		if ((f = fopen(log, "r")) != NULL) {
			while (fgets(line, sizeof(line), f) != NULL)
				fputs(line, stderr);
			fclose(f);
		}
	}
	assert_int_equal(access(fx.sock, F_OK), 0);
	return 0;
}

static int
stop_daemon(void **state)
{
	int st = -1;
	char cmd[128];

	(void)state;
	kill(fx.pid, SIGTERM);
	waitpid(fx.pid, &st, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx.dir);
	if (system(cmd) != 0)
		return -1;
	/* A clean stop is part of what is tested. */
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static struct arcsec_client *
open_client(void)
{
	struct arcsec_client *c = NULL;

	assert_int_equal(arcsec_client_open(fx.endpoint, NULL, &c),
	    ARCSEC_SUCCESS);
	return c;
}

static void
test_ping(void **state)
{
	struct arcsec_client *c = open_client();
	uint8_t maj = 0, min = 9;

	(void)state;
	assert_int_equal(arcsec_ping(c, &maj, &min), ARCSEC_SUCCESS);
	assert_int_equal(maj, 1);
	assert_int_equal(min, 0);
	arcsec_client_close(c);
}

static void
test_list_providers(void **state)
{
	struct arcsec_client *c = open_client();
	struct arcsec_provider_info *p = NULL;
	size_t n = 0;
	uint8_t def = 0;

	(void)state;
	assert_int_equal(arcsec_list_providers(c, &p, &n), ARCSEC_SUCCESS);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].prov_id, 1);
	assert_string_equal(p[0].prov_uuid,
	    "1c1139dc-ad7c-47dc-ad6b-db6fdb466552");
	assert_int_equal(p[1].prov_id, 0);
	assert_string_equal(p[1].prov_uuid,
	    "47049873-2a43-4845-9d72-831eab668784");
	arcsec_provider_info_free(p);
	/* The default a client picks: the first non-core provider. */
	assert_int_equal(arcsec_client_provider(c, &def), ARCSEC_SUCCESS);
	assert_int_equal(def, 1);
	arcsec_client_close(c);
}

static void
test_list_opcodes(void **state)
{
	struct arcsec_client *c = open_client();
	uint32_t *ops = NULL;
	size_t n = 0;
	int seen = 0;

	(void)state;
	assert_int_equal(arcsec_list_opcodes(c, 0, &ops, &n), ARCSEC_SUCCESS);
	for (size_t i = 0; i < n; i++)
		if (ops[i] == 0x01 || ops[i] == 0x08 || ops[i] == 0x09 ||
		    ops[i] == 0x0e)
			seen++;
	assert_int_equal(seen, 4);
	arcsec_opcodes_free(ops);
	ops = NULL;
	assert_int_equal(arcsec_list_opcodes(c, 4, &ops, &n),
	    ARCSEC_PROVIDER_NOT_REGISTERED);
	assert_null(ops);
	arcsec_client_close(c);
}

static void
test_list_authenticators(void **state)
{
	struct arcsec_client *c = open_client();
	struct arcsec_authenticator_info *a = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(arcsec_list_authenticators(c, &a, &n),
	    ARCSEC_SUCCESS);
	assert_int_equal(n, 1);
	assert_int_equal(a[0].authn_id, ARCSEC_AUTH_UNIX_PEER);
	arcsec_authenticator_info_free(a);
	arcsec_client_close(c);
}

static void *
pinger(void *arg)
{
	struct arcsec_client *c = NULL;
	uint8_t maj, min;
	long failures = 0;

	(void)arg;
	if (arcsec_client_open(fx.endpoint, NULL, &c) != ARCSEC_SUCCESS)
		return (void *)1L;
	for (int i = 0; i < 250; i++)
		if (arcsec_ping(c, &maj, &min) != ARCSEC_SUCCESS)
			failures++;
	arcsec_client_close(c);
	return (void *)failures;
}

/* One client per thread, 8 threads: the service answers every request. */
static void
test_concurrent_clients(void **state)
{
	pthread_t t[8];
	void *r;

	(void)state;
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&t[i], NULL, pinger, NULL), 0);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_int_equal((long)r, 0);
	}
}

static void
test_connect_error(void **state)
{
	struct arcsec_client *c = NULL;
	char ep[200];
	uint8_t maj, min;

	(void)state;
	snprintf(ep, sizeof(ep), "unix:%s/nope.sock", fx.dir);
	assert_int_equal(arcsec_client_open(ep, NULL, &c), ARCSEC_SUCCESS);
	assert_int_equal(arcsec_ping(c, &maj, &min), ARCSEC_ERR_CONNECT);
	arcsec_client_close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ping),
		cmocka_unit_test(test_list_providers),
		cmocka_unit_test(test_list_opcodes),
		cmocka_unit_test(test_list_authenticators),
		cmocka_unit_test(test_concurrent_clients),
		cmocka_unit_test(test_connect_error),
	};

	return cmocka_run_group_tests(tests, start_daemon, stop_daemon);
}
