#!/usr/bin/python3
"""The TPM provider's storage primary kept at a persistent handle
(storage_primary_handle) on a fresh swtpm per case: persisted on first
start and found again after daemon and TPM restarts, the same key as the
re-created one (keys made before still load), a foreign key at the handle
refused and left alone, bad config values. Checked with tpm2-tools and
python3-cryptography while arcsecd is stopped (swtpm serves one client)."""
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import ARCSECD, Runner  # noqa: E402
from tpm_harness import (App, S, Swtpm, free_port_pair,  # noqa: E402
                         sign_alg, tpm_config, tpm_daemon)
from test_tpm_keys import (blob_parts, digest, ec_verify,  # noqa: E402
                           ecc_attrs, key_ref)

from cryptography.hazmat.primitives import serialization  # noqa: E402

HANDLE = "0x81000001"
WITH_HANDLE = "storage_primary_handle = %s\n" % HANDLE
# tpm2_createprimary options for the TCG ECC P-256 SRK template arcsec uses.
SRK_ATTRS = ("restricted|decrypt|fixedtpm|fixedparent|sensitivedataorigin|"
             "userwithauth|noda")
SRK_ARGS = ("-g", "sha256", "-G", "ecc256:null:aes128cfb", "-a", SRK_ATTRS)


def start_fails(d):
    """Start d, expect it to exit; returns its log."""
    d.start(wait=False)
    rc = d.proc.wait(timeout=30)
    d.log.close()
    d.proc = None
    log = d.read_log()
    assert rc != 0, log
    return log


def readpublic(tpm, handle=HANDLE):
    return tpm.tool("tpm2_readpublic", "-c", handle).stdout.decode()


def persistent_handles(tpm):
    out = tpm.tool("tpm2_getcap", "handles-persistent").stdout.decode()
    return re.findall(r"0x[0-9a-fA-F]+", out)


def yaml_name(text):
    m = re.search(r"^name: ([0-9a-f]+)$", text, re.M)
    assert m, text
    return m.group(1)


def yaml_point(text):
    m = re.search(r"^x: ([0-9a-f]+)\ny: ([0-9a-f]+)$", text, re.M)
    assert m, text
    return m.groups()


def sign_ok(a, name, pub, msg):
    st, sig = a.sign(name, sign_alg("ecdsa"), digest(msg))
    assert st == 0, (name, st)
    ec_verify(pub, 256, "sha256", digest(msg), sig)


def no_flush_errors(d):
    # With log_level debug every refused TPM command is logged; flushing
    # a persistent handle is one (TPM2_FlushContext takes transient
    # handles only).
    bad = [l for l in d.read_log().splitlines() if "tpm: FlushContext" in l]
    assert not bad, bad


def load_blob_under(tpm, work, d, app, name, parent):
    """tpm2_load arcsec's key blob under `parent`; returns the loaded
    key's DER public key."""
    priv, pub = blob_parts(key_ref(d, app, name))
    with open(os.path.join(work, "k.priv"), "wb") as f:
        f.write(priv)
    with open(os.path.join(work, "k.pub"), "wb") as f:
        f.write(pub)
    tpm.tool("tpm2_load", "-C", parent, "-u", "k.pub", "-r", "k.priv",
             "-c", "k.ctx", cwd=work)
    tpm.tool("tpm2_flushcontext", "-t", cwd=work)
    tpm.tool("tpm2_readpublic", "-c", "k.ctx", "-f", "der", "-o", "k.der",
             cwd=work)
    tpm.tool("tpm2_flushcontext", "-t", cwd=work)
    with open(os.path.join(work, "k.der"), "rb") as f:
        return serialization.load_der_public_key(f.read()).public_bytes(
            serialization.Encoding.X962,
            serialization.PublicFormat.UncompressedPoint)


class Case:
    """A fresh swtpm, an arcsecd config on it and a scratch directory."""
    def __init__(self, extra=WITH_HANDLE):
        self.tpm = Swtpm().start()
        self.d = tpm_daemon(self.tpm, extra=extra)
        self.work = tempfile.mkdtemp(prefix="arcsec-srk-")

    def close(self):
        try:
            if self.d.proc is not None:
                self.d.stop()
        finally:
            self.d.cleanup()
            self.tpm.cleanup()
            shutil.rmtree(self.work, ignore_errors=True)


# --- (1) a fresh TPM: the primary is made and persisted ----------------------
def t_persisted_on_first_start():
    c = Case()
    try:
        tpm, d = c.tpm, c.d
        assert persistent_handles(tpm) == []
        d.start()
        assert "persisted at 0x81000001 (the handle was empty)" in \
            d.read_log()
        a = App(d, "srk")
        pubs = {}
        # More keys than swtpm's one LRU slot: loads and evictions all
        # run under the persistent parent.
        for n in ("k0", "k1", "k2", "k3"):
            assert a.generate(n, ecc_attrs()) == 0
            pubs[n] = a.public(n)
        for round_ in range(2):
            for n in pubs:
                sign_ok(a, n, pubs[n], b"round %d" % round_)
        d.stop()
        no_flush_errors(d)
        assert persistent_handles(tpm) == [HANDLE]
        text = readpublic(tpm)
        for want in ("value: fixedtpm|fixedparent|sensitivedataorigin|"
                     "userwithauth|noda|restricted|decrypt",
                     "raw: 0x30472", "value: ecc", "value: NIST p256",
                     "sym-alg:\n  value: aes", "sym-mode:\n  value: cfb",
                     "sym-keybits: 128", "scheme:\n  value: null",
                     "kdfa-alg:\n  value: null",
                     "name-alg:\n  value: sha256"):
            assert want in text, (want, text)
        assert "authorization policy" not in text, text
        # The persisted key is the one the template makes: a transient
        # primary from tpm2_createprimary has the same public point.
        made = tpm.tool("tpm2_createprimary", "-C", "o", *SRK_ARGS, "-c",
                        "p.ctx", cwd=c.work).stdout.decode()
        tpm.tool("tpm2_flushcontext", "-t", cwd=c.work)
        assert yaml_point(made) == yaml_point(text), (made, text)
        # And arcsec's key blobs are its children.
        assert load_blob_under(tpm, c.work, d, "srk", "k2", HANDLE) == \
            pubs["k2"]
    finally:
        c.close()


# --- (2) restarts: the persistent key is found, no CreatePrimary --------------
def t_found_after_restart():
    c = Case()
    try:
        tpm, d = c.tpm, c.d
        d.start()
        a = App(d, "restart")
        assert a.generate("k", ecc_attrs()) == 0
        pub = a.public("k")
        d.stop()
        # Owner auth the config does not know: CreatePrimary and
        # EvictControl would now fail (test_tpm_keys owner_auth), so a
        # start that works used the persistent key alone.
        tpm.tool("tpm2_changeauth", "-c", "o", "s3cret")
        d.start()
        log = d.read_log()
        assert "the persistent key at 0x81000001 (matches the SRK " \
            "template)" in log, log
        assert log.count("persisted at 0x81000001") == 1, log
        sign_ok(a, "k", pub, b"after restart")
        # The TPM goes away and comes back: the reconnect finds it too.
        tpm.kill()
        assert a.sign("k", sign_alg("ecdsa"), digest(b"x"))[0] == \
            S["comm_failure"]
        tpm.start(tpm.port)
        deadline = time.time() + 5
        while True:
            st, _ = a.sign("k", sign_alg("ecdsa"), digest(b"y"))
            if st != S["comm_failure"] or time.time() > deadline:
                break
            time.sleep(0.2)
        assert st == 0, st
        sign_ok(a, "k", pub, b"after reconnect")
        log = d.read_log()
        assert log.count("the persistent key at 0x81000001") == 2, log
        d.stop()
        no_flush_errors(d)
        assert persistent_handles(tpm) == [HANDLE]
    finally:
        c.close()


# --- (3) keys made under the re-created primary still work ------------------
def t_old_keys_still_load():
    c = Case(extra="")
    try:
        tpm, d = c.tpm, c.d
        d.start()
        a = App(d, "before")
        assert a.generate("old", ecc_attrs()) == 0
        old = a.public("old")
        sign_ok(a, "old", old, b"without the option")
        d.stop()
        assert "persisted" not in d.read_log()
        assert persistent_handles(tpm) == []
        tpm_config(d, tpm, extra=WITH_HANDLE)
        for _ in range(2):          # persisted, then found
            d.start()
            sign_ok(a, "old", old, b"with the option")
            assert a.generate("new%d" % _, ecc_attrs()) == 0
            sign_ok(a, "new%d" % _, a.public("new%d" % _), b"new")
            d.stop()
        log = d.read_log()
        assert "persisted at 0x81000001" in log and \
            "the persistent key at 0x81000001" in log, log
        # Independently: the old blob loads under the persistent SRK.
        assert load_blob_under(tpm, c.work, d, "before", "old", HANDLE) == \
            old
    finally:
        c.close()


# --- (4) someone else's key at the handle ------------------------------------
def persist_foreign(c, hierarchy, *args):
    c.tpm.tool("tpm2_createprimary", "-C", hierarchy, *args, "-c", "x.ctx",
               cwd=c.work)
    c.tpm.tool("tpm2_evictcontrol", "-C", "o", "-c", "x.ctx", HANDLE,
               cwd=c.work)
    c.tpm.tool("tpm2_flushcontext", "-t", cwd=c.work)
    return yaml_name(readpublic(c.tpm))


def t_foreign_key_refused():
    c = Case()
    try:
        tpm = c.tpm
        cases = (
            (("o", "-G", "rsa"), "type 0x0001, want 0x0023 (ECC)", None),
            # The template minus noDA.
            (("o", "-g", "sha256", "-G", "ecc256:null:aes128cfb", "-a",
              SRK_ATTRS.replace("|noda", "")),
             "objectAttributes 0x00030072, want 0x00030472", None),
            # The same template in the endorsement hierarchy: the same
            # public area but another key; only its qualified name says.
            (("e",) + SRK_ARGS, "not a primary key of the owner "
             "hierarchy", None),
            # skip_if_no_tpm does not skip a TPM that answered.
            (("o", "-G", "rsa"), "type 0x0001", "skip_if_no_tpm = true\n"),
        )
        for args, why, extra in cases:
            name = persist_foreign(c, *args)
            d = tpm_daemon(tpm, extra=WITH_HANDLE + (extra or ""))
            try:
                log = start_fails(d)
            finally:
                d.cleanup()
            assert "storage_primary_handle 0x81000001 holds a key that is " \
                "not arcsec's storage primary" in log, log
            assert why in log, (why, log)
            assert "refusing to use or replace it" in log, log
            # The service's own error names the handle too.
            assert "(storage_primary_handle 0x81000001)" in log, log
            assert "skipped" not in log, log
            # Left as it was.
            assert yaml_name(readpublic(tpm)) == name
            tpm.tool("tpm2_evictcontrol", "-C", "o", "-c", HANDLE)
        # Handle empty again: arcsec persists its own there.
        assert persistent_handles(tpm) == []
        c.d.start()
        assert "persisted at 0x81000001" in c.d.read_log()
    finally:
        c.close()


# --- (5) config errors --------------------------------------------------------
def t_config_errors():
    tcti = "swtpm:host=127.0.0.1,port=%d" % free_port_pair()  # never used
    for value, want in (
            ("0x81800000", "storage_primary_handle: 0x81800000 is out of "
             "range 0x81000000..0x817FFFFF"),
            ("0x80000001", "storage_primary_handle: 0x80000001 is out of "
             "range 0x81000000..0x817FFFFF"),
            ('"0x81000001"', "storage_primary_handle: expected integer, "
             "got string"),
            ("[0x81000001]", "storage_primary_handle: expected integer, "
             "got array")):
        d = tpm_daemon(None, tcti=tcti,
                       extra="storage_primary_handle = %s\n" % value)
        try:
            with open(d.config) as f:
                lines = f.read().splitlines()
            line = 1 + next(i for i, l in enumerate(lines)
                            if l.startswith("storage_primary_handle"))
            log = start_fails(d)
            assert "config.toml:%d: [[provider]] %s" % (line, want) in log, \
                (want, log)
        finally:
            d.cleanup()


def main():
    assert os.path.exists(ARCSECD), ARCSECD
    r = Runner()
    for name, fn in (("persisted_on_first_start", t_persisted_on_first_start),
                     ("found_after_restart", t_found_after_restart),
                     ("old_keys_still_load", t_old_keys_still_load),
                     ("foreign_key_refused", t_foreign_key_refused),
                     ("config_errors", t_config_errors)):
        r.run(name, fn)
    r.finish()


if __name__ == "__main__":
    main()
