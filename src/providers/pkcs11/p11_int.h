/* providers/pkcs11/p11_int.h: what the PKCS#11 provider's files share.
 * Nothing outside src/providers/pkcs11/ includes this header; the rest of
 * arcsec sees only prov_p11_ops (providers/provider.h). The pure parts
 * (DER, key references) are declared in p11_der.h so unit tests and fuzz
 * targets need no PKCS#11 header. */
#ifndef ARCSEC_PROVIDERS_P11_INT_H
#define ARCSEC_PROVIDERS_P11_INT_H

#ifndef OPENSSL_API_COMPAT
#define OPENSSL_API_COMPAT	30000
#endif
#ifndef OPENSSL_NO_DEPRECATED
#define OPENSSL_NO_DEPRECATED
#endif

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "providers/pkcs11/p11_cache.h"
#include "providers/pkcs11/p11_der.h"
#include "providers/provider.h"
#include "psa/attributes.h"
#include "psa/status.h"
#include "psa/types.h"

#define P11_NELEM(a)		(sizeof(a) / sizeof((a)[0]))
#define P11_SESSIONS_MAX	64u	/* cap of the session pool */
/* A committed key's objects: "arcsec:<app>/<key name>" (label_key). */
#define P11_LABEL_PREFIX	"arcsec:"
/* A new object's label until the key store has committed its key. Only
 * objects still labelled so are removed by reconciliation (reconcile.c).
 * The two prefixes differ before any name, so no application or key name
 * can make a committed label look new. */
#define P11_LABEL_NEW_PREFIX	"arcsec-new:"

/* ---- session.c: the pool of logged-in R/W sessions ---------------------- */

struct p11_session {
	CK_SESSION_HANDLE	ps_handle;
	uint64_t		ps_generation;	/* pool generation it came from */
};

struct p11_pool {
	pthread_mutex_t		 pp_mutex;
	pthread_cond_t		 pp_cond;
	CK_SESSION_HANDLE	 pp_free[P11_SESSIONS_MAX];
	size_t			 pp_free_count;
	size_t			 pp_open_count;	/* handed out + free */
	size_t			 pp_cap;
	uint64_t		 pp_generation;	/* bumped by each recovery */
	bool			 pp_is_lost;	/* token or login lost: recover */
	CK_SESSION_HANDLE	 pp_anchor;	/* keeps the login alive */
	bool			 pp_has_anchor;
};

/* ---- pkcs11.c: the provider instance ------------------------------------ */

struct prov {
	void			*p_dl;		/* dlopen handle */
	CK_FUNCTION_LIST_PTR	 p_fn;
	CK_SLOT_ID		 p_slot;
	char			 p_serial[17];	/* token serial, trimmed */
	/* The user PIN, kept for re-login after the token comes back, in
	 * an mlock'ed page excluded from core dumps; wiped on close. */
	uint8_t			*p_pin;
	size_t			 p_pin_len;
	size_t			 p_pin_page_size;
	bool			 p_has_pin;
	bool			 p_allow_export;
	bool			 p_soft_public;
	bool			 p_allow_deprecated;
	struct p11_pool		 p_pool;
	struct prov_cap		*p_caps;	/* probed at open */
	/* OAEP hashes the token takes (bit i: PSA hash with low byte i),
	 * and whether it takes a label: the mechanism list cannot say
	 * (SoftHSM 2.6 lists CKM_RSA_PKCS_OAEP but refuses all but SHA-1
	 * with CKR_ARGUMENTS_BAD), so open tries them (probe.c). */
	uint32_t		 p_oaep_hashes;
	bool			 p_oaep_label_ok;
	size_t			 p_caps_count;
	/* (CKA_ID, class) -> object handle, so an operation skips
	 * C_FindObjects (handles.c). Token object handles serve every
	 * session while the token is present (v2.40 §2.3); the lock is
	 * never held across a PKCS#11 call. Lock order: pp_mutex first. */
	pthread_mutex_t		 p_handles_mutex;
	struct p11_cache	 p_handles;
	bool			 p_has_handles;
};

/* ---- rv.c: the one place CK_RV becomes a PSA status --------------------- */

/* Map rv (logged at debug level with its CKR name and `what`). */
psa_status_t	p11_rv_status(const char *what, CK_RV rv);
/* The CKR_ name of rv, "CKR_0x..." style for unknown values. */
const char	*p11_rv_name(CK_RV rv);
/* Whether rv says the token, its sessions or the login are gone, so the
 * pool must recover before the next call. */
bool		p11_rv_is_lost(CK_RV rv);
/* Whether rv says an object handle names no object (any more). */
bool		p11_rv_is_stale(CK_RV rv);

/* ---- module.c: the module, the token, the PIN ---------------------------- */

psa_status_t	p11_module_load(struct prov *p, const char *path)
		    __attribute__((warn_unused_result));
psa_status_t	p11_token_select(struct prov *p, const struct prov_config *cfg)
		    __attribute__((warn_unused_result));
psa_status_t	p11_pin_set(struct prov *p, const char *pin)
		    __attribute__((warn_unused_result));
void		p11_pin_wipe(struct prov *p);
/* Whether the token has the mechanism that generates keys of `type`. */
bool		p11_can_generate(const struct prov *p, psa_key_type_t type);
/* Refuse malformed, wildcard and (unless allowed) deprecated algorithms. */
psa_status_t	p11_alg_usable(const struct prov *p, psa_algorithm_t alg)
		    __attribute__((warn_unused_result));

/* ---- probe.c: what the mechanism list does not tell ----------------------- */

void		p11_probe_oaep(struct prov *p);
bool		p11_oaep_hash_ok(const struct prov *p, psa_algorithm_t hash);

/* ---- session.c ---------------------------------------------------------- */

/* Open the anchor session and log in; used by open and by recovery. */
psa_status_t	p11_pool_start(struct prov *p)
		    __attribute__((warn_unused_result));
void		p11_pool_stop(struct prov *p);
/* A session for one operation: never shared until put back. */
psa_status_t	p11_session_get(struct prov *p, struct p11_session *s)
		    __attribute__((warn_unused_result));
/* Return a session; `rv` is the last result seen on it: anything but
 * CKR_OK closes it (no half-finished operation is left on a pooled
 * session), and a lost token schedules recovery. */
void		p11_session_put(struct prov *p, struct p11_session *s,
		    CK_RV rv);

/* ---- object.c: finding and reading objects ------------------------------ */

/* The object of class `cls` whose CKA_ID is `id`; DOES_NOT_EXIST if none. */
CK_RV		p11_object_find(struct prov *p, CK_SESSION_HANDLE sh,
		    const uint8_t *id, size_t id_len, CK_OBJECT_CLASS cls,
		    CK_OBJECT_HANDLE *obj);
/* Read one attribute into a malloc'd buffer (*out, *out_len). */
CK_RV		p11_attr_get(struct prov *p, CK_SESSION_HANDLE sh,
		    CK_OBJECT_HANDLE obj, CK_ATTRIBUTE_TYPE type,
		    uint8_t **out, size_t *out_len);

/* ---- handles.c: the handle cache behind its lock ------------------------- */

/* Set up at open (LIMIT_P11_HANDLE_CACHE entries), gone at close. */
psa_status_t	p11_handles_start(struct prov *p)
		    __attribute__((warn_unused_result));
void		p11_handles_stop(struct prov *p);
/* The cached handle of (id, cls) and true, or false; *epoch is for
 * p11_handles_put after a find (p11_cache.h). */
bool		p11_handles_get(struct prov *p, const uint8_t *id,
		    CK_OBJECT_CLASS cls, CK_OBJECT_HANDLE *obj,
		    uint64_t *epoch);
void		p11_handles_put(struct prov *p, uint64_t epoch,
		    const uint8_t *id, CK_OBJECT_CLASS cls,
		    CK_OBJECT_HANDLE obj);
/* Forget (id, cls): the token called its handle stale. */
void		p11_handles_drop(struct prov *p, const uint8_t *id,
		    CK_OBJECT_CLASS cls);
/* Forget the handles of every object with this CKA_ID (destroyed). */
void		p11_handles_forget(struct prov *p, const uint8_t *id);
/* Forget every handle: the token or the login was lost (session.c). */
void		p11_handles_flush(struct prov *p);

/* ---- keys.c, sign.c, asym.c, sym.c: the operations ---------------------- */

/* The key reference of a stored key, decoded; DATA_CORRUPT if malformed. */
psa_status_t	p11_key_ref(const struct prov_key *k, struct p11_ref *ref)
		    __attribute__((warn_unused_result));
/* The handle of a key's object of class cls, from the cache or found on
 * session s (then cached). A key pair without a public object answers
 * CKO_PUBLIC_KEY with its private one. DOES_NOT_EXIST if none; a failed
 * find is never cached. */
psa_status_t	p11_key_object(struct prov *p, struct p11_session *s,
		    const struct prov_key *k, CK_OBJECT_CLASS cls,
		    CK_OBJECT_HANDLE *obj, CK_RV *rv)
		    __attribute__((warn_unused_result));
/* After rv came back from a call on the handle p11_key_object gave for
 * (k, cls): true if the handle is stale (p11_rv_is_stale), which is then
 * forgotten, so the caller finds the object once more and retries. */
bool		p11_key_stale(struct prov *p, const struct prov_key *k,
		    CK_OBJECT_CLASS cls, CK_RV rv);
/* C_SignInit, C_VerifyInit, C_EncryptInit, C_DecryptInit: one type. */
typedef CK_RV	(*p11_init_fn)(CK_SESSION_HANDLE, CK_MECHANISM_PTR,
		    CK_OBJECT_HANDLE);
/* p11_key_object, then init(s, mech, object), retried once on a fresh
 * find if the handle was stale. PSA_SUCCESS once an object was found:
 * *rv is then init's result, which the caller maps. */
psa_status_t	p11_key_init(struct prov *p, struct p11_session *s,
		    const struct prov_key *k, CK_OBJECT_CLASS cls,
		    p11_init_fn init, CK_MECHANISM_PTR mech, CK_RV *rv)
		    __attribute__((warn_unused_result));
/* The PKCS#11 hash mechanism and MGF of a PSA hash; false if none. */
bool		p11_hash_mech(psa_algorithm_t hash, CK_MECHANISM_TYPE *mech,
		    CK_RSA_PKCS_MGF_TYPE *mgf);
/* Hash in the service (OpenSSL), for sign/verify_message. */
psa_status_t	p11_hash_soft(psa_algorithm_t hash, const uint8_t *in,
		    size_t in_len, uint8_t *out, size_t out_size,
		    size_t *out_len) __attribute__((warn_unused_result));
/* Software public operations (pubops.c) from the stored public key. */
psa_status_t	p11_soft_verify(const struct p11_ref *ref,
		    const struct psa_key_attrs *a, psa_algorithm_t alg,
		    const uint8_t *hash, size_t hash_len, const uint8_t *sig,
		    size_t sig_len) __attribute__((warn_unused_result));
psa_status_t	p11_soft_encrypt(const struct p11_ref *ref,
		    const struct psa_key_attrs *a, psa_algorithm_t alg,
		    const uint8_t *in, size_t in_len, const uint8_t *salt,
		    size_t salt_len, uint8_t *out, size_t out_size,
		    size_t *out_len) __attribute__((warn_unused_result));
/* The uncompressed public point of a SECP_R1 private scalar (import of
 * key pairs); INVALID_ARGUMENT unless 0 < d < n. */
psa_status_t	p11_soft_ec_public(size_t bits, const uint8_t *priv,
		    size_t priv_len, uint8_t *pub, size_t pub_size,
		    size_t *pub_len) __attribute__((warn_unused_result));
/* Check an EC public point is on the curve (import). */
psa_status_t	p11_soft_ec_point_check(size_t bits, const uint8_t *pt,
		    size_t pt_len) __attribute__((warn_unused_result));

psa_status_t	p11_generate_key(struct prov *, const struct psa_key_attrs *,
		    uint8_t **, size_t *);
psa_status_t	p11_import_key(struct prov *, const struct psa_key_attrs *,
		    const uint8_t *, size_t, size_t *, uint8_t **, size_t *);
psa_status_t	p11_destroy_key(struct prov *, const struct prov_key *);
psa_status_t	p11_export_public_key(struct prov *, const struct prov_key *,
		    uint8_t *, size_t, size_t *);
psa_status_t	p11_export_key(struct prov *, const struct prov_key *,
		    uint8_t *, size_t, size_t *);
psa_status_t	p11_reconcile(struct prov *, const uint8_t *const *,
		    const size_t *, size_t);
psa_status_t	p11_label_key(struct prov *, const struct prov_key *,
		    const char *, const char *);
psa_status_t	p11_sign_hash(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	p11_verify_hash(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t);
psa_status_t	p11_sign_message(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	p11_verify_message(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t);
psa_status_t	p11_asymmetric_encrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t, uint8_t *, size_t, size_t *);
psa_status_t	p11_asymmetric_decrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t, uint8_t *, size_t, size_t *);
psa_status_t	p11_raw_key_agreement(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	p11_cipher_encrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	p11_cipher_decrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	p11_aead_encrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	p11_aead_decrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	p11_mac_compute(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	p11_mac_verify(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t);
psa_status_t	p11_hash_compute(struct prov *, psa_algorithm_t,
		    const uint8_t *, size_t, uint8_t *, size_t, size_t *);
psa_status_t	p11_hash_compare(struct prov *, psa_algorithm_t,
		    const uint8_t *, size_t, const uint8_t *, size_t);
psa_status_t	p11_generate_random(struct prov *, uint8_t *, size_t);

#endif
