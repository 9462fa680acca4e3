/* daemon/kim.c: key-store connection pools, one per key manager. */
#include "daemon/kim.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/log.h"

struct kim {
	char		*kim_name;
	char		*kim_path;
	pthread_mutex_t	 kim_lock;
	pthread_cond_t	 kim_returned;
	struct ks	**kim_free;	/* stack of idle connections */
	size_t		 kim_free_count;
	struct ks	**kim_all;
	size_t		 kim_all_count;
};

/* mkdir -p of the parent of `path`, mode 0700 for what it creates. */
static int
kim_make_parent(const char *path)
{
	char *dir = strdup(path);
	char *slash;
	int rc = -1;

	if (dir == NULL)
		return -1;
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir) {
		rc = 0;
		goto out;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		bool is_end = *p == '\0';

		if (*p != '/' && !is_end)
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST)
			goto out;
		if (is_end)
			break;
		*p = '/';
	}
	rc = 0;
out:
	free(dir);
	return rc;
}

psa_status_t
kim_open(const char *name, const char *path, size_t conns, struct kim **out)
{
	struct kim *k;
	psa_status_t status = PSA_ERROR_INSUFFICIENT_MEMORY;

	*out = NULL;
	if (conns == 0)
		return PSA_ERROR_INVALID_ARGUMENT;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return status;
	pthread_mutex_init(&k->kim_lock, NULL);
	pthread_cond_init(&k->kim_returned, NULL);
	if ((k->kim_name = strdup(name)) == NULL ||
	    (k->kim_path = strdup(path)) == NULL ||
	    (k->kim_all = calloc(conns, sizeof(*k->kim_all))) == NULL ||
	    (k->kim_free = calloc(conns, sizeof(*k->kim_free))) == NULL)
		goto out;
	if (kim_make_parent(path) == -1) {
		log_warn("key manager %s: create directory for %s", name, path);
		status = PSA_ERROR_STORAGE_FAILURE;
		goto out;
	}
	for (; k->kim_all_count < conns; k->kim_all_count++) {
		struct ks **slot = &k->kim_all[k->kim_all_count];

		if ((status = ks_open(path, slot)) != PSA_SUCCESS) {
			log_warnx("key manager %s: key store %s: %s", name, path,
			    psa_status_name(status));
			goto out;
		}
		k->kim_free[k->kim_free_count++] = *slot;
	}
	*out = k;
	k = NULL;
	status = PSA_SUCCESS;
out:
	kim_close(k);
	return status;
}

struct ks *
kim_checkout(struct kim *k)
{
	struct ks *ks;

	pthread_mutex_lock(&k->kim_lock);
	while (k->kim_free_count == 0)
		pthread_cond_wait(&k->kim_returned, &k->kim_lock);
	ks = k->kim_free[--k->kim_free_count];
	pthread_mutex_unlock(&k->kim_lock);
	return ks;
}

void
kim_checkin(struct kim *k, struct ks *ks)
{
	pthread_mutex_lock(&k->kim_lock);
	k->kim_free[k->kim_free_count++] = ks;
	pthread_cond_signal(&k->kim_returned);
	pthread_mutex_unlock(&k->kim_lock);
}

const char *
kim_name(const struct kim *k)
{
	return k->kim_name;
}

const char *
kim_path(const struct kim *k)
{
	return k->kim_path;
}

void
kim_close(struct kim *k)
{
	if (k == NULL)
		return;
	for (size_t i = 0; i < k->kim_all_count; i++)
		ks_close(k->kim_all[i]);
	free(k->kim_all);
	free(k->kim_free);
	free(k->kim_name);
	free(k->kim_path);
	pthread_cond_destroy(&k->kim_returned);
	pthread_mutex_destroy(&k->kim_lock);
	free(k);
}
