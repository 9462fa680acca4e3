#!/usr/bin/python3
"""The arcsec CLI's key commands against a real arcsecd: keys made, used and
deleted through the tool, every result checked with the openssl command-line
tool (signatures, public keys, CSRs, RSA encryption), never with our code;
the administrator commands and the exit codes (0 ok, 1 service error,
2 usage)."""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import (ARCSEC, Daemon, Runner, Skip, pb_fields,  # noqa
                     pb_packed_varints)

OPENSSL = "openssl"
CSR_LOOP = 200


def cli(d, *args, app=None, stdin=None):
    """Run arcsec against d; returns (rc, stdout, stderr)."""
    argv = [ARCSEC]
    if app is not None:
        argv += ["--app-name", app]
    p = subprocess.run(argv + list(args), env=d.env(), capture_output=True,
                       text=True, timeout=60, input=stdin)
    return p.returncode, p.stdout, p.stderr


def ok(d, *args, **kw):
    rc, out, err = cli(d, *args, **kw)
    assert rc == 0, (args, rc, out, err)
    return out


def ossl(*args, data=None, check=True):
    p = subprocess.run([OPENSSL, *args], capture_output=True, input=data,
                       timeout=60)
    if check:
        assert p.returncode == 0, (args, p.returncode, p.stdout, p.stderr)
    return p


class Files:
    """A scratch directory for the files openssl reads."""
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="arcsec-cli-keys-")

    def put(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        return path


F = Files()


def require_soft(d):
    """Skip, visibly, until the software provider offers key operations."""
    r = d.call(9, body=b"\x08\x01")        # ListOpcodes{provider_id: 1}
    ops = [v for fld, wt, val in pb_fields(r.body) if fld == 1
           for v in (pb_packed_varints(val) if wt == 2 else [val])]
    if 2 not in ops:                        # PsaGenerateKey
        raise Skip("PENDING: provider 1 lists no PsaGenerateKey yet "
                   "(software provider landing in src/providers/soft)")


def der_ints(sig):
    """The two INTEGER bodies of a DER ECDSA-Sig-Value."""
    def tlv(b, i):
        tag, n = b[i], b[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(b[i:i + k], "big")
            i += k
        return tag, b[i:i + n], i + n
    tag, body, _ = tlv(sig, 0)
    assert tag == 0x30
    t1, r, i = tlv(body, 0)
    t2, s, j = tlv(body, i)
    assert (t1, t2) == (2, 2) and j == len(body)
    return r, s


def csr_signature(pem):
    """The signature BIT STRING's contents of a PEM CSR (DER walk)."""
    der = ossl("req", "-outform", "DER", data=pem.encode()).stdout

    def tlv(b, i):
        tag, n = b[i], b[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(b[i:i + k], "big")
            i += k
        return tag, i, i + n
    _, start, end = tlv(der, 0)
    i, parts = start, []
    while i < end:
        tag, body, i = tlv(der, i)
        parts.append((tag, der[body:i]))
    assert [t for t, _ in parts] == [0x30, 0x30, 0x03], parts
    bits = parts[2][1]
    assert bits[0] == 0, "unused bits in the signature"
    return bits[1:]


# --- ECDSA -------------------------------------------------------------------
def t_ecc_sign_openssl(d):
    require_soft(d)
    out = ok(d, "create-ecc-key", "--key-name", "ecc1")
    assert out == "", out
    msg = "hello from arcsec"
    sig_b64 = ok(d, "sign", "--key-name", "ecc1", msg).strip()
    sig = base64.b64decode(sig_b64, validate=True)
    der_ints(sig)                      # DER, as parsec-tool prints it
    pem = ok(d, "export-public-key", "--key-name", "ecc1")
    assert pem.startswith("-----BEGIN PUBLIC KEY-----\n"), pem
    pub = F.put("ecc1.pem", pem)
    text = ossl("pkey", "-pubin", "-in", pub, "-noout", "-text").stdout
    assert b"prime256v1" in text or b"P-256" in text, text
    p = ossl("dgst", "-sha256", "-verify", pub, "-signature",
             F.put("ecc1.sig", sig), F.put("ecc1.msg", msg))
    assert b"Verified OK" in p.stdout, p.stdout
    p = ossl("dgst", "-sha256", "-verify", pub, "-signature",
             F.put("ecc1.sig", sig), F.put("ecc1.bad", msg + "!"),
             check=False)
    assert p.returncode != 0, "a signature verified over other data"


def t_ecc_sign_loop_der(d):
    """Many signatures: r and s with the high bit set (DER adds 0x00) and
    with leading zero bytes (DER drops them) all verify with openssl."""
    require_soft(d)
    ok(d, "create-ecc-key", "--key-name", "ecc-loop")
    pub = F.put("loop.pem", ok(d, "export-public-key", "-k", "ecc-loop"))
    high = short = 0
    for n in range(60):
        msg = "message %d" % n
        sig = base64.b64decode(ok(d, "sign", "-k", "ecc-loop", msg))
        for v in der_ints(sig):
            high += len(v) == 33
            short += len(v) < 32
        p = ossl("dgst", "-sha256", "-verify", pub, "-signature",
                 F.put("loop.sig", sig), F.put("loop.msg", msg))
        assert b"Verified OK" in p.stdout, (n, p.stdout)
    print("     60 signatures: %d integers with a 0x00 pad, %d shorter "
          "than 32 bytes" % (high, short))
    assert high > 0


def t_sign_json(d):
    require_soft(d)
    out = ok(d, "--json", "create-ecc-key", "-k", "ecc-json")
    assert json.loads(out) == {}, out
    j = json.loads(ok(d, "sign", "-k", "ecc-json", "--json", "x"))
    der_ints(base64.b64decode(j["signature"]))
    j = json.loads(ok(d, "--json", "export-public-key", "-k", "ecc-json"))
    raw = base64.b64decode(j["data"])
    assert len(raw) == 65 and raw[0] == 4, raw.hex()
    assert j["pem"].startswith("-----BEGIN PUBLIC KEY-----")


# --- CSR ---------------------------------------------------------------------
def t_csr(d):
    require_soft(d)
    ok(d, "create-ecc-key", "--key-name", "dev")
    pem = ok(d, "create-csr", "--key-name", "dev", "--cn", "device-42",
             "--o", "Example Org", "--ou", "Fleet", "--c", "GB",
             "--san", "dns:device-42.example.org",
             "uri:spiffe://example.org/fleet/device-42",
             "--san", "ip:192.0.2.7", "--san", "plain.example.org")
    assert pem.startswith("-----BEGIN CERTIFICATE REQUEST-----\n"), pem
    path = F.put("dev.csr", pem)
    p = ossl("req", "-verify", "-noout", "-in", path)
    assert b"verify OK" in p.stderr + p.stdout, p.stderr
    text = ossl("req", "-text", "-noout", "-in", path).stdout.decode()
    for want in ("CN = device-42", "O = Example Org", "OU = Fleet",
                 "C = GB", "DNS:device-42.example.org",
                 "URI:spiffe://example.org/fleet/device-42",
                 "IP Address:192.0.2.7", "DNS:plain.example.org",
                 "ecdsa-with-SHA256"):
        assert want in text, (want, text)
    # The request carries the key the service holds.
    req_pub = ossl("req", "-pubkey", "-noout", "-in", path).stdout.decode()
    assert req_pub == ok(d, "export-public-key", "-k", "dev"), req_pub


def t_csr_loop(d):
    """CSR_LOOP requests all verify: whatever r and s look like, the DER
    signature in the request is right."""
    require_soft(d)
    ok(d, "create-ecc-key", "--key-name", "csr-loop")
    high = short = 0
    for n in range(CSR_LOOP):
        pem = ok(d, "create-csr", "-k", "csr-loop", "--cn", "n%d" % n)
        p = ossl("req", "-verify", "-noout", "-in",
                 F.put("loop.csr", pem), check=False)
        assert p.returncode == 0, (n, pem, p.stderr)
        for v in der_ints(csr_signature(pem)):
            high += len(v) == 33
            short += len(v) < 32
    print("     %d CSRs verified: %d integers with a 0x00 pad, %d shorter "
          "than 32 bytes" % (CSR_LOOP, high, short))
    assert high > 0


def t_csr_rsa_subject_only(d):
    require_soft(d)
    ok(d, "create-rsa-key", "-k", "rsa-csr", "--for-signing")
    pem = ok(d, "create-csr", "-k", "rsa-csr", "--cn", "rsa device",
             "--serialNumber", "SN-7", "--l", "Cambridge", "--st", "Cambs")
    path = F.put("rsa.csr", pem)
    ossl("req", "-verify", "-noout", "-in", path)
    text = ossl("req", "-text", "-noout", "-in", path).stdout.decode()
    for want in ("CN = rsa device", "serialNumber = SN-7", "L = Cambridge",
                 "ST = Cambs", "sha256WithRSAEncryption"):
        assert want in text, (want, text)
    assert "Subject Alternative Name" not in text


def t_csr_refused(d):
    require_soft(d)
    ok(d, "create-ecc-key", "-k", "csr-bad")
    for args, word in ((("--san", "uri:spiffe://example.org/"), "trailing"),
                       (("--san", "uri:spiffe://Example.org/x"),
                        "lowercase"),
                       (("--san", "uri:spiffe://td:8080/x"), "port"),
                       (("--san", "uri:spiffe://td/a/../b"), ".."),
                       (("--san", "ip:999.1.1.1"), "IPv4"),
                       (("--san", "dns:bad_name"), "DNS"),
                       (("--c", "GBR"), "--c"),
                       (("--cn", "x", "stray"), "unexpected")):
        rc, out, err = cli(d, "create-csr", "-k", "csr-bad", *args)
        assert rc == 2, (args, rc, out, err)
        assert word in err, (args, word, err)
    # A key that cannot sign a request is the service side's problem: 1.
    ok(d, "create-rsa-key", "-k", "csr-enc")
    rc, out, err = cli(d, "create-csr", "-k", "csr-enc", "--cn", "x")
    assert rc == 1 and "not an RSA PKCS#1 v1.5 or ECDSA" in err, (rc, err)
    rc, out, err = cli(d, "create-csr", "-k", "no-such-key", "--cn", "x")
    assert rc == 1 and "PsaErrorDoesNotExist" in err, (rc, err)


# --- RSA ---------------------------------------------------------------------
def t_rsa_sign_openssl(d):
    require_soft(d)
    ok(d, "create-rsa-key", "--key-name", "rsa-sig", "--for-signing")
    msg = "rsa signed text"
    sig = base64.b64decode(ok(d, "sign", "-k", "rsa-sig", msg))
    assert len(sig) == 256, len(sig)
    pub = F.put("rsa-sig.pem", ok(d, "export-public-key", "-k", "rsa-sig"))
    p = ossl("dgst", "-sha256", "-verify", pub, "-signature",
             F.put("rsa.sig", sig), F.put("rsa.msg", msg))
    assert b"Verified OK" in p.stdout, p.stdout


def t_rsa_encrypt_decrypt(d):
    require_soft(d)
    ok(d, "create-rsa-key", "--key-name", "rsa-enc")
    ct = ok(d, "encrypt", "-k", "rsa-enc", "attack at dawn").strip()
    assert len(base64.b64decode(ct)) == 256
    assert ok(d, "decrypt", "-k", "rsa-enc", ct) == "attack at dawn\n"
    # openssl encrypts with the exported key (PKCS#1 v1.5), we decrypt.
    pub = F.put("rsa-enc.pem", ok(d, "export-public-key", "-k", "rsa-enc"))
    ct2 = ossl("pkeyutl", "-encrypt", "-pubin", "-inkey", pub,
               data=b"from openssl").stdout
    assert ok(d, "decrypt", "-k", "rsa-enc",
              base64.b64encode(ct2).decode()) == "from openssl\n"
    j = json.loads(ok(d, "--json", "decrypt", "-k", "rsa-enc", ct))
    assert base64.b64decode(j["plaintext"]) == b"attack at dawn"


def t_rsa_oaep(d):
    require_soft(d)
    ok(d, "create-rsa-key", "-k", "rsa-oaep", "--oaep", "--bits", "3072")
    pub = F.put("oaep.pem", ok(d, "export-public-key", "-k", "rsa-oaep"))
    text = ossl("pkey", "-pubin", "-in", pub, "-noout", "-text").stdout
    assert b"3072 bit" in text, text
    ct = ossl("pkeyutl", "-encrypt", "-pubin", "-inkey", pub,
              "-pkeyopt", "rsa_padding_mode:oaep",
              "-pkeyopt", "rsa_oaep_md:sha256",
              "-pkeyopt", "rsa_mgf1_md:sha256", data=b"oaep text").stdout
    assert ok(d, "decrypt", "-k", "rsa-oaep",
              base64.b64encode(ct).decode()) == "oaep text\n"
    ct = ok(d, "encrypt", "-k", "rsa-oaep", "round trip").strip()
    assert ok(d, "decrypt", "-k", "rsa-oaep", ct) == "round trip\n"


def t_rsa_pkcs1_export(d):
    require_soft(d)
    ok(d, "create-rsa-key", "-k", "rsa-p1")
    pem = ok(d, "export-public-key", "-k", "rsa-p1", "--pkcs1")
    assert pem.startswith("-----BEGIN RSA PUBLIC KEY-----\n"), pem
    spki = F.put("p1-spki.pem", ok(d, "export-public-key", "-k", "rsa-p1"))
    m1 = ossl("rsa", "-RSAPublicKey_in", "-in", F.put("p1.pem", pem),
              "-noout", "-modulus").stdout
    m2 = ossl("rsa", "-pubin", "-in", spki, "-noout", "-modulus").stdout
    assert m1 == m2 and m1.startswith(b"Modulus="), (m1, m2)
    ok(d, "create-ecc-key", "-k", "ecc-p1")
    rc, out, err = cli(d, "export-public-key", "-k", "ecc-p1", "--pkcs1")
    assert rc == 1 and "RSA keys only" in err, (rc, err)


def t_wrong_key_kind(d):
    require_soft(d)
    ok(d, "create-rsa-key", "-k", "kind-enc")
    ok(d, "create-ecc-key", "-k", "kind-sig")
    rc, out, err = cli(d, "sign", "-k", "kind-enc", "x")
    assert rc == 1 and "cannot be used for signing" in err, (rc, err)
    rc, out, err = cli(d, "encrypt", "-k", "kind-sig", "x")
    assert rc == 1 and "cannot be used for encryption" in err, (rc, err)
    rc, out, err = cli(d, "decrypt", "-k", "kind-enc", "not base64!")
    assert rc == 2, (rc, err)


# --- listing, deleting, random -----------------------------------------------
def t_list_delete(d):
    require_soft(d)
    app = "lister"
    rc, out, err = cli(d, "list-keys", app=app)
    assert rc == 0 and out == "" and "No keys currently available" in err
    ok(d, "create-ecc-key", "-k", "one", app=app)
    ok(d, "create-rsa-key", "-k", "two", "--for-signing", app=app)
    out = ok(d, "list-keys", app=app)
    lines = sorted(out.splitlines())
    assert lines[0].startswith("* one (Mbed Crypto provider, "
                               "ECC_KEY_PAIR(SECP_R1), 256 bits, "
                               "permitted algorithm: ECDSA(SHA-256))"), out
    assert lines[1].startswith("* two (Mbed Crypto provider, RSA_KEY_PAIR, "
                               "2048 bits"), out
    assert [ln.split(" ")[1] for ln in lines] == ["one", "two"]
    keys = json.loads(ok(d, "--json", "list-keys", app=app))["keys"]
    by = {k["name"]: k for k in keys}
    assert by["one"]["provider_id"] == 1
    assert by["one"]["attributes"]["key_bits"] == 256
    assert by["one"]["attributes"]["psa_algorithm"] == 0x06000609
    assert by["two"]["attributes"]["key_policy"]["key_algorithm"] == \
        "RSA_PKCS1V15_SIGN(SHA-256)"
    out = ok(d, "delete-key", "--key-name", "one", app=app)
    assert out == ""
    keys = json.loads(ok(d, "--json", "list-keys", app=app))["keys"]
    assert [k["name"] for k in keys] == ["two"], keys
    rc, out, err = cli(d, "delete-key", "-k", "one", app=app)
    assert rc == 1 and "PsaErrorDoesNotExist" in err, (rc, err)
    rc, out, err = cli(d, "--json", "delete-key", "-k", "one", app=app)
    assert json.loads(out)["error"]["status"] == "PsaErrorDoesNotExist"
    # Another application sees none of these keys.
    rc, out, err = cli(d, "sign", "-k", "two", "x", app="someone-else")
    assert rc == 1 and "PsaErrorDoesNotExist" in err, (rc, err)


def t_generate_random(d):
    require_soft(d)
    out = ok(d, "generate-random", "--nbytes", "32")
    toks = out.split()
    assert len(toks) == 32 and all(re.fullmatch(r"[0-9A-F]{2}", t)
                                   for t in toks), out
    assert out.endswith(" \n"), repr(out)          # parsec-tool's layout
    assert len(bytes.fromhex("".join(toks))) == 32
    j = json.loads(ok(d, "--json", "generate-random", "-n", "32"))
    assert len(base64.b64decode(j["random_bytes"])) == 32
    for bad in ("x", "-1", ""):
        rc, out, err = cli(d, "generate-random", "--nbytes", bad)
        assert rc == 2, (bad, rc, err)


# --- administrators ----------------------------------------------------------
def t_clients_admin(d):
    require_soft(d)
    ok(d, "create-ecc-key", "-k", "v1", app="victim")
    rc, out, err = cli(d, "list-clients")           # as parsec-tool
    assert rc == 1 and "AdminOperation" in err, (rc, out, err)
    rc, out, err = cli(d, "delete-client", "--client", "victim")
    assert rc == 1 and "AdminOperation" in err, (rc, out, err)
    out = ok(d, "list-clients", app="admin")
    assert "victim" in out.splitlines(), out
    j = json.loads(ok(d, "--json", "list-clients", app="admin"))
    assert "victim" in j["clients"], j
    ok(d, "delete-client", "-c", "victim", app="admin")
    keys = json.loads(ok(d, "--json", "list-keys", app="victim"))["keys"]
    assert keys == [], keys
    rc, out, err = cli(d, "delete-client", "-c", "victim", app="admin")
    assert rc == 1 and "PsaErrorDoesNotExist" in err, (rc, err)
    rc, out, err = cli(d, "delete-client", app="admin")
    assert rc == 2, (rc, err)


def t_usage_errors(d):
    for args in (("sign", "text"), ("sign", "-k"), ("create-ecc-key",),
                 ("create-rsa-key", "-k", "r", "--bits", "many"),
                 ("create-rsa-key", "-k", "r", "--for-signing", "--oaep"),
                 ("export-public-key", "-k", "k", "extra"),
                 ("encrypt", "-k", "k"), ("create-csr", "--cn", "x")):
        rc, out, err = cli(d, *args)
        assert rc == 2, (args, rc, out, err)
    rc, out, err = cli(d, "create-csr", "--help")
    assert rc == 0 and "--serialNumber" in out and "--san" in out, out


def unix_peer_tests(r):
    """Unix peer credentials: the tool picks the service's authenticator
    itself; the administrator is named by UID."""
    uid = str(os.getuid())
    with Daemon(admins=(uid,)) as d:
        d.start()

        def t_unix_peer(d):
            require_soft(d)
            ok(d, "create-ecc-key", "-k", "peer-key")
            msg = "peer"
            sig = base64.b64decode(ok(d, "sign", "-k", "peer-key", msg))
            pub = F.put("peer.pem", ok(d, "export-public-key", "-k",
                                       "peer-key"))
            ossl("dgst", "-sha256", "-verify", pub, "-signature",
                 F.put("peer.sig", sig), F.put("peer.msg", msg))
            # --app-name means nothing to this authenticator.
            assert "peer-key" in ok(d, "list-keys", app="ignored")
            assert uid in ok(d, "list-clients").splitlines()
        r.run("unix_peer", t_unix_peer, d)


def main():
    r = Runner()
    with Daemon(auth="Direct", admins=("admin",), timeout=5000) as d:
        d.start()
        for name, fn in sorted((k, v) for k, v in globals().items()
                               if k.startswith("t_")):
            r.run(name[2:], fn, d)
    unix_peer_tests(r)
    shutil.rmtree(F.dir, ignore_errors=True)
    r.finish()


if __name__ == "__main__":
    main()
