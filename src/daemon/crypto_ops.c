/* daemon/crypto_ops.c: the operations that use a key (sign, verify,
 * encrypt, decrypt, agree, MAC) and the keyless ones (hash, random),
 * plus CanDoCrypto. */
#include "daemon/crypto.h"

#include "psa/pbconv.h"
#include "psa/policy.h"
#include "psa/sizes.h"
#include "can_do_crypto.pb-c.h"
#include "psa_aead_decrypt.pb-c.h"
#include "psa_aead_encrypt.pb-c.h"
#include "psa_asymmetric_decrypt.pb-c.h"
#include "psa_asymmetric_encrypt.pb-c.h"
#include "psa_cipher_decrypt.pb-c.h"
#include "psa_cipher_encrypt.pb-c.h"
#include "psa_generate_random.pb-c.h"
#include "psa_hash_compare.pb-c.h"
#include "psa_hash_compute.pb-c.h"
#include "psa_mac_compute.pb-c.h"
#include "psa_mac_verify.pb-c.h"
#include "psa_raw_key_agreement.pb-c.h"
#include "psa_sign_hash.pb-c.h"
#include "psa_sign_message.pb-c.h"
#include "psa_verify_hash.pb-c.h"
#include "psa_verify_message.pb-c.h"
#include "wire/opcodes.h"

#include <stddef.h>

typedef void (*crypto_init_fn)(void *);

/* Operation pairs read through one struct type below: the generated
 * structs have the same members in the same order (proto/ field numbers
 * and types match), which these checks keep true. */
#define CRYPTO_SAME(a, fa, b, fb) \
	_Static_assert(offsetof(a, fa) == offsetof(b, fb) && \
	    sizeof(((a *)0)->fa) == sizeof(((b *)0)->fb), #a " ~ " #b)
CRYPTO_SAME(PsaSignMessage__Operation, message, PsaSignHash__Operation, hash);
CRYPTO_SAME(PsaSignMessage__Operation, alg, PsaSignHash__Operation, alg);
CRYPTO_SAME(PsaVerifyMessage__Operation, message, PsaVerifyHash__Operation,
    hash);
CRYPTO_SAME(PsaVerifyMessage__Operation, signature, PsaVerifyHash__Operation,
    signature);
CRYPTO_SAME(PsaAsymmetricDecrypt__Operation, ciphertext,
    PsaAsymmetricEncrypt__Operation, plaintext);
CRYPTO_SAME(PsaAsymmetricDecrypt__Operation, salt,
    PsaAsymmetricEncrypt__Operation, salt);
CRYPTO_SAME(PsaCipherDecrypt__Operation, ciphertext,
    PsaCipherEncrypt__Operation, plaintext);
CRYPTO_SAME(PsaAeadDecrypt__Operation, ciphertext, PsaAeadEncrypt__Operation,
    plaintext);
CRYPTO_SAME(PsaAeadDecrypt__Operation, additional_data,
    PsaAeadEncrypt__Operation, additional_data);
CRYPTO_SAME(PsaMacCompute__Operation, input, PsaMacVerify__Operation, input);
CRYPTO_SAME(PsaHashCompute__Operation, input, PsaHashCompare__Operation,
    input);
CRYPTO_SAME(PsaSignHash__Result, signature, PsaGenerateRandom__Result,
    random_bytes);

/* A result with one `bytes` field first after `base`: every output-carrying
 * result here has that shape (`signature`, `ciphertext`, `mac`, ...). */
struct crypto_bytes_result {
	ProtobufCMessage	base;
	ProtobufCBinaryData	bytes;
};

/* Load the key, check the policy for (usage, alg), then that the provider
 * lists this operation for this key type and algorithm. */
static psa_status_t
crypto_key_for(struct crypto_req *cr, uint32_t opcode, const char *key_name,
    psa_key_usage_t usage, psa_algorithm_t alg, struct crypto_key *k)
{
	psa_status_t status;

	if ((status = crypto_key_load(cr, key_name, k)) != PSA_SUCCESS)
		return status;
	if ((status = psa_policy_check(&k->ck_attrs, usage, alg)) !=
	    PSA_SUCCESS ||
	    !prov_supports(cr->cr_pi, opcode, k->ck_attrs.type, alg)) {
		crypto_key_release(k);
		return status != PSA_SUCCESS ? status : PSA_ERROR_NOT_SUPPORTED;
	}
	return PSA_SUCCESS;
}

/* Allocate a bytes-carrying result of `out_size` and point *out at it.
 * out_size 0 means the size helpers know no such combination; callers whose
 * output may legally be empty (ciphers, AEAD) ask for one byte more than
 * they give the provider. */
static psa_status_t
crypto_bytes_new(struct crypto_req *cr, crypto_init_fn init, size_t out_size,
    struct crypto_bytes_result **r, uint8_t **out)
{
	if (out_size == 0)
		return PSA_ERROR_NOT_SUPPORTED;	/* no such combination */
	return crypto_result_new(cr, sizeof(**r), init, out_size, (void **)r,
	    out);
}

static psa_status_t
crypto_bytes_done(psa_status_t status, struct crypto_bytes_result *r,
    uint8_t *out, size_t out_len, ProtobufCMessage **result)
{
	if (status != PSA_SUCCESS) {
		crypto_result_free(r ? &r->base : NULL);
		return status;
	}
	r->bytes.data = out;
	r->bytes.len = out_len;
	*result = &r->base;
	return PSA_SUCCESS;
}

static psa_status_t
crypto_empty_result(struct crypto_req *cr, size_t size, crypto_init_fn init,
    ProtobufCMessage **result)
{
	return crypto_result_new(cr, size, init, 0, (void **)result, NULL);
}

static psa_status_t
crypto_sign(struct crypto_req *cr, bool is_message, ProtobufCMessage **result)
{
	/* PsaSignHash and PsaSignMessage operations: key_name, alg, input. */
	const PsaSignHash__Operation *o = (const void *)cr->cr_op;
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct crypto_bytes_result *r = NULL;
	struct crypto_key k = { 0 };
	psa_algorithm_t alg;
	uint8_t *out = NULL;
	size_t out_size, out_len = 0;
	psa_status_t status;

	if ((is_message ? ops->sign_message : ops->sign_hash) == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (o->alg == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = psa_pb_sign_from_pb(o->alg, &alg)) != PSA_SUCCESS ||
	    (status = crypto_key_for(cr, is_message ?
	    WIRE_OP_PSA_SIGN_MESSAGE : WIRE_OP_PSA_SIGN_HASH, o->key_name,
	    is_message ? PSA_KEY_USAGE_SIGN_MESSAGE : PSA_KEY_USAGE_SIGN_HASH,
	    alg, &k)) !=
	    PSA_SUCCESS)
		return status;
	out_size = psa_sign_output_size(k.ck_attrs.type, k.ck_attrs.bits, alg);
	if ((status = crypto_bytes_new(cr, is_message ?
	    (crypto_init_fn)psa_sign_message__result__init :
	    (crypto_init_fn)psa_sign_hash__result__init, out_size, &r,
	    &out)) == PSA_SUCCESS)
		status = (is_message ? ops->sign_message : ops->sign_hash)(
		    cr->cr_pi->pi_state, &k.ck_pk, alg, o->hash.data,
		    o->hash.len, out, out_size, &out_len);
	crypto_key_release(&k);
	return crypto_bytes_done(status, r, out, out_len, result);
}

static psa_status_t
crypto_verify(struct crypto_req *cr, bool is_message, ProtobufCMessage **result)
{
	/* PsaVerifyHash and PsaVerifyMessage: key_name, alg, input, sig. */
	const PsaVerifyHash__Operation *o = (const void *)cr->cr_op;
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct crypto_key k = { 0 };
	psa_algorithm_t alg;
	psa_status_t status;

	if ((is_message ? ops->verify_message : ops->verify_hash) == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (o->alg == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = psa_pb_sign_from_pb(o->alg, &alg)) != PSA_SUCCESS ||
	    (status = crypto_key_for(cr, is_message ?
	    WIRE_OP_PSA_VERIFY_MESSAGE : WIRE_OP_PSA_VERIFY_HASH, o->key_name,
	    is_message ? PSA_KEY_USAGE_VERIFY_MESSAGE :
	    PSA_KEY_USAGE_VERIFY_HASH, alg, &k)) != PSA_SUCCESS)
		return status;
	status = (is_message ? ops->verify_message : ops->verify_hash)(
	    cr->cr_pi->pi_state, &k.ck_pk, alg, o->hash.data, o->hash.len,
	    o->signature.data, o->signature.len);
	crypto_key_release(&k);
	if (status != PSA_SUCCESS)
		return status;
	return crypto_empty_result(cr, sizeof(PsaVerifyHash__Result),
	    is_message ? (crypto_init_fn)psa_verify_message__result__init :
	    (crypto_init_fn)psa_verify_hash__result__init, result);
}

static psa_status_t
crypto_asym(struct crypto_req *cr, bool is_encrypt, ProtobufCMessage **result)
{
	/* Encrypt and decrypt operations: key_name, alg, input, salt. */
	const PsaAsymmetricEncrypt__Operation *o = (const void *)cr->cr_op;
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct crypto_bytes_result *r = NULL;
	struct crypto_key k = { 0 };
	psa_algorithm_t alg;
	uint8_t *out = NULL;
	size_t out_size, out_len = 0;
	psa_status_t status;

	if ((is_encrypt ? ops->asymmetric_encrypt : ops->asymmetric_decrypt) ==
	    NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (o->alg == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = psa_pb_asym_enc_from_pb(o->alg, &alg)) != PSA_SUCCESS ||
	    (status = crypto_key_for(cr, is_encrypt ?
	    WIRE_OP_PSA_ASYMMETRIC_ENCRYPT : WIRE_OP_PSA_ASYMMETRIC_DECRYPT,
	    o->key_name, is_encrypt ? PSA_KEY_USAGE_ENCRYPT :
	    PSA_KEY_USAGE_DECRYPT, alg, &k)) != PSA_SUCCESS)
		return status;
	out_size = is_encrypt ?
	    psa_asymmetric_encrypt_output_size(k.ck_attrs.type,
	    k.ck_attrs.bits, alg) :
	    psa_asymmetric_decrypt_output_size(k.ck_attrs.type,
	    k.ck_attrs.bits, alg);
	if ((status = crypto_bytes_new(cr, is_encrypt ?
	    (crypto_init_fn)psa_asymmetric_encrypt__result__init :
	    (crypto_init_fn)psa_asymmetric_decrypt__result__init, out_size,
	    &r, &out)) == PSA_SUCCESS)
		status = (is_encrypt ? ops->asymmetric_encrypt :
		    ops->asymmetric_decrypt)(cr->cr_pi->pi_state, &k.ck_pk,
		    alg, o->plaintext.data, o->plaintext.len, o->salt.data,
		    o->salt.len, out, out_size, &out_len);
	crypto_key_release(&k);
	return crypto_bytes_done(status, r, out, out_len, result);
}

static psa_status_t
crypto_agree(struct crypto_req *cr, ProtobufCMessage **result)
{
	const PsaRawKeyAgreement__Operation *o = (const void *)cr->cr_op;
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct crypto_bytes_result *r = NULL;
	struct crypto_key k = { 0 };
	psa_algorithm_t alg;
	uint8_t *out = NULL;
	size_t out_size, out_len = 0;
	psa_status_t status;

	if (ops->raw_key_agreement == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if ((status = psa_pb_ka_raw_from_pb(o->alg, &alg)) != PSA_SUCCESS ||
	    (status = crypto_key_for(cr, WIRE_OP_PSA_RAW_KEY_AGREEMENT,
	    o->private_key_name, PSA_KEY_USAGE_DERIVE, alg, &k)) != PSA_SUCCESS)
		return status;
	out_size = psa_raw_key_agreement_output_size(k.ck_attrs.type,
	    k.ck_attrs.bits);
	if ((status = crypto_bytes_new(cr,
	    (crypto_init_fn)psa_raw_key_agreement__result__init, out_size, &r,
	    &out)) == PSA_SUCCESS)
		status = ops->raw_key_agreement(cr->cr_pi->pi_state, &k.ck_pk,
		    alg, o->peer_key.data, o->peer_key.len, out, out_size,
		    &out_len);
	crypto_key_release(&k);
	return crypto_bytes_done(status, r, out, out_len, result);
}

static psa_status_t
crypto_cipher(struct crypto_req *cr, bool is_encrypt, ProtobufCMessage **result)
{
	/* Cipher encrypt and decrypt: key_name, alg, input. */
	const PsaCipherEncrypt__Operation *o = (const void *)cr->cr_op;
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct crypto_bytes_result *r = NULL;
	struct crypto_key k = { 0 };
	psa_algorithm_t alg;
	uint8_t *out = NULL;
	size_t iv_len, out_size, out_len = 0;
	psa_status_t status;

	if ((is_encrypt ? ops->cipher_encrypt : ops->cipher_decrypt) == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if ((status = psa_pb_cipher_from_pb(o->alg, &alg)) != PSA_SUCCESS ||
	    (status = crypto_key_for(cr, is_encrypt ?
	    WIRE_OP_PSA_CIPHER_ENCRYPT : WIRE_OP_PSA_CIPHER_DECRYPT,
	    o->key_name, is_encrypt ? PSA_KEY_USAGE_ENCRYPT :
	    PSA_KEY_USAGE_DECRYPT, alg, &k)) != PSA_SUCCESS)
		return status;
	/* PSA psa_cipher_encrypt: output is IV || ciphertext; padding adds at
	 * most one block (16 bytes for AES). */
	iv_len = psa_cipher_iv_length(k.ck_attrs.type, alg);
	out_size = is_encrypt ? iv_len + o->plaintext.len + 16 :
	    o->plaintext.len;
	if (out_size < o->plaintext.len)
		status = PSA_ERROR_INVALID_ARGUMENT;
	else if ((status = crypto_bytes_new(cr, is_encrypt ?
	    (crypto_init_fn)psa_cipher_encrypt__result__init :
	    (crypto_init_fn)psa_cipher_decrypt__result__init, out_size + 1,
	    &r, &out)) == PSA_SUCCESS)
		status = (is_encrypt ? ops->cipher_encrypt :
		    ops->cipher_decrypt)(cr->cr_pi->pi_state, &k.ck_pk, alg,
		    o->plaintext.data, o->plaintext.len, out, out_size,
		    &out_len);
	crypto_key_release(&k);
	return crypto_bytes_done(status, r, out, out_len, result);
}

static psa_status_t
crypto_aead(struct crypto_req *cr, bool is_encrypt, ProtobufCMessage **result)
{
	/* AEAD encrypt and decrypt: key_name, alg, nonce, ad, input. */
	const PsaAeadEncrypt__Operation *o = (const void *)cr->cr_op;
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct crypto_bytes_result *r = NULL;
	struct crypto_key k = { 0 };
	psa_algorithm_t alg;
	uint8_t *out = NULL;
	size_t tag_len, out_size, out_len = 0;
	psa_status_t status;

	if ((is_encrypt ? ops->aead_encrypt : ops->aead_decrypt) == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (o->alg == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = psa_pb_aead_from_pb(o->alg, &alg)) != PSA_SUCCESS ||
	    (status = crypto_key_for(cr, is_encrypt ?
	    WIRE_OP_PSA_AEAD_ENCRYPT : WIRE_OP_PSA_AEAD_DECRYPT, o->key_name,
	    is_encrypt ? PSA_KEY_USAGE_ENCRYPT : PSA_KEY_USAGE_DECRYPT, alg,
	    &k)) != PSA_SUCCESS)
		return status;
	tag_len = psa_aead_tag_length(k.ck_attrs.type, k.ck_attrs.bits, alg);
	if (is_encrypt)
		out_size = o->plaintext.len + tag_len;
	else
		out_size = o->plaintext.len >= tag_len ?
		    o->plaintext.len - tag_len : 0;
	if (tag_len == 0 || (!is_encrypt && o->plaintext.len < tag_len))
		status = tag_len == 0 ? PSA_ERROR_NOT_SUPPORTED :
		    PSA_ERROR_INVALID_SIGNATURE;
	else if ((status = crypto_bytes_new(cr, is_encrypt ?
	    (crypto_init_fn)psa_aead_encrypt__result__init :
	    (crypto_init_fn)psa_aead_decrypt__result__init, out_size + 1,
	    &r, &out)) == PSA_SUCCESS)
		status = (is_encrypt ? ops->aead_encrypt : ops->aead_decrypt)(
		    cr->cr_pi->pi_state, &k.ck_pk, alg, o->nonce.data,
		    o->nonce.len, o->additional_data.data,
		    o->additional_data.len, o->plaintext.data,
		    o->plaintext.len, out, out_size, &out_len);
	crypto_key_release(&k);
	return crypto_bytes_done(status, r, out, out_len, result);
}

static psa_status_t
crypto_mac(struct crypto_req *cr, bool is_verify, ProtobufCMessage **result)
{
	/* MAC compute and verify: key_name, alg, input(, mac). */
	const PsaMacVerify__Operation *o = (const void *)cr->cr_op;
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct crypto_bytes_result *r = NULL;
	struct crypto_key k = { 0 };
	psa_algorithm_t alg;
	uint8_t *out = NULL;
	size_t out_size, out_len = 0;
	psa_status_t status;

	if (is_verify ? ops->mac_verify == NULL : ops->mac_compute == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (o->alg == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = psa_pb_mac_from_pb(o->alg, &alg)) != PSA_SUCCESS ||
	    (status = crypto_key_for(cr, is_verify ?
	    WIRE_OP_PSA_MAC_VERIFY : WIRE_OP_PSA_MAC_COMPUTE, o->key_name,
	    is_verify ? PSA_KEY_USAGE_VERIFY_MESSAGE :
	    PSA_KEY_USAGE_SIGN_MESSAGE, alg, &k)) != PSA_SUCCESS)
		return status;
	if (is_verify) {
		status = ops->mac_verify(cr->cr_pi->pi_state, &k.ck_pk, alg,
		    o->input.data, o->input.len, o->mac.data, o->mac.len);
		crypto_key_release(&k);
		if (status != PSA_SUCCESS)
			return status;
		return crypto_empty_result(cr, sizeof(PsaMacVerify__Result),
		    (crypto_init_fn)psa_mac_verify__result__init, result);
	}
	out_size = psa_mac_length(k.ck_attrs.type, k.ck_attrs.bits, alg);
	if ((status = crypto_bytes_new(cr,
	    (crypto_init_fn)psa_mac_compute__result__init, out_size, &r,
	    &out)) == PSA_SUCCESS)
		status = ops->mac_compute(cr->cr_pi->pi_state, &k.ck_pk, alg,
		    o->input.data, o->input.len, out, out_size, &out_len);
	crypto_key_release(&k);
	return crypto_bytes_done(status, r, out, out_len, result);
}

static psa_status_t
crypto_hash(struct crypto_req *cr, bool is_compare, ProtobufCMessage **result)
{
	const PsaHashCompare__Operation *o = (const void *)cr->cr_op;
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct crypto_bytes_result *r = NULL;
	psa_algorithm_t alg;
	uint8_t *out = NULL;
	size_t out_len = 0;
	psa_status_t status;

	if (is_compare ? ops->hash_compare == NULL : ops->hash_compute == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if ((status = psa_pb_hash_from_pb(o->alg, &alg)) != PSA_SUCCESS)
		return status;
	if (!prov_supports(cr->cr_pi, is_compare ? WIRE_OP_PSA_HASH_COMPARE :
	    WIRE_OP_PSA_HASH_COMPUTE, 0, alg))
		return PSA_ERROR_NOT_SUPPORTED;
	if (is_compare) {
		if ((status = ops->hash_compare(cr->cr_pi->pi_state, alg,
		    o->input.data, o->input.len, o->hash.data, o->hash.len)) !=
		    PSA_SUCCESS)
			return status;
		return crypto_empty_result(cr, sizeof(PsaHashCompare__Result),
		    (crypto_init_fn)psa_hash_compare__result__init, result);
	}
	if ((status = crypto_bytes_new(cr,
	    (crypto_init_fn)psa_hash_compute__result__init,
	    psa_hash_length(alg), &r, &out)) == PSA_SUCCESS)
		status = ops->hash_compute(cr->cr_pi->pi_state, alg,
		    o->input.data, o->input.len, out, psa_hash_length(alg),
		    &out_len);
	return crypto_bytes_done(status, r, out, out_len, result);
}

static psa_status_t
crypto_random(struct crypto_req *cr, ProtobufCMessage **result)
{
	const PsaGenerateRandom__Operation *o = (const void *)cr->cr_op;
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct crypto_bytes_result *r = NULL;
	uint8_t *out = NULL;
	psa_status_t status;

	if (ops->generate_random == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	/* The client asks for this much memory: bounded by
	 * buffer_size_limit in crypto_result_new(). */
	if (o->size > cr->cr_buffer_size_limit)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	if (o->size == 0)
		return crypto_bytes_done(crypto_result_new(cr, sizeof(*r),
		    (crypto_init_fn)psa_generate_random__result__init, 0,
		    (void **)&r, NULL), r, NULL, 0, result);
	if ((status = crypto_bytes_new(cr,
	    (crypto_init_fn)psa_generate_random__result__init,
	    (size_t)o->size, &r, &out)) == PSA_SUCCESS)
		status = ops->generate_random(cr->cr_pi->pi_state, out,
		    (size_t)o->size);
	return crypto_bytes_done(status, r, out, (size_t)o->size, result);
}

/* CanDoCrypto: answered from the capability table and the PSA model alone,
 * so it never claims what the provider would refuse. */
static psa_status_t
crypto_can_do(struct crypto_req *cr, ProtobufCMessage **result)
{
	const CanDoCrypto__Operation *o = (const void *)cr->cr_op;
	struct psa_key_attrs a;
	uint32_t opcode;
	psa_status_t status;

	if (o->attributes == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = psa_pb_attrs_from_pb(o->attributes, &a)) != PSA_SUCCESS)
		return status;
	switch (o->check_type) {
	case CAN_DO_CRYPTO__CHECK_TYPE__GENERATE:
		opcode = WIRE_OP_PSA_GENERATE_KEY;
		status = psa_attrs_validate_new(&a, cr->cr_allow_deprecated);
		break;
	case CAN_DO_CRYPTO__CHECK_TYPE__IMPORT:
		opcode = WIRE_OP_PSA_IMPORT_KEY;
		status = psa_attrs_validate_import(&a,
		    cr->cr_allow_deprecated);
		break;
	case CAN_DO_CRYPTO__CHECK_TYPE__USE:
		/* A key of this type exists here only if it can be made here:
		 * generated, or else imported. */
		opcode = prov_supports(cr->cr_pi, WIRE_OP_PSA_GENERATE_KEY,
		    a.type, 0) ? WIRE_OP_PSA_GENERATE_KEY :
		    WIRE_OP_PSA_IMPORT_KEY;
		status = psa_attrs_validate_import(&a,
		    cr->cr_allow_deprecated);
		break;
	case CAN_DO_CRYPTO__CHECK_TYPE__DERIVE:
		return PSA_ERROR_NOT_SUPPORTED;	/* no key derivation yet */
	default:
		return PSA_ERROR_INVALID_ARGUMENT;
	}
	if (status != PSA_SUCCESS)
		return status;
	if (!prov_supports(cr->cr_pi, opcode, a.type, 0))
		return PSA_ERROR_NOT_SUPPORTED;
	/* The policy algorithm must be one some operation that uses a key
	 * with an algorithm offers. Key management lines (destroy, export)
	 * carry algorithm 0, "any": counting them would say yes to every
	 * algorithm. */
	if (a.alg != 0) {
		static const uint32_t alg_ops[] = {
			WIRE_OP_PSA_SIGN_HASH, WIRE_OP_PSA_VERIFY_HASH,
			WIRE_OP_PSA_SIGN_MESSAGE, WIRE_OP_PSA_VERIFY_MESSAGE,
			WIRE_OP_PSA_ASYMMETRIC_ENCRYPT,
			WIRE_OP_PSA_ASYMMETRIC_DECRYPT,
			WIRE_OP_PSA_AEAD_ENCRYPT, WIRE_OP_PSA_AEAD_DECRYPT,
			WIRE_OP_PSA_RAW_KEY_AGREEMENT,
			WIRE_OP_PSA_CIPHER_ENCRYPT, WIRE_OP_PSA_CIPHER_DECRYPT,
			WIRE_OP_PSA_MAC_COMPUTE, WIRE_OP_PSA_MAC_VERIFY,
		};
		bool is_offered = false;

		for (size_t i = 0; i < sizeof(alg_ops) / sizeof(*alg_ops) &&
		    !is_offered; i++)
			is_offered = prov_supports(cr->cr_pi, alg_ops[i],
			    a.type, a.alg);
		if (!is_offered)
			return PSA_ERROR_NOT_SUPPORTED;
	}
	return crypto_empty_result(cr, sizeof(CanDoCrypto__Result),
	    (crypto_init_fn)can_do_crypto__result__init, result);
}

psa_status_t
crypto_ops_handle(struct crypto_req *cr, uint32_t opcode,
    ProtobufCMessage **result)
{
	switch (opcode) {
	case WIRE_OP_PSA_SIGN_HASH:
		return crypto_sign(cr, false, result);
	case WIRE_OP_PSA_SIGN_MESSAGE:
		return crypto_sign(cr, true, result);
	case WIRE_OP_PSA_VERIFY_HASH:
		return crypto_verify(cr, false, result);
	case WIRE_OP_PSA_VERIFY_MESSAGE:
		return crypto_verify(cr, true, result);
	case WIRE_OP_PSA_ASYMMETRIC_ENCRYPT:
		return crypto_asym(cr, true, result);
	case WIRE_OP_PSA_ASYMMETRIC_DECRYPT:
		return crypto_asym(cr, false, result);
	case WIRE_OP_PSA_RAW_KEY_AGREEMENT:
		return crypto_agree(cr, result);
	case WIRE_OP_PSA_CIPHER_ENCRYPT:
		return crypto_cipher(cr, true, result);
	case WIRE_OP_PSA_CIPHER_DECRYPT:
		return crypto_cipher(cr, false, result);
	case WIRE_OP_PSA_AEAD_ENCRYPT:
		return crypto_aead(cr, true, result);
	case WIRE_OP_PSA_AEAD_DECRYPT:
		return crypto_aead(cr, false, result);
	case WIRE_OP_PSA_MAC_COMPUTE:
		return crypto_mac(cr, false, result);
	case WIRE_OP_PSA_MAC_VERIFY:
		return crypto_mac(cr, true, result);
	case WIRE_OP_PSA_HASH_COMPUTE:
		return crypto_hash(cr, false, result);
	case WIRE_OP_PSA_HASH_COMPARE:
		return crypto_hash(cr, true, result);
	case WIRE_OP_PSA_GENERATE_RANDOM:
		return crypto_random(cr, result);
	case WIRE_OP_CAN_DO_CRYPTO:
		return crypto_can_do(cr, result);
	case WIRE_OP_PREPARE_KEY_ATTESTATION:
	case WIRE_OP_ATTEST_KEY:
		return crypto_attest_handle(cr, opcode, result);
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
}
