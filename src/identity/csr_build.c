/* identity/csr_build.c: a PKCS#10 certification request (RFC 2986) built with
 * OpenSSL's ASN.1 types and signed by the service: the key's private part
 * never leaves it. */
#include <openssl/objects.h>

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "identity/x509.h"
#include "identity/x509.h"
#include "psa/types.h"

static bool
x509_csr_fail(const char **why, const char *what)
{
	*why = what;
	return false;
}

static arcsec_alg_t
x509_alg_with_hash(arcsec_alg_t alg, arcsec_alg_t hash)
{
	return (alg & ~ARCSEC_ALG_HASH_MASK) | (hash & ARCSEC_ALG_HASH_MASK);
}

static bool
x509_csr_scheme_rsa(arcsec_alg_t alg, struct x509_csr_scheme *out,
    const char **why)
{
	arcsec_alg_t hash = psa_alg_sign_get_hash(alg);

	if (hash == 0)
		return x509_csr_fail(why, "the key signs raw data only, and a "
		    "request is hashed then signed");
	if (hash == ARCSEC_ALG_ANY_HASH)
		hash = ARCSEC_ALG_SHA_256;	/* parsec-tool's default */
	switch (hash) {
	case ARCSEC_ALG_SHA_256:
		out->sc_sig_nid = NID_sha256WithRSAEncryption;
		break;
	case ARCSEC_ALG_SHA_384:
		out->sc_sig_nid = NID_sha384WithRSAEncryption;
		break;
	case ARCSEC_ALG_SHA_512:
		out->sc_sig_nid = NID_sha512WithRSAEncryption;
		break;
	default:
		return x509_csr_fail(why, "the key's hash is not SHA-256, "
		    "SHA-384 or SHA-512");
	}
	out->sc_hash = hash;
	out->sc_sign_alg = x509_alg_with_hash(alg, hash);
	return true;
}

static bool
x509_csr_scheme_ecdsa(const struct arcsec_key_attrs *attrs,
    struct x509_csr_scheme *out, const char **why)
{
	arcsec_alg_t hash = psa_alg_sign_get_hash(attrs->key_alg);

	if (attrs->key_type !=
	    ARCSEC_KEY_TYPE_ECC_KEY_PAIR(ARCSEC_ECC_FAMILY_SECP_R1))
		return x509_csr_fail(why, "an ECDSA key for a request must be "
		    "on a NIST curve (SECP_R1)");
	if (hash == 0)
		return x509_csr_fail(why, "the key signs raw digests only "
		    "(ECDSA_ANY) and names no hash");
	/* X.509 pairs each curve with one hash here, as parsec-tool (and
	 * rcgen under it) do: P-256 with SHA-256, P-384 with SHA-384. */
	if (hash == ARCSEC_ALG_ANY_HASH && attrs->key_bits == 256)
		hash = ARCSEC_ALG_SHA_256;
	if (hash == ARCSEC_ALG_SHA_256 && attrs->key_bits == 256)
		out->sc_sig_nid = NID_ecdsa_with_SHA256;
	else if (hash == ARCSEC_ALG_SHA_384 && attrs->key_bits == 384)
		out->sc_sig_nid = NID_ecdsa_with_SHA384;
	else
		return x509_csr_fail(why, "ECDSA requests need P-256 with "
		    "SHA-256 (or any hash) or P-384 with SHA-384");
	out->sc_hash = hash;
	out->sc_sign_alg = x509_alg_with_hash(attrs->key_alg, hash);
	out->is_ecdsa = true;
	return true;
}

bool
x509_csr_scheme(const struct arcsec_key_attrs *attrs,
    struct x509_csr_scheme *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	*why = "";
	if (psa_alg_is_rsa_pkcs1v15_sign(attrs->key_alg))
		return x509_csr_scheme_rsa(attrs->key_alg, out, why);
	if (psa_alg_is_rsa_pss(attrs->key_alg))
		return x509_csr_fail(why, "RSA-PSS keys are not supported for "
		    "requests");
	if (psa_alg_is_ecdsa(attrs->key_alg))
		return x509_csr_scheme_ecdsa(attrs, out, why);
	return x509_csr_fail(why, "the key is not an RSA PKCS#1 v1.5 or ECDSA "
	    "signing key");
}

/* RFC 1035 §2.3.1 host names (RFC 1123 §2.1 lets a label start with a
 * digit) as RFC 5280 §4.2.1.6 wants them in a dNSName: ASCII letters,
 * digits and inner hyphens in labels of 1 to 63 bytes, 253 in all, with a
 * "*" first label for wildcards. Non-ASCII names go in as their A-labels
 * (RFC 5890). */
static bool
x509_dns_name_ok(const char *s)
{
	size_t len = strlen(s), label = 0;
	char prev = '.';

	if (len == 0 || len > 253)
		return false;
	if (strncmp(s, "*.", 2) == 0)
		s += 2;
	for (; *s != '\0'; prev = *s++) {
		if (*s == '.') {
			if (label == 0 || prev == '-')
				return false;
			label = 0;
			continue;
		}
		if (*s == '-' && label == 0)
			return false;
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-') || ++label > 63)
			return false;
	}
	return label > 0 && prev != '-';
}

/* RFC 3986 §3.1: a scheme, then anything printable without spaces (an
 * IA5String holds ASCII only). */
static bool
x509_uri_ok(const char *s)
{
	const char *p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':' || p[1] == '\0')
		return false;
	for (p = s; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return false;
	return true;
}

static bool
x509_gen_string(int type, const void *data, size_t len, GENERAL_NAME **out)
{
	ASN1_STRING *str;

	if (len > INT32_MAX)
		return false;
	str = type == GEN_IPADD ? ASN1_OCTET_STRING_new() :
	    ASN1_IA5STRING_new();
	if (str == NULL || ASN1_STRING_set(str, data, (int)len) != 1 ||
	    (*out = GENERAL_NAME_new()) == NULL) {
		ASN1_STRING_free(str);
		return false;
	}
	GENERAL_NAME_set0_value(*out, type, str);
	return true;
}

bool
x509_csr_san(const char *spec, GENERAL_NAME **out, const char **why)
{
	uint8_t ip[16];
	const char *v;

	*out = NULL;
	*why = "out of memory";
	if (strncasecmp(spec, "uri:", 4) == 0) {
		v = spec + 4;
		if (!x509_uri_ok(v))
			return x509_csr_fail(why, "not a URI of printable "
			    "ASCII with a scheme");
		/* A SPIFFE ID is only as good as its verifier's parse of it;
		 * one that would fail there must not reach a CA. */
		if (strncasecmp(v, "spiffe:", 7) == 0 &&
		    !x509_spiffe_id_check(v, why))
			return false;
		return x509_gen_string(GEN_URI, v, strlen(v), out);
	}
	if (strncasecmp(spec, "ip:", 3) == 0) {
		v = spec + 3;
		if (inet_pton(AF_INET, v, ip) == 1)
			return x509_gen_string(GEN_IPADD, ip, 4, out);
		if (inet_pton(AF_INET6, v, ip) == 1)
			return x509_gen_string(GEN_IPADD, ip, 16, out);
		return x509_csr_fail(why, "not an IPv4 or IPv6 address");
	}
	if (strncasecmp(spec, "dns:", 4) == 0)
		v = spec + 4;
	else if (strchr(spec, ':') != NULL)
		return x509_csr_fail(why, "unknown kind: use dns:, uri: or ip:");
	else
		v = spec;	/* parsec-tool takes every SAN as a DNS name */
	if (!x509_dns_name_ok(v))
		return x509_csr_fail(why, "not a DNS name (ASCII letters, "
		    "digits, hyphens; labels of 1-63; an optional leading "
		    "\"*.\")");
	return x509_gen_string(GEN_DNS, v, strlen(v), out);
}

bool
x509_csr_name(const struct x509_subject *subj, X509_NAME **out,
    const char **why)
{
	/* parsec-tool's order (create_csr.rs pushes them so); OpenSSL's
	 * string table enforces each attribute's size and type (C: two
	 * PrintableString letters, CN: at most 64 characters). */
	const struct {
		const char	*field;
		const char	*value;
		const char	*why;
	} parts[] = {
		{ "CN", subj->cs_cn, "--cn must be 1 to 64 characters" },
		{ "OU", subj->cs_ou, "--ou must be 1 to 64 characters" },
		{ "O", subj->cs_o, "--o must be 1 to 64 characters" },
		{ "L", subj->cs_l, "--l must be 1 to 128 characters" },
		{ "ST", subj->cs_st, "--st must be 1 to 128 characters" },
		{ "C", subj->cs_c, "--c must be two letters" },
		{ "serialNumber", subj->cs_serial, "--serialNumber must be 1 "
		    "to 64 printable characters (A-Z a-z 0-9 '()+,-./:=? and "
		    "space)" },
	};
	X509_NAME *name;

	*out = NULL;
	*why = "out of memory";
	if ((name = X509_NAME_new()) == NULL)
		return false;
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		if (parts[i].value == NULL)
			continue;
		if (X509_NAME_add_entry_by_txt(name, parts[i].field,
		    MBSTRING_UTF8, (const unsigned char *)parts[i].value, -1,
		    -1, 0) != 1) {
			*why = parts[i].why;
			X509_NAME_free(name);
			return false;
		}
	}
	*out = name;
	return true;
}

static bool
x509_csr_add_sans(X509_REQ *req, const GENERAL_NAMES *sans, bool is_critical)
{
	STACK_OF(X509_EXTENSION) *exts = NULL;
	bool is_ok;

	/* X509V3_add1_i2d() only encodes the names; it does not keep or
	 * change them. */
	is_ok = X509V3_add1_i2d(&exts, NID_subject_alt_name,
	    (GENERAL_NAMES *)sans, is_critical, X509V3_ADD_DEFAULT) == 1 &&
	    X509_REQ_add_extensions(req, exts) == 1;
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	return is_ok;
}

bool
x509_csr_build(const X509_NAME *name, EVP_PKEY *pub, const GENERAL_NAMES *sans,
    X509_REQ **out, const char **why)
{
	X509_REQ *req = NULL;
	bool is_ok = false;

	*out = NULL;
	*why = "OpenSSL could not build the request";
	if ((req = X509_REQ_new()) == NULL ||
	    X509_REQ_set_version(req, 0) != 1 ||	/* v1, the only one */
	    X509_REQ_set_subject_name(req, name) != 1 ||
	    X509_REQ_set_pubkey(req, pub) != 1)
		goto out;
	if (sans != NULL && sk_GENERAL_NAME_num(sans) > 0 &&
	    !x509_csr_add_sans(req, sans, X509_NAME_entry_count(name) == 0))
		goto out;
	*out = req;
	req = NULL;
	is_ok = true;
out:
	X509_REQ_free(req);
	return is_ok;
}

bool
x509_csr_tbs(X509_REQ *req, uint8_t **tbs, size_t *tbs_len)
{
	unsigned char *p = NULL;
	int n;

	*tbs = NULL;
	*tbs_len = 0;
	/* i2d_re_: re-encode, so what is signed is what the request now
	 * holds and what PEM_write will emit. */
	if ((n = i2d_re_X509_REQ_tbs(req, &p)) <= 0)
		return false;
	*tbs = p;
	*tbs_len = (size_t)n;
	return true;
}

bool
x509_csr_sign_finish(X509_REQ *req, EVP_PKEY *pub,
    const struct x509_csr_scheme *scheme, const uint8_t *sig, size_t sig_len,
    const char **why)
{
	X509_ALGOR *alg = NULL;
	ASN1_BIT_STRING *bits = NULL;
	bool is_ok = false;

	*why = "OpenSSL could not set the signature";
	/* RFC 5758 §3.2: ecdsa-with-SHA* take no parameters; RFC 4055 §5:
	 * sha*WithRSAEncryption take NULL. */
	if ((alg = X509_ALGOR_new()) == NULL ||
	    X509_ALGOR_set0(alg, OBJ_nid2obj(scheme->sc_sig_nid),
	    scheme->is_ecdsa ? V_ASN1_UNDEF : V_ASN1_NULL, NULL) != 1 ||
	    X509_REQ_set1_signature_algo(req, alg) != 1 ||
	    sig_len > INT32_MAX || (bits = ASN1_BIT_STRING_new()) == NULL ||
	    ASN1_BIT_STRING_set(bits, (unsigned char *)sig, (int)sig_len) != 1)
		goto out;
	/* A signature is whole bytes: no unused bits in the BIT STRING. */
	bits->flags &= ~(ASN1_STRING_FLAG_BITS_LEFT | 0x07);
	bits->flags |= ASN1_STRING_FLAG_BITS_LEFT;
	X509_REQ_set0_signature(req, bits);
	bits = NULL;
	if (X509_REQ_verify(req, pub) != 1) {
		*why = "the service's signature does not verify with the "
		    "key's public part";
		goto out;
	}
	is_ok = true;
out:
	ASN1_BIT_STRING_free(bits);
	X509_ALGOR_free(alg);
	return is_ok;
}
