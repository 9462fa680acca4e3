/* providers/soft/soft.c: the software provider's identity, capability
 * table and lifecycle. Cryptography is OpenSSL 3 EVP (the other files in
 * this directory); keys exist only as blobs sealed under a master key
 * (master.c, blob.c). docs/providers/soft.md has the design. */
#include "providers/soft/soft_int.h"

#include <stdlib.h>

#include "psa/policy.h"

/* Parsec opcodes. Providers may not include wire/opcodes.h (STYLE.md §1),
 * so the numbers of wire/opcodes.def are repeated here, once. */
#define SOFT_OP_GENERATE_KEY		0x02u	/* PsaGenerateKey */
#define SOFT_OP_DESTROY_KEY		0x03u	/* PsaDestroyKey */
#define SOFT_OP_SIGN_HASH		0x04u	/* PsaSignHash */
#define SOFT_OP_VERIFY_HASH		0x05u	/* PsaVerifyHash */
#define SOFT_OP_IMPORT_KEY		0x06u	/* PsaImportKey */
#define SOFT_OP_EXPORT_PUBLIC_KEY	0x07u	/* PsaExportPublicKey */
#define SOFT_OP_ASYMMETRIC_ENCRYPT	0x0Au	/* PsaAsymmetricEncrypt */
#define SOFT_OP_ASYMMETRIC_DECRYPT	0x0Bu	/* PsaAsymmetricDecrypt */
#define SOFT_OP_EXPORT_KEY		0x0Cu	/* PsaExportKey */
#define SOFT_OP_GENERATE_RANDOM		0x0Du	/* PsaGenerateRandom */
#define SOFT_OP_HASH_COMPUTE		0x0Fu	/* PsaHashCompute */
#define SOFT_OP_HASH_COMPARE		0x10u	/* PsaHashCompare */
#define SOFT_OP_AEAD_ENCRYPT		0x11u	/* PsaAeadEncrypt */
#define SOFT_OP_AEAD_DECRYPT		0x12u	/* PsaAeadDecrypt */
#define SOFT_OP_RAW_KEY_AGREEMENT	0x13u	/* PsaRawKeyAgreement */
#define SOFT_OP_CIPHER_ENCRYPT		0x14u	/* PsaCipherEncrypt */
#define SOFT_OP_CIPHER_DECRYPT		0x15u	/* PsaCipherDecrypt */
#define SOFT_OP_MAC_COMPUTE		0x16u	/* PsaMacCompute */
#define SOFT_OP_MAC_VERIFY		0x17u	/* PsaMacVerify */
#define SOFT_OP_SIGN_MESSAGE		0x18u	/* PsaSignMessage */
#define SOFT_OP_VERIFY_MESSAGE		0x19u	/* PsaVerifyMessage */
#define SOFT_OP_CAN_DO_CRYPTO		0x20u	/* CanDoCrypto */

#define CAP(op, type, alg)	{ SOFT_OP_##op, (type), (alg) }

#define PAIR(f)		PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_##f)
#define PUB(f)		PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_##f)
#define RSA_PAIR	PSA_KEY_TYPE_RSA_KEY_PAIR
#define RSA_PUB		PSA_KEY_TYPE_RSA_PUBLIC_KEY

/* Families by what they can do. */
#define WEIERSTRASS_PAIRS(op, alg)					\
	CAP(op, PAIR(SECP_R1), alg), CAP(op, PAIR(SECP_K1), alg),	\
	CAP(op, PAIR(BRAINPOOL_P_R1), alg)
#define WEIERSTRASS_PUBS(op, alg)					\
	CAP(op, PUB(SECP_R1), alg), CAP(op, PUB(SECP_K1), alg),		\
	CAP(op, PUB(BRAINPOOL_P_R1), alg)
#define ECC_PAIRS(op)							\
	WEIERSTRASS_PAIRS(op, 0), CAP(op, PAIR(MONTGOMERY), 0),		\
	CAP(op, PAIR(TWISTED_EDWARDS), 0)
#define ECC_PUBS(op)							\
	WEIERSTRASS_PUBS(op, 0), CAP(op, PUB(MONTGOMERY), 0),		\
	CAP(op, PUB(TWISTED_EDWARDS), 0)
#define BLOCK_KEYS(op, alg)						\
	CAP(op, PSA_KEY_TYPE_AES, alg), CAP(op, PSA_KEY_TYPE_ARIA, alg), \
	CAP(op, PSA_KEY_TYPE_CAMELLIA, alg), CAP(op, PSA_KEY_TYPE_SM4, alg)
#define BYTE_KEYS(op)							\
	BLOCK_KEYS(op, 0), CAP(op, PSA_KEY_TYPE_CHACHA20, 0),		\
	CAP(op, PSA_KEY_TYPE_HMAC, 0), CAP(op, PSA_KEY_TYPE_RAW_DATA, 0), \
	CAP(op, PSA_KEY_TYPE_DERIVE, 0), CAP(op, PSA_KEY_TYPE_PASSWORD, 0), \
	CAP(op, PSA_KEY_TYPE_PASSWORD_HASH, 0),				\
	CAP(op, PSA_KEY_TYPE_PEPPER, 0)
#define ASYM_KEYS(op)							\
	ECC_PAIRS(op), ECC_PUBS(op), CAP(op, RSA_PAIR, 0),		\
	CAP(op, RSA_PUB, 0)

/* Signature schemes, for a key type. */
#define ANY(scheme)	scheme(PSA_ALG_ANY_HASH)
#define RSA_SIGN(op, type)						\
	CAP(op, type, ANY(PSA_ALG_RSA_PKCS1V15_SIGN)),			\
	CAP(op, type, ANY(PSA_ALG_RSA_PSS)),				\
	CAP(op, type, ANY(PSA_ALG_RSA_PSS_ANY_SALT))

/* Hashes: every one OpenSSL's default provider has (hash.c) but MD5,
 * which is listed only when deprecated algorithms are allowed. */
#define HASHES(F, op, type)						\
	F(op, type, PSA_ALG_SHA_1), F(op, type, PSA_ALG_SHA_224),	\
	F(op, type, PSA_ALG_SHA_256), F(op, type, PSA_ALG_SHA_384),	\
	F(op, type, PSA_ALG_SHA_512), F(op, type, PSA_ALG_SHA_512_224),	\
	F(op, type, PSA_ALG_SHA_512_256), F(op, type, PSA_ALG_SHA3_224), \
	F(op, type, PSA_ALG_SHA3_256), F(op, type, PSA_ALG_SHA3_384),	\
	F(op, type, PSA_ALG_SHA3_512), F(op, type, PSA_ALG_RIPEMD160),	\
	F(op, type, PSA_ALG_SM3)
#define HASH_CAP(op, type, h)	CAP(op, type, h)
#define HMAC_CAP(op, type, h)						\
	CAP(op, type, PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_HMAC(h), 4))
#define OAEP_CAP(op, type, h)	CAP(op, type, PSA_ALG_RSA_OAEP(h))
#define RSA_CRYPT(op, type)						\
	CAP(op, type, PSA_ALG_RSA_PKCS1V15_CRYPT),			\
	HASHES(OAEP_CAP, op, type)
#define CIPHER_MODES(op)						\
	BLOCK_KEYS(op, PSA_ALG_CTR), BLOCK_KEYS(op, PSA_ALG_CFB),	\
	BLOCK_KEYS(op, PSA_ALG_OFB), BLOCK_KEYS(op, PSA_ALG_CBC_NO_PADDING), \
	BLOCK_KEYS(op, PSA_ALG_CBC_PKCS7),				\
	BLOCK_KEYS(op, PSA_ALG_ECB_NO_PADDING),				\
	CAP(op, PSA_KEY_TYPE_CHACHA20, PSA_ALG_STREAM_CIPHER)
#define AEADS(op)							\
	CAP(op, PSA_KEY_TYPE_AES,					\
	    PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_GCM, 4)), \
	CAP(op, PSA_KEY_TYPE_AES,					\
	    PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_CCM, 4)), \
	CAP(op, PSA_KEY_TYPE_CHACHA20, PSA_ALG_CHACHA20_POLY1305)

/*
 * What this provider does, one line per (operation, key type, algorithm).
 * Matching (providers/registry.c, prov_supports): a line matches a request
 * when its key type is 0 or equal to the key's, and its algorithm is 0
 * (any), equal to the request's, or a wildcard policy value that the PSA
 * policy rules say permits it (psa_policy_alg_permits): ECDSA(ANY_HASH)
 * covers ECDSA(h) for every h; RSA_PKCS1V15_SIGN(ANY_HASH) also covers
 * PKCS1V15_SIGN_RAW; AT_LEAST_THIS_LENGTH_MAC(m, 4) covers m and m
 * truncated to 4 bytes or more; AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(a, 4)
 * covers a with any tag of 4 bytes or more. Key management lines use
 * algorithm 0: any policy the PSA model accepts for that type.
 *
 * Left out, because OpenSSL 3.0 cannot do them or they could not be
 * checked independently (docs/providers/soft.md): HashEdDSA (Ed25519ph,
 * Ed448ph), FFDH, XChaCha20, XTS, CBC-MAC, ARIA-GCM/CCM, DES and ARC4 keys. One gap the wildcards
 * cannot express: RSA signatures with SM3 (OpenSSL 3.0 has no RSA-SM3)
 * are NOT_SUPPORTED although the RSA ANY_HASH lines cover them.
 *
 * Lines that only apply when deprecated algorithms are allowed come last;
 * caps_probed() cuts them off otherwise.
 */
static const struct prov_cap soft_caps[] = {
	/* Key management. */
	ECC_PAIRS(GENERATE_KEY), CAP(GENERATE_KEY, RSA_PAIR, 0),
	BYTE_KEYS(GENERATE_KEY),
	ASYM_KEYS(IMPORT_KEY), BYTE_KEYS(IMPORT_KEY),
	ASYM_KEYS(EXPORT_KEY), BYTE_KEYS(EXPORT_KEY),
	ASYM_KEYS(EXPORT_PUBLIC_KEY),
	CAP(DESTROY_KEY, 0, 0),

	/* Signatures. */
	WEIERSTRASS_PAIRS(SIGN_HASH, ANY(PSA_ALG_ECDSA)),
	WEIERSTRASS_PAIRS(SIGN_HASH, PSA_ALG_ECDSA_ANY),
	WEIERSTRASS_PAIRS(SIGN_HASH, ANY(PSA_ALG_DETERMINISTIC_ECDSA)),
	RSA_SIGN(SIGN_HASH, RSA_PAIR),
	WEIERSTRASS_PAIRS(VERIFY_HASH, ANY(PSA_ALG_ECDSA)),
	WEIERSTRASS_PAIRS(VERIFY_HASH, PSA_ALG_ECDSA_ANY),
	WEIERSTRASS_PAIRS(VERIFY_HASH, ANY(PSA_ALG_DETERMINISTIC_ECDSA)),
	WEIERSTRASS_PUBS(VERIFY_HASH, ANY(PSA_ALG_ECDSA)),
	WEIERSTRASS_PUBS(VERIFY_HASH, PSA_ALG_ECDSA_ANY),
	WEIERSTRASS_PUBS(VERIFY_HASH, ANY(PSA_ALG_DETERMINISTIC_ECDSA)),
	RSA_SIGN(VERIFY_HASH, RSA_PAIR), RSA_SIGN(VERIFY_HASH, RSA_PUB),
	WEIERSTRASS_PAIRS(SIGN_MESSAGE, ANY(PSA_ALG_ECDSA)),
	WEIERSTRASS_PAIRS(SIGN_MESSAGE, ANY(PSA_ALG_DETERMINISTIC_ECDSA)),
	RSA_SIGN(SIGN_MESSAGE, RSA_PAIR),
	CAP(SIGN_MESSAGE, PAIR(TWISTED_EDWARDS), PSA_ALG_PURE_EDDSA),
	WEIERSTRASS_PAIRS(VERIFY_MESSAGE, ANY(PSA_ALG_ECDSA)),
	WEIERSTRASS_PAIRS(VERIFY_MESSAGE, ANY(PSA_ALG_DETERMINISTIC_ECDSA)),
	WEIERSTRASS_PUBS(VERIFY_MESSAGE, ANY(PSA_ALG_ECDSA)),
	WEIERSTRASS_PUBS(VERIFY_MESSAGE, ANY(PSA_ALG_DETERMINISTIC_ECDSA)),
	RSA_SIGN(VERIFY_MESSAGE, RSA_PAIR), RSA_SIGN(VERIFY_MESSAGE, RSA_PUB),
	CAP(VERIFY_MESSAGE, PAIR(TWISTED_EDWARDS), PSA_ALG_PURE_EDDSA),
	CAP(VERIFY_MESSAGE, PUB(TWISTED_EDWARDS), PSA_ALG_PURE_EDDSA),

	/* Asymmetric encryption and key agreement. */
	RSA_CRYPT(ASYMMETRIC_ENCRYPT, RSA_PAIR),
	RSA_CRYPT(ASYMMETRIC_ENCRYPT, RSA_PUB),
	RSA_CRYPT(ASYMMETRIC_DECRYPT, RSA_PAIR),
	WEIERSTRASS_PAIRS(RAW_KEY_AGREEMENT, PSA_ALG_ECDH),
	CAP(RAW_KEY_AGREEMENT, PAIR(MONTGOMERY), PSA_ALG_ECDH),

	/* Symmetric. */
	CIPHER_MODES(CIPHER_ENCRYPT), CIPHER_MODES(CIPHER_DECRYPT),
	AEADS(AEAD_ENCRYPT), AEADS(AEAD_DECRYPT),
	HASHES(HMAC_CAP, MAC_COMPUTE, PSA_KEY_TYPE_HMAC),
	HASHES(HMAC_CAP, MAC_VERIFY, PSA_KEY_TYPE_HMAC),
	BLOCK_KEYS(MAC_COMPUTE,
	    PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 4)),
	BLOCK_KEYS(MAC_VERIFY,
	    PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 4)),

	/* Keyless. */
	HASHES(HASH_CAP, HASH_COMPUTE, 0), HASHES(HASH_CAP, HASH_COMPARE, 0),
	CAP(GENERATE_RANDOM, 0, 0),
	CAP(CAN_DO_CRYPTO, 0, 0),

	/* Deprecated (psa_alg_is_deprecated): only with allow_deprecated. */
	HMAC_CAP(MAC_COMPUTE, PSA_KEY_TYPE_HMAC, PSA_ALG_MD5),
	HMAC_CAP(MAC_VERIFY, PSA_KEY_TYPE_HMAC, PSA_ALG_MD5),
	CAP(HASH_COMPUTE, 0, PSA_ALG_MD5),
	CAP(HASH_COMPARE, 0, PSA_ALG_MD5),
};

#define SOFT_CAPS_DEPRECATED	4u	/* the lines above this comment's */

psa_status_t
soft_alg_usable(const struct prov *p, psa_algorithm_t alg)
{
	psa_status_t status;

	/* Malformed, wildcard (policy-only) or unknown values first: the
	 * dispatcher refuses them too, but the provider does not rely on
	 * it for what it feeds OpenSSL. */
	if ((status = psa_alg_validate(alg, false)) != PSA_SUCCESS)
		return status;
	/* SHA-1 signatures, MD5 anything, CBC-MAC (psa/validate.c says
	 * why): refused unless config allows deprecated use. */
	if (!p->p_allow_deprecated && psa_alg_is_deprecated(alg))
		return PSA_ERROR_NOT_SUPPORTED;
	return PSA_SUCCESS;
}

static psa_status_t
soft_open(const struct prov_config *cfg, struct prov **out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct prov *p = NULL;

	*out = NULL;
	if (cfg == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	p->p_allow_deprecated = cfg->allow_deprecated;
	if ((status = soft_master_open(cfg, &p->p_master)) != PSA_SUCCESS)
		goto out;
	*out = p;
	p = NULL;
	status = PSA_SUCCESS;
out:
	free(p);	/* soft_master_open cleans up after itself */
	return status;
}

static void
soft_close(struct prov *p)
{
	if (p == NULL)
		return;
	soft_master_close(&p->p_master);
	free(p);
}

static const struct prov_cap *
soft_caps_probed(const struct prov *p, size_t *count)
{
	*count = SOFT_NELEM(soft_caps);
	if (!p->p_allow_deprecated)
		*count -= SOFT_CAPS_DEPRECATED;
	return soft_caps;
}

const struct provider_ops prov_soft_ops = {
	.magic = PROVIDER_OPS_MAGIC,
	.parsec_id = 1,
	.type_name = "MbedCrypto",
	.default_name = "mbed-crypto-provider",
	/* Parsec book, "Providers": Mbed Crypto provider UUID. We answer on
	 * ID 1 so clients that pick the software provider find us. */
	.uuid = "1c1139dc-ad7c-47dc-ad6b-db6fdb466552",
	.description = "arcsec software provider (OpenSSL 3): keys are "
	    "encrypted at rest under a master key file, not hardware-backed",
	.vendor = "arcsec",
	.caps = soft_caps,
	.caps_count = SOFT_NELEM(soft_caps),
	.open = soft_open,
	.close = soft_close,
	.caps_probed = soft_caps_probed,
	.crypto = {
		.generate_key = soft_generate_key,
		.import_key = soft_import_key,
		.destroy_key = soft_destroy_key,
		.export_public_key = soft_export_public_key,
		.export_key = soft_export_key,
		.sign_hash = soft_sign_hash,
		.verify_hash = soft_verify_hash,
		.sign_message = soft_sign_message,
		.verify_message = soft_verify_message,
		.asymmetric_encrypt = soft_asymmetric_encrypt,
		.asymmetric_decrypt = soft_asymmetric_decrypt,
		.raw_key_agreement = soft_raw_key_agreement,
		.cipher_encrypt = soft_cipher_encrypt,
		.cipher_decrypt = soft_cipher_decrypt,
		.aead_encrypt = soft_aead_encrypt,
		.aead_decrypt = soft_aead_decrypt,
		.mac_compute = soft_mac_compute,
		.mac_verify = soft_mac_verify,
		.hash_compute = soft_hash_compute,
		.hash_compare = soft_hash_compare,
		.generate_random = soft_generate_random,
	},
};
