/* identity/identity_int.h: what the identity layer's files share beyond
 * the public arcsec/identity.h. */
#ifndef ARCSEC_IDENTITY_INT_H
#define ARCSEC_IDENTITY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

#include <arcsec/identity.h>

/* Write "why" (when why is not NULL and why_size > 0) and return status. */
arcsec_status_t	idn_fail(char *why, size_t why_size, arcsec_status_t status,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* devid.c: send the client's key operations to provider_id; *saved gets
 * the provider it used before (0: none known), for idn_provider_restore(),
 * so the identity calls leave the caller's client as they found it. */
arcsec_status_t	idn_provider_use(struct arcsec_client *c, uint8_t provider_id,
		    uint8_t *saved);
void		idn_provider_restore(struct arcsec_client *c, uint8_t saved);

/* cert.c: the files of generation `generation` in state_dir (NULL: the
 * default): "<dir>/devid-<n>.crt.pem" and "<dir>/devid-<n>.chain.pem".
 * false if the path does not fit. */
bool		idn_cert_paths(const char *state_dir, uint32_t generation,
		    char *cert_path, char *chain_path, size_t path_size);

/* cert.c: write data to path through a temporary file created with
 * `mode`, fsync and rename, so a reader sees the old file or the whole
 * new one. Read a text file of at most 256 KiB (malloc'd; NULL on failure,
 * *is_missing telling whether it does not exist). */
bool		idn_write_file(const char *path, const uint8_t *data,
		    size_t len, mode_t mode) __attribute__((warn_unused_result));
char		*idn_read_text(const char *path, bool *is_missing);

/* evidence.c: the DevID's signature over H(nonce) with its own scheme,
 * DER-encoded as X.509 carries it; *sig_out malloc'd (caller frees). The
 * client must already talk to the DevID's provider. */
arcsec_status_t	idn_sign_nonce(struct arcsec_client *c,
		    const struct arcsec_devid *d, const uint8_t *nonce,
		    size_t nonce_len, uint8_t **sig_out, size_t *sig_out_len,
		    char *why, size_t why_size);

#endif
