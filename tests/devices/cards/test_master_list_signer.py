"""The master list's own signature (setting csca_list_signer): whoever can swap or add a file beside the station's
list could add their own CSCA and have their forged chips proven. With the publisher's CSCA configured, only a list
its master list signer signed is taken; an altered list, one signed by anyone else (the same names, other keys
included), a loose certificate dropped in the folder: set aside and said."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from fuzzkit import mutated
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.handler import FixedHandler
from desktop.devices.cards.identity import CheckStatus, IdentityRead
from desktop.devices.cards.masterlist import verify_master_list
from desktop.devices.cards.passive_auth import CscaList, CscaSource, csca_description
from desktop.devices.cards.session import read_document
from desktop.devices.cards.vchip.build import build_content, build_master_list
from desktop.devices.cards.vchip.chip import VirtualChip
from desktop.devices.cards.vchip.pki import TestPki as StatePki
from desktop.devices.cards.vchip.pki import generate_pki, shared_test_pki
from desktop.settings import SettingsError, load_settings

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def publisher() -> StatePki:
    """The state that publishes the list: its CSCA (the authority a station is given) and its master list signer."""
    return generate_pki("FR")


@pytest.fixture(scope="module")
def forger() -> StatePki:
    return generate_pki("FR")  # the same names as the publisher's CSCA and signer, other keys


@pytest.fixture(scope="module")
def signed(publisher: StatePki) -> bytes:
    """One list the publisher signed (made once: its signature differs at each signing)."""
    return build_master_list(listed(), publisher)  # type: ignore[arg-type]


def listed() -> list[object]:
    return [shared_test_pki().csca_certificate, generate_pki("DE").csca_certificate]


def pem(pki: StatePki) -> bytes:
    return pki.csca_certificate.public_bytes(Encoding.PEM)


def chip_status(csca: CscaSource, *, signed_by: StatePki | None = None) -> IdentityRead:
    chip = VirtualChip(build_content(demo_person("martin-claire"), pki=signed_by or shared_test_pki()))
    return read_document(chip.transmit, FixedHandler(can="123456"), csca=csca, today=TODAY)


def csca(identity: IdentityRead) -> CheckStatus | None:
    check = identity.check("csca_chain")
    return None if check is None else check.status


def test_a_list_its_publisher_signed_is_taken(publisher: StatePki) -> None:
    verdict = verify_master_list(build_master_list(listed(), publisher), (publisher.csca_certificate,))  # type: ignore[arg-type]
    assert verdict.problem is None and len(verdict.certificates) == 2
    assert "CN=DS" in verdict.signer or verdict.signer  # the master list signer, named for the administrator


def test_a_list_altered_after_signing_is_refused(publisher: StatePki) -> None:
    data = build_master_list(listed(), publisher)  # type: ignore[arg-type]
    genuine = shared_test_pki().csca_certificate.public_bytes(Encoding.DER)
    assert genuine in data
    altered = data.replace(genuine, genuine[:-1] + bytes([genuine[-1] ^ 1]))  # one bit of one listed certificate
    verdict = verify_master_list(altered, (publisher.csca_certificate,))
    assert verdict.problem == "son contenu a été modifié après sa signature" and verdict.certificates == ()


def test_a_list_signed_by_anyone_else_is_refused_even_with_the_publishers_names(
    publisher: StatePki, forger: StatePki
) -> None:
    forged = build_master_list([*listed(), forger.csca_certificate], forger)  # type: ignore[list-item]
    verdict = verify_master_list(forged, (publisher.csca_certificate,))
    assert verdict.problem == "son signataire n'a pas été émis par l'autorité attendue"
    assert verdict.certificates == ()


def test_a_signer_out_of_its_validity_is_refused(publisher: StatePki) -> None:
    data = build_master_list(listed(), publisher)  # type: ignore[arg-type]
    later = datetime(2050, 1, 1, tzinfo=UTC)
    assert verify_master_list(data, (publisher.csca_certificate,), now=later).problem == (
        "le certificat de son signataire n'est pas en cours de validité"
    )


@pytest.mark.parametrize("data", [b"", b"\x30\x03\x02\x01\x00", b"-----BEGIN CERTIFICATE-----\n"])
def test_what_is_not_a_signed_list_is_refused(publisher: StatePki, data: bytes) -> None:
    assert verify_master_list(data, (publisher.csca_certificate,)).problem == "ce n'est pas une liste maîtresse signée"


def test_the_station_takes_only_the_signed_list_and_sets_aside_a_dropped_certificate(
    tmp_path: Path, publisher: StatePki, forger: StatePki
) -> None:
    """The walk-around: not altering the list, dropping the forger's CSCA beside it in the station's folder."""
    folder = tmp_path / "csca"
    folder.mkdir()
    (folder / "liste.ml").write_bytes(build_master_list(listed(), publisher))  # type: ignore[arg-type]
    (folder / "ajout.pem").write_bytes(pem(forger))
    authority = tmp_path / "autorite.pem"
    authority.write_bytes(pem(publisher))
    without = CscaList(folder)  # as before: every file of the folder taken
    assert csca(chip_status(without, signed_by=forger)) is CheckStatus.PASSED  # the hole the setting closes
    station = CscaList(folder, signer=authority)
    assert csca(chip_status(station, signed_by=forger)) is CheckStatus.FAILED
    genuine = chip_status(station)
    assert csca(genuine) is CheckStatus.PASSED and genuine.proven
    assert station.set_aside == 1
    said = csca_description(station)
    assert "2 certificats de 2 pays" in said and "signée par l'autorité attendue" in said
    assert "1 fichier écarté, non signé par elle" in said


def test_a_station_whose_only_list_is_not_the_publishers_proves_nothing_and_says_why(
    tmp_path: Path, publisher: StatePki, forger: StatePki
) -> None:
    path = tmp_path / "liste.ml"
    path.write_bytes(build_master_list([*listed(), forger.csca_certificate], forger))  # type: ignore[list-item]
    authority = tmp_path / "autorite.pem"
    authority.write_bytes(pem(publisher))
    station = CscaList(path, signer=authority)
    identity = chip_status(station)
    assert csca(identity) is CheckStatus.NOT_RUN and not identity.proven
    assert "n'est pas signée par l'autorité attendue (réglage csca_list_signer)" in csca_description(station)


def test_an_unreadable_authority_is_said(tmp_path: Path, publisher: StatePki) -> None:
    path = tmp_path / "liste.ml"
    path.write_bytes(build_master_list(listed(), publisher))  # type: ignore[arg-type]
    authority = tmp_path / "autorite.pem"
    authority.write_bytes(b"not a certificate")
    station = CscaList(path, signer=authority)
    assert not chip_status(station).proven
    assert "(réglage csca_list_signer) est illisible" in csca_description(station).replace(f"{authority}, ", "")


def test_the_setting(tmp_path: Path, publisher: StatePki) -> None:
    authority = tmp_path / "autorite.pem"
    authority.write_bytes(pem(publisher))
    listing = tmp_path / "liste.ml"
    listing.write_bytes(b"")
    base = {"config_path": tmp_path / "absent.toml", "data_dir": tmp_path / "data"}
    env = {"GUICHET_CSCA_LIST": str(listing), "GUICHET_CSCA_LIST_SIGNER": str(authority)}
    assert load_settings(environ=env, **base).csca_list_signer == authority  # type: ignore[arg-type]
    with pytest.raises(SettingsError) as error:
        load_settings(environ={**env, "GUICHET_CSCA_LIST_SIGNER": str(tmp_path / "absent.pem")}, **base)  # type: ignore[arg-type]
    assert "csca_list_signer" in str(error.value)


def test_the_publishers_certificate_kept_in_the_lists_folder_is_not_a_file_set_aside(
    tmp_path: Path, publisher: StatePki
) -> None:
    folder = tmp_path / "csca"
    folder.mkdir()
    (folder / "liste.ml").write_bytes(build_master_list(listed(), publisher))  # type: ignore[arg-type]
    (folder / "editeur.pem").write_bytes(pem(publisher))
    station = CscaList(folder, signer=folder / "editeur.pem")
    assert chip_status(station).proven and station.set_aside == 0
    assert "écarté" not in csca_description(station)


def test_an_authority_without_a_list_is_a_settings_error(tmp_path: Path, publisher: StatePki) -> None:
    authority = tmp_path / "autorite.pem"
    authority.write_bytes(pem(publisher))
    with pytest.raises(SettingsError) as error:
        load_settings(
            config_path=tmp_path / "absent.toml",
            environ={"GUICHET_CSCA_LIST_SIGNER": str(authority)},
            data_dir=tmp_path / "data",
        )
    assert "sans la liste" in str(error.value) and "csca_list" in str(error.value)


@pytest.mark.parametrize("tag", [0x06, 0x03])  # an OBJECT IDENTIFIER (KeyError), a BIT STRING (TypeError)
def test_regression_a_signer_certificate_whose_name_cannot_be_read_is_refused(
    tmp_path: Path, publisher: StatePki, tag: int
) -> None:
    """Found by fuzzing: the CMS signature covers the signed attributes, not the signer's certificate, and
    cryptography parses names lazily; a signer name value of an unexpected ASN.1 type raised KeyError or TypeError out
    of verify_master_list and CscaList.load, and every chip read of the station failed."""
    signed = build_master_list(listed(), publisher)  # type: ignore[arg-type]
    name = publisher.signer_certificate.subject.rfc4514_string().split("CN=")[1].split(",")[0].encode()
    at = signed.index(bytes([0x0C, len(name)]) + name)  # the UTF8String CN of the master list signer's subject
    mangled = signed[:at] + bytes([tag]) + signed[at + 1 :]
    verdict = verify_master_list(mangled, (publisher.csca_certificate,))
    assert verdict.certificates == () and verdict.problem is not None
    path = tmp_path / "liste.ml"
    path.write_bytes(mangled)
    authority = tmp_path / "autorite.pem"
    authority.write_bytes(pem(publisher))
    station = CscaList(path, signer=authority)
    assert station.load()[0] is None and station.set_aside == 1
    assert not chip_status(station).proven


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_mangled_master_list_is_a_verdict(publisher: StatePki, signed: bytes, data: st.DataObject) -> None:
    """Any bytes in place of a signed list end in a verdict, never in an exception (hypothesis)."""
    mangled = data.draw(st.one_of(st.binary(max_size=300), mutated(signed)))
    verdict = verify_master_list(mangled, (publisher.csca_certificate,))
    assert verdict.problem is not None or verdict.certificates
