/* arcsec/crypto.h: cryptographic operations with the service's keys
 * (signatures, asymmetric encryption) and without (random bytes, hashes),
 * and the output sizes to allocate for them.
 *
 * Outputs are caller-owned: every call takes (out, out_size, &out_len),
 * sets *out_len to 0 first, fills out and *out_len on success, and on any
 * failure wipes out[0..out_size) and leaves *out_len at 0. The
 * arcsec_*_output_size() functions give, from a key's type, size and
 * algorithm (arcsec_key_attributes() reads them), a size that always
 * suffices, as the PSA Crypto API's PSA_*_OUTPUT_SIZE macros do; they return
 * 0 for a combination that is not valid. A result longer than out_size is
 * ARCSEC_ERR_BUFFER_TOO_SMALL, with nothing written.
 *
 * Every call here may also return the common statuses listed in
 * arcsec/keys.h, and ARCSEC_ERR_INVALID_ARGUMENT for a NULL input with a
 * non-zero length or a NULL output with a non-zero size; and
 * ARCSEC_ERR_UNSUPPORTED for an algorithm Parsec's wire schema cannot
 * express. Operations go to the client's provider.
 */
#ifndef ARCSEC_CRYPTO_H
#define ARCSEC_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <arcsec/base.h>
#include <arcsec/client.h>
#include <arcsec/keys.h>
#include <arcsec/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest digest of any hash (SHA-512, SHA3-512). */
#define ARCSEC_HASH_MAX_SIZE		64u
/* Largest signature of any key the service may hold (RSA, 8192 bits). */
#define ARCSEC_SIGNATURE_MAX_SIZE	1024u

/* Digest length of a hash algorithm (ARCSEC_ALG_SHA_256: 32). */
ARCSEC_API size_t	arcsec_hash_length(arcsec_alg_t alg);
/* Signature size: RSA ceil(bits/8); ECDSA 2*ceil(bits/8) (r||s). */
ARCSEC_API size_t	arcsec_sign_output_size(arcsec_key_type_t key_type,
			    size_t key_bits, arcsec_alg_t alg);
/* arcsec_export_public_key() output, key pair or public key type alike. */
ARCSEC_API size_t	arcsec_export_public_key_output_size(
			    arcsec_key_type_t key_type, size_t key_bits);
/* arcsec_export_key() output. */
ARCSEC_API size_t	arcsec_export_key_output_size(
			    arcsec_key_type_t key_type, size_t key_bits);
/* RSA: ceil(bits/8). */
ARCSEC_API size_t	arcsec_asymmetric_encrypt_output_size(
			    arcsec_key_type_t key_type, size_t key_bits,
			    arcsec_alg_t alg);
/* RSA: ceil(bits/8) minus the padding's minimum (11 for PKCS#1 v1.5,
 * 2*hLen+2 for OAEP). */
ARCSEC_API size_t	arcsec_asymmetric_decrypt_output_size(
			    arcsec_key_type_t key_type, size_t key_bits,
			    arcsec_alg_t alg);

/*
 * Sign the digest hash[0..hash_len) with `key_name` (PsaSignHash, opcode
 * 0x04). alg: a signature algorithm with a specific hash (ECDSA(SHA-256)),
 * or a raw form (ECDSA_ANY, RSA_PKCS1V15_SIGN_RAW), that the key's policy
 * permits; the caller hashes. sig receives the signature in PSA format
 * (ECDSA: r||s, not DER).
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT if alg is not a
 * signature algorithm; ARCSEC_ERR_BUFFER_TOO_SMALL; ARCSEC_ERR_PROTOCOL for
 * an empty signature; ARCSEC_PSA_ERROR_NOT_PERMITTED; the common statuses.
 */
ARCSEC_API arcsec_status_t arcsec_sign_hash(struct arcsec_client *c,
		    const char *key_name, arcsec_alg_t alg, const uint8_t *hash,
		    size_t hash_len, uint8_t *sig, size_t sig_size,
		    size_t *sig_len) ARCSEC_WARN_UNUSED;

/*
 * Check sig[0..sig_len) over the digest hash[0..hash_len) with `key_name`
 * (PsaVerifyHash, opcode 0x05).
 * Returns ARCSEC_SUCCESS for a good signature;
 * ARCSEC_PSA_ERROR_INVALID_SIGNATURE for a bad one; as arcsec_sign_hash()
 * otherwise.
 */
ARCSEC_API arcsec_status_t arcsec_verify_hash(struct arcsec_client *c,
		    const char *key_name, arcsec_alg_t alg, const uint8_t *hash,
		    size_t hash_len, const uint8_t *sig, size_t sig_len)
		    ARCSEC_WARN_UNUSED;

/*
 * Hash msg[0..msg_len) with alg's hash and sign it (PsaSignMessage, opcode
 * 0x18). alg: a signature algorithm with a specific hash.
 * Returns as arcsec_sign_hash().
 */
ARCSEC_API arcsec_status_t arcsec_sign_message(struct arcsec_client *c,
		    const char *key_name, arcsec_alg_t alg, const uint8_t *msg,
		    size_t msg_len, uint8_t *sig, size_t sig_size,
		    size_t *sig_len) ARCSEC_WARN_UNUSED;

/*
 * Check sig over msg[0..msg_len) (PsaVerifyMessage, opcode 0x19).
 * Returns as arcsec_verify_hash().
 */
ARCSEC_API arcsec_status_t arcsec_verify_message(struct arcsec_client *c,
		    const char *key_name, arcsec_alg_t alg, const uint8_t *msg,
		    size_t msg_len, const uint8_t *sig, size_t sig_len)
		    ARCSEC_WARN_UNUSED;

/*
 * Encrypt input[0..input_len) with the public part of `key_name`
 * (PsaAsymmetricEncrypt, opcode 0x0A). alg: ARCSEC_ALG_RSA_PKCS1V15_CRYPT
 * or ARCSEC_ALG_RSA_OAEP(hash). salt: the OAEP label, NULL (or salt_len 0)
 * for none; must be empty for PKCS#1 v1.5.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT if alg is not an
 * asymmetric encryption algorithm; ARCSEC_ERR_BUFFER_TOO_SMALL;
 * ARCSEC_ERR_PROTOCOL for an empty ciphertext;
 * ARCSEC_PSA_ERROR_INVALID_ARGUMENT from the service for input too long for
 * the key; the common statuses.
 */
ARCSEC_API arcsec_status_t arcsec_asymmetric_encrypt(struct arcsec_client *c,
		    const char *key_name, arcsec_alg_t alg,
		    const uint8_t *input, size_t input_len, const uint8_t *salt,
		    size_t salt_len, uint8_t *output, size_t output_size,
		    size_t *output_len)
		    ARCSEC_WARN_UNUSED;

/*
 * Decrypt input[0..input_len) with `key_name` (PsaAsymmetricDecrypt, opcode
 * 0x0B). The plaintext may be empty. The response buffers are wiped before
 * the call returns.
 * Returns as arcsec_asymmetric_encrypt(), and
 * ARCSEC_PSA_ERROR_INVALID_PADDING for a ciphertext that does not decrypt.
 */
ARCSEC_API arcsec_status_t arcsec_asymmetric_decrypt(struct arcsec_client *c,
		    const char *key_name, arcsec_alg_t alg,
		    const uint8_t *input, size_t input_len, const uint8_t *salt,
		    size_t salt_len, uint8_t *output, size_t output_size,
		    size_t *output_len)
		    ARCSEC_WARN_UNUSED;

/*
 * Fill output[0..output_size) with random bytes from the provider
 * (PsaGenerateRandom, opcode 0x0D). The service may refuse sizes above its
 * buffer_size_limit (1 MiB by default). The response buffers are wiped
 * before the call returns.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_PROTOCOL if the service sends another
 * number of bytes than asked for; the common statuses. On failure output is
 * wiped.
 */
ARCSEC_API arcsec_status_t arcsec_generate_random(struct arcsec_client *c,
		    uint8_t *output, size_t output_size) ARCSEC_WARN_UNUSED;

/*
 * Hash input[0..input_len) with alg (PsaHashCompute, opcode 0x0F).
 * hash_size must be at least arcsec_hash_length(alg), which is checked
 * before anything is sent.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT if alg is not a hash;
 * ARCSEC_ERR_BUFFER_TOO_SMALL; ARCSEC_ERR_PROTOCOL for a digest of another
 * length than alg's; the common statuses.
 */
ARCSEC_API arcsec_status_t arcsec_hash_compute(struct arcsec_client *c,
		    arcsec_alg_t alg, const uint8_t *input, size_t input_len,
		    uint8_t *hash, size_t hash_size, size_t *hash_len)
		    ARCSEC_WARN_UNUSED;

#ifdef __cplusplus
}
#endif

#endif
