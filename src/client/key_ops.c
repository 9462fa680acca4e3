/* client/key_ops.c: key management: generate, import, destroy, export,
 * export the public part, list the application's keys and read one key's
 * attributes. */
#include <stdlib.h>
#include <string.h>

#include <arcsec/keys.h>

#include "client/client.h"
#include "wire/opcodes.h"

#include "list_keys.pb-c.h"
#include "psa_destroy_key.pb-c.h"
#include "psa_export_key.pb-c.h"
#include "psa_export_public_key.pb-c.h"
#include "psa_generate_key.pb-c.h"
#include "psa_import_key.pb-c.h"

void
arcsec_key_attrs_ecdsa_p256(struct arcsec_key_attrs *attrs)
{
	if (attrs == NULL)
		return;
	attrs->key_type = ARCSEC_KEY_TYPE_ECC_KEY_PAIR(
	    ARCSEC_ECC_FAMILY_SECP_R1);
	attrs->key_bits = 256;
	attrs->key_usage = ARCSEC_KEY_USAGE_SIGN_HASH |
	    ARCSEC_KEY_USAGE_VERIFY_HASH | ARCSEC_KEY_USAGE_SIGN_MESSAGE |
	    ARCSEC_KEY_USAGE_VERIFY_MESSAGE;
	attrs->key_alg = ARCSEC_ALG_ECDSA(ARCSEC_ALG_SHA_256);
}

arcsec_status_t
arcsec_generate_key(struct arcsec_client *c, const char *key_name,
    const struct arcsec_key_attrs *attrs)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PsaGenerateKey__Operation op = PSA_GENERATE_KEY__OPERATION__INIT;
	struct psa_pb_pb_attrs arena;
	ProtobufCMessage *msg = NULL;
	uint8_t provider;

	if (c == NULL || attrs == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_key_call_start(c, key_name, &provider)) !=
	    ARCSEC_SUCCESS ||
	    (status = client_attrs_to_pb(c, attrs, &arena)) != ARCSEC_SUCCESS)
		goto out;
	op.key_name = (char *)key_name;
	op.attributes = &arena.attrs;
	status = client_call(c, WIRE_OP_PSA_GENERATE_KEY, provider, &op.base,
	    &psa_generate_key__result__descriptor, &msg);
out:
	client_result_free(msg);
	return status;
}

arcsec_status_t
arcsec_import_key(struct arcsec_client *c, const char *key_name,
    const struct arcsec_key_attrs *attrs, const uint8_t *data,
    size_t data_len)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PsaImportKey__Operation op = PSA_IMPORT_KEY__OPERATION__INIT;
	struct psa_pb_pb_attrs arena;
	ProtobufCMessage *msg = NULL;
	uint8_t provider;

	if (c == NULL || attrs == NULL || !client_input_ok(data, data_len))
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_key_call_start(c, key_name, &provider)) !=
	    ARCSEC_SUCCESS ||
	    (status = client_attrs_to_pb(c, attrs, &arena)) != ARCSEC_SUCCESS)
		goto out;
	op.key_name = (char *)key_name;
	op.attributes = &arena.attrs;
	op.data.data = (uint8_t *)data;	/* packed, not written */
	op.data.len = data_len;
	/* client_call() wipes the encoded body and frame, which hold the
	 * key. */
	status = client_call(c, WIRE_OP_PSA_IMPORT_KEY, provider, &op.base,
	    &psa_import_key__result__descriptor, &msg);
out:
	client_result_free(msg);
	return status;
}

arcsec_status_t
arcsec_destroy_key(struct arcsec_client *c, const char *key_name)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PsaDestroyKey__Operation op = PSA_DESTROY_KEY__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;
	uint8_t provider;

	if (c == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_key_call_start(c, key_name, &provider)) !=
	    ARCSEC_SUCCESS)
		goto out;
	op.key_name = (char *)key_name;
	status = client_call(c, WIRE_OP_PSA_DESTROY_KEY, provider, &op.base,
	    &psa_destroy_key__result__descriptor, &msg);
out:
	client_result_free(msg);
	return status;
}

arcsec_status_t
arcsec_export_public_key(struct arcsec_client *c, const char *key_name,
    uint8_t *data, size_t data_size, size_t *data_len)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PsaExportPublicKey__Operation op =
	    PSA_EXPORT_PUBLIC_KEY__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;
	uint8_t provider;

	if (!client_output_ok(data, data_size, data_len) || c == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_key_call_start(c, key_name, &provider)) !=
	    ARCSEC_SUCCESS)
		goto out;
	op.key_name = (char *)key_name;
	if ((status = client_call(c, WIRE_OP_PSA_EXPORT_PUBLIC_KEY, provider,
	    &op.base, &psa_export_public_key__result__descriptor, &msg)) !=
	    ARCSEC_SUCCESS)
		goto out;
	status = client_bytes_out(c, &((PsaExportPublicKey__Result *)msg)->data,
	    false, "public key", data, data_size, data_len);
out:
	if (status != ARCSEC_SUCCESS && data_size > 0)
		explicit_bzero(data, data_size);
	client_result_free(msg);
	return status;
}

arcsec_status_t
arcsec_export_key(struct arcsec_client *c, const char *key_name,
    uint8_t *data, size_t data_size, size_t *data_len)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	PsaExportKey__Operation op = PSA_EXPORT_KEY__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;
	uint8_t provider;

	if (!client_output_ok(data, data_size, data_len) || c == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_key_call_start(c, key_name, &provider)) !=
	    ARCSEC_SUCCESS)
		goto out;
	op.key_name = (char *)key_name;
	if ((status = client_call(c, WIRE_OP_PSA_EXPORT_KEY, provider,
	    &op.base, &psa_export_key__result__descriptor, &msg)) !=
	    ARCSEC_SUCCESS)
		goto out;
	status = client_bytes_out(c, &((PsaExportKey__Result *)msg)->data,
	    false, "key", data, data_size, data_len);
out:
	if (status != ARCSEC_SUCCESS && data_size > 0)
		explicit_bzero(data, data_size);
	client_result_free(msg);	/* wipes the key it held */
	return status;
}

static arcsec_status_t
client_keys_copy(struct arcsec_client *c, const ListKeys__Result *res,
    struct arcsec_key_info **out)
{
	arcsec_status_t status = ARCSEC_ERR_NO_MEMORY;
	struct arcsec_key_info *list = NULL;
	struct client_strpool sp;
	size_t str_bytes = 0, size;

	for (size_t i = 0; i < res->n_keys; i++) {
		const ListKeys__KeyInfo *k = res->keys[i];

		if (k->provider_id > UINT8_MAX)
			return client_bad_result(c, "provider ID out of range");
		if (k->attributes == NULL)
			return client_bad_result(c, "a key has no attributes");
		if (!client_strlen_add(&str_bytes, k->name))
			return ARCSEC_ERR_NO_MEMORY;
	}
	if ((size = client_block_size(res->n_keys, sizeof(*list),
	    str_bytes)) == 0 || (list = malloc(size)) == NULL)
		return ARCSEC_ERR_NO_MEMORY;
	client_strpool_init(&sp, list + res->n_keys, (char *)list + size);
	for (size_t i = 0; i < res->n_keys; i++) {
		const ListKeys__KeyInfo *k = res->keys[i];

		if ((status = client_attrs_from_pb(c, k->attributes,
		    &list[i].ki_attrs)) != ARCSEC_SUCCESS)
			goto out;
		list[i].ki_provider_id = (uint8_t)k->provider_id;
		list[i].ki_name = client_strpool_put(&sp, k->name);
	}
	*out = list;		/* ownership moves to the caller */
	list = NULL;
	status = ARCSEC_SUCCESS;
out:
	free(list);
	return status;
}

arcsec_status_t
arcsec_list_keys(struct arcsec_client *c, struct arcsec_key_info **keys,
    size_t *count)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	ListKeys__Operation op = LIST_KEYS__OPERATION__INIT;
	ProtobufCMessage *msg = NULL;
	ListKeys__Result *res;

	if (keys != NULL)
		*keys = NULL;
	if (count != NULL)
		*count = 0;
	if (c == NULL || keys == NULL || count == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	/* A core operation that still needs to know who asks: the service
	 * lists only the caller's keys, across every provider. */
	if ((status = client_call(c, WIRE_OP_LIST_KEYS, ARCSEC_PROVIDER_CORE,
	    &op.base, &list_keys__result__descriptor, &msg)) !=
	    ARCSEC_SUCCESS)
		goto out;
	res = (ListKeys__Result *)msg;
	if (res->n_keys == 0)
		goto out;		/* status is SUCCESS: an empty list */
	if ((status = client_keys_copy(c, res, keys)) != ARCSEC_SUCCESS)
		goto out;
	*count = res->n_keys;
out:
	client_result_free(msg);
	return status;
}

void
arcsec_key_info_free(struct arcsec_key_info *keys)
{
	free(keys);
}

arcsec_status_t
arcsec_key_attributes(struct arcsec_client *c, const char *key_name,
    struct arcsec_key_attrs *attrs)
{
	arcsec_status_t status = ARCSEC_ERR_INVALID_ARGUMENT;
	struct arcsec_key_info *keys = NULL;
	size_t count = 0;
	uint8_t provider;

	if (attrs != NULL)
		memset(attrs, 0, sizeof(*attrs));
	if (c == NULL || attrs == NULL)
		return ARCSEC_ERR_INVALID_ARGUMENT;
	if ((status = client_key_call_start(c, key_name, &provider)) !=
	    ARCSEC_SUCCESS ||
	    (status = arcsec_list_keys(c, &keys, &count)) != ARCSEC_SUCCESS)
		goto out;
	/* What a key operation would find: the name in the provider the
	 * client targets, as Parsec's clients look it up. */
	status = ARCSEC_PSA_ERROR_DOES_NOT_EXIST;
	for (size_t i = 0; i < count; i++) {
		if (keys[i].ki_provider_id == provider &&
		    strcmp(keys[i].ki_name, key_name) == 0) {
			*attrs = keys[i].ki_attrs;
			status = ARCSEC_SUCCESS;
			break;
		}
	}
out:
	arcsec_key_info_free(keys);
	return status;
}
