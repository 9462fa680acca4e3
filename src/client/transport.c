/* client/transport.c: one request and its response over a fresh Unix socket
 * connection, under one deadline. The only file of libarcsec with I/O. */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client/client.h"
#include "wire/header.h"

/* While the service's listen backlog is full, a non-blocking connect() to a
 * Unix socket fails with EAGAIN instead of waiting (unix(7)); retry at this
 * pace until the deadline. */
#define CLIENT_CONNECT_RETRY_MS	5

struct client_deadline {
	bool		dl_is_set;
	struct timespec	dl_at;		/* CLOCK_MONOTONIC */
};

static void
client_deadline_start(struct client_deadline *dl, uint32_t timeout_ms)
{
	memset(dl, 0, sizeof(*dl));
	if (timeout_ms == 0)
		return;
	dl->dl_is_set = true;
	clock_gettime(CLOCK_MONOTONIC, &dl->dl_at);
	dl->dl_at.tv_sec += timeout_ms / 1000;
	dl->dl_at.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (dl->dl_at.tv_nsec >= 1000000000L) {
		dl->dl_at.tv_sec++;
		dl->dl_at.tv_nsec -= 1000000000L;
	}
}

/* Milliseconds left for poll(): -1 without a deadline, 0 once it passed. */
static int
client_deadline_left_ms(const struct client_deadline *dl)
{
	struct timespec now;
	int64_t left_ms;

	if (!dl->dl_is_set)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	left_ms = ((int64_t)dl->dl_at.tv_sec - now.tv_sec) * 1000 +
	    (dl->dl_at.tv_nsec - now.tv_nsec) / 1000000;
	if (left_ms <= 0)
		return 0;
	/* Round up so a poll() never returns just before the deadline and
	 * then finds 0 ms left without having waited. */
	return left_ms > INT32_MAX - 1 ? INT32_MAX : (int)left_ms + 1;
}

static const char *
client_errno_text(int err, char *buf, size_t size)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
	/* GNU strerror_r: may return static text instead of buf. */
	return strerror_r(err, buf, size);
#else
	if (strerror_r(err, buf, size) != 0)
		snprintf(buf, size, "error %d", err);
	return buf;
#endif
}

static arcsec_status_t
client_io_error(struct arcsec_client *c, arcsec_status_t status,
    const char *what, int err)
{
	char buf[128];

	client_set_error(c, "%s %s: %s", what, c->cl_sock_path,
	    client_errno_text(err, buf, sizeof(buf)));
	return status;
}

/* Wait until fd is ready for `events` or the deadline passes. */
static arcsec_status_t
client_wait(struct arcsec_client *c, int fd, short events,
    const struct client_deadline *dl, const char *what)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int n;

	for (;;) {
		n = poll(&pfd, 1, client_deadline_left_ms(dl));
		if (n > 0)
			return ARCSEC_SUCCESS;	/* errors surface in the I/O */
		if (n == 0) {
			client_set_error(c, "%s %s: timed out", what,
			    c->cl_sock_path);
			return ARCSEC_ERR_TIMEOUT;
		}
		if (errno != EINTR)
			return client_io_error(c, ARCSEC_ERR_IO, "poll", errno);
	}
}

static arcsec_status_t
client_connect(struct arcsec_client *c, const struct client_deadline *dl,
    int *fd_out)
{
	arcsec_status_t status = ARCSEC_ERR_CONNECT;
	struct sockaddr_un sun;
	socklen_t err_len;
	int fd, err;

	*fd_out = -1;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	_Static_assert(sizeof(sun.sun_path) >= CLIENT_SOCK_PATH_SIZE,
	    "socket paths checked against a larger sun_path");
	memcpy(sun.sun_path, c->cl_sock_path, sizeof(c->cl_sock_path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return client_io_error(c, ARCSEC_ERR_CONNECT, "socket for",
		    errno);
	for (;;) {
		if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
			break;
		err = errno;
		if (err == EAGAIN) {
			if (client_deadline_left_ms(dl) == 0) {
				client_set_error(c, "connect %s: timed out "
				    "(service backlog full)", c->cl_sock_path);
				status = ARCSEC_ERR_TIMEOUT;
				goto out;
			}
			(void)poll(NULL, 0, CLIENT_CONNECT_RETRY_MS);
			continue;
		}
		if (err != EINPROGRESS && err != EINTR) {
			status = client_io_error(c, ARCSEC_ERR_CONNECT,
			    "connect", err);
			goto out;
		}
		if ((status = client_wait(c, fd, POLLOUT, dl, "connect")) !=
		    ARCSEC_SUCCESS)
			goto out;
		err_len = sizeof(err);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len) == -1)
			err = errno;
		if (err != 0) {
			status = client_io_error(c, ARCSEC_ERR_CONNECT,
			    "connect", err);
			goto out;
		}
		break;
	}
	*fd_out = fd;
	fd = -1;
	status = ARCSEC_SUCCESS;
out:
	if (fd != -1)
		close(fd);
	return status;
}

/* *is_peer_gone tells a failure because the service closed its end, which
 * it does after answering a request it refused early. */
static arcsec_status_t
client_send_all(struct arcsec_client *c, int fd, const uint8_t *buf,
    size_t len, const struct client_deadline *dl, bool *is_peer_gone)
{
	arcsec_status_t status;
	size_t off = 0;
	ssize_t n;

	*is_peer_gone = false;
	while (off < len) {
		/* MSG_NOSIGNAL: a vanished service is EPIPE for this call,
		 * not a signal that kills the caller's process. */
		n = send(fd, buf + off, len - off, MSG_NOSIGNAL);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if ((status = client_wait(c, fd, POLLOUT, dl,
			    "send to")) != ARCSEC_SUCCESS)
				return status;
			continue;
		}
		if (n == -1 && (errno == EPIPE || errno == ECONNRESET))
			*is_peer_gone = true;
		return client_io_error(c, ARCSEC_ERR_IO, "send to",
		    n == -1 ? errno : EIO);
	}
	return ARCSEC_SUCCESS;
}

/* Read until buf holds `want` bytes; *have counts what is there. */
static arcsec_status_t
client_recv_until(struct arcsec_client *c, int fd, uint8_t *buf, size_t want,
    size_t *have, const struct client_deadline *dl)
{
	arcsec_status_t status;
	ssize_t n;

	while (*have < want) {
		n = recv(fd, buf + *have, want - *have, 0);
		if (n > 0) {
			*have += (size_t)n;
			continue;
		}
		if (n == 0) {
			client_set_error(c, "%s closed the connection after "
			    "%zu of %zu response bytes", c->cl_sock_path, *have,
			    want);
			return ARCSEC_ERR_IO;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if ((status = client_wait(c, fd, POLLIN, dl,
			    "receive from")) != ARCSEC_SUCCESS)
				return status;
			continue;
		}
		return client_io_error(c, ARCSEC_ERR_IO, "receive from", errno);
	}
	return ARCSEC_SUCCESS;
}

static arcsec_status_t
client_parse_error(struct arcsec_client *c, arcsec_status_t status,
    const char *why)
{
	client_set_error(c, "%s: %s", c->cl_sock_path, why);
	return status;
}

arcsec_status_t
client_transact(struct arcsec_client *c, const uint8_t *req, size_t req_len,
    uint32_t opcode, uint8_t **frame_out, struct client_response *resp)
{
	arcsec_status_t status = ARCSEC_ERR_IO;
	struct client_deadline dl;
	uint8_t hdr[WIRE_HEADER_LEN];
	uint8_t *frame = NULL;
	size_t have = 0;
	const char *why;
	bool is_peer_gone;
	int fd = -1;

	*frame_out = NULL;
	memset(resp, 0, sizeof(*resp));
	client_deadline_start(&dl, c->cl_timeout_ms);
	if ((status = client_connect(c, &dl, &fd)) != ARCSEC_SUCCESS)
		goto out;
	status = client_send_all(c, fd, req, req_len, &dl, &is_peer_gone);
	/* A service that refuses a request from its header (body too large)
	 * answers and closes before reading the rest; its answer is still
	 * queued for us and says more than EPIPE would. */
	if (status != ARCSEC_SUCCESS && !is_peer_gone)
		goto out;
	if ((status = client_recv_until(c, fd, hdr, sizeof(hdr), &have, &dl))
	    != ARCSEC_SUCCESS)
		goto out;
	/* The declared body length is checked against our limit here, before
	 * anything is allocated for it. */
	if ((status = client_response_parse(hdr, have, opcode,
	    c->cl_response_limit, resp, &why)) != ARCSEC_SUCCESS) {
		status = client_parse_error(c, status, why);
		goto out;
	}
	if ((frame = malloc(resp->rs_frame_len)) == NULL) {
		status = ARCSEC_ERR_NO_MEMORY;
		goto out;
	}
	memcpy(frame, hdr, have);
	if ((status = client_recv_until(c, fd, frame, resp->rs_frame_len,
	    &have, &dl)) != ARCSEC_SUCCESS)
		goto out;
	if ((status = client_response_parse(frame, have, opcode,
	    c->cl_response_limit, resp, &why)) != ARCSEC_SUCCESS) {
		status = client_parse_error(c, status, why);
		goto out;
	}
	if (!resp->rs_is_complete) {	/* broken invariant: we read it all */
		status = client_parse_error(c, ARCSEC_ERR_PROTOCOL,
		    "incomplete response frame");
		goto out;
	}
	*frame_out = frame;		/* resp points into it */
	frame = NULL;
	c->cl_errmsg[0] = '\0';	/* a send error the answer made moot */
out:
	if (status != ARCSEC_SUCCESS)
		memset(resp, 0, sizeof(*resp));
	free(frame);
	if (fd != -1)
		close(fd);
	return status;
}
