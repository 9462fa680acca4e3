/* tests/unit/test_tpm_evidence.c: the pure parts of the TPM provider's
 * residency evidence (src/providers/tpm/evidence.c): the DER length that
 * trims an EK certificate out of its padded NV index, the AK templates
 * verifiers rely on, which EK answers a choice (ek.c) and which EK an
 * encrypted secret was made for. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "providers/tpm/tpm_int.h"

static void
der_short_and_long_forms(void **state)
{
	uint8_t buf[600] = { 0 };
	size_t len = 99;

	(void)state;
	/* Short form, with padding after it. */
	buf[0] = 0x30;
	buf[1] = 0x03;
	assert_true(tpm_der_len(buf, 10, &len));
	assert_int_equal(len, 5);
	/* 0x81: one length octet (>= 0x80). */
	buf[1] = 0x81;
	buf[2] = 0x80;
	assert_true(tpm_der_len(buf, 3 + 0x80, &len));
	assert_int_equal(len, 3 + 0x80);
	/* 0x82: two length octets, padded NV as swtpm writes it. */
	buf[1] = 0x82;
	buf[2] = 0x01;
	buf[3] = 0xF4;		/* 500 */
	assert_true(tpm_der_len(buf, sizeof(buf), &len));
	assert_int_equal(len, 504);
}

static void
der_refused(void **state)
{
	uint8_t buf[600] = { 0 };
	size_t len = 99;

	(void)state;
	assert_false(tpm_der_len(buf, 0, &len));
	assert_int_equal(len, 0);
	assert_false(tpm_der_len(buf, 1, &len));
	buf[0] = 0x31;			/* not a SEQUENCE */
	buf[1] = 0x01;
	assert_false(tpm_der_len(buf, 10, &len));
	buf[0] = 0x30;
	buf[1] = 0x09;			/* longer than the data */
	assert_false(tpm_der_len(buf, 10, &len));
	buf[1] = 0x80;			/* indefinite length: not DER */
	assert_false(tpm_der_len(buf, 10, &len));
	buf[1] = 0x84;			/* four length octets */
	assert_false(tpm_der_len(buf, sizeof(buf), &len));
	buf[1] = 0x82;			/* leading zero octet: not minimal */
	buf[2] = 0x00;
	buf[3] = 0x90;
	assert_false(tpm_der_len(buf, sizeof(buf), &len));
	buf[1] = 0x81;			/* long form for a short length */
	buf[2] = 0x10;
	assert_false(tpm_der_len(buf, sizeof(buf), &len));
	buf[1] = 0x82;			/* length octets cut off */
	assert_false(tpm_der_len(buf, 3, &len));
	buf[2] = 0xFF;			/* 65535 + 4 > 600 */
	buf[3] = 0xFF;
	assert_false(tpm_der_len(buf, sizeof(buf), &len));
	assert_int_equal(len, 0);
}

static void
ak_template(void **state)
{
	TPM2B_PUBLIC a, b;
	const TPMT_PUBLIC *t = &a.publicArea;

	(void)state;
	assert_true(tpm_ak_template(&a, PROV_AK_RSA2048));
	assert_true(tpm_ak_template(&b, PROV_AK_RSA2048));
	assert_memory_equal(&a, &b, sizeof(a));	/* deterministic */
	assert_int_equal(t->type, TPM2_ALG_RSA);
	assert_int_equal(t->nameAlg, TPM2_ALG_SHA256);
	assert_int_equal(t->objectAttributes, TPMA_OBJECT_RESTRICTED |
	    TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_FIXEDTPM |
	    TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
	    TPMA_OBJECT_USERWITHAUTH);
	assert_int_equal(t->authPolicy.size, 0);
	assert_int_equal(t->parameters.rsaDetail.scheme.scheme,
	    TPM2_ALG_RSASSA);
	assert_int_equal(t->parameters.rsaDetail.scheme.details.rsassa.hashAlg,
	    TPM2_ALG_SHA256);
	assert_int_equal(t->parameters.rsaDetail.keyBits, 2048);
	assert_int_equal(t->parameters.rsaDetail.symmetric.algorithm,
	    TPM2_ALG_NULL);
}

static void
ak_template_ecc(void **state)
{
	TPM2B_PUBLIC a;
	const TPMT_PUBLIC *t = &a.publicArea;

	(void)state;
	assert_true(tpm_ak_template(&a, PROV_AK_ECC_P256));
	assert_int_equal(t->type, TPM2_ALG_ECC);
	assert_int_equal(t->nameAlg, TPM2_ALG_SHA256);
	assert_int_equal(t->objectAttributes, TPMA_OBJECT_RESTRICTED |
	    TPMA_OBJECT_SIGN_ENCRYPT | TPMA_OBJECT_FIXEDTPM |
	    TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
	    TPMA_OBJECT_USERWITHAUTH);
	assert_int_equal(t->parameters.eccDetail.scheme.scheme,
	    TPM2_ALG_ECDSA);
	assert_int_equal(t->parameters.eccDetail.scheme.details.ecdsa.hashAlg,
	    TPM2_ALG_SHA256);
	assert_int_equal(t->parameters.eccDetail.curveID, TPM2_ECC_NIST_P256);
	assert_int_equal(t->parameters.eccDetail.kdf.scheme, TPM2_ALG_NULL);
	assert_int_equal(t->unique.ecc.x.size, 0);
	assert_false(tpm_ak_template(&a, (enum prov_ak)7));
}

static void
ek_pick(void **state)
{
	const uint32_t none[1] = { 0 };
	const uint32_t swtpm[] = { 0x01C00002u, 0x01C00016u };
	const uint32_t ecc_only[] = { 0x01C00014u };
	const uint32_t both_ecc[] = { 0x01C0000Au, 0x01C00014u };
	const struct tpm_ek_profile *ep;

	(void)state;
	/* No certificate: each kind's low-range EK (P-384 has only H-3). */
	ep = tpm_ek_profile_pick(PROV_EK_AUTO, none, 0);
	assert_int_equal(ep->ep_cert_index, 0x01C00002u);
	ep = tpm_ek_profile_pick(PROV_EK_ECC_P256, none, 0);
	assert_int_equal(ep->ep_cert_index, 0x01C0000Au);
	assert_false(ep->ep_is_high);
	ep = tpm_ek_profile_pick(PROV_EK_ECC_P384, none, 0);
	assert_int_equal(ep->ep_cert_index, 0x01C00016u);
	/* swtpm_setup's pair: RSA L-1 first; P-384 on request. */
	ep = tpm_ek_profile_pick(PROV_EK_AUTO, swtpm, 2);
	assert_int_equal(ep->ep_cert_index, 0x01C00002u);
	ep = tpm_ek_profile_pick(PROV_EK_ECC_P384, swtpm, 2);
	assert_int_equal(ep->ep_cert_index, 0x01C00016u);
	assert_true(ep->ep_is_high);
	/* Only a high-range P-256 certificate: AUTO and ecc-p256 find it. */
	ep = tpm_ek_profile_pick(PROV_EK_AUTO, ecc_only, 1);
	assert_int_equal(ep->ep_cert_index, 0x01C00014u);
	ep = tpm_ek_profile_pick(PROV_EK_ECC_P256, ecc_only, 1);
	assert_int_equal(ep->ep_cert_index, 0x01C00014u);
	ep = tpm_ek_profile_pick(PROV_EK_RSA2048, ecc_only, 1);
	assert_int_equal(ep->ep_cert_index, 0x01C00002u);
	/* Low range wins within a kind. */
	ep = tpm_ek_profile_pick(PROV_EK_ECC_P256, both_ecc, 2);
	assert_int_equal(ep->ep_cert_index, 0x01C0000Au);
	assert_null(tpm_ek_profile_pick((enum prov_ek)9, swtpm, 2));
}

static void
ek_templates(void **state)
{
	TPM2B_PUBLIC t;
	const TPMT_PUBLIC *a = &t.publicArea;
	const uint32_t h3[] = { 0x01C00016u }, l2[] = { 0x01C0000Au };

	(void)state;
	/* H-3: SHA-384 names, AES-256, userWithAuth, PolicyB (SHA-384),
	 * empty unique (EK Credential Profile 2.0, B.4). */
	tpm_ek_profile_template(tpm_ek_profile_pick(PROV_EK_ECC_P384, h3, 1),
	    &t);
	assert_int_equal(a->type, TPM2_ALG_ECC);
	assert_int_equal(a->nameAlg, TPM2_ALG_SHA384);
	assert_true(a->objectAttributes & TPMA_OBJECT_USERWITHAUTH);
	assert_true(a->objectAttributes & TPMA_OBJECT_ADMINWITHPOLICY);
	assert_int_equal(a->authPolicy.size, 48);
	assert_int_equal(a->parameters.eccDetail.symmetric.keyBits.aes, 256);
	assert_int_equal(a->parameters.eccDetail.curveID, TPM2_ECC_NIST_P384);
	assert_int_equal(a->unique.ecc.x.size, 0);
	/* L-2: PolicyA only, 32 zero bytes of x and y. */
	tpm_ek_profile_template(tpm_ek_profile_pick(PROV_EK_ECC_P256, l2, 1),
	    &t);
	assert_int_equal(a->nameAlg, TPM2_ALG_SHA256);
	assert_false(a->objectAttributes & TPMA_OBJECT_USERWITHAUTH);
	assert_int_equal(a->authPolicy.size, 32);
	assert_int_equal(a->authPolicy.buffer[0], 0x83);
	assert_int_equal(a->parameters.eccDetail.symmetric.keyBits.aes, 128);
	assert_int_equal(a->unique.ecc.x.size, 32);
	assert_int_equal(a->unique.ecc.y.size, 32);
}

static void
ek_kind_of_secret(void **state)
{
	TPM2B_ENCRYPTED_SECRET enc = { 0 };

	(void)state;
	enc.size = 256;
	assert_int_equal(tpm_ek_kind_of_secret(&enc), PROV_EK_RSA2048);
	/* TPMS_ECC_POINT: x, y as TPM2Bs. */
	memset(enc.secret, 0, sizeof(enc.secret));
	enc.secret[1] = 32;
	enc.secret[2 + 32 + 1] = 32;
	enc.size = 2 + 32 + 2 + 32;
	assert_int_equal(tpm_ek_kind_of_secret(&enc), PROV_EK_ECC_P256);
	enc.secret[1] = 48;
	enc.secret[2 + 48] = 0;
	enc.secret[2 + 48 + 1] = 48;
	enc.size = 2 + 48 + 2 + 48;
	assert_int_equal(tpm_ek_kind_of_secret(&enc), PROV_EK_ECC_P384);
	enc.size -= 1;			/* y cut short */
	assert_int_equal(tpm_ek_kind_of_secret(&enc), PROV_EK_AUTO);
	enc.size = 2 + 48 + 2 + 48 + 1;	/* a byte after the point */
	assert_int_equal(tpm_ek_kind_of_secret(&enc), PROV_EK_AUTO);
	enc.size = 128;			/* RSA 1024: no EK we make */
	assert_int_equal(tpm_ek_kind_of_secret(&enc), PROV_EK_AUTO);
	enc.size = 0;
	assert_int_equal(tpm_ek_kind_of_secret(&enc), PROV_EK_AUTO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(der_short_and_long_forms),
		cmocka_unit_test(der_refused),
		cmocka_unit_test(ak_template),
		cmocka_unit_test(ak_template_ecc),
		cmocka_unit_test(ek_pick),
		cmocka_unit_test(ek_templates),
		cmocka_unit_test(ek_kind_of_secret),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
