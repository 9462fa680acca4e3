/* bench/p11_sign_bench.c: ECDSA P-256 sign throughput on a PKCS#11 token,
 * two ways on the same token: straight PKCS#11 calls (--module: each
 * thread its own session, the same key) and through arcsecd's PKCS#11
 * provider (--endpoint: each thread its own libarcsec client). Prints one
 * Markdown table row. Measured, never asserted (docs/benchmarks.md). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <p11-kit/pkcs11.h>

#include "arcsec/arcsec.h"

static const char *bench_module, *bench_endpoint, *bench_pin = "5678";
static double bench_seconds = 5;
static int bench_threads = 4;
static atomic_long bench_ops, bench_errors;
static CK_FUNCTION_LIST_PTR bench_fn;
static CK_SLOT_ID bench_slot;
static CK_OBJECT_HANDLE bench_key;

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *
bench_direct(void *arg)
{
	CK_MECHANISM mech = { CKM_ECDSA, NULL, 0 };
	CK_BYTE digest[32] = { 1 }, sig[64];
	CK_SESSION_HANDLE sh;
	double end = *(double *)arg;

	if (bench_fn->C_OpenSession(bench_slot, CKF_SERIAL_SESSION, NULL,
	    NULL, &sh) != CKR_OK) {
		atomic_fetch_add(&bench_errors, 1);
		return NULL;
	}
	while (bench_now() < end) {
		CK_ULONG len = sizeof(sig);

		if (bench_fn->C_SignInit(sh, &mech, bench_key) != CKR_OK ||
		    bench_fn->C_Sign(sh, digest, sizeof(digest), sig, &len) !=
		    CKR_OK)
			atomic_fetch_add(&bench_errors, 1);
		else
			atomic_fetch_add(&bench_ops, 1);
	}
	bench_fn->C_CloseSession(sh);
	return NULL;
}

static int
bench_direct_setup(void)
{
	CK_C_INITIALIZE_ARGS init = { .flags = CKF_OS_LOCKING_OK };
	static const CK_BYTE p256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
		0x3d, 0x03, 0x01, 0x07 };
	CK_MECHANISM gen = { CKM_EC_KEY_PAIR_GEN, NULL, 0 };
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_ATTRIBUTE pub_t[] = { { CKA_TOKEN, &no, sizeof(no) },
		{ CKA_EC_PARAMS, (void *)p256, sizeof(p256) } };
	CK_ATTRIBUTE priv_t[] = { { CKA_TOKEN, &no, sizeof(no) },
		{ CKA_SIGN, &yes, sizeof(yes) } };
	CK_C_GetFunctionList get;
	CK_SLOT_ID slots[16];
	CK_ULONG count = 16;
	CK_TOKEN_INFO ti;
	CK_SESSION_HANDLE sh;
	CK_OBJECT_HANDLE pub;
	void *dl = dlopen(bench_module, RTLD_NOW);

	if (dl == NULL || (*(void **)&get = dlsym(dl, "C_GetFunctionList")) ==
	    NULL || get(&bench_fn) != CKR_OK ||
	    bench_fn->C_Initialize(&init) != CKR_OK ||
	    bench_fn->C_GetSlotList(CK_TRUE, slots, &count) != CKR_OK)
		return -1;
	for (CK_ULONG i = 0; i < count; i++)
		if (bench_fn->C_GetTokenInfo(slots[i], &ti) == CKR_OK &&
		    (ti.flags & CKF_TOKEN_INITIALIZED)) {
			bench_slot = slots[i];
			break;
		}
	/* The session stays open: it keeps the login and the session key. */
	if (bench_fn->C_OpenSession(bench_slot, CKF_SERIAL_SESSION |
	    CKF_RW_SESSION, NULL, NULL, &sh) != CKR_OK ||
	    bench_fn->C_Login(sh, CKU_USER, (CK_UTF8CHAR_PTR)bench_pin,
	    (CK_ULONG)strlen(bench_pin)) != CKR_OK ||
	    bench_fn->C_GenerateKeyPair(sh, &gen, pub_t, 2, priv_t, 2, &pub,
	    &bench_key) != CKR_OK)
		return -1;
	return 0;
}

static void *
bench_arcsec(void *arg)
{
	struct arcsec_auth auth = { ARCSEC_AUTH_DIRECT, "bench" };
	struct arcsec_client *c = NULL;
	uint8_t digest[32] = { 1 }, sig[64];
	size_t len;
	double end = *(double *)arg;

	if (arcsec_client_open(bench_endpoint, &auth, &c) != ARCSEC_SUCCESS ||
	    arcsec_client_set_provider(c, 2) != ARCSEC_SUCCESS) {
		atomic_fetch_add(&bench_errors, 1);
		arcsec_client_close(c);
		return NULL;
	}
	while (bench_now() < end)
		if (arcsec_sign_hash(c, "bench-p256",
		    ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_256), digest, sizeof(digest),
		    sig, sizeof(sig), &len) == ARCSEC_SUCCESS)
			atomic_fetch_add(&bench_ops, 1);
		else
			atomic_fetch_add(&bench_errors, 1);
	arcsec_client_close(c);
	return NULL;
}

static int
bench_arcsec_setup(void)
{
	struct arcsec_auth auth = { ARCSEC_AUTH_DIRECT, "bench" };
	struct arcsec_key_attrs attrs;
	struct arcsec_client *c = NULL;
	arcsec_status_t st;

	arcsec_key_attrs_ecdsa_p256(&attrs);
	if (arcsec_client_open(bench_endpoint, &auth, &c) != ARCSEC_SUCCESS ||
	    arcsec_client_set_provider(c, 2) != ARCSEC_SUCCESS)
		return -1;
	st = arcsec_generate_key(c, "bench-p256", &attrs);
	arcsec_client_close(c);
	return st == ARCSEC_SUCCESS ||
	    st == ARCSEC_PSA_ERROR_ALREADY_EXISTS ? 0 : -1;
}

int
main(int argc, char **argv)
{
	pthread_t t[64];
	double start, end;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--module") == 0 && i + 1 < argc)
			bench_module = argv[++i];
		else if (strcmp(argv[i], "--endpoint") == 0 && i + 1 < argc)
			bench_endpoint = argv[++i];
		else if (strcmp(argv[i], "--pin") == 0 && i + 1 < argc)
			bench_pin = argv[++i];
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
			bench_threads = atoi(argv[++i]);
		else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			bench_seconds = atof(argv[++i]);
		else {
			fprintf(stderr, "usage: p11-sign-bench (--module PATH "
			    "[--pin PIN] | --endpoint unix:PATH) [--threads N] "
			    "[--seconds S]\n");
			return 2;
		}
	}
	if (bench_threads < 1 || bench_threads > 64 ||
	    (bench_module == NULL) == (bench_endpoint == NULL))
		return 2;
	if ((bench_module != NULL ? bench_direct_setup() :
	    bench_arcsec_setup()) != 0) {
		fprintf(stderr, "p11-sign-bench: setup failed\n");
		return 1;
	}
	start = bench_now();
	end = start + bench_seconds;
	for (int i = 0; i < bench_threads; i++)
		pthread_create(&t[i], NULL, bench_module != NULL ?
		    bench_direct : bench_arcsec, &end);
	for (int i = 0; i < bench_threads; i++)
		pthread_join(t[i], NULL);
	printf("| %s | %d | %.0f | %ld |\n", bench_module != NULL ?
	    "direct PKCS#11 (C_SignInit+C_Sign)" : "arcsecd, PsaSignHash",
	    bench_threads, (double)atomic_load(&bench_ops) /
	    (bench_now() - start), atomic_load(&bench_errors));
	return 0;
}
