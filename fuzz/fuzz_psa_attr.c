/* fuzz/fuzz_psa_attr.c: the key-store attribute decoder on arbitrary bytes.
 * Whatever it accepts must re-encode to exactly the same bytes (the format
 * has one spelling per value), and what it refuses must leave no partial
 * result behind. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "psa/attributes.h"
#include "psa/names.h"
#include "psa/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct psa_key_attrs attrs;
	uint8_t out[PSA_ATTRS_ENCODED_LEN];
	char name[PSA_NAME_SIZE];
	size_t out_len = 0;
	psa_status_t status;

	status = psa_attrs_decode(data, size, &attrs);
	if (status != PSA_SUCCESS) {
		assert(status == PSA_ERROR_DATA_INVALID);
		assert(attrs.type == 0 && attrs.bits == 0 && attrs.usage == 0 &&
		    attrs.alg == 0 && !attrs.is_persistent);
		return 0;
	}
	assert(size == PSA_ATTRS_ENCODED_LEN);
	assert(psa_attrs_encode(&attrs, out, sizeof(out), &out_len) ==
	    PSA_SUCCESS);
	assert(out_len == size);
	assert(memcmp(out, data, size) == 0);

	/* A decoded record is what the dispatcher hands to the policy code
	 * and the log; neither may trip on any value it holds, and policy
	 * answers only with the statuses psa/policy.h names. */
	status = psa_attrs_validate_new(&attrs, true);
	assert(status == PSA_SUCCESS || status == PSA_ERROR_INVALID_ARGUMENT ||
	    status == PSA_ERROR_NOT_SUPPORTED);
	status = psa_policy_check(&attrs, attrs.usage, attrs.alg);
	assert(status == PSA_SUCCESS || status == PSA_ERROR_INVALID_ARGUMENT ||
	    status == PSA_ERROR_NOT_SUPPORTED ||
	    status == PSA_ERROR_NOT_PERMITTED);
	status = psa_policy_check_export(&attrs);
	assert(status == PSA_SUCCESS || status == PSA_ERROR_NOT_PERMITTED);
	psa_alg_name(attrs.alg, name, sizeof(name));
	assert(strlen(name) < sizeof(name));
	psa_key_type_name(attrs.type, name, sizeof(name));
	psa_usage_name(attrs.usage, name, sizeof(name));
	return 0;
}
