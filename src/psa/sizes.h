/* psa/sizes.h: output sizes of PSA operations, for caller-owned buffers.
 * Pure.
 *
 * Each function answers the spec's PSA_*_SIZE / PSA_*_LENGTH question for
 * one key type, size and algorithm: the size in bytes an output buffer needs
 * so the operation cannot fail with PSA_ERROR_BUFFER_TOO_SMALL. A result of
 * 0 means the combination is not valid (or not one arcsec offers), never
 * "no output". The client library exposes these so callers size buffers
 * before asking (STYLE.md §5, caller-owned output).
 */
#ifndef ARCSEC_PSA_SIZES_H
#define ARCSEC_PSA_SIZES_H

#include <stddef.h>

#include "psa/types.h"

/* Largest values any supported combination returns. */
#define PSA_HASH_MAX_SIZE		64u	/* SHA-512, SHA3-512 */
#define PSA_MAC_MAX_SIZE		64u	/* HMAC-SHA-512 */
#define PSA_AEAD_TAG_MAX_SIZE		16u
#define PSA_CIPHER_IV_MAX_SIZE		24u	/* XChaCha20 nonce */
#define PSA_AEAD_NONCE_MAX_SIZE		24u	/* XChaCha20-Poly1305 */
#define PSA_RSA_MAX_KEY_BITS		8192u	/* psa/validate.c's ceiling */

/* Digest length of a hash algorithm (not a composite one). */
size_t	psa_hash_length(psa_algorithm_t alg);

/* MAC length of alg with this key: the truncated length when alg is
 * truncated (0 if beyond the full length), else the hash length for HMAC
 * (needs an HMAC key) or the block length for CMAC/CBC-MAC (needs a block
 * cipher key). An at-least-this-length wildcard gives its minimum. */
size_t	psa_mac_length(psa_key_type_t type, size_t bits, psa_algorithm_t alg);

/* Signature size: RSA ceil(bits/8); ECDSA r||s, 2*ceil(bits/8); EdDSA 64
 * (Ed25519) or 114 (Ed448) bytes (RFC 8032 §5.1.6, §5.2.6). */
size_t	psa_sign_output_size(psa_key_type_t type, size_t bits,
	    psa_algorithm_t alg);

/* psa_export_public_key() output, in the PSA formats: RSA DER
 * RSAPublicKey (upper bound, public exponent < 2^32); Weierstrass ECC
 * uncompressed point 0x04||x||y, 1+2*ceil(bits/8); Montgomery
 * ceil(bits/8); twisted Edwards 32 or 57 bytes (RFC 8032); DH
 * ceil(bits/8). Key pair or public type alike. */
size_t	psa_export_public_key_output_size(psa_key_type_t type, size_t bits);

/* psa_export_key() output: as above for public keys; raw and symmetric
 * ceil(bits/8); RSA key pair DER RSAPrivateKey (upper bound); ECC key pair
 * the private scalar, ceil(bits/8) (Ed448: 57 bytes); DH ceil(bits/8). */
size_t	psa_export_key_output_size(psa_key_type_t type, size_t bits);

/* RSA: ceil(bits/8) for PKCS#1 v1.5 and OAEP; 0 otherwise. */
size_t	psa_asymmetric_encrypt_output_size(psa_key_type_t type, size_t bits,
	    psa_algorithm_t alg);
/* RSA: ceil(bits/8) minus the padding's minimum (11 for PKCS#1 v1.5,
 * 2*hLen+2 for OAEP, RFC 8017 §7.1.1, §7.2.1); 0 if that leaves nothing. */
size_t	psa_asymmetric_decrypt_output_size(psa_key_type_t type, size_t bits,
	    psa_algorithm_t alg);

/* Default IV length of a cipher: the block length for CBC, CTR, CFB, OFB,
 * XTS; 12 for ChaCha20 (RFC 8439); 24 for XChaCha20; 0 for ECB (no IV) and
 * for invalid combinations. */
size_t	psa_cipher_iv_length(psa_key_type_t type, psa_algorithm_t alg);

/* Tag length of an AEAD algorithm with a compatible key (the encoded length
 * for shortened tags), 0 otherwise, including wildcards. */
size_t	psa_aead_tag_length(psa_key_type_t type, size_t bits,
	    psa_algorithm_t alg);

/* Default nonce length: 13 for CCM, 12 for GCM and ChaCha20-Poly1305, 24 for
 * XChaCha20-Poly1305 (spec PSA_AEAD_NONCE_LENGTH); 0 otherwise. */
size_t	psa_aead_nonce_length(psa_key_type_t type, psa_algorithm_t alg);

/* Raw key agreement output: ceil(bits/8) for ECC (Weierstrass and
 * Montgomery) and DH key pairs; 0 otherwise. */
size_t	psa_raw_key_agreement_output_size(psa_key_type_t type, size_t bits);

#endif
