#!/usr/bin/python3
"""The device-identity commands on a service with no TPM and no token: the
refusal without a fallback, the software fallback that says so, the DevID
CSR verified by `openssl req -verify` and read back with `openssl req
-text`, a certificate issued by an openssl test CA and installed (and one
for another key refused), `devid show`, `openssl verify` on the installed
chain, --force replacing the key, persistence across a restart, and the
evidence checked by python3-cryptography (never by arcsec's code)."""
import base64
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import ARCSEC, Daemon, Runner  # noqa: E402

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa
from cryptography.hazmat.primitives.asymmetric import ec, padding  # noqa

ADMIN = "admin"


def cli(d, *args, app=ADMIN, env_extra=None):
    env = d.env()
    env["ARCSEC_IDENTITY_DIR"] = os.path.join(d.dir, "identity")
    if env_extra:
        env.update(env_extra)
    p = subprocess.run([ARCSEC, "--app-name", app, *args], env=env,
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def ok(d, *args, **kw):
    rc, out, err = cli(d, *args, **kw)
    assert rc == 0, (args, rc, out, err)
    return out, err


def ossl(*args, check=True):
    p = subprocess.run(["openssl", *args], capture_output=True, text=True,
                       timeout=60)
    if check:
        assert p.returncode == 0, (args, p.returncode, p.stdout, p.stderr)
    return p


class CA:
    """A two-level openssl test CA: root and intermediate."""
    def __init__(self, work):
        self.dir = work
        self.root_key = self.path("root.key")
        self.root = self.path("root.pem")
        self.int_key = self.path("int.key")
        self.int_csr = self.path("int.csr")
        self.int = self.path("int.pem")
        ext = self.path("ca.ext")
        with open(ext, "w") as f:
            f.write("basicConstraints=critical,CA:TRUE\n"
                    "keyUsage=critical,keyCertSign,cRLSign\n")
        ossl("req", "-x509", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:P-256", "-nodes", "-keyout", self.root_key,
             "-out", self.root, "-subj", "/CN=arcsec test root", "-days",
             "2", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        ossl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-keyout", self.int_key, "-out", self.int_csr,
             "-subj", "/CN=arcsec test intermediate")
        ossl("x509", "-req", "-in", self.int_csr, "-CA", self.root,
             "-CAkey", self.root_key, "-CAcreateserial", "-out", self.int,
             "-days", "2", "-extfile", ext)

    def path(self, name):
        return os.path.join(self.dir, name)

    def issue(self, csr_path, out_name):
        ext = self.path("leaf.ext")
        with open(ext, "w") as f:
            f.write("subjectAltName=DNS:dev42.example,"
                    "URI:spiffe://fleet.example/device/0042\n"
                    "keyUsage=critical,digitalSignature\n")
        out = self.path(out_name)
        ossl("x509", "-req", "-in", csr_path, "-CA", self.int, "-CAkey",
             self.int_key, "-CAcreateserial", "-out", out, "-days", "1",
             "-extfile", ext)
        return out


def soft_only(d):
    return ('[[provider]]\nprovider_type = "MbedCrypto"\n'
            'key_info_manager = "sqlite-manager"\n'
            'master_key_path = "@DIR@/soft.key"\n')


def t_refused_without_fallback(d, work):
    rc, out, err = cli(d, "devid", "create")
    assert rc == 1, (rc, out, err)
    assert "no TPM" in err and "fallback" in err, err
    rc, out, err = cli(d, "devid", "show")
    assert rc == 1 and "no DevID" in err, (rc, err)
    # Not an administrator: refused, whatever exists.
    rc, out, err = cli(d, "devid", "create", "--fallback", "software",
                       app="bob")
    assert rc == 1 and "NotPermitted" in err, (rc, err)
    rc, _, err = cli(d, "devid", "create", "--key-type", "dsa")
    assert rc == 2, (rc, err)


def t_software_fallback(d, work):
    out, err = ok(d, "devid", "create", "--fallback", "software")
    assert "hardware-backed: no" in out and "warning" in err, (out, err)
    rc, _, err = cli(d, "devid", "create", "--fallback", "software")
    assert rc == 1 and "--force" in err, err
    out, _ = ok(d, "--json", "devid", "show")
    show = json.loads(out)
    assert show["provider"] == "software" and \
        show["hardware_backed"] == "no" and \
        show["key_name"] == "@arcsec/devid-1", show
    assert "certificate" not in show


def t_csr_and_install(d, work, ca):
    csr = os.path.join(work, "devid.csr")
    ok(d, "devid", "csr", "--cn", "device-42", "--serial", "0042", "--o",
       "Example Fleet", "--san", "uri:spiffe://fleet.example/device/0042",
       "--san", "dns:dev42.example", "--out", csr)
    ossl("req", "-verify", "-noout", "-in", csr)
    text = ossl("req", "-text", "-noout", "-in", csr).stdout
    assert "CN = device-42" in text and "serialNumber = 0042" in text, text
    assert "URI:spiffe://fleet.example/device/0042" in text, text
    assert "DNS:dev42.example" in text, text
    rc, _, err = cli(d, "devid", "csr", "--san", "uri:spiffe://Bad/x")
    assert rc == 2, (rc, err)
    cert = ca.issue(csr, "devid.pem")
    # A certificate for another key is refused.
    other_key = os.path.join(work, "other.key")
    other_csr = os.path.join(work, "other.csr")
    ossl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", other_key, "-out", other_csr, "-subj",
         "/CN=impostor")
    other = ca.issue(other_csr, "other.pem")
    rc, _, err = cli(d, "devid", "install", "--cert", other, "--chain",
                     ca.int)
    assert rc == 1 and "not the DevID" in err, (rc, err)
    # A chain that did not issue it is refused.
    rc, _, err = cli(d, "devid", "install", "--cert", cert, "--chain",
                     ca.root)
    assert rc == 1 and "chain" in err, (rc, err)
    ok(d, "devid", "install", "--cert", cert, "--chain", ca.int)
    show = json.loads(ok(d, "--json", "devid", "show")[0])
    c = show["certificate"]
    fp = ossl("x509", "-in", cert, "-noout", "-fingerprint",
              "-sha256").stdout.strip().split("=")[1].replace(":", "")
    assert c["sha256"] == fp.lower(), (c, fp)
    assert "CN=device-42" in c["subject"] and c["chain_count"] == 1, c
    assert "spiffe://fleet.example/device/0042" in c["sans"], c
    # The installed files form a chain openssl accepts.
    idir = os.path.join(d.dir, "identity")
    ossl("verify", "-CAfile", ca.root, "-untrusted",
         os.path.join(idir, "devid-1.chain.pem"),
         os.path.join(idir, "devid-1.crt.pem"))
    text, _ = ok(d, "devid", "show")
    assert "hardware-backed:  no" in text and fp.lower() in text, text


def t_evidence(d, work):
    nonce = os.urandom(32)
    csr = os.path.join(work, "devid.csr")
    out = os.path.join(work, "evidence.json")
    ok(d, "attest", "evidence", "--nonce", nonce.hex(), "--csr", csr,
       "--out", out)
    with open(out) as f:
        ev = json.load(f)
    assert ev["version"] == 1 and ev["provider"] == "software", ev
    assert ev["hardware_backed"] is False, ev
    assert ev["residency"] == "not provable on this provider", ev
    assert base64.b64decode(ev["nonce"]) == nonce
    # Possession: the nonce signature verifies with the key in the CSR.
    req = x509.load_pem_x509_csr(ev["csr"].encode())
    assert req.is_signature_valid
    pub = req.public_key()
    spki = serialization.load_der_public_key(
        base64.b64decode(ev["devid_spki"]))
    assert spki.public_numbers() == pub.public_numbers()
    pub.verify(base64.b64decode(ev["nonce_signature"]), nonce,
               ec.ECDSA(hashes.SHA256()))
    rc, _, err = cli(d, "attest", "evidence", "--nonce", "abc")
    assert rc == 2, (rc, err)


def t_restart_and_force(d, work, ca):
    before = json.loads(ok(d, "--json", "devid", "show")[0])
    d.stop()
    d.start()
    after = json.loads(ok(d, "--json", "devid", "show")[0])
    assert after == before, (before, after)
    out, _ = ok(d, "devid", "create", "--fallback", "software", "--force",
                "--key-type", "ecc-p384")
    assert "@arcsec/devid-2" in out, out
    show = json.loads(ok(d, "--json", "devid", "show")[0])
    assert show["key_name"] == "@arcsec/devid-2" and \
        show["key_type"] == "ecc-p384" and "certificate" not in show, show
    # The old generation is gone from the service.
    names = ok(d, "--json", "list-keys")[0]
    assert "devid-1" not in names and "devid-2" in names, names
    csr = os.path.join(work, "devid2.csr")
    ok(d, "devid", "csr", "--cn", "device-42", "--out", csr)
    ossl("req", "-verify", "-noout", "-in", csr)
    text = ossl("req", "-text", "-noout", "-in", csr).stdout
    assert "NIST CURVE: P-384" in text or "secp384r1" in text, text


def main():
    r = Runner()
    work = tempfile.mkdtemp(prefix="arcsec-identity-")
    ca = CA(work)
    with Daemon(auth="Direct", admins=(ADMIN,)) as d:
        with open(d.config, "w") as f:
            from harness import default_config
            f.write(default_config(d.sock, d.dir, auth="Direct",
                                   admins=(ADMIN,),
                                   providers=soft_only(d))
                    .replace("@DIR@", d.dir))
        d.start()
        r.run("refused without a fallback", t_refused_without_fallback, d,
              work)
        r.run("software fallback", t_software_fallback, d, work)
        r.run("CSR, certificate, install, show", t_csr_and_install, d, work,
              ca)
        r.run("evidence (proof of possession)", t_evidence, d, work)
        r.run("restart, --force", t_restart_and_force, d, work, ca)
    r.finish()


if __name__ == "__main__":
    main()
