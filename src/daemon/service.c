/* daemon/service.c: build the running service from a config and apply
 * SIGHUP reloads to it. */
#include "daemon/service.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef ARCSEC_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "common/log.h"
#include "daemon/core.h"
#include "daemon/dispatch.h"
#include "daemon/keys.h"
#include "daemon/kim.h"
#include "daemon/listener.h"
#include "daemon/loop.h"
#include "daemon/pool.h"
#include "wire/header.h"

struct service {
	struct daemon_config		*cfg;
	char				*config_path;	/* NULL: defaults */
	struct service_overrides	 ov;
	char				*run_dir;	/* ov.run_dir's copy */
	struct dispatch			 dispatch;
	struct pool			*pool;
	struct loop			*loop;
	bool				 is_activated;	/* systemd owns the socket */
	bool				 is_listening;	/* we bound socket_path */
	char				*left_out;	/* providers skipped at
							 * start-up, and why */
};

static void
service_notify(const char *state)
{
#ifdef ARCSEC_HAVE_SYSTEMD
	sd_notify(0, state);
#else
	(void)state;
#endif
}

static int
service_replace(char **slot, const char *dir, const char *file)
{
	char *path;

	if (asprintf(&path, "%s/%s", dir, file) == -1)
		return -1;
	free(*slot);
	*slot = path;
	return 0;
}

int
service_apply_overrides(struct daemon_config *cfg,
    const struct service_overrides *ov)
{
	if (ov->admin != NULL) {
		char **admins = realloc(cfg->admins, (cfg->admins_count + 1) *
		    sizeof(*cfg->admins));

		if (admins == NULL)
			return -1;
		cfg->admins = admins;
		if ((admins[cfg->admins_count] = strdup(ov->admin)) == NULL)
			return -1;
		cfg->admins_count++;
	}
	if (ov->run_dir == NULL)
		return 0;
	if (service_replace(&cfg->socket_path, ov->run_dir, "parsec.sock") == -1)
		return -1;
	for (size_t i = 0; i < cfg->key_managers_count; i++) {
		struct cfg_key_manager *k = &cfg->key_managers[i];

		if (k->kim_type == CFG_KIM_SQLITE &&
		    service_replace(&k->kim_sqlite_db_path, ov->run_dir,
		    "kim.sqlite3") == -1)
			return -1;
		if (k->kim_type == CFG_KIM_ON_DISK &&
		    service_replace(&k->kim_store_path, ov->run_dir,
		    "kim.sqlite3") == -1)
			return -1;
	}
	return 0;
}

static struct dispatch_policy *
service_policy(const struct daemon_config *cfg)
{
	struct dispatch_policy *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	p->auth_type = cfg->auth_type == CFG_AUTH_DIRECT ? WIRE_AUTH_DIRECT :
	    cfg->auth_type == CFG_AUTH_JWT_SVID ? WIRE_AUTH_JWT_SVID :
	    WIRE_AUTH_UNIX_PEER;
	p->log_error_details = cfg->log_error_details;
	p->buffer_size_limit = cfg->buffer_size_limit;
	p->allow_deprecated = cfg->allow_deprecated;
	for (size_t i = 0; i < cfg->admins_count && i < LIMIT_ADMINS_MAX;
	    i++) {
		if ((p->admins[i] = strdup(cfg->admins[i])) == NULL) {
			dispatch_policy_free(p);
			return NULL;
		}
		p->admins_count++;
	}
	return p;
}

static void
service_loop_settings(const struct daemon_config *cfg, struct loop_settings *ls)
{
	memset(ls, 0, sizeof(*ls));
	ls->ls_wire = wire_limits_default;
	ls->ls_wire.body_len_limit = cfg->body_len_limit;
	ls->ls_timeout_ms = cfg->timeout_ms;
	ls->ls_max_connections = cfg->max_connections;
}

/* Providers keep their own files (the soft provider's master key) beside
 * Parsec's state, or under --run-dir. */
static const char *
service_state_dir(const struct service *s)
{
	return s->run_dir != NULL ? s->run_dir : "/var/lib/parsec";
}

/* One key-store pool per [[key_manager]]: a connection per worker, plus
 * one for the reconciliation pass. */
static int
service_open_kims(struct service *s, char *err, size_t err_size)
{
	struct dispatch *d = &s->dispatch;
	size_t conns = cfg_thread_pool_size(s->cfg) + 1;

	if (s->cfg->key_managers_count > LIMIT_KEY_MANAGERS_MAX) {
		snprintf(err, err_size, "%zu [[key_manager]] entries; arcsec "
		    "supports at most %u", s->cfg->key_managers_count,
		    LIMIT_KEY_MANAGERS_MAX);
		return -1;
	}
	for (size_t i = 0; i < s->cfg->key_managers_count; i++) {
		const struct cfg_key_manager *k = &s->cfg->key_managers[i];
		char *path = NULL;
		psa_status_t st;

		if (k->kim_type == CFG_KIM_SQLITE)
			path = strdup(k->kim_sqlite_db_path);
		else if (asprintf(&path, "%s/%s", k->kim_store_path,
		    KIM_ON_DISK_FILE) == -1)
			path = NULL;
		if (path == NULL) {
			snprintf(err, err_size, "out of memory");
			return -1;
		}
		st = kim_open(k->kim_name, path, conns, &d->kims[i]);
		if (st != PSA_SUCCESS) {
			snprintf(err, err_size, "key manager \"%s\" (line %u): "
			    "key store %s: %s", k->kim_name, k->kim_line, path,
			    psa_status_name(st));
			free(path);
			return -1;
		}
		log_info("key manager %s (%s): %s", k->kim_name,
		    cfg_kim_type_name(k->kim_type), path);
		free(path);
		d->kims_count++;
	}
	return 0;
}

/* Record a provider start-up left out (`why`, one sentence) in the core
 * provider's description (ListProviders), after those recorded before in
 * s->left_out. */
static int
service_left_out(struct service *s, const char *why)
{
	size_t len = (s->left_out != NULL ? strlen(s->left_out) + 2 : 0) +
	    strlen(why) + 1;
	char *joined, *text;

	if ((joined = malloc(len)) == NULL)
		return -1;
	(void)snprintf(joined, len, "%s%s%s", s->left_out != NULL ?
	    s->left_out : "", s->left_out != NULL ? "; " : "", why);
	if ((text = core_description_new(joined)) == NULL) {
		free(joined);
		return -1;
	}
	free(s->left_out);
	s->left_out = joined;
	free(s->dispatch.core_description);
	s->dispatch.core_description = text;
	return 0;
}

/* Why provider cp did not open, with the config that names its device. */
static void
service_open_failed(const struct cfg_provider *cp,
    const struct prov_config *pc, psa_status_t st, char *err, size_t err_size)
{
	char handle[48] = "";

	/* Which persistent handle, so a refused foreign key there is
	 * found without reading the provider's log line above it. */
	if (pc->tpm_storage_primary_handle != 0)
		(void)snprintf(handle, sizeof(handle),
		    " (storage_primary_handle 0x%08X)",
		    (unsigned)pc->tpm_storage_primary_handle);
	(void)snprintf(err, err_size, "provider \"%s\" (%s): %s%s%s%s%s",
	    cp->prov_name, cfg_provider_type_name(cp->prov_type),
	    psa_status_name(st), pc->tpm_tcti != NULL ? " (TCTI \"" : "",
	    pc->tpm_tcti != NULL ? pc->tpm_tcti : "",
	    pc->tpm_tcti != NULL ? "\")" : "", handle);
}

static int
service_open_providers(struct service *s, char *err, size_t err_size)
{
	struct dispatch *d = &s->dispatch;

	for (size_t i = 0; i < s->cfg->providers_count; i++) {
		const struct cfg_provider *cp = &s->cfg->providers[i];
		const char *type = cfg_provider_type_name(cp->prov_type);
		struct prov_instance *pi = &d->providers[d->providers_count];
		struct prov_config pc = {
			.name = cp->prov_name,
			.state_dir = service_state_dir(s),
			.allow_deprecated = s->cfg->allow_deprecated,
			.soft_master_key_path = cp->mbed_master_key_path,
			.p11_library_path = cp->p11_library_path,
			.p11_has_slot_number = cp->p11_has_slot_number,
			.p11_slot_number = cp->p11_slot_number,
			.p11_serial_number = cp->p11_serial_number,
			.p11_user_pin = cp->p11_user_pin,
			.p11_software_public_operations =
			    cp->p11_software_public_operations,
			.p11_allow_export = cp->p11_allow_export,
			.tpm_tcti = cp->tpm_tcti,
			.tpm_owner_hierarchy_auth = cp->tpm_owner_hierarchy_auth,
			.tpm_endorsement_hierarchy_auth =
			    cp->tpm_endorsement_hierarchy_auth,
			.tpm_skip_if_no_tpm = cp->tpm_skip_if_no_tpm,
			.tpm_storage_primary_handle =
			    cp->tpm_storage_primary_handle,
		};
		bool is_parsec;
		psa_status_t st;

		if (d->providers_count == LIMIT_PROVIDERS_MAX)
			break;
		pi->pi_ops = prov_registry_find(type, &is_parsec);
		if (pi->pi_ops == NULL) {
			snprintf(err, err_size, "provider \"%s\" (line %u): "
			    "provider_type %s is not supported by arcsec",
			    cp->prov_name, cp->prov_line, type);
			return -1;
		}
		if ((st = pi->pi_ops->open(&pc, &pi->pi_state)) != PSA_SUCCESS) {
			/* Parsec's skip_if_no_tpm: no TPM answering is not
			 * fatal; the provider is left out. */
			if (st == PSA_ERROR_COMMUNICATION_FAILURE &&
			    pc.tpm_skip_if_no_tpm) {
				char why[LIMIT_PROVIDER_SKIPPED_TEXT];

				(void)snprintf(why, sizeof(why), "provider "
				    "\"%s\" (%s): no TPM on TCTI \"%s\"; "
				    "skipped (skip_if_no_tpm)", cp->prov_name,
				    type, pc.tpm_tcti != NULL ? pc.tpm_tcti :
				    "device:/dev/tpmrm0");
				log_warnx("%s", why);
				pi->pi_ops = NULL;
				pi->pi_state = NULL;
				if (service_left_out(s, why) != 0) {
					snprintf(err, err_size, "out of "
					    "memory");
					return -1;
				}
				continue;
			}
			service_open_failed(cp, &pc, st, err, err_size);
			return -1;
		}
		d->provider_kims[d->providers_count] =
		    d->kims[cp->prov_kim_index];
		if ((pi->pi_name = strdup(cp->prov_name)) == NULL) {
			pi->pi_ops->close(pi->pi_state);
			snprintf(err, err_size, "out of memory");
			return -1;
		}
		d->providers_count++;
		log_info("provider %s (%s, ID %u) ready", pi->pi_name, type,
		    pi->pi_ops->parsec_id);
	}
	return 0;
}

static void
service_handle(void *ctx, const struct request *rq, struct response *rs)
{
	struct service *s = ctx;

	dispatch_request(&s->dispatch, rq, rs);
}

/* SIGHUP, on the loop thread: re-read the file; apply what may change. */
static void
service_reload(void *ctx, struct loop *l)
{
	struct service *s = ctx;
	struct daemon_config *next = NULL;
	struct dispatch_policy *policy;
	struct loop_settings ls;
	char err[512];

	service_notify("RELOADING=1");
	if (s->config_path == NULL) {
		log_info("SIGHUP: running on embedded defaults; nothing to "
		    "reload");
		goto out;
	}
	if (cfg_load_file(s->config_path, &next, err, sizeof(err)) != CFG_OK ||
	    service_apply_overrides(next, &s->ov) == -1 ||
	    cfg_reload_compatible(s->cfg, next, err, sizeof(err)) != CFG_OK) {
		log_warnx("SIGHUP: reload refused, keeping the running "
		    "config: %s", err);
		goto out;
	}
	if ((policy = service_policy(next)) == NULL) {
		log_warnx("SIGHUP: reload failed: out of memory");
		goto out;
	}
	dispatch_policy_replace(&s->dispatch, policy);
	service_loop_settings(next, &ls);
	loop_set_settings(l, &ls);
	log_configure(next->log_level, next->log_timestamp);
	cfg_free(s->cfg);
	s->cfg = next;
	next = NULL;
	log_info("SIGHUP: configuration reloaded from %s", s->config_path);
out:
	cfg_free(next);
	service_notify("READY=1");
}

int
service_start(struct daemon_config *cfg, const char *config_path,
    const struct service_overrides *ov, struct service **out, char *err,
    size_t err_size)
{
	struct service *s;
	struct loop_settings ls;
	bool is_activated;
	int fd = -1, rc = -1;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		cfg_free(cfg);
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	s->cfg = cfg;
	pthread_rwlock_init(&s->dispatch.policy_lock, NULL);
	if ((config_path != NULL &&
	    (s->config_path = strdup(config_path)) == NULL) ||
	    (ov->run_dir != NULL && (s->run_dir = strdup(ov->run_dir)) == NULL)) {
		snprintf(err, err_size, "out of memory");
		goto out;
	}
	s->ov.run_dir = s->run_dir;
	if (cfg->auth_type == CFG_AUTH_JWT_SVID) {
		snprintf(err, err_size, "[authenticator] auth_type JwtSvid is "
		    "not implemented by arcsec yet; use UnixPeerCredentials or "
		    "Direct");
		goto out;
	}
	if (cfg->auth_type == CFG_AUTH_DIRECT)
		log_warnx("Direct authenticator: any client can claim any "
		    "application name; use it only for testing");
	if ((s->dispatch.policy = service_policy(cfg)) == NULL) {
		snprintf(err, err_size, "out of memory");
		goto out;
	}
	if (service_open_kims(s, err, err_size) == -1 ||
	    service_open_providers(s, err, err_size) == -1)
		goto out;
	if (keys_reconcile(&s->dispatch) != PSA_SUCCESS) {
		snprintf(err, err_size, "key store reconciliation failed");
		goto out;
	}
	if ((fd = listener_open(cfg->socket_path, &is_activated, err,
	    err_size)) == -1)
		goto out;
	if (pool_create(cfg_thread_pool_size(cfg), service_handle, s,
	    &s->pool) == -1) {
		snprintf(err, err_size, "worker pool: %s", strerror(errno));
		goto out;
	}
	service_loop_settings(cfg, &ls);
	if (loop_create(fd, &ls, s->pool, service_reload, s, &s->loop) == -1) {
		snprintf(err, err_size, "event loop: %s", strerror(errno));
		goto out;
	}
	fd = -1;	/* the loop owns it now */
	s->is_activated = is_activated;
	s->is_listening = true;
	log_info("arcsecd %s listening on %s%s (%u workers, timeout %u ms)",
	    ARCSEC_VERSION, cfg->socket_path,
	    is_activated ? " (socket activation)" : "",
	    cfg_thread_pool_size(cfg), cfg->timeout_ms);
	*out = s;
	s = NULL;
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	service_free(s);
	return rc;
}

int
service_run(struct service *s)
{
	int rc;

	service_notify("READY=1");
	rc = loop_run(s->loop);
	service_notify("STOPPING=1");
	return rc;
}

void
service_free(struct service *s)
{
	if (s == NULL)
		return;
	loop_destroy(s->loop);
	pool_destroy(s->pool);	/* after the loop: no job is left queued */
	/* A clean stop leaves no socket for the next start to probe. */
	if (s->is_listening && !s->is_activated && s->cfg != NULL)
		unlink(s->cfg->socket_path);
	for (size_t i = 0; i < s->dispatch.providers_count; i++) {
		struct prov_instance *pi = &s->dispatch.providers[i];

		pi->pi_ops->close(pi->pi_state);
		free(pi->pi_name);
	}
	for (size_t i = 0; i < s->dispatch.kims_count; i++)
		kim_close(s->dispatch.kims[i]);
	dispatch_policy_free(s->dispatch.policy);
	free(s->dispatch.core_description);
	free(s->left_out);
	pthread_rwlock_destroy(&s->dispatch.policy_lock);
	cfg_free(s->cfg);
	free(s->config_path);
	free(s->run_dir);
	free(s);
}
