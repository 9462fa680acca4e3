/* tests/unit/test_soft_sign.c: soft provider signatures: ECDSA on every
 * Weierstrass curve it lists, RSA PKCS#1 v1.5 (with hash and raw) and PSS,
 * PureEdDSA, each verified outside the provider (soft_verify.py), plus the
 * provider verifying signatures made elsewhere, and the refusals
 * (src/providers/soft/sign.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <pthread.h>

#include "soft_test_util.h"

#define ECC_PAIR(f)	PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_##f)
#define ECC_PUB(f)	PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_##f)
#define RSA_PAIR	PSA_KEY_TYPE_RSA_KEY_PAIR
#define RSA_PUB		PSA_KEY_TYPE_RSA_PUBLIC_KEY
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct wcurve {
	psa_ecc_family_t	 family;
	size_t			 bits;
	const char		*py;
};

static const struct wcurve wcurves[] = {
	{ PSA_ECC_FAMILY_SECP_R1, 224, "secp224r1" },
	{ PSA_ECC_FAMILY_SECP_R1, 256, "secp256r1" },
	{ PSA_ECC_FAMILY_SECP_R1, 384, "secp384r1" },
	{ PSA_ECC_FAMILY_SECP_R1, 521, "secp521r1" },
	{ PSA_ECC_FAMILY_SECP_K1, 256, "secp256k1" },
	{ PSA_ECC_FAMILY_BRAINPOOL_P_R1, 256, "brainpoolP256r1" },
	{ PSA_ECC_FAMILY_BRAINPOOL_P_R1, 384, "brainpoolP384r1" },
	{ PSA_ECC_FAMILY_BRAINPOOL_P_R1, 512, "brainpoolP512r1" },
};

/* Every hash the capability table promises for hash-and-sign schemes
 * (MD5 needs allow_deprecated, tested apart). */
static const psa_algorithm_t all_hashes[] = {
	PSA_ALG_SHA_224, PSA_ALG_SHA_256, PSA_ALG_SHA_384, PSA_ALG_SHA_512,
	PSA_ALG_SHA_512_224, PSA_ALG_SHA_512_256, PSA_ALG_SHA3_224,
	PSA_ALG_SHA3_256, PSA_ALG_SHA3_384, PSA_ALG_SHA3_512,
	PSA_ALG_RIPEMD160, PSA_ALG_SM3,
};

/* Inputs only: hash_compute itself is checked in test_soft_sym.c. */
static void
digest(struct st_env *e, psa_algorithm_t hash, const uint8_t *msg,
    size_t len, uint8_t *out, size_t *out_len)
{
	assert_int_equal(ST_OPS->hash_compute(e->se_p, hash, msg, len, out,
	    64, out_len), PSA_SUCCESS);
}

static void
export_pub(struct st_env *e, const struct st_key *k, uint8_t *out,
    size_t *len)
{
	assert_int_equal(ST_OPS->export_public_key(e->se_p, &k->sk_pk, out,
	    2048, len), PSA_SUCCESS);
}

static void
test_ecdsa_curves(void **state)
{
	static const psa_algorithm_t hashes[] = {
		PSA_ALG_SHA_256, PSA_ALG_SHA_384, PSA_ALG_SHA_512,
		PSA_ALG_SHA3_256, PSA_ALG_SHA_224, PSA_ALG_SM3,
	};
	struct st_env e;
	struct st_key k, pk;
	uint8_t pub[200], hash[64], sig[200], msg[100];
	size_t pub_len = 0, hash_len, sig_len = 0, n;

	(void)state;
	st_env_init(&e, true, false);
	st_fill_random(msg, sizeof(msg));
	for (size_t c = 0; c < NELEM(wcurves); c++) {
		st_gen(&e, &k, PSA_KEY_TYPE_ECC_KEY_PAIR(wcurves[c].family),
		    wcurves[c].bits, PSA_ALG_ECDSA(PSA_ALG_ANY_HASH));
		export_pub(&e, &k, pub, &pub_len);
		assert_int_equal(st_import(&e, &pk,
		    PSA_KEY_TYPE_ECC_PUBLIC_KEY(wcurves[c].family), 0, 0, pub,
		    pub_len), PSA_SUCCESS);
		n = 2 * PSA_BITS_TO_BYTES(wcurves[c].bits);
		for (size_t h = 0; h < NELEM(hashes); h++) {
			psa_algorithm_t alg = PSA_ALG_ECDSA(hashes[h]);

			digest(&e, hashes[h], msg, sizeof(msg), hash,
			    &hash_len);
			assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
			    alg, hash, hash_len, sig, sizeof(sig), &sig_len),
			    PSA_SUCCESS);
			assert_int_equal(sig_len, n);
			/* The provider agrees with itself, by both keys. */
			assert_int_equal(ST_OPS->verify_hash(e.se_p, &k.sk_pk,
			    alg, hash, hash_len, sig, sig_len), PSA_SUCCESS);
			assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk,
			    alg, hash, hash_len, sig, sig_len), PSA_SUCCESS);
			if (hashes[h] != PSA_ALG_SM3) {
				st_job(&e, "ecdsa_verify curve=%s hash=%s",
				    wcurves[c].py, st_hash_name(hashes[h]));
				st_jhex(&e, "pub", pub, pub_len);
				st_jhex(&e, "digest", hash, hash_len);
				st_jhex(&e, "sig", sig, sig_len);
				st_jend(&e);
			}
			/* sign_message hashes first. */
			assert_int_equal(ST_OPS->sign_message(e.se_p, &k.sk_pk,
			    alg, msg, sizeof(msg), sig, sizeof(sig), &sig_len),
			    PSA_SUCCESS);
			assert_int_equal(ST_OPS->verify_message(e.se_p,
			    &pk.sk_pk, alg, msg, sizeof(msg), sig, sig_len),
			    PSA_SUCCESS);
			assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk,
			    alg, hash, hash_len, sig, sig_len), PSA_SUCCESS);
			if (hashes[h] != PSA_ALG_SM3) {
				st_job(&e, "ecdsa_verify_msg curve=%s hash=%s",
				    wcurves[c].py, st_hash_name(hashes[h]));
				st_jhex(&e, "pub", pub, pub_len);
				st_jhex(&e, "msg", msg, sizeof(msg));
				st_jhex(&e, "sig", sig, sig_len);
				st_jend(&e);
			}
		}
		/* ECDSA_ANY signs the bytes it is given. */
		digest(&e, PSA_ALG_SHA_256, msg, sizeof(msg), hash, &hash_len);
		assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
		    PSA_ALG_ECDSA_ANY, hash, hash_len, sig, sizeof(sig),
		    &sig_len), PSA_SUCCESS);
		assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk,
		    PSA_ALG_ECDSA(PSA_ALG_SHA_256), hash, hash_len, sig,
		    sig_len), PSA_SUCCESS);
		st_job(&e, "ecdsa_verify curve=%s hash=sha256", wcurves[c].py);
		st_jhex(&e, "pub", pub, pub_len);
		st_jhex(&e, "digest", hash, hash_len);
		st_jhex(&e, "sig", sig, sig_len);
		st_jend(&e);
		st_key_free(&k);
		st_key_free(&pk);
	}
	st_run(&e);
	st_env_fini(&e);
}

/* The provider's ECDSA failure modes, on P-256. */
static void
test_ecdsa_refusals(void **state)
{
	struct st_env e;
	struct st_key k, pk, x;
	psa_algorithm_t alg = PSA_ALG_ECDSA(PSA_ALG_SHA_256);
	uint8_t pub[100], hash[64] = { 7 }, sig[200], bad[200];
	size_t pub_len = 0, sig_len = 5;

	(void)state;
	st_env_init(&e, true, false);
	st_gen(&e, &k, ECC_PAIR(SECP_R1), 256, alg);
	export_pub(&e, &k, pub, &pub_len);
	assert_int_equal(st_import(&e, &pk, ECC_PUB(SECP_R1), 256, 0, pub,
	    pub_len), PSA_SUCCESS);

	/* Hash length must be the algorithm's. */
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk, alg, hash, 31,
	    sig, sizeof(sig), &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(sig_len, 0);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk, alg, hash, 33,
	    sig, sizeof(sig), &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_384), hash, 32, sig, sizeof(sig),
	    &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk, alg, hash, 48,
	    sig, 64), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_ECDSA_ANY, hash, 0, sig, sizeof(sig), &sig_len),
	    PSA_ERROR_INVALID_ARGUMENT);

	/* Buffer: 63 bytes fail before work (and are wiped), 64 work. */
	memset(sig, 0xa5, sizeof(sig));
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk, alg, hash, 32,
	    sig, 63, &sig_len), PSA_ERROR_BUFFER_TOO_SMALL);
	assert_int_equal(sig_len, 0);
	for (size_t i = 0; i < 63; i++)
		assert_int_equal(sig[i], 0);
	assert_int_equal(sig[63], 0xa5);
	assert_int_equal(ST_OPS->sign_message(e.se_p, &k.sk_pk, alg, hash, 5,
	    sig, 63, &sig_len), PSA_ERROR_BUFFER_TOO_SMALL);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk, alg, hash, 32,
	    sig, 64, &sig_len), PSA_SUCCESS);
	assert_int_equal(sig_len, 64);

	/* Bad signatures: altered, wrong length, r = 0, s = n. */
	memcpy(bad, sig, 64);
	bad[10] ^= 1;
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk, alg, hash, 32,
	    bad, 64), PSA_ERROR_INVALID_SIGNATURE);
	hash[0] ^= 1;
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk, alg, hash, 32,
	    sig, 64), PSA_ERROR_INVALID_SIGNATURE);
	hash[0] ^= 1;
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk, alg, hash, 32,
	    sig, 63), PSA_ERROR_INVALID_SIGNATURE);
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk, alg, hash, 32,
	    sig, 65), PSA_ERROR_INVALID_SIGNATURE);
	memset(bad, 0, 32);
	memcpy(bad + 32, sig + 32, 32);
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk, alg, hash, 32,
	    bad, 64), PSA_ERROR_INVALID_SIGNATURE);
	memset(bad, 0xff, 64);
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk, alg, hash, 32,
	    bad, 64), PSA_ERROR_INVALID_SIGNATURE);

	/* Not signing algorithms, keys that cannot, wildcards. */
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &pk.sk_pk, alg, hash, 32,
	    sig, sizeof(sig), &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_256), hash, 32, sig, sizeof(sig),
	    &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_ECDSA(PSA_ALG_ANY_HASH), hash, 32, sig, sizeof(sig),
	    &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk, PSA_ALG_SHA_256,
	    hash, 32, sig, sizeof(sig), &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->sign_message(e.se_p, &k.sk_pk,
	    PSA_ALG_ECDSA_ANY, hash, 32, sig, sizeof(sig), &sig_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->sign_message(e.se_p, &k.sk_pk,
	    PSA_ALG_PURE_EDDSA, hash, 32, sig, sizeof(sig), &sig_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	st_gen(&e, &x, ECC_PAIR(MONTGOMERY), 255, PSA_ALG_ECDH);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &x.sk_pk, alg, hash, 32,
	    sig, sizeof(sig), &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	st_key_free(&x);

	/* Deterministic ECDSA: a wildcard is a policy, not an algorithm;
	 * the hash must have the scheme's length. */
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_ANY_HASH), hash, 32, sig,
	    sizeof(sig), &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256), hash, 31, sig,
	    sizeof(sig), &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	/* SHA-1 and MD5 signatures are deprecated (psa/validate.c). */
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_1), hash, 20, sig, sizeof(sig),
	    &sig_len), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_ECDSA(PSA_ALG_MD5), hash, 16, sig, 64),
	    PSA_ERROR_NOT_SUPPORTED);
	st_key_free(&k);
	st_key_free(&pk);
	st_env_fini(&e);
}

/* Signatures from elsewhere verify: python3-cryptography's, and the RFC
 * 6979 deterministic ECDSA vector. */
static void
test_ecdsa_foreign(void **state)
{
	/* RFC 6979 A.2.5: P-256, SHA-256, message "sample". */
	static const uint8_t x[32] = {
		0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16,
		0x6b, 0x5c, 0x21, 0x57, 0x67, 0xb1, 0xd6, 0x93,
		0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8, 0x9b, 0x12,
		0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21,
	};
	static const uint8_t rs[64] = {
		0xef, 0xd4, 0x8b, 0x2a, 0xac, 0xb6, 0xa8, 0xfd,
		0x11, 0x40, 0xdd, 0x9c, 0xd4, 0x5e, 0x81, 0xd6,
		0x9d, 0x2c, 0x87, 0x7b, 0x56, 0xaa, 0xf9, 0x91,
		0xc3, 0x4d, 0x0e, 0xa8, 0x4e, 0xaf, 0x37, 0x16,
		0xf7, 0xcb, 0x1c, 0x94, 0x2d, 0x65, 0x7c, 0x41,
		0xd4, 0x36, 0xc7, 0xa1, 0xb6, 0xe2, 0x9f, 0x65,
		0xf3, 0xe9, 0x00, 0xdb, 0xb9, 0xaf, 0xf4, 0x06,
		0x4d, 0xc4, 0xab, 0x2f, 0x84, 0x3a, 0xcd, 0xa8,
	};
	psa_algorithm_t det = PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256);
	struct st_env e;
	struct st_key k;
	uint8_t hash[64], bad[200];
	const uint8_t *priv, *pub, *sig;
	size_t hash_len, priv_len = 0, pub_len = 0, sig_len = 0;
	char name[32];

	(void)state;
	st_env_init(&e, true, false);
	assert_int_equal(st_import(&e, &k, ECC_PAIR(SECP_R1), 0, det, x, 32),
	    PSA_SUCCESS);
	assert_int_equal(ST_OPS->verify_message(e.se_p, &k.sk_pk, det,
	    (const uint8_t *)"sample", 6, rs, 64), PSA_SUCCESS);
	digest(&e, PSA_ALG_SHA_256, (const uint8_t *)"sample", 6, hash,
	    &hash_len);
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &k.sk_pk, det, hash,
	    hash_len, rs, 64), PSA_SUCCESS);
	/* Same equation as randomised ECDSA (spec, PSA_ALG_ECDSA). */
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256), hash, hash_len, rs, 64),
	    PSA_SUCCESS);
	memcpy(bad, rs, 64);
	bad[63] ^= 1;
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &k.sk_pk, det, hash,
	    hash_len, bad, 64), PSA_ERROR_INVALID_SIGNATURE);
	st_key_free(&k);

	/* Keys and signatures made by python3-cryptography. */
	for (size_t c = 0; c < NELEM(wcurves); c++) {
		st_job(&e, "gen_ec name=k%zu curve=%s", c, wcurves[c].py);
		st_jend(&e);
	}
	st_run(&e);
	digest(&e, PSA_ALG_SHA_384, (const uint8_t *)"x", 1, hash, &hash_len);
	for (size_t c = 0; c < NELEM(wcurves); c++) {
		snprintf(name, sizeof(name), "k%zu.priv", c);
		priv = st_get(&e, name, &priv_len);
		st_job(&e, "ecdsa_sign name=s%zu curve=%s hash=sha384", c,
		    wcurves[c].py);
		st_jhex(&e, "priv", priv, priv_len);
		st_jhex(&e, "digest", hash, hash_len);
		st_jend(&e);
	}
	/* Keep the keys: the next run replaces the output. */
	{
		uint8_t pubs[NELEM(wcurves)][200];
		size_t pub_lens[NELEM(wcurves)];

		for (size_t c = 0; c < NELEM(wcurves); c++) {
			snprintf(name, sizeof(name), "k%zu.pub", c);
			pub = st_get(&e, name, &pub_len);
			memcpy(pubs[c], pub, pub_len);
			pub_lens[c] = pub_len;
		}
		st_run(&e);
		for (size_t c = 0; c < NELEM(wcurves); c++) {
			snprintf(name, sizeof(name), "s%zu", c);
			sig = st_get(&e, name, &sig_len);
			assert_int_equal(st_import(&e, &k,
			    PSA_KEY_TYPE_ECC_PUBLIC_KEY(wcurves[c].family), 0,
			    0, pubs[c], pub_lens[c]), PSA_SUCCESS);
			assert_int_equal(ST_OPS->verify_hash(e.se_p, &k.sk_pk,
			    PSA_ALG_ECDSA(PSA_ALG_SHA_384), hash, hash_len, sig,
			    sig_len), PSA_SUCCESS);
			memcpy(bad, sig, sig_len);
			bad[0] ^= 0x80;
			assert_int_equal(ST_OPS->verify_hash(e.se_p, &k.sk_pk,
			    PSA_ALG_ECDSA(PSA_ALG_SHA_384), hash, hash_len, bad,
			    sig_len), PSA_ERROR_INVALID_SIGNATURE);
			st_key_free(&k);
		}
	}
	st_env_fini(&e);
}

/* 2,000 P-256 signatures, all verified by python3-cryptography in one
 * run: about one r or s in 128 has a leading zero byte, which the raw
 * format must keep (fixed width, left-padded). */
static void
test_ecdsa_2000(void **state)
{
	psa_algorithm_t alg = PSA_ALG_ECDSA(PSA_ALG_SHA_256);
	struct st_env e;
	struct st_key k;
	uint8_t pub[100], hash[32], sig[64];
	size_t pub_len = 0, sig_len, short_parts = 0;

	(void)state;
	st_env_init(&e, true, false);
	st_gen(&e, &k, ECC_PAIR(SECP_R1), 256, alg);
	export_pub(&e, &k, pub, &pub_len);
	for (int i = 0; i < 2000; i++) {
		st_fill_random(hash, sizeof(hash));
		assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk, alg, hash,
		    32, sig, sizeof(sig), &sig_len), PSA_SUCCESS);
		assert_int_equal(sig_len, 64);
		short_parts += (sig[0] == 0) + (sig[32] == 0);
		st_job(&e, "ecdsa_verify curve=secp256r1 hash=sha256");
		st_jhex(&e, "pub", pub, pub_len);
		st_jhex(&e, "digest", hash, 32);
		st_jhex(&e, "sig", sig, 64);
		st_jend(&e);
	}
	/* P(no leading zero in 4000 parts) = (255/256)^4000 < 1e-6. */
	assert_true(short_parts > 0);
	st_run(&e);
	st_key_free(&k);
	st_env_fini(&e);
}

/* RFC 6979 appendix A.2.5-A.2.7: the exact r || s for the RFC's keys and
 * messages, through sign_message and sign_hash. The cases cover a hash
 * shorter than the order (P-384/P-521 with SHA-256), longer (P-256 with
 * SHA-512: bits2int keeps the leftmost bits) and equal. */
struct det_vector {
	size_t		 bits;
	psa_algorithm_t	 hash;
	const char	*msg;
	const char	*x;	/* private key, hex */
	const char	*r, *s;	/* hex, left-padded to the order's length */
};

#define X256 "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"
#define X384 "6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D8" \
	"96D5724E4C70A825F872C9EA60D2EDF5"
#define X521 "00FAD06DAA62BA3B25D2FB40133DA757205DE67F5BB0018FEE8C86E1B68C7E75C" \
	"AA896EB32F1F47C70855836A6D16FCC1466F6D8FBEC67DB89EC0C08B0E996B83538"

static const struct det_vector det_vectors[] = {
	{ 256, PSA_ALG_SHA_256, "sample", X256,
	    "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
	    "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8" },
	{ 256, PSA_ALG_SHA_384, "sample", X256,
	    "0EAFEA039B20E9B42309FB1D89E213057CBF973DC0CFC8F129EDDDC800EF7719",
	    "4861F0491E6998B9455193E34E7B0D284DDD7149A74B95B9261F13ABDE940954" },
	{ 256, PSA_ALG_SHA_512, "sample", X256,
	    "8496A60B5E9B47C825488827E0495B0E3FA109EC4568FD3F8D1097678EB97F00",
	    "2362AB1ADBE2B8ADF9CB9EDAB740EA6049C028114F2460F96554F61FAE3302FE" },
	{ 256, PSA_ALG_SHA_256, "test", X256,
	    "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367",
	    "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083" },
	{ 256, PSA_ALG_SHA_224, "test", X256,
	    "C37EDB6F0AE79D47C3C27E962FA269BB4F441770357E114EE511F662EC34A692",
	    "C820053A05791E521FCAAD6042D40AEA1D6B1A540138558F47D0719800E18F2D" },
	{ 384, PSA_ALG_SHA_256, "sample", X384,
	    "21B13D1E013C7FA1392D03C5F99AF8B30C570C6F98D4EA8E354B63A21D3DAA33"
	    "BDE1E888E63355D92FA2B3C36D8FB2CD",
	    "F3AA443FB107745BF4BD77CB3891674632068A10CA67E3D45DB2266FA7D1FEEB"
	    "EFDC63ECCD1AC42EC0CB8668A4FA0AB0" },
	{ 384, PSA_ALG_SHA_384, "sample", X384,
	    "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C"
	    "81A648152E44ACF96E36DD1E80FABE46",
	    "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94F"
	    "A329C145786E679E7B82C71A38628AC8" },
	{ 384, PSA_ALG_SHA_512, "test", X384,
	    "A0D5D090C9980FAF3C2CE57B7AE951D31977DD11C775D314AF55F76C676447D0"
	    "6FB6495CD21B4B6E340FC236584FB277",
	    "976984E59B4C77B0E8E4460DCA3D9F20E07B9BB1F63BEEFAF576F6B2E8B22463"
	    "4A2092CD3792E0159AD9CEE37659C736" },
	{ 521, PSA_ALG_SHA_256, "sample", X521,
	    "01511BB4D675114FE266FC4372B87682BAECC01D3CC62CF2303C92B3526012659"
	    "D16876E25C7C1E57648F23B73564D67F61C6F14D527D54972810421E7D87589E1A7",
	    "004A171143A83163D6DF460AAF61522695F207A58B95C0644D87E52AA1A347916"
	    "E4F7A72930B1BC06DBE22CE3F58264AFD23704CBB63B29B931F7DE6C9D949A7ECFC" },
	{ 521, PSA_ALG_SHA_512, "sample", X521,
	    "00C328FAFCBD79DD77850370C46325D987CB525569FB63C5D3BC53950E6D4C5F1"
	    "74E25A1EE9017B5D450606ADD152B534931D7D4E8455CC91F9B15BF05EC36E377FA",
	    "00617CCE7CF5064806C467F678D3B4080D6F1CC50AF26CA209417308281B68AF2"
	    "82623EAA63E5B5C0723D8B8C37FF0777B1A20F8CCB1DCCC43997F1EE0E44DA4A67A" },
	{ 521, PSA_ALG_SHA_384, "test", X521,
	    "014BEE21A18B6D8B3C93FAB08D43E739707953244FDBE924FA926D76669E7AC8C"
	    "89DF62ED8975C2D8397A65A49DCC09F6B0AC62272741924D479354D74FF6075578C",
	    "0133330865C067A0EAF72362A65E2D7BC4E461E8C8995C3B6226A21BD1AA78F0E"
	    "D94FE536A0DCA35534F0CD1510C41525D163FE9D74D134881E35141ED5E8E95B979" },
};

static size_t
det_unhex(const char *hex, uint8_t *out, size_t out_size)
{
	size_t n = strlen(hex) / 2;

	assert_true(strlen(hex) % 2 == 0 && n <= out_size);
	for (size_t i = 0; i < n; i++) {
		int hi = st_unhex((char)tolower((unsigned char)hex[2 * i]));
		int lo = st_unhex((char)tolower((unsigned char)hex[2 * i + 1]));

		assert_true(hi >= 0 && lo >= 0);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return n;
}

static void
test_ecdsa_deterministic_rfc6979(void **state)
{
	struct st_env e;
	struct st_key k;
	uint8_t x[66], want[132], sig[132], hash[64];
	size_t x_len, n_len, sig_len, hash_len;

	(void)state;
	st_env_init(&e, true, false);
	for (size_t i = 0; i < NELEM(det_vectors); i++) {
		const struct det_vector *v = &det_vectors[i];
		psa_algorithm_t alg = PSA_ALG_DETERMINISTIC_ECDSA(v->hash);
		const uint8_t *msg = (const uint8_t *)v->msg;

		x_len = det_unhex(v->x, x, sizeof(x));
		n_len = det_unhex(v->r, want, sizeof(want));
		assert_int_equal(det_unhex(v->s, want + n_len,
		    sizeof(want) - n_len), n_len);
		assert_int_equal(st_import(&e, &k, ECC_PAIR(SECP_R1), v->bits,
		    alg, x, x_len), PSA_SUCCESS);
		sig_len = 0;
		assert_int_equal(ST_OPS->sign_message(e.se_p, &k.sk_pk, alg,
		    msg, strlen(v->msg), sig, sizeof(sig), &sig_len),
		    PSA_SUCCESS);
		assert_int_equal(sig_len, 2 * n_len);
		assert_memory_equal(sig, want, sig_len);
		digest(&e, v->hash, msg, strlen(v->msg), hash, &hash_len);
		sig_len = 0;
		assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk, alg, hash,
		    hash_len, sig, sizeof(sig), &sig_len), PSA_SUCCESS);
		assert_memory_equal(sig, want, 2 * n_len);
		st_key_free(&k);
	}
	st_env_fini(&e);
}

/* Deterministic signatures on fresh keys of every Weierstrass curve, each
 * verified by python3-cryptography; the same input signs the same twice,
 * another input differently. */
static void
test_ecdsa_deterministic_curves(void **state)
{
	struct st_env e;
	struct st_key k;
	uint8_t pub[200], hash[64], sig[200], again[200];
	size_t pub_len = 0, hash_len, sig_len, again_len;

	(void)state;
	st_env_init(&e, true, false);
	for (size_t c = 0; c < NELEM(wcurves); c++) {
		psa_algorithm_t alg =
		    PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_384);

		st_gen(&e, &k, PSA_KEY_TYPE_ECC_KEY_PAIR(wcurves[c].family),
		    wcurves[c].bits, alg);
		export_pub(&e, &k, pub, &pub_len);
		for (int i = 0; i < 25; i++) {
			st_fill_random(hash, 48);
			hash_len = 48;
			assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
			    alg, hash, hash_len, sig, sizeof(sig), &sig_len),
			    PSA_SUCCESS);
			assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
			    alg, hash, hash_len, again, sizeof(again),
			    &again_len), PSA_SUCCESS);
			assert_int_equal(sig_len, again_len);
			assert_memory_equal(sig, again, sig_len);
			hash[0] ^= 1;
			assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
			    alg, hash, hash_len, again, sizeof(again),
			    &again_len), PSA_SUCCESS);
			assert_memory_not_equal(sig, again, sig_len);
			hash[0] ^= 1;
			st_job(&e, "ecdsa_verify curve=%s hash=sha384",
			    wcurves[c].py);
			st_jhex(&e, "pub", pub, pub_len);
			st_jhex(&e, "digest", hash, hash_len);
			st_jhex(&e, "sig", sig, sig_len);
			st_jend(&e);
		}
		st_key_free(&k);
	}
	st_run(&e);
	st_env_fini(&e);
}

/* RSA PKCS#1 v1.5, every hash, checked by padding rebuilt in Python. */
static void
test_rsa_pkcs1(void **state)
{
	struct st_env e;
	struct st_key k, pk;
	uint8_t pub[600], hash[64], sig[512], msg[64] = "message";
	size_t pub_len = 0, hash_len, sig_len;
	psa_status_t want;

	(void)state;
	st_env_init(&e, true, false);
	st_gen(&e, &k, RSA_PAIR, 2048,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_ANY_HASH));
	export_pub(&e, &k, pub, &pub_len);
	assert_int_equal(st_import(&e, &pk, RSA_PUB, 0, 0, pub, pub_len),
	    PSA_SUCCESS);
	for (size_t h = 0; h < NELEM(all_hashes); h++) {
		psa_algorithm_t alg = PSA_ALG_RSA_PKCS1V15_SIGN(all_hashes[h]);

		digest(&e, all_hashes[h], msg, sizeof(msg), hash, &hash_len);
		/* OpenSSL 3.0 has no DigestInfo for SM3 with RSA. */
		want = all_hashes[h] == PSA_ALG_SM3 ? PSA_ERROR_NOT_SUPPORTED :
		    PSA_SUCCESS;
		assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk, alg, hash,
		    hash_len, sig, sizeof(sig), &sig_len), want);
		if (want != PSA_SUCCESS)
			continue;
		assert_int_equal(sig_len, 256);
		assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk, alg,
		    hash, hash_len, sig, sig_len), PSA_SUCCESS);
		st_job(&e, "rsa_pkcs1_verify hash=%s",
		    st_hash_name(all_hashes[h]));
		st_jhex(&e, "pub", pub, pub_len);
		st_jhex(&e, "digest", hash, hash_len);
		st_jhex(&e, "sig", sig, sig_len);
		st_jend(&e);
		assert_int_equal(ST_OPS->sign_message(e.se_p, &k.sk_pk, alg,
		    msg, sizeof(msg), sig, sizeof(sig), &sig_len), PSA_SUCCESS);
		assert_int_equal(ST_OPS->verify_message(e.se_p, &pk.sk_pk, alg,
		    msg, sizeof(msg), sig, sig_len), PSA_SUCCESS);
		/* PKCS#1 v1.5 is deterministic: same as via the hash. */
		st_job(&e, "rsa_pkcs1_verify hash=%s",
		    st_hash_name(all_hashes[h]));
		st_jhex(&e, "pub", pub, pub_len);
		st_jhex(&e, "digest", hash, hash_len);
		st_jhex(&e, "sig", sig, sig_len);
		st_jend(&e);
	}
	/* The raw form pads what it is given: up to k - 11 bytes. */
	for (size_t len = 1; len <= 245; len += 61) {
		assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
		    PSA_ALG_RSA_PKCS1V15_SIGN_RAW, msg, len < 64 ? len : 64,
		    sig, sizeof(sig), &sig_len), PSA_SUCCESS);
		st_job(&e, "rsa_pkcs1_verify hash=raw");
		st_jhex(&e, "pub", pub, pub_len);
		st_jhex(&e, "digest", msg, len < 64 ? len : 64);
		st_jhex(&e, "sig", sig, sig_len);
		st_jend(&e);
	}
	{
		uint8_t big[246] = { 0 };

		assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
		    PSA_ALG_RSA_PKCS1V15_SIGN_RAW, big, 245, sig, sizeof(sig),
		    &sig_len), PSA_SUCCESS);
		assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk,
		    PSA_ALG_RSA_PKCS1V15_SIGN_RAW, big, 245, sig, sig_len),
		    PSA_SUCCESS);
		assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
		    PSA_ALG_RSA_PKCS1V15_SIGN_RAW, big, 246, sig, sizeof(sig),
		    &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	}
	/* Buffer boundary and wrong hash length. */
	digest(&e, PSA_ALG_SHA_256, msg, sizeof(msg), hash, &hash_len);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_256), hash, 32, sig, 255,
	    &sig_len), PSA_ERROR_BUFFER_TOO_SMALL);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_256), hash, 32, sig, 256,
	    &sig_len), PSA_SUCCESS);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_256), hash, 28, sig, 256,
	    &sig_len), PSA_ERROR_INVALID_ARGUMENT);
	sig[100] ^= 1;
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_256), hash, 32, sig, 256),
	    PSA_ERROR_INVALID_SIGNATURE);
	assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_256), hash, 32, sig, 255),
	    PSA_ERROR_INVALID_SIGNATURE);
	st_run(&e);
	st_key_free(&k);
	st_key_free(&pk);
	st_env_fini(&e);
}

/* RSA PSS: salt = hash length when signing; verification is strict for
 * PSS and accepts any salt for PSS_ANY_SALT. */
static void
test_rsa_pss(void **state)
{
	struct st_env e;
	struct st_key k, pk;
	uint8_t hash[64], sig[512];
	const uint8_t *priv, *pub, *fsig;
	size_t hash_len, sig_len, priv_len = 0, pub_len = 0, fsig_len = 0;
	char name[32];
	static const int salts[] = { 0, 20, 32, 64, 222 };

	(void)state;
	st_env_init(&e, true, false);
	st_job(&e, "gen_rsa name=rsa bits=2048");
	st_jend(&e);
	st_run(&e);
	priv = st_get(&e, "rsa.priv", &priv_len);
	assert_int_equal(st_import(&e, &k, RSA_PAIR, 0, 0, priv, priv_len),
	    PSA_SUCCESS);
	pub = st_get(&e, "rsa.pub", &pub_len);
	assert_int_equal(st_import(&e, &pk, RSA_PUB, 0, 0, pub, pub_len),
	    PSA_SUCCESS);
	for (size_t h = 0; h < NELEM(all_hashes); h++) {
		psa_algorithm_t pss = PSA_ALG_RSA_PSS(all_hashes[h]);
		psa_algorithm_t any = PSA_ALG_RSA_PSS_ANY_SALT(all_hashes[h]);

		digest(&e, all_hashes[h], (const uint8_t *)"m", 1, hash,
		    &hash_len);
		if (all_hashes[h] == PSA_ALG_SM3) {
			assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
			    pss, hash, hash_len, sig, sizeof(sig), &sig_len),
			    PSA_ERROR_NOT_SUPPORTED);
			continue;
		}
		for (int a = 0; a < 2; a++) {
			assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
			    a ? any : pss, hash, hash_len, sig, sizeof(sig),
			    &sig_len), PSA_SUCCESS);
			assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk,
			    pss, hash, hash_len, sig, sig_len), PSA_SUCCESS);
			st_job(&e, "rsa_pss_verify hash=%s salt=%zu",
			    st_hash_name(all_hashes[h]), hash_len);
			st_jhex(&e, "pub", pub, pub_len);
			st_jhex(&e, "digest", hash, hash_len);
			st_jhex(&e, "sig", sig, sig_len);
			st_jend(&e);
		}
		assert_int_equal(ST_OPS->sign_message(e.se_p, &k.sk_pk, pss,
		    (const uint8_t *)"m", 1, sig, sizeof(sig), &sig_len),
		    PSA_SUCCESS);
		assert_int_equal(ST_OPS->verify_message(e.se_p, &pk.sk_pk, any,
		    (const uint8_t *)"m", 1, sig, sig_len), PSA_SUCCESS);
		st_job(&e, "rsa_pss_verify hash=%s salt=%zu",
		    st_hash_name(all_hashes[h]), hash_len);
		st_jhex(&e, "pub", pub, pub_len);
		st_jhex(&e, "digest", hash, hash_len);
		st_jhex(&e, "sig", sig, sig_len);
		st_jend(&e);
	}
	/* Foreign PSS signatures with assorted salts. */
	digest(&e, PSA_ALG_SHA_256, (const uint8_t *)"m", 1, hash, &hash_len);
	for (size_t i = 0; i < NELEM(salts); i++) {
		st_job(&e, "rsa_pss_sign name=s%d hash=sha256 salt=%d",
		    salts[i], salts[i]);
		st_jhex(&e, "priv", priv, priv_len);
		st_jhex(&e, "digest", hash, hash_len);
		st_jend(&e);
	}
	st_run(&e);
	for (size_t i = 0; i < NELEM(salts); i++) {
		snprintf(name, sizeof(name), "s%d", salts[i]);
		fsig = st_get(&e, name, &fsig_len);
		assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk,
		    PSA_ALG_RSA_PSS_ANY_SALT(PSA_ALG_SHA_256), hash, hash_len,
		    fsig, fsig_len), PSA_SUCCESS);
		assert_int_equal(ST_OPS->verify_hash(e.se_p, &pk.sk_pk,
		    PSA_ALG_RSA_PSS(PSA_ALG_SHA_256), hash, hash_len, fsig,
		    fsig_len), salts[i] == 32 ? PSA_SUCCESS :
		    PSA_ERROR_INVALID_SIGNATURE);
	}
	st_key_free(&k);
	st_key_free(&pk);
	st_env_fini(&e);
}

/* Deprecated choices work when allowed: SHA-1 and MD5 signatures, a
 * 1024-bit key, whose PSS salt with SHA-512 shrinks to the 62 bytes that
 * fit (spec PSA_ALG_RSA_PSS). */
static void
test_rsa_deprecated_allowed(void **state)
{
	struct st_env e;
	struct st_key k;
	uint8_t hash[64], sig[512], pub[300];
	const uint8_t *priv;
	size_t hash_len, sig_len, priv_len = 0, pub_len;

	(void)state;
	st_env_init(&e, true, true);
	st_job(&e, "gen_rsa name=rsa bits=1024");
	st_jend(&e);
	st_run(&e);
	priv = st_get(&e, "rsa.priv", &priv_len);
	assert_int_equal(st_import(&e, &k, RSA_PAIR, 0, 0, priv, priv_len),
	    PSA_SUCCESS);
	assert_int_equal(k.sk_attrs.bits, 1024);
	export_pub(&e, &k, pub, &pub_len);
	digest(&e, PSA_ALG_SHA_512, (const uint8_t *)"m", 1, hash, &hash_len);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_512), hash, hash_len, sig, sizeof(sig),
	    &sig_len), PSA_SUCCESS);
	st_job(&e, "rsa_pss_verify hash=sha512 salt=62");
	st_jhex(&e, "pub", pub, pub_len);
	st_jhex(&e, "digest", hash, hash_len);
	st_jhex(&e, "sig", sig, sig_len);
	st_jend(&e);
	for (int md5 = 0; md5 <= 1; md5++) {
		psa_algorithm_t hh = md5 ? PSA_ALG_MD5 : PSA_ALG_SHA_1;

		digest(&e, hh, (const uint8_t *)"m", 1, hash, &hash_len);
		assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
		    PSA_ALG_RSA_PKCS1V15_SIGN(hh), hash, hash_len, sig,
		    sizeof(sig), &sig_len), PSA_SUCCESS);
		st_job(&e, "rsa_pkcs1_verify hash=%s", st_hash_name(hh));
		st_jhex(&e, "pub", pub, pub_len);
		st_jhex(&e, "digest", hash, hash_len);
		st_jhex(&e, "sig", sig, sig_len);
		st_jend(&e);
	}
	st_run(&e);
	st_key_free(&k);
	st_env_fini(&e);
}

static void
test_eddsa(void **state)
{
	static const struct {
		size_t		 bits;
		const char	*py;
		size_t		 sig_len;
	} eds[] = { { 255, "ed25519", 64 }, { 448, "ed448", 114 } };
	struct st_env e;
	struct st_key k, pk;
	uint8_t pub[100], sig[200], msg[300];
	const uint8_t *fpriv;
	size_t pub_len, sig_len, fpriv_len = 0;
	char name[32];

	(void)state;
	st_env_init(&e, true, false);
	st_fill_random(msg, sizeof(msg));
	for (size_t i = 0; i < NELEM(eds); i++) {
		st_job(&e, "gen_raw name=f%zu curve=%s", i, eds[i].py);
		st_jend(&e);
	}
	st_run(&e);
	for (size_t i = 0; i < NELEM(eds); i++) {
		for (int foreign = 0; foreign <= 1; foreign++) {
			if (foreign) {
				snprintf(name, sizeof(name), "f%zu.priv", i);
				fpriv = st_get(&e, name, &fpriv_len);
				assert_int_equal(st_import(&e, &k,
				    ECC_PAIR(TWISTED_EDWARDS), 0,
				    PSA_ALG_PURE_EDDSA, fpriv, fpriv_len),
				    PSA_SUCCESS);
			} else
				st_gen(&e, &k, ECC_PAIR(TWISTED_EDWARDS),
				    eds[i].bits, PSA_ALG_PURE_EDDSA);
			export_pub(&e, &k, pub, &pub_len);
			assert_int_equal(st_import(&e, &pk,
			    ECC_PUB(TWISTED_EDWARDS), eds[i].bits, 0, pub,
			    pub_len), PSA_SUCCESS);
			for (size_t len = 0; len <= sizeof(msg); len += 150) {
				assert_int_equal(ST_OPS->sign_message(e.se_p,
				    &k.sk_pk, PSA_ALG_PURE_EDDSA, msg, len, sig,
				    eds[i].sig_len, &sig_len), PSA_SUCCESS);
				assert_int_equal(sig_len, eds[i].sig_len);
				assert_int_equal(ST_OPS->verify_message(e.se_p,
				    &pk.sk_pk, PSA_ALG_PURE_EDDSA, msg, len,
				    sig, sig_len), PSA_SUCCESS);
				st_job(&e, "eddsa_verify curve=%s", eds[i].py);
				st_jhex(&e, "pub", pub, pub_len);
				st_jhex(&e, "msg", msg, len);
				st_jhex(&e, "sig", sig, sig_len);
				st_jend(&e);
			}
			sig[3] ^= 1;
			assert_int_equal(ST_OPS->verify_message(e.se_p,
			    &pk.sk_pk, PSA_ALG_PURE_EDDSA, msg, 300, sig,
			    sig_len), PSA_ERROR_INVALID_SIGNATURE);
			assert_int_equal(ST_OPS->sign_message(e.se_p,
			    &k.sk_pk, PSA_ALG_PURE_EDDSA, msg, 1, sig,
			    eds[i].sig_len - 1, &sig_len),
			    PSA_ERROR_BUFFER_TOO_SMALL);
			/* PureEdDSA signs messages, never hashes (spec). */
			assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
			    PSA_ALG_PURE_EDDSA, msg, 64, sig, sizeof(sig),
			    &sig_len), PSA_ERROR_INVALID_ARGUMENT);
			/* HashEdDSA: not in OpenSSL 3.0. */
			assert_int_equal(ST_OPS->sign_message(e.se_p,
			    &k.sk_pk, eds[i].bits == 255 ? PSA_ALG_ED25519PH :
			    PSA_ALG_ED448PH, msg, 1, sig, sizeof(sig),
			    &sig_len), PSA_ERROR_NOT_SUPPORTED);
			st_key_free(&k);
			st_key_free(&pk);
		}
	}
	st_run(&e);
	st_env_fini(&e);
}

/* Workers call the provider at once (provider.h): no shared state to
 * race on, so every signature made on any thread verifies. */
struct conc {
	struct st_env		*e;
	const struct st_key	*k;
	int			 failures;
};

static void *
conc_worker(void *arg)
{
	struct conc *c = arg;
	psa_algorithm_t alg = PSA_ALG_ECDSA(PSA_ALG_SHA_256);
	uint8_t hash[32], sig[64];
	size_t sig_len;

	for (int i = 0; i < 200; i++) {
		memset(hash, i, sizeof(hash));
		if (ST_OPS->sign_hash(c->e->se_p, &c->k->sk_pk, alg, hash, 32,
		    sig, sizeof(sig), &sig_len) != PSA_SUCCESS ||
		    ST_OPS->verify_hash(c->e->se_p, &c->k->sk_pk, alg, hash,
		    32, sig, sig_len) != PSA_SUCCESS)
			c->failures++;
	}
	return NULL;
}

static void
test_concurrent(void **state)
{
	struct st_env e;
	struct st_key k;
	struct conc c[4];
	pthread_t t[4];

	(void)state;
	st_env_init(&e, true, false);
	st_gen(&e, &k, ECC_PAIR(SECP_R1), 256, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
	for (int i = 0; i < 4; i++) {
		c[i] = (struct conc){ &e, &k, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, conc_worker,
		    &c[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(c[i].failures, 0);
	}
	st_key_free(&k);
	st_env_fini(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ecdsa_curves),
		cmocka_unit_test(test_ecdsa_refusals),
		cmocka_unit_test(test_ecdsa_foreign),
		cmocka_unit_test(test_ecdsa_2000),
		cmocka_unit_test(test_ecdsa_deterministic_rfc6979),
		cmocka_unit_test(test_ecdsa_deterministic_curves),
		cmocka_unit_test(test_rsa_pkcs1),
		cmocka_unit_test(test_rsa_pss),
		cmocka_unit_test(test_rsa_deprecated_allowed),
		cmocka_unit_test(test_eddsa),
		cmocka_unit_test(test_concurrent),
	};

	st_log_quiet();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
