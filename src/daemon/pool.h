/* daemon/pool.h: a fixed pool of worker threads that turn complete requests
 * into responses. Jobs go in through pool_submit(); finished jobs come back
 * on a list the event loop drains when pool_event_fd() is readable. Workers
 * hold no lock while a request is being handled. */
#ifndef ARCSEC_DAEMON_POOL_H
#define ARCSEC_DAEMON_POOL_H

#include "daemon/request.h"

struct pool_job {
	struct request	 pj_request;	/* immutable once submitted */
	struct response	 pj_response;	/* filled by the worker */
	void		*pj_owner;	/* the submitter's cookie (a conn) */
	struct pool_job	*pj_next;
};

typedef void (*pool_handler)(void *ctx, const struct request *rq,
    struct response *rs);

struct pool;

/* 0 on success, -1 with errno set. */
int		 pool_create(unsigned threads, pool_handler handler, void *ctx,
		    struct pool **out);
int		 pool_event_fd(const struct pool *p);
void		 pool_submit(struct pool *p, struct pool_job *job);
/* All finished jobs, oldest first; NULL if none. Clears the event fd. */
struct pool_job	*pool_take_done(struct pool *p);
/* Let the workers finish every submitted job, then join them. */
void		 pool_destroy(struct pool *p);

#endif
