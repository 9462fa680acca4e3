/* providers/pkcs11/asym.c: RSA encryption (CKM_RSA_PKCS_OAEP with the PSA
 * salt as the OAEP label, CKM_RSA_PKCS for PKCS#1 v1.5) and ECDH
 * (CKM_ECDH1_DERIVE with CKD_NULL into a short-lived session object whose
 * value is read once, then destroyed). */
#include "providers/pkcs11/p11_int.h"

#include <string.h>

#include <openssl/crypto.h>

#include "psa/policy.h"
#include "psa/sizes.h"

#define P11_RSA_MAX_BYTES	1024u

struct p11_crypt_plan {
	CK_MECHANISM		 cp_mech;
	CK_RSA_PKCS_OAEP_PARAMS	 cp_oaep;
};

static psa_status_t
p11_crypt_plan(const struct prov *p, const struct psa_key_attrs *a,
    psa_algorithm_t alg, const uint8_t *salt, size_t salt_len,
    bool is_encrypt, struct p11_crypt_plan *cp)
{
	/* OpenSSL does any OAEP hash and label. */
	bool is_soft = is_encrypt && p->p_soft_public;

	CK_RSA_PKCS_MGF_TYPE mgf;
	CK_MECHANISM_TYPE hm;
	psa_status_t status;

	memset(cp, 0, sizeof(*cp));
	if ((status = p11_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (!psa_alg_is_asymmetric_encryption(alg) ||
	    !psa_key_type_alg_compatible(a->type, a->bits, alg) ||
	    PSA_BITS_TO_BYTES(a->bits) > P11_RSA_MAX_BYTES)
		return PSA_ERROR_INVALID_ARGUMENT;
	if (alg == PSA_ALG_RSA_PKCS1V15_CRYPT) {
		if (salt_len != 0)
			return PSA_ERROR_INVALID_ARGUMENT;
		cp->cp_mech.mechanism = CKM_RSA_PKCS;
		return PSA_SUCCESS;
	}
	if (!psa_alg_is_rsa_oaep(alg))
		return PSA_ERROR_NOT_SUPPORTED;
	if (!p11_hash_mech(psa_alg_get_hash(alg), &hm, &mgf) ||
	    (!is_soft && !p11_oaep_hash_ok(p, psa_alg_get_hash(alg))))
		return PSA_ERROR_NOT_SUPPORTED;
	/* A label the token would refuse: say so rather than fail later. */
	if (salt_len > 0 && !is_soft && !p->p_oaep_label_ok)
		return PSA_ERROR_NOT_SUPPORTED;
	cp->cp_oaep.hashAlg = hm;
	cp->cp_oaep.mgf = mgf;
	cp->cp_oaep.source = CKZ_DATA_SPECIFIED;
	cp->cp_oaep.pSourceData = (void *)(uintptr_t)salt;
	cp->cp_oaep.ulSourceDataLen = (CK_ULONG)salt_len;
	cp->cp_mech.mechanism = CKM_RSA_PKCS_OAEP;
	cp->cp_mech.pParameter = &cp->cp_oaep;
	cp->cp_mech.ulParameterLen = sizeof(cp->cp_oaep);
	return PSA_SUCCESS;
}

psa_status_t
p11_asymmetric_encrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len,
    const uint8_t *salt, size_t salt_len, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	struct p11_crypt_plan cp;
	struct p11_ref ref;
	uint8_t buf[P11_RSA_MAX_BYTES];
	CK_ULONG len = sizeof(buf);
	size_t want;
	CK_RV rv = CKR_OK;

	*out_len = 0;
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = p11_crypt_plan(p, k->pk_attrs, alg, salt, salt_len,
	    true, &cp)) != PSA_SUCCESS)
		goto out;
	want = psa_asymmetric_encrypt_output_size(k->pk_attrs->type,
	    k->pk_attrs->bits, alg);
	if (want > out_size) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if (p->p_soft_public) {
		if ((status = p11_key_ref(k, &ref)) == PSA_SUCCESS)
			status = p11_soft_encrypt(&ref, k->pk_attrs, alg, in,
			    in_len, salt, salt_len, out, out_size, out_len);
		goto out;
	}
	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS ||
	    (status = p11_key_init(p, &s, k, CKO_PUBLIC_KEY,
	    p->p_fn->C_EncryptInit, &cp.cp_mech, &rv)) != PSA_SUCCESS)
		goto out;
	if (rv != CKR_OK ||
	    (rv = p->p_fn->C_Encrypt(s.ps_handle, (CK_BYTE_PTR)(uintptr_t)in,
	    (CK_ULONG)in_len, buf, &len)) != CKR_OK) {
		status = p11_rv_status("encrypt", rv);
		goto out;
	}
	if (len != want) {
		status = PSA_ERROR_HARDWARE_FAILURE;
		goto out;
	}
	memcpy(out, buf, len);
	*out_len = len;
	status = PSA_SUCCESS;
out:
	p11_session_put(p, &s, rv);
	return status;
}

psa_status_t
p11_asymmetric_decrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len,
    const uint8_t *salt, size_t salt_len, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	struct p11_crypt_plan cp;
	uint8_t buf[P11_RSA_MAX_BYTES];
	CK_ULONG len = sizeof(buf);
	CK_RV rv = CKR_OK;

	*out_len = 0;
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = p11_crypt_plan(p, k->pk_attrs, alg, salt, salt_len,
	    false, &cp)) != PSA_SUCCESS)
		goto out;
	if (in_len != PSA_BITS_TO_BYTES(k->pk_attrs->bits)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS ||
	    (status = p11_key_init(p, &s, k, CKO_PRIVATE_KEY,
	    p->p_fn->C_DecryptInit, &cp.cp_mech, &rv)) != PSA_SUCCESS)
		goto out;
	if (rv != CKR_OK ||
	    (rv = p->p_fn->C_Decrypt(s.ps_handle, (CK_BYTE_PTR)(uintptr_t)in,
	    (CK_ULONG)in_len, buf, &len)) != CKR_OK) {
		/* A bad padding or label is the client's data. SoftHSM
		 * 2.6 reports it as CKR_GENERAL_ERROR, not the v2.40
		 * CKR_ENCRYPTED_DATA_INVALID. */
		status = rv == CKR_ENCRYPTED_DATA_INVALID ||
		    rv == CKR_DATA_INVALID || rv == CKR_GENERAL_ERROR ?
		    PSA_ERROR_INVALID_PADDING :
		    p11_rv_status("decrypt", rv);
		goto out;
	}
	if (len > out_size) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	memcpy(out, buf, len);
	*out_len = len;
	status = PSA_SUCCESS;
out:
	OPENSSL_cleanse(buf, sizeof(buf));	/* plaintext */
	p11_session_put(p, &s, rv);
	return status;
}

/* ECDH on a SECP_R1 key pair with a peer point on its curve. */
static psa_status_t
p11_ecdh_check(const struct prov *p, const struct psa_key_attrs *a,
    psa_algorithm_t alg, const uint8_t *peer, size_t peer_len)
{
	psa_status_t status;

	if ((status = p11_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (alg != PSA_ALG_ECDH ||
	    a->type != PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1) ||
	    peer_len != psa_export_public_key_output_size(a->type, a->bits) ||
	    peer[0] != 0x04 ||
	    p11_soft_ec_point_check(a->bits, peer, peer_len) != PSA_SUCCESS)
		return PSA_ERROR_INVALID_ARGUMENT;
	return PSA_SUCCESS;
}

psa_status_t
p11_raw_key_agreement(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *peer, size_t peer_len, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	CK_OBJECT_HANDLE obj, secret = CK_INVALID_HANDLE;
	CK_ECDH1_DERIVE_PARAMS ecdh;
	CK_MECHANISM mech = { CKM_ECDH1_DERIVE, &ecdh, sizeof(ecdh) };
	CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
	CK_KEY_TYPE kt = CKK_GENERIC_SECRET;
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_ULONG value_len;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_SENSITIVE, &no, sizeof(no) },
		{ CKA_EXTRACTABLE, &yes, sizeof(yes) },
		{ CKA_VALUE_LEN, &value_len, sizeof(value_len) },
	};
	const struct psa_key_attrs *a;
	uint8_t *v = NULL;
	size_t v_len = 0, want;
	CK_RV rv = CKR_OK;

	*out_len = 0;
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	a = k->pk_attrs;
	if ((status = p11_ecdh_check(p, a, alg, peer, peer_len)) !=
	    PSA_SUCCESS)
		goto out;
	want = psa_raw_key_agreement_output_size(a->type, a->bits);
	if (want > out_size) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	value_len = (CK_ULONG)want;
	/* v2.40 Mechanisms §2.3.19: CKD_NULL hands back the x-coordinate
	 * unchanged, which is PSA's raw ECDH output. */
	memset(&ecdh, 0, sizeof(ecdh));
	ecdh.kdf = CKD_NULL;
	ecdh.pPublicData = (CK_BYTE_PTR)(uintptr_t)peer;
	ecdh.ulPublicDataLen = (CK_ULONG)peer_len;
	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS)
		goto out;
	/* As p11_key_init does: a stale handle is found once more. */
	for (int tries = 0; tries < 2; tries++) {
		if ((status = p11_key_object(p, &s, k, CKO_PRIVATE_KEY, &obj,
		    &rv)) != PSA_SUCCESS)
			goto out;
		rv = p->p_fn->C_DeriveKey(s.ps_handle, &mech, obj, t,
		    P11_NELEM(t), &secret);
		if (!p11_key_stale(p, k, CKO_PRIVATE_KEY, rv))
			break;
	}
	if (rv != CKR_OK ||
	    (rv = p11_attr_get(p, s.ps_handle, secret, CKA_VALUE, &v,
	    &v_len)) != CKR_OK) {
		status = p11_rv_status("ECDH", rv);
		goto out;
	}
	if (v_len != want) {
		status = PSA_ERROR_HARDWARE_FAILURE;
		goto out;
	}
	memcpy(out, v, v_len);
	*out_len = v_len;
	status = PSA_SUCCESS;
out:
	if (secret != CK_INVALID_HANDLE)
		(void)p->p_fn->C_DestroyObject(s.ps_handle, secret);
	if (v != NULL)
		OPENSSL_clear_free(v, v_len);
	p11_session_put(p, &s, rv);
	return status;
}
