/* daemon/crypto.c: key management operations (generate, import, destroy,
 * export) and the framework the other crypto operations share. */
#include "daemon/crypto.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/limits.h"
#include "common/log.h"
#include "common/utf8.h"
#include "psa/pbconv.h"
#include "daemon/keys.h"
#include "daemon/keyns.h"
#include "psa/policy.h"
#include "psa/sizes.h"
#include "psa_destroy_key.pb-c.h"
#include "psa_export_key.pb-c.h"
#include "psa_export_public_key.pb-c.h"
#include "psa_generate_key.pb-c.h"
#include "psa_import_key.pb-c.h"
#include "wire/header.h"
#include "wire/opcodes.h"

/* Header of every crypto result allocation: its size, for the wipe. */
union crypto_hdr {
	max_align_t	ch_align;
	size_t		ch_size;
};

psa_status_t
crypto_result_new(struct crypto_req *cr, size_t msg_size, void (*init)(void *),
    size_t out_size, void **msg, uint8_t **out)
{
	union crypto_hdr *h;
	size_t total;

	*msg = NULL;
	if (out != NULL)
		*out = NULL;
	if (out_size > cr->cr_buffer_size_limit)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	total = sizeof(*h) + msg_size + out_size;
	if ((h = calloc(1, total)) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	h->ch_size = total;
	*msg = h + 1;
	init(*msg);
	if (out != NULL)
		*out = (uint8_t *)(h + 1) + msg_size;
	return PSA_SUCCESS;
}

void
crypto_result_free(ProtobufCMessage *result)
{
	union crypto_hdr *h;

	if (result == NULL)
		return;
	h = (union crypto_hdr *)(void *)result - 1;
	explicit_bzero(h, h->ch_size);
	free(h);
}

/* The key-store identity of `key_name` as the requester may name it: its
 * own key, or one of the reserved namespace (daemon/keyns.h). */
static psa_status_t
crypto_key_id(const struct crypto_req *cr, const char *key_name,
    struct ks_key_id *id)
{
	memset(id, 0, sizeof(*id));
	if (!utf8_name_ok(key_name, LIMIT_KEY_NAME_LEN))
		return PSA_ERROR_INVALID_ARGUMENT;
	id->provider_id = cr->cr_pi->pi_ops->parsec_id;
	return keyns_resolve(cr->cr_app, cr->cr_is_admin, key_name,
	    &id->app_name, &id->key_name);
}

psa_status_t
crypto_key_load(struct crypto_req *cr, const char *key_name,
    struct crypto_key *k)
{
	struct ks_key_id id;
	struct ks *ks;
	psa_status_t status;

	memset(k, 0, sizeof(*k));
	if ((status = crypto_key_id(cr, key_name, &id)) != PSA_SUCCESS)
		return status;
	ks = kim_checkout(cr->cr_kim);
	status = ks_key_get(ks, &id, &k->ck_rec);
	kim_checkin(cr->cr_kim, ks);
	if (status != PSA_SUCCESS)
		return status;
	/* Attributes we wrote ourselves and cannot read back: the store was
	 * changed behind our back. */
	if ((status = psa_attrs_decode(k->ck_rec->attrs, k->ck_rec->attrs_len,
	    &k->ck_attrs)) != PSA_SUCCESS) {
		log_warnx("key \"%s\" of %s: stored attributes unreadable: %s",
		    key_name, cr->cr_app, psa_status_name(status));
		crypto_key_release(k);
		return PSA_ERROR_DATA_CORRUPT;
	}
	k->ck_pk.pk_attrs = &k->ck_attrs;
	k->ck_pk.pk_ref = k->ck_rec->key_ref;
	k->ck_pk.pk_ref_len = k->ck_rec->key_ref_len;
	return PSA_SUCCESS;
}

void
crypto_key_release(struct crypto_key *k)
{
	ks_key_free(k->ck_rec);		/* wipes the key reference */
	memset(k, 0, sizeof(*k));
}

/*
 * Three-step creation (STYLE.md §7): reserve the name in the key store,
 * create the provider object, commit; any failure after the provider object
 * exists destroys it, and the reservation is aborted. A crash in between
 * leaves a 'creating' row that start-up reconciliation removes.
 */
static psa_status_t
crypto_create(struct crypto_req *cr, const char *key_name,
    const PsaKeyAttributes__KeyAttributes *pb_attrs, const uint8_t *data,
    size_t data_len, bool is_import)
{
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	struct ks_key_id id;
	struct psa_key_attrs attrs;
	uint8_t blob[PSA_ATTRS_ENCODED_LEN], *ref = NULL;
	size_t blob_len, ref_len = 0, bits;
	struct ks *ks = NULL;
	bool is_reserved = false, has_object = false;
	psa_status_t status;

	if ((status = crypto_key_id(cr, key_name, &id)) != PSA_SUCCESS)
		return status;
	if (is_import ? ops->import_key == NULL : ops->generate_key == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if (pb_attrs == NULL)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((status = psa_pb_attrs_from_pb(pb_attrs, &attrs)) != PSA_SUCCESS)
		return status;
	/* SIGN_HASH implies SIGN_MESSAGE, VERIFY_HASH VERIFY_MESSAGE (PSA
	 * 1.1); store what the key may do. */
	attrs.usage = psa_usage_extend(attrs.usage);
	attrs.is_persistent = true;
	status = is_import ?
	    psa_attrs_validate_import(&attrs, cr->cr_allow_deprecated) :
	    psa_attrs_validate_new(&attrs, cr->cr_allow_deprecated);
	if (status != PSA_SUCCESS ||
	    (status = psa_attrs_encode(&attrs, blob, sizeof(blob),
	    &blob_len)) != PSA_SUCCESS)
		return status;
	ks = kim_checkout(cr->cr_kim);
	if ((status = ks_key_reserve(ks, &id, blob, blob_len)) != PSA_SUCCESS)
		goto out;
	is_reserved = true;
	if (is_import) {
		bits = attrs.bits;
		status = ops->import_key(cr->cr_pi->pi_state, &attrs, data,
		    data_len, &bits, &ref, &ref_len);
		if (status == PSA_SUCCESS && bits != attrs.bits) {
			has_object = true;
			attrs.bits = bits;	/* learnt from the key data */
			if ((status = psa_attrs_validate_new(&attrs,
			    cr->cr_allow_deprecated)) != PSA_SUCCESS ||
			    (status = psa_attrs_encode(&attrs, blob,
			    sizeof(blob), &blob_len)) != PSA_SUCCESS)
				goto out;
		}
	} else
		status = ops->generate_key(cr->cr_pi->pi_state, &attrs, &ref,
		    &ref_len);
	if (status != PSA_SUCCESS)
		goto out;
	has_object = true;
	if ((status = ks_key_commit(ks, &id, ref, ref_len, blob, blob_len)) !=
	    PSA_SUCCESS)
		goto out;
	is_reserved = has_object = false;	/* the row owns it now */
	if (cr->cr_pi->pi_ops->label_key != NULL) {
		struct prov_key pk = { &attrs, ref, ref_len };

		/* The owner as stored: "@arcsec" for the reserved names. */
		if (cr->cr_pi->pi_ops->label_key(cr->cr_pi->pi_state, &pk,
		    id.app_name, id.key_name) != PSA_SUCCESS)
			log_warnx("key \"%s\" of %s: could not label the "
			    "provider object; the key works without", key_name,
			    cr->cr_app);
	}
	log_debug("created key \"%s\" of %s in %s", key_name, cr->cr_app,
	    cr->cr_pi->pi_name);
	/* Reserved keys are the device's identity: their making is
	 * lifecycle, and where they live is what an operator must see. */
	if (keyns_app_is_reserved(id.app_name)) {
		if (cr->cr_pi->pi_ops->parsec_id == WIRE_PROVIDER_MBED_CRYPTO)
			log_warnx("device key \"%s\" created by %s in the "
			    "software provider %s: hardware-backed: no",
			    key_name, cr->cr_app, cr->cr_pi->pi_name);
		else
			log_info("device key \"%s\" created by %s in %s: "
			    "hardware-backed: yes", key_name, cr->cr_app,
			    cr->cr_pi->pi_name);
	}
out:
	if (has_object && ops->destroy_key != NULL) {
		struct prov_key pk = { &attrs, ref, ref_len };

		if (ops->destroy_key(cr->cr_pi->pi_state, &pk) != PSA_SUCCESS)
			log_warnx("key \"%s\" of %s: could not undo the provider "
			    "object after a failed create", key_name,
			    cr->cr_app);
	}
	if (is_reserved && ks_key_abort(ks, &id) != PSA_SUCCESS)
		log_warnx("key \"%s\" of %s: reservation left for start-up "
		    "reconciliation", key_name, cr->cr_app);
	if (ks != NULL)
		kim_checkin(cr->cr_kim, ks);
	if (ref != NULL) {
		explicit_bzero(ref, ref_len);
		free(ref);
	}
	return status;
}

static psa_status_t
crypto_generate(struct crypto_req *cr, ProtobufCMessage **result)
{
	const PsaGenerateKey__Operation *o = (const void *)cr->cr_op;
	psa_status_t status;

	if ((status = crypto_create(cr, o->key_name, o->attributes, NULL, 0,
	    false)) != PSA_SUCCESS)
		return status;
	return crypto_result_new(cr, sizeof(PsaGenerateKey__Result),
	    (void (*)(void *))psa_generate_key__result__init, 0,
	    (void **)result, NULL);
}

static psa_status_t
crypto_import(struct crypto_req *cr, ProtobufCMessage **result)
{
	const PsaImportKey__Operation *o = (const void *)cr->cr_op;
	psa_status_t status;

	if ((status = crypto_create(cr, o->key_name, o->attributes,
	    o->data.data, o->data.len, true)) != PSA_SUCCESS)
		return status;
	return crypto_result_new(cr, sizeof(PsaImportKey__Result),
	    (void (*)(void *))psa_import_key__result__init, 0,
	    (void **)result, NULL);
}

static psa_status_t
crypto_destroy(struct crypto_req *cr, ProtobufCMessage **result)
{
	const PsaDestroyKey__Operation *o = (const void *)cr->cr_op;
	struct ks_key_id id;
	struct ks *ks;
	psa_status_t status;

	if ((status = crypto_key_id(cr, o->key_name, &id)) != PSA_SUCCESS)
		return status;
	ks = kim_checkout(cr->cr_kim);
	status = keys_destroy(cr->cr_d, cr->cr_pi, ks, &id);
	kim_checkin(cr->cr_kim, ks);
	if (status != PSA_SUCCESS)
		return status;
	return crypto_result_new(cr, sizeof(PsaDestroyKey__Result),
	    (void (*)(void *))psa_destroy_key__result__init, 0,
	    (void **)result, NULL);
}

static psa_status_t
crypto_export(struct crypto_req *cr, bool is_public, ProtobufCMessage **result)
{
	const struct prov_ops_crypto *ops = &cr->cr_pi->pi_ops->crypto;
	/* Both operations carry only key_name first; same layout. */
	const PsaExportKey__Operation *o = (const void *)cr->cr_op;
	PsaExportKey__Result *r = NULL;
	struct crypto_key k;
	uint8_t *out;
	size_t out_size, out_len = 0;
	psa_status_t status;

	if ((is_public ? ops->export_public_key : ops->export_key) == NULL)
		return PSA_ERROR_NOT_SUPPORTED;
	if ((status = crypto_key_load(cr, o->key_name, &k)) != PSA_SUCCESS)
		return status;
	status = is_public ? psa_policy_check_export_public(&k.ck_attrs) :
	    psa_policy_check_export(&k.ck_attrs);
	if (status != PSA_SUCCESS)
		goto out;
	out_size = is_public ?
	    psa_export_public_key_output_size(k.ck_attrs.type, k.ck_attrs.bits) :
	    psa_export_key_output_size(k.ck_attrs.type, k.ck_attrs.bits);
	if (out_size == 0) {
		status = PSA_ERROR_NOT_SUPPORTED;
		goto out;
	}
	/* ExportKey and ExportPublicKey results are both `bytes data = 1`. */
	if ((status = crypto_result_new(cr, sizeof(*r), is_public ?
	    (void (*)(void *))psa_export_public_key__result__init :
	    (void (*)(void *))psa_export_key__result__init, out_size,
	    (void **)&r, &out)) != PSA_SUCCESS)
		goto out;
	status = (is_public ? ops->export_public_key : ops->export_key)(
	    cr->cr_pi->pi_state, &k.ck_pk, out, out_size, &out_len);
	if (status != PSA_SUCCESS)
		goto out;
	r->data.data = out;
	r->data.len = out_len;
	*result = &r->base;
	r = NULL;
out:
	crypto_result_free(r ? &r->base : NULL);
	crypto_key_release(&k);
	return status;
}

enum wire_status
crypto_handle(struct crypto_req *cr, uint32_t opcode, ProtobufCMessage **result)
{
	psa_status_t status;

	*result = NULL;
	switch (opcode) {
	case WIRE_OP_PSA_GENERATE_KEY:
		status = crypto_generate(cr, result);
		break;
	case WIRE_OP_PSA_IMPORT_KEY:
		status = crypto_import(cr, result);
		break;
	case WIRE_OP_PSA_DESTROY_KEY:
		status = crypto_destroy(cr, result);
		break;
	case WIRE_OP_PSA_EXPORT_PUBLIC_KEY:
		status = crypto_export(cr, true, result);
		break;
	case WIRE_OP_PSA_EXPORT_KEY:
		status = crypto_export(cr, false, result);
		break;
	default:
		status = crypto_ops_handle(cr, opcode, result);
		break;
	}
	if (status != PSA_SUCCESS) {
		crypto_result_free(*result);
		*result = NULL;
	}
	return wire_status_from_psa(status);
}
