#!/usr/bin/python3
"""The arcsec CLI against a real arcsecd: the discovery commands, --json,
and the exit codes (0 ok, 1 service error, 2 usage, 3 cannot connect)."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ARCSEC, Daemon, Runner  # noqa


def cli(d, *args, env=None):
    p = subprocess.run([ARCSEC, *args], env=env or d.env(),
                       capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def t_ping(d):
    rc, out, err = cli(d, "ping")
    assert rc == 0, (rc, out, err)
    assert "1.0" in out, out


def t_ping_json(d):
    rc, out, err = cli(d, "--json", "ping")
    assert rc == 0, (rc, out, err)
    j = json.loads(out)
    assert (j["wire_protocol_version_maj"], j["wire_protocol_version_min"]) \
        == (1, 0), j


def t_list_providers(d):
    rc, out, err = cli(d, "list-providers")
    assert rc == 0, (rc, out, err)
    assert "1c1139dc-ad7c-47dc-ad6b-db6fdb466552" in out, out
    assert "47049873-2a43-4845-9d72-831eab668784" in out, out
    assert out.index("1c1139dc") < out.index("47049873"), \
        "configured providers come before core"


def t_list_providers_json(d):
    rc, out, err = cli(d, "--json", "list-providers")
    assert rc == 0, (rc, out, err)
    j = json.loads(out)
    ids = [p["id"] for p in j["providers"]]
    assert ids == [1, 0], ids


def t_list_opcodes_core(d):
    rc, out, err = cli(d, "list-opcodes", "--provider", "0")
    assert rc == 0, (rc, out, err)
    for name in ("Ping", "ListProviders", "ListOpcodes",
                 "ListAuthenticators"):
        assert name in out, (name, out)


def t_list_opcodes_soft_json(d):
    rc, out, err = cli(d, "--json", "list-opcodes", "--provider", "1")
    assert rc == 0, (rc, out, err)
    j = json.loads(out)
    assert isinstance(j["opcodes"], list), j


def t_list_authenticators(d):
    rc, out, err = cli(d, "--json", "list-authenticators")
    assert rc == 0, (rc, out, err)
    j = json.loads(out)
    assert [a["id"] for a in j["authenticators"]] == [3], j


def t_service_error(d):
    rc, out, err = cli(d, "list-opcodes", "--provider", "4")
    assert rc == 1, (rc, out, err)
    assert "ProviderNotRegistered" in err, err


def t_usage(d):
    for args in (("no-such-command",), ("ping", "--no-such-flag"),
                 ("list-opcodes", "--provider", "x"),
                 ("list-opcodes", "--provider", "256")):
        rc, out, err = cli(d, *args)
        assert rc == 2, (args, rc, out, err)


def t_connect_error(d):
    env = d.env()
    env["PARSEC_SERVICE_ENDPOINT"] = "unix:" + d.dir + "/nope.sock"
    rc, out, err = cli(d, "ping", env=env)
    assert rc == 3, (rc, out, err)
    assert "nope.sock" in err, err


def t_help_version(d):
    for args in (("--help",), ("--version",), ("ping", "--help")):
        rc, out, err = cli(d, *args)
        assert rc == 0, (args, rc, out, err)
        assert out.strip(), args


def main():
    r = Runner()
    with Daemon().start() as d:
        for name, fn in sorted((k, v) for k, v in globals().items()
                               if k.startswith("t_")):
            r.run(name[2:], fn, d)
    r.finish()


if __name__ == "__main__":
    main()
