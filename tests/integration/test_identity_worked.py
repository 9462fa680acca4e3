#!/usr/bin/python3
"""The worked examples of docs/identity.md, run as written: the shell block
under "Worked example (a key in a TPM ...)" in a scratch directory that has
the tree's build/, scripts/ and tests/ (so its run/ is the scratch one),
with bash -e, so every command in it must succeed: scripts/dev-swtpm
manufactures and starts an swtpm, arcsecd runs on it, the DevID gets a
certificate from an openssl test CA, and the independent verifier
(tests/integration/evidence_verifier.py) accepts the evidence and the
activation response. Then the same again after a restart of swtpm and
arcsecd: the DevID is still there and the evidence still verifies."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import BUILD, Runner  # noqa: E402
from tpm_harness import free_port_pair  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOC = os.path.join(TOP, "docs", "identity.md")


def doc_block(heading_prefix):
    """The first ```sh block after the heading starting with
    heading_prefix."""
    with open(DOC) as f:
        text = f.read()
    at = text.index("\n## " + heading_prefix)
    m = re.compile(r"```sh\n(.*?)```", re.S).search(text, at)
    assert m is not None, heading_prefix
    return m.group(1)


def scratch():
    work = tempfile.mkdtemp(prefix="arcsec-worked-")
    os.symlink(BUILD, os.path.join(work, "build"))
    for d in ("scripts", "tests"):
        os.symlink(os.path.join(TOP, d), os.path.join(work, d))
    return work


def run_block(work, script, port):
    """bash -e on script in work; its own session, so that whatever it
    leaves running (arcsecd, swtpm) is killed afterwards."""
    # Debian's python3 first, as on the fresh machine the doc is for (a
    # developer's pyenv may bring another python3-cryptography).
    path = "/usr/bin:/bin:" + os.environ.get("PATH", "")
    p = subprocess.Popen(["bash", "-e", "-c", script], cwd=work,
                         env=dict(os.environ, SWTPM_PORT=str(port),
                                  PATH=path),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=300)
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return p.returncode, out


def t_tpm_example(work):
    block = doc_block("Worked example (a key in a TPM")
    port = free_port_pair()
    rc, out = run_block(work, block, port)
    assert rc == 0, out
    for want in ("hardware-backed:  yes",
                 "EK certificate:   yes: RSA 2048 (template L-1)",
                 "devid-1.crt.pem: OK",
                 "evidence accepted: DevID @arcsec/devid-1",
                 "chains to run/swtpm/ek-ca.pem",
                 "response accepted"):
        assert want in out, (want, out)
    # What the closing paragraph promises: the DevID and its certificate
    # survive restarts of swtpm and arcsecd.
    again = "\n".join(line for line in block.splitlines() if
                      line.startswith(("scripts/dev-swtpm",
                                       "./build/arcsecd", "export",
                                       "until", "kill"))) + "\n"
    again = again.replace("kill %1", "./build/arcsec devid show\nkill %1")
    rc, out = run_block(work, again, port)
    assert rc == 0 and "subject:          serialNumber=0042,CN=device-42" \
        in out and "EK certificate:   yes" in out, out


def main():
    r = Runner()
    work = scratch()
    r.run("docs/identity.md: the TPM worked example, as written",
          t_tpm_example, work)
    try:
        r.finish()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
