"""Établir where the agent looks: F2 without a card says so at the top; the demo's reader holds a card, F3 swaps it;
the demo station's name matches its kind."""

from __future__ import annotations

from pathlib import Path

from deskkit import focused, make_desk, press, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_establish_flow import open_page

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.settings import load_settings
from desktop.views.procurations import EstablishPage


def test_f2_without_a_card_says_so_where_the_agent_looks(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())  # nothing on the reader
    open_page(qtbot, page)
    press(qtbot, Qt.Key.Key_F2)  # no CAN typed yet
    assert page.result_banner.isVisible() and "CAN" in page.banner.text()
    type_text(qtbot, "123456")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: "Carte non lue" in page.banner.text(), timeout=10000)
    assert page.result_banner.isVisible()
    assert focused() is page.identity.can


def test_the_demo_reader_holds_a_card_and_f3_swaps_it(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    from dataclasses import replace

    desk = make_desk(store, tmp_path, FakePrinter())
    desk.ctx = replace(desk.ctx, settings=desk.ctx.settings._replace(demo=True))
    reader = FakeCardReader()
    reader.insert("martin-claire")  # what build_context does in the demo
    page = EstablishPage(desk, reader)
    open_page(qtbot, page)
    press(qtbot, Qt.Key.Key_F3)
    assert "NGUYEN" not in page.banner.text() and "Démonstration" in page.banner.text()
    assert reader.card_present(reader.readers()[0])


def test_the_demo_station_is_named_after_its_kind(tmp_path: Path) -> None:
    consulate = load_settings(
        config_path=tmp_path / "absent.toml", environ={"GUICHET_STATION_KIND": "consulat"}, demo=True, data_dir=tmp_path
    )
    assert consulate.station_name == "Consulat général (démonstration)"
    police = load_settings(config_path=tmp_path / "absent.toml", environ={}, demo=True, data_dir=tmp_path)
    assert police.station_name == "Commissariat central"
    named = load_settings(
        config_path=tmp_path / "absent.toml",
        environ={"GUICHET_STATION_KIND": "consulat", "GUICHET_STATION_NAME": "Consulat de Genève"},
        demo=True,
        data_dir=tmp_path,
    )
    assert named.station_name == "Consulat de Genève"
