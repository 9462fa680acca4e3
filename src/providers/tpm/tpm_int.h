/* providers/tpm/tpm_int.h: what the TPM provider's files share. Nothing
 * outside src/providers/tpm/ (and its unit tests) includes this header; the
 * rest of arcsec sees only prov_tpm_ops (providers/provider.h). */
#ifndef ARCSEC_PROVIDERS_TPM_INT_H
#define ARCSEC_PROVIDERS_TPM_INT_H

/* Only OpenSSL 3 APIs, as in the software provider. */
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

#include <openssl/evp.h>
#include <tss2/tss2_esys.h>
#include <tss2/tss2_tcti.h>

#include "providers/provider.h"
#include "psa/attributes.h"
#include "psa/status.h"
#include "psa/types.h"

#define TPM_NELEM(a)		(sizeof(a) / sizeof((a)[0]))

/* Loaded-handle LRU: at most this many key slots, whatever the TPM says. */
#define TPM_LRU_SLOTS_MAX	8u
/* TPM2B_MAX_BUFFER: what one TPM2_Hash, TPM2_HMAC, SequenceUpdate or
 * EncryptDecrypt2 takes (TPM 2.0 Part 2, MAX_DIGEST_BUFFER, 1024 on
 * every TPM we know; the probe lowers it if TPM2_PT_INPUT_BUFFER does). */
#define TPM_CHUNK_MAX		1024u
/* TPM2_GetRandom returns at most sizeof(TPMU_HA) per call. */
#define TPM_RANDOM_CHUNK	((size_t)sizeof(TPMU_HA))

/* ---- rc.c: the one place TSS2_RC becomes a PSA status ------------------- */

/* Log `what` and Tss2_RC_Decode(rc) at debug level (a lockout at warn) and
 * return the PSA status for rc (PSA_SUCCESS for 0). */
psa_status_t	tpm_rc_status(const char *what, TSS2_RC rc);
/* Is rc the TPM (or its transport) going away: IO errors, no connection. */
bool		tpm_rc_is_comm(TSS2_RC rc);
/* Is rc TPM_RC_OBJECT_MEMORY (too many objects loaded)? */
bool		tpm_rc_is_object_memory(TSS2_RC rc);

/* ---- blob.c: the key reference the key store keeps ----------------------- */

/*
 * Version 1, big-endian TPM marshalling (tss2-mu) after two bytes:
 *   off len
 *     0   1 version  = TPM_BLOB_VERSION (1)
 *     1   1 kind     TPM_BLOB_LOADABLE: a TPM object made by TPM2_Create
 *                    under the storage primary (private part present);
 *                    TPM_BLOB_PUBLIC: an imported public key (private
 *                    part empty), used in software only
 *     2   n TPM2B_PRIVATE
 *   2+n   m TPM2B_PUBLIC
 * and nothing after it.
 */
#define TPM_BLOB_VERSION	1u
#define TPM_BLOB_LOADABLE	1u
#define TPM_BLOB_PUBLIC		2u
#define TPM_BLOB_MAX_LEN	(2u + sizeof(TPM2B_PRIVATE) + sizeof(TPM2B_PUBLIC))

struct tpm_blob {
	uint8_t		tb_kind;
	TPM2B_PRIVATE	tb_priv;
	TPM2B_PUBLIC	tb_pub;
};

/* *ref is malloc'd, owned by the caller. INVALID_ARGUMENT for a blob that
 * would not decode again (bad kind, private part where none belongs). */
psa_status_t	tpm_blob_encode(const struct tpm_blob *b, uint8_t **ref,
		    size_t *ref_len) __attribute__((warn_unused_result));
/* Decode exactly `len` bytes; *b is zeroed on entry and on failure.
 * DATA_CORRUPT for anything this code did not write. */
psa_status_t	tpm_blob_decode(const uint8_t *ref, size_t len,
		    struct tpm_blob *b) __attribute__((warn_unused_result));

/* ---- alg.c: PSA <-> TPM algorithm identifiers. Pure. ------------------- */

/* TPM hash of a PSA hash (SHA-1, SHA-2 256/384/512); TPM2_ALG_ERROR if
 * the TPM has no such hash. */
TPM2_ALG_ID	tpm_alg_hash(psa_algorithm_t hash);
psa_algorithm_t	tpm_alg_hash_to_psa(TPM2_ALG_ID hash);
/* TPM curve of an ECC key type and size; TPM2_ECC_NONE if none. */
TPM2_ECC_CURVE	tpm_alg_curve(psa_key_type_t type, size_t bits);
/* Curve size in bits, 0 if unknown. */
size_t		tpm_alg_curve_bits(TPM2_ECC_CURVE curve);
/* TPM signature scheme for a PSA signature algorithm: ECDSA(h),
 * RSA_PKCS1V15_SIGN(h), RSA_PSS(h). NOT_SUPPORTED otherwise. */
psa_status_t	tpm_alg_sign_scheme(psa_algorithm_t alg,
		    TPMT_SIG_SCHEME *scheme) __attribute__((warn_unused_result));
/* TPM decryption scheme: RSA_PKCS1V15_CRYPT (RSAES), RSA_OAEP(h). */
psa_status_t	tpm_alg_rsa_decrypt_scheme(psa_algorithm_t alg,
		    TPMT_RSA_DECRYPT *scheme) __attribute__((warn_unused_result));
/* TPM symmetric mode of a PSA cipher (CFB, CTR, OFB, CBC, ECB);
 * TPM2_ALG_ERROR if none. */
TPM2_ALG_ID	tpm_alg_cipher_mode(psa_algorithm_t alg);
/* The PSA key type of a TPM public area and its size; NONE if this
 * provider would never have made such an area (kind tells pair/public). */
psa_key_type_t	tpm_alg_key_type(const TPMT_PUBLIC *pub, bool is_pair,
		    size_t *bits);

/* ---- tpm.c: the instance, its ESYS context and its lock ----------------- */

struct tpm_lru_slot {
	uint8_t		ls_id[32];	/* SHA-256 of the key reference */
	ESYS_TR		ls_handle;
	uint64_t	ls_used;	/* tick of the last use */
	bool		ls_is_used;
};

struct tpm_lru {
	struct tpm_lru_slot	lru_slots[TPM_LRU_SLOTS_MAX];
	size_t			lru_count;	/* slots in use at most */
	uint64_t		lru_tick;
};

/* What the TPM said it can do (TPM2_GetCapability at open). */
struct tpm_probe {
	bool		tp_alg[0x100];		/* TPM2_ALG_ID < 0x100 */
	bool		tp_p256, tp_p384;
	bool		tp_rsa3072;
	bool		tp_aes192;
	uint32_t	tp_transient_min;	/* TPM2_PT_HR_TRANSIENT_MIN */
	size_t		tp_chunk;		/* TPM2_PT_INPUT_BUFFER */
	/* Commands the TPM implements (TPM2_CAP_COMMANDS). */
	bool		tp_cc_sign, tp_cc_rsa_decrypt, tp_cc_ecdh_zgen;
	bool		tp_cc_hmac, tp_cc_hash, tp_cc_hash_seq;
	bool		tp_cc_encrypt_decrypt2, tp_cc_get_random;
	bool		tp_cc_activate_credential, tp_cc_policy_secret;
	bool		tp_cc_import;
};

/* tcti.c: the configured TCTI, wrapped so a silent TPM times out. */
struct tpm_tcti {
	TSS2_TCTI_CONTEXT_COMMON_V2	 tt_common;	/* first: ESYS's view */
	TSS2_TCTI_CONTEXT		*tt_inner;
};

/* Fill *t to forward to `inner`; returns the context to give ESYS. */
TSS2_TCTI_CONTEXT *tpm_tcti_wrap(struct tpm_tcti *t,
		    TSS2_TCTI_CONTEXT *inner);

struct prov {
	pthread_mutex_t	 p_lock;	/* guards everything below */
	char		*p_tcti_conf;
	TSS2_TCTI_CONTEXT *p_tcti;	/* the configured TCTI (TctiLdr) */
	struct tpm_tcti	 p_tcti_wrap;	/* what ESYS talks to */
	uint32_t	 p_timeout_ms;	/* one TPM response, at most */
	ESYS_CONTEXT	*p_esys;	/* NULL: not connected */
	ESYS_TR		 p_primary;	/* the storage primary, loaded */
	uint32_t	 p_srk_handle;	/* where it persists; 0: none,
					 * re-created on each connection */
	uint64_t	 p_retry_after_ms;	/* no reconnect before this
						 * (CLOCK_MONOTONIC) */
	TPM2B_AUTH	 p_owner_auth;	/* secret, wiped on close */
	TPM2B_AUTH	 p_endorsement_auth;	/* secret, wiped on close */
	bool		 p_allow_deprecated;
	struct tpm_lru	 p_lru;
	size_t		 p_lru_slots;
	struct tpm_probe p_probe;
	struct prov_cap	*p_caps;
	size_t		 p_caps_count;
};

/* Take the lock and make sure the TPM is connected (reconnecting after it
 * went away); COMMUNICATION_FAILURE if it does not answer (lock released). */
psa_status_t	tpm_lock(struct prov *p) __attribute__((warn_unused_result));
void		tpm_unlock(struct prov *p);
/* tpm_rc_status() plus: a transport failure drops the connection, so the
 * next tpm_lock() reconnects. Lock held. */
psa_status_t	tpm_check(struct prov *p, const char *what, TSS2_RC rc);
/* Parse "hex:..." or a plain string into a TPM2B_AUTH. */
psa_status_t	tpm_auth_parse(const char *text, TPM2B_AUTH *auth)
		    __attribute__((warn_unused_result));

/* ---- srk.c: the storage primary every key is created under ------------- */

/* The storage primary's public template (TCG SRK template, ECC P-256). */
void		tpm_srk_template(TPM2B_PUBLIC *pub);
/* The owner's persistent handles (TPM 2.0 Part 3, EvictControl): where
 * the storage primary may be kept. */
#define TPM_SRK_HANDLE_FIRST	0x81000000u
#define TPM_SRK_HANDLE_LAST	0x817FFFFFu

/* Does pub have the template's type, nameAlg, objectAttributes, empty
 * authPolicy, symmetric, scheme, curve and kdf? If not, why (NUL-ended,
 * cut to why_size) names what differs, with the values. Pure. */
bool		tpm_srk_matches(const TPMT_PUBLIC *pub, char *why,
		    size_t why_size) __attribute__((warn_unused_result));
/* Is `qualified` the qualified name of an owner-hierarchy primary named
 * `name`, SHA-256(TPM_RH_OWNER || name) with nameAlg SHA-256? */
bool		tpm_srk_is_owner_primary(const TPM2B_NAME *name,
		    const TPM2B_NAME *qualified)
		    __attribute__((warn_unused_result));
/* Make p->p_primary ready on a new connection: re-created from the
 * template, or (p_srk_handle set) the key at that handle if it matches,
 * else made and persisted there if the handle is empty.
 * ALREADY_EXISTS: another key is at the handle. Lock held. */
psa_status_t	tpm_srk_open(struct prov *p)
		    __attribute__((warn_unused_result));
/* Let go of p->p_primary before the connection closes: flush a transient
 * primary, never a persistent one. Lock held. */
void		tpm_srk_close(struct prov *p);

/* ---- caps.c: the capability table, built from the probe ----------------- */

psa_status_t	tpm_caps_probe(ESYS_CONTEXT *esys, struct tpm_probe *probe)
		    __attribute__((warn_unused_result));
/* Build p->p_caps from p->p_probe (malloc'd, freed on close). */
psa_status_t	tpm_caps_build(struct prov *p)
		    __attribute__((warn_unused_result));
const struct prov_cap *tpm_caps_probed(const struct prov *p, size_t *count);

/* ---- handles.c: the loaded-handle LRU ------------------------------------ */

/* Load the key a reference names (or find it loaded); lock held. The
 * handle stays owned by the LRU; it is valid until the lock is released. */
psa_status_t	tpm_handle_get(struct prov *p, const struct prov_key *k,
		    const struct tpm_blob *b, ESYS_TR *handle)
		    __attribute__((warn_unused_result));
/* Make room for one more transient object (a sequence): evict the least
 * recently used key; false if there was none to evict. Lock held. */
bool		tpm_handle_evict_one(struct prov *p);
/* Forget the key of this reference (flushing it if loaded). Lock held. */
void		tpm_handle_forget(struct prov *p, const struct prov_key *k);
/* Flush every loaded key (flush=false: the TPM is gone, just forget). */
void		tpm_handle_flush_all(struct prov *p, bool flush);

/* ---- keys.c: key management, and a stored key opened for one operation -- */

/* Decode k's reference and check it against k's attributes. */
psa_status_t	tpm_key_blob(const struct prov_key *k, struct tpm_blob *b)
		    __attribute__((warn_unused_result));
/* An EVP_PKEY of the public part, for software verify/encrypt. */
psa_status_t	tpm_key_pkey(const TPMT_PUBLIC *pub, EVP_PKEY **pkey)
		    __attribute__((warn_unused_result));
/* OpenSSL digest name of a PSA hash this provider uses. */
const char	*tpm_md_name(psa_algorithm_t hash);
/* Is `alg` usable at all (deprecated only with allow_deprecated)? */
psa_status_t	tpm_alg_usable(const struct prov *p, psa_algorithm_t alg)
		    __attribute__((warn_unused_result));
/* The public template of a new key of `a` (TPM2_Create; import.c adapts
 * it for TPM2_Import). NOT_SUPPORTED for what this TPM cannot hold. */
psa_status_t	tpm_key_template(const struct prov *p,
		    const struct psa_key_attrs *a, TPM2B_PUBLIC *tmpl)
		    __attribute__((warn_unused_result));
/* import.c: an ECC or RSA key pair in its PSA format into the TPM. */
psa_status_t	tpm_import_private(struct prov *p,
		    const struct psa_key_attrs *attrs, const uint8_t *data,
		    size_t data_len, size_t *bits, uint8_t **ref,
		    size_t *ref_len) __attribute__((warn_unused_result));
/* Drain OpenSSL's error queue to the debug log and return `status`. */
psa_status_t	tpm_ossl_status(const char *what, psa_status_t status);

/* ---- sym.c: random bytes from the TPM, lock held ------------------------ */

psa_status_t	tpm_random_locked(struct prov *p, uint8_t *out, size_t len)
		    __attribute__((warn_unused_result));

/* ---- the operations (prov_ops_crypto members) --------------------------- */

psa_status_t	tpm_generate_key(struct prov *, const struct psa_key_attrs *,
		    uint8_t **, size_t *);
psa_status_t	tpm_import_key(struct prov *, const struct psa_key_attrs *,
		    const uint8_t *, size_t, size_t *, uint8_t **, size_t *);
psa_status_t	tpm_destroy_key(struct prov *, const struct prov_key *);
psa_status_t	tpm_export_public_key(struct prov *, const struct prov_key *,
		    uint8_t *, size_t, size_t *);
psa_status_t	tpm_export_public_psa(const TPMT_PUBLIC *pub, uint8_t *out,
		    size_t out_size, size_t *out_len)
		    __attribute__((warn_unused_result));
psa_status_t	tpm_sign_hash(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	tpm_verify_hash(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t);
psa_status_t	tpm_sign_message(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	tpm_verify_message(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t);
psa_status_t	tpm_asymmetric_encrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t, uint8_t *, size_t, size_t *);
psa_status_t	tpm_asymmetric_decrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t, uint8_t *, size_t, size_t *);
psa_status_t	tpm_raw_key_agreement(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	tpm_cipher_encrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	tpm_cipher_decrypt(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	tpm_mac_compute(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, uint8_t *, size_t,
		    size_t *);
psa_status_t	tpm_mac_verify(struct prov *, const struct prov_key *,
		    psa_algorithm_t, const uint8_t *, size_t, const uint8_t *,
		    size_t);
psa_status_t	tpm_hash_compute(struct prov *, psa_algorithm_t,
		    const uint8_t *, size_t, uint8_t *, size_t, size_t *);
psa_status_t	tpm_hash_compare(struct prov *, psa_algorithm_t,
		    const uint8_t *, size_t, const uint8_t *, size_t);
psa_status_t	tpm_generate_random(struct prov *, uint8_t *, size_t);

/* ---- attest.c: key attestation (ActivateCredential) --------------------- */

/* A transient primary in the endorsement hierarchy from `tmpl` (one LRU
 * eviction and a retry if the TPM is out of object memory); *out_pub is
 * the caller's (Esys_Free), NULL on failure. Lock held. */
psa_status_t	tpm_endorsement_primary(struct prov *p,
		    const TPM2B_PUBLIC *tmpl, ESYS_TR *handle,
		    TPM2B_PUBLIC **out_pub) __attribute__((warn_unused_result));
/* TPMT_PUBLIC in TPM marshalling, no size prefix. */
psa_status_t	tpm_public_marshal(const TPMT_PUBLIC *pub, uint8_t *out,
		    size_t out_size, size_t *out_len)
		    __attribute__((warn_unused_result));
/* The TPM name of a public area: nameAlg || H_nameAlg(TPMT_PUBLIC);
 * out_size must be at least 2 + EVP_MAX_MD_SIZE. */
psa_status_t	tpm_object_name(const TPMT_PUBLIC *pub, uint8_t *out,
		    size_t out_size, size_t *out_len)
		    __attribute__((warn_unused_result));
psa_status_t	tpm_prepare_activate_credential(struct prov *,
		    const struct prov_key *, const struct prov_key *,
		    uint8_t *, size_t, size_t *, uint8_t *, size_t, size_t *,
		    uint8_t *, size_t, size_t *);
psa_status_t	tpm_activate_credential(struct prov *, const struct prov_key *,
		    const struct prov_key *, const uint8_t *, size_t,
		    const uint8_t *, size_t, uint8_t *, size_t, size_t *);

/* ---- ek.c: the TCG endorsement keys ------------------------------------ */

/* One EK template of the TCG EK Credential Profile and where the
 * certificate of the key it makes is kept. */
struct tpm_ek_profile {
	enum prov_ek	 ep_kind;
	uint32_t	 ep_cert_index;	/* NV index of its certificate */
	bool		 ep_is_high;	/* high range: userWithAuth, PolicyB */
	const char	*ep_label;	/* "RSA 2048 (template L-1)" */
};

/* L-1, the RSA 2048 EK Parsec's ActivateCredential uses. */
const struct tpm_ek_profile *tpm_ek_profile_default(void);
void		tpm_ek_profile_template(const struct tpm_ek_profile *ep,
		    TPM2B_PUBLIC *pub);
/* The template of tpm_ek_profile_default(). */
void		tpm_ek_template(TPM2B_PUBLIC *pub);
/* The EK answering `kind` given the certificate indices present: the
 * first profile of that kind (any kind for PROV_EK_AUTO) whose
 * certificate is there, else the kind's first profile. NULL for an
 * unknown kind. Pure. */
const struct tpm_ek_profile *tpm_ek_profile_pick(enum prov_ek kind,
		    const uint32_t *present, size_t present_count);
/* The EK kind an encrypted secret was made for (RSA: 256 bytes; ECC: a
 * point of 32 or 48-byte coordinates); PROV_EK_AUTO if none fits. Pure. */
enum prov_ek	tpm_ek_kind_of_secret(const TPM2B_ENCRYPTED_SECRET *enc);
/* The EK certificate indices the TPM defines, in order. Lock held. */
psa_status_t	tpm_ek_certs_present(struct prov *p, uint32_t *indices,
		    size_t indices_size, size_t *count)
		    __attribute__((warn_unused_result));
/* tpm_ek_profile_pick() against this TPM; *has_cert says whether the
 * chosen EK's certificate is in NV. Lock held. */
psa_status_t	tpm_ek_choose(struct prov *p, enum prov_ek kind,
		    const struct tpm_ek_profile **out, bool *has_cert)
		    __attribute__((warn_unused_result));
/* The EK of `ep` as a transient primary. Lock held. */
psa_status_t	tpm_ek_create(struct prov *p, const struct tpm_ek_profile *ep,
		    ESYS_TR *ek, TPM2B_PUBLIC **ek_pub)
		    __attribute__((warn_unused_result));
/* The L-1 EK. Lock held. */
psa_status_t	tpm_ek_primary(struct prov *p, ESYS_TR *ek,
		    TPM2B_PUBLIC **ek_pub) __attribute__((warn_unused_result));
/* A policy session satisfying the low-range EKs' PolicySecret
 * (TPM_RH_ENDORSEMENT); the caller flushes it. Lock held. */
psa_status_t	tpm_ek_session(struct prov *p, ESYS_TR *session)
		    __attribute__((warn_unused_result));
/* The authorisation for the EK of `ep` in its USER role: *shandle is the
 * session handle to pass, *session the session to flush afterwards
 * (ESYS_TR_NONE when a password session serves). Lock held. */
psa_status_t	tpm_ek_auth(struct prov *p, const struct tpm_ek_profile *ep,
		    ESYS_TR *session, ESYS_TR *shandle)
		    __attribute__((warn_unused_result));
/* The DER certificate at NV `index` into out, padding trimmed (empty if
 * the index holds no DER). Lock held. */
psa_status_t	tpm_ek_cert_read(struct prov *p, uint32_t index,
		    struct prov_out *out) __attribute__((warn_unused_result));

/* ---- evidence.c: residency evidence with the AK (arcsec extensions) ---- */

/* Most bytes of EK certificate read from NV. */
#define TPM_EK_CERT_MAX		4096u

/* The attestation key's template (docs/providers/tpm.md); false for an
 * unknown kind. */
bool		tpm_ak_template(TPM2B_PUBLIC *pub, enum prov_ak kind)
		    __attribute__((warn_unused_result));
/* Length of the DER element at the start of der[0..len) (tag, length,
 * contents): NV holds the certificate padded to the index size. false if
 * it is no SEQUENCE with a definite length that fits. Pure. */
bool		tpm_der_len(const uint8_t *der, size_t len, size_t *der_len)
		    __attribute__((warn_unused_result));
psa_status_t	tpm_evidence(struct prov *, const struct prov_key *,
		    const struct prov_attest_keys *, struct prov_out *,
		    uint32_t *, struct prov_out *, struct prov_out *,
		    struct prov_out *, struct prov_out *);
psa_status_t	tpm_certify(struct prov *, const struct prov_key *,
		    const struct prov_attest_keys *, const uint8_t *, size_t,
		    struct prov_out *, struct prov_out *);
psa_status_t	tpm_activate_ak(struct prov *, const struct prov_attest_keys *,
		    const uint8_t *, size_t, const uint8_t *, size_t,
		    uint8_t *, size_t, size_t *);
psa_status_t	tpm_ek_certs(struct prov *, uint32_t *, size_t, size_t *);
psa_status_t	tpm_key_blob_export(struct prov *, const struct prov_key *,
		    struct prov_out *, struct prov_out *);

#endif
