"""The whole PC/SC path: pyscard → pcscd → vpcd → the virtual chip over TCP."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from desktop.devices.cards.base import STEP_REPLACE, CardEvent, CardEventKind
from desktop.devices.cards.errors import CardError
from desktop.devices.cards.handler import CanKey, FixedHandler, MrzKey
from desktop.devices.cards.identity import CheckStatus
from desktop.devices.cards.lds import parse_dg1, parse_dg2
from desktop.devices.cards.passive_auth import CscaStore
from desktop.devices.cards.pcsc import PcscCardReader
from desktop.devices.cards.vchip.pki import shared_test_pki
from desktop.devices.cards.vchip.stack import READER_0, READER_1, wait_for
from desktop.devices.cards.vchip.vpcd import VpcdCard

InsertCard = Callable[..., VpcdCard]

pytestmark = pytest.mark.pcsc
TIMEOUT = 30


def test_insert_then_pace_with_the_can_reads_what_the_chip_holds(
    pcsc_reader: PcscCardReader, insert_card: InsertCard
) -> None:
    events: list[CardEvent] = []
    pcsc_reader.add_listener(events.append)
    pcsc_reader.csca = CscaStore((shared_test_pki().csca_certificate,))
    card = insert_card("martin-claire")
    assert wait_for(lambda: CardEvent(CardEventKind.CARD_INSERTED, READER_0) in events)
    assert pcsc_reader.card_present(READER_0)
    identity = pcsc_reader.read_identity(FixedHandler(can="123456")).result(TIMEOUT)
    assert identity.access == "PACE-CAN"
    assert identity.mrz == parse_dg1(card.chip.content.dg1)
    assert identity.face_image == parse_dg2(card.chip.content.dg2).data
    assert (identity.surname, identity.given_names) == ("MARTIN", ("CLAIRE", "MARIE"))
    assert identity.authentic
    assert [c.id for c in identity.not_run] == ["chip_authenticity"]  # no DG14/DG15 on this chip
    card.remove()
    assert wait_for(lambda: CardEvent(CardEventKind.CARD_REMOVED, READER_0) in events)


def test_wrong_can_gives_a_clear_french_error(pcsc_reader: PcscCardReader, insert_card: InsertCard) -> None:
    insert_card("martin-claire")
    assert wait_for(lambda: pcsc_reader.card_present(READER_0))
    future = pcsc_reader.read_identity(FixedHandler(), reader=READER_0, access=CanKey("000000"))
    with pytest.raises(CardError, match="Mauvais CAN : vérifiez les 6 chiffres"):
        future.result(TIMEOUT)


def test_card_pulled_out_mid_read_then_reader_still_usable(
    pcsc_reader: PcscCardReader, insert_card: InsertCard
) -> None:
    card = insert_card("martin-claire")
    assert wait_for(lambda: pcsc_reader.card_present(READER_0))
    card.remove_after = 10  # inside DG2
    pcsc_reader.reinsert_wait = 0  # the agent does not put it back: the read ends with a clear message
    future = pcsc_reader.read_identity(FixedHandler(can="123456"), reader=READER_0)
    with pytest.raises(CardError) as caught:
        future.result(TIMEOUT)
    assert caught.value.code == "card_removed"
    assert caught.value.message == "Carte retirée pendant la lecture : replacez-la et recommencez."
    card.remove()
    assert wait_for(lambda: not pcsc_reader.card_present(READER_0))
    insert_card("martin-claire")
    assert wait_for(lambda: pcsc_reader.card_present(READER_0))
    identity = pcsc_reader.read_identity(FixedHandler(can="123456"), reader=READER_0).result(TIMEOUT)
    assert identity.surname == "MARTIN"


def test_card_pulled_out_mid_read_and_put_back_resumes(pcsc_reader: PcscCardReader, insert_card: InsertCard) -> None:
    card = insert_card("martin-claire")
    assert wait_for(lambda: pcsc_reader.card_present(READER_0))
    card.remove_after = 10  # inside DG2
    handler = FixedHandler(can="123456")
    future = pcsc_reader.read_identity(handler, reader=READER_0)
    assert wait_for(lambda: not card.inserted)
    again = insert_card("martin-claire")
    identity = future.result(TIMEOUT)
    assert identity.authentic and identity.files_read == ("EF.COM", "DG1", "DG2", "EF.SOD")
    assert any(step == STEP_REPLACE for step, _ in handler.steps)
    assert again.chip.apdu_count < 16  # PACE again, DG1 to recognise the document, then only what was missing


def test_sod_hash_mismatch_shows_the_dg1_check_failed(pcsc_reader: PcscCardReader, insert_card: InsertCard) -> None:
    insert_card("martin-claire", tamper_dg1=True)
    assert wait_for(lambda: pcsc_reader.card_present(READER_0))
    identity = pcsc_reader.read_identity(FixedHandler(can="123456"), reader=READER_0).result(TIMEOUT)
    dg1 = identity.check("dg1_hash")
    assert dg1 is not None and dg1.status is CheckStatus.FAILED
    assert "altéré" in dg1.detail
    assert not identity.authentic


def test_bac_only_chip_read_with_the_mrz_on_the_second_reader(
    pcsc_reader: PcscCardReader, insert_card: InsertCard
) -> None:
    insert_card("dubois-jean", READER_1)
    assert wait_for(lambda: pcsc_reader.card_present(READER_1))
    access = MrzKey.from_text("18AB12345158060342811202")
    identity = pcsc_reader.read_identity(FixedHandler(), access=access).result(TIMEOUT)
    assert (identity.access, identity.surname, identity.document_number) == ("BAC", "DUBOIS", "18AB12345")
    assert identity.check("sod_signature").status is CheckStatus.PASSED  # type: ignore[union-attr]


def test_no_card_and_unknown_reader(pcsc_reader: PcscCardReader) -> None:
    with pytest.raises(CardError) as caught:
        pcsc_reader.read_identity(FixedHandler(can="123456"), reader=READER_0).result(TIMEOUT)
    assert caught.value.code == "no_card"
    with pytest.raises(CardError) as caught:
        pcsc_reader.read_identity(FixedHandler(), reader="Lecteur inexistant").result(TIMEOUT)
    assert caught.value.code == "reader_unknown"


def test_a_chip_slower_than_the_reader_kind_allows_is_unresponsive_then_the_reader_reads_again(
    pcsc_reader: PcscCardReader, insert_card: InsertCard, monkeypatch: pytest.MonkeyPatch
) -> None:
    insert_card("martin-claire", profile="slow")  # 50 ms per APDU
    assert wait_for(lambda: pcsc_reader.card_present(READER_0))
    monkeypatch.setattr("desktop.devices.cards.pcsc.apdu_timeout", lambda name: 0.02)
    with pytest.raises(CardError) as caught:
        pcsc_reader.read_identity(FixedHandler(can="123456"), reader=READER_0).result(TIMEOUT)
    assert caught.value.code == "unresponsive" and "ne répond plus" in caught.value.message
    monkeypatch.undo()  # the virtual reader's own allowance (5 s) waits for the slow chip
    identity = pcsc_reader.read_identity(FixedHandler(can="123456"), reader=READER_0).result(TIMEOUT)
    assert identity.authentic


def test_a_dg2_over_32_kib_read_through_pcscd_with_the_odd_ins(pcsc_reader: PcscCardReader, pcscd: object) -> None:
    """A face image past 32 KiB (READ BINARY B1 beyond offset 32767) through pyscard, pcscd and vpcd."""
    from dataclasses import replace

    from desktop.devices.cards.demo_persons import demo_person
    from desktop.devices.cards.lds import FILE_IDS
    from desktop.devices.cards.vchip.build import build_content, build_dg2, build_sod
    from desktop.devices.cards.vchip.chip import VirtualChip
    from desktop.devices.cards.vchip.faces import face_bytes
    from desktop.devices.cards.vchip.vpcd import VPCD_PORTS

    person = demo_person("martin-claire")
    base = build_content(person)
    dg2 = build_dg2(face_bytes(person.id, "jpeg", 15000) + bytes(20000), "jpeg", person.sex)
    files = {**base.files, FILE_IDS["DG2"]: dg2, FILE_IDS["SOD"]: build_sod({1: base.dg1, 2: dg2}, shared_test_pki())}
    card = VpcdCard(VirtualChip(replace(base, files=files, dg2=dg2)), VPCD_PORTS[READER_0])
    card.insert()
    try:
        assert wait_for(lambda: pcsc_reader.card_present(READER_0))
        pcsc_reader.csca = CscaStore((shared_test_pki().csca_certificate,))
        identity = pcsc_reader.read_identity(FixedHandler(can="123456"), reader=READER_0).result(TIMEOUT)
    finally:
        card.remove()
    assert identity.proven and identity.face_image == parse_dg2(dg2).data
    assert identity.check("dg2_hash").status is CheckStatus.PASSED  # type: ignore[union-attr]
