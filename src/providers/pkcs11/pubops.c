/* providers/pkcs11/pubops.c: public-key work done in the service with
 * OpenSSL 3 rather than on the token: point validation of imported and
 * peer EC keys, and, with software_public_operations = true, signature
 * verification and RSA encryption from the public key kept in the key
 * reference (Parsec's option of the same name). */
#include "providers/pkcs11/p11_int.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/obj_mac.h>
#include <openssl/x509.h>

#include "psa/policy.h"
#include "psa/sizes.h"

static const char *
p11_curve_name(size_t bits)
{
	return bits == 256 ? "P-256" : bits == 384 ? "P-384" :
	    bits == 521 ? "P-521" : NULL;
}

/* An EVP_PKEY for an EC public point. */
static psa_status_t
p11_pkey_ec(size_t bits, const uint8_t *pt, size_t pt_len, EVP_PKEY **pkey)
{
	const char *curve = p11_curve_name(bits);
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *ctx = NULL;
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;

	*pkey = NULL;
	if (curve == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	params[0] = OSSL_PARAM_construct_utf8_string(
	    OSSL_PKEY_PARAM_GROUP_NAME, (char *)(uintptr_t)curve, 0);
	params[1] = OSSL_PARAM_construct_octet_string(
	    OSSL_PKEY_PARAM_PUB_KEY, (void *)(uintptr_t)pt, pt_len);
	params[2] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) != NULL &&
	    EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, pkey, EVP_PKEY_PUBLIC_KEY, params) == 1)
		status = PSA_SUCCESS;
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return status;
}

psa_status_t
p11_soft_ec_point_check(size_t bits, const uint8_t *pt, size_t pt_len)
{
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	psa_status_t status;

	if (pt_len == 0 || pt[0] != 0x04)	/* uncompressed only */
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = p11_pkey_ec(bits, pt, pt_len, &pkey)) != PSA_SUCCESS)
		return status;
	/* SP 800-56A §5.6.2.3.3 partial validation: on the curve. */
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL ||
	    EVP_PKEY_public_check(ctx) != 1)
		status = PSA_ERROR_INVALID_ARGUMENT;
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	ERR_clear_error();
	return status;
}

static psa_status_t
p11_pkey_from_ref(const struct p11_ref *ref, const struct psa_key_attrs *a,
    EVP_PKEY **pkey)
{
	const uint8_t *p = ref->ref_pub;

	*pkey = NULL;
	if (ref->ref_pub_len == 0)
		return PSA_ERROR_INVALID_ARGUMENT;
	if (psa_key_type_is_ecc(a->type))
		return p11_pkey_ec(a->bits, ref->ref_pub, ref->ref_pub_len,
		    pkey);
	if (psa_key_type_is_rsa(a->type) &&
	    (*pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p,
	    (long)ref->ref_pub_len)) != NULL)
		return PSA_SUCCESS;
	ERR_clear_error();
	return PSA_ERROR_DATA_CORRUPT;
}

static const EVP_MD *
p11_md(psa_algorithm_t hash)
{
	switch (hash) {
	case PSA_ALG_SHA_1:
		return EVP_sha1();
	case PSA_ALG_SHA_224:
		return EVP_sha224();
	case PSA_ALG_SHA_256:
		return EVP_sha256();
	case PSA_ALG_SHA_384:
		return EVP_sha384();
	case PSA_ALG_SHA_512:
		return EVP_sha512();
	default:
		return NULL;
	}
}

/* r || s -> DER ECDSA-Sig-Value; *der is OPENSSL_malloc'd. */
static psa_status_t
p11_ecdsa_der(const uint8_t *sig, size_t sig_len, uint8_t **der, int *der_len)
{
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = NULL, *s = NULL;
	psa_status_t status = PSA_ERROR_INSUFFICIENT_MEMORY;

	*der = NULL;
	if (es == NULL ||
	    (r = BN_bin2bn(sig, (int)(sig_len / 2), NULL)) == NULL ||
	    (s = BN_bin2bn(sig + sig_len / 2, (int)(sig_len / 2), NULL)) ==
	    NULL || ECDSA_SIG_set0(es, r, s) != 1)
		goto out;
	r = s = NULL;
	if ((*der_len = i2d_ECDSA_SIG(es, der)) > 0)
		status = PSA_SUCCESS;
out:
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(es);
	return status;
}

psa_status_t
p11_soft_verify(const struct p11_ref *ref, const struct psa_key_attrs *a,
    psa_algorithm_t alg, const uint8_t *hash, size_t hash_len,
    const uint8_t *sig, size_t sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	psa_algorithm_t h = psa_alg_sign_get_hash(alg);
	const EVP_MD *md = h != 0 ? p11_md(h) : NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	uint8_t *der = NULL;
	int der_len = 0, rc;

	if (h != 0 && md == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if ((status = p11_pkey_from_ref(ref, a, &pkey)) != PSA_SUCCESS)
		goto out;
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL ||
	    EVP_PKEY_verify_init(ctx) != 1) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if (psa_alg_is_ecdsa(alg)) {
		if ((status = p11_ecdsa_der(sig, sig_len, &der, &der_len)) !=
		    PSA_SUCCESS)
			goto out;
		sig = der;
		sig_len = (size_t)der_len;
	} else if (EVP_PKEY_CTX_set_rsa_padding(ctx,
	    psa_alg_is_rsa_pss(alg) ? RSA_PKCS1_PSS_PADDING :
	    RSA_PKCS1_PADDING) != 1 ||
	    (md != NULL && EVP_PKEY_CTX_set_signature_md(ctx, md) != 1) ||
	    (psa_alg_is_rsa_pss(alg) &&
	    (EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, (int)hash_len) != 1))) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	rc = EVP_PKEY_verify(ctx, sig, sig_len, hash, hash_len);
	status = rc == 1 ? PSA_SUCCESS : PSA_ERROR_INVALID_SIGNATURE;
out:
	OPENSSL_free(der);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	ERR_clear_error();
	return status;
}

psa_status_t
p11_soft_encrypt(const struct p11_ref *ref, const struct psa_key_attrs *a,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len,
    const uint8_t *salt, size_t salt_len, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const EVP_MD *md = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	uint8_t *label = NULL;
	size_t len = out_size;

	*out_len = 0;
	if (psa_alg_is_rsa_oaep(alg) &&
	    (md = p11_md(psa_alg_get_hash(alg))) == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if ((status = p11_pkey_from_ref(ref, a, &pkey)) != PSA_SUCCESS)
		goto out;
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL ||
	    EVP_PKEY_encrypt_init(ctx) != 1) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if (md == NULL) {
		if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1) {
			status = PSA_ERROR_NOT_SUPPORTED;
			goto out;
		}
	} else {
		/* set0 takes ownership of the label copy. */
		if (salt_len > 0 &&
		    (label = OPENSSL_memdup(salt, salt_len)) == NULL) {
			status = PSA_ERROR_INSUFFICIENT_MEMORY;
			goto out;
		}
		if (EVP_PKEY_CTX_set_rsa_padding(ctx,
		    RSA_PKCS1_OAEP_PADDING) != 1 ||
		    EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) != 1 ||
		    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) != 1 ||
		    (label != NULL && EVP_PKEY_CTX_set0_rsa_oaep_label(ctx,
		    label, (int)salt_len) != 1)) {
			status = PSA_ERROR_NOT_SUPPORTED;
			goto out;
		}
		label = NULL;
	}
	if (EVP_PKEY_encrypt(ctx, out, &len, in, in_len) != 1) {
		status = PSA_ERROR_INVALID_ARGUMENT;	/* too long */
		goto out;
	}
	*out_len = len;
	status = PSA_SUCCESS;
out:
	OPENSSL_free(label);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	ERR_clear_error();
	return status;
}

psa_status_t
p11_soft_ec_public(size_t bits, const uint8_t *priv, size_t priv_len,
    uint8_t *pub, size_t pub_size, size_t *pub_len)
{
	int nid = bits == 256 ? NID_X9_62_prime256v1 : bits == 384 ?
	    NID_secp384r1 : bits == 521 ? NID_secp521r1 : NID_undef;
	psa_status_t status = PSA_ERROR_INSUFFICIENT_MEMORY;
	EC_GROUP *group = NULL;
	EC_POINT *point = NULL;
	BIGNUM *d = NULL;
	BN_CTX *ctx = NULL;
	size_t len;

	*pub_len = 0;
	if (nid == NID_undef)
		return PSA_ERROR_NOT_SUPPORTED;
	if ((group = EC_GROUP_new_by_curve_name(nid)) == NULL ||
	    (point = EC_POINT_new(group)) == NULL ||
	    (ctx = BN_CTX_new()) == NULL ||
	    (d = BN_bin2bn(priv, (int)priv_len, NULL)) == NULL)
		goto out;
	BN_set_flags(d, BN_FLG_CONSTTIME);
	/* PSA ECC private key: 0 < d < n (PSA spec, key formats). */
	if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(group)) >= 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (EC_POINT_mul(group, point, d, NULL, NULL, ctx) != 1 ||
	    (len = EC_POINT_point2oct(group, point,
	    POINT_CONVERSION_UNCOMPRESSED, pub, pub_size, ctx)) == 0) {
		status = PSA_ERROR_GENERIC_ERROR;
		goto out;
	}
	*pub_len = len;
	status = PSA_SUCCESS;
out:
	BN_clear_free(d);
	BN_CTX_free(ctx);
	EC_POINT_free(point);
	EC_GROUP_free(group);
	ERR_clear_error();
	return status;
}
