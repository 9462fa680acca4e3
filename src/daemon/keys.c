/* daemon/keys.c: key-record operations spanning key store and provider. */
#include "daemon/keys.h"

#include <stdlib.h>
#include <string.h>

#include "common/limits.h"
#include "common/log.h"
#include "psa/attributes.h"

/* Ask the provider to forget the object behind record `rec`. */
static psa_status_t
keys_provider_destroy(const struct prov_instance *pi, const struct ks_key *rec)
{
	struct psa_key_attrs attrs;
	struct prov_key pk;
	psa_status_t status;

	if (pi->pi_ops->crypto.destroy_key == NULL || rec->key_ref_len == 0)
		return PSA_SUCCESS;	/* nothing outside the key store */
	if ((status = psa_attrs_decode(rec->attrs, rec->attrs_len, &attrs)) !=
	    PSA_SUCCESS)
		return status;
	pk.pk_attrs = &attrs;
	pk.pk_ref = rec->key_ref;
	pk.pk_ref_len = rec->key_ref_len;
	return pi->pi_ops->crypto.destroy_key(pi->pi_state, &pk);
}

psa_status_t
keys_destroy(struct dispatch *d, const struct prov_instance *pi, struct ks *ks,
    const struct ks_key_id *id)
{
	struct ks_key *rec = NULL;
	psa_status_t status;

	(void)d;
	if ((status = ks_key_destroy_begin(ks, id, &rec)) != PSA_SUCCESS)
		goto out;
	if ((status = keys_provider_destroy(pi, rec)) != PSA_SUCCESS) {
		log_warnx("destroy key \"%s\" of %s in %s: %s; left for start-up "
		    "reconciliation", id->key_name, id->app_name, pi->pi_name,
		    psa_status_name(status));
		goto out;
	}
	status = ks_key_destroy_finish(ks, id);
out:
	ks_key_free(rec);
	return status;
}

psa_status_t
keys_array_reserve(void **array, size_t *size, size_t count, size_t elem_size)
{
	size_t new_size;
	void *grown;

	if (count >= LIMIT_KEYS_PER_REQUEST)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	if (count < *size)
		return PSA_SUCCESS;
	new_size = *size ? *size * 2 : 16;
	if ((grown = realloc(*array, new_size * elem_size)) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	*array = grown;
	*size = new_size;
	return PSA_SUCCESS;
}

struct keys_names {
	char	**names;	/* strdup'd */
	size_t	  count, size;
};

static psa_status_t
keys_collect_name(void *ctx, const char *app_name)
{
	struct keys_names *kn = ctx;
	void *names = kn->names;
	psa_status_t status;

	for (size_t i = 0; i < kn->count; i++)	/* distinct across managers */
		if (strcmp(kn->names[i], app_name) == 0)
			return PSA_SUCCESS;
	status = keys_array_reserve(&names, &kn->size, kn->count,
	    sizeof(*kn->names));
	kn->names = names;
	if (status != PSA_SUCCESS)
		return status;
	if ((kn->names[kn->count] = strdup(app_name)) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	kn->count++;
	return PSA_SUCCESS;
}

static int
keys_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

psa_status_t
keys_client_list(struct dispatch *d, char ***names, size_t *count)
{
	struct keys_names kn = { NULL, 0, 0 };
	psa_status_t status = PSA_SUCCESS;
	size_t bytes;
	char **out = NULL, *p;

	*names = NULL;
	*count = 0;
	for (size_t i = 0; i < d->kims_count && status == PSA_SUCCESS; i++) {
		struct ks *ks = kim_checkout(d->kims[i]);

		status = ks_client_list(ks, keys_collect_name, &kn);
		kim_checkin(d->kims[i], ks);
	}
	if (status != PSA_SUCCESS)
		goto out;
	if (kn.count > 0)	/* qsort's base may not be NULL, even empty */
		qsort(kn.names, kn.count, sizeof(*kn.names), keys_cmp_names);
	/* One allocation: the pointer array, then the strings. */
	bytes = kn.count * sizeof(char *) + 1;
	for (size_t i = 0; i < kn.count; i++)
		bytes += strlen(kn.names[i]) + 1;
	if ((out = malloc(bytes)) == NULL) {
		status = PSA_ERROR_INSUFFICIENT_MEMORY;
		goto out;
	}
	p = (char *)(out + kn.count);
	for (size_t i = 0; i < kn.count; i++) {
		size_t len = strlen(kn.names[i]) + 1;

		memcpy(p, kn.names[i], len);
		out[i] = p;
		p += len;
	}
	*names = out;
	*count = kn.count;
out:
	for (size_t i = 0; i < kn.count; i++)
		free(kn.names[i]);
	free(kn.names);
	return status;
}

struct keys_of_app {
	uint8_t		  provider_id;
	char		**key_names;	/* strdup'd */
	size_t		  count, size;
};

static psa_status_t
keys_collect_key(void *ctx, const struct ks_key *rec)
{
	struct keys_of_app *ka = ctx;
	void *key_names = ka->key_names;
	psa_status_t status;

	if (rec->provider_id != ka->provider_id)
		return PSA_SUCCESS;
	status = keys_array_reserve(&key_names, &ka->size, ka->count,
	    sizeof(*ka->key_names));
	ka->key_names = key_names;
	if (status != PSA_SUCCESS)
		return status;
	if ((ka->key_names[ka->count] = strdup(rec->key_name)) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	ka->count++;
	return PSA_SUCCESS;
}

psa_status_t
keys_delete_client(struct dispatch *d, const char *client)
{
	psa_status_t status = PSA_SUCCESS, first_error = PSA_SUCCESS;
	size_t destroyed = 0;

	for (size_t i = 0; i < d->providers_count; i++) {
		const struct prov_instance *pi = &d->providers[i];
		struct kim *k = d->provider_kims[i];
		struct keys_of_app ka = { pi->pi_ops->parsec_id, NULL, 0, 0 };
		struct ks *ks = kim_checkout(k);

		status = ks_key_list_app(ks, client, keys_collect_key, &ka);
		for (size_t j = 0; status == PSA_SUCCESS && j < ka.count; j++) {
			struct ks_key_id id = { client, ka.key_names[j],
			    pi->pi_ops->parsec_id };
			psa_status_t st = keys_destroy(d, pi, ks, &id);

			/* Keep going: delete as much as can be deleted. */
			if (st == PSA_SUCCESS)
				destroyed++;
			else if (st != PSA_ERROR_DOES_NOT_EXIST &&
			    first_error == PSA_SUCCESS)
				first_error = st;
		}
		kim_checkin(k, ks);
		for (size_t j = 0; j < ka.count; j++)
			free(ka.key_names[j]);
		free(ka.key_names);
		if (status != PSA_SUCCESS)
			return status;
	}
	if (first_error != PSA_SUCCESS)
		return first_error;
	log_info("deleted client %s: %zu key(s) destroyed", client, destroyed);
	return destroyed > 0 ? PSA_SUCCESS : PSA_ERROR_DOES_NOT_EXIST;
}

struct keys_reconcile_ctx {
	struct dispatch	*d;
	struct ks	*ks;
	size_t		 fixed;
};

static psa_status_t
keys_reconcile_one(void *ctx, const struct ks_key *rec)
{
	struct keys_reconcile_ctx *rc = ctx;
	const struct prov_instance *pi =
	    dispatch_provider(rc->d, rec->provider_id);
	struct ks_key_id id = { rec->app_name, rec->key_name,
	    rec->provider_id };
	psa_status_t status;

	if (pi == NULL) {
		log_warnx("reconcile: key \"%s\" of %s is %s in provider %u, "
		    "which is not configured; left as is", rec->key_name,
		    rec->app_name, ks_state_name(rec->state), rec->provider_id);
		return PSA_SUCCESS;
	}
	if ((status = keys_provider_destroy(pi, rec)) != PSA_SUCCESS) {
		log_warnx("reconcile: key \"%s\" of %s (%s): provider destroy: "
		    "%s; kept for the next start", rec->key_name, rec->app_name,
		    ks_state_name(rec->state), psa_status_name(status));
		return PSA_SUCCESS;
	}
	if ((status = ks_key_forget(rc->ks, &id)) != PSA_SUCCESS)
		return status;
	log_info("reconcile: removed %s key \"%s\" of %s in %s",
	    ks_state_name(rec->state), rec->key_name, rec->app_name,
	    pi->pi_name);
	rc->fixed++;
	return PSA_SUCCESS;
}

/* Every key reference one provider's key store holds, for the provider's
 * own reconcile member. */
struct keys_refs {
	struct ks	*kr_ks;
	uint8_t		 kr_provider_id;
	uint8_t		**kr_refs;
	size_t		*kr_lens;
	size_t		 kr_count;
	size_t		 kr_size;
};

static psa_status_t
keys_refs_add(void *ctx, const struct ks_key *rec)
{
	struct keys_refs *kr = ctx;
	uint8_t *copy;

	if (rec->provider_id != kr->kr_provider_id || rec->key_ref_len == 0)
		return PSA_SUCCESS;
	if (kr->kr_count == kr->kr_size) {
		size_t size = kr->kr_size == 0 ? 64 : kr->kr_size * 2;
		uint8_t **refs = realloc(kr->kr_refs, size * sizeof(*refs));
		size_t *lens;

		if (refs == NULL)
			return PSA_ERROR_INSUFFICIENT_MEMORY;
		kr->kr_refs = refs;
		if ((lens = realloc(kr->kr_lens, size * sizeof(*lens))) == NULL)
			return PSA_ERROR_INSUFFICIENT_MEMORY;
		kr->kr_lens = lens;
		kr->kr_size = size;
	}
	if ((copy = malloc(rec->key_ref_len)) == NULL)
		return PSA_ERROR_INSUFFICIENT_MEMORY;
	memcpy(copy, rec->key_ref, rec->key_ref_len);
	kr->kr_refs[kr->kr_count] = copy;
	kr->kr_lens[kr->kr_count++] = rec->key_ref_len;
	return PSA_SUCCESS;
}

static psa_status_t
keys_refs_app(void *ctx, const char *app_name)
{
	struct keys_refs *kr = ctx;

	return ks_key_list_app(kr->kr_ks, app_name, keys_refs_add, kr);
}

/* Hand provider `pi` every reference its key store holds, so it can remove
 * backend objects of creates that never reached the store. Runs after the
 * store's own reconciliation, so no row is half-made any more. */
static psa_status_t
keys_reconcile_provider(struct dispatch *d, const struct prov_instance *pi)
{
	struct kim *kim = dispatch_kim_of(d, pi);
	struct keys_refs kr = { 0 };
	psa_status_t status;

	if (pi->pi_ops->reconcile == NULL || kim == NULL)
		return PSA_SUCCESS;
	kr.kr_ks = kim_checkout(kim);
	kr.kr_provider_id = pi->pi_ops->parsec_id;
	status = ks_client_list(kr.kr_ks, keys_refs_app, &kr);
	kim_checkin(kim, kr.kr_ks);
	if (status == PSA_SUCCESS)
		status = pi->pi_ops->reconcile(pi->pi_state,
		    (const uint8_t *const *)kr.kr_refs, kr.kr_lens,
		    kr.kr_count);
	if (status != PSA_SUCCESS)
		log_warnx("reconcile: provider %s: %s; leftover objects are "
		    "kept", pi->pi_name, psa_status_name(status));
	for (size_t i = 0; i < kr.kr_count; i++) {
		explicit_bzero(kr.kr_refs[i], kr.kr_lens[i]);
		free(kr.kr_refs[i]);
	}
	free(kr.kr_refs);
	free(kr.kr_lens);
	/* A provider that cannot tidy up still serves its stored keys. */
	return PSA_SUCCESS;
}

psa_status_t
keys_reconcile(struct dispatch *d)
{
	psa_status_t status = PSA_SUCCESS;

	for (size_t i = 0; i < d->kims_count && status == PSA_SUCCESS; i++) {
		struct keys_reconcile_ctx rc = { d, kim_checkout(d->kims[i]),
		    0 };

		status = ks_key_list_unfinished(rc.ks, keys_reconcile_one, &rc);
		kim_checkin(d->kims[i], rc.ks);
		if (rc.fixed > 0)
			log_info("key manager %s: reconciled %zu interrupted "
			    "operation(s)", kim_name(d->kims[i]), rc.fixed);
	}
	for (size_t i = 0; i < d->providers_count && status == PSA_SUCCESS;
	    i++)
		status = keys_reconcile_provider(d, &d->providers[i]);
	return status;
}
