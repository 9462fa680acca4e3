/* identity/x509.h: the identity layer's X.509 toolbox: PSA key encodings
 * as OpenSSL keys, PKCS#10 requests signed by the service, ECDSA signature
 * encodings, SPIFFE ID checks. Shared by the DevID code and the CLI's
 * create-csr, export-public-key and sign. */
#ifndef ARCSEC_IDENTITY_X509_H
#define ARCSEC_IDENTITY_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arcsec/crypto.h>
#include <arcsec/keys.h>

/* pkey.c: the public key psa_export_public_key() gives (RSA: DER
 * RSAPublicKey; Weierstrass ECC: 0x04||x||y) as an EVP_PKEY, checked by
 * OpenSSL as it parses (an EC point must be on the curve). *out is the
 * caller's (EVP_PKEY_free). False with *why for a type or curve arcsec
 * cannot name, or bytes that are not such a key. */
bool	x509_pkey_from_psa(arcsec_key_type_t type, uint32_t bits,
	    const uint8_t *data, size_t data_len, EVP_PKEY **out,
	    const char **why);
/* The OpenSSL group name of an ECC family and size ("prime256v1"), NULL
 * if there is none. */
const char *x509_ec_group_name(uint8_t family, uint32_t bits);

/* csr.c */
struct x509_subject {
	const char	*cs_cn;		/* each NULL when not given */
	const char	*cs_l;
	const char	*cs_o;
	const char	*cs_ou;
	const char	*cs_st;
	const char	*cs_c;
	const char	*cs_serial;
};

/* How a key signs a request: the algorithm to ask the service for, the
 * hash to apply first, and the X.509 signature algorithm (NID). The rules
 * are parsec-tool's create-csr (RSA PKCS#1 v1.5 with SHA-256/384/512, any
 * hash meaning SHA-256; ECDSA on P-256 with SHA-256 or P-384 with
 * SHA-384), plus deterministic ECDSA, whose signatures look the same. */
struct x509_csr_scheme {
	arcsec_alg_t	 sc_sign_alg;
	arcsec_alg_t	 sc_hash;
	int		 sc_sig_nid;
	bool		 is_ecdsa;	/* signature is r||s, to DER */
};
bool	x509_csr_scheme(const struct arcsec_key_attrs *attrs,
	    struct x509_csr_scheme *out, const char **why);

/* One --san value (dns:NAME, uri:URI, ip:ADDR, or a bare DNS name, which is
 * what parsec-tool takes) as a GeneralName; *out is the caller's
 * (GENERAL_NAME_free). spiffe: URIs must be SPIFFE IDs. */
bool	x509_csr_san(const char *spec, GENERAL_NAME **out, const char **why);

/* The subject name from the given parts, in parsec-tool's order (CN, OU,
 * O, L, ST, C, serialNumber). *out is the caller's (X509_NAME_free). */
bool	x509_csr_name(const struct x509_subject *subj, X509_NAME **out,
	    const char **why);

/* An unsigned request: version 1, the subject, the public key, and a
 * subjectAltName extension request when sans is not empty (critical when
 * the subject is empty, RFC 5280 §4.2.1.6). Takes nothing over. */
bool	x509_csr_build(const X509_NAME *name, EVP_PKEY *pub,
	    const GENERAL_NAMES *sans, X509_REQ **out, const char **why);

/* The DER CertificationRequestInfo the signature covers, freshly encoded.
 * *tbs is OpenSSL's (OPENSSL_free). */
bool	x509_csr_tbs(X509_REQ *req, uint8_t **tbs, size_t *tbs_len);

/* Put the signature algorithm and sig[0..sig_len) (DER for ECDSA) into req
 * and check it against pub, so a service that signed with another key or
 * over other bytes is caught here, not by the CA. */
bool	x509_csr_sign_finish(X509_REQ *req, EVP_PKEY *pub,
	    const struct x509_csr_scheme *scheme, const uint8_t *sig,
	    size_t sig_len, const char **why);

/* digest.c: hash data locally, as parsec-tool does before signing.
 * x509_digest: out needs ARCSEC_HASH_MAX_SIZE bytes; false for a hash
 * OpenSSL lacks or arcsec does not map (SHA-2 and SHA-3 are mapped). */
bool		x509_digest(arcsec_alg_t hash, const uint8_t *in, size_t in_len,
		    uint8_t *out, size_t *out_len);

/* ecdsa_der.c: PSA's ECDSA signature r||s (two equal halves, big-endian)
 * as the DER ECDSA-Sig-Value of RFC 3279 §2.2.3, which X.509, CMS and the
 * openssl tool expect. *der (malloc'd, *der_len bytes) on success; false
 * for an empty or odd-length input or out of memory. */
bool		x509_ecdsa_raw_to_der(const uint8_t *raw, size_t raw_len,
		    uint8_t **der, size_t *der_len);

/* spiffe.c: true if id is a SPIFFE ID (SPIFFE-ID spec §2): "spiffe://",
 * a trust domain of [a-z0-9._-] (1-255 bytes), then zero or more "/"
 * segments of [A-Za-z0-9._-], none empty, "." or ".."; no port, userinfo,
 * query, fragment, percent-encoding or trailing slash; 2048 bytes at most.
 * Pure. *why names the first problem. */
bool		x509_spiffe_id_check(const char *id, const char **why);

/* csr.c: the public key of `key_name` in the client's provider, whose
 * attributes are attrs, as OpenSSL's (*out the caller's). The service's
 * status on failure, or ARCSEC_ERR_PROTOCOL with *what naming the problem
 * when its bytes are no such key (*what stays NULL otherwise). */
arcsec_status_t	x509_key_pkey(struct arcsec_client *client,
		    const char *key_name, const struct arcsec_key_attrs *attrs,
		    EVP_PKEY **out, const char **what);
/* A signed request for `key_name`, which the client's provider holds:
 * attributes attrs (NULL: looked up with ListKeys), subject `name`, SANs
 * `sans` (may be empty), the signature by the service. *out is the
 * caller's (X509_REQ_free). On failure the service's status, or
 * ARCSEC_PSA_ERROR_NOT_SUPPORTED (a key no request can be made for),
 * ARCSEC_ERR_PROTOCOL (a signature that does not verify),
 * ARCSEC_ERR_NO_MEMORY; `why` then says what, unless the library's last
 * error does (why[0] == '\0'). */
arcsec_status_t	x509_csr_for_key(struct arcsec_client *client,
		    const char *key_name, const struct arcsec_key_attrs *attrs,
		    const X509_NAME *name, const GENERAL_NAMES *sans,
		    X509_REQ **out, char *why, size_t why_size);
/* PEM text of req; *pem malloc'd, NUL-terminated. */
arcsec_status_t	x509_req_to_pem(X509_REQ *req, char **pem);

#endif
