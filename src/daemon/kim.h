/* daemon/kim.h: a configured key manager ([[key_manager]]): its key store
 * file and a pool of connections to it, one checked out per request. */
#ifndef ARCSEC_DAEMON_KIM_H
#define ARCSEC_DAEMON_KIM_H

#include <stddef.h>

#include "keystore/keystore.h"

struct kim;

/* Open `conns` connections to the store at `path`, creating the file (and
 * missing parent directories, mode 0700) as needed. */
psa_status_t	kim_open(const char *name, const char *path, size_t conns,
		    struct kim **out) __attribute__((warn_unused_result));
/* A connection for this thread's exclusive use until kim_checkin; waits
 * while all are out (the pool has one per worker, so it rarely does). */
struct ks	*kim_checkout(struct kim *k);
void		 kim_checkin(struct kim *k, struct ks *ks);
const char	*kim_name(const struct kim *k);
const char	*kim_path(const struct kim *k);
void		 kim_close(struct kim *k);

/* Where an OnDisk manager (Parsec: a directory of mapping files) keeps
 * arcsec's store: one SQLite file inside that directory. */
#define KIM_ON_DISK_FILE	"arcsec-keystore.sqlite3"

#endif
