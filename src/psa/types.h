/* psa/types.h: the PSA Crypto API 1.x numeric encodings of key types,
 * algorithms and usage flags, and predicates over them. Pure.
 *
 * Every value here is stored in the key store and sent on the wire (Parsec
 * sends psa_algorithm_t and psa_key_type_t as their PSA numbers), so none may
 * ever change. Values are the PSA Certified Crypto API 1.2 ones (Arm IHI 0086,
 * "Algorithm and key type encoding" appendix), checked against Mbed TLS's
 * include/psa/crypto_values.h; tests/unit/test_psa_types.c pins each one.
 *
 * Constants and the macros that build composite values keep the spec's names,
 * because they are the spec's numbers and are needed in constant expressions
 * (case labels, static tables). Predicates and extractors are functions with
 * our own names, declared at the end of this header.
 */
#ifndef ARCSEC_PSA_TYPES_H
#define ARCSEC_PSA_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint16_t psa_key_type_t;
typedef uint32_t psa_algorithm_t;
typedef uint32_t psa_key_usage_t;
typedef uint8_t  psa_ecc_family_t;
typedef uint8_t  psa_dh_family_t;

/* Largest key size the PSA model can express: the largest 16-bit value that
 * is a whole number of bytes (Mbed TLS PSA_MAX_KEY_BITS). */
#define PSA_KEY_BITS_MAX			0xfff8u

/* Bytes needed for `bits` bits, without overflow for any size_t. */
#define PSA_BITS_TO_BYTES(bits)	((bits) / 8u + (((bits) % 8u) != 0u))

/* ---- Key types (spec: Key management, Key types) ------------------------ */

#define PSA_KEY_TYPE_NONE			((psa_key_type_t)0x0000)
#define PSA_KEY_TYPE_VENDOR_FLAG		((psa_key_type_t)0x8000)
#define PSA_KEY_TYPE_CATEGORY_MASK		((psa_key_type_t)0x7000)
#define PSA_KEY_TYPE_CATEGORY_RAW		((psa_key_type_t)0x1000)
#define PSA_KEY_TYPE_CATEGORY_SYMMETRIC		((psa_key_type_t)0x2000)
#define PSA_KEY_TYPE_CATEGORY_PUBLIC_KEY	((psa_key_type_t)0x4000)
#define PSA_KEY_TYPE_CATEGORY_KEY_PAIR		((psa_key_type_t)0x7000)
/* The bits a key pair type has and its public key type lacks. */
#define PSA_KEY_TYPE_CATEGORY_FLAG_PAIR		((psa_key_type_t)0x3000)

/* Unstructured ("raw") secrets. */
#define PSA_KEY_TYPE_RAW_DATA			((psa_key_type_t)0x1001)
#define PSA_KEY_TYPE_HMAC			((psa_key_type_t)0x1100)
#define PSA_KEY_TYPE_DERIVE			((psa_key_type_t)0x1200)
#define PSA_KEY_TYPE_PASSWORD			((psa_key_type_t)0x1203)
#define PSA_KEY_TYPE_PASSWORD_HASH		((psa_key_type_t)0x1205)
#define PSA_KEY_TYPE_PEPPER			((psa_key_type_t)0x1206)

/* Symmetric cipher keys. Bits 8-10 encode log2 of the block size. */
#define PSA_KEY_TYPE_AES			((psa_key_type_t)0x2400)
#define PSA_KEY_TYPE_ARIA			((psa_key_type_t)0x2406)
#define PSA_KEY_TYPE_DES			((psa_key_type_t)0x2301)
#define PSA_KEY_TYPE_CAMELLIA			((psa_key_type_t)0x2403)
#define PSA_KEY_TYPE_SM4			((psa_key_type_t)0x2405)
#define PSA_KEY_TYPE_ARC4			((psa_key_type_t)0x2002)
#define PSA_KEY_TYPE_CHACHA20			((psa_key_type_t)0x2004)
#define PSA_KEY_TYPE_XCHACHA20			((psa_key_type_t)0x2007)

/* Asymmetric keys. */
#define PSA_KEY_TYPE_RSA_PUBLIC_KEY		((psa_key_type_t)0x4001)
#define PSA_KEY_TYPE_RSA_KEY_PAIR		((psa_key_type_t)0x7001)

/* ECC and DH types carry their family in the low 7 bits; bit 7 is not part
 * of it (spec appendix "Example macro implementations": the family masks
 * are 0x007f and PSA_KEY_TYPE_IS_ECC tests type & 0xff80; older Mbed TLS
 * headers used 0x00ff). */
#define PSA_KEY_TYPE_ECC_PUBLIC_KEY_BASE	((psa_key_type_t)0x4100)
#define PSA_KEY_TYPE_ECC_KEY_PAIR_BASE		((psa_key_type_t)0x7100)
#define PSA_KEY_TYPE_ECC_CURVE_MASK		((psa_key_type_t)0x007f)
#define PSA_KEY_TYPE_ECC_KEY_PAIR(family)	\
	((psa_key_type_t)(PSA_KEY_TYPE_ECC_KEY_PAIR_BASE | \
	    ((family) & PSA_KEY_TYPE_ECC_CURVE_MASK)))
#define PSA_KEY_TYPE_ECC_PUBLIC_KEY(family)	\
	((psa_key_type_t)(PSA_KEY_TYPE_ECC_PUBLIC_KEY_BASE | \
	    ((family) & PSA_KEY_TYPE_ECC_CURVE_MASK)))

#define PSA_ECC_FAMILY_SECP_K1			((psa_ecc_family_t)0x17)
#define PSA_ECC_FAMILY_SECP_R1			((psa_ecc_family_t)0x12)
#define PSA_ECC_FAMILY_SECP_R2			((psa_ecc_family_t)0x1b)
#define PSA_ECC_FAMILY_SECT_K1			((psa_ecc_family_t)0x27)
#define PSA_ECC_FAMILY_SECT_R1			((psa_ecc_family_t)0x22)
#define PSA_ECC_FAMILY_SECT_R2			((psa_ecc_family_t)0x2b)
#define PSA_ECC_FAMILY_BRAINPOOL_P_R1		((psa_ecc_family_t)0x30)
#define PSA_ECC_FAMILY_FRP			((psa_ecc_family_t)0x33)
#define PSA_ECC_FAMILY_MONTGOMERY		((psa_ecc_family_t)0x41)
#define PSA_ECC_FAMILY_TWISTED_EDWARDS		((psa_ecc_family_t)0x42)

#define PSA_KEY_TYPE_DH_PUBLIC_KEY_BASE		((psa_key_type_t)0x4200)
#define PSA_KEY_TYPE_DH_KEY_PAIR_BASE		((psa_key_type_t)0x7200)
#define PSA_KEY_TYPE_DH_GROUP_MASK		((psa_key_type_t)0x007f)
#define PSA_KEY_TYPE_DH_KEY_PAIR(group)		\
	((psa_key_type_t)(PSA_KEY_TYPE_DH_KEY_PAIR_BASE | \
	    ((group) & PSA_KEY_TYPE_DH_GROUP_MASK)))
#define PSA_KEY_TYPE_DH_PUBLIC_KEY(group)	\
	((psa_key_type_t)(PSA_KEY_TYPE_DH_PUBLIC_KEY_BASE | \
	    ((group) & PSA_KEY_TYPE_DH_GROUP_MASK)))

#define PSA_DH_FAMILY_RFC7919			((psa_dh_family_t)0x03)

/* ---- Algorithms (spec: Cryptographic operation reference) --------------- */

#define PSA_ALG_NONE				((psa_algorithm_t)0)
#define PSA_ALG_VENDOR_FLAG			((psa_algorithm_t)0x80000000)
#define PSA_ALG_CATEGORY_MASK			((psa_algorithm_t)0x7f000000)
#define PSA_ALG_CATEGORY_HASH			((psa_algorithm_t)0x02000000)
#define PSA_ALG_CATEGORY_MAC			((psa_algorithm_t)0x03000000)
#define PSA_ALG_CATEGORY_CIPHER			((psa_algorithm_t)0x04000000)
#define PSA_ALG_CATEGORY_AEAD			((psa_algorithm_t)0x05000000)
#define PSA_ALG_CATEGORY_SIGN			((psa_algorithm_t)0x06000000)
#define PSA_ALG_CATEGORY_ASYMMETRIC_ENCRYPTION	((psa_algorithm_t)0x07000000)
#define PSA_ALG_CATEGORY_KEY_DERIVATION		((psa_algorithm_t)0x08000000)
#define PSA_ALG_CATEGORY_KEY_AGREEMENT		((psa_algorithm_t)0x09000000)

/* Hashes. The low byte of every hash-parameterised algorithm is the low byte
 * of its hash, so PSA_ALG_HASH_MASK extracts it. */
#define PSA_ALG_HASH_MASK			((psa_algorithm_t)0x000000ff)
#define PSA_ALG_MD2				((psa_algorithm_t)0x02000001)
#define PSA_ALG_MD4				((psa_algorithm_t)0x02000002)
#define PSA_ALG_MD5				((psa_algorithm_t)0x02000003)
#define PSA_ALG_RIPEMD160			((psa_algorithm_t)0x02000004)
#define PSA_ALG_SHA_1				((psa_algorithm_t)0x02000005)
#define PSA_ALG_SHA_224				((psa_algorithm_t)0x02000008)
#define PSA_ALG_SHA_256				((psa_algorithm_t)0x02000009)
#define PSA_ALG_SHA_384				((psa_algorithm_t)0x0200000a)
#define PSA_ALG_SHA_512				((psa_algorithm_t)0x0200000b)
#define PSA_ALG_SHA_512_224			((psa_algorithm_t)0x0200000c)
#define PSA_ALG_SHA_512_256			((psa_algorithm_t)0x0200000d)
#define PSA_ALG_SHA3_224			((psa_algorithm_t)0x02000010)
#define PSA_ALG_SHA3_256			((psa_algorithm_t)0x02000011)
#define PSA_ALG_SHA3_384			((psa_algorithm_t)0x02000012)
#define PSA_ALG_SHA3_512			((psa_algorithm_t)0x02000013)
#define PSA_ALG_SM3				((psa_algorithm_t)0x02000014)
#define PSA_ALG_SHAKE256_512			((psa_algorithm_t)0x02000015)
/* Policy-only wildcard: "this signature scheme with any hash". */
#define PSA_ALG_ANY_HASH			((psa_algorithm_t)0x020000ff)

/* MACs. Bits 16-21 hold a truncated length in bytes (0: full length); bit 15
 * turns that length into an at-least-this-length policy wildcard. */
#define PSA_ALG_MAC_SUBCATEGORY_MASK		((psa_algorithm_t)0x00c00000)
#define PSA_ALG_HMAC_BASE			((psa_algorithm_t)0x03800000)
#define PSA_ALG_HMAC(hash)			\
	((psa_algorithm_t)(PSA_ALG_HMAC_BASE | ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_MAC_TRUNCATION_MASK		((psa_algorithm_t)0x003f0000)
#define PSA_MAC_TRUNCATION_OFFSET		16
#define PSA_ALG_MAC_AT_LEAST_THIS_LENGTH_FLAG	((psa_algorithm_t)0x00008000)
#define PSA_ALG_CIPHER_MAC_BASE			((psa_algorithm_t)0x03c00000)
#define PSA_ALG_CBC_MAC				((psa_algorithm_t)0x03c00100)
#define PSA_ALG_CMAC				((psa_algorithm_t)0x03c00200)
#define PSA_ALG_FULL_LENGTH_MAC(mac)		\
	((psa_algorithm_t)((mac) & ~(PSA_ALG_MAC_TRUNCATION_MASK | \
	    PSA_ALG_MAC_AT_LEAST_THIS_LENGTH_FLAG)))
#define PSA_ALG_TRUNCATED_MAC(mac, len)		\
	((psa_algorithm_t)(PSA_ALG_FULL_LENGTH_MAC(mac) | \
	    (((psa_algorithm_t)(len) << PSA_MAC_TRUNCATION_OFFSET) & \
	    PSA_ALG_MAC_TRUNCATION_MASK)))
#define PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(mac, len) \
	((psa_algorithm_t)(PSA_ALG_TRUNCATED_MAC(mac, len) | \
	    PSA_ALG_MAC_AT_LEAST_THIS_LENGTH_FLAG))

/* Unauthenticated ciphers. */
#define PSA_ALG_CIPHER_STREAM_FLAG		((psa_algorithm_t)0x00800000)
#define PSA_ALG_CIPHER_FROM_BLOCK_FLAG		((psa_algorithm_t)0x00400000)
#define PSA_ALG_STREAM_CIPHER			((psa_algorithm_t)0x04800100)
#define PSA_ALG_CTR				((psa_algorithm_t)0x04c01000)
#define PSA_ALG_CFB				((psa_algorithm_t)0x04c01100)
#define PSA_ALG_OFB				((psa_algorithm_t)0x04c01200)
#define PSA_ALG_XTS				((psa_algorithm_t)0x0440ff00)
#define PSA_ALG_ECB_NO_PADDING			((psa_algorithm_t)0x04404400)
#define PSA_ALG_CBC_NO_PADDING			((psa_algorithm_t)0x04404000)
#define PSA_ALG_CBC_PKCS7			((psa_algorithm_t)0x04404100)

/* AEAD. Bits 16-21 hold the tag length in bytes (the default algorithms
 * encode 16); bit 15 turns it into an at-least-this-length wildcard. */
#define PSA_ALG_AEAD_FROM_BLOCK_FLAG		((psa_algorithm_t)0x00400000)
#define PSA_ALG_CCM				((psa_algorithm_t)0x05500100)
#define PSA_ALG_GCM				((psa_algorithm_t)0x05500200)
#define PSA_ALG_CHACHA20_POLY1305		((psa_algorithm_t)0x05100500)
#define PSA_ALG_XCHACHA20_POLY1305		((psa_algorithm_t)0x05100600)
#define PSA_ALG_AEAD_TAG_LENGTH_MASK		((psa_algorithm_t)0x003f0000)
#define PSA_AEAD_TAG_LENGTH_OFFSET		16
#define PSA_ALG_AEAD_AT_LEAST_THIS_LENGTH_FLAG	((psa_algorithm_t)0x00008000)
#define PSA_ALG_AEAD_WITH_SHORTENED_TAG(aead, len) \
	((psa_algorithm_t)(((aead) & ~(PSA_ALG_AEAD_TAG_LENGTH_MASK | \
	    PSA_ALG_AEAD_AT_LEAST_THIS_LENGTH_FLAG)) | \
	    (((psa_algorithm_t)(len) << PSA_AEAD_TAG_LENGTH_OFFSET) & \
	    PSA_ALG_AEAD_TAG_LENGTH_MASK)))
#define PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(aead, len) \
	((psa_algorithm_t)(PSA_ALG_AEAD_WITH_SHORTENED_TAG(aead, len) | \
	    PSA_ALG_AEAD_AT_LEAST_THIS_LENGTH_FLAG))

/* Asymmetric signatures. */
#define PSA_ALG_RSA_PKCS1V15_SIGN_BASE		((psa_algorithm_t)0x06000200)
#define PSA_ALG_RSA_PKCS1V15_SIGN(hash)		\
	((psa_algorithm_t)(PSA_ALG_RSA_PKCS1V15_SIGN_BASE | \
	    ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_RSA_PKCS1V15_SIGN_RAW		PSA_ALG_RSA_PKCS1V15_SIGN_BASE
#define PSA_ALG_RSA_PSS_BASE			((psa_algorithm_t)0x06000300)
#define PSA_ALG_RSA_PSS(hash)			\
	((psa_algorithm_t)(PSA_ALG_RSA_PSS_BASE | ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_RSA_PSS_ANY_SALT_BASE		((psa_algorithm_t)0x06001300)
#define PSA_ALG_RSA_PSS_ANY_SALT(hash)		\
	((psa_algorithm_t)(PSA_ALG_RSA_PSS_ANY_SALT_BASE | \
	    ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_ECDSA_BASE			((psa_algorithm_t)0x06000600)
#define PSA_ALG_ECDSA(hash)			\
	((psa_algorithm_t)(PSA_ALG_ECDSA_BASE | ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_ECDSA_ANY			PSA_ALG_ECDSA_BASE
#define PSA_ALG_DETERMINISTIC_ECDSA_BASE	((psa_algorithm_t)0x06000700)
#define PSA_ALG_DETERMINISTIC_ECDSA(hash)	\
	((psa_algorithm_t)(PSA_ALG_DETERMINISTIC_ECDSA_BASE | \
	    ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_ECDSA_DETERMINISTIC_FLAG	((psa_algorithm_t)0x00000100)
#define PSA_ALG_PURE_EDDSA			((psa_algorithm_t)0x06000800)
#define PSA_ALG_HASH_EDDSA_BASE			((psa_algorithm_t)0x06000900)
#define PSA_ALG_ED25519PH			((psa_algorithm_t)0x0600090b)
#define PSA_ALG_ED448PH				((psa_algorithm_t)0x06000915)

/* Asymmetric encryption. */
#define PSA_ALG_RSA_PKCS1V15_CRYPT		((psa_algorithm_t)0x07000200)
#define PSA_ALG_RSA_OAEP_BASE			((psa_algorithm_t)0x07000300)
#define PSA_ALG_RSA_OAEP(hash)			\
	((psa_algorithm_t)(PSA_ALG_RSA_OAEP_BASE | \
	    ((hash) & PSA_ALG_HASH_MASK)))

/* Key derivation. Bit 23 marks password-hashing (stretching) KDFs, which
 * cannot follow a key agreement. */
#define PSA_ALG_KEY_DERIVATION_STRETCHING_FLAG	((psa_algorithm_t)0x00800000)
#define PSA_ALG_HKDF_BASE			((psa_algorithm_t)0x08000100)
#define PSA_ALG_HKDF(hash)			\
	((psa_algorithm_t)(PSA_ALG_HKDF_BASE | ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_TLS12_PRF_BASE			((psa_algorithm_t)0x08000200)
#define PSA_ALG_TLS12_PRF(hash)			\
	((psa_algorithm_t)(PSA_ALG_TLS12_PRF_BASE | \
	    ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_TLS12_PSK_TO_MS_BASE		((psa_algorithm_t)0x08000300)
#define PSA_ALG_TLS12_PSK_TO_MS(hash)		\
	((psa_algorithm_t)(PSA_ALG_TLS12_PSK_TO_MS_BASE | \
	    ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_HKDF_EXTRACT_BASE		((psa_algorithm_t)0x08000400)
#define PSA_ALG_HKDF_EXTRACT(hash)		\
	((psa_algorithm_t)(PSA_ALG_HKDF_EXTRACT_BASE | \
	    ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_HKDF_EXPAND_BASE		((psa_algorithm_t)0x08000500)
#define PSA_ALG_HKDF_EXPAND(hash)		\
	((psa_algorithm_t)(PSA_ALG_HKDF_EXPAND_BASE | \
	    ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_SP800_108_COUNTER_HMAC_BASE	((psa_algorithm_t)0x08000700)
#define PSA_ALG_SP800_108_COUNTER_HMAC(hash)	\
	((psa_algorithm_t)(PSA_ALG_SP800_108_COUNTER_HMAC_BASE | \
	    ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_SP800_108_COUNTER_CMAC		((psa_algorithm_t)0x08000800)
#define PSA_ALG_PBKDF2_HMAC_BASE		((psa_algorithm_t)0x08800100)
#define PSA_ALG_PBKDF2_HMAC(hash)		\
	((psa_algorithm_t)(PSA_ALG_PBKDF2_HMAC_BASE | \
	    ((hash) & PSA_ALG_HASH_MASK)))
#define PSA_ALG_PBKDF2_AES_CMAC_PRF_128		((psa_algorithm_t)0x08800200)

/* Key agreement, alone ("raw") or followed by a KDF: the combined value is
 * agreement | kdf, whose category byte 0x09 | 0x08 stays an agreement's.
 * The agreement owns bits 16-22, the KDF bits 0-15 and 23 (spec appendix
 * "Example macro implementations", PSA_ALG_KEY_AGREEMENT_GET_BASE/_KDF). */
#define PSA_ALG_FFDH				((psa_algorithm_t)0x09010000)
#define PSA_ALG_ECDH				((psa_algorithm_t)0x09020000)
#define PSA_ALG_KEY_AGREEMENT_MASK		((psa_algorithm_t)0xff7f0000)
#define PSA_ALG_KEY_DERIVATION_MASK		((psa_algorithm_t)0xfe80ffff)
#define PSA_ALG_KEY_AGREEMENT(ka, kdf)		\
	((psa_algorithm_t)((ka) | (kdf)))

/* ---- Usage flags (spec: Key policies, Key usage flags) ------------------ */

#define PSA_KEY_USAGE_EXPORT			((psa_key_usage_t)0x00000001)
#define PSA_KEY_USAGE_COPY			((psa_key_usage_t)0x00000002)
#define PSA_KEY_USAGE_CACHE			((psa_key_usage_t)0x00000004)
#define PSA_KEY_USAGE_ENCRYPT			((psa_key_usage_t)0x00000100)
#define PSA_KEY_USAGE_DECRYPT			((psa_key_usage_t)0x00000200)
#define PSA_KEY_USAGE_SIGN_MESSAGE		((psa_key_usage_t)0x00000400)
#define PSA_KEY_USAGE_VERIFY_MESSAGE		((psa_key_usage_t)0x00000800)
#define PSA_KEY_USAGE_SIGN_HASH			((psa_key_usage_t)0x00001000)
#define PSA_KEY_USAGE_VERIFY_HASH		((psa_key_usage_t)0x00002000)
#define PSA_KEY_USAGE_DERIVE			((psa_key_usage_t)0x00004000)
#define PSA_KEY_USAGE_VERIFY_DERIVATION		((psa_key_usage_t)0x00008000)
/* Spec 1.3+ key wrapping: recognised so it can be refused as unsupported. */
#define PSA_KEY_USAGE_WRAP			((psa_key_usage_t)0x00010000)
#define PSA_KEY_USAGE_UNWRAP			((psa_key_usage_t)0x00020000)

/* The flags arcsec implements. */
#define PSA_KEY_USAGE_KNOWN_MASK					\
	(PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_COPY | PSA_KEY_USAGE_CACHE | \
	 PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT |		\
	 PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE |	\
	 PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH |		\
	 PSA_KEY_USAGE_DERIVE | PSA_KEY_USAGE_VERIFY_DERIVATION)

/* ---- Key type predicates and extractors (psa/types.c) ------------------- */

bool		psa_key_type_is_vendor(psa_key_type_t type);
/* Raw data or symmetric: a plain byte string. */
bool		psa_key_type_is_unstructured(psa_key_type_t type);
bool		psa_key_type_is_asymmetric(psa_key_type_t type);
bool		psa_key_type_is_public_key(psa_key_type_t type);
bool		psa_key_type_is_key_pair(psa_key_type_t type);
/* Meaningful only for asymmetric types; others come back unchanged. */
psa_key_type_t	psa_key_type_public_of_pair(psa_key_type_t type);
psa_key_type_t	psa_key_type_pair_of_public(psa_key_type_t type);
bool		psa_key_type_is_rsa(psa_key_type_t type);
bool		psa_key_type_is_ecc(psa_key_type_t type);
bool		psa_key_type_is_ecc_key_pair(psa_key_type_t type);
bool		psa_key_type_is_ecc_public_key(psa_key_type_t type);
bool		psa_key_type_is_dh(psa_key_type_t type);
bool		psa_key_type_is_dh_key_pair(psa_key_type_t type);
bool		psa_key_type_is_dh_public_key(psa_key_type_t type);
/* The curve family of an ECC type, 0 for any other type. */
psa_ecc_family_t psa_key_type_ecc_family(psa_key_type_t type);
/* The group family of a DH type, 0 for any other type. */
psa_dh_family_t	psa_key_type_dh_family(psa_key_type_t type);
/* Weierstrass families (SECP, SECT, Brainpool, FRP): the ones ECDSA uses. */
bool		psa_ecc_family_is_weierstrass(psa_ecc_family_t family);
/* Block size in bytes of a symmetric type (1 for stream ciphers), 0 for any
 * non-symmetric type (spec PSA_BLOCK_CIPHER_BLOCK_LENGTH). */
size_t		psa_key_type_block_length(psa_key_type_t type);

/* ---- Algorithm predicates and extractors (psa/types.c) ------------------ */

bool		psa_alg_is_vendor(psa_algorithm_t alg);
bool		psa_alg_is_hash(psa_algorithm_t alg);
bool		psa_alg_is_mac(psa_algorithm_t alg);
bool		psa_alg_is_cipher(psa_algorithm_t alg);
bool		psa_alg_is_aead(psa_algorithm_t alg);
bool		psa_alg_is_sign(psa_algorithm_t alg);
bool		psa_alg_is_asymmetric_encryption(psa_algorithm_t alg);
bool		psa_alg_is_key_derivation(psa_algorithm_t alg);
bool		psa_alg_is_key_agreement(psa_algorithm_t alg);

bool		psa_alg_is_hmac(psa_algorithm_t alg);
bool		psa_alg_is_block_cipher_mac(psa_algorithm_t alg);
bool		psa_alg_is_stream_cipher(psa_algorithm_t alg);
bool		psa_alg_is_aead_on_block_cipher(psa_algorithm_t alg);

bool		psa_alg_is_rsa_pkcs1v15_sign(psa_algorithm_t alg);
/* Either PSS variant; _standard_salt and _any_salt tell them apart. */
bool		psa_alg_is_rsa_pss(psa_algorithm_t alg);
bool		psa_alg_is_rsa_pss_standard_salt(psa_algorithm_t alg);
bool		psa_alg_is_rsa_pss_any_salt(psa_algorithm_t alg);
/* Randomized or deterministic, including ECDSA_ANY. */
bool		psa_alg_is_ecdsa(psa_algorithm_t alg);
bool		psa_alg_is_deterministic_ecdsa(psa_algorithm_t alg);
bool		psa_alg_is_randomized_ecdsa(psa_algorithm_t alg);
bool		psa_alg_is_hash_eddsa(psa_algorithm_t alg);
/* Hash-then-sign schemes, including their raw forms (PKCS1V15_SIGN_RAW,
 * ECDSA_ANY) and ANY_HASH policies. */
bool		psa_alg_is_hash_and_sign(psa_algorithm_t alg);
/* Usable with sign_hash/verify_hash: hash-and-sign schemes and raw forms. */
bool		psa_alg_is_sign_hash(psa_algorithm_t alg);
/* Usable with sign_message/verify_message: hash-and-sign with a hash (not
 * the raw forms), and PureEdDSA. */
bool		psa_alg_is_sign_message(psa_algorithm_t alg);
/* The hash of a hash-and-sign scheme (PSA_ALG_ANY_HASH for a wildcard
 * policy); 0 for raw forms and for anything else. */
psa_algorithm_t	psa_alg_sign_get_hash(psa_algorithm_t alg);

bool		psa_alg_is_rsa_oaep(psa_algorithm_t alg);
/* The hash an algorithm is built on, from its low byte (HMAC, OAEP, HKDF,
 * signatures, ...); 0 when the low byte is 0 or alg is itself a hash. */
psa_algorithm_t	psa_alg_get_hash(psa_algorithm_t alg);

/* MAC encodings. */
psa_algorithm_t	psa_alg_full_length_mac(psa_algorithm_t alg);
/* Encoded truncated length in bytes; 0 means the full length. */
size_t		psa_alg_mac_truncated_length(psa_algorithm_t alg);
bool		psa_alg_mac_is_at_least_this_length(psa_algorithm_t alg);

/* AEAD encodings. */
psa_algorithm_t	psa_alg_aead_default_tag(psa_algorithm_t alg);
size_t		psa_alg_aead_encoded_tag_length(psa_algorithm_t alg);
bool		psa_alg_aead_is_at_least_this_length(psa_algorithm_t alg);

/* Key derivation and agreement. */
bool		psa_alg_is_hkdf(psa_algorithm_t alg);
bool		psa_alg_is_key_derivation_stretching(psa_algorithm_t alg);
/* Key agreement alone, with no KDF after it. */
bool		psa_alg_is_raw_key_agreement(psa_algorithm_t alg);
psa_algorithm_t	psa_alg_key_agreement_get_base(psa_algorithm_t alg);
/* The KDF of a combined agreement; PSA_ALG_CATEGORY_KEY_DERIVATION (a KDF
 * value with no algorithm) for a raw agreement. */
psa_algorithm_t	psa_alg_key_agreement_get_kdf(psa_algorithm_t alg);
bool		psa_alg_is_ecdh(psa_algorithm_t alg);
bool		psa_alg_is_ffdh(psa_algorithm_t alg);

/* A policy-only value that names a set of algorithms (ANY_HASH signatures,
 * at-least-this-length MACs and AEADs, ANY_HASH itself); such a value may be
 * a key's permitted algorithm but never the algorithm of an operation. */
bool		psa_alg_is_wildcard(psa_algorithm_t alg);

#endif
