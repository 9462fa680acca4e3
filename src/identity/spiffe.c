/* identity/spiffe.c: check that a URI SAN meant as a SPIFFE ID is one, so a CSR
 * never asks a CA for an identity no SPIFFE verifier would accept. Pure.
 *
 * Rules from the SPIFFE ID specification (spiffe/spiffe, standards/
 * SPIFFE-ID.md §2, §2.1, §2.2, §2.3), as go-spiffe's spiffeid package
 * enforces them.
 */
#include <string.h>

#include "identity/x509.h"

#define X509_SPIFFE_ID_MAX		2048u	/* §2.3, "Maximum Length" */
#define X509_SPIFFE_TRUST_DOMAIN_MAX	255u	/* §2.3 */

static bool
x509_spiffe_fail(const char **why, const char *what)
{
	*why = what;
	return false;
}

/* §2.1: trust domain names hold lowercase letters, digits, '.', '-', '_'. */
static bool
x509_spiffe_td_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	    ch == '.' || ch == '-' || ch == '_';
}

/* §2.2: path segments also allow uppercase letters. */
static bool
x509_spiffe_path_char(char ch)
{
	return x509_spiffe_td_char(ch) || (ch >= 'A' && ch <= 'Z');
}

/* Why a character cannot appear in a trust domain, for the message. */
static const char *
x509_spiffe_td_why(char ch)
{
	switch (ch) {
	case ':':
		return "a SPIFFE ID has no port";
	case '@':
		return "a SPIFFE ID has no userinfo";
	case '?':
		return "a SPIFFE ID has no query";
	case '#':
		return "a SPIFFE ID has no fragment";
	case '%':
		return "a SPIFFE ID has no percent-encoded characters";
	default:
		if (ch >= 'A' && ch <= 'Z')
			return "the trust domain must be lowercase";
		return "the trust domain holds a character other than "
		    "a-z 0-9 . - _";
	}
}

static const char *
x509_spiffe_path_why(char ch)
{
	switch (ch) {
	case '?':
		return "a SPIFFE ID has no query";
	case '#':
		return "a SPIFFE ID has no fragment";
	case '%':
		return "a SPIFFE ID has no percent-encoded characters";
	default:
		return "a path segment holds a character other than "
		    "A-Z a-z 0-9 . - _";
	}
}

bool
x509_spiffe_id_check(const char *id, const char **why)
{
	static const char scheme[] = "spiffe://";
	const char *p, *seg;
	size_t n;

	*why = "";
	if (id == NULL)
		return x509_spiffe_fail(why, "no SPIFFE ID");
	if (strnlen(id, X509_SPIFFE_ID_MAX + 1) > X509_SPIFFE_ID_MAX)
		return x509_spiffe_fail(why, "a SPIFFE ID is at most 2048 "
		    "bytes");
	/* §2: the scheme is "spiffe", which verifiers compare exactly. */
	if (strncmp(id, scheme, sizeof(scheme) - 1) != 0)
		return x509_spiffe_fail(why, "a SPIFFE ID starts with "
		    "\"spiffe://\"");
	p = id + sizeof(scheme) - 1;
	for (n = 0; p[n] != '\0' && p[n] != '/'; n++)
		if (!x509_spiffe_td_char(p[n]))
			return x509_spiffe_fail(why, x509_spiffe_td_why(p[n]));
	if (n == 0)
		return x509_spiffe_fail(why, "the trust domain is empty");
	if (n > X509_SPIFFE_TRUST_DOMAIN_MAX)
		return x509_spiffe_fail(why, "the trust domain is longer than "
		    "255 bytes");
	p += n;
	/* §2.2: "/" segments, none empty, "." or "..", no trailing "/". */
	while (*p == '/') {
		seg = ++p;
		while (*p != '\0' && *p != '/') {
			if (!x509_spiffe_path_char(*p))
				return x509_spiffe_fail(why,
				    x509_spiffe_path_why(*p));
			p++;
		}
		n = (size_t)(p - seg);
		if (n == 0)
			return x509_spiffe_fail(why, *p == '\0' ?
			    "a SPIFFE ID has no trailing slash" :
			    "a path segment is empty");
		if ((n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return x509_spiffe_fail(why, "a path segment is "
			    "\".\" or \"..\"");
	}
	return true;
}
