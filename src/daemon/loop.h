/* daemon/loop.h: the event thread. It owns the listening socket, every
 * connection and every deadline; complete requests go to the worker pool,
 * responses come back and are written without blocking. */
#ifndef ARCSEC_DAEMON_LOOP_H
#define ARCSEC_DAEMON_LOOP_H

#include <stdint.h>

#include "daemon/pool.h"
#include "wire/header.h"

struct loop_settings {
	struct wire_limits	ls_wire;		/* framing limits */
	uint32_t		ls_timeout_ms;		/* read and write deadline */
	uint32_t		ls_max_connections;	/* open at once */
};

struct loop;

/* Called on the loop thread when SIGHUP arrives; may call
 * loop_set_settings(). */
typedef void (*loop_reload_fn)(void *ctx, struct loop *l);

/* 0 on success, -1 with errno. The loop takes ownership of listen_fd. */
int	loop_create(int listen_fd, const struct loop_settings *s,
	    struct pool *pool, loop_reload_fn reload, void *reload_ctx,
	    struct loop **out);
void	loop_set_settings(struct loop *l, const struct loop_settings *s);
/* Run until SIGTERM/SIGINT; then stop accepting, drop connections still
 * sending their request, finish and write every request already taken, and
 * return 0. -1 on a fatal epoll error. */
int	loop_run(struct loop *l);
void	loop_destroy(struct loop *l);

#endif
