/* providers/tpm/import.c: bring an ECC or RSA key pair made elsewhere into
 * the TPM with TPM2_Import under the storage primary, so it is used like a
 * generated key afterwards (loaded from its blob, never in the clear again).
 *
 * The duplicate is sent without inner or outer wrapper (Part 3, 13.3:
 * empty encryptionKey and inSymSeed, symmetricAlg TPM_ALG_NULL): the
 * private key crosses the TCTI in the clear, once. That is fine for a
 * local TPM (it was in this process's memory anyway) and worth knowing for
 * a TPM reached over a network (mssim/swtpm TCP). An imported key cannot
 * be fixedTPM or fixedParent (it was not born in this TPM), and is not
 * sensitiveDataOrigin. */
#include "providers/tpm/tpm_int.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <tss2/tss2_mu.h>

#include "psa/policy.h"

/* The private scalar d (1 <= d < n) and its public point. */
static psa_status_t
tpm_import_ecc_pair(const uint8_t *data, size_t len, TPMT_PUBLIC *t,
    TPMT_SENSITIVE *s)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	int nid = len == 32 ? NID_X9_62_prime256v1 : len == 48 ?
	    NID_secp384r1 : NID_undef;
	EC_GROUP *group = NULL;
	EC_POINT *pt = NULL;
	BIGNUM *d = NULL, *x = NULL, *y = NULL;
	BN_CTX *ctx = NULL;

	if (nid == NID_undef)
		goto out;
	if ((group = EC_GROUP_new_by_curve_name(nid)) == NULL ||
	    (pt = EC_POINT_new(group)) == NULL ||
	    (ctx = BN_CTX_new()) == NULL || (x = BN_new()) == NULL ||
	    (y = BN_new()) == NULL ||
	    (d = BN_bin2bn(data, (int)len, NULL)) == NULL) {
		status = tpm_ossl_status("EC import", PSA_ERROR_INSUFFICIENT_MEMORY);
		goto out;
	}
	if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(group)) >= 0)
		goto out;	/* not a private key of this curve */
	if (EC_POINT_mul(group, pt, d, NULL, NULL, ctx) != 1 ||
	    EC_POINT_get_affine_coordinates(group, pt, x, y, ctx) != 1 ||
	    BN_bn2binpad(x, t->unique.ecc.x.buffer, (int)len) != (int)len ||
	    BN_bn2binpad(y, t->unique.ecc.y.buffer, (int)len) != (int)len) {
		status = tpm_ossl_status("EC import", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	t->unique.ecc.x.size = t->unique.ecc.y.size = (uint16_t)len;
	s->sensitiveType = TPM2_ALG_ECC;
	memcpy(s->sensitive.ecc.buffer, data, len);
	s->sensitive.ecc.size = (uint16_t)len;
	status = PSA_SUCCESS;
out:
	BN_clear_free(d);
	BN_free(x);
	BN_free(y);
	EC_POINT_free(pt);
	EC_GROUP_free(group);
	BN_CTX_free(ctx);
	return status;
}

/* PKCS#1 RSAPrivateKey DER: n and e in the public area, the first prime
 * in the sensitive area (the TPM derives the rest). */
static psa_status_t
tpm_import_rsa_pair(const uint8_t *data, size_t len, size_t want_bits,
    TPMT_PUBLIC *t, TPMT_SENSITIVE *s, size_t *bits)
{
	psa_status_t status = PSA_ERROR_INVALID_ARGUMENT;
	OSSL_DECODER_CTX *dctx = NULL;
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	BIGNUM *n = NULL, *e = NULL, *p1 = NULL;
	const uint8_t *in = data;
	size_t in_len = len;
	int nbits;

	if ((dctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, "DER",
	    "type-specific", "RSA", EVP_PKEY_KEYPAIR, NULL, NULL)) == NULL) {
		status = tpm_ossl_status("decoder", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (OSSL_DECODER_from_data(dctx, &in, &in_len) != 1 || in_len != 0 ||
	    pkey == NULL ||
	    !EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    !EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) ||
	    !EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_FACTOR1, &p1)) {
		status = tpm_ossl_status("RSA key pair",
		    PSA_ERROR_INVALID_ARGUMENT);
		goto out;
	}
	/* A consistent pair, not just numbers in the right places. */
	if ((pctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL ||
	    EVP_PKEY_pairwise_check(pctx) != 1) {
		status = tpm_ossl_status("RSA pair check",
		    PSA_ERROR_INVALID_ARGUMENT);
		goto out;
	}
	nbits = BN_num_bits(n);
	if ((want_bits != 0 && want_bits != (size_t)nbits) ||
	    BN_num_bits(e) > 32 || BN_num_bytes(p1) * 2 != BN_num_bytes(n))
		goto out;
	t->parameters.rsaDetail.exponent = BN_get_word(e) == 65537 ? 0 :
	    (uint32_t)BN_get_word(e);
	t->unique.rsa.size = (uint16_t)BN_num_bytes(n);
	s->sensitive.rsa.size = (uint16_t)BN_num_bytes(p1);
	if (BN_bn2binpad(n, t->unique.rsa.buffer, t->unique.rsa.size) !=
	    t->unique.rsa.size || BN_bn2binpad(p1, s->sensitive.rsa.buffer,
	    s->sensitive.rsa.size) != s->sensitive.rsa.size)
		goto out;
	s->sensitiveType = TPM2_ALG_RSA;
	*bits = (size_t)nbits;
	status = PSA_SUCCESS;
out:
	OSSL_DECODER_CTX_free(dctx);
	EVP_PKEY_CTX_free(pctx);
	EVP_PKEY_free(pkey);
	BN_free(n);
	BN_free(e);
	BN_clear_free(p1);
	return status;
}

/* Key size from the data when the attributes leave it at 0. */
static psa_status_t
tpm_import_bits(const struct psa_key_attrs *a, const uint8_t *data,
    size_t len, size_t *bits)
{
	if (psa_key_type_is_ecc_key_pair(a->type))
		*bits = len * 8;
	else
		*bits = a->bits;	/* RSA: learnt while parsing */
	(void)data;
	if (a->bits != 0 && *bits != 0 && a->bits != *bits)
		return PSA_ERROR_INVALID_ARGUMENT;
	return PSA_SUCCESS;
}

psa_status_t
tpm_import_private(struct prov *p, const struct psa_key_attrs *attrs,
    const uint8_t *data, size_t data_len, size_t *bits, uint8_t **ref,
    size_t *ref_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct psa_key_attrs a = *attrs;
	TPM2B_PUBLIC tmpl;
	TPMT_PUBLIC *t = &tmpl.publicArea;
	TPM2B_SENSITIVE sens;
	TPM2B_PRIVATE dup;
	TPM2B_DATA no_key = { 0 };
	TPM2B_ENCRYPTED_SECRET no_seed = { 0 };
	TPMT_SYM_DEF_OBJECT no_sym = { .algorithm = TPM2_ALG_NULL };
	TPM2B_PRIVATE *out_priv = NULL;
	struct tpm_blob b;
	size_t off = 0, key_bits = 0;
	bool is_locked = false;

	memset(&sens, 0, sizeof(sens));
	memset(&dup, 0, sizeof(dup));
	memset(&b, 0, sizeof(b));
	if (data == NULL || data_len == 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (!p->p_probe.tp_cc_import) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if ((status = tpm_import_bits(&a, data, data_len, &key_bits)) !=
	    PSA_SUCCESS)
		goto out;
	/* RSA's size is only known once parsed; the template needs one. */
	a.bits = key_bits != 0 ? key_bits : 2048;
	if ((status = tpm_key_template(p, &a, &tmpl)) != PSA_SUCCESS)
		goto out;
	t->objectAttributes &= ~(TPMA_OBJECT_FIXEDTPM |
	    TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN);
	if (t->type == TPM2_ALG_ECC)
		status = tpm_import_ecc_pair(data, data_len, t,
		    &sens.sensitiveArea);
	else
		status = tpm_import_rsa_pair(data, data_len, attrs->bits, t,
		    &sens.sensitiveArea, &key_bits);
	if (status != PSA_SUCCESS)
		goto out;
	if (t->type == TPM2_ALG_RSA && key_bits != a.bits) {
		/* The template was made for 2048 bits: redo it. */
		a.bits = key_bits;
		if ((status = tpm_key_template(p, &a, &tmpl)) != PSA_SUCCESS ||
		    (status = tpm_import_rsa_pair(data, data_len, attrs->bits,
		    t, &sens.sensitiveArea, &key_bits)) != PSA_SUCCESS)
			goto out;
		t->objectAttributes &= ~(TPMA_OBJECT_FIXEDTPM |
		    TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN);
	}
	if ((status = tpm_lock(p)) != PSA_SUCCESS)
		goto out;
	is_locked = true;
	/* The obfuscation value (Part 1, 27.2.3): random, digest-sized. */
	sens.sensitiveArea.seedValue.size = 32;
	if ((status = tpm_random_locked(p, sens.sensitiveArea.seedValue.buffer,
	    32)) != PSA_SUCCESS)
		goto out;
	if (Tss2_MU_TPM2B_SENSITIVE_Marshal(&sens, dup.buffer,
	    sizeof(dup.buffer), &off) != TSS2_RC_SUCCESS) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	dup.size = (uint16_t)off;
	status = tpm_check(p, "Import", Esys_Import(p->p_esys, p->p_primary,
	    ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &no_key, &tmpl, &dup,
	    &no_seed, &no_sym, &out_priv));
	if (status != PSA_SUCCESS)
		goto out;
	tpm_unlock(p);
	is_locked = false;
	b.tb_kind = TPM_BLOB_LOADABLE;
	b.tb_priv = *out_priv;
	b.tb_pub = tmpl;
	b.tb_pub.size = 0;
	if ((status = tpm_blob_encode(&b, ref, ref_len)) == PSA_SUCCESS)
		*bits = key_bits;
out:
	if (is_locked)
		tpm_unlock(p);
	OPENSSL_cleanse(&sens, sizeof(sens));
	OPENSSL_cleanse(&dup, sizeof(dup));
	Esys_Free(out_priv);
	return status;
}
