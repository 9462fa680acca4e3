/* arcsec/attest.h: TPM residency evidence of a key, arcsec's extensions of
 * Parsec's PrepareKeyAttestation (0x1F) and AttestKey (0x1E) operations
 * (docs/providers/tpm.md). The TPM provider's attestation key (AK) is a
 * restricted signing key (RSA 2048 by default, ECC P-256 on request)
 * re-created as a primary in the endorsement hierarchy, the same key after
 * every restart; the endorsement key (EK) is re-created from the TCG
 * template whose certificate the TPM holds.
 *
 * Encodings: TPM marshalling, big-endian, without size prefixes unless
 * said. Outputs are caller-owned structs, zeroed on entry and on failure.
 * Every call may also return the common statuses listed in arcsec/keys.h,
 * and ARCSEC_PSA_ERROR_NOT_SUPPORTED when the client's provider is not a
 * TPM or the key is not one the TPM holds (an imported public key).
 */
#ifndef ARCSEC_ATTEST_H
#define ARCSEC_ATTEST_H

#include <stddef.h>
#include <stdint.h>

#include <arcsec/base.h>
#include <arcsec/client.h>
#include <arcsec/status.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ARCSEC_TPM_EK_CERT_MAX		4096u
#define ARCSEC_TPM_PUBLIC_MAX		1024u	/* a marshalled TPMT_PUBLIC */
#define ARCSEC_TPM_NAME_MAX		66u	/* nameAlg || digest */
#define ARCSEC_TPM_ATTEST_MAX		1024u	/* a marshalled TPMS_ATTEST */
#define ARCSEC_TPM_SIGNATURE_MAX	1024u	/* a marshalled TPMT_SIGNATURE */
#define ARCSEC_TPM_QUALIFYING_MAX	64u
#define ARCSEC_TPM_CREDENTIAL_MAX	64u
#define ARCSEC_TPM_PRIVATE_MAX		2048u	/* TPM2B_PRIVATE contents */

#define ARCSEC_TPM_EK_CERTS_MAX		16u

/* Which EK: a key type; the TPM provider picks the TCG EK Credential
 * Profile template (low range first, then high range) whose certificate
 * is in NV. AUTO: the first certificate in the order L-1 (RSA 2048),
 * L-2 (ECC P-256), H-1, H-2, H-3 (ECC P-384); L-1 if the TPM has none. */
typedef enum {
	ARCSEC_TPM_EK_AUTO = 0,
	ARCSEC_TPM_EK_RSA2048 = 1,
	ARCSEC_TPM_EK_ECC_P256 = 2,
	ARCSEC_TPM_EK_ECC_P384 = 3,
} arcsec_tpm_ek_t;

/* Which AK: RSA 2048 with RSASSA-SHA256 (what SPIRE and Keylime expect)
 * or ECC P-256 with ECDSA-SHA256. */
typedef enum {
	ARCSEC_TPM_AK_RSA2048 = 0,
	ARCSEC_TPM_AK_ECC_P256 = 1,
} arcsec_tpm_ak_t;

/* The EK and AK of one evidence / certify / activate round; a verifier's
 * challenge must use the same ones. NULL where a call takes one: AUTO and
 * RSA 2048. */
struct arcsec_tpm_keys {
	arcsec_tpm_ek_t	tk_ek;
	arcsec_tpm_ak_t	tk_ak;
};

struct arcsec_tpm_evidence {
	uint8_t	te_ek_cert[ARCSEC_TPM_EK_CERT_MAX];	/* DER; may be empty */
	size_t	te_ek_cert_len;
	uint32_t te_ek_cert_index;	/* NV index of the EK's certificate */
	uint8_t	te_ek_pub[ARCSEC_TPM_PUBLIC_MAX];	/* TPMT_PUBLIC */
	size_t	te_ek_pub_len;
	uint8_t	te_ak_pub[ARCSEC_TPM_PUBLIC_MAX];	/* TPMT_PUBLIC */
	size_t	te_ak_pub_len;
	uint8_t	te_ak_name[ARCSEC_TPM_NAME_MAX];	/* TPM2B_NAME contents */
	size_t	te_ak_name_len;
	uint8_t	te_key_pub[ARCSEC_TPM_PUBLIC_MAX];	/* TPMT_PUBLIC */
	size_t	te_key_pub_len;
};

/*
 * What a verifier needs about `key_name` and the TPM holding it, with the
 * EK and AK `keys` names (NULL: the defaults): the EK certificate and the
 * NV index it belongs at (the certificate trailing padding trimmed, empty
 * when the TPM has none there), the EK's and the AK's public areas, the
 * AK's name, and the key's public area.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT for an EK or AK
 * value outside the enums; ARCSEC_ERR_PROTOCOL if the service's answer
 * does not fit the struct; the common statuses.
 */
ARCSEC_API arcsec_status_t arcsec_tpm_evidence(struct arcsec_client *c,
		    const char *key_name, const struct arcsec_tpm_keys *keys,
		    struct arcsec_tpm_evidence *out) ARCSEC_WARN_UNUSED;

/*
 * The NV indices of the TCG EK certificates the TPM holding `key_name`
 * has (any of the profile's nine, ascending), without making any key:
 * indices[0..*count). At most ARCSEC_TPM_EK_CERTS_MAX.
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_BUFFER_TOO_SMALL; the common
 * statuses.
 */
ARCSEC_API arcsec_status_t arcsec_tpm_ek_certs(struct arcsec_client *c,
		    const char *key_name, uint32_t *indices, size_t indices_size,
		    size_t *count) ARCSEC_WARN_UNUSED;

struct arcsec_tpm_certify {
	uint8_t	tc_info[ARCSEC_TPM_ATTEST_MAX];		/* TPMS_ATTEST */
	size_t	tc_info_len;
	uint8_t	tc_sig[ARCSEC_TPM_SIGNATURE_MAX];	/* TPMT_SIGNATURE */
	size_t	tc_sig_len;
};

/*
 * What the EK certificate at TCG NV index `nv_index` is for, e.g. "RSA 2048
 * (template L-1)"; "unknown" for an index the EK Credential Profile does
 * not name. A static string.
 */
ARCSEC_API const char *arcsec_tpm_ek_cert_index_name(uint32_t nv_index);

/*
 * TPM2_Certify of `key_name` by the AK `keys` names (NULL: RSA 2048), with
 * qualifying[0..qualifying_len) (at most ARCSEC_TPM_QUALIFYING_MAX bytes,
 * e.g. a verifier's nonce) as qualifyingData: the TPMS_ATTEST the TPM
 * signed and the AK's signature over it (RSASSA-PKCS1-v1_5 or ECDSA, with
 * SHA-256).
 * Returns ARCSEC_SUCCESS; ARCSEC_ERR_INVALID_ARGUMENT for qualifying data
 * over the limit; the common statuses.
 */
ARCSEC_API arcsec_status_t arcsec_tpm_certify(struct arcsec_client *c,
		    const char *key_name, const struct arcsec_tpm_keys *keys,
		    const uint8_t *qualifying,
		    size_t qualifying_len, struct arcsec_tpm_certify *out)
		    ARCSEC_WARN_UNUSED;

/*
 * TPM2_ActivateCredential of the AK with the EK: recover the credential a
 * verifier sealed with TPM2_MakeCredential to (EK public, AK name).
 * credential_blob is a TPM2B_ID_OBJECT and secret a TPM2B_ENCRYPTED_SECRET,
 * each with its 2-byte size prefix (what tpm2_makecredential writes after
 * its 8-byte file header). key_name is any TPM key the caller may use; it
 * picks the provider. `keys` names the AK and the EK (NULL, or EK AUTO:
 * the EK the secret was made for, told by its form: RSA 2048 or the curve
 * of an ECC point). Only the service's administrators may activate.
 * out receives the credential (at most ARCSEC_TPM_CREDENTIAL_MAX bytes);
 * wiped on failure.
 * Returns ARCSEC_SUCCESS; ARCSEC_PSA_ERROR_INVALID_ARGUMENT for inputs that
 * do not parse or a challenge the TPM refuses (made for another EK or AK);
 * ARCSEC_PSA_ERROR_NOT_PERMITTED for a client that is no administrator;
 * ARCSEC_ERR_BUFFER_TOO_SMALL; the common statuses.
 */
ARCSEC_API arcsec_status_t arcsec_tpm_activate_ak(struct arcsec_client *c,
		    const char *key_name, const struct arcsec_tpm_keys *keys,
		    const uint8_t *credential_blob,
		    size_t credential_blob_len, const uint8_t *secret,
		    size_t secret_len, uint8_t *out, size_t out_size,
		    size_t *out_len) ARCSEC_WARN_UNUSED;

/*
 * The TPM blobs of `key_name`: priv receives the TPM2B_PRIVATE contents
 * (the private part wrapped by the TPM's storage primary, the ECC SRK of
 * the TCG provisioning guidance's template H-2), pub the TPMT_PUBLIC, both
 * without size prefix. Only administrators may read them: with the TPM,
 * they let their holder use the key without the service.
 * Returns ARCSEC_SUCCESS; ARCSEC_PSA_ERROR_NOT_PERMITTED for a client that
 * is no administrator; ARCSEC_ERR_BUFFER_TOO_SMALL; the common statuses.
 * Both outputs are wiped on failure.
 */
ARCSEC_API arcsec_status_t arcsec_tpm_key_blob(struct arcsec_client *c,
		    const char *key_name, uint8_t *priv, size_t priv_size,
		    size_t *priv_len, uint8_t *pub, size_t pub_size,
		    size_t *pub_len) ARCSEC_WARN_UNUSED;

#ifdef __cplusplus
}
#endif

#endif
