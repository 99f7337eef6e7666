"""The save handler of Établir never fails silently and never loses what was typed (issue 15, item 12)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from deskkit import make_desk
from pytestqt.qtbot import QtBot

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.views.procurations import EstablishPage


def _page(qtbot: QtBot, store: Store, tmp_path: Path) -> EstablishPage:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    qtbot.addWidget(page)
    page.identity.last_name.setText("BERNARD")
    page.m_last.setText("LEBLANC")
    return page


def test_a_failure_while_reading_the_form_is_said_and_keeps_the_fields(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, store, tmp_path)

    def broken() -> object:
        raise ValueError("DUPONT Marie")

    monkeypatch.setattr(page, "form", broken)
    page.save()  # before: the exception left the slot and the agent saw nothing
    assert "non enregistrée" in page.banner.text() and "DUPONT" not in page.banner.text()
    assert page.identity.last_name.text() == "BERNARD" and page.m_last.text() == "LEBLANC"
    assert page.save_button.isEnabled()


def test_disk_full_during_the_act_is_named(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = _page(qtbot, store, tmp_path)

    def full(_form: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device")

    # The disk fills while the act is checked (the review reads the store) or saved: the same handler says it.
    page.desk.review = full  # type: ignore[method-assign]
    page.desk.establish = full  # type: ignore[method-assign]
    page.save()
    qtbot.waitUntil(lambda: "disque" in page.banner.text(), timeout=10_000)
    assert "plein" in page.banner.text() and page.m_last.text() == "LEBLANC"
