#!/usr/bin/python3
"""The reserved key namespace "@arcsec" where the device identity lives,
through a real arcsecd: only administrators reach it (as key names
"@arcsec/<name>"), no application can log in as its owner, ListKeys shows
it to administrators only, DeleteClient cannot wipe it, and its keys sign
like any other (verified by python3-cryptography)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Daemon, Runner, pb_len  # noqa: E402
from test_soft_keys import (App, OP, NOT_PERMITTED,  # noqa: E402
                            INVALID_ARGUMENT, digest_of, verify)

AUTHENTICATION_ERROR = 11
DEVID = "@arcsec/devid"


def t_admin_only(d):
    admin, other, bob = App(d, "admin"), App(d, "ops"), App(d, "bob")
    assert bob.generate(DEVID) == NOT_PERMITTED
    assert admin.generate(DEVID) == 0
    # A second administrator shares the namespace: one device identity.
    st, pub = other.public(DEVID)
    assert st == 0 and len(pub) == 65, st
    dg = digest_of(b"identity")
    st, sig = admin.sign(DEVID, dg)
    assert st == 0, st
    verify(pub, dg, sig)
    # Everyone else: refused for every operation, whatever the key.
    assert bob.sign(DEVID, dg)[0] == NOT_PERMITTED
    assert bob.public(DEVID)[0] == NOT_PERMITTED
    assert bob.destroy(DEVID) == NOT_PERMITTED
    assert bob.public("@arcsec/nokey")[0] == NOT_PERMITTED
    # An ordinary key of the same stored name is another key.
    assert bob.generate("devid") == 0
    assert bob.public("devid")[1] != pub
    assert bob.destroy("devid") == 0


def t_names(d):
    admin = App(d, "admin")
    # One reserved namespace; other '@' names and an empty name refused.
    assert admin.generate("@other/k") == INVALID_ARGUMENT
    assert admin.generate("@arcsec/") == INVALID_ARGUMENT
    assert admin.generate("@arcsec") == INVALID_ARGUMENT
    assert App(d, "bob").generate("@x") == INVALID_ARGUMENT


def t_no_login_as_owner(d):
    for name in ("@arcsec", "@anything"):
        r = d.call(OP["list_keys"], auth=name.encode(), auth_type=1)
        assert r.status == AUTHENTICATION_ERROR, (name, r.status)


def t_listing(d):
    admin, bob = App(d, "admin"), App(d, "bob")
    assert admin.generate("own") == 0
    names = admin.list_names()
    assert DEVID in names and "own" in names, names
    assert DEVID not in bob.list_names()
    # ListClients names the reserved owner; DeleteClient will not wipe it.
    r = d.call(OP["delete_client"], body=pb_len(1, "@arcsec"),
               auth=b"admin", auth_type=1)
    assert r.status == NOT_PERMITTED, r.status
    assert admin.public(DEVID)[0] == 0
    assert admin.destroy("own") == 0


def t_restart(d):
    admin = App(d, "admin")
    st, pub = admin.public(DEVID)
    assert st == 0
    d.stop()
    d.start()
    assert admin.public(DEVID) == (0, pub)
    assert admin.destroy(DEVID) == 0
    assert admin.public(DEVID)[0] == 1140      # DoesNotExist


def main():
    r = Runner()
    with Daemon(auth="Direct", admins=("admin", "ops")) as d:
        d.start()
        for name, fn in (("admin only", t_admin_only), ("names", t_names),
                         ("no login as the owner", t_no_login_as_owner),
                         ("listing and DeleteClient", t_listing),
                         ("restart", t_restart)):
            r.run(name, fn, d)
    r.finish()


if __name__ == "__main__":
    main()
