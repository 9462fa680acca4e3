/* providers/tpm/keys.c: key management: generate keys in the TPM under the
 * storage primary, import public keys, destroy, export public keys in the
 * PSA formats, and open a stored key's blob for one operation.
 *
 * Public keys (imported ones and the public half of TPM keys) are used in
 * software with OpenSSL: verification and encryption need no secret, and a
 * TPM round trip per verify would cost a load for nothing. */
#include "providers/tpm/tpm_int.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include "common/log.h"
#include "psa/policy.h"
#include "psa/sizes.h"

/* RSA exponent the TPM means by 0 (Part 2, TPMS_RSA_PARMS). */
#define TPM_RSA_DEFAULT_EXPONENT	65537u

psa_status_t
tpm_ossl_status(const char *what, psa_status_t status)
{
	unsigned long e;
	char text[256];

	while ((e = ERR_get_error()) != 0) {
		if (ERR_GET_REASON(e) == ERR_R_MALLOC_FAILURE)
			status = PSA_ERROR_INSUFFICIENT_MEMORY;
		if (log_enabled(LOG_LEVEL_DEBUG)) {
			ERR_error_string_n(e, text, sizeof(text));
			log_debug("tpm: %s: %s", what, text);
		}
	}
	return status;
}

const char *
tpm_md_name(psa_algorithm_t hash)
{
	switch (hash) {
	case PSA_ALG_SHA_1:
		return "SHA1";
	case PSA_ALG_SHA_256:
		return "SHA256";
	case PSA_ALG_SHA_384:
		return "SHA384";
	case PSA_ALG_SHA_512:
		return "SHA512";
	default:
		return NULL;
	}
}

psa_status_t
tpm_alg_usable(const struct prov *p, psa_algorithm_t alg)
{
	psa_status_t status;

	if ((status = psa_alg_validate(alg, false)) != PSA_SUCCESS)
		return status;
	if (!p->p_allow_deprecated && psa_alg_is_deprecated(alg))
		return PSA_ERROR_NOT_SUPPORTED;
	return PSA_SUCCESS;
}

psa_status_t
tpm_key_blob(const struct prov_key *k, struct tpm_blob *b)
{
	psa_status_t status;
	psa_key_type_t type;
	size_t bits;

	if (k == NULL || k->pk_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = tpm_blob_decode(k->pk_ref, k->pk_ref_len, b)) !=
	    PSA_SUCCESS) {
		log_warnx("tpm: a stored key reference (%zu bytes) does not "
		    "decode", k->pk_ref_len);
		return status;
	}
	type = tpm_alg_key_type(&b->tb_pub.publicArea,
	    b->tb_kind == TPM_BLOB_LOADABLE, &bits);
	if (type != k->pk_attrs->type ||
	    (type != PSA_KEY_TYPE_HMAC && bits != k->pk_attrs->bits)) {
		log_warnx("tpm: a stored key reference does not match its "
		    "attributes");
		memset(b, 0, sizeof(*b));
		return PSA_ERROR_DATA_CORRUPT;
	}
	return PSA_SUCCESS;
}

/* ---- public areas <-> OpenSSL and PSA formats --------------------------- */

static const char *
tpm_curve_group(TPM2_ECC_CURVE curve)
{
	switch (curve) {
	case TPM2_ECC_NIST_P256:
		return "P-256";
	case TPM2_ECC_NIST_P384:
		return "P-384";
	default:
		return NULL;
	}
}

static uint32_t
tpm_rsa_exponent(const TPMT_PUBLIC *pub)
{
	uint32_t e = pub->parameters.rsaDetail.exponent;

	return e == 0 ? TPM_RSA_DEFAULT_EXPONENT : e;
}

psa_status_t
tpm_key_pkey(const TPMT_PUBLIC *pub, EVP_PKEY **pkey)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	BIGNUM *n = NULL, *e = NULL;
	uint8_t point[1 + 2 * 48];
	size_t point_len = 0;

	*pkey = NULL;
	if ((bld = OSSL_PARAM_BLD_new()) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if (pub->type == TPM2_ALG_ECC) {
		const char *group = tpm_curve_group(
		    pub->parameters.eccDetail.curveID);

		if (group == NULL) {
			status = PSA_ERROR_NOT_SUPPORTED;
			goto out;
		}
		if ((status = tpm_export_public_psa(pub, point, sizeof(point),
		    &point_len)) != PSA_SUCCESS)
			goto out;
		if (!OSSL_PARAM_BLD_push_utf8_string(bld,
		    OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
		    !OSSL_PARAM_BLD_push_octet_string(bld,
		    OSSL_PKEY_PARAM_PUB_KEY, point, point_len) ||
		    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) ==
		    NULL) {
			status = tpm_ossl_status("EC key", PSA_ERROR_GENERIC_ERROR);
			goto out;
		}
	} else if (pub->type == TPM2_ALG_RSA) {
		if ((n = BN_bin2bn(pub->unique.rsa.buffer, pub->unique.rsa.size,
		    NULL)) == NULL || (e = BN_new()) == NULL ||
		    !BN_set_word(e, tpm_rsa_exponent(pub)) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) ||
		    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) ==
		    NULL) {
			status = tpm_ossl_status("RSA key",
			    PSA_ERROR_GENERIC_ERROR);
			goto out;
		}
	} else {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if ((params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) {
		status = tpm_ossl_status("public key", PSA_ERROR_INVALID_ARGUMENT);
		goto out;
	}
	status = PSA_SUCCESS;
out:
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_free(n);
	BN_free(e);
	return status;
}

/* DER helpers for RSAPublicKey ::= SEQUENCE { modulus INTEGER,
 * publicExponent INTEGER } (RFC 8017 A.1.1). */
static size_t
tpm_der_len_len(size_t len)
{
	return len < 0x80 ? 1 : len < 0x100 ? 2 : 3;
}

static uint8_t *
tpm_der_put_len(uint8_t *w, size_t len)
{
	if (len < 0x80) {
		*w++ = (uint8_t)len;
	} else if (len < 0x100) {
		*w++ = 0x81;
		*w++ = (uint8_t)len;
	} else {
		*w++ = 0x82;
		*w++ = (uint8_t)(len >> 8);
		*w++ = (uint8_t)len;
	}
	return w;
}

/* Content length of a non-negative INTEGER of these big-endian bytes. */
static size_t
tpm_der_int_len(const uint8_t **v, size_t *n)
{
	while (*n > 0 && (*v)[0] == 0) {
		(*v)++;
		(*n)--;
	}
	if (*n == 0)
		return 1;
	return *n + ((*v)[0] & 0x80 ? 1 : 0);
}

static uint8_t *
tpm_der_put_int(uint8_t *w, const uint8_t *v, size_t n, size_t content)
{
	*w++ = 0x02;
	w = tpm_der_put_len(w, content);
	if (content > n)
		*w++ = 0;
	memcpy(w, v, n);
	return w + n;
}

static psa_status_t
tpm_export_rsa(const TPMT_PUBLIC *pub, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	uint32_t e = tpm_rsa_exponent(pub);
	uint8_t e_be[4] = { (uint8_t)(e >> 24), (uint8_t)(e >> 16),
	    (uint8_t)(e >> 8), (uint8_t)e };
	const uint8_t *nv = pub->unique.rsa.buffer, *ev = e_be;
	size_t nn = pub->unique.rsa.size, en = sizeof(e_be);
	size_t n_content = tpm_der_int_len(&nv, &nn);
	size_t e_content = tpm_der_int_len(&ev, &en);
	size_t body = 1 + tpm_der_len_len(n_content) + n_content +
	    1 + tpm_der_len_len(e_content) + e_content;
	size_t total = 1 + tpm_der_len_len(body) + body;
	uint8_t *w = out;

	if (nn == 0 || en == 0 || body >= 0x10000)
		return PSA_ERROR_DATA_CORRUPT;
	if (out_size < total)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	*w++ = 0x30;
	w = tpm_der_put_len(w, body);
	w = tpm_der_put_int(w, nv, nn, n_content);
	w = tpm_der_put_int(w, ev, en, e_content);
	*out_len = (size_t)(w - out);
	return PSA_SUCCESS;
}

psa_status_t
tpm_export_public_psa(const TPMT_PUBLIC *pub, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	size_t n;

	*out_len = 0;
	if (pub->type == TPM2_ALG_RSA)
		return tpm_export_rsa(pub, out, out_size, out_len);
	if (pub->type != TPM2_ALG_ECC ||
	    (n = tpm_alg_curve_bits(pub->parameters.eccDetail.curveID) / 8) ==
	    0)
		return PSA_ERROR_NOT_SUPPORTED;
	if (pub->unique.ecc.x.size > n || pub->unique.ecc.y.size > n)
		return PSA_ERROR_DATA_CORRUPT;
	if (out_size < 1 + 2 * n)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	/* SEC 1 uncompressed point, coordinates left-padded. */
	memset(out, 0, 1 + 2 * n);
	out[0] = 0x04;
	memcpy(out + 1 + n - pub->unique.ecc.x.size, pub->unique.ecc.x.buffer,
	    pub->unique.ecc.x.size);
	memcpy(out + 1 + 2 * n - pub->unique.ecc.y.size,
	    pub->unique.ecc.y.buffer, pub->unique.ecc.y.size);
	*out_len = 1 + 2 * n;
	return PSA_SUCCESS;
}

psa_status_t
tpm_export_public_key(struct prov *p, const struct prov_key *k, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status;
	struct tpm_blob b;

	(void)p;
	*out_len = 0;
	if ((status = tpm_key_blob(k, &b)) != PSA_SUCCESS)
		return status;
	if ((status = tpm_export_public_psa(&b.tb_pub.publicArea, out,
	    out_size, out_len)) != PSA_SUCCESS)
		memset(out, 0, out_size);
	return status;
}

/* ---- generate ----------------------------------------------------------- */

/* A signing key whose policy is one specific hash-and-sign algorithm the
 * TPM does itself (randomized ECDSA or RSASSA-PKCS1-v1_5 with a hash) and
 * whose usage is signing and verifying only gets that scheme in its
 * public area, as the TCG LDevID profile asks ("signing scheme hash
 * set"): a verifier reading the public area (TPM2_Certify's evidence)
 * sees what the key signs with. TPM2_Sign then takes the same scheme or
 * TPM_ALG_NULL (TPM 2.0 Part 3, 20.2), which sign.c passes. Other keys
 * keep TPM_ALG_NULL and the operation picks. */
static void
tpm_key_template_scheme(const struct psa_key_attrs *a, TPMT_PUBLIC *t)
{
	const psa_key_usage_t sign_only = PSA_KEY_USAGE_SIGN_HASH |
	    PSA_KEY_USAGE_VERIFY_HASH | PSA_KEY_USAGE_SIGN_MESSAGE |
	    PSA_KEY_USAGE_VERIFY_MESSAGE;
	psa_algorithm_t h = psa_alg_sign_get_hash(a->alg);
	TPMT_SIG_SCHEME scheme;

	if ((a->usage & ~sign_only) != 0 || h == 0 || h == PSA_ALG_ANY_HASH ||
	    !(psa_alg_is_randomized_ecdsa(a->alg) ||
	    psa_alg_is_rsa_pkcs1v15_sign(a->alg)) ||
	    tpm_alg_sign_scheme(a->alg, &scheme) != PSA_SUCCESS)
		return;
	if (t->type == TPM2_ALG_ECC && scheme.scheme == TPM2_ALG_ECDSA) {
		t->parameters.eccDetail.scheme.scheme = TPM2_ALG_ECDSA;
		t->parameters.eccDetail.scheme.details.ecdsa.hashAlg =
		    scheme.details.ecdsa.hashAlg;
	} else if (t->type == TPM2_ALG_RSA &&
	    scheme.scheme == TPM2_ALG_RSASSA) {
		t->parameters.rsaDetail.scheme.scheme = TPM2_ALG_RSASSA;
		t->parameters.rsaDetail.scheme.details.rsassa.hashAlg =
		    scheme.details.rsassa.hashAlg;
	}
}

/* The template of a new key: fixedTPM|fixedParent|userWithAuth, no auth
 * value, no policy, scheme left open (TPM_ALG_NULL) so the operation picks
 * it, which a non-restricted key allows. sensitiveDataOrigin for keys the
 * TPM generates; HMAC keys get their bytes from TPM2_GetRandom instead so
 * any PSA size works. */
psa_status_t
tpm_key_template(const struct prov *p, const struct psa_key_attrs *a,
    TPM2B_PUBLIC *tmpl)
{
	TPMT_PUBLIC *t = &tmpl->publicArea;
	const struct tpm_probe *tp = &p->p_probe;
	psa_key_usage_t u = a->usage;
	bool sign = (u & (PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_SIGN_MESSAGE |
	    PSA_KEY_USAGE_VERIFY_HASH | PSA_KEY_USAGE_VERIFY_MESSAGE)) != 0;
	bool decrypt = (u & (PSA_KEY_USAGE_DECRYPT | PSA_KEY_USAGE_ENCRYPT |
	    PSA_KEY_USAGE_DERIVE)) != 0;

	memset(tmpl, 0, sizeof(*tmpl));
	t->nameAlg = TPM2_ALG_SHA256;
	t->objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
	    TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH;
	if (a->type == PSA_KEY_TYPE_RSA_KEY_PAIR) {
		if (!tp->tp_alg[TPM2_ALG_RSA] || (a->bits != 2048 &&
		    !(a->bits == 3072 && tp->tp_rsa3072)))
			return PSA_ERROR_NOT_SUPPORTED;
		t->type = TPM2_ALG_RSA;
		t->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
		t->parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
		t->parameters.rsaDetail.keyBits = (TPMI_RSA_KEY_BITS)a->bits;
	} else if (psa_key_type_is_ecc_key_pair(a->type)) {
		TPM2_ECC_CURVE c = tpm_alg_curve(a->type, a->bits);

		if (c == TPM2_ECC_NONE || !tp->tp_alg[TPM2_ALG_ECC] ||
		    (c == TPM2_ECC_NIST_P256 && !tp->tp_p256) ||
		    (c == TPM2_ECC_NIST_P384 && !tp->tp_p384))
			return PSA_ERROR_NOT_SUPPORTED;
		t->type = TPM2_ALG_ECC;
		t->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
		t->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
		t->parameters.eccDetail.curveID = c;
		t->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
	} else if (a->type == PSA_KEY_TYPE_HMAC) {
		TPM2_ALG_ID h = tpm_alg_hash(psa_alg_get_hash(a->alg));

		if (!psa_alg_is_hmac(a->alg) || h == TPM2_ALG_ERROR ||
		    !tp->tp_alg[h] || a->bits == 0 || a->bits % 8 != 0 ||
		    a->bits / 8 > sizeof(((TPM2B_SENSITIVE_DATA *)0)->buffer))
			return PSA_ERROR_NOT_SUPPORTED;
		t->type = TPM2_ALG_KEYEDHASH;
		t->objectAttributes &= ~TPMA_OBJECT_SENSITIVEDATAORIGIN;
		t->parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_HMAC;
		t->parameters.keyedHashDetail.scheme.details.hmac.hashAlg = h;
		sign = true;
		decrypt = false;
	} else if (a->type == PSA_KEY_TYPE_AES) {
		if (!tp->tp_alg[TPM2_ALG_AES] || (a->bits != 128 &&
		    a->bits != 256 && !(a->bits == 192 && tp->tp_aes192)))
			return PSA_ERROR_NOT_SUPPORTED;
		t->type = TPM2_ALG_SYMCIPHER;
		t->parameters.symDetail.sym.algorithm = TPM2_ALG_AES;
		t->parameters.symDetail.sym.keyBits.aes = (TPM2_KEY_BITS)a->bits;
		t->parameters.symDetail.sym.mode.aes = TPM2_ALG_NULL;
		/* TPM2_EncryptDecrypt: sign allows encryption, decrypt
		 * decryption (Part 3, 15.2). */
		sign = (u & PSA_KEY_USAGE_ENCRYPT) != 0;
		decrypt = (u & PSA_KEY_USAGE_DECRYPT) != 0;
	} else
		return PSA_ERROR_NOT_SUPPORTED;
	if (!sign && !decrypt)
		sign = true;
	if (sign && !decrypt)
		tpm_key_template_scheme(a, t);
	if (sign)
		t->objectAttributes |= TPMA_OBJECT_SIGN_ENCRYPT;
	if (decrypt)
		t->objectAttributes |= TPMA_OBJECT_DECRYPT;
	return PSA_SUCCESS;
}

psa_status_t
tpm_generate_key(struct prov *p, const struct psa_key_attrs *attrs,
    uint8_t **ref, size_t *ref_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TPM2B_SENSITIVE_CREATE sensitive;
	TPM2B_PUBLIC tmpl;
	TPM2B_DATA outside = { 0 };
	TPML_PCR_SELECTION pcrs = { 0 };
	TPM2B_PRIVATE *out_priv = NULL;
	TPM2B_PUBLIC *out_pub = NULL;
	TPM2B_CREATION_DATA *cdata = NULL;
	TPM2B_DIGEST *chash = NULL;
	TPMT_TK_CREATION *ticket = NULL;
	struct tpm_blob b;
	bool is_locked = false;

	*ref = NULL;
	*ref_len = 0;
	memset(&sensitive, 0, sizeof(sensitive));
	memset(&b, 0, sizeof(b));
	if (attrs == NULL || attrs->bits == 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = tpm_key_template(p, attrs, &tmpl)) != PSA_SUCCESS ||
	    (status = tpm_lock(p)) != PSA_SUCCESS)
		goto out;
	is_locked = true;
	if (attrs->type == PSA_KEY_TYPE_HMAC) {
		sensitive.sensitive.data.size = (uint16_t)(attrs->bits / 8);
		if ((status = tpm_random_locked(p,
		    sensitive.sensitive.data.buffer,
		    sensitive.sensitive.data.size)) != PSA_SUCCESS)
			goto out;
	}
	status = tpm_check(p, "Create", Esys_Create(p->p_esys, p->p_primary,
	    ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive, &tmpl,
	    &outside, &pcrs, &out_priv, &out_pub, &cdata, &chash, &ticket));
	if (status != PSA_SUCCESS)
		goto out;
	tpm_unlock(p);
	is_locked = false;
	b.tb_kind = TPM_BLOB_LOADABLE;
	b.tb_priv = *out_priv;
	b.tb_pub = *out_pub;
	status = tpm_blob_encode(&b, ref, ref_len);
out:
	if (is_locked)
		tpm_unlock(p);
	OPENSSL_cleanse(&sensitive, sizeof(sensitive));
	Esys_Free(out_priv);
	Esys_Free(out_pub);
	Esys_Free(cdata);
	Esys_Free(chash);
	Esys_Free(ticket);
	return status;
}

/* ---- import (public keys) ----------------------------------------------- */

static psa_status_t
tpm_import_ecc(const struct psa_key_attrs *a, const uint8_t *data,
    size_t len, TPMT_PUBLIC *t)
{
	size_t n = (len - 1) / 2;
	size_t bits = n * 8;

	if (psa_key_type_ecc_family(a->type) != PSA_ECC_FAMILY_SECP_R1)
		return PSA_ERROR_NOT_SUPPORTED;
	if (len < 1 || len % 2 != 1 || data[0] != 0x04 ||
	    (a->bits != 0 && a->bits != bits))
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((t->parameters.eccDetail.curveID = tpm_alg_curve(a->type, bits)) ==
	    TPM2_ECC_NONE)
		return PSA_ERROR_NOT_SUPPORTED;
	t->type = TPM2_ALG_ECC;
	t->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_NULL;
	t->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
	t->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
	t->unique.ecc.x.size = (uint16_t)n;
	memcpy(t->unique.ecc.x.buffer, data + 1, n);
	t->unique.ecc.y.size = (uint16_t)n;
	memcpy(t->unique.ecc.y.buffer, data + 1 + n, n);
	return PSA_SUCCESS;
}

static psa_status_t
tpm_import_rsa(const struct psa_key_attrs *a, const uint8_t *data,
    size_t len, TPMT_PUBLIC *t)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	OSSL_DECODER_CTX *dctx = NULL;
	EVP_PKEY *pkey = NULL;
	BIGNUM *n = NULL, *e = NULL;
	const uint8_t *in = data;
	size_t in_len = len;
	int bits;

	if ((dctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, "DER",
	    "type-specific", "RSA", EVP_PKEY_PUBLIC_KEY, NULL, NULL)) == NULL) {
		status = tpm_ossl_status("decoder", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (OSSL_DECODER_from_data(dctx, &in, &in_len) != 1 || in_len != 0 ||
	    pkey == NULL ||
	    !EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    !EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e)) {
		status = tpm_ossl_status("RSA public key",
		    PSA_ERROR_INVALID_ARGUMENT);
		goto out;
	}
	bits = BN_num_bits(n);
	if (bits < 1024 || bits > 4096 || bits % 8 != 0 ||
	    (a->bits != 0 && a->bits != (size_t)bits) ||
	    BN_num_bits(e) > 32 || !BN_is_odd(e) || BN_is_one(e)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	t->type = TPM2_ALG_RSA;
	t->parameters.rsaDetail.symmetric.algorithm = TPM2_ALG_NULL;
	t->parameters.rsaDetail.scheme.scheme = TPM2_ALG_NULL;
	t->parameters.rsaDetail.keyBits = (TPMI_RSA_KEY_BITS)bits;
	t->parameters.rsaDetail.exponent = BN_get_word(e) ==
	    TPM_RSA_DEFAULT_EXPONENT ? 0 : (uint32_t)BN_get_word(e);
	t->unique.rsa.size = (uint16_t)(bits / 8);
	if (BN_bn2binpad(n, t->unique.rsa.buffer, bits / 8) != bits / 8) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	status = PSA_SUCCESS;
out:
	OSSL_DECODER_CTX_free(dctx);
	EVP_PKEY_free(pkey);
	BN_free(n);
	BN_free(e);
	return status;
}

psa_status_t
tpm_import_key(struct prov *p, const struct psa_key_attrs *attrs,
    const uint8_t *data, size_t data_len, size_t *bits, uint8_t **ref,
    size_t *ref_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct tpm_blob b;
	TPMT_PUBLIC *t = &b.tb_pub.publicArea;
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	uint8_t again[600];
	size_t again_len = 0;

	(void)p;
	*ref = NULL;
	*ref_len = 0;
	memset(&b, 0, sizeof(b));
	if (attrs == NULL || (data == NULL && data_len != 0)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	/* Key pairs go into the TPM (import.c). */
	if (attrs->type == PSA_KEY_TYPE_RSA_KEY_PAIR ||
	    psa_key_type_is_ecc_key_pair(attrs->type))
		return tpm_import_private(p, attrs, data, data_len, bits, ref,
		    ref_len);
	if (attrs->type == PSA_KEY_TYPE_RSA_PUBLIC_KEY)
		status = tpm_import_rsa(attrs, data, data_len, t);
	else if (psa_key_type_is_ecc_public_key(attrs->type) && data_len > 0)
		status = tpm_import_ecc(attrs, data, data_len, t);
	else
		status = PSA_ERROR_NOT_SUPPORTED;
	if (status != PSA_SUCCESS)
		goto out;
	t->nameAlg = TPM2_ALG_SHA256;
	t->objectAttributes = TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_DECRYPT |
	    TPMA_OBJECT_USERWITHAUTH;
	/* Exactly the canonical encoding, and a point on the curve. */
	if ((status = tpm_export_public_psa(t, again, sizeof(again),
	    &again_len)) != PSA_SUCCESS || again_len != data_len ||
	    memcmp(again, data, data_len) != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = tpm_key_pkey(t, &pkey)) != PSA_SUCCESS)
		goto out;
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL ||
	    EVP_PKEY_public_check(ctx) != 1) {
		status = tpm_ossl_status("public key check",
		    PSA_ERROR_INVALID_ARGUMENT);
		goto out;
	}
	b.tb_kind = TPM_BLOB_PUBLIC;
	b.tb_pub.size = 0;	/* the marshaller computes it */
	if ((status = tpm_blob_encode(&b, ref, ref_len)) != PSA_SUCCESS)
		goto out;
	*bits = t->type == TPM2_ALG_RSA ? t->parameters.rsaDetail.keyBits :
	    tpm_alg_curve_bits(t->parameters.eccDetail.curveID);
out:
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return status;
}

psa_status_t
tpm_destroy_key(struct prov *p, const struct prov_key *k)
{
	psa_status_t status;

	/* Nothing of the key lives in the TPM but a loaded copy. */
	if ((status = tpm_lock(p)) != PSA_SUCCESS)
		return PSA_SUCCESS;	/* nothing loaded on a lost TPM */
	tpm_handle_forget(p, k);
	tpm_unlock(p);
	return PSA_SUCCESS;
}
