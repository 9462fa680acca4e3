/* client/crypto_ops.c: operations with a key (sign and verify hashes and
 * messages, asymmetric encryption and decryption) and without (random
 * bytes, hashes). */
#include <string.h>

#include <arcsec/crypto.h>

#include "client/client.h"
#include "psa/sizes.h"
#include "psa/types.h"
#include "wire/opcodes.h"

#include "psa_asymmetric_decrypt.pb-c.h"
#include "psa_asymmetric_encrypt.pb-c.h"
#include "psa_generate_random.pb-c.h"
#include "psa_hash_compute.pb-c.h"
#include "psa_sign_hash.pb-c.h"
#include "psa_sign_message.pb-c.h"
#include "psa_verify_hash.pb-c.h"
#include "psa_verify_message.pb-c.h"

/* protobuf-c's bytes fields are not const; packing only reads them. */
static ProtobufCBinaryData
client_bin(const uint8_t *p, size_t len)
{
	ProtobufCBinaryData b = { .len = len, .data = (uint8_t *)p };

	return b;
}

/* PsaSignHash and PsaSignMessage: the same fields under two opcodes. */
static arcsec_status_t
client_sign(struct arcsec_client *c, uint32_t opcode, const char *key_name,
    arcsec_alg_t alg, const uint8_t *in, size_t in_len, uint8_t *sig,
    size_t sig_size, size_t *sig_len)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PsaSignHash__Operation op_hash = PSA_SIGN_HASH__OPERATION__INIT;
	PsaSignMessage__Operation op_msg = PSA_SIGN_MESSAGE__OPERATION__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature *pb_alg;
	struct psa_pb_pb_alg arena;
	ProtobufCMessage *msg = NULL;
	const ProtobufCBinaryData *out = NULL;
	uint8_t provider;

	if (!client_output_ok(sig, sig_size, sig_len) || c == NULL ||
	    !client_input_ok(in, in_len))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_key_call_start(c, key_name, &provider)) !=
	    ARCSEC_SUCCESS ||
	    (status = client_sign_alg_to_pb(c, alg, &arena, &pb_alg)) !=
	    ARCSEC_SUCCESS)
		goto out;
	if (opcode == WIRE_OP_PSA_SIGN_HASH) {
		op_hash.key_name = (char *)key_name;
		op_hash.alg = pb_alg;
		op_hash.hash = client_bin(in, in_len);
		status = client_call(c, opcode, provider, &op_hash.base,
		    &psa_sign_hash__result__descriptor, &msg);
		if (status == ARCSEC_SUCCESS)
			out = &((PsaSignHash__Result *)msg)->signature;
	} else {
		op_msg.key_name = (char *)key_name;
		op_msg.alg = pb_alg;
		op_msg.message = client_bin(in, in_len);
		status = client_call(c, opcode, provider, &op_msg.base,
		    &psa_sign_message__result__descriptor, &msg);
		if (status == ARCSEC_SUCCESS)
			out = &((PsaSignMessage__Result *)msg)->signature;
	}
	if (status != ARCSEC_SUCCESS)
		goto out;
	status = client_bytes_out(c, out, false, "signature", sig, sig_size,
	    sig_len);
out:
	if (status != ARCSEC_SUCCESS && sig_size > 0)
		explicit_bzero(sig, sig_size);
	client_result_free(msg);
	return status;
}

static arcsec_status_t
client_verify(struct arcsec_client *c, uint32_t opcode, const char *key_name,
    arcsec_alg_t alg, const uint8_t *in, size_t in_len, const uint8_t *sig,
    size_t sig_len)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PsaVerifyHash__Operation op_hash = PSA_VERIFY_HASH__OPERATION__INIT;
	PsaVerifyMessage__Operation op_msg =
	    PSA_VERIFY_MESSAGE__OPERATION__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature *pb_alg;
	struct psa_pb_pb_alg arena;
	ProtobufCMessage *msg = NULL;
	uint8_t provider;

	if (c == NULL || !client_input_ok(in, in_len) ||
	    !client_input_ok(sig, sig_len))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_key_call_start(c, key_name, &provider)) !=
	    ARCSEC_SUCCESS ||
	    (status = client_sign_alg_to_pb(c, alg, &arena, &pb_alg)) !=
	    ARCSEC_SUCCESS)
		goto out;
	if (opcode == WIRE_OP_PSA_VERIFY_HASH) {
		op_hash.key_name = (char *)key_name;
		op_hash.alg = pb_alg;
		op_hash.hash = client_bin(in, in_len);
		op_hash.signature = client_bin(sig, sig_len);
		status = client_call(c, opcode, provider, &op_hash.base,
		    &psa_verify_hash__result__descriptor, &msg);
	} else {
		op_msg.key_name = (char *)key_name;
		op_msg.alg = pb_alg;
		op_msg.message = client_bin(in, in_len);
		op_msg.signature = client_bin(sig, sig_len);
		status = client_call(c, opcode, provider, &op_msg.base,
		    &psa_verify_message__result__descriptor, &msg);
	}
out:
	client_result_free(msg);
	return status;
}

arcsec_status_t
arcsec_sign_hash(struct arcsec_client *c, const char *key_name,
    arcsec_alg_t alg, const uint8_t *hash, size_t hash_len, uint8_t *sig,
    size_t sig_size, size_t *sig_len)
{
	return client_sign(c, WIRE_OP_PSA_SIGN_HASH, key_name, alg, hash,
	    hash_len, sig, sig_size, sig_len);
}

arcsec_status_t
arcsec_verify_hash(struct arcsec_client *c, const char *key_name,
    arcsec_alg_t alg, const uint8_t *hash, size_t hash_len,
    const uint8_t *sig, size_t sig_len)
{
	return client_verify(c, WIRE_OP_PSA_VERIFY_HASH, key_name, alg, hash,
	    hash_len, sig, sig_len);
}

arcsec_status_t
arcsec_sign_message(struct arcsec_client *c, const char *key_name,
    arcsec_alg_t alg, const uint8_t *msg, size_t msg_len, uint8_t *sig,
    size_t sig_size, size_t *sig_len)
{
	return client_sign(c, WIRE_OP_PSA_SIGN_MESSAGE, key_name, alg, msg,
	    msg_len, sig, sig_size, sig_len);
}

arcsec_status_t
arcsec_verify_message(struct arcsec_client *c, const char *key_name,
    arcsec_alg_t alg, const uint8_t *msg, size_t msg_len,
    const uint8_t *sig, size_t sig_len)
{
	return client_verify(c, WIRE_OP_PSA_VERIFY_MESSAGE, key_name, alg, msg,
	    msg_len, sig, sig_len);
}

/* PsaAsymmetricEncrypt and PsaAsymmetricDecrypt: the same fields under two
 * opcodes and two names. */
static arcsec_status_t
client_asym(struct arcsec_client *c, uint32_t opcode, const char *key_name,
    arcsec_alg_t alg, const uint8_t *in, size_t in_len, const uint8_t *salt,
    size_t salt_len, uint8_t *out, size_t out_size, size_t *out_len)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PsaAsymmetricEncrypt__Operation op_enc =
	    PSA_ASYMMETRIC_ENCRYPT__OPERATION__INIT;
	PsaAsymmetricDecrypt__Operation op_dec =
	    PSA_ASYMMETRIC_DECRYPT__OPERATION__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption *pb_alg;
	struct psa_pb_pb_alg arena;
	ProtobufCMessage *msg = NULL;
	uint8_t provider;

	if (!client_output_ok(out, out_size, out_len) || c == NULL ||
	    !client_input_ok(in, in_len) || !client_input_ok(salt, salt_len))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_key_call_start(c, key_name, &provider)) !=
	    ARCSEC_SUCCESS ||
	    (status = client_asym_enc_alg_to_pb(c, alg, &arena, &pb_alg)) !=
	    ARCSEC_SUCCESS)
		goto out;
	if (opcode == WIRE_OP_PSA_ASYMMETRIC_ENCRYPT) {
		op_enc.key_name = (char *)key_name;
		op_enc.alg = pb_alg;
		op_enc.plaintext = client_bin(in, in_len);
		op_enc.salt = client_bin(salt, salt_len);
		if ((status = client_call(c, opcode, provider, &op_enc.base,
		    &psa_asymmetric_encrypt__result__descriptor, &msg)) !=
		    ARCSEC_SUCCESS)
			goto out;
		status = client_bytes_out(c,
		    &((PsaAsymmetricEncrypt__Result *)msg)->ciphertext, false,
		    "ciphertext", out, out_size, out_len);
	} else {
		op_dec.key_name = (char *)key_name;
		op_dec.alg = pb_alg;
		op_dec.ciphertext = client_bin(in, in_len);
		op_dec.salt = client_bin(salt, salt_len);
		if ((status = client_call(c, opcode, provider, &op_dec.base,
		    &psa_asymmetric_decrypt__result__descriptor, &msg)) !=
		    ARCSEC_SUCCESS)
			goto out;
		/* An empty message encrypts and decrypts fine. */
		status = client_bytes_out(c,
		    &((PsaAsymmetricDecrypt__Result *)msg)->plaintext, true,
		    "plaintext", out, out_size, out_len);
	}
out:
	if (status != ARCSEC_SUCCESS && out_size > 0)
		explicit_bzero(out, out_size);
	client_result_free(msg);	/* wipes a plaintext it held */
	return status;
}

arcsec_status_t
arcsec_asymmetric_encrypt(struct arcsec_client *c, const char *key_name,
    arcsec_alg_t alg, const uint8_t *input, size_t input_len,
    const uint8_t *salt, size_t salt_len, uint8_t *output,
    size_t output_size, size_t *output_len)
{
	return client_asym(c, WIRE_OP_PSA_ASYMMETRIC_ENCRYPT, key_name, alg,
	    input, input_len, salt, salt_len, output, output_size,
	    output_len);
}

arcsec_status_t
arcsec_asymmetric_decrypt(struct arcsec_client *c, const char *key_name,
    arcsec_alg_t alg, const uint8_t *input, size_t input_len,
    const uint8_t *salt, size_t salt_len, uint8_t *output,
    size_t output_size, size_t *output_len)
{
	return client_asym(c, WIRE_OP_PSA_ASYMMETRIC_DECRYPT, key_name, alg,
	    input, input_len, salt, salt_len, output, output_size,
	    output_len);
}

arcsec_status_t
arcsec_generate_random(struct arcsec_client *c, uint8_t *output,
    size_t output_size)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PsaGenerateRandom__Operation op = PSA_GENERATE_RANDOM__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;
	const ProtobufCBinaryData *rnd;
	uint8_t provider;

	if (c == NULL || (output == NULL && output_size > 0))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	c->cl_errmsg[0] = '\0';
	if ((status = arcsec_client_provider(c, &provider)) != ARCSEC_SUCCESS)
		goto out;
	op.size = output_size;
	if ((status = client_call(c, WIRE_OP_PSA_GENERATE_RANDOM, provider,
	    &op.base, &psa_generate_random__result__descriptor, &msg)) !=
	    ARCSEC_SUCCESS)
		goto out;
	rnd = &((PsaGenerateRandom__Result *)msg)->random_bytes;
	/* Fewer bytes than asked for would leave part of the caller's buffer
	 * looking random when it is not. */
	if (rnd->len != output_size) {
		status = client_bad_result(c, "GenerateRandom answered another "
		    "number of bytes than asked for");
		goto out;
	}
	if (output_size > 0)
		memcpy(output, rnd->data, output_size);
	status = ARCSEC_SUCCESS;
out:
	if (status != ARCSEC_SUCCESS && output_size > 0)
		explicit_bzero(output, output_size);
	client_result_free(msg);
	return status;
}

arcsec_status_t
arcsec_hash_compute(struct arcsec_client *c, arcsec_alg_t alg,
    const uint8_t *input, size_t input_len, uint8_t *hash, size_t hash_size,
    size_t *hash_len)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PsaHashCompute__Operation op = PSA_HASH_COMPUTE__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;
	const ProtobufCBinaryData *digest;
	uint8_t provider;
	size_t need;

	if (!client_output_ok(hash, hash_size, hash_len) || c == NULL ||
	    !client_input_ok(input, input_len))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	c->cl_errmsg[0] = '\0';
	if ((status = client_hash_to_pb(c, alg, &op.alg)) != ARCSEC_SUCCESS)
		goto out;
	/* The one output whose size is known before asking: no round trip
	 * for a buffer that cannot hold the answer. */
	if ((need = psa_hash_length(alg)) == 0 || hash_size < need) {
		status = need == 0 ? ARCSEC_ERR_UNSUPPORTED :
		    ARCSEC_ERR_BUFFER_TOO_SMALL;
		client_set_error(c, "a digest of this hash is %zu bytes, the "
		    "buffer %zu", need, hash_size);
		goto out;
	}
	if ((status = arcsec_client_provider(c, &provider)) != ARCSEC_SUCCESS)
		goto out;
	op.input = client_bin(input, input_len);
	if ((status = client_call(c, WIRE_OP_PSA_HASH_COMPUTE, provider,
	    &op.base, &psa_hash_compute__result__descriptor, &msg)) !=
	    ARCSEC_SUCCESS)
		goto out;
	digest = &((PsaHashCompute__Result *)msg)->hash;
	if (digest->len != need) {
		status = client_bad_result(c, "HashCompute answered a digest "
		    "of the wrong length");
		goto out;
	}
	status = client_bytes_out(c, digest, false, "hash", hash, hash_size,
	    hash_len);
out:
	if (status != ARCSEC_SUCCESS && hash_size > 0)
		explicit_bzero(hash, hash_size);
	client_result_free(msg);
	return status;
}
