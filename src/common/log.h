/* common/log.h: leveled logging to stderr (or a sink set by main).
 *
 * log_warn appends strerror(errno); log_warnx does not. fatal/fatalx are for
 * start-up only: they log and exit(1). The level is the one piece of global
 * mutable state outside main (STYLE.md §6): set by main via log_configure(),
 * read atomically everywhere. Never pass secrets to these functions. */
#ifndef ARCSEC_COMMON_LOG_H
#define ARCSEC_COMMON_LOG_H

#include <stdbool.h>

enum log_level {
	LOG_LEVEL_ERROR = 0,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
	LOG_LEVEL_TRACE,
};

void	log_configure(enum log_level level, bool timestamps);
bool	log_level_parse(const char *text, enum log_level *out);
bool	log_enabled(enum log_level level);

void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
