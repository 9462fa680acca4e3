/* fuzz/fuzz_p11_der.c: the PKCS#11 provider's DER readers
 * (providers/pkcs11/der.c) on arbitrary bytes: PKCS#1 RSAPublicKey and
 * RSAPrivateKey (imported keys, client data) and CKA_EC_POINT (token
 * data). An accepted key re-encodes to exactly the input (strict DER has
 * one spelling), every integer lies inside the input. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/pkcs11/p11_der.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_rsa(const uint8_t *data, size_t size, bool is_private)
{
	struct p11_rsa_parts rp;
	uint8_t *out;
	size_t out_len = 0, count = is_private ? P11_RSA_COUNT : 2;
	psa_status_t st;

	st = is_private ? p11_der_rsa_priv_parse(data, size, &rp) :
	    p11_der_rsa_pub_parse(data, size, &rp);
	if (st != PSA_SUCCESS) {
		assert(st == PSA_ERROR_INVALID_ARGUMENT);
		return;
	}
	for (size_t i = 0; i < count; i++)
		assert(rp.rp_v[i] >= data && rp.rp_len[i] > 0 &&
		    rp.rp_v[i] + rp.rp_len[i] <= data + size);
	if ((out = malloc(size + 1)) == NULL)
		return;
	assert(p11_der_rsa_write(&rp, is_private, out, size + 1, &out_len) ==
	    PSA_SUCCESS);
	assert(out_len == size && memcmp(out, data, size) == 0);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *pt;
	size_t pt_len;

	check_rsa(data, size, false);
	check_rsa(data, size, true);
	for (size_t want = 65; want <= 133; want += 32 + (want == 97 ? 4 : 0))
		if (p11_der_ec_point_unwrap(data, size, want, &pt, &pt_len) ==
		    PSA_SUCCESS)
			assert(pt_len == want && pt[0] == 0x04 && pt >= data &&
			    pt + pt_len <= data + size);
	return 0;
}
