/* common/log.c: leveled, timestamped log lines on stderr. */
#include "common/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The one sanctioned global (STYLE.md §6): written by main, read atomically. */
static _Atomic int log_level_current = LOG_LEVEL_INFO;
static _Atomic bool log_timestamps = true;

static const char *const log_level_names[] = {
	"ERROR", "WARN", "INFO", "DEBUG", "TRACE",
};

void
log_configure(enum log_level level, bool timestamps)
{
	atomic_store(&log_level_current, (int)level);
	atomic_store(&log_timestamps, timestamps);
}

bool
log_level_parse(const char *text, enum log_level *out)
{
	for (size_t i = 0; i < sizeof(log_level_names) / sizeof(*log_level_names);
	    i++) {
		if (strcasecmp(text, log_level_names[i]) == 0) {
			*out = (enum log_level)i;
			return true;
		}
	}
	return false;
}

bool
log_enabled(enum log_level level)
{
	return (int)level <= atomic_load(&log_level_current);
}

static void log_vline(enum log_level, int, const char *, va_list)
    __attribute__((format(printf, 3, 0)));

static void
log_vline(enum log_level level, int errnum, const char *fmt, va_list ap)
{
	char stamp[64] = "";
	char msg[1024];

	if (!log_enabled(level))
		return;
	if (atomic_load(&log_timestamps)) {
		struct timespec ts;
		struct tm tm;

		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, (long)(ts.tv_nsec / 1000000) % 1000);
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* One fprintf per line so concurrent workers do not interleave. */
	if (errnum != 0)
		fprintf(stderr, "%s%-5s %s: %s\n", stamp,
		    log_level_names[level], msg, strerror(errnum));
	else
		fprintf(stderr, "%s%-5s %s\n", stamp, log_level_names[level], msg);
}

#define LOG_DEFINE(fn, level, with_errno)			\
void								\
fn(const char *fmt, ...)					\
{								\
	int saved = errno;					\
	va_list ap;						\
								\
	va_start(ap, fmt);					\
	log_vline(level, with_errno ? saved : 0, fmt, ap);	\
	va_end(ap);						\
	errno = saved;						\
}

LOG_DEFINE(log_error, LOG_LEVEL_ERROR, 0)
LOG_DEFINE(log_warn, LOG_LEVEL_WARN, 1)
LOG_DEFINE(log_warnx, LOG_LEVEL_WARN, 0)
LOG_DEFINE(log_info, LOG_LEVEL_INFO, 0)
LOG_DEFINE(log_debug, LOG_LEVEL_DEBUG, 0)

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vline(LOG_LEVEL_ERROR, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(LOG_LEVEL_ERROR, 0, fmt, ap);
	va_end(ap);
	exit(1);
}
