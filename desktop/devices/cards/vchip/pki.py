"""TEST-ONLY CSCA and document signer, generated at run time: they authenticate nothing real and are never stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

if TYPE_CHECKING:
    from desktop.devices.cards.passive_auth import CscaStore


@dataclass(frozen=True)
class TestPki:
    """A test CSCA and one document signer it issued (ECDSA P-256)."""

    csca_key: ec.EllipticCurvePrivateKey
    csca_certificate: x509.Certificate
    signer_key: ec.EllipticCurvePrivateKey
    signer_certificate: x509.Certificate


def _name(common_name: str, country: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Guichet TEST - ne pas utiliser"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def generate_pki(country: str = "FR") -> TestPki:
    """A fresh test CSCA (self-signed) and a document signer under it."""
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2045, 1, 1, tzinfo=dt.UTC)
    csca_key = ec.generate_private_key(ec.SECP256R1())
    csca_name = _name("CSCA TEST GUICHET", country)
    csca = (
        x509.CertificateBuilder()
        .subject_name(csca_name)
        .issuer_name(csca_name)
        .public_key(csca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(csca_key, hashes.SHA256())
    )
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer = (
        x509.CertificateBuilder()
        .subject_name(_name("DS TEST GUICHET", country))
        .issuer_name(csca_name)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(csca_key, hashes.SHA256())
    )
    return TestPki(csca_key, csca, signer_key, signer)


def shared_test_pki(country: str = "FR") -> TestPki:
    """One test PKI per country and process, so every virtual document of a state chains to the same test CSCA."""
    return _shared(country.upper())


@lru_cache(maxsize=8)
def _shared(country: str) -> TestPki:  # keyed by the country alone: shared_test_pki() is shared_test_pki("FR")
    return generate_pki(country)


def demo_cscas() -> tuple[x509.Certificate, ...]:
    """The test CSCA of every state a demo document comes from: what the simulated reader trusts."""
    from desktop.devices.cards.demo_persons import DEMO_PERSONS
    from desktop.devices.cards.states import country_of

    countries = sorted({country_of(p.issuing_state) or "FR" for p in DEMO_PERSONS})
    return tuple(shared_test_pki(country).csca_certificate for country in countries)


class DemoCscas:
    """The simulated reader's trust: every demo state's test CSCA, made when a chip is first read (a CscaLoader)."""

    def load(self) -> tuple[CscaStore | None, str | None]:
        from desktop.devices.cards.passive_auth import CscaStore

        return CscaStore(demo_cscas()), None
