/* providers/soft/ecdsa_det.c: deterministic ECDSA signing (RFC 6979) on
 * the Weierstrass curves, for PSA_ALG_DETERMINISTIC_ECDSA.
 *
 * Why our own code: OpenSSL 3.0 (Debian 12) has no EVP way to choose the
 * nonce; "nonce-type" arrived in 3.2. The nonce k comes from RFC 6979
 * §3.2 (HMAC_DRBG over the private key and the hash, with the signature's
 * own hash function); the signature is then the SEC 1 §4.1.3 equation with
 * OpenSSL's EC_POINT and BIGNUM primitives. Secret scalars (d, k, k^-1)
 * carry BN_FLG_CONSTTIME, the inversion is Fermat's (k^(n-2), constant
 * time), k*G is OpenSSL's constant-time ladder, and d is only multiplied
 * by a blinded value. Every result is checked against RFC 6979's vectors
 * and verified by python3-cryptography in tests/unit/test_soft_sign.c.
 */
#include "providers/soft/soft_int.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "psa/sizes.h"

#define DET_ORDER_MAX	66u	/* bytes of the largest order (P-521) */
#define DET_PARTS_MAX	4u

/* The HMAC_DRBG state of RFC 6979 §3.2 steps b-h. */
struct det_drbg {
	EVP_MAC		*dd_mac;
	const char	*dd_md_name;
	uint8_t		 dd_k[EVP_MAX_MD_SIZE];
	uint8_t		 dd_v[EVP_MAX_MD_SIZE];
	size_t		 dd_hlen;
};

struct det_part {
	const uint8_t	*dp_data;
	size_t		 dp_len;
};

/* out = HMAC_K(parts...), hlen bytes. */
static psa_status_t
det_hmac(struct det_drbg *d, const struct det_part *parts, size_t count,
    uint8_t *out)
{
	psa_status_t status = PSA_ERROR_GENERIC_ERROR;
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx = NULL;
	size_t len = 0;

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)d->dd_md_name, 0);
	params[1] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_MAC_CTX_new(d->dd_mac)) == NULL ||
	    EVP_MAC_init(ctx, d->dd_k, d->dd_hlen, params) != 1)
		goto out;
	for (size_t i = 0; i < count; i++)
		if (parts[i].dp_len != 0 &&
		    EVP_MAC_update(ctx, parts[i].dp_data, parts[i].dp_len) != 1)
			goto out;
	if (EVP_MAC_final(ctx, out, &len, EVP_MAX_MD_SIZE) != 1 ||
	    len != d->dd_hlen)
		goto out;
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS)
		status = soft_ossl_status("RFC 6979 HMAC", status);
	EVP_MAC_CTX_free(ctx);
	return status;
}

/* K = HMAC_K(V || sep || extra...); V = HMAC_K(V). With sep < 0 only the
 * V step of the loop: V = HMAC_K(V). */
static psa_status_t
det_update(struct det_drbg *d, int sep, const struct det_part *extra,
    size_t extra_count)
{
	struct det_part parts[DET_PARTS_MAX];
	uint8_t sep_byte = (uint8_t)sep;
	psa_status_t status;
	size_t n = 0;

	parts[n++] = (struct det_part){ d->dd_v, d->dd_hlen };
	if (sep >= 0) {
		parts[n++] = (struct det_part){ &sep_byte, 1 };
		for (size_t i = 0; i < extra_count && n < DET_PARTS_MAX; i++)
			parts[n++] = extra[i];
		if ((status = det_hmac(d, parts, n, d->dd_k)) != PSA_SUCCESS)
			return status;
	}
	return det_hmac(d, parts, 1, d->dd_v);
}

/* bits2int (RFC 6979 §2.3.2): the leftmost qlen bits of b as an integer. */
static BIGNUM *
det_bits2int(const uint8_t *b, size_t b_len, int qlen, BIGNUM *out)
{
	if (BN_bin2bn(b, (int)b_len, out) == NULL)
		return NULL;
	if ((int)(b_len * 8) > qlen &&
	    BN_rshift(out, out, (int)(b_len * 8) - qlen) != 1)
		return NULL;
	return out;
}

struct det_sig {
	const EC_GROUP	*ds_group;
	const BIGNUM	*ds_n;
	int		 ds_qlen;	/* bits of n */
	size_t		 ds_rlen;	/* bytes: ceil(qlen / 8) */
	BN_CTX		*ds_bn;
};

/* r = (k*G).x mod n; s = k^-1 (e + r*d) mod n, with d only ever
 * multiplied by a random blind b: s = k^-1 b^-1 (b*e + (b*r)*d). Returns
 * PSA_ERROR_BAD_STATE when r or s is 0, which asks for the next k. */
static psa_status_t
det_sign_with_k(const struct det_sig *ds, const BIGNUM *k, const BIGNUM *d,
    const BIGNUM *e, uint8_t *sig)
{
	psa_status_t status = PSA_ERROR_GENERIC_ERROR;
	BIGNUM *r, *s, *x, *kinv, *b, *binv, *t, *n2;
	EC_POINT *pt = NULL;

	BN_CTX_start(ds->ds_bn);
	r = BN_CTX_get(ds->ds_bn);
	s = BN_CTX_get(ds->ds_bn);
	x = BN_CTX_get(ds->ds_bn);
	kinv = BN_CTX_get(ds->ds_bn);
	b = BN_CTX_get(ds->ds_bn);
	binv = BN_CTX_get(ds->ds_bn);
	t = BN_CTX_get(ds->ds_bn);
	if ((n2 = BN_CTX_get(ds->ds_bn)) == NULL ||
	    (pt = EC_POINT_new(ds->ds_group)) == NULL)
		goto out;
	BN_set_flags(kinv, BN_FLG_CONSTTIME);
	if (EC_POINT_mul(ds->ds_group, pt, k, NULL, NULL, ds->ds_bn) != 1 ||
	    EC_POINT_get_affine_coordinates(ds->ds_group, pt, x, NULL,
	    ds->ds_bn) != 1 ||
	    BN_nnmod(r, x, ds->ds_n, ds->ds_bn) != 1)
		goto out;
	if (BN_is_zero(r)) {
		status = PSA_ERROR_BAD_STATE;
		goto out;
	}
	/* n is prime: k^-1 = k^(n-2) mod n, in constant time. */
	if (BN_copy(n2, ds->ds_n) == NULL || BN_sub_word(n2, 2) != 1 ||
	    BN_mod_exp_mont_consttime(kinv, k, n2, ds->ds_n, ds->ds_bn,
	    NULL) != 1)
		goto out;
	do {
		if (BN_priv_rand_range(b, ds->ds_n) != 1)
			goto out;
	} while (BN_is_zero(b));
	if (BN_mod_exp_mont(binv, b, n2, ds->ds_n, ds->ds_bn, NULL) != 1 ||
	    BN_mod_mul(t, b, r, ds->ds_n, ds->ds_bn) != 1 ||	/* b*r */
	    BN_mod_mul(t, t, d, ds->ds_n, ds->ds_bn) != 1 ||	/* b*r*d */
	    BN_mod_mul(s, b, e, ds->ds_n, ds->ds_bn) != 1 ||	/* b*e */
	    BN_mod_add(s, s, t, ds->ds_n, ds->ds_bn) != 1 ||
	    BN_mod_mul(s, s, binv, ds->ds_n, ds->ds_bn) != 1 ||
	    BN_mod_mul(s, s, kinv, ds->ds_n, ds->ds_bn) != 1)
		goto out;
	if (BN_is_zero(s)) {
		status = PSA_ERROR_BAD_STATE;
		goto out;
	}
	if (BN_bn2binpad(r, sig, (int)ds->ds_rlen) != (int)ds->ds_rlen ||
	    BN_bn2binpad(s, sig + ds->ds_rlen, (int)ds->ds_rlen) !=
	    (int)ds->ds_rlen)
		goto out;
	status = PSA_SUCCESS;
out:
	if (status == PSA_ERROR_GENERIC_ERROR)
		status = soft_ossl_status("deterministic ECDSA", status);
	BN_clear(kinv);
	BN_clear(t);
	BN_clear(b);
	BN_clear(binv);
	EC_POINT_clear_free(pt);
	BN_CTX_end(ds->ds_bn);
	return status;
}

/* RFC 6979 §3.2 steps d-h, then the signature; `priv` is int2octets(x)
 * (the PSA private key format is exactly that: rlen big-endian bytes). */
static psa_status_t
det_sign(struct det_drbg *dd, const struct det_sig *ds, const uint8_t *priv,
    const uint8_t *hash, size_t hash_len, uint8_t *sig)
{
	psa_status_t status = PSA_ERROR_GENERIC_ERROR;
	uint8_t h1[DET_ORDER_MAX], t[DET_ORDER_MAX + EVP_MAX_MD_SIZE];
	BIGNUM *e, *k, *d;
	size_t t_len;

	BN_CTX_start(ds->ds_bn);
	e = BN_CTX_get(ds->ds_bn);
	k = BN_CTX_get(ds->ds_bn);
	if ((d = BN_CTX_get(ds->ds_bn)) == NULL)
		goto out;
	BN_set_flags(k, BN_FLG_CONSTTIME);
	BN_set_flags(d, BN_FLG_CONSTTIME);
	/* bits2octets(h1) = int2octets(bits2int(h1) mod n); e is the same
	 * integer before the reduction, which ECDSA reduces anyway. */
	if (det_bits2int(hash, hash_len, ds->ds_qlen, e) == NULL ||
	    BN_nnmod(k, e, ds->ds_n, ds->ds_bn) != 1 ||
	    BN_bn2binpad(k, h1, (int)ds->ds_rlen) != (int)ds->ds_rlen ||
	    BN_bin2bn(priv, (int)ds->ds_rlen, d) == NULL)
		goto out;
	memset(dd->dd_v, 0x01, dd->dd_hlen);
	memset(dd->dd_k, 0x00, dd->dd_hlen);
	{
		const struct det_part seed[2] = {
			{ priv, ds->ds_rlen }, { h1, ds->ds_rlen },
		};

		if ((status = det_update(dd, 0x00, seed, 2)) != PSA_SUCCESS ||
		    (status = det_update(dd, 0x01, seed, 2)) != PSA_SUCCESS)
			goto out;
	}
	for (;;) {
		for (t_len = 0; t_len < ds->ds_rlen; t_len += dd->dd_hlen) {
			if ((status = det_update(dd, -1, NULL, 0)) !=
			    PSA_SUCCESS)
				goto out;
			memcpy(t + t_len, dd->dd_v, dd->dd_hlen);
		}
		if (det_bits2int(t, ds->ds_rlen, ds->ds_qlen, k) == NULL) {
			status = soft_ossl_status("RFC 6979 k",
			    PSA_ERROR_GENERIC_ERROR);
			goto out;
		}
		if (!BN_is_zero(k) && BN_cmp(k, ds->ds_n) < 0) {
			status = det_sign_with_k(ds, k, d, e, sig);
			if (status != PSA_ERROR_BAD_STATE)
				goto out;
		}
		/* Step h.3: k out of range, or r or s was 0. */
		if ((status = det_update(dd, 0x00, NULL, 0)) != PSA_SUCCESS)
			goto out;
	}
out:
	OPENSSL_cleanse(t, sizeof(t));
	OPENSSL_cleanse(h1, sizeof(h1));
	BN_clear(k);
	BN_clear(d);
	BN_CTX_end(ds->ds_bn);
	return status;
}

psa_status_t
soft_ecdsa_det_sign(const struct soft_key *sk, psa_algorithm_t alg,
    const uint8_t *hash, size_t hash_len, uint8_t *sig, size_t *sig_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	const struct psa_key_attrs *a = sk->sk_attrs;
	const struct soft_curve *c = soft_curve_find(a->type, a->bits);
	struct det_drbg dd = { 0 };
	struct det_sig ds = { 0 };
	EC_GROUP *group = NULL;
	EVP_MD *md = NULL;

	*sig_len = 0;
	if (c == NULL || c->sc_nid == 0 ||
	    (md = soft_md_fetch(psa_alg_sign_get_hash(alg))) == NULL) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	if ((group = EC_GROUP_new_by_curve_name(c->sc_nid)) == NULL ||
	    (ds.ds_bn = BN_CTX_secure_new()) == NULL ||
	    (dd.dd_mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL) {
		status = soft_ossl_status("deterministic ECDSA setup",
		    PSA_ERROR_INSUFFICIENT_MEMORY);
		goto out;
	}
	ds.ds_group = group;
	ds.ds_n = EC_GROUP_get0_order(group);
	ds.ds_qlen = BN_num_bits(ds.ds_n);
	ds.ds_rlen = (size_t)(ds.ds_qlen + 7) / 8;
	dd.dd_md_name = EVP_MD_get0_name(md);
	dd.dd_hlen = (size_t)EVP_MD_get_size(md);
	/* The stored key was written by us: its length is the order's. */
	if (sk->sk_raw_len != ds.ds_rlen || ds.ds_rlen > DET_ORDER_MAX ||
	    ds.ds_rlen != PSA_BITS_TO_BYTES(a->bits)) {
		status = PSA_ERROR_DATA_CORRUPT;
		goto out;
	}
	if ((status = det_sign(&dd, &ds, sk->sk_raw, hash, hash_len, sig)) ==
	    PSA_SUCCESS)
		*sig_len = 2 * ds.ds_rlen;
out:
	OPENSSL_cleanse(&dd.dd_k, sizeof(dd.dd_k));
	OPENSSL_cleanse(&dd.dd_v, sizeof(dd.dd_v));
	EVP_MAC_free(dd.dd_mac);
	BN_CTX_free(ds.ds_bn);
	EC_GROUP_free(group);
	EVP_MD_free(md);
	return status;
}
