"""The simulated reader of demo mode, the Null reader and the registry; reads run on the reader's own thread."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from desktop.devices.cards.base import STEP_REPLACE, CardEvent, CardEventKind, DeviceThread
from desktop.devices.cards.demo_persons import demo_person
from desktop.devices.cards.errors import CardError
from desktop.devices.cards.fake import SIMULATED_READER, FakeCardReader, NullCardReader
from desktop.devices.cards.handler import CanKey, FixedHandler
from desktop.devices.cards.identity import CheckStatus
from desktop.devices.cards.registry import make_card_reader
from desktop.devices.cards.vchip.build import build_content, build_dg1
from desktop.devices.cards.vchip.stack import wait_for


class ThreadRecordingHandler(FixedHandler):
    """Records which thread asks for the CAN."""

    def ask_can(self) -> str | None:
        self.thread = threading.current_thread()
        return super().ask_can()


def test_insert_read_remove_with_events() -> None:
    reader = FakeCardReader()
    events: list[CardEvent] = []
    reader.add_listener(events.append)
    assert reader.readers() == [SIMULATED_READER] and not reader.card_present(SIMULATED_READER)
    reader.insert("martin-claire")
    assert reader.card_present(SIMULATED_READER)
    handler = ThreadRecordingHandler(can="123456")
    identity = reader.read_identity(handler).result(10)
    assert identity.surname == "MARTIN" and identity.authentic
    assert identity.check("csca_chain").status is CheckStatus.PASSED  # type: ignore[union-attr]
    assert handler.thread is not threading.main_thread()
    reader.remove()
    assert events == [
        CardEvent(CardEventKind.CARD_INSERTED, SIMULATED_READER),
        CardEvent(CardEventKind.CARD_REMOVED, SIMULATED_READER),
    ]
    with pytest.raises(CardError) as caught:
        reader.read_identity(handler).result(10)
    assert caught.value.code == "no_card"
    reader.close()


def test_card_pulled_mid_read_then_reader_still_usable() -> None:
    reader = FakeCardReader()
    reader.reinsert_wait = 0  # no waiting for the card to come back
    reader.insert("nguyen-lan", remove_after_apdus=12)  # inside DG2
    with pytest.raises(CardError) as caught:
        reader.read_identity(FixedHandler(can="654321")).result(10)
    assert caught.value.message == "Carte retirée pendant la lecture : replacez-la et recommencez."
    assert not reader.card_present(SIMULATED_READER)
    reader.insert("nguyen-lan")
    identity = reader.read_identity(FixedHandler(can="654321")).result(10)
    assert identity.face_format == "jpeg2000" and identity.face_png is not None
    reader.close()


def test_card_pulled_mid_read_and_put_back_resumes_where_it_stopped() -> None:
    reader = FakeCardReader()
    chip = reader.insert("nguyen-lan", remove_after_apdus=12)
    handler = FixedHandler(can="654321")
    future = reader.read_identity(handler)
    assert wait_for(lambda: not reader.card_present(SIMULATED_READER), 5)
    again = reader.insert("nguyen-lan")
    identity = future.result(10)
    assert identity.surname == "NGUYEN" and identity.authentic
    assert any(step == STEP_REPLACE for step, _ in handler.steps)
    # DG1 is read again to be sure it is the same document; what was read before is not.
    assert chip.apdu_count + again.apdu_count < 12 + 20


def test_another_document_put_back_is_read_from_the_start() -> None:
    reader = FakeCardReader()
    reader.insert("nguyen-lan", remove_after_apdus=12)
    future = reader.read_identity(FixedHandler(can="654321"))
    assert wait_for(lambda: not reader.card_present(SIMULATED_READER), 5)
    other = build_content(demo_person("nguyen-lan"), profile="no-dg2-no-sod")
    other = replace(other, files={**other.files, 0x0101: build_dg1(demo_person("rossi-giulia").mrz)})
    reader.insert(other)
    identity = future.result(10)
    assert identity.surname == "ROSSI" and identity.face_image is None


def test_two_readers_have_their_own_worker_threads() -> None:
    reader = FakeCardReader(("Lecteur A", "Lecteur B"))
    reader.insert("martin-claire", reader="Lecteur A")
    reader.insert("dubois-jean", reader="Lecteur B")
    first = reader.read_identity(FixedHandler(), reader="Lecteur A", access=CanKey("123456"))
    second = reader.read_identity(FixedHandler(mrz=reader_mrz()), reader="Lecteur B")
    assert (first.result(10).surname, second.result(10).surname) == ("MARTIN", "DUBOIS")
    assert len({w._thread.name for w in reader._workers.values()}) == 2
    reader.close()


def reader_mrz() -> str:
    from desktop.devices.cards.demo_persons import demo_person

    return demo_person("dubois-jean").mrz


def test_unknown_reader_and_default_choice() -> None:
    reader = FakeCardReader(("Lecteur A", "Lecteur B"))
    reader.insert("martin-claire", reader="Lecteur B")
    assert reader.read_identity(FixedHandler(can="123456")).result(10).surname == "MARTIN"
    with pytest.raises(CardError) as caught:
        reader.read_identity(FixedHandler(), reader="Lecteur Z").result(10)
    assert caught.value.code == "reader_unknown"
    reader.close()


def test_null_reader_says_there_is_none() -> None:
    reader = NullCardReader()
    assert not reader.available and reader.readers() == []
    with pytest.raises(CardError, match=r"Aucun lecteur de carte n'est branché\."):
        reader.read_identity(FixedHandler()).result(1)


def test_registry() -> None:
    assert isinstance(make_card_reader("demo"), FakeCardReader)
    assert isinstance(make_card_reader("none"), NullCardReader)


def test_device_thread_runs_jobs_in_order_and_carries_exceptions() -> None:
    worker = DeviceThread("test")
    order: list[int] = []
    futures = [worker.submit(lambda i=i: order.append(i)) for i in range(20)]  # type: ignore[misc]
    failing = worker.submit(lambda: 1 / 0)
    for future in futures:
        future.result(5)
    assert order == list(range(20))
    with pytest.raises(ZeroDivisionError):
        failing.result(5)
    worker.stop()


@pytest.mark.parametrize("spec", ["slow", "dubois-jean:bac-only", "rossi-giulia:active-auth"])
def test_the_demo_reader_can_hold_a_document_of_any_profile(spec: str) -> None:
    reader = make_card_reader("demo", demo_card=spec)
    assert reader.card_present(SIMULATED_READER)
    person = demo_person(spec.split(":")[0] if ":" in spec else "martin-claire")
    identity = reader.read_identity(FixedHandler(can=person.can, mrz=person.mrz)).result(20)
    assert identity.surname == person.surname
    reader.close()


def test_an_unknown_demo_card_leaves_the_simulated_reader_empty() -> None:
    reader = make_card_reader("demo", demo_card="martin-claire:inconnu")
    assert not reader.card_present(SIMULATED_READER)
    reader.close()
