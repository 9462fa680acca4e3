/* providers/tpm/asym.c: RSA encryption (in software from the public area)
 * and decryption (TPM2_RSA_Decrypt), PKCS#1 v1.5 and OAEP, and raw ECDH
 * (TPM2_ECDH_ZGen).
 *
 * OAEP labels: a TPM takes only labels that end in a zero octet (TPM 2.0
 * Part 1, B.4; TPM2_RSA_Decrypt answers TPM_RC_VALUE otherwise), so the
 * label this provider uses for a PSA salt S is S || 0x00 when S does not
 * already end in 0x00; encryption here does the same, so the two agree.
 * A sender that used S alone as the label cannot be decrypted by a TPM. */
#include "providers/tpm/tpm_int.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rsa.h>

#include "psa/policy.h"
#include "psa/sizes.h"

static psa_status_t
tpm_asym_check(const struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *salt, size_t salt_len)
{
	psa_status_t status;

	if (k == NULL || k->pk_attrs == NULL ||
	    !psa_key_type_is_rsa(k->pk_attrs->type) ||
	    !psa_alg_is_asymmetric_encryption(alg) ||
	    (salt == NULL && salt_len != 0))
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = tpm_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (alg == PSA_ALG_RSA_PKCS1V15_CRYPT)
		return salt_len == 0 ? PSA_SUCCESS : PSA_ERROR_INVALID_ARGUMENT;
	if (!psa_alg_is_rsa_oaep(alg) ||
	    tpm_md_name(psa_alg_get_hash(alg)) == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	/* TPM2B_DATA holds the label, with its zero byte. */
	if (salt_len + 1 > sizeof(((TPM2B_DATA *)0)->buffer))
		return PSA_ERROR_NOT_SUPPORTED;
	return PSA_SUCCESS;
}

psa_status_t
tpm_asymmetric_encrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len,
    const uint8_t *salt, size_t salt_len, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct tpm_blob b;
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_MD *md = NULL;
	uint8_t *label = NULL;
	size_t label_len = 0, len;

	*out_len = 0;
	if ((status = tpm_asym_check(p, k, alg, salt, salt_len)) !=
	    PSA_SUCCESS)
		goto out;
	if (in == NULL && in_len != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (out_size < psa_asymmetric_encrypt_output_size(k->pk_attrs->type,
	    k->pk_attrs->bits, alg)) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = tpm_key_blob(k, &b)) != PSA_SUCCESS ||
	    (status = tpm_key_pkey(&b.tb_pub.publicArea, &pkey)) !=
	    PSA_SUCCESS)
		goto out;
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL ||
	    EVP_PKEY_encrypt_init(ctx) != 1) {
		status = tpm_ossl_status("encrypt", PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (alg == PSA_ALG_RSA_PKCS1V15_CRYPT) {
		if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1) {
			status = tpm_ossl_status("encrypt",
			    PSA_ERROR_GENERIC_ERROR);
			goto out;
		}
	} else {
		if (salt_len > 0) {
			label_len = salt_len + (salt[salt_len - 1] != 0);
			if ((label = OPENSSL_zalloc(label_len)) == NULL) {
				status = PSA_ERROR_INSUFFICIENT_MEMORY;
				goto out;
			}
			memcpy(label, salt, salt_len);
		}
		if ((md = EVP_MD_fetch(NULL, tpm_md_name(psa_alg_get_hash(alg)),
		    NULL)) == NULL ||
		    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) !=
		    1 || EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) != 1 ||
		    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) != 1 ||
		    (label != NULL && EVP_PKEY_CTX_set0_rsa_oaep_label(ctx,
		    label, (int)label_len) != 1)) {
			status = tpm_ossl_status("encrypt",
			    PSA_ERROR_GENERIC_ERROR);
			goto out;
		}
		label = NULL;	/* the context owns it */
	}
	len = out_size;
	if (EVP_PKEY_encrypt(ctx, out, &len, in_len ? in :
	    (const uint8_t *)"", in_len) != 1) {
		/* Too long for the key and padding. */
		status = tpm_ossl_status("encrypt", PSA_ERROR_INVALID_ARGUMENT);
		goto out;
	}
	*out_len = len;
	status = PSA_SUCCESS;
out:
	OPENSSL_free(label);
	EVP_MD_free(md);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	if (status != PSA_SUCCESS && out != NULL)
		memset(out, 0, out_size);
	return status;
}

psa_status_t
tpm_asymmetric_decrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len,
    const uint8_t *salt, size_t salt_len, uint8_t *out, size_t out_size,
    size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TPM2B_PUBLIC_KEY_RSA ct = { 0 };
	TPMT_RSA_DECRYPT scheme;
	TPM2B_DATA label = { 0 };
	TPM2B_PUBLIC_KEY_RSA *msg = NULL;
	struct tpm_blob b;
	ESYS_TR h;
	bool is_locked = false;

	*out_len = 0;
	if ((status = tpm_asym_check(p, k, alg, salt, salt_len)) !=
	    PSA_SUCCESS ||
	    (status = tpm_alg_rsa_decrypt_scheme(alg, &scheme)) != PSA_SUCCESS)
		goto out;
	if (in == NULL || in_len != (k->pk_attrs->bits + 7) / 8 ||
	    in_len > sizeof(ct.buffer)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	memcpy(ct.buffer, in, in_len);
	ct.size = (uint16_t)in_len;
	/* The TPM wants the label's zero byte (TPM_RC_VALUE otherwise). */
	if (salt_len > 0) {
		memcpy(label.buffer, salt, salt_len);
		label.size = (uint16_t)(salt_len + (salt[salt_len - 1] != 0));
	}
	if ((status = tpm_key_blob(k, &b)) != PSA_SUCCESS ||
	    (status = tpm_lock(p)) != PSA_SUCCESS)
		goto out;
	is_locked = true;
	if ((status = tpm_handle_get(p, k, &b, &h)) != PSA_SUCCESS)
		goto out;
	status = tpm_check(p, "RSA_Decrypt", Esys_RSA_Decrypt(p->p_esys, h,
	    ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &ct, &scheme, &label,
	    &msg));
	/* TPM_RC_VALUE: the padding did not check out (Part 3, 14.3).
	 * libtpms (swtpm) answers an OAEP label mismatch with TPM_RC_FAILURE
	 * and goes on working; the TPM did answer, so it is no transport
	 * failure, and a decryption that fails is a padding error. */
	if (status == PSA_ERROR_INVALID_ARGUMENT ||
	    status == PSA_ERROR_HARDWARE_FAILURE)
		status = PSA_ERROR_INVALID_PADDING;
	if (status != PSA_SUCCESS)
		goto out;
	if (msg->size > out_size) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	memcpy(out, msg->buffer, msg->size);
	*out_len = msg->size;
out:
	if (is_locked)
		tpm_unlock(p);
	if (msg != NULL) {
		OPENSSL_cleanse(msg, sizeof(*msg));	/* plaintext */
		Esys_Free(msg);
	}
	if (status != PSA_SUCCESS && out != NULL) {
		memset(out, 0, out_size);
		*out_len = 0;
	}
	return status;
}

psa_status_t
tpm_raw_key_agreement(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *peer, size_t peer_len, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TPM2B_ECC_POINT in = { 0 };
	TPM2B_ECC_POINT *z = NULL;
	struct tpm_blob b;
	ESYS_TR h;
	size_t n;
	bool is_locked = false;

	*out_len = 0;
	if (k == NULL || k->pk_attrs == NULL || alg != PSA_ALG_ECDH ||
	    !psa_key_type_is_ecc_key_pair(k->pk_attrs->type)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	n = (k->pk_attrs->bits + 7) / 8;
	if (peer == NULL || peer_len != 1 + 2 * n || peer[0] != 0x04 ||
	    n > sizeof(in.point.x.buffer)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (out_size < n) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	in.point.x.size = in.point.y.size = (uint16_t)n;
	memcpy(in.point.x.buffer, peer + 1, n);
	memcpy(in.point.y.buffer, peer + 1 + n, n);
	if ((status = tpm_key_blob(k, &b)) != PSA_SUCCESS ||
	    (status = tpm_lock(p)) != PSA_SUCCESS)
		goto out;
	is_locked = true;
	if ((status = tpm_handle_get(p, k, &b, &h)) != PSA_SUCCESS ||
	    (status = tpm_check(p, "ECDH_ZGen", Esys_ECDH_ZGen(p->p_esys, h,
	    ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &in, &z))) !=
	    PSA_SUCCESS)
		goto out;
	if (z->point.x.size > n) {
		status = PSA_ERROR_HARDWARE_FAILURE;
		goto out;
	}
	/* The shared secret is Z's x coordinate (SEC 1, 3.3.1). */
	memset(out, 0, n);
	memcpy(out + n - z->point.x.size, z->point.x.buffer, z->point.x.size);
	*out_len = n;
out:
	if (is_locked)
		tpm_unlock(p);
	if (z != NULL) {
		OPENSSL_cleanse(z, sizeof(*z));
		Esys_Free(z);
	}
	if (status != PSA_SUCCESS && out != NULL) {
		memset(out, 0, out_size);
		*out_len = 0;
	}
	return status;
}
