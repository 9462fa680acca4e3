/* providers/tpm/tpm.c: the TPM provider's identity and lifecycle: the one
 * ESYS_CONTEXT behind one mutex (TSS contexts are single-threaded) and the
 * connection to the TPM through the configured TCTI (srk.c makes the
 * storage primary ready on it). docs/providers/tpm.md has the design. */
#include "providers/tpm/tpm_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <tss2/tss2_tctildr.h>

#include "common/hex.h"
#include "common/log.h"

/* ESYS waits this long for one response (tcti.c makes it a limit); RSA
 * key generation on a slow TPM takes seconds, so generously. The
 * environment variable ARCSEC_TPM_TIMEOUT_MS (100..600000) overrides it,
 * for tests and diagnosis; there is no config key. */
#define TPM_TIMEOUT_MS		60000u
/* After a failed reconnect, requests fail at once for this long rather
 * than each trying (and logging) again. */
#define TPM_RETRY_MS		1000

static uint32_t
tpm_timeout_ms(void)
{
	const char *text = getenv("ARCSEC_TPM_TIMEOUT_MS");
	char *end = NULL;
	unsigned long v;

	if (text == NULL || *text == '\0')
		return TPM_TIMEOUT_MS;
	v = strtoul(text, &end, 10);
	if (*end != '\0' || v < 100 || v > 600000) {
		log_warnx("tpm: ARCSEC_TPM_TIMEOUT_MS=%s ignored (100..600000)",
		    text);
		return TPM_TIMEOUT_MS;
	}
	return (uint32_t)v;
}

static uint64_t
tpm_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

psa_status_t
tpm_auth_parse(const char *text, TPM2B_AUTH *auth)
{
	size_t len = 0;

	memset(auth, 0, sizeof(*auth));
	if (text == NULL)
		return PSA_SUCCESS;
	/* Parsec's convention: "hex:" bytes, "str:" or no prefix text. */
	if (!hex_secret_decode(text, auth->buffer, sizeof(auth->buffer),
	    &len))
		return PSA_ERROR_INVALID_ARGUMENT;
	auth->size = (uint16_t)len;
	return PSA_SUCCESS;
}

static void
tpm_disconnect(struct prov *p)
{
	if (p->p_esys != NULL)
		Esys_Finalize(&p->p_esys);
	p->p_esys = NULL;
	if (p->p_tcti != NULL)
		Tss2_TctiLdr_Finalize(&p->p_tcti);
	p->p_tcti = NULL;
	p->p_primary = ESYS_TR_NONE;
}

/* Connect, start the TPM if it needs it, make the storage primary ready. */
static psa_status_t
tpm_connect(struct prov *p)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	TSS2_RC rc;

	if ((rc = Tss2_TctiLdr_Initialize(p->p_tcti_conf, &p->p_tcti)) !=
	    TSS2_RC_SUCCESS) {
		(void)tpm_rc_status("TCTI initialise", rc);
		log_warnx("tpm: no TPM answers on TCTI \"%s\"",
		    p->p_tcti_conf);
		status = PSA_ERROR_COMMUNICATION_FAILURE;
		goto out;
	}
	if ((rc = Esys_Initialize(&p->p_esys, tpm_tcti_wrap(&p->p_tcti_wrap,
	    p->p_tcti), NULL)) != TSS2_RC_SUCCESS) {
		status = tpm_rc_status("Esys_Initialize", rc);
		goto out;
	}
	(void)Esys_SetTimeout(p->p_esys, (int32_t)p->p_timeout_ms);
	/* swtpm and a TPM after power-on want TPM2_Startup; a TPM the OS
	 * already started says TPM_RC_INITIALIZE, which is fine. */
	rc = Esys_Startup(p->p_esys, TPM2_SU_CLEAR);
	if (rc != TSS2_RC_SUCCESS && (rc & 0xFFFFu) != TPM2_RC_INITIALIZE) {
		status = tpm_rc_status("Startup", rc);
		if (tpm_rc_is_comm(rc))
			log_warnx("tpm: no TPM answers on TCTI \"%s\"",
			    p->p_tcti_conf);
		goto out;
	}
	status = tpm_srk_open(p);
out:
	if (status != PSA_SUCCESS)
		tpm_disconnect(p);
	return status;
}

psa_status_t
tpm_lock(struct prov *p)
{
	psa_status_t status;

	if (pthread_mutex_lock(&p->p_lock) != 0)
		return PSA_ERROR_BAD_STATE;
	if (p->p_esys != NULL)
		return PSA_SUCCESS;
	if (tpm_now_ms() < p->p_retry_after_ms) {
		pthread_mutex_unlock(&p->p_lock);
		return PSA_ERROR_COMMUNICATION_FAILURE;
	}
	if ((status = tpm_connect(p)) != PSA_SUCCESS) {
		p->p_retry_after_ms = tpm_now_ms() + TPM_RETRY_MS;
		pthread_mutex_unlock(&p->p_lock);
		return status == PSA_ERROR_NOT_PERMITTED ? status :
		    PSA_ERROR_COMMUNICATION_FAILURE;
	}
	log_info("tpm: reconnected to the TPM on \"%s\"", p->p_tcti_conf);
	return PSA_SUCCESS;
}

void
tpm_unlock(struct prov *p)
{
	pthread_mutex_unlock(&p->p_lock);
}

psa_status_t
tpm_check(struct prov *p, const char *what, TSS2_RC rc)
{
	psa_status_t status = tpm_rc_status(what, rc);

	if (tpm_rc_is_comm(rc) && p->p_esys != NULL) {
		log_warnx("tpm: lost the TPM on \"%s\" (%s); will reconnect "
		    "on the next request", p->p_tcti_conf, what);
		tpm_handle_flush_all(p, false);
		tpm_disconnect(p);
	}
	return status;
}

static void
tpm_free(struct prov *p)
{
	if (p == NULL)
		return;
	if (p->p_esys != NULL) {
		tpm_handle_flush_all(p, true);
		tpm_srk_close(p);
	}
	tpm_disconnect(p);
	OPENSSL_cleanse(&p->p_owner_auth, sizeof(p->p_owner_auth));
	OPENSSL_cleanse(&p->p_endorsement_auth, sizeof(p->p_endorsement_auth));
	free(p->p_tcti_conf);
	free(p->p_caps);
	pthread_mutex_destroy(&p->p_lock);
	free(p);
}

static psa_status_t
tpm_open(const struct prov_config *cfg, struct prov **out)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	struct prov *p = NULL;
	uint32_t slots;

	*out = NULL;
	if (cfg == NULL) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if (pthread_mutex_init(&p->p_lock, NULL) != 0) {
		free(p);
		p = NULL;
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	p->p_primary = ESYS_TR_NONE;
	p->p_allow_deprecated = cfg->allow_deprecated;
	p->p_timeout_ms = tpm_timeout_ms();
	/* The daemon's config checked the range already; this is the
	 * provider interface's own promise. */
	p->p_srk_handle = cfg->tpm_storage_primary_handle;
	if (p->p_srk_handle != 0 && (p->p_srk_handle < TPM_SRK_HANDLE_FIRST ||
	    p->p_srk_handle > TPM_SRK_HANDLE_LAST)) {
		log_warnx("tpm: storage_primary_handle 0x%08X is not an owner "
		    "persistent handle (0x%08X..0x%08X)", p->p_srk_handle,
		    TPM_SRK_HANDLE_FIRST, TPM_SRK_HANDLE_LAST);
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	/* Parsec's default TCTI. */
	if ((p->p_tcti_conf = strdup(cfg->tpm_tcti != NULL ? cfg->tpm_tcti :
	    "device:/dev/tpmrm0")) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	if ((status = tpm_auth_parse(cfg->tpm_owner_hierarchy_auth,
	    &p->p_owner_auth)) != PSA_SUCCESS) {
		log_warnx("tpm: owner_hierarchy_auth is not a valid auth "
		    "value (at most 64 bytes; \"hex:\" needs hex digits)");
		goto out;
	}
	if ((status = tpm_auth_parse(cfg->tpm_endorsement_hierarchy_auth,
	    &p->p_endorsement_auth)) != PSA_SUCCESS) {
		log_warnx("tpm: endorsement_hierarchy_auth is not a valid auth "
		    "value (at most 64 bytes; \"hex:\" needs hex digits)");
		goto out;
	}
	if ((status = tpm_connect(p)) != PSA_SUCCESS ||
	    (status = tpm_caps_probe(p->p_esys, &p->p_probe)) !=
	    PSA_SUCCESS ||
	    (status = tpm_caps_build(p)) != PSA_SUCCESS)
		goto out;
	/* One transient slot is the primary's, one is kept for hash and
	 * HMAC sequences; the rest hold keys. A persistent primary needs
	 * its slot too: the TPM loads it for each command that uses it. */
	slots = p->p_probe.tp_transient_min;
	p->p_lru_slots = slots > 2 ? slots - 2 : 1;
	if (p->p_lru_slots > TPM_LRU_SLOTS_MAX)
		p->p_lru_slots = TPM_LRU_SLOTS_MAX;
	log_info("tpm: TPM on \"%s\": storage primary ready, %zu key slots, "
	    "%zu capability lines", p->p_tcti_conf, p->p_lru_slots,
	    p->p_caps_count);
	*out = p;
	p = NULL;
	status = PSA_SUCCESS;
out:
	tpm_free(p);
	return status;
}

static void
tpm_close(struct prov *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->p_lock);
	pthread_mutex_unlock(&p->p_lock);
	tpm_free(p);
}

/* Known without a TPM: the rest depends on what the TPM reports. */
#define TPM_OP_DESTROY_KEY	0x03u
#define TPM_OP_CAN_DO_CRYPTO	0x20u
static const struct prov_cap tpm_caps_static[] = {
	{ TPM_OP_DESTROY_KEY, 0, 0 },
	{ TPM_OP_CAN_DO_CRYPTO, 0, 0 },
};

const struct provider_ops prov_tpm_ops = {
	.magic = PROVIDER_OPS_MAGIC,
	.parsec_id = 3,
	.type_name = "Tpm",
	.default_name = "tpm-provider",
	/* Parsec book, "Providers": TPM provider UUID. */
	.uuid = "1e4954a4-ff21-46d3-ab0c-661eeb667e1d",
	.description = "arcsec TPM 2.0 provider (tpm2-tss ESAPI): keys are "
	    "TPM objects under a storage primary; public-key operations in "
	    "software",
	.vendor = "Trusted Computing Group (TCG)",
	.caps = tpm_caps_static,
	.caps_count = TPM_NELEM(tpm_caps_static),
	.open = tpm_open,
	.close = tpm_close,
	.caps_probed = tpm_caps_probed,
	.crypto = {
		.generate_key = tpm_generate_key,
		.import_key = tpm_import_key,
		.destroy_key = tpm_destroy_key,
		.export_public_key = tpm_export_public_key,
		.sign_hash = tpm_sign_hash,
		.verify_hash = tpm_verify_hash,
		.sign_message = tpm_sign_message,
		.verify_message = tpm_verify_message,
		.asymmetric_encrypt = tpm_asymmetric_encrypt,
		.asymmetric_decrypt = tpm_asymmetric_decrypt,
		.raw_key_agreement = tpm_raw_key_agreement,
		.cipher_encrypt = tpm_cipher_encrypt,
		.cipher_decrypt = tpm_cipher_decrypt,
		.mac_compute = tpm_mac_compute,
		.mac_verify = tpm_mac_verify,
		.hash_compute = tpm_hash_compute,
		.hash_compare = tpm_hash_compare,
		.generate_random = tpm_generate_random,
		.prepare_activate_credential =
		    tpm_prepare_activate_credential,
		.activate_credential = tpm_activate_credential,
		.tpm_evidence = tpm_evidence,
		.certify = tpm_certify,
		.activate_ak = tpm_activate_ak,
		.ek_certs = tpm_ek_certs,
		.key_blob = tpm_key_blob_export,
	},
};
