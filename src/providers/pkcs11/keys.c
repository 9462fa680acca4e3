/* providers/pkcs11/keys.c: create, import and destroy keys as token
 * objects, and export them. Every object of a key carries the same random
 * 16-byte CKA_ID and the label "arcsec:<hex id>"; the key reference holds
 * the id and the public key in PSA format (ref.c). */
#include "providers/pkcs11/p11_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "common/log.h"
#include "psa/sizes.h"

#define P11_EC_PAIR	PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
#define P11_EC_PUB	PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)
#define P11_LABEL_LEN	(sizeof(P11_LABEL_NEW_PREFIX) - 1 + 2 * P11_ID_LEN)

/* What one new key needs in its templates. */
struct p11_new {
	uint8_t		 nk_id[P11_ID_LEN];
	char		 nk_label[P11_LABEL_LEN + 1];
	CK_BBOOL	 nk_yes, nk_no;
	CK_BBOOL	 nk_sign, nk_verify, nk_encrypt, nk_decrypt, nk_derive;
	CK_BBOOL	 nk_extractable, nk_sensitive;
};

static psa_status_t
p11_new_init(const struct prov *p, const struct psa_key_attrs *a,
    struct p11_new *nk)
{
	psa_key_usage_t u = a->usage;
	bool is_export = (u & PSA_KEY_USAGE_EXPORT) != 0;

	memset(nk, 0, sizeof(*nk));
	/* Parsec's allow_export = false: no key may be made exportable. */
	if (is_export && !p->p_allow_export)
		return PSA_ERROR_NOT_PERMITTED;
	if (RAND_bytes(nk->nk_id, sizeof(nk->nk_id)) != 1)
		return PSA_ERROR_INSUFFICIENT_ENTROPY;
	memcpy(nk->nk_label, P11_LABEL_NEW_PREFIX,
	    sizeof(P11_LABEL_NEW_PREFIX) - 1);
	for (size_t i = 0; i < P11_ID_LEN; i++)
		snprintf(nk->nk_label + sizeof(P11_LABEL_NEW_PREFIX) - 1 + 2 * i,
		    3, "%02x", nk->nk_id[i]);
	nk->nk_yes = CK_TRUE;
	nk->nk_no = CK_FALSE;
	nk->nk_sign = (u & (PSA_KEY_USAGE_SIGN_HASH |
	    PSA_KEY_USAGE_SIGN_MESSAGE)) ? CK_TRUE : CK_FALSE;
	nk->nk_verify = (u & (PSA_KEY_USAGE_VERIFY_HASH |
	    PSA_KEY_USAGE_VERIFY_MESSAGE)) ? CK_TRUE : CK_FALSE;
	nk->nk_encrypt = (u & PSA_KEY_USAGE_ENCRYPT) ? CK_TRUE : CK_FALSE;
	nk->nk_decrypt = (u & PSA_KEY_USAGE_DECRYPT) ? CK_TRUE : CK_FALSE;
	nk->nk_derive = (u & PSA_KEY_USAGE_DERIVE) ? CK_TRUE : CK_FALSE;
	/* A sensitive key's CKA_VALUE cannot be read even when it is
	 * extractable (v2.40 §4.9), so an exportable key is made
	 * non-sensitive; every other key is sensitive and unextractable. */
	nk->nk_extractable = is_export ? CK_TRUE : CK_FALSE;
	nk->nk_sensitive = is_export ? CK_FALSE : CK_TRUE;
	return PSA_SUCCESS;
}

#define A(t, v)		{ (t), &(v), sizeof(v) }
#define AB(t, p, n)	{ (t), (void *)(uintptr_t)(p), (CK_ULONG)(n) }

/* Attributes every private or secret object of a new key gets. Wrapping
 * is set false explicitly: tokens default it differently (SoftHSM2: true),
 * and a signing key must not double as a key-unwrapping one. */
#define P11_SECRET_ATTRS(nk)						\
	A(CKA_TOKEN, (nk)->nk_yes), A(CKA_PRIVATE, (nk)->nk_yes),	\
	A(CKA_SENSITIVE, (nk)->nk_sensitive),				\
	A(CKA_EXTRACTABLE, (nk)->nk_extractable),			\
	AB(CKA_ID, (nk)->nk_id, P11_ID_LEN),				\
	AB(CKA_LABEL, (nk)->nk_label, P11_LABEL_LEN),			\
	A(CKA_SIGN, (nk)->nk_sign), A(CKA_DECRYPT, (nk)->nk_decrypt),	\
	A(CKA_DERIVE, (nk)->nk_derive), A(CKA_UNWRAP, (nk)->nk_no)
#define P11_PUBLIC_ATTRS(nk)						\
	A(CKA_TOKEN, (nk)->nk_yes), A(CKA_PRIVATE, (nk)->nk_no),	\
	AB(CKA_ID, (nk)->nk_id, P11_ID_LEN),				\
	AB(CKA_LABEL, (nk)->nk_label, P11_LABEL_LEN),			\
	A(CKA_VERIFY, (nk)->nk_verify), A(CKA_WRAP, (nk)->nk_no)

/* Destroy every object whose CKA_ID is id. */
static CK_RV
p11_objects_destroy(struct prov *p, CK_SESSION_HANDLE sh, const uint8_t *id,
    size_t *count)
{
	static const CK_OBJECT_CLASS classes[] = { CKO_PRIVATE_KEY,
	    CKO_PUBLIC_KEY, CKO_SECRET_KEY };
	CK_OBJECT_HANDLE obj;
	CK_RV rv = CKR_OK;

	*count = 0;
	/* A key has at most two objects; the bound stops a token that
	 * keeps returning an object it says it destroyed. */
	for (size_t i = 0; i < P11_NELEM(classes) && rv == CKR_OK &&
	    *count < 8; i++) {
		rv = p11_object_find(p, sh, id, P11_ID_LEN, classes[i], &obj);
		if (rv == CKR_OK && obj != CK_INVALID_HANDLE) {
			rv = p->p_fn->C_DestroyObject(sh, obj);
			(*count)++;
			i--;		/* the same class may hold another */
		}
	}
	/* After the destroys, whatever they returned: a find that ran
	 * before them cannot cache what they removed (p11_cache.h). */
	p11_handles_forget(p, id);
	return rv;
}

/* The PSA public key of a key pair, read from its public object. */
static CK_RV
p11_public_read(struct prov *p, CK_SESSION_HANDLE sh, CK_OBJECT_HANDLE pub,
    const struct psa_key_attrs *a, uint8_t *out, size_t out_size,
    size_t *out_len, psa_status_t *status)
{
	uint8_t *v1 = NULL, *v2 = NULL;
	size_t l1 = 0, l2 = 0;
	const uint8_t *pt;
	size_t pt_len;
	CK_RV rv;

	*out_len = 0;
	*status = PSA_ERROR_CORRUPTION_DETECTED;
	if (psa_key_type_is_ecc(a->type)) {
		if ((rv = p11_attr_get(p, sh, pub, CKA_EC_POINT, &v1, &l1)) !=
		    CKR_OK)
			goto out;
		*status = p11_der_ec_point_unwrap(v1, l1,
		    psa_export_public_key_output_size(a->type, a->bits), &pt,
		    &pt_len);
		if (*status == PSA_SUCCESS && pt_len > out_size)
			*status = PSA_ERROR_BUFFER_TOO_SMALL;
		if (*status == PSA_SUCCESS) {
			memcpy(out, pt, pt_len);
			*out_len = pt_len;
		}
		goto out;
	}
	if ((rv = p11_attr_get(p, sh, pub, CKA_MODULUS, &v1, &l1)) != CKR_OK ||
	    (rv = p11_attr_get(p, sh, pub, CKA_PUBLIC_EXPONENT, &v2, &l2)) !=
	    CKR_OK)
		goto out;
	struct p11_rsa_parts rp = { .rp_v = { v1, v2 }, .rp_len = { l1, l2 } };
	*status = p11_der_rsa_write(&rp, false, out, out_size, out_len);
out:
	if (rv != CKR_OK)
		*status = p11_rv_status("read public key", rv);
	free(v1);
	free(v2);
	return rv;
}

static CK_RV
p11_gen_pair(struct prov *p, CK_SESSION_HANDLE sh,
    const struct psa_key_attrs *a, struct p11_new *nk, CK_OBJECT_HANDLE *pub,
    CK_OBJECT_HANDLE *priv, psa_status_t *status)
{
	CK_OBJECT_CLASS pub_cls = CKO_PUBLIC_KEY, priv_cls = CKO_PRIVATE_KEY;
	CK_KEY_TYPE kt = CKK_EC;
	CK_MECHANISM mech = { CKM_EC_KEY_PAIR_GEN, NULL, 0 };
	static const uint8_t f4[] = { 0x01, 0x00, 0x01 };	/* 65537 */
	CK_ULONG mod_bits = (CK_ULONG)a->bits;
	const uint8_t *params;
	size_t params_len;
	CK_ATTRIBUTE pub_t[10] = { A(CKA_CLASS, pub_cls), A(CKA_KEY_TYPE, kt),
		P11_PUBLIC_ATTRS(nk) };
	CK_ATTRIBUTE priv_t[] = { A(CKA_CLASS, priv_cls), A(CKA_KEY_TYPE, kt),
		P11_SECRET_ATTRS(nk) };
	CK_ULONG pub_n = 7;

	*status = PSA_ERROR_NOT_SUPPORTED;
	if (a->type == P11_EC_PAIR) {
		if ((params = p11_ec_params(a->bits, &params_len)) == NULL)
			return CKR_OK;
		pub_t[pub_n++] = (CK_ATTRIBUTE)AB(CKA_EC_PARAMS, params,
		    params_len);
	} else if (a->type == PSA_KEY_TYPE_RSA_KEY_PAIR) {
		kt = CKK_RSA;
		mech.mechanism = CKM_RSA_PKCS_KEY_PAIR_GEN;
		pub_t[pub_n++] = (CK_ATTRIBUTE)A(CKA_MODULUS_BITS, mod_bits);
		pub_t[pub_n++] = (CK_ATTRIBUTE)AB(CKA_PUBLIC_EXPONENT, f4,
		    sizeof(f4));
		/* Only RSA public keys encrypt; EC ones never do. */
		pub_t[pub_n++] = (CK_ATTRIBUTE)A(CKA_ENCRYPT, nk->nk_encrypt);
	} else
		return CKR_OK;
	CK_RV rv = p->p_fn->C_GenerateKeyPair(sh, &mech, pub_t, pub_n, priv_t,
	    P11_NELEM(priv_t), pub, priv);
	*status = p11_rv_status("C_GenerateKeyPair", rv);
	return rv;
}

static CK_RV
p11_gen_secret(struct prov *p, CK_SESSION_HANDLE sh,
    const struct psa_key_attrs *a, struct p11_new *nk, CK_OBJECT_HANDLE *key,
    psa_status_t *status)
{
	CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
	CK_KEY_TYPE kt = CKK_AES;
	CK_MECHANISM mech = { CKM_AES_KEY_GEN, NULL, 0 };
	CK_ULONG value_len = (CK_ULONG)PSA_BITS_TO_BYTES(a->bits);
	CK_ATTRIBUTE t[] = { A(CKA_CLASS, cls), A(CKA_KEY_TYPE, kt),
		A(CKA_VALUE_LEN, value_len), P11_SECRET_ATTRS(nk),
		A(CKA_ENCRYPT, nk->nk_encrypt), A(CKA_VERIFY, nk->nk_verify) };

	if (a->type == PSA_KEY_TYPE_HMAC) {
		kt = CKK_GENERIC_SECRET;
		mech.mechanism = CKM_GENERIC_SECRET_KEY_GEN;
	} else if (a->type != PSA_KEY_TYPE_AES || a->bits % 8 != 0) {
		*status = PSA_ERROR_NOT_SUPPORTED;
		return CKR_OK;
	}
	CK_RV rv = p->p_fn->C_GenerateKey(sh, &mech, t, P11_NELEM(t), key);
	*status = p11_rv_status("C_GenerateKey", rv);
	return rv;
}

psa_status_t
p11_generate_key(struct prov *p, const struct psa_key_attrs *a,
    uint8_t **ref, size_t *ref_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	CK_OBJECT_HANDLE pub = CK_INVALID_HANDLE, priv = CK_INVALID_HANDLE;
	uint8_t pubkey[P11_REF_PUB_MAX];
	size_t pubkey_len = 0, destroyed;
	bool has_objects = false;
	struct p11_new nk;
	CK_RV rv = CKR_OK;

	*ref = NULL;
	*ref_len = 0;
	if (!p11_can_generate(p, a->type)) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if ((status = p11_new_init(p, a, &nk)) != PSA_SUCCESS ||
	    (status = p11_session_get(p, &s)) != PSA_SUCCESS)
		goto out;
	if (psa_key_type_is_key_pair(a->type)) {
		rv = p11_gen_pair(p, s.ps_handle, a, &nk, &pub, &priv, &status);
		if (status != PSA_SUCCESS)
			goto out;
		has_objects = true;
		if ((rv = p11_public_read(p, s.ps_handle, pub, a, pubkey,
		    sizeof(pubkey), &pubkey_len, &status)) != CKR_OK ||
		    status != PSA_SUCCESS)
			goto out;
	} else {
		rv = p11_gen_secret(p, s.ps_handle, a, &nk, &priv, &status);
		if (status != PSA_SUCCESS)
			goto out;
		has_objects = true;
	}
	if ((status = p11_ref_encode(nk.nk_id, pubkey, pubkey_len, ref,
	    ref_len)) != PSA_SUCCESS)
		goto out;
	has_objects = false;
	log_debug("pkcs11: created %s", nk.nk_label);
out:
	if (has_objects && s.ps_handle != CK_INVALID_HANDLE &&
	    p11_objects_destroy(p, s.ps_handle, nk.nk_id, &destroyed) != CKR_OK)
		log_warnx("pkcs11: could not remove %s after a failed create; "
		    "start-up reconciliation will", nk.nk_label);
	p11_session_put(p, &s, rv);
	return status;
}

/* ---- import ------------------------------------------------------------- */

static CK_RV
p11_import_secret(struct prov *p, CK_SESSION_HANDLE sh,
    const struct psa_key_attrs *a, struct p11_new *nk, const uint8_t *data,
    size_t len, size_t *bits, psa_status_t *status)
{
	CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
	CK_KEY_TYPE kt = a->type == PSA_KEY_TYPE_AES ? CKK_AES :
	    CKK_GENERIC_SECRET;
	CK_OBJECT_HANDLE obj;
	CK_ATTRIBUTE t[] = { A(CKA_CLASS, cls), A(CKA_KEY_TYPE, kt),
		AB(CKA_VALUE, data, len), P11_SECRET_ATTRS(nk),
		A(CKA_ENCRYPT, nk->nk_encrypt), A(CKA_VERIFY, nk->nk_verify) };
	CK_RV rv;

	if (len == 0 || len > 1024 || (a->bits != 0 && a->bits != len * 8) ||
	    (a->type == PSA_KEY_TYPE_AES && len != 16 && len != 24 &&
	    len != 32)) {
		*status = PSA_ERROR_INVALID_ARGUMENT;
		return CKR_OK;
	}
	*bits = len * 8;
	rv = p->p_fn->C_CreateObject(sh, t, P11_NELEM(t), &obj);
	*status = p11_rv_status("C_CreateObject", rv);
	return rv;
}

static CK_RV
p11_import_ec_pub(struct prov *p, CK_SESSION_HANDLE sh,
    const struct psa_key_attrs *a, struct p11_new *nk, const uint8_t *data,
    size_t len, size_t *bits, psa_status_t *status)
{
	CK_OBJECT_CLASS cls = CKO_PUBLIC_KEY;
	CK_KEY_TYPE kt = CKK_EC;
	CK_OBJECT_HANDLE obj;
	uint8_t point[1 + 3 + 133];
	size_t point_len, params_len, b = p11_ec_bits_from_point_len(len);
	const uint8_t *params = p11_ec_params(b, &params_len);
	CK_RV rv;

	if (params == NULL || (a->bits != 0 && a->bits != b) ||
	    (*status = p11_soft_ec_point_check(b, data, len)) != PSA_SUCCESS ||
	    (*status = p11_der_ec_point_wrap(data, len, point, sizeof(point),
	    &point_len)) != PSA_SUCCESS) {
		*status = PSA_ERROR_INVALID_ARGUMENT;
		return CKR_OK;
	}
	CK_ATTRIBUTE t[] = { A(CKA_CLASS, cls), A(CKA_KEY_TYPE, kt),
		AB(CKA_EC_PARAMS, params, params_len),
		AB(CKA_EC_POINT, point, point_len), P11_PUBLIC_ATTRS(nk) };
	*bits = b;
	rv = p->p_fn->C_CreateObject(sh, t, P11_NELEM(t), &obj);
	*status = p11_rv_status("C_CreateObject", rv);
	return rv;
}

/* A SECP_R1 key pair from its PSA format, the private scalar: both
 * objects, the public point computed in the service. */
static CK_RV
p11_import_ec_pair(struct prov *p, CK_SESSION_HANDLE sh,
    const struct psa_key_attrs *a, struct p11_new *nk, const uint8_t *data,
    size_t len, size_t *bits, uint8_t *pub, size_t pub_size, size_t *pub_len,
    psa_status_t *status)
{
	CK_OBJECT_CLASS pub_cls = CKO_PUBLIC_KEY, priv_cls = CKO_PRIVATE_KEY;
	CK_KEY_TYPE kt = CKK_EC;
	CK_OBJECT_HANDLE obj;
	uint8_t point[1 + 3 + 133];
	size_t point_len, params_len;
	size_t b = len == 32 ? 256 : len == 48 ? 384 : len == 66 ? 521 : 0;
	const uint8_t *params = p11_ec_params(b, &params_len);
	CK_RV rv;

	*pub_len = 0;
	if (params == NULL || (a->bits != 0 && a->bits != b) ||
	    p11_soft_ec_public(b, data, len, pub, pub_size, pub_len) !=
	    PSA_SUCCESS ||
	    p11_der_ec_point_wrap(pub, *pub_len, point, sizeof(point),
	    &point_len) != PSA_SUCCESS) {
		*status = PSA_ERROR_INVALID_ARGUMENT;
		return CKR_OK;
	}
	*bits = b;
	CK_ATTRIBUTE pub_t[] = { A(CKA_CLASS, pub_cls), A(CKA_KEY_TYPE, kt),
		AB(CKA_EC_PARAMS, params, params_len),
		AB(CKA_EC_POINT, point, point_len), P11_PUBLIC_ATTRS(nk) };
	rv = p->p_fn->C_CreateObject(sh, pub_t, P11_NELEM(pub_t), &obj);
	if (rv != CKR_OK) {
		*status = p11_rv_status("C_CreateObject", rv);
		return rv;
	}
	CK_ATTRIBUTE priv_t[] = { A(CKA_CLASS, priv_cls), A(CKA_KEY_TYPE, kt),
		AB(CKA_EC_PARAMS, params, params_len), AB(CKA_VALUE, data, len),
		P11_SECRET_ATTRS(nk) };
	rv = p->p_fn->C_CreateObject(sh, priv_t, P11_NELEM(priv_t), &obj);
	*status = p11_rv_status("C_CreateObject", rv);
	return rv;
}

#define ABR(t, i)	AB((t), rp.rp_v[i], rp.rp_len[i])

static CK_RV
p11_import_rsa(struct prov *p, CK_SESSION_HANDLE sh,
    const struct psa_key_attrs *a, struct p11_new *nk, const uint8_t *data,
    size_t len, size_t *bits, uint8_t *pub, size_t pub_size, size_t *pub_len,
    psa_status_t *status)
{
	bool is_pair = a->type == PSA_KEY_TYPE_RSA_KEY_PAIR;
	CK_OBJECT_CLASS pub_cls = CKO_PUBLIC_KEY, priv_cls = CKO_PRIVATE_KEY;
	CK_KEY_TYPE kt = CKK_RSA;
	CK_OBJECT_HANDLE obj;
	struct p11_rsa_parts rp;
	size_t b;
	CK_RV rv;

	*status = is_pair ? p11_der_rsa_priv_parse(data, len, &rp) :
	    p11_der_rsa_pub_parse(data, len, &rp);
	if (*status != PSA_SUCCESS)
		return CKR_OK;
	b = p11_der_int_bits(rp.rp_v[P11_RSA_N], rp.rp_len[P11_RSA_N]);
	if (b < 1024 || b > 8192 || (a->bits != 0 && a->bits != b) ||
	    (*status = p11_der_rsa_write(&rp, false, pub, pub_size,
	    pub_len)) != PSA_SUCCESS) {
		*status = PSA_ERROR_INVALID_ARGUMENT;
		return CKR_OK;
	}
	*bits = b;
	CK_ATTRIBUTE pub_t[] = { A(CKA_CLASS, pub_cls), A(CKA_KEY_TYPE, kt),
		ABR(CKA_MODULUS, P11_RSA_N),
		ABR(CKA_PUBLIC_EXPONENT, P11_RSA_E), P11_PUBLIC_ATTRS(nk),
		A(CKA_ENCRYPT, nk->nk_encrypt) };
	rv = p->p_fn->C_CreateObject(sh, pub_t, P11_NELEM(pub_t), &obj);
	if (rv != CKR_OK || !is_pair) {
		*status = p11_rv_status("C_CreateObject", rv);
		return rv;
	}
	CK_ATTRIBUTE priv_t[] = { A(CKA_CLASS, priv_cls), A(CKA_KEY_TYPE, kt),
		ABR(CKA_MODULUS, P11_RSA_N),
		ABR(CKA_PUBLIC_EXPONENT, P11_RSA_E),
		ABR(CKA_PRIVATE_EXPONENT, P11_RSA_D),
		ABR(CKA_PRIME_1, P11_RSA_P), ABR(CKA_PRIME_2, P11_RSA_Q),
		ABR(CKA_EXPONENT_1, P11_RSA_DP),
		ABR(CKA_EXPONENT_2, P11_RSA_DQ),
		ABR(CKA_COEFFICIENT, P11_RSA_QINV), P11_SECRET_ATTRS(nk) };
	rv = p->p_fn->C_CreateObject(sh, priv_t, P11_NELEM(priv_t), &obj);
	*status = p11_rv_status("C_CreateObject", rv);
	return rv;
}

psa_status_t
p11_import_key(struct prov *p, const struct psa_key_attrs *a,
    const uint8_t *data, size_t data_len, size_t *bits, uint8_t **ref,
    size_t *ref_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	uint8_t pub[P11_REF_PUB_MAX];
	size_t pub_len = 0, destroyed;
	bool has_objects = false;
	struct p11_new nk;
	CK_RV rv = CKR_OK;

	*ref = NULL;
	*ref_len = 0;
	if (a->type != PSA_KEY_TYPE_AES && a->type != PSA_KEY_TYPE_HMAC &&
	    a->type != P11_EC_PUB && a->type != P11_EC_PAIR &&
	    !psa_key_type_is_rsa(a->type)) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if ((status = p11_new_init(p, a, &nk)) != PSA_SUCCESS ||
	    (status = p11_session_get(p, &s)) != PSA_SUCCESS)
		goto out;
	/* Objects may exist even when a later step failed: clean up. */
	has_objects = true;
	if (a->type == P11_EC_PUB) {
		rv = p11_import_ec_pub(p, s.ps_handle, a, &nk, data, data_len,
		    bits, &status);
		if (status == PSA_SUCCESS && data_len <= sizeof(pub)) {
			memcpy(pub, data, data_len);
			pub_len = data_len;
		}
	} else if (a->type == P11_EC_PAIR)
		rv = p11_import_ec_pair(p, s.ps_handle, a, &nk, data,
		    data_len, bits, pub, sizeof(pub), &pub_len, &status);
	else if (psa_key_type_is_rsa(a->type))
		rv = p11_import_rsa(p, s.ps_handle, a, &nk, data, data_len,
		    bits, pub, sizeof(pub), &pub_len, &status);
	else
		rv = p11_import_secret(p, s.ps_handle, a, &nk, data, data_len,
		    bits, &status);
	if (status != PSA_SUCCESS ||
	    (status = p11_ref_encode(nk.nk_id, pub, pub_len, ref, ref_len)) !=
	    PSA_SUCCESS)
		goto out;
	has_objects = false;
out:
	if (has_objects && s.ps_handle != CK_INVALID_HANDLE &&
	    p11_objects_destroy(p, s.ps_handle, nk.nk_id, &destroyed) != CKR_OK)
		log_warnx("pkcs11: could not remove %s after a failed import",
		    nk.nk_label);
	p11_session_put(p, &s, rv);
	return status;
}

/* ---- destroy, export ---------------------------------------------------- */

psa_status_t
p11_destroy_key(struct prov *p, const struct prov_key *k)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	struct p11_ref ref;
	size_t destroyed = 0;
	CK_RV rv = CKR_OK;

	if ((status = p11_key_ref(k, &ref)) != PSA_SUCCESS ||
	    (status = p11_session_get(p, &s)) != PSA_SUCCESS)
		goto out;
	rv = p11_objects_destroy(p, s.ps_handle, ref.ref_id, &destroyed);
	/* No object left is what destroy wants: a repeat after a crash
	 * between the token and the key store must succeed. */
	status = p11_rv_status("C_DestroyObject", rv);
	if (status == PSA_SUCCESS && destroyed == 0)
		log_debug("pkcs11: destroy: no object with that CKA_ID");
out:
	p11_session_put(p, &s, rv);
	return status;
}

psa_status_t
p11_export_public_key(struct prov *p, const struct prov_key *k,
    uint8_t *out, size_t out_size, size_t *out_len)
{
	struct p11_ref ref;
	psa_status_t status;

	(void)p;
	*out_len = 0;
	if ((status = p11_key_ref(k, &ref)) != PSA_SUCCESS)
		return status;
	if (ref.ref_pub_len == 0)
		return PSA_ERROR_INVALID_ARGUMENT;	/* a secret key */
	if (ref.ref_pub_len > out_size)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	memcpy(out, ref.ref_pub, ref.ref_pub_len);
	*out_len = ref.ref_pub_len;
	return PSA_SUCCESS;
}

/* The private parts of an RSA key as RSAPrivateKey DER. */
static CK_RV
p11_export_rsa(struct prov *p, CK_SESSION_HANDLE sh, CK_OBJECT_HANDLE obj,
    uint8_t *out, size_t out_size, size_t *out_len, psa_status_t *status)
{
	static const CK_ATTRIBUTE_TYPE types[P11_RSA_COUNT] = { CKA_MODULUS,
	    CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT, CKA_PRIME_1,
	    CKA_PRIME_2, CKA_EXPONENT_1, CKA_EXPONENT_2, CKA_COEFFICIENT };
	struct p11_rsa_parts rp;
	uint8_t *v[P11_RSA_COUNT] = { NULL };
	CK_RV rv = CKR_OK;

	memset(&rp, 0, sizeof(rp));
	for (size_t i = 0; i < P11_RSA_COUNT && rv == CKR_OK; i++) {
		rv = p11_attr_get(p, sh, obj, types[i], &v[i], &rp.rp_len[i]);
		rp.rp_v[i] = v[i];
	}
	*status = rv != CKR_OK ? p11_rv_status("export RSA", rv) :
	    p11_der_rsa_write(&rp, true, out, out_size, out_len);
	for (size_t i = 0; i < P11_RSA_COUNT; i++)
		if (v[i] != NULL)
			OPENSSL_clear_free(v[i], rp.rp_len[i]);
	return rv;
}

psa_status_t
p11_export_key(struct prov *p, const struct prov_key *k, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	const struct psa_key_attrs *a;
	CK_OBJECT_CLASS cls;
	CK_OBJECT_HANDLE obj;
	uint8_t *v = NULL;
	size_t v_len = 0, want;
	CK_RV rv = CKR_OK;

	*out_len = 0;
	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	a = k->pk_attrs;
	if (psa_key_type_is_public_key(a->type))
		return p11_export_public_key(p, k, out, out_size, out_len);
	cls = psa_key_type_is_key_pair(a->type) ? CKO_PRIVATE_KEY :
	    CKO_SECRET_KEY;
	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS)
		goto out;
	/* As p11_key_init does: a stale handle is found once more. */
	for (int tries = 0; tries < 2; tries++) {
		if ((status = p11_key_object(p, &s, k, cls, &obj, &rv)) !=
		    PSA_SUCCESS)
			goto out;
		if (psa_key_type_is_rsa(a->type))
			rv = p11_export_rsa(p, s.ps_handle, obj, out, out_size,
			    out_len, &status);
		else
			rv = p11_attr_get(p, s.ps_handle, obj, CKA_VALUE, &v,
			    &v_len);
		if (!p11_key_stale(p, k, cls, rv))
			break;
	}
	if (psa_key_type_is_rsa(a->type))
		goto out;
	if (rv != CKR_OK) {
		status = p11_rv_status("export", rv);
		goto out;
	}
	/* EC private keys: the scalar, left-padded to the order's length
	 * (PSA format); secret keys: the value as is. */
	want = psa_key_type_is_ecc(a->type) ? PSA_BITS_TO_BYTES(a->bits) :
	    v_len;
	if (v_len > want) {
		status = PSA_ERROR_DATA_CORRUPT;
		goto out;
	}
	if (want > out_size) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	memset(out, 0, want - v_len);
	memcpy(out + (want - v_len), v, v_len);
	*out_len = want;
	status = PSA_SUCCESS;
out:
	if (v != NULL)
		OPENSSL_clear_free(v, v_len);
	if (status != PSA_SUCCESS && out_size > 0)
		OPENSSL_cleanse(out, out_size);
	if (status != PSA_SUCCESS)
		*out_len = 0;
	p11_session_put(p, &s, rv);
	return status;
}

/* ---- labels ------------------------------------------------------------- */

/* CKA_LABEL is UTF-8 text (v2.40 §4.4); keep it to a size every token
 * takes, cut on a character boundary. */
#define P11_LABEL_MAX	128u

psa_status_t
p11_label_key(struct prov *p, const struct prov_key *k, const char *app_name,
    const char *key_name)
{
	static const CK_OBJECT_CLASS classes[] = { CKO_PRIVATE_KEY,
	    CKO_PUBLIC_KEY, CKO_SECRET_KEY };
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	char label[P11_LABEL_MAX + 8];	/* room to see where a cut falls */
	struct p11_ref ref;
	CK_OBJECT_HANDLE obj;
	size_t len;
	CK_RV rv = CKR_OK;

	if ((status = p11_key_ref(k, &ref)) != PSA_SUCCESS)
		goto out;
	len = (size_t)snprintf(label, sizeof(label), "%s%s/%s",
	    P11_LABEL_PREFIX, app_name, key_name);
	if (len > P11_LABEL_MAX) {
		len = P11_LABEL_MAX;
		/* label[len] is the first byte left out: never cut in
		 * front of a continuation byte. */
		while (len > 0 && ((uint8_t)label[len] & 0xc0u) == 0x80u)
			len--;
	}
	if ((status = p11_session_get(p, &s)) != PSA_SUCCESS)
		goto out;
	for (size_t i = 0; i < P11_NELEM(classes) && rv == CKR_OK; i++) {
		CK_ATTRIBUTE t = { CKA_LABEL, label, (CK_ULONG)len };

		rv = p11_object_find(p, s.ps_handle, ref.ref_id, P11_ID_LEN,
		    classes[i], &obj);
		if (rv == CKR_OK && obj != CK_INVALID_HANDLE)
			rv = p->p_fn->C_SetAttributeValue(s.ps_handle, obj, &t,
			    1);
	}
	status = p11_rv_status("label", rv);
out:
	p11_session_put(p, &s, rv);
	return status;
}
