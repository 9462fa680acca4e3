/* providers/pkcs11/pkcs11.c: the PKCS#11 provider's identity, its
 * capability rules and lifecycle. What it can do is read from the token's
 * mechanism list at open (caps_probed), so ListOpcodes and CanDoCrypto
 * never claim what the token cannot do. docs/providers/pkcs11.md has the
 * design. */
#include "providers/pkcs11/p11_int.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "psa/policy.h"

/* Parsec opcodes. Providers may not include wire/opcodes.h (STYLE.md §1),
 * so the numbers of wire/opcodes.def are repeated here, once. */
#define P11_OP_GENERATE_KEY		0x02u
#define P11_OP_DESTROY_KEY		0x03u
#define P11_OP_SIGN_HASH		0x04u
#define P11_OP_VERIFY_HASH		0x05u
#define P11_OP_IMPORT_KEY		0x06u
#define P11_OP_EXPORT_PUBLIC_KEY	0x07u
#define P11_OP_ASYMMETRIC_ENCRYPT	0x0Au
#define P11_OP_ASYMMETRIC_DECRYPT	0x0Bu
#define P11_OP_EXPORT_KEY		0x0Cu
#define P11_OP_GENERATE_RANDOM		0x0Du
#define P11_OP_HASH_COMPUTE		0x0Fu
#define P11_OP_HASH_COMPARE		0x10u
#define P11_OP_AEAD_ENCRYPT		0x11u
#define P11_OP_AEAD_DECRYPT		0x12u
#define P11_OP_RAW_KEY_AGREEMENT	0x13u
#define P11_OP_CIPHER_ENCRYPT		0x14u
#define P11_OP_CIPHER_DECRYPT		0x15u
#define P11_OP_MAC_COMPUTE		0x16u
#define P11_OP_MAC_VERIFY		0x17u
#define P11_OP_SIGN_MESSAGE		0x18u
#define P11_OP_VERIFY_MESSAGE		0x19u
#define P11_OP_CAN_DO_CRYPTO		0x20u

/* A capability line and what the token must offer for it: a mechanism
 * with these flags (mech P11_ALWAYS: object handling every token has). */
struct p11_cap_rule {
	CK_MECHANISM_TYPE	 cr_mech;
	CK_FLAGS		 cr_flags;
	struct prov_cap		 cr_cap;
};

#define P11_ALWAYS	((CK_MECHANISM_TYPE)~0ul)
#define P11_RNG		((CK_MECHANISM_TYPE)~1ul)	/* CKF_RNG token */
#define R(m, f, op, type, alg)	{ (m), (f), { P11_OP_##op, (type), (alg) } }

#define EC_PAIR		PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
#define EC_PUB		PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)
#define RSA_PAIR	PSA_KEY_TYPE_RSA_KEY_PAIR
#define RSA_PUB		PSA_KEY_TYPE_RSA_PUBLIC_KEY
#define AES		PSA_KEY_TYPE_AES
#define HMAC		PSA_KEY_TYPE_HMAC
#define ANY(s)		s(PSA_ALG_ANY_HASH)

#define KEYS(op)							\
	R(P11_ALWAYS, 0, op, EC_PAIR, 0), R(P11_ALWAYS, 0, op, EC_PUB, 0), \
	R(P11_ALWAYS, 0, op, RSA_PAIR, 0), R(P11_ALWAYS, 0, op, RSA_PUB, 0)
#define SIGNS(op, f, type)						\
	R(CKM_RSA_PKCS, f, op, type, ANY(PSA_ALG_RSA_PKCS1V15_SIGN)),	\
	R(CKM_RSA_PKCS_PSS, f, op, type, ANY(PSA_ALG_RSA_PSS))
#define OAEP(op, f, type)						\
	R(CKM_RSA_PKCS, f, op, type, PSA_ALG_RSA_PKCS1V15_CRYPT),	\
	R(CKM_RSA_PKCS_OAEP, f, op, type, PSA_ALG_RSA_OAEP(PSA_ALG_SHA_1)), \
	R(CKM_RSA_PKCS_OAEP, f, op, type,				\
	    PSA_ALG_RSA_OAEP(PSA_ALG_SHA_224)),				\
	R(CKM_RSA_PKCS_OAEP, f, op, type,				\
	    PSA_ALG_RSA_OAEP(PSA_ALG_SHA_256)),				\
	R(CKM_RSA_PKCS_OAEP, f, op, type,				\
	    PSA_ALG_RSA_OAEP(PSA_ALG_SHA_384)),				\
	R(CKM_RSA_PKCS_OAEP, f, op, type, PSA_ALG_RSA_OAEP(PSA_ALG_SHA_512))
#define CIPHERS(op, f)							\
	R(CKM_AES_CTR, f, op, AES, PSA_ALG_CTR),			\
	R(CKM_AES_CBC, f, op, AES, PSA_ALG_CBC_NO_PADDING),		\
	R(CKM_AES_CBC_PAD, f, op, AES, PSA_ALG_CBC_PKCS7),		\
	R(CKM_AES_ECB, f, op, AES, PSA_ALG_ECB_NO_PADDING)
#define HMAC_AT_LEAST(h)	PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_HMAC(h), 4)
#define MACS(op, f)							\
	R(CKM_SHA_1_HMAC, f, op, HMAC, HMAC_AT_LEAST(PSA_ALG_SHA_1)),	\
	R(CKM_SHA224_HMAC, f, op, HMAC, HMAC_AT_LEAST(PSA_ALG_SHA_224)), \
	R(CKM_SHA256_HMAC, f, op, HMAC, HMAC_AT_LEAST(PSA_ALG_SHA_256)), \
	R(CKM_SHA384_HMAC, f, op, HMAC, HMAC_AT_LEAST(PSA_ALG_SHA_384)), \
	R(CKM_SHA512_HMAC, f, op, HMAC, HMAC_AT_LEAST(PSA_ALG_SHA_512)), \
	R(CKM_AES_CMAC, f, op, AES,					\
	    PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_CMAC, 4))
#define HASHES(op)							\
	R(CKM_SHA_1, CKF_DIGEST, op, 0, PSA_ALG_SHA_1),			\
	R(CKM_SHA224, CKF_DIGEST, op, 0, PSA_ALG_SHA_224),		\
	R(CKM_SHA256, CKF_DIGEST, op, 0, PSA_ALG_SHA_256),		\
	R(CKM_SHA384, CKF_DIGEST, op, 0, PSA_ALG_SHA_384),		\
	R(CKM_SHA512, CKF_DIGEST, op, 0, PSA_ALG_SHA_512)
#define GCM_AT_LEAST	PSA_ALG_AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG(PSA_ALG_GCM, 4)

/* Curves: SECP_R1 256, 384 and 521 (der.c p11_ec_params). Key sizes the
 * token refuses fail at generation with NOT_SUPPORTED. */
static const struct p11_cap_rule p11_cap_rules[] = {
	R(CKM_EC_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR, GENERATE_KEY, EC_PAIR,
	    0),
	R(CKM_RSA_PKCS_KEY_PAIR_GEN, CKF_GENERATE_KEY_PAIR, GENERATE_KEY,
	    RSA_PAIR, 0),
	R(CKM_AES_KEY_GEN, CKF_GENERATE, GENERATE_KEY, AES, 0),
	R(CKM_GENERIC_SECRET_KEY_GEN, CKF_GENERATE, GENERATE_KEY, HMAC, 0),
	R(P11_ALWAYS, 0, IMPORT_KEY, EC_PAIR, 0),
	R(P11_ALWAYS, 0, IMPORT_KEY, EC_PUB, 0),
	R(P11_ALWAYS, 0, IMPORT_KEY, RSA_PUB, 0),
	R(P11_ALWAYS, 0, IMPORT_KEY, RSA_PAIR, 0),
	R(P11_ALWAYS, 0, IMPORT_KEY, AES, 0),
	R(P11_ALWAYS, 0, IMPORT_KEY, HMAC, 0),
	KEYS(EXPORT_PUBLIC_KEY), KEYS(EXPORT_KEY),
	R(P11_ALWAYS, 0, EXPORT_KEY, AES, 0),
	R(P11_ALWAYS, 0, EXPORT_KEY, HMAC, 0),
	R(P11_ALWAYS, 0, DESTROY_KEY, 0, 0),

	R(CKM_ECDSA, CKF_SIGN, SIGN_HASH, EC_PAIR, ANY(PSA_ALG_ECDSA)),
	R(CKM_ECDSA, CKF_SIGN, SIGN_HASH, EC_PAIR, PSA_ALG_ECDSA_ANY),
	R(CKM_ECDSA, CKF_SIGN, SIGN_MESSAGE, EC_PAIR, ANY(PSA_ALG_ECDSA)),
	R(CKM_ECDSA, CKF_VERIFY, VERIFY_HASH, EC_PAIR, ANY(PSA_ALG_ECDSA)),
	R(CKM_ECDSA, CKF_VERIFY, VERIFY_HASH, EC_PAIR, PSA_ALG_ECDSA_ANY),
	R(CKM_ECDSA, CKF_VERIFY, VERIFY_HASH, EC_PUB, ANY(PSA_ALG_ECDSA)),
	R(CKM_ECDSA, CKF_VERIFY, VERIFY_HASH, EC_PUB, PSA_ALG_ECDSA_ANY),
	R(CKM_ECDSA, CKF_VERIFY, VERIFY_MESSAGE, EC_PAIR,
	    ANY(PSA_ALG_ECDSA)),
	R(CKM_ECDSA, CKF_VERIFY, VERIFY_MESSAGE, EC_PUB, ANY(PSA_ALG_ECDSA)),
	SIGNS(SIGN_HASH, CKF_SIGN, RSA_PAIR),
	SIGNS(SIGN_MESSAGE, CKF_SIGN, RSA_PAIR),
	SIGNS(VERIFY_HASH, CKF_VERIFY, RSA_PAIR),
	SIGNS(VERIFY_HASH, CKF_VERIFY, RSA_PUB),
	SIGNS(VERIFY_MESSAGE, CKF_VERIFY, RSA_PAIR),
	SIGNS(VERIFY_MESSAGE, CKF_VERIFY, RSA_PUB),

	OAEP(ASYMMETRIC_ENCRYPT, CKF_ENCRYPT, RSA_PAIR),
	OAEP(ASYMMETRIC_ENCRYPT, CKF_ENCRYPT, RSA_PUB),
	OAEP(ASYMMETRIC_DECRYPT, CKF_DECRYPT, RSA_PAIR),
	R(CKM_ECDH1_DERIVE, CKF_DERIVE, RAW_KEY_AGREEMENT, EC_PAIR,
	    PSA_ALG_ECDH),

	CIPHERS(CIPHER_ENCRYPT, CKF_ENCRYPT),
	CIPHERS(CIPHER_DECRYPT, CKF_DECRYPT),
	R(CKM_AES_GCM, CKF_ENCRYPT, AEAD_ENCRYPT, AES, GCM_AT_LEAST),
	R(CKM_AES_GCM, CKF_DECRYPT, AEAD_DECRYPT, AES, GCM_AT_LEAST),
	MACS(MAC_COMPUTE, CKF_SIGN), MACS(MAC_VERIFY, CKF_SIGN),

	HASHES(HASH_COMPUTE), HASHES(HASH_COMPARE),
	R(P11_RNG, 0, GENERATE_RANDOM, 0, 0),
	R(P11_ALWAYS, 0, CAN_DO_CRYPTO, 0, 0),
};

psa_status_t
p11_alg_usable(const struct prov *p, psa_algorithm_t alg)
{
	psa_status_t status;

	if ((status = psa_alg_validate(alg, false)) != PSA_SUCCESS)
		return status;
	if (!p->p_allow_deprecated && psa_alg_is_deprecated(alg))
		return PSA_ERROR_NOT_SUPPORTED;
	return PSA_SUCCESS;
}

bool
p11_can_generate(const struct prov *p, psa_key_type_t type)
{
	/* The dispatcher checks GenerateKey by opcode only; the key type's
	 * key-generation mechanism is this provider's to check. */
	for (size_t i = 0; i < p->p_caps_count; i++)
		if (p->p_caps[i].cap_opcode == P11_OP_GENERATE_KEY &&
		    p->p_caps[i].cap_key_type == type)
			return true;
	return false;
}

static bool
p11_mech_has(const CK_MECHANISM_TYPE *mechs, const CK_MECHANISM_INFO *info,
    size_t count, const struct p11_cap_rule *r)
{
	for (size_t i = 0; i < count; i++)
		if (mechs[i] == r->cr_mech)
			return (info[i].flags & r->cr_flags) == r->cr_flags;
	return false;
}

/* Keep the rules whose mechanism the token lists with the flags needed. */
static psa_status_t
p11_caps_probe(struct prov *p)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	CK_MECHANISM_TYPE *mechs = NULL;
	CK_MECHANISM_INFO *info = NULL;
	CK_TOKEN_INFO ti;
	CK_ULONG count = 0;
	bool has_rng;
	CK_RV rv;

	if ((rv = p->p_fn->C_GetTokenInfo(p->p_slot, &ti)) != CKR_OK ||
	    (rv = p->p_fn->C_GetMechanismList(p->p_slot, NULL, &count)) !=
	    CKR_OK) {
		status = p11_rv_status("C_GetMechanismList", rv);
		goto out;
	}
	has_rng = (ti.flags & CKF_RNG) != 0;
	p11_probe_oaep(p);
	if ((mechs = calloc(count + 1, sizeof(*mechs))) == NULL ||
	    (info = calloc(count + 1, sizeof(*info))) == NULL ||
	    (p->p_caps = calloc(P11_NELEM(p11_cap_rules),
	    sizeof(*p->p_caps))) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if ((rv = p->p_fn->C_GetMechanismList(p->p_slot, mechs, &count)) !=
	    CKR_OK) {
		status = p11_rv_status("C_GetMechanismList", rv);
		goto out;
	}
	for (CK_ULONG i = 0; i < count; i++)
		if (p->p_fn->C_GetMechanismInfo(p->p_slot, mechs[i],
		    &info[i]) != CKR_OK)
			info[i].flags = 0;	/* unusable, then */
	for (size_t i = 0; i < P11_NELEM(p11_cap_rules); i++) {
		const struct p11_cap_rule *r = &p11_cap_rules[i];

		/* Public-key work done by OpenSSL needs no mechanism. */
		bool is_soft = p->p_soft_public &&
		    (r->cr_cap.cap_opcode == P11_OP_VERIFY_HASH ||
		    r->cr_cap.cap_opcode == P11_OP_VERIFY_MESSAGE ||
		    r->cr_cap.cap_opcode == P11_OP_ASYMMETRIC_ENCRYPT);

		if (!is_soft && r->cr_mech == CKM_RSA_PKCS_OAEP &&
		    !p11_oaep_hash_ok(p, psa_alg_get_hash(r->cr_cap.cap_alg)))
			continue;
		if (is_soft || r->cr_mech == P11_ALWAYS ||
		    (r->cr_mech == P11_RNG && has_rng) ||
		    p11_mech_has(mechs, info, count, r))
			p->p_caps[p->p_caps_count++] = r->cr_cap;
	}
	log_info("pkcs11: token %s: %lu mechanisms, %zu capability lines",
	    p->p_serial, (unsigned long)count, p->p_caps_count);
	status = PSA_SUCCESS;
out:
	free(mechs);
	free(info);
	return status;
}

static void
p11_close(struct prov *p)
{
	if (p == NULL)
		return;
	if (p->p_fn != NULL) {
		if (p->p_pool.pp_cap != 0)
			p11_pool_stop(p);
		(void)p->p_fn->C_Finalize(NULL);
	}
	p11_handles_stop(p);
	p11_pin_wipe(p);
	if (p->p_dl != NULL)
		dlclose(p->p_dl);
	free(p->p_caps);
	free(p);
}

static psa_status_t
p11_open(const struct prov_config *cfg, struct prov **out)
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
	p->p_allow_export = cfg->p11_allow_export;
	p->p_soft_public = cfg->p11_software_public_operations;
	p->p_allow_deprecated = cfg->allow_deprecated;
	if ((status = p11_pin_set(p, cfg->p11_user_pin)) != PSA_SUCCESS) {
		log_warnx("pkcs11: user_pin: malformed hex: value");
		goto out;
	}
	if ((status = p11_handles_start(p)) != PSA_SUCCESS ||
	    (status = p11_module_load(p, cfg->p11_library_path)) !=
	    PSA_SUCCESS ||
	    (status = p11_token_select(p, cfg)) != PSA_SUCCESS ||
	    (status = p11_pool_start(p)) != PSA_SUCCESS ||
	    (status = p11_caps_probe(p)) != PSA_SUCCESS)
		goto out;
	*out = p;
	p = NULL;
	status = PSA_SUCCESS;
out:
	p11_close(p);
	return status;
}

static const struct prov_cap *
p11_caps_probed(const struct prov *p, size_t *count)
{
	*count = p->p_caps_count;
	return p->p_caps;
}

const struct provider_ops prov_p11_ops = {
	.magic = PROVIDER_OPS_MAGIC,
	.parsec_id = 2,
	.type_name = "Pkcs11",
	.default_name = "pkcs11-provider",
	/* Parsec book, "Providers": PKCS #11 provider UUID. */
	.uuid = "30e39502-eba6-4d60-a4af-c518b7f5e38f",
	.description = "arcsec PKCS#11 provider: keys are objects of a "
	    "PKCS#11 token, operations are the token's mechanisms",
	.vendor = "arcsec",
	/* Nothing is claimed before a token is opened: the truth comes
	 * from its mechanism list (caps_probed). */
	.caps = NULL,
	.caps_count = 0,
	.open = p11_open,
	.close = p11_close,
	.caps_probed = p11_caps_probed,
	.crypto = {
		.generate_key = p11_generate_key,
		.import_key = p11_import_key,
		.destroy_key = p11_destroy_key,
		.export_public_key = p11_export_public_key,
		.export_key = p11_export_key,
		.sign_hash = p11_sign_hash,
		.verify_hash = p11_verify_hash,
		.sign_message = p11_sign_message,
		.verify_message = p11_verify_message,
		.asymmetric_encrypt = p11_asymmetric_encrypt,
		.asymmetric_decrypt = p11_asymmetric_decrypt,
		.raw_key_agreement = p11_raw_key_agreement,
		.cipher_encrypt = p11_cipher_encrypt,
		.cipher_decrypt = p11_cipher_decrypt,
		.aead_encrypt = p11_aead_encrypt,
		.aead_decrypt = p11_aead_decrypt,
		.mac_compute = p11_mac_compute,
		.mac_verify = p11_mac_verify,
		.hash_compute = p11_hash_compute,
		.hash_compare = p11_hash_compare,
		.generate_random = p11_generate_random,
	},
	.reconcile = p11_reconcile,
	.label_key = p11_label_key,
};
