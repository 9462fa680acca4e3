/* tests/integration/devid_csr_loop.c: print `count` PKCS#10 requests for
 * the DevID, one after another, through libarcsec.so's public API only:
 * test_identity_csr.py verifies every one outside arcsec.
 * Usage: devid_csr_loop APP_NAME COUNT (endpoint from the environment). */
#include <stdio.h>
#include <stdlib.h>

#include <arcsec/arcsec.h>

int
main(int argc, char **argv)
{
	static const char *const sans[] = {
		"uri:spiffe://fleet.example/device/0042", "dns:dev42.example",
	};
	struct arcsec_x509_subject subj = { .xs_cn = "device-42",
	    .xs_serial = "0042" };
	struct arcsec_client *c = NULL;
	struct arcsec_auth auth = { 0 };
	char why[256], *pem;
	long count;
	arcsec_status_t st;

	if (argc != 3 || (count = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: devid_csr_loop APP_NAME COUNT\n");
		return 2;
	}
	auth.auth_type = ARCSEC_AUTH_DIRECT;
	auth.auth_app_name = argv[1];
	if ((st = arcsec_client_open(NULL, &auth, &c)) != ARCSEC_SUCCESS) {
		fprintf(stderr, "open: %s\n", arcsec_strerror(st));
		return 1;
	}
	for (long i = 0; i < count; i++) {
		st = arcsec_devid_csr(c, &subj, sans, 2, &pem, why,
		    sizeof(why));
		if (st != ARCSEC_SUCCESS) {
			fprintf(stderr, "request %ld: %s: %s\n", i,
			    arcsec_strerror(st), why);
			arcsec_client_close(c);
			return 1;
		}
		fputs(pem, stdout);
		free(pem);
	}
	arcsec_client_close(c);
	return fflush(stdout) == 0 ? 0 : 1;
}
