"""The view kit's share of accessibility: no bracketed mnemonic letters in what is shown or said (« Surname (O) »),
scroll areas never in the Tab chain, every table's titles named after their table."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.context import AppContext
from desktop.views import translations
from desktop.views.kit.fields import Field
from desktop.views.kit.mnemonics import split_mnemonic, spoken
from desktop.views.kit.reflow import InnerScrollArea, WrappingCheckBox
from desktop.views.rows import RowsModel
from desktop.views.widgets import Page

# What a bracketed mnemonic leaves: « (&O) » in a text, « (O) » once Qt drew it or a name dropped the &.
ARTEFACT = re.compile(r"\(&\w\)|\(\w\)")


@pytest.fixture
def english() -> Iterator[None]:
    translations.install("en")
    yield
    translations.install("fr")


def test_a_bracketed_letter_moves_into_the_words_or_is_bound_apart() -> None:
    assert split_mnemonic("Home or care-facility visit (&H)") == ("&Home or care-facility visit", None)
    assert split_mnemonic("Surname (&O)") == ("Surname", "O")
    assert split_mnemonic("Scrutin (&Q)") == ("Scrutin", "Q")
    assert split_mnemonic("N° national d'électeur (&NNE)") == ("N° national d'électeur (&NNE)", None)  # an acronym
    assert split_mnemonic("N&om") == ("N&om", None)
    assert spoken("Surname (&O)") == "Surname" and spoken("Rock && roll (&R)") == "Rock & roll"


def test_english_fields_show_and_say_no_bracketed_letter(qtbot: QtBot, english: None) -> None:
    """The English catalog keeps the French Alt+letters as « Surname (&O) », « Election (&Q) »: the labels read
    « Surname (O) », and so did the fields' accessible names. Alt+O still reaches the field."""
    host = QWidget()
    layout = QVBoxLayout(host)
    surname, election = QLineEdit(), QComboBox()
    fields = [
        Field(translations.translate("IdentityPanel", "N&om"), surname),
        Field(translations.translate("ValidityPanel", "Scrutin (&Q)"), election),
        Field(translations.translate("ValidityPanel", "Tours (&W)"), QComboBox()),
    ]
    home = WrappingCheckBox(translations.translate("ValidityPanel", "Déplacement à domicile ou en établissement (&H)"))
    for widget in (*fields, home):
        layout.addWidget(widget)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    assert fields[0].label.text().replace("&", "").startswith("Surname")  # the catalog is English
    said = [f.label.text() for f in fields] + [home.text(), home.accessibleName()]
    said += [w.accessibleName() for w in (surname, election)]
    assert [t for t in said if ARTEFACT.search(t)] == []
    qtbot.keyClick(host, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    assert election.hasFocus()
    qtbot.keyClick(host, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    assert surname.hasFocus()
    qtbot.keyClick(host, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(home.isChecked)


def test_the_english_main_window_shows_and_says_no_bracketed_letter(
    qtbot: QtBot, ctx: AppContext, english: None
) -> None:
    """Every label, button and accessible name of the English screens (Établir's fields among them)."""
    from desktop.services.permissions import Principal
    from desktop.views.app import build_main_window
    from desktop.views.loading import ContextHolder

    holder = ContextHolder()
    window = build_main_window(ctx.settings, holder)
    qtbot.addWidget(window)
    window.resize(1366, 900)
    window.show()
    s = ctx.settings
    ctx.act_as(Principal(s.station_code, "a1", role="agent_police", capacity="opj", station_kind="commissariat"), "A")
    holder.ctx = ctx
    holder.ready.emit()
    window._holder = holder  # type: ignore[attr-defined]
    from desktop.views.procurations import EstablishPage

    qtbot.waitUntil(lambda: isinstance(window.page("etablir"), EstablishPage), timeout=10_000)
    found = []
    for w in window.findChildren(QWidget):
        texts = [w.accessibleName()]
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        found += [f"{type(w).__name__}: {t}" for t in texts if ARTEFACT.search(t)]
    assert found == []


def test_an_inner_scroll_area_is_no_stop_of_the_tab_chain(qtbot: QtBot) -> None:
    page = Page("Écran", "Phrase")
    first, inner, last = QLineEdit(), QLineEdit(), QPushButton("Fin")
    scroll = InnerScrollArea()
    content = QWidget()
    QVBoxLayout(content).addWidget(inner)
    scroll.setWidget(content)
    for widget in (first, scroll, last):
        page.body.addWidget(widget)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    first.setFocus()
    seen: list[QWidget | None] = []
    for _ in range(4):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert scroll not in seen and inner in seen and last in seen
    assert scroll.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_a_screens_table_titles_are_named_after_the_table(qtbot: QtBot) -> None:
    page = Page("Écran", "Phrase")
    table = QTableView()
    table.setAccessibleName("Dossiers de passeport")
    table.setModel(RowsModel[str]([("Dossier", str)]))
    page.body.addWidget(table)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    headers = {h.orientation(): h.accessibleName() for h in table.findChildren(QHeaderView)}
    assert headers[Qt.Orientation.Horizontal] == "Dossiers de passeport : titres des colonnes"
    assert headers[Qt.Orientation.Vertical] == "Dossiers de passeport : titres des lignes"
