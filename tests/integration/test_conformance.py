#!/usr/bin/python3
"""Replays Parsec's own wire test vectors (../shared/vectors/parsec-mock)
against a real arcsecd as raw bytes. Ping and the admin-error answers must
match byte for byte; answers whose body is service-specific (provider list,
opcodes, authenticators) must match in header and decode correctly."""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import (Daemon, Response, Runner, Skip, ST, pb_fields,  # noqa
                     pb_packed_varints, request, generate_key_body)

VECTORS = os.environ.get("ARCSEC_VECTORS", os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "vectors",
    "parsec-mock"))
CORE_UUID = "47049873-2a43-4845-9d72-831eab668784"
MBED_UUID = "1c1139dc-ad7c-47dc-ad6b-db6fdb466552"


def load(name):
    text = open(os.path.join(VECTORS, name + ".test.yaml")).read()
    req = re.search(r"^\s*request_hex:\s*([0-9a-f]+)", text, re.M).group(1)
    resp = re.search(r"^\s*response_hex:\s*([0-9a-f]+)", text, re.M).group(1)
    return bytes.fromhex(req), bytes.fromhex(resp)


def core_opcodes(d):
    r = d.call(9, body=b"\x08\x00")
    assert r.status == 0
    f = pb_fields(r.body)
    return [v for fld, wt, val in f if fld == 1
            for v in (pb_packed_varints(val) if wt == 2 else [val])]


def header_matches(got, want, ignore_body=True):
    g, w = Response(got), Response(want)
    for field in ("maj", "min", "flags", "provider", "session",
                  "content_type", "accept_type", "auth_type", "opcode",
                  "status"):
        assert getattr(g, field) == getattr(w, field), (
            field, getattr(g, field), getattr(w, field))
    if not ignore_body:
        assert got == want, (got.hex(), want.hex())
    return g


def t_ping(d):
    req, resp = load("ping")
    got = d.raw(req)
    assert got == resp, "ping: %s != %s" % (got.hex(), resp.hex())


def t_list_providers(d):
    req, resp = load("list_providers")
    g = header_matches(d.raw(req), resp)
    infos = [pb_fields(v) for f, wt, v in pb_fields(g.body) if f == 1]
    ids = [dict((f, v) for f, wt, v in i).get(7, 0) for i in infos]
    uuids = [dict((f, v) for f, wt, v in i)[1].decode() for i in infos]
    # Configured providers first (the first is the clients' default), then
    # core last, with the book's UUIDs.
    assert ids == [1, 0], ids
    assert uuids == [MBED_UUID, CORE_UUID], uuids


def t_list_authenticators(d):
    req, resp = load("list_authenticators")
    g = header_matches(d.raw(req), resp)
    infos = [dict((f, v) for f, wt, v in pb_fields(v))
             for f, wt, v in pb_fields(g.body) if f == 1]
    assert len(infos) == 1 and infos[0].get(5) == 1, infos   # Direct


def t_list_opcodes(name, d):
    req, resp = load(name)
    g = Response(d.raw(req))
    # The vector's expected body is the mock's; ours is our capability table.
    assert (g.status, g.opcode, g.provider) == (0, 9, 0), vars(g)
    pb_fields(g.body)


def t_admin_err(name, d):
    req, resp = load(name)
    header_matches(d.raw(req), resp, ignore_body=False)


def provider_opcodes(d, provider_id):
    r = d.call(9, body=bytes([8, provider_id]))
    assert r.status == 0
    return [v for fld, wt, val in pb_fields(r.body) if fld == 1
            for v in (pb_packed_varints(val) if wt == 2 else [val])]


def t_needs_keystore(name, d):
    if 0x1B not in core_opcodes(d):
        raise Skip("PENDING until the key store lands (issue 4): "
                   "ListClients/DeleteClient not offered yet")
    if name == "delete_client":
        # The vector deletes "existing client": give it a key first.
        if 0x02 not in provider_opcodes(d, 1):
            raise Skip("PENDING until the software provider offers "
                       "PsaGenerateKey (issue 4)")
        r = d.call(2, body=generate_key_body("k"), auth=b"existing client",
                   auth_type=1, provider=1)
        assert r.status == 0, r.status
    req, resp = load(name)
    header_matches(d.raw(req), resp)


def main():
    r = Runner()
    if not os.path.isdir(VECTORS):
        print("FAIL vectors not found at %s" % VECTORS)
        print("0 passed, 1 failed")
        sys.exit(1)
    with Daemon(auth="Direct", admins=("admin_priv",)).start() as d:
        r.run("ping byte-exact", t_ping, d)
        r.run("list_providers", t_list_providers, d)
        r.run("list_authenticators", t_list_authenticators, d)
        r.run("list_opcodes_directauth", t_list_opcodes,
              "list_opcodes_directauth", d)
        r.run("list_opcodes_bad1", t_list_opcodes, "list_opcodes_bad1", d)
        r.run("list_clients_admin_err byte-exact", t_admin_err,
              "list_clients_admin_err", d)
        r.run("delete_client_admin_err byte-exact", t_admin_err,
              "delete_client_admin_err", d)
        for n in ("list_clients", "delete_client", "delete_client_notexist"):
            r.run(n, t_needs_keystore, n, d)
        seen = {os.path.basename(p)[:-len(".test.yaml")]
                for p in glob.glob(os.path.join(VECTORS, "*.test.yaml"))}
        covered = {"ping", "list_providers", "list_authenticators",
                   "list_opcodes_directauth", "list_opcodes_bad1",
                   "list_clients_admin_err", "delete_client_admin_err",
                   "list_clients", "delete_client", "delete_client_notexist"}

        def t_all_covered():
            assert seen <= covered, "vectors not replayed: %s" % (
                sorted(seen - covered))
        r.run("every vector replayed", t_all_covered)
    r.finish()


if __name__ == "__main__":
    main()
