/* tests/unit/test_soft_asym.c: soft provider RSA encryption (OAEP with
 * every listed hash, PKCS#1 v1.5) in both directions against padding
 * written out in Python, and raw key agreement (ECDH on every Weierstrass
 * curve, X25519, X448) against python3-cryptography, with the refusals
 * (src/providers/soft/asym.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "soft_test_util.h"

#define ECC_PAIR(f)	PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_##f)
#define ECC_PUB(f)	PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_##f)
#define RSA_PAIR	PSA_KEY_TYPE_RSA_KEY_PAIR
#define RSA_PUB		PSA_KEY_TYPE_RSA_PUBLIC_KEY
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const psa_algorithm_t oaep_hashes[] = {
	PSA_ALG_SHA_1, PSA_ALG_SHA_224, PSA_ALG_SHA_256, PSA_ALG_SHA_384,
	PSA_ALG_SHA_512, PSA_ALG_SHA_512_224, PSA_ALG_SHA_512_256,
	PSA_ALG_SHA3_224, PSA_ALG_SHA3_256, PSA_ALG_SHA3_384, PSA_ALG_SHA3_512,
	PSA_ALG_RIPEMD160, PSA_ALG_SM3,
};

static void
rsa_job(struct st_env *e, const char *op, const char *name,
    psa_algorithm_t alg, const uint8_t *label, size_t label_len)
{
	if (alg == PSA_ALG_RSA_PKCS1V15_CRYPT)
		st_job(e, "%s name=%s alg=pkcs1 hash=none", op, name);
	else
		st_job(e, "%s name=%s alg=oaep hash=%s", op, name,
		    st_hash_name(psa_alg_get_hash(alg)));
	st_jhex(e, "label", label, label_len);
}

static void
test_rsa_crypt(void **state)
{
	static const uint8_t label[] = "a label";
	struct st_env e;
	struct st_key k, pk;
	uint8_t priv[2000], pub[600], ct[256], pt[256];
	uint8_t msg[256];
	size_t priv_len = 0, pub_len = 0, ct_len = 0, pt_len;
	psa_algorithm_t algs[1 + NELEM(oaep_hashes)];
	char name[32];

	(void)state;
	st_env_init(&e, true, false);
	st_fill_random(msg, sizeof(msg));
	algs[0] = PSA_ALG_RSA_PKCS1V15_CRYPT;
	for (size_t i = 0; i < NELEM(oaep_hashes); i++)
		algs[1 + i] = PSA_ALG_RSA_OAEP(oaep_hashes[i]);
	st_gen(&e, &k, RSA_PAIR, 2048, PSA_ALG_RSA_OAEP(PSA_ALG_SHA_256));
	assert_int_equal(ST_OPS->export_key(e.se_p, &k.sk_pk, priv,
	    sizeof(priv), &priv_len), PSA_SUCCESS);
	assert_int_equal(ST_OPS->export_public_key(e.se_p, &k.sk_pk, pub,
	    sizeof(pub), &pub_len), PSA_SUCCESS);
	assert_int_equal(st_import(&e, &pk, RSA_PUB, 0, 0, pub, pub_len),
	    PSA_SUCCESS);

	for (size_t a = 0; a < NELEM(algs); a++) {
		size_t max = algs[a] == PSA_ALG_RSA_PKCS1V15_CRYPT ? 256 - 11 :
		    256 - 2 * psa_hash_length(psa_alg_get_hash(algs[a])) - 2;
		bool oaep = algs[a] != PSA_ALG_RSA_PKCS1V15_CRYPT;

		/* Ours, decrypted in Python: empty, short, the longest. */
		for (size_t len = 0; len <= max; len += max) {
			for (int lab = 0; lab <= (oaep ? 1 : 0); lab++) {
				assert_int_equal(ST_OPS->asymmetric_encrypt(
				    e.se_p, &pk.sk_pk, algs[a], msg, len,
				    lab ? label : NULL, lab ? sizeof(label) : 0,
				    ct, sizeof(ct), &ct_len), PSA_SUCCESS);
				assert_int_equal(ct_len, 256);
				rsa_job(&e, "rsa_decrypt", "-", algs[a], label,
				    lab ? sizeof(label) : 0);
				st_jhex(&e, "priv", priv, priv_len);
				st_jhex(&e, "ct", ct, ct_len);
				st_jhex(&e, "pt", msg, len);
				st_jend(&e);
				/* And back through the provider. */
				assert_int_equal(ST_OPS->asymmetric_decrypt(
				    e.se_p, &k.sk_pk, algs[a], ct, ct_len,
				    lab ? label : NULL, lab ? sizeof(label) : 0,
				    pt, sizeof(pt), &pt_len), PSA_SUCCESS);
				assert_int_equal(pt_len, len);
				assert_memory_equal(pt, msg, len);
			}
		}
		/* Too long for the padding. */
		assert_int_equal(ST_OPS->asymmetric_encrypt(e.se_p, &k.sk_pk,
		    algs[a], msg, max + 1, NULL, 0, ct, sizeof(ct), &ct_len),
		    PSA_ERROR_INVALID_ARGUMENT);
		/* Python's ciphertexts, for the provider to decrypt. */
		snprintf(name, sizeof(name), "c%zu", a);
		rsa_job(&e, "rsa_encrypt", name, algs[a], label,
		    oaep ? sizeof(label) : 0);
		st_jhex(&e, "pub", pub, pub_len);
		st_jhex(&e, "pt", msg, 40);
		st_jend(&e);
	}
	st_run(&e);
	for (size_t a = 0; a < NELEM(algs); a++) {
		bool oaep = algs[a] != PSA_ALG_RSA_PKCS1V15_CRYPT;
		const uint8_t *fct;
		size_t fct_len = 0;
		uint8_t bad[256];

		snprintf(name, sizeof(name), "c%zu", a);
		fct = st_get(&e, name, &fct_len);
		assert_int_equal(ST_OPS->asymmetric_decrypt(e.se_p, &k.sk_pk,
		    algs[a], fct, fct_len, oaep ? label : NULL,
		    oaep ? sizeof(label) : 0, pt, sizeof(pt), &pt_len),
		    PSA_SUCCESS);
		assert_int_equal(pt_len, 40);
		assert_memory_equal(pt, msg, 40);
		/* Exact output size works, one less fails (and is wiped). */
		memset(pt, 0xa5, sizeof(pt));
		assert_int_equal(ST_OPS->asymmetric_decrypt(e.se_p, &k.sk_pk,
		    algs[a], fct, fct_len, oaep ? label : NULL,
		    oaep ? sizeof(label) : 0, pt, 39, &pt_len),
		    PSA_ERROR_BUFFER_TOO_SMALL);
		assert_int_equal(pt_len, 0);
		for (size_t i = 0; i < 39; i++)
			assert_int_equal(pt[i], 0);
		assert_int_equal(ST_OPS->asymmetric_decrypt(e.se_p, &k.sk_pk,
		    algs[a], fct, fct_len, oaep ? label : NULL,
		    oaep ? sizeof(label) : 0, pt, 40, &pt_len), PSA_SUCCESS);
		/* Wrong label, altered ciphertext, wrong length. */
		if (oaep)
			assert_int_equal(ST_OPS->asymmetric_decrypt(e.se_p,
			    &k.sk_pk, algs[a], fct, fct_len, label, 3, pt,
			    sizeof(pt), &pt_len), PSA_ERROR_INVALID_PADDING);
		memcpy(bad, fct, fct_len);
		bad[200] ^= 1;
		assert_int_equal(ST_OPS->asymmetric_decrypt(e.se_p, &k.sk_pk,
		    algs[a], bad, fct_len, oaep ? label : NULL,
		    oaep ? sizeof(label) : 0, pt, sizeof(pt), &pt_len),
		    PSA_ERROR_INVALID_PADDING);
		assert_int_equal(ST_OPS->asymmetric_decrypt(e.se_p, &k.sk_pk,
		    algs[a], fct, fct_len - 1, NULL, 0, pt, sizeof(pt),
		    &pt_len), PSA_ERROR_INVALID_ARGUMENT);
	}
	/* No salt for PKCS#1 v1.5; no decryption with a public key; the
	 * ciphertext buffer must hold k bytes; MD5 is deprecated. */
	assert_int_equal(ST_OPS->asymmetric_encrypt(e.se_p, &pk.sk_pk,
	    PSA_ALG_RSA_PKCS1V15_CRYPT, msg, 10, label, 2, ct, sizeof(ct),
	    &ct_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->asymmetric_decrypt(e.se_p, &pk.sk_pk,
	    PSA_ALG_RSA_PKCS1V15_CRYPT, ct, 256, NULL, 0, pt, sizeof(pt),
	    &pt_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->asymmetric_encrypt(e.se_p, &pk.sk_pk,
	    PSA_ALG_RSA_OAEP(PSA_ALG_SHA_256), msg, 10, NULL, 0, ct, 255,
	    &ct_len), PSA_ERROR_BUFFER_TOO_SMALL);
	assert_int_equal(ST_OPS->asymmetric_encrypt(e.se_p, &pk.sk_pk,
	    PSA_ALG_RSA_OAEP(PSA_ALG_MD5), msg, 10, NULL, 0, ct, sizeof(ct),
	    &ct_len), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(ST_OPS->asymmetric_encrypt(e.se_p, &pk.sk_pk,
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_256), msg, 10, NULL, 0, ct, sizeof(ct),
	    &ct_len), PSA_ERROR_INVALID_ARGUMENT);
	st_key_free(&k);
	st_key_free(&pk);
	st_env_fini(&e);
}

struct kacurve {
	psa_ecc_family_t	 family;
	size_t			 bits;
	const char		*py;
	bool			 is_raw;
};

static const struct kacurve kacurves[] = {
	{ PSA_ECC_FAMILY_SECP_R1, 224, "secp224r1", false },
	{ PSA_ECC_FAMILY_SECP_R1, 256, "secp256r1", false },
	{ PSA_ECC_FAMILY_SECP_R1, 384, "secp384r1", false },
	{ PSA_ECC_FAMILY_SECP_R1, 521, "secp521r1", false },
	{ PSA_ECC_FAMILY_SECP_K1, 256, "secp256k1", false },
	{ PSA_ECC_FAMILY_BRAINPOOL_P_R1, 256, "brainpoolP256r1", false },
	{ PSA_ECC_FAMILY_BRAINPOOL_P_R1, 384, "brainpoolP384r1", false },
	{ PSA_ECC_FAMILY_BRAINPOOL_P_R1, 512, "brainpoolP512r1", false },
	{ PSA_ECC_FAMILY_MONTGOMERY, 255, "x25519", true },
	{ PSA_ECC_FAMILY_MONTGOMERY, 448, "x448", true },
};

static void
test_ecdh(void **state)
{
	struct st_env e;
	struct st_key k, fk;
	uint8_t pub[200], secret[100], secret2[100];
	const uint8_t *fpriv, *fpub;
	size_t pub_len = 0, secret_len, secret2_len, need;
	size_t fpriv_len = 0, fpub_len = 0;
	char name[32];

	(void)state;
	st_env_init(&e, true, false);
	for (size_t c = 0; c < NELEM(kacurves); c++) {
		st_job(&e, "%s name=p%zu curve=%s", kacurves[c].is_raw ?
		    "gen_raw" : "gen_ec", c, kacurves[c].py);
		st_jend(&e);
	}
	st_run(&e);
	for (size_t c = 0; c < NELEM(kacurves); c++) {
		psa_key_type_t type =
		    PSA_KEY_TYPE_ECC_KEY_PAIR(kacurves[c].family);

		st_gen(&e, &k, type, kacurves[c].bits, PSA_ALG_ECDH);
		assert_int_equal(ST_OPS->export_public_key(e.se_p, &k.sk_pk,
		    pub, sizeof(pub), &pub_len), PSA_SUCCESS);
		snprintf(name, sizeof(name), "p%zu.priv", c);
		fpriv = st_get(&e, name, &fpriv_len);
		snprintf(name, sizeof(name), "p%zu.pub", c);
		fpub = st_get(&e, name, &fpub_len);
		need = PSA_BITS_TO_BYTES(kacurves[c].bits);

		/* Boundary, then the agreement itself. */
		assert_int_equal(ST_OPS->raw_key_agreement(e.se_p, &k.sk_pk,
		    PSA_ALG_ECDH, fpub, fpub_len, secret, need - 1,
		    &secret_len), PSA_ERROR_BUFFER_TOO_SMALL);
		assert_int_equal(ST_OPS->raw_key_agreement(e.se_p, &k.sk_pk,
		    PSA_ALG_ECDH, fpub, fpub_len, secret, need, &secret_len),
		    PSA_SUCCESS);
		assert_int_equal(secret_len, need);
		st_job(&e, "ecdh_check curve=%s", kacurves[c].py);
		st_jhex(&e, "priv", fpriv, fpriv_len);
		st_jhex(&e, "peer", pub, pub_len);
		st_jhex(&e, "secret", secret, secret_len);
		st_jend(&e);
		/* The foreign key imported: the other side agrees. */
		assert_int_equal(st_import(&e, &fk, type, 0, PSA_ALG_ECDH,
		    fpriv, fpriv_len), PSA_SUCCESS);
		assert_int_equal(ST_OPS->raw_key_agreement(e.se_p, &fk.sk_pk,
		    PSA_ALG_ECDH, pub, pub_len, secret2, sizeof(secret2),
		    &secret2_len), PSA_SUCCESS);
		assert_int_equal(secret2_len, secret_len);
		assert_memory_equal(secret, secret2, secret_len);
		st_key_free(&fk);

		/* Peers that are not points of this curve. */
		assert_int_equal(ST_OPS->raw_key_agreement(e.se_p, &k.sk_pk,
		    PSA_ALG_ECDH, fpub, fpub_len - 1, secret, sizeof(secret),
		    &secret_len), PSA_ERROR_INVALID_ARGUMENT);
		assert_int_equal(ST_OPS->raw_key_agreement(e.se_p, &k.sk_pk,
		    PSA_ALG_ECDH, fpub, 0, secret, sizeof(secret),
		    &secret_len), PSA_ERROR_INVALID_ARGUMENT);
		if (!kacurves[c].is_raw) {
			uint8_t bad[200];

			memcpy(bad, fpub, fpub_len);
			bad[fpub_len - 1] ^= 1;		/* off the curve */
			assert_int_equal(ST_OPS->raw_key_agreement(e.se_p,
			    &k.sk_pk, PSA_ALG_ECDH, bad, fpub_len, secret,
			    sizeof(secret), &secret_len),
			    PSA_ERROR_INVALID_ARGUMENT);
			bad[0] = 0x02;			/* compressed */
			assert_int_equal(ST_OPS->raw_key_agreement(e.se_p,
			    &k.sk_pk, PSA_ALG_ECDH, bad, 1 + need, secret,
			    sizeof(secret), &secret_len),
			    PSA_ERROR_INVALID_ARGUMENT);
		} else {
			/* u = 0 has small order: the secret would be 0. */
			uint8_t zero[56] = { 0 };

			assert_int_equal(ST_OPS->raw_key_agreement(e.se_p,
			    &k.sk_pk, PSA_ALG_ECDH, zero, need, secret,
			    sizeof(secret), &secret_len),
			    PSA_ERROR_INVALID_ARGUMENT);
			assert_int_equal(secret_len, 0);
		}
		st_key_free(&k);
	}
	st_run(&e);

	/* Not raw ECDH, not an agreement key, a point of another curve. */
	st_gen(&e, &k, ECC_PAIR(SECP_R1), 256, PSA_ALG_ECDH);
	st_gen(&e, &fk, ECC_PAIR(SECP_R1), 384, PSA_ALG_ECDH);
	assert_int_equal(ST_OPS->export_public_key(e.se_p, &fk.sk_pk, pub,
	    sizeof(pub), &pub_len), PSA_SUCCESS);
	assert_int_equal(ST_OPS->raw_key_agreement(e.se_p, &k.sk_pk,
	    PSA_ALG_ECDH, pub, pub_len, secret, sizeof(secret), &secret_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->raw_key_agreement(e.se_p, &k.sk_pk,
	    PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH, PSA_ALG_HKDF(PSA_ALG_SHA_256)),
	    pub, pub_len, secret, sizeof(secret), &secret_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->raw_key_agreement(e.se_p, &k.sk_pk,
	    PSA_ALG_FFDH, pub, pub_len, secret, sizeof(secret), &secret_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	st_key_free(&fk);
	assert_int_equal(ST_OPS->export_public_key(e.se_p, &k.sk_pk, pub,
	    sizeof(pub), &pub_len), PSA_SUCCESS);
	assert_int_equal(st_import(&e, &fk, ECC_PUB(SECP_R1), 0, 0, pub,
	    pub_len), PSA_SUCCESS);
	assert_int_equal(ST_OPS->raw_key_agreement(e.se_p, &fk.sk_pk,
	    PSA_ALG_ECDH, pub, pub_len, secret, sizeof(secret), &secret_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	st_key_free(&fk);
	st_gen(&e, &fk, ECC_PAIR(TWISTED_EDWARDS), 255, PSA_ALG_PURE_EDDSA);
	assert_int_equal(ST_OPS->raw_key_agreement(e.se_p, &fk.sk_pk,
	    PSA_ALG_ECDH, pub, 32, secret, sizeof(secret), &secret_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	st_key_free(&fk);
	st_key_free(&k);
	st_env_fini(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsa_crypt),
		cmocka_unit_test(test_ecdh),
	};

	st_log_quiet();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
