/* providers/tpm/alg.c: map PSA algorithm and key type identifiers to the
 * TPM's (TPM 2.0 Part 2, TPM_ALG_ID and TPM_ECC_CURVE) and back. Pure. */
#include "providers/tpm/tpm_int.h"

#include <string.h>

static const struct {
	psa_algorithm_t	psa;
	TPM2_ALG_ID	tpm;
} tpm_hashes[] = {
	{ PSA_ALG_SHA_1, TPM2_ALG_SHA1 },
	{ PSA_ALG_SHA_256, TPM2_ALG_SHA256 },
	{ PSA_ALG_SHA_384, TPM2_ALG_SHA384 },
	{ PSA_ALG_SHA_512, TPM2_ALG_SHA512 },
};

TPM2_ALG_ID
tpm_alg_hash(psa_algorithm_t hash)
{
	for (size_t i = 0; i < TPM_NELEM(tpm_hashes); i++)
		if (tpm_hashes[i].psa == hash)
			return tpm_hashes[i].tpm;
	return TPM2_ALG_ERROR;
}

psa_algorithm_t
tpm_alg_hash_to_psa(TPM2_ALG_ID hash)
{
	for (size_t i = 0; i < TPM_NELEM(tpm_hashes); i++)
		if (tpm_hashes[i].tpm == hash)
			return tpm_hashes[i].psa;
	return PSA_ALG_NONE;
}

TPM2_ECC_CURVE
tpm_alg_curve(psa_key_type_t type, size_t bits)
{
	if (!psa_key_type_is_ecc(type) ||
	    psa_key_type_ecc_family(type) != PSA_ECC_FAMILY_SECP_R1)
		return TPM2_ECC_NONE;
	switch (bits) {
	case 256:
		return TPM2_ECC_NIST_P256;
	case 384:
		return TPM2_ECC_NIST_P384;
	default:
		return TPM2_ECC_NONE;
	}
}

size_t
tpm_alg_curve_bits(TPM2_ECC_CURVE curve)
{
	switch (curve) {
	case TPM2_ECC_NIST_P256:
		return 256;
	case TPM2_ECC_NIST_P384:
		return 384;
	default:
		return 0;
	}
}

psa_status_t
tpm_alg_sign_scheme(psa_algorithm_t alg, TPMT_SIG_SCHEME *scheme)
{
	TPM2_ALG_ID hash = tpm_alg_hash(psa_alg_sign_get_hash(alg));

	memset(scheme, 0, sizeof(*scheme));
	if (hash == TPM2_ALG_ERROR)
		return PSA_ERROR_NOT_SUPPORTED;
	if (psa_alg_is_randomized_ecdsa(alg) && alg != PSA_ALG_ECDSA_ANY)
		scheme->scheme = TPM2_ALG_ECDSA;
	else if (psa_alg_is_rsa_pkcs1v15_sign(alg))
		scheme->scheme = TPM2_ALG_RSASSA;
	else if (psa_alg_is_rsa_pss_standard_salt(alg))
		scheme->scheme = TPM2_ALG_RSAPSS;
	else
		return PSA_ERROR_NOT_SUPPORTED;
	/* Every member of TPMU_SIG_SCHEME is a TPMS_SCHEME_HASH. */
	scheme->details.any.hashAlg = hash;
	return PSA_SUCCESS;
}

psa_status_t
tpm_alg_rsa_decrypt_scheme(psa_algorithm_t alg, TPMT_RSA_DECRYPT *scheme)
{
	memset(scheme, 0, sizeof(*scheme));
	if (alg == PSA_ALG_RSA_PKCS1V15_CRYPT) {
		scheme->scheme = TPM2_ALG_RSAES;
		return PSA_SUCCESS;
	}
	if (psa_alg_is_rsa_oaep(alg)) {
		TPM2_ALG_ID hash = tpm_alg_hash(psa_alg_get_hash(alg));

		if (hash == TPM2_ALG_ERROR)
			return PSA_ERROR_NOT_SUPPORTED;
		scheme->scheme = TPM2_ALG_OAEP;
		scheme->details.oaep.hashAlg = hash;
		return PSA_SUCCESS;
	}
	return PSA_ERROR_NOT_SUPPORTED;
}

TPM2_ALG_ID
tpm_alg_cipher_mode(psa_algorithm_t alg)
{
	switch (alg) {
	case PSA_ALG_CFB:
		return TPM2_ALG_CFB;
	case PSA_ALG_CTR:
		return TPM2_ALG_CTR;
	case PSA_ALG_OFB:
		return TPM2_ALG_OFB;
	case PSA_ALG_CBC_NO_PADDING:
	case PSA_ALG_CBC_PKCS7:
		return TPM2_ALG_CBC;
	case PSA_ALG_ECB_NO_PADDING:
		return TPM2_ALG_ECB;
	default:
		return TPM2_ALG_ERROR;
	}
}

psa_key_type_t
tpm_alg_key_type(const TPMT_PUBLIC *pub, bool is_pair, size_t *bits)
{
	*bits = 0;
	switch (pub->type) {
	case TPM2_ALG_RSA:
		*bits = pub->parameters.rsaDetail.keyBits;
		return is_pair ? PSA_KEY_TYPE_RSA_KEY_PAIR :
		    PSA_KEY_TYPE_RSA_PUBLIC_KEY;
	case TPM2_ALG_ECC:
		if ((*bits = tpm_alg_curve_bits(
		    pub->parameters.eccDetail.curveID)) == 0)
			return PSA_KEY_TYPE_NONE;
		return is_pair ?
		    PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1) :
		    PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1);
	case TPM2_ALG_KEYEDHASH:
		if (!is_pair || pub->parameters.keyedHashDetail.scheme.scheme !=
		    TPM2_ALG_HMAC)
			return PSA_KEY_TYPE_NONE;
		return PSA_KEY_TYPE_HMAC;	/* size: from the attributes */
	case TPM2_ALG_SYMCIPHER:
		if (!is_pair || pub->parameters.symDetail.sym.algorithm !=
		    TPM2_ALG_AES)
			return PSA_KEY_TYPE_NONE;
		*bits = pub->parameters.symDetail.sym.keyBits.aes;
		return PSA_KEY_TYPE_AES;
	default:
		return PSA_KEY_TYPE_NONE;
	}
}
