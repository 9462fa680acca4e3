#!/usr/bin/python3
"""The PKCS#11 provider's object handle cache (providers/pkcs11/cache.c,
handles.c) against a real SoftHSM2 token: a key destroyed and made again
under its name is never signed with through an old handle; objects deleted
or replaced behind arcsecd's back (pkcs11-tool) give the right status and
are found again; a token removal forgets every handle (the p11_shim.c
module); many clients signing with many keys while keys come and go.
Signatures are checked with python3-cryptography, never our code."""
import hashlib
import os
import re
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import Daemon, Runner, Skip, pb_len  # noqa: E402
import p11_token  # noqa: E402
from p11_token import Token  # noqa: E402
from test_pkcs11_keys import (COMMUNICATION_FAILURE,  # noqa: E402
                              DOES_NOT_EXIST, Alg, App, _wrap_spki,
                              ec_raw_to_der, ecdsa, pkcs1_sign)

from cryptography.exceptions import InvalidSignature  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa
from cryptography.hazmat.primitives.asymmetric import ec, padding  # noqa
from cryptography.hazmat.primitives.asymmetric.utils import (  # noqa: E402
    Prehashed)

PREHASHED = ec.ECDSA(Prehashed(hashes.SHA256()))


def sign_body(name, alg, digest):
    return pb_len(1, name.encode()) + pb_len(2, alg) + pb_len(3, digest)


def ec_pub(a, name, curve=None):
    return ec.EllipticCurvePublicKey.from_encoded_point(
        curve or ec.SECP256R1(), a.public(name))


def check_ec_sign(a, name, pub, text):
    digest = hashlib.sha256(text).digest()
    sig = a.sign(name, ecdsa(), digest)
    pub.verify(ec_raw_to_der(sig), digest, PREHASHED)
    return sig


def cache_stats(log):
    """hits, misses, entries left at the last provider close (debug
    log)."""
    m = re.findall(r"handle cache: (\d+) hits, (\d+) misses, \d+ "
                   r"evictions, (\d+) entries at close", log)
    assert m, log[-2000:]
    return tuple(int(x) for x in m[-1])


def key_id(token, label):
    ids = {o["ID"] for o in token.objects() if o.get("label") == label}
    assert len(ids) == 1, (label, token.objects())
    return ids.pop()


def daemon(token, threads=4, module=None):
    block = token.provider_block()
    if module is not None:
        block = block.replace(p11_token.MODULE, module)
    return Daemon(providers=block, auth="Direct", threads=threads)


def case_recreate_same_name(token):
    """Many signatures through one key (its handle cached), then the key
    destroyed and made again under the same name, first as an EC key,
    then as an RSA key: each new key signs, and only its own public key
    verifies the result. A cached handle of the old key would sign with
    a destroyed or a different key."""
    d = daemon(token)
    with d:
        d.start()
        a = App(d, "recreator")
        assert a.generate("k", "ec", 256, ["sign_hash", "verify_hash"],
                          Alg.sig(ecdsa())) == 0
        old = ec_pub(a, "k")
        for i in range(200):
            check_ec_sign(a, "k", old, b"old %d" % i)
        assert a.call("destroy", pb_len(1, b"k"))[0] == 0
        st, _ = a.call("sign_hash", sign_body("k", ecdsa(), bytes(32)))
        assert st == DOES_NOT_EXIST, st
        assert a.generate("k", "ec", 256, ["sign_hash", "verify_hash"],
                          Alg.sig(ecdsa())) == 0
        new = ec_pub(a, "k")
        assert new.public_numbers() != old.public_numbers()
        for i in range(20):
            digest = hashlib.sha256(b"new %d" % i).digest()
            sig = check_ec_sign(a, "k", new, b"new %d" % i)
            try:
                old.verify(ec_raw_to_der(sig), digest, PREHASHED)
                raise AssertionError("signed with the destroyed key")
            except InvalidSignature:
                pass
            # On the token, through the public object's handle.
            assert a.verify("k", ecdsa(), digest, sig) == 0
        # Same name, another key type: an old EC handle would fail.
        assert a.call("destroy", pb_len(1, b"k"))[0] == 0
        assert a.generate("k", "rsa", 2048, ["sign_hash"],
                          Alg.sig(pkcs1_sign())) == 0
        rpub = serialization.load_der_public_key(_wrap_spki(a.public("k")))
        for i in range(5):
            digest = hashlib.sha256(b"rsa %d" % i).digest()
            sig = a.sign("k", pkcs1_sign(), digest)
            rpub.verify(sig, digest, padding.PKCS1v15(),
                        Prehashed(hashes.SHA256()))
        d.stop()
        hits, misses, left = cache_stats(d.read_log())
        # 200 + 20 + 5 signatures and 20 verifications: each key's
        # first use finds, the rest hit.
        assert hits >= 240, (hits, misses)
        assert misses <= 8, (hits, misses)
        # A destroy forgets its key's handles: only the RSA key's
        # private object is left, not the two EC keys' objects.
        assert left == 1, left


def case_deleted_behind_back(token):
    """The private object of a key in use is deleted with pkcs11-tool: the
    cached handle is stale, the next signature says DoesNotExist (a
    fresh find finds nothing) and the daemon carries on; destroying the
    key and making it again under its name works."""
    d = daemon(token)
    with d:
        d.start()
        a = App(d, "behind")
        for name in ("gone", "other"):
            assert a.generate(name, "ec", 256, ["sign_hash"],
                              Alg.sig(ecdsa())) == 0
        pub, other = ec_pub(a, "gone"), ec_pub(a, "other")
        for i in range(10):
            check_ec_sign(a, "gone", pub, b"before %d" % i)
            check_ec_sign(a, "other", other, b"before %d" % i)
        oid = key_id(token, "arcsec:behind/gone")
        token.tool("--login", "--pin", p11_token.PIN, "--delete-object",
                   "--type", "privkey", "--id", oid)
        for _ in range(3):
            st, _ = a.call("sign_hash", sign_body("gone", ecdsa(),
                                                  bytes(32)))
            assert st == DOES_NOT_EXIST, st
        check_ec_sign(a, "other", other, b"meanwhile")
        assert "object handle is stale" in d.read_log()
        assert a.call("destroy", pb_len(1, b"gone"))[0] == 0
        assert not [o for o in token.objects()
                    if o.get("label") == "arcsec:behind/gone"]
        assert a.generate("gone", "ec", 256, ["sign_hash"],
                          Alg.sig(ecdsa())) == 0
        pub = ec_pub(a, "gone")
        for i in range(3):
            check_ec_sign(a, "gone", pub, b"after %d" % i)


def case_replaced_behind_back(token):
    """A key's objects are deleted and a new key pair is made with
    pkcs11-tool under the same CKA_ID: the cached handle names nothing,
    the token says so, and the provider finds the new object and signs
    with it on the same request (found again once, not failed)."""
    d = daemon(token)
    with d:
        d.start()
        a = App(d, "replaced")
        assert a.generate("r", "ec", 256, ["sign_hash"],
                          Alg.sig(ecdsa())) == 0
        old = ec_pub(a, "r")
        for i in range(5):
            check_ec_sign(a, "r", old, b"before %d" % i)
        label = "arcsec:replaced/r"
        oid = key_id(token, label)
        for kind in ("privkey", "pubkey"):
            token.tool("--login", "--pin", p11_token.PIN,
                       "--delete-object", "--type", kind, "--id", oid)
        token.tool("--login", "--pin", p11_token.PIN, "--keypairgen",
                   "--key-type", "EC:prime256v1", "--id", oid,
                   "--label", label, "--usage-sign")
        with tempfile.NamedTemporaryFile(suffix=".der") as f:
            token.tool("--read-object", "--type", "pubkey", "--id", oid,
                       "-o", f.name)
            new = serialization.load_der_public_key(f.read())
        st, f = a.call("sign_hash", sign_body("r", ecdsa(),
                                              hashlib.sha256(b"x").digest()))
        assert st == 0, st
        sig = f[1]
        new.verify(ec_raw_to_der(sig), hashlib.sha256(b"x").digest(),
                   PREHASHED)
        assert "object handle is stale" in d.read_log()


def case_removal_flushes(token):
    """Token pulled out and put back (p11_shim.c): while out, signatures
    fail with CommunicationFailure; once back, every cached handle has
    been forgotten, not found stale one by one, and several keys sign
    again on several sessions."""
    shim = os.path.join(os.environ.get("ARCSEC_BUILD", ""),
                        "arcsec_p11_shim.so")
    if not os.path.exists(shim):
        raise Skip("arcsec_p11_shim.so not built")
    flag = os.path.join(token.dir, "removed")
    os.environ["ARCSEC_P11_SHIM_FLAG"] = flag
    d = daemon(token, module=shim)
    try:
        with d:
            d.start()
            a = App(d, "removal")
            pubs = {}
            for n in ("k1", "k2", "k3"):
                assert a.generate(n, "ec", 256, ["sign_hash"],
                                  Alg.sig(ecdsa())) == 0
                pubs[n] = ec_pub(a, n)
                for i in range(3):
                    check_ec_sign(a, n, pubs[n], b"in %d" % i)
            open(flag, "w").close()
            for n in pubs:
                st, _ = a.call("sign_hash", sign_body(n, ecdsa(),
                                                      bytes(32)))
                assert st == COMMUNICATION_FAILURE, (n, st)
            os.unlink(flag)
            for i in range(4):
                for n, pub in pubs.items():
                    check_ec_sign(a, n, pub, b"back %d" % i)
            log = d.read_log()
            assert "is back; sessions reopened and logged in" in log
            m = re.findall(r"forgot (\d+) cached object handle", log)
            assert m and max(int(x) for x in m) >= 3, m
            assert "object handle is stale" not in log, log[-3000:]
    finally:
        os.environ.pop("ARCSEC_P11_SHIM_FLAG", None)


def case_concurrency(token):
    """Eight clients sign for a few seconds with four keys (P-256, P-384,
    RSA) while another client makes, uses and destroys keys of its own,
    so drops race finds: no errors, every signature verifies."""
    d = daemon(token, threads=4)
    with d:
        d.start()
        a = App(d, "crowd")
        keys = []
        for n, kind, bits, alg in (("p256a", "ec", 256, ecdsa()),
                                   ("p256b", "ec", 256, ecdsa()),
                                   ("p384", "ec", 384, ecdsa()),
                                   ("rsa", "rsa", 2048, pkcs1_sign())):
            assert a.generate(n, kind, bits, ["sign_hash"],
                              Alg.sig(alg)) == 0
            if kind == "ec":
                pub = ec_pub(a, n, ec.SECP384R1() if bits == 384 else None)
            else:
                pub = serialization.load_der_public_key(
                    _wrap_spki(a.public(n)))
            keys.append((n, kind, alg, pub))
        errors, counts, stop = [], [0] * 9, time.time() + 5

        def signer(i):
            try:
                while time.time() < stop:
                    n, kind, alg, pub = keys[(i + counts[i]) % len(keys)]
                    digest = hashlib.sha256(b"%d-%d" % (i, counts[i])) \
                        .digest()
                    sig = a.sign(n, alg, digest)
                    if kind == "ec":
                        pub.verify(ec_raw_to_der(sig), digest, PREHASHED)
                    else:
                        pub.verify(sig, digest, padding.PKCS1v15(),
                                   Prehashed(hashes.SHA256()))
                    counts[i] += 1
            except Exception as e:  # noqa: BLE001
                errors.append("signer %d: %r" % (i, e))

        def churner():
            b = App(d, "churn")
            try:
                while time.time() < stop:
                    name = "c%d" % counts[8]
                    assert b.generate(name, "ec", 256, ["sign_hash"],
                                      Alg.sig(ecdsa())) == 0
                    pub = ec_pub(b, name)
                    for j in range(3):
                        check_ec_sign(b, name, pub, b"churn %d" % j)
                    assert b.call("destroy", pb_len(1, name.encode()))[0] \
                        == 0
                    st, _ = b.call("sign_hash", sign_body(name, ecdsa(),
                                                          bytes(32)))
                    assert st == DOES_NOT_EXIST, st
                    counts[8] += 1
            except Exception as e:  # noqa: BLE001
                errors.append("churner: %r" % (e,))
        threads = [threading.Thread(target=signer, args=(i,))
                   for i in range(8)]
        threads.append(threading.Thread(target=churner))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors[:3]
        assert all(c > 0 for c in counts), counts
        print("     %d signatures by 8 clients, %d keys churned in 5 s" %
              (sum(counts[:8]), counts[8]))
        log = d.read_log()
        assert "CKR_OPERATION_ACTIVE" not in log
        assert "object handle is stale" not in log


def main():
    if not p11_token.available():
        print("SKIP: SoftHSM2 or pkcs11-tool missing")
        print("0 passed, 0 failed, 1 skipped")
        return
    token = Token()
    r = Runner()
    try:
        for name, fn in (("recreate_same_name", case_recreate_same_name),
                         ("deleted_behind_back", case_deleted_behind_back),
                         ("replaced_behind_back", case_replaced_behind_back),
                         ("removal_flushes", case_removal_flushes),
                         ("concurrency", case_concurrency)):
            r.run(name, fn, token)
    finally:
        token.cleanup()
    r.finish()


if __name__ == "__main__":
    main()
