/* providers/soft/keys.c: key management: generate, import, destroy and
 * export soft keys, and open a stored key for one operation.
 *
 * A key's blob holds its material in the PSA export format of its type
 * (pkey.c), checked on the way in, so export_key is a decrypt and a copy
 * and every other operation parses the same bytes. */
#include "providers/soft/soft_int.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "common/log.h"
#include "psa/names.h"
#include "psa/policy.h"
#include "psa/sizes.h"

/* Generating RSA keys above 4096 bits takes tens of seconds of a worker;
 * larger keys can still be imported. */
#define SOFT_RSA_GENERATE_BITS_MAX	4096u

/* Byte-string keys the provider stores: secrets for its ciphers and MACs,
 * and the raw kinds that only travel in and out (derivation inputs). */
static bool
soft_type_is_bytes(psa_key_type_t type)
{
	switch (type) {
	case PSA_KEY_TYPE_RAW_DATA:
	case PSA_KEY_TYPE_HMAC:
	case PSA_KEY_TYPE_DERIVE:
	case PSA_KEY_TYPE_PASSWORD:
	case PSA_KEY_TYPE_PASSWORD_HASH:
	case PSA_KEY_TYPE_PEPPER:
	case PSA_KEY_TYPE_AES:
	case PSA_KEY_TYPE_ARIA:
	case PSA_KEY_TYPE_CAMELLIA:
	case PSA_KEY_TYPE_SM4:
	case PSA_KEY_TYPE_CHACHA20:
		return true;
	default:
		return false;
	}
}

static bool
soft_type_is_asym(psa_key_type_t type)
{
	return psa_key_type_is_rsa(type) || psa_key_type_is_ecc(type);
}

void
soft_key_unload(struct soft_key *sk)
{
	OPENSSL_clear_free(sk->sk_raw, sk->sk_raw_len);
	sk->sk_raw = NULL;
	sk->sk_raw_len = 0;
	EVP_PKEY_free(sk->sk_pkey);	/* OpenSSL clears private parts */
	sk->sk_pkey = NULL;
}

psa_status_t
soft_key_load(const struct prov *p, const struct prov_key *k,
    struct soft_key *sk)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	char type_name[PSA_NAME_SIZE];
	size_t bits;

	memset(sk, 0, sizeof(*sk));
	if (k == NULL || k->pk_attrs == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	sk->sk_attrs = k->pk_attrs;
	if ((status = soft_blob_open(p, k, &sk->sk_raw, &sk->sk_raw_len)) !=
	    PSA_SUCCESS)
		goto out;
	bits = k->pk_attrs->bits;
	if (soft_type_is_asym(k->pk_attrs->type))
		status = soft_pkey_from_psa(k->pk_attrs->type, sk->sk_raw,
		    sk->sk_raw_len, false, &bits, &sk->sk_pkey);
	else if (soft_type_is_bytes(k->pk_attrs->type))
		status = sk->sk_raw_len <= PSA_KEY_BITS_MAX / 8 &&
		    sk->sk_raw_len * 8 == bits ? PSA_SUCCESS :
		    PSA_ERROR_INVALID_ARGUMENT;
	else
		status = PSA_ERROR_NOT_SUPPORTED;
	if (status == PSA_ERROR_INVALID_ARGUMENT) {
		/* It authenticated, so we sealed it: a bug or a format
		 * from another arcsec version, not a client mistake. */
		log_warnx("soft: stored %s key of %zu bits does not parse",
		    psa_key_type_name(k->pk_attrs->type, type_name,
		    sizeof(type_name)), k->pk_attrs->bits);
		status = PSA_ERROR_DATA_INVALID;
	}
out:
	if (status != PSA_SUCCESS)
		soft_key_unload(sk);
	return status;
}

psa_status_t
soft_generate_key(struct prov *p, const struct psa_key_attrs *attrs,
    uint8_t **ref, size_t *ref_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	EVP_PKEY *pkey = NULL;
	uint8_t *pt = NULL;
	size_t pt_size = 0, pt_len = 0;

	*ref = NULL;
	*ref_len = 0;
	if (attrs == NULL || attrs->bits == 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((status = psa_key_size_validate(attrs->type, attrs->bits)) !=
	    PSA_SUCCESS)
		goto out;
	if (psa_key_type_is_public_key(attrs->type)) {
		/* Spec psa_generate_key(): a public key is derived from
		 * its pair, never generated alone. */
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if (soft_type_is_bytes(attrs->type)) {
		pt_size = pt_len = PSA_BITS_TO_BYTES(attrs->bits);
		if ((pt = OPENSSL_malloc(pt_size)) == NULL) {
			status = PSA_ERROR_INSUFFICIENT_MEMORY;
			goto out;
		}
		if (RAND_priv_bytes(pt, (int)pt_len) != 1) {
			status = soft_ossl_status("key generation",
			    PSA_ERROR_INSUFFICIENT_ENTROPY);
			goto out;
		}
	} else if (soft_type_is_asym(attrs->type)) {
		if (attrs->type == PSA_KEY_TYPE_RSA_KEY_PAIR &&
		    attrs->bits > SOFT_RSA_GENERATE_BITS_MAX) {
			status = PSA_ERROR_NOT_SUPPORTED;
			goto out;
		}
		pt_size = psa_export_key_output_size(attrs->type, attrs->bits);
		if (pt_size == 0) {
			status = PSA_ERROR_NOT_SUPPORTED;
			goto out;
		}
		if ((pt = OPENSSL_malloc(pt_size)) == NULL) {
			status = PSA_ERROR_INSUFFICIENT_MEMORY;
			goto out;
		}
		if ((status = soft_pkey_generate(attrs->type, attrs->bits,
		    &pkey)) != PSA_SUCCESS ||
		    (status = soft_pkey_to_psa(pkey, attrs->type, attrs->bits,
		    true, pt, pt_size, &pt_len)) != PSA_SUCCESS)
			goto out;
	} else {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	status = soft_blob_seal(p, attrs, pt, pt_len, ref, ref_len);
out:
	OPENSSL_clear_free(pt, pt_size);
	EVP_PKEY_free(pkey);
	return status;
}

psa_status_t
soft_import_key(struct prov *p, const struct psa_key_attrs *attrs,
    const uint8_t *data, size_t data_len, size_t *bits, uint8_t **ref,
    size_t *ref_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct psa_key_attrs final;
	EVP_PKEY *pkey = NULL;
	size_t found;

	*bits = 0;
	*ref = NULL;
	*ref_len = 0;
	if (attrs == NULL || data == NULL || data_len == 0) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	final = *attrs;
	found = attrs->bits;
	if (soft_type_is_bytes(attrs->type)) {
		if (data_len > PSA_KEY_BITS_MAX / 8) {
			status = PSA_ERROR_NOT_SUPPORTED;
			goto out;
		}
		found = data_len * 8;
		if (attrs->bits != 0 && attrs->bits != found) {
			status = PSA_ERROR_INVALID_ARGUMENT;
			goto out;
		}
	} else if (soft_type_is_asym(attrs->type)) {
		/* The data must be exactly the PSA format (pkey.c), so the
		 * bytes sealed below are the ones export_key returns. */
		if ((status = soft_pkey_from_psa(attrs->type, data, data_len,
		    true, &found, &pkey)) != PSA_SUCCESS)
			goto out;
	} else {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	/* Now that the size is known, the whole policy can be judged
	 * (psa/policy.h, psa_attrs_validate_import). */
	final.bits = found;
	if ((status = psa_attrs_validate_new(&final, p->p_allow_deprecated)) !=
	    PSA_SUCCESS ||
	    (status = soft_blob_seal(p, &final, data, data_len, ref,
	    ref_len)) != PSA_SUCCESS)
		goto out;
	*bits = found;
	status = PSA_SUCCESS;
out:
	EVP_PKEY_free(pkey);
	return status;
}

psa_status_t
soft_destroy_key(struct prov *p, const struct prov_key *k)
{
	(void)p;
	/* The key lives only in its blob, which the key store deletes and
	 * wipes; there is no provider-side object to remove. */
	return k == NULL ? PSA_ERROR_INVALID_ARGUMENT : PSA_SUCCESS;
}

psa_status_t
soft_export_key(struct prov *p, const struct prov_key *k, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t *raw = NULL;
	size_t raw_len = 0, need;

	*out_len = 0;
	if (k == NULL || k->pk_attrs == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	/* Every format but RSA's DER has a fixed length: check it first. */
	need = psa_export_key_output_size(k->pk_attrs->type,
	    k->pk_attrs->bits);
	if (!psa_key_type_is_rsa(k->pk_attrs->type) && out_size < need) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = soft_blob_open(p, k, &raw, &raw_len)) != PSA_SUCCESS)
		goto out;
	if (raw_len > out_size) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	memcpy(out, raw, raw_len);
	*out_len = raw_len;
	status = PSA_SUCCESS;
out:
	OPENSSL_clear_free(raw, raw_len);
	if (status != PSA_SUCCESS && out != NULL)
		OPENSSL_cleanse(out, out_size);
	return status;
}

psa_status_t
soft_export_public_key(struct prov *p, const struct prov_key *k, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct soft_key sk = { 0 };
	psa_key_type_t type;
	size_t bits;

	*out_len = 0;
	if (k == NULL || k->pk_attrs == NULL ||
	    !soft_type_is_asym(k->pk_attrs->type)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	type = k->pk_attrs->type;
	bits = k->pk_attrs->bits;
	if (psa_key_type_is_public_key(type)) {
		/* Stored in exactly the format asked for. */
		status = soft_export_key(p, k, out, out_size, out_len);
		goto out;
	}
	if (!psa_key_type_is_rsa(type) &&
	    out_size < psa_export_public_key_output_size(type, bits)) {
		status = PSA_ERROR_BUFFER_TOO_SMALL;
		goto out;
	}
	if ((status = soft_key_load(p, k, &sk)) != PSA_SUCCESS ||
	    (status = soft_pkey_to_psa(sk.sk_pkey, type, bits, false, out,
	    out_size, out_len)) != PSA_SUCCESS)
		goto out;
out:
	soft_key_unload(&sk);
	if (status != PSA_SUCCESS && out != NULL)
		OPENSSL_cleanse(out, out_size);
	return status;
}
