"""The station's CSCA master list (setting csca_list) and the forger who signs a chip with a certificate of their own:
the signature verifies, only the list tells it from a state's document signer."""

from __future__ import annotations

import base64
import contextlib
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from fuzzkit import mutated
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.errors import LdsError
from desktop.devices.cards.handler import FixedHandler
from desktop.devices.cards.identity import CheckStatus, IdentityRead
from desktop.devices.cards.passive_auth import CscaList, CscaSource, CscaStore, csca_description
from desktop.devices.cards.session import read_document
from desktop.devices.cards.vchip.build import build_content, build_master_list
from desktop.devices.cards.vchip.chip import VirtualChip
from desktop.devices.cards.vchip.pki import generate_pki, shared_test_pki

TODAY = date(2025, 6, 1)


def read(csca: CscaSource, *, forged: bool = False) -> IdentityRead:
    """MARTIN's card, genuine (signed by the shared test state's signer) or forged: the same names on a CSCA and a
    signer the forger made, so that every name matches and only the CSCA's key differs."""
    pki = generate_pki() if forged else shared_test_pki()
    chip = VirtualChip(build_content(demo_person("martin-claire"), pki=pki))
    return read_document(chip.transmit, FixedHandler(can="123456"), csca=csca, today=TODAY)


def status(identity: IdentityRead) -> CheckStatus | None:
    check = identity.check("csca_chain")
    return None if check is None else check.status


@pytest.fixture
def master_list(tmp_path: Path) -> Path:
    """A master list holding the test state's CSCA and another country's, signed as a master list signer signs."""
    listed = [shared_test_pki().csca_certificate, generate_pki("DE").csca_certificate]
    path = tmp_path / "liste-maitresse.ml"
    path.write_bytes(build_master_list(listed, generate_pki("FR")))
    return path


def test_a_forged_chip_verifies_its_own_signature_and_is_never_proven_without_a_list() -> None:
    forged = read(None, forged=True)
    assert forged.authentic  # hashes and signature hold: the forger signed what they wrote
    assert not forged.proven and status(forged) is CheckStatus.NOT_RUN


def test_the_stations_master_list_refuses_the_forgers_signer_and_proves_the_states(master_list: Path) -> None:
    station = CscaList(master_list)
    forged = read(station, forged=True)
    assert status(forged) is CheckStatus.FAILED and not forged.authentic and not forged.proven
    genuine = read(station)
    assert status(genuine) is CheckStatus.PASSED and genuine.proven


def test_the_list_is_read_once_on_first_use_and_described_for_the_appareils_screen(master_list: Path) -> None:
    station = CscaList(master_list)
    store, problem = station.load()
    assert problem is None and store is not None and len(store.certificates) == 2
    assert station.load()[0] is store  # read once
    assert csca_description(station) == f"2 certificats de 2 pays ({master_list})"
    assert csca_description(CscaStore((shared_test_pki().csca_certificate,))) == "1 certificat de 1 pays"
    assert csca_description(None).startswith("aucune : le pays émetteur des documents n'est pas contrôlé")


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"ceci n'est pas une liste", "est illisible"),
        (b"\x30\x03\x02\x01\x00", "est illisible"),  # DER, but neither a certificate nor a master list
        (b"", "est illisible"),
    ],
)
def test_an_unreadable_list_is_said_in_the_check_and_proves_nothing(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "liste.ml"
    path.write_bytes(content)
    station = CscaList(path)
    identity = read(station)
    check = identity.check("csca_chain")
    assert check is not None and check.status is CheckStatus.NOT_RUN and said in check.detail
    assert str(path) in check.detail and not identity.proven
    assert said in csca_description(station)


@pytest.mark.timeout(60)  # before the fix the reader's thread waited for the FIFO's writer for ever
def test_a_fifo_given_as_the_list_or_its_signer_is_an_unreadable_list(tmp_path: Path, master_list: Path) -> None:
    import os

    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    assert CscaList(fifo).load() == (None, f"la liste maîtresse CSCA du poste ({fifo}) est illisible")
    store, problem = CscaList(master_list, signer=fifo).load()
    assert store is None and problem is not None and "csca_list_signer" in problem


def test_an_empty_folder_is_an_empty_list(tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    station = CscaList(tmp_path / "vide")
    assert station.load() == (None, f"la liste maîtresse CSCA du poste ({tmp_path / 'vide'}) est vide")
    assert not read(station).proven


def test_loose_certificates_in_a_folder_are_a_list(tmp_path: Path) -> None:
    (tmp_path / "fr.pem").write_bytes(shared_test_pki().csca_certificate.public_bytes(Encoding.PEM))
    assert read(CscaList(tmp_path)).proven


def test_one_bad_certificate_in_a_master_list_leaves_the_others_usable(tmp_path: Path) -> None:
    """ICAO's own list holds certificates a strict parser refuses (negative serials, NULL parameters): one entry
    that cannot be read must not take the whole list, and with it every chip's CSCA check, away."""
    good = shared_test_pki().csca_certificate.public_bytes(Encoding.DER)
    bad = b"\x30\x82" + len(good[4:]).to_bytes(2, "big") + b"\x00" * len(good[4:])  # a SEQUENCE of zeros
    path = tmp_path / "liste.ml"
    path.write_bytes(build_master_list([bad, good, generate_pki("IT").csca_certificate], generate_pki()))
    store, problem = CscaList(path).load()
    assert problem is None and store is not None and len(store.certificates) == 2
    assert read(CscaList(path)).proven
    path.write_bytes(build_master_list([bad], generate_pki()))
    assert CscaList(path).load() == (None, f"la liste maîtresse CSCA du poste ({path}) est vide")
    path.write_bytes(build_master_list([good], generate_pki())[:-40])  # cut short: the list itself is unreadable
    assert "illisible" in (CscaList(path).load()[1] or "")


def _pem(der: bytes) -> bytes:
    return b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der) + b"-----END CERTIFICATE-----\n"


def test_regression_a_pem_certificate_claiming_x509_version_4_is_an_unreadable_list(tmp_path: Path) -> None:
    """Found by fuzzing: cryptography's InvalidVersion (not a ValueError) escaped load() from a PEM file, so every
    chip read of the station failed instead of saying the list is unreadable."""
    der = shared_test_pki().csca_certificate.public_bytes(Encoding.DER)
    path = tmp_path / "csca.pem"
    path.write_bytes(_pem(der.replace(bytes.fromhex("a003020102"), bytes.fromhex("a003020103"), 1)))
    station = CscaList(path)
    assert station.load() == (None, f"la liste maîtresse CSCA du poste ({path}) est illisible")
    identity = read(station)
    assert status(identity) is CheckStatus.NOT_RUN and identity.authentic and not identity.proven
    assert "est illisible" in csca_description(station)
    with pytest.raises(LdsError):
        CscaStore.from_paths([path])
    (tmp_path / "fr.pem").write_bytes(_pem(der))
    assert read(CscaList(tmp_path)).proven  # in a folder, the bad file is skipped and the good one taken


@pytest.mark.parametrize("tag", [0x06, 0x03])  # an OBJECT IDENTIFIER (KeyError), a BIT STRING (TypeError)
def test_regression_a_csca_whose_name_cannot_be_read_is_dropped_where_it_is_loaded(tmp_path: Path, tag: int) -> None:
    """Found by fuzzing: cryptography parses names lazily, so a CSCA whose subject holds a value of an unexpected
    ASN.1 type loaded, then raised KeyError or TypeError out of csca_description, and the Appareils screen lost its
    reader, printer and key rows to one failure row."""
    good = shared_test_pki().csca_certificate.public_bytes(Encoding.DER)
    name = b"CSCA TEST GUICHET"
    odd = good.replace(bytes([0x0C, len(name)]) + name, bytes([tag, len(name)]) + name)  # issuer and subject
    path = tmp_path / "csca.der"
    path.write_bytes(odd)
    assert CscaList(path).load() == (None, f"la liste maîtresse CSCA du poste ({path}) est illisible")
    assert "est illisible" in csca_description(CscaList(path))
    path = tmp_path / "liste.ml"
    path.write_bytes(build_master_list([odd, good, generate_pki("IT").csca_certificate], generate_pki()))
    assert csca_description(CscaList(path)) == f"2 certificats de 2 pays ({path})"
    assert read(CscaList(path)).proven


@pytest.fixture(scope="module")
def seeds() -> list[bytes]:
    """A certificate as DER and PEM and a master list: what hypothesis mangles (made once: signatures vary)."""
    der = shared_test_pki().csca_certificate.public_bytes(Encoding.DER)
    return [der, _pem(der), build_master_list([der, generate_pki("IT").csca_certificate], generate_pki())]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_bytes_as_the_list_file_are_a_list_or_a_problem(
    tmp_path_factory: pytest.TempPathFactory, seeds: list[bytes], data: st.DataObject
) -> None:
    """Whatever the file holds, the station gets certificates or a French reason, never an exception (hypothesis)."""
    content = data.draw(st.one_of(st.binary(max_size=300), st.sampled_from(seeds).flatmap(mutated)))
    path = tmp_path_factory.mktemp("liste") / "liste.ml"
    path.write_bytes(content)
    store, problem = CscaList(path).load()
    assert (store is None) != (problem is None)
    assert isinstance(csca_description(CscaList(path)), str)
    with contextlib.suppress(LdsError, ValueError):
        CscaStore.from_paths([path])


def test_a_stray_file_in_a_certificate_folder_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "fr.pem").write_bytes(shared_test_pki().csca_certificate.public_bytes(Encoding.PEM))
    (tmp_path / "LISEZMOI.txt").write_text("Certificats CSCA déposés par la DSI.", encoding="utf-8")
    assert read(CscaList(tmp_path)).proven


def read_as(issuing_state: str, signer: str, csca: CscaSource) -> IdentityRead:
    """MARTIN's card claiming `issuing_state`, its EF.SOD signed by `signer`'s test document signer."""
    from dataclasses import replace

    person = replace(demo_person("martin-claire"), issuing_state=issuing_state)
    chip = VirtualChip(build_content(person, pki=shared_test_pki(signer)))
    return read_document(chip.transmit, FixedHandler(can="123456"), csca=csca, today=TODAY)


def test_a_valid_signer_of_another_state_cannot_sign_a_french_document() -> None:
    """The adversary holds a valid credential: a real document signer of a state the list trusts (here Italy's)
    signs a card that says France issued it. The chain to Italy's CSCA holds; the country does not."""
    every_state = CscaStore(tuple(shared_test_pki(c).csca_certificate for c in ("FR", "IT", "DE")))
    forged = read_as("FRA", "IT", every_state)
    check = forged.check("csca_chain")
    assert check is not None and check.status is CheckStatus.FAILED
    assert check.detail == "Le document se dit émis par FRA, mais son signataire relève d'un autre pays (IT)."
    assert not forged.authentic and not forged.proven
    assert status(read_as("FRA", "IT", None)) is CheckStatus.FAILED  # said even on a station without a list
    assert read_as("FRA", "FR", every_state).proven


def test_icao_codes_that_are_not_iso_ones_are_known() -> None:
    """Germany's documents say « D », not « DEU »; a code of no state (ICAO's test « UTO ») is not compared."""
    every_state = CscaStore(tuple(shared_test_pki(c).csca_certificate for c in ("FR", "DE")))
    assert read_as("D<<", "DE", every_state).proven
    assert status(read_as("D<<", "FR", every_state)) is CheckStatus.FAILED
    assert read_as("UTO", "FR", every_state).proven


def test_the_shipped_table_of_issuing_states() -> None:
    from desktop.devices.cards.states import country_of

    assert [country_of(c) for c in ("FRA", "ITA", "DEU", "D", "D<<", "GBN", "ESP", "UTO", "XXA", "")] == [
        "FR",
        "IT",
        "DE",
        "DE",
        "DE",
        "GB",
        "ES",
        None,
        None,
        None,
    ]
