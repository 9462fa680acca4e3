/* client/core_ops.c: the core provider's operations: Ping, ListProviders,
 * ListOpcodes, ListAuthenticators. */
#include <stdlib.h>
#include <string.h>

#include <arcsec/core.h>

#include "client/client.h"
#include "wire/opcodes.h"

#include "list_authenticators.pb-c.h"
#include "list_opcodes.pb-c.h"
#include "list_providers.pb-c.h"
#include "ping.pb-c.h"

arcsec_status_t
arcsec_ping(struct arcsec_client *c, uint8_t *maj, uint8_t *min)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	Ping__Operation op = PING__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;
	Ping__Result *res;

	if (maj != NULL)
		*maj = 0;
	if (min != NULL)
		*min = 0;
	if (c == NULL || maj == NULL || min == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_call(c, WIRE_OP_PING, ARCSEC_PROVIDER_CORE,
	    &op.base, &ping__result__descriptor, &msg)) != ARCSEC_SUCCESS)
		goto out;
	res = (Ping__Result *)msg;
	/* u8 in Parsec's interface; the schema carries them as uint32. */
	if (res->wire_protocol_version_maj > UINT8_MAX ||
	    res->wire_protocol_version_min > UINT8_MAX) {
		status = client_bad_result(c, "Ping version out of range");
		goto out;
	}
	*maj = (uint8_t)res->wire_protocol_version_maj;
	*min = (uint8_t)res->wire_protocol_version_min;
	status = ARCSEC_SUCCESS;
out:
	client_result_free(msg);
	return status;
}

static arcsec_status_t
client_providers_copy(struct arcsec_client *c, const ListProviders__Result *res,
    struct arcsec_provider_info **out)
{
	struct arcsec_provider_info *list;
	struct client_strpool sp;
	size_t str_bytes = 0, size;

	for (size_t i = 0; i < res->n_providers; i++) {
		const ListProviders__ProviderInfo *p = res->providers[i];

		if (p->id > UINT8_MAX)
			return client_bad_result(c, "provider ID out of range");
		if (!client_strlen_add(&str_bytes, p->uuid) ||
		    !client_strlen_add(&str_bytes, p->description) ||
		    !client_strlen_add(&str_bytes, p->vendor))
			return ARCSEC_ERR_NO_MEMORY;
	}
	if ((size = client_block_size(res->n_providers, sizeof(*list),
	    str_bytes)) == 0 || (list = malloc(size)) == NULL)
		return ARCSEC_ERR_NO_MEMORY;
	client_strpool_init(&sp, list + res->n_providers, (char *)list + size);
	for (size_t i = 0; i < res->n_providers; i++) {
		const ListProviders__ProviderInfo *p = res->providers[i];

		list[i].prov_id = (uint8_t)p->id;
		list[i].prov_uuid = client_strpool_put(&sp, p->uuid);
		list[i].prov_description = client_strpool_put(&sp,
		    p->description);
		list[i].prov_vendor = client_strpool_put(&sp, p->vendor);
		list[i].prov_version_maj = p->version_maj;
		list[i].prov_version_min = p->version_min;
		list[i].prov_version_rev = p->version_rev;
	}
	*out = list;
	return ARCSEC_SUCCESS;
}

arcsec_status_t
arcsec_list_providers(struct arcsec_client *c,
    struct arcsec_provider_info **providers, size_t *count)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	ListProviders__Operation op = LIST_PROVIDERS__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;
	ListProviders__Result *res;

	if (providers != NULL)
		*providers = NULL;
	if (count != NULL)
		*count = 0;
	if (c == NULL || providers == NULL || count == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_call(c, WIRE_OP_LIST_PROVIDERS,
	    ARCSEC_PROVIDER_CORE, &op.base, &list_providers__result__descriptor,
	    &msg)) != ARCSEC_SUCCESS)
		goto out;
	res = (ListProviders__Result *)msg;
	if (res->n_providers == 0)
		goto out;		/* status is SUCCESS: an empty list */
	if ((status = client_providers_copy(c, res, providers)) !=
	    ARCSEC_SUCCESS)
		goto out;
	*count = res->n_providers;
out:
	client_result_free(msg);
	return status;
}

void
arcsec_provider_info_free(struct arcsec_provider_info *providers)
{
	free(providers);
}

arcsec_status_t
arcsec_list_opcodes(struct arcsec_client *c, uint8_t provider_id,
    uint32_t **opcodes, size_t *count)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	ListOpcodes__Operation op = LIST_OPCODES__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;
	ListOpcodes__Result *res;
	uint32_t *list;

	if (opcodes != NULL)
		*opcodes = NULL;
	if (count != NULL)
		*count = 0;
	if (c == NULL || opcodes == NULL || count == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	op.provider_id = provider_id;
	/* The provider asked about travels in the body; the request itself
	 * goes to the core provider, as ListOpcodes is a core operation. */
	if ((status = client_call(c, WIRE_OP_LIST_OPCODES, ARCSEC_PROVIDER_CORE,
	    &op.base, &list_opcodes__result__descriptor, &msg)) !=
	    ARCSEC_SUCCESS)
		goto out;
	res = (ListOpcodes__Result *)msg;
	if (res->n_opcodes == 0)
		goto out;
	if (res->n_opcodes > SIZE_MAX / sizeof(*list) ||
	    (list = malloc(res->n_opcodes * sizeof(*list))) == NULL) {
		status = ARCSEC_ERR_NO_MEMORY;
		goto out;
	}
	memcpy(list, res->opcodes, res->n_opcodes * sizeof(*list));
	*opcodes = list;
	*count = res->n_opcodes;
out:
	client_result_free(msg);
	return status;
}

void
arcsec_opcodes_free(uint32_t *opcodes)
{
	free(opcodes);
}

const char *
arcsec_opcode_name(uint32_t opcode)
{
	const struct wire_op_info *info = wire_op_lookup(opcode);

	return info != NULL ? info->name : NULL;
}

static arcsec_status_t
client_authenticators_copy(struct arcsec_client *c,
    const ListAuthenticators__Result *res,
    struct arcsec_authenticator_info **out)
{
	struct arcsec_authenticator_info *list;
	struct client_strpool sp;
	size_t str_bytes = 0, size;

	for (size_t i = 0; i < res->n_authenticators; i++) {
		const ListAuthenticators__AuthenticatorInfo *a =
		    res->authenticators[i];

		if (a->id > UINT8_MAX)
			return client_bad_result(c,
			    "authenticator ID out of range");
		if (!client_strlen_add(&str_bytes, a->description))
			return ARCSEC_ERR_NO_MEMORY;
	}
	if ((size = client_block_size(res->n_authenticators, sizeof(*list),
	    str_bytes)) == 0 || (list = malloc(size)) == NULL)
		return ARCSEC_ERR_NO_MEMORY;
	client_strpool_init(&sp, list + res->n_authenticators,
	    (char *)list + size);
	for (size_t i = 0; i < res->n_authenticators; i++) {
		const ListAuthenticators__AuthenticatorInfo *a =
		    res->authenticators[i];

		list[i].authn_id = (uint8_t)a->id;
		list[i].authn_description = client_strpool_put(&sp,
		    a->description);
		list[i].authn_version_maj = a->version_maj;
		list[i].authn_version_min = a->version_min;
		list[i].authn_version_rev = a->version_rev;
	}
	*out = list;
	return ARCSEC_SUCCESS;
}

arcsec_status_t
arcsec_list_authenticators(struct arcsec_client *c,
    struct arcsec_authenticator_info **authenticators, size_t *count)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	ListAuthenticators__Operation op = LIST_AUTHENTICATORS__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;
	ListAuthenticators__Result *res;

	if (authenticators != NULL)
		*authenticators = NULL;
	if (count != NULL)
		*count = 0;
	if (c == NULL || authenticators == NULL || count == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_call(c, WIRE_OP_LIST_AUTHENTICATORS,
	    ARCSEC_PROVIDER_CORE, &op.base,
	    &list_authenticators__result__descriptor, &msg)) != ARCSEC_SUCCESS)
		goto out;
	res = (ListAuthenticators__Result *)msg;
	if (res->n_authenticators == 0)
		goto out;
	if ((status = client_authenticators_copy(c, res, authenticators)) !=
	    ARCSEC_SUCCESS)
		goto out;
	*count = res->n_authenticators;
out:
	client_result_free(msg);
	return status;
}

void
arcsec_authenticator_info_free(struct arcsec_authenticator_info *authenticators)
{
	free(authenticators);
}
