/* tests/unit/test_soft_sym.c: soft provider symmetric operations against
 * independent implementations: ciphers (AES, ARIA, Camellia, SM4 in every
 * listed mode; ChaCha20), AEAD (AES-GCM and AES-CCM with shortened tags,
 * ChaCha20-Poly1305), MACs (HMAC over every hash, CMAC, truncated), hashes
 * against `openssl dgst`, and random bytes (src/providers/soft/cipher.c,
 * aead.c, mac.c, hash.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "common/limits.h"
#include "soft_test_util.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static uint8_t msg[1024], out[2048], back[2048];

static size_t
key_bytes(struct st_env *e, const struct st_key *k, uint8_t *key)
{
	size_t len = 0;

	assert_int_equal(ST_OPS->export_key(e->se_p, &k->sk_pk, key, 256,
	    &len), PSA_SUCCESS);
	return len;
}

static const struct {
	psa_key_type_t	 type;
	size_t		 bits;
	const char	*py;
} block_keys[] = {
	{ PSA_KEY_TYPE_AES, 128, "AES" }, { PSA_KEY_TYPE_AES, 192, "AES" },
	{ PSA_KEY_TYPE_AES, 256, "AES" }, { PSA_KEY_TYPE_ARIA, 128, "ARIA" },
	{ PSA_KEY_TYPE_ARIA, 192, "ARIA" }, { PSA_KEY_TYPE_ARIA, 256, "ARIA" },
	{ PSA_KEY_TYPE_CAMELLIA, 128, "CAMELLIA" },
	{ PSA_KEY_TYPE_CAMELLIA, 256, "CAMELLIA" },
	{ PSA_KEY_TYPE_SM4, 128, "SM4" },
};

static const struct {
	psa_algorithm_t	 alg;
	const char	*py;
	bool		 whole_blocks;
} modes[] = {
	{ PSA_ALG_CTR, "CTR", false }, { PSA_ALG_CFB, "CFB", false },
	{ PSA_ALG_OFB, "OFB", false },
	{ PSA_ALG_CBC_NO_PADDING, "CBC", true },
	{ PSA_ALG_CBC_PKCS7, "CBC_PKCS7", false },
	{ PSA_ALG_ECB_NO_PADDING, "ECB", true },
};

static void
test_ciphers(void **state)
{
	static const size_t lens[] = { 0, 1, 16, 17, 64, 100 };
	struct st_env e;
	struct st_key k;
	uint8_t key[256];
	size_t key_len, out_len, back_len, need, iv_len;

	(void)state;
	st_env_init(&e, true, false);
	st_fill_random(msg, sizeof(msg));
	for (size_t b = 0; b < NELEM(block_keys); b++) {
		st_gen(&e, &k, block_keys[b].type, block_keys[b].bits, 0);
		key_len = key_bytes(&e, &k, key);
		for (size_t m = 0; m < NELEM(modes); m++) {
			psa_algorithm_t alg = modes[m].alg;

			iv_len = alg == PSA_ALG_ECB_NO_PADDING ? 0 : 16;
			for (size_t l = 0; l < NELEM(lens); l++) {
				size_t len = lens[l];

				if (modes[m].whole_blocks && len % 16 != 0) {
					assert_int_equal(
					    ST_OPS->cipher_encrypt(e.se_p,
					    &k.sk_pk, alg, msg, len, out,
					    sizeof(out), &out_len),
					    PSA_ERROR_INVALID_ARGUMENT);
					continue;
				}
				need = iv_len + (alg == PSA_ALG_CBC_PKCS7 ?
				    (len / 16 + 1) * 16 : len);
				if (need > 0)
					assert_int_equal(
					    ST_OPS->cipher_encrypt(e.se_p,
					    &k.sk_pk, alg, msg, len, out,
					    need - 1, &out_len),
					    PSA_ERROR_BUFFER_TOO_SMALL);
				assert_int_equal(ST_OPS->cipher_encrypt(e.se_p,
				    &k.sk_pk, alg, msg, len, out, need,
				    &out_len), PSA_SUCCESS);
				assert_int_equal(out_len, need);
				st_job(&e, "cipher_check cipher=%s mode=%s",
				    block_keys[b].py, modes[m].py);
				st_jhex(&e, "key", key, key_len);
				st_jhex(&e, "iv", out, iv_len);
				st_jhex(&e, "pt", msg, len);
				st_jhex(&e, "ct", out + iv_len,
				    out_len - iv_len);
				st_jend(&e);
				if (need - iv_len > 0)
					assert_int_equal(ST_OPS->cipher_decrypt(
					    e.se_p, &k.sk_pk, alg, out, out_len,
					    back, need - iv_len - 1,
					    &back_len),
					    PSA_ERROR_BUFFER_TOO_SMALL);
				assert_int_equal(ST_OPS->cipher_decrypt(e.se_p,
				    &k.sk_pk, alg, out, out_len, back,
				    need - iv_len, &back_len), PSA_SUCCESS);
				assert_int_equal(back_len, len);
				assert_memory_equal(back, msg, len);
			}
		}
		st_key_free(&k);
	}
	st_run(&e);
	st_env_fini(&e);
}

/* Ciphertext made by python3-cryptography decrypts (ARIA: the openssl
 * CLI checked encryption above; decryption is the same cipher). */
static void
test_ciphers_foreign(void **state)
{
	struct st_env e;
	struct st_key k[NELEM(block_keys)];
	uint8_t key[32];
	size_t back_len, len = 48, iv_len;
	char name[32];

	(void)state;
	st_env_init(&e, true, false);
	st_fill_random(msg, sizeof(msg));
	st_fill_random(key, sizeof(key));
	for (size_t b = 0; b < NELEM(block_keys); b++) {
		if (block_keys[b].type == PSA_KEY_TYPE_ARIA)
			continue;	/* no ARIA in python3-cryptography */
		assert_int_equal(st_import(&e, &k[b], block_keys[b].type,
		    block_keys[b].bits, 0, key, block_keys[b].bits / 8),
		    PSA_SUCCESS);
		for (size_t m = 0; m < NELEM(modes); m++) {
			iv_len = modes[m].alg == PSA_ALG_ECB_NO_PADDING ? 0 :
			    16;
			snprintf(name, sizeof(name), "c%zu.%zu", b, m);
			st_job(&e, "cipher_make name=%s cipher=%s mode=%s",
			    name, block_keys[b].py, modes[m].py);
			st_jhex(&e, "key", key, block_keys[b].bits / 8);
			st_jhex(&e, "iv", msg + 500, iv_len);
			st_jhex(&e, "pt", msg, len);
			st_jend(&e);
		}
	}
	st_run(&e);
	for (size_t b = 0; b < NELEM(block_keys); b++) {
		if (block_keys[b].type == PSA_KEY_TYPE_ARIA)
			continue;
		for (size_t m = 0; m < NELEM(modes); m++) {
			const uint8_t *ct;
			size_t ct_len = 0;

			snprintf(name, sizeof(name), "c%zu.%zu", b, m);
			ct = st_get(&e, name, &ct_len);
			assert_int_equal(ST_OPS->cipher_decrypt(e.se_p,
			    &k[b].sk_pk, modes[m].alg, ct, ct_len, back,
			    sizeof(back), &back_len), PSA_SUCCESS);
			assert_int_equal(back_len, len);
			assert_memory_equal(back, msg, len);
		}
		st_key_free(&k[b]);
	}
	st_env_fini(&e);
}

static void
test_cipher_refusals(void **state)
{
	struct st_env e;
	struct st_key k, h, c;
	uint8_t block[32];
	size_t out_len, back_len;

	(void)state;
	st_env_init(&e, true, false);
	st_gen(&e, &k, PSA_KEY_TYPE_AES, 128, 0);
	/* Bad PKCS#7 padding: a last byte of 0x11 claims 17 bytes. */
	memset(block, 0x11, sizeof(block));
	assert_int_equal(ST_OPS->cipher_encrypt(e.se_p, &k.sk_pk,
	    PSA_ALG_CBC_NO_PADDING, block, 16, out, sizeof(out), &out_len),
	    PSA_SUCCESS);
	memset(back, 0xa5, sizeof(back));
	assert_int_equal(ST_OPS->cipher_decrypt(e.se_p, &k.sk_pk,
	    PSA_ALG_CBC_PKCS7, out, out_len, back, sizeof(back), &back_len),
	    PSA_ERROR_INVALID_PADDING);
	assert_int_equal(back_len, 0);
	for (size_t i = 0; i < sizeof(back); i++)
		assert_int_equal(back[i], 0);
	/* Lengths: no IV, partial blocks, empty PKCS#7. */
	assert_int_equal(ST_OPS->cipher_decrypt(e.se_p, &k.sk_pk,
	    PSA_ALG_CTR, out, 15, back, sizeof(back), &back_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->cipher_decrypt(e.se_p, &k.sk_pk,
	    PSA_ALG_CBC_NO_PADDING, out, 16 + 15, back, sizeof(back),
	    &back_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->cipher_decrypt(e.se_p, &k.sk_pk,
	    PSA_ALG_CBC_PKCS7, out, 16, back, sizeof(back), &back_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->cipher_decrypt(e.se_p, &k.sk_pk,
	    PSA_ALG_ECB_NO_PADDING, out, 17, back, sizeof(back), &back_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	/* A fresh IV each time. */
	assert_int_equal(ST_OPS->cipher_encrypt(e.se_p, &k.sk_pk, PSA_ALG_CTR,
	    block, 16, out, sizeof(out), &out_len), PSA_SUCCESS);
	assert_int_equal(ST_OPS->cipher_encrypt(e.se_p, &k.sk_pk, PSA_ALG_CTR,
	    block, 16, back, sizeof(back), &back_len), PSA_SUCCESS);
	assert_memory_not_equal(out, back, 32);
	/* Not offered, not a cipher, not for this key. */
	assert_int_equal(ST_OPS->cipher_encrypt(e.se_p, &k.sk_pk, PSA_ALG_XTS,
	    block, 32, out, sizeof(out), &out_len), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(ST_OPS->cipher_encrypt(e.se_p, &k.sk_pk,
	    PSA_ALG_STREAM_CIPHER, block, 16, out, sizeof(out), &out_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->cipher_encrypt(e.se_p, &k.sk_pk, PSA_ALG_GCM,
	    block, 16, out, sizeof(out), &out_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	st_gen(&e, &h, PSA_KEY_TYPE_HMAC, 256, 0);
	assert_int_equal(ST_OPS->cipher_encrypt(e.se_p, &h.sk_pk, PSA_ALG_CTR,
	    block, 16, out, sizeof(out), &out_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	st_gen(&e, &c, PSA_KEY_TYPE_CHACHA20, 256, 0);
	assert_int_equal(ST_OPS->cipher_encrypt(e.se_p, &c.sk_pk,
	    PSA_ALG_CBC_NO_PADDING, block, 16, out, sizeof(out), &out_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	st_key_free(&k);
	st_key_free(&h);
	st_key_free(&c);
	st_env_fini(&e);
}

static void
test_chacha20(void **state)
{
	struct st_env e;
	struct st_key k;
	uint8_t key[256];
	size_t key_len, out_len, back_len;

	(void)state;
	st_env_init(&e, true, false);
	st_fill_random(msg, sizeof(msg));
	st_gen(&e, &k, PSA_KEY_TYPE_CHACHA20, 256, PSA_ALG_STREAM_CIPHER);
	key_len = key_bytes(&e, &k, key);
	for (size_t len = 0; len <= 300; len += 100) {
		assert_int_equal(ST_OPS->cipher_encrypt(e.se_p, &k.sk_pk,
		    PSA_ALG_STREAM_CIPHER, msg, len, out, 12 + len - 1 + (len ==
		    0), &out_len), len == 0 ? PSA_SUCCESS :
		    PSA_ERROR_BUFFER_TOO_SMALL);
		assert_int_equal(ST_OPS->cipher_encrypt(e.se_p, &k.sk_pk,
		    PSA_ALG_STREAM_CIPHER, msg, len, out, 12 + len, &out_len),
		    PSA_SUCCESS);
		assert_int_equal(out_len, 12 + len);
		st_job(&e, "cipher_check cipher=CHACHA20 mode=STREAM");
		st_jhex(&e, "key", key, key_len);
		st_jhex(&e, "iv", out, 12);
		st_jhex(&e, "pt", msg, len);
		st_jhex(&e, "ct", out + 12, len);
		st_jend(&e);
		assert_int_equal(ST_OPS->cipher_decrypt(e.se_p, &k.sk_pk,
		    PSA_ALG_STREAM_CIPHER, out, out_len, back, len, &back_len),
		    PSA_SUCCESS);
		assert_int_equal(back_len, len);
		assert_memory_equal(back, msg, len);
	}
	st_run(&e);
	st_key_free(&k);
	st_env_fini(&e);
}

struct aead_case {
	psa_key_type_t	 type;
	size_t		 bits;
	psa_algorithm_t	 base;
	const char	*py;
	size_t		 tag;
	size_t		 nonce;
};

static void
test_aead(void **state)
{
	static const struct aead_case cases[] = {
		{ PSA_KEY_TYPE_AES, 128, PSA_ALG_GCM, "GCM", 16, 12 },
		{ PSA_KEY_TYPE_AES, 192, PSA_ALG_GCM, "GCM", 12, 12 },
		{ PSA_KEY_TYPE_AES, 256, PSA_ALG_GCM, "GCM", 8, 16 },
		{ PSA_KEY_TYPE_AES, 256, PSA_ALG_GCM, "GCM", 4, 8 },
		{ PSA_KEY_TYPE_AES, 256, PSA_ALG_GCM, "GCM", 16, 128 },
		{ PSA_KEY_TYPE_AES, 128, PSA_ALG_CCM, "CCM", 16, 13 },
		{ PSA_KEY_TYPE_AES, 192, PSA_ALG_CCM, "CCM", 8, 12 },
		{ PSA_KEY_TYPE_AES, 256, PSA_ALG_CCM, "CCM", 4, 7 },
		{ PSA_KEY_TYPE_AES, 256, PSA_ALG_CCM, "CCM", 6, 10 },
		{ PSA_KEY_TYPE_CHACHA20, 256, PSA_ALG_CHACHA20_POLY1305,
		  "CHACHAPOLY", 16, 12 },
	};
	static const size_t lens[] = { 0, 1, 16, 33, 600 };
	struct st_env e;
	struct st_key k;
	uint8_t key[32], nonce[128], ad[40];
	size_t key_len, out_len, back_len;
	char name[32];

	(void)state;
	st_env_init(&e, true, false);
	st_fill_random(msg, sizeof(msg));
	st_fill_random(nonce, sizeof(nonce));
	st_fill_random(ad, sizeof(ad));
	st_fill_random(key, sizeof(key));
	for (size_t c = 0; c < NELEM(cases); c++) {
		psa_algorithm_t alg = cases[c].tag == 16 ? cases[c].base :
		    PSA_ALG_AEAD_WITH_SHORTENED_TAG(cases[c].base,
		    cases[c].tag);
		size_t tag = cases[c].tag, nl = cases[c].nonce;

		assert_int_equal(st_import(&e, &k, cases[c].type,
		    cases[c].bits, alg, key, cases[c].bits / 8), PSA_SUCCESS);
		key_len = cases[c].bits / 8;
		for (size_t l = 0; l < NELEM(lens); l++) {
			for (size_t adl = 0; adl <= sizeof(ad); adl += 40) {
				size_t len = lens[l];

				assert_int_equal(ST_OPS->aead_encrypt(e.se_p,
				    &k.sk_pk, alg, nonce, nl, ad, adl, msg,
				    len, out, len + tag - 1, &out_len),
				    PSA_ERROR_BUFFER_TOO_SMALL);
				assert_int_equal(ST_OPS->aead_encrypt(e.se_p,
				    &k.sk_pk, alg, nonce, nl, ad, adl, msg,
				    len, out, len + tag, &out_len),
				    PSA_SUCCESS);
				assert_int_equal(out_len, len + tag);
				st_job(&e, "aead_check alg=%s tag=%zu",
				    cases[c].py, tag);
				st_jhex(&e, "key", key, key_len);
				st_jhex(&e, "nonce", nonce, nl);
				st_jhex(&e, "ad", ad, adl);
				st_jhex(&e, "pt", msg, len);
				st_jhex(&e, "out", out, out_len);
				st_jend(&e);
				if (len > 0)
					assert_int_equal(ST_OPS->aead_decrypt(
					    e.se_p, &k.sk_pk, alg, nonce, nl,
					    ad, adl, out, out_len, back,
					    len - 1, &back_len),
					    PSA_ERROR_BUFFER_TOO_SMALL);
				assert_int_equal(ST_OPS->aead_decrypt(e.se_p,
				    &k.sk_pk, alg, nonce, nl, ad, adl, out,
				    out_len, back, len, &back_len),
				    PSA_SUCCESS);
				assert_int_equal(back_len, len);
				assert_memory_equal(back, msg, len);
				/* Any altered byte: not authentic, and no
				 * plaintext comes out. */
				for (size_t i = 0; i < out_len; i +=
				    (out_len > 40 ? 97 : 1)) {
					out[i] ^= 0x01;
					memset(back, 0xa5, len + 1);
					assert_int_equal(ST_OPS->aead_decrypt(
					    e.se_p, &k.sk_pk, alg, nonce, nl,
					    ad, adl, out, out_len, back, len,
					    &back_len),
					    PSA_ERROR_INVALID_SIGNATURE);
					assert_int_equal(back_len, 0);
					for (size_t j = 0; j < len; j++)
						assert_int_equal(back[j], 0);
					out[i] ^= 0x01;
				}
				if (adl > 0)
					assert_int_equal(ST_OPS->aead_decrypt(
					    e.se_p, &k.sk_pk, alg, nonce, nl,
					    ad, adl - 1, out, out_len, back,
					    len, &back_len),
					    PSA_ERROR_INVALID_SIGNATURE);
			}
		}
		/* Foreign ciphertext. */
		snprintf(name, sizeof(name), "a%zu", c);
		st_job(&e, "aead_make name=%s alg=%s tag=%zu", name,
		    cases[c].py, tag);
		st_jhex(&e, "key", key, key_len);
		st_jhex(&e, "nonce", nonce, nl);
		st_jhex(&e, "ad", ad, 17);
		st_jhex(&e, "pt", msg, 77);
		st_jend(&e);
		/* Input shorter than the tag. */
		assert_int_equal(ST_OPS->aead_decrypt(e.se_p, &k.sk_pk, alg,
		    nonce, nl, NULL, 0, out, tag - 1, back, sizeof(back),
		    &back_len), PSA_ERROR_INVALID_ARGUMENT);
		st_key_free(&k);
	}
	st_run(&e);
	for (size_t c = 0; c < NELEM(cases); c++) {
		psa_algorithm_t alg = cases[c].tag == 16 ? cases[c].base :
		    PSA_ALG_AEAD_WITH_SHORTENED_TAG(cases[c].base,
		    cases[c].tag);
		const uint8_t *ct;
		size_t ct_len = 0;

		assert_int_equal(st_import(&e, &k, cases[c].type,
		    cases[c].bits, alg, key, cases[c].bits / 8), PSA_SUCCESS);
		snprintf(name, sizeof(name), "a%zu", c);
		ct = st_get(&e, name, &ct_len);
		assert_int_equal(ct_len, 77 + cases[c].tag);
		assert_int_equal(ST_OPS->aead_decrypt(e.se_p, &k.sk_pk, alg,
		    nonce, cases[c].nonce, ad, 17, ct, ct_len, back,
		    sizeof(back), &back_len), PSA_SUCCESS);
		assert_int_equal(back_len, 77);
		assert_memory_equal(back, msg, 77);
		st_key_free(&k);
	}
	st_env_fini(&e);
}

static void
test_aead_refusals(void **state)
{
	struct st_env e;
	struct st_key k, c, a;
	uint8_t nonce[16] = { 0 }, big_nonce[129] = { 0 };
	size_t out_len;

	(void)state;
	st_env_init(&e, true, false);
	st_gen(&e, &k, PSA_KEY_TYPE_AES, 128, 0);
	st_gen(&e, &c, PSA_KEY_TYPE_CHACHA20, 256, 0);
	st_gen(&e, &a, PSA_KEY_TYPE_ARIA, 128, 0);
	/* Nonce lengths each mode defines. */
	assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &k.sk_pk, PSA_ALG_GCM,
	    nonce, 0, NULL, 0, msg, 1, out, sizeof(out), &out_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &k.sk_pk, PSA_ALG_GCM,
	    nonce, 7, NULL, 0, msg, 1, out, sizeof(out), &out_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &k.sk_pk, PSA_ALG_GCM,
	    big_nonce, 129, NULL, 0, msg, 1, out, sizeof(out), &out_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &k.sk_pk, PSA_ALG_CCM,
	    nonce, 6, NULL, 0, msg, 1, out, sizeof(out), &out_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &k.sk_pk, PSA_ALG_CCM,
	    nonce, 14, NULL, 0, msg, 1, out, sizeof(out), &out_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &c.sk_pk,
	    PSA_ALG_CHACHA20_POLY1305, nonce, 8, NULL, 0, msg, 1, out,
	    sizeof(out), &out_len), PSA_ERROR_INVALID_ARGUMENT);
	/* CCM with a 13-byte nonce carries at most 2^16 - 1 bytes. */
	{
		static uint8_t big[70000];

		assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &k.sk_pk,
		    PSA_ALG_CCM, nonce, 13, NULL, 0, big, 65536, big,
		    sizeof(big), &out_len), PSA_ERROR_INVALID_ARGUMENT);
	}
	/* Wildcards, tags a mode does not define, keys that cannot. */
	assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &k.sk_pk,
	    PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_GCM, 8), nonce,
	    12, NULL, 0, msg, 1, out, sizeof(out), &out_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &k.sk_pk,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 6), nonce, 12, NULL,
	    0, msg, 1, out, sizeof(out), &out_len),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &k.sk_pk,
	    PSA_ALG_CHACHA20_POLY1305, nonce, 12, NULL, 0, msg, 1, out,
	    sizeof(out), &out_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &a.sk_pk, PSA_ALG_GCM,
	    nonce, 12, NULL, 0, msg, 1, out, sizeof(out), &out_len),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(ST_OPS->aead_encrypt(e.se_p, &c.sk_pk,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_CHACHA20_POLY1305, 8),
	    nonce, 12, NULL, 0, msg, 1, out, sizeof(out), &out_len),
	    PSA_ERROR_NOT_SUPPORTED);
	st_key_free(&k);
	st_key_free(&c);
	st_key_free(&a);
	st_env_fini(&e);
}

static const psa_algorithm_t mac_hashes[] = {
	PSA_ALG_SHA_1, PSA_ALG_SHA_224, PSA_ALG_SHA_256, PSA_ALG_SHA_384,
	PSA_ALG_SHA_512, PSA_ALG_SHA_512_224, PSA_ALG_SHA_512_256,
	PSA_ALG_SHA3_224, PSA_ALG_SHA3_256, PSA_ALG_SHA3_384, PSA_ALG_SHA3_512,
	PSA_ALG_RIPEMD160, PSA_ALG_SM3,
};

static void
mac_case(struct st_env *e, const struct st_key *k, psa_algorithm_t alg,
    const char *job, const uint8_t *key, size_t key_len, size_t msg_len)
{
	size_t want = psa_mac_length(k->sk_attrs.type, k->sk_attrs.bits, alg);
	uint8_t mac[64];
	size_t mac_len = 7;

	assert_true(want >= 4);
	memset(mac, 0xa5, sizeof(mac));
	assert_int_equal(ST_OPS->mac_compute(e->se_p, &k->sk_pk, alg, msg,
	    msg_len, mac, want - 1, &mac_len), PSA_ERROR_BUFFER_TOO_SMALL);
	assert_int_equal(mac_len, 0);
	for (size_t i = 0; i < want - 1; i++)
		assert_int_equal(mac[i], 0);
	assert_int_equal(ST_OPS->mac_compute(e->se_p, &k->sk_pk, alg, msg,
	    msg_len, mac, want, &mac_len), PSA_SUCCESS);
	assert_int_equal(mac_len, want);
	st_job(e, "%s", job);
	st_jhex(e, "key", key, key_len);
	st_jhex(e, "msg", msg, msg_len);
	st_jhex(e, "mac", mac, mac_len);
	st_jend(e);
	assert_int_equal(ST_OPS->mac_verify(e->se_p, &k->sk_pk, alg, msg,
	    msg_len, mac, mac_len), PSA_SUCCESS);
	assert_int_equal(ST_OPS->mac_verify(e->se_p, &k->sk_pk, alg, msg,
	    msg_len, mac, mac_len - 1), PSA_ERROR_INVALID_SIGNATURE);
	mac[mac_len - 1] ^= 1;
	assert_int_equal(ST_OPS->mac_verify(e->se_p, &k->sk_pk, alg, msg,
	    msg_len, mac, mac_len), PSA_ERROR_INVALID_SIGNATURE);
}

static void
test_macs(void **state)
{
	struct st_env e;
	struct st_key k;
	uint8_t key[256];
	char job[64];
	size_t key_len;

	(void)state;
	st_env_init(&e, true, false);
	st_fill_random(msg, sizeof(msg));
	/* HMAC: a short key and one longer than any block (RFC 2104 §2). */
	for (size_t kb = 16; kb <= 200; kb += 184) {
		st_gen(&e, &k, PSA_KEY_TYPE_HMAC, kb * 8, 0);
		key_len = key_bytes(&e, &k, key);
		assert_int_equal(key_len, kb);
		for (size_t h = 0; h < NELEM(mac_hashes); h++) {
			psa_algorithm_t full = PSA_ALG_HMAC(mac_hashes[h]);
			size_t hl = psa_hash_length(mac_hashes[h]);

			snprintf(job, sizeof(job), "mac_check alg=HMAC hash=%s",
			    st_hash_name(mac_hashes[h]));
			mac_case(&e, &k, full, job, key, key_len, 100);
			mac_case(&e, &k, full, job, key, key_len, 0);
			mac_case(&e, &k, PSA_ALG_TRUNCATED_MAC(full, 4), job,
			    key, key_len, 100);
			mac_case(&e, &k, PSA_ALG_TRUNCATED_MAC(full, hl - 1),
			    job, key, key_len, 1000);
			mac_case(&e, &k, PSA_ALG_TRUNCATED_MAC(full, hl), job,
			    key, key_len, 1);
		}
		st_key_free(&k);
	}
	/* CMAC over each block cipher and size. */
	for (size_t b = 0; b < NELEM(block_keys); b++) {
		st_gen(&e, &k, block_keys[b].type, block_keys[b].bits, 0);
		key_len = key_bytes(&e, &k, key);
		snprintf(job, sizeof(job), "mac_check alg=CMAC cipher=%s",
		    block_keys[b].py);
		mac_case(&e, &k, PSA_ALG_CMAC, job, key, key_len, 0);
		mac_case(&e, &k, PSA_ALG_CMAC, job, key, key_len, 16);
		mac_case(&e, &k, PSA_ALG_CMAC, job, key, key_len, 61);
		mac_case(&e, &k, PSA_ALG_TRUNCATED_MAC(PSA_ALG_CMAC, 8), job,
		    key, key_len, 61);
		st_key_free(&k);
	}
	st_run(&e);
	st_env_fini(&e);
}

static void
test_mac_refusals(void **state)
{
	struct st_env e;
	struct st_key k, a;
	uint8_t mac[64];
	size_t mac_len;

	(void)state;
	st_env_init(&e, true, false);
	st_gen(&e, &k, PSA_KEY_TYPE_HMAC, 256, 0);
	st_gen(&e, &a, PSA_KEY_TYPE_AES, 128, 0);
	assert_int_equal(ST_OPS->mac_compute(e.se_p, &k.sk_pk,
	    PSA_ALG_HMAC(PSA_ALG_MD5), msg, 1, mac, sizeof(mac), &mac_len),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(ST_OPS->mac_compute(e.se_p, &a.sk_pk,
	    PSA_ALG_CBC_MAC, msg, 16, mac, sizeof(mac), &mac_len),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(ST_OPS->mac_compute(e.se_p, &a.sk_pk,
	    PSA_ALG_HMAC(PSA_ALG_SHA_256), msg, 1, mac, sizeof(mac),
	    &mac_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->mac_compute(e.se_p, &k.sk_pk, PSA_ALG_CMAC,
	    msg, 1, mac, sizeof(mac), &mac_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->mac_compute(e.se_p, &k.sk_pk,
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256), 3), msg, 1,
	    mac, sizeof(mac), &mac_len), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(ST_OPS->mac_compute(e.se_p, &k.sk_pk,
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256), 33), msg, 1,
	    mac, sizeof(mac), &mac_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->mac_compute(e.se_p, &k.sk_pk,
	    PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256), 8),
	    msg, 1, mac, sizeof(mac), &mac_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->mac_verify(e.se_p, &k.sk_pk,
	    PSA_ALG_HMAC(PSA_ALG_SHA_256), msg, 1, NULL, 0),
	    PSA_ERROR_INVALID_SIGNATURE);
	st_key_free(&k);
	st_key_free(&a);
	st_env_fini(&e);
}

static const struct {
	psa_algorithm_t	 alg;
	const char	*cli;
} dgsts[] = {
	{ PSA_ALG_SHA_1, "sha1" }, { PSA_ALG_SHA_224, "sha224" },
	{ PSA_ALG_SHA_256, "sha256" }, { PSA_ALG_SHA_384, "sha384" },
	{ PSA_ALG_SHA_512, "sha512" }, { PSA_ALG_SHA_512_224, "sha512-224" },
	{ PSA_ALG_SHA_512_256, "sha512-256" }, { PSA_ALG_SHA3_224, "sha3-224" },
	{ PSA_ALG_SHA3_256, "sha3-256" }, { PSA_ALG_SHA3_384, "sha3-384" },
	{ PSA_ALG_SHA3_512, "sha3-512" }, { PSA_ALG_RIPEMD160, "ripemd160" },
	{ PSA_ALG_SM3, "sm3" }, { PSA_ALG_MD5, "md5" },
};

/* Hashes against `openssl dgst` and Python's hashlib. */
static void
test_hashes(void **state)
{
	static const size_t lens[] = { 0, 3, 1000 };
	struct st_env e;
	char path[160], dpath[160], cmd[512];
	uint8_t hash[64], ref[80];
	size_t hash_len, ref_len;

	(void)state;
	st_env_init(&e, true, true);	/* MD5 too */
	st_fill_random(msg, sizeof(msg));
	snprintf(path, sizeof(path), "%s/msg", e.se_dir);
	snprintf(dpath, sizeof(dpath), "%s/dgst", e.se_dir);
	for (size_t l = 0; l < NELEM(lens); l++) {
		st_write_file(path, msg, lens[l]);
		for (size_t d = 0; d < NELEM(dgsts); d++) {
			FILE *f;

			assert_int_equal(ST_OPS->hash_compute(e.se_p,
			    dgsts[d].alg, msg, lens[l], hash, sizeof(hash),
			    &hash_len), PSA_SUCCESS);
			assert_int_equal(hash_len,
			    psa_hash_length(dgsts[d].alg));
			snprintf(cmd, sizeof(cmd), "openssl dgst -%s -binary "
			    "-out %s %s", dgsts[d].cli, dpath, path);
			assert_int_equal(system(cmd), 0);
			assert_non_null(f = fopen(dpath, "r"));
			ref_len = fread(ref, 1, sizeof(ref), f);
			fclose(f);
			assert_int_equal(ref_len, hash_len);
			assert_memory_equal(ref, hash, hash_len);
			st_job(&e, "hash_check hash=%s",
			    st_hash_name(dgsts[d].alg));
			st_jhex(&e, "msg", msg, lens[l]);
			st_jhex(&e, "digest", hash, hash_len);
			st_jend(&e);
			/* Compare: equal; altered; short. */
			assert_int_equal(ST_OPS->hash_compare(e.se_p,
			    dgsts[d].alg, msg, lens[l], hash, hash_len),
			    PSA_SUCCESS);
			assert_int_equal(ST_OPS->hash_compare(e.se_p,
			    dgsts[d].alg, msg, lens[l], hash, hash_len - 1),
			    PSA_ERROR_INVALID_SIGNATURE);
			hash[0] ^= 1;
			assert_int_equal(ST_OPS->hash_compare(e.se_p,
			    dgsts[d].alg, msg, lens[l], hash, hash_len),
			    PSA_ERROR_INVALID_SIGNATURE);
			/* Exact buffer boundary. */
			assert_int_equal(ST_OPS->hash_compute(e.se_p,
			    dgsts[d].alg, msg, lens[l], hash, hash_len - 1,
			    &hash_len), PSA_ERROR_BUFFER_TOO_SMALL);
			assert_int_equal(hash_len, 0);
		}
	}
	st_run(&e);
	st_env_fini(&e);

	/* Without allow_deprecated: no MD5. Never: XOFs, MD2, non-hashes. */
	st_env_init(&e, true, false);
	assert_int_equal(ST_OPS->hash_compute(e.se_p, PSA_ALG_MD5, msg, 1,
	    hash, sizeof(hash), &hash_len), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(ST_OPS->hash_compute(e.se_p, PSA_ALG_SHA_1, msg, 1,
	    hash, sizeof(hash), &hash_len), PSA_SUCCESS);
	assert_int_equal(ST_OPS->hash_compute(e.se_p, PSA_ALG_SHAKE256_512,
	    msg, 1, hash, sizeof(hash), &hash_len), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(ST_OPS->hash_compute(e.se_p, PSA_ALG_MD2, msg, 1,
	    hash, sizeof(hash), &hash_len), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(ST_OPS->hash_compute(e.se_p,
	    PSA_ALG_HMAC(PSA_ALG_SHA_256), msg, 1, hash, sizeof(hash),
	    &hash_len), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ST_OPS->hash_compute(e.se_p, PSA_ALG_ANY_HASH, msg,
	    1, hash, sizeof(hash), &hash_len), PSA_ERROR_INVALID_ARGUMENT);
	st_env_fini(&e);
}

static void
test_random(void **state)
{
	struct st_env e;
	uint8_t a[64] = { 0 }, b[64] = { 0 }, zero[64] = { 0 };
	uint8_t *big;

	(void)state;
	st_env_init(&e, true, false);
	assert_int_equal(ST_OPS->generate_random(e.se_p, a, 0), PSA_SUCCESS);
	assert_memory_equal(a, zero, 64);
	assert_int_equal(ST_OPS->generate_random(e.se_p, a, 64), PSA_SUCCESS);
	assert_int_equal(ST_OPS->generate_random(e.se_p, b, 64), PSA_SUCCESS);
	assert_memory_not_equal(a, zero, 64);
	assert_memory_not_equal(a, b, 64);
	assert_non_null(big = malloc(LIMIT_BUFFER_SIZE_DEFAULT + 1));
	assert_int_equal(ST_OPS->generate_random(e.se_p, big,
	    LIMIT_BUFFER_SIZE_DEFAULT), PSA_SUCCESS);
	assert_int_equal(ST_OPS->generate_random(e.se_p, big,
	    LIMIT_BUFFER_SIZE_DEFAULT + 1), PSA_ERROR_INVALID_ARGUMENT);
	free(big);
	st_env_fini(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ciphers),
		cmocka_unit_test(test_ciphers_foreign),
		cmocka_unit_test(test_cipher_refusals),
		cmocka_unit_test(test_chacha20),
		cmocka_unit_test(test_aead),
		cmocka_unit_test(test_aead_refusals),
		cmocka_unit_test(test_macs),
		cmocka_unit_test(test_mac_refusals),
		cmocka_unit_test(test_hashes),
		cmocka_unit_test(test_random),
	};

	st_log_quiet();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
