#!/usr/bin/python3
"""The DevID in hardware providers, through a real arcsecd: in swtpm (the
TPM provider) and in a SoftHSM2 token (the PKCS#11 provider), each chosen
automatically (TPM before PKCS#11) or by --provider; hardware-backed: yes;
the CSR verified by openssl; the key object on the token checked with
pkcs11-tool (sensitive, not extractable); the evidence's nonce signature
verified by python3-cryptography; and with a TPM provider configured
skip_if_no_tpm but no TPM answering, `devid create` refuses without the
software fallback."""
import base64
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import ARCSEC, Daemon, Runner, default_config  # noqa: E402
from p11_token import Token  # noqa: E402
from tpm_harness import Swtpm, tpm_provider, free_port_pair  # noqa: E402

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, padding  # noqa

ADMIN = "admin"
SOFT = ('[[provider]]\nprovider_type = "MbedCrypto"\n'
        'key_info_manager = "sqlite-manager"\n'
        'master_key_path = "@DIR@/soft.key"\n')


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


def check_devid(d, work, provider, key_type="ecc-p256"):
    show = json.loads(ok(d, "--json", "devid", "show"))
    assert show["provider"] == provider and \
        show["hardware_backed"] == "yes" and \
        show["key_type"] == key_type, show
    text = ok(d, "devid", "show")
    assert "hardware-backed:  yes" in text, text
    csr = os.path.join(work, "%s.csr" % provider)
    ok(d, "devid", "csr", "--cn", "device-7", "--san",
       "uri:spiffe://fleet.example/device/7", "--out", csr)
    p = subprocess.run(["openssl", "req", "-verify", "-noout", "-in", csr],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    nonce = os.urandom(24)
    ev = json.loads(ok(d, "attest", "evidence", "--nonce", nonce.hex(),
                       "--csr", csr))
    assert ev["provider"] == provider and ev["hardware_backed"] is True, ev
    assert base64.b64decode(ev["nonce"]) == nonce
    pub = x509.load_pem_x509_csr(ev["csr"].encode()).public_key()
    sig = base64.b64decode(ev["nonce_signature"])
    if key_type.startswith("ecc"):
        h = hashes.SHA384() if key_type == "ecc-p384" else hashes.SHA256()
        pub.verify(sig, nonce, ec.ECDSA(h))
    else:
        pub.verify(sig, nonce, padding.PKCS1v15(), hashes.SHA256())
    return show


def t_tpm_preferred(work):
    tpm = Swtpm().start()
    tok = Token()
    d = daemon(SOFT + tok.provider_block() + tpm_provider(tpm.tcti))
    try:
        d.start()
        out = ok(d, "devid", "create")           # no --provider: the TPM
        assert "tpm provider" in out, out
        check_devid(d, work, "tpm")
        # Survives a restart of arcsecd and of the TPM (state kept).
        before = json.loads(ok(d, "--json", "devid", "show"))
        d.stop()
        tpm.restart()
        d.start()
        assert json.loads(ok(d, "--json", "devid", "show")) == before
        check_devid(d, work, "tpm")
        # Replaced by an RSA DevID in the TPM.
        ok(d, "devid", "create", "--force", "--key-type", "rsa2048")
        check_devid(d, work, "tpm", "rsa2048")
    finally:
        d.stop(expect=None)
        d.cleanup()
        tpm.cleanup()
        tok.cleanup()


def t_pkcs11(work):
    tok = Token()
    d = daemon(SOFT + tok.provider_block())
    try:
        d.start()
        ok(d, "devid", "create", "--key-type", "ecc-p384")
        check_devid(d, work, "pkcs11", "ecc-p384")
        objs = [o for o in tok.objects()
                if "devid" in o.get("label", "") and
                o["kind"].startswith("Private Key")]
        assert len(objs) == 1, tok.objects()
        attrs = objs[0].get("Access", "") + " " + objs[0].get("Usage", "")
        assert "sensitive" in attrs and "never extractable" in attrs, objs
        # Sign only: no unwrap (SoftHSM2's default), no decrypt.
        assert objs[0]["Usage"] == "sign", objs
        assert objs[0]["label"] == "arcsec:@arcsec/devid-1", objs
    finally:
        d.stop(expect=None)
        d.cleanup()
        tok.cleanup()


def t_no_tpm_refused(work):
    port = free_port_pair()            # nothing listens there
    tcti = "swtpm:host=127.0.0.1,port=%d" % port
    d = daemon(SOFT + tpm_provider(tcti, skip=True))
    try:
        d.start()
        rc, out, err = cli(d, "devid", "create")
        assert rc == 1 and "no TPM" in err and tcti in err, (rc, out, err)
        with open(d.log_path) as f:
            log = f.read()
        assert tcti in log and "skip" in log, log
        # The settings file says none: refused, the option overrides it.
        settings = os.path.join(d.dir, "identity.toml")
        with open(settings, "w") as f:
            f.write('[devid]\nfallback = "none"\n')
        rc, out, err = cli(d, "devid", "create")
        assert rc == 1 and tcti in err, (rc, out, err)
        out = ok(d, "devid", "create", "--fallback", "software")
        assert "hardware-backed: no" in out, out
        ok(d, "devid", "create", "--force", "--fallback", "software")
        with open(d.log_path) as f:
            log = f.read()
        assert 'device key "@arcsec/devid-1" created by admin in the ' \
            'software provider' in log and "hardware-backed: no" in log, log
    finally:
        d.stop(expect=None)
        d.cleanup()


def t_settings_file(work):
    """fallback = "software" in the identity settings file: devid create
    without options falls back and says so; key_type and state_dir come
    from the file; a bad file is refused naming the line and the key."""
    port = free_port_pair()
    d = daemon(SOFT + tpm_provider("swtpm:host=127.0.0.1,port=%d" % port,
                                   skip=True))
    settings = os.path.join(work, "identity.toml")
    state = os.path.join(work, "settings-state")
    try:
        d.start()
        env = d.env()
        env.pop("ARCSEC_IDENTITY_DIR", None)
        env["ARCSEC_IDENTITY_CONFIG"] = settings

        def run(*args):
            p = subprocess.run([ARCSEC, "--app-name", ADMIN, *args],
                               env=env, capture_output=True, text=True,
                               timeout=60)
            return p.returncode, p.stdout, p.stderr

        with open(settings, "w") as f:
            f.write('# device image defaults\n[devid]\n'
                    'fallback = "software"\nkey_type = "ecc-p384"\n'
                    'state_dir = "%s"\n' % state)
        rc, out, err = run("--json", "devid", "create")
        assert rc == 0 and "hardware-backed: no" in err, (rc, out, err)
        j = json.loads(out)
        assert j["provider"] == "software" and \
            j["key_type"] == "ecc-p384" and j["hardware_backed"] == "no", j
        csr = os.path.join(work, "settings.csr")
        rc, out, err = run("devid", "csr", "--cn", "s", "--out", csr)
        assert rc == 0, err
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                        "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", csr + ".ca.key", "-out", csr + ".ca",
                        "-subj", "/CN=ca", "-days", "1"], check=True,
                       capture_output=True)
        subprocess.run(["openssl", "x509", "-req", "-in", csr, "-CA",
                        csr + ".ca", "-CAkey", csr + ".ca.key",
                        "-CAcreateserial", "-out", csr + ".pem", "-days",
                        "1"], check=True, capture_output=True)
        rc, out, err = run("devid", "install", "--cert", csr + ".pem")
        assert rc == 0 and os.path.exists(os.path.join(
            state, "devid-1.crt.pem")), (rc, out, err, os.listdir(work))
        for text, want in (
                ('[devid]\nfallback = "maybe"\n',
                 'line 2: devid.fallback = "maybe": expected none, '
                 'software'),
                ('[devid]\nfalback = "none"\n',
                 "line 2: unknown key devid.falback"),
                ('[identity]\n', 'unknown table "identity"'),
                ('[devid]\nkey_type = 256\n',
                 "devid.key_type must be a string, not integer"),
                ('[devid]\nstate_dir = "rel/dir"\n',
                 "devid.state_dir must be an absolute path"),
                ('[devid\n', "line 1")):
            with open(settings, "w") as f:
                f.write(text)
            rc, out, err = run("devid", "show")
            assert rc == 2 and settings in err and want in err, \
                (text, rc, err)
        # A named file that does not exist is an error too.
        os.unlink(settings)
        rc, out, err = run("devid", "show")
        assert rc == 2 and "No such file" in err, (rc, err)
    finally:
        d.stop(expect=None)
        d.cleanup()


def main():
    r = Runner()
    work = tempfile.mkdtemp(prefix="arcsec-identity-hw-")
    r.run("DevID in the TPM (preferred), restarts, --force RSA",
          t_tpm_preferred, work)
    r.run("DevID in a PKCS#11 token", t_pkcs11, work)
    r.run("no TPM, no fallback: refused", t_no_tpm_refused, work)
    r.run("identity settings file: fallback, key type, state dir",
          t_settings_file, work)
    r.finish()


if __name__ == "__main__":
    main()
