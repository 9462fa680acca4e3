/* client/admin_ops.c: the administrator operations of the core provider:
 * ListClients and DeleteClient. */
#include <stdlib.h>
#include <string.h>

#include <arcsec/keys.h>

#include "client/client.h"
#include "common/limits.h"
#include "wire/opcodes.h"

#include "delete_client.pb-c.h"
#include "list_clients.pb-c.h"

static arcsec_status_t
client_names_copy(const ListClients__Result *res, char ***out)
{
	struct client_strpool sp;
	size_t str_bytes = 0, size;
	char **list;

	for (size_t i = 0; i < res->n_clients; i++)
		if (!client_strlen_add(&str_bytes, res->clients[i]))
			return ARCSEC_ERR_NO_MEMORY;
	if ((size = client_block_size(res->n_clients, sizeof(*list),
	    str_bytes)) == 0 || (list = malloc(size)) == NULL)
		return ARCSEC_ERR_NO_MEMORY;
	client_strpool_init(&sp, list + res->n_clients, (char *)list + size);
	for (size_t i = 0; i < res->n_clients; i++)
		list[i] = (char *)client_strpool_put(&sp, res->clients[i]);
	*out = list;
	return ARCSEC_SUCCESS;
}

arcsec_status_t
arcsec_list_clients(struct arcsec_client *c, char ***clients, size_t *count)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	ListClients__Operation op = LIST_CLIENTS__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;
	ListClients__Result *res;

	if (clients != NULL)
		*clients = NULL;
	if (count != NULL)
		*count = 0;
	if (c == NULL || clients == NULL || count == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_call(c, WIRE_OP_LIST_CLIENTS, ARCSEC_PROVIDER_CORE,
	    &op.base, &list_clients__result__descriptor, &msg)) !=
	    ARCSEC_SUCCESS)
		goto out;
	res = (ListClients__Result *)msg;
	if (res->n_clients == 0)
		goto out;		/* status is SUCCESS: an empty list */
	if ((status = client_names_copy(res, clients)) != ARCSEC_SUCCESS)
		goto out;
	*count = res->n_clients;
out:
	client_result_free(msg);
	return status;
}

void
arcsec_client_names_free(char **clients)
{
	free(clients);
}

arcsec_status_t
arcsec_delete_client(struct arcsec_client *c, const char *client_name)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	DeleteClient__Operation op = DELETE_CLIENT__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;

	if (c == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	c->cl_errmsg[0] = '\0';
	if (!client_name_ok(c, client_name, LIMIT_APP_NAME_LEN,
	    "a client name"))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	op.client = (char *)client_name;
	status = client_call(c, WIRE_OP_DELETE_CLIENT, ARCSEC_PROVIDER_CORE,
	    &op.base, &delete_client__result__descriptor, &msg);
	client_result_free(msg);
	return status;
}
