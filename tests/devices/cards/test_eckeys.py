"""Keys with explicit EC domain parameters (ICAO 9303-12 4.1.6.3 requires them of CSCAs and document signers; several
states write them, `cryptography` refuses them): matched to their named curve, so such a document is proven end to end;
an unknown curve is a check not run, never a failed one; BSI plain ECDSA signatures; hostile SPKI bytes."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import replace

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import NameOID
from fuzzkit import mutated
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.devices.cards.chipauth import parse_dg15
from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.ec import BRAINPOOL_P256R1, CURVES_BY_OID, NATIVE, Curve
from desktop.devices.cards.eckeys import OID_EC_PUBLIC_KEY, OID_PRIME_FIELD, certificate_key, spki_public_key
from desktop.devices.cards.errors import LdsError, UnsupportedAlgorithmError
from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.cards.handler import CanKey, FixedHandler
from desktop.devices.cards.identity import CheckStatus, IdentityRead
from desktop.devices.cards.lds import FILE_IDS
from desktop.devices.cards.masterlist import verify_master_list
from desktop.devices.cards.passive_auth import CscaStore, passive_authentication
from desktop.devices.cards.tlv import der_int, encode, oid_encode, parse_single, seq
from desktop.devices.cards.vchip.build import build_content, build_master_list, build_sod
from desktop.devices.cards.vchip.pki import TestPki as StatePki
from desktop.devices.cards.vchip.pki import generate_pki, shared_test_pki

OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2"
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PERSON = "martin-claire"  # a French CNIe, read with its CAN as `guichet card read --demo martin-claire` does


def explicit_spki(curve: Curve, key: ec.EllipticCurvePublicKey, *, base: bytes | None = None) -> bytes:
    """The SubjectPublicKeyInfo as OpenSSL writes it with `-param_enc explicit`: every domain parameter spelt out."""
    parameters = seq(
        der_int(1),
        seq(oid_encode(OID_PRIME_FIELD), der_int(curve.p)),
        seq(encode(0x04, curve.a.to_bytes(curve.size, "big")), encode(0x04, curve.b.to_bytes(curve.size, "big"))),
        encode(0x04, base if base is not None else curve.encode(curve.g)),
        der_int(curve.n),
        der_int(1),
    )
    point = key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return seq(seq(oid_encode(OID_EC_PUBLIC_KEY), parameters), encode(0x03, b"\x00" + point))


def with_spki(certificate: x509.Certificate, spki: bytes, issuer_key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    """`certificate` with its named-curve key written as `spki`, signed again by `issuer_key`."""
    named = certificate.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    fields = parse_single(certificate.tbs_certificate_bytes, 0x30).children()
    tbs = seq(*(spki if item.raw == named else item.raw for item in fields))
    signature = issuer_key.sign(tbs, ec.ECDSA(hashes.SHA256()))
    return x509.load_der_x509_certificate(
        seq(tbs, seq(oid_encode(OID_ECDSA_SHA256)), encode(0x03, b"\x00" + signature))
    )


def _name(common_name: str, country: str) -> x509.Name:
    return x509.Name(
        [x509.NameAttribute(NameOID.COUNTRY_NAME, country), x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    )


def explicit_pki(
    country: str = "FR",
    *,
    csca_base: bytes | None = None,
    signer_base: bytes | None = None,
    signer_explicit: bool = True,
) -> StatePki:
    """A CSCA and a document signer on brainpoolP256r1 whose certificates carry explicit domain parameters (`*_base`:
    another base point, so the parameters match no curve we know; `signer_explicit=False`: the signer's key named)."""
    start, end = dt.datetime(2020, 1, 1, tzinfo=dt.UTC), dt.datetime(2045, 1, 1, tzinfo=dt.UTC)
    csca_key, signer_key = ec.generate_private_key(ec.BrainpoolP256R1()), ec.generate_private_key(ec.BrainpoolP256R1())
    csca_name = _name("CSCA EXPLICITE", country)
    csca = (
        x509.CertificateBuilder()
        .subject_name(csca_name)
        .issuer_name(csca_name)
        .public_key(csca_key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(csca_key, hashes.SHA256())
    )
    signer = (
        x509.CertificateBuilder()
        .subject_name(_name("DS EXPLICITE", country))
        .issuer_name(csca_name)
        .public_key(signer_key.public_key())
        .serial_number(2)
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(csca_key, hashes.SHA256())
    )
    csca = with_spki(csca, explicit_spki(BRAINPOOL_P256R1, csca_key.public_key(), base=csca_base), csca_key)
    if signer_explicit:
        spki = explicit_spki(BRAINPOOL_P256R1, signer_key.public_key(), base=signer_base)
        signer = with_spki(signer, spki, csca_key)
    return StatePki(csca_key, csca, signer_key, signer)


# Twice the base point: parameters of a curve that is not brainpoolP256r1 for all we can tell.
OTHER_BASE = BRAINPOOL_P256R1.encode(BRAINPOOL_P256R1.add(BRAINPOOL_P256R1.g, BRAINPOOL_P256R1.g))


def read_demo(pki: StatePki, csca: CscaStore, *, tamper_dg1: bool = False) -> IdentityRead:
    """The demo person's CNIe signed by `pki`, read through the simulated reader as `guichet card read --demo`."""
    person = demo_person(PERSON)
    assert person.can is not None
    reader = FakeCardReader(csca=csca)
    reader.insert(build_content(person, pki=pki, face_target_bytes=3000, tamper_dg1=tamper_dg1))
    try:
        return reader.read_identity(FixedHandler(can=person.can), access=CanKey(person.can)).result(30)
    finally:
        reader.close()


@pytest.mark.parametrize("oid", list(CURVES_BY_OID))
def test_curve_constants_are_cryptography_s_curves(oid: str) -> None:
    curve = CURVES_BY_OID[oid]
    native = NATIVE[curve.name]()
    one, two = (ec.derive_private_key(k, native).public_key().public_numbers() for k in (1, 2))
    assert (one.x, one.y) == curve.g and curve.contains((two.x, two.y))  # two points fix a and b for this p
    assert curve.n == native.group_order


@pytest.mark.parametrize("oid", list(CURVES_BY_OID))
def test_explicit_parameters_give_the_named_curve_s_key(oid: str) -> None:
    curve = CURVES_BY_OID[oid]
    key = ec.generate_private_key(NATIVE[curve.name]()).public_key()
    spki = explicit_spki(curve, key)
    with pytest.raises(ValueError, match="explicit"):
        from cryptography.hazmat.primitives.serialization import load_der_public_key

        load_der_public_key(spki)  # what `cryptography` alone does with it
    found = spki_public_key(spki)
    assert isinstance(found, ec.EllipticCurvePublicKey) and found.curve.name == key.curve.name
    assert found.public_numbers() == key.public_numbers()
    compressed_base = bytes([2 + (curve.gy & 1)]) + curve.gx.to_bytes(curve.size, "big")
    again = spki_public_key(explicit_spki(curve, key, base=compressed_base))
    assert isinstance(again, ec.EllipticCurvePublicKey) and again.public_numbers() == key.public_numbers()


def test_explicit_brainpool_signer_and_csca_read_from_the_chip_are_proven() -> None:
    pki = explicit_pki("FR")
    with pytest.raises(ValueError):
        pki.csca_certificate.public_key()  # the case: `cryptography` cannot load either key
    read = read_demo(pki, CscaStore((pki.csca_certificate,)))
    assert read.check("sod_signature").status is CheckStatus.PASSED  # type: ignore[union-attr]
    assert read.check("csca_chain").status is CheckStatus.PASSED  # type: ignore[union-attr]
    assert read.authentic and read.proven
    # Another CSCA of the same name (a forger's) does not prove it; a tampered DG1 still fails.
    forger = explicit_pki("FR")
    assert not read_demo(pki, CscaStore((forger.csca_certificate,))).proven
    tampered = read_demo(pki, CscaStore((pki.csca_certificate,)), tamper_dg1=True)
    assert tampered.check("dg1_hash").status is CheckStatus.FAILED  # type: ignore[union-attr]


def test_named_curve_signer_under_an_explicit_csca() -> None:
    pki = explicit_pki("FR", signer_explicit=False)
    assert isinstance(pki.signer_certificate.public_key(), ec.EllipticCurvePublicKey)
    assert read_demo(pki, CscaStore((pki.csca_certificate,))).proven


def test_master_list_signed_by_an_explicit_parameter_key_is_accepted() -> None:
    publisher = explicit_pki("DE")
    listed = [shared_test_pki().csca_certificate, publisher.csca_certificate]
    verdict = verify_master_list(build_master_list(listed, publisher), (publisher.csca_certificate,))
    assert verdict.problem is None and len(verdict.certificates) == 2
    other = explicit_pki("DE")  # the same names, other keys
    refused = verify_master_list(build_master_list(listed, other), (publisher.csca_certificate,))
    assert refused.problem == "son signataire n'a pas été émis par l'autorité attendue"


def test_plain_ecdsa_signature_of_ef_sod_verifies() -> None:
    pki = shared_test_pki("FR")
    person = demo_person(PERSON)
    assert person.can is not None
    content = build_content(person, pki=pki, face_target_bytes=3000)
    groups = {1: content.dg1, 2: content.dg2}
    plain = build_sod(groups, pki, plain_signature=True)
    checks = {c.id: c for c in passive_authentication(plain, groups, CscaStore((pki.csca_certificate,)))}
    assert checks["sod_signature"].status is CheckStatus.PASSED and checks["csca_chain"].status is CheckStatus.PASSED
    files = dict(content.files)
    files[FILE_IDS["SOD"]] = plain
    reader = FakeCardReader(csca=CscaStore((pki.csca_certificate,)))
    reader.insert(replace(content, files=files))
    try:
        assert reader.read_identity(FixedHandler(can=person.can), access=CanKey(person.can)).result(30).proven
    finally:
        reader.close()
    other = build_sod(groups, generate_pki("FR"), plain_signature=True)  # a signer no trusted CSCA issued
    checks = {c.id: c for c in passive_authentication(other, groups, CscaStore((pki.csca_certificate,)))}
    assert checks["sod_signature"].status is CheckStatus.PASSED  # its own signer made it...
    assert checks["csca_chain"].status is CheckStatus.FAILED  # ...but no trusted CSCA issued that signer


def test_unknown_explicit_curve_is_a_check_not_run_never_failed() -> None:
    unknown_signer = explicit_pki("FR", signer_base=OTHER_BASE)
    read = read_demo(unknown_signer, CscaStore((unknown_signer.csca_certificate,)))
    signature = read.check("sod_signature")
    assert signature is not None and signature.status is CheckStatus.NOT_RUN
    assert "non pris en charge" in signature.detail
    assert not read.failed and not read.authentic and not read.proven
    unknown_csca = explicit_pki("FR", csca_base=OTHER_BASE)
    read = read_demo(unknown_csca, CscaStore((unknown_csca.csca_certificate,)))
    chain = read.check("csca_chain")
    assert read.check("sod_signature").status is CheckStatus.PASSED  # type: ignore[union-attr]
    assert chain is not None and chain.status is CheckStatus.NOT_RUN and "non pris en charge" in chain.detail
    assert not read.failed and read.authentic and not read.proven
    with pytest.raises(UnsupportedAlgorithmError):
        certificate_key(unknown_csca.csca_certificate)
    listed = verify_master_list(build_master_list([], unknown_signer), (unknown_signer.csca_certificate,))
    assert listed.problem == "sa signature utilise un algorithme non pris en charge"


def _valid_explicit_spki() -> bytes:
    return explicit_spki(BRAINPOOL_P256R1, ec.derive_private_key(0xE5, ec.BrainpoolP256R1()).public_key())


@FAST
@given(st.one_of(st.binary(max_size=400), mutated(_valid_explicit_spki())))
def test_hostile_bytes_as_an_explicit_parameter_spki_never_crash(data: bytes) -> None:
    with contextlib.suppress(ValueError):  # TlvError, UnsupportedAlgorithmError and `cryptography`'s own
        spki_public_key(data)


def test_active_authentication_key_with_explicit_parameters() -> None:
    key = ec.derive_private_key(0xAA, ec.BrainpoolP256R1()).public_key()
    found = parse_dg15(encode(0x6F, explicit_spki(BRAINPOOL_P256R1, key)))
    assert isinstance(found, ec.EllipticCurvePublicKey) and found.public_numbers() == key.public_numbers()
    other = explicit_spki(BRAINPOOL_P256R1, key, base=OTHER_BASE)
    with pytest.raises(LdsError, match="non prise en charge"):
        parse_dg15(encode(0x6F, other))
