/* providers/tpm/rc.c: turn a TSS2_RC into a PSA status, the one place that
 * does (STYLE.md §4). The TSS's own text (Tss2_RC_Decode) goes to the debug
 * log; a dictionary-attack lockout goes to the warn log, because only an
 * administrator can end it. */
#include "providers/tpm/tpm_int.h"

#include <tss2/tss2_rc.h>

#include "common/log.h"

/* TPM 2.0 Part 2, 6.6.3: a format-one code carries a parameter, handle or
 * session number in bits 6-11; the error itself is bits 0-5 plus FMT1. */
static TSS2_RC
tpm_rc_base(TSS2_RC rc)
{
	TSS2_RC tpm = rc & 0xFFFFu;

	if (tpm & TPM2_RC_FMT1)
		return tpm & (TPM2_RC_FMT1 | 0x3Fu);
	return tpm & (TPM2_RC_VER1 | TPM2_RC_WARN | 0x7Fu);
}

static bool
tpm_rc_is_tpm_layer(TSS2_RC rc)
{
	return (rc & TSS2_RC_LAYER_MASK) == TSS2_TPM_RC_LAYER;
}

bool
tpm_rc_is_comm(TSS2_RC rc)
{
	TSS2_RC base = rc & 0xFFFFu;

	/* A code from the TPM itself means it answered. */
	if (rc == TSS2_RC_SUCCESS || tpm_rc_is_tpm_layer(rc))
		return false;
	return base == TSS2_BASE_RC_IO_ERROR ||
	    base == TSS2_BASE_RC_NO_CONNECTION ||
	    base == TSS2_BASE_RC_MALFORMED_RESPONSE ||
	    base == TSS2_BASE_RC_INSUFFICIENT_RESPONSE;
}

bool
tpm_rc_is_object_memory(TSS2_RC rc)
{
	return tpm_rc_is_tpm_layer(rc) &&
	    tpm_rc_base(rc) == TPM2_RC_OBJECT_MEMORY;
}

static psa_status_t
tpm_rc_tpm_status(TSS2_RC rc)
{
	switch (tpm_rc_base(rc)) {
	case TPM2_RC_SIGNATURE:
		return PSA_ERROR_INVALID_SIGNATURE;
	case TPM2_RC_INTEGRITY:		/* a key blob that is not ours */
	case TPM2_RC_BINDING:
	case TPM2_RC_SENSITIVE:
		return PSA_ERROR_DATA_CORRUPT;
	case TPM2_RC_AUTH_FAIL:
	case TPM2_RC_BAD_AUTH:
	case TPM2_RC_LOCKOUT:
	case TPM2_RC_POLICY_FAIL:
	case TPM2_RC_ATTRIBUTES:
	case TPM2_RC_HIERARCHY:
	case TPM2_RC_NV_LOCKED:
		return PSA_ERROR_NOT_PERMITTED;
	case TPM2_RC_VALUE:
	case TPM2_RC_SIZE:
	case TPM2_RC_KEY_SIZE:
	case TPM2_RC_KEY:
	case TPM2_RC_ECC_POINT:
	case TPM2_RC_SCHEME:
	case TPM2_RC_HASH:
	case TPM2_RC_MODE:
	case TPM2_RC_SYMMETRIC:
	case TPM2_RC_KDF:
	case TPM2_RC_TYPE:
	case TPM2_RC_INSUFFICIENT:
	case TPM2_RC_NO_RESULT:
		return PSA_ERROR_INVALID_ARGUMENT;
	case TPM2_RC_CURVE:
	case TPM2_RC_COMMAND_CODE:
	case TPM2_RC_DISABLED:
		return PSA_ERROR_NOT_SUPPORTED;
	case TPM2_RC_OBJECT_MEMORY:
	case TPM2_RC_SESSION_MEMORY:
	case TPM2_RC_MEMORY:
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	case TPM2_RC_INITIALIZE:
	case TPM2_RC_REFERENCE_H0:
	case TPM2_RC_HANDLE:
		return PSA_ERROR_BAD_STATE;
	case TPM2_RC_RETRY:
	case TPM2_RC_YIELDED:
	case TPM2_RC_TESTING:
	case TPM2_RC_CANCELED:
		return PSA_ERROR_HARDWARE_FAILURE;
	default:
		return PSA_ERROR_HARDWARE_FAILURE;
	}
}

psa_status_t
tpm_rc_status(const char *what, TSS2_RC rc)
{
	if (rc == TSS2_RC_SUCCESS)
		return PSA_SUCCESS;
	if (tpm_rc_is_tpm_layer(rc) && tpm_rc_base(rc) == TPM2_RC_LOCKOUT)
		log_warnx("tpm: %s: the TPM is in dictionary-attack lockout "
		    "(TPM_RC_LOCKOUT); an administrator must reset it "
		    "(tpm2_dictionarylockout) or wait for recovery", what);
	else
		log_debug("tpm: %s: %s (0x%x)", what, Tss2_RC_Decode(rc),
		    (unsigned)rc);
	if (tpm_rc_is_tpm_layer(rc))
		return tpm_rc_tpm_status(rc);
	if (tpm_rc_is_comm(rc))
		return PSA_ERROR_COMMUNICATION_FAILURE;
	switch (rc & 0xFFFFu) {
	case TSS2_BASE_RC_MEMORY:
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	case TSS2_BASE_RC_BAD_VALUE:
	case TSS2_BASE_RC_BAD_SIZE:
	case TSS2_BASE_RC_INSUFFICIENT_BUFFER:
	case TSS2_BASE_RC_BAD_REFERENCE:
		return PSA_ERROR_INVALID_ARGUMENT;
	case TSS2_BASE_RC_NOT_IMPLEMENTED:
	case TSS2_BASE_RC_NOT_SUPPORTED:
		return PSA_ERROR_NOT_SUPPORTED;
	case TSS2_BASE_RC_TRY_AGAIN:
	case TSS2_BASE_RC_BAD_SEQUENCE:
		return PSA_ERROR_BAD_STATE;
	default:
		return PSA_ERROR_GENERIC_ERROR;
	}
}
