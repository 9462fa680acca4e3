/* tests/unit/test_soft_caps.c: the soft provider's capability table tells
 * the truth. Every line is well formed, the registry's matching answers
 * the questions the dispatcher will ask, and every line is carried out:
 * a key of the line's type is made and the operation run with the line's
 * algorithm (a wildcard stood in for by each algorithm it stands for), so
 * ListOpcodes and CanDoCrypto never claim what the provider cannot do
 * (src/providers/soft/soft.c; the results themselves are checked against
 * independent code in the other test_soft_*.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <openssl/err.h>

#include "psa/policy.h"
#include "soft_test_util.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

enum {
	OP_GENERATE_KEY = 0x02, OP_DESTROY_KEY = 0x03, OP_SIGN_HASH = 0x04,
	OP_VERIFY_HASH = 0x05, OP_IMPORT_KEY = 0x06,
	OP_EXPORT_PUBLIC_KEY = 0x07, OP_ASYMMETRIC_ENCRYPT = 0x0A,
	OP_ASYMMETRIC_DECRYPT = 0x0B, OP_EXPORT_KEY = 0x0C,
	OP_GENERATE_RANDOM = 0x0D, OP_HASH_COMPUTE = 0x0F,
	OP_HASH_COMPARE = 0x10, OP_AEAD_ENCRYPT = 0x11,
	OP_AEAD_DECRYPT = 0x12, OP_RAW_KEY_AGREEMENT = 0x13,
	OP_CIPHER_ENCRYPT = 0x14, OP_CIPHER_DECRYPT = 0x15,
	OP_MAC_COMPUTE = 0x16, OP_MAC_VERIFY = 0x17, OP_SIGN_MESSAGE = 0x18,
	OP_VERIFY_MESSAGE = 0x19, OP_CAN_DO_CRYPTO = 0x20,
};

static const psa_algorithm_t hashes[] = {
	PSA_ALG_SHA_1, PSA_ALG_SHA_224, PSA_ALG_SHA_256, PSA_ALG_SHA_384,
	PSA_ALG_SHA_512, PSA_ALG_SHA_512_224, PSA_ALG_SHA_512_256,
	PSA_ALG_SHA3_224, PSA_ALG_SHA3_256, PSA_ALG_SHA3_384, PSA_ALG_SHA3_512,
	PSA_ALG_RIPEMD160, PSA_ALG_SM3, PSA_ALG_MD5,
};

static size_t
default_bits(psa_key_type_t type)
{
	if (psa_key_type_is_rsa(type))
		return 2048;
	if (psa_key_type_is_ecc(type))
		return psa_ecc_family_is_weierstrass(
		    psa_key_type_ecc_family(type)) ? 256 : 255;
	return type == PSA_KEY_TYPE_CHACHA20 ? 256 : 128;
}

/* One key per type, made once (RSA generation is slow). */
struct keycache {
	psa_key_type_t	type;
	struct st_key	key;
};
static struct keycache cache[64];
static size_t cache_count;

static const struct st_key *
key_of(struct st_env *e, psa_key_type_t type)
{
	uint8_t pub[1024];
	size_t pub_len = 0;

	for (size_t i = 0; i < cache_count; i++)
		if (cache[i].type == type)
			return &cache[i].key;
	assert_true(cache_count < NELEM(cache));
	if (psa_key_type_is_public_key(type)) {
		const struct st_key *pair = key_of(e,
		    psa_key_type_pair_of_public(type));

		assert_int_equal(ST_OPS->export_public_key(e->se_p,
		    &pair->sk_pk, pub, sizeof(pub), &pub_len), PSA_SUCCESS);
		assert_int_equal(st_import(e, &cache[cache_count].key, type,
		    0, 0, pub, pub_len), PSA_SUCCESS);
	} else
		st_gen(e, &cache[cache_count].key, type, default_bits(type), 0);
	cache[cache_count].type = type;
	return &cache[cache_count++].key;
}

/* The pair a public key was exported from (for signing, encrypting). */
static const struct st_key *
pair_of(struct st_env *e, psa_key_type_t type)
{
	return key_of(e, psa_key_type_is_public_key(type) ?
	    psa_key_type_pair_of_public(type) : type);
}

static uint8_t in[4096], out[4096], out2[4096];

/* Run `op` with key type `type` and the concrete algorithm `alg`. */
static psa_status_t
run(struct st_env *e, uint32_t op, psa_key_type_t type, psa_algorithm_t alg)
{
	const struct st_key *k = type != 0 ? key_of(e, type) : NULL;
	const struct st_key *pair = type != 0 ? pair_of(e, type) : NULL;
	psa_algorithm_t h = psa_alg_get_hash(alg);
	size_t hl = h != 0 ? psa_hash_length(h) : 32, len = 0, len2 = 0;
	size_t nl;
	struct st_key tmp;
	psa_status_t st;

	switch (op) {
	case OP_GENERATE_KEY:
		st = st_gen_status(e, &tmp, type, default_bits(type), 0);
		st_key_free(&tmp);
		return st;
	case OP_IMPORT_KEY:
		assert_int_equal(ST_OPS->export_key(e->se_p, &k->sk_pk, out,
		    sizeof(out), &len), PSA_SUCCESS);
		st = st_import(e, &tmp, type, 0, 0, out, len);
		st_key_free(&tmp);
		return st;
	case OP_EXPORT_KEY:
		return ST_OPS->export_key(e->se_p, &k->sk_pk, out, sizeof(out),
		    &len);
	case OP_EXPORT_PUBLIC_KEY:
		return ST_OPS->export_public_key(e->se_p, &k->sk_pk, out,
		    sizeof(out), &len);
	case OP_DESTROY_KEY:
		return ST_OPS->destroy_key(e->se_p,
		    &key_of(e, PSA_KEY_TYPE_AES)->sk_pk);
	case OP_SIGN_HASH:
		return ST_OPS->sign_hash(e->se_p, &k->sk_pk, alg, in, hl, out,
		    sizeof(out), &len);
	case OP_VERIFY_HASH:
		st = ST_OPS->sign_hash(e->se_p, &pair->sk_pk,
		    psa_alg_is_deterministic_ecdsa(alg) ? PSA_ALG_ECDSA(h) :
		    alg, in, hl, out, sizeof(out), &len);
		if (st != PSA_SUCCESS)
			return st;
		return ST_OPS->verify_hash(e->se_p, &k->sk_pk, alg, in, hl,
		    out, len);
	case OP_SIGN_MESSAGE:
		return ST_OPS->sign_message(e->se_p, &k->sk_pk, alg, in, 100,
		    out, sizeof(out), &len);
	case OP_VERIFY_MESSAGE:
		st = ST_OPS->sign_message(e->se_p, &pair->sk_pk,
		    psa_alg_is_deterministic_ecdsa(alg) ? PSA_ALG_ECDSA(h) :
		    alg, in, 100, out, sizeof(out), &len);
		if (st != PSA_SUCCESS)
			return st;
		return ST_OPS->verify_message(e->se_p, &k->sk_pk, alg, in, 100,
		    out, len);
	case OP_ASYMMETRIC_ENCRYPT:
		return ST_OPS->asymmetric_encrypt(e->se_p, &k->sk_pk, alg, in,
		    10, NULL, 0, out, sizeof(out), &len);
	case OP_ASYMMETRIC_DECRYPT:
		assert_int_equal(ST_OPS->asymmetric_encrypt(e->se_p, &k->sk_pk,
		    alg, in, 10, NULL, 0, out, sizeof(out), &len), PSA_SUCCESS);
		return ST_OPS->asymmetric_decrypt(e->se_p, &k->sk_pk, alg, out,
		    len, NULL, 0, out2, sizeof(out2), &len2);
	case OP_RAW_KEY_AGREEMENT:
		assert_int_equal(ST_OPS->export_public_key(e->se_p, &k->sk_pk,
		    out2, sizeof(out2), &len2), PSA_SUCCESS);
		return ST_OPS->raw_key_agreement(e->se_p, &k->sk_pk, alg, out2,
		    len2, out, sizeof(out), &len);
	case OP_CIPHER_ENCRYPT:
		return ST_OPS->cipher_encrypt(e->se_p, &k->sk_pk, alg, in, 32,
		    out, sizeof(out), &len);
	case OP_CIPHER_DECRYPT:
		assert_int_equal(ST_OPS->cipher_encrypt(e->se_p, &k->sk_pk,
		    alg, in, 32, out, sizeof(out), &len), PSA_SUCCESS);
		return ST_OPS->cipher_decrypt(e->se_p, &k->sk_pk, alg, out,
		    len, out2, sizeof(out2), &len2);
	case OP_AEAD_ENCRYPT:
	case OP_AEAD_DECRYPT:
		nl = psa_aead_nonce_length(type, alg);
		st = ST_OPS->aead_encrypt(e->se_p, &k->sk_pk, alg, in, nl,
		    in, 5, in, 50, out, sizeof(out), &len);
		if (st != PSA_SUCCESS || op == OP_AEAD_ENCRYPT)
			return st;
		return ST_OPS->aead_decrypt(e->se_p, &k->sk_pk, alg, in, nl,
		    in, 5, out, len, out2, sizeof(out2), &len2);
	case OP_MAC_COMPUTE:
		return ST_OPS->mac_compute(e->se_p, &k->sk_pk, alg, in, 50,
		    out, sizeof(out), &len);
	case OP_MAC_VERIFY:
		assert_int_equal(ST_OPS->mac_compute(e->se_p, &k->sk_pk, alg,
		    in, 50, out, sizeof(out), &len), PSA_SUCCESS);
		return ST_OPS->mac_verify(e->se_p, &k->sk_pk, alg, in, 50, out,
		    len);
	case OP_HASH_COMPUTE:
		return ST_OPS->hash_compute(e->se_p, alg, in, 50, out,
		    sizeof(out), &len);
	case OP_HASH_COMPARE:
		assert_int_equal(ST_OPS->hash_compute(e->se_p, alg, in, 50,
		    out, sizeof(out), &len), PSA_SUCCESS);
		return ST_OPS->hash_compare(e->se_p, alg, in, 50, out, len);
	case OP_GENERATE_RANDOM:
		return ST_OPS->generate_random(e->se_p, out, 16);
	default:
		fail_msg("unknown opcode 0x%02x", op);
	}
	return PSA_ERROR_GENERIC_ERROR;
}

/* The specific algorithms a capability line's algorithm stands for. */
static size_t
instances(psa_key_type_t type, psa_algorithm_t alg, psa_algorithm_t *out_algs)
{
	size_t n = 0;

	if (psa_alg_sign_get_hash(alg) == PSA_ALG_ANY_HASH) {
		for (size_t i = 0; i < NELEM(hashes); i++)
			out_algs[n++] = (alg & ~PSA_ALG_HASH_MASK) |
			    (hashes[i] & PSA_ALG_HASH_MASK);
	} else if (psa_alg_is_mac(alg) &&
	    psa_alg_mac_is_at_least_this_length(alg)) {
		size_t full = psa_mac_length(type, 0,
		    PSA_ALG_FULL_LENGTH_MAC(alg));

		out_algs[n++] = PSA_ALG_FULL_LENGTH_MAC(alg);
		for (size_t l = psa_alg_mac_truncated_length(alg); l <= full;
		    l++)
			out_algs[n++] = PSA_ALG_TRUNCATED_MAC(alg, l);
	} else if (psa_alg_is_aead(alg) &&
	    psa_alg_aead_is_at_least_this_length(alg)) {
		for (size_t l = psa_alg_aead_encoded_tag_length(alg); l <= 16;
		    l++) {
			psa_algorithm_t a = PSA_ALG_AEAD_WITH_SHORTENED_TAG(
			    alg, l);

			if (psa_alg_validate(a, false) == PSA_SUCCESS)
				out_algs[n++] = a;
		}
	} else
		out_algs[n++] = alg;
	return n;
}

static bool
is_deprecated_only(psa_algorithm_t alg)
{
	return psa_alg_is_deprecated(alg);
}

/* Every line, carried out. Deprecated instances of wildcards (SHA-1 and
 * MD5 signatures) are expected to be refused without allow_deprecated
 * and to work with it; RSA signatures with SM3 are the one gap the table
 * cannot express (OpenSSL 3.0 has no RSA-SM3), pinned here. */
static void
check_all_lines(bool allow_deprecated)
{
	struct st_env e;
	const struct prov_cap *caps;
	size_t count, runs = 0;
	psa_algorithm_t algs[64];

	st_env_init(&e, true, allow_deprecated);
	st_fill_random(in, sizeof(in));
	cache_count = 0;
	caps = prov_soft_ops.caps_probed(e.se_p, &count);
	assert_ptr_equal(caps, prov_soft_ops.caps);
	assert_int_equal(count, prov_soft_ops.caps_count -
	    (allow_deprecated ? 0 : 4));
	for (size_t i = 0; i < count; i++) {
		const struct prov_cap *c = &caps[i];
		size_t n;

		if (c->cap_opcode == OP_CAN_DO_CRYPTO)
			continue;	/* the dispatcher's, from this table */
		if (c->cap_key_type == 0 && c->cap_opcode != OP_HASH_COMPUTE &&
		    c->cap_opcode != OP_HASH_COMPARE &&
		    c->cap_opcode != OP_GENERATE_RANDOM &&
		    c->cap_opcode != OP_DESTROY_KEY)
			fail_msg("line %zu: keyed op 0x%02x without a type",
			    i, c->cap_opcode);
		n = instances(c->cap_key_type, c->cap_alg, algs);
		for (size_t j = 0; j < n; j++) {
			psa_status_t want = PSA_SUCCESS, got;

			if (!allow_deprecated && is_deprecated_only(algs[j]))
				want = PSA_ERROR_NOT_SUPPORTED;
			if (psa_key_type_is_rsa(c->cap_key_type) &&
			    psa_alg_is_sign(algs[j]) &&
			    psa_alg_get_hash(algs[j]) == PSA_ALG_SM3)
				want = PSA_ERROR_NOT_SUPPORTED;
			got = run(&e, c->cap_opcode, c->cap_key_type, algs[j]);
			/* Nothing is left on OpenSSL's per-thread error
			 * queue for the next caller to misread. */
			if (ERR_peek_error() != 0)
				fail_msg("line %zu: op 0x%02x alg 0x%08x left "
				    "an OpenSSL error queued", i,
				    c->cap_opcode, algs[j]);
			if (got != want)
				fail_msg("line %zu: op 0x%02x type 0x%04x alg "
				    "0x%08x: %d, expected %d", i, c->cap_opcode,
				    c->cap_key_type, algs[j], got, want);
			runs++;
		}
	}
	assert_true(runs > 500);
	for (size_t i = 0; i < cache_count; i++)
		st_key_free(&cache[i].key);
	st_env_fini(&e);
}

static void
test_every_line_works(void **state)
{
	(void)state;
	check_all_lines(false);
}

static void
test_every_line_works_deprecated(void **state)
{
	(void)state;
	check_all_lines(true);
}

/* Lines are well formed: known opcodes; algorithms valid as policies and
 * fit for the key type. */
static void
test_lines_well_formed(void **state)
{
	static const uint32_t known[] = {
		0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0A, 0x0B, 0x0C, 0x0D,
		0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
		0x19, 0x20,
	};
	const struct prov_cap *caps = prov_soft_ops.caps;

	(void)state;
	assert_int_equal(prov_soft_ops.magic, PROVIDER_OPS_MAGIC);
	assert_int_equal(prov_soft_ops.parsec_id, 1);
	assert_string_equal(prov_soft_ops.type_name, "MbedCrypto");
	assert_non_null(strstr(prov_soft_ops.description,
	    "not hardware-backed"));
	for (size_t i = 0; i < prov_soft_ops.caps_count; i++) {
		bool found = false;

		for (size_t j = 0; j < NELEM(known); j++)
			found |= caps[i].cap_opcode == known[j];
		assert_true(found);
		if (caps[i].cap_alg == 0)
			continue;
		assert_int_equal(psa_alg_validate(caps[i].cap_alg, true),
		    PSA_SUCCESS);
		if (caps[i].cap_key_type != 0)
			assert_true(psa_key_type_alg_compatible(
			    caps[i].cap_key_type, 0, caps[i].cap_alg));
	}
}

/* The questions the dispatcher asks (providers/registry.c). */
static void
test_registry_answers(void **state)
{
	struct st_env e;
	struct prov_instance pi = { &prov_soft_ops, NULL, NULL };
	psa_key_type_t p256 = PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1);
	psa_key_type_t p256_pub =
	    PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1);
	uint32_t ops[64];
	size_t n;

	(void)state;
	st_env_init(&e, true, false);
	pi.pi_state = e.se_p;
	assert_true(prov_supports(&pi, OP_SIGN_HASH, p256,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256)));
	assert_true(prov_supports(&pi, OP_SIGN_HASH, p256, PSA_ALG_ECDSA_ANY));
	assert_true(prov_supports(&pi, OP_SIGN_HASH, p256,
	    PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256)));
	assert_false(prov_supports(&pi, OP_SIGN_HASH, p256_pub,
	    PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256)));
	assert_true(prov_supports(&pi, OP_VERIFY_HASH, p256_pub,
	    PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256)));
	assert_false(prov_supports(&pi, OP_SIGN_HASH, p256_pub,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256)));
	assert_true(prov_supports(&pi, OP_SIGN_HASH, PSA_KEY_TYPE_RSA_KEY_PAIR,
	    PSA_ALG_RSA_PKCS1V15_SIGN_RAW));
	assert_true(prov_supports(&pi, OP_MAC_COMPUTE, PSA_KEY_TYPE_HMAC,
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256), 10)));
	assert_false(prov_supports(&pi, OP_MAC_COMPUTE, PSA_KEY_TYPE_HMAC,
	    PSA_ALG_HMAC(PSA_ALG_MD5)));
	assert_true(prov_supports(&pi, OP_AEAD_ENCRYPT, PSA_KEY_TYPE_AES,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 8)));
	assert_false(prov_supports(&pi, OP_AEAD_ENCRYPT, PSA_KEY_TYPE_ARIA,
	    PSA_ALG_GCM));
	assert_false(prov_supports(&pi, OP_CIPHER_ENCRYPT, PSA_KEY_TYPE_AES,
	    PSA_ALG_XTS));
	assert_false(prov_supports(&pi, OP_RAW_KEY_AGREEMENT,
	    PSA_KEY_TYPE_DH_KEY_PAIR(PSA_DH_FAMILY_RFC7919), PSA_ALG_FFDH));
	assert_false(prov_supports(&pi, OP_GENERATE_KEY, PSA_KEY_TYPE_DES, 0));
	assert_true(prov_supports(&pi, OP_HASH_COMPUTE, 0, PSA_ALG_SHA3_256));
	assert_false(prov_supports(&pi, OP_HASH_COMPUTE, 0, PSA_ALG_MD5));
	n = prov_opcodes(&pi, ops, NELEM(ops));
	assert_int_equal(n, 22);
	assert_int_equal(ops[0], 0x02);
	assert_int_equal(ops[n - 1], 0x20);
	st_env_fini(&e);

	/* With deprecated use allowed, the table grows by its tail. */
	st_env_init(&e, true, true);
	pi.pi_state = e.se_p;
	assert_true(prov_supports(&pi, OP_MAC_COMPUTE, PSA_KEY_TYPE_HMAC,
	    PSA_ALG_HMAC(PSA_ALG_MD5)));
	assert_true(prov_supports(&pi, OP_HASH_COMPUTE, 0, PSA_ALG_MD5));
	st_env_fini(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_well_formed),
		cmocka_unit_test(test_registry_answers),
		cmocka_unit_test(test_every_line_works),
		cmocka_unit_test(test_every_line_works_deprecated),
	};

	st_log_quiet();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
