"""tests/integration/tpm_harness.py: a fresh swtpm per test (own ports, own
state directory), an arcsecd configured with a Tpm provider on it, and the
protobuf pieces the TPM tests send. Standard library only; swtpm must be
installed (a missing swtpm is a failure, never a skip)."""
import os
import shutil
import socket
import subprocess
import tempfile
import time

from harness import Daemon, default_config, pb_len, pb_uint, pb_fields

SWTPM = shutil.which("swtpm")

P = 3          # the TPM provider's Parsec ID
OP = dict(generate=2, destroy=3, sign_hash=4, verify_hash=5, import_key=6,
          export_pub=7, list_opcodes=9, encrypt=0x0A, decrypt=0x0B,
          random=0x0D, hash_compute=0x0F, hash_compare=0x10, ecdh=0x13,
          cipher_encrypt=0x14, cipher_decrypt=0x15, mac_compute=0x16,
          mac_verify=0x17, sign_message=0x18, verify_message=0x19,
          attest_key=0x1E, prepare_attestation=0x1F, can_do=0x20)
S = dict(ok=0, not_permitted=1133, not_supported=1134, invalid_argument=1135,
         already_exists=1139, does_not_exist=1140, comm_failure=1145,
         hardware_failure=1147, invalid_signature=1149,
         invalid_padding=1150, data_corrupt=1152, data_invalid=1153,
         provider_does_not_exist=6, provider_not_registered=5)

# proto enums
H = dict(sha1=5, sha256=7, sha384=8, sha512=9)
CIPHER = dict(ctr=2, cfb=3, ofb=4, ecb=6, cbc=7, cbc_pkcs7=8)
U = dict(export=1, encrypt=4, decrypt=5, sign_message=6, verify_message=7,
         sign_hash=8, verify_hash=9, derive=10)


def free_port_pair():
    """Two consecutive free TCP ports (swtpm: server P, control P+1)."""
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port > 65000:
            continue
        try:
            with socket.socket() as a, socket.socket() as b:
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port pair")


class Swtpm:
    def __init__(self, state_dir=None):
        if SWTPM is None:
            raise AssertionError("swtpm is not installed (apt install "
                                 "swtpm swtpm-tools)")
        self.own_dir = state_dir is None
        self.dir = state_dir or tempfile.mkdtemp(prefix="arcsec-swtpm-")
        self.port = None
        self.proc = None

    @property
    def tcti(self):
        return "swtpm:host=127.0.0.1,port=%d" % self.port

    @property
    def tools_tcti(self):
        return "swtpm:host=127.0.0.1,port=%d" % self.port

    def start(self, port=None):
        self.port = port or free_port_pair()
        self.proc = subprocess.Popen(
            [SWTPM, "socket", "--tpm2",
             "--server", "type=tcp,port=%d,bindaddr=127.0.0.1" % self.port,
             "--ctrl", "type=tcp,port=%d,bindaddr=127.0.0.1" % (
                 self.port + 1),
             "--tpmstate", "dir=%s" % self.dir,
             "--flags", "not-need-init,startup-clear"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("swtpm exited %d" % self.proc.returncode)
            try:
                with socket.create_connection(("127.0.0.1", self.port),
                                              timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("swtpm did not come up")

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def kill(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def restart(self):
        port = self.port
        self.stop()
        return self.start(port)

    def tool(self, *args, check=True, cwd=None):
        p = subprocess.run(list(args[:1]) + ["-T", self.tools_tcti] +
                           list(args[1:]), capture_output=True, timeout=60,
                           cwd=cwd)
        if check:
            assert p.returncode == 0, (args, p.returncode, p.stdout,
                                       p.stderr)
        return p

    def cleanup(self):
        self.kill()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)


def tpm_provider(tcti, owner_auth=None, skip=None, extra=""):
    """extra: more lines of the [[provider]] table, as TOML text."""
    text = ('[[provider]]\nprovider_type = "Tpm"\n'
            'key_info_manager = "sqlite-manager"\n'
            'tcti = "%s"\n' % tcti)
    # Required, as in Parsec; "" is the owner auth of a fresh TPM.
    text += 'owner_hierarchy_auth = "%s"\n' % (owner_auth or "")
    if skip is not None:
        text += 'skip_if_no_tpm = %s\n' % ("true" if skip else "false")
    return text + extra


def tpm_config(d, tpm, owner_auth=None, skip=None, tcti=None, extra=""):
    """(Re)write d's config for a Tpm provider on tpm; the key store in
    d.dir stays, so a daemon can restart with other provider keys."""
    text = default_config(d.sock, d.dir, auth="Direct",
                          providers=tpm_provider(tcti or tpm.tcti,
                                                 owner_auth, skip, extra))
    with open(d.config, "w") as f:
        f.write(text)


def tpm_daemon(tpm, owner_auth=None, skip=None, tcti=None, extra=""):
    d = Daemon.__new__(Daemon)
    Daemon.__init__(d, config_text="")      # make the directory first
    tpm_config(d, tpm, owner_auth, skip, tcti, extra)
    return d


# --- protobuf pieces ---------------------------------------------------------
def sign_alg(kind, h="sha256"):
    """AsymmetricSignature{ecdsa|rsa_pkcs1v15_sign|rsa_pss{hash_alg}}."""
    field = dict(pkcs1=1, pss=3, ecdsa=4)[kind]
    return pb_len(field, pb_len(1, pb_uint(2, H[h])))


def enc_alg(kind, h="sha256"):
    if kind == "pkcs1":
        return pb_len(1, b"")
    return pb_len(2, pb_uint(1, H[h]))


def hmac_alg(h="sha256", trunc=None):
    """Mac{full_length{hmac{hash_alg}}} or Mac{truncated{...}}."""
    full = pb_len(1, pb_uint(1, H[h]))          # FullLength{hmac}
    if trunc is None:
        return pb_len(1, full)
    return pb_len(2, pb_len(1, full) + pb_uint(2, trunc))


def key_type(kind):
    return dict(ecc=pb_len(11, pb_uint(1, 2)), ecc_pub=pb_len(12, pb_uint(1, 2)),
                rsa=pb_len(10, b""), rsa_pub=pb_len(9, b""),
                hmac=pb_len(2, b""), aes=pb_len(4, b""))[kind]


def attrs(kind, bits, usage, alg_field, alg_body):
    """KeyAttributes; alg_field is the psa_algorithm.Algorithm variant
    (3 mac, 4 cipher (an enum), 6 signature, 7 encryption, 8 agreement)."""
    u = b"".join(pb_uint(U[x], 1) for x in usage)
    if alg_field == 4:
        alg = pb_uint(4, alg_body)
    else:
        alg = pb_len(alg_field, alg_body)
    policy = pb_len(1, u) + pb_len(2, alg)
    return pb_len(1, key_type(kind)) + pb_uint(2, bits) + pb_len(3, policy)


class App:
    """A Direct-auth application talking to provider 3."""
    def __init__(self, d, name):
        self.d, self.name = d, name.encode()

    def call(self, op, body=b"", provider=P):
        r = self.d.call(OP[op], body=body, auth=self.name, auth_type=1,
                        provider=provider)
        return r.status, dict((f, v) for f, wt, v in pb_fields(r.body))

    def ok(self, op, body=b""):
        st, f = self.call(op, body)
        assert st == 0, (op, st)
        return f.get(1, b"")

    def generate(self, name, a):
        return self.call("generate", pb_len(1, name) + pb_len(2, a))[0]

    def import_key(self, name, a, data):
        return self.call("import_key", pb_len(1, name) + pb_len(2, a) +
                         pb_len(3, data))[0]

    def public(self, name):
        return self.ok("export_pub", pb_len(1, name))

    def sign(self, name, alg, digest, message=False):
        st, f = self.call("sign_message" if message else "sign_hash",
                          pb_len(1, name) + pb_len(2, alg) +
                          pb_len(3, digest))
        return st, f.get(1, b"")

    def verify(self, name, alg, digest, sig, message=False):
        return self.call("verify_message" if message else "verify_hash",
                         pb_len(1, name) + pb_len(2, alg) +
                         pb_len(3, digest) + pb_len(4, sig))[0]

    def destroy(self, name):
        return self.call("destroy", pb_len(1, name))[0]
