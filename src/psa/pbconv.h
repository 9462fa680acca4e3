/* psa/pbconv.h: translate between Parsec's protobuf spelling of
 * algorithms and key attributes and the PSA numeric encodings of
 * psa/types.h. Pure (no I/O, no allocation).
 *
 * Parsec describes an algorithm as a tree of messages (proto/psa_algorithm.
 * proto) and a key type as a oneof of markers (proto/psa_key_attributes.
 * proto); the rest of arcsec speaks psa_algorithm_t and psa_key_type_t. The
 * mapping follows parsec-interface-rs (src/operations_protobuf/
 * psa_pb_psa_algorithm.rs, psa_pb_psa_key_attributes.rs) for the message
 * shapes and rust-psa-crypto (psa-crypto/src/types/algorithm.rs, key.rs)
 * for the PSA value each shape stands for.
 *
 * Direction pb -> PSA ("_from_pb"): the message usually comes straight
 * from protobuf-c's decoder, so every enum is range-checked (proto3 enums
 * are open: any int32 arrives), every oneof must be set, every sub-message
 * pointer may be NULL. Only the spelling is judged here; whether the value
 * is a usable algorithm or a sensible key is psa_alg_validate() and
 * psa_attrs_validate_new()'s business (psa/policy.h), so MD2 or a MAC
 * truncated past its length convert fine and are refused there.
 * Every schema value has a PSA encoding, so these return only:
 *   PSA_SUCCESS
 *   PSA_ERROR_INVALID_ARGUMENT  a NULL argument or sub-message, an unset
 *	oneof, an enum outside the schema or at its *_NONE value (where the
 *	schema uses zero for "unset"), or lengths PSA cannot encode: a MAC
 *	truncation or AEAD tag length of 0 or above 63 bytes (the 6-bit field
 *	of PSA_ALG_TRUNCATED_MAC / PSA_ALG_AEAD_WITH_SHORTENED_TAG; 0 would
 *	read back as the untruncated algorithm, and the spec forbids it).
 * On failure *out is PSA_ALG_NONE (or zeroed attributes).
 *
 * Direction PSA -> pb ("_to_pb"): the caller supplies an arena, a struct
 * holding every message the answer can need, by value; the function fills
 * it and points its messages at each other, so there is nothing to free and
 * the arena may live on the stack. The arena must not be copied or moved
 * while its messages are in use (they point into it). On failure the root
 * message is left initialised and empty (variant NOT_SET), never half
 * wired. They return:
 *   PSA_SUCCESS
 *   PSA_ERROR_INVALID_ARGUMENT  a NULL argument; for the per-family forms,
 *	a value of another category (psa_pb_sign_to_pb() given a MAC);
 *	key_bits beyond uint32
 *   PSA_ERROR_NOT_SUPPORTED     a value Parsec's schema has no spelling for:
 *	wildcards other than ANY_HASH in a signature (at-least-this-length MACs
 *	and AEADs), RSA_PSS_ANY_SALT, EdDSA, SM3, SHAKE256, XChaCha20, HKDF
 *	extract/expand, PBKDF2, vendor values, ARIA/SM4/password key types,
 *	Twisted Edwards curves, usage flags beyond the ten the schema names.
 *
 * Round trip: for every psa value v with to_pb(v) == PSA_SUCCESS,
 * from_pb(to_pb(v)) == v; and from_pb of any accepted message gives a v
 * that to_pb accepts (tests/unit/test_psa_pbconv.c, fuzz/fuzz_pbconv.c).
 * Messages are not canonical the other way: AeadWithShortenedTag with the
 * default 16-byte tag is the default-tag algorithm (the PSA values are
 * equal), and comes back as AeadWithDefaultLengthTag.
 */
#ifndef ARCSEC_PSA_PBCONV_H
#define ARCSEC_PSA_PBCONV_H

#include <protobuf-c/protobuf-c.h>

#include "psa_algorithm.pb-c.h"
#include "psa_key_attributes.pb-c.h"

#include "psa/attributes.h"
#include "psa/status.h"
#include "psa/types.h"

/* Every message a PsaAlgorithm__Algorithm can point to. Variants that
 * exclude each other share storage. `alg` is the root. */
struct psa_pb_pb_alg {
	PsaAlgorithm__Algorithm					alg;
	PsaAlgorithm__Algorithm__None				none;
	PsaAlgorithm__Algorithm__Mac				mac;
	PsaAlgorithm__Algorithm__Mac__FullLength		mac_full;
	PsaAlgorithm__Algorithm__Mac__Truncated			mac_truncated;
	union {
		PsaAlgorithm__Algorithm__Mac__FullLength__Hmac	 hmac;
		PsaAlgorithm__Algorithm__Mac__FullLength__CbcMac cbc_mac;
		PsaAlgorithm__Algorithm__Mac__FullLength__Cmac	 cmac;
	} mac_kind;
	PsaAlgorithm__Algorithm__Aead				aead;
	PsaAlgorithm__Algorithm__Aead__AeadWithShortenedTag	aead_shortened;
	PsaAlgorithm__Algorithm__AsymmetricSignature		sign;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash	sign_hash;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash__Any
								sign_hash_any;
	union {
		PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPkcs1v15Sign
			rsa_pkcs1v15_sign;
		PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPkcs1v15SignRaw
			rsa_pkcs1v15_sign_raw;
		PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPss
			rsa_pss;
		PsaAlgorithm__Algorithm__AsymmetricSignature__Ecdsa
			ecdsa;
		PsaAlgorithm__Algorithm__AsymmetricSignature__EcdsaAny
			ecdsa_any;
		PsaAlgorithm__Algorithm__AsymmetricSignature__DeterministicEcdsa
			deterministic_ecdsa;
	} sign_kind;
	PsaAlgorithm__Algorithm__AsymmetricEncryption		asym_enc;
	union {
		PsaAlgorithm__Algorithm__AsymmetricEncryption__RsaPkcs1v15Crypt
			rsa_pkcs1v15_crypt;
		PsaAlgorithm__Algorithm__AsymmetricEncryption__RsaOaep
			rsa_oaep;
	} asym_enc_kind;
	PsaAlgorithm__Algorithm__KeyAgreement			ka;
	PsaAlgorithm__Algorithm__KeyAgreement__WithKeyDerivation ka_with_kdf;
	/* A KDF is either the root's variant or inside ka_with_kdf, never
	 * both, so one is enough. */
	PsaAlgorithm__Algorithm__KeyDerivation			kdf;
	union {
		PsaAlgorithm__Algorithm__KeyDerivation__Hkdf	 hkdf;
		PsaAlgorithm__Algorithm__KeyDerivation__Tls12Prf tls12_prf;
		PsaAlgorithm__Algorithm__KeyDerivation__Tls12PskToMs
			tls12_psk_to_ms;
	} kdf_kind;
};

/* Every message a PsaKeyAttributes__KeyAttributes can point to. `attrs` is
 * the root. */
struct psa_pb_pb_attrs {
	PsaKeyAttributes__KeyAttributes		attrs;
	PsaKeyAttributes__KeyType		key_type;
	union {
		PsaKeyAttributes__KeyType__RawData	raw_data;
		PsaKeyAttributes__KeyType__Hmac		hmac;
		PsaKeyAttributes__KeyType__Derive	derive;
		PsaKeyAttributes__KeyType__Aes		aes;
		PsaKeyAttributes__KeyType__Des		des;
		PsaKeyAttributes__KeyType__Camellia	camellia;
		PsaKeyAttributes__KeyType__Arc4		arc4;
		PsaKeyAttributes__KeyType__Chacha20	chacha20;
		PsaKeyAttributes__KeyType__RsaPublicKey	rsa_public_key;
		PsaKeyAttributes__KeyType__RsaKeyPair	rsa_key_pair;
		PsaKeyAttributes__KeyType__EccKeyPair	ecc_key_pair;
		PsaKeyAttributes__KeyType__EccPublicKey	ecc_public_key;
		PsaKeyAttributes__KeyType__DhKeyPair	dh_key_pair;
		PsaKeyAttributes__KeyType__DhPublicKey	dh_public_key;
	} type_kind;
	PsaKeyAttributes__KeyPolicy		policy;
	PsaKeyAttributes__UsageFlags		usage;
	struct psa_pb_pb_alg			alg;
};

/* ---- Enums (pbconv_alg.c) -------------------------------------------- */

/* A Hash enum value <-> a PSA hash (PSA_ALG_SHA_256, ...). hash_to_pb:
 * INVALID_ARGUMENT if `hash` is not of the hash category, NOT_SUPPORTED
 * for a hash the schema lacks (SM3, SHAKE256-512, ANY_HASH). */
psa_status_t	psa_pb_hash_from_pb(PsaAlgorithm__Algorithm__Hash pb,
		    psa_algorithm_t *out) __attribute__((warn_unused_result));
psa_status_t	psa_pb_hash_to_pb(psa_algorithm_t hash,
		    PsaAlgorithm__Algorithm__Hash *out)
		    __attribute__((warn_unused_result));

/* A Cipher enum value <-> an unauthenticated cipher (PSA_ALG_CTR, ...). */
psa_status_t	psa_pb_cipher_from_pb(PsaAlgorithm__Algorithm__Cipher pb,
		    psa_algorithm_t *out) __attribute__((warn_unused_result));
psa_status_t	psa_pb_cipher_to_pb(psa_algorithm_t alg,
		    PsaAlgorithm__Algorithm__Cipher *out)
		    __attribute__((warn_unused_result));

/* A KeyAgreement.Raw value <-> PSA_ALG_FFDH or PSA_ALG_ECDH alone (the
 * field of PsaRawKeyAgreement). to_pb: INVALID_ARGUMENT for anything not
 * of the key agreement category, NOT_SUPPORTED for an agreement followed
 * by a KDF or another agreement. */
psa_status_t	psa_pb_ka_raw_from_pb(
		    PsaAlgorithm__Algorithm__KeyAgreement__Raw pb,
		    psa_algorithm_t *out) __attribute__((warn_unused_result));
psa_status_t	psa_pb_ka_raw_to_pb(psa_algorithm_t alg,
		    PsaAlgorithm__Algorithm__KeyAgreement__Raw *out)
		    __attribute__((warn_unused_result));

/* SignHash: Any -> PSA_ALG_ANY_HASH, Specific -> that hash. */
psa_status_t	psa_pb_sign_hash_from_pb(
		    const PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash *pb,
		    psa_algorithm_t *out) __attribute__((warn_unused_result));

/* ---- Messages, pb -> PSA (pbconv_alg.c) ------------------------------ */

/* The whole Algorithm (key policies): None -> PSA_ALG_NONE. */
psa_status_t	psa_pb_alg_from_pb(const PsaAlgorithm__Algorithm *pb,
		    psa_algorithm_t *out) __attribute__((warn_unused_result));
/* The sub-messages operations carry on their own (PsaMacCompute.alg,
 * PsaAeadEncrypt.alg, PsaSignHash.alg, PsaAsymmetricEncrypt.alg, ...). */
psa_status_t	psa_pb_mac_from_pb(const PsaAlgorithm__Algorithm__Mac *pb,
		    psa_algorithm_t *out) __attribute__((warn_unused_result));
psa_status_t	psa_pb_aead_from_pb(const PsaAlgorithm__Algorithm__Aead *pb,
		    psa_algorithm_t *out) __attribute__((warn_unused_result));
psa_status_t	psa_pb_sign_from_pb(
		    const PsaAlgorithm__Algorithm__AsymmetricSignature *pb,
		    psa_algorithm_t *out) __attribute__((warn_unused_result));
psa_status_t	psa_pb_asym_enc_from_pb(
		    const PsaAlgorithm__Algorithm__AsymmetricEncryption *pb,
		    psa_algorithm_t *out) __attribute__((warn_unused_result));
psa_status_t	psa_pb_ka_from_pb(
		    const PsaAlgorithm__Algorithm__KeyAgreement *pb,
		    psa_algorithm_t *out) __attribute__((warn_unused_result));
psa_status_t	psa_pb_kdf_from_pb(
		    const PsaAlgorithm__Algorithm__KeyDerivation *pb,
		    psa_algorithm_t *out) __attribute__((warn_unused_result));

/* ---- Messages, PSA -> pb (psa_pb_alg_pb.c) --------------------------- */

/* Fill `arena`; the message is &arena->alg. */
psa_status_t	psa_pb_alg_to_pb(psa_algorithm_t alg,
		    struct psa_pb_pb_alg *arena)
		    __attribute__((warn_unused_result));
/* Fill `arena` with one family's message and point *out at it (inside the
 * arena); *out is NULL on failure. */
psa_status_t	psa_pb_mac_to_pb(psa_algorithm_t alg,
		    struct psa_pb_pb_alg *arena,
		    PsaAlgorithm__Algorithm__Mac **out)
		    __attribute__((warn_unused_result));
psa_status_t	psa_pb_aead_to_pb(psa_algorithm_t alg,
		    struct psa_pb_pb_alg *arena,
		    PsaAlgorithm__Algorithm__Aead **out)
		    __attribute__((warn_unused_result));
psa_status_t	psa_pb_sign_to_pb(psa_algorithm_t alg,
		    struct psa_pb_pb_alg *arena,
		    PsaAlgorithm__Algorithm__AsymmetricSignature **out)
		    __attribute__((warn_unused_result));
psa_status_t	psa_pb_asym_enc_to_pb(psa_algorithm_t alg,
		    struct psa_pb_pb_alg *arena,
		    PsaAlgorithm__Algorithm__AsymmetricEncryption **out)
		    __attribute__((warn_unused_result));
psa_status_t	psa_pb_ka_to_pb(psa_algorithm_t alg,
		    struct psa_pb_pb_alg *arena,
		    PsaAlgorithm__Algorithm__KeyAgreement **out)
		    __attribute__((warn_unused_result));
psa_status_t	psa_pb_kdf_to_pb(psa_algorithm_t alg,
		    struct psa_pb_pb_alg *arena,
		    PsaAlgorithm__Algorithm__KeyDerivation **out)
		    __attribute__((warn_unused_result));

/* ---- Key attributes (pbconv_attrs.c) --------------------------------- */

/* KeyType <-> psa_key_type_t, including the ECC curve family and DH group
 * family. to_pb fills arena->key_type (and the variant it points to). */
psa_status_t	psa_pb_key_type_from_pb(const PsaKeyAttributes__KeyType *pb,
		    psa_key_type_t *out) __attribute__((warn_unused_result));
psa_status_t	psa_pb_key_type_to_pb(psa_key_type_t type,
		    struct psa_pb_pb_attrs *arena)
		    __attribute__((warn_unused_result));

/* UsageFlags' ten booleans <-> PSA_KEY_USAGE_* bits. to_pb initialises
 * *out itself; NOT_SUPPORTED (and *out all false) for bits the schema does
 * not name (VERIFY_DERIVATION, WRAP, UNWRAP, unknown). */
psa_status_t	psa_pb_usage_from_pb(const PsaKeyAttributes__UsageFlags *pb,
		    psa_key_usage_t *out) __attribute__((warn_unused_result));
psa_status_t	psa_pb_usage_to_pb(psa_key_usage_t usage,
		    PsaKeyAttributes__UsageFlags *out)
		    __attribute__((warn_unused_result));

/*
 * KeyAttributes <-> struct psa_key_attrs. key_type, key_policy and both of
 * key_policy's fields are required, as parsec-interface-rs requires them
 * (a client that omits one gets INVALID_ARGUMENT). key_bits is copied as
 * is (0: "from the key data" on import); judging it is
 * psa_attrs_validate_new()'s job. is_persistent is not on the wire: from_pb
 * sets it false and the dispatcher decides. to_pb fills arena; the message
 * is &arena->attrs.
 */
psa_status_t	psa_pb_attrs_from_pb(const PsaKeyAttributes__KeyAttributes *pb,
		    struct psa_key_attrs *out)
		    __attribute__((warn_unused_result));
psa_status_t	psa_pb_attrs_to_pb(const struct psa_key_attrs *attrs,
		    struct psa_pb_pb_attrs *arena)
		    __attribute__((warn_unused_result));

#endif
