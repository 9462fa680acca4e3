/* identity/ecdsa_der.c: an ECDSA signature from PSA's r||s to the DER
 * ECDSA-Sig-Value that X.509 and the openssl tool use. */
#include <openssl/bn.h>
#include <openssl/ecdsa.h>

#include <stdlib.h>
#include <string.h>

#include "identity/x509.h"

/*
 * PSA gives r and s as fixed-width big-endian halves (PSA Crypto API,
 * "ECDSA signature format"); DER wants each as a minimal, non-negative
 * INTEGER (RFC 3279 §2.2.3), which strips leading zero bytes and adds one
 * where the high bit is set. BN and i2d_ECDSA_SIG do both, so a value with
 * a leading zero encodes shorter instead of being taken as negative.
 */
bool
x509_ecdsa_raw_to_der(const uint8_t *raw, size_t raw_len, uint8_t **der,
    size_t *der_len)
{
	ECDSA_SIG *sig = NULL;
	BIGNUM *r = NULL, *s = NULL;
	unsigned char *p = NULL;
	size_t half = raw_len / 2;
	bool is_ok = false;
	int n;

	*der = NULL;
	*der_len = 0;
	if (raw_len == 0 || raw_len % 2 != 0 || raw_len > INT32_MAX)
		return false;
	if ((sig = ECDSA_SIG_new()) == NULL ||
	    (r = BN_bin2bn(raw, (int)half, NULL)) == NULL ||
	    (s = BN_bin2bn(raw + half, (int)half, NULL)) == NULL ||
	    ECDSA_SIG_set0(sig, r, s) != 1)
		goto out;
	r = s = NULL;		/* owned by sig now */
	if ((n = i2d_ECDSA_SIG(sig, &p)) <= 0)
		goto out;
	/* Hand over malloc'd memory, so callers free() what they get. */
	if ((*der = malloc((size_t)n)) == NULL)
		goto out;
	memcpy(*der, p, (size_t)n);
	*der_len = (size_t)n;
	is_ok = true;
out:
	OPENSSL_free(p);
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(sig);
	return is_ok;
}
