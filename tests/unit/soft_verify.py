#!/usr/bin/python3
# tests/unit/soft_verify.py: the independent half of the soft provider's
# tests. The C tests (test_soft_*.c) write what the provider produced to a
# job file; this script checks each line with python3-cryptography or with
# plain Python (RSA padding schemes, HMAC, hashes are written out here from
# RFC 8017 / RFC 2104 rather than trusted to the library under test), and
# creates keys and ciphertexts for the provider to consume.
#
# Usage: soft_verify.py JOBS OUT
#   JOBS: one job per line: "<op> key=value ...", values hex unless noted.
#   OUT:  lines "<name> <hex>" for the jobs that produce something.
# Exit status 0 when every job passed; otherwise each failure is printed
# with its line number and the status is 1.

import hashlib
import hmac
import os
import subprocess
import sys

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import cmac, hashes, serialization
from cryptography.hazmat.primitives import padding as sympad
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric import x448, x25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    Prehashed, encode_dss_signature)
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import (
    AESCCM, ChaCha20Poly1305)


class Fail(Exception):
    pass


def need(cond, why):
    if not cond:
        raise Fail(why)


CURVES = {
    "secp192r1": ec.SECP192R1, "secp224r1": ec.SECP224R1,
    "secp256r1": ec.SECP256R1, "secp384r1": ec.SECP384R1,
    "secp521r1": ec.SECP521R1, "secp256k1": ec.SECP256K1,
    "brainpoolP256r1": ec.BrainpoolP256R1,
    "brainpoolP384r1": ec.BrainpoolP384R1,
    "brainpoolP512r1": ec.BrainpoolP512R1,
}

# hashlib names; cryptography classes where it has them.
HASHES = {
    "md5": hashes.MD5, "sha1": hashes.SHA1, "sha224": hashes.SHA224,
    "sha256": hashes.SHA256, "sha384": hashes.SHA384,
    "sha512": hashes.SHA512, "sha512_224": hashes.SHA512_224,
    "sha512_256": hashes.SHA512_256, "sha3_224": hashes.SHA3_224,
    "sha3_256": hashes.SHA3_256, "sha3_384": hashes.SHA3_384,
    "sha3_512": hashes.SHA3_512, "sm3": hashes.SM3, "ripemd160": None,
}

# DigestInfo AlgorithmIdentifier OIDs (RFC 8017 §9.2 note 1, NIST CSOR,
# GM/T 0004, ISO/IEC 10118-3), as dotted strings.
OIDS = {
    "md5": "1.2.840.113549.2.5", "sha1": "1.3.14.3.2.26",
    "sha224": "2.16.840.1.101.3.4.2.4", "sha256": "2.16.840.1.101.3.4.2.1",
    "sha384": "2.16.840.1.101.3.4.2.2", "sha512": "2.16.840.1.101.3.4.2.3",
    "sha512_224": "2.16.840.1.101.3.4.2.5",
    "sha512_256": "2.16.840.1.101.3.4.2.6",
    "sha3_224": "2.16.840.1.101.3.4.2.7",
    "sha3_256": "2.16.840.1.101.3.4.2.8",
    "sha3_384": "2.16.840.1.101.3.4.2.9",
    "sha3_512": "2.16.840.1.101.3.4.2.10",
    "ripemd160": "1.3.36.3.2.1", "sm3": "1.2.156.10197.1.401",
}


def h(v):
    return bytes.fromhex(v)


def hnew(name, data=b""):
    return hashlib.new(name, data)


def hlen(name):
    return hnew(name).digest_size


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def der_oid(dotted):
    parts = [int(x) for x in dotted.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        enc = [p & 0x7f]
        p >>= 7
        while p:
            enc.insert(0, 0x80 | (p & 0x7f))
            p >>= 7
        out += bytes(enc)
    return der(0x06, out)


def digest_info(name, digest):
    alg = der(0x30, der_oid(OIDS[name]) + b"\x05\x00")
    return der(0x30, alg + der(0x04, digest))


# ---- RSA, from RFC 8017, with the key's numbers -------------------------

def rsa_pub(data):
    key = serialization.load_der_public_key(data)
    need(isinstance(key, rsa.RSAPublicKey), "not an RSA public key")
    return key


def rsa_priv(data):
    key = serialization.load_der_private_key(data, None)
    need(isinstance(key, rsa.RSAPrivateKey), "not an RSA private key")
    return key


def i2osp(x, n):
    return x.to_bytes(n, "big")


def os2ip(b):
    return int.from_bytes(b, "big")


def rsa_public_op(pub, m):
    nums = pub.public_numbers()
    k = (nums.n.bit_length() + 7) // 8
    need(len(m) == k, "RSA input length %d != %d" % (len(m), k))
    return i2osp(pow(os2ip(m), nums.e, nums.n), k)


def rsa_private_op(priv, c):
    nums = priv.private_numbers()
    n = nums.public_numbers.n
    k = (n.bit_length() + 7) // 8
    return i2osp(pow(os2ip(c), nums.d, n), k)


def mgf1(name, seed, length):
    out = b""
    counter = 0
    while len(out) < length:
        out += hnew(name, seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return out[:length]


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def emsa_pkcs1(name, digest, k):
    t = digest_info(name, digest) if name != "raw" else digest
    need(k >= len(t) + 11, "key too small for PKCS#1 v1.5")
    return b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t


def emsa_pss_verify(name, digest, em, em_bits, salt_len):
    # RFC 8017 §9.1.2; salt_len None: any length (recovered).
    hl = hlen(name)
    em_len = (em_bits + 7) // 8
    need(len(em) == em_len, "PSS: EM length")
    need(em[-1] == 0xbc, "PSS: trailer")
    masked, hh = em[:em_len - hl - 1], em[em_len - hl - 1:-1]
    zero_bits = 8 * em_len - em_bits
    if zero_bits:
        need(masked[0] >> (8 - zero_bits) == 0, "PSS: leftmost bits")
    db = xor(masked, mgf1(name, hh, len(masked)))
    if zero_bits:
        db = bytes([db[0] & (0xff >> zero_bits)]) + db[1:]
    i = 0
    while i < len(db) and db[i] == 0:
        i += 1
    need(i < len(db) and db[i] == 1, "PSS: no 0x01 separator")
    salt = db[i + 1:]
    if salt_len is not None:
        need(len(salt) == salt_len,
             "PSS: salt length %d, expected %d" % (len(salt), salt_len))
    m2 = b"\x00" * 8 + digest + salt
    need(hnew(name, m2).digest() == hh, "PSS: hash mismatch")
    return len(salt)


def oaep_encode(name, msg, label, k):
    hl = hlen(name)
    need(len(msg) <= k - 2 * hl - 2, "OAEP: message too long")
    lhash = hnew(name, label).digest()
    db = lhash + b"\x00" * (k - len(msg) - 2 * hl - 2) + b"\x01" + msg
    seed = os.urandom(hl)
    mdb = xor(db, mgf1(name, seed, k - hl - 1))
    mseed = xor(seed, mgf1(name, mdb, hl))
    return b"\x00" + mseed + mdb


def oaep_decode(name, em, label):
    hl = hlen(name)
    need(em[0] == 0, "OAEP: leading byte")
    mseed, mdb = em[1:1 + hl], em[1 + hl:]
    seed = xor(mseed, mgf1(name, mdb, hl))
    db = xor(mdb, mgf1(name, seed, len(mdb)))
    need(db[:hl] == hnew(name, label).digest(), "OAEP: label hash")
    rest = db[hl:]
    i = 0
    while rest[i] == 0:
        i += 1
    need(rest[i] == 1, "OAEP: separator")
    return rest[i + 1:]


def pkcs1_encrypt_encode(msg, k):
    need(len(msg) <= k - 11, "PKCS#1 v1.5: message too long")
    ps = b""
    while len(ps) < k - len(msg) - 3:
        ps += bytes(b for b in os.urandom(16) if b != 0)
    return b"\x00\x02" + ps[:k - len(msg) - 3] + b"\x00" + msg


def pkcs1_decrypt_decode(em):
    need(em[:2] == b"\x00\x02", "PKCS#1 v1.5: header")
    i = em.index(b"\x00", 2)
    need(i >= 10, "PKCS#1 v1.5: short padding")
    return em[i + 1:]


# ---- jobs ------------------------------------------------------------------

def job_ecdsa_verify(a, out):
    curve = CURVES[a["curve"]]()
    pub = ec.EllipticCurvePublicKey.from_encoded_point(curve, h(a["pub"]))
    sig = h(a["sig"])
    n = len(sig) // 2
    need(n == (curve.key_size + 7) // 8, "r||s length")
    der_sig = encode_dss_signature(os2ip(sig[:n]), os2ip(sig[n:]))
    hc = HASHES[a["hash"]]()
    try:
        pub.verify(der_sig, h(a["digest"]), ec.ECDSA(Prehashed(hc)))
    except InvalidSignature:
        raise Fail("ECDSA signature does not verify")


def job_ecdsa_verify_msg(a, out):
    curve = CURVES[a["curve"]]()
    pub = ec.EllipticCurvePublicKey.from_encoded_point(curve, h(a["pub"]))
    sig = h(a["sig"])
    n = len(sig) // 2
    der_sig = encode_dss_signature(os2ip(sig[:n]), os2ip(sig[n:]))
    try:
        pub.verify(der_sig, h(a["msg"]), ec.ECDSA(HASHES[a["hash"]]()))
    except InvalidSignature:
        raise Fail("ECDSA message signature does not verify")


def job_ecdsa_sign(a, out):
    # A signature by the library, as raw r || s, for the provider to check.
    from cryptography.hazmat.primitives.asymmetric.utils import (
        decode_dss_signature)
    curve = CURVES[a["curve"]]()
    key = ec.derive_private_key(os2ip(h(a["priv"])), curve)
    r, s = decode_dss_signature(key.sign(
        h(a["digest"]), ec.ECDSA(Prehashed(HASHES[a["hash"]]()))))
    n = (curve.key_size + 7) // 8
    out.append((a["name"], i2osp(r, n) + i2osp(s, n)))


def job_rsa_pkcs1_verify(a, out):
    # Both ways: the padding rebuilt here (RFC 8017 §9.2) and the library.
    pub = rsa_pub(h(a["pub"]))
    name = a["hash"]
    sig = h(a["sig"])
    k = (pub.key_size + 7) // 8
    em = rsa_public_op(pub, sig)
    need(em == emsa_pkcs1(name, h(a["digest"]), k),
         "PKCS#1 v1.5 encoding mismatch")
    if name != "raw" and HASHES.get(name) is not None and \
            name not in ("sm3",):
        try:
            pub.verify(sig, h(a["digest"]), padding.PKCS1v15(),
                       Prehashed(HASHES[name]()))
        except InvalidSignature:
            raise Fail("library says PKCS#1 v1.5 signature is bad")


def job_rsa_pss_verify(a, out):
    pub = rsa_pub(h(a["pub"]))
    name = a["hash"]
    sig = h(a["sig"])
    em = rsa_public_op(pub, sig)
    em_bits = pub.key_size - 1
    em = em[len(em) - (em_bits + 7) // 8:]
    salt = None if a["salt"] == "any" else int(a["salt"])
    emsa_pss_verify(name, h(a["digest"]), em, em_bits, salt)


def job_rsa_pss_sign(a, out):
    # A PSS signature by the library with a chosen salt length.
    priv = rsa_priv(h(a["priv"]))
    hc = HASHES[a["hash"]]()
    sig = priv.sign(h(a["digest"]), padding.PSS(mgf=padding.MGF1(hc),
                    salt_length=int(a["salt"])), Prehashed(hc))
    out.append((a["name"], sig))


def job_rsa_pkcs1_sign(a, out):
    priv = rsa_priv(h(a["priv"]))
    em = emsa_pkcs1(a["hash"], h(a["digest"]), (priv.key_size + 7) // 8)
    out.append((a["name"], rsa_private_op(priv, em)))


def job_rsa_decrypt(a, out):
    # Decrypt what the provider encrypted, padding checked by hand.
    priv = rsa_priv(h(a["priv"]))
    em = rsa_private_op(priv, h(a["ct"]))
    if a["alg"] == "oaep":
        pt = oaep_decode(a["hash"], em, h(a["label"]))
    else:
        pt = pkcs1_decrypt_decode(em)
    need(pt == h(a["pt"]), "decrypted plaintext differs")


def job_rsa_encrypt(a, out):
    pub = rsa_pub(h(a["pub"]))
    k = (pub.key_size + 7) // 8
    if a["alg"] == "oaep":
        em = oaep_encode(a["hash"], h(a["pt"]), h(a["label"]), k)
    else:
        em = pkcs1_encrypt_encode(h(a["pt"]), k)
    out.append((a["name"], rsa_public_op(pub, em)))


def job_eddsa_verify(a, out):
    cls = {"ed25519": ed25519.Ed25519PublicKey,
           "ed448": ed448.Ed448PublicKey}[a["curve"]]
    try:
        cls.from_public_bytes(h(a["pub"])).verify(h(a["sig"]), h(a["msg"]))
    except InvalidSignature:
        raise Fail("EdDSA signature does not verify")


def ec_priv_bytes(key):
    n = (key.curve.key_size + 7) // 8
    return key.private_numbers().private_value.to_bytes(n, "big")


def ec_pub_bytes(key):
    return key.public_bytes(serialization.Encoding.X962,
                            serialization.PublicFormat.UncompressedPoint)


def job_gen_ec(a, out):
    key = ec.generate_private_key(CURVES[a["curve"]]())
    out.append((a["name"] + ".priv", ec_priv_bytes(key)))
    out.append((a["name"] + ".pub", ec_pub_bytes(key.public_key())))
    out.append((a["name"] + ".spki", key.public_key().public_bytes(
        serialization.Encoding.DER,
        serialization.PublicFormat.SubjectPublicKeyInfo)))


RAWCURVES = {
    "x25519": x25519.X25519PrivateKey, "x448": x448.X448PrivateKey,
    "ed25519": ed25519.Ed25519PrivateKey, "ed448": ed448.Ed448PrivateKey,
}


def raw_priv(key):
    return key.private_bytes(serialization.Encoding.Raw,
                             serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def raw_pub(key):
    return key.public_bytes(serialization.Encoding.Raw,
                            serialization.PublicFormat.Raw)


def job_gen_raw(a, out):
    key = RAWCURVES[a["curve"]].generate()
    out.append((a["name"] + ".priv", raw_priv(key)))
    out.append((a["name"] + ".pub", raw_pub(key.public_key())))


def job_gen_rsa(a, out):
    key = rsa.generate_private_key(65537, int(a["bits"]))
    ser = serialization
    out.append((a["name"] + ".priv", key.private_bytes(
        ser.Encoding.DER, ser.PrivateFormat.TraditionalOpenSSL,
        ser.NoEncryption())))
    out.append((a["name"] + ".pkcs8", key.private_bytes(
        ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption())))
    out.append((a["name"] + ".pub", key.public_key().public_bytes(
        ser.Encoding.DER, ser.PublicFormat.PKCS1)))
    out.append((a["name"] + ".spki", key.public_key().public_bytes(
        ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo)))


def job_ec_key_check(a, out):
    # export_public_key parses as a point of the curve; with the private
    # scalar, the point is the scalar's.
    curve = CURVES[a["curve"]]()
    pub = ec.EllipticCurvePublicKey.from_encoded_point(curve, h(a["pub"]))
    need(ec_pub_bytes(pub) == h(a["pub"]), "point does not round-trip")
    if "priv" in a:
        d = h(a["priv"])
        need(len(d) == (curve.key_size + 7) // 8, "scalar length")
        key = ec.derive_private_key(os2ip(d), curve)
        need(ec_pub_bytes(key.public_key()) == h(a["pub"]),
             "public point is not the private scalar's")


def job_raw_key_check(a, out):
    key = RAWCURVES[a["curve"]].from_private_bytes(h(a["priv"]))
    need(raw_pub(key.public_key()) == h(a["pub"]),
         "public key is not the private key's")


def job_rsa_key_check(a, out):
    pub = rsa_pub(h(a["pub"]))
    need(pub.public_bytes(serialization.Encoding.DER,
                          serialization.PublicFormat.PKCS1) == h(a["pub"]),
         "RSAPublicKey does not round-trip")
    need(pub.key_size == int(a["bits"]), "modulus size")
    if "priv" in a:
        priv = rsa_priv(h(a["priv"]))
        need(priv.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption()) == h(a["priv"]),
            "RSAPrivateKey does not round-trip")
        need(priv.public_key().public_numbers() == pub.public_numbers(),
             "public key is not the private key's")


def job_ecdh_check(a, out):
    curve = a["curve"]
    if curve in ("x25519", "x448"):
        key = RAWCURVES[curve].from_private_bytes(h(a["priv"]))
        peer = {"x25519": x25519.X25519PublicKey,
                "x448": x448.X448PublicKey}[curve].from_public_bytes(
                    h(a["peer"]))
        secret = key.exchange(peer)
    else:
        c = CURVES[curve]()
        key = ec.derive_private_key(os2ip(h(a["priv"])), c)
        peer = ec.EllipticCurvePublicKey.from_encoded_point(c, h(a["peer"]))
        secret = key.exchange(ec.ECDH(), peer)
    need(secret == h(a["secret"]), "shared secrets differ")


def block_alg(name, key):
    if name == "AES":
        return algorithms.AES(key)
    if name == "CAMELLIA":
        return algorithms.Camellia(key)
    if name == "SM4":
        return algorithms.SM4(key)
    raise Fail("no block cipher " + name)


def openssl_enc(cipher, key, iv, data, decrypt=False):
    args = ["openssl", "enc", "-" + cipher, "-K", key.hex(), "-nopad"]
    if iv:
        args += ["-iv", iv.hex()]
    if decrypt:
        args.append("-d")
    r = subprocess.run(args, input=data, capture_output=True)
    need(r.returncode == 0, "openssl enc: " + r.stderr.decode())
    return r.stdout


def job_cipher_check(a, out):
    # ct is the ciphertext without the IV; PKCS#7 padding done here.
    family, mode = a["cipher"], a["mode"]
    key, iv, pt, ct = h(a["key"]), h(a["iv"]), h(a["pt"]), h(a["ct"])
    if family == "CHACHA20":
        nonce = b"\x00\x00\x00\x00" + iv     # counter 0, RFC 8439
        enc = Cipher(algorithms.ChaCha20(key, nonce), None).encryptor()
        need(enc.update(pt) == ct, "ChaCha20 ciphertext differs")
        return
    data = pt
    if mode == "CBC_PKCS7":
        p = sympad.PKCS7(128).padder()
        data = p.update(pt) + p.finalize()
    if family == "ARIA":
        # No ARIA in python3-cryptography: the openssl CLI instead.
        bits = len(key) * 8
        m = {"CBC_PKCS7": "cbc", "CBC": "cbc", "ECB": "ecb", "CTR": "ctr",
             "CFB": "cfb", "OFB": "ofb"}[mode]
        got = openssl_enc("aria-%d-%s" % (bits, m), key, iv, data)
        need(got == ct, "ARIA ciphertext differs")
        return
    m = {"CBC_PKCS7": modes.CBC, "CBC": modes.CBC, "CTR": modes.CTR,
         "CFB": modes.CFB, "OFB": modes.OFB}.get(mode)
    enc = Cipher(block_alg(family, key),
                 m(iv) if m else modes.ECB()).encryptor()
    need(enc.update(data) + enc.finalize() == ct,
         "%s-%s ciphertext differs" % (family, mode))


def job_cipher_make(a, out):
    # Ciphertext for the provider to decrypt: IV || ct.
    family, mode = a["cipher"], a["mode"]
    key, iv, pt = h(a["key"]), h(a["iv"]), h(a["pt"])
    data = pt
    if mode == "CBC_PKCS7":
        p = sympad.PKCS7(128).padder()
        data = p.update(pt) + p.finalize()
    m = {"CBC_PKCS7": modes.CBC, "CBC": modes.CBC, "CTR": modes.CTR,
         "CFB": modes.CFB, "OFB": modes.OFB}.get(mode)
    enc = Cipher(block_alg(family, key),
                 m(iv) if m else modes.ECB()).encryptor()
    out.append((a["name"], iv + enc.update(data) + enc.finalize()))


def gcm(key, nonce, ad, pt, tag_len):
    enc = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(ad)
    ct = enc.update(pt) + enc.finalize()
    return ct + enc.tag[:tag_len]     # SP 800-38D §7.1: MSB_t


def job_aead_check(a, out):
    alg = a["alg"]
    key, nonce, ad, pt = h(a["key"]), h(a["nonce"]), h(a["ad"]), h(a["pt"])
    tag_len = int(a["tag"])
    if alg == "GCM":
        want = gcm(key, nonce, ad, pt, tag_len)
    elif alg == "CCM":
        want = AESCCM(key, tag_length=tag_len).encrypt(nonce, pt, ad)
    else:
        want = ChaCha20Poly1305(key).encrypt(nonce, pt, ad)
    need(want == h(a["out"]), alg + " output differs")


def job_aead_make(a, out):
    alg = a["alg"]
    key, nonce, ad, pt = h(a["key"]), h(a["nonce"]), h(a["ad"]), h(a["pt"])
    tag_len = int(a["tag"])
    if alg == "GCM":
        ct = gcm(key, nonce, ad, pt, tag_len)
    elif alg == "CCM":
        ct = AESCCM(key, tag_length=tag_len).encrypt(nonce, pt, ad)
    else:
        ct = ChaCha20Poly1305(key).encrypt(nonce, pt, ad)
    out.append((a["name"], ct))


def job_mac_check(a, out):
    key, msg, mac = h(a["key"]), h(a["msg"]), h(a["mac"])
    if a["alg"] == "HMAC":
        full = hmac.new(key, msg, a["hash"]).digest()
    elif a["cipher"] == "ARIA":
        r = subprocess.run(
            ["openssl", "mac", "-cipher", "ARIA-%d-CBC" % (len(key) * 8),
             "-macopt", "hexkey:" + key.hex(), "-binary", "CMAC"],
            input=msg, capture_output=True)
        need(r.returncode == 0, "openssl mac: " + r.stderr.decode())
        full = r.stdout
    else:
        c = cmac.CMAC(block_alg(a["cipher"], key))
        c.update(msg)
        full = c.finalize()
    need(len(mac) >= 4 and full[:len(mac)] == mac, "MAC differs")


def job_hash_check(a, out):
    need(hnew(a["hash"], h(a["msg"])).digest() == h(a["digest"]),
         a["hash"] + " digest differs")


def job_hash(a, out):
    out.append((a["name"], hnew(a["hash"], h(a["msg"])).digest()))


JOBS = {
    "ecdsa_verify": job_ecdsa_verify,
    "ecdsa_verify_msg": job_ecdsa_verify_msg,
    "ecdsa_sign": job_ecdsa_sign,
    "rsa_pkcs1_verify": job_rsa_pkcs1_verify,
    "rsa_pss_verify": job_rsa_pss_verify,
    "rsa_pss_sign": job_rsa_pss_sign,
    "rsa_pkcs1_sign": job_rsa_pkcs1_sign,
    "rsa_decrypt": job_rsa_decrypt,
    "rsa_encrypt": job_rsa_encrypt,
    "eddsa_verify": job_eddsa_verify,
    "gen_ec": job_gen_ec,
    "gen_raw": job_gen_raw,
    "gen_rsa": job_gen_rsa,
    "ec_key_check": job_ec_key_check,
    "raw_key_check": job_raw_key_check,
    "rsa_key_check": job_rsa_key_check,
    "ecdh_check": job_ecdh_check,
    "cipher_check": job_cipher_check,
    "cipher_make": job_cipher_make,
    "aead_check": job_aead_check,
    "aead_make": job_aead_make,
    "mac_check": job_mac_check,
    "hash_check": job_hash_check,
    "hash": job_hash,
}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: soft_verify.py JOBS OUT")
    failures = 0
    count = 0
    out = []
    with open(sys.argv[1]) as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            op, *fields = line.split(" ")
            args = dict(kv.split("=", 1) for kv in fields)
            count += 1
            try:
                if op not in JOBS:
                    raise Fail("unknown job " + op)
                JOBS[op](args, out)
            except (Fail, ValueError, KeyError, InvalidTag,
                    InvalidSignature) as e:
                failures += 1
                print("soft_verify: line %d (%s %s): %s: %s" % (
                    lineno, op, args.get("name", args.get("curve", "")),
                    type(e).__name__, e), file=sys.stderr)
    with open(sys.argv[2], "w") as f:
        for name, value in out:
            f.write("%s %s\n" % (name, value.hex()))
    if count == 0:
        print("soft_verify: no jobs", file=sys.stderr)
        sys.exit(1)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
