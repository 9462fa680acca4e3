/* daemon/dispatch.h: the one place that joins authenticated identity,
 * decoded operation, key record and provider into a response. */
#ifndef ARCSEC_DAEMON_DISPATCH_H
#define ARCSEC_DAEMON_DISPATCH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/limits.h"
#include "daemon/kim.h"
#include "daemon/request.h"
#include "providers/provider.h"

/* Settings a SIGHUP may change while workers run: replaced whole under
 * dispatch.policy_lock, read under its read side. */
struct dispatch_policy {
	uint8_t		 auth_type;		/* configured authenticator */
	char		*admins[LIMIT_ADMINS_MAX];
	size_t		 admins_count;
	bool		 log_error_details;
	bool		 allow_deprecated;	/* for new keys */
	uint32_t	 buffer_size_limit;
};

struct dispatch {
	/* Configured providers in config order: the first is the default
	 * clients pick (ListProviders order), core is implicit and last. */
	struct prov_instance	 providers[LIMIT_PROVIDERS_MAX];
	size_t			 providers_count;
	/* The key manager of providers[i] (config key_info_manager). */
	struct kim		*provider_kims[LIMIT_PROVIDERS_MAX];
	/* Every configured key manager, owned here. */
	struct kim		*kims[LIMIT_KEY_MANAGERS_MAX];
	size_t			 kims_count;
	pthread_rwlock_t	 policy_lock;
	struct dispatch_policy	*policy;
	/* The core provider's ListProviders description: what it is, and
	 * which configured providers start-up left out and why, so that a
	 * client asking for a TPM learns which TCTI answered nothing. Set
	 * once at start-up, owned here; NULL: the plain description. */
	char			*core_description;
};

/* Turn one complete request into response bytes. Never fails silently: on
 * an allocation failure that leaves no response, rs->rs_bytes is NULL and
 * the connection is closed. */
void	dispatch_request(struct dispatch *d, const struct request *rq,
	    struct response *rs);

/* Swap in a new policy (takes ownership); frees the old one. */
void	dispatch_policy_replace(struct dispatch *d, struct dispatch_policy *p);
void	dispatch_policy_free(struct dispatch_policy *p);

/* The provider configured with Parsec ID `id`, or NULL. */
const struct prov_instance *dispatch_provider(const struct dispatch *d,
	    uint8_t id);
/* The key manager of provider instance `pi` (one of d->providers). */
struct kim	*dispatch_kim_of(const struct dispatch *d,
		    const struct prov_instance *pi);

#endif
