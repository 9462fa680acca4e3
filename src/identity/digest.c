/* identity/digest.c: hash data locally with OpenSSL, as parsec-tool hashes what
 * it signs before asking the service for a signature over the digest. */
#include <openssl/evp.h>

#include "identity/x509.h"

static const char *
x509_digest_name(arcsec_alg_t hash)
{
	switch (hash) {
	case ARCSEC_ALG_SHA_224:
		return "SHA2-224";
	case ARCSEC_ALG_SHA_256:
		return "SHA2-256";
	case ARCSEC_ALG_SHA_384:
		return "SHA2-384";
	case ARCSEC_ALG_SHA_512:
		return "SHA2-512";
	case ARCSEC_ALG_SHA3_256:
		return "SHA3-256";
	case ARCSEC_ALG_SHA3_384:
		return "SHA3-384";
	case ARCSEC_ALG_SHA3_512:
		return "SHA3-512";
	default:
		return NULL;
	}
}

bool
x509_digest(arcsec_alg_t hash, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t *out_len)
{
	const char *name = x509_digest_name(hash);
	EVP_MD *md = NULL;
	unsigned int n = 0;
	bool is_ok = false;

	*out_len = 0;
	if (name == NULL || (md = EVP_MD_fetch(NULL, name, NULL)) == NULL ||
	    (size_t)EVP_MD_get_size(md) > ARCSEC_HASH_MAX_SIZE)
		goto out;
	if (EVP_Digest(in, in_len, out, &n, md, NULL) != 1)
		goto out;
	*out_len = n;
	is_ok = true;
out:
	EVP_MD_free(md);
	return is_ok;
}
