"""A fresh SoftHSM2 token per test run: its own softhsm2.conf and token
directory under a temp dir, SOFTHSM2_CONF exported to everything started
from here (arcsecd, pkcs11-tool, softhsm2-util). No root needed."""
import os
import re
import shutil
import subprocess
import tempfile

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
SO_PIN, PIN = "1234", "5678"


def available():
    return (os.path.exists(MODULE) and shutil.which("softhsm2-util")
            and shutil.which("pkcs11-tool"))


class Token:
    def __init__(self, labels=("arcsec-test",)):
        self.dir = tempfile.mkdtemp(prefix="arcsec-p11-")
        self.tokens = os.path.join(self.dir, "tokens")
        os.mkdir(self.tokens)
        self.conf = os.path.join(self.dir, "softhsm2.conf")
        with open(self.conf, "w") as f:
            f.write("directories.tokendir = %s\n"
                    "objectstore.backend = file\n"
                    "log.level = ERROR\n" % self.tokens)
        os.environ["SOFTHSM2_CONF"] = self.conf
        self.serials = [self.init_token(label) for label in labels]
        self.serial = self.serials[0]

    def init_token(self, label):
        subprocess.run(["softhsm2-util", "--init-token", "--free",
                        "--label", label, "--so-pin", SO_PIN, "--pin", PIN],
                       check=True, capture_output=True, env=self.env())
        return self.serial_of(label)

    def env(self):
        e = dict(os.environ)
        e["SOFTHSM2_CONF"] = self.conf
        return e

    def serial_of(self, label):
        out = subprocess.run(["softhsm2-util", "--show-slots"], check=True,
                             capture_output=True, text=True,
                             env=self.env()).stdout
        serial = None
        for line in out.splitlines():
            m = re.match(r"\s*Serial number:\s*(\S*)", line)
            if m:
                serial = m.group(1)
            m = re.match(r"\s*Label:\s*(.*?)\s*$", line)
            if m and m.group(1) == label:
                return serial
        raise RuntimeError("token %s not found:\n%s" % (label, out))

    def slot_of(self, label):
        out = subprocess.run(["softhsm2-util", "--show-slots"], check=True,
                             capture_output=True, text=True,
                             env=self.env()).stdout
        for block in out.split("\nSlot ")[1:]:
            if re.search(r"Label:\s*%s\s*$" % re.escape(label), block,
                         re.M):
                return int(block.split()[0])
        raise RuntimeError("no slot for %s" % label)

    def tool(self, *args, check=True):
        p = subprocess.run(["pkcs11-tool", "--module", MODULE,
                            "--token-label", "arcsec-test", *args],
                           capture_output=True, text=True, env=self.env(),
                           timeout=60)
        if check:
            assert p.returncode == 0, (args, p.stdout, p.stderr)
        return p

    def objects(self):
        """pkcs11-tool --list-objects, logged in, as a list of dicts."""
        out = self.tool("--login", "--pin", PIN, "--list-objects").stdout
        objs, cur = [], None
        for line in out.splitlines():
            if line.strip() and not line.startswith(" "):
                cur = {"kind": line.strip()}
                objs.append(cur)
            elif cur is not None and ":" in line:
                k, v = line.strip().split(":", 1)
                cur[k.strip()] = v.strip()
        return objs

    def provider_block(self, extra="", serial=True, pin=PIN):
        lines = ['[[provider]]', 'provider_type = "Pkcs11"',
                 'key_info_manager = "sqlite-manager"',
                 'library_path = "%s"' % MODULE]
        if pin is not None:
            lines.append('user_pin = "%s"' % pin)
        if serial:
            lines.append('serial_number = "%s"' % self.serial)
        return "\n".join(lines) + "\n" + extra + "\n"

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)
