/* bench/tpm_sign_bench.c: ECDSA P-256 sign latency on a TPM, through arcsecd
 * (libarcsec, provider 3) or with the same TPM2_Sign called in-process over
 * ESAPI, so the service's share of a TPM signature can be read off. Measures,
 * never asserts (docs/benchmarks.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tss2/tss2_esys.h>
#include <tss2/tss2_tctildr.h>

#include "arcsec/arcsec.h"

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
report(const char *what, double *lat, int n)
{
	double sum = 0;

	for (int i = 0; i < n; i++)
		sum += lat[i];
	qsort(lat, (size_t)n, sizeof(*lat), cmp_double);
	printf("| %s | %d | %.0f | %.0f | %.0f | %.0f |\n", what, n, sum / n,
	    lat[n / 2], lat[n * 99 / 100], lat[n - 1]);
}

static int
bench_esapi(const char *tcti, int n, double *lat)
{
	TSS2_TCTI_CONTEXT *t = NULL;
	ESYS_CONTEXT *e = NULL;
	TPM2B_SENSITIVE_CREATE sens = { 0 };
	TPM2B_PUBLIC srk = { 0 }, key = { 0 };
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION pcrs = { 0 };
	TPM2B_PUBLIC *pub = NULL;
	TPM2B_PRIVATE *priv = NULL;
	ESYS_TR primary = ESYS_TR_NONE, h = ESYS_TR_NONE;
	TPM2B_DIGEST digest = { .size = 32 };
	TPMT_SIG_SCHEME scheme = { .scheme = TPM2_ALG_ECDSA };
	TPMT_TK_HASHCHECK check = { .tag = TPM2_ST_HASHCHECK,
	    .hierarchy = TPM2_RH_NULL };
	TPMT_SIGNATURE *sig = NULL;
	int rc = 1;

	/* The provider's SRK and key templates, written out again. */
	srk.publicArea.type = TPM2_ALG_ECC;
	srk.publicArea.nameAlg = TPM2_ALG_SHA256;
	srk.publicArea.objectAttributes = TPMA_OBJECT_FIXEDTPM |
	    TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
	    TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA |
	    TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
	srk.publicArea.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_AES;
	srk.publicArea.parameters.eccDetail.symmetric.keyBits.aes = 128;
	srk.publicArea.parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CFB;
	srk.publicArea.parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
	srk.publicArea.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
	srk.publicArea.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
	key = srk;
	key.publicArea.objectAttributes = TPMA_OBJECT_FIXEDTPM |
	    TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
	    TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_SIGN_ENCRYPT;
	key.publicArea.parameters.eccDetail.symmetric.algorithm =
	    TPM2_ALG_NULL;
	scheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
	if (Tss2_TctiLdr_Initialize(tcti, &t) != TSS2_RC_SUCCESS ||
	    Esys_Initialize(&e, t, NULL) != TSS2_RC_SUCCESS)
		goto out;
	(void)Esys_Startup(e, TPM2_SU_CLEAR);
	if (Esys_CreatePrimary(e, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD,
	    ESYS_TR_NONE, ESYS_TR_NONE, &sens, &srk, &outside, &pcrs, &primary,
	    NULL, NULL, NULL, NULL) != TSS2_RC_SUCCESS ||
	    Esys_Create(e, primary, ESYS_TR_PASSWORD, ESYS_TR_NONE,
	    ESYS_TR_NONE, &sens, &key, &outside, &pcrs, &priv, &pub, NULL,
	    NULL, NULL) != TSS2_RC_SUCCESS ||
	    Esys_Load(e, primary, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
	    priv, pub, &h) != TSS2_RC_SUCCESS)
		goto out;
	for (int i = 0; i < n; i++) {
		double t0 = now_us();

		digest.buffer[0] = (uint8_t)i;
		if (Esys_Sign(e, h, ESYS_TR_PASSWORD, ESYS_TR_NONE,
		    ESYS_TR_NONE, &digest, &scheme, &check, &sig) !=
		    TSS2_RC_SUCCESS)
			goto out;
		lat[i] = now_us() - t0;
		Esys_Free(sig);
		sig = NULL;
	}
	rc = 0;
out:
	if (e != NULL) {
		if (h != ESYS_TR_NONE)
			Esys_FlushContext(e, h);
		if (primary != ESYS_TR_NONE)
			Esys_FlushContext(e, primary);
		Esys_Finalize(&e);
	}
	Tss2_TctiLdr_Finalize(&t);
	Esys_Free(pub);
	Esys_Free(priv);
	if (rc != 0)
		fprintf(stderr, "tpm-sign-bench: ESAPI on %s failed\n", tcti);
	return rc;
}

static int
bench_arcsec(const char *endpoint, int keys, int n, double *lat)
{
	struct arcsec_auth auth = { ARCSEC_AUTH_DIRECT, "tpm-bench" };
	struct arcsec_client *c = NULL;
	struct arcsec_key_attrs attrs;
	uint8_t hash[32] = { 0 }, sig[64];
	size_t sig_len;
	char name[32];
	int rc = 1;

	arcsec_key_attrs_ecdsa_p256(&attrs);
	if (arcsec_client_open(endpoint, &auth, &c) != ARCSEC_SUCCESS ||
	    arcsec_client_set_provider(c, 3) != ARCSEC_SUCCESS)
		goto out;
	for (int k = 0; k < keys; k++) {
		snprintf(name, sizeof(name), "bench-%d", k);
		/* Left over from an earlier run, or (usually) not there. */
		if (arcsec_destroy_key(c, name) != ARCSEC_SUCCESS)
			(void)arcsec_client_last_error(c);
		if (arcsec_generate_key(c, name, &attrs) != ARCSEC_SUCCESS)
			goto out;
	}
	for (int i = 0; i < n; i++) {
		double t0 = now_us();

		snprintf(name, sizeof(name), "bench-%d", i % keys);
		hash[0] = (uint8_t)i;
		if (arcsec_sign_hash(c, name, ARCSEC_ALG_ECDSA(
		    ARCSEC_ALG_SHA_256), hash, sizeof(hash), sig, sizeof(sig),
		    &sig_len) != ARCSEC_SUCCESS)
			goto out;
		lat[i] = now_us() - t0;
	}
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "tpm-sign-bench: arcsecd at %s failed: %s\n",
		    endpoint, c != NULL ? arcsec_client_last_error(c) : "");
	arcsec_client_close(c);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *tcti = NULL, *endpoint = NULL;
	int n = 200, keys = 1;
	double *lat;
	char what[128];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--esapi") == 0 && i + 1 < argc)
			tcti = argv[++i];
		else if (strcmp(argv[i], "--arcsec") == 0 && i + 1 < argc)
			endpoint = argv[++i];
		else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (strcmp(argv[i], "--keys") == 0 && i + 1 < argc)
			keys = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: tpm-sign-bench (--esapi TCTI | "
			    "--arcsec unix:PATH [--keys K]) [--count N]\n");
			return 2;
		}
	}
	if (n < 1 || keys < 1 || (tcti == NULL) == (endpoint == NULL) ||
	    (lat = calloc((size_t)n, sizeof(*lat))) == NULL)
		return 2;
	if (tcti != NULL) {
		if (bench_esapi(tcti, n, lat) != 0)
			return 1;
		report("in-process ESAPI TPM2_Sign (key loaded)", lat, n);
	} else {
		if (bench_arcsec(endpoint, keys, n, lat) != 0)
			return 1;
		snprintf(what, sizeof(what), "arcsecd PsaSignHash, %d key%s "
		    "round-robin", keys, keys > 1 ? "s" : "");
		report(what, lat, n);
	}
	free(lat);
	return 0;
}
