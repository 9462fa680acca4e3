/* daemon/crypto.h: the cryptographic operations: decoded request ->
 * key record -> policy check -> provider call -> result message. */
#ifndef ARCSEC_DAEMON_CRYPTO_H
#define ARCSEC_DAEMON_CRYPTO_H

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>

#include "daemon/auth.h"
#include "daemon/dispatch.h"
#include "psa/attributes.h"

/* One request's context, filled by the dispatcher. */
struct crypto_req {
	struct dispatch			*cr_d;
	const struct prov_instance	*cr_pi;
	struct kim			*cr_kim;
	const char			*cr_app;	/* authenticated name */
	bool				 cr_is_admin;	/* cr_app is an admin */
	const ProtobufCMessage		*cr_op;
	uint32_t			 cr_buffer_size_limit;
	bool				 cr_allow_deprecated;
};

/* Run crypto operation `opcode`; on success *result is a message for
 * crypto_result_free(). PSA failures come back as their wire status. */
enum wire_status crypto_handle(struct crypto_req *cr, uint32_t opcode,
		    ProtobufCMessage **result);
/* Wipes (results carry plaintext, exported keys, shared secrets), frees. */
void		 crypto_result_free(ProtobufCMessage *result);

/* ---- shared by crypto*.c --------------------------------------------- */

/* A stored key, loaded for one operation. */
struct crypto_key {
	struct ks_key		*ck_rec;
	struct psa_key_attrs	 ck_attrs;
	struct prov_key		 ck_pk;
};

psa_status_t	crypto_key_load(struct crypto_req *cr, const char *key_name,
		    struct crypto_key *k) __attribute__((warn_unused_result));
void		crypto_key_release(struct crypto_key *k);

/* A result message of `msg_size` bytes initialised by `init`, followed by
 * `out_size` bytes at *out, in one wiped-on-free allocation. out_size above
 * the request's buffer_size_limit is PSA_ERROR_INSUFFICIENT_MEMORY (the
 * client may not buffer more; Parsec's buffer_size_limit). */
psa_status_t	crypto_result_new(struct crypto_req *cr, size_t msg_size,
		    void (*init)(void *), size_t out_size, void **msg,
		    uint8_t **out) __attribute__((warn_unused_result));

/* The operations of crypto_ops.c, by opcode. */
psa_status_t	crypto_ops_handle(struct crypto_req *cr, uint32_t opcode,
		    ProtobufCMessage **result);
/* Key attestation (crypto_attest.c): PrepareKeyAttestation, AttestKey. */
psa_status_t	crypto_attest_handle(struct crypto_req *cr, uint32_t opcode,
		    ProtobufCMessage **result);

#endif
