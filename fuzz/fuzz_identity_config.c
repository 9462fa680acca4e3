/* fuzz/fuzz_identity_config.c: the identity settings parser
 * (arcsec_devid_config_parse) on arbitrary bytes: it accepts or refuses,
 * never crashes; what it accepts is within the documented choices, and a
 * refusal leaves the output zeroed and says why in printable text. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arcsec/identity.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct arcsec_devid_config zero;
	struct arcsec_devid_config cf;
	char why[256];
	arcsec_status_t status;

	memset(&cf, 0xA5, sizeof(cf));
	status = arcsec_devid_config_parse((const char *)data, size, &cf, why,
	    sizeof(why));
	if (status == ARCSEC_SUCCESS) {
		assert(cf.cf_provider_id == 0 ||
		    cf.cf_provider_id == ARCSEC_PROVIDER_TPM ||
		    cf.cf_provider_id == ARCSEC_PROVIDER_PKCS11 ||
		    cf.cf_provider_id == ARCSEC_PROVIDER_MBED_CRYPTO);
		assert((unsigned)cf.cf_key_type <= ARCSEC_DEVID_RSA_3072);
		assert((unsigned)cf.cf_fallback <=
		    ARCSEC_DEVID_FALLBACK_SOFTWARE);
		assert(memchr(cf.cf_state_dir, '\0',
		    sizeof(cf.cf_state_dir)) != NULL);
		assert(cf.cf_state_dir[0] == '\0' || cf.cf_state_dir[0] == '/');
		return 0;
	}
	assert(memcmp(&cf, &zero, sizeof(cf)) == 0);
	if (status == ARCSEC_ERR_INVALID_ARGUMENT) {
		size_t len = strnlen(why, sizeof(why));

		assert(len > 0 && len < sizeof(why));
		for (size_t i = 0; i < len; i++)
			assert(why[i] >= 0x20 && why[i] < 0x7f);
	}
	return 0;
}
