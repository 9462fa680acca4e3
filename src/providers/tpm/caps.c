/* providers/tpm/caps.c: ask the TPM what it implements (algorithms, curves,
 * commands, a few properties) at open and build the capability table from
 * the answer, so ListOpcodes and CanDoCrypto tell the truth on any TPM. */
#include "providers/tpm/tpm_int.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "psa/policy.h"

/* Parsec opcodes. Providers may not include wire/opcodes.h (STYLE.md §1),
 * so the numbers of wire/opcodes.def are repeated here, once. */
#define TPM_OP_GENERATE_KEY		0x02u
#define TPM_OP_DESTROY_KEY		0x03u
#define TPM_OP_SIGN_HASH		0x04u
#define TPM_OP_VERIFY_HASH		0x05u
#define TPM_OP_IMPORT_KEY		0x06u
#define TPM_OP_EXPORT_PUBLIC_KEY	0x07u
#define TPM_OP_ASYMMETRIC_ENCRYPT	0x0Au
#define TPM_OP_ASYMMETRIC_DECRYPT	0x0Bu
#define TPM_OP_GENERATE_RANDOM		0x0Du
#define TPM_OP_HASH_COMPUTE		0x0Fu
#define TPM_OP_HASH_COMPARE		0x10u
#define TPM_OP_RAW_KEY_AGREEMENT	0x13u
#define TPM_OP_CIPHER_ENCRYPT		0x14u
#define TPM_OP_CIPHER_DECRYPT		0x15u
#define TPM_OP_MAC_COMPUTE		0x16u
#define TPM_OP_MAC_VERIFY		0x17u
#define TPM_OP_SIGN_MESSAGE		0x18u
#define TPM_OP_VERIFY_MESSAGE		0x19u
#define TPM_OP_ATTEST_KEY		0x1Eu
#define TPM_OP_PREPARE_KEY_ATTESTATION	0x1Fu
#define TPM_OP_CAN_DO_CRYPTO		0x20u

#define TPM_CAPS_MAX			256u

#define ECC_PAIR	PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
#define ECC_PUB		PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)
#define RSA_PAIR	PSA_KEY_TYPE_RSA_KEY_PAIR
#define RSA_PUB		PSA_KEY_TYPE_RSA_PUBLIC_KEY

static psa_status_t
tpm_probe_get(ESYS_CONTEXT *esys, TPM2_CAP cap, uint32_t prop,
    uint32_t count, TPMI_YES_NO *more, TPMS_CAPABILITY_DATA **data)
{
	return tpm_rc_status("GetCapability", Esys_GetCapability(esys,
	    ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, cap, prop, count, more,
	    data));
}

static psa_status_t
tpm_probe_algs(ESYS_CONTEXT *esys, struct tpm_probe *tp)
{
	TPMS_CAPABILITY_DATA *d = NULL;
	TPMI_YES_NO more = TPM2_YES;
	uint32_t next = TPM2_ALG_FIRST;
	psa_status_t status = PSA_SUCCESS;

	while (more == TPM2_YES && next <= TPM2_ALG_LAST) {
		if ((status = tpm_probe_get(esys, TPM2_CAP_ALGS, next,
		    TPM2_MAX_CAP_ALGS, &more, &d)) != PSA_SUCCESS)
			break;
		if (d->data.algorithms.count == 0)
			more = TPM2_NO;
		for (uint32_t i = 0; i < d->data.algorithms.count &&
		    i < TPM2_MAX_CAP_ALGS; i++) {
			TPM2_ALG_ID a = d->data.algorithms.algProperties[i].alg;

			if (a < TPM_NELEM(tp->tp_alg))
				tp->tp_alg[a] = true;
			next = (uint32_t)a + 1;
		}
		Esys_Free(d);
		d = NULL;
	}
	return status;
}

static psa_status_t
tpm_probe_curves(ESYS_CONTEXT *esys, struct tpm_probe *tp)
{
	TPMS_CAPABILITY_DATA *d = NULL;
	TPMI_YES_NO more;
	psa_status_t status;

	if ((status = tpm_probe_get(esys, TPM2_CAP_ECC_CURVES, 0,
	    TPM2_MAX_ECC_CURVES, &more, &d)) != PSA_SUCCESS)
		return status;
	for (uint32_t i = 0; i < d->data.eccCurves.count &&
	    i < TPM2_MAX_ECC_CURVES; i++) {
		if (d->data.eccCurves.eccCurves[i] == TPM2_ECC_NIST_P256)
			tp->tp_p256 = true;
		if (d->data.eccCurves.eccCurves[i] == TPM2_ECC_NIST_P384)
			tp->tp_p384 = true;
	}
	Esys_Free(d);
	return PSA_SUCCESS;
}

static void
tpm_probe_cc(struct tpm_probe *tp, TPM2_CC cc)
{
	switch (cc) {
	case TPM2_CC_Sign:
		tp->tp_cc_sign = true;
		break;
	case TPM2_CC_RSA_Decrypt:
		tp->tp_cc_rsa_decrypt = true;
		break;
	case TPM2_CC_ECDH_ZGen:
		tp->tp_cc_ecdh_zgen = true;
		break;
	case TPM2_CC_HMAC:
		tp->tp_cc_hmac = true;
		break;
	case TPM2_CC_Hash:
		tp->tp_cc_hash = true;
		break;
	case TPM2_CC_HashSequenceStart:
		tp->tp_cc_hash_seq = true;
		break;
	case TPM2_CC_EncryptDecrypt2:
		tp->tp_cc_encrypt_decrypt2 = true;
		break;
	case TPM2_CC_GetRandom:
		tp->tp_cc_get_random = true;
		break;
	case TPM2_CC_ActivateCredential:
		tp->tp_cc_activate_credential = true;
		break;
	case TPM2_CC_PolicySecret:
		tp->tp_cc_policy_secret = true;
		break;
	case TPM2_CC_Import:
		tp->tp_cc_import = true;
		break;
	default:
		break;
	}
}

static psa_status_t
tpm_probe_commands(ESYS_CONTEXT *esys, struct tpm_probe *tp)
{
	TPMS_CAPABILITY_DATA *d = NULL;
	TPMI_YES_NO more = TPM2_YES;
	uint32_t next = TPM2_CC_FIRST;
	psa_status_t status = PSA_SUCCESS;

	while (more == TPM2_YES) {
		if ((status = tpm_probe_get(esys, TPM2_CAP_COMMANDS, next,
		    TPM2_MAX_CAP_CC, &more, &d)) != PSA_SUCCESS)
			break;
		if (d->data.command.count == 0)
			more = TPM2_NO;
		for (uint32_t i = 0; i < d->data.command.count &&
		    i < TPM2_MAX_CAP_CC; i++) {
			TPM2_CC cc = d->data.command.commandAttributes[i] &
			    TPMA_CC_COMMANDINDEX_MASK;

			tpm_probe_cc(tp, cc);
			next = cc + 1;
		}
		Esys_Free(d);
		d = NULL;
	}
	return status;
}

static uint32_t
tpm_probe_property(ESYS_CONTEXT *esys, TPM2_PT pt, uint32_t dflt)
{
	TPMS_CAPABILITY_DATA *d = NULL;
	TPMI_YES_NO more;
	uint32_t value = dflt;

	if (tpm_probe_get(esys, TPM2_CAP_TPM_PROPERTIES, pt, 1, &more, &d) ==
	    PSA_SUCCESS && d->data.tpmProperties.count >= 1 &&
	    d->data.tpmProperties.tpmProperty[0].property == pt)
		value = d->data.tpmProperties.tpmProperty[0].value;
	Esys_Free(d);
	return value;
}

static bool
tpm_probe_parms(ESYS_CONTEXT *esys, const TPMT_PUBLIC_PARMS *parms)
{
	TSS2_RC rc = Esys_TestParms(esys, ESYS_TR_NONE, ESYS_TR_NONE,
	    ESYS_TR_NONE, parms);

	(void)tpm_rc_status("TestParms", rc);
	return rc == TSS2_RC_SUCCESS;
}

psa_status_t
tpm_caps_probe(ESYS_CONTEXT *esys, struct tpm_probe *tp)
{
	psa_status_t status;
	TPMT_PUBLIC_PARMS parms;
	uint32_t chunk;

	memset(tp, 0, sizeof(*tp));
	if ((status = tpm_probe_algs(esys, tp)) != PSA_SUCCESS ||
	    (status = tpm_probe_curves(esys, tp)) != PSA_SUCCESS ||
	    (status = tpm_probe_commands(esys, tp)) != PSA_SUCCESS)
		return status;
	tp->tp_transient_min = tpm_probe_property(esys,
	    TPM2_PT_HR_TRANSIENT_MIN, 3);
	chunk = tpm_probe_property(esys, TPM2_PT_INPUT_BUFFER, TPM_CHUNK_MAX);
	tp->tp_chunk = chunk < TPM_CHUNK_MAX && chunk >= 64 ? chunk :
	    TPM_CHUNK_MAX;
	memset(&parms, 0, sizeof(parms));
	parms.type = TPM2_ALG_RSA;
	parms.parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
	parms.parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
	parms.parameters.rsaDetail.keyBits = 3072;
	tp->tp_rsa3072 = tp->tp_alg[TPM2_ALG_RSA] &&
	    tpm_probe_parms(esys, &parms);
	memset(&parms, 0, sizeof(parms));
	parms.type = TPM2_ALG_SYMCIPHER;
	parms.parameters.symDetail.sym.algorithm = TPM2_ALG_AES;
	parms.parameters.symDetail.sym.keyBits.aes = 192;
	parms.parameters.symDetail.sym.mode.aes = TPM2_ALG_CFB;
	tp->tp_aes192 = tp->tp_alg[TPM2_ALG_AES] &&
	    tpm_probe_parms(esys, &parms);
	return PSA_SUCCESS;
}

struct tpm_capbuf {
	struct prov_cap	*cb_caps;
	size_t		 cb_count;
	const struct prov *cb_p;
};

static void
tpm_cap_add(struct tpm_capbuf *cb, uint32_t op, psa_key_type_t type,
    psa_algorithm_t alg)
{
	/* An algorithm is listed only if it may be used here at all. */
	if (alg != 0 && !cb->cb_p->p_allow_deprecated &&
	    psa_alg_is_deprecated(alg))
		return;
	if (cb->cb_count == TPM_CAPS_MAX)
		return;		/* cannot happen: the table is finite */
	cb->cb_caps[cb->cb_count].cap_opcode = op;
	cb->cb_caps[cb->cb_count].cap_key_type = type;
	cb->cb_caps[cb->cb_count].cap_alg = alg;
	cb->cb_count++;
}

static void
tpm_caps_hash(struct tpm_capbuf *cb, const struct tpm_probe *tp,
    psa_algorithm_t h, bool has_ecc, bool has_rsa)
{
	bool ecdsa = has_ecc && tp->tp_alg[TPM2_ALG_ECDSA] && tp->tp_cc_sign;
	bool rsassa = has_rsa && tp->tp_alg[TPM2_ALG_RSASSA] && tp->tp_cc_sign;
	bool pss = has_rsa && tp->tp_alg[TPM2_ALG_RSAPSS] && tp->tp_cc_sign;
	bool oaep = tp->tp_alg[TPM2_ALG_OAEP];

	if (ecdsa) {
		tpm_cap_add(cb, TPM_OP_SIGN_HASH, ECC_PAIR, PSA_ALG_ECDSA(h));
		tpm_cap_add(cb, TPM_OP_SIGN_MESSAGE, ECC_PAIR,
		    PSA_ALG_ECDSA(h));
	}
	if (rsassa) {
		tpm_cap_add(cb, TPM_OP_SIGN_HASH, RSA_PAIR,
		    PSA_ALG_RSA_PKCS1V15_SIGN(h));
		tpm_cap_add(cb, TPM_OP_SIGN_MESSAGE, RSA_PAIR,
		    PSA_ALG_RSA_PKCS1V15_SIGN(h));
	}
	if (pss) {
		tpm_cap_add(cb, TPM_OP_SIGN_HASH, RSA_PAIR, PSA_ALG_RSA_PSS(h));
		tpm_cap_add(cb, TPM_OP_SIGN_MESSAGE, RSA_PAIR,
		    PSA_ALG_RSA_PSS(h));
	}
	/* Verification runs in software from the public area (OpenSSL). */
	for (int m = 0; m < 2; m++) {
		uint32_t op = m ? TPM_OP_VERIFY_MESSAGE : TPM_OP_VERIFY_HASH;

		tpm_cap_add(cb, op, ECC_PUB, PSA_ALG_ECDSA(h));
		tpm_cap_add(cb, op, RSA_PUB, PSA_ALG_RSA_PKCS1V15_SIGN(h));
		tpm_cap_add(cb, op, RSA_PUB, PSA_ALG_RSA_PSS(h));
		tpm_cap_add(cb, op, RSA_PUB, PSA_ALG_RSA_PSS_ANY_SALT(h));
		if (has_ecc)
			tpm_cap_add(cb, op, ECC_PAIR, PSA_ALG_ECDSA(h));
		if (has_rsa) {
			tpm_cap_add(cb, op, RSA_PAIR,
			    PSA_ALG_RSA_PKCS1V15_SIGN(h));
			tpm_cap_add(cb, op, RSA_PAIR, PSA_ALG_RSA_PSS(h));
			tpm_cap_add(cb, op, RSA_PAIR,
			    PSA_ALG_RSA_PSS_ANY_SALT(h));
		}
	}
	if (oaep) {
		tpm_cap_add(cb, TPM_OP_ASYMMETRIC_ENCRYPT, RSA_PUB,
		    PSA_ALG_RSA_OAEP(h));
		if (has_rsa)
			tpm_cap_add(cb, TPM_OP_ASYMMETRIC_ENCRYPT, RSA_PAIR,
			    PSA_ALG_RSA_OAEP(h));
		if (has_rsa && tp->tp_cc_rsa_decrypt)
			tpm_cap_add(cb, TPM_OP_ASYMMETRIC_DECRYPT, RSA_PAIR,
			    PSA_ALG_RSA_OAEP(h));
	}
	if (tp->tp_cc_hash) {
		tpm_cap_add(cb, TPM_OP_HASH_COMPUTE, 0, h);
		tpm_cap_add(cb, TPM_OP_HASH_COMPARE, 0, h);
	}
	if (tp->tp_alg[TPM2_ALG_KEYEDHASH] && tp->tp_alg[TPM2_ALG_HMAC] &&
	    tp->tp_cc_hmac) {
		tpm_cap_add(cb, TPM_OP_MAC_COMPUTE, PSA_KEY_TYPE_HMAC,
		    PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_HMAC(h), 4));
		tpm_cap_add(cb, TPM_OP_MAC_VERIFY, PSA_KEY_TYPE_HMAC,
		    PSA_ALG_AT_LEAST_THIS_LENGTH_MAC(PSA_ALG_HMAC(h), 4));
	}
}

psa_status_t
tpm_caps_build(struct prov *p)
{
	static const psa_algorithm_t hashes[] = {
		PSA_ALG_SHA_1, PSA_ALG_SHA_256, PSA_ALG_SHA_384,
		PSA_ALG_SHA_512,
	};
	static const psa_algorithm_t modes[] = {
		PSA_ALG_CFB, PSA_ALG_CTR, PSA_ALG_OFB, PSA_ALG_CBC_NO_PADDING,
		PSA_ALG_CBC_PKCS7, PSA_ALG_ECB_NO_PADDING,
	};
	const struct tpm_probe *tp = &p->p_probe;
	struct tpm_capbuf cb = { NULL, 0, p };
	bool has_ecc = tp->tp_alg[TPM2_ALG_ECC] && (tp->tp_p256 ||
	    tp->tp_p384);
	bool has_rsa = tp->tp_alg[TPM2_ALG_RSA];
	bool has_aes = tp->tp_alg[TPM2_ALG_SYMCIPHER] &&
	    tp->tp_alg[TPM2_ALG_AES];
	bool has_hmac = tp->tp_alg[TPM2_ALG_KEYEDHASH] &&
	    tp->tp_alg[TPM2_ALG_HMAC];

	if ((cb.cb_caps = calloc(TPM_CAPS_MAX, sizeof(*cb.cb_caps))) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	if (has_ecc)
		tpm_cap_add(&cb, TPM_OP_GENERATE_KEY, ECC_PAIR, 0);
	if (has_rsa)
		tpm_cap_add(&cb, TPM_OP_GENERATE_KEY, RSA_PAIR, 0);
	if (has_hmac)
		tpm_cap_add(&cb, TPM_OP_GENERATE_KEY, PSA_KEY_TYPE_HMAC, 0);
	if (has_aes)
		tpm_cap_add(&cb, TPM_OP_GENERATE_KEY, PSA_KEY_TYPE_AES, 0);
	if (has_ecc && tp->tp_cc_import)
		tpm_cap_add(&cb, TPM_OP_IMPORT_KEY, ECC_PAIR, 0);
	if (has_rsa && tp->tp_cc_import)
		tpm_cap_add(&cb, TPM_OP_IMPORT_KEY, RSA_PAIR, 0);
	tpm_cap_add(&cb, TPM_OP_IMPORT_KEY, ECC_PUB, 0);
	tpm_cap_add(&cb, TPM_OP_IMPORT_KEY, RSA_PUB, 0);
	tpm_cap_add(&cb, TPM_OP_EXPORT_PUBLIC_KEY, ECC_PUB, 0);
	tpm_cap_add(&cb, TPM_OP_EXPORT_PUBLIC_KEY, RSA_PUB, 0);
	if (has_ecc)
		tpm_cap_add(&cb, TPM_OP_EXPORT_PUBLIC_KEY, ECC_PAIR, 0);
	if (has_rsa)
		tpm_cap_add(&cb, TPM_OP_EXPORT_PUBLIC_KEY, RSA_PAIR, 0);
	tpm_cap_add(&cb, TPM_OP_DESTROY_KEY, 0, 0);
	for (size_t i = 0; i < TPM_NELEM(hashes); i++)
		if (tp->tp_alg[tpm_alg_hash(hashes[i])])
			tpm_caps_hash(&cb, tp, hashes[i], has_ecc, has_rsa);
	if (tp->tp_alg[TPM2_ALG_RSAES]) {
		tpm_cap_add(&cb, TPM_OP_ASYMMETRIC_ENCRYPT, RSA_PUB,
		    PSA_ALG_RSA_PKCS1V15_CRYPT);
		if (has_rsa)
			tpm_cap_add(&cb, TPM_OP_ASYMMETRIC_ENCRYPT, RSA_PAIR,
			    PSA_ALG_RSA_PKCS1V15_CRYPT);
		if (has_rsa && tp->tp_cc_rsa_decrypt)
			tpm_cap_add(&cb, TPM_OP_ASYMMETRIC_DECRYPT, RSA_PAIR,
			    PSA_ALG_RSA_PKCS1V15_CRYPT);
	}
	if (has_ecc && tp->tp_alg[TPM2_ALG_ECDH] && tp->tp_cc_ecdh_zgen)
		tpm_cap_add(&cb, TPM_OP_RAW_KEY_AGREEMENT, ECC_PAIR,
		    PSA_ALG_ECDH);
	if (has_aes && tp->tp_cc_encrypt_decrypt2)
		for (size_t i = 0; i < TPM_NELEM(modes); i++)
			if (tp->tp_alg[tpm_alg_cipher_mode(modes[i])]) {
				tpm_cap_add(&cb, TPM_OP_CIPHER_ENCRYPT,
				    PSA_KEY_TYPE_AES, modes[i]);
				tpm_cap_add(&cb, TPM_OP_CIPHER_DECRYPT,
				    PSA_KEY_TYPE_AES, modes[i]);
			}
	if (tp->tp_cc_get_random)
		tpm_cap_add(&cb, TPM_OP_GENERATE_RANDOM, 0, 0);
	/* Attestation with the RSA EK (attest.c). */
	if (has_rsa && tp->tp_cc_activate_credential &&
	    tp->tp_cc_policy_secret && tp->tp_alg[TPM2_ALG_AES] &&
	    tp->tp_alg[TPM2_ALG_CFB]) {
		tpm_cap_add(&cb, TPM_OP_ATTEST_KEY, 0, 0);
		tpm_cap_add(&cb, TPM_OP_PREPARE_KEY_ATTESTATION, 0, 0);
	}
	tpm_cap_add(&cb, TPM_OP_CAN_DO_CRYPTO, 0, 0);
	free(p->p_caps);
	p->p_caps = cb.cb_caps;
	p->p_caps_count = cb.cb_count;
	return PSA_SUCCESS;
}

const struct prov_cap *
tpm_caps_probed(const struct prov *p, size_t *count)
{
	*count = p->p_caps_count;
	return p->p_caps;
}
