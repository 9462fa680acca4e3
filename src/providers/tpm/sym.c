/* providers/tpm/sym.c: what the TPM does without an asymmetric key: random
 * bytes (TPM2_GetRandom), hashes (TPM2_Hash, or a hash sequence for input
 * over one TPM buffer), HMAC with TPM keyedHash keys (TPM2_HMAC or an HMAC
 * sequence) and AES with TPM symcipher keys (TPM2_EncryptDecrypt2, chunked,
 * the TPM's ivOut chaining the chunks). */
#include "providers/tpm/tpm_int.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "psa/policy.h"
#include "psa/sizes.h"

#define TPM_AES_BLOCK	16u

psa_status_t
tpm_random_locked(struct prov *p, uint8_t *out, size_t len)
{
	psa_status_t status = PSA_SUCCESS;
	TPM2B_DIGEST *rnd = NULL;
	size_t done = 0, n;

	while (done < len) {
		n = len - done < TPM_RANDOM_CHUNK ? len - done :
		    TPM_RANDOM_CHUNK;
		if ((status = tpm_check(p, "GetRandom", Esys_GetRandom(
		    p->p_esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
		    (UINT16)n, &rnd))) != PSA_SUCCESS)
			break;
		/* The TPM may return fewer bytes than asked (Part 3, 16.1). */
		if (rnd->size == 0 || rnd->size > n) {
			status = PSA_ERROR_INSUFFICIENT_ENTROPY;
			break;
		}
		memcpy(out + done, rnd->buffer, rnd->size);
		done += rnd->size;
		OPENSSL_cleanse(rnd, sizeof(*rnd));
		Esys_Free(rnd);
		rnd = NULL;
	}
	if (rnd != NULL) {
		OPENSSL_cleanse(rnd, sizeof(*rnd));
		Esys_Free(rnd);
	}
	if (status != PSA_SUCCESS)
		OPENSSL_cleanse(out, len);
	return status;
}

psa_status_t
tpm_generate_random(struct prov *p, uint8_t *out, size_t len)
{
	psa_status_t status;

	if (out == NULL && len != 0)
		return PSA_ERROR_INVALID_ARGUMENT;
	if (len == 0)
		return PSA_SUCCESS;
	if ((status = tpm_lock(p)) != PSA_SUCCESS)
		return status;
	status = tpm_random_locked(p, out, len);
	tpm_unlock(p);
	return status;
}

/* Feed `in` to a started sequence and complete it into *result; the
 * sequence is gone afterwards whatever happens. Lock held. */
static psa_status_t
tpm_seq_finish(struct prov *p, ESYS_TR seq, const uint8_t *in, size_t in_len,
    TPM2B_DIGEST **result)
{
	psa_status_t status = PSA_SUCCESS;
	TPM2B_MAX_BUFFER buf;
	TPMT_TK_HASHCHECK *ticket = NULL;
	size_t chunk = p->p_probe.tp_chunk;

	while (in_len > chunk) {
		memcpy(buf.buffer, in, chunk);
		buf.size = (uint16_t)chunk;
		if ((status = tpm_check(p, "SequenceUpdate",
		    Esys_SequenceUpdate(p->p_esys, seq, ESYS_TR_PASSWORD,
		    ESYS_TR_NONE, ESYS_TR_NONE, &buf))) != PSA_SUCCESS)
			goto out;
		in += chunk;
		in_len -= chunk;
	}
	if (in_len > 0)
		memcpy(buf.buffer, in, in_len);
	buf.size = (uint16_t)in_len;
	status = tpm_check(p, "SequenceComplete", Esys_SequenceComplete(
	    p->p_esys, seq, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &buf,
	    ESYS_TR_RH_NULL, result, &ticket));
	if (status == PSA_SUCCESS)
		seq = ESYS_TR_NONE;	/* SequenceComplete flushed it */
out:
	if (seq != ESYS_TR_NONE && p->p_esys != NULL)
		(void)Esys_FlushContext(p->p_esys, seq);
	OPENSSL_cleanse(&buf, sizeof(buf));
	Esys_Free(ticket);
	return status;
}

/* Hash (key == ESYS_TR_NONE) or HMAC `in` in the TPM. Lock held. */
static psa_status_t
tpm_digest_locked(struct prov *p, ESYS_TR key, TPM2_ALG_ID halg,
    const uint8_t *in, size_t in_len, TPM2B_DIGEST **result)
{
	TPM2B_MAX_BUFFER buf;
	TPM2B_AUTH auth = { 0 };
	TPMT_TK_HASHCHECK *ticket = NULL;
	ESYS_TR seq = ESYS_TR_NONE;
	psa_status_t status;
	TSS2_RC rc;

	*result = NULL;
	if (in_len <= p->p_probe.tp_chunk) {
		if (in_len > 0)
			memcpy(buf.buffer, in, in_len);
		buf.size = (uint16_t)in_len;
		if (key == ESYS_TR_NONE)
			status = tpm_check(p, "Hash", Esys_Hash(p->p_esys,
			    ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &buf,
			    halg, ESYS_TR_RH_NULL, result, &ticket));
		else
			status = tpm_check(p, "HMAC", Esys_HMAC(p->p_esys, key,
			    ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &buf,
			    halg, result));
		OPENSSL_cleanse(&buf, sizeof(buf));
		Esys_Free(ticket);
		return status;
	}
	for (int attempt = 0; ; attempt++) {
		if (key == ESYS_TR_NONE)
			rc = Esys_HashSequenceStart(p->p_esys, ESYS_TR_NONE,
			    ESYS_TR_NONE, ESYS_TR_NONE, &auth, halg, &seq);
		else
			rc = Esys_HMAC_Start(p->p_esys, key, ESYS_TR_PASSWORD,
			    ESYS_TR_NONE, ESYS_TR_NONE, &auth, halg, &seq);
		/* A sequence is a transient object too; for a hash, a key
		 * may make room (an HMAC's own key must stay). */
		if (attempt == 0 && key == ESYS_TR_NONE &&
		    tpm_rc_is_object_memory(rc) && tpm_handle_evict_one(p))
			continue;
		break;
	}
	if ((status = tpm_check(p, "sequence start", rc)) != PSA_SUCCESS)
		return status;
	return tpm_seq_finish(p, seq, in, in_len, result);
}

static psa_status_t
tpm_hash_run(struct prov *p, psa_algorithm_t alg, const uint8_t *in,
    size_t in_len, uint8_t *hash, size_t hash_size, size_t *hash_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TPM2_ALG_ID halg = tpm_alg_hash(alg);
	TPM2B_DIGEST *d = NULL;
	size_t len = psa_hash_length(alg);

	*hash_len = 0;
	if (!psa_alg_is_hash(alg) || (in == NULL && in_len != 0))
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = tpm_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if (halg == TPM2_ALG_ERROR || !p->p_probe.tp_alg[halg])
		return PSA_ERROR_NOT_SUPPORTED;
	if (hash_size < len)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	if ((status = tpm_lock(p)) != PSA_SUCCESS)
		return status;
	status = tpm_digest_locked(p, ESYS_TR_NONE, halg, in, in_len, &d);
	tpm_unlock(p);
	if (status == PSA_SUCCESS && d->size != len)
		status = PSA_ERROR_HARDWARE_FAILURE;
	if (status == PSA_SUCCESS) {
		memcpy(hash, d->buffer, len);
		*hash_len = len;
	}
	Esys_Free(d);
	return status;
}

psa_status_t
tpm_hash_compute(struct prov *p, psa_algorithm_t alg, const uint8_t *in,
    size_t in_len, uint8_t *hash, size_t hash_size, size_t *hash_len)
{
	return tpm_hash_run(p, alg, in, in_len, hash, hash_size, hash_len);
}

psa_status_t
tpm_hash_compare(struct prov *p, psa_algorithm_t alg, const uint8_t *in,
    size_t in_len, const uint8_t *hash, size_t hash_len)
{
	uint8_t mine[sizeof(TPMU_HA)];	/* the largest TPM digest */
	size_t mine_len = 0;
	psa_status_t status;

	if ((status = tpm_hash_run(p, alg, in, in_len, mine, sizeof(mine),
	    &mine_len)) != PSA_SUCCESS)
		return status;
	/* PSA: a mismatch, of length or of bytes, is INVALID_SIGNATURE. */
	if (hash == NULL || hash_len != mine_len ||
	    CRYPTO_memcmp(hash, mine, mine_len) != 0)
		return PSA_ERROR_INVALID_SIGNATURE;
	return PSA_SUCCESS;
}

/* ---- HMAC --------------------------------------------------------------- */

static psa_status_t
tpm_mac_run(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *in, size_t in_len, uint8_t *mac, size_t *mac_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	psa_algorithm_t full;
	TPM2_ALG_ID halg;
	TPM2B_DIGEST *d = NULL;
	struct tpm_blob b;
	ESYS_TR h;
	size_t len;
	bool is_locked = false;

	*mac_len = 0;
	if (k == NULL || k->pk_attrs == NULL ||
	    k->pk_attrs->type != PSA_KEY_TYPE_HMAC || !psa_alg_is_hmac(alg) ||
	    (in == NULL && in_len != 0)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = tpm_alg_usable(p, alg)) != PSA_SUCCESS)
		goto out;
	full = psa_alg_full_length_mac(alg);
	halg = tpm_alg_hash(psa_alg_get_hash(full));
	len = psa_mac_length(k->pk_attrs->type, k->pk_attrs->bits, alg);
	if (halg == TPM2_ALG_ERROR || len == 0) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if ((status = tpm_key_blob(k, &b)) != PSA_SUCCESS)
		goto out;
	if (b.tb_pub.publicArea.parameters.keyedHashDetail.scheme.details.hmac.
	    hashAlg != halg) {
		status = PSA_ERROR_NOT_PERMITTED;	/* key made for another */
		goto out;
	}
	if ((status = tpm_lock(p)) != PSA_SUCCESS)
		goto out;
	is_locked = true;
	if ((status = tpm_handle_get(p, k, &b, &h)) != PSA_SUCCESS ||
	    (status = tpm_digest_locked(p, h, halg, in, in_len, &d)) !=
	    PSA_SUCCESS)
		goto out;
	if (d->size < len) {
		status = PSA_ERROR_HARDWARE_FAILURE;
		goto out;
	}
	memcpy(mac, d->buffer, len);
	*mac_len = len;
out:
	if (is_locked)
		tpm_unlock(p);
	if (d != NULL) {
		OPENSSL_cleanse(d, sizeof(*d));
		Esys_Free(d);
	}
	return status;
}

psa_status_t
tpm_mac_compute(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *in, size_t in_len, uint8_t *mac, size_t mac_size,
    size_t *mac_len)
{
	uint8_t full[sizeof(TPMU_HA)];
	psa_status_t status;

	*mac_len = 0;
	if ((status = tpm_mac_run(p, k, alg, in, in_len, full, mac_len)) ==
	    PSA_SUCCESS) {
		if (*mac_len > mac_size)
			status = PSA_ERROR_BUFFER_TOO_SMALL;
		else
			memcpy(mac, full, *mac_len);
	}
	if (status != PSA_SUCCESS) {
		*mac_len = 0;
		if (mac != NULL)
			memset(mac, 0, mac_size);
	}
	OPENSSL_cleanse(full, sizeof(full));
	return status;
}

psa_status_t
tpm_mac_verify(struct prov *p, const struct prov_key *k, psa_algorithm_t alg,
    const uint8_t *in, size_t in_len, const uint8_t *mac, size_t mac_len)
{
	uint8_t mine[sizeof(TPMU_HA)];
	size_t mine_len = 0;
	psa_status_t status;

	if ((status = tpm_mac_run(p, k, alg, in, in_len, mine, &mine_len)) ==
	    PSA_SUCCESS && (mac == NULL || mac_len != mine_len ||
	    CRYPTO_memcmp(mac, mine, mine_len) != 0))
		status = PSA_ERROR_INVALID_SIGNATURE;
	OPENSSL_cleanse(mine, sizeof(mine));
	return status;
}

/* ---- AES ---------------------------------------------------------------- */

/* Run `in` through EncryptDecrypt2 in chunks of whole blocks. Lock held. */
static psa_status_t
tpm_cipher_locked(struct prov *p, ESYS_TR h, bool is_decrypt,
    TPM2_ALG_ID mode, TPM2B_IV *iv, const uint8_t *in, size_t in_len,
    uint8_t *out)
{
	psa_status_t status = PSA_SUCCESS;
	TPM2B_MAX_BUFFER buf;
	TPM2B_MAX_BUFFER *res = NULL;
	TPM2B_IV *iv_out = NULL;
	size_t chunk = p->p_probe.tp_chunk / TPM_AES_BLOCK * TPM_AES_BLOCK;
	size_t n;

	while (in_len > 0) {
		n = in_len < chunk ? in_len : chunk;
		memcpy(buf.buffer, in, n);
		buf.size = (uint16_t)n;
		if ((status = tpm_check(p, "EncryptDecrypt2",
		    Esys_EncryptDecrypt2(p->p_esys, h, ESYS_TR_PASSWORD,
		    ESYS_TR_NONE, ESYS_TR_NONE, &buf, is_decrypt ? TPM2_YES :
		    TPM2_NO, mode, iv, &res, &iv_out))) != PSA_SUCCESS)
			break;
		if (res->size != n) {
			status = PSA_ERROR_HARDWARE_FAILURE;
			break;
		}
		memcpy(out, res->buffer, n);
		if (mode != TPM2_ALG_ECB)
			*iv = *iv_out;	/* chains the next chunk */
		OPENSSL_cleanse(res, sizeof(*res));
		Esys_Free(res);
		Esys_Free(iv_out);
		res = NULL;
		iv_out = NULL;
		in += n;
		out += n;
		in_len -= n;
	}
	if (res != NULL)
		OPENSSL_cleanse(res, sizeof(*res));
	Esys_Free(res);
	Esys_Free(iv_out);
	OPENSSL_cleanse(&buf, sizeof(buf));
	return status;
}

static psa_status_t
tpm_cipher_check(const struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, TPM2_ALG_ID *mode)
{
	psa_status_t status;

	if (k == NULL || k->pk_attrs == NULL ||
	    k->pk_attrs->type != PSA_KEY_TYPE_AES || !psa_alg_is_cipher(alg))
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = tpm_alg_usable(p, alg)) != PSA_SUCCESS)
		return status;
	if ((*mode = tpm_alg_cipher_mode(alg)) == TPM2_ALG_ERROR ||
	    !p->p_probe.tp_alg[*mode])
		return PSA_ERROR_NOT_SUPPORTED;
	return PSA_SUCCESS;
}

/* The key's handle, loaded. Lock taken on success. */
static psa_status_t
tpm_cipher_key(struct prov *p, const struct prov_key *k, ESYS_TR *h)
{
	psa_status_t status;
	struct tpm_blob b;

	if ((status = tpm_key_blob(k, &b)) != PSA_SUCCESS ||
	    (status = tpm_lock(p)) != PSA_SUCCESS)
		return status;
	if ((status = tpm_handle_get(p, k, &b, h)) != PSA_SUCCESS)
		tpm_unlock(p);
	return status;
}

psa_status_t
tpm_cipher_encrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TPM2_ALG_ID mode = TPM2_ALG_ERROR;
	TPM2B_IV iv = { 0 };
	uint8_t *pt = NULL;
	size_t iv_len, pt_len;
	ESYS_TR h;

	*out_len = 0;
	if ((status = tpm_cipher_check(p, k, alg, &mode)) != PSA_SUCCESS)
		goto out;
	if (in == NULL && in_len != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	iv_len = mode == TPM2_ALG_ECB ? 0 : TPM_AES_BLOCK;
	pt_len = alg == PSA_ALG_CBC_PKCS7 ?
	    (in_len / TPM_AES_BLOCK + 1) * TPM_AES_BLOCK : in_len;
	if ((alg == PSA_ALG_CBC_NO_PADDING || alg == PSA_ALG_ECB_NO_PADDING) &&
	    in_len % TPM_AES_BLOCK != 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (out_size < iv_len + pt_len) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((pt = malloc(pt_len + 1)) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if (in_len > 0)
		memcpy(pt, in, in_len);
	/* PKCS#7 padding (RFC 5652, 6.3): n bytes of value n. */
	memset(pt + in_len, (int)(pt_len - in_len), pt_len - in_len);
	if ((status = tpm_cipher_key(p, k, &h)) != PSA_SUCCESS)
		goto out;
	iv.size = (uint16_t)iv_len;
	if ((status = tpm_random_locked(p, iv.buffer, iv_len)) ==
	    PSA_SUCCESS) {
		memcpy(out, iv.buffer, iv_len);
		status = tpm_cipher_locked(p, h, false, mode, &iv, pt, pt_len,
		    out + iv_len);
	}
	tpm_unlock(p);
	if (status == PSA_SUCCESS)
		*out_len = iv_len + pt_len;
out:
	if (pt != NULL)
		OPENSSL_clear_free(pt, pt_len + 1);
	if (status != PSA_SUCCESS && out != NULL)
		memset(out, 0, out_size);
	return status;
}

psa_status_t
tpm_cipher_decrypt(struct prov *p, const struct prov_key *k,
    psa_algorithm_t alg, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TPM2_ALG_ID mode = TPM2_ALG_ERROR;
	TPM2B_IV iv = { 0 };
	uint8_t *pt = NULL;
	size_t iv_len, ct_len = 0, pt_len;
	ESYS_TR h;

	*out_len = 0;
	if ((status = tpm_cipher_check(p, k, alg, &mode)) != PSA_SUCCESS)
		goto out;
	iv_len = mode == TPM2_ALG_ECB ? 0 : TPM_AES_BLOCK;
	if (in == NULL || in_len < iv_len) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	ct_len = in_len - iv_len;
	if ((mode == TPM2_ALG_CBC || mode == TPM2_ALG_ECB) &&
	    (ct_len % TPM_AES_BLOCK != 0 ||
	    (alg == PSA_ALG_CBC_PKCS7 && ct_len == 0))) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((pt = malloc(ct_len + 1)) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	memcpy(iv.buffer, in, iv_len);
	iv.size = (uint16_t)iv_len;
	if ((status = tpm_cipher_key(p, k, &h)) != PSA_SUCCESS)
		goto out;
	status = tpm_cipher_locked(p, h, true, mode, &iv, in + iv_len, ct_len,
	    pt);
	tpm_unlock(p);
	if (status != PSA_SUCCESS)
		goto out;
	pt_len = ct_len;
	if (alg == PSA_ALG_CBC_PKCS7) {
		uint8_t pad = pt[ct_len - 1];
		unsigned bad = pad == 0 || pad > TPM_AES_BLOCK;

		for (size_t i = 0; !bad && i < pad; i++)
			bad |= pt[ct_len - 1 - i] != pad;
		if (bad) {
			status = PSA_ERROR_INVALID_PADDING;
			goto out;
		}
		pt_len -= pad;
	}
	if (out_size < pt_len) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if (pt_len > 0)
		memcpy(out, pt, pt_len);
	*out_len = pt_len;
out:
	if (pt != NULL)
		OPENSSL_clear_free(pt, ct_len + 1);
	if (status != PSA_SUCCESS && out != NULL) {
		memset(out, 0, out_size);
		*out_len = 0;
	}
	return status;
}
