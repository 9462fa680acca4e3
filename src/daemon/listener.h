/* daemon/listener.h: the Unix domain socket clients connect to. */
#ifndef ARCSEC_DAEMON_LISTENER_H
#define ARCSEC_DAEMON_LISTENER_H

#include <stdbool.h>
#include <stddef.h>

/* Open the listening socket: the one systemd passed (socket activation), or
 * a new one at `socket_path`. The parent directory must exist and must not
 * be writable by others unless sticky (else anyone could swap the socket);
 * a stale socket (nobody accepting) is replaced, a live one is an error, a
 * non-socket file is never removed. Returns the non-blocking fd, or -1 with
 * a reason in err. *is_activated tells whether systemd owns the path. */
int	listener_open(const char *socket_path, bool *is_activated, char *err,
	    size_t err_size);

#endif
