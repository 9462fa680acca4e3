/* daemon/listener.c: create, check and bind the service's Unix socket. */
#include "daemon/listener.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#ifdef ARCSEC_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "common/log.h"

#define LISTENER_BACKLOG 128

static int
listener_from_systemd(bool *is_activated)
{
#ifdef ARCSEC_HAVE_SYSTEMD
	int n = sd_listen_fds(1);

	if (n == 1 && sd_is_socket_unix(SD_LISTEN_FDS_START, SOCK_STREAM, 1,
	    NULL, 0) > 0) {
		int fd = SD_LISTEN_FDS_START;
		int fl = fcntl(fd, F_GETFL);

		if (fl != -1)
			fcntl(fd, F_SETFL, fl | O_NONBLOCK);
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		*is_activated = true;
		return fd;
	}
	if (n > 1)
		log_warnx("systemd passed %d sockets; expected one, ignoring", n);
#else
	(void)is_activated;
#endif
	return -1;
}

/* The directory must exist and be safe: nobody but its owner may replace
 * the socket in it. */
static int
listener_check_dir(const char *socket_path, char *err, size_t err_size)
{
	char *copy = strdup(socket_path);
	struct stat st;
	int rc = -1;
	const char *dir;

	if (copy == NULL) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	dir = dirname(copy);
	if (stat(dir, &st) == -1) {
		snprintf(err, err_size, "socket directory %s: %s (create it "
		    "first, e.g. mode 0750)", dir, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, err_size, "socket directory %s is not a directory",
		    dir);
		goto out;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX)) {
		snprintf(err, err_size, "socket directory %s is writable by "
		    "group or others without the sticky bit; refusing (mode "
		    "%04o)", dir, (unsigned)(st.st_mode & 07777));
		goto out;
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

/* A socket file that nobody accepts on is left over from a crash. */
static int
listener_clear_stale(const char *path, const struct sockaddr_un *sun,
    char *err, size_t err_size)
{
	struct stat st;
	int fd, rc;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, err_size, "%s exists and is not a socket; "
		    "refusing to remove it", path);
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	close(fd);
	if (rc == 0) {
		snprintf(err, err_size, "%s: another service is listening "
		    "there", path);
		return -1;
	}
	if (unlink(path) == -1) {
		snprintf(err, err_size, "remove stale socket %s: %s", path,
		    strerror(errno));
		return -1;
	}
	log_info("removed stale socket %s", path);
	return 0;
}

int
listener_open(const char *socket_path, bool *is_activated, char *err,
    size_t err_size)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = -1;

	*is_activated = false;
	err[0] = '\0';
	if ((fd = listener_from_systemd(is_activated)) != -1)
		return fd;
	if (strlen(socket_path) >= sizeof(sun.sun_path)) {
		snprintf(err, err_size, "socket path %s is longer than %zu bytes",
		    socket_path, sizeof(sun.sun_path) - 1);
		return -1;
	}
	memcpy(sun.sun_path, socket_path, strlen(socket_path) + 1);
	if (listener_check_dir(socket_path, err, err_size) == -1 ||
	    listener_clear_stale(socket_path, &sun, err, err_size) == -1)
		goto fail;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    /* Access is the directory's job (Parsec: /run/parsec, group
	     * parsec-clients); the socket itself lets every user connect. */
	    chmod(socket_path, 0666) == -1 ||
	    listen(fd, LISTENER_BACKLOG) == -1) {
		if (err[0] == '\0')
			snprintf(err, err_size, "socket %s: %s", socket_path,
			    strerror(errno));
		goto fail;
	}
	return fd;
fail:
	if (err[0] == '\0')
		snprintf(err, err_size, "socket %s: %s", socket_path,
		    strerror(errno));
	if (fd != -1)
		close(fd);
	return -1;
}
