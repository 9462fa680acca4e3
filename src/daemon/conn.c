/* daemon/conn.c: the per-connection state machine: read a frame without
 * blocking, hand it to the pool, write the response, close. */
#include "daemon/conn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"

/* First allocation for a frame; grown as bytes arrive, so a client that
 * announces a 1 MiB body but sends nothing costs only this much. */
#define CONN_RX_INITIAL	(16u << 10)
/* Unread input discarded before close (see conn_drain_input). */
#define CONN_DRAIN_MAX	(64u << 10)

void
conn_free(struct conn *c)
{
	if (c->c_rx != NULL) {
		explicit_bzero(c->c_rx, c->c_rx_size);
		free(c->c_rx);
	}
	response_clear(&c->c_resp);
	explicit_bzero(c->c_hdr, sizeof(c->c_hdr));
	free(c);
}

static void
conn_start_write(struct loop *l, struct conn *c)
{
	c->c_state = CONN_WRITING;
	c->c_tx_off = 0;
	loop_deadline_arm(l, c);
	conn_on_writable(l, c);		/* most responses fit the socket buffer */
}

void
conn_reply_status(struct loop *l, struct conn *c, enum wire_status status)
{
	response_clear(&c->c_resp);
	/* Fields we could not read stay zero, as Parsec answers an
	 * unreadable header. */
	response_status_only(&c->c_wh, status, &c->c_resp);
	if (c->c_resp.rs_bytes == NULL) {
		loop_conn_close(l, c);
		return;
	}
	conn_start_write(l, c);
}

/* The frame is complete: move it into a job and queue it. */
static void
conn_submit(struct loop *l, struct conn *c)
{
	struct pool_job *job = calloc(1, sizeof(*job));
	enum wire_status why;
	struct abuf in;

	if (job == NULL) {
		conn_reply_status(l, c, WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY);
		return;
	}
	in = abuf_view(c->c_rx, c->c_rx_len);
	if (wire_frame_check(&in, &loop_settings_of(l)->ls_wire,
	    &job->pj_request.rq_hdr, &job->pj_request.rq_body,
	    &job->pj_request.rq_auth, &why) != WIRE_FRAME_COMPLETE) {
		free(job);
		conn_reply_status(l, c, why);	/* cannot happen: re-checked */
		return;
	}
	job->pj_request.rq_frame = c->c_rx;
	job->pj_request.rq_frame_len = c->c_rx_size;
	job->pj_request.rq_peer = c->c_peer;
	job->pj_owner = c;
	c->c_rx = NULL;
	c->c_rx_len = c->c_rx_size = 0;
	c->c_state = CONN_QUEUED;
	c->c_job = job;
	loop_deadline_disarm(l, c);
	loop_conn_want(l, c, 0);	/* nothing to hear until we answer */
	loop_submit(l, c, job);
}

/* Header bytes arrived: decide whether to go on, answer, or wait. Returns
 * false when the connection left the reading state. */
static bool
conn_header_step(struct loop *l, struct conn *c)
{
	struct abuf in = abuf_view(c->c_hdr, c->c_rx_len);
	enum wire_status why;

	switch (wire_header_decode(&in, &loop_settings_of(l)->ls_wire,
	    &c->c_wh, &why)) {
	case WIRE_FRAME_NEED_MORE:
		return true;
	case WIRE_FRAME_INVALID:
		conn_reply_status(l, c, why);
		return false;
	case WIRE_FRAME_COMPLETE:
		break;
	}
	/* Limits were checked by the decoder: at most body_len_limit +
	 * auth_len_limit + 36 bytes, and only as they arrive. */
	c->c_frame_len = WIRE_HEADER_LEN + (size_t)c->c_wh.hdr_body_len +
	    c->c_wh.hdr_auth_len;
	c->c_rx_size = c->c_frame_len < CONN_RX_INITIAL ? c->c_frame_len :
	    CONN_RX_INITIAL;
	if ((c->c_rx = malloc(c->c_rx_size)) == NULL) {
		c->c_rx_size = 0;
		conn_reply_status(l, c, WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY);
		return false;
	}
	memcpy(c->c_rx, c->c_hdr, WIRE_HEADER_LEN);
	c->c_is_hdr_ok = true;
	return true;
}

static bool
conn_grow(struct conn *c)
{
	size_t size = c->c_rx_size * 2;
	uint8_t *rx;

	if (size > c->c_frame_len)
		size = c->c_frame_len;
	if ((rx = malloc(size)) == NULL)
		return false;
	/* Not realloc: the old bytes may hold key material to wipe. */
	memcpy(rx, c->c_rx, c->c_rx_len);
	explicit_bzero(c->c_rx, c->c_rx_size);
	free(c->c_rx);
	c->c_rx = rx;
	c->c_rx_size = size;
	return true;
}

void
conn_on_readable(struct loop *l, struct conn *c)
{
	while (c->c_state == CONN_READING) {
		uint8_t *dst;
		size_t want;
		ssize_t n;

		if (!c->c_is_hdr_ok) {
			dst = c->c_hdr + c->c_rx_len;
			want = WIRE_HEADER_LEN - c->c_rx_len;
		} else {
			if (c->c_rx_len == c->c_frame_len) {
				conn_submit(l, c);
				return;
			}
			if (c->c_rx_len == c->c_rx_size && !conn_grow(c)) {
				conn_reply_status(l, c,
				    WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY);
				return;
			}
			dst = c->c_rx + c->c_rx_len;
			want = c->c_rx_size - c->c_rx_len;
		}
		n = recv(c->c_fd, dst, want, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;			/* deadline keeps running */
		if (n <= 0) {
			/* EOF mid-request: a client that half-closed after a
			 * whole header still gets told why; otherwise there is
			 * nobody to answer. */
			if (n == 0 && c->c_is_hdr_ok)
				conn_reply_status(l, c,
				    WIRE_STATUS_CONNECTION_ERROR);
			else
				loop_conn_close(l, c);
			return;
		}
		c->c_rx_len += (size_t)n;
		if (!c->c_is_hdr_ok && !conn_header_step(l, c))
			return;
		if (c->c_is_hdr_ok && c->c_rx_len == c->c_frame_len) {
			conn_submit(l, c);
			return;
		}
	}
}

/* Closing a Unix socket with unread input makes the peer's reads fail with
 * ECONNRESET, which can destroy the response we just sent; so discard what
 * is already queued (bounded: a client that keeps sending gets the reset). */
static void
conn_drain_input(struct conn *c)
{
	uint8_t scratch[4096];
	size_t total = 0;
	ssize_t n;

	while (total < CONN_DRAIN_MAX &&
	    (n = recv(c->c_fd, scratch, sizeof(scratch), MSG_DONTWAIT)) > 0)
		total += (size_t)n;
	explicit_bzero(scratch, sizeof(scratch));
}

void
conn_on_writable(struct loop *l, struct conn *c)
{
	while (c->c_tx_off < c->c_resp.rs_len) {
		ssize_t n = send(c->c_fd, c->c_resp.rs_bytes + c->c_tx_off,
		    c->c_resp.rs_len - c->c_tx_off, MSG_NOSIGNAL);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			loop_conn_want(l, c, EPOLLOUT);
			return;
		}
		if (n <= 0) {
			log_debug("conn: send: %s", strerror(errno));
			loop_conn_close(l, c);
			return;
		}
		c->c_tx_off += (size_t)n;
	}
	/* One request per connection: clients read the response to EOF. */
	conn_drain_input(c);
	loop_conn_close(l, c);
}

void
conn_on_done(struct loop *l, struct conn *c, struct pool_job *job)
{
	c->c_job = NULL;
	c->c_resp = job->pj_response;
	memset(&job->pj_response, 0, sizeof(job->pj_response));
	request_clear(&job->pj_request);
	free(job);
	if (c->c_resp.rs_bytes == NULL) {
		conn_reply_status(l, c, WIRE_STATUS_PSA_ERROR_INSUFFICIENT_MEMORY);
		return;
	}
	conn_start_write(l, c);
}
