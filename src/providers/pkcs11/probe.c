/* providers/pkcs11/probe.c: find out, at open, what a token does with a
 * mechanism's parameters where its mechanism list cannot say: the OAEP
 * hashes and labels it accepts. A throwaway session key pair is used, and
 * gone with its session. */
#include "providers/pkcs11/p11_int.h"

#include "common/log.h"

/* 1536 bits: room for OAEP with SHA-512 (k >= 2 * 64 + 2, RFC 8017
 * §7.1.1), and quick to generate. */
#define P11_PROBE_RSA_BITS	1536u

static const psa_algorithm_t p11_probe_hashes[] = { PSA_ALG_SHA_1,
	PSA_ALG_SHA_224, PSA_ALG_SHA_256, PSA_ALG_SHA_384, PSA_ALG_SHA_512 };

bool
p11_oaep_hash_ok(const struct prov *p, psa_algorithm_t hash)
{
	return (p->p_oaep_hashes & (1u << (hash & 0x1fu))) != 0;
}

/* One encryption with OAEP(hash) and an optional label; true if the
 * token did it. A refused init leaves no operation behind; a finished
 * C_Encrypt ends the one it started. */
static bool
p11_probe_oaep_one(struct prov *p, CK_SESSION_HANDLE sh, CK_OBJECT_HANDLE pub,
    psa_algorithm_t hash, bool with_label)
{
	CK_RSA_PKCS_OAEP_PARAMS oaep = { 0 };
	CK_MECHANISM mech = { CKM_RSA_PKCS_OAEP, &oaep, sizeof(oaep) };
	CK_BYTE label[] = "label", in[1] = { 0x42 }, out[P11_PROBE_RSA_BITS / 8];
	CK_ULONG out_len = sizeof(out);

	if (!p11_hash_mech(hash, &oaep.hashAlg, &oaep.mgf))
		return false;
	oaep.source = CKZ_DATA_SPECIFIED;
	if (with_label) {
		oaep.pSourceData = label;
		oaep.ulSourceDataLen = sizeof(label) - 1;
	}
	if (p->p_fn->C_EncryptInit(sh, &mech, pub) != CKR_OK)
		return false;
	return p->p_fn->C_Encrypt(sh, in, sizeof(in), out, &out_len) ==
	    CKR_OK;
}

void
p11_probe_oaep(struct prov *p)
{
	struct p11_session s = { CK_INVALID_HANDLE, 0 };
	CK_MECHANISM gen = { CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0 };
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_ULONG bits = P11_PROBE_RSA_BITS;
	CK_BYTE f4[] = { 0x01, 0x00, 0x01 };
	CK_ATTRIBUTE pub_t[] = {
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_ENCRYPT, &yes, sizeof(yes) },
		{ CKA_MODULUS_BITS, &bits, sizeof(bits) },
		{ CKA_PUBLIC_EXPONENT, f4, sizeof(f4) },
	};
	CK_ATTRIBUTE priv_t[] = {
		{ CKA_TOKEN, &no, sizeof(no) },
		{ CKA_DECRYPT, &yes, sizeof(yes) },
	};
	CK_OBJECT_HANDLE pub, priv;
	psa_algorithm_t labelled = 0;
	CK_RV rv;

	p->p_oaep_hashes = 0;
	p->p_oaep_label_ok = false;
	if (p11_session_get(p, &s) != PSA_SUCCESS)
		return;
	rv = p->p_fn->C_GenerateKeyPair(s.ps_handle, &gen, pub_t,
	    P11_NELEM(pub_t), priv_t, P11_NELEM(priv_t), &pub, &priv);
	if (rv != CKR_OK) {
		log_warnx("pkcs11: token %s: OAEP probe: %s; OAEP not offered",
		    p->p_serial, p11_rv_name(rv));
		goto out;
	}
	for (size_t i = 0; i < P11_NELEM(p11_probe_hashes); i++)
		if (p11_probe_oaep_one(p, s.ps_handle, pub,
		    p11_probe_hashes[i], false)) {
			p->p_oaep_hashes |= 1u << (p11_probe_hashes[i] & 0x1fu);
			labelled = p11_probe_hashes[i];
		}
	if (labelled != 0)
		p->p_oaep_label_ok = p11_probe_oaep_one(p, s.ps_handle, pub,
		    labelled, true);
	log_info("pkcs11: token %s: OAEP hashes 0x%x, labels %s", p->p_serial,
	    p->p_oaep_hashes, p->p_oaep_label_ok ? "accepted" : "refused");
	rv = CKR_FUNCTION_CANCELED;	/* close it: its session keys go too */
out:
	p11_session_put(p, &s, rv);
}
