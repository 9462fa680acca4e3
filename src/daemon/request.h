/* daemon/request.h: a complete request as the loop hands it to a worker, and
 * the response bytes the worker hands back. */
#ifndef ARCSEC_DAEMON_REQUEST_H
#define ARCSEC_DAEMON_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "wire/header.h"

/* Who is on the other end of the socket (SO_PEERCRED at accept). */
struct peer_cred {
	bool	is_known;
	pid_t	pid;
	uid_t	uid;
	gid_t	gid;
};

struct request {
	struct wire_header	 rq_hdr;
	uint8_t			*rq_frame;	/* header + body + auth, owned */
	size_t			 rq_frame_len;
	const uint8_t		*rq_body;	/* into rq_frame */
	const uint8_t		*rq_auth;	/* into rq_frame */
	struct peer_cred	 rq_peer;
};

struct response {
	uint8_t			*rs_bytes;	/* header + body, owned */
	size_t			 rs_len;
};

void	request_clear(struct request *rq);	/* wipes and frees the frame */
void	response_clear(struct response *rs);

/* Build a body-less response with `status` for request header `req`
 * (echoing provider, session, opcode). On allocation failure rs_bytes stays
 * NULL; the caller closes the connection. */
void	response_status_only(const struct wire_header *req,
	    enum wire_status status, struct response *rs);

#endif
