#!/usr/bin/python3
"""The TPM provider (ID 3) against a real software TPM (swtpm): every
operation through a real arcsecd, raw wire bytes; signatures, public keys,
ciphertexts and shared secrets checked with python3-cryptography and
tpm2-tools, never with arcsec's code; the loaded-handle LRU, isolation,
persistence across daemon and swtpm restarts, and the failures: TPM gone,
wrong owner auth, corrupted key blob, skip_if_no_tpm."""
import base64
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import (ARCSEC, ARCSECD, Runner, pb_fields, pb_len,  # noqa: E402
                     pb_packed_varints, pb_uint)
from tpm_harness import (App, H, CIPHER, S, Swtpm, attrs,  # noqa: E402
                         enc_alg, hmac_alg, sign_alg, tpm_daemon)

from cryptography.exceptions import InvalidSignature  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa  # noqa
from cryptography.hazmat.primitives.asymmetric.utils import (  # noqa: E402
    Prehashed, encode_dss_signature)

HASHES = dict(sha256=hashes.SHA256, sha384=hashes.SHA384,
              sha512=hashes.SHA512)


class Env:
    """One swtpm and one arcsecd on it, shared by the cases that need no
    fresh TPM; each case uses its own application names."""
    def __init__(self):
        self.tpm = Swtpm().start()
        try:
            self.d = tpm_daemon(self.tpm)
            self.d.start()
        except BaseException:
            # No swtpm or daemon outlives a failed start.
            if hasattr(self, "d"):
                sys.stderr.write(self.d.read_log() if os.path.exists(
                    self.d.log_path) else "")
                self.d.cleanup()
            self.tpm.cleanup()
            raise

    def close(self):
        try:
            if self.d.proc is not None:
                self.d.stop()
        finally:
            self.d.cleanup()
            self.tpm.cleanup()


def ecc_attrs(bits=256, usage=("sign_hash", "verify_hash"), h="sha256"):
    return attrs("ecc", bits, usage, 6, sign_alg("ecdsa", h))


def digest(data, h="sha256"):
    return hashlib.new(h, data).digest()


def ec_verify(pub, bits, h, data, sig, prehashed=True):
    curve = ec.SECP256R1() if bits == 256 else ec.SECP384R1()
    key = ec.EllipticCurvePublicKey.from_encoded_point(curve, pub)
    n = bits // 8
    assert len(sig) == 2 * n, len(sig)
    der = encode_dss_signature(int.from_bytes(sig[:n], "big"),
                               int.from_bytes(sig[n:], "big"))
    algo = Prehashed(HASHES[h]()) if prehashed else HASHES[h]()
    key.verify(der, data, ec.ECDSA(algo))


def rsa_pub(pub_der):
    return serialization.load_der_public_key(
        b"\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00" +
        b"\x03" + der_len(len(pub_der) + 1) + b"\x00" + pub_der) \
        if False else serialization.load_pem_public_key(spki_pem(pub_der))


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def spki_pem(pkcs1_der):
    """Wrap a PKCS#1 RSAPublicKey in a SubjectPublicKeyInfo PEM."""
    algid = bytes.fromhex("300d06092a864886f70d0101010500")
    bitstr = b"\x03" + der_len(len(pkcs1_der) + 1) + b"\x00" + pkcs1_der
    body = algid + bitstr
    der = b"\x30" + der_len(len(body)) + body
    import base64
    b64 = base64.encodebytes(der).decode().replace("\n", "")
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return ("-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) +
            "\n-----END PUBLIC KEY-----\n").encode()


def must_fail_verify(fn):
    try:
        fn()
    except InvalidSignature:
        return
    raise AssertionError("a wrong signature verified")


# --- cases on the shared TPM -------------------------------------------------
def t_list_opcodes(env):
    r = env.d.call(9, body=pb_uint(1, 3))
    assert r.status == 0, r.status
    ops = [v for f, wt, val in pb_fields(r.body) if f == 1
           for v in (pb_packed_varints(val) if wt == 2 else [val])]
    # swtpm implements every command and algorithm these rely on; the
    # capability table is built from what it reports (tpm2_getcap below).
    want = [2, 3, 4, 5, 6, 7, 0x0A, 0x0B, 0x0D, 0x0F, 0x10, 0x13, 0x14,
            0x15, 0x16, 0x17, 0x18, 0x19, 0x1E, 0x1F, 0x20]
    assert sorted(ops) == want, ops


def t_can_do_crypto(env):
    a = App(env.d, "cdc")

    def can(check, at):
        return a.call("can_do", pb_uint(1, check) + pb_len(2, at))[0]
    assert can(1, ecc_attrs()) == 0
    assert can(2, attrs("rsa", 2048, ("decrypt",), 7,
                        enc_alg("oaep"))) == 0
    assert can(1, attrs("rsa", 2048, ("decrypt",), 7,
                        enc_alg("oaep", "sha384"))) == 0
    # secp256k1 is no TPM curve.
    at = attrs("ecc", 256, ("sign_hash",), 6, sign_alg("ecdsa"))
    at = at.replace(pb_len(11, pb_uint(1, 2)), pb_len(11, pb_uint(1, 1)))
    st = can(2, at)
    assert st == S["not_supported"], st
    # ECDSA with SHA3-256 (Hash 13): swtpm has no SHA-3, so no operation
    # offers it; key-management lines (algorithm "any") must not count.
    sha3 = pb_len(4, pb_len(1, pb_uint(2, 13)))
    st = can(1, attrs("ecc", 256, ("sign_hash",), 6, sha3))
    assert st == S["not_supported"], st


def t_ecdsa(env):
    a = App(env.d, "ecdsa-app")
    for bits, h in ((256, "sha256"), (384, "sha384")):
        name = "ec%d" % bits
        assert a.generate(name, ecc_attrs(bits, h=h)) == 0
        pub = a.public(name)
        assert len(pub) == 1 + bits // 4 and pub[0] == 4
        alg = sign_alg("ecdsa", h)
        dg = digest(b"hello tpm", h)
        st, sig = a.sign(name, alg, dg)
        assert st == 0, st
        ec_verify(pub, bits, h, dg, sig)
        must_fail_verify(lambda: ec_verify(pub, bits, h,
                                           digest(b"other", h), sig))
        assert a.verify(name, alg, dg, sig) == 0
        bad = bytes([sig[0] ^ 1]) + sig[1:]
        assert a.verify(name, alg, dg, bad) == S["invalid_signature"]
        # Message variants: hashed in software, signed in the TPM.
        st, sig = a.sign(name, alg, b"a message", message=True)
        assert st == 0, st
        ec_verify(pub, bits, h, b"a message", sig, prehashed=False)
        assert a.verify(name, alg, b"a message", sig, message=True) == 0
        assert a.verify(name, alg, b"b message", sig, message=True) == \
            S["invalid_signature"]
        # Wrong digest length for the algorithm.
        assert a.sign(name, alg, b"short")[0] == S["invalid_argument"]
    assert a.destroy("ec256") == 0
    assert a.sign("ec256", sign_alg("ecdsa"), digest(b"x"))[0] == \
        S["does_not_exist"]


def t_rsa_sign(env):
    a = App(env.d, "rsa-sign")
    for bits in (2048, 3072):
        for kind in ("pkcs1", "pss"):
            name = "r%d%s" % (bits, kind)
            assert a.generate(name, attrs("rsa", bits, (
                "sign_hash", "verify_hash"), 6, sign_alg(kind))) == 0
            key = rsa_pub(a.public(name))
            assert key.key_size == bits
            dg = digest(b"rsa data")
            st, sig = a.sign(name, sign_alg(kind), dg)
            assert st == 0 and len(sig) == bits // 8, st
            if kind == "pkcs1":
                pad = padding.PKCS1v15()
            else:
                # PSA_ALG_RSA_PSS: salt length = hash length; the TPM
                # must have used exactly that (checked, not AUTO).
                pad = padding.PSS(padding.MGF1(hashes.SHA256()), 32)
            key.verify(sig, dg, pad, Prehashed(hashes.SHA256()))
            must_fail_verify(lambda: key.verify(
                sig, digest(b"nope"), pad, Prehashed(hashes.SHA256())))
            assert a.verify(name, sign_alg(kind), dg, sig) == 0
            st, sig = a.sign(name, sign_alg(kind), b"msg", message=True)
            assert st == 0
            key.verify(sig, b"msg", pad, hashes.SHA256())
            if bits == 3072:
                break           # 3072 keygen is slow on swtpm: one is enough


def t_rsa_decrypt(env):
    a = App(env.d, "rsa-dec")
    assert a.generate("oaep", attrs("rsa", 2048, ("encrypt", "decrypt"), 7,
                                    enc_alg("oaep"))) == 0
    assert a.generate("pk1", attrs("rsa", 2048, ("encrypt", "decrypt"), 7,
                                   enc_alg("pkcs1"))) == 0
    k_oaep = rsa_pub(a.public("oaep"))
    k_pk1 = rsa_pub(a.public("pk1"))
    secret = b"attack at dawn"
    # OAEP without label, then with one: the TPM's label is salt || 0.
    ct = k_oaep.encrypt(secret, padding.OAEP(padding.MGF1(hashes.SHA256()),
                                             hashes.SHA256(), None))
    st, f = a.call("decrypt", pb_len(1, "oaep") + pb_len(2, enc_alg("oaep"))
                   + pb_len(3, ct))
    assert st == 0 and f[1] == secret, st
    ct = k_oaep.encrypt(secret, padding.OAEP(padding.MGF1(hashes.SHA256()),
                                             hashes.SHA256(), b"lbl\x00"))
    st, f = a.call("decrypt", pb_len(1, "oaep") + pb_len(2, enc_alg("oaep"))
                   + pb_len(3, ct) + pb_len(4, b"lbl"))
    assert st == 0 and f[1] == secret, st
    st, _ = a.call("decrypt", pb_len(1, "oaep") + pb_len(2, enc_alg("oaep"))
                   + pb_len(3, ct) + pb_len(4, b"other"))
    assert st == S["invalid_padding"], st
    # PKCS#1 v1.5.
    ct = k_pk1.encrypt(secret, padding.PKCS1v15())
    st, f = a.call("decrypt", pb_len(1, "pk1") + pb_len(2, enc_alg("pkcs1"))
                   + pb_len(3, ct))
    assert st == 0 and f[1] == secret, st
    # The service's encryption (software, public area) round-trips
    # through the TPM's decryption.
    for name, alg, salt in (("oaep", enc_alg("oaep"), b"s"),
                            ("pk1", enc_alg("pkcs1"), b"")):
        body = pb_len(1, name) + pb_len(2, alg) + pb_len(3, secret)
        if salt:
            body += pb_len(4, salt)
        st, f = a.call("encrypt", body)
        assert st == 0 and len(f[1]) == 256, st
        body = pb_len(1, name) + pb_len(2, alg) + pb_len(3, f[1])
        if salt:
            body += pb_len(4, salt)
        st, g = a.call("decrypt", body)
        assert st == 0 and g[1] == secret, st


def t_ecdh(env):
    a = App(env.d, "ecdh-app")
    assert a.generate("dh", attrs("ecc", 256, ("derive",), 8,
                                  pb_uint(1, 2))) == 0
    pub = a.public("dh")
    peer = ec.generate_private_key(ec.SECP256R1())
    peer_pub = peer.public_key().public_bytes(
        serialization.Encoding.X962,
        serialization.PublicFormat.UncompressedPoint)
    st, f = a.call("ecdh", pb_uint(1, 2) + pb_len(2, "dh") +
                   pb_len(3, peer_pub))
    assert st == 0, st
    mine = peer.exchange(ec.ECDH(), ec.EllipticCurvePublicKey.
                         from_encoded_point(ec.SECP256R1(), pub))
    assert f[1] == mine
    # A point not on the curve is refused by the TPM.
    bad = b"\x04" + b"\x01" * 64
    st, _ = a.call("ecdh", pb_uint(1, 2) + pb_len(2, "dh") + pb_len(3, bad))
    assert st == S["invalid_argument"], st


def t_random(env):
    a = App(env.d, "rnd")
    for n in (1, 32, 100, 1000):
        st, f = a.call("random", pb_uint(1, n))
        assert st == 0 and len(f[1]) == n, (st, n)
    st, f1 = a.call("random", pb_uint(1, 64))
    st, f2 = a.call("random", pb_uint(1, 64))
    assert f1[1] != f2[1]


def t_hash(env):
    a = App(env.d, "hash")
    for h in ("sha1", "sha256", "sha384", "sha512"):
        for data in (b"", b"abc", os.urandom(5000)):   # 5000: a sequence
            st, f = a.call("hash_compute", pb_uint(1, H[h]) +
                           pb_len(2, data))
            assert st == 0 and f.get(1, b"") == hashlib.new(h, data).digest(),\
                (h, len(data), st)
    data = os.urandom(3000)
    dg = hashlib.sha256(data).digest()
    assert a.call("hash_compare", pb_uint(1, H["sha256"]) + pb_len(2, data)
                  + pb_len(3, dg))[0] == 0
    assert a.call("hash_compare", pb_uint(1, H["sha256"]) + pb_len(2, data)
                  + pb_len(3, dg[:-1] + b"\0"))[0] == S["invalid_signature"]


def t_hmac(env):
    a = App(env.d, "hmac-app")
    assert a.generate("mac", attrs("hmac", 256, ("sign_hash", "verify_hash"),
                                   3, hmac_alg())) == 0
    for data in (b"", b"short", os.urandom(2500)):
        st, f = a.call("mac_compute", pb_len(1, "mac") +
                       pb_len(2, hmac_alg()) + pb_len(3, data))
        mac = f.get(1, b"")
        assert st == 0 and len(mac) == 32, st
        st, g = a.call("mac_compute", pb_len(1, "mac") +
                       pb_len(2, hmac_alg()) + pb_len(3, data))
        assert g[1] == mac           # deterministic
        assert a.call("mac_verify", pb_len(1, "mac") + pb_len(2, hmac_alg())
                      + pb_len(3, data) + pb_len(4, mac))[0] == 0
        assert a.call("mac_verify", pb_len(1, "mac") + pb_len(2, hmac_alg())
                      + pb_len(3, data + b"x") + pb_len(4, mac))[0] == \
            S["invalid_signature"]
    # Another key, another MAC.
    assert a.generate("mac2", attrs("hmac", 256, ("sign_hash",), 3,
                                    hmac_alg())) == 0
    st, f2 = a.call("mac_compute", pb_len(1, "mac2") +
                    pb_len(2, hmac_alg()) + pb_len(3, b"short"))
    st, f1 = a.call("mac_compute", pb_len(1, "mac") +
                    pb_len(2, hmac_alg()) + pb_len(3, b"short"))
    assert f1[1] != f2[1]


def t_aes(env):
    a = App(env.d, "aes-app")
    for mode in ("cfb", "ctr", "ofb", "cbc", "cbc_pkcs7", "ecb"):
        name = "aes-" + mode
        assert a.generate(name, attrs("aes", 128, ("encrypt", "decrypt"), 4,
                                      CIPHER[mode])) == 0, mode
        for size in (16, 48, 3008) if mode in ("cbc", "ecb") else \
                (0, 5, 16, 3001):
            pt = os.urandom(size)
            st, f = a.call("cipher_encrypt", pb_len(1, name) +
                           pb_uint(2, CIPHER[mode]) + pb_len(3, pt))
            assert st == 0, (mode, size, st)
            ct = f.get(1, b"")
            iv = 0 if mode == "ecb" else 16
            assert len(ct) >= iv + size
            if size >= 16:
                assert ct[iv:iv + 16] != pt[:16]
            st, g = a.call("cipher_decrypt", pb_len(1, name) +
                           pb_uint(2, CIPHER[mode]) + pb_len(3, ct))
            assert st == 0 and g.get(1, b"") == pt, (mode, size, st)
    # Two encryptions of the same data use fresh IVs.
    st, f1 = a.call("cipher_encrypt", pb_len(1, "aes-cfb") +
                    pb_uint(2, CIPHER["cfb"]) + pb_len(3, b"x" * 32))
    st, f2 = a.call("cipher_encrypt", pb_len(1, "aes-cfb") +
                    pb_uint(2, CIPHER["cfb"]) + pb_len(3, b"x" * 32))
    assert f1[1] != f2[1]
    # CBC without padding wants whole blocks.
    assert a.call("cipher_encrypt", pb_len(1, "aes-cbc") +
                  pb_uint(2, CIPHER["cbc"]) + pb_len(3, b"x" * 5))[0] == \
        S["invalid_argument"]


def t_import_public(env):
    a = App(env.d, "import-app")
    priv = ec.generate_private_key(ec.SECP256R1())
    pub = priv.public_key().public_bytes(
        serialization.Encoding.X962,
        serialization.PublicFormat.UncompressedPoint)
    at = attrs("ecc_pub", 256, ("verify_hash", "verify_message"), 6,
               sign_alg("ecdsa"))
    assert a.import_key("peer", at, pub) == 0
    assert a.public("peer") == pub
    dg = digest(b"signed elsewhere")
    from cryptography.hazmat.primitives.asymmetric.utils import \
        decode_dss_signature
    r, s = decode_dss_signature(priv.sign(dg, ec.ECDSA(
        Prehashed(hashes.SHA256()))))
    sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    assert a.verify("peer", sign_alg("ecdsa"), dg, sig) == 0
    assert a.verify("peer", sign_alg("ecdsa"), digest(b"x"), sig) == \
        S["invalid_signature"]
    # A point off the curve, and a wrong length, are refused.
    assert a.import_key("bad", at, b"\x04" + b"\x01" * 64) == \
        S["invalid_argument"]
    assert a.import_key("bad", at, pub[:-1]) == S["invalid_argument"]
    # RSA public key: verify PSS, and encrypt for the holder.
    rk = rsa.generate_private_key(65537, 2048)
    der = rk.public_key().public_bytes(serialization.Encoding.DER,
                                       serialization.PublicFormat.PKCS1)
    at = attrs("rsa_pub", 2048, ("verify_hash", "encrypt"), 6,
               sign_alg("pss"))
    assert a.import_key("rsapub", at, der) == 0
    assert a.public("rsapub") == der
    sig = rk.sign(dg, padding.PSS(padding.MGF1(hashes.SHA256()), 32),
                  Prehashed(hashes.SHA256()))
    assert a.verify("rsapub", sign_alg("pss"), dg, sig) == 0
    assert a.import_key("rsabad", at, der + b"\0") == S["invalid_argument"]
    at = attrs("rsa_pub", 2048, ("encrypt",), 7, enc_alg("oaep"))
    assert a.import_key("rsaenc", at, der) == 0
    st, f = a.call("encrypt", pb_len(1, "rsaenc") + pb_len(2, enc_alg(
        "oaep")) + pb_len(3, b"for you") + pb_len(4, b"L"))
    assert st == 0
    assert rk.decrypt(f[1], padding.OAEP(padding.MGF1(hashes.SHA256()),
                                         hashes.SHA256(), b"L\x00")) == \
        b"for you"


def t_import_private(env):
    """Key pairs made elsewhere go into the TPM (TPM2_Import) and are used
    like generated ones; python3-cryptography made them and checks."""
    a = App(env.d, "import-priv")
    for bits, curve, h in ((256, ec.SECP256R1(), "sha256"),
                           (384, ec.SECP384R1(), "sha384")):
        priv = ec.generate_private_key(curve)
        scalar = priv.private_numbers().private_value.to_bytes(bits // 8,
                                                                "big")
        name = "ecpriv%d" % bits
        assert a.import_key(name, ecc_attrs(bits, h=h), scalar) == 0
        pub = priv.public_key().public_bytes(
            serialization.Encoding.X962,
            serialization.PublicFormat.UncompressedPoint)
        assert a.public(name) == pub
        dg = digest(b"imported", h)
        st, sig = a.sign(name, sign_alg("ecdsa", h), dg)
        assert st == 0, st
        ec_verify(pub, bits, h, dg, sig)
    # Not a private key of the curve: 0, and the group order n.
    at = ecc_attrs()
    assert a.import_key("zero", at, bytes(32)) == S["invalid_argument"]
    n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    assert a.import_key("order", at, n.to_bytes(32, "big")) == \
        S["invalid_argument"]
    # RSA 2048 (PKCS#1 RSAPrivateKey DER): decrypt what python encrypted,
    # sign what python verifies.
    rk = rsa.generate_private_key(65537, 2048)
    der = rk.private_bytes(serialization.Encoding.DER,
                           serialization.PrivateFormat.TraditionalOpenSSL,
                           serialization.NoEncryption())
    at = attrs("rsa", 0, ("decrypt", "encrypt"), 7, enc_alg("oaep"))
    assert a.import_key("rsapriv", at, der) == 0
    assert rsa_pub(a.public("rsapriv")).public_numbers() == \
        rk.public_key().public_numbers()
    ct = rk.public_key().encrypt(b"in the tpm", padding.OAEP(
        padding.MGF1(hashes.SHA256()), hashes.SHA256(), None))
    st, f = a.call("decrypt", pb_len(1, "rsapriv") +
                   pb_len(2, enc_alg("oaep")) + pb_len(3, ct))
    assert st == 0 and f[1] == b"in the tpm", st
    at = attrs("rsa", 2048, ("sign_hash",), 6, sign_alg("pkcs1"))
    assert a.import_key("rsasign", at, der) == 0
    dg = digest(b"rsa imported")
    st, sig = a.sign("rsasign", sign_alg("pkcs1"), dg)
    assert st == 0, st
    rk.public_key().verify(sig, dg, padding.PKCS1v15(),
                           Prehashed(hashes.SHA256()))
    # A corrupted private key fails the pairwise check.
    bad = bytearray(der)
    bad[-5] ^= 0x01
    assert a.import_key("rsabad", at, bytes(bad)) == S["invalid_argument"]
    # Declared size and data disagree.
    at = attrs("rsa", 3072, ("sign_hash",), 6, sign_alg("pkcs1"))
    assert a.import_key("rsasize", at, der) == S["invalid_argument"]


def t_lru_ten_keys(env):
    a = App(env.d, "lru-app")
    pubs = []
    for i in range(10):
        assert a.generate("k%d" % i, ecc_attrs()) == 0
        pubs.append(a.public("k%d" % i))
    dg = digest(b"round")
    for rnd in range(50):
        for i in range(10):
            st, sig = a.sign("k%d" % i, sign_alg("ecdsa"), dg)
            assert st == 0, (rnd, i, st)
            if rnd % 10 == 0:
                ec_verify(pubs[i], 256, "sha256", dg, sig)


def t_isolation(env):
    x, y = App(env.d, "iso-x"), App(env.d, "iso-y")
    assert x.generate("same", ecc_attrs()) == 0
    assert y.generate("same", ecc_attrs()) == 0
    assert x.public("same") != y.public("same")
    assert x.generate("only-x", ecc_attrs()) == 0
    assert y.sign("only-x", sign_alg("ecdsa"), digest(b"z"))[0] == \
        S["does_not_exist"]
    assert y.call("export_pub", pb_len(1, "only-x"))[0] == \
        S["does_not_exist"]
    assert y.destroy("only-x") == S["does_not_exist"]
    assert x.sign("only-x", sign_alg("ecdsa"), digest(b"z"))[0] == 0


def t_cli(env):
    """The arcsec CLI with --provider 3; openssl verifies."""
    def cli(*args):
        p = subprocess.run([ARCSEC, "--app-name", "cli-app", "-p", "3",
                            *args], env=env.d.env(), capture_output=True,
                           timeout=60)
        assert p.returncode == 0, (args, p.returncode, p.stderr)
        return p.stdout
    out = cli("--json", "list-opcodes").decode()
    assert "PsaSignHash" in out or "0x04" in out or '"opcodes"' in out, out
    cli("create-ecc-key", "-k", "c")
    pem = cli("export-public-key", "-k", "c")
    sig = base64.b64decode(cli("sign", "-k", "c", "hello cli"))
    work = tempfile.mkdtemp(prefix="arcsec-tpm-cli-")
    try:
        for n, data in (("pub.pem", pem), ("sig.der", sig),
                        ("msg", b"hello cli")):
            with open(os.path.join(work, n), "wb") as f:
                f.write(data)
        p = subprocess.run(["openssl", "dgst", "-sha256", "-verify",
                            "pub.pem", "-signature", "sig.der", "msg"],
                           cwd=work, capture_output=True, timeout=60)
        assert p.returncode == 0 and b"Verified OK" in p.stdout, p
    finally:
        import shutil
        shutil.rmtree(work, ignore_errors=True)


# --- cases with their own TPM ------------------------------------------------
def blob_parts(blob):
    """Split arcsec's key reference: version, kind, TPM2B_PRIVATE,
    TPM2B_PUBLIC (docs/providers/tpm.md)."""
    assert blob[0] == 1 and blob[1] == 1, blob[:2]
    n = int.from_bytes(blob[2:4], "big")
    priv = blob[2:4 + n]
    pub = blob[4 + n:]
    assert int.from_bytes(pub[:2], "big") == len(pub) - 2
    return priv, pub


def key_ref(d, app, name):
    db = sqlite3.connect(os.path.join(d.dir, "kim.sqlite3"))
    try:
        return db.execute("SELECT key_ref FROM keys WHERE app_name=? AND "
                          "key_name=?", (app, name)).fetchone()[0]
    finally:
        db.close()


def set_key_ref(d, app, name, blob):
    db = sqlite3.connect(os.path.join(d.dir, "kim.sqlite3"))
    try:
        db.execute("UPDATE keys SET key_ref=? WHERE app_name=? AND "
                   "key_name=?", (blob, app, name))
        db.commit()
    finally:
        db.close()


def t_tools_crosscheck():
    """tpm2-tools see what arcsec made: the same storage primary (made by
    tpm2_createprimary from the TCG template) loads our key blob, and
    tpm2_readpublic gives the public key arcsec exports."""
    tpm = Swtpm().start()
    d = tpm_daemon(tpm)
    work = tempfile.mkdtemp(prefix="arcsec-tools-")
    try:
        d.start()
        a = App(d, "tools")
        assert a.generate("k", ecc_attrs()) == 0
        pub = a.public("k")
        d.stop()                # swtpm serves one connection at a time
        caps = tpm.tool("tpm2_getcap", "commands").stdout.decode()
        for cc in ("TPM2_CC_Sign", "TPM2_CC_RSA_Decrypt",
                   "TPM2_CC_ECDH_ZGen", "TPM2_CC_HMAC",
                   "TPM2_CC_EncryptDecrypt2", "TPM2_CC_GetRandom"):
            assert cc in caps, cc
        priv, tpub = blob_parts(key_ref(d, "tools", "k"))
        with open(os.path.join(work, "k.priv"), "wb") as f:
            f.write(priv)
        with open(os.path.join(work, "k.pub"), "wb") as f:
            f.write(tpub)
        tpm.tool("tpm2_createprimary", "-C", "o", "-g", "sha256", "-G",
                 "ecc256:null:aes128cfb", "-a",
                 "restricted|decrypt|fixedtpm|fixedparent|"
                 "sensitivedataorigin|userwithauth|noda",
                 "-c", "primary.ctx", cwd=work)
        # No resource manager: flush what each tool leaves loaded.
        tpm.tool("tpm2_flushcontext", "-t", cwd=work)
        tpm.tool("tpm2_load", "-C", "primary.ctx", "-u", "k.pub", "-r",
                 "k.priv", "-c", "k.ctx", cwd=work)
        tpm.tool("tpm2_flushcontext", "-t", cwd=work)
        tpm.tool("tpm2_readpublic", "-c", "k.ctx", "-f", "der", "-o",
                 "k.der", cwd=work)
        with open(os.path.join(work, "k.der"), "rb") as f:
            spki = serialization.load_der_public_key(f.read())
        assert spki.public_bytes(
            serialization.Encoding.X962,
            serialization.PublicFormat.UncompressedPoint) == pub
        tpm.tool("tpm2_flushcontext", "-t", cwd=work)
    finally:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
        if d.proc is not None:
            d.stop()
        d.cleanup()
        tpm.cleanup()


def prepare_attestation(a, key, attesting=""):
    ac = pb_len(1, key) + (pb_len(2, attesting) if attesting else b"")
    st, f = a.call("prepare_attestation", pb_len(1, pb_len(1, ac)))
    if st != 0:
        return st, None
    out = dict((n, v) for n, wt, v in pb_fields(
        dict((n, v) for n, wt, v in pb_fields(f[1]))[1]))
    return st, out


def attest(a, key, blob, secret, attesting=""):
    params = pb_len(1, pb_len(1, blob) + pb_len(2, secret))
    body = pb_len(1, key) + pb_len(2, params)
    if attesting:
        body += pb_len(3, attesting)
    st, f = a.call("attest_key", body)
    if st != 0:
        return st, None
    out = dict((n, v) for n, wt, v in pb_fields(
        dict((n, v) for n, wt, v in pb_fields(f[1]))[1]))
    return st, out.get(1, b"")


def make_credential(work, ek_tpmt, name, secret):
    """tpm2_makecredential, without a TPM (-T none): the verifier's side
    of ActivateCredential, independent of arcsec."""
    with open(os.path.join(work, "ek.pub"), "wb") as f:
        f.write(len(ek_tpmt).to_bytes(2, "big") + ek_tpmt)
    with open(os.path.join(work, "secret.bin"), "wb") as f:
        f.write(secret)
    p = subprocess.run(["tpm2_makecredential", "-T", "none", "-u", "ek.pub",
                        "-s", "secret.bin", "-n", name.hex(), "-o",
                        "cred.out"], cwd=work, capture_output=True,
                       timeout=60)
    assert p.returncode == 0, p
    with open(os.path.join(work, "cred.out"), "rb") as f:
        data = f.read()
    # tpm2-tools' file: magic 0xBADCC0DE, version 1, TPM2B_ID_OBJECT,
    # TPM2B_ENCRYPTED_SECRET.
    assert data[:4] == bytes.fromhex("badcc0de"), data[:8].hex()
    i = 8
    n = int.from_bytes(data[i:i + 2], "big")
    blob = data[i + 2:i + 2 + n]
    i += 2 + n
    n = int.from_bytes(data[i:i + 2], "big")
    enc = data[i + 2:i + 2 + n]
    assert i + 2 + n == len(data)
    return blob, enc


def t_attestation():
    """PrepareKeyAttestation / AttestKey (ActivateCredential with the EK):
    tpm2_makecredential makes the credential from what Prepare returned;
    AttestKey gives the secret back only for the key it was made for;
    tpm2_createek sees the same EK."""
    tpm = Swtpm().start()
    d = tpm_daemon(tpm)
    work = tempfile.mkdtemp(prefix="arcsec-attest-")
    try:
        d.start()
        a = App(d, "attest")
        assert a.generate("att", ecc_attrs()) == 0
        assert a.generate("other", attrs("rsa", 2048, ("decrypt",), 7,
                                         enc_alg("oaep"))) == 0
        st, prep = prepare_attestation(a, "att")
        assert st == 0, st
        name, public, ek = prep[1], prep[2], prep[3]
        # Name = nameAlg (SHA-256, 0x000B) || SHA-256(TPMT_PUBLIC).
        assert name == b"\x00\x0b" + hashlib.sha256(public).digest()
        secret = os.urandom(32)
        blob, enc = make_credential(work, ek, name, secret)
        st, cred = attest(a, "att", blob, enc)
        assert st == 0 and cred == secret, st
        # The same credential for another key: refused.
        st, _ = attest(a, "other", blob, enc)
        assert st == S["invalid_argument"], st
        st, prep2 = prepare_attestation(a, "other")
        assert st == 0 and prep2[3] == ek and prep2[1] != name
        # Garbage, and another attesting key than the EK.
        assert attest(a, "att", b"\x01" * 10, enc)[0] == \
            S["invalid_argument"]
        assert prepare_attestation(a, "att", attesting="other")[0] == \
            S["not_supported"]
        assert prepare_attestation(a, "nope")[0] == S["does_not_exist"]
        d.stop()
        # tpm2-tools recreate the EK from the same TCG template.
        tpm.tool("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u",
                 "ek_tools.pub", cwd=work)
        with open(os.path.join(work, "ek_tools.pub"), "rb") as f:
            tools_ek = f.read()
        assert tools_ek[2:] == ek, "EK differs from tpm2_createek's"
    finally:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
        if d.proc is not None:
            d.stop()
        d.cleanup()
        tpm.cleanup()


def t_lockout():
    """A TPM in dictionary-attack lockout: signing is refused with 1133 and
    the log says why; after tpm2_dictionarylockout -c it works again."""
    tpm = Swtpm().start()
    d = tpm_daemon(tpm)
    work = tempfile.mkdtemp(prefix="arcsec-lockout-")
    try:
        d.start()
        a = App(d, "da")
        assert a.generate("k", ecc_attrs()) == 0
        d.stop()
        priv, tpub = blob_parts(key_ref(d, "da", "k"))
        with open(os.path.join(work, "k.priv"), "wb") as f:
            f.write(priv)
        with open(os.path.join(work, "k.pub"), "wb") as f:
            f.write(tpub)
        # One failed authorization locks the TPM out.
        tpm.tool("tpm2_dictionarylockout", "-s", "-n", "1", "-t", "600",
                 "-l", "600")
        tpm.tool("tpm2_createprimary", "-C", "o", "-g", "sha256", "-G",
                 "ecc256:null:aes128cfb", "-a",
                 "restricted|decrypt|fixedtpm|fixedparent|"
                 "sensitivedataorigin|userwithauth|noda",
                 "-c", "primary.ctx", cwd=work)
        tpm.tool("tpm2_flushcontext", "-t", cwd=work)
        tpm.tool("tpm2_load", "-C", "primary.ctx", "-u", "k.pub", "-r",
                 "k.priv", "-c", "k.ctx", cwd=work)
        tpm.tool("tpm2_flushcontext", "-t", cwd=work)
        with open(os.path.join(work, "msg"), "wb") as f:
            f.write(b"x")
        p = tpm.tool("tpm2_sign", "-c", "k.ctx", "-p", "wrong", "-g",
                     "sha256", "-o", "sig", "msg", check=False, cwd=work)
        assert p.returncode != 0
        tpm.tool("tpm2_flushcontext", "-t", cwd=work)
        tpm.tool("tpm2_flushcontext", "-s", cwd=work)
        d.start()
        st, _ = a.sign("k", sign_alg("ecdsa"), digest(b"x"))
        assert st == S["not_permitted"], st
        assert "dictionary-attack lockout" in d.read_log()
        d.stop()
        tpm.tool("tpm2_dictionarylockout", "-c")
        d.start()
        assert a.sign("k", sign_alg("ecdsa"), digest(b"x"))[0] == 0
    finally:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
        if d.proc is not None:
            d.stop()
        d.cleanup()
        tpm.cleanup()


def t_persistence():
    tpm = Swtpm().start()
    d = tpm_daemon(tpm)
    try:
        d.start()
        a = App(d, "persist")
        assert a.generate("p", ecc_attrs()) == 0
        pub = a.public("p")
        d.stop()
        d.start()               # daemon restart
        st, sig = a.sign("p", sign_alg("ecdsa"), digest(b"1"))
        assert st == 0, st
        ec_verify(pub, 256, "sha256", digest(b"1"), sig)
        d.stop()
        tpm.restart()           # TPM restart, state kept
        d.start()
        assert a.public("p") == pub
        st, sig = a.sign("p", sign_alg("ecdsa"), digest(b"2"))
        assert st == 0, st
        ec_verify(pub, 256, "sha256", digest(b"2"), sig)
    finally:
        if d.proc is not None:
            d.stop()
        d.cleanup()
        tpm.cleanup()


def t_tpm_killed():
    tpm = Swtpm().start()
    d = tpm_daemon(tpm)
    try:
        d.start()
        a = App(d, "killed")
        assert a.generate("k", ecc_attrs()) == 0
        pub = a.public("k")
        tpm.kill()
        st, _ = a.sign("k", sign_alg("ecdsa"), digest(b"x"))
        assert st == S["comm_failure"], st
        st, _ = a.call("random", pb_uint(1, 8))
        assert st == S["comm_failure"], st
        # A burst while the TPM is gone: fast failures, not a reconnect
        # attempt (and a log line) each.
        for _ in range(20):
            assert a.call("random", pb_uint(1, 8))[0] == S["comm_failure"]
        assert d.read_log().count("no TPM answers") <= 3, d.read_log()
        assert d.call(1).status == 0          # still answers Ping
        # Public-key work needs no TPM.
        assert a.public("k") == pub
        tpm.start(tpm.port)                    # back, same state
        # Reconnects are tried at most once a second.
        deadline = time.time() + 5
        while True:
            st, sig = a.sign("k", sign_alg("ecdsa"), digest(b"x"))
            if st != S["comm_failure"] or time.time() > deadline:
                break
            time.sleep(0.2)
        assert st == 0, st
        ec_verify(pub, 256, "sha256", digest(b"x"), sig)
        assert "lost the TPM" in d.read_log()
    finally:
        if d.proc is not None:
            d.stop()
        d.cleanup()
        tpm.cleanup()


def t_corrupt_blob():
    tpm = Swtpm().start()
    d = tpm_daemon(tpm)
    try:
        d.start()
        a = App(d, "corrupt")
        for n in ("flip", "short", "junk", "swap"):
            assert a.generate(n, ecc_attrs()) == 0
        assert a.generate("rsa", attrs("rsa", 2048, ("sign_hash",), 6,
                                       sign_alg("pkcs1"))) == 0
        d.stop()
        blob = key_ref(d, "corrupt", "flip")
        flipped = bytearray(blob)
        flipped[20] ^= 0xFF                 # inside TPM2B_PRIVATE
        set_key_ref(d, "corrupt", "flip", bytes(flipped))
        set_key_ref(d, "corrupt", "short", blob[:-3])
        set_key_ref(d, "corrupt", "junk", os.urandom(40))
        # An RSA blob under an ECC key's attributes.
        set_key_ref(d, "corrupt", "swap", key_ref(d, "corrupt", "rsa"))
        d.start()
        for n in ("flip", "short", "junk", "swap"):
            st, _ = a.sign(n, sign_alg("ecdsa"), digest(b"x"))
            assert st == S["data_corrupt"], (n, st)
        assert d.call(1).status == 0
        assert a.sign("rsa", sign_alg("pkcs1"), digest(b"x"))[0] == 0
    finally:
        if d.proc is not None:
            d.stop()
        d.cleanup()
        tpm.cleanup()


def t_owner_auth():
    tpm = Swtpm().start()
    d = tpm_daemon(tpm)
    try:
        tpm.tool("tpm2_changeauth", "-c", "o", "s3cret")
        d.start(wait=False)
        rc = d.proc.wait(timeout=20)
        d.log.close()
        d.proc = None
        log = d.read_log()
        assert rc != 0, log
        assert "owner_hierarchy_auth" in log and "tpm" in log, log
        assert "s3cret" not in log
        for auth in ("s3cret", "str:s3cret", "hex:733363726574"):
            d2 = tpm_daemon(tpm, owner_auth=auth)
            try:
                d2.start()
                a = App(d2, "auth")
                assert a.generate("k", ecc_attrs()) == 0
                d2.stop()
                assert "s3cret" not in d2.read_log()
            finally:
                d2.cleanup()
    finally:
        d.cleanup()
        tpm.cleanup()


def t_skip_if_no_tpm():
    from tpm_harness import free_port_pair
    port = free_port_pair()                 # nothing listens there
    tcti = "swtpm:host=127.0.0.1,port=%d" % port
    d = tpm_daemon(None, skip=True, tcti=tcti)
    try:
        d.start()
        assert "skip_if_no_tpm" in d.read_log()
        r = d.call(9, body=pb_uint(1, 3))       # ListOpcodes provider 3
        assert r.status != 0, r.status
        d.stop()
    finally:
        d.cleanup()
    for skip in (False, None):
        d = tpm_daemon(None, skip=skip, tcti=tcti)
        try:
            d.start(wait=False)
            rc = d.proc.wait(timeout=20)
            d.log.close()
            d.proc = None
            log = d.read_log()
            assert rc != 0 and tcti in log, log
        finally:
            d.cleanup()


def main():
    assert os.path.exists(ARCSECD), ARCSECD
    r = Runner()
    env = Env()
    try:
        for name, fn in (("list_opcodes", t_list_opcodes),
                         ("can_do_crypto", t_can_do_crypto),
                         ("ecdsa", t_ecdsa), ("rsa_sign", t_rsa_sign),
                         ("rsa_decrypt", t_rsa_decrypt), ("ecdh", t_ecdh),
                         ("random", t_random), ("hash", t_hash),
                         ("hmac", t_hmac), ("aes", t_aes),
                         ("import_public", t_import_public),
                         ("import_private", t_import_private),
                         ("lru_ten_keys", t_lru_ten_keys),
                         ("isolation", t_isolation), ("cli", t_cli)):
            r.run(name, fn, env)
    finally:
        failed = r.failed
        env.close()
        if failed:
            sys.stderr.write("--- arcsecd log ---\n" + env.d.read_log()
                             if os.path.exists(env.d.log_path) else "")
    for name, fn in (("tools_crosscheck", t_tools_crosscheck),
                     ("attestation", t_attestation),
                     ("lockout", t_lockout),
                     ("persistence", t_persistence),
                     ("tpm_killed", t_tpm_killed),
                     ("corrupt_blob", t_corrupt_blob),
                     ("owner_auth", t_owner_auth),
                     ("skip_if_no_tpm", t_skip_if_no_tpm)):
        r.run(name, fn)
    r.finish()


if __name__ == "__main__":
    main()
