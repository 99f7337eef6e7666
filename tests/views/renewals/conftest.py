"""Fixtures for the Renouvellements screens: both services over a fresh store, a fake printer, a settable clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from contextkit import service_context
from pytestqt.qtbot import QtBot

from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.services.ivote import IvoteService
from desktop.services.passports import PassportRequest, PassportService
from desktop.services.permissions import Principal
from desktop.settings import load_settings
from desktop.views.renewals import RenewalsPage

# A consulate's usual request (Montréal), as the screens' tests open it.
REQUEST = PassportRequest(
    last_name="Lefèvre",
    given_names="Hélène",
    birth_date=date(1984, 7, 9),
    country="CA",
    old_passport_issued=date(2016, 5, 2),
    old_passport_expiry=date(2026, 5, 1),
)


class Clock:
    """A settable clock: 15:00 UTC on the given day (10:00 or 11:00 in Montréal)."""

    def __init__(self) -> None:
        self.at = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at

    def day(self, d: date) -> None:
        self.at = datetime(d.year, d.month, d.day, 15, 0, tzinfo=UTC)


@dataclass
class Desk:
    page: RenewalsPage
    passports: PassportService
    ivote: IvoteService
    printer: FakePrinter
    clock: Clock


@pytest.fixture
def desk(qtbot: QtBot, store: Store, tmp_path: Path) -> Iterator[Desk]:
    settings = load_settings(
        config_path=tmp_path / "none.toml",
        environ={},
        data_dir=tmp_path / "d",
        station_kind="consulat",
        station_name="Consulat général de France à Montréal",
        station_code="CA-MTL",
        station_timezone="America/Toronto",
    )
    printer, clock = FakePrinter(), Clock()
    actor = Principal(
        "CA-MTL", "agent-7", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
    )
    ctx = service_context(store, settings, actor=actor, agent_name="Mme Inès Château", printer=printer, clock=clock)
    passports, ivote = PassportService(ctx), IvoteService(ctx)
    page = RenewalsPage(passports, ivote)
    qtbot.addWidget(page)
    page.resize(1280, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # shortcuts and mnemonics go to the active window only
    yield Desk(page, passports, ivote, printer, clock)
    page.runner.wait()


def interviewed(desk: Desk) -> str:
    """A case opened, its documents and its validated interview recorded (step 5, the shipment, next)."""
    p = desk.passports
    case = p.open_case(REQUEST).case
    assert case is not None
    cid = case.summary.id
    assert p.record_documents(cid, photo_ok=True, dhl_adult_signature=False).ok
    assert p.record_interview(cid, identity_verified=True, validated=True).ok
    return cid


def received_on_20_march(desk: Desk) -> str:
    """A case whose new passport the consulate received on 20 March (step 6 recorded, the ANTS confirmation next;
    day 40 is 29 April)."""
    p = desk.passports
    cid = interviewed(desk)
    desk.clock.day(date(2026, 3, 20))
    p.record_shipment(cid, on=date(2026, 3, 12))
    p.record_reception(cid, on=date(2026, 3, 20))
    return cid
