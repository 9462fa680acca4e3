/* providers/soft/pkey.c: asymmetric keys between their PSA formats (spec,
 * psa_export_key / psa_export_public_key) and OpenSSL EVP_PKEYs:
 *   RSA key pair    DER RSAPrivateKey (PKCS#1, RFC 8017 A.1.2)
 *   RSA public key  DER RSAPublicKey (PKCS#1, RFC 8017 A.1.1), not SPKI
 *   Weierstrass ECC private scalar, big-endian, ceil(bits/8) bytes;
 *                   public 0x04 || X || Y (SEC 1 §2.3.3)
 *   X25519/X448, Ed25519/Ed448  the raw strings of RFC 7748 / RFC 8032
 */
#include "providers/soft/soft_int.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "psa/policy.h"

#define SOFT_EC_PUB_MAX		(1u + 2u * 66u)		/* secp521r1 */

/* ---- RSA ----------------------------------------------------------------- */

/* DER of `pkey` as PKCS#1 (selection picks RSAPrivateKey or
 * RSAPublicKey); *der is OPENSSL_malloc'd. */
static psa_status_t
soft_rsa_encode(EVP_PKEY *pkey, int selection, uint8_t **der, size_t *len)
{
	OSSL_ENCODER_CTX *ectx = NULL;
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;

	*der = NULL;
	*len = 0;
	if ((ectx = OSSL_ENCODER_CTX_new_for_pkey(pkey, selection, "DER",
	    "type-specific", NULL)) == NULL ||
	    OSSL_ENCODER_CTX_get_num_encoders(ectx) == 0 ||
	    OSSL_ENCODER_to_data(ectx, der, len) != 1) {
		status = soft_ossl_status("RSA encode",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	OSSL_ENCODER_CTX_free(ectx);
	return status;
}

static psa_status_t
soft_rsa_decode(const uint8_t *data, size_t data_len, bool is_private,
    bool validate, EVP_PKEY **out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	int selection = is_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
	OSSL_DECODER_CTX *dctx = NULL;
	EVP_PKEY_CTX *cctx = NULL;
	EVP_PKEY *pkey = NULL;
	const uint8_t *p = data;
	size_t left = data_len;
	uint8_t *der = NULL;
	size_t der_len = 0;

	*out = NULL;
	if ((dctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, "DER",
	    "type-specific", "RSA", selection, NULL, NULL)) == NULL) {
		status = soft_ossl_status("RSA decoder",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (OSSL_DECODER_from_data(dctx, &p, &left) != 1 || pkey == NULL ||
	    left != 0) {
		status = soft_ossl_status("RSA key data",
		    PSA_ERROR_INVALID_ARGUMENT);
		goto out;
	}
	/* OpenSSL's decoders also take PKCS#8 and SubjectPublicKeyInfo
	 * here; PSA names only PKCS#1 DER, so the data must be exactly the
	 * PKCS#1 encoding of the key it holds. */
	if (validate) {
		if ((status = soft_rsa_encode(pkey, selection, &der,
		    &der_len)) != PSA_SUCCESS)
			goto out;
		if (der_len != data_len || CRYPTO_memcmp(der, data,
		    data_len) != 0) {
			status = PSA_ERROR_INVALID_ARGUMENT;
			goto out;
		}
		/* A private key must be consistent (n = pq, d inverts e),
		 * or it signs garbage and leaks its factors doing so. */
		if (is_private &&
		    ((cctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey,
		    NULL)) == NULL || EVP_PKEY_pairwise_check(cctx) != 1)) {
			status = soft_ossl_status("RSA key pair check",
			    PSA_ERROR_INVALID_ARGUMENT);
			goto out;
		}
	}
	*out = pkey;
	pkey = NULL;
	status = PSA_SUCCESS;
out:
	OPENSSL_clear_free(der, der_len);
	EVP_PKEY_CTX_free(cctx);
	EVP_PKEY_free(pkey);
	OSSL_DECODER_CTX_free(dctx);
	return status;
}

/* ---- Weierstrass ECC ----------------------------------------------------- */

static psa_status_t
soft_ec_fromdata(const struct soft_curve *c, const BIGNUM *priv,
    const uint8_t *pub, size_t pub_len, EVP_PKEY **out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;

	*out = NULL;
	if ((bld = OSSL_PARAM_BLD_new()) == NULL ||
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
	    c->sc_name, 0) != 1 ||
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
	    pub, pub_len) != 1 ||
	    (priv != NULL && OSSL_PARAM_BLD_push_BN(bld,
	    OSSL_PKEY_PARAM_PRIV_KEY, priv) != 1) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) != 1) {
		status = soft_ossl_status("EC key params",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	/* OpenSSL refuses a point that is not on the curve here. */
	if (EVP_PKEY_fromdata(ctx, out, priv != NULL ? EVP_PKEY_KEYPAIR :
	    EVP_PKEY_PUBLIC_KEY, params) != 1) {
		status = soft_ossl_status("EC key data",
		    PSA_ERROR_INVALID_ARGUMENT);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);	/* clears the secure copy of priv */
	OSSL_PARAM_BLD_free(bld);
	return status;
}

static psa_status_t
soft_ec_from_pub(const struct soft_curve *c, const uint8_t *pub,
    size_t pub_len, bool validate, EVP_PKEY **out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	EVP_PKEY_CTX *cctx = NULL;
	EVP_PKEY *pkey = NULL;

	*out = NULL;
	/* Uncompressed only: the one form the PSA format allows. */
	if (pub_len != c->sc_pub_len || pub[0] != 0x04) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = soft_ec_fromdata(c, NULL, pub, pub_len, &pkey)) !=
	    PSA_SUCCESS)
		goto out;
	/* Off-curve or small-order points are the invalid-curve attack's
	 * raw material (SEC 1 §3.2.2.1 public key validation). */
	if (validate &&
	    ((cctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL ||
	    EVP_PKEY_public_check(cctx) != 1)) {
		status = soft_ossl_status("EC public key check",
		    PSA_ERROR_INVALID_ARGUMENT);
		goto out;
	}
	*out = pkey;
	pkey = NULL;
	status = PSA_SUCCESS;
out:
	EVP_PKEY_CTX_free(cctx);
	EVP_PKEY_free(pkey);
	return status;
}

/* A key pair from the private scalar; OpenSSL 3.0 does not derive the
 * public point on import, so it is computed here (needed for
 * export_public_key and by some signers). */
static psa_status_t
soft_ec_from_priv(const struct soft_curve *c, const uint8_t *d, size_t d_len,
    EVP_PKEY **out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t pub[SOFT_EC_PUB_MAX];
	EC_GROUP *group = NULL;
	EC_POINT *point = NULL;
	BIGNUM *priv = NULL;
	BN_CTX *bnctx = NULL;
	size_t pub_len;

	*out = NULL;
	if (d_len != c->sc_priv_len) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((group = EC_GROUP_new_by_curve_name(c->sc_nid)) == NULL ||
	    (bnctx = BN_CTX_secure_new()) == NULL ||
	    (priv = BN_secure_new()) == NULL ||
	    (point = EC_POINT_new(group)) == NULL) {
		status = soft_ossl_status("EC setup",
		    PSA_ERROR_INSUFFICIENT_MEMORY);
		goto out;
	}
	BN_set_flags(priv, BN_FLG_CONSTTIME);
	if (BN_bin2bn(d, (int)d_len, priv) == NULL) {
		status = soft_ossl_status("EC scalar",
		    PSA_ERROR_INSUFFICIENT_MEMORY);
		goto out;
	}
	/* Spec, ECC key pair format: the scalar must be in [1, n-1]. */
	if (BN_is_zero(priv) ||
	    BN_cmp(priv, EC_GROUP_get0_order(group)) >= 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (EC_POINT_mul(group, point, priv, NULL, NULL, bnctx) != 1 ||
	    (pub_len = EC_POINT_point2oct(group, point,
	    POINT_CONVERSION_UNCOMPRESSED, pub, sizeof(pub), bnctx)) !=
	    c->sc_pub_len) {
		status = soft_ossl_status("EC public point",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	status = soft_ec_fromdata(c, priv, pub, pub_len, out);
out:
	EC_POINT_free(point);
	BN_clear_free(priv);
	BN_CTX_free(bnctx);
	EC_GROUP_free(group);
	return status;
}

static psa_status_t
soft_ec_export(EVP_PKEY *pkey, const struct soft_curve *c, bool want_private,
    uint8_t *out, size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t pub[SOFT_EC_PUB_MAX];
	BIGNUM *priv = NULL;
	size_t len = 0;

	if (want_private) {
		if (out_size < c->sc_priv_len) {
			status = PSA_ERROR_BUFFER_TOO_SMALL;
			goto out;
		}
		if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY,
		    &priv) != 1 ||
		    BN_bn2binpad(priv, out, (int)c->sc_priv_len) !=
		    (int)c->sc_priv_len) {
			status = soft_ossl_status("EC private export",
			    PSA_ERROR_GENERIC_ERROR);
			goto out;
		}
		*out_len = c->sc_priv_len;
		status = PSA_SUCCESS;
		goto out;
	}
	if (out_size < c->sc_pub_len) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, pub,
	    sizeof(pub), &len) != 1 || len != c->sc_pub_len ||
	    pub[0] != 0x04) {
		status = soft_ossl_status("EC public export",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	memcpy(out, pub, len);
	*out_len = len;
	status = PSA_SUCCESS;
out:
	BN_clear_free(priv);
	return status;
}

/* ---- Montgomery and Edwards curves: raw strings ------------------------- */

static psa_status_t
soft_raw_from_psa(const struct soft_curve *c, const uint8_t *data,
    size_t data_len, bool is_private, EVP_PKEY **out)
{
	if (data_len != (is_private ? c->sc_priv_len : c->sc_pub_len))
		return PSA_ERROR_INVALID_ARGUMENT;
	/* RFC 7748 §5: every 32/56-byte string is a valid X25519/X448
	 * scalar or u-coordinate (the scalar is clamped when used). */
	*out = is_private ?
	    EVP_PKEY_new_raw_private_key_ex(NULL, c->sc_name, NULL, data,
	    data_len) :
	    EVP_PKEY_new_raw_public_key_ex(NULL, c->sc_name, NULL, data,
	    data_len);
	if (*out == NULL)
		return soft_ossl_status("raw key", PSA_ERROR_INVALID_ARGUMENT);
	return PSA_SUCCESS;
}

static psa_status_t
soft_raw_export(EVP_PKEY *pkey, const struct soft_curve *c, bool want_private,
    uint8_t *out, size_t out_size, size_t *out_len)
{
	size_t len = want_private ? c->sc_priv_len : c->sc_pub_len;

	if (out_size < len)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	if ((want_private ? EVP_PKEY_get_raw_private_key(pkey, out, &len) :
	    EVP_PKEY_get_raw_public_key(pkey, out, &len)) != 1 ||
	    len != (want_private ? c->sc_priv_len : c->sc_pub_len)) {
		OPENSSL_cleanse(out, out_size);
		return soft_ossl_status("raw key export",
		    PSA_ERROR_GENERIC_ERROR);
	}
	*out_len = len;
	return PSA_SUCCESS;
}

/* ---- Dispatch by type --------------------------------------------------- */

psa_status_t
soft_pkey_from_psa(psa_key_type_t type, const uint8_t *data,
    size_t data_len, bool validate, size_t *bits, EVP_PKEY **pkey)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	bool is_private = psa_key_type_is_key_pair(type);
	const struct soft_curve *c;
	size_t found;

	*pkey = NULL;
	if (data == NULL || data_len == 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (psa_key_type_is_rsa(type)) {
		if ((status = soft_rsa_decode(data, data_len, is_private,
		    validate, pkey)) != PSA_SUCCESS)
			goto out;
		found = (size_t)EVP_PKEY_get_bits(*pkey);
	} else if (psa_key_type_is_ecc(type)) {
		c = *bits != 0 ? soft_curve_find(type, *bits) :
		    soft_curve_by_len(type, data_len, is_private);
		if (c == NULL) {
			/* A known curve of the wrong length is the caller's
			 * mistake; a curve we lack is ours. */
			status = *bits != 0 && psa_key_size_validate(type,
			    *bits) == PSA_SUCCESS ? PSA_ERROR_NOT_SUPPORTED :
			    PSA_ERROR_INVALID_ARGUMENT;
			goto out;
		}
		if (c->sc_kind != SOFT_CURVE_WEIERSTRASS)
			status = soft_raw_from_psa(c, data, data_len,
			    is_private, pkey);
		else if (is_private)
			status = soft_ec_from_priv(c, data, data_len, pkey);
		else
			status = soft_ec_from_pub(c, data, data_len, validate,
			    pkey);
		if (status != PSA_SUCCESS)
			goto out;
		found = c->sc_bits;
	} else {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if (*bits != 0 && found != *bits) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	*bits = found;
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS) {
		EVP_PKEY_free(*pkey);
		*pkey = NULL;
	}
	return status;
}

psa_status_t
soft_pkey_to_psa(EVP_PKEY *pkey, psa_key_type_t type, size_t bits,
    bool want_private, uint8_t *out, size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const struct soft_curve *c;
	uint8_t *der = NULL;
	size_t der_len = 0;

	*out_len = 0;
	if (want_private && !psa_key_type_is_key_pair(type)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (psa_key_type_is_rsa(type)) {
		if ((status = soft_rsa_encode(pkey, want_private ?
		    EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, &der,
		    &der_len)) != PSA_SUCCESS)
			goto out;
		if (der_len > out_size) {
			status = PSA_ERROR_BUFFER_TOO_SMALL;
			goto out;
		}
		memcpy(out, der, der_len);
		*out_len = der_len;
		status = PSA_SUCCESS;
		goto out;
	}
	if ((c = soft_curve_find(type, bits)) == NULL) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if (c->sc_kind == SOFT_CURVE_WEIERSTRASS)
		status = soft_ec_export(pkey, c, want_private, out, out_size,
		    out_len);
	else
		status = soft_raw_export(pkey, c, want_private, out, out_size,
		    out_len);
out:
	OPENSSL_clear_free(der, der_len);
	return status;
}

psa_status_t
soft_pkey_generate(psa_key_type_t type, size_t bits, EVP_PKEY **pkey)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const struct soft_curve *c = NULL;
	EVP_PKEY_CTX *ctx = NULL;

	*pkey = NULL;
	if (type == PSA_KEY_TYPE_RSA_KEY_PAIR) {
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	} else if (psa_key_type_is_ecc_key_pair(type)) {
		if ((c = soft_curve_find(type, bits)) == NULL) {
			status = PSA_ERROR_NOT_SUPPORTED;
			goto out;
		}
		ctx = EVP_PKEY_CTX_new_from_name(NULL,
		    c->sc_kind == SOFT_CURVE_WEIERSTRASS ? "EC" : c->sc_name,
		    NULL);
	} else {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if (ctx == NULL || EVP_PKEY_keygen_init(ctx) != 1 ||
	    (type == PSA_KEY_TYPE_RSA_KEY_PAIR &&
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, (int)bits) != 1) ||
	    (c != NULL && c->sc_kind == SOFT_CURVE_WEIERSTRASS &&
	    EVP_PKEY_CTX_set_group_name(ctx, c->sc_name) != 1) ||
	    EVP_PKEY_keygen(ctx, pkey) != 1) {
		status = soft_ossl_status("key generation",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	EVP_PKEY_CTX_free(ctx);
	return status;
}

psa_status_t
soft_pkey_peer(const struct soft_curve *c, const uint8_t *pub, size_t pub_len,
    EVP_PKEY **pkey)
{
	*pkey = NULL;
	if (pub == NULL || pub_len == 0)
		return PSA_ERROR_INVALID_ARGUMENT;
	switch (c->sc_kind) {
	case SOFT_CURVE_WEIERSTRASS:
		return soft_ec_from_pub(c, pub, pub_len, true, pkey);
	case SOFT_CURVE_MONTGOMERY:
		return soft_raw_from_psa(c, pub, pub_len, false, pkey);
	default:
		return PSA_ERROR_INVALID_ARGUMENT;
	}
}
