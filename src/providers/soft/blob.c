/* providers/soft/blob.c: seal and open the key reference the key store
 * keeps for a soft key: key material encrypted under the wrap key.
 *
 * Format, version 1:
 *   off  len  field
 *     0    1  version = 1
 *     1   12  nonce (random per seal)
 *    13    n  AES-256-GCM ciphertext of the key's PSA-format material
 *  13+n   16  GCM tag
 * The AAD is the key's psa_attrs_encode() bytes, so a blob copied to a key
 * with other attributes (another type, size, usage or algorithm) fails to
 * open rather than lending its key material to a laxer policy.
 *
 * Random 96-bit nonces under one wrap key stay safe for far more seals
 * than a key store holds (NIST SP 800-38D §8.3: 2^32 invocations).
 */
#include "providers/soft/soft_int.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "common/log.h"
#include "psa/names.h"

#define SOFT_BLOB_VERSION	1u
#define SOFT_BLOB_NONCE_LEN	12u
#define SOFT_BLOB_TAG_LEN	16u
#define SOFT_BLOB_OVERHEAD	(1u + SOFT_BLOB_NONCE_LEN + SOFT_BLOB_TAG_LEN)
/* Largest material: an HMAC key of PSA_KEY_BITS_MAX bits (8191 bytes) or
 * an 8192-bit RSA private key (about 4.7 KB of DER). */
#define SOFT_BLOB_PT_MAX	16384u

static psa_status_t
soft_blob_aad(const struct psa_key_attrs *attrs,
    uint8_t aad[PSA_ATTRS_ENCODED_LEN])
{
	size_t aad_len = 0;
	psa_status_t status;

	status = psa_attrs_encode(attrs, aad, PSA_ATTRS_ENCODED_LEN, &aad_len);
	if (status == PSA_SUCCESS && aad_len != PSA_ATTRS_ENCODED_LEN)
		status = PSA_ERROR_CORRUPTION_DETECTED;
	return status;
}

psa_status_t
soft_blob_seal(const struct prov *p, const struct psa_key_attrs *attrs,
    const uint8_t *pt, size_t pt_len, uint8_t **ref, size_t *ref_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t aad[PSA_ATTRS_ENCODED_LEN];
	EVP_CIPHER *cipher = NULL;
	EVP_CIPHER_CTX *ctx = NULL;
	uint8_t *blob = NULL;
	size_t blob_len = 0;
	int outl = 0;

	*ref = NULL;
	*ref_len = 0;
	if (pt_len == 0 || pt_len > SOFT_BLOB_PT_MAX) {
		status = PSA_ERROR_CORRUPTION_DETECTED;	/* our own caller */
		goto out;
	}
	if ((status = soft_blob_aad(attrs, aad)) != PSA_SUCCESS)
		goto out;
	blob_len = SOFT_BLOB_OVERHEAD + pt_len;
	if ((blob = malloc(blob_len)) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	blob[0] = SOFT_BLOB_VERSION;
	if (RAND_bytes(blob + 1, SOFT_BLOB_NONCE_LEN) != 1) {
		status = soft_ossl_status("key blob nonce",
		    PSA_ERROR_INSUFFICIENT_ENTROPY);
		goto out;
	}
	if ((cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL)) == NULL ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_EncryptInit_ex2(ctx, cipher, soft_master_wrap_key(&p->p_master),
	    blob + 1, NULL) != 1 ||
	    EVP_EncryptUpdate(ctx, NULL, &outl, aad, sizeof(aad)) != 1 ||
	    EVP_EncryptUpdate(ctx, blob + 1 + SOFT_BLOB_NONCE_LEN, &outl, pt,
	    (int)pt_len) != 1 || (size_t)outl != pt_len ||
	    EVP_EncryptFinal_ex(ctx, blob + 1 + SOFT_BLOB_NONCE_LEN + pt_len,
	    &outl) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, SOFT_BLOB_TAG_LEN,
	    blob + 1 + SOFT_BLOB_NONCE_LEN + pt_len) != 1) {
		status = soft_ossl_status("key blob seal",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	*ref = blob;
	*ref_len = blob_len;
	blob = NULL;
	status = PSA_SUCCESS;
out:
	if (blob != NULL) {
		OPENSSL_cleanse(blob, blob_len);
		free(blob);
	}
	EVP_CIPHER_CTX_free(ctx);	/* wipes its key schedule */
	EVP_CIPHER_free(cipher);
	return status;
}

psa_status_t
soft_blob_open(const struct prov *p, const struct prov_key *k, uint8_t **pt,
    size_t *pt_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t aad[PSA_ATTRS_ENCODED_LEN];
	char type_name[PSA_NAME_SIZE];
	EVP_CIPHER *cipher = NULL;
	EVP_CIPHER_CTX *ctx = NULL;
	const uint8_t *nonce, *ct, *tag;
	uint8_t *out = NULL;
	size_t ct_len = 0;
	int outl = 0;

	*pt = NULL;
	*pt_len = 0;
	if (k == NULL || k->pk_attrs == NULL || k->pk_ref == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (k->pk_ref_len <= SOFT_BLOB_OVERHEAD ||
	    k->pk_ref_len - SOFT_BLOB_OVERHEAD > SOFT_BLOB_PT_MAX) {
		log_warnx("soft: key reference of %zu bytes is truncated or "
		    "not ours", k->pk_ref_len);
		status = PSA_ERROR_DATA_CORRUPT;
		goto out;
	}
	if (k->pk_ref[0] != SOFT_BLOB_VERSION) {
		/* Written by a later arcsec, or damaged. */
		log_warnx("soft: key reference has unknown version %u",
		    k->pk_ref[0]);
		status = PSA_ERROR_DATA_INVALID;
		goto out;
	}
	if ((status = soft_blob_aad(k->pk_attrs, aad)) != PSA_SUCCESS)
		goto out;
	nonce = k->pk_ref + 1;
	ct = nonce + SOFT_BLOB_NONCE_LEN;
	ct_len = k->pk_ref_len - SOFT_BLOB_OVERHEAD;
	tag = ct + ct_len;
	if ((out = OPENSSL_malloc(ct_len)) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if ((cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL)) == NULL ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_DecryptInit_ex2(ctx, cipher, soft_master_wrap_key(&p->p_master),
	    nonce, NULL) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &outl, aad, sizeof(aad)) != 1 ||
	    EVP_DecryptUpdate(ctx, out, &outl, ct, (int)ct_len) != 1 ||
	    (size_t)outl != ct_len ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, SOFT_BLOB_TAG_LEN,
	    (void *)tag) != 1) {
		status = soft_ossl_status("key blob open",
		    PSA_ERROR_GENERIC_ERROR);
		goto out;
	}
	if (EVP_DecryptFinal_ex(ctx, out + ct_len, &outl) != 1) {
		soft_ossl_clear();
		log_warnx("soft: a %s key reference failed authentication: "
		    "it was altered, belongs to a key with other attributes, "
		    "or was sealed under another master key",
		    psa_key_type_name(k->pk_attrs->type, type_name,
		    sizeof(type_name)));
		status = PSA_ERROR_DATA_CORRUPT;
		goto out;
	}
	*pt = out;
	*pt_len = ct_len;
	out = NULL;
	status = PSA_SUCCESS;
out:
	OPENSSL_clear_free(out, ct_len);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(cipher);
	return status;
}
