/* providers/pkcs11/sign.c: signatures on the token: ECDSA (CKM_ECDSA over
 * a hash computed by the caller or the service), RSA PKCS#1 v1.5
 * (CKM_RSA_PKCS over a DigestInfo built here) and RSA PSS
 * (CKM_RSA_PKCS_PSS, salt as long as the hash, as PSA_ALG_RSA_PSS says).
 * CKM_ECDSA already produces PSA's r || s (v2.40 Mechanisms §2.3.1);
 * RSA signatures are k bytes in both worlds. */
#include "providers/pkcs11/p11_int.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "psa/policy.h"
#include "psa/sizes.h"

#define P11_SIGN_MAX		1024u	/* RSA-8192 */
#define P11_DIGEST_INFO_MAX	(19u + 64u)

bool
p11_hash_mech(psa_algorithm_t hash, CK_MECHANISM_TYPE *mech,
    CK_RSA_PKCS_MGF_TYPE *mgf)
{
	switch (hash) {
	case PSA_ALG_SHA_1:
		*mech = CKM_SHA_1;
		*mgf = CKG_MGF1_SHA1;
		return true;
	case PSA_ALG_SHA_224:
		*mech = CKM_SHA224;
		*mgf = CKG_MGF1_SHA224;
		return true;
	case PSA_ALG_SHA_256:
		*mech = CKM_SHA256;
		*mgf = CKG_MGF1_SHA256;
		return true;
	case PSA_ALG_SHA_384:
		*mech = CKM_SHA384;
		*mgf = CKG_MGF1_SHA384;
		return true;
	case PSA_ALG_SHA_512:
		*mech = CKM_SHA512;
		*mgf = CKG_MGF1_SHA512;
		return true;
	default:
		return false;
	}
}

psa_status_t
p11_hash_soft(psa_algorithm_t hash, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t out_size, size_t *out_len)
{
	const char *name;
	unsigned int len = 0;

	*out_len = 0;
	switch (hash) {
	case PSA_ALG_SHA_1:
		name = "SHA1";
		break;
	case PSA_ALG_SHA_224:
		name = "SHA224";
		break;
	case PSA_ALG_SHA_256:
		name = "SHA256";
		break;
	case PSA_ALG_SHA_384:
		name = "SHA384";
		break;
	case PSA_ALG_SHA_512:
		name = "SHA512";
		break;
	default:
		return PSA_ERROR_NOT_SUPPORTED;
	}
	if (out_size < EVP_MAX_MD_SIZE)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	if (EVP_Digest(in, in_len, out, &len, EVP_get_digestbyname(name),
	    NULL) != 1)
		return PSA_ERROR_HARDWARE_FAILURE;
	*out_len = len;
	return PSA_SUCCESS;
}

/* The mechanism and the bytes to sign for (key, alg, hash). */
struct p11_sign_plan {
	CK_MECHANISM		sp_mech;
	CK_RSA_PKCS_PSS_PARAMS	sp_pss;
	uint8_t			sp_data[P11_DIGEST_INFO_MAX];
	const uint8_t		*sp_in;
	size_t			sp_in_len;
	size_t			sp_sig_len;
};

static psa_status_t
p11_sign_plan(const struct prov *p, const struct psa_key_attrs *a,
    psa_algorithm_t alg, const uint8_t *hash, size_t hash_len,
    struct p11_sign_plan *sp)
{
	psa_algorithm_t h = psa_alg_sign_get_hash(alg);
	CK_MECHANISM_TYPE hm;
	CK_RSA_PKCS_MGF_TYPE mgf;
	const uint8_t *prefix;
	size_t prefix_len, em_len;
	psa_status_t status;

	memset(sp, 0, sizeof(*sp));
	if ((status = p11_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!psa_alg_is_sign_hash(alg) ||
	    !psa_key_type_alg_compatible(a->type, a->bits, alg))
		return PSA_ERROR_INVALID_ARGUMENT;
	if (h != 0 && hash_len != psa_hash_length(h))
		return PSA_ERROR_INVALID_ARGUMENT;
	if (hash_len == 0 || hash_len > 64)
		return PSA_ERROR_INVALID_ARGUMENT;
	sp->sp_sig_len = psa_sign_output_size(a->type, a->bits, alg);
	sp->sp_in = hash;
	sp->sp_in_len = hash_len;
	if (psa_alg_is_ecdsa(alg)) {
		if (psa_alg_is_deterministic_ecdsa(alg))
			return PSA_ERROR_NOT_SUPPORTED;	/* no mechanism */
		sp->sp_mech.mechanism = CKM_ECDSA;
		return PSA_SUCCESS;
	}
	if (psa_alg_is_rsa_pkcs1v15_sign(alg)) {
		sp->sp_mech.mechanism = CKM_RSA_PKCS;
		if (h == 0)
			return PSA_SUCCESS;		/* SIGN_RAW */
		if ((prefix = p11_digest_info_prefix(h, &prefix_len)) == NULL)
			return PSA_ERROR_NOT_SUPPORTED;
		memcpy(sp->sp_data, prefix, prefix_len);
		memcpy(sp->sp_data + prefix_len, hash, hash_len);
		sp->sp_in = sp->sp_data;
		sp->sp_in_len = prefix_len + hash_len;
		return PSA_SUCCESS;
	}
	if (psa_alg_is_rsa_pss(alg)) {
		if (!p11_hash_mech(h, &hm, &mgf))
			return PSA_ERROR_NOT_SUPPORTED;
		/* RFC 8017 §9.1.1: emLen >= hLen + sLen + 2. */
		em_len = PSA_BITS_TO_BYTES(a->bits - 1);
		if (em_len < 2 * hash_len + 2)
			return PSA_ERROR_INVALID_ARGUMENT;
		sp->sp_pss.hashAlg = hm;
		sp->sp_pss.mgf = mgf;
		sp->sp_pss.sLen = hash_len;
		sp->sp_mech.mechanism = CKM_RSA_PKCS_PSS;
		sp->sp_mech.pParameter = &sp->sp_pss;
		sp->sp_mech.ulParameterLen = sizeof(sp->sp_pss);
		return PSA_SUCCESS;
	}
	return PSA_ERROR_NOT_SUPPORTED;
}

psa_status_t
p11_sign_hash(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *hash, size_t hash_len, uint8_t *sig, size_t sig_size,
    size_t *sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	struct p11_sign_plan sp;
	uint8_t buf[P11_SIGN_MAX];
	CK_ULONG len = sizeof(buf);
	CK_RV rv = CKR_OK;

	*sig_len = 0;
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = p11_sign_plan(p, k->pk_attrs, alg, hash, hash_len,
	    &sp)) != PSA_SUCCESS)
		goto out;
	if (!psa_key_type_is_key_pair(k->pk_attrs->type)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (sp.sp_sig_len > sig_size) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS ||
	    (status = p11_key_init(p, &s, k, CKO_PRIVATE_KEY,
	    p->p_fn->C_SignInit, &sp.sp_mech, &rv)) != PSA_SUCCESS)
		goto out;
	if (rv != CKR_OK ||
	    (rv = p->p_fn->C_Sign(s.ps_handle, (CK_BYTE_PTR)(uintptr_t)
	    sp.sp_in, (CK_ULONG)sp.sp_in_len, buf, &len)) != CKR_OK) {
		status = p11_rv_status("sign", rv);
		goto out;
	}
	if (len != sp.sp_sig_len) {
		status = PSA_ERROR_HARDWARE_FAILURE;	/* not PSA's size */
		goto out;
	}
	memcpy(sig, buf, len);
	*sig_len = len;
	status = PSA_SUCCESS;
out:
	OPENSSL_cleanse(&sp, sizeof(sp));
	p11_session_put(p, &s, rv);
	return status;
}

psa_status_t
p11_verify_hash(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *hash, size_t hash_len, const uint8_t *sig, size_t sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	struct p11_sign_plan sp;
	struct p11_ref ref;
	CK_RV rv = CKR_OK;

	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = p11_sign_plan(p, k->pk_attrs, alg, hash, hash_len,
	    &sp)) != PSA_SUCCESS)
		goto out;
	if (sig_len != sp.sp_sig_len) {
		status = PSA_ERROR_INVALID_SIGNATURE;
		goto out;
	}
	if (p->p_soft_public) {
		if ((status = p11_key_ref(k, &ref)) == PSA_SUCCESS)
			status = p11_soft_verify(&ref, k->pk_attrs, alg, hash,
			    hash_len, sig, sig_len);
		goto out;
	}
	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS ||
	    (status = p11_key_init(p, &s, k, CKO_PUBLIC_KEY,
	    p->p_fn->C_VerifyInit, &sp.sp_mech, &rv)) != PSA_SUCCESS)
		goto out;
	if (rv != CKR_OK ||
	    (rv = p->p_fn->C_Verify(s.ps_handle, (CK_BYTE_PTR)(uintptr_t)
	    sp.sp_in, (CK_ULONG)sp.sp_in_len, (CK_BYTE_PTR)(uintptr_t)sig,
	    (CK_ULONG)sig_len)) != CKR_OK) {
		status = p11_rv_status("verify", rv);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	p11_session_put(p, &s, rv);
	return status;
}

static psa_status_t
p11_message_hash(const struct prov *p, psa_algorithm_t alg,
    const uint8_t *msg, size_t msg_len, uint8_t *hash, size_t hash_size,
    size_t *hash_len)
{
	psa_status_t status;

	*hash_len = 0;
	if ((status = p11_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!psa_alg_is_sign_message(alg))
		return PSA_ERROR_INVALID_ARGUMENT;
	return p11_hash_soft(psa_alg_sign_get_hash(alg), msg, msg_len, hash,
	    hash_size, hash_len);
}

psa_status_t
p11_sign_message(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *msg, size_t msg_len, uint8_t *sig,
    size_t sig_size, size_t *sig_len)
{
	uint8_t hash[EVP_MAX_MD_SIZE];
	size_t hash_len;
	psa_status_t status;

	*sig_len = 0;
	if ((status = p11_message_hash(p, alg, msg, msg_len, hash,
	    sizeof(hash), &hash_len)) != PSA_SUCCESS)
		return status;
	return p11_sign_hash(p, k, alg, hash, hash_len, sig, sig_size,
	    sig_len);
}

psa_status_t
p11_verify_message(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *msg, size_t msg_len,
    const uint8_t *sig, size_t sig_len)
{
	uint8_t hash[EVP_MAX_MD_SIZE];
	size_t hash_len;
	psa_status_t status;

	if ((status = p11_message_hash(p, alg, msg, msg_len, hash,
	    sizeof(hash), &hash_len)) != PSA_SUCCESS)
		return status;
	return p11_verify_hash(p, k, alg, hash, hash_len, sig, sig_len);
}
