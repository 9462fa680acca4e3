#!/usr/bin/python3
"""arcsecd as a process: start-up checks, stale and live sockets, config
errors, SIGHUP reload, the connection cap and deadlines, clean shutdown
with requests in flight."""
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import (ARCSECD, Daemon, Response, Runner, Skip, ST,  # noqa
                     default_config, request)


def run_arcsecd(*args, timeout=10):
    return subprocess.run([ARCSECD, *args], capture_output=True, text=True,
                          timeout=timeout)


def t_version_help():
    p = run_arcsecd("--version")
    assert p.returncode == 0 and p.stdout.startswith("arcsecd "), p
    p = run_arcsecd("--help")
    assert p.returncode == 0 and "--config" in p.stdout, p
    p = run_arcsecd("--bogus")
    assert p.returncode == 2, p


def t_bad_config_named():
    with Daemon(config_text='[listener]\ntimeout = "soon"\n') as d:
        p = run_arcsecd("--config", d.config)
        assert p.returncode != 0, p
        assert "config.toml:2" in p.stderr and "timeout" in p.stderr, \
            p.stderr


def t_unsupported_provider_named():
    prov = ('[[provider]]\nprovider_type = "TrustedService"\n'
            'key_info_manager = "sqlite-manager"\n')
    with Daemon(providers=prov) as d:
        p = run_arcsecd("--config", d.config)
        assert p.returncode != 0, p
        assert "TrustedService" in p.stderr, p.stderr


def t_missing_socket_dir():
    with Daemon() as d:
        text = open(d.config).read().replace(
            d.sock, d.dir + "/no/such/dir/parsec.sock")
        open(d.config, "w").write(text)
        p = run_arcsecd("--config", d.config)
        assert p.returncode != 0 and "no/such/dir" in p.stderr, p.stderr


def t_world_writable_dir_refused():
    with Daemon() as d:
        os.chmod(d.dir, 0o777)
        p = run_arcsecd("--config", d.config)
        os.chmod(d.dir, 0o755)
        assert p.returncode != 0 and "sticky" in p.stderr, p.stderr


def t_root_refused_without_allow_root():
    if os.geteuid() != 0:
        raise Skip("needs to run as root to test the root check")
    with Daemon() as d:
        text = open(d.config).read().replace("allow_root = true",
                                             "allow_root = false")
        open(d.config, "w").write(text)
        p = run_arcsecd("--config", d.config)
        assert p.returncode != 0 and "root" in p.stderr, p.stderr


def t_stale_socket_replaced():
    with Daemon() as d:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(d.sock)      # a socket file nobody accepts on
        s.close()
        d.start()
        assert d.call(1).status == 0
        assert "stale socket" in d.read_log()


def t_live_socket_refused():
    with Daemon() as d:
        d.start()
        p = run_arcsecd("--config", d.config)
        assert p.returncode != 0 and "another service" in p.stderr, p.stderr
        assert d.call(1).status == 0


def t_regular_file_not_removed():
    with Daemon() as d:
        open(d.sock, "w").write("precious")
        p = run_arcsecd("--config", d.config)
        assert p.returncode != 0 and "not a socket" in p.stderr, p.stderr
        assert open(d.sock).read() == "precious"


def t_sighup_reload_admins():
    with Daemon(auth="Direct", admins=("alice",)) as d:
        d.start()
        lc = lambda app: d.call(0x1B, auth=app, auth_type=1).status  # noqa
        assert lc(b"bob") == ST["AdminOperation"]
        assert lc(b"alice") != ST["AdminOperation"]
        text = open(d.config).read().replace('"alice"', '"bob"')
        open(d.config, "w").write(text)
        d.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 5
        while time.time() < deadline and "reloaded" not in d.read_log():
            time.sleep(0.05)
        assert lc(b"bob") != ST["AdminOperation"]
        assert lc(b"alice") == ST["AdminOperation"]


def t_sighup_refuses_socket_change():
    with Daemon() as d:
        d.start()
        text = open(d.config).read().replace(d.sock, d.dir + "/other.sock")
        open(d.config, "w").write(text)
        d.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 5
        while time.time() < deadline and "refused" not in d.read_log():
            time.sleep(0.05)
        assert "socket_path" in d.read_log(), d.read_log()
        assert d.call(1).status == 0


def t_connection_cap():
    with Daemon(extra_core="max_connections = 4", timeout=2000) as d:
        d.start()
        idle = [d.connect() for _ in range(4)]
        time.sleep(0.2)
        # The fifth waits in the backlog until a slot frees up.
        got = {}

        def fifth():
            got["r"] = d.call(1)
        t = threading.Thread(target=fifth)
        t.start()
        time.sleep(0.3)
        assert "r" not in got, "served beyond the cap"
        idle[0].close()
        t.join(10)
        assert got["r"].status == 0
        for s in idle[1:]:
            s.close()


def t_idle_client_closed_at_deadline():
    with Daemon(timeout=300) as d:
        d.start()
        s = d.connect()
        t0 = time.time()
        assert s.recv(10) == b""
        assert time.time() - t0 < 2.0
        s.close()


def t_slow_writer_does_not_block_others():
    with Daemon(timeout=2000, threads=1) as d:
        d.start()
        slow = [d.connect() for _ in range(20)]
        for s in slow:
            s.sendall(request(1)[:20])      # half a header, then nothing
        t0 = time.time()
        for _ in range(20):
            assert d.call(1).status == 0
        assert time.time() - t0 < 1.5, "pings waited on slow clients"
        for s in slow:
            s.close()


def t_sigterm_finishes_in_flight():
    with Daemon(timeout=5000) as d:
        d.start()
        # A request whose last byte arrives after SIGTERM is dropped; one
        # fully sent before is answered.
        s = d.connect()
        s.sendall(request(1))
        time.sleep(0.1)
        d.proc.send_signal(signal.SIGTERM)
        data = s.recv(100)
        assert Response(data).status == 0
        assert d.proc.wait(10) == 0
        d.log.close()
        d.proc = None
        assert not os.path.exists(d.sock), "socket left after clean stop"


def t_unix_peer_auth_ok():
    with Daemon() as d:
        d.start()
        r = d.call(1, auth=struct.pack("<I", os.getuid()), auth_type=3)
        assert r.status == 0


def t_socket_mode():
    with Daemon() as d:
        d.start()
        mode = os.stat(d.sock).st_mode & 0o777
        assert mode == 0o666, oct(mode)


def main():
    r = Runner()
    for name, fn in sorted((k, v) for k, v in globals().items()
                           if k.startswith("t_")):
        r.run(name[2:], fn)
    r.finish()


if __name__ == "__main__":
    main()
