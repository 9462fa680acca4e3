/* providers/soft/hash.c: the keyless operations: hashes (and the digest
 * table every hash-based algorithm uses) and random bytes. */
#include "providers/soft/soft_int.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "common/limits.h"
#include "psa/sizes.h"

/* PSA hash -> OpenSSL 3 digest name (default provider). MD2, MD4 and
 * SHAKE256-512 have none there. */
static const struct {
	psa_algorithm_t	 hash;
	const char	*name;
} soft_mds[] = {
	{ PSA_ALG_MD5,		"MD5" },
	{ PSA_ALG_RIPEMD160,	"RIPEMD-160" },
	{ PSA_ALG_SHA_1,	"SHA1" },
	{ PSA_ALG_SHA_224,	"SHA2-224" },
	{ PSA_ALG_SHA_256,	"SHA2-256" },
	{ PSA_ALG_SHA_384,	"SHA2-384" },
	{ PSA_ALG_SHA_512,	"SHA2-512" },
	{ PSA_ALG_SHA_512_224,	"SHA2-512/224" },
	{ PSA_ALG_SHA_512_256,	"SHA2-512/256" },
	{ PSA_ALG_SHA3_224,	"SHA3-224" },
	{ PSA_ALG_SHA3_256,	"SHA3-256" },
	{ PSA_ALG_SHA3_384,	"SHA3-384" },
	{ PSA_ALG_SHA3_512,	"SHA3-512" },
	{ PSA_ALG_SM3,		"SM3" },
};

const char *
soft_md_name(psa_algorithm_t hash)
{
	for (size_t i = 0; i < SOFT_NELEM(soft_mds); i++)
		if (soft_mds[i].hash == hash)
			return soft_mds[i].name;
	return NULL;
}

EVP_MD *
soft_md_fetch(psa_algorithm_t hash)
{
	const char *name = soft_md_name(hash);
	EVP_MD *md;

	if (name == NULL)
		return NULL;
	if ((md = EVP_MD_fetch(NULL, name, NULL)) == NULL)
		(void)soft_ossl_status(name, PSA_ERROR_NOT_SUPPORTED);
	return md;
}

static psa_status_t
soft_hash(const struct prov *p, psa_algorithm_t alg, const uint8_t *in,
    size_t in_len, uint8_t *hash, size_t hash_size, size_t *hash_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	size_t len = psa_hash_length(alg);
	unsigned int md_len = 0;
	EVP_MD *md = NULL;

	*hash_len = 0;
	if (!psa_alg_is_hash(alg)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = soft_alg_usable(p, alg)) != PSA_SUCCESS)
		goto out;
	if (len == 0 || (md = soft_md_fetch(alg)) == NULL) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if (hash_size < len) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if (in == NULL && in_len != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (EVP_Digest(in_len != 0 ? in : (const uint8_t *)"", in_len, hash,
	    &md_len, md, NULL) != 1 || md_len != len) {
		status = soft_ossl_status("hash", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	*hash_len = len;
	status = PSA_SUCCESS;
out:
	EVP_MD_free(md);
	if (status != PSA_SUCCESS && hash != NULL)
		OPENSSL_cleanse(hash, hash_size);
	return status;
}

psa_status_t
soft_hash_compute(struct prov *p, psa_algorithm_t alg, const uint8_t *in,
    size_t in_len, uint8_t *hash, size_t hash_size, size_t *hash_len)
{
	return soft_hash(p, alg, in, in_len, hash, hash_size, hash_len);
}

psa_status_t
soft_hash_compare(struct prov *p, psa_algorithm_t alg, const uint8_t *in,
    size_t in_len, const uint8_t *hash, size_t hash_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t mine[PSA_HASH_MAX_SIZE];
	size_t mine_len = 0;

	if ((status = soft_hash(p, alg, in, in_len, mine, sizeof(mine),
	    &mine_len)) != PSA_SUCCESS)
		goto out;
	/* Spec psa_hash_compare(): any mismatch, length included, is
	 * INVALID_SIGNATURE; compared in constant time all the same. */
	if (hash == NULL || hash_len != mine_len ||
	    CRYPTO_memcmp(mine, hash, mine_len) != 0) {
		status = PSA_ERROR_INVALID_SIGNATURE;
		goto out;
	}
	status = PSA_SUCCESS;
out:
	OPENSSL_cleanse(mine, sizeof(mine));
	return status;
}

psa_status_t
soft_generate_random(struct prov *p, uint8_t *out, size_t len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;

	(void)p;
	if (len == 0) {
		status = PSA_SUCCESS;
		goto out;
	}
	/* A client's ask is bounded like any output buffer it may request
	 * (Parsec buffer_size_limit default), well below int's range. */
	if (out == NULL || len > LIMIT_BUFFER_SIZE_DEFAULT) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (RAND_bytes(out, (int)len) != 1) {
		status = soft_ossl_status("random",
		    PSA_ERROR_INSUFFICIENT_ENTROPY);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS && out != NULL && len <=
	    LIMIT_BUFFER_SIZE_DEFAULT)
		OPENSSL_cleanse(out, len);
	return status;
}
