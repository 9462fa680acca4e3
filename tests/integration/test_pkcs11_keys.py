#!/usr/bin/python3
"""The PKCS#11 provider (ID 2) against a real SoftHSM2 token, raw wire bytes
and the arcsec CLI: every operation's result checked with
python3-cryptography or hashlib (never our code), the token's objects
checked with OpenSC's pkcs11-tool, capabilities derived from the token's
mechanism list, concurrency, persistence, isolation, start-up errors and
start-up reconciliation of leftover token objects."""
import hashlib
import hmac
import os
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import (ARCSEC, Daemon, Runner, Skip, pb_fields,  # noqa
                     pb_len, pb_packed_varints, pb_uint)
import p11_token  # noqa: E402
from p11_token import Token  # noqa: E402

from cryptography.exceptions import InvalidSignature  # noqa: E402
from cryptography.hazmat.primitives import cmac, hashes, serialization  # noqa
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa  # noqa
from cryptography.hazmat.primitives.asymmetric.utils import (  # noqa: E402
    Prehashed, encode_dss_signature)
from cryptography.hazmat.primitives.ciphers import (  # noqa: E402
    Cipher, algorithms, modes)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

P = 2
OP = dict(generate=2, destroy=3, sign_hash=4, verify_hash=5, import_key=6,
          export_pub=7, asym_encrypt=0x0A, asym_decrypt=0x0B, export=0x0C,
          random=0x0D, hash_compute=0x0F, hash_compare=0x10, aead_encrypt=0x11,
          aead_decrypt=0x12, raw_key_agreement=0x13, cipher_encrypt=0x14,
          cipher_decrypt=0x15, mac_compute=0x16, mac_verify=0x17,
          sign_message=0x18, verify_message=0x19, list_opcodes=9)
NOT_PERMITTED, NOT_SUPPORTED, INVALID_ARGUMENT, DOES_NOT_EXIST = (
    1133, 1134, 1135, 1140)
COMMUNICATION_FAILURE = 1145
INVALID_SIGNATURE, INVALID_PADDING = 1149, 1150
SHA_1, SHA_256, SHA_384, SHA_512 = 5, 7, 8, 9
HASHES = {SHA_256: (hashes.SHA256(), 32), SHA_384: (hashes.SHA384(), 48),
          SHA_512: (hashes.SHA512(), 64)}
U = dict(export=1, encrypt=4, decrypt=5, sign_message=6, verify_message=7,
         sign_hash=8, verify_hash=9, derive=10)
CURVES = {256: ec.SECP256R1(), 384: ec.SECP384R1(), 521: ec.SECP521R1()}


# --- protobuf for PSA types ---------------------------------------------------
def sig_hash(h):
    return pb_len(1, pb_uint(2, h))


def ecdsa(h=SHA_256):
    return pb_len(4, sig_hash(h))


def pkcs1_sign(h=SHA_256):
    return pb_len(1, sig_hash(h))


def pss(h=SHA_256):
    return pb_len(3, sig_hash(h))


def oaep(h=SHA_256):
    return pb_len(2, pb_uint(1, h))


PKCS1_CRYPT = pb_len(1, b"")
GCM = pb_uint(1, 2)
CTR, ECB, CBC, CBC_PKCS7 = 2, 6, 7, 8


def hmac_alg(h=SHA_256):
    return pb_len(1, pb_len(1, pb_uint(1, h)))


CMAC = pb_len(1, pb_len(3, b""))


class Alg:
    """Key-policy Algorithm messages."""
    sig = staticmethod(lambda s: pb_len(6, s))
    enc = staticmethod(lambda e: pb_len(7, e))
    cipher = staticmethod(lambda c: pb_uint(4, c))
    aead = staticmethod(lambda a: pb_len(5, a))
    mac = staticmethod(lambda m: pb_len(3, m))
    ecdh = pb_len(8, pb_uint(1, 2))


def key_type(kind, curve=2):
    return {"ec": pb_len(11, pb_uint(1, curve)),
            "ec_pub": pb_len(12, pb_uint(1, curve)),
            "rsa": pb_len(10, b""), "rsa_pub": pb_len(9, b""),
            "aes": pb_len(4, b""), "hmac": pb_len(2, b"")}[kind]


def attrs(kind, bits, usage, alg):
    u = b"".join(pb_uint(U[n], 1) for n in usage)
    policy = pb_len(1, u) + pb_len(2, alg)
    return pb_len(1, key_type(kind)) + pb_uint(2, bits) + pb_len(3, policy)


class App:
    def __init__(self, d, name="alice"):
        self.d, self.name = d, name.encode()

    def call(self, op, body=b""):
        r = self.d.call(OP[op], body=body, auth=self.name, auth_type=1,
                        provider=P)
        return r.status, dict((f, v) for f, wt, v in pb_fields(r.body))

    def ok(self, op, body=b"", field=1):
        st, f = self.call(op, body)
        assert st == 0, (op, st)
        return f.get(field, b"")

    def generate(self, name, kind, bits, usage, alg):
        return self.call("generate", pb_len(1, name.encode()) +
                         pb_len(2, attrs(kind, bits, usage, alg)))[0]

    def import_key(self, name, kind, bits, usage, alg, data):
        return self.call("import_key", pb_len(1, name.encode()) +
                         pb_len(2, attrs(kind, bits, usage, alg)) +
                         pb_len(3, data))[0]

    def public(self, name):
        return self.ok("export_pub", pb_len(1, name.encode()))

    def sign(self, name, alg, digest, op="sign_hash"):
        return self.ok(op, pb_len(1, name.encode()) + pb_len(2, alg) +
                       pb_len(3, digest))

    def verify(self, name, alg, digest, sig, op="verify_hash"):
        return self.call(op, pb_len(1, name.encode()) + pb_len(2, alg) +
                         pb_len(3, digest) + pb_len(4, sig))[0]


def ec_raw_to_der(sig):
    n = len(sig) // 2
    return encode_dss_signature(int.from_bytes(sig[:n], "big"),
                                int.from_bytes(sig[n:], "big"))


# --- the token and the daemon -------------------------------------------------
class Env:
    def __init__(self):
        self.token = Token()

    def daemon(self, extra=""):
        return Daemon(providers=self.token.provider_block(extra),
                      auth="Direct", threads=8)


def started(env, extra=""):
    d = env.daemon(extra)
    d.start()
    return d


def case_ecdsa(env, d):
    a = App(d)
    for bits in (256, 384, 521):
        name = "ec%d" % bits
        assert a.generate(name, "ec", bits, ["sign_hash", "verify_hash"],
                          Alg.sig(ecdsa())) == 0
        pub = ec.EllipticCurvePublicKey.from_encoded_point(
            CURVES[bits], a.public(name))
        digest = hashlib.sha256(b"to sign %d" % bits).digest()
        sig = a.sign(name, ecdsa(), digest)
        assert len(sig) == 2 * ((bits + 7) // 8), len(sig)
        pub.verify(ec_raw_to_der(sig), digest,
                   ec.ECDSA(Prehashed(hashes.SHA256())))
        assert a.verify(name, ecdsa(), digest, sig) == 0
        bad = bytes([sig[0] ^ 1]) + sig[1:]
        assert a.verify(name, ecdsa(), digest, bad) == INVALID_SIGNATURE
        # sign_message hashes in the service.
        msg = b"message %d" % bits
        sig = a.sign(name, ecdsa(), msg, op="sign_message")
        pub.verify(ec_raw_to_der(sig), msg, ec.ECDSA(hashes.SHA256()))
        assert a.verify(name, ecdsa(), msg, sig, op="verify_message") == 0


def case_rsa_sign(env, d):
    a = App(d)
    for name, alg, pad in (
            ("rsa-pkcs1", pkcs1_sign(), lambda: padding.PKCS1v15()),
            ("rsa-pss", pss(), lambda: padding.PSS(
                padding.MGF1(hashes.SHA256()), 32))):
        assert a.generate(name, "rsa", 2048, ["sign_hash", "verify_hash"],
                          Alg.sig(alg)) == 0
        pub = serialization.load_der_public_key(_wrap_spki(a.public(name)))
        digest = hashlib.sha256(name.encode()).digest()
        sig = a.sign(name, alg, digest)
        assert len(sig) == 256
        pub.verify(sig, digest, pad(), Prehashed(hashes.SHA256()))
        assert a.verify(name, alg, digest, sig) == 0
        assert a.verify(name, alg, digest, sig[:-1] + bytes([sig[-1] ^ 1])) \
            == INVALID_SIGNATURE
        sig = a.sign(name, alg, b"a message", op="sign_message")
        pub.verify(sig, b"a message", pad(), hashes.SHA256())


def _der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def _wrap_spki(pkcs1):
    algid = bytes.fromhex("300d06092a864886f70d0101010500")
    bitstr = b"\x03" + _der_len(len(pkcs1) + 1) + b"\x00" + pkcs1
    body = algid + bitstr
    return b"\x30" + _der_len(len(body)) + body


def case_rsa_crypt(env, d):
    a = App(d)
    # SoftHSM 2.6 lists CKM_RSA_PKCS_OAEP but takes only SHA-1 and no
    # label; the provider probes that at open and says NOT_SUPPORTED for
    # the rest rather than failing on the token.
    assert a.generate("rsa-oaep", "rsa", 2048, ["encrypt", "decrypt"],
                      Alg.enc(oaep(SHA_1))) == 0
    pub = serialization.load_der_public_key(_wrap_spki(a.public("rsa-oaep")))
    ct = pub.encrypt(b"secret words", padding.OAEP(
        padding.MGF1(hashes.SHA1()), hashes.SHA1(), None))
    pt = a.ok("asym_decrypt", pb_len(1, b"rsa-oaep") +
              pb_len(2, oaep(SHA_1)) + pb_len(3, ct))
    assert pt == b"secret words", pt
    ct = a.ok("asym_encrypt", pb_len(1, b"rsa-oaep") +
              pb_len(2, oaep(SHA_1)) + pb_len(3, b"to python"))
    assert len(ct) == 256
    st, _ = a.call("asym_decrypt", pb_len(1, b"rsa-oaep") +
                   pb_len(2, oaep(SHA_1)) + pb_len(3, bytes(256)))
    assert st == INVALID_PADDING, st
    st, _ = a.call("asym_decrypt", pb_len(1, b"rsa-oaep") +
                   pb_len(2, oaep(SHA_1)) + pb_len(3, ct) +
                   pb_len(4, b"a label"))
    assert st == NOT_SUPPORTED, st
    assert a.generate("rsa-oaep256", "rsa", 2048, ["decrypt"],
                      Alg.enc(oaep(SHA_256))) == 0
    st, _ = a.call("asym_decrypt", pb_len(1, b"rsa-oaep256") +
                   pb_len(2, oaep(SHA_256)) + pb_len(3, bytes(256)))
    assert st == NOT_SUPPORTED, st
    # PKCS#1 v1.5 with an imported key pair: the service encrypts, python
    # decrypts, the service decrypts what python encrypted, and export
    # gives back the very key.
    priv = rsa.generate_private_key(65537, 2048)
    der = priv.private_bytes(serialization.Encoding.DER,
                             serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())
    assert a.import_key("rsa-imp", "rsa", 0,
                        ["encrypt", "decrypt", "export"],
                        Alg.enc(PKCS1_CRYPT), der) == 0
    ct = a.ok("asym_encrypt", pb_len(1, b"rsa-imp") + pb_len(2, PKCS1_CRYPT) +
              pb_len(3, b"hello token"))
    assert priv.decrypt(ct, padding.PKCS1v15()) == b"hello token"
    ct = priv.public_key().encrypt(b"from python", padding.PKCS1v15())
    assert a.ok("asym_decrypt", pb_len(1, b"rsa-imp") +
                pb_len(2, PKCS1_CRYPT) + pb_len(3, ct)) == b"from python"
    assert a.ok("export", pb_len(1, b"rsa-imp")) == der


def case_ecdh(env, d):
    a = App(d)
    assert a.generate("ecdh", "ec", 256, ["derive"], Alg.ecdh) == 0
    ours = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), a.public("ecdh"))
    peer = ec.generate_private_key(ec.SECP256R1())
    peer_pub = peer.public_key().public_bytes(
        serialization.Encoding.X962,
        serialization.PublicFormat.UncompressedPoint)
    secret = a.ok("raw_key_agreement", pb_uint(1, 2) +
                  pb_len(2, b"ecdh") + pb_len(3, peer_pub))
    assert secret == peer.exchange(ec.ECDH(), ours), secret.hex()
    # A point not on the curve is refused before the token sees it.
    bad = peer_pub[:-1] + bytes([peer_pub[-1] ^ 1])
    st, _ = a.call("raw_key_agreement", pb_uint(1, 2) + pb_len(2, b"ecdh") +
                   pb_len(3, bad))
    assert st == INVALID_ARGUMENT, st


def case_aes(env, d):
    a = App(d)
    key = os.urandom(32)
    assert a.import_key("gcm", "aes", 256, ["encrypt", "decrypt"],
                        Alg.aead(GCM), key) == 0
    nonce, ad, pt = os.urandom(12), b"header", b"attack at dawn" * 5
    ct = a.ok("aead_encrypt", pb_len(1, b"gcm") + pb_len(2, GCM) +
              pb_len(3, nonce) + pb_len(4, ad) + pb_len(5, pt))
    assert ct == AESGCM(key).encrypt(nonce, pt, ad)
    ct2 = AESGCM(key).encrypt(nonce, b"python's", ad)
    assert a.ok("aead_decrypt", pb_len(1, b"gcm") + pb_len(2, GCM) +
                pb_len(3, nonce) + pb_len(4, ad) + pb_len(5, ct2)) == \
        b"python's"
    st, _ = a.call("aead_decrypt", pb_len(1, b"gcm") + pb_len(2, GCM) +
                   pb_len(3, nonce) + pb_len(4, b"other") + pb_len(5, ct2))
    assert st == INVALID_SIGNATURE, st
    for mode, name, pymode, data in (
            (CBC, "cbc", modes.CBC, os.urandom(64)),
            (CBC_PKCS7, "cbc7", modes.CBC, b"not a block multiple"),
            (CTR, "ctr", modes.CTR, b"any length at all")):
        assert a.import_key(name, "aes", 0, ["encrypt", "decrypt"],
                            Alg.cipher(mode), key) == 0
        out = a.ok("cipher_encrypt", pb_len(1, name.encode()) +
                   pb_uint(2, mode) + pb_len(3, data))
        iv, ct = out[:16], out[16:]
        dec = Cipher(algorithms.AES(key), pymode(iv)).decryptor()
        plain = dec.update(ct) + dec.finalize()
        if mode == CBC_PKCS7:
            assert plain[-plain[-1]:] == bytes([plain[-1]]) * plain[-1]
            plain = plain[:-plain[-1]]
        assert plain == data, (name, plain)
        assert a.ok("cipher_decrypt", pb_len(1, name.encode()) +
                    pb_uint(2, mode) + pb_len(3, out)) == data
    # A generated, non-exportable key: a round trip through the token.
    assert a.generate("aes-gen", "aes", 128, ["encrypt", "decrypt"],
                      Alg.cipher(CBC_PKCS7)) == 0
    out = a.ok("cipher_encrypt", pb_len(1, b"aes-gen") +
               pb_uint(2, CBC_PKCS7) + pb_len(3, b"round trip"))
    assert a.ok("cipher_decrypt", pb_len(1, b"aes-gen") +
                pb_uint(2, CBC_PKCS7) + pb_len(3, out)) == b"round trip"
    st, _ = a.call("export", pb_len(1, b"aes-gen"))
    assert st == NOT_PERMITTED, st


def case_mac(env, d):
    a = App(d)
    key = os.urandom(32)
    assert a.import_key("hmac", "hmac", 256, ["sign_hash", "verify_hash"],
                        Alg.mac(hmac_alg()), key) == 0
    mac = a.ok("mac_compute", pb_len(1, b"hmac") + pb_len(2, hmac_alg()) +
               pb_len(3, b"data"))
    assert mac == hmac.new(key, b"data", hashlib.sha256).digest()
    st, _ = a.call("mac_verify", pb_len(1, b"hmac") + pb_len(2, hmac_alg()) +
                   pb_len(3, b"data") + pb_len(4, mac))
    assert st == 0, st
    st, _ = a.call("mac_verify", pb_len(1, b"hmac") + pb_len(2, hmac_alg()) +
                   pb_len(3, b"datA") + pb_len(4, mac))
    assert st == INVALID_SIGNATURE, st
    akey = os.urandom(16)
    assert a.import_key("cmac", "aes", 128, ["sign_hash", "verify_hash"],
                        Alg.mac(CMAC), akey) == 0
    mac = a.ok("mac_compute", pb_len(1, b"cmac") + pb_len(2, CMAC) +
               pb_len(3, b"cmac data"))
    c = cmac.CMAC(algorithms.AES(akey))
    c.update(b"cmac data")
    assert mac == c.finalize()
    # Generated HMAC key, exportable: the exported value computes the MAC.
    assert a.generate("hmac-gen", "hmac", 256, ["sign_hash", "export"],
                      Alg.mac(hmac_alg())) == 0
    value = a.ok("export", pb_len(1, b"hmac-gen"))
    assert len(value) == 32
    mac = a.ok("mac_compute", pb_len(1, b"hmac-gen") +
               pb_len(2, hmac_alg()) + pb_len(3, b"x"))
    assert mac == hmac.new(value, b"x", hashlib.sha256).digest()


def case_keyless(env, d):
    a = App(d)
    for h, fn in ((SHA_256, hashlib.sha256), (SHA_384, hashlib.sha384),
                  (SHA_512, hashlib.sha512)):
        assert a.ok("hash_compute", pb_uint(1, h) + pb_len(2, b"abc")) == \
            fn(b"abc").digest()
        st, _ = a.call("hash_compare", pb_uint(1, h) + pb_len(2, b"abc") +
                       pb_len(3, fn(b"abc").digest()))
        assert st == 0, st
    out = a.ok("random", pb_uint(1, 5000))
    assert len(out) == 5000 and len(set(out)) > 200


def case_import_ec_pair(env, d):
    """An ECC key pair imported from its private scalar: the service signs
    and agrees keys with it, python checks with its own copy; an exportable
    one exports the same scalar; 0 and n are refused."""
    a = App(d)
    priv = ec.generate_private_key(ec.SECP384R1())
    scalar = priv.private_numbers().private_value.to_bytes(48, "big")
    assert a.import_key("ecpair", "ec", 0, ["sign_hash", "export"],
                        Alg.sig(ecdsa(SHA_384)), scalar) == 0
    point = priv.public_key().public_bytes(
        serialization.Encoding.X962,
        serialization.PublicFormat.UncompressedPoint)
    assert a.public("ecpair") == point
    digest = hashlib.sha384(b"imported pair").digest()
    sig = a.sign("ecpair", ecdsa(SHA_384), digest)
    priv.public_key().verify(ec_raw_to_der(sig), digest,
                             ec.ECDSA(Prehashed(hashes.SHA384())))
    assert a.ok("export", pb_len(1, b"ecpair")) == scalar
    dh = ec.generate_private_key(ec.SECP256R1())
    dscalar = dh.private_numbers().private_value.to_bytes(32, "big")
    assert a.import_key("ecdh-imp", "ec", 256, ["derive"], Alg.ecdh,
                        dscalar) == 0
    peer = ec.generate_private_key(ec.SECP256R1())
    peer_pub = peer.public_key().public_bytes(
        serialization.Encoding.X962,
        serialization.PublicFormat.UncompressedPoint)
    assert a.ok("raw_key_agreement", pb_uint(1, 2) + pb_len(2, b"ecdh-imp") +
                pb_len(3, peer_pub)) == dh.exchange(ec.ECDH(),
                                                   peer.public_key())
    n = int("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
            16)
    for bad in (bytes(32), n.to_bytes(32, "big")):
        assert a.import_key("ecbad-pair", "ec", 256, ["sign_hash"],
                            Alg.sig(ecdsa()), bad) == INVALID_ARGUMENT


def case_import_public(env, d):
    a = App(d)
    priv = ec.generate_private_key(ec.SECP384R1())
    point = priv.public_key().public_bytes(
        serialization.Encoding.X962,
        serialization.PublicFormat.UncompressedPoint)
    assert a.import_key("ecpub", "ec_pub", 0, ["verify_hash"],
                        Alg.sig(ecdsa(SHA_384)), point) == 0
    assert a.public("ecpub") == point
    digest = hashlib.sha384(b"imported").digest()
    der = priv.sign(digest, ec.ECDSA(Prehashed(hashes.SHA384())))
    from cryptography.hazmat.primitives.asymmetric.utils import \
        decode_dss_signature
    r, s = decode_dss_signature(der)
    raw = r.to_bytes(48, "big") + s.to_bytes(48, "big")
    assert a.verify("ecpub", ecdsa(SHA_384), digest, raw) == 0
    bad = point[:-1] + bytes([point[-1] ^ 1])
    assert a.import_key("ecbad", "ec_pub", 0, ["verify_hash"],
                        Alg.sig(ecdsa(SHA_384)), bad) == INVALID_ARGUMENT
    rpriv = rsa.generate_private_key(65537, 2048)
    rder = rpriv.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.PKCS1)
    assert a.import_key("rsapub", "rsa_pub", 0, ["verify_hash", "encrypt"],
                        Alg.sig(pss()), rder) == 0
    assert a.public("rsapub") == rder
    digest = hashlib.sha256(b"pss").digest()
    sig = rpriv.sign(digest, padding.PSS(padding.MGF1(hashes.SHA256()), 32),
                     Prehashed(hashes.SHA256()))
    assert a.verify("rsapub", pss(), digest, sig) == 0


def case_objects(env, d):
    """The token's view, from pkcs11-tool: sensitive, unextractable,
    labelled; an exportable key is extractable."""
    a = App(d, "objects-app")
    assert a.generate("plain", "ec", 256, ["sign_hash"],
                      Alg.sig(ecdsa())) == 0
    assert a.generate("exportable", "aes", 128, ["encrypt", "export"],
                      Alg.cipher(CBC)) == 0
    point = a.public("plain").hex()
    objs = env.token.objects()
    for o in objs:
        assert o.get("label", "").startswith("arcsec:"), o
        assert len(o["ID"]) == 32, o
    ids = [o["ID"] for o in objs if o["kind"].startswith("Public Key") and
           point in o.get("EC_POINT", "")]
    assert len(ids) == 1, objs
    priv = [o for o in objs if o["kind"].startswith("Private Key") and
            o["ID"] == ids[0]]
    assert len(priv) == 1, objs
    assert priv[0]["label"] == "arcsec:objects-app/plain", priv
    assert "sensitive" in priv[0]["Access"] and "never extractable" in \
        priv[0]["Access"], priv
    assert "sign" in priv[0]["Usage"] and "decrypt" not in \
        priv[0]["Usage"], priv
    secrets = [o for o in objs if o["kind"].startswith("Secret Key Object")]
    assert any("extractable" in o.get("Access", "") and
               "never extractable" not in o.get("Access", "")
               for o in secrets), secrets


def case_isolation(env, d):
    a, b = App(d, "owner"), App(d, "intruder")
    assert a.generate("mine", "ec", 256, ["sign_hash"],
                      Alg.sig(ecdsa())) == 0
    st, _ = b.call("sign_hash", pb_len(1, b"mine") + pb_len(2, ecdsa()) +
                   pb_len(3, bytes(32)))
    assert st == DOES_NOT_EXIST, st
    assert b.generate("mine", "ec", 256, ["sign_hash"],
                      Alg.sig(ecdsa())) == 0
    assert a.public("mine") != b.public("mine")
    assert b.call("destroy", pb_len(1, b"mine"))[0] == 0
    a.sign("mine", ecdsa(), bytes(32))     # still there


def case_destroy(env, d):
    a = App(d, "destroyer")
    assert a.generate("gone", "rsa", 2048, ["sign_hash"],
                      Alg.sig(pkcs1_sign())) == 0
    before = len(env.token.objects())
    assert a.call("destroy", pb_len(1, b"gone"))[0] == 0
    assert len(env.token.objects()) == before - 2
    st, _ = a.call("sign_hash", pb_len(1, b"gone") + pb_len(2, pkcs1_sign()) +
                   pb_len(3, bytes(32)))
    assert st == DOES_NOT_EXIST, st


def case_concurrency(env, d):
    a = App(d, "busy")
    assert a.generate("busy", "ec", 256, ["sign_hash"],
                      Alg.sig(ecdsa())) == 0
    pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(),
                                                       a.public("busy"))
    errors, counts, stop = [], [0] * 8, time.time() + 10

    def worker(i):
        try:
            while time.time() < stop:
                digest = hashlib.sha256(b"%d-%d" % (i, counts[i])).digest()
                sig = a.sign("busy", ecdsa(), digest)
                pub.verify(ec_raw_to_der(sig), digest,
                           ec.ECDSA(Prehashed(hashes.SHA256())))
                counts[i] += 1
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert all(c > 0 for c in counts), counts
    print("     %d signatures by 8 clients in 10 s" % sum(counts))
    assert "CKR_OPERATION_ACTIVE" not in d.read_log()


def case_export_refused(env):
    d = env.daemon('allow_export = false\n')
    with d:
        d.start()
        a = App(d)
        assert a.generate("x", "aes", 128, ["encrypt", "export"],
                          Alg.cipher(CBC)) == NOT_PERMITTED
        assert a.generate("y", "aes", 128, ["encrypt"],
                          Alg.cipher(CBC)) == 0


def case_software_public(env):
    """software_public_operations = true: verification and encryption use
    the public key kept in the key reference, so they work even with the
    token's public object deleted behind arcsec's back."""
    d = env.daemon("software_public_operations = true\n")
    with d:
        d.start()
        a = App(d, "soft-public")
        priv = ec.generate_private_key(ec.SECP256R1())
        point = priv.public_key().public_bytes(
            serialization.Encoding.X962,
            serialization.PublicFormat.UncompressedPoint)
        assert a.import_key("pub", "ec_pub", 0, ["verify_hash"],
                            Alg.sig(ecdsa()), point) == 0
        rpriv = rsa.generate_private_key(65537, 2048)
        rder = rpriv.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
        assert a.import_key("rpub", "rsa_pub", 0, ["encrypt"],
                            Alg.enc(oaep(SHA_256)), rder) == 0
        for o in env.token.objects():
            if o["kind"].startswith("Public Key"):
                env.token.tool("--login", "--pin", p11_token.PIN,
                               "--delete-object", "--type", "pubkey",
                               "--id", o["ID"])
        digest = hashlib.sha256(b"soft").digest()
        r, s_ = __import__("cryptography.hazmat.primitives.asymmetric.utils",
                           fromlist=["x"]).decode_dss_signature(
            priv.sign(digest, ec.ECDSA(Prehashed(hashes.SHA256()))))
        raw = r.to_bytes(32, "big") + s_.to_bytes(32, "big")
        assert a.verify("pub", ecdsa(), digest, raw) == 0
        assert a.verify("pub", ecdsa(), digest, bytes(64)) == \
            INVALID_SIGNATURE
        # OAEP-SHA-256 with a label: SoftHSM could do neither; OpenSSL can.
        ct = a.ok("asym_encrypt", pb_len(1, b"rpub") +
                  pb_len(2, oaep(SHA_256)) + pb_len(3, b"soft enc") +
                  pb_len(4, b"lbl"))
        assert rpriv.decrypt(ct, padding.OAEP(
            padding.MGF1(hashes.SHA256()), hashes.SHA256(), b"lbl")) == \
            b"soft enc"


def case_persistence_and_reconcile(env):
    """A key survives a restart. At start, an "arcsec-new:" object no stored
    key names (a create interrupted before the key store commit) is
    removed; an unreferenced object with a committed key's label is kept
    and reported (the key store may be the wrong one); other objects are
    never touched."""
    d = env.daemon()
    with d:
        d.start()
        a = App(d, "keeper")
        assert a.generate("kept", "ec", 256, ["sign_hash"],
                          Alg.sig(ecdsa())) == 0
        pub = a.public("kept")
        d.stop()
        tool = env.token.tool
        for label, oid in (("arcsec-new:orphan", "0badc0de"),
                           ("arcsec:other-store/key", "0c0c"),
                           ("someone-else", "0e1e")):
            tool("--login", "--pin", p11_token.PIN, "--keypairgen",
                 "--key-type", "EC:prime256v1", "--label", label,
                 "--id", oid)
        d.start()
        log = d.read_log()
        assert 'removed leftover object "arcsec-new:orphan"' in log, \
            log[-2000:]
        assert '"arcsec:other-store/key" belongs to a committed key' in log
        labels = [o.get("label") for o in env.token.objects()]
        assert "arcsec-new:orphan" not in labels, labels
        assert labels.count("someone-else") == 2, labels
        assert labels.count("arcsec:other-store/key") == 2, labels
        assert labels.count("arcsec:keeper/kept") == 2, labels
        a = App(d, "keeper")
        assert a.public("kept") == pub
        digest = hashlib.sha256(b"after restart").digest()
        sig = a.sign("kept", ecdsa(), digest)
        ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), pub).verify(ec_raw_to_der(sig), digest,
                                        ec.ECDSA(Prehashed(hashes.SHA256())))


def expect_start_failure(env, block, words):
    d = Daemon(providers=block, auth="Direct")
    with d:
        try:
            d.start()
        except RuntimeError as e:
            d.stop(expect=None)
            text = str(e)
            for w in words:
                assert w in text, (w, text[-1500:])
            assert "wrong-pin-31415" not in text     # never logged
            return
        raise AssertionError("arcsecd started with %r" % block)


def case_start_errors(env):
    t = env.token
    expect_start_failure(env, t.provider_block(pin="wrong-pin-31415"),
                         ["CKR_PIN_INCORRECT", "user_pin is wrong"])
    expect_start_failure(env, t.provider_block(serial=False,
                         extra='serial_number = "0123456789abcdef"\n'),
                         ['no token with serial_number "0123456789abcdef"'])
    expect_start_failure(env, t.provider_block().replace(
        p11_token.MODULE, "/nonexistent/libp11.so"),
        ["library_path /nonexistent/libp11.so"])
    # The spare slot SoftHSM always offers holds an uninitialised token.
    out = subprocess.run(["softhsm2-util", "--show-slots"], env=t.env(),
                         capture_output=True, text=True).stdout
    spare = None
    for block in out.split("\nSlot ")[1:]:
        if "Initialized:      no" in block:
            spare = int(block.split()[0])
    assert spare is not None, out
    expect_start_failure(env, t.provider_block(
        serial=False, extra="slot_number = %d\n" % spare),
        ["not initialised"])


def case_several_tokens(env):
    t2 = Token(labels=("arcsec-test", "second"))
    try:
        expect_start_failure(env, t2.provider_block(serial=False),
                             ["2 initialised tokens",
                              "serial_number or slot_number"])
        # Chosen by serial, the second token works.
        block = t2.provider_block(serial=False) + \
            'serial_number = "%s"\n' % t2.serials[1]
        d = Daemon(providers=block, auth="Direct")
        with d:
            d.start()
            assert App(d).generate("k", "ec", 256, ["sign_hash"],
                                   Alg.sig(ecdsa())) == 0
            assert "serial %s" % t2.serials[1] in d.read_log()
            # A long, non-ASCII name: the label is cut on a character.
            name = "\u00e9" * 200
            assert App(d).generate(name, "ec", 256, ["sign_hash"],
                                   Alg.sig(ecdsa())) == 0
        # Chosen by slot_number, with the PIN in Parsec's hex: form.
        block = t2.provider_block(serial=False, pin="hex:35363738") + \
            "slot_number = %d\n" % t2.slot_of("second")
        d = Daemon(providers=block, auth="Direct")
        with d:
            d.start()
            assert "serial %s" % t2.serials[1] in d.read_log()
            assert App(d).generate("k2", "ec", 256, ["sign_hash"],
                                   Alg.sig(ecdsa())) == 0
    finally:
        t2.cleanup()
        os.environ["SOFTHSM2_CONF"] = env.token.conf


def opcodes(d):
    r = d.call(OP["list_opcodes"], body=pb_uint(1, P), auth=b"x",
               auth_type=1)
    assert r.status == 0, r.status
    f = dict((f, v) for f, wt, v in pb_fields(r.body))
    return set(pb_packed_varints(f.get(1, b"")))


def case_opcodes(env, d):
    ops = opcodes(d)
    for op in ("generate", "sign_hash", "asym_decrypt", "aead_encrypt",
               "raw_key_agreement", "mac_compute", "cipher_encrypt",
               "hash_compute", "random"):
        assert OP[op] in ops, (op, sorted(ops))
    p = subprocess.run([ARCSEC, "--provider", "2", "list-opcodes"],
                       env=d.env(), capture_output=True, text=True)
    assert p.returncode == 0 and "PsaRawKeyAgreement" in p.stdout, p


def case_opcodes_follow_mechanisms(env):
    """With SoftHSM told to offer only EC key generation, ECDSA and
    SHA-256, the provider claims only what those allow."""
    conf = env.token.conf
    with open(conf) as f:
        orig = f.read()
    with open(conf, "a") as f:
        f.write("slots.mechanisms = CKM_EC_KEY_PAIR_GEN,CKM_ECDSA,"
                "CKM_SHA256\n")
    try:
        d = env.daemon()
        with d:
            d.start()
            ops = opcodes(d)
            for op in ("generate", "sign_hash", "verify_hash",
                       "sign_message", "hash_compute"):
                assert OP[op] in ops, (op, sorted(ops))
            for op in ("raw_key_agreement", "aead_encrypt", "asym_decrypt",
                       "cipher_encrypt", "mac_compute"):
                assert OP[op] not in ops, (op, sorted(ops))
            a = App(d)
            st = a.generate("r", "rsa", 2048, ["sign_hash"],
                            Alg.sig(pkcs1_sign()))
            assert st == NOT_SUPPORTED, st
            assert a.generate("e", "ec", 256, ["sign_hash"],
                              Alg.sig(ecdsa())) == 0
    finally:
        with open(conf, "w") as f:
            f.write(orig)


def case_token_removal(env):
    """Token pulled out mid-run (tests/integration/p11_shim.c, since
    SoftHSM2 cannot): requests fail with CommunicationFailure, and once it
    is back the provider reopens its sessions and logs in again."""
    shim = os.path.join(os.environ.get("ARCSEC_BUILD", ""),
                        "arcsec_p11_shim.so")
    if not os.path.exists(shim):
        raise Skip("arcsec_p11_shim.so not built")
    flag = os.path.join(env.token.dir, "removed")
    os.environ["ARCSEC_P11_SHIM_FLAG"] = flag
    d = Daemon(providers=env.token.provider_block().replace(
        p11_token.MODULE, shim), auth="Direct", threads=4)
    try:
        with d:
            d.start()
            a = App(d, "removal")
            assert a.generate("k", "ec", 256, ["sign_hash"],
                              Alg.sig(ecdsa())) == 0
            body = pb_len(1, b"k") + pb_len(2, ecdsa()) + \
                pb_len(3, bytes(32))
            assert a.call("sign_hash", body)[0] == 0
            open(flag, "w").close()
            for _ in range(3):
                st, _ = a.call("sign_hash", body)
                assert st == COMMUNICATION_FAILURE, st
                assert a.call("random", pb_uint(1, 8))[0] == \
                    COMMUNICATION_FAILURE
            os.unlink(flag)
            pub = ec.EllipticCurvePublicKey.from_encoded_point(
                ec.SECP256R1(), a.public("k"))
            for i in range(4):      # more than one pooled session
                digest = hashlib.sha256(b"back %d" % i).digest()
                sig = a.sign("k", ecdsa(), digest)
                pub.verify(ec_raw_to_der(sig), digest,
                           ec.ECDSA(Prehashed(hashes.SHA256())))
            log = d.read_log()
            assert "lost (CKR_DEVICE_REMOVED)" in log, log[-2000:]
            assert "is back; sessions reopened and logged in" in log
    finally:
        os.environ.pop("ARCSEC_P11_SHIM_FLAG", None)


def case_cli(env, d):
    """The arcsec CLI against provider 2, checked with openssl."""
    def cli(*args):
        p = subprocess.run([ARCSEC, "--provider", "2", "--app-name",
                            "cli-app", *args], env=d.env(),
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, (args, p.stdout, p.stderr)
        return p.stdout
    cli("create-ecc-key", "--key-name", "cli-ec")
    pem = cli("export-public-key", "--key-name", "cli-ec")
    import base64
    sig = base64.b64decode(cli("sign", "--key-name", "cli-ec", "hello"))
    pub = serialization.load_pem_public_key(pem.encode())
    pub.verify(sig, b"hello", ec.ECDSA(hashes.SHA256()))


def main():
    if not p11_token.available():
        print("SKIP: SoftHSM2 or pkcs11-tool missing")
        print("0 passed, 0 failed, 1 skipped")
        return
    env = Env()
    r = Runner()
    try:
        d = started(env)
        try:
            for name, fn in (("ecdsa", case_ecdsa),
                             ("rsa_sign", case_rsa_sign),
                             ("rsa_crypt", case_rsa_crypt),
                             ("ecdh", case_ecdh), ("aes", case_aes),
                             ("mac", case_mac), ("keyless", case_keyless),
                             ("import_public", case_import_public),
                             ("import_ec_pair", case_import_ec_pair),
                             ("objects", case_objects),
                             ("isolation", case_isolation),
                             ("destroy", case_destroy),
                             ("opcodes", case_opcodes), ("cli", case_cli),
                             ("concurrency", case_concurrency)):
                r.run(name, fn, env, d)
            d.stop()
        except BaseException:
            sys.stderr.write(d.read_log()[-4000:])
            raise
        finally:
            d.cleanup()
        r.run("export_refused", case_export_refused, env)
        r.run("software_public", case_software_public, env)
        r.run("persistence_and_reconcile", case_persistence_and_reconcile,
              env)
        r.run("opcodes_follow_mechanisms", case_opcodes_follow_mechanisms,
              env)
        r.run("token_removal", case_token_removal, env)
        r.run("start_errors", case_start_errors, env)
        r.run("several_tokens", case_several_tokens, env)
    finally:
        env.token.cleanup()
    r.finish()


if __name__ == "__main__":
    main()
