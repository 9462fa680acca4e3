/* providers/registry.c: the static list of provider ops tables and the
 * capability queries every provider shares. A new backend is a directory
 * plus a line here. */
#include "providers/provider.h"

#include <string.h>

#include "psa/policy.h"

/* Parsec book, "Providers": provider UUIDs clients may match on. */
const char prov_core_uuid[] = "47049873-2a43-4845-9d72-831eab668784";

/* Each backend defines its ops table in its own directory. */
extern const struct provider_ops prov_soft_ops;
extern const struct provider_ops prov_p11_ops;
extern const struct provider_ops prov_tpm_ops;

static const struct provider_ops *const prov_registry[] = {
	&prov_soft_ops,
	&prov_p11_ops,
	&prov_tpm_ops,
};

/* Provider types Parsec defines that arcsec does not implement. */
static const char *const prov_parsec_only[] = {
	"TrustedService", "CryptoAuthLib",
};

const struct provider_ops *
prov_registry_find(const char *type_name, bool *is_known_to_parsec)
{
	*is_known_to_parsec = false;
	for (size_t i = 0; i < sizeof(prov_registry) / sizeof(*prov_registry);
	    i++)
		if (strcmp(prov_registry[i]->type_name, type_name) == 0) {
			*is_known_to_parsec = true;
			return prov_registry[i];
		}
	for (size_t i = 0; i < sizeof(prov_parsec_only) /
	    sizeof(*prov_parsec_only); i++)
		if (strcmp(prov_parsec_only[i], type_name) == 0)
			*is_known_to_parsec = true;
	return NULL;
}

static const struct prov_cap *
prov_caps(const struct prov_instance *pi, size_t *count)
{
	if (pi->pi_ops->caps_probed != NULL && pi->pi_state != NULL)
		return pi->pi_ops->caps_probed(pi->pi_state, count);
	*count = pi->pi_ops->caps_count;
	return pi->pi_ops->caps;
}

bool
prov_supports_opcode(const struct prov_instance *pi, uint32_t opcode)
{
	size_t count;
	const struct prov_cap *caps = prov_caps(pi, &count);

	for (size_t i = 0; i < count; i++)
		if (caps[i].cap_opcode == opcode)
			return true;
	return false;
}

static bool
prov_alg_matches(psa_key_type_t key_type, psa_algorithm_t cap_alg,
    psa_algorithm_t alg)
{
	if (cap_alg == 0 || alg == 0 || cap_alg == alg)
		return true;
	/* A wildcard covers what the PSA policy rules say it covers. */
	return psa_alg_is_wildcard(cap_alg) &&
	    psa_policy_alg_permits(key_type, 0, cap_alg, alg);
}

bool
prov_supports(const struct prov_instance *pi, uint32_t opcode,
    psa_key_type_t key_type, psa_algorithm_t alg)
{
	size_t count;
	const struct prov_cap *caps = prov_caps(pi, &count);

	for (size_t i = 0; i < count; i++)
		if (caps[i].cap_opcode == opcode &&
		    (caps[i].cap_key_type == 0 || key_type == 0 ||
		    caps[i].cap_key_type == key_type) &&
		    prov_alg_matches(key_type, caps[i].cap_alg, alg))
			return true;
	return false;
}

size_t
prov_opcodes(const struct prov_instance *pi, uint32_t *out, size_t out_size)
{
	size_t count, n = 0;
	const struct prov_cap *caps = prov_caps(pi, &count);

	/* Opcodes are small (0x01-0x20): walk them in order, so the listing
	 * is sorted and distinct without allocating. */
	for (uint32_t op = 1; op <= 0xff && n < out_size; op++)
		for (size_t i = 0; i < count; i++)
			if (caps[i].cap_opcode == op) {
				out[n++] = op;
				break;
			}
	return n;
}
