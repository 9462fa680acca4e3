#!/usr/bin/python3
"""bench/run_evidence.py: how long `arcsec attest evidence` and `attest
activate` take on swtpm for each EK/AK choice, printed as a Markdown
section for docs/benchmarks.md. The swtpm is manufactured by
scripts/dev-swtpm (EK certificates for L-1 RSA 2048 and H-3 ECC P-384).

Baselines from the same run: `arcsec ping` (a CLI process and one request,
the floor of every row) and tpm2-tools making the same primaries directly
(tpm2_createprimary of the EK template, flushed), which is the TPM's own
share. Usage: bench/run_evidence.py [COUNT]"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BUILD = os.environ.get("ARCSEC_BUILD", os.path.join(TOP, "build"))
ARCSEC = os.path.join(BUILD, "arcsec")
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
from evidence_verifier import make_challenge, name_of  # noqa: E402
from tpm_harness import free_port_pair  # noqa: E402
from benchlib import row  # noqa: E402


def timed(argv, env, count):
    """Milliseconds per run of argv, count runs (each must succeed)."""
    ms = []
    for _ in range(count):
        t0 = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        ms.append((time.perf_counter() - t0) * 1000.0)
    return ms


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    work = tempfile.mkdtemp(prefix="arcsec-evbench-")
    port = free_port_pair()
    tpm_dir = os.path.join(work, "swtpm")
    env = dict(os.environ, SWTPM_PORT=str(port))
    daemon = None
    try:
        subprocess.run([os.path.join(TOP, "scripts", "dev-swtpm"), "start",
                        tpm_dir], env=env, check=True, capture_output=True)
        tools = ["-T", "swtpm:host=127.0.0.1,port=%d" % port]
        # The TPM's own cost first, while nothing else holds swtpm.
        tpm_rows = []
        for name, args in (
                ("tpm2_createek -G rsa (L-1)", ["tpm2_createek", "-G",
                                                 "rsa", "-c", "ek.ctx"]),
                ("tpm2_createek -G ecc (L-2)", ["tpm2_createek", "-G",
                                                 "ecc", "-c", "ek.ctx"])):
            ms = []
            for _ in range(count):
                t0 = time.perf_counter()
                subprocess.run([args[0]] + tools + args[1:], cwd=work,
                               check=True, capture_output=True)
                ms.append((time.perf_counter() - t0) * 1000.0)
                subprocess.run(["tpm2_flushcontext"] + tools + ["-t"],
                               cwd=work, check=True, capture_output=True)
            tpm_rows.append((name, ms))
        daemon = subprocess.Popen(
            [os.path.join(BUILD, "arcsecd"), "--config",
             os.path.join(tpm_dir, "arcsecd.toml"), "--admin",
             str(os.getuid())], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        env["PARSEC_SERVICE_ENDPOINT"] = "unix:" + os.path.join(
            tpm_dir, "parsec.sock")
        env["ARCSEC_IDENTITY_DIR"] = os.path.join(tpm_dir, "identity")
        env["ARCSEC_IDENTITY_CONFIG"] = os.path.join(work, "identity.toml")
        open(env["ARCSEC_IDENTITY_CONFIG"], "w").close()
        for _ in range(200):
            if subprocess.run([ARCSEC, "ping"], env=env,
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.05)
        subprocess.run([ARCSEC, "devid", "create"], env=env, check=True,
                       capture_output=True)
        nonce = "00" * 16
        print("## %s — DevID evidence on swtpm, %s, %d cores" % (
            time.strftime("%Y-%m-%d", time.gmtime()), os.uname().machine,
            os.cpu_count()))
        print()
        print("Command: `bench/run_evidence.py %d`; %s, an ECC P-256 DevID;"
              " milliseconds per command, each a new `arcsec` process "
              "(connect, the requests, exit)." % (
                  count, subprocess.run(["swtpm", "--version"],
                                        capture_output=True,
                                        text=True).stdout.split(",")[0]))
        print()
        print("| command | runs | mean ms | p50 ms | p90 ms |")
        print("|---|---|---|---|---|")
        row("`arcsec ping` (baseline: a CLI process, one request)",
            timed([ARCSEC, "ping"], env, count))
        for name, ms in tpm_rows:
            row("%s (baseline: a tpm2-tools process making the EK)" % name,
                ms)
        for ek, ak in (("rsa2048", "rsa2048"), ("ecc-p384", "ecc-p256"),
                       ("ecc-p256", "ecc-p256")):
            row("`attest evidence --ek %s --ak %s`" % (ek, ak),
                timed([ARCSEC, "attest", "evidence", "--nonce", nonce,
                       "--ek", ek, "--ak", ak], env, count))
        for ek, ak in (("rsa2048", "rsa2048"), ("ecc-p384", "ecc-p256")):
            ev = json.loads(subprocess.run(
                [ARCSEC, "attest", "evidence", "--nonce", nonce, "--ek", ek,
                 "--ak", ak], env=env, check=True, capture_output=True,
                text=True).stdout)
            ek_pub = base64.b64decode(ev["ek_pub"])
            ak_pub = base64.b64decode(ev["ak_pub"])
            path, _, _ = make_challenge(work, ek_pub, name_of(ak_pub),
                                        os.urandom(32), os.urandom(16),
                                        "bench-" + ek)
            row("`attest activate` (EK %s, AK %s)" % (ek, ak),
                timed([ARCSEC, "attest", "activate", "--challenge", path,
                       "--ak", ak], env, count))
    finally:
        if daemon is not None:
            daemon.terminate()
            daemon.wait()
        subprocess.run([os.path.join(TOP, "scripts", "dev-swtpm"), "stop",
                        tpm_dir], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
