"""A voter's date of birth from the chip: DG11's full date first (a voter born in 1925 is not a child born in 2025);
without DG11, the MRZ's two-digit year as the rules read it, flagged when it would make the holder a minor."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date

from fuzzkit import mutated
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.devices.cards.birth import birth_date_of
from desktop.devices.cards.demo_persons import DemoPerson, demo_person
from desktop.devices.cards.errors import LdsError
from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.cards.handler import CanKey, FixedHandler
from desktop.devices.cards.identity import CheckStatus, IdentityRead
from desktop.devices.cards.lds import DG_TAGS, FILE_IDS, parse_dg11_birth
from desktop.devices.cards.session import read_document
from desktop.devices.cards.tlv import encode
from desktop.devices.cards.vchip.build import ChipContent, build_com, build_content, build_dg11, build_sod
from desktop.devices.cards.vchip.chip import VirtualChip
from desktop.devices.cards.vchip.pki import DemoCscas, shared_test_pki

TODAY = date(2026, 12, 6)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def centenarian() -> DemoPerson:
    """A French CNIe holder born on 12 March 1925: her MRZ says 250312."""
    return replace(
        demo_person("martin-claire"), surname="DURAND", given_names=("JEANNE",), birth_date=date(1925, 3, 12)
    )


def read_fake(content: ChipContent, person: DemoPerson) -> IdentityRead:
    """Through the simulated reader, as `guichet card read --demo` and the demo application read."""
    assert person.can is not None
    reader = FakeCardReader(csca=DemoCscas())
    reader.insert(content)
    try:
        return reader.read_identity(FixedHandler(can=person.can), access=CanKey(person.can)).result(30)
    finally:
        reader.close()


def with_dg11(content: ChipContent, dg11: bytes) -> ChipContent:
    """`content` whose DG11 is `dg11`, signed in EF.SOD like the rest by France's test signer."""
    groups = {1: content.dg1, 2: content.dg2, 11: dg11}
    files = dict(content.files)
    files[FILE_IDS["DG11"]] = dg11
    files[FILE_IDS["COM"]] = build_com([DG_TAGS[n] for n in sorted(groups)])
    files[FILE_IDS["SOD"]] = build_sod(groups, shared_test_pki("FR"))
    return replace(content, files=files)


def test_a_centenarian_s_card_with_dg11_reads_her_full_date_of_birth() -> None:
    person = centenarian()
    assert person.mrz.splitlines()[1].startswith("250312")
    read = read_fake(build_content(person, face_target_bytes=3000, with_dg11=True), person)
    assert read.birth_date == date(1925, 3, 12)
    assert "DG11" in read.files_read and read.check("dg11_hash").status is CheckStatus.PASSED  # type: ignore[union-attr]
    assert read.check("birth_date") is None and read.proven


def test_without_dg11_the_two_digit_year_makes_her_a_child_and_the_read_says_so() -> None:
    person = centenarian()
    read = read_fake(build_content(person, face_target_bytes=3000), person)
    assert "DG11" not in read.files_read
    assert read.birth_date == date(2025, 3, 12)  # the rule: the latest date not after today
    check = read.check("birth_date")
    assert check is not None and check.status is CheckStatus.FAILED
    assert "moins de 18 ans" in check.detail and "année imprimée" in check.detail
    assert not read.proven  # never green with a birth date the chip cannot vouch for
    assert all(c.status is CheckStatus.PASSED for c in read.checks if c.id in ("dg1_hash", "sod_signature"))


def test_an_adult_without_dg11_reads_as_before() -> None:
    person = demo_person("martin-claire")
    read = read_fake(build_content(person, face_target_bytes=3000), person)
    assert read.birth_date == person.birth_date and read.check("birth_date") is None and read.proven


def test_dg11_that_contradicts_dg1_is_a_failed_check() -> None:
    person = centenarian()
    content = with_dg11(build_content(person, face_target_bytes=3000), build_dg11(date(1926, 3, 12)))
    read = read_document(VirtualChip(content).transmit, FixedHandler(can=person.can), csca=DemoCscas(), today=TODAY)
    check = read.check("birth_date")
    assert check is not None and check.status is CheckStatus.FAILED and "ne correspond pas" in check.detail
    assert read.check("dg11_hash").status is CheckStatus.PASSED  # type: ignore[union-attr]
    assert read.birth_date == date(2025, 3, 12) and not read.proven


def test_dg11_with_unknown_day_and_month_or_in_bcd() -> None:
    person = centenarian()
    partial = encode(0x6B, encode(0x5C, b"\x5f\x2b") + encode(0x5F2B, b"19250000"))
    bcd = encode(0x6B, encode(0x5C, b"\x5f\x2b") + encode(0x5F2B, bytes.fromhex("19250312")))
    for dg11 in (partial, bcd):
        content = with_dg11(build_content(person, face_target_bytes=3000), dg11)
        read = read_document(VirtualChip(content).transmit, FixedHandler(can=person.can), csca=DemoCscas(), today=TODAY)
        assert "DG11" in read.files_read and read.birth_date == date(1925, 3, 12) and read.proven


def test_birth_date_of_without_a_chip() -> None:
    assert birth_date_of("900115", date(1990, 1, 15), None, today=TODAY) == (date(1990, 1, 15), [])
    minor, checks = birth_date_of("090601", date(2009, 6, 1), None, today=TODAY)
    assert minor == date(2009, 6, 1) and [c.status for c in checks] == [CheckStatus.FAILED]
    assert birth_date_of("080601", date(2008, 6, 1), None, today=TODAY) == (date(2008, 6, 1), [])  # 18 last June
    # DG11 unreadable: the MRZ's reading stands (the DG11 hash check says whether the file is genuine).
    assert birth_date_of("250312", date(2025, 3, 12), b"\x6b\x02\x5f", today=TODAY)[0] == date(2025, 3, 12)


@FAST
@given(st.one_of(st.binary(max_size=200), mutated(build_dg11(date(1925, 3, 12)))))
def test_hostile_dg11_bytes_never_crash(data: bytes) -> None:
    with contextlib.suppress(LdsError):
        parse_dg11_birth(data)
    birth_date_of("250312", date(2025, 3, 12), data, today=TODAY)
