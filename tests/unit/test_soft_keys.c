/* tests/unit/test_soft_keys.c: soft provider key management: generation
 * and import of every key type it lists, exports in the PSA formats
 * checked by python3-cryptography, malformed imports, exact output
 * buffer boundaries, and key blobs that were tampered with or moved to
 * other attributes (src/providers/soft/keys.c, pkey.c, blob.c). */
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

static const struct wcurve rcurves[] = {
	{ PSA_ECC_FAMILY_MONTGOMERY, 255, "x25519" },
	{ PSA_ECC_FAMILY_MONTGOMERY, 448, "x448" },
	{ PSA_ECC_FAMILY_TWISTED_EDWARDS, 255, "ed25519" },
	{ PSA_ECC_FAMILY_TWISTED_EDWARDS, 448, "ed448" },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static uint8_t buf[8192], buf2[8192];

static size_t
export(struct st_env *e, const struct st_key *k, bool is_public, uint8_t *out,
    size_t size)
{
	size_t len = 0;

	assert_int_equal((is_public ? ST_OPS->export_public_key :
	    ST_OPS->export_key)(e->se_p, &k->sk_pk, out, size, &len),
	    PSA_SUCCESS);
	assert_true(len > 0 && len <= size);
	return len;
}

/* Generated keys of every type: exports have the PSA format and length,
 * and the public half is the private half's (checked in Python). */
static void
test_generate_and_export_all(void **state)
{
	static const struct {
		psa_key_type_t	type;
		size_t		bits;
	} sym[] = {
		{ PSA_KEY_TYPE_AES, 128 }, { PSA_KEY_TYPE_AES, 192 },
		{ PSA_KEY_TYPE_AES, 256 }, { PSA_KEY_TYPE_ARIA, 128 },
		{ PSA_KEY_TYPE_ARIA, 256 }, { PSA_KEY_TYPE_CAMELLIA, 192 },
		{ PSA_KEY_TYPE_SM4, 128 }, { PSA_KEY_TYPE_CHACHA20, 256 },
		{ PSA_KEY_TYPE_HMAC, 8 }, { PSA_KEY_TYPE_HMAC, 1024 },
		{ PSA_KEY_TYPE_RAW_DATA, 40 }, { PSA_KEY_TYPE_DERIVE, 256 },
		{ PSA_KEY_TYPE_PASSWORD, 128 },
		{ PSA_KEY_TYPE_PASSWORD_HASH, 256 },
		{ PSA_KEY_TYPE_PEPPER, 128 },
	};
	struct st_env e;
	struct st_key k;
	size_t len, len2;

	(void)state;
	st_env_init(&e, true, false);
	for (size_t i = 0; i < NELEM(sym); i++) {
		st_gen(&e, &k, sym[i].type, sym[i].bits, 0);
		len = export(&e, &k, false, buf, sizeof(buf));
		assert_int_equal(len, sym[i].bits / 8);
		/* Symmetric keys have no public half (spec). */
		assert_int_equal(ST_OPS->export_public_key(e.se_p, &k.sk_pk,
		    buf, sizeof(buf), &len2), PSA_ERROR_INVALID_ARGUMENT);
		/* Two keys are never the same. */
		st_key_free(&k);
		st_gen(&e, &k, sym[i].type, sym[i].bits, 0);
		assert_int_equal(export(&e, &k, false, buf2, sizeof(buf2)),
		    len);
		if (len >= 8)
			assert_memory_not_equal(buf, buf2, len);
		st_key_free(&k);
	}
	for (size_t i = 0; i < NELEM(wcurves); i++) {
		st_gen(&e, &k, PSA_KEY_TYPE_ECC_KEY_PAIR(wcurves[i].family),
		    wcurves[i].bits, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
		len = export(&e, &k, false, buf, sizeof(buf));
		assert_int_equal(len, PSA_BITS_TO_BYTES(wcurves[i].bits));
		len2 = export(&e, &k, true, buf2, sizeof(buf2));
		assert_int_equal(len2, 1 + 2 * len);
		assert_int_equal(buf2[0], 0x04);
		st_job(&e, "ec_key_check curve=%s", wcurves[i].py);
		st_jhex(&e, "pub", buf2, len2);
		st_jhex(&e, "priv", buf, len);
		st_jend(&e);
		st_key_free(&k);
	}
	for (size_t i = 0; i < NELEM(rcurves); i++) {
		st_gen(&e, &k, PSA_KEY_TYPE_ECC_KEY_PAIR(rcurves[i].family),
		    rcurves[i].bits, 0);
		len = export(&e, &k, false, buf, sizeof(buf));
		len2 = export(&e, &k, true, buf2, sizeof(buf2));
		assert_int_equal(len2, psa_export_public_key_output_size(
		    k.sk_attrs.type, k.sk_attrs.bits));
		assert_int_equal(len, psa_export_key_output_size(
		    k.sk_attrs.type, k.sk_attrs.bits));
		st_job(&e, "raw_key_check curve=%s", rcurves[i].py);
		st_jhex(&e, "pub", buf2, len2);
		st_jhex(&e, "priv", buf, len);
		st_jend(&e);
		st_key_free(&k);
	}
	for (size_t bits = 2048; bits <= 3072; bits += 1024) {
		st_gen(&e, &k, RSA_PAIR, bits,
		    PSA_ALG_RSA_PSS(PSA_ALG_SHA_256));
		len = export(&e, &k, false, buf, sizeof(buf));
		assert_true(len <= psa_export_key_output_size(RSA_PAIR, bits));
		len2 = export(&e, &k, true, buf2, sizeof(buf2));
		assert_true(len2 <= psa_export_public_key_output_size(RSA_PAIR,
		    bits));
		st_job(&e, "rsa_key_check bits=%zu", bits);
		st_jhex(&e, "pub", buf2, len2);
		st_jhex(&e, "priv", buf, len);
		st_jend(&e);
		st_key_free(&k);
	}
	st_run(&e);
	st_env_fini(&e);
}

static void
test_generate_refused(void **state)
{
	struct st_env e;
	struct st_key k;

	(void)state;
	st_env_init(&e, true, false);
	/* Public keys come from their pairs; sizes that do not exist. */
	assert_int_equal(st_gen_status(&e, &k, ECC_PUB(SECP_R1), 256, 0),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(st_gen_status(&e, &k, RSA_PUB, 2048, 0),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(st_gen_status(&e, &k, PSA_KEY_TYPE_AES, 100, 0),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(st_gen_status(&e, &k, PSA_KEY_TYPE_AES, 0, 0),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(st_gen_status(&e, &k, ECC_PAIR(SECP_R1), 255, 0),
	    PSA_ERROR_INVALID_ARGUMENT);
	/* Real, but not offered here. */
	assert_int_equal(st_gen_status(&e, &k, RSA_PAIR, 6144, 0),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(st_gen_status(&e, &k, ECC_PAIR(SECP_K1), 224, 0),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(st_gen_status(&e, &k, ECC_PAIR(BRAINPOOL_P_R1), 320,
	    0), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(st_gen_status(&e, &k, ECC_PAIR(SECT_K1), 233, 0),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(st_gen_status(&e, &k, PSA_KEY_TYPE_DES, 192, 0),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(st_gen_status(&e, &k, PSA_KEY_TYPE_XCHACHA20, 256,
	    0), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(st_gen_status(&e, &k,
	    PSA_KEY_TYPE_DH_KEY_PAIR(PSA_DH_FAMILY_RFC7919), 2048, 0),
	    PSA_ERROR_NOT_SUPPORTED);
	st_env_fini(&e);
}

/* Keys made by python3-cryptography import (size from the data or
 * stated), export back byte for byte, and yield the same public key. */
static void
test_import_from_python(void **state)
{
	struct st_env e;
	struct st_key k;
	char name[64];
	const uint8_t *priv, *pub;
	size_t priv_len = 0, pub_len = 0, len;

	(void)state;
	st_env_init(&e, true, false);
	for (size_t i = 0; i < NELEM(wcurves); i++) {
		st_job(&e, "gen_ec name=w%zu curve=%s", i, wcurves[i].py);
		st_jend(&e);
	}
	for (size_t i = 0; i < NELEM(rcurves); i++) {
		st_job(&e, "gen_raw name=r%zu curve=%s", i, rcurves[i].py);
		st_jend(&e);
	}
	st_job(&e, "gen_rsa name=rsa bits=2048");
	st_jend(&e);
	st_run(&e);

	for (size_t i = 0; i < NELEM(wcurves) + NELEM(rcurves) + 1; i++) {
		psa_key_type_t pair, pubt;
		size_t bits;

		if (i < NELEM(wcurves)) {
			snprintf(name, sizeof(name), "w%zu", i);
			pair = PSA_KEY_TYPE_ECC_KEY_PAIR(wcurves[i].family);
			bits = wcurves[i].bits;
		} else if (i < NELEM(wcurves) + NELEM(rcurves)) {
			size_t j = i - NELEM(wcurves);

			snprintf(name, sizeof(name), "r%zu", j);
			pair = PSA_KEY_TYPE_ECC_KEY_PAIR(rcurves[j].family);
			bits = rcurves[j].bits;
		} else {
			snprintf(name, sizeof(name), "rsa");
			pair = RSA_PAIR;
			bits = 2048;
		}
		pubt = psa_key_type_public_of_pair(pair);
		{
			char n1[80], n2[80];

			snprintf(n1, sizeof(n1), "%s.priv", name);
			snprintf(n2, sizeof(n2), "%s.pub", name);
			priv = st_get(&e, n1, &priv_len);
			pub = st_get(&e, n2, &pub_len);
		}
		/* Size from the data, then stated. */
		for (int stated = 0; stated <= 1; stated++) {
			assert_int_equal(st_import(&e, &k, pair,
			    stated ? bits : 0, 0, priv, priv_len),
			    PSA_SUCCESS);
			assert_int_equal(k.sk_attrs.bits, bits);
			len = export(&e, &k, false, buf, sizeof(buf));
			assert_int_equal(len, priv_len);
			assert_memory_equal(buf, priv, len);
			len = export(&e, &k, true, buf, sizeof(buf));
			assert_int_equal(len, pub_len);
			assert_memory_equal(buf, pub, len);
			st_key_free(&k);
			assert_int_equal(st_import(&e, &k, pubt,
			    stated ? bits : 0, 0, pub, pub_len), PSA_SUCCESS);
			assert_int_equal(k.sk_attrs.bits, bits);
			len = export(&e, &k, true, buf, sizeof(buf));
			assert_int_equal(len, pub_len);
			assert_memory_equal(buf, pub, len);
			len = export(&e, &k, false, buf, sizeof(buf));
			assert_memory_equal(buf, pub, len);
			st_key_free(&k);
		}
	}
	st_env_fini(&e);
}

static psa_status_t
try_import(struct st_env *e, psa_key_type_t type, size_t bits,
    const uint8_t *data, size_t len)
{
	struct st_key k;
	psa_status_t status = st_import(e, &k, type, bits, 0, data, len);

	st_key_free(&k);
	return status;
}

static void
test_import_malformed(void **state)
{
	struct st_env e;
	const uint8_t *priv, *pub, *pkcs8, *spki, *ecspki;
	size_t priv_len = 0, pub_len = 0, pkcs8_len = 0, spki_len = 0;
	size_t ecspki_len = 0;
	uint8_t d[600], big[3000];
	/* The order n of P-256 (SEC 2 §2.4.2). */
	static const uint8_t p256_n[32] = {
		0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
		0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
	};

	(void)state;
	st_env_init(&e, true, false);
	st_job(&e, "gen_ec name=p256 curve=secp256r1");
	st_jend(&e);
	st_job(&e, "gen_rsa name=rsa bits=2048");
	st_jend(&e);
	st_run(&e);
	priv = st_get(&e, "p256.pub", &pub_len);
	pub = priv;
	priv = st_get(&e, "p256.priv", &priv_len);
	ecspki = st_get(&e, "p256.spki", &ecspki_len);

	/* Points: wrong length, compressed, off the curve, identity. */
	assert_int_equal(try_import(&e, ECC_PUB(SECP_R1), 256, pub, 64),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, ECC_PUB(SECP_R1), 0, pub, 64),
	    PSA_ERROR_INVALID_ARGUMENT);
	memcpy(d, pub, pub_len);
	d[pub_len] = 0;
	assert_int_equal(try_import(&e, ECC_PUB(SECP_R1), 256, d,
	    pub_len + 1), PSA_ERROR_INVALID_ARGUMENT);
	d[0] = 0x02 | (pub[64] & 1);
	assert_int_equal(try_import(&e, ECC_PUB(SECP_R1), 256, d, 33),
	    PSA_ERROR_INVALID_ARGUMENT);
	memcpy(d, pub, pub_len);
	d[64] ^= 0x01;				/* y no longer fits x */
	assert_int_equal(try_import(&e, ECC_PUB(SECP_R1), 256, d, pub_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	memset(d, 0, sizeof(d));
	d[0] = 0x04;
	assert_int_equal(try_import(&e, ECC_PUB(SECP_R1), 256, d, 65),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, ECC_PUB(SECP_R1), 256, ecspki,
	    ecspki_len), PSA_ERROR_INVALID_ARGUMENT);
	/* Right point, wrong curve size. */
	assert_int_equal(try_import(&e, ECC_PUB(SECP_R1), 384, pub, pub_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, ECC_PUB(SECP_K1), 256, pub, pub_len),
	    PSA_ERROR_INVALID_ARGUMENT);

	/* Scalars: 0, n, above n, wrong length, wrong stated size. */
	memset(d, 0, 32);
	assert_int_equal(try_import(&e, ECC_PAIR(SECP_R1), 256, d, 32),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, ECC_PAIR(SECP_R1), 256, p256_n, 32),
	    PSA_ERROR_INVALID_ARGUMENT);
	memset(d, 0xff, 32);
	assert_int_equal(try_import(&e, ECC_PAIR(SECP_R1), 256, d, 32),
	    PSA_ERROR_INVALID_ARGUMENT);
	memcpy(d, p256_n, 32);
	d[31] -= 1;				/* n - 1: the largest valid */
	assert_int_equal(try_import(&e, ECC_PAIR(SECP_R1), 256, d, 32),
	    PSA_SUCCESS);
	assert_int_equal(try_import(&e, ECC_PAIR(SECP_R1), 256, priv, 31),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, ECC_PAIR(SECP_R1), 0, priv, 31),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, ECC_PAIR(SECP_R1), 384, priv,
	    priv_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, ECC_PAIR(MONTGOMERY), 255, priv, 31),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, ECC_PAIR(MONTGOMERY), 448, priv, 32),
	    PSA_ERROR_INVALID_ARGUMENT);
	/* Under 112-bit strength: refused unless deprecated use is on. */
	memset(d, 0x11, 24);
	assert_int_equal(try_import(&e, ECC_PAIR(SECP_R1), 192, d, 24),
	    PSA_ERROR_NOT_SUPPORTED);

	/* RSA: garbage, other containers, trailing or missing bytes, an
	 * inconsistent key, the wrong stated size. */
	priv = st_get(&e, "rsa.priv", &priv_len);
	pub = st_get(&e, "rsa.pub", &pub_len);
	pkcs8 = st_get(&e, "rsa.pkcs8", &pkcs8_len);
	spki = st_get(&e, "rsa.spki", &spki_len);
	st_fill_random(d, 300);
	assert_int_equal(try_import(&e, RSA_PAIR, 0, d, 300),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, RSA_PUB, 0, d, 300),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, RSA_PAIR, 0, pkcs8, pkcs8_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, RSA_PUB, 0, spki, spki_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, RSA_PAIR, 0, pub, pub_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, RSA_PUB, 0, priv, priv_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	memcpy(big, priv, priv_len);
	big[priv_len] = 0;
	assert_int_equal(try_import(&e, RSA_PAIR, 0, big, priv_len + 1),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, RSA_PAIR, 0, priv, priv_len - 1),
	    PSA_ERROR_INVALID_ARGUMENT);
	memcpy(big, pub, pub_len);
	big[pub_len] = 0;
	assert_int_equal(try_import(&e, RSA_PUB, 0, big, pub_len + 1),
	    PSA_ERROR_INVALID_ARGUMENT);
	memcpy(big, priv, priv_len);
	big[priv_len - 40] ^= 0x10;		/* inside the last CRT value */
	assert_int_equal(try_import(&e, RSA_PAIR, 0, big, priv_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	memcpy(big, priv, priv_len);
	big[priv_len / 2] ^= 0x01;		/* inside d or p */
	assert_int_equal(try_import(&e, RSA_PAIR, 0, big, priv_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, RSA_PAIR, 3072, priv, priv_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, RSA_PUB, 4096, pub, pub_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, RSA_PAIR, 2048, priv, priv_len),
	    PSA_SUCCESS);

	/* Byte-string keys. */
	memset(d, 0x5a, 64);
	assert_int_equal(try_import(&e, PSA_KEY_TYPE_AES, 0, d, 17),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, PSA_KEY_TYPE_AES, 256, d, 16),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, PSA_KEY_TYPE_AES, 0, d, 0),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, PSA_KEY_TYPE_CHACHA20, 0, d, 16),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, PSA_KEY_TYPE_SM4, 0, d, 32),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(try_import(&e, PSA_KEY_TYPE_DES, 0, d, 24),
	    PSA_ERROR_NOT_SUPPORTED);
	/* HMAC keys under 112 bits are deprecated (psa/validate.c). */
	assert_int_equal(try_import(&e, PSA_KEY_TYPE_HMAC, 0, d, 13),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(try_import(&e, PSA_KEY_TYPE_HMAC, 0, d, 14),
	    PSA_SUCCESS);
	st_env_fini(&e);
}

/* out_size one byte short fails before anything is written; the exact
 * size works. The buffer is wiped on failure. */
static void
check_boundary(struct st_env *e, const struct st_key *k, bool is_public)
{
	size_t len, len2 = 99;
	psa_status_t (*fn)(struct prov *, const struct prov_key *, uint8_t *,
	    size_t, size_t *) = is_public ? ST_OPS->export_public_key :
	    ST_OPS->export_key;

	len = export(e, k, is_public, buf2, sizeof(buf2));
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(fn(e->se_p, &k->sk_pk, buf, len - 1, &len2),
	    PSA_ERROR_BUFFER_TOO_SMALL);
	assert_int_equal(len2, 0);
	for (size_t i = 0; i < len - 1; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(buf[len - 1], 0xa5);
	assert_int_equal(fn(e->se_p, &k->sk_pk, buf, len, &len2), PSA_SUCCESS);
	assert_int_equal(len2, len);
	assert_memory_equal(buf, buf2, len);
}

static void
test_export_boundaries(void **state)
{
	struct st_env e;
	struct st_key k;

	(void)state;
	st_env_init(&e, true, false);
	st_gen(&e, &k, ECC_PAIR(SECP_R1), 256, 0);
	check_boundary(&e, &k, false);
	check_boundary(&e, &k, true);
	st_key_free(&k);
	st_gen(&e, &k, ECC_PAIR(SECP_R1), 521, 0);
	check_boundary(&e, &k, false);
	check_boundary(&e, &k, true);
	st_key_free(&k);
	st_gen(&e, &k, ECC_PAIR(TWISTED_EDWARDS), 448, 0);
	check_boundary(&e, &k, false);
	check_boundary(&e, &k, true);
	st_key_free(&k);
	st_gen(&e, &k, RSA_PAIR, 2048, 0);
	check_boundary(&e, &k, false);
	check_boundary(&e, &k, true);
	st_key_free(&k);
	st_gen(&e, &k, PSA_KEY_TYPE_AES, 128, 0);
	check_boundary(&e, &k, false);
	st_key_free(&k);
	st_env_fini(&e);
}

/* Every byte of a blob is authenticated, and the blob is bound to the
 * key's attributes. */
static void
test_blob_tamper(void **state)
{
	struct st_env e;
	struct st_key k, bad;
	uint8_t hash[32] = { 1, 2, 3 }, sig[64], key[32];
	size_t sig_len = 1, len;

	(void)state;
	st_env_init(&e, true, false);
	st_gen(&e, &k, ECC_PAIR(SECP_R1), 256, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
	/* version 1 | 12-byte nonce | 32-byte scalar | 16-byte tag */
	assert_int_equal(k.sk_ref_len, 1 + 12 + 32 + 16);
	assert_int_equal(k.sk_ref[0], 1);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &k.sk_pk,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256), hash, 32, sig, sizeof(sig),
	    &sig_len), PSA_SUCCESS);

	bad = k;
	assert_non_null(bad.sk_ref = malloc(k.sk_ref_len + 1));
	st_key_bind(&bad);
	for (size_t i = 0; i < k.sk_ref_len; i++) {
		memcpy(bad.sk_ref, k.sk_ref, k.sk_ref_len);
		bad.sk_ref[i] ^= 0x40;
		memset(sig, 0xa5, sizeof(sig));
		assert_int_equal(ST_OPS->sign_hash(e.se_p, &bad.sk_pk,
		    PSA_ALG_ECDSA(PSA_ALG_SHA_256), hash, 32, sig,
		    sizeof(sig), &sig_len), i == 0 ? PSA_ERROR_DATA_INVALID :
		    PSA_ERROR_DATA_CORRUPT);
		assert_int_equal(sig_len, 0);
		for (size_t j = 0; j < sizeof(sig); j++)
			assert_int_equal(sig[j], 0);
	}
	/* Cut short, cut to nothing, one byte longer. */
	memcpy(bad.sk_ref, k.sk_ref, k.sk_ref_len);
	for (size_t cut = 0; cut <= 29; cut += 29) {
		bad.sk_pk.pk_ref_len = cut;
		assert_int_equal(ST_OPS->export_public_key(e.se_p, &bad.sk_pk,
		    buf, sizeof(buf), &len), PSA_ERROR_DATA_CORRUPT);
	}
	bad.sk_pk.pk_ref_len = k.sk_ref_len - 1;
	assert_int_equal(ST_OPS->export_public_key(e.se_p, &bad.sk_pk, buf,
	    sizeof(buf), &len), PSA_ERROR_DATA_CORRUPT);
	bad.sk_ref[k.sk_ref_len] = 0;
	bad.sk_pk.pk_ref_len = k.sk_ref_len + 1;
	assert_int_equal(ST_OPS->export_public_key(e.se_p, &bad.sk_pk, buf,
	    sizeof(buf), &len), PSA_ERROR_DATA_CORRUPT);
	bad.sk_pk.pk_ref_len = k.sk_ref_len;

	/* The intact blob under other attributes. */
	bad.sk_pk.pk_attrs = &bad.sk_attrs;
	bad.sk_attrs.usage ^= PSA_KEY_USAGE_EXPORT;
	assert_int_equal(ST_OPS->export_key(e.se_p, &bad.sk_pk, buf,
	    sizeof(buf), &len), PSA_ERROR_DATA_CORRUPT);
	bad.sk_attrs = k.sk_attrs;
	bad.sk_attrs.alg = PSA_ALG_ECDSA(PSA_ALG_SHA_384);
	assert_int_equal(ST_OPS->sign_hash(e.se_p, &bad.sk_pk,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256), hash, 32, sig, sizeof(sig),
	    &sig_len), PSA_ERROR_DATA_CORRUPT);
	bad.sk_attrs = k.sk_attrs;
	bad.sk_attrs.is_persistent = false;
	assert_int_equal(ST_OPS->export_key(e.se_p, &bad.sk_pk, buf,
	    sizeof(buf), &len), PSA_ERROR_DATA_CORRUPT);
	bad.sk_attrs = k.sk_attrs;
	bad.sk_attrs.type = ECC_PAIR(SECP_K1);
	assert_int_equal(ST_OPS->export_key(e.se_p, &bad.sk_pk, buf,
	    sizeof(buf), &len), PSA_ERROR_DATA_CORRUPT);
	bad.sk_attrs.type = ECC_PUB(SECP_R1);
	assert_int_equal(ST_OPS->export_public_key(e.se_p, &bad.sk_pk, buf,
	    sizeof(buf), &len), PSA_ERROR_DATA_CORRUPT);
	bad.sk_attrs = k.sk_attrs;
	bad.sk_attrs.bits = 384;
	assert_int_equal(ST_OPS->export_key(e.se_p, &bad.sk_pk, buf,
	    sizeof(buf), &len), PSA_ERROR_DATA_CORRUPT);
	/* Unchanged, it still works. */
	bad.sk_attrs = k.sk_attrs;
	assert_int_equal(ST_OPS->export_key(e.se_p, &bad.sk_pk, buf,
	    sizeof(buf), &len), PSA_SUCCESS);
	free(bad.sk_ref);
	st_key_free(&k);

	/* Key material is not in the blob; sealing is randomised. */
	st_gen(&e, &k, PSA_KEY_TYPE_AES, 256, 0);
	assert_int_equal(ST_OPS->export_key(e.se_p, &k.sk_pk, key,
	    sizeof(key), &len), PSA_SUCCESS);
	assert_null(memmem(k.sk_ref, k.sk_ref_len, key, 8));
	assert_int_equal(st_import(&e, &bad, PSA_KEY_TYPE_AES, 256, 0, key,
	    32), PSA_SUCCESS);
	assert_int_equal(bad.sk_ref_len, k.sk_ref_len);
	assert_memory_not_equal(bad.sk_ref, k.sk_ref, k.sk_ref_len);
	/* destroy_key has nothing to remove. */
	assert_int_equal(ST_OPS->destroy_key(e.se_p, &k.sk_pk), PSA_SUCCESS);
	st_key_free(&bad);
	st_key_free(&k);
	st_env_fini(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generate_and_export_all),
		cmocka_unit_test(test_generate_refused),
		cmocka_unit_test(test_import_from_python),
		cmocka_unit_test(test_import_malformed),
		cmocka_unit_test(test_export_boundaries),
		cmocka_unit_test(test_blob_tamper),
	};

	st_log_quiet();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
