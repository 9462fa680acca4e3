/* arcsec/identity.h: the device identity (IEEE 802.1AR DevID, TCG LDevID):
 * a signing key the service holds in its reserved namespace, PKCS#10
 * requests for it, the certificate a CA issued for it, and the evidence a
 * verifier checks. docs/identity.md explains the model.
 *
 * The DevID lives in application "@arcsec" of the service, which only
 * administrators reach (docs/security.md): the client passed here must
 * authenticate as one of the service's `admins`. Its key name is
 * "@arcsec/devid-<generation>"; replacing the DevID makes the next
 * generation first and removes the old one only once the new one exists.
 *
 * Certificates are public and live in a state directory of the caller's
 * (ARCSEC_IDENTITY_DIR_DEFAULT unless one is given), one file per
 * generation, so a certificate can never be taken for another key's.
 *
 * Every call returns ARCSEC_SUCCESS or a status; where a `why` buffer is
 * given it then holds one line saying what failed (empty when the status
 * and arcsec_client_last_error() say it all).
 */
#ifndef ARCSEC_IDENTITY_H
#define ARCSEC_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#include <arcsec/attest.h>
#include <arcsec/base.h>
#include <arcsec/client.h>
#include <arcsec/keys.h>
#include <arcsec/status.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ARCSEC_IDENTITY_DIR_DEFAULT	"/var/lib/arcsec/identity"
#define ARCSEC_DEVID_KEY_PREFIX		"@arcsec/devid-"
#define ARCSEC_DEVID_KEY_NAME_MAX	40u

enum arcsec_devid_key_type {
	ARCSEC_DEVID_ECC_P256 = 0,	/* ECDSA with SHA-256 */
	ARCSEC_DEVID_ECC_P384,		/* ECDSA with SHA-384 */
	ARCSEC_DEVID_RSA_2048,		/* RSASSA-PKCS1-v1_5 with SHA-256 */
	ARCSEC_DEVID_RSA_3072,		/* RSASSA-PKCS1-v1_5 with SHA-256 */
};

/* What to do when the service has neither a TPM nor a PKCS#11 provider. */
enum arcsec_devid_fallback {
	ARCSEC_DEVID_FALLBACK_NONE = 0,	/* refuse: no hardware, no DevID */
	ARCSEC_DEVID_FALLBACK_SOFTWARE,	/* the software provider, said so */
};

struct arcsec_devid_params {
	/* ARCSEC_PROVIDER_TPM, _PKCS11 or _MBED_CRYPTO; 0 picks the best
	 * the service has: TPM, then PKCS#11, then (with the software
	 * fallback only) the software provider. */
	uint8_t				 dp_provider_id;
	enum arcsec_devid_key_type	 dp_key_type;
	enum arcsec_devid_fallback	 dp_fallback;
	int				 dp_force;	/* replace a DevID */
};

/*
 * The identity settings file (docs/identity.md, "Settings"), TOML with one
 * table:
 *   [devid]
 *   provider = "auto" | "tpm" | "pkcs11" | "soft"
 *   key_type = "ecc-p256" | "ecc-p384" | "rsa2048" | "rsa3072"
 *   fallback = "none" | "software"
 *   state_dir = "/absolute/path"
 * Each cf_has_* says whether the file set that member; cf_state_dir is ""
 * when it did not. Command-line choices override the file.
 */
#define ARCSEC_IDENTITY_CONFIG_DEFAULT	"/etc/arcsec/identity.toml"
#define ARCSEC_DEVID_PATH_MAX		1024u

struct arcsec_devid_config {
	uint8_t				 cf_provider_id;   /* 0: auto */
	int				 cf_has_provider;
	enum arcsec_devid_key_type	 cf_key_type;
	int				 cf_has_key_type;
	enum arcsec_devid_fallback	 cf_fallback;
	int				 cf_has_fallback;
	char				 cf_state_dir[ARCSEC_DEVID_PATH_MAX];
};

/*
 * Parse text[0..len) as an identity settings file into *out (zeroed first
 * and on failure). Unknown tables and keys, wrong types and values outside
 * the lists above are refused with a message in why naming the line and
 * the key.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT for a file that is
 * not valid (why says how); ARCSEC_ERR_NO_MEMORY.
 */
ARCSEC_API arcsec_status_t arcsec_devid_config_parse(const char *text,
		    size_t len, struct arcsec_devid_config *out, char *why,
		    size_t why_size) ARCSEC_WARN_UNUSED;

/*
 * Read and parse the settings file at `path` (at most 1 MiB). A file that
 * does not exist is an empty one when missing_ok, an error otherwise.
 * Returns the statuses of arcsec_devid_config_parse() (why then starts
 * with the path); ARCSEC_ERR_IO for a file that cannot be read.
 */
ARCSEC_API arcsec_status_t arcsec_devid_config_load(const char *path,
		    int missing_ok, struct arcsec_devid_config *out, char *why,
		    size_t why_size) ARCSEC_WARN_UNUSED;

struct arcsec_devid {
	char			 dv_key_name[ARCSEC_DEVID_KEY_NAME_MAX];
	uint32_t		 dv_generation;		/* >= 1 */
	uint8_t			 dv_provider_id;
	struct arcsec_key_attrs	 dv_attrs;
	int			 dv_hardware_backed;	/* TPM or PKCS#11 */
};

/* The name arcsec uses for a provider kind in identity output: "tpm",
 * "pkcs11", "software"; "unknown" for any other ID. */
ARCSEC_API const char	*arcsec_devid_provider_name(uint8_t provider_id);

/*
 * The current DevID: the highest generation the service holds.
 * Returns ARCSEC_SUCCESS with *out filled; ARCSEC_PSA_ERROR_DOES_NOT_EXIST
 * if there is none; ARCSEC_PSA_ERROR_NOT_PERMITTED if the client is not an
 * administrator of the service; the statuses of arcsec_list_keys().
 */
ARCSEC_API arcsec_status_t arcsec_devid_find(struct arcsec_client *c,
		    struct arcsec_devid *out) ARCSEC_WARN_UNUSED;

/*
 * Create the DevID: a non-exportable signing key in the chosen provider.
 * With a DevID present: ARCSEC_PSA_ERROR_ALREADY_EXISTS unless dp_force, in
 * which case the new key is made first and the old one then destroyed.
 * Returns ARCSEC_SUCCESS with *out filled; ARCSEC_ERR_NO_PROVIDER when the
 * service has no provider the parameters allow (no hardware and no
 * software fallback, or the asked provider absent); the statuses of
 * arcsec_generate_key() and arcsec_devid_find().
 */
ARCSEC_API arcsec_status_t arcsec_devid_create(struct arcsec_client *c,
		    const struct arcsec_devid_params *params,
		    struct arcsec_devid *out, char *why, size_t why_size)
		    ARCSEC_WARN_UNUSED;

/* Subject parts of a request; each NULL when not wanted. */
struct arcsec_x509_subject {
	const char	*xs_cn;
	const char	*xs_o;
	const char	*xs_ou;
	const char	*xs_c;		/* two letters */
	const char	*xs_serial;	/* serialNumber attribute */
};

/*
 * A PKCS#10 request for the DevID, signed inside its provider.
 * sans: san_count strings "dns:NAME", "uri:URI" (spiffe:// URIs must be
 * SPIFFE IDs), "ip:ADDRESS".
 * pem: receives the request as PEM text, malloc'd, the caller's to free().
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT for a bad subject or
 * SAN (why says which); the statuses of arcsec_devid_find() and of the
 * signing.
 */
ARCSEC_API arcsec_status_t arcsec_devid_csr(struct arcsec_client *c,
		    const struct arcsec_x509_subject *subject,
		    const char *const *sans, size_t san_count, char **pem,
		    char *why, size_t why_size) ARCSEC_WARN_UNUSED;

/*
 * Install the certificate a CA issued for the DevID, with the chain up to
 * (and optionally including) the root, into state_dir (NULL: the default).
 * The certificate's public key must be the DevID's, and each certificate
 * of the chain must have issued the one before it (signature and name).
 * cert_pem / chain_pem: PEM text; chain_pem may be NULL.
 * Returns ARCSEC_SUCCESS; ARCSEC_PSA_ERROR_INVALID_ARGUMENT for a
 * certificate that is not the DevID's or a chain that does not link;
 * ARCSEC_ERR_IO if the files cannot be written; the statuses of
 * arcsec_devid_find().
 */
ARCSEC_API arcsec_status_t arcsec_devid_install(struct arcsec_client *c,
		    const char *state_dir, const char *cert_pem,
		    const char *chain_pem, char *why, size_t why_size)
		    ARCSEC_WARN_UNUSED;

/* What `devid show` prints about an installed certificate. */
struct arcsec_devid_cert {
	int	 dc_present;		/* the other fields only if set */
	char	 dc_subject[512];	/* RFC 2253 */
	char	 dc_issuer[512];
	char	 dc_sans[1024];		/* "DNS:a, URI:spiffe://..." */
	char	 dc_not_after[32];	/* "2027-12-05T08:00:00Z" */
	char	 dc_sha256[65];		/* of the DER, lower-case hex */
	size_t	 dc_chain_count;
};

/*
 * Read back what arcsec_devid_install() stored for `devid`.
 * Returns ARCSEC_SUCCESS with dc_present 0 when no certificate is
 * installed; ARCSEC_ERR_IO for files that exist but cannot be read or
 * parsed.
 */
ARCSEC_API arcsec_status_t arcsec_devid_cert_read(const char *state_dir,
		    const struct arcsec_devid *devid,
		    struct arcsec_devid_cert *out) ARCSEC_WARN_UNUSED;

/*
 * The NV indices of the TCG EK certificates in the TPM holding the DevID
 * `devid` (from arcsec_devid_find()), as arcsec_tpm_ek_certs() lists them:
 * whether a verifier can chain this TPM's EK to its maker.
 * Returns ARCSEC_SUCCESS; ARCSEC_PSA_ERROR_NOT_SUPPORTED for a DevID not in
 * a TPM; the statuses of arcsec_tpm_ek_certs().
 */
ARCSEC_API arcsec_status_t arcsec_devid_ek_certs(struct arcsec_client *c,
		    const struct arcsec_devid *devid, uint32_t *indices,
		    size_t indices_size, size_t *count) ARCSEC_WARN_UNUSED;

/*
 * Evidence that the DevID's private key is held by this service: a JSON
 * object (docs/identity.md, "Evidence") with version, provider,
 * hardware_backed, nonce, devid_spki (the DER public key), csr (csr_pem, if
 * given) and nonce_signature (the DevID's signature over the nonce with its
 * scheme's hash, encoded as in X.509), and what this evidence proves about
 * residency under "residency". A TPM DevID adds ek_cert, ek_cert_nv_index,
 * ek_pub, ak_pub, devid_pub, certify_info and certify_signature
 * (TPM2_Certify of the DevID by the TPM's attestation key, the nonce as
 * qualifyingData), with the EK and AK `tpm_keys` names (NULL: the EK whose
 * certificate the TPM holds, RSA first; the RSA 2048 AK).
 * json: receives the text, malloc'd, the caller's to free().
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT for an empty nonce or
 * one over 64 bytes; the statuses of arcsec_devid_find() and the signing.
 */
ARCSEC_API arcsec_status_t arcsec_devid_evidence(struct arcsec_client *c,
		    const uint8_t *nonce, size_t nonce_len,
		    const char *csr_pem, const struct arcsec_tpm_keys *tpm_keys,
		    char **json, char *why, size_t why_size)
		    ARCSEC_WARN_UNUSED;

/*
 * Answer a verifier's credential-activation challenge for a TPM DevID.
 * challenge_json: {"credential": TPM2B_ID_OBJECT, "secret":
 * TPM2B_ENCRYPTED_SECRET, "nonce": 1 to 64 bytes}, standard base64, the
 * TPM2Bs with their size prefix, made with TPM2_MakeCredential against the
 * EK public and the AK name of arcsec_devid_evidence(). tpm_keys names the
 * AK that evidence used (NULL: RSA 2048); the EK, unless named, is the one
 * the secret was made for.
 * response_json: receives {"secret": the recovered credential,
 * "nonce_signature": the DevID's signature over the nonce as in
 * arcsec_devid_evidence()}, malloc'd, the caller's to free(); it holds the
 * verifier's secret.
 * Returns ARCSEC_SUCCESS; ARCSEC_PSA_ERROR_NOT_SUPPORTED for a DevID not in
 * a TPM ("proof of residency needs a TPM DevID"); ARCSEC_ERR_INVALID_ARGUMENT
 * for a challenge that does not parse; ARCSEC_PSA_ERROR_INVALID_ARGUMENT
 * for one the TPM refuses (made for another EK or AK); the statuses of
 * arcsec_devid_find() and the signing.
 */
ARCSEC_API arcsec_status_t arcsec_devid_activate(struct arcsec_client *c,
		    const char *challenge_json,
		    const struct arcsec_tpm_keys *tpm_keys,
		    char **response_json, char *why, size_t why_size)
		    ARCSEC_WARN_UNUSED;

/*
 * Write the files SPIRE's tpm_devid agent node attestor reads into out_dir
 * (docs/identity.md, "SPIRE"): devid.crt.pem (the installed certificate
 * from state_dir, NULL: the default, then its chain), devid.priv.blob
 * (TPM2B_PRIVATE, mode 0600) and devid.pub.blob (TPM2B_PUBLIC). The blobs
 * are without their 2-byte size prefix, as the agent reads them, unless
 * with_size_prefix (the TSS files tpm2_load reads). Each file is written
 * through a temporary file and renamed. The private blob is wrapped by
 * this TPM's storage key and useless elsewhere.
 * Returns ARCSEC_SUCCESS; ARCSEC_PSA_ERROR_NOT_SUPPORTED for a DevID not in
 * a TPM or an RSA DevID (the agent loads those under another storage key);
 * ARCSEC_PSA_ERROR_DOES_NOT_EXIST without an installed certificate;
 * ARCSEC_ERR_IO if a file cannot be read or written; the statuses of
 * arcsec_devid_find() and arcsec_tpm_key_blob().
 */
ARCSEC_API arcsec_status_t arcsec_devid_export_spire(struct arcsec_client *c,
		    const char *state_dir, const char *out_dir,
		    int with_size_prefix, char *why, size_t why_size)
		    ARCSEC_WARN_UNUSED;

#ifdef __cplusplus
}
#endif

#endif
