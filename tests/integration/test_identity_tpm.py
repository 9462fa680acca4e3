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
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import ARCSEC, Daemon, Runner, default_config, pb_len, \
    pb_uint, pb_fields  # noqa
from tpm_harness import Swtpm, tpm_provider, App, attrs, sign_alg, S  # noqa

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa  # noqa
from cryptography.hazmat.primitives.asymmetric.utils import \
    encode_dss_signature  # noqa: E402

ADMIN = "admin"
SOFT = ('[[provider]]\nprovider_type = "MbedCrypto"\n'
        'key_info_manager = "sqlite-manager"\n'
        'master_key_path = "@DIR@/soft.key"\n')

# TPM 2.0 Part 2 constants.
ALG_RSA, ALG_NULL, ALG_SHA256, ALG_SHA384 = 0x0001, 0x0010, 0x000B, 0x000C
ALG_RSASSA, ALG_ECDSA, ALG_ECC = 0x0014, 0x0018, 0x0023
FIXED_TPM, FIXED_PARENT, SENSITIVE_DATA_ORIGIN = 0x2, 0x10, 0x20
USER_WITH_AUTH, RESTRICTED, DECRYPT, SIGN = 0x40, 0x10000, 0x20000, 0x40000
GENERATED_VALUE, ST_ATTEST_CERTIFY = 0xff544347, 0x8017
CURVES = {0x0003: ec.SECP256R1(), 0x0004: ec.SECP384R1()}
HASHES = {ALG_SHA256: hashes.SHA256(), ALG_SHA384: hashes.SHA384()}


class Reader:
    """Big-endian TPM unmarshalling; every read is bounds-checked."""
    def __init__(self, data):
        self.data, self.off = data, 0

    def take(self, n):
        if n > len(self.data) - self.off:
            raise ValueError("truncated")
        b = self.data[self.off:self.off + n]
        self.off += n
        return b

    def u16(self):
        return struct.unpack(">H", self.take(2))[0]

    def u32(self):
        return struct.unpack(">I", self.take(4))[0]

    def u64(self):
        return struct.unpack(">Q", self.take(8))[0]

    def tpm2b(self):
        return self.take(self.u16())

    def end(self):
        if self.off != len(self.data):
            raise ValueError("trailing bytes")


def parse_public(data):
    """TPMT_PUBLIC -> dict (RSA and ECC, the schemes arcsec uses)."""
    r = Reader(data)
    p = dict(type=r.u16(), name_alg=r.u16(), attrs=r.u32(),
             policy=r.tpm2b())
    sym = r.u16()
    if sym != ALG_NULL:
        r.u16(), r.u16()                   # keyBits, mode
    p["sym"] = sym
    p["scheme"] = r.u16()
    p["scheme_hash"] = r.u16() if p["scheme"] != ALG_NULL else None
    if p["type"] == ALG_RSA:
        p["bits"], exp = r.u16(), r.u32()
        n = int.from_bytes(r.tpm2b(), "big")
        p["key"] = rsa.RSAPublicNumbers(exp or 65537, n).public_key()
    elif p["type"] == ALG_ECC:
        curve = r.u16()
        kdf = r.u16()
        if kdf != ALG_NULL:
            r.u16()
        x, y = r.tpm2b(), r.tpm2b()
        p["key"] = ec.EllipticCurvePublicNumbers(
            int.from_bytes(x, "big"), int.from_bytes(y, "big"),
            CURVES[curve]).public_key()
    else:
        raise ValueError("key type %#x" % p["type"])
    r.end()
    return p


def parse_certify_info(data):
    """TPMS_ATTEST of TPM2_Certify -> dict."""
    r = Reader(data)
    a = dict(magic=r.u32(), type=r.u16(), signer=r.tpm2b(),
             extra=r.tpm2b())
    r.take(17)                             # clockInfo
    r.u64()                                # firmwareVersion
    a["name"], a["qualified_name"] = r.tpm2b(), r.tpm2b()
    r.end()
    return a


def name_of(public):
    """TPM name: nameAlg || H_nameAlg(TPMT_PUBLIC)."""
    alg = struct.unpack(">H", public[2:4])[0]
    h = {ALG_SHA256: hashlib.sha256, ALG_SHA384: hashlib.sha384}[alg]
    return struct.pack(">H", alg) + h(public).digest()


def varint_spans(buf):
    """(start, end) of each varint in a packed field."""
    start = 0
    for i, byte in enumerate(buf):
        if not byte & 0x80:
            yield start, i + 1
            start = i + 1


def pub_equal(a, b):
    return a.public_numbers() == b.public_numbers()


class Rejected(Exception):
    pass


def check(cond, why):
    if not cond:
        raise Rejected(why)


def verify_evidence(ev, nonce, ca_dir=None):
    """The verifier: every check a fleet server makes on evidence, with
    python3-cryptography only. Returns the parsed pieces; raises Rejected."""
    b = dict((k, base64.b64decode(ev[k], validate=True))
             for k in ("nonce", "ek_pub", "ak_pub", "devid_pub",
                       "certify_info", "certify_signature", "ek_cert",
                       "nonce_signature"))
    check(b["nonce"] == nonce, "not our nonce")
    ek, ak, devid = (parse_public(b[k]) for k in
                     ("ek_pub", "ak_pub", "devid_pub"))
    # The EK certificate chains to the manufacturer CA and holds the EK.
    if ca_dir is not None:
        check(len(b["ek_cert"]) > 0, "no EK certificate")
        cert = x509.load_der_x509_certificate(b["ek_cert"])
        chain = [x509.load_pem_x509_certificate(open(os.path.join(
            ca_dir, f), "rb").read()) for f in
            ("issuercert.pem", "swtpm-localca-rootca-cert.pem")]
        for child, parent in zip([cert] + chain[:-1], chain):
            check(child.issuer == parent.subject, "EK chain names")
            parent.public_key().verify(
                child.signature, child.tbs_certificate_bytes,
                padding.PKCS1v15() if isinstance(
                    parent.public_key(), rsa.RSAPublicKey) else
                ec.ECDSA(child.signature_hash_algorithm),
                *([child.signature_hash_algorithm] if isinstance(
                    parent.public_key(), rsa.RSAPublicKey) else []))
        check(pub_equal(cert.public_key(), ek["key"]),
              "EK certificate is not for ek_pub")
    # The AK: restricted signing, fixed to this TPM.
    need = RESTRICTED | SIGN | FIXED_TPM | FIXED_PARENT | \
        SENSITIVE_DATA_ORIGIN
    check(ak["attrs"] & need == need and not ak["attrs"] & DECRYPT,
          "AK is not a fixed restricted signing key")
    check(ak["scheme_hash"] == ALG_SHA256 and
          ak["scheme"] == (ALG_RSASSA if ak["type"] == ALG_RSA else
                           ALG_ECDSA), "AK scheme")
    # Certify: signed by the AK, over the DevID's name and the nonce.
    r = Reader(b["certify_signature"])
    sig_alg, sig_hash = r.u16(), r.u16()
    if sig_alg == ALG_ECDSA:               # TPMS_SIGNATURE_ECC: r, s
        sig = encode_dss_signature(int.from_bytes(r.tpm2b(), "big"),
                                   int.from_bytes(r.tpm2b(), "big"))
    else:
        sig = r.tpm2b()
    r.end()
    check(sig_alg == ak["scheme"] and sig_hash == ALG_SHA256, "sig scheme")
    try:
        if sig_alg == ALG_ECDSA:
            ak["key"].verify(sig, b["certify_info"],
                             ec.ECDSA(hashes.SHA256()))
        else:
            ak["key"].verify(sig, b["certify_info"], padding.PKCS1v15(),
                             hashes.SHA256())
    except Exception:
        raise Rejected("certify signature does not verify with ak_pub")
    info = parse_certify_info(b["certify_info"])
    check(info["magic"] == GENERATED_VALUE and
          info["type"] == ST_ATTEST_CERTIFY, "not a TPM-made Certify")
    check(info["extra"] == nonce, "certify is not over our nonce")
    check(info["name"] == name_of(b["devid_pub"]),
          "certified name is not devid_pub's")
    need = FIXED_TPM | FIXED_PARENT | SENSITIVE_DATA_ORIGIN | SIGN
    check(devid["attrs"] & need == need, "DevID attributes")
    check(not devid["attrs"] & (RESTRICTED | DECRYPT), "DevID restricted")
    check(devid["scheme"] in (ALG_ECDSA, ALG_RSASSA) and
          devid["scheme_hash"] in HASHES, "DevID signing scheme not set")
    # The CSR's key is the certified DevID, and signed the nonce.
    csr = x509.load_pem_x509_csr(ev["csr"].encode())
    check(csr.is_signature_valid, "CSR signature")
    check(pub_equal(csr.public_key(), devid["key"]),
          "CSR key is not the certified DevID")
    verify_nonce_sig(csr.public_key(), devid, b["nonce_signature"], nonce)
    return dict(ek=b["ek_pub"], ak=b["ak_pub"], ak_name=name_of(b["ak_pub"]),
                devid=devid)


def verify_nonce_sig(key, devid, sig, nonce):
    h = HASHES[devid["scheme_hash"]]
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(sig, nonce, padding.PKCS1v15(), h)
        else:
            key.verify(sig, nonce, ec.ECDSA(h))
    except Exception:
        raise Rejected("nonce signature")


def make_challenge(work, ek_pub, ak_name, secret, nonce, tag):
    """tpm2_makecredential offline (-T none) -> challenge.json."""
    ek_file = os.path.join(work, "%s.ek.pub" % tag)
    with open(ek_file, "wb") as f:                 # TPM2B_PUBLIC
        f.write(struct.pack(">H", len(ek_pub)) + ek_pub)
    sec_file = os.path.join(work, "%s.secret" % tag)
    with open(sec_file, "wb") as f:
        f.write(secret)
    out = os.path.join(work, "%s.cred" % tag)
    p = subprocess.run(["tpm2_makecredential", "-T", "none", "-u", ek_file,
                        "-s", sec_file, "-n", ak_name.hex(), "-o", out],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    r = Reader(open(out, "rb").read())
    assert r.u32() == 0xBADCC0DE and r.u32() == 1
    start = r.off
    r.tpm2b()
    cred = r.data[start:r.off]
    start = r.off
    r.tpm2b()
    enc = r.data[start:r.off]
    r.end()
    path = os.path.join(work, "%s.challenge.json" % tag)
    with open(path, "w") as f:
        json.dump(dict(credential=base64.b64encode(cred).decode(),
                       secret=base64.b64encode(enc).decode(),
                       nonce=base64.b64encode(nonce).decode()), f)
    return path, cred, enc


def manufacture(work, tag):
    """An swtpm state with EK and platform certificates from swtpm_setup,
    with every swtpm-localca file in our own directory."""
    base = os.path.join(work, tag)
    state, ca = os.path.join(base, "state"), os.path.join(base, "ca")
    os.makedirs(state)
    os.makedirs(ca)
    conf = os.path.join(base, "swtpm_setup.conf")
    with open(os.path.join(base, "swtpm-localca.conf"), "w") as f:
        f.write("statedir = %s\nsigningkey = %s/signkey.pem\n"
                "issuercert = %s/issuercert.pem\n"
                "certserial = %s/certserial\n" % (ca, ca, ca, ca))
    with open(os.path.join(base, "swtpm-localca.options"), "w") as f:
        f.write("--platform-manufacturer arcsec-test\n"
                "--platform-version 2.1\n--platform-model swtpm\n")
    with open(conf, "w") as f:
        f.write("create_certs_tool = %s\n"
                "create_certs_tool_config = %s/swtpm-localca.conf\n"
                "create_certs_tool_options = %s/swtpm-localca.options\n"
                "active_pcr_banks = sha256\n" % (
                    shutil.which("swtpm_localca"), base, base))
    p = subprocess.run(["swtpm_setup", "--tpm2", "--tpmstate", state,
                        "--create-ek-cert", "--create-platform-cert",
                        "--config", conf, "--overwrite"],
                       capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, XDG_CONFIG_HOME=base))
    assert p.returncode == 0, (p.stdout, p.stderr)
    return state, ca


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
        got = verify_evidence(ev, nonce, ca_dir=ca_a)
        assert got["devid"]["scheme"] == ALG_ECDSA and \
            got["devid"]["scheme_hash"] == ALG_SHA256, got
        # The same AK and EK after a restart of arcsecd and of the TPM.
        da.stop()
        tpm_a.restart()
        da.start()
        nonce2 = os.urandom(16)
        ev2 = evidence(da, work, "a", nonce2)
        got2 = verify_evidence(ev2, nonce2, ca_dir=ca_a)
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
        why = rejected(verify_evidence, mixed, nonce, ca_dir=ca_a)
        assert "CSR key" in why, why
        why = rejected(verify_evidence, ev, os.urandom(32), ca_dir=ca_a)
        assert "nonce" in why, why
        # B's EK certificate is no certificate for A's EK either.
        swapped = dict(ev, ek_pub=ev_b["ek_pub"])
        assert "EK certificate" in rejected(verify_evidence, swapped, nonce,
                                            ca_dir=ca_a)

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
        indices = [v for _, _, v in pb_fields(b"".join(
            b"\x08" + packed[i:j] for i, j in varint_spans(packed)))]
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
        got = verify_evidence(ev, nonce, ca_dir=ca)
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
