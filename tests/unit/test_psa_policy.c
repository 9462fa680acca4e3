/* tests/unit/test_psa_policy.c: runs the PSA policy and key-validation cases
 * of tests/data/psa/policy.data (format at the top of that file) through
 * psa/policy.c, psa/validate.c and psa/compat.c.
 *
 * The expressions in the data file are evaluated here with their own small
 * parser and the constructor macros of psa/types.h, independently of
 * psa/names.c, so a wrong name table cannot hide a wrong policy. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "psa/attributes.h"
#include "psa/policy.h"

#define DATA_FILE	ARCSEC_TEST_DATA "/psa/policy.data"

enum kind { K_TYPE, K_FAMILY, K_USAGE, K_ALG, K_STATUS, K_NUM };

struct sym {
	enum kind	 kind;
	const char	*name;
	int64_t		 value;
};

static const struct sym syms[] = {
	/* key types */
	{ K_TYPE, "NONE", PSA_KEY_TYPE_NONE },
	{ K_TYPE, "RAW_DATA", PSA_KEY_TYPE_RAW_DATA },
	{ K_TYPE, "HMAC", PSA_KEY_TYPE_HMAC },
	{ K_TYPE, "DERIVE", PSA_KEY_TYPE_DERIVE },
	{ K_TYPE, "PASSWORD", PSA_KEY_TYPE_PASSWORD },
	{ K_TYPE, "PASSWORD_HASH", PSA_KEY_TYPE_PASSWORD_HASH },
	{ K_TYPE, "PEPPER", PSA_KEY_TYPE_PEPPER },
	{ K_TYPE, "AES", PSA_KEY_TYPE_AES },
	{ K_TYPE, "ARIA", PSA_KEY_TYPE_ARIA },
	{ K_TYPE, "DES", PSA_KEY_TYPE_DES },
	{ K_TYPE, "CAMELLIA", PSA_KEY_TYPE_CAMELLIA },
	{ K_TYPE, "SM4", PSA_KEY_TYPE_SM4 },
	{ K_TYPE, "ARC4", PSA_KEY_TYPE_ARC4 },
	{ K_TYPE, "CHACHA20", PSA_KEY_TYPE_CHACHA20 },
	{ K_TYPE, "XCHACHA20", PSA_KEY_TYPE_XCHACHA20 },
	{ K_TYPE, "RSA_KEY_PAIR", PSA_KEY_TYPE_RSA_KEY_PAIR },
	{ K_TYPE, "RSA_PUBLIC_KEY", PSA_KEY_TYPE_RSA_PUBLIC_KEY },
	/* curve and group families */
	{ K_FAMILY, "SECP_R1", PSA_ECC_FAMILY_SECP_R1 },
	{ K_FAMILY, "SECP_K1", PSA_ECC_FAMILY_SECP_K1 },
	{ K_FAMILY, "SECP_R2", PSA_ECC_FAMILY_SECP_R2 },
	{ K_FAMILY, "SECT_K1", PSA_ECC_FAMILY_SECT_K1 },
	{ K_FAMILY, "SECT_R1", PSA_ECC_FAMILY_SECT_R1 },
	{ K_FAMILY, "SECT_R2", PSA_ECC_FAMILY_SECT_R2 },
	{ K_FAMILY, "BRAINPOOL_P_R1", PSA_ECC_FAMILY_BRAINPOOL_P_R1 },
	{ K_FAMILY, "FRP", PSA_ECC_FAMILY_FRP },
	{ K_FAMILY, "MONTGOMERY", PSA_ECC_FAMILY_MONTGOMERY },
	{ K_FAMILY, "TWISTED_EDWARDS", PSA_ECC_FAMILY_TWISTED_EDWARDS },
	{ K_FAMILY, "RFC7919", PSA_DH_FAMILY_RFC7919 },
	/* usage flags */
	{ K_USAGE, "NONE", 0 },
	{ K_USAGE, "EXPORT", PSA_KEY_USAGE_EXPORT },
	{ K_USAGE, "COPY", PSA_KEY_USAGE_COPY },
	{ K_USAGE, "CACHE", PSA_KEY_USAGE_CACHE },
	{ K_USAGE, "ENCRYPT", PSA_KEY_USAGE_ENCRYPT },
	{ K_USAGE, "DECRYPT", PSA_KEY_USAGE_DECRYPT },
	{ K_USAGE, "SIGN_MESSAGE", PSA_KEY_USAGE_SIGN_MESSAGE },
	{ K_USAGE, "VERIFY_MESSAGE", PSA_KEY_USAGE_VERIFY_MESSAGE },
	{ K_USAGE, "SIGN_HASH", PSA_KEY_USAGE_SIGN_HASH },
	{ K_USAGE, "VERIFY_HASH", PSA_KEY_USAGE_VERIFY_HASH },
	{ K_USAGE, "DERIVE", PSA_KEY_USAGE_DERIVE },
	{ K_USAGE, "VERIFY_DERIVATION", PSA_KEY_USAGE_VERIFY_DERIVATION },
	{ K_USAGE, "WRAP", PSA_KEY_USAGE_WRAP },
	{ K_USAGE, "UNWRAP", PSA_KEY_USAGE_UNWRAP },
	/* algorithms with no parameter */
	{ K_ALG, "NONE", PSA_ALG_NONE },
	{ K_ALG, "MD2", PSA_ALG_MD2 },
	{ K_ALG, "MD4", PSA_ALG_MD4 },
	{ K_ALG, "MD5", PSA_ALG_MD5 },
	{ K_ALG, "RIPEMD160", PSA_ALG_RIPEMD160 },
	{ K_ALG, "SHA_1", PSA_ALG_SHA_1 },
	{ K_ALG, "SHA_224", PSA_ALG_SHA_224 },
	{ K_ALG, "SHA_256", PSA_ALG_SHA_256 },
	{ K_ALG, "SHA_384", PSA_ALG_SHA_384 },
	{ K_ALG, "SHA_512", PSA_ALG_SHA_512 },
	{ K_ALG, "SHA_512_224", PSA_ALG_SHA_512_224 },
	{ K_ALG, "SHA_512_256", PSA_ALG_SHA_512_256 },
	{ K_ALG, "SHA3_224", PSA_ALG_SHA3_224 },
	{ K_ALG, "SHA3_256", PSA_ALG_SHA3_256 },
	{ K_ALG, "SHA3_384", PSA_ALG_SHA3_384 },
	{ K_ALG, "SHA3_512", PSA_ALG_SHA3_512 },
	{ K_ALG, "SM3", PSA_ALG_SM3 },
	{ K_ALG, "SHAKE256_512", PSA_ALG_SHAKE256_512 },
	{ K_ALG, "ANY_HASH", PSA_ALG_ANY_HASH },
	{ K_ALG, "CMAC", PSA_ALG_CMAC },
	{ K_ALG, "CBC_MAC", PSA_ALG_CBC_MAC },
	{ K_ALG, "STREAM_CIPHER", PSA_ALG_STREAM_CIPHER },
	{ K_ALG, "CTR", PSA_ALG_CTR },
	{ K_ALG, "CFB", PSA_ALG_CFB },
	{ K_ALG, "OFB", PSA_ALG_OFB },
	{ K_ALG, "XTS", PSA_ALG_XTS },
	{ K_ALG, "ECB_NO_PADDING", PSA_ALG_ECB_NO_PADDING },
	{ K_ALG, "CBC_NO_PADDING", PSA_ALG_CBC_NO_PADDING },
	{ K_ALG, "CBC_PKCS7", PSA_ALG_CBC_PKCS7 },
	{ K_ALG, "CCM", PSA_ALG_CCM },
	{ K_ALG, "GCM", PSA_ALG_GCM },
	{ K_ALG, "CHACHA20_POLY1305", PSA_ALG_CHACHA20_POLY1305 },
	{ K_ALG, "XCHACHA20_POLY1305", PSA_ALG_XCHACHA20_POLY1305 },
	{ K_ALG, "RSA_PKCS1V15_SIGN_RAW", PSA_ALG_RSA_PKCS1V15_SIGN_RAW },
	{ K_ALG, "ECDSA_ANY", PSA_ALG_ECDSA_ANY },
	{ K_ALG, "PURE_EDDSA", PSA_ALG_PURE_EDDSA },
	{ K_ALG, "ED25519PH", PSA_ALG_ED25519PH },
	{ K_ALG, "ED448PH", PSA_ALG_ED448PH },
	{ K_ALG, "RSA_PKCS1V15_CRYPT", PSA_ALG_RSA_PKCS1V15_CRYPT },
	{ K_ALG, "SP800_108_COUNTER_CMAC", PSA_ALG_SP800_108_COUNTER_CMAC },
	{ K_ALG, "PBKDF2_AES_CMAC_PRF_128", PSA_ALG_PBKDF2_AES_CMAC_PRF_128 },
	{ K_ALG, "ECDH", PSA_ALG_ECDH },
	{ K_ALG, "FFDH", PSA_ALG_FFDH },
	/* statuses */
	{ K_STATUS, "SUCCESS", PSA_SUCCESS },
	{ K_STATUS, "NOT_PERMITTED", PSA_ERROR_NOT_PERMITTED },
	{ K_STATUS, "NOT_SUPPORTED", PSA_ERROR_NOT_SUPPORTED },
	{ K_STATUS, "INVALID_ARGUMENT", PSA_ERROR_INVALID_ARGUMENT },
};

/* NAME(args) constructors: result kind, argument kinds, how to combine. */
struct fn {
	enum kind	 kind;
	const char	*name;
	int		 arity;
	enum kind	 arg[2];
	int		 op;
};

enum {
	OP_ECC_PAIR, OP_ECC_PUB, OP_DH_PAIR, OP_DH_PUB, OP_HASHED,
	OP_TRUNC, OP_ATLEAST_MAC, OP_SHORT_TAG, OP_ATLEAST_TAG, OP_KA,
};

/* Bases of the BASE(hash) algorithms, in the order of their fn entries. */
static const struct {
	const char	*name;
	psa_algorithm_t	 base;
} hashed[] = {
	{ "HMAC", PSA_ALG_HMAC_BASE },
	{ "RSA_PKCS1V15_SIGN", PSA_ALG_RSA_PKCS1V15_SIGN_BASE },
	{ "RSA_PSS", PSA_ALG_RSA_PSS_BASE },
	{ "RSA_PSS_ANY_SALT", PSA_ALG_RSA_PSS_ANY_SALT_BASE },
	{ "ECDSA", PSA_ALG_ECDSA_BASE },
	{ "DETERMINISTIC_ECDSA", PSA_ALG_DETERMINISTIC_ECDSA_BASE },
	{ "RSA_OAEP", PSA_ALG_RSA_OAEP_BASE },
	{ "HKDF", PSA_ALG_HKDF_BASE },
	{ "HKDF_EXTRACT", PSA_ALG_HKDF_EXTRACT_BASE },
	{ "HKDF_EXPAND", PSA_ALG_HKDF_EXPAND_BASE },
	{ "TLS12_PRF", PSA_ALG_TLS12_PRF_BASE },
	{ "TLS12_PSK_TO_MS", PSA_ALG_TLS12_PSK_TO_MS_BASE },
	{ "PBKDF2_HMAC", PSA_ALG_PBKDF2_HMAC_BASE },
	{ "SP800_108_COUNTER_HMAC", PSA_ALG_SP800_108_COUNTER_HMAC_BASE },
};

static const struct fn fns[] = {
	{ K_TYPE, "ECC_KEY_PAIR", 1, { K_FAMILY }, OP_ECC_PAIR },
	{ K_TYPE, "ECC_PUBLIC_KEY", 1, { K_FAMILY }, OP_ECC_PUB },
	{ K_TYPE, "DH_KEY_PAIR", 1, { K_FAMILY }, OP_DH_PAIR },
	{ K_TYPE, "DH_PUBLIC_KEY", 1, { K_FAMILY }, OP_DH_PUB },
	{ K_ALG, "TRUNCATED_MAC", 2, { K_ALG, K_NUM }, OP_TRUNC },
	{ K_ALG, "AT_LEAST_THIS_LENGTH_MAC", 2, { K_ALG, K_NUM },
	    OP_ATLEAST_MAC },
	{ K_ALG, "AEAD_WITH_SHORTENED_TAG", 2, { K_ALG, K_NUM }, OP_SHORT_TAG },
	{ K_ALG, "AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG", 2, { K_ALG, K_NUM },
	    OP_ATLEAST_TAG },
	{ K_ALG, "KEY_AGREEMENT", 2, { K_ALG, K_ALG }, OP_KA },
};

struct parser {
	const char	*p;
	int		 line;
	bool		 bad;
};

static int64_t parse_expr(struct parser *ps, enum kind kind);

static void
parse_fail(struct parser *ps, const char *what)
{
	if (!ps->bad)
		print_error("policy.data:%d: %s at \"%.20s\"\n", ps->line,
		    what, ps->p);
	ps->bad = true;
}

static size_t
parse_ident(struct parser *ps, char *out, size_t out_size)
{
	size_t n = 0;

	while (isalnum((unsigned char)ps->p[n]) || ps->p[n] == '_') {
		if (n + 1 >= out_size)
			break;
		out[n] = ps->p[n];
		n++;
	}
	out[n] = '\0';
	ps->p += n;
	return n;
}

static int64_t
apply_fn(const struct fn *f, const char *name, int64_t a, int64_t b)
{
	switch (f->op) {
	case OP_ECC_PAIR: return PSA_KEY_TYPE_ECC_KEY_PAIR(a);
	case OP_ECC_PUB: return PSA_KEY_TYPE_ECC_PUBLIC_KEY(a);
	case OP_DH_PAIR: return PSA_KEY_TYPE_DH_KEY_PAIR(a);
	case OP_DH_PUB: return PSA_KEY_TYPE_DH_PUBLIC_KEY(a);
	case OP_TRUNC: return PSA_ALG_TRUNCATED_MAC(a, b);
	case OP_ATLEAST_MAC: return PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(a, b);
	case OP_SHORT_TAG: return PSA_ALG_AEAD_WITH_SHORTENED_TAG(a, b);
	case OP_ATLEAST_TAG:
		return PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(a, b);
	case OP_KA: return PSA_ALG_KEY_AGREEMENT(a, b);
	case OP_HASHED:
		for (size_t i = 0; i < sizeof(hashed) / sizeof(hashed[0]); i++)
			if (strcmp(hashed[i].name, name) == 0)
				return hashed[i].base |
				    ((psa_algorithm_t)a & PSA_ALG_HASH_MASK);
		break;
	}
	return -1;
}

static int64_t
parse_term(struct parser *ps, enum kind kind)
{
	char name[64];
	struct fn hashed_fn = { K_ALG, NULL, 1, { K_ALG }, OP_HASHED };
	const struct fn *f = NULL;
	int64_t args[2] = { 0, 0 };
	char *end;

	while (*ps->p == ' ')
		ps->p++;
	if (isdigit((unsigned char)*ps->p)) {
		long long v = strtoll(ps->p, &end, 0);

		ps->p = end;
		return v;
	}
	if (parse_ident(ps, name, sizeof(name)) == 0) {
		parse_fail(ps, "expected a value");
		return 0;
	}
	if (*ps->p != '(') {
		for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
			if (syms[i].kind == kind &&
			    strcmp(syms[i].name, name) == 0)
				return syms[i].value;
		parse_fail(ps, "unknown name");
		return 0;
	}
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (fns[i].kind == kind && strcmp(fns[i].name, name) == 0)
			f = &fns[i];
	for (size_t i = 0; f == NULL && kind == K_ALG &&
	    i < sizeof(hashed) / sizeof(hashed[0]); i++)
		if (strcmp(hashed[i].name, name) == 0)
			f = &hashed_fn;
	if (f == NULL) {
		parse_fail(ps, "unknown constructor");
		return 0;
	}
	ps->p++;			/* '(' */
	for (int i = 0; i < f->arity; i++) {
		if (i > 0) {
			if (*ps->p != ',') {
				parse_fail(ps, "expected ','");
				return 0;
			}
			ps->p++;
		}
		args[i] = parse_expr(ps, f->arg[i]);
	}
	if (*ps->p != ')') {
		parse_fail(ps, "expected ')'");
		return 0;
	}
	ps->p++;
	return apply_fn(f, name, args[0], args[1]);
}

static int64_t
parse_expr(struct parser *ps, enum kind kind)
{
	int64_t v = parse_term(ps, kind);

	while (*ps->p == '|') {
		ps->p++;
		v |= parse_term(ps, kind);
	}
	return v;
}

/* Parses one whitespace-separated field of the given kind. */
static int64_t
field(struct parser *ps, enum kind kind)
{
	int64_t v;

	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
	if (*ps->p == '\0') {
		parse_fail(ps, "missing field");
		return 0;
	}
	v = parse_expr(ps, kind);
	if (*ps->p != '\0' && *ps->p != ' ' && *ps->p != '\t')
		parse_fail(ps, "junk after value");
	return v;
}

struct counts {
	int	check, export, export_public, create, import, failed;
};

static void
expect(struct parser *ps, struct counts *c, const char *what,
    psa_status_t got, psa_status_t want)
{
	if (got == want)
		return;
	print_error("policy.data:%d: %s: got %s, want %s\n", ps->line, what,
	    psa_status_name(got), psa_status_name(want));
	c->failed++;
}

static void
run_line(char *line, int lineno, struct counts *c)
{
	struct parser ps = { .p = line, .line = lineno };
	struct psa_key_attrs k = { 0 };
	char verb[32];
	psa_status_t want, got;
	psa_key_usage_t need;
	psa_algorithm_t alg;
	bool allow_dep;

	while (*ps.p == ' ' || *ps.p == '\t')
		ps.p++;
	if (*ps.p == '\0' || *ps.p == '#')
		return;
	parse_ident(&ps, verb, sizeof(verb));

	if (strcmp(verb, "check") == 0) {
		k.type = (psa_key_type_t)field(&ps, K_TYPE);
		k.bits = (size_t)field(&ps, K_NUM);
		k.usage = (psa_key_usage_t)field(&ps, K_USAGE);
		k.alg = (psa_algorithm_t)field(&ps, K_ALG);
		need = (psa_key_usage_t)field(&ps, K_USAGE);
		alg = (psa_algorithm_t)field(&ps, K_ALG);
		want = (psa_status_t)field(&ps, K_STATUS);
		if (!ps.bad) {
			got = psa_policy_check(&k, need, alg);
			expect(&ps, c, "psa_policy_check", got, want);
			c->check++;
		}
	} else if (strcmp(verb, "export") == 0) {
		k.type = (psa_key_type_t)field(&ps, K_TYPE);
		k.bits = (size_t)field(&ps, K_NUM);
		k.usage = (psa_key_usage_t)field(&ps, K_USAGE);
		want = (psa_status_t)field(&ps, K_STATUS);
		if (!ps.bad) {
			got = psa_policy_check_export(&k);
			expect(&ps, c, "psa_policy_check_export", got, want);
			c->export++;
		}
	} else if (strcmp(verb, "export_public") == 0) {
		k.type = (psa_key_type_t)field(&ps, K_TYPE);
		k.bits = (size_t)field(&ps, K_NUM);
		want = (psa_status_t)field(&ps, K_STATUS);
		if (!ps.bad) {
			got = psa_policy_check_export_public(&k);
			expect(&ps, c, "psa_policy_check_export_public", got,
			    want);
			c->export_public++;
		}
	} else if (strcmp(verb, "new") == 0 || strcmp(verb, "import") == 0) {
		bool is_new = verb[0] == 'n';

		k.type = (psa_key_type_t)field(&ps, K_TYPE);
		k.bits = (size_t)field(&ps, K_NUM);
		k.usage = (psa_key_usage_t)field(&ps, K_USAGE);
		k.alg = (psa_algorithm_t)field(&ps, K_ALG);
		allow_dep = field(&ps, K_NUM) != 0;
		want = (psa_status_t)field(&ps, K_STATUS);
		if (!ps.bad) {
			got = is_new ? psa_attrs_validate_new(&k, allow_dep) :
			    psa_attrs_validate_import(&k, allow_dep);
			expect(&ps, c, is_new ? "psa_attrs_validate_new" :
			    "psa_attrs_validate_import", got, want);
			if (is_new)
				c->create++;
			else
				c->import++;
		}
	} else
		parse_fail(&ps, "unknown record");

	while (*ps.p == ' ' || *ps.p == '\t')
		ps.p++;
	if (!ps.bad && *ps.p != '\0' && *ps.p != '#')
		parse_fail(&ps, "extra fields");
	if (ps.bad)
		c->failed++;
}

static void
test_policy_data(void **state)
{
	struct counts c = { 0 };
	char line[512];
	int lineno = 0;
	FILE *f;

	(void)state;
	f = fopen(DATA_FILE, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t n = strlen(line);

		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		run_line(line, lineno, &c);
	}
	fclose(f);
	print_message("policy.data: %d check, %d export, %d export_public, "
	    "%d new, %d import; %d failed\n", c.check, c.export,
	    c.export_public, c.create, c.import, c.failed);
	assert_int_equal(c.failed, 0);
	/* The file is the specification; it must not quietly shrink. */
	assert_true(c.check >= 80);
	assert_true(c.export >= 5);
	assert_true(c.create >= 40);
	assert_true(c.import >= 4);
}

/* What the data file cannot say: NULL pointers. */
static void
test_policy_null(void **state)
{
	(void)state;
	assert_int_equal(psa_policy_check(NULL, PSA_KEY_USAGE_EXPORT, 0),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_policy_check_export(NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_policy_check_export_public(NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_attrs_validate_new(NULL, true),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_attrs_validate_import(NULL, true),
	    PSA_ERROR_INVALID_ARGUMENT);
}

static void
test_usage_helpers(void **state)
{
	(void)state;
	assert_int_equal(psa_usage_extend(PSA_KEY_USAGE_SIGN_HASH),
	    PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_SIGN_MESSAGE);
	assert_int_equal(psa_usage_extend(PSA_KEY_USAGE_VERIFY_HASH),
	    PSA_KEY_USAGE_VERIFY_HASH | PSA_KEY_USAGE_VERIFY_MESSAGE);
	assert_int_equal(psa_usage_extend(PSA_KEY_USAGE_SIGN_MESSAGE),
	    PSA_KEY_USAGE_SIGN_MESSAGE);
	assert_int_equal(psa_usage_extend(PSA_KEY_USAGE_EXPORT),
	    PSA_KEY_USAGE_EXPORT);
	assert_true(psa_usage_needs_private(PSA_KEY_USAGE_SIGN_HASH));
	assert_true(psa_usage_needs_private(PSA_KEY_USAGE_SIGN_MESSAGE));
	assert_true(psa_usage_needs_private(PSA_KEY_USAGE_DECRYPT));
	assert_true(psa_usage_needs_private(PSA_KEY_USAGE_DERIVE));
	assert_false(psa_usage_needs_private(PSA_KEY_USAGE_VERIFY_HASH |
	    PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_EXPORT));
}

static void
test_deprecated_lists(void **state)
{
	(void)state;
	assert_true(psa_alg_is_deprecated(PSA_ALG_MD5));
	assert_true(psa_alg_is_deprecated(PSA_ALG_HMAC(PSA_ALG_MD5)));
	assert_true(psa_alg_is_deprecated(PSA_ALG_ECDSA(PSA_ALG_SHA_1)));
	assert_true(psa_alg_is_deprecated(PSA_ALG_RSA_PSS(PSA_ALG_SHA_1)));
	assert_true(psa_alg_is_deprecated(PSA_ALG_CBC_MAC));
	assert_true(psa_alg_is_deprecated(
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_CBC_MAC, 8)));
	assert_false(psa_alg_is_deprecated(PSA_ALG_HMAC(PSA_ALG_SHA_1)));
	assert_false(psa_alg_is_deprecated(PSA_ALG_RSA_OAEP(PSA_ALG_SHA_1)));
	assert_false(psa_alg_is_deprecated(PSA_ALG_RSA_PKCS1V15_CRYPT));
	assert_false(psa_alg_is_deprecated(PSA_ALG_ECDSA(PSA_ALG_SHA_256)));
	assert_false(psa_alg_is_deprecated(PSA_ALG_ECDSA_ANY));
	assert_true(psa_key_is_deprecated(PSA_KEY_TYPE_RSA_KEY_PAIR, 1024));
	assert_false(psa_key_is_deprecated(PSA_KEY_TYPE_RSA_KEY_PAIR, 2048));
	assert_true(psa_key_is_deprecated(PSA_KEY_TYPE_DES, 192));
	assert_true(psa_key_is_deprecated(PSA_KEY_TYPE_DES, 0));
	assert_true(psa_key_is_deprecated(
	    PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 192));
	assert_false(psa_key_is_deprecated(
	    PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 256));
	assert_true(psa_key_is_deprecated(PSA_KEY_TYPE_HMAC, 104));
	assert_false(psa_key_is_deprecated(PSA_KEY_TYPE_HMAC, 112));
}

/* psa_alg_validate() on its own, for the encodings the data file's key
 * checks reach only indirectly. */
static void
test_alg_validate(void **state)
{
	(void)state;
	assert_int_equal(psa_alg_validate(PSA_ALG_NONE, true), PSA_SUCCESS);
	assert_int_equal(psa_alg_validate(PSA_ALG_NONE, false),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_alg_validate(PSA_ALG_SHA_256, false),
	    PSA_SUCCESS);
	assert_int_equal(psa_alg_validate(PSA_ALG_SHAKE256_512, false),
	    PSA_SUCCESS);
	assert_int_equal(psa_alg_validate(PSA_ALG_ANY_HASH, true),
	    PSA_SUCCESS);
	assert_int_equal(psa_alg_validate(PSA_ALG_ANY_HASH, false),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_alg_validate(0x02000006, false),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_alg_validate(0x02000109, false),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_alg_validate(PSA_ALG_HMAC(PSA_ALG_SHAKE256_512),
	    false), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_alg_validate(PSA_ALG_HMAC_BASE | 0x1209, false),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_alg_validate(PSA_ALG_ED25519PH, false),
	    PSA_SUCCESS);
	assert_int_equal(psa_alg_validate(PSA_ALG_HASH_EDDSA_BASE |
	    (PSA_ALG_SHA_256 & 0xff), false), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_alg_validate(0x04c01300 /* CCM* */, false),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_alg_validate(0x0a000001 /* J-PAKE */, false),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_alg_validate(0x06000a00 /* EDDSA_CTX */, false),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_alg_validate(PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH,
	    PSA_ALG_PBKDF2_HMAC(PSA_ALG_SHA_256)), false),
	    PSA_ERROR_INVALID_ARGUMENT);	/* stretching after agreement */
	/* Agreement bits the spec does not define; a bare bit 23 is the
	 * stretching flag of a KDF, so again stretching after agreement. */
	assert_int_equal(psa_alg_validate(0x09030000, false),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_alg_validate(0x09820000, false),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_alg_validate(PSA_ALG_KEY_AGREEMENT(PSA_ALG_FFDH,
	    PSA_ALG_TLS12_PRF(PSA_ALG_SHA_384)), false), PSA_SUCCESS);
	assert_int_equal(psa_alg_validate(PSA_ALG_HKDF_BASE, false),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_alg_validate(PSA_ALG_RSA_OAEP_BASE, false),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_alg_validate(
	    PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 0), true),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_alg_validate(
	    PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_GCM, 0), true),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_alg_validate(
	    PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_GCM, 17), true),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_alg_validate(
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 0), false),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_alg_validate(0x05500300 /* unknown AEAD */,
	    false), PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_alg_validate(0x07000400, false),
	    PSA_ERROR_NOT_SUPPORTED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_data),
		cmocka_unit_test(test_policy_null),
		cmocka_unit_test(test_usage_helpers),
		cmocka_unit_test(test_deprecated_lists),
		cmocka_unit_test(test_alg_validate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
