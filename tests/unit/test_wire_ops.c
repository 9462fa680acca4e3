/* tests/unit/test_wire_ops.c: one round trip per operation, every variant
 * of the shared oneofs, and the operation table (wire/ops.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wire_ops_util.h"

/* --- one round trip per operation --------------------------------------- */

static void
test_op_ping(void **state)
{
	Ping__Operation op = PING__OPERATION__INIT;
	Ping__Result res = PING__RESULT__INIT;

	(void)state;
	res.wire_protocol_version_maj = 1;
	res.wire_protocol_version_min = 2;
	roundtrip_pair(WIRE_OP_PING, &op.base, &res.base);
}

static void
test_op_psa_generate_key(void **state)
{
	PsaGenerateKey__Operation op = PSA_GENERATE_KEY__OPERATION__INIT;
	PsaGenerateKey__Result res = PSA_GENERATE_KEY__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("gen-key");
	op.attributes = fx_attrs(&fx);
	roundtrip_pair(WIRE_OP_PSA_GENERATE_KEY, &op.base, &res.base);
}

static void
test_op_psa_destroy_key(void **state)
{
	PsaDestroyKey__Operation op = PSA_DESTROY_KEY__OPERATION__INIT;
	PsaDestroyKey__Result res = PSA_DESTROY_KEY__RESULT__INIT;

	(void)state;
	op.key_name = STR("old-key");
	roundtrip_pair(WIRE_OP_PSA_DESTROY_KEY, &op.base, &res.base);
}

static void
test_op_psa_sign_hash(void **state)
{
	PsaSignHash__Operation op = PSA_SIGN_HASH__OPERATION__INIT;
	PsaSignHash__Result res = PSA_SIGN_HASH__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("signer");
	op.alg = fx_sig(&fx);
	op.hash = BIN("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c");
	res.signature = BIN("\x30\x44\x02\x20\x00\xff");
	roundtrip_pair(WIRE_OP_PSA_SIGN_HASH, &op.base, &res.base);
}

static void
test_op_psa_verify_hash(void **state)
{
	PsaVerifyHash__Operation op = PSA_VERIFY_HASH__OPERATION__INIT;
	PsaVerifyHash__Result res = PSA_VERIFY_HASH__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("verifier");
	op.alg = fx_sig(&fx);
	op.hash = BIN("\xaa\xbb");
	op.signature = BIN("\x30\x06\x02\x01\x01\x02\x01\x01");
	roundtrip_pair(WIRE_OP_PSA_VERIFY_HASH, &op.base, &res.base);
}

static void
test_op_psa_import_key(void **state)
{
	PsaImportKey__Operation op = PSA_IMPORT_KEY__OPERATION__INIT;
	PsaImportKey__Result res = PSA_IMPORT_KEY__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("imported");
	op.attributes = fx_attrs(&fx);
	op.data = BIN("\x04\x11\x22\x33\x00\x44");
	roundtrip_pair(WIRE_OP_PSA_IMPORT_KEY, &op.base, &res.base);
}

static void
test_op_psa_export_public_key(void **state)
{
	PsaExportPublicKey__Operation op =
	    PSA_EXPORT_PUBLIC_KEY__OPERATION__INIT;
	PsaExportPublicKey__Result res = PSA_EXPORT_PUBLIC_KEY__RESULT__INIT;

	(void)state;
	op.key_name = STR("pub");
	res.data = BIN("\x04\x01\x02\x03");
	roundtrip_pair(WIRE_OP_PSA_EXPORT_PUBLIC_KEY, &op.base, &res.base);
}

static void
test_op_list_providers(void **state)
{
	ListProviders__Operation op = LIST_PROVIDERS__OPERATION__INIT;
	ListProviders__Result res = LIST_PROVIDERS__RESULT__INIT;
	ListProviders__ProviderInfo p[2] = {
		LIST_PROVIDERS__PROVIDER_INFO__INIT,
		LIST_PROVIDERS__PROVIDER_INFO__INIT,
	};
	ListProviders__ProviderInfo *pv[2] = { &p[0], &p[1] };
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		p[i].uuid = STR("1c1139dc-ad7c-47dc-ad6b-db6fdb466552");
		p[i].description = STR("TPM provider");
		p[i].vendor = STR("arcsec");
		p[i].version_maj = 1;
		p[i].version_min = 2;
		p[i].version_rev = 3;
		p[i].id = 3 - i;
	}
	res.n_providers = 2;
	res.providers = pv;
	roundtrip_pair(WIRE_OP_LIST_PROVIDERS, &op.base, &res.base);
}

static void
test_op_list_opcodes(void **state)
{
	ListOpcodes__Operation op = LIST_OPCODES__OPERATION__INIT;
	ListOpcodes__Result res = LIST_OPCODES__RESULT__INIT;
	uint32_t codes[] = { 1, 2, 0x20, 300 };

	(void)state;
	op.provider_id = 3;
	res.n_opcodes = 4;
	res.opcodes = codes;
	roundtrip_pair(WIRE_OP_LIST_OPCODES, &op.base, &res.base);
}

static void
test_op_psa_asymmetric_encrypt(void **state)
{
	PsaAsymmetricEncrypt__Operation op =
	    PSA_ASYMMETRIC_ENCRYPT__OPERATION__INIT;
	PsaAsymmetricEncrypt__Result res = PSA_ASYMMETRIC_ENCRYPT__RESULT__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption__RsaOaep oaep =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__RSA_OAEP__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption enc =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__INIT;

	(void)state;
	oaep.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	enc.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_OAEP;
	enc.rsa_oaep = &oaep;
	op.key_name = STR("rsa");
	op.alg = &enc;
	op.plaintext = BIN("secret");
	op.salt = BIN("label");
	res.ciphertext = BIN("\x9a\x8b\x7c");
	roundtrip_pair(WIRE_OP_PSA_ASYMMETRIC_ENCRYPT, &op.base, &res.base);
}

static void
test_op_psa_asymmetric_decrypt(void **state)
{
	PsaAsymmetricDecrypt__Operation op =
	    PSA_ASYMMETRIC_DECRYPT__OPERATION__INIT;
	PsaAsymmetricDecrypt__Result res = PSA_ASYMMETRIC_DECRYPT__RESULT__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption__RsaOaep oaep =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__RSA_OAEP__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption enc =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__INIT;

	(void)state;
	oaep.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_384;
	enc.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_OAEP;
	enc.rsa_oaep = &oaep;
	op.key_name = STR("rsa");
	op.alg = &enc;
	op.ciphertext = BIN("\x9a\x8b\x7c");
	op.salt = BIN("label");
	res.plaintext = BIN("secret");
	roundtrip_pair(WIRE_OP_PSA_ASYMMETRIC_DECRYPT, &op.base, &res.base);
}

static void
test_op_psa_export_key(void **state)
{
	PsaExportKey__Operation op = PSA_EXPORT_KEY__OPERATION__INIT;
	PsaExportKey__Result res = PSA_EXPORT_KEY__RESULT__INIT;

	(void)state;
	op.key_name = STR("exportable");
	res.data = BIN("\x00\x01\x02\xfe\xff");
	roundtrip_pair(WIRE_OP_PSA_EXPORT_KEY, &op.base, &res.base);
}

static void
test_op_psa_generate_random(void **state)
{
	PsaGenerateRandom__Operation op = PSA_GENERATE_RANDOM__OPERATION__INIT;
	PsaGenerateRandom__Result res = PSA_GENERATE_RANDOM__RESULT__INIT;

	(void)state;
	op.size = UINT64_C(0x100000001);	/* wider than 32 bits */
	res.random_bytes = BIN("\x13\x37\x00\x42");
	roundtrip_pair(WIRE_OP_PSA_GENERATE_RANDOM, &op.base, &res.base);
}

static void
test_op_list_authenticators(void **state)
{
	ListAuthenticators__Operation op = LIST_AUTHENTICATORS__OPERATION__INIT;
	ListAuthenticators__Result res = LIST_AUTHENTICATORS__RESULT__INIT;
	ListAuthenticators__AuthenticatorInfo a =
	    LIST_AUTHENTICATORS__AUTHENTICATOR_INFO__INIT;
	ListAuthenticators__AuthenticatorInfo *av[1] = { &a };

	(void)state;
	a.description = STR("Unix peer credentials");
	a.version_maj = 1;
	a.version_min = 2;
	a.version_rev = 3;
	a.id = 3;
	res.n_authenticators = 1;
	res.authenticators = av;
	roundtrip_pair(WIRE_OP_LIST_AUTHENTICATORS, &op.base, &res.base);
}

static void
test_op_psa_hash_compute(void **state)
{
	PsaHashCompute__Operation op = PSA_HASH_COMPUTE__OPERATION__INIT;
	PsaHashCompute__Result res = PSA_HASH_COMPUTE__RESULT__INIT;

	(void)state;
	op.alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA3_512;
	op.input = BIN("abc");
	res.hash = BIN("\xba\x78\x16\xbf");
	roundtrip_pair(WIRE_OP_PSA_HASH_COMPUTE, &op.base, &res.base);
}

static void
test_op_psa_hash_compare(void **state)
{
	PsaHashCompare__Operation op = PSA_HASH_COMPARE__OPERATION__INIT;
	PsaHashCompare__Result res = PSA_HASH_COMPARE__RESULT__INIT;

	(void)state;
	op.alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	op.input = BIN("abc");
	op.hash = BIN("\xba\x78\x16\xbf");
	roundtrip_pair(WIRE_OP_PSA_HASH_COMPARE, &op.base, &res.base);
}

struct fx_aead {
	PsaAlgorithm__Algorithm__Aead__AeadWithShortenedTag	 shortened;
	PsaAlgorithm__Algorithm__Aead				 aead;
};

static PsaAlgorithm__Algorithm__Aead *
fx_aead(struct fx_aead *f)
{
	f->shortened = (PsaAlgorithm__Algorithm__Aead__AeadWithShortenedTag)
	    PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_SHORTENED_TAG__INIT;
	f->shortened.aead_alg =
	    PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CCM;
	f->shortened.tag_length = 8;
	f->aead = (PsaAlgorithm__Algorithm__Aead)
	    PSA_ALGORITHM__ALGORITHM__AEAD__INIT;
	f->aead.variant_case =
	    PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_SHORTENED_TAG;
	f->aead.aead_with_shortened_tag = &f->shortened;
	return &f->aead;
}

static void
test_op_psa_aead_encrypt(void **state)
{
	PsaAeadEncrypt__Operation op = PSA_AEAD_ENCRYPT__OPERATION__INIT;
	PsaAeadEncrypt__Result res = PSA_AEAD_ENCRYPT__RESULT__INIT;
	struct fx_aead fx;

	(void)state;
	op.key_name = STR("aes");
	op.alg = fx_aead(&fx);
	op.nonce = BIN("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b");
	op.additional_data = BIN("header");
	op.plaintext = BIN("payload");
	res.ciphertext = BIN("\xc1\xc2\xc3\x7a\x7b");
	roundtrip_pair(WIRE_OP_PSA_AEAD_ENCRYPT, &op.base, &res.base);
}

static void
test_op_psa_aead_decrypt(void **state)
{
	PsaAeadDecrypt__Operation op = PSA_AEAD_DECRYPT__OPERATION__INIT;
	PsaAeadDecrypt__Result res = PSA_AEAD_DECRYPT__RESULT__INIT;
	struct fx_aead fx;

	(void)state;
	op.key_name = STR("aes");
	op.alg = fx_aead(&fx);
	op.nonce = BIN("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b");
	op.additional_data = BIN("header");
	op.ciphertext = BIN("\xc1\xc2\xc3\x7a\x7b");
	res.plaintext = BIN("payload");
	roundtrip_pair(WIRE_OP_PSA_AEAD_DECRYPT, &op.base, &res.base);
}

static void
test_op_psa_raw_key_agreement(void **state)
{
	PsaRawKeyAgreement__Operation op =
	    PSA_RAW_KEY_AGREEMENT__OPERATION__INIT;
	PsaRawKeyAgreement__Result res = PSA_RAW_KEY_AGREEMENT__RESULT__INIT;

	(void)state;
	op.alg = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__ECDH;
	op.private_key_name = STR("ecdh");
	op.peer_key = BIN("\x04\xaa\xbb");
	res.shared_secret = BIN("\x5e\xc2\xe7");
	roundtrip_pair(WIRE_OP_PSA_RAW_KEY_AGREEMENT, &op.base, &res.base);
}

static void
test_op_psa_cipher_encrypt(void **state)
{
	PsaCipherEncrypt__Operation op = PSA_CIPHER_ENCRYPT__OPERATION__INIT;
	PsaCipherEncrypt__Result res = PSA_CIPHER_ENCRYPT__RESULT__INIT;

	(void)state;
	op.key_name = STR("aes");
	op.alg = PSA_ALGORITHM__ALGORITHM__CIPHER__CBC_PKCS7;
	op.plaintext = BIN("plain");
	res.ciphertext = BIN("\x01\x02\x03");
	roundtrip_pair(WIRE_OP_PSA_CIPHER_ENCRYPT, &op.base, &res.base);
}

static void
test_op_psa_cipher_decrypt(void **state)
{
	PsaCipherDecrypt__Operation op = PSA_CIPHER_DECRYPT__OPERATION__INIT;
	PsaCipherDecrypt__Result res = PSA_CIPHER_DECRYPT__RESULT__INIT;

	(void)state;
	op.key_name = STR("aes");
	op.alg = PSA_ALGORITHM__ALGORITHM__CIPHER__CTR;
	op.ciphertext = BIN("\x01\x02\x03");
	res.plaintext = BIN("plain");
	roundtrip_pair(WIRE_OP_PSA_CIPHER_DECRYPT, &op.base, &res.base);
}

struct fx_mac {
	PsaAlgorithm__Algorithm__Mac__FullLength__Hmac	 hmac;
	PsaAlgorithm__Algorithm__Mac__FullLength	 full;
	PsaAlgorithm__Algorithm__Mac__Truncated		 trunc;
	PsaAlgorithm__Algorithm__Mac			 mac;
};

/* HMAC-SHA-256 truncated to 16 bytes: every level of Mac is populated. */
static PsaAlgorithm__Algorithm__Mac *
fx_mac(struct fx_mac *f)
{
	f->hmac = (PsaAlgorithm__Algorithm__Mac__FullLength__Hmac)
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__HMAC__INIT;
	f->hmac.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	f->full = (PsaAlgorithm__Algorithm__Mac__FullLength)
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__INIT;
	f->full.variant_case =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_HMAC;
	f->full.hmac = &f->hmac;
	f->trunc = (PsaAlgorithm__Algorithm__Mac__Truncated)
	    PSA_ALGORITHM__ALGORITHM__MAC__TRUNCATED__INIT;
	f->trunc.mac_alg = &f->full;
	f->trunc.mac_length = 16;
	f->mac = (PsaAlgorithm__Algorithm__Mac)
	    PSA_ALGORITHM__ALGORITHM__MAC__INIT;
	f->mac.variant_case = PSA_ALGORITHM__ALGORITHM__MAC__VARIANT_TRUNCATED;
	f->mac.truncated = &f->trunc;
	return &f->mac;
}

static void
test_op_psa_mac_compute(void **state)
{
	PsaMacCompute__Operation op = PSA_MAC_COMPUTE__OPERATION__INIT;
	PsaMacCompute__Result res = PSA_MAC_COMPUTE__RESULT__INIT;
	struct fx_mac fx;

	(void)state;
	op.key_name = STR("hmac");
	op.alg = fx_mac(&fx);
	op.input = BIN("message");
	res.mac = BIN("\x11\x22\x33\x44");
	roundtrip_pair(WIRE_OP_PSA_MAC_COMPUTE, &op.base, &res.base);
}

static void
test_op_psa_mac_verify(void **state)
{
	PsaMacVerify__Operation op = PSA_MAC_VERIFY__OPERATION__INIT;
	PsaMacVerify__Result res = PSA_MAC_VERIFY__RESULT__INIT;
	struct fx_mac fx;

	(void)state;
	op.key_name = STR("hmac");
	op.alg = fx_mac(&fx);
	op.input = BIN("message");
	op.mac = BIN("\x11\x22\x33\x44");
	roundtrip_pair(WIRE_OP_PSA_MAC_VERIFY, &op.base, &res.base);
}

static void
test_op_psa_sign_message(void **state)
{
	PsaSignMessage__Operation op = PSA_SIGN_MESSAGE__OPERATION__INIT;
	PsaSignMessage__Result res = PSA_SIGN_MESSAGE__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("signer");
	op.alg = fx_sig(&fx);
	op.message = BIN("hello, world");
	res.signature = BIN("\x30\x45\x02\x21");
	roundtrip_pair(WIRE_OP_PSA_SIGN_MESSAGE, &op.base, &res.base);
}

static void
test_op_psa_verify_message(void **state)
{
	PsaVerifyMessage__Operation op = PSA_VERIFY_MESSAGE__OPERATION__INIT;
	PsaVerifyMessage__Result res = PSA_VERIFY_MESSAGE__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.key_name = STR("signer");
	op.alg = fx_sig(&fx);
	op.message = BIN("hello, world");
	op.signature = BIN("\x30\x45\x02\x21");
	roundtrip_pair(WIRE_OP_PSA_VERIFY_MESSAGE, &op.base, &res.base);
}

static void
test_op_list_keys(void **state)
{
	ListKeys__Operation op = LIST_KEYS__OPERATION__INIT;
	ListKeys__Result res = LIST_KEYS__RESULT__INIT;
	ListKeys__KeyInfo k[2] = {
		LIST_KEYS__KEY_INFO__INIT, LIST_KEYS__KEY_INFO__INIT,
	};
	ListKeys__KeyInfo *kv[2] = { &k[0], &k[1] };
	struct fx_attrs fx[2];

	(void)state;
	k[0].provider_id = 1;
	k[0].name = STR("first");
	k[0].attributes = fx_attrs(&fx[0]);
	k[1].provider_id = 3;
	k[1].name = STR("second");
	k[1].attributes = fx_attrs(&fx[1]);
	fx[1].attrs.key_bits = 384;
	res.n_keys = 2;
	res.keys = kv;
	roundtrip_pair(WIRE_OP_LIST_KEYS, &op.base, &res.base);
}

static void
test_op_list_clients(void **state)
{
	ListClients__Operation op = LIST_CLIENTS__OPERATION__INIT;
	ListClients__Result res = LIST_CLIENTS__RESULT__INIT;
	char *clients[] = { STR("alice"), STR("bob"), STR("1000") };

	(void)state;
	res.n_clients = 3;
	res.clients = clients;
	roundtrip_pair(WIRE_OP_LIST_CLIENTS, &op.base, &res.base);
}

static void
test_op_delete_client(void **state)
{
	DeleteClient__Operation op = DELETE_CLIENT__OPERATION__INIT;
	DeleteClient__Result res = DELETE_CLIENT__RESULT__INIT;

	(void)state;
	op.client = STR("mallory");
	roundtrip_pair(WIRE_OP_DELETE_CLIENT, &op.base, &res.base);
}

static void
test_op_attest_key(void **state)
{
	AttestKey__Operation op = ATTEST_KEY__OPERATION__INIT;
	AttestKey__Result res = ATTEST_KEY__RESULT__INIT;
	AttestKey__AttestationMechanismParams params =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__INIT;
	AttestKey__AttestationMechanismParams__ActivateCredential pac =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__ACTIVATE_CREDENTIAL__INIT;
	AttestKey__AttestationOutput output =
	    ATTEST_KEY__ATTESTATION_OUTPUT__INIT;
	AttestKey__AttestationOutput__ActivateCredential oac =
	    ATTEST_KEY__ATTESTATION_OUTPUT__ACTIVATE_CREDENTIAL__INIT;

	(void)state;
	pac.credential_blob = BIN("\x00\x44\x00\x20" "blob");
	pac.secret = BIN("\x01\x00seed");
	params.mechanism_case =
	    ATTEST_KEY__ATTESTATION_MECHANISM_PARAMS__MECHANISM_ACTIVATE_CREDENTIAL;
	params.activate_credential = &pac;
	op.attested_key_name = STR("devid");
	op.parameters = &params;
	op.attesting_key_name = STR("ek");
	oac.credential = BIN("recovered");
	output.mechanism_case =
	    ATTEST_KEY__ATTESTATION_OUTPUT__MECHANISM_ACTIVATE_CREDENTIAL;
	output.activate_credential = &oac;
	res.output = &output;
	roundtrip_pair(WIRE_OP_ATTEST_KEY, &op.base, &res.base);
}

static void
test_op_prepare_key_attestation(void **state)
{
	PrepareKeyAttestation__Operation op =
	    PREPARE_KEY_ATTESTATION__OPERATION__INIT;
	PrepareKeyAttestation__Result res =
	    PREPARE_KEY_ATTESTATION__RESULT__INIT;
	PrepareKeyAttestation__PrepareKeyAttestationParams params =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__INIT;
	PrepareKeyAttestation__PrepareKeyAttestationParams__ActivateCredential
	    pac = PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__ACTIVATE_CREDENTIAL__INIT;
	PrepareKeyAttestation__PrepareKeyAttestationOutput output =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__INIT;
	PrepareKeyAttestation__PrepareKeyAttestationOutput__ActivateCredential
	    oac = PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__ACTIVATE_CREDENTIAL__INIT;

	(void)state;
	pac.attested_key_name = STR("devid");
	pac.attesting_key_name = STR("ek");
	params.mechanism_case =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_PARAMS__MECHANISM_ACTIVATE_CREDENTIAL;
	params.activate_credential = &pac;
	op.parameters = &params;
	oac.name = BIN("\x00\x0b\x12\x34");
	oac.public_ = BIN("\x00\x23\x00\x0b");
	oac.attesting_key_pub = BIN("\x00\x01\x00\x0b");
	output.mechanism_case =
	    PREPARE_KEY_ATTESTATION__PREPARE_KEY_ATTESTATION_OUTPUT__MECHANISM_ACTIVATE_CREDENTIAL;
	output.activate_credential = &oac;
	res.output = &output;
	roundtrip_pair(WIRE_OP_PREPARE_KEY_ATTESTATION, &op.base, &res.base);
}

static void
test_op_can_do_crypto(void **state)
{
	CanDoCrypto__Operation op = CAN_DO_CRYPTO__OPERATION__INIT;
	CanDoCrypto__Result res = CAN_DO_CRYPTO__RESULT__INIT;
	struct fx_attrs fx;

	(void)state;
	op.check_type = CAN_DO_CRYPTO__CHECK_TYPE__GENERATE;
	op.attributes = fx_attrs(&fx);
	roundtrip_pair(WIRE_OP_CAN_DO_CRYPTO, &op.base, &res.base);
}

/* --- every variant of the shared oneofs -------------------------------- */

/* Round-trip one algorithm as the policy of a GenerateKey request. */
static void
roundtrip_policy_alg(PsaAlgorithm__Algorithm *alg)
{
	PsaGenerateKey__Operation op = PSA_GENERATE_KEY__OPERATION__INIT;
	struct fx_attrs fx;

	op.key_name = STR("k");
	op.attributes = fx_attrs(&fx);
	fx.policy.key_algorithm = alg;
	roundtrip(WIRE_OP_PSA_GENERATE_KEY, false, &op.base);
}

static void
test_algorithm_variants(void **state)
{
	PsaAlgorithm__Algorithm alg = PSA_ALGORITHM__ALGORITHM__INIT;
	PsaAlgorithm__Algorithm__None none = PSA_ALGORITHM__ALGORITHM__NONE__INIT;
	PsaAlgorithm__Algorithm__Mac mac = PSA_ALGORITHM__ALGORITHM__MAC__INIT;
	PsaAlgorithm__Algorithm__Mac__FullLength full =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__INIT;
	PsaAlgorithm__Algorithm__Mac__FullLength__CbcMac cbc =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__CBC_MAC__INIT;
	PsaAlgorithm__Algorithm__Mac__FullLength__Cmac cmac =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__CMAC__INIT;
	PsaAlgorithm__Algorithm__Aead aead = PSA_ALGORITHM__ALGORITHM__AEAD__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature sig =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash any_hash =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash__Any any =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__ANY__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPkcs1v15Sign pkcs1 =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__RSA_PKCS1V15_SIGN__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPkcs1v15SignRaw raw =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__RSA_PKCS1V15_SIGN_RAW__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPss pss =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__RSA_PSS__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__EcdsaAny ecdsa_any =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__ECDSA_ANY__INIT;
	PsaAlgorithm__Algorithm__AsymmetricSignature__DeterministicEcdsa det =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__DETERMINISTIC_ECDSA__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption enc =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__INIT;
	PsaAlgorithm__Algorithm__AsymmetricEncryption__RsaPkcs1v15Crypt crypt =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__RSA_PKCS1V15_CRYPT__INIT;
	PsaAlgorithm__Algorithm__KeyAgreement ka =
	    PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__INIT;
	PsaAlgorithm__Algorithm__KeyAgreement__WithKeyDerivation wkd =
	    PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__WITH_KEY_DERIVATION__INIT;
	PsaAlgorithm__Algorithm__KeyDerivation kdf =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__INIT;
	PsaAlgorithm__Algorithm__KeyDerivation__Hkdf hkdf =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__HKDF__INIT;
	PsaAlgorithm__Algorithm__KeyDerivation__Tls12Prf prf =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__TLS12_PRF__INIT;
	PsaAlgorithm__Algorithm__KeyDerivation__Tls12PskToMs psk =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__TLS12_PSK_TO_MS__INIT;
	struct fx_mac fmac;
	struct fx_aead faead;

	(void)state;
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_NONE;
	alg.none = &none;
	roundtrip_policy_alg(&alg);
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_HASH;
	alg.hash = PSA_ALGORITHM__ALGORITHM__HASH__SHA_512_256;
	roundtrip_policy_alg(&alg);
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_CIPHER;
	alg.cipher = PSA_ALGORITHM__ALGORITHM__CIPHER__XTS;
	roundtrip_policy_alg(&alg);

	/* Mac: truncated HMAC, then full-length HMAC, CBC-MAC, CMAC. */
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_MAC;
	alg.mac = fx_mac(&fmac);
	roundtrip_policy_alg(&alg);
	mac.variant_case = PSA_ALGORITHM__ALGORITHM__MAC__VARIANT_FULL_LENGTH;
	mac.full_length = &full;
	alg.mac = &mac;
	full.variant_case =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_HMAC;
	full.hmac = &fmac.hmac;
	roundtrip_policy_alg(&alg);
	full.variant_case =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_CBC_MAC;
	full.cbc_mac = &cbc;
	roundtrip_policy_alg(&alg);
	full.variant_case =
	    PSA_ALGORITHM__ALGORITHM__MAC__FULL_LENGTH__VARIANT_CMAC;
	full.cmac = &cmac;
	roundtrip_policy_alg(&alg);

	/* Aead: shortened tag, default tag. */
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_AEAD;
	alg.aead = fx_aead(&faead);
	roundtrip_policy_alg(&alg);
	aead.variant_case =
	    PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_DEFAULT_LENGTH_TAG;
	aead.aead_with_default_length_tag =
	    PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CHACHA20_POLY1305;
	alg.aead = &aead;
	roundtrip_policy_alg(&alg);

	/* Signatures, with "any hash" where a hash goes. */
	any_hash.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_ANY;
	any_hash.any = &any;
	pkcs1.hash_alg = &any_hash;
	pss.hash_alg = &any_hash;
	det.hash_alg = &any_hash;
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE;
	alg.asymmetric_signature = &sig;
	sig.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PKCS1V15_SIGN;
	sig.rsa_pkcs1v15_sign = &pkcs1;
	roundtrip_policy_alg(&alg);
	sig.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PKCS1V15_SIGN_RAW;
	sig.rsa_pkcs1v15_sign_raw = &raw;
	roundtrip_policy_alg(&alg);
	sig.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PSS;
	sig.rsa_pss = &pss;
	roundtrip_policy_alg(&alg);
	sig.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_ECDSA_ANY;
	sig.ecdsa_any = &ecdsa_any;
	roundtrip_policy_alg(&alg);
	sig.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_DETERMINISTIC_ECDSA;
	sig.deterministic_ecdsa = &det;
	roundtrip_policy_alg(&alg);

	alg.variant_case =
	    PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_ENCRYPTION;
	alg.asymmetric_encryption = &enc;
	enc.variant_case =
	    PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_PKCS1V15_CRYPT;
	enc.rsa_pkcs1v15_crypt = &crypt;
	roundtrip_policy_alg(&alg);

	/* Key derivations, alone and under a key agreement. */
	hkdf.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_256;
	prf.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_384;
	psk.hash_alg = PSA_ALGORITHM__ALGORITHM__HASH__SHA_512;
	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_DERIVATION;
	alg.key_derivation = &kdf;
	kdf.variant_case = PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_HKDF;
	kdf.hkdf = &hkdf;
	roundtrip_policy_alg(&alg);
	kdf.variant_case =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_TLS12_PRF;
	kdf.tls12_prf = &prf;
	roundtrip_policy_alg(&alg);
	kdf.variant_case =
	    PSA_ALGORITHM__ALGORITHM__KEY_DERIVATION__VARIANT_TLS12_PSK_TO_MS;
	kdf.tls12_psk_to_ms = &psk;
	roundtrip_policy_alg(&alg);

	alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_AGREEMENT;
	alg.key_agreement = &ka;
	ka.variant_case = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_RAW;
	ka.raw = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__FFDH;
	roundtrip_policy_alg(&alg);
	ka.variant_case =
	    PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_WITH_KEY_DERIVATION;
	ka.with_key_derivation = &wkd;
	wkd.ka_alg = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__ECDH;
	wkd.kdf_alg = &kdf;
	roundtrip_policy_alg(&alg);
}

/* Every KeyType variant, by oneof field number 1..14. The ten marker types
 * are empty messages, built from the oneof's own field descriptors. DH
 * variants carry RFC7919 = 0, the only family, so assert_all_set cannot be
 * used: check the decoded oneof case directly. */
static void
test_key_type_variants(void **state)
{
	PsaKeyAttributes__KeyType__EccPublicKey eccpub =
	    PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_PUBLIC_KEY__INIT;
	PsaKeyAttributes__KeyType__DhKeyPair dh =
	    PSA_KEY_ATTRIBUTES__KEY_TYPE__DH_KEY_PAIR__INIT;
	PsaKeyAttributes__KeyType__DhPublicKey dhpub =
	    PSA_KEY_ATTRIBUTES__KEY_TYPE__DH_PUBLIC_KEY__INIT;
	PsaGenerateKey__Operation op = PSA_GENERATE_KEY__OPERATION__INIT;
	const ProtobufCFieldDescriptor *fd;
	PsaGenerateKey__Operation *got;
	ProtobufCMessage marker, *msg;
	struct fx_attrs fx;
	uint8_t *buf;
	size_t len;
	uint32_t v;

	(void)state;
	eccpub.curve_family = PSA_KEY_ATTRIBUTES__KEY_TYPE__ECC_FAMILY__MONTGOMERY;
	dh.group_family = PSA_KEY_ATTRIBUTES__KEY_TYPE__DH_FAMILY__RFC7919;
	dhpub.group_family = PSA_KEY_ATTRIBUTES__KEY_TYPE__DH_FAMILY__RFC7919;
	op.key_name = STR("k");
	op.attributes = fx_attrs(&fx);
	for (v = 1; v <= 14; v++) {
		fx.type.variant_case = v;
		switch (v) {
		case PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_KEY_PAIR:
			fx.type.ecc_key_pair = &fx.ecc;
			break;
		case PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_PUBLIC_KEY:
			fx.type.ecc_public_key = &eccpub;
			break;
		case PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_DH_KEY_PAIR:
			fx.type.dh_key_pair = &dh;
			break;
		case PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_DH_PUBLIC_KEY:
			fx.type.dh_public_key = &dhpub;
			break;
		default:
			fd = protobuf_c_message_descriptor_get_field(
			    &psa_key_attributes__key_type__descriptor, v);
			assert_non_null(fd);
			assert_int_equal(((const ProtobufCMessageDescriptor *)
			    fd->descriptor)->sizeof_message, sizeof(marker));
			protobuf_c_message_init(fd->descriptor, &marker);
			fx.type.raw_data =
			    (PsaKeyAttributes__KeyType__RawData *)&marker;
		}
		assert_int_equal(wire_body_pack(&op.base, &buf, &len),
		    WIRE_STATUS_SUCCESS);
		assert_int_equal(wire_body_unpack(WIRE_OP_PSA_GENERATE_KEY,
		    false, buf, len, CAP_1MIB, &msg), WIRE_STATUS_SUCCESS);
		got = (PsaGenerateKey__Operation *)msg;
		assert_int_equal(got->attributes->key_type->variant_case, v);
		assert_non_null(got->attributes->key_type->raw_data);
		assert_true(msg_equal(&op.base, msg));
		wire_body_free(msg);
		free(buf);
	}
}

/* --- the table itself --------------------------------------------------- */

static void
test_table_matches_opcodes_def(void **state)
{
	const struct wire_op_info *ops;
	const ProtobufCMessageDescriptor *d;
	size_t i, count;

	(void)state;
	ops = wire_op_table(&count);
	assert_int_equal(count, 31);
	for (i = 0; i < count; i++) {
		d = wire_op_descriptor(ops[i].opcode, false);
		assert_non_null(d);
		assert_string_equal(d->package_name, ops[i].proto);
		assert_string_equal(d->short_name, "Operation");
		d = wire_op_descriptor(ops[i].opcode, true);
		assert_non_null(d);
		assert_string_equal(d->package_name, ops[i].proto);
		assert_string_equal(d->short_name, "Result");
	}
	assert_null(wire_op_descriptor(0, false));
	assert_null(wire_op_descriptor(0x1d, true));
	assert_null(wire_op_descriptor(0x21, false));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_op_ping),
		cmocka_unit_test(test_op_psa_generate_key),
		cmocka_unit_test(test_op_psa_destroy_key),
		cmocka_unit_test(test_op_psa_sign_hash),
		cmocka_unit_test(test_op_psa_verify_hash),
		cmocka_unit_test(test_op_psa_import_key),
		cmocka_unit_test(test_op_psa_export_public_key),
		cmocka_unit_test(test_op_list_providers),
		cmocka_unit_test(test_op_list_opcodes),
		cmocka_unit_test(test_op_psa_asymmetric_encrypt),
		cmocka_unit_test(test_op_psa_asymmetric_decrypt),
		cmocka_unit_test(test_op_psa_export_key),
		cmocka_unit_test(test_op_psa_generate_random),
		cmocka_unit_test(test_op_list_authenticators),
		cmocka_unit_test(test_op_psa_hash_compute),
		cmocka_unit_test(test_op_psa_hash_compare),
		cmocka_unit_test(test_op_psa_aead_encrypt),
		cmocka_unit_test(test_op_psa_aead_decrypt),
		cmocka_unit_test(test_op_psa_raw_key_agreement),
		cmocka_unit_test(test_op_psa_cipher_encrypt),
		cmocka_unit_test(test_op_psa_cipher_decrypt),
		cmocka_unit_test(test_op_psa_mac_compute),
		cmocka_unit_test(test_op_psa_mac_verify),
		cmocka_unit_test(test_op_psa_sign_message),
		cmocka_unit_test(test_op_psa_verify_message),
		cmocka_unit_test(test_op_list_keys),
		cmocka_unit_test(test_op_list_clients),
		cmocka_unit_test(test_op_delete_client),
		cmocka_unit_test(test_op_attest_key),
		cmocka_unit_test(test_op_prepare_key_attestation),
		cmocka_unit_test(test_op_can_do_crypto),
		cmocka_unit_test(test_algorithm_variants),
		cmocka_unit_test(test_key_type_variants),
		cmocka_unit_test(test_table_matches_opcodes_def),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
