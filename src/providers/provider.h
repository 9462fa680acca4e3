/* providers/provider.h: the provider interface, an ops table plus a
 * capability table (STYLE.md §7). A provider sees only psa/ types and its own
 * backend library; the dispatcher is the only caller. */
#ifndef ARCSEC_PROVIDERS_PROVIDER_H
#define ARCSEC_PROVIDERS_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psa/attributes.h"
#include "psa/status.h"
#include "psa/types.h"

#define PROVIDER_OPS_MAGIC	0x70726f76u	/* "prov": stray pointers fail fast */

/* One line of what a provider can do: an operation, optionally narrowed to a
 * key type and algorithm (0 = any). ListOpcodes and CanDoCrypto answer from
 * these lines and the dispatcher refuses what they do not list. */
struct prov_cap {
	uint32_t	cap_opcode;
	psa_key_type_t	cap_key_type;
	psa_algorithm_t	cap_alg;
};

/* What a provider's open() gets from the daemon's config. The daemon fills
 * the members of the provider's own type; providers never see daemon/. */
struct prov_config {
	const char	*name;		/* provider name from config */
	const char	*state_dir;	/* where the provider may keep files */
	bool		 allow_deprecated;
	/* MbedCrypto (soft) */
	const char	*soft_master_key_path;	/* NULL: <state_dir>/... */
	/* Pkcs11 */
	const char	*p11_library_path;
	bool		 p11_has_slot_number;
	uint64_t	 p11_slot_number;
	const char	*p11_serial_number;	/* NULL: not set; wins over slot */
	const char	*p11_user_pin;		/* secret; NULL: none */
	bool		 p11_software_public_operations;
	bool		 p11_allow_export;
	/* Tpm */
	const char	*tpm_tcti;		/* "device:/dev/tpmrm0", ... */
	const char	*tpm_owner_hierarchy_auth;	/* secret; "hex:..." */
	const char	*tpm_endorsement_hierarchy_auth; /* secret; NULL: "" */
	bool		 tpm_skip_if_no_tpm;
	uint32_t	 tpm_storage_primary_handle;	/* 0: re-create */
};

struct prov;	/* a provider instance's private state */

/* One caller-owned output buffer, for members with several outputs. */
/* Which endorsement key (EK) and attestation key (AK) the TPM evidence
 * operations use (arcsec extensions; docs/providers/tpm.md). An EK kind
 * names the key type; the provider picks the TCG template (low or high
 * range) whose certificate is in NV. AUTO: the first kind with a
 * certificate, in this order; RSA 2048 if there is none. */
enum prov_ek {
	PROV_EK_AUTO = 0,
	PROV_EK_RSA2048 = 1,
	PROV_EK_ECC_P256 = 2,
	PROV_EK_ECC_P384 = 3,
};
#define PROV_EK_LAST	PROV_EK_ECC_P384

enum prov_ak {
	PROV_AK_RSA2048 = 0,	/* RSASSA-SHA256, as SPIRE and Keylime expect */
	PROV_AK_ECC_P256 = 1,	/* ECDSA-SHA256 */
};
#define PROV_AK_LAST	PROV_AK_ECC_P256

struct prov_attest_keys {
	enum prov_ek	pa_ek;
	enum prov_ak	pa_ak;
};

struct prov_out {
	uint8_t		*po_buf;
	size_t		 po_size;
	size_t		 po_len;	/* 0 on entry and on failure */
};

/* A stored key as the dispatcher hands it to a provider: the attributes the
 * key store recorded and the provider's own reference (TPM blobs, PKCS#11
 * CKA_ID, soft provider's encrypted key). Policy has been checked already
 * (psa_policy_check) when an operation member is called. */
struct prov_key {
	const struct psa_key_attrs	*pk_attrs;
	const uint8_t			*pk_ref;
	size_t				 pk_ref_len;
};

/*
 * Conventions for every operation member below:
 * - NULL member: the provider does not do it (PSA_ERROR_NOT_SUPPORTED).
 * - Outputs are caller-owned (out, out_size, *out_len): *out_len is 0 on
 *   entry; out_size is checked before work (PSA_ERROR_BUFFER_TOO_SMALL);
 *   out is wiped on failure.
 * - A new key reference (*ref, *ref_len) is malloc'd by the provider and
 *   owned by the caller, who stores it and frees it with free() after
 *   explicit_bzero.
 * - Members are called from several worker threads at once; a provider
 *   serialises its backend itself where the backend needs it.
 */
struct prov_ops_crypto {
	psa_status_t (*generate_key)(struct prov *p,
	    const struct psa_key_attrs *attrs, uint8_t **ref, size_t *ref_len);
	psa_status_t (*import_key)(struct prov *p,
	    const struct psa_key_attrs *attrs, const uint8_t *data,
	    size_t data_len, size_t *bits, uint8_t **ref, size_t *ref_len);
	psa_status_t (*destroy_key)(struct prov *p, const struct prov_key *k);
	psa_status_t (*export_public_key)(struct prov *p,
	    const struct prov_key *k, uint8_t *out, size_t out_size,
	    size_t *out_len);
	psa_status_t (*export_key)(struct prov *p, const struct prov_key *k,
	    uint8_t *out, size_t out_size, size_t *out_len);
	psa_status_t (*sign_hash)(struct prov *p, const struct prov_key *k,
	    psa_algorithm_t alg, const uint8_t *hash, size_t hash_len,
	    uint8_t *sig, size_t sig_size, size_t *sig_len);
	psa_status_t (*verify_hash)(struct prov *p, const struct prov_key *k,
	    psa_algorithm_t alg, const uint8_t *hash, size_t hash_len,
	    const uint8_t *sig, size_t sig_len);
	psa_status_t (*sign_message)(struct prov *p, const struct prov_key *k,
	    psa_algorithm_t alg, const uint8_t *msg, size_t msg_len,
	    uint8_t *sig, size_t sig_size, size_t *sig_len);
	psa_status_t (*verify_message)(struct prov *p, const struct prov_key *k,
	    psa_algorithm_t alg, const uint8_t *msg, size_t msg_len,
	    const uint8_t *sig, size_t sig_len);
	psa_status_t (*asymmetric_encrypt)(struct prov *p,
	    const struct prov_key *k, psa_algorithm_t alg, const uint8_t *in,
	    size_t in_len, const uint8_t *salt, size_t salt_len, uint8_t *out,
	    size_t out_size, size_t *out_len);
	psa_status_t (*asymmetric_decrypt)(struct prov *p,
	    const struct prov_key *k, psa_algorithm_t alg, const uint8_t *in,
	    size_t in_len, const uint8_t *salt, size_t salt_len, uint8_t *out,
	    size_t out_size, size_t *out_len);
	psa_status_t (*raw_key_agreement)(struct prov *p,
	    const struct prov_key *k, psa_algorithm_t alg,
	    const uint8_t *peer, size_t peer_len, uint8_t *out,
	    size_t out_size, size_t *out_len);
	psa_status_t (*cipher_encrypt)(struct prov *p, const struct prov_key *k,
	    psa_algorithm_t alg, const uint8_t *in, size_t in_len,
	    uint8_t *out, size_t out_size, size_t *out_len); /* IV || ct */
	psa_status_t (*cipher_decrypt)(struct prov *p, const struct prov_key *k,
	    psa_algorithm_t alg, const uint8_t *in, size_t in_len,
	    uint8_t *out, size_t out_size, size_t *out_len); /* in: IV || ct */
	psa_status_t (*aead_encrypt)(struct prov *p, const struct prov_key *k,
	    psa_algorithm_t alg, const uint8_t *nonce, size_t nonce_len,
	    const uint8_t *ad, size_t ad_len, const uint8_t *in, size_t in_len,
	    uint8_t *out, size_t out_size, size_t *out_len); /* ct || tag */
	psa_status_t (*aead_decrypt)(struct prov *p, const struct prov_key *k,
	    psa_algorithm_t alg, const uint8_t *nonce, size_t nonce_len,
	    const uint8_t *ad, size_t ad_len, const uint8_t *in, size_t in_len,
	    uint8_t *out, size_t out_size, size_t *out_len);
	psa_status_t (*mac_compute)(struct prov *p, const struct prov_key *k,
	    psa_algorithm_t alg, const uint8_t *in, size_t in_len,
	    uint8_t *mac, size_t mac_size, size_t *mac_len);
	psa_status_t (*mac_verify)(struct prov *p, const struct prov_key *k,
	    psa_algorithm_t alg, const uint8_t *in, size_t in_len,
	    const uint8_t *mac, size_t mac_len);
	/* Keyless. */
	psa_status_t (*hash_compute)(struct prov *p, psa_algorithm_t alg,
	    const uint8_t *in, size_t in_len, uint8_t *hash, size_t hash_size,
	    size_t *hash_len);
	psa_status_t (*hash_compare)(struct prov *p, psa_algorithm_t alg,
	    const uint8_t *in, size_t in_len, const uint8_t *hash,
	    size_t hash_len);
	psa_status_t (*generate_random)(struct prov *p, uint8_t *out,
	    size_t len);
	/* Key attestation by TPM2_ActivateCredential (Parsec's experimental
	 * PrepareKeyAttestation 0x1F and AttestKey 0x1E). `attesting` NULL:
	 * the provider's default attesting key. Prepare writes the attested
	 * key's TPM name, its public area and the attesting key's public area
	 * (provider-defined encodings, docs/providers/<x>.md), each into its
	 * own caller-owned buffer. Activate takes the credential blob and the
	 * encrypted secret a MakeCredential produced and writes the
	 * credential. */
	psa_status_t (*prepare_activate_credential)(struct prov *p,
	    const struct prov_key *attested, const struct prov_key *attesting,
	    uint8_t *name, size_t name_size, size_t *name_len, uint8_t *pub,
	    size_t pub_size, size_t *pub_len, uint8_t *attesting_pub,
	    size_t attesting_pub_size, size_t *attesting_pub_len);
	psa_status_t (*activate_credential)(struct prov *p,
	    const struct prov_key *attested, const struct prov_key *attesting,
	    const uint8_t *credential_blob, size_t credential_blob_len,
	    const uint8_t *secret, size_t secret_len, uint8_t *out,
	    size_t out_size, size_t *out_len);
	/* arcsec extensions (docs/providers/tpm.md), TPM residency of a key,
	 * with the EK and AK that `keys` chooses:
	 * - tpm_evidence: the EK certificate (DER, empty if the TPM has
	 *   none) and the NV index of the chosen EK's certificate, the EK's
	 *   and the attestation key's (AK) public areas, the AK's name and
	 *   the attested key's public area.
	 * - certify: TPM2_Certify of `attested` by the AK over `qualifying`
	 *   (at most 64 bytes): the attestation structure and signature.
	 * - activate_ak: TPM2_ActivateCredential of the AK with the EK;
	 *   credential_blob and secret are TPM2B with their size prefix.
	 *   PROV_EK_AUTO here means the EK the secret was made for.
	 * - ek_certs: the NV indices of the TCG EK certificates the TPM
	 *   holds (a cheap query: no key is made).
	 * - key_blob: the key's wrapped private part (TPM2B_PRIVATE contents)
	 *   and public area (TPMT_PUBLIC), useless off this TPM. */
	psa_status_t (*tpm_evidence)(struct prov *p,
	    const struct prov_key *attested,
	    const struct prov_attest_keys *keys, struct prov_out *ek_cert,
	    uint32_t *ek_cert_index, struct prov_out *ek_pub,
	    struct prov_out *ak_pub, struct prov_out *ak_name,
	    struct prov_out *attested_pub);
	psa_status_t (*certify)(struct prov *p, const struct prov_key *attested,
	    const struct prov_attest_keys *keys, const uint8_t *qualifying,
	    size_t qualifying_len, struct prov_out *info, struct prov_out *sig);
	psa_status_t (*activate_ak)(struct prov *p,
	    const struct prov_attest_keys *keys,
	    const uint8_t *credential_blob, size_t credential_blob_len,
	    const uint8_t *secret, size_t secret_len, uint8_t *out,
	    size_t out_size, size_t *out_len);
	psa_status_t (*ek_certs)(struct prov *p, uint32_t *nv_indices,
	    size_t nv_indices_size, size_t *nv_indices_count);
	psa_status_t (*key_blob)(struct prov *p, const struct prov_key *k,
	    struct prov_out *priv, struct prov_out *pub);
};

struct provider_ops {
	uint32_t		 magic;		/* PROVIDER_OPS_MAGIC */
	uint8_t			 parsec_id;	/* 1 soft, 2 pkcs11, 3 tpm */
	const char		*type_name;	/* config provider_type, "MbedCrypto" */
	const char		*default_name;	/* Parsec's default provider name */
	/* ListProviders: the UUID the Parsec book gives for this ID, so
	 * clients that match on it work. */
	const char		*uuid;
	const char		*description;
	const char		*vendor;
	/* Capabilities known without opening the backend; a backend that
	 * probes its hardware reports the rest through caps_probed(). */
	const struct prov_cap	*caps;
	size_t			 caps_count;

	/* Required. */
	psa_status_t (*open)(const struct prov_config *cfg, struct prov **out);
	void	     (*close)(struct prov *p);	/* NULL-safe */
	/* Optional: capabilities found at open (TPM algorithms, PKCS#11
	 * mechanisms); NULL means `caps` is the whole truth. */
	const struct prov_cap *(*caps_probed)(const struct prov *p,
	    size_t *count);
	/* The cryptographic operations. */
	struct prov_ops_crypto	 crypto;
	/* Optional, called once at start-up after the key store's own
	 * reconciliation: refs[i] (ref_lens[i] bytes, i < count) are every
	 * key reference the store holds for this provider. A provider whose
	 * backend keeps objects of its own (PKCS#11 token objects) destroys
	 * those it made that no reference names (a create interrupted
	 * between the backend object and the key store commit) and logs
	 * each. NULL: nothing to reconcile. */
	psa_status_t (*reconcile)(struct prov *p, const uint8_t *const *refs,
	    const size_t *ref_lens, size_t count);
	/* Optional, called by the daemon once the key store has committed a
	 * key made by generate_key/import_key: give the backend object a name
	 * people can read (PKCS#11 CKA_LABEL) from the owning application
	 * and the key name, which also marks it as committed. The key is
	 * identified by its reference; a failure is only logged. NULL: not
	 * needed. */
	psa_status_t (*label_key)(struct prov *p, const struct prov_key *k,
	    const char *app_name, const char *key_name);
};

/* A configured, opened provider. */
struct prov_instance {
	const struct provider_ops	*pi_ops;
	struct prov			*pi_state;
	char				*pi_name;
};

/* Look up an ops table by config provider_type ("MbedCrypto", "Tpm", ...).
 * NULL if arcsec has no such provider; *is_known_to_parsec tells whether the
 * name is one Parsec defines (TrustedService, CryptoAuthLib) so the error can
 * say "not supported by arcsec" rather than "unknown". */
const struct provider_ops *prov_registry_find(const char *type_name,
		    bool *is_known_to_parsec);

/* Whether instance `pi` supports `opcode` at all (any key type/algorithm). */
bool		prov_supports_opcode(const struct prov_instance *pi,
		    uint32_t opcode);
/* Whether `pi` lists `opcode` for key type `key_type` and algorithm `alg`
 * (0: do not narrow by it). A capability line with key type 0 matches any
 * type; with alg 0 any algorithm; with a wildcard policy algorithm
 * (ECDSA(ANY_HASH), at-least-this-length MACs, ...) every algorithm that
 * policy would permit. */
bool		prov_supports(const struct prov_instance *pi, uint32_t opcode,
		    psa_key_type_t key_type, psa_algorithm_t alg);
/* Fill `out` with the distinct opcodes `pi` supports, ascending; returns the
 * count (at most out_size). */
size_t		prov_opcodes(const struct prov_instance *pi, uint32_t *out,
		    size_t out_size);

/* The core provider's ListProviders identity (ID 0). */
extern const char prov_core_uuid[];

#endif
