/* psa/names.c: names of key types, algorithms and usage flags (format in
 * psa/names.h). Pure. */
#include "psa/names.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

/* An append-only string in caller-owned storage; output past the end is
 * dropped, the string stays terminated. A NULL namebuf takes no output,
 * which lets the namers below double as "has a name" tests. */
struct psa_namebuf {
	char	*nb_buf;
	size_t	 nb_size;
	size_t	 nb_len;
};

static void psa_name_put(struct psa_namebuf *nb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
psa_name_put(struct psa_namebuf *nb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (nb == NULL || nb->nb_size == 0 || nb->nb_len >= nb->nb_size - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(nb->nb_buf + nb->nb_len, nb->nb_size - nb->nb_len, fmt,
	    ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= nb->nb_size - nb->nb_len)
		nb->nb_len = nb->nb_size - 1;		/* cut short */
	else
		nb->nb_len += (size_t)n;
}

static struct psa_namebuf
psa_namebuf_init(char *buf, size_t size)
{
	struct psa_namebuf nb = { .nb_buf = buf, .nb_size = buf ? size : 0 };

	if (nb.nb_size > 0)
		buf[0] = '\0';
	return nb;
}

static const char *
psa_namebuf_str(const struct psa_namebuf *nb)
{
	return nb->nb_size > 0 ? nb->nb_buf : "";
}

const char *
psa_hash_name(psa_algorithm_t alg)
{
	switch (alg) {
	case PSA_ALG_MD2: return "MD2";
	case PSA_ALG_MD4: return "MD4";
	case PSA_ALG_MD5: return "MD5";
	case PSA_ALG_RIPEMD160: return "RIPEMD-160";
	case PSA_ALG_SHA_1: return "SHA-1";
	case PSA_ALG_SHA_224: return "SHA-224";
	case PSA_ALG_SHA_256: return "SHA-256";
	case PSA_ALG_SHA_384: return "SHA-384";
	case PSA_ALG_SHA_512: return "SHA-512";
	case PSA_ALG_SHA_512_224: return "SHA-512/224";
	case PSA_ALG_SHA_512_256: return "SHA-512/256";
	case PSA_ALG_SHA3_224: return "SHA3-224";
	case PSA_ALG_SHA3_256: return "SHA3-256";
	case PSA_ALG_SHA3_384: return "SHA3-384";
	case PSA_ALG_SHA3_512: return "SHA3-512";
	case PSA_ALG_SM3: return "SM3";
	case PSA_ALG_SHAKE256_512: return "SHAKE256-512";
	case PSA_ALG_ANY_HASH: return "ANY_HASH";
	default: return NULL;
	}
}

/* The hash in the low byte of a composite algorithm. */
static void
psa_name_hash_of(struct psa_namebuf *nb, psa_algorithm_t alg)
{
	psa_algorithm_t hash = (alg & PSA_ALG_HASH_MASK) |
	    PSA_ALG_CATEGORY_HASH;
	const char *name = psa_hash_name(hash);

	if (name != NULL)
		psa_name_put(nb, "%s", name);
	else
		psa_name_put(nb, "HASH(0x%08x)", (unsigned)hash);
}

/* Algorithms of the form BASE(hash), keyed by alg & ~PSA_ALG_HASH_MASK. */
struct psa_hashed_name {
	psa_algorithm_t	 hn_base;
	const char	*hn_name;
};

static const struct psa_hashed_name psa_hashed_names[] = {
	{ PSA_ALG_HMAC_BASE, "HMAC" },
	{ PSA_ALG_RSA_PKCS1V15_SIGN_BASE, "RSA_PKCS1V15_SIGN" },
	{ PSA_ALG_RSA_PSS_BASE, "RSA_PSS" },
	{ PSA_ALG_RSA_PSS_ANY_SALT_BASE, "RSA_PSS_ANY_SALT" },
	{ PSA_ALG_ECDSA_BASE, "ECDSA" },
	{ PSA_ALG_DETERMINISTIC_ECDSA_BASE, "DETERMINISTIC_ECDSA" },
	{ PSA_ALG_RSA_OAEP_BASE, "RSA_OAEP" },
	{ PSA_ALG_HKDF_BASE, "HKDF" },
	{ PSA_ALG_TLS12_PRF_BASE, "TLS12_PRF" },
	{ PSA_ALG_TLS12_PSK_TO_MS_BASE, "TLS12_PSK_TO_MS" },
	{ PSA_ALG_HKDF_EXTRACT_BASE, "HKDF_EXTRACT" },
	{ PSA_ALG_HKDF_EXPAND_BASE, "HKDF_EXPAND" },
	{ PSA_ALG_SP800_108_COUNTER_HMAC_BASE, "SP800_108_COUNTER_HMAC" },
	{ PSA_ALG_PBKDF2_HMAC_BASE, "PBKDF2_HMAC" },
};

/* Algorithms named by their exact value. */
struct psa_exact_name {
	psa_algorithm_t	 en_alg;
	const char	*en_name;
};

static const struct psa_exact_name psa_exact_names[] = {
	{ PSA_ALG_NONE, "NONE" },
	{ PSA_ALG_CBC_MAC, "CBC_MAC" },
	{ PSA_ALG_CMAC, "CMAC" },
	{ PSA_ALG_STREAM_CIPHER, "STREAM_CIPHER" },
	{ PSA_ALG_CTR, "CTR" },
	{ PSA_ALG_CFB, "CFB" },
	{ PSA_ALG_OFB, "OFB" },
	{ PSA_ALG_XTS, "XTS" },
	{ PSA_ALG_ECB_NO_PADDING, "ECB_NO_PADDING" },
	{ PSA_ALG_CBC_NO_PADDING, "CBC_NO_PADDING" },
	{ PSA_ALG_CBC_PKCS7, "CBC_PKCS7" },
	{ PSA_ALG_CCM, "CCM" },
	{ PSA_ALG_GCM, "GCM" },
	{ PSA_ALG_CHACHA20_POLY1305, "CHACHA20_POLY1305" },
	{ PSA_ALG_XCHACHA20_POLY1305, "XCHACHA20_POLY1305" },
	{ PSA_ALG_RSA_PKCS1V15_SIGN_RAW, "RSA_PKCS1V15_SIGN_RAW" },
	{ PSA_ALG_ECDSA_ANY, "ECDSA_ANY" },
	{ PSA_ALG_PURE_EDDSA, "PURE_EDDSA" },
	{ PSA_ALG_ED25519PH, "ED25519PH" },
	{ PSA_ALG_ED448PH, "ED448PH" },
	{ PSA_ALG_RSA_PKCS1V15_CRYPT, "RSA_PKCS1V15_CRYPT" },
	{ PSA_ALG_SP800_108_COUNTER_CMAC, "SP800_108_COUNTER_CMAC" },
	{ PSA_ALG_PBKDF2_AES_CMAC_PRF_128, "PBKDF2_AES_CMAC_PRF_128" },
	{ PSA_ALG_FFDH, "FFDH" },
	{ PSA_ALG_ECDH, "ECDH" },
};

#define PSA_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Names a non-composite algorithm into nb (which may be NULL); false if it
 * has no name of this kind. */
static bool
psa_name_simple(struct psa_namebuf *nb, psa_algorithm_t alg)
{
	const char *hash = psa_hash_name(alg);

	if (hash != NULL) {
		psa_name_put(nb, "%s", hash);
		return true;
	}
	for (size_t i = 0; i < PSA_NELEM(psa_exact_names); i++) {
		if (psa_exact_names[i].en_alg == alg) {
			psa_name_put(nb, "%s", psa_exact_names[i].en_name);
			return true;
		}
	}
	/* HashEdDSA's hash is fixed by the name; anything else under its base
	 * falls through to hex. Raw forms (hash byte 0) were matched above. */
	if (psa_alg_is_hash_eddsa(alg) || (alg & PSA_ALG_HASH_MASK) == 0)
		return false;
	for (size_t i = 0; i < PSA_NELEM(psa_hashed_names); i++) {
		if (psa_hashed_names[i].hn_base == (alg & ~PSA_ALG_HASH_MASK)) {
			psa_name_put(nb, "%s(", psa_hashed_names[i].hn_name);
			psa_name_hash_of(nb, alg);
			psa_name_put(nb, ")");
			return true;
		}
	}
	return false;
}

static void
psa_name_alg(struct psa_namebuf *nb, psa_algorithm_t alg)
{
	psa_algorithm_t base;
	size_t len;

	if (psa_alg_is_mac(alg) && (alg & (PSA_ALG_MAC_TRUNCATION_MASK |
	    PSA_ALG_MAC_AT_LEAST_THIS_LENGTH_FLAG)) != 0 &&
	    psa_name_simple(NULL, PSA_ALG_FULL_LENGTH_MAC(alg))) {
		base = PSA_ALG_FULL_LENGTH_MAC(alg);
		len = psa_alg_mac_truncated_length(alg);
		psa_name_put(nb, "%s(",
		    psa_alg_mac_is_at_least_this_length(alg) ?
		    "AT_LEAST_THIS_LENGTH_MAC" : "TRUNCATED_MAC");
		(void)psa_name_simple(nb, base);
		psa_name_put(nb, ",%zu)", len);
		return;
	}
	if (psa_alg_is_aead(alg) && psa_alg_aead_default_tag(alg) != 0 &&
	    alg != psa_alg_aead_default_tag(alg)) {
		base = psa_alg_aead_default_tag(alg);
		len = psa_alg_aead_encoded_tag_length(alg);
		psa_name_put(nb, "%s(",
		    psa_alg_aead_is_at_least_this_length(alg) ?
		    "AEAD_WITH_AT_LEAST_THIS_LENGTH_TAG" :
		    "AEAD_WITH_SHORTENED_TAG");
		(void)psa_name_simple(nb, base);
		psa_name_put(nb, ",%zu)", len);
		return;
	}
	if (psa_alg_is_key_agreement(alg) && !psa_alg_is_raw_key_agreement(alg)
	    && psa_name_simple(NULL, psa_alg_key_agreement_get_base(alg)) &&
	    psa_name_simple(NULL, psa_alg_key_agreement_get_kdf(alg))) {
		psa_name_put(nb, "KEY_AGREEMENT(");
		(void)psa_name_simple(nb, psa_alg_key_agreement_get_base(alg));
		psa_name_put(nb, ",");
		(void)psa_name_simple(nb, psa_alg_key_agreement_get_kdf(alg));
		psa_name_put(nb, ")");
		return;
	}
	if (!psa_name_simple(nb, alg))
		psa_name_put(nb, "ALG(0x%08x)", (unsigned)alg);
}

const char *
psa_alg_name(psa_algorithm_t alg, char *buf, size_t size)
{
	struct psa_namebuf nb = psa_namebuf_init(buf, size);

	psa_name_alg(&nb, alg);
	return psa_namebuf_str(&nb);
}

static const char *
psa_ecc_family_name(psa_ecc_family_t family)
{
	switch (family) {
	case PSA_ECC_FAMILY_SECP_K1: return "SECP_K1";
	case PSA_ECC_FAMILY_SECP_R1: return "SECP_R1";
	case PSA_ECC_FAMILY_SECP_R2: return "SECP_R2";
	case PSA_ECC_FAMILY_SECT_K1: return "SECT_K1";
	case PSA_ECC_FAMILY_SECT_R1: return "SECT_R1";
	case PSA_ECC_FAMILY_SECT_R2: return "SECT_R2";
	case PSA_ECC_FAMILY_BRAINPOOL_P_R1: return "BRAINPOOL_P_R1";
	case PSA_ECC_FAMILY_FRP: return "FRP";
	case PSA_ECC_FAMILY_MONTGOMERY: return "MONTGOMERY";
	case PSA_ECC_FAMILY_TWISTED_EDWARDS: return "TWISTED_EDWARDS";
	default: return NULL;
	}
}

static const char *
psa_key_type_simple_name(psa_key_type_t type)
{
	switch (type) {
	case PSA_KEY_TYPE_NONE: return "NONE";
	case PSA_KEY_TYPE_RAW_DATA: return "RAW_DATA";
	case PSA_KEY_TYPE_HMAC: return "HMAC";
	case PSA_KEY_TYPE_DERIVE: return "DERIVE";
	case PSA_KEY_TYPE_PASSWORD: return "PASSWORD";
	case PSA_KEY_TYPE_PASSWORD_HASH: return "PASSWORD_HASH";
	case PSA_KEY_TYPE_PEPPER: return "PEPPER";
	case PSA_KEY_TYPE_AES: return "AES";
	case PSA_KEY_TYPE_ARIA: return "ARIA";
	case PSA_KEY_TYPE_DES: return "DES";
	case PSA_KEY_TYPE_CAMELLIA: return "CAMELLIA";
	case PSA_KEY_TYPE_SM4: return "SM4";
	case PSA_KEY_TYPE_ARC4: return "ARC4";
	case PSA_KEY_TYPE_CHACHA20: return "CHACHA20";
	case PSA_KEY_TYPE_XCHACHA20: return "XCHACHA20";
	case PSA_KEY_TYPE_RSA_PUBLIC_KEY: return "RSA_PUBLIC_KEY";
	case PSA_KEY_TYPE_RSA_KEY_PAIR: return "RSA_KEY_PAIR";
	default: return NULL;
	}
}

const char *
psa_key_type_name(psa_key_type_t type, char *buf, size_t size)
{
	struct psa_namebuf nb = psa_namebuf_init(buf, size);
	const char *name = psa_key_type_simple_name(type);
	const char *family;

	if (name != NULL) {
		psa_name_put(&nb, "%s", name);
	} else if (psa_key_type_is_ecc(type)) {
		psa_name_put(&nb, "%s(", psa_key_type_is_key_pair(type) ?
		    "ECC_KEY_PAIR" : "ECC_PUBLIC_KEY");
		family = psa_ecc_family_name(psa_key_type_ecc_family(type));
		if (family != NULL)
			psa_name_put(&nb, "%s)", family);
		else
			psa_name_put(&nb, "0x%02x)",
			    (unsigned)psa_key_type_ecc_family(type));
	} else if (psa_key_type_is_dh(type)) {
		psa_name_put(&nb, "%s(", psa_key_type_is_key_pair(type) ?
		    "DH_KEY_PAIR" : "DH_PUBLIC_KEY");
		if (psa_key_type_dh_family(type) == PSA_DH_FAMILY_RFC7919)
			psa_name_put(&nb, "RFC7919)");
		else
			psa_name_put(&nb, "0x%02x)",
			    (unsigned)psa_key_type_dh_family(type));
	} else
		psa_name_put(&nb, "KEY_TYPE(0x%04x)", (unsigned)type);
	return psa_namebuf_str(&nb);
}

static const struct {
	psa_key_usage_t	 un_flag;
	const char	*un_name;
} psa_usage_names[] = {
	{ PSA_KEY_USAGE_EXPORT, "EXPORT" },
	{ PSA_KEY_USAGE_COPY, "COPY" },
	{ PSA_KEY_USAGE_CACHE, "CACHE" },
	{ PSA_KEY_USAGE_ENCRYPT, "ENCRYPT" },
	{ PSA_KEY_USAGE_DECRYPT, "DECRYPT" },
	{ PSA_KEY_USAGE_SIGN_MESSAGE, "SIGN_MESSAGE" },
	{ PSA_KEY_USAGE_VERIFY_MESSAGE, "VERIFY_MESSAGE" },
	{ PSA_KEY_USAGE_SIGN_HASH, "SIGN_HASH" },
	{ PSA_KEY_USAGE_VERIFY_HASH, "VERIFY_HASH" },
	{ PSA_KEY_USAGE_DERIVE, "DERIVE" },
	{ PSA_KEY_USAGE_VERIFY_DERIVATION, "VERIFY_DERIVATION" },
	{ PSA_KEY_USAGE_WRAP, "WRAP" },
	{ PSA_KEY_USAGE_UNWRAP, "UNWRAP" },
};

const char *
psa_usage_name(psa_key_usage_t usage, char *buf, size_t size)
{
	struct psa_namebuf nb = psa_namebuf_init(buf, size);
	psa_key_usage_t rest = usage;
	const char *sep = "";

	if (usage == 0) {
		psa_name_put(&nb, "NONE");
		return psa_namebuf_str(&nb);
	}
	for (size_t i = 0; i < PSA_NELEM(psa_usage_names); i++) {
		if (usage & psa_usage_names[i].un_flag) {
			psa_name_put(&nb, "%s%s", sep,
			    psa_usage_names[i].un_name);
			sep = "|";
			rest &= ~psa_usage_names[i].un_flag;
		}
	}
	if (rest != 0)
		psa_name_put(&nb, "%s0x%08x", sep, (unsigned)rest);
	return psa_namebuf_str(&nb);
}
