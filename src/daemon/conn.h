/* daemon/conn.h: one client connection as a state machine, private to the
 * event loop (loop.c and conn.c). */
#ifndef ARCSEC_DAEMON_CONN_H
#define ARCSEC_DAEMON_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "daemon/loop.h"
#include "daemon/pool.h"
#include "daemon/request.h"

enum loop_src_kind { SRC_LISTEN, SRC_SIGNAL, SRC_POOL, SRC_CONN };

struct loop_src {
	enum loop_src_kind	kind;
};

enum conn_state {
	CONN_READING,	/* header, then body and auth; deadline running */
	CONN_QUEUED,	/* with a worker; no deadline, no epoll interest */
	CONN_WRITING,	/* response going out; deadline running */
};

struct conn {
	struct loop_src		 c_src;		/* first: epoll data.ptr */
	int			 c_fd;
	enum conn_state		 c_state;
	uint64_t		 c_deadline_ms;
	struct conn		*c_tprev, *c_tnext;	/* deadline list */
	struct peer_cred	 c_peer;
	uint8_t			 c_hdr[WIRE_HEADER_LEN];
	bool			 c_is_hdr_ok;
	struct wire_header	 c_wh;
	uint8_t			*c_rx;		/* whole frame once header ok */
	size_t			 c_rx_len, c_rx_size, c_frame_len;
	struct pool_job		*c_job;		/* owned while queued */
	bool			 c_is_in_epoll;
	bool			 c_is_closed;	/* freed at the end of the batch */
	struct conn		*c_grave_next;
	struct response		 c_resp;
	size_t			 c_tx_off;
};

/* Loop services conn.c uses. */
struct loop;
uint64_t	loop_now_ms(void);
void		loop_conn_close(struct loop *l, struct conn *c);
void		loop_conn_want(struct loop *l, struct conn *c, uint32_t events);
void		loop_deadline_arm(struct loop *l, struct conn *c);
void		loop_deadline_disarm(struct loop *l, struct conn *c);
void		loop_submit(struct loop *l, struct conn *c, struct pool_job *job);
const struct loop_settings *loop_settings_of(const struct loop *l);

/* Connection events. */
void		conn_on_readable(struct loop *l, struct conn *c);
void		conn_on_writable(struct loop *l, struct conn *c);
/* A worker finished: take the response and start writing it. */
void		conn_on_done(struct loop *l, struct conn *c, struct pool_job *job);
/* Answer with a body-less status and close after writing. */
void		conn_reply_status(struct loop *l, struct conn *c,
		    enum wire_status status);
void		conn_free(struct conn *c);

#endif
