/* providers/pkcs11/der.c: the DER the PKCS#11 provider reads and writes:
 * PKCS#1 RSA keys, EC points in OCTET STRINGs, curve OIDs, DigestInfo
 * prefixes. Pure; untrusted bytes are read only through struct abuf. */
#include "providers/pkcs11/p11_der.h"

#include <string.h>

#include "common/abuf.h"

#define DER_INTEGER	0x02u
#define DER_OCTET	0x04u
#define DER_SEQUENCE	0x30u
#define DER_LEN_MAX	0xffffffu	/* three length bytes at most */

/* One TLV with tag `tag`: minimal definite length (X.690 §10.1). */
static bool
der_get_tlv(struct abuf *b, uint8_t tag, const uint8_t **val, size_t *len)
{
	uint8_t t, l, byte;
	size_t n = 0;

	*val = NULL;
	*len = 0;
	if (!abuf_get_u8(b, &t) || t != tag || !abuf_get_u8(b, &l))
		return false;
	if (l < 0x80)
		n = l;
	else {
		size_t count = l & 0x7fu;

		if (count == 0 || count > 3)
			return false;
		for (size_t i = 0; i < count; i++) {
			if (!abuf_get_u8(b, &byte) || (i == 0 && byte == 0))
				return false;
			n = (n << 8) | byte;
		}
		if (n < 0x80)
			return false;		/* should have been short */
	}
	return abuf_get_bytes(b, n, val) && (*len = n, true);
}

/* A positive INTEGER in minimal form; the sign byte is dropped. */
static bool
der_get_uint(struct abuf *b, const uint8_t **v, size_t *len)
{
	if (!der_get_tlv(b, DER_INTEGER, v, len) || *len == 0)
		return false;
	if ((*v)[0] & 0x80u)
		return false;				/* negative */
	if ((*v)[0] == 0) {
		if (*len == 1)
			return true;			/* zero */
		if (!((*v)[1] & 0x80u))
			return false;			/* not minimal */
		(*v)++;
		(*len)--;
	}
	return true;
}

static psa_status_t
der_rsa_parse(const uint8_t *in, size_t in_len, bool is_private,
    struct p11_rsa_parts *rp)
{
	struct abuf outer = abuf_view(in, in_len), seq;
	const uint8_t *body, *ver;
	size_t body_len, ver_len, count;

	memset(rp, 0, sizeof(*rp));
	if (!der_get_tlv(&outer, DER_SEQUENCE, &body, &body_len) ||
	    abuf_remaining(&outer) != 0)
		return PSA_ERROR_INVALID_ARGUMENT;
	seq = abuf_view(body, body_len);
	/* RFC 8017 A.1.2: version 0 is two-prime; multi-prime (1) is not
	 * a PSA format. */
	if (is_private && (!der_get_uint(&seq, &ver, &ver_len) ||
	    ver_len != 1 || ver[0] != 0))
		return PSA_ERROR_INVALID_ARGUMENT;
	count = is_private ? P11_RSA_COUNT : 2;
	for (size_t i = 0; i < count; i++)
		if (!der_get_uint(&seq, &rp->rp_v[i], &rp->rp_len[i]) ||
		    (rp->rp_len[i] == 1 && rp->rp_v[i][0] == 0))
			goto bad;			/* zero is no key part */
	if (abuf_remaining(&seq) != 0)
		goto bad;
	return PSA_SUCCESS;
bad:
	memset(rp, 0, sizeof(*rp));
	return PSA_ERROR_INVALID_ARGUMENT;
}

psa_status_t
p11_der_rsa_pub_parse(const uint8_t *in, size_t in_len,
    struct p11_rsa_parts *rp)
{
	return der_rsa_parse(in, in_len, false, rp);
}

psa_status_t
p11_der_rsa_priv_parse(const uint8_t *in, size_t in_len,
    struct p11_rsa_parts *rp)
{
	return der_rsa_parse(in, in_len, true, rp);
}

static size_t
der_len_len(size_t n)
{
	return n < 0x80 ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : 4;
}

static void
der_put_hdr(struct abuf_writer *w, uint8_t tag, size_t n)
{
	abuf_put_u8(w, tag);
	if (n < 0x80) {
		abuf_put_u8(w, (uint8_t)n);
		return;
	}
	abuf_put_u8(w, (uint8_t)(0x80u | (der_len_len(n) - 1)));
	for (size_t i = der_len_len(n) - 1; i > 0; i--)
		abuf_put_u8(w, (uint8_t)(n >> (8 * (i - 1))));
}

/* Leading zeros off; an all-zero or empty value stays one zero byte. */
static void
der_trim(const uint8_t **v, size_t *len)
{
	while (*len > 1 && (*v)[0] == 0) {
		(*v)++;
		(*len)--;
	}
}

static size_t
der_uint_content_len(const uint8_t *v, size_t len)
{
	if (len == 0)
		return 1;
	return len + ((v[0] & 0x80u) ? 1 : 0);
}

psa_status_t
p11_der_rsa_write(const struct p11_rsa_parts *rp, bool is_private,
    uint8_t *out, size_t out_size, size_t *out_len)
{
	static const uint8_t zero = 0;
	const uint8_t *v[P11_RSA_COUNT + 1];
	size_t len[P11_RSA_COUNT + 1], count = 0, body = 0;
	struct abuf_writer w;

	*out_len = 0;
	if (is_private) {
		v[count] = &zero;
		len[count++] = 1;
	}
	for (size_t i = 0; i < (is_private ? P11_RSA_COUNT : 2u); i++) {
		v[count] = rp->rp_v[i];
		len[count] = rp->rp_len[i];
		if (v[count] == NULL || len[count] == 0 ||
		    len[count] > DER_LEN_MAX / 16)
			return PSA_ERROR_INVALID_ARGUMENT;
		der_trim(&v[count], &len[count]);
		count++;
	}
	for (size_t i = 0; i < count; i++) {
		size_t c = der_uint_content_len(v[i], len[i]);

		body += 1 + der_len_len(c) + c;
	}
	if (1 + der_len_len(body) + body > out_size)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	w = abuf_writer_init(out, out_size);
	der_put_hdr(&w, DER_SEQUENCE, body);
	for (size_t i = 0; i < count; i++) {
		der_put_hdr(&w, DER_INTEGER, der_uint_content_len(v[i],
		    len[i]));
		if (v[i][0] & 0x80u)
			abuf_put_u8(&w, 0);
		abuf_put_bytes(&w, v[i], len[i]);
	}
	if (w.failed)
		return PSA_ERROR_CORRUPTION_DETECTED;	/* sized above */
	*out_len = w.len;
	return PSA_SUCCESS;
}

size_t
p11_der_int_bits(const uint8_t *v, size_t len)
{
	der_trim(&v, &len);
	if (len == 0 || v[0] == 0)
		return 0;
	size_t bits = (len - 1) * 8;
	for (uint8_t top = v[0]; top != 0; top >>= 1)
		bits++;
	return bits;
}

psa_status_t
p11_der_ec_point_unwrap(const uint8_t *in, size_t in_len, size_t point_len,
    const uint8_t **pt, size_t *pt_len)
{
	struct abuf b = abuf_view(in, in_len);
	const uint8_t *v;
	size_t len;

	*pt = NULL;
	*pt_len = 0;
	if (point_len == 0)
		return PSA_ERROR_INVALID_ARGUMENT;
	if (der_get_tlv(&b, DER_OCTET, &v, &len) && abuf_remaining(&b) == 0 &&
	    len == point_len && v[0] == 0x04) {
		*pt = v;
		*pt_len = len;
		return PSA_SUCCESS;
	}
	/* Some tokens (against v2.40) return the bare point. */
	if (in_len == point_len && in[0] == 0x04) {
		*pt = in;
		*pt_len = in_len;
		return PSA_SUCCESS;
	}
	return PSA_ERROR_INVALID_ARGUMENT;
}

psa_status_t
p11_der_ec_point_wrap(const uint8_t *pt, size_t pt_len, uint8_t *out,
    size_t out_size, size_t *out_len)
{
	struct abuf_writer w;

	*out_len = 0;
	if (pt_len == 0 || pt_len > 0xffff)
		return PSA_ERROR_INVALID_ARGUMENT;
	if (1 + der_len_len(pt_len) + pt_len > out_size)
		return PSA_ERROR_BUFFER_TOO_SMALL;
	w = abuf_writer_init(out, out_size);
	der_put_hdr(&w, DER_OCTET, pt_len);
	abuf_put_bytes(&w, pt, pt_len);
	if (w.failed)
		return PSA_ERROR_CORRUPTION_DETECTED;
	*out_len = w.len;
	return PSA_SUCCESS;
}

/* namedCurve OIDs (RFC 5480 §2.1.1.1). */
static const uint8_t der_oid_p256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
	0x3d, 0x03, 0x01, 0x07 };
static const uint8_t der_oid_p384[] = { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00,
	0x22 };
static const uint8_t der_oid_p521[] = { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00,
	0x23 };

const uint8_t *
p11_ec_params(size_t bits, size_t *len)
{
	switch (bits) {
	case 256:
		*len = sizeof(der_oid_p256);
		return der_oid_p256;
	case 384:
		*len = sizeof(der_oid_p384);
		return der_oid_p384;
	case 521:
		*len = sizeof(der_oid_p521);
		return der_oid_p521;
	default:
		*len = 0;
		return NULL;
	}
}

size_t
p11_ec_bits_from_point_len(size_t point_len)
{
	switch (point_len) {
	case 65:
		return 256;
	case 97:
		return 384;
	case 133:
		return 521;
	default:
		return 0;
	}
}

/* RFC 8017 §9.2, note 1. */
static const uint8_t der_di_sha1[] = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05,
	0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14 };
#define DER_DI_SHA2(name, total, sub, len)				\
static const uint8_t name[] = { 0x30, total, 0x30, 0x0d, 0x06, 0x09,	\
	0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, sub, 0x05, 0x00, \
	0x04, len }
DER_DI_SHA2(der_di_sha224, 0x2d, 0x04, 0x1c);
DER_DI_SHA2(der_di_sha256, 0x31, 0x01, 0x20);
DER_DI_SHA2(der_di_sha384, 0x41, 0x02, 0x30);
DER_DI_SHA2(der_di_sha512, 0x51, 0x03, 0x40);

const uint8_t *
p11_digest_info_prefix(psa_algorithm_t hash, size_t *len)
{
	const uint8_t *p;

	switch (hash) {
	case PSA_ALG_SHA_1:
		p = der_di_sha1;
		*len = sizeof(der_di_sha1);
		break;
	case PSA_ALG_SHA_224:
		p = der_di_sha224;
		*len = sizeof(der_di_sha224);
		break;
	case PSA_ALG_SHA_256:
		p = der_di_sha256;
		*len = sizeof(der_di_sha256);
		break;
	case PSA_ALG_SHA_384:
		p = der_di_sha384;
		*len = sizeof(der_di_sha384);
		break;
	case PSA_ALG_SHA_512:
		p = der_di_sha512;
		*len = sizeof(der_di_sha512);
		break;
	default:
		p = NULL;
		*len = 0;
	}
	return p;
}
