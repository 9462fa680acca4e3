/* identity/devid.c: the DevID key: which provider holds it, its
 * generations in the service's reserved namespace, creating and replacing
 * it. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arcsec/core.h>
#include <arcsec/identity.h>

#include "identity/identity_int.h"

const char *
arcsec_devid_provider_name(uint8_t provider_id)
{
	switch (provider_id) {
	case ARCSEC_PROVIDER_TPM:
		return "tpm";
	case ARCSEC_PROVIDER_PKCS11:
		return "pkcs11";
	case ARCSEC_PROVIDER_MBED_CRYPTO:
		return "software";
	default:
		return "unknown";
	}
}

arcsec_status_t
idn_fail(char *why, size_t why_size, arcsec_status_t status,
    const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && why_size > 0) {
		va_start(ap, fmt);
		vsnprintf(why, why_size, fmt, ap);
		va_end(ap);
	}
	return status;
}

arcsec_status_t
idn_provider_use(struct arcsec_client *c, uint8_t provider_id, uint8_t *saved)
{
	if (arcsec_client_provider(c, saved) != ARCSEC_SUCCESS)
		*saved = 0;
	return arcsec_client_set_provider(c, provider_id);
}

void
idn_provider_restore(struct arcsec_client *c, uint8_t saved)
{
	if (saved != 0)
		(void)arcsec_client_set_provider(c, saved);
}

/* The generation in "@arcsec/devid-<n>", or 0 for any other name. */
static uint32_t
devid_generation(const char *key_name)
{
	size_t prefix_len = strlen(ARCSEC_DEVID_KEY_PREFIX);
	const char *p;
	uint32_t n = 0;

	if (strncmp(key_name, ARCSEC_DEVID_KEY_PREFIX, prefix_len) != 0)
		return 0;
	p = key_name + prefix_len;
	if (*p < '1' || *p > '9')	/* one spelling: no leading zero */
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > (UINT32_MAX - 9) / 10)
			return 0;
		n = n * 10 + (uint32_t)(*p - '0');
	}
	return *p == '\0' ? n : 0;
}

static void
devid_fill(struct arcsec_devid *out, const struct arcsec_key_info *ki,
    uint32_t generation)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->dv_key_name, sizeof(out->dv_key_name), "%s%u",
	    ARCSEC_DEVID_KEY_PREFIX, generation);
	out->dv_generation = generation;
	out->dv_provider_id = ki->ki_provider_id;
	out->dv_attrs = ki->ki_attrs;
	out->dv_hardware_backed = ki->ki_provider_id == ARCSEC_PROVIDER_TPM ||
	    ki->ki_provider_id == ARCSEC_PROVIDER_PKCS11;
}

/* Every DevID generation the service holds: the newest in *newest (0: none)
 * and how many there are. */
static arcsec_status_t
devid_scan(struct arcsec_client *c, struct arcsec_devid *newest,
    size_t *generations)
{
	struct arcsec_key_info *keys = NULL;
	size_t count = 0;
	uint32_t best = 0, g;
	arcsec_status_t status;

	memset(newest, 0, sizeof(*newest));
	*generations = 0;
	if ((status = arcsec_list_keys(c, &keys, &count)) != ARCSEC_SUCCESS)
		return status;
	for (size_t i = 0; i < count; i++) {
		if ((g = devid_generation(keys[i].ki_name)) == 0)
			continue;
		(*generations)++;
		if (g > best) {
			best = g;
			devid_fill(newest, &keys[i], g);
		}
	}
	arcsec_key_info_free(keys);
	return ARCSEC_SUCCESS;
}

/* Only administrators see the reserved namespace; say so rather than "no
 * DevID" to anyone else. */
static arcsec_status_t
devid_check_admin(struct arcsec_client *c)
{
	char **clients = NULL;
	size_t count = 0;
	arcsec_status_t status = arcsec_list_clients(c, &clients, &count);

	arcsec_client_names_free(clients);
	if (status == ARCSEC_ADMIN_OPERATION)
		return ARCSEC_PSA_ERROR_NOT_PERMITTED;
	return status;
}

arcsec_status_t
arcsec_devid_find(struct arcsec_client *c, struct arcsec_devid *out)
{
	size_t generations;
	arcsec_status_t status;

	if (c == NULL || out == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = devid_scan(c, out, &generations)) != ARCSEC_SUCCESS)
		return status;
	if (out->dv_generation != 0)
		return ARCSEC_SUCCESS;
	if ((status = devid_check_admin(c)) != ARCSEC_SUCCESS)
		return status;
	return ARCSEC_PSA_ERROR_DOES_NOT_EXIST;
}

/* The key attributes of each DevID key type (TCG "TPM 2.0 Keys for Device
 * Identity and Attestation": ECDSA P-256/SHA-256, P-384/SHA-384, RSASSA
 * with SHA-256). Non-exportable: no EXPORT usage. */
static void
devid_attrs(enum arcsec_devid_key_type type, struct arcsec_key_attrs *a)
{
	memset(a, 0, sizeof(*a));
	a->key_usage = ARCSEC_KEY_USAGE_SIGN_HASH | ARCSEC_KEY_USAGE_VERIFY_HASH;
	switch (type) {
	case ARCSEC_DEVID_ECC_P384:
		a->key_type = ARCSEC_KEY_TYPE_ECC_KEY_PAIR(
		    ARCSEC_ECC_FAMILY_SECP_R1);
		a->key_bits = 384;
		a->key_alg = ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_384);
		break;
	case ARCSEC_DEVID_RSA_2048:
	case ARCSEC_DEVID_RSA_3072:
		a->key_type = ARCSEC_KEY_TYPE_RSA_KEY_PAIR;
		a->key_bits = type == ARCSEC_DEVID_RSA_2048 ? 2048 : 3072;
		a->key_alg = ARCSEC_ALG_RSA_PKCS1V15_SIGN(ARCSEC_ALG_SHA_256);
		break;
	case ARCSEC_DEVID_ECC_P256:
	default:
		a->key_type = ARCSEC_KEY_TYPE_ECC_KEY_PAIR(
		    ARCSEC_ECC_FAMILY_SECP_R1);
		a->key_bits = 256;
		a->key_alg = ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_256);
		break;
	}
}

/* The provider the DevID goes to, from what the service offers. */
static arcsec_status_t
devid_pick_provider(struct arcsec_client *c,
    const struct arcsec_devid_params *p, uint8_t *provider_id, char *why,
    size_t why_size)
{
	static const char left_out_mark[] = "left out at start-up: ";
	struct arcsec_provider_info *provs = NULL;
	size_t count = 0;
	bool has[6] = { false };
	char left_out[384] = "";
	arcsec_status_t status;

	*provider_id = 0;
	if ((status = arcsec_list_providers(c, &provs, &count)) !=
	    ARCSEC_SUCCESS)
		return status;
	for (size_t i = 0; i < count; i++) {
		const char *mark;

		if (provs[i].prov_id < sizeof(has) / sizeof(*has))
			has[provs[i].prov_id] = true;
		/* arcsecd names, in its core provider's description, the
		 * providers it left out at start-up (a TPM whose TCTI
		 * answered nothing): the refusal below repeats it. */
		if (provs[i].prov_id == ARCSEC_PROVIDER_CORE &&
		    provs[i].prov_description != NULL &&
		    (mark = strstr(provs[i].prov_description,
		    left_out_mark)) != NULL)
			(void)snprintf(left_out, sizeof(left_out),
			    "; arcsecd says: %s", mark);
	}
	arcsec_provider_info_free(provs);
	if (p->dp_provider_id != 0) {
		if (!has[p->dp_provider_id])
			return idn_fail(why, why_size, ARCSEC_ERR_NO_PROVIDER,
			    "the service has no %s provider (ID %u)",
			    arcsec_devid_provider_name(p->dp_provider_id),
			    p->dp_provider_id);
		*provider_id = p->dp_provider_id;
	} else if (has[ARCSEC_PROVIDER_TPM])
		*provider_id = ARCSEC_PROVIDER_TPM;
	else if (has[ARCSEC_PROVIDER_PKCS11])
		*provider_id = ARCSEC_PROVIDER_PKCS11;
	else if (p->dp_fallback == ARCSEC_DEVID_FALLBACK_SOFTWARE &&
	    has[ARCSEC_PROVIDER_MBED_CRYPTO])
		*provider_id = ARCSEC_PROVIDER_MBED_CRYPTO;
	else
		return idn_fail(why, why_size, ARCSEC_ERR_NO_PROVIDER,
		    "no TPM and no PKCS#11 token: the service has no TPM "
		    "provider (a TPM provider whose TCTI answers nothing is "
		    "left out with skip_if_no_tpm, or stops arcsecd from "
		    "starting) and no PKCS#11 provider, and the software "
		    "fallback is off (fallback = \"none\")%s", left_out);
	return ARCSEC_SUCCESS;
}

arcsec_status_t
arcsec_devid_create(struct arcsec_client *c,
    const struct arcsec_devid_params *params, struct arcsec_devid *out,
    char *why, size_t why_size)
{
	struct arcsec_devid old;
	struct arcsec_key_attrs attrs;
	struct arcsec_key_info ki;
	uint8_t provider_id, saved_provider = 0;
	char key_name[ARCSEC_DEVID_KEY_NAME_MAX];
	arcsec_status_t status;

	if (why != NULL && why_size > 0)
		why[0] = '\0';
	if (c == NULL || params == NULL || out == NULL ||
	    params->dp_key_type > ARCSEC_DEVID_RSA_3072)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	memset(out, 0, sizeof(*out));
	status = arcsec_devid_find(c, &old);
	if (status != ARCSEC_SUCCESS && status != ARCSEC_PSA_ERROR_DOES_NOT_EXIST)
		return status;
	if (status == ARCSEC_SUCCESS && !params->dp_force)
		return idn_fail(why, why_size, ARCSEC_PSA_ERROR_ALREADY_EXISTS,
		    "a DevID exists (%s in the %s provider); --force "
		    "replaces it", old.dv_key_name,
		    arcsec_devid_provider_name(old.dv_provider_id));
	if ((status = devid_pick_provider(c, params, &provider_id, why,
	    why_size)) != ARCSEC_SUCCESS)
		return status;
	devid_attrs(params->dp_key_type, &attrs);
	snprintf(key_name, sizeof(key_name), "%s%u", ARCSEC_DEVID_KEY_PREFIX,
	    old.dv_generation + 1);
	if ((status = idn_provider_use(c, provider_id, &saved_provider)) !=
	    ARCSEC_SUCCESS ||
	    (status = arcsec_generate_key(c, key_name, &attrs)) !=
	    ARCSEC_SUCCESS) {
		idn_fail(why, why_size, status, "creating %s in the %s "
		    "provider failed", key_name,
		    arcsec_devid_provider_name(provider_id));
		goto out;
	}
	/* The new key exists: only now may the old one go. */
	if (old.dv_generation != 0) {
		(void)arcsec_client_set_provider(c, old.dv_provider_id);
		if ((status = arcsec_destroy_key(c, old.dv_key_name)) !=
		    ARCSEC_SUCCESS) {
			idn_fail(why, why_size, status, "the new DevID %s "
			    "exists but the old %s could not be removed",
			    key_name, old.dv_key_name);
			goto out;
		}
	}
	ki.ki_name = key_name;
	ki.ki_provider_id = provider_id;
	ki.ki_attrs = attrs;
	devid_fill(out, &ki, old.dv_generation + 1);
out:
	idn_provider_restore(c, saved_provider);
	return status;
}
