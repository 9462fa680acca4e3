#!/usr/bin/python3
"""2,000 DevID requests in a row, made through libarcsec.so's public API
(devid_csr_loop) against a real arcsecd, every one verified by
python3-cryptography, never by arcsec's code. About one ECDSA signature in
128 has an r or s with a leading zero byte, which the raw r||s -> DER
conversion must get right: the count of such signatures is checked too, so
the case is known to have been exercised. Plus the RSA DevID path."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ARCSEC, BUILD, Daemon, Runner  # noqa: E402

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.utils import (  # noqa: E402
    decode_dss_signature)

LOOP = os.path.join(BUILD, "tests", "integration", "devid_csr_loop")
COUNT = 2000


def make_devid(d, *extra):
    p = subprocess.run([ARCSEC, "-a", "admin", "devid", "create",
                        "--fallback", "software", *extra], env=d.env(),
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, (p.stdout, p.stderr)


def requests(d, count):
    p = subprocess.run([LOOP, "admin", str(count)], env=d.env(),
                       capture_output=True, timeout=900)
    assert p.returncode == 0, p.stderr.decode()
    marker = b"-----END CERTIFICATE REQUEST-----\n"
    pems = [b + marker for b in p.stdout.split(marker) if b.strip()]
    assert len(pems) == count, len(pems)
    return pems


def check_all(pems, is_ecdsa):
    pub = None
    short = 0
    for pem in pems:
        req = x509.load_pem_x509_csr(pem)
        assert req.is_signature_valid, pem
        if pub is None:
            pub = req.public_key().public_numbers()
        assert req.public_key().public_numbers() == pub
        cn = req.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        assert cn[0].value == "device-42"
        san = req.extensions.get_extension_for_class(
            x509.SubjectAlternativeName).value
        assert "spiffe://fleet.example/device/0042" in \
            san.get_values_for_type(x509.UniformResourceIdentifier)
        if is_ecdsa:
            r, s = decode_dss_signature(req.signature)
            short += (r.bit_length() <= 248) + (s.bit_length() <= 248)
    return short


def t_ecdsa_2000(d):
    make_devid(d)
    short = check_all(requests(d, COUNT), True)
    # P(no r or s below 2^248 in 4,000) = (255/256)^4000 < 1e-6.
    assert short > 0, "no leading-zero r or s in %d signatures" % COUNT
    print("     %d requests verified; %d short r/s values" % (COUNT, short))


def t_rsa(d):
    make_devid(d, "--force", "--key-type", "rsa2048")
    check_all(requests(d, 20), False)


def main():
    r = Runner()
    with Daemon(auth="Direct", admins=("admin",)) as d:
        d.start()
        r.run("2,000 ECDSA P-256 DevID requests", t_ecdsa_2000, d)
        r.run("RSA 2048 DevID requests", t_rsa, d)
    r.finish()


if __name__ == "__main__":
    main()
