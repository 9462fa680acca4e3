/* cli/x509.h: the CLI's OpenSSL side: PSA key encodings as OpenSSL keys,
 * and PKCS#10 requests signed by the service. Kept out of cli.h so the
 * rest of the tool does not see OpenSSL's types. */
#ifndef ARCSEC_CLI_X509_H
#define ARCSEC_CLI_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arcsec/keys.h>

/* pkey.c: the public key psa_export_public_key() gives (RSA: DER
 * RSAPublicKey; Weierstrass ECC: 0x04||x||y) as an EVP_PKEY, checked by
 * OpenSSL as it parses (an EC point must be on the curve). *out is the
 * caller's (EVP_PKEY_free). False with *why for a type or curve arcsec
 * cannot name, or bytes that are not such a key. */
bool	cli_pkey_from_psa(arcsec_key_type_t type, uint32_t bits,
	    const uint8_t *data, size_t data_len, EVP_PKEY **out,
	    const char **why);
/* The OpenSSL group name of an ECC family and size ("prime256v1"), NULL
 * if there is none. */
const char *cli_ec_group_name(uint8_t family, uint32_t bits);

/* csr.c */
struct cli_csr_subject {
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
struct cli_csr_scheme {
	arcsec_alg_t	 sc_sign_alg;
	arcsec_alg_t	 sc_hash;
	int		 sc_sig_nid;
	bool		 is_ecdsa;	/* signature is r||s, to DER */
};
bool	cli_csr_scheme(const struct arcsec_key_attrs *attrs,
	    struct cli_csr_scheme *out, const char **why);

/* One --san value (dns:NAME, uri:URI, ip:ADDR, or a bare DNS name, which is
 * what parsec-tool takes) as a GeneralName; *out is the caller's
 * (GENERAL_NAME_free). spiffe: URIs must be SPIFFE IDs. */
bool	cli_csr_san(const char *spec, GENERAL_NAME **out, const char **why);

/* The subject name from the given parts, in parsec-tool's order (CN, OU,
 * O, L, ST, C, serialNumber). *out is the caller's (X509_NAME_free). */
bool	cli_csr_name(const struct cli_csr_subject *subj, X509_NAME **out,
	    const char **why);

/* An unsigned request: version 1, the subject, the public key, and a
 * subjectAltName extension request when sans is not empty (critical when
 * the subject is empty, RFC 5280 §4.2.1.6). Takes nothing over. */
bool	cli_csr_build(const X509_NAME *name, EVP_PKEY *pub,
	    const GENERAL_NAMES *sans, X509_REQ **out, const char **why);

/* The DER CertificationRequestInfo the signature covers, freshly encoded.
 * *tbs is OpenSSL's (OPENSSL_free). */
bool	cli_csr_tbs(X509_REQ *req, uint8_t **tbs, size_t *tbs_len);

/* Put the signature algorithm and sig[0..sig_len) (DER for ECDSA) into req
 * and check it against pub, so a service that signed with another key or
 * over other bytes is caught here, not by the CA. */
bool	cli_csr_sign_finish(X509_REQ *req, EVP_PKEY *pub,
	    const struct cli_csr_scheme *scheme, const uint8_t *sig,
	    size_t sig_len, const char **why);

#endif
