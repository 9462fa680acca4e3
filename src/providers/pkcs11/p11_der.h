/* providers/pkcs11/p11_der.h: the PKCS#11 provider's pure codecs: its key
 * reference, and the few DER structures between PSA formats and PKCS#11
 * attributes. Bytes in, bytes out; no PKCS#11 or OpenSSL types, so unit
 * tests and fuzz targets link them alone. */
#ifndef ARCSEC_PROVIDERS_P11_DER_H
#define ARCSEC_PROVIDERS_P11_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psa/status.h"
#include "psa/types.h"

#define P11_ID_LEN		16u	/* CKA_ID: random bytes */
#define P11_REF_VERSION		1u
#define P11_REF_PUB_MAX		2048u	/* RSA-8192 RSAPublicKey fits */
#define P11_REF_HEADER_LEN	(1u + 1u + P11_ID_LEN + 2u)

/* A decoded key reference (ref.c). Format, version 1:
 *   off  len  field
 *     0    1  version = 1
 *     1    1  id length = 16
 *     2   16  CKA_ID of every object of the key
 *    18    2  public key length n, little-endian (0 for secret keys)
 *    20    n  public key in PSA export format (uncompressed EC point,
 *             PKCS#1 RSAPublicKey DER), for export and software public
 *             operations
 * Nothing may follow. ref_pub points into the decoded bytes. */
struct p11_ref {
	uint8_t		 ref_id[P11_ID_LEN];
	const uint8_t	*ref_pub;
	size_t		 ref_pub_len;
};

/* *out is malloc'd (caller frees). INVALID_ARGUMENT if pub is too long. */
psa_status_t	p11_ref_encode(const uint8_t id[P11_ID_LEN],
		    const uint8_t *pub, size_t pub_len, uint8_t **out,
		    size_t *out_len) __attribute__((warn_unused_result));
/* DATA_CORRUPT for anything but an exact version-1 reference. */
psa_status_t	p11_ref_decode(const uint8_t *in, size_t in_len,
		    struct p11_ref *ref) __attribute__((warn_unused_result));

/* RSA integers (der.c): each a big-endian magnitude with no leading zero
 * byte, pointing into the parsed input. Order of RFC 8017 A.1.2. */
enum {
	P11_RSA_N, P11_RSA_E, P11_RSA_D, P11_RSA_P, P11_RSA_Q,
	P11_RSA_DP, P11_RSA_DQ, P11_RSA_QINV, P11_RSA_COUNT
};
struct p11_rsa_parts {
	const uint8_t	*rp_v[P11_RSA_COUNT];
	size_t		 rp_len[P11_RSA_COUNT];
};

/* PKCS#1 RSAPublicKey (n, e) and RSAPrivateKey (version 0, two-prime):
 * strict DER, exactly in_len bytes, positive integers. INVALID_ARGUMENT
 * otherwise. */
psa_status_t	p11_der_rsa_pub_parse(const uint8_t *in, size_t in_len,
		    struct p11_rsa_parts *rp)
		    __attribute__((warn_unused_result));
psa_status_t	p11_der_rsa_priv_parse(const uint8_t *in, size_t in_len,
		    struct p11_rsa_parts *rp)
		    __attribute__((warn_unused_result));
/* Write RSAPublicKey (is_private false: n, e) or RSAPrivateKey. Integers
 * may carry leading zero bytes (PKCS#11 attribute values); they are
 * written minimal. BUFFER_TOO_SMALL if out_size is short. */
psa_status_t	p11_der_rsa_write(const struct p11_rsa_parts *rp,
		    bool is_private, uint8_t *out, size_t out_size,
		    size_t *out_len) __attribute__((warn_unused_result));
/* Bit length of a big-endian magnitude. */
size_t		p11_der_int_bits(const uint8_t *v, size_t len);

/* CKA_EC_POINT: the DER OCTET STRING around an uncompressed point of
 * point_len bytes (PKCS#11 v2.40 §2.3.3). Unwrap also accepts the bare
 * point some tokens return; *pt points into in. */
psa_status_t	p11_der_ec_point_unwrap(const uint8_t *in, size_t in_len,
		    size_t point_len, const uint8_t **pt, size_t *pt_len)
		    __attribute__((warn_unused_result));
psa_status_t	p11_der_ec_point_wrap(const uint8_t *pt, size_t pt_len,
		    uint8_t *out, size_t out_size, size_t *out_len)
		    __attribute__((warn_unused_result));
/* CKA_EC_PARAMS (a namedCurve OID, DER) for a SECP_R1 curve size; NULL
 * for curves this provider does not drive. */
const uint8_t	*p11_ec_params(size_t bits, size_t *len);
/* The SECP_R1 curve size whose uncompressed point has this length; 0 if
 * none. */
size_t		p11_ec_bits_from_point_len(size_t point_len);
/* EMSA-PKCS1-v1_5 DigestInfo prefix for a PSA hash (RFC 8017 §9.2 note
 * 1); NULL if none. */
const uint8_t	*p11_digest_info_prefix(psa_algorithm_t hash, size_t *len);

#endif
