"""The Renouvellements keys, in each language: no Alt+letter of a field or a button takes one of the page's own
shortcuts (Alt+N for a new case, Alt+1 to Alt+3 for the tabs), nor another text's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QKeySequence, QShortcut
from pytestqt.qtbot import QtBot
from test_i18n_screens import mnemonics

from desktop.views import translations
from desktop.views.renewals import RenewalsPage
from desktop.views.renewals.page import TAB_IVOTE

from .conftest import REQUEST, Desk


@pytest.fixture(params=["fr", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    translations.install(request.param)
    yield request.param
    translations.install("fr")


def _shortcuts(page: RenewalsPage) -> dict[str, str]:
    """Alt+letter → the page's shortcut that answers it."""
    found = {}
    for shortcut in page.findChildren(QShortcut):
        text = shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
        if text.startswith("Alt+") and len(text) == 5:
            found[text[-1].casefold()] = text
    return found


def test_no_alt_letter_of_the_passport_desk_takes_a_shortcut_of_the_page(
    qtbot: QtBot, desk: Desk, language: str
) -> None:
    """In English Alt+N did nothing: « New case (Alt+N) » and « Birth sur&name » both answered it, and Qt gives an
    ambiguous key to neither; the agent's next keys went into the search field (day audit, consular agent)."""
    page = RenewalsPage(desk.passports, desk.ivote)
    qtbot.addWidget(page)
    page.resize(1280, 900)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.runner.busy)
    shortcuts = _shortcuts(page)
    assert set(shortcuts) >= {"n", "1", "2", "3"}
    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    clashes = []
    ivote = lambda: page.show_tab(TAB_IVOTE)  # noqa: E731
    for show in (page.passport.new_case, lambda: page.passport.open_case(case.summary.id), ivote):
        show()
        qtbot.waitUntil(lambda: not page.runner.busy)
        for letter, texts in mnemonics(page).items():
            if letter in shortcuts or len(texts) > 1:
                clashes.append(f"Alt+{letter.upper()}: {' / '.join([*texts, shortcuts.get(letter, '')])}")
    assert not clashes, f"{language}: {clashes}"
