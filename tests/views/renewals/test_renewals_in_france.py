"""Renouvellements at a station in France: the consular network's screen says so plainly, and reads nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from contextkit import service_context
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.services.ivote import IvoteService
from desktop.services.passports import PassportService
from desktop.services.permissions import Principal
from desktop.settings import load_settings
from desktop.views.renewals import RenewalsPage


@pytest.mark.parametrize("abroad", [True, False])
def test_at_a_commissariat_the_screen_explains_instead_of_refusing(
    qtbot: QtBot, store: Store, tmp_path: Path, abroad: bool
) -> None:
    settings = load_settings(
        config_path=tmp_path / "none.toml",
        environ={},
        data_dir=tmp_path / "d",
        station_kind="commissariat",
        station_name="Commissariat central du 11e",
        station_code="75056-01",
    )
    actor = Principal("75056-01", "agent-7", role="agent_police", capacity="OPJ", station_kind="commissariat")
    ctx = service_context(store, settings, actor=actor, agent_name="Brigadier-chef Lemoine", printer=FakePrinter())
    page = RenewalsPage(PassportService(ctx), IvoteService(ctx), abroad=abroad)
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    qtbot.waitExposed(page)
    if abroad:  # what every station showed before: a red refusal each time the screen was opened
        qtbot.waitUntil(page.refusal.isVisible)
        assert "Action refusée" in page.refusal.text()
        page.runner.wait()
        return
    assert not page.runner.busy  # nothing asked of the store: no refused permission in the journal either
    page.show_tab(2)
    page.focus_first()
    assert not page.runner.busy and not page.refusal.isVisible() and not page.tabs.isVisible()
    assert page.elsewhere.isVisible() and "consulats et les ambassades" in page.elsewhere.findChild(QLabel).text()  # type: ignore[union-attr]
