/* daemon/pool.c: worker threads, the job queue and the completion list. */
#include "daemon/pool.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "common/log.h"

struct pool {
	pthread_mutex_t	 lock;
	pthread_cond_t	 has_work;
	struct pool_job	*todo_head, *todo_tail;
	struct pool_job	*done_head, *done_tail;
	bool		 is_stopping;
	int		 event_fd;	/* counts finished jobs for the loop */
	pool_handler	 handler;
	void		*handler_ctx;
	pthread_t	*threads;
	unsigned	 threads_count;
};

static void
pool_append(struct pool_job **head, struct pool_job **tail, struct pool_job *j)
{
	j->pj_next = NULL;
	if (*tail != NULL)
		(*tail)->pj_next = j;
	else
		*head = j;
	*tail = j;
}

static void *
pool_worker(void *arg)
{
	struct pool *p = arg;
	const uint64_t one = 1;

	for (;;) {
		struct pool_job *job;

		pthread_mutex_lock(&p->lock);
		while (p->todo_head == NULL && !p->is_stopping)
			pthread_cond_wait(&p->has_work, &p->lock);
		if ((job = p->todo_head) == NULL) {	/* stopping, queue empty */
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		if ((p->todo_head = job->pj_next) == NULL)
			p->todo_tail = NULL;
		pthread_mutex_unlock(&p->lock);

		p->handler(p->handler_ctx, &job->pj_request, &job->pj_response);

		pthread_mutex_lock(&p->lock);
		pool_append(&p->done_head, &p->done_tail, job);
		pthread_mutex_unlock(&p->lock);
		/* An eventfd write only fails on counter overflow, which ~2^64
		 * unread completions cannot reach. */
		if (write(p->event_fd, &one, sizeof(one)) != sizeof(one))
			log_warn("pool: eventfd write");
	}
}

int
pool_create(unsigned threads, pool_handler handler, void *ctx,
    struct pool **out)
{
	struct pool *p;
	sigset_t all, old;
	int rc = -1;

	*out = NULL;
	if (threads == 0) {
		errno = EINVAL;
		return -1;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return -1;
	p->event_fd = -1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->has_work, NULL);
	p->handler = handler;
	p->handler_ctx = ctx;
	if ((p->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) == -1 ||
	    (p->threads = calloc(threads, sizeof(*p->threads))) == NULL)
		goto out;
	/* Workers never take signals: the loop reads them from a signalfd. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (; p->threads_count < threads; p->threads_count++) {
		int err = pthread_create(&p->threads[p->threads_count], NULL,
		    pool_worker, p);

		if (err != 0) {
			errno = err;
			break;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (p->threads_count != threads)
		goto out;
	*out = p;
	p = NULL;
	rc = 0;
out:
	if (p != NULL)
		pool_destroy(p);
	return rc;
}

int
pool_event_fd(const struct pool *p)
{
	return p->event_fd;
}

void
pool_submit(struct pool *p, struct pool_job *job)
{
	pthread_mutex_lock(&p->lock);
	pool_append(&p->todo_head, &p->todo_tail, job);
	pthread_cond_signal(&p->has_work);
	pthread_mutex_unlock(&p->lock);
}

struct pool_job *
pool_take_done(struct pool *p)
{
	struct pool_job *done;
	uint64_t count;

	/* Drain the counter first: a completion that lands after it is
	 * either in the list below or re-arms the fd for the next round. */
	while (read(p->event_fd, &count, sizeof(count)) == sizeof(count))
		;
	pthread_mutex_lock(&p->lock);
	done = p->done_head;
	p->done_head = p->done_tail = NULL;
	pthread_mutex_unlock(&p->lock);
	return done;
}

void
pool_destroy(struct pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->is_stopping = true;
	pthread_cond_broadcast(&p->has_work);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->threads_count; i++)
		pthread_join(p->threads[i], NULL);
	free(p->threads);
	if (p->event_fd != -1)
		close(p->event_fd);
	pthread_cond_destroy(&p->has_work);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
