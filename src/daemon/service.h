/* daemon/service.h: one running arcsecd built from a config: providers,
 * dispatcher policy, worker pool, listener and event loop. */
#ifndef ARCSEC_DAEMON_SERVICE_H
#define ARCSEC_DAEMON_SERVICE_H

#include <stddef.h>

#include "daemon/config.h"

struct service;

/* Where --run-dir puts everything (development: `make run`). */
struct service_overrides {
	const char	*run_dir;	/* NULL: use the config's paths */
	const char	*admin;		/* NULL: the config's admins only */
};

/* Apply overrides to a loaded config (socket, key store and provider
 * paths under run_dir; one more administrator). 0, or -1 on allocation
 * failure. */
int	service_apply_overrides(struct daemon_config *cfg,
	    const struct service_overrides *ov);

/* Takes ownership of cfg. `config_path` (NULL for embedded defaults) is
 * re-read on SIGHUP. Returns 0, or -1 with a reason in err. */
int	service_start(struct daemon_config *cfg, const char *config_path,
	    const struct service_overrides *ov, struct service **out,
	    char *err, size_t err_size);
/* Serve until SIGTERM/SIGINT, finishing requests in flight. 0 on a clean
 * stop. */
int	service_run(struct service *s);
void	service_free(struct service *s);

#endif
