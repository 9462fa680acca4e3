/* wire/header.h: the Parsec wire protocol 1.0 fixed header and request frame.
 * Pure: bytes in, structs out.
 *
 * Layout (little-endian; Parsec book, "Wire Protocol"):
 *   magic u32 = 0x5EC0A710 | header size u16 = 30 | version maj u8 = 1 |
 *   version min u8 = 0 | flags u16 = 0 | provider u8 | session u64 |
 *   content type u8 = 0 | accept type u8 = 0 | auth type u8 | body len u32 |
 *   auth len u16 | opcode u32 | status u16 | reserved 2 bytes = 0
 * A request is header, body, auth; a response is header, body.
 */
#ifndef ARCSEC_WIRE_HEADER_H
#define ARCSEC_WIRE_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/abuf.h"
#include "wire/status.h"

#define WIRE_MAGIC		0x5EC0A710u
#define WIRE_HEADER_SIZE_FIELD	30u	/* bytes after magic and size field */
#define WIRE_HEADER_LEN		36u	/* whole fixed header */
#define WIRE_VERSION_MAJ	1u
#define WIRE_VERSION_MIN	0u
#define WIRE_CONTENT_PROTOBUF	0u

enum wire_auth_type {
	WIRE_AUTH_NONE = 0,
	WIRE_AUTH_DIRECT = 1,
	WIRE_AUTH_TOKEN = 2,		/* defined by Parsec, never implemented */
	WIRE_AUTH_UNIX_PEER = 3,
	WIRE_AUTH_JWT_SVID = 4,
};

enum wire_provider_id {
	WIRE_PROVIDER_CORE = 0,
	WIRE_PROVIDER_MBED_CRYPTO = 1,
	WIRE_PROVIDER_PKCS11 = 2,
	WIRE_PROVIDER_TPM = 3,
	WIRE_PROVIDER_TRUSTED_SERVICE = 4,
	WIRE_PROVIDER_CRYPTOAUTHLIB = 5,
	WIRE_PROVIDER_ID_MAX = 5,	/* clients reject any ID above this */
};

struct wire_header {
	uint8_t		hdr_version_maj;
	uint8_t		hdr_version_min;
	uint16_t	hdr_flags;
	uint8_t		hdr_provider;
	uint64_t	hdr_session;
	uint8_t		hdr_content_type;
	uint8_t		hdr_accept_type;
	uint8_t		hdr_auth_type;
	uint32_t	hdr_body_len;
	uint16_t	hdr_auth_len;
	uint32_t	hdr_opcode;
	uint16_t	hdr_status;
	uint16_t	hdr_reserved;
};

struct wire_limits {
	uint32_t	body_len_limit;		/* request body, bytes */
	uint16_t	auth_len_limit;		/* request auth field, bytes */
};

extern const struct wire_limits wire_limits_default;

enum wire_frame {
	WIRE_FRAME_NEED_MORE,	/* not enough bytes yet; read on */
	WIRE_FRAME_INVALID,	/* answer with *why, then close */
	WIRE_FRAME_COMPLETE,	/* header (and with frame_check, all) present */
};

/*
 * Decode and check the fixed header at the start of `in`.
 * Returns NEED_MORE until 36 bytes are there, except that a wrong magic or
 * header size is INVALID as soon as those 6 bytes are readable (such a peer
 * will never send a frame we can parse). Once 36 bytes are there every field
 * is stored in *h, so an INVALID answer can echo opcode, provider, session.
 * Checks, in order: magic, header size (-> InvalidHeader), version
 * (-> WireProtocolVersionNotSupported), flags and reserved (-> InvalidHeader),
 * content type (-> ContentTypeNotSupported), accept type
 * (-> AcceptTypeNotSupported), body length against lim->body_len_limit
 * (-> BodySizeExceedsLimit), auth length against lim->auth_len_limit
 * (-> InvalidHeader). `in` is not advanced.
 */
enum wire_frame	wire_header_decode(const struct abuf *in,
		    const struct wire_limits *lim, struct wire_header *h,
		    enum wire_status *why) __attribute__((warn_unused_result));

/*
 * Whole-request framing: header as above, then NEED_MORE until body and auth
 * are all there. Bytes after the frame make it INVALID (InvalidHeader): one
 * request per connection. On COMPLETE, *body and *auth point into `in`.
 */
enum wire_frame	wire_frame_check(const struct abuf *in,
		    const struct wire_limits *lim, struct wire_header *h,
		    const uint8_t **body, const uint8_t **auth,
		    enum wire_status *why) __attribute__((warn_unused_result));

/* Encode a header into out[WIRE_HEADER_LEN]; magic, size, version are set
 * here, the rest taken from *h. */
void		wire_header_encode(const struct wire_header *h,
		    uint8_t out[WIRE_HEADER_LEN]);

/* The response header for request *req: echoes provider, session, opcode;
 * protobuf content; no auth. */
void		wire_header_response_for(const struct wire_header *req,
		    uint32_t body_len, enum wire_status status,
		    struct wire_header *resp);

#endif
