"""An agent's day in English, state by state: what the screens say once something happened, not at rest
(tests/views/test_i18n_screens.py walks the screens at rest).

The walk, on the demo context's main window at 1024×768: Établir refused with empty fields, its review, the act saved
with the printer out of paper; the central store's verdicts come in (an act invalidated, a résiliation refused at
reception, both with the central store's French reason); Rechercher's results and status history, Activité du jour
with its « prévenez le mandant », Synchronisation's refused list (cells and tooltips), the status bar with a failing
reader. Each state's visible texts, and its tables' cells and tooltips, are read.

Two runs. « marked »: Qt's pseudo-translator and a pseudo gettext catalog (tests/pseudo_gettext.py) wrap every
translated text in ⟦…⟧ while the language is English; a text outside the markers reached the screen without a
translation call (the central store's sentence as received, a French label, a hard-coded word), whatever the
catalogs hold; unlike the walk at rest, the terms' French labels (desktop.rules.terms) are not set aside: a screen
shows their shown_label. « en »: the shipped English catalogs, no French but data (it fails while a message lacks
its English).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pseudo_gettext import pseudo_english
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_i18n_screens import (
    OPEN,
    SUMMARY_DATA,
    _data,
    _main_window,
    english_offenders,
    language,  # noqa: F401 (a fixture)
    settle,
    unmarked,
    visible_texts,
)

from central.decide import MSG_MANDATAIRE_UNKNOWN
from desktop.context import AppContext
from desktop.demo.agents import DEMO_PASSWORD
from desktop.models import OutboxEntry, Procuration
from desktop.rules.terms import Status
from desktop.sync.status import SyncStatus, refused_items
from desktop.sync.verdicts import _set_procurations
from desktop.views.main_window import MainWindow

# The central store's words for a résiliation it refused at reception (French, as on the wire).
REFUSED_AT_RECEPTION = "Résiliation refusée par le répertoire central (R-REVOKE-5) : le NNE du mandant manque."
RULE_ID = re.compile(r"\b(R-[A-Z]+(-[A-Z]+)?-[0-9]+[a-z]?|SYNC-REFUS)\b")
PEOPLE = ("MARTIN Claire", "DUBOIS Jean", "MARTIN", "Claire", "DUBOIS", "Jean", "NNE")


def _election_names() -> tuple[str, ...]:
    """The calendar's names, French and English (data: elections.json)."""
    from desktop import resources

    elections = json.loads(resources.read_text("elections.json"))["elections"]
    return tuple(e[key] for e in elections for key in ("label", "label_en") if e.get(key))


ELECTIONS = _election_names()


def cell_texts(root: QWidget) -> list[str]:
    """What an agent reads in the shown tables and lists of `root`: each cell, and its tooltip."""
    texts: list[str] = []
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if not view.isVisible() or model is None:
            continue
        columns = 1 if isinstance(view, QListView) else model.columnCount()
        for row in range(model.rowCount()):
            for column in range(columns):
                index = model.index(row, column)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = index.data(role)
                    if isinstance(value, str) and value.strip():
                        texts.append(value)
    return texts


def read(root: QWidget) -> list[str]:
    """The texts of `root`, rule ids set aside (said as they are in every language), a long number's break points
    (zero-width spaces) taken out."""
    return [RULE_ID.sub(" ", t).replace("\u200b", "") for t in visible_texts(root) + cell_texts(root)]


def _fill(window: MainWindow, qtbot: QtBot) -> QWidget:
    page = window.stack.currentWidget()
    page.identity.nne.setText("204512873")  # type: ignore[attr-defined]
    page.identity.last_name.setText("MARTIN")  # type: ignore[attr-defined]
    page.identity.given_names.setText("Claire")  # type: ignore[attr-defined]
    page.identity.birth_date.setText("15/01/1990")  # type: ignore[attr-defined]
    for field, value in (("m_nne", "19374652"), ("m_birth", "02/06/1975"), ("m_last", "DUBOIS"), ("m_given", "Jean")):
        getattr(page, field).setText(value)
    settle(qtbot, window)
    return page


def _verdicts(ctx: AppContext, procuration_id: str) -> None:
    """The central store's word: the act invalidated (R-PARTY-2), a résiliation refused at reception (R-REVOKE-5)."""
    with ctx.store.session() as s, s.begin():
        _set_procurations(s, {procuration_id: (Status.INVALIDEE.value, "R-PARTY-2", MSG_MANDATAIRE_UNKNOWN)}, _now())
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.record_id == procuration_id)).one()
        s.add(
            OutboxEntry(
                seq=entry.seq + 1,
                id="refused-at-reception",
                kind="procuration.resiliation",
                record_id="r-2",
                body="{}",
                created_at=entry.created_at,
                verdict=Status.INVALIDEE.value,
                verdict_rule_id="R-REVOKE-5",
                refusal=REFUSED_AT_RECEPTION,
                set_aside_at=entry.created_at,
            )
        )


def _now() -> datetime:
    return datetime.now(UTC)


def walk_the_day(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, list[str]], tuple[str, ...]]:
    """Each state's texts, by state; and the data they show (names, numbers, the devices' own words)."""
    from desktop.views.sync_view import SyncPage

    seen: dict[str, list[str]] = {}
    window = _main_window(qtbot, ctx)
    window.resize(1024, 768)
    window.show_section("etablir")
    settle(qtbot, window)
    page = window.stack.currentWidget()
    page.save_button.click()  # type: ignore[attr-defined]
    settle(qtbot, window)
    seen["Établir, refused"] = read(window)
    page = _fill(window, qtbot)
    page.save_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.review is not None and page.review.isVisible(), timeout=10000)  # type: ignore[attr-defined]
    seen["Établir, review"] = read(page.review)  # type: ignore[attr-defined]
    ctx.printer.set_paper_out(True)  # type: ignore[attr-defined]
    page.review.confirm_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.last_print is not None, timeout=20000)  # type: ignore[attr-defined]
    settle(qtbot, window)
    seen["Établir, saved, out of paper"] = read(window)

    with ctx.store.read() as s:
        procuration_id = s.scalars(select(Procuration.id)).one()
    _verdicts(ctx, procuration_id)
    window.show_section("rechercher")
    settle(qtbot, window)
    search = window.stack.currentWidget()
    search.query.setText("MARTIN")  # type: ignore[attr-defined]
    search.search_button.click()  # type: ignore[attr-defined]
    settle(qtbot, window)
    search.results.selectRow(0)  # type: ignore[attr-defined]
    settle(qtbot, window)
    qtbot.waitUntil(lambda: search.history_model.rowCount() == 2)  # type: ignore[attr-defined]
    seen["Rechercher, invalidated"] = read(window)
    window.show_section("activite")
    settle(qtbot, window)
    window.stack.currentWidget().table.selectRow(0)  # type: ignore[attr-defined]
    settle(qtbot, window)
    seen["Activité du jour, invalidated"] = read(window)

    status = SyncStatus(
        online=False, pending=1, oldest_pending_age=timedelta(days=1, hours=2), last_success=None,
        refused=refused_items(ctx.store), offline_too_long=True,
    )  # fmt: skip
    sync = SyncPage(lambda: status, sync_now=lambda: None, configured=True)
    qtbot.addWidget(sync)
    sync.resize(794, 700)
    sync.show()
    qtbot.waitExposed(sync)
    seen["Synchronisation, refusals"] = read(sync)

    data = _data_of(ctx)

    def broken() -> list[str]:
        raise OSError("driver gone")

    monkeypatch.setattr(ctx.reader, "readers", broken)
    before = window.reader_label.text()
    ctx.devices.poll()
    qtbot.waitUntil(lambda: window.reader_label.text() != before)
    seen["status bar, reader failing"] = read(window.statusBar())
    return seen, data


def walk_the_seat(qtbot: QtBot, ctx: AppContext) -> dict[str, list[str]]:
    """The counter's seat: locked (Ctrl+L) and a wrong password typed, the agent card pulled out, a change of agent
    asked (the demo's agents, no password: the dialog at rest is walked by test_i18n_screens with one)."""
    from PySide6.QtTest import QTest
    from test_counter_seat import _seated_with

    from desktop.devices.agent_card.fake import FakeAgentCard

    seen: dict[str, list[str]] = {}
    card = FakeAgentCard()
    window, counter = _seated_with(qtbot, ctx, card)
    window.resize(1024, 768)
    counter.lock_now()
    QTest.keyClicks(counter.lock.password_edit, "faux")
    QTest.keyClick(counter.lock.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not counter.lock.runner.busy and counter.lock.error_label.text() != "")
    seen["lock, wrong password"] = read(window)
    card.remove()
    qtbot.waitUntil(lambda: counter.lock.title.text() != seen["lock, wrong password"][0])
    seen["lock, agent card pulled out"] = read(window)
    card.insert()
    counter.lock.password_edit.setText(DEMO_PASSWORD)
    counter.lock.try_unlock()
    qtbot.waitUntil(lambda: not counter.lock.is_locked)
    counter.ask_switch()
    qtbot.waitUntil(lambda: counter.dialog is not None and counter.dialog.isVisible())
    dialog = counter.dialog
    assert dialog is not None
    seen["agent switch, the demo's agents"] = read(dialog)
    dialog.reject()
    return seen


def _data_of(ctx: AppContext) -> tuple[str, ...]:
    with ctx.store.read() as s:
        numbers = tuple(s.scalars(select(Procuration.receipt_number)))
    from desktop.demo.agents import demo_agents

    # The demo's agents' names are names (printed on receipts, kept in the accounts), said as they are.
    agents = tuple(agent.name for agent in demo_agents(ctx.settings.station_kind))
    return (*_data(ctx), *SUMMARY_DATA, *PEOPLE, *agents, *numbers, "Guichet", "Agent Un")


@pytest.fixture
def marked(language: Callable[[str], None], monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # noqa: F811
    language("pseudo")
    with pseudo_english(monkeypatch):
        yield


@pytest.mark.slow
def test_each_state_of_the_day_shows_only_translated_texts(
    qtbot: QtBot, ctx: AppContext, marked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen, data = walk_the_day(qtbot, ctx, monkeypatch)
    seen |= walk_the_seat(qtbot, ctx)
    assert any(OPEN in t for t in seen["Synchronisation, refusals"])  # the pseudo-translators are the ones answering
    found = {state: unmarked(texts, data, outside=ELECTIONS) for state, texts in seen.items()}
    assert not any(found.values()), "Texts not translated:\n" + "\n".join(
        f"{state}: {text!r}" for state, texts in found.items() for text in texts
    )


@pytest.mark.slow
def test_each_state_of_the_day_in_english_shows_no_french_but_data(
    qtbot: QtBot,
    ctx: AppContext,
    language: Callable[[str], None],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    language("en")
    seen, data = walk_the_day(qtbot, ctx, monkeypatch)
    seen |= walk_the_seat(qtbot, ctx)
    found = {state: english_offenders(texts, data) for state, texts in seen.items()}
    assert not any(found.values()), "French left on English screens:\n" + "\n".join(
        f"{state}: {text!r}" for state, texts in found.items() for text in texts
    )
