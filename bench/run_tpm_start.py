#!/usr/bin/python3
"""bench/run_tpm_start.py: arcsecd's start time with a Tpm provider on
swtpm, with storage_primary_handle (the storage primary found at its
persistent handle) and without it (the baseline: TPM2_CreatePrimary at
every start), printed as a Markdown table for docs/benchmarks.md. Runs
alternate between the two configs on one swtpm, so drift hits both.
Start time: from spawning arcsecd to its first Ping answer, polled every
millisecond. Usage: bench/run_tpm_start.py [COUNT]"""
import os
import sys
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
from tpm_harness import Swtpm, tpm_daemon  # noqa: E402
from benchlib import row  # noqa: E402


def start_ms(d):
    t0 = time.perf_counter()
    d.start(wait=False)
    deadline = t0 + 20
    while time.perf_counter() < deadline:
        if d.proc.poll() is not None:
            raise RuntimeError("arcsecd exited:\n" + d.read_log())
        try:
            d.ping_raw()
            break
        except OSError:
            time.sleep(0.001)
    else:
        raise RuntimeError("arcsecd did not come up")
    ms = (time.perf_counter() - t0) * 1000.0
    d.stop()
    return ms


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    tpm = Swtpm().start()
    plain = tpm_daemon(tpm)
    kept = tpm_daemon(tpm, extra="storage_primary_handle = 0x81000001\n")
    try:
        start_ms(kept)              # persists the primary; not counted
        start_ms(plain)             # warm caches alike
        times = {"plain": [], "kept": []}
        for _ in range(count):
            times["plain"].append(start_ms(plain))
            times["kept"].append(start_ms(kept))
        assert "the persistent key at 0x81000001" in kept.read_log()
        print("| config | starts | mean ms | p50 ms | p90 ms |")
        print("|---|---|---|---|---|")
        row("no `storage_primary_handle` (baseline: CreatePrimary at "
            "every start)", times["plain"])
        row("`storage_primary_handle = 0x81000001` (found, checked)",
            times["kept"])
    finally:
        plain.cleanup()
        kept.cleanup()
        tpm.cleanup()


if __name__ == "__main__":
    main()
