#!/usr/bin/python3
"""1,000 malformed frames against a real arcsecd: each gets its documented
Parsec status, or (where the header cannot be read) a closed connection
within the listener timeout; the daemon's RSS does not grow; Ping answers
afterwards."""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import Daemon, Response, Runner, ST, header, request  # noqa

TIMEOUT_MS = 300


def expect_status(d, data, status, half_close=False):
    with d.connect() as s:
        s.sendall(data)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        got = b""
        while True:
            c = s.recv(65536)
            if not c:
                break
            got += c
    r = Response(got)
    assert r.status == status, "status %d, want %d (frame %s)" % (
        r.status, status, data[:48].hex())
    return r


def expect_closed(d, data):
    """The service must close within the timeout without hanging."""
    t0 = time.time()
    with d.connect(timeout=TIMEOUT_MS / 1000 * 10) as s:
        if data:
            s.sendall(data)
        got = s.recv(65536)
        while got:
            nxt = s.recv(65536)
            if not nxt:
                break
            got += nxt
    took = time.time() - t0
    assert took < TIMEOUT_MS / 1000 * 4, "closed after %.2fs" % took
    return got


def cases():
    ping = request(1)
    lo = request(9, body=b"\x08\x01")
    yield "wrong magic", lambda d: expect_status(
        d, header(1, magic=0xDEADBEEF), ST["InvalidHeader"])
    yield "header size 24", lambda d: expect_status(
        d, header(1, hdr_size=24), ST["InvalidHeader"])
    yield "header size 0xffff", lambda d: expect_status(
        d, header(1, hdr_size=0xFFFF), ST["InvalidHeader"])
    yield "version 2.0", lambda d: expect_status(
        d, header(1, maj=2), ST["WireProtocolVersionNotSupported"])
    yield "version 1.1", lambda d: expect_status(
        d, header(1, minor=1), ST["WireProtocolVersionNotSupported"])
    yield "flags set", lambda d: expect_status(
        d, header(1, flags=1), ST["InvalidHeader"])
    yield "reserved set", lambda d: expect_status(
        d, header(1, reserved=0x0100), ST["InvalidHeader"])
    yield "content type 1", lambda d: expect_status(
        d, header(1, content_type=1), ST["ContentTypeNotSupported"])
    yield "accept type 1", lambda d: expect_status(
        d, header(1, accept_type=1), ST["AcceptTypeNotSupported"])
    yield "body length 0xffffffff", lambda d: expect_status(
        d, header(1, body_len=0xFFFFFFFF), ST["BodySizeExceedsLimit"])
    yield "auth length beyond frame", lambda d: expect_status(
        d, header(1, auth_len=100) + b"x" * 10, ST["ConnectionError"],
        half_close=True)
    yield "body shorter than declared", lambda d: expect_status(
        d, header(9, body_len=50) + b"\x08\x01", ST["ConnectionError"],
        half_close=True)
    yield "unknown opcode 0x1d", lambda d: expect_status(
        d, request(0x1D), ST["OpcodeDoesNotExist"])
    yield "unknown opcode 0xffffffff", lambda d: expect_status(
        d, request(0xFFFFFFFF), ST["OpcodeDoesNotExist"])
    yield "provider 200", lambda d: expect_status(
        d, request(9, body=b"\x08\x01", provider=200),
        ST["ProviderDoesNotExist"])
    yield "provider 4 not configured", lambda d: expect_status(
        d, request(2, provider=4), ST["ProviderNotRegistered"])
    yield "core op on provider 1", lambda d: expect_status(
        d, request(1, provider=1), ST["PsaErrorNotSupported"])
    yield "garbage protobuf", lambda d: expect_status(
        d, request(9, body=b"\xff\xff\xff"), ST["DeserializingBodyFailed"])
    yield "truncated protobuf", lambda d: expect_status(
        d, request(9, body=b"\x0a\x05ab"), ST["DeserializingBodyFailed"])
    yield "auth type 9", lambda d: expect_status(
        d, request(1, auth=b"x", auth_type=9),
        ST["AuthenticatorDoesNotExist"])
    yield "direct auth not configured", lambda d: expect_status(
        d, request(1, auth=b"app", auth_type=1),
        ST["AuthenticatorNotRegistered"])
    yield "unix peer wrong uid", lambda d: expect_status(
        d, request(1, auth=struct.pack("<I", os.getuid() + 1), auth_type=3),
        ST["AuthenticationError"])
    yield "unix peer short auth", lambda d: expect_status(
        d, request(1, auth=b"\x00\x00", auth_type=3),
        ST["AuthenticationError"])
    yield "crypto op without auth", lambda d: expect_status(
        d, request(2, provider=1), ST["NotAuthenticated"])
    yield "admin op without auth", lambda d: expect_status(
        d, request(0x1B), ST["NotAuthenticated"])
    yield "admin op by non-admin", lambda d: expect_status(
        d, request(0x1B, auth=struct.pack("<I", os.getuid()), auth_type=3),
        ST["AdminOperation"])
    yield "trailing bytes after frame", lambda d: expect_status(
        d, ping + b"junk", ST["Success"])   # one request per connection
    yield "short header then EOF", lambda d: expect_closed(
        d, ping[:10]) or None
    yield "magic only", lambda d: expect_closed(d, ping[:4]) or None
    yield "connect and send nothing", lambda d: expect_closed(d, b"")
    yield "header then silence", lambda d: expect_closed(
        d, header(9, body_len=2)) or None
    yield "valid list_opcodes", lambda d: expect_status(d, lo, 0)


def main():
    r = Runner()
    with Daemon(timeout=TIMEOUT_MS).start() as d:
        all_cases = list(cases())
        # Warm up once per case, then measure RSS over the rest.
        for name, fn in all_cases:
            r.run(name, fn, d)
        rss_before = d.rss_kib()
        sent, failures = len(all_cases), 0
        i = 0
        while sent < 1000:
            name, fn = all_cases[i % len(all_cases)]
            i += 1
            # Cases that wait on the deadline cost 0.3 s; run fewer of them.
            if "silence" in name or "nothing" in name or "EOF" in name:
                if i % 10:
                    continue
            try:
                fn(d)
            except Exception as e:  # noqa: BLE001
                failures += 1
                print("FAIL repeat %s: %s" % (name, e))
            sent += 1
        rss_after = d.rss_kib()

        def t_bulk():
            assert failures == 0, "%d of %d frames failed" % (failures, sent)

        def t_rss():
            grew = rss_after - rss_before
            print("     rss %d KiB -> %d KiB over %d frames" % (
                rss_before, rss_after, sent))
            assert grew < 1024, "RSS grew by %d KiB" % grew

        def t_ping_after():
            rsp = d.call(1)
            assert rsp.status == 0 and rsp.body == b"\x08\x01", vars(rsp)
        r.run("%d malformed frames answered" % sent, t_bulk)
        r.run("RSS stable", t_rss)
        r.run("ping after abuse", t_ping_after)
    r.finish()


if __name__ == "__main__":
    main()
