/* providers/tpm/blob.c: encode and decode the TPM key reference the key
 * store keeps (format in tpm_int.h). Pure: tss2-mu does the bounded
 * reading, moving its offset only when a whole structure was read. */
#include "providers/tpm/tpm_int.h"

#include <stdlib.h>
#include <string.h>

#include <tss2/tss2_mu.h>

static bool
tpm_blob_kind_ok(const struct tpm_blob *b)
{
	switch (b->tb_kind) {
	case TPM_BLOB_LOADABLE:
		return b->tb_priv.size != 0;
	case TPM_BLOB_PUBLIC:
		return b->tb_priv.size == 0 &&
		    (b->tb_pub.publicArea.type == TPM2_ALG_RSA ||
		    b->tb_pub.publicArea.type == TPM2_ALG_ECC);
	default:
		return false;
	}
}

static bool
tpm_blob_type_ok(const TPMT_PUBLIC *pub)
{
	switch (pub->type) {
	case TPM2_ALG_RSA:
	case TPM2_ALG_ECC:
	case TPM2_ALG_KEYEDHASH:
	case TPM2_ALG_SYMCIPHER:
		return true;
	default:
		return false;
	}
}

psa_status_t
tpm_blob_encode(const struct tpm_blob *b, uint8_t **ref, size_t *ref_len)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	uint8_t *buf = NULL;
	size_t off = 2;

	*ref = NULL;
	*ref_len = 0;
	if (b == NULL || !tpm_blob_kind_ok(b) ||
	    !tpm_blob_type_ok(&b->tb_pub.publicArea)) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	if ((buf = malloc(TPM_BLOB_MAX_LEN)) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	buf[0] = TPM_BLOB_VERSION;
	buf[1] = b->tb_kind;
	if (Tss2_MU_TPM2B_PRIVATE_Marshal(&b->tb_priv, buf, TPM_BLOB_MAX_LEN,
	    &off) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPM2B_PUBLIC_Marshal(&b->tb_pub, buf, TPM_BLOB_MAX_LEN,
	    &off) != TSS2_RC_SUCCESS) {
		status = PSA_ERROR_INVALID_ARGUMENT;
		goto out;
	}
	*ref = buf;
	*ref_len = off;
	buf = NULL;
	status = PSA_SUCCESS;
out:
	free(buf);	/* TPM2B_PRIVATE is sealed by the TPM: not a secret */
	return status;
}

psa_status_t
tpm_blob_decode(const uint8_t *ref, size_t len, struct tpm_blob *b)
{
	psa_status_t status = PSA_ERROR_CORRUPTION_DETECTED;
	size_t off = 2, pub_off;

	if (b == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	memset(b, 0, sizeof(*b));
	if (ref == NULL || len < 2 || len > TPM_BLOB_MAX_LEN ||
	    ref[0] != TPM_BLOB_VERSION) {
		status = PSA_ERROR_DATA_CORRUPT;
		goto out;
	}
	b->tb_kind = ref[1];
	if (Tss2_MU_TPM2B_PRIVATE_Unmarshal(ref, len, &off, &b->tb_priv) !=
	    TSS2_RC_SUCCESS) {
		status = PSA_ERROR_DATA_CORRUPT;
		goto out;
	}
	pub_off = off;
	/* tss2-mu reads a TPM2B_PUBLIC whose size field is 0 as if it were
	 * right (found by fuzz/fuzz_tpm_blob.c): the size must be what
	 * follows, so each blob has one spelling. */
	if (Tss2_MU_TPM2B_PUBLIC_Unmarshal(ref, len, &off, &b->tb_pub) !=
	    TSS2_RC_SUCCESS || off != len || len - pub_off < 2 ||
	    ((size_t)ref[pub_off] << 8 | ref[pub_off + 1]) !=
	    len - pub_off - 2 || !tpm_blob_kind_ok(b) ||
	    !tpm_blob_type_ok(&b->tb_pub.publicArea)) {
		status = PSA_ERROR_DATA_CORRUPT;
		goto out;
	}
	status = PSA_SUCCESS;
out:
	if (status != PSA_SUCCESS)
		memset(b, 0, sizeof(*b));
	return status;
}
