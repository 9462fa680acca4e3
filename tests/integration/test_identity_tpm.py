#!/usr/bin/python3
"""TPM residency evidence of the DevID, checked by a verifier written here
with python3-cryptography and tpm2-tools only (no arcsec code): the EK
certificate (from an swtpm manufactured by swtpm_setup with its local CA
playing the TPM maker) chains to that CA and holds the EK public key; the
AK is a fixed, restricted signing key; TPM2_Certify of the DevID by the AK
verifies, names the DevID's public area and carries the nonce; the DevID is
fixedTPM|fixedParent|sensitiveDataOrigin with its signing scheme set;
tpm2_makecredential (offline) against the EK and the AK name makes a
challenge that `arcsec attest activate` answers with the secret and a nonce
signature by the CSR's key; `devid export-spire` writes the SPIRE
tpm_devid files, whose blobs tpm2-tools load and sign with. Negative: a challenge for another TPM's EK is
refused with a clear error, evidence from TPM A with a CSR from TPM B and a
wrong nonce fail the verifier, ordinary clients cannot activate the AK, a
software DevID cannot answer a challenge."""
import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import ARCSEC, Daemon, Runner, default_config, pb_len, \
    pb_uint, pb_fields, pb_packed_uints  # noqa
from tpm_harness import Swtpm, tpm_provider, App, attrs, sign_alg, S  # noqa

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from evidence_verifier import (ALG_ECC, ALG_ECDSA, ALG_RSASSA,  # noqa
                               ALG_SHA256, ALG_SHA384, USER_WITH_AUTH,
                               Reader, Rejected, make_challenge, name_of,
                               parse_public, pub_equal, verify_evidence,
                               verify_nonce_sig)

DEV_SWTPM = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "..", "..", "scripts", "dev-swtpm")
ADMIN = "admin"
SOFT = ('[[provider]]\nprovider_type = "MbedCrypto"\n'
        'key_info_manager = "sqlite-manager"\n'
        'master_key_path = "@DIR@/soft.key"\n')

def manufacture(work, tag):
    """An swtpm state with EK and platform certificates, made by
    scripts/dev-swtpm (swtpm_setup with its local CA in our directory):
    (state directory, the EK maker's CA bundle)."""
    base = os.path.join(work, tag)
    p = subprocess.run([DEV_SWTPM, "manufacture", base],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, (p.stdout, p.stderr)
    return os.path.join(base, "state"), os.path.join(base, "ek-ca.pem")


def daemon(providers):
    d = Daemon(config_text="")
    text = default_config(d.sock, d.dir, auth="Direct", admins=(ADMIN,),
                          providers=providers, timeout=5000)
    with open(d.config, "w") as f:
        f.write(text.replace("@DIR@", d.dir))
    return d


def cli(d, *args):
    env = d.env()
    env["ARCSEC_IDENTITY_DIR"] = os.path.join(d.dir, "identity")
    p = subprocess.run([ARCSEC, "--app-name", ADMIN, *args], env=env,
                       capture_output=True, text=True, timeout=180)
    return p.returncode, p.stdout, p.stderr


def ok(d, *args):
    rc, out, err = cli(d, *args)
    assert rc == 0, (args, rc, out, err)
    return out


def evidence(d, work, tag, nonce, *extra):
    csr = os.path.join(work, "%s.csr" % tag)
    if not os.path.exists(csr):
        ok(d, "devid", "csr", "--cn", "device-%s" % tag, "--out", csr)
    out = os.path.join(work, "%s.evidence.json" % tag)
    ok(d, "attest", "evidence", "--nonce", nonce.hex(), "--csr", csr,
       "--out", out, *extra)
    with open(out) as f:
        return json.load(f)


def rejected(fn, *args, **kw):
    try:
        fn(*args, **kw)
    except Rejected as e:
        return str(e)
    raise AssertionError("the verifier accepted")


def t_residency(work):
    state_a, ca_a = manufacture(work, "a")
    tpm_a = Swtpm(state_dir=state_a).start()
    tpm_b = Swtpm().start()                # no EK certificate at all
    da = daemon(tpm_provider(tpm_a.tcti))
    db = daemon(tpm_provider(tpm_b.tcti))
    try:
        da.start()
        db.start()
        ok(da, "devid", "create", "--provider", "tpm")
        ok(db, "devid", "create", "--provider", "tpm", "--key-type",
           "rsa2048")
        nonce = os.urandom(32)
        ev = evidence(da, work, "a", nonce)
        assert ev["residency"].startswith("TPM: certified"), ev
        got = verify_evidence(ev, nonce, ek_ca=ca_a)
        assert got["devid"]["scheme"] == ALG_ECDSA and \
            got["devid"]["scheme_hash"] == ALG_SHA256, got
        # The same AK and EK after a restart of arcsecd and of the TPM.
        da.stop()
        tpm_a.restart()
        da.start()
        nonce2 = os.urandom(16)
        ev2 = evidence(da, work, "a", nonce2)
        got2 = verify_evidence(ev2, nonce2, ek_ca=ca_a)
        assert got2["ak"] == got["ak"] and got2["ek"] == got["ek"]

        # Activation: only this TPM recovers the secret.
        secret, cnonce = os.urandom(32), os.urandom(20)
        path, cred, enc = make_challenge(work, got["ek"], got["ak_name"],
                                         secret, cnonce, "a")
        resp = os.path.join(work, "a.response.json")
        ok(da, "attest", "activate", "--challenge", path, "--out", resp)
        assert os.stat(resp).st_mode & 0o077 == 0
        with open(resp) as f:
            r = json.load(f)
        assert base64.b64decode(r["secret"]) == secret
        csr_a = x509.load_pem_x509_csr(ev["csr"].encode())
        verify_nonce_sig(csr_a.public_key(), got["devid"],
                         base64.b64decode(r["nonce_signature"]), cnonce)

        # TPM B (RSA DevID, no EK certificate): its own evidence passes
        # all but the EK chain.
        ev_b = evidence(db, work, "b", nonce)
        assert ev_b["ek_cert"] == "", ev_b["ek_cert"][:40]
        assert ev_b["ek_cert_nv_index"] == 0x01C00002, ev_b
        show_b = json.loads(ok(db, "--json", "devid", "show"))
        assert show_b["ek_cert_present"] == "no" and \
            show_b["ek_cert_nv_indices"] == [], show_b
        assert "EK certificate:   no (this TPM holds none" in \
            ok(db, "devid", "show")
        got_b = verify_evidence(ev_b, nonce)
        assert got_b["devid"]["scheme"] == ALG_RSASSA

        # A challenge made for B's EK (with A's AK name) is refused by A.
        path, _, _ = make_challenge(work, got_b["ek"], got["ak_name"],
                                    secret, cnonce, "b-ek")
        rc, out, err = cli(da, "attest", "activate", "--challenge", path)
        assert rc == 1 and "not made for this TPM" in err and \
            secret.hex() not in out, (rc, out, err)
        # Garbage is refused before the TPM.
        bad = os.path.join(work, "bad.json")
        with open(bad, "w") as f:
            json.dump(dict(credential="AAA", secret="", nonce="AA=="), f)
        rc, out, err = cli(da, "attest", "activate", "--challenge", bad)
        assert rc == 1 and "credential" in err, (rc, out, err)

        # Evidence from A with B's CSR; a wrong nonce.
        mixed = dict(ev, csr=ev_b["csr"])
        why = rejected(verify_evidence, mixed, nonce, ek_ca=ca_a)
        assert "CSR key" in why, why
        why = rejected(verify_evidence, ev, os.urandom(32), ek_ca=ca_a)
        assert "nonce" in why, why
        # B's EK certificate is no certificate for A's EK either.
        swapped = dict(ev, ek_pub=ev_b["ek_pub"])
        assert "EK certificate" in rejected(verify_evidence, swapped, nonce,
                                            ek_ca=ca_a)

        # An ordinary client has keys in the TPM but may not activate the
        # device's AK; it may certify its own key.
        app = App(da, "plain")
        assert app.generate("k", attrs("ecc", 256, ("sign_hash",
                                       "verify_hash"), 6,
                                       sign_alg("ecdsa"))) == 0
        params = pb_len(2, pb_len(101, pb_len(1, cred) + pb_len(2, enc)))
        st, _ = app.call("attest_key", pb_len(1, "k") + params)
        assert st == S["not_permitted"], st
        params = pb_len(2, pb_len(100, pb_len(1, nonce)))
        st, f = app.call("attest_key", pb_len(1, "k") + params)
        assert st == 0, st
        params = pb_len(2, pb_len(100, pb_len(1, b"x" * 65)))
        st, f = app.call("attest_key", pb_len(1, "k") + params)
        assert st == S["invalid_argument"], st
        # An AK or EK outside the enums is refused before the TPM.
        params = pb_len(2, pb_len(100, pb_len(1, nonce) + pb_uint(2, 2)))
        st, f = app.call("attest_key", pb_len(1, "k") + params)
        assert st == S["invalid_argument"], st
        st, f = app.call("prepare_attestation", pb_len(1, pb_len(
            100, pb_len(1, "k") + pb_uint(2, 4))))
        assert st == S["invalid_argument"], st
        # Which EK certificates the TPM holds is public: anyone may ask.
        st, f = app.call("prepare_attestation",
                         pb_len(1, pb_len(102, b"")))
        assert st == 0, st
        out = dict((n, v) for n, _, v in pb_fields(f[1]))[102]
        # nv_indices (field 1): proto3 packs a repeated uint32.
        (field, wt, packed), = pb_fields(out)
        indices = pb_packed_uints(packed)
        assert (field, wt, indices) == (1, 2, [0x01C00002, 0x01C00016]), \
            (field, wt, indices)
    finally:
        for d in (da, db):
            d.stop(expect=None)
            d.cleanup()
        tpm_a.cleanup()
        tpm_b.cleanup()


def activate(d, work, tag, ek_pub, ak_pub, *extra):
    """A tpm2_makecredential challenge for (ek_pub, name of ak_pub),
    answered by `arcsec attest activate`: (rc, recovered secret, err)."""
    secret, cnonce = os.urandom(32), os.urandom(20)
    path, _, _ = make_challenge(work, ek_pub, name_of(ak_pub), secret,
                                cnonce, tag)
    rc, out, err = cli(d, "attest", "activate", "--challenge", path,
                       *extra)
    if rc != 0:
        return rc, None, err
    assert base64.b64decode(json.loads(out)["secret"]) == secret
    return rc, secret, err


def t_ecc_ek_ak(work):
    """The ECC endorsement keys and the ECC AK: swtpm_setup certifies an
    RSA 2048 EK (L-1) and an ECC P-384 EK (H-3); evidence with --ek
    ecc-p384 carries that certificate and an EK public the certificate is
    for (so our H-3 template is swtpm's), --ak ecc-p256 gives an ECDSA
    certify signature; tpm2_makecredential against the P-384 EK makes a
    challenge activate answers, the EK told by the secret's form. The L-2
    EK (no certificate on swtpm) is the key tpm2_createek -G ecc makes,
    and answers a challenge through its PolicySecret session."""
    state, ca = manufacture(work, "ecc")
    tpm = Swtpm(state_dir=state).start()
    d = daemon(tpm_provider(tpm.tcti))
    try:
        d.start()
        ok(d, "devid", "create", "--provider", "tpm")
        show = json.loads(ok(d, "--json", "devid", "show"))
        assert show["ek_cert_present"] == "yes" and \
            show["ek_cert_nv_indices"] == [0x01C00002, 0x01C00016], show
        text = ok(d, "devid", "show")
        assert "EK certificate:   yes: RSA 2048 (template L-1) at NV " \
            "0x01C00002, ECC P-384 (template H-3) at NV 0x01C00016" in \
            text, text

        nonce = os.urandom(32)
        ev = evidence(d, work, "ecc", nonce, "--ek", "ecc-p384", "--ak",
                      "ecc-p256")
        assert ev["ek_cert_nv_index"] == 0x01C00016, ev
        got = verify_evidence(ev, nonce, ek_ca=ca)
        # Another maker's CA does not vouch for this EK.
        other = os.path.join(work, "other-ca.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                        "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", other + ".key", "-out", other, "-subj",
                        "/CN=other-maker", "-days", "1"], check=True,
                       capture_output=True)
        assert "EK chain" in rejected(verify_evidence, ev, nonce,
                                      ek_ca=other)
        ek, ak = (parse_public(got[k]) for k in ("ek", "ak"))
        assert ek["type"] == ALG_ECC and ek["name_alg"] == ALG_SHA384 and \
            ek["attrs"] & USER_WITH_AUTH, ek
        assert ak["type"] == ALG_ECC and ak["scheme"] == ALG_ECDSA, ak
        # The default AK for this evidence would be another key: a
        # challenge for the ECC AK needs --ak ecc-p256 to answer.
        rc, secret, err = activate(d, work, "p384", got["ek"], got["ak"],
                                   "--ak", "ecc-p256")
        assert rc == 0, err
        rc, _, err = activate(d, work, "p384-rsa-ak", got["ek"], got["ak"])
        assert rc == 1 and "RSA 2048 attestation key" in err, err
        # Named explicitly, the wrong EK kind is refused by the TPM.
        rc, _, err = activate(d, work, "p384-as-rsa", got["ek"], got["ak"],
                              "--ak", "ecc-p256", "--ek", "rsa2048")
        assert rc == 1 and "not made for this TPM" in err, err

        # L-2: no certificate here, so the EK tpm2_createek -G ecc makes.
        ev2 = evidence(d, work, "ecc", nonce, "--ek", "ecc-p256")
        assert ev2["ek_cert"] == "" and \
            ev2["ek_cert_nv_index"] == 0x01C0000A, ev2
        got2 = verify_evidence(ev2, nonce)
        rc, _, err = activate(d, work, "l2", got2["ek"], got2["ak"])
        assert rc == 0, err
        d.stop()                        # swtpm serves one connection
        tpm.tool("tpm2_createek", "-G", "ecc", "-c", "ek.ctx", "-u",
                 "ek.pub", cwd=work)
        tpm.tool("tpm2_flushcontext", "-t", cwd=work)
        ek_tools = Reader(open(os.path.join(work, "ek.pub"), "rb").read())
        assert ek_tools.tpm2b() == got2["ek"]

        # Bad choices are usage errors, before any TPM work.
        d.start()
        rc, out, err = cli(d, "attest", "evidence", "--nonce", "00",
                           "--ek", "ecc-p521")
        assert rc == 2 and "--ek" in err, (rc, err)
        rc, out, err = cli(d, "attest", "evidence", "--nonce", "00",
                           "--ak", "rsa3072")
        assert rc == 2 and "--ak" in err, (rc, err)
    finally:
        d.stop(expect=None)
        d.cleanup()
        tpm.cleanup()


def t_soft_refused(work):
    d = daemon(SOFT)
    try:
        d.start()
        ok(d, "devid", "create", "--fallback", "software")
        path = os.path.join(work, "soft.challenge.json")
        with open(path, "w") as f:
            json.dump(dict(credential="AAA=", secret="AAA=", nonce="AA=="),
                      f)
        rc, out, err = cli(d, "attest", "activate", "--challenge", path)
        assert rc == 1 and "proof of residency needs a TPM DevID" in err, \
            (rc, out, err)
        show = json.loads(ok(d, "--json", "devid", "show"))
        assert show["ek_cert_present"] == "n/a" and \
            "ek_cert_nv_indices" not in show, show
        ev = json.loads(ok(d, "attest", "evidence", "--nonce", "00ff"))
        assert "certify_info" not in ev and \
            ev["residency"] == "not provable on this provider", ev
    finally:
        d.stop(expect=None)
        d.cleanup()


def t_export_spire(work):
    """devid export-spire: the three files SPIRE's tpm_devid agent reads;
    the blobs load with tpm2-tools under the high-range ECC SRK template
    (H-2) the agent re-creates, and the loaded key signs as the
    certificate's key."""
    tpm = Swtpm().start()
    d = daemon(tpm_provider(tpm.tcti))
    sw = os.path.join(work, "spire")
    os.makedirs(sw)
    try:
        d.start()
        ok(d, "devid", "create", "--provider", "tpm")
        rc, out, err = cli(d, "devid", "export-spire", "--dir", sw)
        assert rc == 1 and "devid install" in err, (rc, out, err)
        csr = os.path.join(sw, "devid.csr")
        ok(d, "devid", "csr", "--cn", "device-spire", "--out", csr)
        run = lambda *a: subprocess.run(a, cwd=sw, check=True,  # noqa
                                        capture_output=True)
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
            "-out", "ca.pem", "-subj", "/CN=test-ca", "-days", "1",
            "-addext", "basicConstraints=critical,CA:TRUE")
        run("openssl", "x509", "-req", "-in", "devid.csr", "-CA", "ca.pem",
            "-CAkey", "ca.key", "-CAcreateserial", "-out", "devid.pem",
            "-days", "1")
        ok(d, "devid", "install", "--cert", os.path.join(sw, "devid.pem"),
           "--chain", os.path.join(sw, "ca.pem"))
        plain, tss = os.path.join(sw, "plain"), os.path.join(sw, "tss")
        os.makedirs(plain)
        os.makedirs(tss)
        ok(d, "devid", "export-spire", "--dir", plain)
        ok(d, "devid", "export-spire", "--dir", tss, "--with-size-prefix")
        rd = lambda *p: open(os.path.join(*p), "rb").read()  # noqa
        end = b"-----END CERTIFICATE-----"
        certs = [x509.load_pem_x509_certificate(part + end) for part in
                 rd(plain, "devid.crt.pem").split(end) if part.strip()]
        assert [c.subject.rfc4514_string() for c in certs] == \
            ["CN=device-spire", "CN=test-ca"], certs
        assert os.stat(os.path.join(plain, "devid.priv.blob")).st_mode & \
            0o077 == 0
        for f in ("devid.priv.blob", "devid.pub.blob"):
            a, b = rd(plain, f), rd(tss, f)
            assert b == struct.pack(">H", len(a)) + a, f
        pub = parse_public(rd(plain, "devid.pub.blob"))
        assert pub_equal(pub["key"], certs[0].public_key())
        assert pub["scheme"] == ALG_ECDSA and pub["scheme_hash"] == ALG_SHA256

        # Only administrators get a key's blob.
        app = App(d, "plain")
        assert app.generate("k", attrs("ecc", 256, ("sign_hash",), 6,
                                       sign_alg("ecdsa"))) == 0
        st, _ = app.call("prepare_attestation",
                         pb_len(1, pb_len(101, pb_len(1, "k"))))
        assert st == S["not_permitted"], st

        # What the agent does: re-create the SRK (H-2), load, sign.
        d.stop()                        # swtpm serves one connection
        tpm.tool("tpm2_createprimary", "-C", "o", "-g", "sha256", "-G",
                 "ecc256:null:aes128cfb", "-a",
                 "restricted|decrypt|fixedtpm|fixedparent|"
                 "sensitivedataorigin|userwithauth|noda",
                 "-c", "srk.ctx", cwd=tss)
        tpm.tool("tpm2_flushcontext", "-t", cwd=tss)
        tpm.tool("tpm2_load", "-C", "srk.ctx", "-u", "devid.pub.blob", "-r",
                 "devid.priv.blob", "-c", "devid.ctx", cwd=tss)
        tpm.tool("tpm2_flushcontext", "-t", cwd=tss)
        with open(os.path.join(tss, "msg"), "wb") as f:
            f.write(b"spire nonce")
        tpm.tool("tpm2_sign", "-c", "devid.ctx", "-g", "sha256", "-f",
                 "plain", "-o", "sig", "msg", cwd=tss)
        certs[0].public_key().verify(rd(tss, "sig"), b"spire nonce",
                                     ec.ECDSA(hashes.SHA256()))

        # An RSA DevID would need the RSA SRK (H-1): refused, said why.
        d.start()
        ok(d, "devid", "create", "--force", "--key-type", "rsa2048")
        rc, out, err = cli(d, "devid", "export-spire", "--dir", plain)
        assert rc == 1 and "must be ECC" in err, (rc, out, err)
    finally:
        d.stop(expect=None)
        d.cleanup()
        tpm.cleanup()


def main():
    r = Runner()
    work = tempfile.mkdtemp(prefix="arcsec-identity-tpm-")
    r.run("TPM residency: evidence, independent verifier, activation",
          t_residency, work)
    r.run("ECC EKs (L-2, H-3) and the ECC AK", t_ecc_ek_ak, work)
    r.run("software DevID: no activation", t_soft_refused, work)
    r.run("devid export-spire: SPIRE tpm_devid files, loaded by tpm2-tools",
          t_export_spire, work)
    try:
        r.finish()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
