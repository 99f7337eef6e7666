"""The dashboard's acts dialog for a screen reader and at 200 % text: the receipt being read is said, and Entrée on
an act whose receipt does not open here says why instead of nothing (RGAA 7.5; accessibility audit of session 32's
new parts). The receipt itself opens in the counter's preview, which takes the focus (tests/views/
test_dashboard_view.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from a11ykit import accessible_name, describe, interactive_widgets, order_problems, tab_chain
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessibleAnnouncementEvent
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from test_dashboard_acts_fit import ROWS

from desktop.views import translations
from desktop.views.dashboard_acts import ActsDialog
from desktop.views.kit.announce import listen

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def said() -> Iterator[list[QAccessibleAnnouncementEvent]]:
    events: list[QAccessibleAnnouncementEvent] = []
    stop = listen(events.append)
    yield events
    stop()


def _dialog(qtbot: QtBot, **options: object) -> ActsDialog:
    dialog = ActsDialog("Procuration — 30/11/2026", ROWS, PARIS, **options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.table.setFocus()
    return dialog


def test_the_receipt_being_read_is_said(qtbot: QtBot, said: list[QAccessibleAnnouncementEvent]) -> None:
    """« Lecture du récépissé n° … » was a neutral line under the list: never said, so Entrée seemed to do nothing
    until the preview opened (or, a second later, « Récépissé introuvable »)."""
    dialog = _dialog(qtbot, receipt=lambda _number: None)
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    number = ROWS[0].receipt_number
    assert any("Lecture du récépissé" in e.message() and number in e.message() for e in said), [
        e.message() for e in said
    ]
    qtbot.waitUntil(lambda: not dialog.runner.busy)
    assert any("introuvable" in e.message() for e in said)  # the outcome too (an error: assertive)
    dialog.close()


@pytest.mark.parametrize("why", ["refused", "renewal"])
def test_entree_on_an_act_whose_receipt_does_not_open_here_says_why(
    qtbot: QtBot, said: list[QAccessibleAnnouncementEvent], why: str
) -> None:
    """The button is disabled and the reason written under the list, where the focus never goes: Entrée on the row
    did nothing at all for a screen reader user (R-DATA-3: a supervisor who may not consult the procurations; a
    passport renewal, whose receipt opens from its own screen)."""
    if why == "refused":
        refusal = "Votre qualité ne permet pas de consulter les procurations (R-DATA-3)."
        dialog = _dialog(qtbot, receipt=lambda _n: None, receipt_refused=refusal)
    else:
        rows = [replace(ROWS[0], kind="passeport", kind_label="Passeport")]
        dialog = ActsDialog("Passeport — 30/11/2026", rows, PARIS, receipt=lambda _n: None)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.table.setFocus()
    assert not dialog.receipt_button.isEnabled() and dialog.state.text()
    said.clear()
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    assert [e.message() for e in said] == [" ".join(dialog.state.text().split())]
    assert dialog.isVisible() and not dialog.runner.busy
    dialog.close()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_dialog_at_200_percent_in_1024_by_768(qtbot: QtBot, themed: Callable[..., None], language: str) -> None:
    """Every control named, Tab in reading order (the list, « Voir le récépissé », « Fermer »), the receipt button
    whole, one Alt letter each."""
    translations.install(language)
    try:
        themed(text_scale_percent=200)
        dialog = _dialog(qtbot, receipt=lambda _n: None)
        dialog.resize(1024 - 40, 768 - 60)
        qtbot.wait(50)
        assert not [describe(w) for w in interactive_widgets(dialog, visible_only=True) if not accessible_name(w)]
        assert not order_problems(dialog)
        assert tab_chain(dialog)[:2] == [dialog.table, dialog.receipt_button]
        button = dialog.receipt_button
        assert button.width() >= button.minimumSizeHint().width()
        from test_i18n_screens import mnemonics

        assert all(len(texts) == 1 for texts in mnemonics(dialog).values()), mnemonics(dialog)
        dialog.close()
    finally:
        translations.install("fr")
