#!/usr/bin/python3
"""tests/integration/evidence_verifier.py: an independent verifier of
arcsec's DevID evidence (docs/identity.md, "Evidence"), written with
python3-cryptography and tpm2-tools only, no arcsec code. The tests import
it; people run it to check what their device produced:

  evidence_verifier.py verify --evidence E.json --nonce HEX [--ek-ca PEM]
  evidence_verifier.py challenge --evidence E.json --out C.json \
      --secret-out S.bin
  evidence_verifier.py response --evidence E.json --challenge C.json \
      --secret S.bin --response R.json

verify: every check of docs/identity.md, "Verifying TPM evidence", steps
1-6 (step 2 with --ek-ca, the TPM makers' CA bundle); challenge: step 7's
tpm2_makecredential against the evidence's EK and AK name, with a fresh
secret and nonce; response: the device's answer holds that secret and a
nonce signature by the CSR's key. Exit 0 accepted, 1 rejected, 2 usage."""
import argparse
import base64
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import \
    encode_dss_signature

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


def pub_equal(a, b):
    return a.public_numbers() == b.public_numbers()


class Rejected(Exception):
    pass


def check(cond, why):
    if not cond:
        raise Rejected(why)


def verify_signed_by(child, parent):
    key = parent.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(child.signature, child.tbs_certificate_bytes,
                       padding.PKCS1v15(), child.signature_hash_algorithm)
        else:
            key.verify(child.signature, child.tbs_certificate_bytes,
                       ec.ECDSA(child.signature_hash_algorithm))
    except Exception:
        raise Rejected("EK chain: %s does not verify under %s" % (
            child.subject.rfc4514_string(), parent.subject.rfc4514_string()))


def verify_chain(cert, ca_pem):
    """cert chains, by names and signatures, to a self-signed root in the
    PEM bundle ca_pem (intermediates and roots the verifier trusts)."""
    end = b"-----END CERTIFICATE-----"
    with open(ca_pem, "rb") as f:
        bundle = [x509.load_pem_x509_certificate(part + end)
                  for part in f.read().split(end) if part.strip()]
    child = cert
    for _ in range(8):
        parents = [c for c in bundle if c.subject == child.issuer]
        check(parents, "EK chain: no CA in %s issued %s" % (
            ca_pem, child.subject.rfc4514_string() or "the EK certificate"))
        verify_signed_by(child, parents[0])
        if parents[0].subject == parents[0].issuer:
            verify_signed_by(parents[0], parents[0])
            return
        child = parents[0]
    raise Rejected("EK chain too long")


def verify_evidence(ev, nonce, ek_ca=None):
    """The verifier: every check a fleet server makes on evidence, with
    python3-cryptography only; ek_ca: the TPM makers' CA bundle (PEM),
    None to skip the EK certificate. Returns the parsed pieces; raises
    Rejected."""
    b = dict((k, base64.b64decode(ev[k], validate=True))
             for k in ("nonce", "ek_pub", "ak_pub", "devid_pub",
                       "certify_info", "certify_signature", "ek_cert",
                       "nonce_signature"))
    check(b["nonce"] == nonce, "not our nonce")
    ek, ak, devid = (parse_public(b[k]) for k in
                     ("ek_pub", "ak_pub", "devid_pub"))
    # The EK certificate chains to the TPM maker's CA and holds the EK.
    if ek_ca is not None:
        check(len(b["ek_cert"]) > 0, "no EK certificate")
        cert = x509.load_der_x509_certificate(b["ek_cert"])
        verify_chain(cert, ek_ca)
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
    """tpm2_makecredential offline (-T none) -> challenge.json: (its path,
    the TPM2B_ID_OBJECT, the TPM2B_ENCRYPTED_SECRET)."""
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
    if p.returncode != 0:
        raise RuntimeError("tpm2_makecredential: " + p.stderr.strip())
    r = Reader(open(out, "rb").read())
    if r.u32() != 0xBADCC0DE or r.u32() != 1:
        raise RuntimeError("tpm2_makecredential wrote no credential file")
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


def load_json(path):
    with open(path) as f:
        return json.load(f)


def cmd_verify(a):
    ev = load_json(a.evidence)
    got = verify_evidence(ev, bytes.fromhex(a.nonce), ek_ca=a.ek_ca)
    ek = parse_public(got["ek"])
    print("evidence accepted: DevID %s in the TPM whose %s EK %s" % (
        ev.get("devid_key_name", "?"),
        "RSA" if ek["type"] == ALG_RSA else "ECC",
        "chains to %s" % a.ek_ca if a.ek_ca else
        "is not checked against a maker's CA (no --ek-ca)"))


def cmd_challenge(a):
    ev = load_json(a.evidence)
    b = dict((k, base64.b64decode(ev[k], validate=True))
             for k in ("ek_pub", "ak_pub"))
    secret, nonce = os.urandom(32), os.urandom(32)
    work = tempfile.mkdtemp(prefix="arcsec-verifier-")
    try:
        path, _, _ = make_challenge(work, b["ek_pub"], name_of(b["ak_pub"]),
                                    secret, nonce, "c")
        with open(path) as f:
            text = f.read()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with open(a.out, "w") as f:
        f.write(text)
    fd = os.open(a.secret_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secret)
    print("challenge written to %s; the secret (keep it) to %s" % (
        a.out, a.secret_out))


def cmd_response(a):
    ev = load_json(a.evidence)
    ch, resp = load_json(a.challenge), load_json(a.response)
    with open(a.secret, "rb") as f:
        secret = f.read()
    check(base64.b64decode(resp["secret"], validate=True) == secret,
          "the device did not recover our secret")
    csr = x509.load_pem_x509_csr(ev["csr"].encode())
    devid = parse_public(base64.b64decode(ev["devid_pub"], validate=True))
    verify_nonce_sig(csr.public_key(), devid,
                     base64.b64decode(resp["nonce_signature"], validate=True),
                     base64.b64decode(ch["nonce"], validate=True))
    print("response accepted: the TPM holding the EK activated the AK, "
          "and the DevID signed the challenge nonce")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("verify")
    v.add_argument("--evidence", required=True)
    v.add_argument("--nonce", required=True, help="the nonce sent, hex")
    v.add_argument("--ek-ca", help="PEM bundle of TPM makers' CAs")
    c = sub.add_parser("challenge")
    c.add_argument("--evidence", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--secret-out", required=True)
    r = sub.add_parser("response")
    r.add_argument("--evidence", required=True)
    r.add_argument("--challenge", required=True)
    r.add_argument("--secret", required=True)
    r.add_argument("--response", required=True)
    a = p.parse_args()
    try:
        dict(verify=cmd_verify, challenge=cmd_challenge,
             response=cmd_response)[a.cmd](a)
    except (Rejected, ValueError, KeyError, OSError, RuntimeError) as e:
        print("rejected: %s" % (e,), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
