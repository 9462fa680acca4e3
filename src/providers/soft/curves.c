/* providers/soft/curves.c: the ECC curves the soft provider drives, by PSA
 * family and size, with their OpenSSL names and PSA key format lengths. */
#include "providers/soft/soft_int.h"

#include <openssl/obj_mac.h>

/* Private formats (PSA export): Weierstrass scalars of ceil(bits/8) bytes;
 * X25519/X448 32/56 bytes (RFC 7748 §5); Ed25519/Ed448 32/57 bytes (RFC
 * 8032 §5.1.5, §5.2.5). Public: 0x04 || X || Y for Weierstrass (SEC 1
 * §2.3.3), the u-coordinate or encoded point otherwise. */
#define W(fam, bits, name, nid)						\
	{ PSA_ECC_FAMILY_##fam, bits, SOFT_CURVE_WEIERSTRASS, name, nid, \
	  PSA_BITS_TO_BYTES(bits), 1 + 2 * PSA_BITS_TO_BYTES(bits) }

static const struct soft_curve soft_curves[] = {
	W(SECP_R1, 192, "prime192v1", NID_X9_62_prime192v1),
	W(SECP_R1, 224, "secp224r1", NID_secp224r1),
	W(SECP_R1, 256, "prime256v1", NID_X9_62_prime256v1),
	W(SECP_R1, 384, "secp384r1", NID_secp384r1),
	W(SECP_R1, 521, "secp521r1", NID_secp521r1),
	W(SECP_K1, 256, "secp256k1", NID_secp256k1),
	/* brainpoolP160/192/224/320r1 are left out: the tests' independent
	 * checker (python3-cryptography) has only these three. */
	W(BRAINPOOL_P_R1, 256, "brainpoolP256r1", NID_brainpoolP256r1),
	W(BRAINPOOL_P_R1, 384, "brainpoolP384r1", NID_brainpoolP384r1),
	W(BRAINPOOL_P_R1, 512, "brainpoolP512r1", NID_brainpoolP512r1),
	{ PSA_ECC_FAMILY_MONTGOMERY, 255, SOFT_CURVE_MONTGOMERY, "X25519",
	  NID_undef, 32, 32 },
	{ PSA_ECC_FAMILY_MONTGOMERY, 448, SOFT_CURVE_MONTGOMERY, "X448",
	  NID_undef, 56, 56 },
	{ PSA_ECC_FAMILY_TWISTED_EDWARDS, 255, SOFT_CURVE_EDWARDS, "ED25519",
	  NID_undef, 32, 32 },
	{ PSA_ECC_FAMILY_TWISTED_EDWARDS, 448, SOFT_CURVE_EDWARDS, "ED448",
	  NID_undef, 57, 57 },
};

#undef W

const struct soft_curve *
soft_curve_find(psa_key_type_t type, size_t bits)
{
	psa_ecc_family_t family = psa_key_type_ecc_family(type);

	if (!psa_key_type_is_ecc(type))
		return NULL;
	for (size_t i = 0; i < SOFT_NELEM(soft_curves); i++)
		if (soft_curves[i].sc_family == family &&
		    soft_curves[i].sc_bits == bits)
			return &soft_curves[i];
	return NULL;
}

const struct soft_curve *
soft_curve_by_len(psa_key_type_t type, size_t len, bool is_private)
{
	psa_ecc_family_t family = psa_key_type_ecc_family(type);

	if (!psa_key_type_is_ecc(type))
		return NULL;
	/* Within a family the lengths are distinct, so this is exact. */
	for (size_t i = 0; i < SOFT_NELEM(soft_curves); i++)
		if (soft_curves[i].sc_family == family &&
		    (is_private ? soft_curves[i].sc_priv_len :
		    soft_curves[i].sc_pub_len) == len)
			return &soft_curves[i];
	return NULL;
}
