/* providers/soft/soft_int.h: what the software provider's files share.
 * Nothing outside src/providers/soft/ includes this header; the rest of
 * arcsec sees only prov_soft_ops (providers/provider.h). */
#ifndef ARCSEC_PROVIDERS_SOFT_INT_H
#define ARCSEC_PROVIDERS_SOFT_INT_H

/* Only OpenSSL 3 APIs: the deprecated low-level ones are not even
 * declared here, so using one fails the build. Included first by every
 * file of this directory. */
#ifndef OPENSSL_API_COMPAT
#define OPENSSL_API_COMPAT	30000
#endif
#ifndef OPENSSL_NO_DEPRECATED
#define OPENSSL_NO_DEPRECATED
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "providers/provider.h"
#include "psa/attributes.h"
#include "psa/status.h"
#include "psa/types.h"

#define SOFT_NELEM(a)		(sizeof(a) / sizeof((a)[0]))

/* ---- master.c: the master key and the key it derives ------------------- */

#define SOFT_MASTER_KEY_LEN	32u	/* the file holds exactly this */
#define SOFT_WRAP_KEY_LEN	32u	/* AES-256-GCM key for key blobs */

/* Both keys live in one mmap'd page that is mlock'ed (when the limit
 * allows), excluded from core dumps and wiped on close. */
struct soft_master {
	uint8_t		*sm_page;
	size_t		 sm_page_size;
	bool		 sm_locked;
};

psa_status_t	soft_master_open(const struct prov_config *cfg,
		    struct soft_master *m) __attribute__((warn_unused_result));
void		soft_master_close(struct soft_master *m);
const uint8_t	*soft_master_wrap_key(const struct soft_master *m);

/* ---- soft.c: the provider instance -------------------------------------- */

struct prov {
	struct soft_master	p_master;
	bool			p_allow_deprecated;
};

/* Refuse a deprecated algorithm (psa_alg_is_deprecated) unless config
 * allows deprecated use; also refuses algorithms that are malformed or a
 * wildcard as an operation's algorithm. */
psa_status_t	soft_alg_usable(const struct prov *p, psa_algorithm_t alg)
		    __attribute__((warn_unused_result));

/* ---- blob.c: the key reference the key store keeps ---------------------- */

/* Seal plaintext key material as a key reference bound to attrs (AAD).
 * *ref is malloc'd, owned by the caller. */
psa_status_t	soft_blob_seal(const struct prov *p,
		    const struct psa_key_attrs *attrs, const uint8_t *pt,
		    size_t pt_len, uint8_t **ref, size_t *ref_len)
		    __attribute__((warn_unused_result));
/* Open a key reference; *pt is OPENSSL_malloc'd, to be released with
 * OPENSSL_clear_free(*pt, *pt_len). DATA_CORRUPT if it does not
 * authenticate under the master key and k->pk_attrs. */
psa_status_t	soft_blob_open(const struct prov *p, const struct prov_key *k,
		    uint8_t **pt, size_t *pt_len)
		    __attribute__((warn_unused_result));

/* ---- curves.c: the ECC curves the provider drives ----------------------- */

enum soft_curve_kind {
	SOFT_CURVE_WEIERSTRASS,	/* ECDSA, ECDH; SEC 1 points */
	SOFT_CURVE_MONTGOMERY,	/* X25519, X448: ECDH only */
	SOFT_CURVE_EDWARDS,	/* Ed25519, Ed448: PureEdDSA only */
};

struct soft_curve {
	psa_ecc_family_t	 sc_family;
	size_t			 sc_bits;
	enum soft_curve_kind	 sc_kind;
	const char		*sc_name;	/* OpenSSL group or key type */
	int			 sc_nid;	/* Weierstrass only */
	size_t			 sc_priv_len;	/* PSA private key format */
	size_t			 sc_pub_len;	/* PSA public key format */
};

const struct soft_curve *soft_curve_find(psa_key_type_t type, size_t bits);
/* The curve of `type` whose private (is_private) or public key format has
 * this length: how import learns the size when attrs->bits is 0. */
const struct soft_curve *soft_curve_by_len(psa_key_type_t type,
		    size_t len, bool is_private);

/* ---- pkey.c: PSA key formats <-> EVP_PKEY ------------------------------- */

/* Parse key data of an asymmetric `type` in its PSA import/export format
 * into *pkey and report its size. INVALID_ARGUMENT for data that is not a
 * valid key of that type and size (*bits in: 0 = any). `validate` runs the
 * checks untrusted data needs (exact PKCS#1 DER, RSA pairwise consistency,
 * EC public key validation); stored keys were checked on the way in and
 * are authenticated by their blob, so loading them skips those. */
psa_status_t	soft_pkey_from_psa(psa_key_type_t type, const uint8_t *data,
		    size_t data_len, bool validate, size_t *bits,
		    EVP_PKEY **pkey) __attribute__((warn_unused_result));
/* Write the PSA format of `pkey` (a key of `type`, `bits`): the private
 * format when want_private, else the public one. out_size is checked
 * against the exact length before anything is written. */
psa_status_t	soft_pkey_to_psa(EVP_PKEY *pkey, psa_key_type_t type,
		    size_t bits, bool want_private, uint8_t *out,
		    size_t out_size, size_t *out_len)
		    __attribute__((warn_unused_result));
/* A new key pair of `type` and `bits`. */
psa_status_t	soft_pkey_generate(psa_key_type_t type, size_t bits,
		    EVP_PKEY **pkey) __attribute__((warn_unused_result));
/* A public-only EVP_PKEY for a peer's key of the curve in PSA public
 * format (key agreement). INVALID_ARGUMENT if it is not on the curve. */
psa_status_t	soft_pkey_peer(const struct soft_curve *c,
		    const uint8_t *pub, size_t pub_len, EVP_PKEY **pkey)
		    __attribute__((warn_unused_result));

/* ---- keys.c: a stored key opened for one operation ---------------------- */

struct soft_key {
	const struct psa_key_attrs	*sk_attrs;
	uint8_t				*sk_raw;	/* PSA format */
	size_t				 sk_raw_len;
	EVP_PKEY			*sk_pkey;	/* asymmetric keys */
};

/* ---- ecdsa_det.c: RFC 6979 deterministic ECDSA -------------------------- */

/* Sign `hash` (its length checked by the caller) with the loaded
 * Weierstrass key pair `sk` under DETERMINISTIC_ECDSA(h); sig receives
 * r || s, 2 * ceil(bits / 8) bytes (the caller checked the size). */
psa_status_t	soft_ecdsa_det_sign(const struct soft_key *sk,
		    psa_algorithm_t alg, const uint8_t *hash, size_t hash_len,
		    uint8_t *sig, size_t *sig_len)
		    __attribute__((warn_unused_result));


psa_status_t	soft_key_load(const struct prov *p, const struct prov_key *k,
		    struct soft_key *sk) __attribute__((warn_unused_result));
void		soft_key_unload(struct soft_key *sk);	/* wipes; idempotent */

/* ---- hash.c: digests ---------------------------------------------------- */

/* The OpenSSL digest of a PSA hash algorithm; NULL if none (caller frees
 * with EVP_MD_free). */
EVP_MD		*soft_md_fetch(psa_algorithm_t hash);
const char	*soft_md_name(psa_algorithm_t hash);

/* ---- cipher.c: block cipher lookup ------------------------------------- */

/* The OpenSSL cipher for a block cipher key and a mode name ("CBC",
 * "GCM", ...); NOT_SUPPORTED if OpenSSL has none. */
psa_status_t	soft_cipher_fetch(psa_key_type_t type, size_t bits,
		    const char *mode, EVP_CIPHER **cipher)
		    __attribute__((warn_unused_result));

/* ---- err.c: the one place OpenSSL errors become PSA statuses ------------ */

/* Drain OpenSSL's error queue (logged at debug level with `what`) and
 * return `status`, or PSA_ERROR_INSUFFICIENT_MEMORY if OpenSSL ran out of
 * memory. */
psa_status_t	soft_ossl_status(const char *what, psa_status_t status);
/* Drop queued errors an expected failure left (e.g. a bad signature). */
void		soft_ossl_clear(void);

/* ---- the operations (prov_ops_crypto members) --------------------------- */

psa_status_t	soft_generate_key(struct prov *, const struct psa_key_attrs *,
		    uint8_t **, size_t *);
psa_status_t	soft_import_key(struct prov *, const struct psa_key_attrs *,
		    const uint8_t *, size_t, size_t *, uint8_t **, size_t *);
psa_status_t	soft_destroy_key(struct prov *, const struct prov_key *);
psa_status_t	soft_export_public_key(struct prov *, const struct prov_key *,
		    uint8_t *, size_t, size_t *);
psa_status_t	soft_export_key(struct prov *, const struct prov_key *,
		    uint8_t *, size_t, size_t *);
psa_status_t	soft_sign_hash(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	soft_verify_hash(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t);
psa_status_t	soft_sign_message(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	soft_verify_message(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t);
psa_status_t	soft_asymmetric_encrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t, uint8_t *, size_t, size_t *);
psa_status_t	soft_asymmetric_decrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t, uint8_t *, size_t, size_t *);
psa_status_t	soft_raw_key_agreement(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	soft_cipher_encrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	soft_cipher_decrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	soft_aead_encrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	soft_aead_decrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	soft_mac_compute(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	soft_mac_verify(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t);
psa_status_t	soft_hash_compute(struct prov *, psa_algorithm_t,
		    const uint8_t *, size_t, uint8_t *, size_t, size_t *);
psa_status_t	soft_hash_compare(struct prov *, psa_algorithm_t,
		    const uint8_t *, size_t, const uint8_t *, size_t);
psa_status_t	soft_generate_random(struct prov *, uint8_t *, size_t);

#endif
