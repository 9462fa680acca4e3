/* identity/pkey.c: a PSA-format public key as an OpenSSL EVP_PKEY, from which
 * export-public-key writes SubjectPublicKeyInfo and create-csr builds its
 * request. */
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include <limits.h>

#include "identity/x509.h"
#include "psa/types.h"

/* Curves by PSA family and size. The SEC families are the ones
 * parsec-tool's export-public-key names; Brainpool is arcsec's addition. */
static const struct {
	uint8_t		 family;
	uint32_t	 bits;
	const char	*group;
} x509_ec_groups[] = {
	{ ARCSEC_ECC_FAMILY_SECP_R1, 192, "prime192v1" },
	{ ARCSEC_ECC_FAMILY_SECP_R1, 224, "secp224r1" },
	{ ARCSEC_ECC_FAMILY_SECP_R1, 256, "prime256v1" },
	{ ARCSEC_ECC_FAMILY_SECP_R1, 384, "secp384r1" },
	{ ARCSEC_ECC_FAMILY_SECP_R1, 521, "secp521r1" },
	{ ARCSEC_ECC_FAMILY_SECP_K1, 192, "secp192k1" },
	{ ARCSEC_ECC_FAMILY_SECP_K1, 224, "secp224k1" },
	{ ARCSEC_ECC_FAMILY_SECP_K1, 256, "secp256k1" },
	{ PSA_ECC_FAMILY_SECT_K1, 233, "sect233k1" },
	{ PSA_ECC_FAMILY_SECT_K1, 283, "sect283k1" },
	{ PSA_ECC_FAMILY_SECT_K1, 409, "sect409k1" },
	{ PSA_ECC_FAMILY_SECT_K1, 571, "sect571k1" },
	{ PSA_ECC_FAMILY_SECT_R1, 233, "sect233r1" },
	{ PSA_ECC_FAMILY_SECT_R1, 283, "sect283r1" },
	{ PSA_ECC_FAMILY_SECT_R1, 409, "sect409r1" },
	{ PSA_ECC_FAMILY_SECT_R1, 571, "sect571r1" },
	{ ARCSEC_ECC_FAMILY_BRAINPOOL_P_R1, 256, "brainpoolP256r1" },
	{ ARCSEC_ECC_FAMILY_BRAINPOOL_P_R1, 384, "brainpoolP384r1" },
	{ ARCSEC_ECC_FAMILY_BRAINPOOL_P_R1, 512, "brainpoolP512r1" },
};

const char *
x509_ec_group_name(uint8_t family, uint32_t bits)
{
	for (size_t i = 0; i < sizeof(x509_ec_groups) / sizeof(*x509_ec_groups);
	    i++)
		if (x509_ec_groups[i].family == family &&
		    x509_ec_groups[i].bits == bits)
			return x509_ec_groups[i].group;
	return NULL;
}

static bool
x509_pkey_ec(uint8_t family, uint32_t bits, const uint8_t *data,
    size_t data_len, EVP_PKEY **out, const char **why)
{
	const char *group = x509_ec_group_name(family, bits);
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	bool is_ok = false;

	if (group == NULL) {
		*why = "no X.509 name for this curve and size";
		goto out;
	}
	*why = "the public key is not a point on its curve";
	if ((bld = OSSL_PARAM_BLD_new()) == NULL ||
	    !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
	    group, 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
	    data, data_len) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, out, EVP_PKEY_PUBLIC_KEY, params) != 1)
		goto out;
	is_ok = true;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return is_ok;
}

static bool
x509_pkey_rsa(const uint8_t *data, size_t data_len, EVP_PKEY **out,
    const char **why)
{
	const unsigned char *p = data;

	*why = "the public key is not a DER RSAPublicKey";
	if (data_len > LONG_MAX ||
	    (*out = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)data_len)) ==
	    NULL)
		return false;
	/* Trailing bytes would mean we and the service disagree on the
	 * encoding; refuse rather than certify part of it. */
	if ((size_t)(p - data) != data_len) {
		EVP_PKEY_free(*out);
		*out = NULL;
		return false;
	}
	return true;
}

bool
x509_pkey_from_psa(arcsec_key_type_t type, uint32_t bits, const uint8_t *data,
    size_t data_len, EVP_PKEY **out, const char **why)
{
	*out = NULL;
	*why = "";
	if (psa_key_type_is_rsa(type))
		return x509_pkey_rsa(data, data_len, out, why);
	if (psa_key_type_is_ecc(type)) {
		if (!psa_ecc_family_is_weierstrass(
		    psa_key_type_ecc_family(type))) {
			*why = "Montgomery and Edwards keys are not supported";
			return false;
		}
		return x509_pkey_ec(psa_key_type_ecc_family(type), bits, data,
		    data_len, out, why);
	}
	*why = "only RSA and ECC keys have a public part to export";
	return false;
}
