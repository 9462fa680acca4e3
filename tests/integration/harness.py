"""tests/integration/harness.py: start a real arcsecd on a temporary socket
with a generated config, talk raw Parsec wire bytes to it, and tear it down.
Standard library only, so it runs on a fresh Debian with python3."""
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

BUILD = os.environ.get("ARCSEC_BUILD", os.path.join(
    os.path.dirname(__file__), "..", "..", "build"))
ARCSECD = os.path.join(BUILD, "arcsecd")
ARCSEC = os.path.join(BUILD, "arcsec")
SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

MAGIC = 0x5EC0A710
HDR = struct.Struct("<IHBBHBQBBBIHIHH")   # 36 bytes
assert HDR.size == 36

# Status codes (Parsec book, "Response Status Codes").
ST = dict(Success=0, WrongProviderID=1, ContentTypeNotSupported=2,
          AcceptTypeNotSupported=3, WireProtocolVersionNotSupported=4,
          ProviderNotRegistered=5, ProviderDoesNotExist=6,
          DeserializingBodyFailed=7, OpcodeDoesNotExist=9,
          AuthenticationError=11, AuthenticatorDoesNotExist=12,
          AuthenticatorNotRegistered=13, ConnectionError=15,
          InvalidHeader=17, NotAuthenticated=19, BodySizeExceedsLimit=20,
          AdminOperation=21, PsaErrorNotSupported=1134,
          PsaErrorDoesNotExist=1140)


def header(opcode, body=b"", auth=b"", provider=0, auth_type=0, session=0,
           magic=MAGIC, hdr_size=30, maj=1, minor=0, flags=0,
           content_type=0, accept_type=0, body_len=None, auth_len=None,
           status=0, reserved=0):
    return HDR.pack(magic, hdr_size, maj, minor, flags, provider, session,
                    content_type, accept_type, auth_type,
                    len(body) if body_len is None else body_len,
                    len(auth) if auth_len is None else auth_len,
                    opcode, status, reserved)


def request(opcode, body=b"", auth=b"", **kw):
    return header(opcode, body, auth, **kw) + body + auth


class Response:
    def __init__(self, raw):
        self.raw = raw
        if len(raw) < 36:
            raise ValueError("short response: %d bytes" % len(raw))
        (self.magic, self.hdr_size, self.maj, self.min, self.flags,
         self.provider, self.session, self.content_type, self.accept_type,
         self.auth_type, self.body_len, self.auth_len, self.opcode,
         self.status, self.reserved) = HDR.unpack(raw[:36])
        self.body = raw[36:]
        assert self.magic == MAGIC and self.hdr_size == 30
        assert len(self.body) == self.body_len, (len(self.body), self.body_len)


# --- minimal protobuf reader/writer for test assertions --------------------
def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def pb_len(field, data):
    """A length-delimited field (sub-message, bytes, string)."""
    if isinstance(data, str):
        data = data.encode()
    return varint(field << 3 | 2) + varint(len(data)) + data


def pb_uint(field, n):
    return varint(field << 3) + varint(n)


# Field numbers from proto/psa_key_attributes.proto, proto/psa_algorithm.proto.
SHA_256 = 7
SECP_R1 = 2


def ecdsa_alg(hash_alg=SHA_256):
    """Algorithm{asymmetric_signature{ecdsa{hash_alg{specific}}}}."""
    return pb_len(6, pb_len(4, pb_len(1, pb_uint(2, hash_alg))))


def ecc_p256_sign_attrs():
    key_type = pb_len(11, pb_uint(1, SECP_R1))
    usage = pb_uint(8, 1) + pb_uint(9, 1)          # sign_hash, verify_hash
    policy = pb_len(1, usage) + pb_len(2, ecdsa_alg())
    return pb_len(1, key_type) + pb_uint(2, 256) + pb_len(3, policy)


def generate_key_body(key_name):
    return pb_len(1, key_name) + pb_len(2, ecc_p256_sign_attrs())


def pb_fields(buf):
    """Decode one message level into [(field, wiretype, value)]."""
    i, out = 0, []
    while i < len(buf):
        key, i = _read_varint(buf, i)
        f, wt = key >> 3, key & 7
        if wt == 0:
            v, i = _read_varint(buf, i)
        elif wt == 2:
            n, i = _read_varint(buf, i)
            v, i = buf[i:i + n], i + n
        else:
            raise ValueError("wire type %d" % wt)
        out.append((f, wt, v))
    return out


def pb_packed_uints(buf):
    """The values of a packed repeated varint field's contents."""
    out, i = [], 0
    while i < len(buf):
        v, i = _read_varint(buf, i)
        out.append(v)
    return out


def _read_varint(buf, i):
    shift = n = 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, i


def pb_packed_varints(data):
    out, i = [], 0
    while i < len(data):
        v, i = _read_varint(data, i)
        out.append(v)
    return out


# --- the daemon --------------------------------------------------------------
def default_config(sock, state, auth="UnixPeerCredentials", admins=(),
                   timeout=1000, extra_core="", providers=None,
                   threads=2):
    admins_toml = ", ".join('{ name = "%s" }' % a for a in admins)
    if providers is None:
        providers = ('[[provider]]\nprovider_type = "MbedCrypto"\n'
                     'key_info_manager = "sqlite-manager"\n'
                     'master_key_path = "%s/arcsec-soft-master.key"\n'
                     % state)
    return f"""
[core_settings]
allow_root = true
log_level = "debug"
thread_pool_size = {threads}
{extra_core}
[listener]
listener_type = "DomainSocket"
timeout = {timeout}
socket_path = "{sock}"

[authenticator]
auth_type = "{auth}"
admins = [ {admins_toml} ]

[[key_manager]]
name = "sqlite-manager"
manager_type = "SQLite"
sqlite_db_path = "{state}/kim.sqlite3"

{providers}
"""


class Daemon:
    def __init__(self, config_text=None, **cfg_kw):
        self.dir = tempfile.mkdtemp(prefix="arcsec-it-")
        os.chmod(self.dir, 0o755)
        self.sock = os.path.join(self.dir, "parsec.sock")
        self.config = os.path.join(self.dir, "config.toml")
        text = config_text if config_text is not None else \
            default_config(self.sock, self.dir, **cfg_kw)
        with open(self.config, "w") as f:
            f.write(text.replace("@DIR@", self.dir))
        self.log_path = os.path.join(self.dir, "arcsecd.log")
        self.proc = None

    def start(self, wait=True, args=()):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([ARCSECD, "--config", self.config,
                                      *args], stdout=self.log,
                                     stderr=subprocess.STDOUT)
        if wait:
            deadline = time.time() + 20
            while time.time() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError("arcsecd exited %d:\n%s" % (
                        self.proc.returncode, self.read_log()))
                if os.path.exists(self.sock):
                    try:
                        self.ping_raw()
                        return self
                    except OSError:
                        pass
                time.sleep(0.02)
            raise RuntimeError("arcsecd did not come up:\n" + self.read_log())
        return self

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def env(self):
        e = dict(os.environ)
        e["PARSEC_SERVICE_ENDPOINT"] = "unix:" + self.sock
        # The identity commands read /etc/arcsec/identity.toml unless told
        # otherwise: an empty file of the test's own keeps them hermetic.
        if "ARCSEC_IDENTITY_CONFIG" not in os.environ:
            path = os.path.join(self.dir, "identity.toml")
            if not os.path.exists(path):
                open(path, "w").close()
            e["ARCSEC_IDENTITY_CONFIG"] = path
        return e

    def connect(self, timeout=5.0):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(self.sock)
        return s

    def raw(self, data, timeout=5.0):
        """Send bytes, read to EOF; returns the bytes read."""
        with self.connect(timeout) as s:
            if data:
                s.sendall(data)
            chunks = []
            while True:
                try:
                    c = s.recv(65536)
                except ConnectionResetError:
                    break
                if not c:
                    break
                chunks.append(c)
            return b"".join(chunks)

    def call(self, opcode, body=b"", auth=b"", **kw):
        return Response(self.raw(request(opcode, body, auth, **kw)))

    def ping_raw(self):
        return self.raw(request(1), timeout=2.0)

    def rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self, sig=signal.SIGTERM, expect=0):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
            raise AssertionError("arcsecd did not stop on signal %d" % sig)
        self.log.close()
        self.proc = None
        if expect is not None and rc != expect:
            raise AssertionError("arcsecd exit %d (want %d):\n%s" % (
                rc, expect, self.read_log()))
        return rc

    def cleanup(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            if self.proc is not None and exc[0] is None:
                self.stop()
        finally:
            if exc[0] is not None:
                sys.stderr.write("--- arcsecd log ---\n" + self.read_log())
            self.cleanup()


class Runner:
    """Tiny test runner: prints one line per case and the closing line
    'N passed, N failed, N skipped' that CI reads."""
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def run(self, name, fn, *args):
        try:
            fn(*args)
        except Skip as e:
            self.skipped += 1
            print("SKIP %s: %s" % (name, e))
        except Exception as e:  # noqa: BLE001 - report every failure
            self.failed += 1
            import traceback
            print("FAIL %s: %s" % (name, e))
            traceback.print_exc()
        else:
            self.passed += 1
            print("ok   %s" % name)
        sys.stdout.flush()

    def finish(self):
        print("%d passed, %d failed, %d skipped" % (
            self.passed, self.failed, self.skipped))
        sys.exit(1 if self.failed else 0)


class Skip(Exception):
    pass
