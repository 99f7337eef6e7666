"""Passive authentication against a signer we did not write: EF.SOD made by OpenSSL (its ASN.1 encoder for the
LDS security object, its CMS for the signature, its own CSCA and document signer, in the algorithms real documents
use: RSA PKCS#1 v1.5 and PSS, ECDSA on brainpool and NIST curves, SHA-256 to SHA-512), read from a chip by our
reader; and our test chips' EF.SOD verified by OpenSSL's CMS."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.handler import FixedHandler
from desktop.devices.cards.identity import CheckStatus
from desktop.devices.cards.lds import FILE_IDS
from desktop.devices.cards.passive_auth import CscaStore
from desktop.devices.cards.session import read_document
from desktop.devices.cards.tlv import encode
from desktop.devices.cards.vchip.build import build_content
from desktop.devices.cards.vchip.chip import VirtualChip
from desktop.devices.cards.vchip.pki import shared_test_pki

TODAY = date(2026, 12, 3)
PERSON = "martin-claire"  # a French card: its signer must be France's

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")]

# (name, key generation options, signature options, CMS digest, LDS digest)
VARIANTS = [
    ("rsa2048-pkcs1-sha256", ["-newkey", "rsa:2048"], [], "sha256", "sha256"),
    ("rsa3072-pss-sha256", ["-newkey", "rsa:3072"], ["-keyopt", "rsa_padding_mode:pss"], "sha256", "sha256"),
    (
        "ecdsa-brainpoolP256r1-sha256",
        ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:brainpoolP256r1"],
        [],
        "sha256",
        "sha256",
    ),
    (
        "ecdsa-brainpoolP384r1-sha384",
        ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:brainpoolP384r1"],
        [],
        "sha384",
        "sha384",
    ),
    ("ecdsa-p521-sha512", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521"], [], "sha512", "sha512"),
    ("ecdsa-p256-sha256-lds-sha512", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"], [], "sha256", "sha512"),
    # ICAO 9303-12 4.1.6.3: CSCA and signer keys with explicit domain parameters, as Germany's and others' are.
    (
        "ecdsa-brainpoolP256r1-explicit-sha256",
        ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:brainpoolP256r1", "-pkeyopt", "ec_param_enc:explicit"],
        [],
        "sha256",
        "sha256",
    ),
    (
        "ecdsa-p384-explicit-sha384",
        ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-pkeyopt", "ec_param_enc:explicit"],
        [],
        "sha384",
        "sha384",
    ),
]


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_pki(work: Path, keygen: list[str], country: str = "FR") -> None:
    """A CSCA (self-signed, CA) and a document signer it issued, by OpenSSL: csca.pem, ds.pem, ds.key."""
    (work / "ds.ext").write_text("keyUsage=critical,digitalSignature\n", encoding="ascii")
    (work / "csca.ext").write_text(
        "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n"
    )
    openssl("req", "-x509", *keygen, "-nodes", "-keyout", "csca.key", "-out", "csca.pem", "-days", "3650",
            "-subj", f"/C={country}/O=OpenSSL test/CN=CSCA OPENSSL TEST", "-extensions", "v3_ca",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=work)  # fmt: skip
    openssl("req", "-new", *keygen, "-nodes", "-keyout", "ds.key", "-out", "ds.csr",
            "-subj", f"/C={country}/O=OpenSSL test/CN=DS OPENSSL TEST", cwd=work)  # fmt: skip
    openssl("x509", "-req", "-in", "ds.csr", "-CA", "csca.pem", "-CAkey", "csca.key", "-CAcreateserial",
            "-out", "ds.pem", "-days", "1825", "-extfile", "ds.ext", cwd=work)  # fmt: skip


def lds_security_object(work: Path, groups: dict[int, bytes], digest: str) -> Path:
    """LDSSecurityObject (ICAO 9303-10) DER-encoded by OpenSSL's ASN.1 generator, not by us."""
    lines = ["asn1=SEQUENCE:lds", "[lds]", "version=INTEGER:0", "alg=SEQUENCE:alg", "hashes=SEQUENCE:hashes",
             "[alg]", f"oid=OID:{digest}", "[hashes]"]  # fmt: skip
    lines += [f"dg{n}=SEQUENCE:dg{n}" for n in sorted(groups)]
    for n, data in sorted(groups.items()):
        value = hashlib.new(digest, data).hexdigest().upper()
        lines += [f"[dg{n}]", f"number=INTEGER:{n}", f"hash=FORMAT:HEX,OCTETSTRING:{value}"]
    (work / "lds.cnf").write_text("\n".join(lines) + "\n", encoding="ascii")
    openssl("asn1parse", "-genconf", "lds.cnf", "-out", "lds.der", "-noout", cwd=work)
    return work / "lds.der"


def openssl_sod(work: Path, groups: dict[int, bytes], sign_opts: list[str], md: str, lds_md: str) -> bytes:
    lds = lds_security_object(work, groups, lds_md)
    openssl("cms", "-sign", "-binary", "-nodetach", "-nosmimecap", "-in", lds.name, "-outform", "DER",
            "-out", "sod.der", "-econtent_type", "2.23.136.1.1.1", "-signer", "ds.pem", "-inkey", "ds.key",
            "-md", md, *sign_opts, cwd=work)  # fmt: skip
    return encode(0x77, (work / "sod.der").read_bytes())


def chip_with_sod(sod: bytes | None = None, *, dg1: bytes | None = None) -> tuple[VirtualChip, dict[int, bytes]]:
    content = build_content(demo_person(PERSON), profile="standard")
    files = dict(content.files)
    if dg1 is not None:
        files[FILE_IDS["DG1"]] = dg1
    if sod is not None:
        files[FILE_IDS["SOD"]] = sod
    served = dataclasses.replace(content, files=files, dg1=files[FILE_IDS["DG1"]])
    groups = {1: content.files[FILE_IDS["DG1"]], 2: content.files[FILE_IDS["DG2"]]}
    return VirtualChip(served), groups


def read(chip: VirtualChip, csca: Path, surname: str = "MARTIN") -> dict[str, CheckStatus]:
    person = demo_person(PERSON)
    store = CscaStore([x509.load_pem_x509_certificate(csca.read_bytes())])
    identity = read_document(chip.transmit, FixedHandler(can=person.can, mrz=person.mrz), csca=store, today=TODAY)
    assert identity.surname == surname
    assert identity.proven == all(
        c.status is CheckStatus.PASSED for c in identity.checks if c.id != "chip_authenticity"
    )
    return {check.id: check.status for check in identity.checks}


@pytest.mark.parametrize(("name", "keygen", "sign_opts", "md", "lds_md"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_an_sod_signed_by_openssl_is_verified(
    tmp_path: Path, name: str, keygen: list[str], sign_opts: list[str], md: str, lds_md: str
) -> None:
    make_pki(tmp_path, keygen)
    _chip, groups = chip_with_sod()
    chip, _ = chip_with_sod(openssl_sod(tmp_path, groups, sign_opts, md, lds_md))
    checks = read(chip, tmp_path / "csca.pem")
    assert checks["dg1_hash"] == checks["dg2_hash"] == CheckStatus.PASSED, checks
    assert checks["sod_signature"] == CheckStatus.PASSED, checks
    assert checks["csca_chain"] == CheckStatus.PASSED, checks


def test_openssl_signed_sod_over_another_dg1_fails_its_hash(tmp_path: Path) -> None:
    """The SOD is genuine, the DG1 served is not the one it hashed: the forger's edit is seen."""
    make_pki(tmp_path, ["-newkey", "rsa:2048"])
    _chip, groups = chip_with_sod()
    sod = openssl_sod(tmp_path, groups, [], "sha256", "sha256")
    dg1 = groups[1].replace(b"MARTIN", b"MARTIX", 1)
    chip, _ = chip_with_sod(sod, dg1=dg1)
    checks = read(chip, tmp_path / "csca.pem", surname="MARTIX")
    assert checks["dg1_hash"] == CheckStatus.FAILED and checks["dg2_hash"] == CheckStatus.PASSED


def test_openssl_signer_under_another_csca_fails_the_chain(tmp_path: Path) -> None:
    """A well-formed SOD whose signer the station's CSCA did not issue (a forger's own PKI, by OpenSSL)."""
    forger, station = tmp_path / "forger", tmp_path / "station"
    forger.mkdir()
    station.mkdir()
    make_pki(forger, ["-newkey", "rsa:2048"])
    make_pki(station, ["-newkey", "rsa:2048"])
    _chip, groups = chip_with_sod()
    chip, _ = chip_with_sod(openssl_sod(forger, groups, [], "sha256", "sha256"))
    checks = read(chip, station / "csca.pem")
    assert checks["sod_signature"] == CheckStatus.PASSED  # the signature matches its own certificate
    assert checks["csca_chain"] == CheckStatus.FAILED


def test_openssl_verifies_the_sod_of_our_test_chips(tmp_path: Path) -> None:
    """Our virtual chips' EF.SOD (the demo's, the tests') is standard CMS: OpenSSL verifies its signature and chains
    its signer to the test CSCA, and gives back the LDS security object it signed."""
    chip, _groups = chip_with_sod()
    sod = chip.content.files[FILE_IDS["SOD"]]
    assert sod[0] == 0x77
    body = sod[2 + (sod[1] & 0x7F) :] if sod[1] & 0x80 else sod[2:]
    (tmp_path / "sod.der").write_bytes(body)
    pki = shared_test_pki("FR")
    (tmp_path / "csca.pem").write_bytes(pki.csca_certificate.public_bytes(Encoding.PEM))
    openssl("cms", "-verify", "-inform", "DER", "-in", "sod.der", "-CAfile", "csca.pem", "-purpose", "any",
            "-out", "lds.der", "-binary", cwd=tmp_path)  # fmt: skip
    parsed = subprocess.run(["openssl", "asn1parse", "-inform", "DER", "-in", "lds.der"], cwd=tmp_path,
                            check=True, capture_output=True, text=True).stdout  # fmt: skip
    assert "sha256" in parsed and parsed.count("OCTET STRING") == 2  # DG1 and DG2


def test_a_trusted_signer_of_another_state_fails_for_a_french_card(tmp_path: Path) -> None:
    """The station trusts Germany's CSCA (made by OpenSSL here); a card that says FRA signed under it is refused."""
    make_pki(tmp_path, ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:brainpoolP256r1"], country="DE")
    _chip, groups = chip_with_sod()
    chip, _ = chip_with_sod(openssl_sod(tmp_path, groups, [], "sha256", "sha256"))
    checks = read(chip, tmp_path / "csca.pem")
    assert checks["sod_signature"] == CheckStatus.PASSED
    assert checks["csca_chain"] == CheckStatus.FAILED


def test_a_master_list_signed_by_openssl_is_verified_against_its_publisher(tmp_path: Path) -> None:
    """A CSCA master list whose CMS signature OpenSSL made (its master list signer issued by its CSCA, RSA-PSS) is the
    publisher's for `verify_master_list`; the same list checked against another authority is not."""
    from desktop.devices.cards.masterlist import verify_master_list
    from desktop.devices.cards.tlv import der_int, seq, set_of

    make_pki(tmp_path, ["-newkey", "rsa:2048"])
    publisher = x509.load_pem_x509_certificate((tmp_path / "csca.pem").read_bytes())
    listed = [shared_test_pki("FR").csca_certificate, shared_test_pki("IT").csca_certificate]
    (tmp_path / "liste.der").write_bytes(seq(der_int(0), set_of(*(c.public_bytes(Encoding.DER) for c in listed))))
    openssl("cms", "-sign", "-binary", "-nodetach", "-nosmimecap", "-in", "liste.der", "-outform", "DER",
            "-out", "liste.ml", "-econtent_type", "2.23.136.1.1.2", "-signer", "ds.pem", "-inkey", "ds.key",
            "-md", "sha256", "-keyopt", "rsa_padding_mode:pss", cwd=tmp_path)  # fmt: skip
    data = (tmp_path / "liste.ml").read_bytes()
    verdict = verify_master_list(data, (publisher,))
    assert verdict.problem is None and {c.subject for c in verdict.certificates} == {c.subject for c in listed}
    other = shared_test_pki("FR").csca_certificate
    assert verify_master_list(data, (other,)).problem == "son signataire n'a pas été émis par l'autorité attendue"
