/* daemon/loop.c: epoll over the listening socket, the signalfd, the pool's
 * completion fd and every connection; deadlines in one list. */
#include "daemon/loop.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "daemon/conn.h"

/* Out of descriptors: stop accepting this long instead of spinning. */
#define LOOP_ACCEPT_PAUSE_MS	100u

struct loop {
	int			 epfd;
	int			 listen_fd;
	int			 signal_fd;
	struct loop_src		 src_listen, src_signal, src_pool;
	struct pool		*pool;
	struct loop_settings	 settings;
	loop_reload_fn		 reload;
	void			*reload_ctx;
	/* Connections with a running deadline, oldest deadline first: every
	 * deadline is now + one timeout, so appending keeps the order. */
	struct conn		*timed_head, *timed_tail;
	/* Closed this batch: a later event of the same epoll_wait may still
	 * point at them, so they are freed only after the batch. */
	struct conn		*graveyard;
	size_t			 conns_count;	/* open connections */
	size_t			 queued_count;	/* with a worker */
	bool			 is_accepting;	/* listen fd in epoll */
	uint64_t		 accept_resume_ms;	/* 0: not paused */
	bool			 is_draining;
};

uint64_t
loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

const struct loop_settings *
loop_settings_of(const struct loop *l)
{
	return &l->settings;
}

void
loop_set_settings(struct loop *l, const struct loop_settings *s)
{
	l->settings = *s;
}

void
loop_deadline_disarm(struct loop *l, struct conn *c)
{
	if (c->c_deadline_ms == 0)
		return;
	if (c->c_tprev != NULL)
		c->c_tprev->c_tnext = c->c_tnext;
	else
		l->timed_head = c->c_tnext;
	if (c->c_tnext != NULL)
		c->c_tnext->c_tprev = c->c_tprev;
	else
		l->timed_tail = c->c_tprev;
	c->c_tprev = c->c_tnext = NULL;
	c->c_deadline_ms = 0;
}

void
loop_deadline_arm(struct loop *l, struct conn *c)
{
	loop_deadline_disarm(l, c);
	c->c_deadline_ms = loop_now_ms() + l->settings.ls_timeout_ms;
	c->c_tprev = l->timed_tail;
	if (l->timed_tail != NULL)
		l->timed_tail->c_tnext = c;
	else
		l->timed_head = c;
	l->timed_tail = c;
}

static void
loop_accepting(struct loop *l, bool on)
{
	struct epoll_event ev = { .events = on ? EPOLLIN : 0,
	    .data.ptr = &l->src_listen };

	if (l->listen_fd == -1 || l->is_accepting == on)
		return;
	if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, l->listen_fd, &ev) == -1)
		log_warn("loop: epoll_ctl listen");
	l->is_accepting = on;
}

/* events 0 takes the fd out of epoll: a queued connection would otherwise
 * report EPOLLHUP (always armed) on every wait while a worker runs. */
void
loop_conn_want(struct loop *l, struct conn *c, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };
	int op;

	if (events == 0) {
		if (c->c_is_in_epoll &&
		    epoll_ctl(l->epfd, EPOLL_CTL_DEL, c->c_fd, NULL) == -1)
			log_warn("loop: epoll_ctl del");
		c->c_is_in_epoll = false;
		return;
	}
	op = c->c_is_in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
	if (epoll_ctl(l->epfd, op, c->c_fd, &ev) == -1)
		log_warn("loop: epoll_ctl conn");
	else
		c->c_is_in_epoll = true;
}

void
loop_conn_close(struct loop *l, struct conn *c)
{
	if (c->c_is_closed)
		return;
	loop_deadline_disarm(l, c);
	loop_conn_want(l, c, 0);
	close(c->c_fd);
	c->c_fd = -1;
	c->c_is_closed = true;
	c->c_grave_next = l->graveyard;
	l->graveyard = c;
	l->conns_count--;
	if (!l->is_draining && l->accept_resume_ms == 0 &&
	    l->conns_count < l->settings.ls_max_connections)
		loop_accepting(l, true);
}

void
loop_submit(struct loop *l, struct conn *c, struct pool_job *job)
{
	(void)c;
	l->queued_count++;
	pool_submit(l->pool, job);
}

static void
loop_accept(struct loop *l)
{
	while (l->conns_count < l->settings.ls_max_connections) {
		struct epoll_event ev = { .events = EPOLLIN };
		struct ucred uc;
		socklen_t uc_len = sizeof(uc);
		struct conn *c;
		int fd;

		fd = accept4(l->listen_fd, NULL, NULL,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				log_warn("loop: accept; pausing %u ms",
				    LOOP_ACCEPT_PAUSE_MS);
				loop_accepting(l, false);
				l->accept_resume_ms = loop_now_ms() +
				    LOOP_ACCEPT_PAUSE_MS;
			} else if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("loop: accept");
			return;
		}
		if ((c = calloc(1, sizeof(*c))) == NULL) {
			close(fd);
			return;
		}
		c->c_src.kind = SRC_CONN;
		c->c_fd = fd;
		c->c_state = CONN_READING;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &uc_len) == 0) {
			c->c_peer.is_known = true;
			c->c_peer.pid = uc.pid;
			c->c_peer.uid = uc.uid;
			c->c_peer.gid = uc.gid;
		}
		ev.data.ptr = c;
		if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) == -1) {
			log_warn("loop: epoll_ctl add");
			close(fd);
			free(c);
			continue;
		}
		c->c_is_in_epoll = true;
		l->conns_count++;
		loop_deadline_arm(l, c);
	}
	loop_accepting(l, false);	/* at the cap: wait for a close */
}

static void
loop_bury(struct loop *l)
{
	while (l->graveyard != NULL) {
		struct conn *c = l->graveyard;

		l->graveyard = c->c_grave_next;
		conn_free(c);
	}
}

static void
loop_expire(struct loop *l, uint64_t now)
{
	while (l->timed_head != NULL && l->timed_head->c_deadline_ms <= now) {
		struct conn *c = l->timed_head;

		log_debug("conn: %s deadline passed, closing",
		    c->c_state == CONN_READING ? "read" : "write");
		loop_conn_close(l, c);
	}
	if (l->accept_resume_ms != 0 && l->accept_resume_ms <= now &&
	    !l->is_draining) {
		l->accept_resume_ms = 0;
		if (l->conns_count < l->settings.ls_max_connections)
			loop_accepting(l, true);
	}
}

static int
loop_wait_ms(const struct loop *l, uint64_t now)
{
	uint64_t next = UINT64_MAX;

	if (l->timed_head != NULL)
		next = l->timed_head->c_deadline_ms;
	if (l->accept_resume_ms != 0 && l->accept_resume_ms < next)
		next = l->accept_resume_ms;
	if (next == UINT64_MAX)
		return -1;
	return next <= now ? 0 : (int)(next - now > 60000 ? 60000 : next - now);
}

static void
loop_drain_start(struct loop *l)
{
	log_info("shutting down: finishing %zu request(s) in flight",
	    l->queued_count);
	l->is_draining = true;
	if (l->listen_fd != -1) {
		epoll_ctl(l->epfd, EPOLL_CTL_DEL, l->listen_fd, NULL);
		close(l->listen_fd);
		l->listen_fd = -1;
	}
	/* Requests still arriving were never taken; drop them. */
	for (struct conn *c = l->timed_head, *next; c != NULL; c = next) {
		next = c->c_tnext;
		if (c->c_state == CONN_READING)
			loop_conn_close(l, c);
	}
}

static void
loop_on_signal(struct loop *l)
{
	struct signalfd_siginfo si;

	while (read(l->signal_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			if (l->reload != NULL)
				l->reload(l->reload_ctx, l);
		} else if (!l->is_draining)
			loop_drain_start(l);
	}
}

static void
loop_on_pool(struct loop *l)
{
	struct pool_job *job = pool_take_done(l->pool);

	while (job != NULL) {
		struct pool_job *next = job->pj_next;

		l->queued_count--;
		conn_on_done(l, job->pj_owner, job);
		job = next;
	}
}

int
loop_create(int listen_fd, const struct loop_settings *s, struct pool *pool,
    loop_reload_fn reload, void *reload_ctx, struct loop **out)
{
	struct loop *l;
	struct epoll_event ev = { .events = EPOLLIN };
	sigset_t mask;
	int rc = -1;

	*out = NULL;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return -1;
	l->epfd = l->signal_fd = -1;
	l->listen_fd = listen_fd;
	l->settings = *s;
	l->pool = pool;
	l->reload = reload;
	l->reload_ctx = reload_ctx;
	l->src_listen.kind = SRC_LISTEN;
	l->src_signal.kind = SRC_SIGNAL;
	l->src_pool.kind = SRC_POOL;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &mask, NULL) != 0 ||
	    (l->signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) ==
	    -1 || (l->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		goto out;
	ev.data.ptr = &l->src_listen;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, listen_fd, &ev) == -1)
		goto out;
	l->is_accepting = true;
	ev.data.ptr = &l->src_signal;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->signal_fd, &ev) == -1)
		goto out;
	ev.data.ptr = &l->src_pool;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, pool_event_fd(pool), &ev) == -1)
		goto out;
	*out = l;
	l = NULL;
	rc = 0;
out:
	if (l != NULL) {
		l->listen_fd = -1;	/* still the caller's on failure */
		loop_destroy(l);
	}
	return rc;
}

int
loop_run(struct loop *l)
{
	struct epoll_event evs[64];

	while (!l->is_draining || l->conns_count > 0) {
		int n = epoll_wait(l->epfd, evs, 64,
		    loop_wait_ms(l, loop_now_ms()));

		if (n == -1) {
			if (errno == EINTR)
				continue;
			log_warn("loop: epoll_wait");
			return -1;
		}
		for (int i = 0; i < n; i++) {
			struct loop_src *src = evs[i].data.ptr;
			struct conn *c;

			switch (src->kind) {
			case SRC_LISTEN:
				if (!l->is_draining)
					loop_accept(l);
				break;
			case SRC_SIGNAL:
				loop_on_signal(l);
				break;
			case SRC_POOL:
				loop_on_pool(l);
				break;
			case SRC_CONN:
				c = (struct conn *)src;
				if (c->c_is_closed)
					break;
				if (c->c_state == CONN_READING &&
				    (evs[i].events & (EPOLLIN | EPOLLHUP |
				    EPOLLERR)))
					conn_on_readable(l, c);
				else if (c->c_state == CONN_WRITING &&
				    (evs[i].events & (EPOLLOUT | EPOLLHUP |
				    EPOLLERR)))
					conn_on_writable(l, c);
				break;
			}
		}
		loop_expire(l, loop_now_ms());
		loop_bury(l);
	}
	return 0;
}

void
loop_destroy(struct loop *l)
{
	if (l == NULL)
		return;
	while (l->timed_head != NULL)
		loop_conn_close(l, l->timed_head);
	loop_bury(l);
	if (l->listen_fd != -1)
		close(l->listen_fd);
	if (l->signal_fd != -1)
		close(l->signal_fd);
	if (l->epfd != -1)
		close(l->epfd);
	free(l);
}
