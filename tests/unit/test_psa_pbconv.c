/* tests/unit/test_psa_pbconv.c: psa/pbconv*.c, Parsec's protobuf
 * algorithms and key attributes to and from PSA values. A table of
 * algorithms with the PSA number each must give, built here by hand (not
 * by the code under test); every key type family and usage flag; every
 * error path; and a pass through protobuf-c's encoder and decoder. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "psa/pbconv.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define BAD_ALG		((psa_algorithm_t)0xdeadbeef)

#define H(x)	PSA_ALGORITHM__ALGORITHM__HASH__##x
#define CI(x)	PSA_ALGORITHM__ALGORITHM__CIPHER__##x
#define AE(x)	PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__##x
#define KA(x)	PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__##x
#define ECC(x)	PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_FAMILY__##x
#define KT_V(x)	PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_##x

/* ---- Building messages by hand -------------------------------------------- */

enum kind {
	K_NONE, K_HASH, K_HMAC, K_CBC_MAC, K_CMAC, K_CIPHER, K_AEAD,
	K_PKCS1, K_PKCS1_RAW, K_PSS, K_ECDSA, K_ECDSA_ANY, K_DET_ECDSA,
	K_PKCS1_CRYPT, K_OAEP, K_KA_RAW, K_KA_HKDF, K_KA_PRF, K_KA_PSK,
	K_HKDF, K_PRF, K_PSK,
};

struct alg_case {
	const char	*name;
	enum kind	 kind;
	int		 e;	/* hash, cipher, AEAD or raw agreement enum */
	int		 e2;	/* the KDF's hash after an agreement */
	bool		 any;	/* SignHash: Any */
	uint32_t	 len;	/* MAC or tag length; 0: full / default */
	psa_algorithm_t	 psa;	/* what psa/types.h says it is */
};

static const struct alg_case alg_cases[] = {
	{ "none", K_NONE, 0, 0, false, 0, PSA_ALG_NONE },

	{ "md2", K_HASH, H(MD2), 0, false, 0, PSA_ALG_MD2 },
	{ "md4", K_HASH, H(MD4), 0, false, 0, PSA_ALG_MD4 },
	{ "md5", K_HASH, H(MD5), 0, false, 0, PSA_ALG_MD5 },
	{ "ripemd160", K_HASH, H(RIPEMD160), 0, false, 0, PSA_ALG_RIPEMD160 },
	{ "sha1", K_HASH, H(SHA_1), 0, false, 0, PSA_ALG_SHA_1 },
	{ "sha224", K_HASH, H(SHA_224), 0, false, 0, PSA_ALG_SHA_224 },
	{ "sha256", K_HASH, H(SHA_256), 0, false, 0, PSA_ALG_SHA_256 },
	{ "sha384", K_HASH, H(SHA_384), 0, false, 0, PSA_ALG_SHA_384 },
	{ "sha512", K_HASH, H(SHA_512), 0, false, 0, PSA_ALG_SHA_512 },
	{ "sha512_224", K_HASH, H(SHA_512_224), 0, false, 0,
	    PSA_ALG_SHA_512_224 },
	{ "sha512_256", K_HASH, H(SHA_512_256), 0, false, 0,
	    PSA_ALG_SHA_512_256 },
	{ "sha3_224", K_HASH, H(SHA3_224), 0, false, 0, PSA_ALG_SHA3_224 },
	{ "sha3_256", K_HASH, H(SHA3_256), 0, false, 0, PSA_ALG_SHA3_256 },
	{ "sha3_384", K_HASH, H(SHA3_384), 0, false, 0, PSA_ALG_SHA3_384 },
	{ "sha3_512", K_HASH, H(SHA3_512), 0, false, 0, PSA_ALG_SHA3_512 },

	{ "hmac-sha256", K_HMAC, H(SHA_256), 0, false, 0,
	    PSA_ALG_HMAC(PSA_ALG_SHA_256) },
	{ "hmac-sha1", K_HMAC, H(SHA_1), 0, false, 0,
	    PSA_ALG_HMAC(PSA_ALG_SHA_1) },
	{ "hmac-sha384", K_HMAC, H(SHA_384), 0, false, 0,
	    PSA_ALG_HMAC(PSA_ALG_SHA_384) },
	{ "hmac-sha512", K_HMAC, H(SHA_512), 0, false, 0,
	    PSA_ALG_HMAC(PSA_ALG_SHA_512) },
	{ "hmac-sha3_256", K_HMAC, H(SHA3_256), 0, false, 0,
	    PSA_ALG_HMAC(PSA_ALG_SHA3_256) },
	{ "hmac-sha256/16", K_HMAC, H(SHA_256), 0, false, 16,
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256), 16) },
	{ "hmac-sha256/32", K_HMAC, H(SHA_256), 0, false, 32,
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256), 32) },
	{ "hmac-sha1/10", K_HMAC, H(SHA_1), 0, false, 10,
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_1), 10) },
	{ "hmac-sha512/63", K_HMAC, H(SHA_512), 0, false, 63,
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_512), 63) },
	{ "cbc-mac", K_CBC_MAC, 0, 0, false, 0, PSA_ALG_CBC_MAC },
	{ "cmac", K_CMAC, 0, 0, false, 0, PSA_ALG_CMAC },
	{ "cmac/8", K_CMAC, 0, 0, false, 8,
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_CMAC, 8) },
	{ "cbc-mac/4", K_CBC_MAC, 0, 0, false, 4,
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_CBC_MAC, 4) },

	{ "stream", K_CIPHER, CI(STREAM_CIPHER), 0, false, 0,
	    PSA_ALG_STREAM_CIPHER },
	{ "ctr", K_CIPHER, CI(CTR), 0, false, 0, PSA_ALG_CTR },
	{ "cfb", K_CIPHER, CI(CFB), 0, false, 0, PSA_ALG_CFB },
	{ "ofb", K_CIPHER, CI(OFB), 0, false, 0, PSA_ALG_OFB },
	{ "xts", K_CIPHER, CI(XTS), 0, false, 0, PSA_ALG_XTS },
	{ "ecb", K_CIPHER, CI(ECB_NO_PADDING), 0, false, 0,
	    PSA_ALG_ECB_NO_PADDING },
	{ "cbc", K_CIPHER, CI(CBC_NO_PADDING), 0, false, 0,
	    PSA_ALG_CBC_NO_PADDING },
	{ "cbc-pkcs7", K_CIPHER, CI(CBC_PKCS7), 0, false, 0,
	    PSA_ALG_CBC_PKCS7 },

	{ "ccm", K_AEAD, AE(CCM), 0, false, 0, PSA_ALG_CCM },
	{ "gcm", K_AEAD, AE(GCM), 0, false, 0, PSA_ALG_GCM },
	{ "chacha20-poly1305", K_AEAD, AE(CHACHA20_POLY1305), 0, false, 0,
	    PSA_ALG_CHACHA20_POLY1305 },
	{ "ccm/8", K_AEAD, AE(CCM), 0, false, 8,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_CCM, 8) },
	{ "ccm/4", K_AEAD, AE(CCM), 0, false, 4,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_CCM, 4) },
	{ "gcm/12", K_AEAD, AE(GCM), 0, false, 12,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 12) },
	{ "gcm/4", K_AEAD, AE(GCM), 0, false, 4,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 4) },
	{ "chacha20-poly1305/12", K_AEAD, AE(CHACHA20_POLY1305), 0, false, 12,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_CHACHA20_POLY1305, 12) },

	{ "pkcs1-sha256", K_PKCS1, H(SHA_256), 0, false, 0,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_256) },
	{ "pkcs1-sha384", K_PKCS1, H(SHA_384), 0, false, 0,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_384) },
	{ "pkcs1-sha512", K_PKCS1, H(SHA_512), 0, false, 0,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_512) },
	{ "pkcs1-sha1", K_PKCS1, H(SHA_1), 0, false, 0,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_1) },
	{ "pkcs1-sha224", K_PKCS1, H(SHA_224), 0, false, 0,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_224) },
	{ "pkcs1-any", K_PKCS1, 0, 0, true, 0,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_ANY_HASH) },
	{ "pkcs1-raw", K_PKCS1_RAW, 0, 0, false, 0,
	    PSA_ALG_RSA_PKCS1V15_SIGN_RAW },
	{ "pss-sha256", K_PSS, H(SHA_256), 0, false, 0,
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_256) },
	{ "pss-sha384", K_PSS, H(SHA_384), 0, false, 0,
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_384) },
	{ "pss-sha512", K_PSS, H(SHA_512), 0, false, 0,
	    PSA_ALG_RSA_PSS(PSA_ALG_SHA_512) },
	{ "pss-any", K_PSS, 0, 0, true, 0, PSA_ALG_RSA_PSS(PSA_ALG_ANY_HASH) },
	{ "ecdsa-sha256", K_ECDSA, H(SHA_256), 0, false, 0,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256) },
	{ "ecdsa-sha384", K_ECDSA, H(SHA_384), 0, false, 0,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_384) },
	{ "ecdsa-sha512", K_ECDSA, H(SHA_512), 0, false, 0,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_512) },
	{ "ecdsa-sha224", K_ECDSA, H(SHA_224), 0, false, 0,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_224) },
	{ "ecdsa-sha3_256", K_ECDSA, H(SHA3_256), 0, false, 0,
	    PSA_ALG_ECDSA(PSA_ALG_SHA3_256) },
	{ "ecdsa-any-hash", K_ECDSA, 0, 0, true, 0,
	    PSA_ALG_ECDSA(PSA_ALG_ANY_HASH) },
	{ "ecdsa-any", K_ECDSA_ANY, 0, 0, false, 0, PSA_ALG_ECDSA_ANY },
	{ "det-ecdsa-sha256", K_DET_ECDSA, H(SHA_256), 0, false, 0,
	    PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256) },
	{ "det-ecdsa-sha384", K_DET_ECDSA, H(SHA_384), 0, false, 0,
	    PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_384) },
	{ "det-ecdsa-any", K_DET_ECDSA, 0, 0, true, 0,
	    PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_ANY_HASH) },

	{ "pkcs1-crypt", K_PKCS1_CRYPT, 0, 0, false, 0,
	    PSA_ALG_RSA_PKCS1V15_CRYPT },
	{ "oaep-sha1", K_OAEP, H(SHA_1), 0, false, 0,
	    PSA_ALG_RSA_OAEP(PSA_ALG_SHA_1) },
	{ "oaep-sha256", K_OAEP, H(SHA_256), 0, false, 0,
	    PSA_ALG_RSA_OAEP(PSA_ALG_SHA_256) },
	{ "oaep-sha384", K_OAEP, H(SHA_384), 0, false, 0,
	    PSA_ALG_RSA_OAEP(PSA_ALG_SHA_384) },
	{ "oaep-sha512", K_OAEP, H(SHA_512), 0, false, 0,
	    PSA_ALG_RSA_OAEP(PSA_ALG_SHA_512) },

	{ "ecdh", K_KA_RAW, KA(ECDH), 0, false, 0, PSA_ALG_ECDH },
	{ "ffdh", K_KA_RAW, KA(FFDH), 0, false, 0, PSA_ALG_FFDH },
	{ "ecdh+hkdf-sha256", K_KA_HKDF, KA(ECDH), H(SHA_256), false, 0,
	    PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH, PSA_ALG_HKDF(PSA_ALG_SHA_256)) },
	{ "ffdh+hkdf-sha384", K_KA_HKDF, KA(FFDH), H(SHA_384), false, 0,
	    PSA_ALG_KEY_AGREEMENT(PSA_ALG_FFDH, PSA_ALG_HKDF(PSA_ALG_SHA_384)) },
	{ "ecdh+tls12-prf-sha256", K_KA_PRF, KA(ECDH), H(SHA_256), false, 0,
	    PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH,
	    PSA_ALG_TLS12_PRF(PSA_ALG_SHA_256)) },
	{ "ecdh+tls12-psk-sha384", K_KA_PSK, KA(ECDH), H(SHA_384), false, 0,
	    PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH,
	    PSA_ALG_TLS12_PSK_TO_MS(PSA_ALG_SHA_384)) },
	{ "hkdf-sha256", K_HKDF, H(SHA_256), 0, false, 0,
	    PSA_ALG_HKDF(PSA_ALG_SHA_256) },
	{ "hkdf-sha512", K_HKDF, H(SHA_512), 0, false, 0,
	    PSA_ALG_HKDF(PSA_ALG_SHA_512) },
	{ "tls12-prf-sha256", K_PRF, H(SHA_256), 0, false, 0,
	    PSA_ALG_TLS12_PRF(PSA_ALG_SHA_256) },
	{ "tls12-prf-sha384", K_PRF, H(SHA_384), 0, false, 0,
	    PSA_ALG_TLS12_PRF(PSA_ALG_SHA_384) },
	{ "tls12-psk-sha256", K_PSK, H(SHA_256), 0, false, 0,
	    PSA_ALG_TLS12_PSK_TO_MS(PSA_ALG_SHA_256) },
};

/* Every schema hash with its PSA value, from psa/types.h. */
static const struct {
	int		pb;
	psa_algorithm_t	psa;
} hashes[] = {
	{ H(MD2), PSA_ALG_MD2 }, { H(MD4), PSA_ALG_MD4 },
	{ H(MD5), PSA_ALG_MD5 }, { H(RIPEMD160), PSA_ALG_RIPEMD160 },
	{ H(SHA_1), PSA_ALG_SHA_1 }, { H(SHA_224), PSA_ALG_SHA_224 },
	{ H(SHA_256), PSA_ALG_SHA_256 }, { H(SHA_384), PSA_ALG_SHA_384 },
	{ H(SHA_512), PSA_ALG_SHA_512 },
	{ H(SHA_512_224), PSA_ALG_SHA_512_224 },
	{ H(SHA_512_256), PSA_ALG_SHA_512_256 },
	{ H(SHA3_224), PSA_ALG_SHA3_224 }, { H(SHA3_256), PSA_ALG_SHA3_256 },
	{ H(SHA3_384), PSA_ALG_SHA3_384 }, { H(SHA3_512), PSA_ALG_SHA3_512 },
};

static void
build_kdf(PsaAlgorithm__Algorithm__KeyDerivation *kdf, struct psa_pb_pb_alg *s,
    enum kind k, int hash)
{
	psa_algorithm__algorithm__key_derivation__init(kdf);
	switch (k) {
	case K_HKDF:
	case K_KA_HKDF:
		psa_algorithm__algorithm__key_derivation__hkdf__init(
		    &s->kdf_kind.hkdf);
		s->kdf_kind.hkdf.hash_alg = hash;
		kdf->variant_case =
		    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_HKDF;
		kdf->hkdf = &s->kdf_kind.hkdf;
		break;
	case K_PRF:
	case K_KA_PRF:
		psa_algorithm__algorithm__key_derivation__tls12_prf__init(
		    &s->kdf_kind.tls12_prf);
		s->kdf_kind.tls12_prf.hash_alg = hash;
		kdf->variant_case =
		    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_TLS12_PRF;
		kdf->tls12_prf = &s->kdf_kind.tls12_prf;
		break;
	default:
		psa_algorithm__algorithm__key_derivation__tls12_psk_to_ms__init(
		    &s->kdf_kind.tls12_psk_to_ms);
		s->kdf_kind.tls12_psk_to_ms.hash_alg = hash;
		kdf->variant_case =
		    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_TLS12_PSK_TO_MS;
		kdf->tls12_psk_to_ms = &s->kdf_kind.tls12_psk_to_ms;
		break;
	}
}

/* The SignHash of a case, in s->sign_hash. */
static PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash *
build_sign_hash(const struct alg_case *c, struct psa_pb_pb_alg *s)
{
	psa_algorithm__algorithm__asymmetric_signature__sign_hash__init(
	    &s->sign_hash);
	if (c->any) {
		psa_algorithm__algorithm__asymmetric_signature__sign_hash__any__init(
		    &s->sign_hash_any);
		s->sign_hash.variant_case =
		    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_ANY;
		s->sign_hash.any = &s->sign_hash_any;
	} else {
		s->sign_hash.variant_case =
		    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_SPECIFIC;
		s->sign_hash.specific = c->e;
	}
	return &s->sign_hash;
}

static void
build_mac(const struct alg_case *c, struct psa_pb_pb_alg *s)
{
	PsaAlgorithm__Algorithm__Mac__FullLength *f = &s->mac_full;

	psa_algorithm__algorithm__mac__init(&s->mac);
	psa_algorithm__algorithm__mac__full_length__init(f);
	if (c->kind == K_HMAC) {
		psa_algorithm__algorithm__mac__full_length__hmac__init(
		    &s->mac_kind.hmac);
		s->mac_kind.hmac.hash_alg = c->e;
		f->variant_case =
		    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_HMAC;
		f->hmac = &s->mac_kind.hmac;
	} else if (c->kind == K_CBC_MAC) {
		psa_algorithm__algorithm__mac__full_length__cbc_mac__init(
		    &s->mac_kind.cbc_mac);
		f->variant_case =
		    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_CBC_MAC;
		f->cbc_mac = &s->mac_kind.cbc_mac;
	} else {
		psa_algorithm__algorithm__mac__full_length__cmac__init(
		    &s->mac_kind.cmac);
		f->variant_case =
		    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_CMAC;
		f->cmac = &s->mac_kind.cmac;
	}
	if (c->len == 0) {
		s->mac.variant_case =
		    PSA_ALGORITHM__ALGORITHM__MAC__VARIANT_FULL_LENGTH;
		s->mac.full_length = f;
	} else {
		psa_algorithm__algorithm__mac__truncated__init(
		    &s->mac_truncated);
		s->mac_truncated.mac_alg = f;
		s->mac_truncated.mac_length = c->len;
		s->mac.variant_case =
		    PSA_ALGORITHM__ALGORITHM__MAC__VARIANT_TRUNCATED;
		s->mac.truncated = &s->mac_truncated;
	}
}

static void
build_aead(const struct alg_case *c, struct psa_pb_pb_alg *s)
{
	psa_algorithm__algorithm__aead__init(&s->aead);
	if (c->len == 0) {
		s->aead.variant_case =
		    PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_DEFAULT_LENGTH_TAG;
		s->aead.aead_with_default_length_tag = c->e;
	} else {
		psa_algorithm__algorithm__aead__aead_with_shortened_tag__init(
		    &s->aead_shortened);
		s->aead_shortened.aead_alg = c->e;
		s->aead_shortened.tag_length = c->len;
		s->aead.variant_case =
		    PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_SHORTENED_TAG;
		s->aead.aead_with_shortened_tag = &s->aead_shortened;
	}
}

static void
build_sign(const struct alg_case *c, struct psa_pb_pb_alg *s)
{
	PsaAlgorithm__Algorithm__AsymmetricSignature *m = &s->sign;

	psa_algorithm__algorithm__asymmetric_signature__init(m);
	switch (c->kind) {
	case K_PKCS1:
		psa_algorithm__algorithm__asymmetric_signature__rsa_pkcs1v15_sign__init(
		    &s->sign_kind.rsa_pkcs1v15_sign);
		s->sign_kind.rsa_pkcs1v15_sign.hash_alg = build_sign_hash(c, s);
		m->variant_case =
		    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PKCS1V15_SIGN;
		m->rsa_pkcs1v15_sign = &s->sign_kind.rsa_pkcs1v15_sign;
		break;
	case K_PKCS1_RAW:
		psa_algorithm__algorithm__asymmetric_signature__rsa_pkcs1v15_sign_raw__init(
		    &s->sign_kind.rsa_pkcs1v15_sign_raw);
		m->variant_case =
		    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PKCS1V15_SIGN_RAW;
		m->rsa_pkcs1v15_sign_raw = &s->sign_kind.rsa_pkcs1v15_sign_raw;
		break;
	case K_PSS:
		psa_algorithm__algorithm__asymmetric_signature__rsa_pss__init(
		    &s->sign_kind.rsa_pss);
		s->sign_kind.rsa_pss.hash_alg = build_sign_hash(c, s);
		m->variant_case =
		    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PSS;
		m->rsa_pss = &s->sign_kind.rsa_pss;
		break;
	case K_ECDSA:
		psa_algorithm__algorithm__asymmetric_signature__ecdsa__init(
		    &s->sign_kind.ecdsa);
		s->sign_kind.ecdsa.hash_alg = build_sign_hash(c, s);
		m->variant_case =
		    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_ECDSA;
		m->ecdsa = &s->sign_kind.ecdsa;
		break;
	case K_ECDSA_ANY:
		psa_algorithm__algorithm__asymmetric_signature__ecdsa_any__init(
		    &s->sign_kind.ecdsa_any);
		m->variant_case =
		    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_ECDSA_ANY;
		m->ecdsa_any = &s->sign_kind.ecdsa_any;
		break;
	default:
		psa_algorithm__algorithm__asymmetric_signature__deterministic_ecdsa__init(
		    &s->sign_kind.deterministic_ecdsa);
		s->sign_kind.deterministic_ecdsa.hash_alg =
		    build_sign_hash(c, s);
		m->variant_case =
		    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_DETERMINISTIC_ECDSA;
		m->deterministic_ecdsa = &s->sign_kind.deterministic_ecdsa;
		break;
	}
}

/* The Algorithm message a Parsec client would send for case c, wired
 * inside s (used only as storage). */
static PsaAlgorithm__Algorithm *
build_alg(const struct alg_case *c, struct psa_pb_pb_alg *s)
{
	PsaAlgorithm__Algorithm *m = &s->alg;

	psa_algorithm__algorithm__init(m);
	switch (c->kind) {
	case K_NONE:
		psa_algorithm__algorithm__none__init(&s->none);
		m->variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_NONE;
		m->none = &s->none;
		break;
	case K_HASH:
		m->variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_HASH;
		m->hash = c->e;
		break;
	case K_HMAC:
	case K_CBC_MAC:
	case K_CMAC:
		build_mac(c, s);
		m->variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_MAC;
		m->mac = &s->mac;
		break;
	case K_CIPHER:
		m->variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_CIPHER;
		m->cipher = c->e;
		break;
	case K_AEAD:
		build_aead(c, s);
		m->variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_AEAD;
		m->aead = &s->aead;
		break;
	case K_PKCS1:
	case K_PKCS1_RAW:
	case K_PSS:
	case K_ECDSA:
	case K_ECDSA_ANY:
	case K_DET_ECDSA:
		build_sign(c, s);
		m->variant_case =
		    PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE;
		m->asymmetric_signature = &s->sign;
		break;
	case K_PKCS1_CRYPT:
	case K_OAEP:
		psa_algorithm__algorithm__asymmetric_encryption__init(
		    &s->asym_enc);
		if (c->kind == K_OAEP) {
			psa_algorithm__algorithm__asymmetric_encryption__rsa_oaep__init(
			    &s->asym_enc_kind.rsa_oaep);
			s->asym_enc_kind.rsa_oaep.hash_alg = c->e;
			s->asym_enc.variant_case =
			    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_OAEP;
			s->asym_enc.rsa_oaep = &s->asym_enc_kind.rsa_oaep;
		} else {
			psa_algorithm__algorithm__asymmetric_encryption__rsa_pkcs1v15_crypt__init(
			    &s->asym_enc_kind.rsa_pkcs1v15_crypt);
			s->asym_enc.variant_case =
			    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_PKCS1V15_CRYPT;
			s->asym_enc.rsa_pkcs1v15_crypt =
			    &s->asym_enc_kind.rsa_pkcs1v15_crypt;
		}
		m->variant_case =
		    PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_ENCRYPTION;
		m->asymmetric_encryption = &s->asym_enc;
		break;
	case K_KA_RAW:
		psa_algorithm__algorithm__key_agreement__init(&s->ka);
		s->ka.variant_case =
		    PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_RAW;
		s->ka.raw = c->e;
		m->variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_AGREEMENT;
		m->key_agreement = &s->ka;
		break;
	case K_KA_HKDF:
	case K_KA_PRF:
	case K_KA_PSK:
		build_kdf(&s->kdf, s, c->kind, c->e2);
		psa_algorithm__algorithm__key_agreement__with_key_derivation__init(
		    &s->ka_with_kdf);
		s->ka_with_kdf.ka_alg = c->e;
		s->ka_with_kdf.kdf_alg = &s->kdf;
		psa_algorithm__algorithm__key_agreement__init(&s->ka);
		s->ka.variant_case =
		    PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_WITH_KEY_DERIVATION;
		s->ka.with_key_derivation = &s->ka_with_kdf;
		m->variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_AGREEMENT;
		m->key_agreement = &s->ka;
		break;
	case K_HKDF:
	case K_PRF:
	case K_PSK:
		build_kdf(&s->kdf, s, c->kind, c->e);
		m->variant_case =
		    PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_DERIVATION;
		m->key_derivation = &s->kdf;
		break;
	}
	return m;
}

/* ---- Packing --------------------------------------------------------------- */

struct packed {
	uint8_t	buf[512];
	size_t	len;
};

static void
pack(const ProtobufCMessage *m, struct packed *p)
{
	size_t need = protobuf_c_message_get_packed_size(m);

	assert_true(need <= sizeof(p->buf));
	p->len = protobuf_c_message_pack(m, p->buf);
	assert_int_equal(p->len, need);
}

static void
assert_same_bytes(const ProtobufCMessage *a, const ProtobufCMessage *b,
    const char *name)
{
	struct packed pa, pb;

	pack(a, &pa);
	pack(b, &pb);
	if (pa.len != pb.len || memcmp(pa.buf, pb.buf, pa.len) != 0)
		fail_msg("%s: messages differ on the wire", name);
}

/* Unpack p as an Algorithm and convert it. */
static psa_algorithm_t
alg_through_wire(const struct packed *p)
{
	PsaAlgorithm__Algorithm *m;
	psa_algorithm_t alg = BAD_ALG;

	m = psa_algorithm__algorithm__unpack(NULL, p->len, p->buf);
	assert_non_null(m);
	assert_int_equal(psa_pb_alg_from_pb(m, &alg), PSA_SUCCESS);
	psa_algorithm__algorithm__free_unpacked(m, NULL);
	return alg;
}

/* The per-family API on the same case: the sub-message converts to the
 * same value, and the family's to_pb builds the same sub-message. */
static void
check_family(const struct alg_case *c, const PsaAlgorithm__Algorithm *m)
{
	struct psa_pb_pb_alg a;
	psa_algorithm_t alg = BAD_ALG;
	PsaAlgorithm__Algorithm__Mac *mac;
	PsaAlgorithm__Algorithm__Aead *aead;
	PsaAlgorithm__Algorithm__AsymmetricSignature *sign;
	PsaAlgorithm__Algorithm__AsymmetricEncryption *enc;
	PsaAlgorithm__Algorithm__KeyAgreement *ka;
	PsaAlgorithm__Algorithm__KeyDerivation *kdf;
	PsaAlgorithm__Algorithm__Hash h;
	PsaAlgorithm__Algorithm__Cipher ci;
	PsaAlgorithm__Algorithm__KeyAgreement__Raw raw;

	switch (m->variant_case) {
	case PSA_ALGORITHM__ALGORITHM__VARIANT_HASH:
		assert_int_equal(psa_pb_hash_from_pb(m->hash, &alg),
		    PSA_SUCCESS);
		assert_int_equal(psa_pb_hash_to_pb(c->psa, &h), PSA_SUCCESS);
		assert_int_equal(h, m->hash);
		break;
	case PSA_ALGORITHM__ALGORITHM__VARIANT_CIPHER:
		assert_int_equal(psa_pb_cipher_from_pb(m->cipher, &alg),
		    PSA_SUCCESS);
		assert_int_equal(psa_pb_cipher_to_pb(c->psa, &ci),
		    PSA_SUCCESS);
		assert_int_equal(ci, m->cipher);
		break;
	case PSA_ALGORITHM__ALGORITHM__VARIANT_MAC:
		assert_int_equal(psa_pb_mac_from_pb(m->mac, &alg),
		    PSA_SUCCESS);
		assert_int_equal(psa_pb_mac_to_pb(c->psa, &a, &mac),
		    PSA_SUCCESS);
		assert_same_bytes(&mac->base, &m->mac->base, c->name);
		break;
	case PSA_ALGORITHM__ALGORITHM__VARIANT_AEAD:
		assert_int_equal(psa_pb_aead_from_pb(m->aead, &alg),
		    PSA_SUCCESS);
		assert_int_equal(psa_pb_aead_to_pb(c->psa, &a, &aead),
		    PSA_SUCCESS);
		assert_same_bytes(&aead->base, &m->aead->base, c->name);
		break;
	case PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE:
		assert_int_equal(psa_pb_sign_from_pb(m->asymmetric_signature,
		    &alg), PSA_SUCCESS);
		assert_int_equal(psa_pb_sign_to_pb(c->psa, &a, &sign),
		    PSA_SUCCESS);
		assert_same_bytes(&sign->base, &m->asymmetric_signature->base,
		    c->name);
		break;
	case PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_ENCRYPTION:
		assert_int_equal(psa_pb_asym_enc_from_pb(
		    m->asymmetric_encryption, &alg), PSA_SUCCESS);
		assert_int_equal(psa_pb_asym_enc_to_pb(c->psa, &a, &enc),
		    PSA_SUCCESS);
		assert_same_bytes(&enc->base, &m->asymmetric_encryption->base,
		    c->name);
		break;
	case PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_AGREEMENT:
		assert_int_equal(psa_pb_ka_from_pb(m->key_agreement, &alg),
		    PSA_SUCCESS);
		assert_int_equal(psa_pb_ka_to_pb(c->psa, &a, &ka),
		    PSA_SUCCESS);
		assert_same_bytes(&ka->base, &m->key_agreement->base, c->name);
		if (c->kind == K_KA_RAW) {
			assert_int_equal(psa_pb_ka_raw_to_pb(c->psa, &raw),
			    PSA_SUCCESS);
			assert_int_equal(raw, c->e);
		} else
			assert_int_equal(psa_pb_ka_raw_to_pb(c->psa, &raw),
			    PSA_ERROR_NOT_SUPPORTED);
		break;
	case PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_DERIVATION:
		assert_int_equal(psa_pb_kdf_from_pb(m->key_derivation, &alg),
		    PSA_SUCCESS);
		assert_int_equal(psa_pb_kdf_to_pb(c->psa, &a, &kdf),
		    PSA_SUCCESS);
		assert_same_bytes(&kdf->base, &m->key_derivation->base,
		    c->name);
		break;
	default:
		alg = c->psa;
		break;
	}
	assert_int_equal(alg, c->psa);
}

/* pb -> psa gives the expected number; psa -> pb gives the message a
 * client would have built, byte for byte; both survive protobuf-c. */
static void
check_alg_case(const struct alg_case *c)
{
	struct psa_pb_pb_alg built, arena;
	const PsaAlgorithm__Algorithm *m = build_alg(c, &built);
	psa_algorithm_t alg = BAD_ALG;
	struct packed p;

	if (psa_pb_alg_from_pb(m, &alg) != PSA_SUCCESS || alg != c->psa)
		fail_msg("%s: pb -> psa gave 0x%08x, want 0x%08x", c->name,
		    alg, c->psa);
	assert_int_equal(psa_pb_alg_to_pb(c->psa, &arena), PSA_SUCCESS);
	assert_same_bytes(&arena.alg.base, &m->base, c->name);
	alg = BAD_ALG;
	assert_int_equal(psa_pb_alg_from_pb(&arena.alg, &alg), PSA_SUCCESS);
	assert_int_equal(alg, c->psa);
	pack(&arena.alg.base, &p);
	assert_int_equal(alg_through_wire(&p), c->psa);
	check_family(c, m);
}

static void
test_alg_table(void **state)
{
	size_t i;

	(void)state;
	assert_true(NELEM(alg_cases) >= 60);
	for (i = 0; i < NELEM(alg_cases); i++)
		check_alg_case(&alg_cases[i]);
}

/* Every schema hash inside every hash-parameterised family. */
static void
test_alg_every_hash(void **state)
{
	static const struct {
		enum kind	kind;
		psa_algorithm_t	base;
	} families[] = {
		{ K_HASH, PSA_ALG_CATEGORY_HASH },
		{ K_HMAC, PSA_ALG_HMAC_BASE },
		{ K_PKCS1, PSA_ALG_RSA_PKCS1V15_SIGN_BASE },
		{ K_PSS, PSA_ALG_RSA_PSS_BASE },
		{ K_ECDSA, PSA_ALG_ECDSA_BASE },
		{ K_DET_ECDSA, PSA_ALG_DETERMINISTIC_ECDSA_BASE },
		{ K_OAEP, PSA_ALG_RSA_OAEP_BASE },
		{ K_HKDF, PSA_ALG_HKDF_BASE },
		{ K_PRF, PSA_ALG_TLS12_PRF_BASE },
		{ K_PSK, PSA_ALG_TLS12_PSK_TO_MS_BASE },
	};
	struct alg_case c;
	size_t i, j, n = 0;

	(void)state;
	for (i = 0; i < NELEM(families); i++) {
		for (j = 0; j < NELEM(hashes); j++) {
			memset(&c, 0, sizeof(c));
			c.name = "every-hash";
			c.kind = families[i].kind;
			c.e = hashes[j].pb;
			c.psa = families[i].base |
			    (hashes[j].psa & PSA_ALG_HASH_MASK);
			check_alg_case(&c);
			n++;
		}
	}
	assert_int_equal(n, 150);
	/* The macros agree with base | hash for a few, so the loop above
	 * checks what psa/types.h means. */
	assert_int_equal(PSA_ALG_HMAC(PSA_ALG_SHA3_512),
	    PSA_ALG_HMAC_BASE | 0x13);
	assert_int_equal(PSA_ALG_RSA_OAEP(PSA_ALG_MD5),
	    PSA_ALG_RSA_OAEP_BASE | 0x03);
}

/* A shortened tag of the default length is the default algorithm, and
 * comes back spelt that way. */
static void
test_alg_default_length_shortened(void **state)
{
	struct alg_case c = { "gcm/16", K_AEAD, AE(GCM), 0, false, 16,
	    PSA_ALG_GCM };
	struct psa_pb_pb_alg built, arena;
	psa_algorithm_t alg = BAD_ALG;

	(void)state;
	assert_int_equal(psa_pb_alg_from_pb(build_alg(&c, &built), &alg),
	    PSA_SUCCESS);
	assert_int_equal(alg, PSA_ALG_GCM);
	assert_int_equal(psa_pb_alg_to_pb(alg, &arena), PSA_SUCCESS);
	assert_int_equal(arena.aead.variant_case,
	    PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_DEFAULT_LENGTH_TAG);
}

/* ---- Algorithm errors, pb -> psa ----------------------------------------- */

static void
assert_alg_invalid(const PsaAlgorithm__Algorithm *m, const char *what)
{
	psa_algorithm_t alg = BAD_ALG;
	psa_status_t status = psa_pb_alg_from_pb(m, &alg);

	if (status != PSA_ERROR_INVALID_ARGUMENT || alg != PSA_ALG_NONE)
		fail_msg("%s: status %d alg 0x%08x", what, (int)status, alg);
}

static void
test_alg_unset_and_null(void **state)
{
	static const PsaAlgorithm__Algorithm__VariantCase with_msg[] = {
		PSA_ALGORITHM__ALGORITHM__VARIANT_NONE,
		PSA_ALGORITHM__ALGORITHM__VARIANT_MAC,
		PSA_ALGORITHM__ALGORITHM__VARIANT_AEAD,
		PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE,
		PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_ENCRYPTION,
		PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_AGREEMENT,
		PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_DERIVATION,
	};
	PsaAlgorithm__Algorithm m;
	psa_algorithm_t alg;
	size_t i;

	(void)state;
	psa_algorithm__algorithm__init(&m);
	assert_alg_invalid(&m, "unset");
	assert_alg_invalid(NULL, "NULL message");
	assert_int_equal(psa_pb_alg_from_pb(&m, NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
	m.variant_case = (PsaAlgorithm__Algorithm__VariantCase)99;
	assert_alg_invalid(&m, "unknown case");
	m.variant_case = (PsaAlgorithm__Algorithm__VariantCase)-1;
	assert_alg_invalid(&m, "negative case");
	/* A chosen variant whose sub-message pointer is NULL. */
	for (i = 0; i < NELEM(with_msg); i++) {
		psa_algorithm__algorithm__init(&m);
		m.variant_case = with_msg[i];
		assert_alg_invalid(&m, "variant with NULL message");
	}
	/* The family entry points on NULL. */
	alg = BAD_ALG;
	assert_int_equal(psa_pb_mac_from_pb(NULL, &alg),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(alg, PSA_ALG_NONE);
	assert_int_equal(psa_pb_aead_from_pb(NULL, &alg),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_sign_from_pb(NULL, &alg),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_asym_enc_from_pb(NULL, &alg),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_ka_from_pb(NULL, &alg),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_kdf_from_pb(NULL, &alg),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_sign_hash_from_pb(NULL, &alg),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_hash_from_pb(H(SHA_256), NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_cipher_from_pb(CI(CTR), NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_ka_raw_from_pb(KA(ECDH), NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
}

/* Out-of-range values for every enum: zero ("unset"), one past the last,
 * negative, the int32 extremes. */
static const int32_t bad_hash_enums[] = { 0, 16, 255, -1, INT32_MAX,
    INT32_MIN };

static void
test_alg_bad_enums(void **state)
{
	static const int32_t bad_cipher[] = { 0, 9, -1, INT32_MAX, INT32_MIN };
	static const int32_t bad_aead[] = { 0, 4, -1, INT32_MAX, INT32_MIN };
	static const int32_t bad_ka[] = { 0, 3, -1, INT32_MAX, INT32_MIN };
	struct psa_pb_pb_alg s;
	struct alg_case c;
	psa_algorithm_t alg;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad_hash_enums); i++) {
		alg = BAD_ALG;
		assert_int_equal(psa_pb_hash_from_pb(
		    (PsaAlgorithm__Algorithm__Hash)bad_hash_enums[i], &alg),
		    PSA_ERROR_INVALID_ARGUMENT);
		assert_int_equal(alg, PSA_ALG_NONE);
		/* ... and the same value inside every family that carries a
		 * hash, via the builder. */
		memset(&c, 0, sizeof(c));
		c.e = bad_hash_enums[i];
		c.e2 = bad_hash_enums[i];
		for (c.kind = K_HASH; c.kind <= K_PSK; c.kind++) {
			if (c.kind == K_CBC_MAC || c.kind == K_CMAC ||
			    c.kind == K_CIPHER || c.kind == K_AEAD ||
			    c.kind == K_PKCS1_RAW || c.kind == K_ECDSA_ANY ||
			    c.kind == K_PKCS1_CRYPT || c.kind == K_KA_RAW)
				continue;
			if (c.kind == K_KA_HKDF || c.kind == K_KA_PRF ||
			    c.kind == K_KA_PSK)
				c.e = KA(ECDH);
			else
				c.e = bad_hash_enums[i];
			assert_alg_invalid(build_alg(&c, &s), "bad hash enum");
		}
	}
	for (i = 0; i < NELEM(bad_cipher); i++) {
		memset(&c, 0, sizeof(c));
		c.kind = K_CIPHER;
		c.e = bad_cipher[i];
		assert_alg_invalid(build_alg(&c, &s), "bad cipher enum");
	}
	for (i = 0; i < NELEM(bad_aead); i++) {
		memset(&c, 0, sizeof(c));
		c.kind = K_AEAD;
		c.e = bad_aead[i];
		assert_alg_invalid(build_alg(&c, &s), "bad aead enum");
		c.len = 8;		/* the shortened form too */
		assert_alg_invalid(build_alg(&c, &s), "bad shortened aead");
	}
	for (i = 0; i < NELEM(bad_ka); i++) {
		memset(&c, 0, sizeof(c));
		c.kind = K_KA_RAW;
		c.e = bad_ka[i];
		assert_alg_invalid(build_alg(&c, &s), "bad raw agreement");
		c.kind = K_KA_HKDF;
		c.e2 = H(SHA_256);
		assert_alg_invalid(build_alg(&c, &s), "bad agreement + kdf");
	}
}

static void
test_alg_bad_lengths(void **state)
{
	static const uint32_t bad_len[] = { 64, 65, 255, 0x10000, UINT32_MAX };
	struct psa_pb_pb_alg s;
	struct alg_case c;
	PsaAlgorithm__Algorithm *m;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad_len); i++) {
		memset(&c, 0, sizeof(c));
		c.kind = K_HMAC;
		c.e = H(SHA_256);
		c.len = bad_len[i];
		assert_alg_invalid(build_alg(&c, &s), "mac length");
		c.kind = K_CMAC;
		assert_alg_invalid(build_alg(&c, &s), "cmac length");
		c.kind = K_AEAD;
		c.e = AE(GCM);
		assert_alg_invalid(build_alg(&c, &s), "tag length");
	}
	/* Length zero: the builder would pick the full-length spelling, so
	 * set it by hand. */
	memset(&c, 0, sizeof(c));
	c.kind = K_HMAC;
	c.e = H(SHA_256);
	c.len = 8;
	m = build_alg(&c, &s);
	s.mac_truncated.mac_length = 0;
	assert_alg_invalid(m, "mac length 0");
	/* Truncated without its MAC, or with an unset one. */
	s.mac_truncated.mac_length = 8;
	s.mac_truncated.mac_alg = NULL;
	assert_alg_invalid(m, "truncated, no mac_alg");
	psa_algorithm__algorithm__mac__full_length__init(&s.mac_full);
	s.mac_truncated.mac_alg = &s.mac_full;
	assert_alg_invalid(m, "truncated, mac_alg unset");
	c.kind = K_AEAD;
	c.e = AE(CCM);
	c.len = 8;
	m = build_alg(&c, &s);
	s.aead_shortened.tag_length = 0;
	assert_alg_invalid(m, "tag length 0");
	s.aead.aead_with_shortened_tag = NULL;
	assert_alg_invalid(m, "shortened, NULL message");
}

static void
test_alg_bad_nesting(void **state)
{
	struct psa_pb_pb_alg s;
	struct alg_case c;
	PsaAlgorithm__Algorithm *m;
	enum kind k;

	(void)state;
	/* Every sign scheme with a hash: no SignHash, an unset SignHash, a
	 * SignHash Any with a NULL message, a NULL scheme message. */
	for (k = K_PKCS1; k <= K_DET_ECDSA; k++) {
		if (k == K_PKCS1_RAW || k == K_ECDSA_ANY)
			continue;
		memset(&c, 0, sizeof(c));
		c.kind = k;
		c.e = H(SHA_256);
		m = build_alg(&c, &s);
		psa_algorithm__algorithm__asymmetric_signature__sign_hash__init(
		    &s.sign_hash);
		assert_alg_invalid(m, "SignHash unset");
		s.sign_hash.variant_case =
		    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_ANY;
		s.sign_hash.any = NULL;
		assert_alg_invalid(m, "SignHash Any NULL");
		s.sign_hash.variant_case =
		    (PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash__VariantCase)7;
		assert_alg_invalid(m, "SignHash unknown case");
		m = build_alg(&c, &s);
		s.sign_kind.rsa_pss.hash_alg = NULL;	/* same slot for all */
		assert_alg_invalid(m, "no SignHash");
		m = build_alg(&c, &s);
		s.sign.rsa_pss = NULL;			/* same slot for all */
		assert_alg_invalid(m, "NULL scheme message");
	}
	memset(&c, 0, sizeof(c));
	c.kind = K_ECDSA;
	m = build_alg(&c, &s);
	psa_algorithm__algorithm__asymmetric_signature__init(&s.sign);
	assert_alg_invalid(m, "AsymmetricSignature unset");
	s.sign.variant_case =
	    (PsaAlgorithm__Algorithm__AsymmetricSignature__VariantCase)7;
	assert_alg_invalid(m, "AsymmetricSignature unknown case");
	/* Markers whose message is NULL. */
	c.kind = K_ECDSA_ANY;
	m = build_alg(&c, &s);
	s.sign.ecdsa_any = NULL;
	assert_alg_invalid(m, "EcdsaAny NULL");
	c.kind = K_PKCS1_RAW;
	m = build_alg(&c, &s);
	s.sign.rsa_pkcs1v15_sign_raw = NULL;
	assert_alg_invalid(m, "RsaPkcs1v15SignRaw NULL");
	c.kind = K_CMAC;
	m = build_alg(&c, &s);
	s.mac_full.cmac = NULL;
	assert_alg_invalid(m, "Cmac NULL");
	c.kind = K_CBC_MAC;
	m = build_alg(&c, &s);
	s.mac_full.cbc_mac = NULL;
	assert_alg_invalid(m, "CbcMac NULL");
	c.kind = K_HMAC;
	c.e = H(SHA_256);
	m = build_alg(&c, &s);
	s.mac_full.hmac = NULL;
	assert_alg_invalid(m, "Hmac NULL");
	m = build_alg(&c, &s);
	psa_algorithm__algorithm__mac__init(&s.mac);
	assert_alg_invalid(m, "Mac unset");
	m = build_alg(&c, &s);
	s.mac.full_length = NULL;
	assert_alg_invalid(m, "FullLength NULL");
	c.kind = K_PKCS1_CRYPT;
	m = build_alg(&c, &s);
	s.asym_enc.rsa_pkcs1v15_crypt = NULL;
	assert_alg_invalid(m, "RsaPkcs1v15Crypt NULL");
	psa_algorithm__algorithm__asymmetric_encryption__init(&s.asym_enc);
	assert_alg_invalid(m, "AsymmetricEncryption unset");
	c.kind = K_OAEP;
	c.e = H(SHA_256);
	m = build_alg(&c, &s);
	s.asym_enc.rsa_oaep = NULL;
	assert_alg_invalid(m, "RsaOaep NULL");
	c.kind = K_AEAD;
	c.e = AE(GCM);
	m = build_alg(&c, &s);
	psa_algorithm__algorithm__aead__init(&s.aead);
	assert_alg_invalid(m, "Aead unset");
	/* Key agreement and derivation. */
	c.kind = K_KA_HKDF;
	c.e = KA(ECDH);
	c.e2 = H(SHA_256);
	m = build_alg(&c, &s);
	s.ka_with_kdf.kdf_alg = NULL;
	assert_alg_invalid(m, "agreement without kdf_alg");
	m = build_alg(&c, &s);
	psa_algorithm__algorithm__key_derivation__init(&s.kdf);
	assert_alg_invalid(m, "agreement with unset KDF");
	m = build_alg(&c, &s);
	s.ka.with_key_derivation = NULL;
	assert_alg_invalid(m, "WithKeyDerivation NULL");
	psa_algorithm__algorithm__key_agreement__init(&s.ka);
	assert_alg_invalid(m, "KeyAgreement unset");
	for (k = K_HKDF; k <= K_PSK; k++) {
		c.kind = k;
		c.e = H(SHA_256);
		m = build_alg(&c, &s);
		s.kdf.hkdf = NULL;		/* same slot for all */
		assert_alg_invalid(m, "KDF message NULL");
	}
	m = build_alg(&c, &s);
	s.kdf.variant_case =
	    (PsaAlgorithm__Algorithm__KeyDerivation__VariantCase)9;
	assert_alg_invalid(m, "KeyDerivation unknown case");
}

/* Out-of-range enums survive protobuf-c's decoder (proto3 enums are open),
 * so the range check is what stops them. */
static void
test_alg_bad_enum_through_wire(void **state)
{
	PsaAlgorithm__Algorithm m, *u;
	struct packed p;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad_hash_enums); i++) {
		psa_algorithm__algorithm__init(&m);
		m.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_HASH;
		m.hash = (PsaAlgorithm__Algorithm__Hash)bad_hash_enums[i];
		pack(&m.base, &p);
		u = psa_algorithm__algorithm__unpack(NULL, p.len, p.buf);
		assert_non_null(u);
		assert_int_equal((int32_t)u->hash, bad_hash_enums[i]);
		assert_alg_invalid(u, "decoded bad hash");
		psa_algorithm__algorithm__free_unpacked(u, NULL);
	}
	/* An empty body is an Algorithm with nothing chosen. */
	u = psa_algorithm__algorithm__unpack(NULL, 0, (const uint8_t *)"");
	assert_non_null(u);
	assert_alg_invalid(u, "empty body");
	psa_algorithm__algorithm__free_unpacked(u, NULL);
}

/* ---- Algorithm errors, psa -> pb ----------------------------------------- */

static void
test_alg_to_pb_unspellable(void **state)
{
	static const struct {
		psa_algorithm_t	alg;
		psa_status_t	status;
	} cases[] = {
		{ PSA_ALG_ANY_HASH, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_SM3, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_SHAKE256_512, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_CATEGORY_HASH, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_SHA_256 | PSA_ALG_VENDOR_FLAG,
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_HMAC(PSA_ALG_ANY_HASH), PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_HMAC(PSA_ALG_SM3), PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_HMAC_BASE, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(
		    PSA_ALG_HMAC(PSA_ALG_SHA_256), 16),
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 8),
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_CIPHER_MAC_BASE, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_HMAC(PSA_ALG_SHA_256) | 0x100,
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_CATEGORY_CIPHER, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_CTR | PSA_ALG_VENDOR_FLAG, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_XCHACHA20_POLY1305, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 0),
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_GCM, 8),
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_CCM, 16),
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_RSA_PSS_ANY_SALT(PSA_ALG_SHA_256),
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_RSA_PSS_BASE, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_DETERMINISTIC_ECDSA_BASE, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_ECDSA(PSA_ALG_SM3), PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_PURE_EDDSA, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_ED25519PH, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_ECDSA(PSA_ALG_SHA_256) | PSA_ALG_VENDOR_FLAG,
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_RSA_OAEP(PSA_ALG_ANY_HASH), PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_RSA_OAEP_BASE, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_RSA_PKCS1V15_CRYPT | 1, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_HKDF_EXTRACT(PSA_ALG_SHA_256),
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_HKDF_EXPAND(PSA_ALG_SHA_256), PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_PBKDF2_HMAC(PSA_ALG_SHA_256), PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_SP800_108_COUNTER_CMAC, PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_HKDF(PSA_ALG_ANY_HASH), PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH,
		    PSA_ALG_PBKDF2_HMAC(PSA_ALG_SHA_256)),
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH,
		    PSA_ALG_HKDF_EXPAND(PSA_ALG_SHA_256)),
		    PSA_ERROR_NOT_SUPPORTED },
		{ PSA_ALG_KEY_AGREEMENT(PSA_ALG_ECDH,
		    PSA_ALG_HKDF(PSA_ALG_SM3)), PSA_ERROR_NOT_SUPPORTED },
		{ 0x09030000, PSA_ERROR_NOT_SUPPORTED },	/* no such KA */
		{ PSA_ALG_ECDH | PSA_ALG_VENDOR_FLAG, PSA_ERROR_NOT_SUPPORTED },
		{ 0x0a000100, PSA_ERROR_NOT_SUPPORTED },	/* PAKE */
		{ 0x01000000, PSA_ERROR_NOT_SUPPORTED },
		{ 0x7f000000, PSA_ERROR_NOT_SUPPORTED },
		{ 0xffffffff, PSA_ERROR_NOT_SUPPORTED },
	};
	struct psa_pb_pb_alg a;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(&a, 0xa5, sizeof(a));	/* no stale wiring survives */
		if (psa_pb_alg_to_pb(cases[i].alg, &a) != cases[i].status)
			fail_msg("0x%08x: wrong status", cases[i].alg);
		assert_int_equal(a.alg.variant_case,
		    PSA_ALGORITHM__ALGORITHM__VARIANT__NOT_SET);
		assert_int_equal(protobuf_c_message_get_packed_size(
		    &a.alg.base), 0);
	}
	assert_int_equal(psa_pb_alg_to_pb(PSA_ALG_SHA_256, NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
}

static void
test_alg_to_pb_wrong_family(void **state)
{
	struct psa_pb_pb_alg a;
	PsaAlgorithm__Algorithm__Mac *mac = (void *)&a;
	PsaAlgorithm__Algorithm__Aead *aead = (void *)&a;
	PsaAlgorithm__Algorithm__AsymmetricSignature *sign = (void *)&a;
	PsaAlgorithm__Algorithm__AsymmetricEncryption *enc = (void *)&a;
	PsaAlgorithm__Algorithm__KeyAgreement *ka = (void *)&a;
	PsaAlgorithm__Algorithm__KeyDerivation *kdf = (void *)&a;
	PsaAlgorithm__Algorithm__Hash h = H(SHA_1);
	PsaAlgorithm__Algorithm__Cipher ci = CI(CTR);
	PsaAlgorithm__Algorithm__KeyAgreement__Raw raw = KA(ECDH);
	const psa_algorithm_t other = PSA_ALG_ECDSA(PSA_ALG_SHA_256);

	(void)state;
	assert_int_equal(psa_pb_mac_to_pb(other, &a, &mac),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_null(mac);
	assert_int_equal(psa_pb_aead_to_pb(other, &a, &aead),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_null(aead);
	assert_int_equal(psa_pb_sign_to_pb(PSA_ALG_GCM, &a, &sign),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_null(sign);
	assert_int_equal(psa_pb_asym_enc_to_pb(other, &a, &enc),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_null(enc);
	assert_int_equal(psa_pb_ka_to_pb(PSA_ALG_HKDF(PSA_ALG_SHA_256), &a,
	    &ka), PSA_ERROR_INVALID_ARGUMENT);
	assert_null(ka);
	assert_int_equal(psa_pb_kdf_to_pb(PSA_ALG_ECDH, &a, &kdf),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_null(kdf);
	assert_int_equal(a.alg.variant_case,
	    PSA_ALGORITHM__ALGORITHM__VARIANT__NOT_SET);
	/* Right family, no spelling. */
	assert_int_equal(psa_pb_sign_to_pb(PSA_ALG_PURE_EDDSA, &a, &sign),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_null(sign);
	assert_int_equal(psa_pb_hash_to_pb(other, &h),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(h, H(HASH_NONE));
	assert_int_equal(psa_pb_hash_to_pb(PSA_ALG_SM3, &h),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_pb_cipher_to_pb(other, &ci),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(ci, CI(CIPHER_NONE));
	assert_int_equal(psa_pb_cipher_to_pb(PSA_ALG_CATEGORY_CIPHER, &ci),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(psa_pb_ka_raw_to_pb(other, &raw),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(raw, KA(RAW_NONE));
	/* NULL outputs and arenas. */
	assert_int_equal(psa_pb_mac_to_pb(PSA_ALG_CMAC, NULL, &mac),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_mac_to_pb(PSA_ALG_CMAC, &a, NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_hash_to_pb(PSA_ALG_SHA_1, NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_cipher_to_pb(PSA_ALG_CTR, NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(psa_pb_ka_raw_to_pb(PSA_ALG_ECDH, NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
}

/* ---- Key types ------------------------------------------------------------- */

struct type_case {
	PsaKeyAttributes__KeyType__VariantCase	vc;
	int					family;	/* ECC/DH enum */
	psa_key_type_t				psa;
};

static const struct type_case type_cases[] = {
	{ KT_V(RAW_DATA), 0, PSA_KEY_TYPE_RAW_DATA },
	{ KT_V(HMAC), 0, PSA_KEY_TYPE_HMAC },
	{ KT_V(DERIVE), 0, PSA_KEY_TYPE_DERIVE },
	{ KT_V(AES), 0, PSA_KEY_TYPE_AES },
	{ KT_V(DES), 0, PSA_KEY_TYPE_DES },
	{ KT_V(CAMELLIA), 0, PSA_KEY_TYPE_CAMELLIA },
	{ KT_V(ARC4), 0, PSA_KEY_TYPE_ARC4 },
	{ KT_V(CHACHA20), 0, PSA_KEY_TYPE_CHACHA20 },
	{ KT_V(RSA_PUBLIC_KEY), 0, PSA_KEY_TYPE_RSA_PUBLIC_KEY },
	{ KT_V(RSA_KEY_PAIR), 0, PSA_KEY_TYPE_RSA_KEY_PAIR },
#define ECC_BOTH(f)							\
	{ KT_V(ECC_KEY_PAIR), ECC(f),					\
	    PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_##f) },		\
	{ KT_V(ECC_PUBLIC_KEY), ECC(f),					\
	    PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_##f) }
	ECC_BOTH(SECP_K1), ECC_BOTH(SECP_R1), ECC_BOTH(SECP_R2),
	ECC_BOTH(SECT_K1), ECC_BOTH(SECT_R1), ECC_BOTH(SECT_R2),
	ECC_BOTH(BRAINPOOL_P_R1), ECC_BOTH(FRP), ECC_BOTH(MONTGOMERY),
#undef ECC_BOTH
	{ KT_V(DH_KEY_PAIR), PSA_KEY_ATTRIBUTES__KEY_TYPE__DH_FAMILY__RFC7919,
	    PSA_KEY_TYPE_DH_KEY_PAIR(PSA_DH_FAMILY_RFC7919) },
	{ KT_V(DH_PUBLIC_KEY), PSA_KEY_ATTRIBUTES__KEY_TYPE__DH_FAMILY__RFC7919,
	    PSA_KEY_TYPE_DH_PUBLIC_KEY(PSA_DH_FAMILY_RFC7919) },
};

/* The KeyType message for a case, wired inside s. */
static PsaKeyAttributes__KeyType *
build_type(const struct type_case *c, struct psa_pb_pb_attrs *s)
{
	PsaKeyAttributes__KeyType *kt = &s->key_type;

	psa_key_attributes__key_type__init(kt);
	kt->variant_case = c->vc;
	switch (c->vc) {
	case KT_V(ECC_KEY_PAIR):
		psa_key_attributes__key_type__ecc_key_pair__init(
		    &s->type_kind.ecc_key_pair);
		s->type_kind.ecc_key_pair.curve_family = c->family;
		kt->ecc_key_pair = &s->type_kind.ecc_key_pair;
		break;
	case KT_V(ECC_PUBLIC_KEY):
		psa_key_attributes__key_type__ecc_public_key__init(
		    &s->type_kind.ecc_public_key);
		s->type_kind.ecc_public_key.curve_family = c->family;
		kt->ecc_public_key = &s->type_kind.ecc_public_key;
		break;
	case KT_V(DH_KEY_PAIR):
		psa_key_attributes__key_type__dh_key_pair__init(
		    &s->type_kind.dh_key_pair);
		s->type_kind.dh_key_pair.group_family = c->family;
		kt->dh_key_pair = &s->type_kind.dh_key_pair;
		break;
	case KT_V(DH_PUBLIC_KEY):
		psa_key_attributes__key_type__dh_public_key__init(
		    &s->type_kind.dh_public_key);
		s->type_kind.dh_public_key.group_family = c->family;
		kt->dh_public_key = &s->type_kind.dh_public_key;
		break;
	case KT_V(RAW_DATA):
		psa_key_attributes__key_type__raw_data__init(
		    &s->type_kind.raw_data);
		kt->raw_data = &s->type_kind.raw_data;
		break;
	case KT_V(HMAC):
		psa_key_attributes__key_type__hmac__init(&s->type_kind.hmac);
		kt->hmac = &s->type_kind.hmac;
		break;
	case KT_V(DERIVE):
		psa_key_attributes__key_type__derive__init(
		    &s->type_kind.derive);
		kt->derive = &s->type_kind.derive;
		break;
	case KT_V(AES):
		psa_key_attributes__key_type__aes__init(&s->type_kind.aes);
		kt->aes = &s->type_kind.aes;
		break;
	case KT_V(DES):
		psa_key_attributes__key_type__des__init(&s->type_kind.des);
		kt->des = &s->type_kind.des;
		break;
	case KT_V(CAMELLIA):
		psa_key_attributes__key_type__camellia__init(
		    &s->type_kind.camellia);
		kt->camellia = &s->type_kind.camellia;
		break;
	case KT_V(ARC4):
		psa_key_attributes__key_type__arc4__init(&s->type_kind.arc4);
		kt->arc4 = &s->type_kind.arc4;
		break;
	case KT_V(CHACHA20):
		psa_key_attributes__key_type__chacha20__init(
		    &s->type_kind.chacha20);
		kt->chacha20 = &s->type_kind.chacha20;
		break;
	case KT_V(RSA_PUBLIC_KEY):
		psa_key_attributes__key_type__rsa_public_key__init(
		    &s->type_kind.rsa_public_key);
		kt->rsa_public_key = &s->type_kind.rsa_public_key;
		break;
	case KT_V(RSA_KEY_PAIR):
		psa_key_attributes__key_type__rsa_key_pair__init(
		    &s->type_kind.rsa_key_pair);
		kt->rsa_key_pair = &s->type_kind.rsa_key_pair;
		break;
	default:
		break;
	}
	return kt;
}

static void
test_key_types(void **state)
{
	struct psa_pb_pb_attrs built, arena;
	psa_key_type_t type;
	size_t i;

	(void)state;
	assert_int_equal(NELEM(type_cases), 30);
	for (i = 0; i < NELEM(type_cases); i++) {
		const PsaKeyAttributes__KeyType *kt =
		    build_type(&type_cases[i], &built);

		type = 0xbeef;
		assert_int_equal(psa_pb_key_type_from_pb(kt, &type),
		    PSA_SUCCESS);
		if (type != type_cases[i].psa)
			fail_msg("case %zu: got 0x%04x want 0x%04x", i, type,
			    type_cases[i].psa);
		assert_int_equal(psa_pb_key_type_to_pb(type_cases[i].psa,
		    &arena), PSA_SUCCESS);
		assert_same_bytes(&arena.key_type.base, &kt->base, "key type");
		type = 0xbeef;
		assert_int_equal(psa_pb_key_type_from_pb(&arena.key_type,
		    &type), PSA_SUCCESS);
		assert_int_equal(type, type_cases[i].psa);
	}
}

static void
assert_type_invalid(const PsaKeyAttributes__KeyType *kt, const char *what)
{
	psa_key_type_t type = 0xbeef;
	psa_status_t status = psa_pb_key_type_from_pb(kt, &type);

	if (status != PSA_ERROR_INVALID_ARGUMENT || type != PSA_KEY_TYPE_NONE)
		fail_msg("%s: status %d type 0x%04x", what, (int)status, type);
}

static void
test_key_type_errors(void **state)
{
	static const int32_t bad_ecc[] = { 0, 10, 0x12, -1, INT32_MAX,
	    INT32_MIN };
	static const int32_t bad_dh[] = { 1, 3, -1, INT32_MAX, INT32_MIN };
	static const psa_key_type_t unspellable[] = {
		PSA_KEY_TYPE_NONE, PSA_KEY_TYPE_PASSWORD,
		PSA_KEY_TYPE_PASSWORD_HASH, PSA_KEY_TYPE_PEPPER,
		PSA_KEY_TYPE_ARIA, PSA_KEY_TYPE_SM4, PSA_KEY_TYPE_XCHACHA20,
		PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_TWISTED_EDWARDS),
		PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_TWISTED_EDWARDS),
		PSA_KEY_TYPE_ECC_KEY_PAIR_BASE,
		PSA_KEY_TYPE_ECC_KEY_PAIR_BASE | 0x97,	/* bit 7 + SECP_K1 */
		PSA_KEY_TYPE_ECC_PUBLIC_KEY_BASE | 0x92,
		PSA_KEY_TYPE_DH_KEY_PAIR_BASE | 0x7e,	/* custom group */
		PSA_KEY_TYPE_DH_PUBLIC_KEY_BASE | 0x83,
		PSA_KEY_TYPE_AES | PSA_KEY_TYPE_VENDOR_FLAG,
		PSA_KEY_TYPE_RSA_KEY_PAIR | PSA_KEY_TYPE_VENDOR_FLAG, 0xffff,
	};
	struct psa_pb_pb_attrs s;
	struct type_case c;
	PsaKeyAttributes__KeyType *kt;
	size_t i;

	(void)state;
	assert_type_invalid(NULL, "NULL");
	psa_key_attributes__key_type__init(&s.key_type);
	assert_type_invalid(&s.key_type, "unset");
	s.key_type.variant_case = (PsaKeyAttributes__KeyType__VariantCase)15;
	assert_type_invalid(&s.key_type, "unknown case");
	s.key_type.variant_case = (PsaKeyAttributes__KeyType__VariantCase)-3;
	assert_type_invalid(&s.key_type, "negative case");
	for (i = 0; i < NELEM(bad_ecc); i++) {
		c.vc = KT_V(ECC_KEY_PAIR);
		c.family = bad_ecc[i];
		assert_type_invalid(build_type(&c, &s), "ecc pair family");
		c.vc = KT_V(ECC_PUBLIC_KEY);
		assert_type_invalid(build_type(&c, &s), "ecc public family");
	}
	for (i = 0; i < NELEM(bad_dh); i++) {
		c.vc = KT_V(DH_KEY_PAIR);
		c.family = bad_dh[i];
		assert_type_invalid(build_type(&c, &s), "dh pair family");
		c.vc = KT_V(DH_PUBLIC_KEY);
		assert_type_invalid(build_type(&c, &s), "dh public family");
	}
	/* A chosen variant with a NULL message, for every variant. */
	for (i = 0; i < NELEM(type_cases); i++) {
		kt = build_type(&type_cases[i], &s);
		kt->raw_data = NULL;		/* same slot for all */
		assert_type_invalid(kt, "variant with NULL message");
	}
	assert_int_equal(psa_pb_key_type_from_pb(build_type(&type_cases[0],
	    &s), NULL), PSA_ERROR_INVALID_ARGUMENT);
	for (i = 0; i < NELEM(unspellable); i++) {
		memset(&s, 0xa5, sizeof(s));
		if (psa_pb_key_type_to_pb(unspellable[i], &s) !=
		    PSA_ERROR_NOT_SUPPORTED)
			fail_msg("type 0x%04x: spelt", unspellable[i]);
		assert_int_equal(s.key_type.variant_case,
		    PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT__NOT_SET);
	}
	assert_int_equal(psa_pb_key_type_to_pb(PSA_KEY_TYPE_AES, NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
}

/* ---- Usage flags ----------------------------------------------------------- */

static void
set_flag(PsaKeyAttributes__UsageFlags *u, size_t i)
{
	protobuf_c_boolean *f[] = { &u->export, &u->copy, &u->cache,
	    &u->encrypt, &u->decrypt, &u->sign_message, &u->verify_message,
	    &u->sign_hash, &u->verify_hash, &u->derive };

	*f[i] = 1;
}

static const psa_key_usage_t usage_bits[] = {
	PSA_KEY_USAGE_EXPORT, PSA_KEY_USAGE_COPY, PSA_KEY_USAGE_CACHE,
	PSA_KEY_USAGE_ENCRYPT, PSA_KEY_USAGE_DECRYPT,
	PSA_KEY_USAGE_SIGN_MESSAGE, PSA_KEY_USAGE_VERIFY_MESSAGE,
	PSA_KEY_USAGE_SIGN_HASH, PSA_KEY_USAGE_VERIFY_HASH,
	PSA_KEY_USAGE_DERIVE,
};

static void
test_usage_each_flag(void **state)
{
	PsaKeyAttributes__UsageFlags built, got;
	psa_key_usage_t usage, all = 0;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(usage_bits); i++) {
		psa_key_attributes__usage_flags__init(&built);
		set_flag(&built, i);
		usage = 0xdead;
		assert_int_equal(psa_pb_usage_from_pb(&built, &usage),
		    PSA_SUCCESS);
		assert_int_equal(usage, usage_bits[i]);
		assert_int_equal(psa_pb_usage_to_pb(usage_bits[i], &got),
		    PSA_SUCCESS);
		assert_same_bytes(&got.base, &built.base, "usage flag");
		all |= usage_bits[i];
	}
	psa_key_attributes__usage_flags__init(&built);
	for (i = 0; i < NELEM(usage_bits); i++)
		set_flag(&built, i);
	assert_int_equal(psa_pb_usage_from_pb(&built, &usage), PSA_SUCCESS);
	assert_int_equal(usage, all);
	assert_int_equal(psa_pb_usage_to_pb(all, &got), PSA_SUCCESS);
	assert_same_bytes(&got.base, &built.base, "all flags");
	psa_key_attributes__usage_flags__init(&built);
	assert_int_equal(psa_pb_usage_from_pb(&built, &usage), PSA_SUCCESS);
	assert_int_equal(usage, 0);
	/* A hand-built message may hold any int in a boolean. */
	built.sign_hash = 2;
	assert_int_equal(psa_pb_usage_from_pb(&built, &usage), PSA_SUCCESS);
	assert_int_equal(usage, PSA_KEY_USAGE_SIGN_HASH);
}

static void
test_usage_errors(void **state)
{
	static const psa_key_usage_t unspellable[] = {
		PSA_KEY_USAGE_VERIFY_DERIVATION, PSA_KEY_USAGE_WRAP,
		PSA_KEY_USAGE_UNWRAP, 0x8, 0x80000000,
		PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_DERIVATION,
	};
	PsaKeyAttributes__UsageFlags got;
	psa_key_usage_t usage = 0xdead;
	size_t i;

	(void)state;
	assert_int_equal(psa_pb_usage_from_pb(NULL, &usage),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(usage, 0);
	psa_key_attributes__usage_flags__init(&got);
	assert_int_equal(psa_pb_usage_from_pb(&got, NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
	for (i = 0; i < NELEM(unspellable); i++) {
		assert_int_equal(psa_pb_usage_to_pb(unspellable[i], &got),
		    PSA_ERROR_NOT_SUPPORTED);
		assert_false(got.sign_hash);
		assert_int_equal(protobuf_c_message_get_packed_size(&got.base),
		    0);
	}
	assert_int_equal(psa_pb_usage_to_pb(PSA_KEY_USAGE_EXPORT, NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
}

/* ---- Key attributes -------------------------------------------------------- */

static void
assert_attrs_equal(const struct psa_key_attrs *a, const struct psa_key_attrs *b)
{
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->bits, b->bits);
	assert_int_equal(a->usage, b->usage);
	assert_int_equal(a->alg, b->alg);
	assert_int_equal(a->is_persistent, b->is_persistent);
}

static const struct psa_key_attrs attrs_cases[] = {
	{ PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 256,
	    PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH,
	    PSA_ALG_ECDSA(PSA_ALG_SHA_256), false },
	{ PSA_KEY_TYPE_RSA_KEY_PAIR, 2048,
	    PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_SIGN_MESSAGE |
	    PSA_KEY_USAGE_EXPORT,
	    PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_ANY_HASH), false },
	{ PSA_KEY_TYPE_RSA_PUBLIC_KEY, 4096, PSA_KEY_USAGE_ENCRYPT,
	    PSA_ALG_RSA_OAEP(PSA_ALG_SHA_384), false },
	{ PSA_KEY_TYPE_AES, 128, PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT,
	    PSA_ALG_AEAD_WITH_SHORTENED_TAG(PSA_ALG_GCM, 12), false },
	{ PSA_KEY_TYPE_HMAC, 256, PSA_KEY_USAGE_SIGN_MESSAGE,
	    PSA_ALG_TRUNCATED_MAC(PSA_ALG_HMAC(PSA_ALG_SHA_256), 20), false },
	{ PSA_KEY_TYPE_DH_KEY_PAIR(PSA_DH_FAMILY_RFC7919), 2048,
	    PSA_KEY_USAGE_DERIVE, PSA_ALG_KEY_AGREEMENT(PSA_ALG_FFDH,
	    PSA_ALG_HKDF(PSA_ALG_SHA_256)), false },
	{ PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_MONTGOMERY), 255,
	    PSA_KEY_USAGE_DERIVE, PSA_ALG_ECDH, false },
	{ PSA_KEY_TYPE_RAW_DATA, 0, 0, PSA_ALG_NONE, false },
	{ PSA_KEY_TYPE_DERIVE, UINT32_MAX, PSA_KEY_USAGE_DERIVE |
	    PSA_KEY_USAGE_COPY | PSA_KEY_USAGE_CACHE,
	    PSA_ALG_TLS12_PSK_TO_MS(PSA_ALG_SHA_256), false },
};

static PsaKeyAttributes__KeyAttributes *
attrs_through_wire(const PsaKeyAttributes__KeyAttributes *m, struct packed *p)
{
	PsaKeyAttributes__KeyAttributes *u;

	pack(&m->base, p);
	u = psa_key_attributes__key_attributes__unpack(NULL, p->len, p->buf);
	assert_non_null(u);
	return u;
}

static void
test_attrs_round_trip(void **state)
{
	struct psa_pb_pb_attrs arena;
	struct psa_key_attrs got;
	PsaKeyAttributes__KeyAttributes *u;
	struct packed p;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(attrs_cases); i++) {
		memset(&arena, 0xa5, sizeof(arena));
		assert_int_equal(psa_pb_attrs_to_pb(&attrs_cases[i], &arena),
		    PSA_SUCCESS);
		memset(&got, 0xa5, sizeof(got));
		assert_int_equal(psa_pb_attrs_from_pb(&arena.attrs, &got),
		    PSA_SUCCESS);
		assert_attrs_equal(&got, &attrs_cases[i]);
		u = attrs_through_wire(&arena.attrs, &p);
		memset(&got, 0xa5, sizeof(got));
		assert_int_equal(psa_pb_attrs_from_pb(u, &got), PSA_SUCCESS);
		assert_attrs_equal(&got, &attrs_cases[i]);
		psa_key_attributes__key_attributes__free_unpacked(u, NULL);
	}
	/* is_persistent is not on the wire: it comes back false. */
	{
		struct psa_key_attrs k = attrs_cases[0];

		k.is_persistent = true;
		assert_int_equal(psa_pb_attrs_to_pb(&k, &arena), PSA_SUCCESS);
		assert_int_equal(psa_pb_attrs_from_pb(&arena.attrs, &got),
		    PSA_SUCCESS);
		assert_false(got.is_persistent);
	}
}

/* The bytes Parsec's prost encoder writes for an ECDSA P-256 key
 * (field order, proto3 defaults omitted), worked out by hand. */
static void
test_attrs_exact_bytes(void **state)
{
	static const uint8_t want[] = {
		0x0a, 0x04,		/* key_type, 4 bytes */
		0x5a, 0x02,		/*   ecc_key_pair (11), 2 bytes */
		0x08, 0x02,		/*     curve_family SECP_R1 */
		0x10, 0x80, 0x02,	/* key_bits 256 */
		0x1a, 0x10,		/* key_policy, 16 bytes */
		0x0a, 0x04,		/*   key_usage_flags, 4 bytes */
		0x40, 0x01,		/*     sign_hash (8) */
		0x48, 0x01,		/*     verify_hash (9) */
		0x12, 0x08,		/*   key_algorithm, 8 bytes */
		0x32, 0x06,		/*     asymmetric_signature (6) */
		0x22, 0x04,		/*       ecdsa (4) */
		0x0a, 0x02,		/*         hash_alg */
		0x10, 0x07,		/*           specific SHA_256 */
	};
	struct psa_pb_pb_attrs arena;
	PsaKeyAttributes__KeyAttributes *u;
	struct psa_key_attrs got;
	struct packed p;

	(void)state;
	assert_int_equal(psa_pb_attrs_to_pb(&attrs_cases[0], &arena),
	    PSA_SUCCESS);
	pack(&arena.attrs.base, &p);
	assert_int_equal(p.len, sizeof(want));
	assert_memory_equal(p.buf, want, sizeof(want));
	u = psa_key_attributes__key_attributes__unpack(NULL, sizeof(want),
	    want);
	assert_non_null(u);
	assert_int_equal(psa_pb_attrs_from_pb(u, &got), PSA_SUCCESS);
	assert_attrs_equal(&got, &attrs_cases[0]);
	psa_key_attributes__key_attributes__free_unpacked(u, NULL);
}

static void
assert_attrs_fail(const PsaKeyAttributes__KeyAttributes *m,
    psa_status_t want, const char *what)
{
	struct psa_key_attrs got;
	psa_status_t status;

	memset(&got, 0xa5, sizeof(got));
	status = psa_pb_attrs_from_pb(m, &got);
	if (status != want)
		fail_msg("%s: status %d", what, (int)status);
	assert_int_equal(got.type, 0);
	assert_int_equal(got.bits, 0);
	assert_int_equal(got.usage, 0);
	assert_int_equal(got.alg, 0);
	assert_false(got.is_persistent);
}

static void
test_attrs_from_pb_errors(void **state)
{
	struct psa_pb_pb_attrs arena;
	PsaKeyAttributes__KeyAttributes *m = &arena.attrs;
	struct psa_key_attrs got;

	(void)state;
	assert_attrs_fail(NULL, PSA_ERROR_INVALID_ARGUMENT, "NULL");
	assert_int_equal(psa_pb_attrs_from_pb(m, NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
#define FRESH() assert_int_equal(psa_pb_attrs_to_pb(&attrs_cases[0], \
	    &arena), PSA_SUCCESS)
	FRESH();
	m->key_type = NULL;
	assert_attrs_fail(m, PSA_ERROR_INVALID_ARGUMENT, "no key_type");
	FRESH();
	m->key_policy = NULL;
	assert_attrs_fail(m, PSA_ERROR_INVALID_ARGUMENT, "no key_policy");
	FRESH();
	arena.policy.key_usage_flags = NULL;
	assert_attrs_fail(m, PSA_ERROR_INVALID_ARGUMENT, "no usage flags");
	FRESH();
	arena.policy.key_algorithm = NULL;
	assert_attrs_fail(m, PSA_ERROR_INVALID_ARGUMENT, "no key_algorithm");
	FRESH();
	psa_key_attributes__key_type__init(&arena.key_type);
	assert_attrs_fail(m, PSA_ERROR_INVALID_ARGUMENT, "key type unset");
	FRESH();
	arena.type_kind.ecc_key_pair.curve_family =
	    (PsaKeyAttributes__KeyType__EccFamily)77;
	assert_attrs_fail(m, PSA_ERROR_INVALID_ARGUMENT, "bad curve family");
	FRESH();
	psa_algorithm__algorithm__init(&arena.alg.alg);
	assert_attrs_fail(m, PSA_ERROR_INVALID_ARGUMENT, "algorithm unset");
	FRESH();
	arena.alg.sign_hash.specific = (PsaAlgorithm__Algorithm__Hash)-7;
	assert_attrs_fail(m, PSA_ERROR_INVALID_ARGUMENT, "bad policy hash");
	FRESH();
	m->key_bits = 0;		/* allowed: import takes it from the data */
	assert_int_equal(psa_pb_attrs_from_pb(m, &got), PSA_SUCCESS);
	assert_int_equal(got.bits, 0);
	assert_int_equal(got.type, attrs_cases[0].type);
#undef FRESH
}

static void
test_attrs_empty_body(void **state)
{
	PsaKeyAttributes__KeyAttributes *u;
	/* key_type present but empty; no key_policy. */
	static const uint8_t only_type[] = { 0x0a, 0x00 };

	(void)state;
	u = psa_key_attributes__key_attributes__unpack(NULL, 0,
	    (const uint8_t *)"");
	assert_non_null(u);
	assert_attrs_fail(u, PSA_ERROR_INVALID_ARGUMENT, "empty body");
	psa_key_attributes__key_attributes__free_unpacked(u, NULL);
	u = psa_key_attributes__key_attributes__unpack(NULL,
	    sizeof(only_type), only_type);
	assert_non_null(u);
	assert_attrs_fail(u, PSA_ERROR_INVALID_ARGUMENT, "empty key_type");
	psa_key_attributes__key_attributes__free_unpacked(u, NULL);
}

static void
test_attrs_to_pb_errors(void **state)
{
	struct psa_pb_pb_attrs arena;
	struct psa_key_attrs k;

	(void)state;
	assert_int_equal(psa_pb_attrs_to_pb(&attrs_cases[0], NULL),
	    PSA_ERROR_INVALID_ARGUMENT);
	memset(&arena, 0xa5, sizeof(arena));
	assert_int_equal(psa_pb_attrs_to_pb(NULL, &arena),
	    PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(protobuf_c_message_get_packed_size(
	    &arena.attrs.base), 0);

	k = attrs_cases[0];
	k.type = PSA_KEY_TYPE_ARIA;
	memset(&arena, 0xa5, sizeof(arena));
	assert_int_equal(psa_pb_attrs_to_pb(&k, &arena),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_null(arena.attrs.key_type);
	assert_null(arena.attrs.key_policy);

	k = attrs_cases[0];
	k.usage |= PSA_KEY_USAGE_VERIFY_DERIVATION;
	assert_int_equal(psa_pb_attrs_to_pb(&k, &arena),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_null(arena.attrs.key_type);

	k = attrs_cases[0];
	k.alg = PSA_ALG_PURE_EDDSA;
	assert_int_equal(psa_pb_attrs_to_pb(&k, &arena),
	    PSA_ERROR_NOT_SUPPORTED);
	assert_int_equal(protobuf_c_message_get_packed_size(
	    &arena.attrs.base), 0);

	if (SIZE_MAX > UINT32_MAX) {
		k = attrs_cases[0];
		k.bits = (size_t)UINT32_MAX + 1;
		assert_int_equal(psa_pb_attrs_to_pb(&k, &arena),
		    PSA_ERROR_INVALID_ARGUMENT);
		assert_null(arena.attrs.key_policy);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alg_table),
		cmocka_unit_test(test_alg_every_hash),
		cmocka_unit_test(test_alg_default_length_shortened),
		cmocka_unit_test(test_alg_unset_and_null),
		cmocka_unit_test(test_alg_bad_enums),
		cmocka_unit_test(test_alg_bad_lengths),
		cmocka_unit_test(test_alg_bad_nesting),
		cmocka_unit_test(test_alg_bad_enum_through_wire),
		cmocka_unit_test(test_alg_to_pb_unspellable),
		cmocka_unit_test(test_alg_to_pb_wrong_family),
		cmocka_unit_test(test_key_types),
		cmocka_unit_test(test_key_type_errors),
		cmocka_unit_test(test_usage_each_flag),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_attrs_round_trip),
		cmocka_unit_test(test_attrs_exact_bytes),
		cmocka_unit_test(test_attrs_from_pb_errors),
		cmocka_unit_test(test_attrs_empty_body),
		cmocka_unit_test(test_attrs_to_pb_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
