/* client/client.h: libarcsec's internals shared between its files; never
 * installed. Pure parts (endpoint.c, frame.c) are what the unit tests hit;
 * transport.c is the only file that touches sockets. */
#ifndef ARCSEC_CLIENT_CLIENT_H
#define ARCSEC_CLIENT_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include <arcsec/client.h>
#include <arcsec/keys.h>
#include <arcsec/status.h>

#include "psa/pbconv.h"

/* sizeof(((struct sockaddr_un *)0)->sun_path) on Linux and the BSDs; the
 * path and its NUL must fit. */
#define CLIENT_SOCK_PATH_SIZE	108u
#define CLIENT_ERRMSG_SIZE	256u

struct arcsec_client {
	char		 cl_sock_path[CLIENT_SOCK_PATH_SIZE];
	uint8_t		 cl_auth_type;		/* enum arcsec_auth_type */
	uint8_t		*cl_auth;		/* auth field; wiped on close */
	size_t		 cl_auth_len;
	uint32_t	 cl_timeout_ms;		/* 0: no deadline */
	uint32_t	 cl_response_limit;	/* response body bytes */
	bool		 cl_has_provider;	/* set, or looked up once */
	uint8_t		 cl_provider;
	char		 cl_errmsg[CLIENT_ERRMSG_SIZE];	/* "" when none */
};

/* endpoint.c: "unix:/path" or "unix:///path" to the socket path, copied into
 * path[path_size]. ARCSEC_ERR_ENDPOINT for another scheme, a host part, a
 * relative or empty path, an inner NUL, or a path that does not fit; path is
 * "" then. */
arcsec_status_t	client_endpoint_parse(const char *endpoint, char *path,
		    size_t path_size) __attribute__((warn_unused_result));

/* frame.c: one request as it goes on the wire. */
struct client_request {
	uint32_t	 rq_opcode;
	uint8_t		 rq_provider;
	uint8_t		 rq_auth_type;
	const uint8_t	*rq_body;
	size_t		 rq_body_len;
	const uint8_t	*rq_auth;
	size_t		 rq_auth_len;
};

/* Bytes the encoded request takes (header, body, auth); 0 if it cannot be
 * framed (body over 32 bits, auth over 16 bits). */
size_t		client_request_len(const struct client_request *rq);
/* Encode header, body, auth into out[out_size]. *out_len = 0 first.
 * ARCSEC_ERR_REQUEST_TOO_LARGE if unframeable, ARCSEC_ERR_BUFFER_TOO_SMALL if
 * out_size < client_request_len(rq). */
arcsec_status_t	client_request_encode(const struct client_request *rq,
		    uint8_t *out, size_t out_size, size_t *out_len)
		    __attribute__((warn_unused_result));

/* A response as client_response_parse() sees it in a buffer. */
struct client_response {
	bool		 rs_is_complete;	/* header and whole body here */
	size_t		 rs_frame_len;		/* header + body, once the
						 * header is there; else 0 */
	uint16_t	 rs_status;		/* the service's status */
	const uint8_t	*rs_body;		/* into buf, once complete */
	uint32_t	 rs_body_len;
};

/*
 * Check the response bytes buf[0..len) to a request with `opcode`, the one
 * parser the transport uses. Pure.
 * ARCSEC_SUCCESS: nothing wrong so far; rs_is_complete tells whether the
 * whole frame is there (if not, rs_frame_len says how many bytes to read
 * once the 36-byte header is in). ARCSEC_ERR_PROTOCOL: wrong magic, header
 * size, version, flags, content or accept type, reserved bytes, an auth
 * field, bytes past the frame, or (with status 0) an opcode that is not the
 * request's. ARCSEC_ERR_RESPONSE_TOO_LARGE: body over body_limit. On error
 * *why names the problem (static string).
 */
arcsec_status_t	client_response_parse(const uint8_t *buf, size_t len,
		    uint32_t opcode, uint32_t body_limit,
		    struct client_response *resp, const char **why)
		    __attribute__((warn_unused_result));

/* transport.c: connect, send req[0..req_len), receive and check one response
 * under the client's deadline. On ARCSEC_SUCCESS *frame (caller frees) holds
 * the whole response and *resp points into it; resp->rs_status may be any
 * service status. Sets c->cl_errmsg on failure. */
arcsec_status_t	client_transact(struct arcsec_client *c, const uint8_t *req,
		    size_t req_len, uint32_t opcode, uint8_t **frame,
		    struct client_response *resp)
		    __attribute__((warn_unused_result));

/* client.c: record a client-side failure for arcsec_client_last_error(). */
void		client_set_error(struct arcsec_client *c, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * call.c: one operation end to end: pack `op`, frame it for `provider` (with
 * the client's auth unless the operation may go without), transact, map a
 * service status, unpack the result as `result_desc`. On ARCSEC_SUCCESS
 * *result is the caller's, freed with client_result_free().
 */
arcsec_status_t	client_call(struct arcsec_client *c, uint32_t opcode,
		    uint8_t provider, const ProtobufCMessage *op,
		    const ProtobufCMessageDescriptor *result_desc,
		    ProtobufCMessage **result)
		    __attribute__((warn_unused_result));
void		client_result_free(ProtobufCMessage *result);

/* call.c: argument checks shared by the typed calls. True if the name is
 * 1..max_len bytes of UTF-8 without control characters; else records why
 * for arcsec_client_last_error(). */
bool		client_name_ok(struct arcsec_client *c, const char *name,
		    size_t max_len, const char *what);
/* Entry of every call on a named key: clears the last error, checks the
 * name, and looks up the provider the call goes to (*provider 0 on
 * failure). */
arcsec_status_t	client_key_call_start(struct arcsec_client *c,
		    const char *key_name, uint8_t *provider)
		    __attribute__((warn_unused_result));
/* True if (p, len) is a valid input: p may be NULL only with len 0. */
bool		client_input_ok(const void *p, size_t len);
/* True if (out, out_size, out_len) is a valid output; sets *out_len = 0
 * (when out_len is not NULL) either way. */
bool		client_output_ok(const void *out, size_t out_size,
		    size_t *out_len);

/*
 * result.c: what results carry, copied into caller-owned memory.
 *
 * Copy bytes the service sent into out[0..out_size): ARCSEC_SUCCESS with
 * *out_len set; ARCSEC_ERR_BUFFER_TOO_SMALL (nothing written, *out_len 0)
 * if they do not fit; ARCSEC_ERR_PROTOCOL if they are empty and
 * !is_empty_ok. `what` names the field in the error text.
 */
arcsec_status_t	client_bytes_out(struct arcsec_client *c,
		    const ProtobufCBinaryData *data, bool is_empty_ok,
		    const char *what, uint8_t *out, size_t out_size,
		    size_t *out_len) __attribute__((warn_unused_result));
/* Record a malformed result; returns ARCSEC_ERR_PROTOCOL. */
arcsec_status_t	client_bad_result(struct arcsec_client *c, const char *what);

/*
 * convert.c: public values to Parsec's protobuf messages (through
 * psa/pbconv) and back. Each fills a caller-provided arena (psa/pbconv.h)
 * and returns ARCSEC_SUCCESS, ARCSEC_ERR_INVALID_ARGUMENT for a value of
 * the wrong kind (a hash where a signature belongs, key type NONE) or
 * ARCSEC_ERR_UNSUPPORTED for one the schema cannot spell, with the reason
 * in arcsec_client_last_error().
 */
arcsec_status_t	client_attrs_to_pb(struct arcsec_client *c,
		    const struct arcsec_key_attrs *attrs,
		    struct psa_pb_pb_attrs *arena)
		    __attribute__((warn_unused_result));
/* A result's attributes; ARCSEC_ERR_PROTOCOL if they do not convert. */
arcsec_status_t	client_attrs_from_pb(struct arcsec_client *c,
		    const PsaKeyAttributes__KeyAttributes *pb,
		    struct arcsec_key_attrs *out)
		    __attribute__((warn_unused_result));
/* The algorithm field of the signature and encryption operations; *out
 * points into the arena. */
arcsec_status_t	client_sign_alg_to_pb(struct arcsec_client *c,
		    arcsec_alg_t alg, struct psa_pb_pb_alg *arena,
		    PsaAlgorithm__Algorithm__AsymmetricSignature **out)
		    __attribute__((warn_unused_result));
arcsec_status_t	client_asym_enc_alg_to_pb(struct arcsec_client *c,
		    arcsec_alg_t alg, struct psa_pb_pb_alg *arena,
		    PsaAlgorithm__Algorithm__AsymmetricEncryption **out)
		    __attribute__((warn_unused_result));
arcsec_status_t	client_hash_to_pb(struct arcsec_client *c, arcsec_alg_t alg,
		    PsaAlgorithm__Algorithm__Hash *out)
		    __attribute__((warn_unused_result));

/* Lists are returned as one allocation: `count` structs, then the strings
 * they point to, so one free() releases all. */
struct client_strpool {
	char	*sp_next;
	char	*sp_end;
};

/* Bytes for `count` elements of elem_size plus str_bytes; 0 on overflow. */
size_t		client_block_size(size_t count, size_t elem_size,
		    size_t str_bytes);
/* Add strlen(s) + 1 to *total; false on overflow. */
bool		client_strlen_add(size_t *total, const char *s);
/* Start a pool at `start`, ending at `end`. */
void		client_strpool_init(struct client_strpool *sp, void *start,
		    void *end);
/* Copy s into the pool; aborts if it does not fit, as the pool was sized
 * with client_strlen_add() over the same strings. */
const char	*client_strpool_put(struct client_strpool *sp, const char *s);

#endif
