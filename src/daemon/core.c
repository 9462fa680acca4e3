/* daemon/core.c: Ping, ListProviders, ListOpcodes, ListAuthenticators. */
#include "daemon/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/limits.h"
#include "common/log.h"

#include "delete_client.pb-c.h"
#include "list_authenticators.pb-c.h"
#include "list_clients.pb-c.h"
#include "list_keys.pb-c.h"
#include "list_opcodes.pb-c.h"
#include "list_providers.pb-c.h"
#include "ping.pb-c.h"
#include "psa/pbconv.h"
#include "daemon/keys.h"
#include "daemon/keyns.h"
#include "psa/attributes.h"
#include "wire/header.h"
#include "wire/opcodes.h"

/* What provider 0 answers. */
static const uint32_t core_ops[] = {
	WIRE_OP_PING, WIRE_OP_LIST_PROVIDERS, WIRE_OP_LIST_OPCODES,
	WIRE_OP_LIST_AUTHENTICATORS, WIRE_OP_LIST_KEYS, WIRE_OP_LIST_CLIENTS,
	WIRE_OP_DELETE_CLIENT,
};

#define CORE_DESCRIPTION "arcsec core provider: service discovery and " \
	"administration, no cryptography"

char *
core_description_new(const char *left_out)
{
	char *text;
	size_t len;

	if (left_out == NULL)
		return strdup(CORE_DESCRIPTION);
	len = sizeof(CORE_DESCRIPTION "; left out at start-up: ") +
	    strlen(left_out);
	if ((text = malloc(len)) != NULL)
		(void)snprintf(text, len, "%s; left out at start-up: %s",
		    CORE_DESCRIPTION, left_out);
	return text;
}

bool
core_supports_opcode(uint32_t opcode)
{
	for (size_t i = 0; i < sizeof(core_ops) / sizeof(*core_ops); i++)
		if (core_ops[i] == opcode)
			return true;
	return false;
}

size_t
core_opcodes(uint32_t *out, size_t out_size)
{
	size_t n = sizeof(core_ops) / sizeof(*core_ops);

	if (n > out_size)
		n = out_size;
	memcpy(out, core_ops, n * sizeof(*out));
	return n;
}

/* Our version as ProviderInfo/AuthenticatorInfo numbers. */
static void
core_version(uint32_t *maj, uint32_t *min, uint32_t *rev)
{
	unsigned a = 0, b = 0, c = 0;
	const char *v = ARCSEC_VERSION;

	/* ARCSEC_VERSION is "X.Y.Z" from CMake's project(); parse by hand
	 * rather than sscanf so a suffix cannot misparse. */
	while (*v >= '0' && *v <= '9')
		a = a * 10 + (unsigned)(*v++ - '0');
	if (*v == '.')
		v++;
	while (*v >= '0' && *v <= '9')
		b = b * 10 + (unsigned)(*v++ - '0');
	if (*v == '.')
		v++;
	while (*v >= '0' && *v <= '9')
		c = c * 10 + (unsigned)(*v++ - '0');
	*maj = a;
	*min = b;
	*rev = c;
}

static enum wire_status
core_ping(ProtobufCMessage **result)
{
	Ping__Result *r = malloc(sizeof(*r));

	if (r == NULL)
		return WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY;
	ping__result__init(r);
	r->wire_protocol_version_maj = WIRE_VERSION_MAJ;
	r->wire_protocol_version_min = WIRE_VERSION_MIN;
	*result = &r->base;
	return WIRE_STATUS_SUCCESS;
}

static void
core_provider_info(ListProviders__ProviderInfo *pi, const char *uuid,
    const char *description, const char *vendor, uint8_t id)
{
	list_providers__provider_info__init(pi);
	/* protobuf-c wants char *; these strings are never written through. */
	pi->uuid = (char *)uuid;
	pi->description = (char *)description;
	pi->vendor = (char *)vendor;
	core_version(&pi->version_maj, &pi->version_min, &pi->version_rev);
	pi->id = id;
}

static enum wire_status
core_list_providers(struct dispatch *d, ProtobufCMessage **result)
{
	ListProviders__Result *r;
	ListProviders__ProviderInfo *infos, **ptrs;
	size_t n = d->providers_count + 1;

	/* One allocation holds the result, the infos and the pointer array,
	 * so core_result_free() is a single free. */
	r = calloc(1, sizeof(*r) + n * (sizeof(*infos) + sizeof(*ptrs)));
	if (r == NULL)
		return WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY;
	list_providers__result__init(r);
	infos = (ListProviders__ProviderInfo *)(r + 1);
	ptrs = (ListProviders__ProviderInfo **)(infos + n);
	/* Config order, core last: Parsec clients take the first entry as
	 * the default provider. */
	for (size_t i = 0; i < d->providers_count; i++) {
		const struct provider_ops *ops = d->providers[i].pi_ops;

		core_provider_info(&infos[i], ops->uuid, ops->description,
		    ops->vendor, ops->parsec_id);
		ptrs[i] = &infos[i];
	}
	core_provider_info(&infos[n - 1], prov_core_uuid,
	    d->core_description != NULL ? d->core_description :
	    CORE_DESCRIPTION, "arcsec", WIRE_PROVIDER_CORE);
	ptrs[n - 1] = &infos[n - 1];
	r->n_providers = n;
	r->providers = ptrs;
	*result = &r->base;
	return WIRE_STATUS_SUCCESS;
}

static enum wire_status
core_list_opcodes(struct dispatch *d, const ProtobufCMessage *op,
    ProtobufCMessage **result)
{
	const ListOpcodes__Operation *o = (const ListOpcodes__Operation *)op;
	const struct prov_instance *pi = NULL;
	ListOpcodes__Result *r;
	uint32_t *codes;
	size_t n;
	enum { MAX_OPS = 64 };

	if (o->provider_id > 0xff)
		return WIRE_STATUS_PROVIDER_DOES_NOT_EXIST;
	if (o->provider_id != WIRE_PROVIDER_CORE &&
	    (pi = dispatch_provider(d, (uint8_t)o->provider_id)) == NULL)
		return o->provider_id > WIRE_PROVIDER_ID_MAX ?
		    WIRE_STATUS_PROVIDER_DOES_NOT_EXIST :
		    WIRE_STATUS_PROVIDER_NOT_REGISTERED;
	if ((r = calloc(1, sizeof(*r) + MAX_OPS * sizeof(*codes))) == NULL)
		return WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY;
	list_opcodes__result__init(r);
	codes = (uint32_t *)(r + 1);
	n = pi == NULL ? core_opcodes(codes, MAX_OPS) :
	    prov_opcodes(pi, codes, MAX_OPS);
	r->n_opcodes = n;
	r->opcodes = n > 0 ? codes : NULL;
	*result = &r->base;
	return WIRE_STATUS_SUCCESS;
}

static enum wire_status
core_list_authenticators(uint8_t auth_type, ProtobufCMessage **result)
{
	ListAuthenticators__Result *r;
	ListAuthenticators__AuthenticatorInfo *info, **ptrs;

	r = calloc(1, sizeof(*r) + sizeof(*info) + sizeof(*ptrs));
	if (r == NULL)
		return WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY;
	list_authenticators__result__init(r);
	info = (ListAuthenticators__AuthenticatorInfo *)(r + 1);
	ptrs = (ListAuthenticators__AuthenticatorInfo **)(info + 1);
	list_authenticators__authenticator_info__init(info);
	info->description = (char *)auth_description(auth_type);
	core_version(&info->version_maj, &info->version_min,
	    &info->version_rev);
	info->id = auth_type;
	ptrs[0] = info;
	r->n_authenticators = 1;
	r->authenticators = ptrs;
	*result = &r->base;
	return WIRE_STATUS_SUCCESS;
}

/* A key of the caller, kept between the listing and the result. */
struct core_key {
	char			*ck_name;	/* strdup'd */
	uint8_t			 ck_provider_id;
	struct psa_key_attrs	 ck_attrs;
};

struct core_keys {
	struct dispatch		*ckl_d;
	const char		*ckl_prefix;	/* of listed names: "" or "@arcsec/" */
	struct core_key		*ckl_keys;
	size_t			 ckl_count, ckl_size;
};

static psa_status_t
core_collect_key(void *ctx, const struct ks_key *rec)
{
	struct core_keys *cl = ctx;
	void *keys = cl->ckl_keys;
	struct core_key *k;
	psa_status_t status;

	/* A key of a provider no longer configured cannot be used; Parsec
	 * lists only what its providers know. */
	if (dispatch_provider(cl->ckl_d, rec->provider_id) == NULL)
		return PSA_SUCCESS;
	status = keys_array_reserve(&keys, &cl->ckl_size, cl->ckl_count,
	    sizeof(*cl->ckl_keys));
	cl->ckl_keys = keys;
	if (status != PSA_SUCCESS)
		return status;
	k = &cl->ckl_keys[cl->ckl_count];
	if (psa_attrs_decode(rec->attrs, rec->attrs_len, &k->ck_attrs) !=
	    PSA_SUCCESS)
		return PSA_ERROR_DATA_CORRUPT;
	if (asprintf(&k->ck_name, "%s%s", cl->ckl_prefix, rec->key_name) ==
	    -1) {
		k->ck_name = NULL;
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	}
	k->ck_provider_id = rec->provider_id;
	cl->ckl_count++;
	return PSA_SUCCESS;
}

/* Everything a ListKeys result points to, in one allocation after it. */
struct core_key_slot {
	ListKeys__KeyInfo	 info;
	struct psa_pb_pb_attrs	 attrs;
};

static enum wire_status
core_list_keys(struct dispatch *d, const struct auth_app *app, bool is_admin,
    ProtobufCMessage **result)
{
	struct core_keys cl = { d, "", NULL, 0, 0 };
	ListKeys__Result *r = NULL;
	ListKeys__KeyInfo **ptrs;
	struct core_key_slot *slots;
	char *names;
	size_t names_len = 0;
	psa_status_t st = PSA_SUCCESS;

	if (app == NULL)
		return WIRE_STATUS_NOT_AUTHENTICATED;
	for (size_t i = 0; i < d->kims_count && st == PSA_SUCCESS; i++) {
		struct ks *ks = kim_checkout(d->kims[i]);

		st = ks_key_list_app(ks, app->app_name, core_collect_key, &cl);
		/* Administrators also see the reserved namespace, under the
		 * names they would use for its keys. */
		if (st == PSA_SUCCESS && is_admin) {
			cl.ckl_prefix = KEYNS_PREFIX;
			st = ks_key_list_app(ks, KEYNS_RESERVED_APP,
			    core_collect_key, &cl);
			cl.ckl_prefix = "";
		}
		kim_checkin(d->kims[i], ks);
	}
	for (size_t i = 0; st == PSA_SUCCESS && i < cl.ckl_count; i++)
		names_len += strlen(cl.ckl_keys[i].ck_name) + 1;
	if (st == PSA_SUCCESS && (r = calloc(1, sizeof(*r) + cl.ckl_count *
	    (sizeof(*ptrs) + sizeof(*slots)) + names_len)) == NULL)
		st = PSA_ERROR_INSUFFICIENT_MEMORY;
	if (st != PSA_SUCCESS)
		goto out;
	list_keys__result__init(r);
	/* Slots first: they hold pointers and need the strictest alignment. */
	slots = (struct core_key_slot *)(r + 1);
	ptrs = (ListKeys__KeyInfo **)(slots + cl.ckl_count);
	names = (char *)(ptrs + cl.ckl_count);
	for (size_t i = 0; i < cl.ckl_count; i++) {
		struct core_key *k = &cl.ckl_keys[i];
		struct core_key_slot *slot = &slots[r->n_keys];
		size_t len = strlen(k->ck_name) + 1;

		list_keys__key_info__init(&slot->info);
		/* A key whose attributes Parsec's schema cannot express (an
		 * arcsec-only algorithm) is left out, not the whole list. */
		if (psa_pb_attrs_to_pb(&k->ck_attrs, &slot->attrs) !=
		    PSA_SUCCESS) {
			log_info("ListKeys for %s: key \"%s\" has attributes "
			    "the wire format cannot carry; not listed",
			    app->app_name, k->ck_name);
			continue;
		}
		memcpy(names, k->ck_name, len);
		slot->info.name = names;
		names += len;
		slot->info.provider_id = k->ck_provider_id;
		slot->info.attributes = &slot->attrs.attrs;
		ptrs[r->n_keys++] = &slot->info;
	}
	r->keys = r->n_keys > 0 ? ptrs : NULL;
	*result = &r->base;
	r = NULL;
out:
	free(r);
	for (size_t i = 0; i < cl.ckl_count; i++)
		free(cl.ckl_keys[i].ck_name);
	free(cl.ckl_keys);
	return wire_status_from_psa(st);
}

static enum wire_status
core_list_clients(struct dispatch *d, ProtobufCMessage **result)
{
	ListClients__Result *r;
	char **names = NULL;
	size_t count = 0;
	psa_status_t st;

	if ((st = keys_client_list(d, &names, &count)) != PSA_SUCCESS)
		return wire_status_from_psa(st);
	if ((r = malloc(sizeof(*r))) == NULL) {
		free(names);
		return WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY;
	}
	list_clients__result__init(r);
	r->n_clients = count;
	r->clients = names;	/* freed with r: see core_result_free */
	*result = &r->base;
	return WIRE_STATUS_SUCCESS;
}

static enum wire_status
core_delete_client(struct dispatch *d, const ProtobufCMessage *op,
    ProtobufCMessage **result)
{
	const DeleteClient__Operation *o = (const DeleteClient__Operation *)op;
	DeleteClient__Result *r;
	psa_status_t st;

	if (o->client == NULL || o->client[0] == '\0')
		return WIRE_STATUS_PSA_ERROR_INVALID_ARGUMENT;
	/* The device identity is not a client's to lose in a clean-up. */
	if (keyns_app_is_reserved(o->client))
		return WIRE_STATUS_PSA_ERROR_NOT_PERMITTED;
	if ((st = keys_delete_client(d, o->client)) != PSA_SUCCESS)
		return wire_status_from_psa(st);
	if ((r = malloc(sizeof(*r))) == NULL)
		return WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY;
	delete_client__result__init(r);
	*result = &r->base;
	return WIRE_STATUS_SUCCESS;
}

enum wire_status
core_handle(struct dispatch *d, uint32_t opcode, const ProtobufCMessage *op,
    const struct auth_app *app, bool is_admin, uint8_t auth_type,
    ProtobufCMessage **result)
{
	*result = NULL;
	switch (opcode) {
	case WIRE_OP_PING:
		return core_ping(result);
	case WIRE_OP_LIST_PROVIDERS:
		return core_list_providers(d, result);
	case WIRE_OP_LIST_OPCODES:
		return core_list_opcodes(d, op, result);
	case WIRE_OP_LIST_AUTHENTICATORS:
		return core_list_authenticators(auth_type, result);
	case WIRE_OP_LIST_KEYS:
		return core_list_keys(d, app, is_admin, result);
	case WIRE_OP_LIST_CLIENTS:
		return core_list_clients(d, result);
	case WIRE_OP_DELETE_CLIENT:
		return core_delete_client(d, op, result);
	default:
		return WIRE_STATUS_PSA_ERROR_NOT_SUPPORTED;
	}
}

void
core_result_free(ProtobufCMessage *result)
{
	/* Every core result is one allocation with borrowed strings, except
	 * ListClients whose name list is a second one (keys_client_list). */
	if (result != NULL &&
	    result->descriptor == &list_clients__result__descriptor)
		free(((ListClients__Result *)result)->clients);
	free(result);
}
