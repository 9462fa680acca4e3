/* providers/soft/soft.c: the software provider's identity and lifecycle.
 * Its cryptographic operations (OpenSSL 3 EVP) arrive with the key store;
 * until then it publishes an empty capability table, so ListOpcodes and
 * CanDoCrypto never claim an operation it cannot do. */
#include "providers/provider.h"

#include <stdlib.h>

struct prov {
	int	unused;
};

static psa_status_t
soft_open(const struct prov_config *cfg, struct prov **out)
{
	struct prov *p;

	(void)cfg;
	*out = NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	*out = p;
	return PSA_SUCCESS;
}

static void
soft_close(struct prov *p)
{
	free(p);
}

const struct provider_ops prov_soft_ops = {
	.magic = PROVIDER_OPS_MAGIC,
	.parsec_id = 1,
	.type_name = "MbedCrypto",
	.default_name = "mbed-crypto-provider",
	/* Parsec book, "Providers": Mbed Crypto provider UUID. We answer on
	 * ID 1 so clients that pick the software provider find us. */
	.uuid = "1c1139dc-ad7c-47dc-ad6b-db6fdb466552",
	.description = "arcsec software provider (OpenSSL 3), keys encrypted "
	    "at rest; not hardware-backed",
	.vendor = "arcsec",
	.caps = NULL,
	.caps_count = 0,
	.open = soft_open,
	.close = soft_close,
	.caps_probed = NULL,
};
