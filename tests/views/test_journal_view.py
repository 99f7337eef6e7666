"""Journal d'audit: the supervisor's screen over a store with events; the guichetier's greyed entry; keyboard, names
and layout at 1366×768 and 1024×768."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from a11ykit import accessible_name, describe, interactive_widgets, order_problems, tab_chain
from activitykit import AGENT, NOW, context, seed_activity
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_main_window import window_as

from desktop.context import AppContext
from desktop.models import AuditEvent, Procuration
from desktop.models.db import Store
from desktop.services.audit_search import LIMIT, AuditSearchService
from desktop.services.journal import Actor, action, audit
from desktop.services.permissions import PermissionDenied, Principal
from desktop.views.journal import KIND_WORDS, JournalPage

STATION = "75056-01"


def _events(store: Store, rows: list[tuple[str | None, str, datetime, str | None, str | None]]) -> None:
    with action(store) as s:
        for agent, name, at, kind, rid in rows:
            audit(s, actor=Actor(STATION, agent), action_name=name, now=at, record_kind=kind, record_id=rid)


def make_page(qtbot: QtBot, store: Store, tmp_path: Path, actor: Principal | None = None) -> JournalPage:
    ctx = context(store, tmp_path, actor) if actor else context(store, tmp_path)
    page = JournalPage(AuditSearchService(ctx), zone="Europe/Paris")
    qtbot.addWidget(page)
    page.resize(1136, 700)  # 1366×768 less the navigation and the window's frame
    page.show()
    return page


def _loaded(qtbot: QtBot, page: JournalPage) -> None:
    qtbot.waitUntil(lambda: page.result is not None and page.integrity is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=10_000)


def test_the_supervisor_reads_who_did_what_on_the_stations_clock(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    seed_activity(store, now=NOW, count=5)
    with store.read() as s:
        procuration = s.scalars(select(Procuration).order_by(Procuration.receipt_number)).first()
    assert procuration is not None
    at = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 00:30 on Wednesday 25 in Paris
    _events(store, [("agent-1", "procuration.etablie", at, "procuration", procuration.id),
                    (None, "connexion.echouee", at + timedelta(minutes=1), "agent", None)])  # fmt: skip
    page = make_page(qtbot, store, tmp_path)
    _loaded(qtbot, page)
    assert page.model.rowCount() == 2
    assert [page.model.text(1, c) for c in range(4)] == [
        "25/11/2026 00:30:00",
        "Mme Claire Fontaine (agent-1)",
        "Procuration établie",
        f"Procuration {procuration.receipt_number}",
    ]
    assert page.model.text(0, 1) == "identifiant inconnu"
    tip = page.model.data(page.model.index(1, 2), Qt.ItemDataRole.ToolTipRole)
    assert "procuration.etablie" in tip  # the stored name, for whoever reads an inspector's export beside it
    # The two events and the consultation of the journal itself, audited before the check.
    assert page.integrity_label.text().startswith("Journal intact : 3 événements vérifiés")
    assert page.integrity_label.property("state") == "ok"
    assert page.message.text() == "2 événements trouvés, le plus récent en premier."
    # The agents' list came from the runner: the station's accounts, after « Tous les agents ».
    qtbot.waitUntil(lambda: page.agent_box.count() == 4, timeout=10_000)
    assert page.agent_box.itemText(1) == "M. Paul Roy (agent-2)"
    # Filtered by the receipt number: typed, Enter.
    qtbot.keyClicks(page.reference_input, procuration.receipt_number)
    qtbot.keyClick(page.reference_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    with store.read() as s:
        seen = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "journal.consulte")).all()
    assert seen == ["filtres=aucun lignes=2", "filtres=reference lignes=1"]  # each search audited, no value typed


def test_a_reversed_period_or_an_unreadable_date_is_said_and_not_searched(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    page = make_page(qtbot, store, tmp_path)
    _loaded(qtbot, page)
    page.first_input.setText("25/11/2026")
    page.last_input.setText("24/11/2026")
    assert page.query() is None and "précède" in page.last_field.error_text
    page.last_input.setText("31/02/2026")
    assert page.query() is None and "Date impossible" in page.last_field.error_text
    page.last_input.setText("30/11/2026")
    query = page.query()
    assert query is not None and (query.first, query.last) == (NOW.date() - timedelta(days=5), NOW.date())


def test_a_year_of_log_shows_the_newest_rows_and_asks_to_narrow_the_search(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    _events(store, [("agent-1", "consultation", NOW - timedelta(hours=n), "recherche", None) for n in range(LIMIT + 3)])
    page = make_page(qtbot, store, tmp_path)
    _loaded(qtbot, page)
    assert page.model.rowCount() == LIMIT
    assert "affinez la recherche" in page.message.text() and page.message.property("state") == "warn"


def test_a_broken_chain_is_said_in_red_with_where_it_breaks(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    _events(store, [("agent-1", "consultation", NOW - timedelta(minutes=n), "recherche", None) for n in range(4)])
    with store.write() as s:
        s.scalars(select(AuditEvent).where(AuditEvent.seq == 2)).one().agent_id = "agent-2"
    page = make_page(qtbot, store, tmp_path)
    _loaded(qtbot, page)
    assert page.integrity_label.text().startswith("Journal altéré : rupture à l'événement n° 2.")
    assert page.integrity_label.property("state") == "error"


def test_a_guichetier_reaches_neither_the_screen_nor_the_service(
    qtbot: QtBot, ctx: AppContext, store: Store, tmp_path: Path
) -> None:
    s = ctx.settings
    agent = Principal(s.station_code, "agent-9", role="agent_police", capacity="opj", station_kind=s.station_kind.value)
    window = window_as(qtbot, ctx, agent, "Agent Neuf")
    qtbot.waitUntil(lambda: isinstance(window.page("journal"), JournalPage), timeout=10_000)
    reason = window.refused("journal")
    assert reason is not None and "exporter le journal d'audit" in reason
    window.show_section("journal")
    assert window.current_key() != "journal"
    # The service refuses too, whatever a screen would do.
    page = make_page(qtbot, store, tmp_path, AGENT)
    qtbot.waitUntil(lambda: "journal d'audit" in page.message.text(), timeout=10_000)
    assert page.model.rowCount() == 0 and page.message.property("state") == "error"
    with pytest.raises(PermissionDenied):
        page.service.search(page.query())  # type: ignore[arg-type]


def test_a_supervisor_opens_it_from_the_navigation_and_tabs_through_it_in_reading_order(
    qtbot: QtBot, ctx: AppContext
) -> None:
    s = ctx.settings
    boss = Principal(s.station_code, "sup-1", role="superviseur", capacity="opj", station_kind=s.station_kind.value)
    window = window_as(qtbot, ctx, boss, "Superviseur Un")
    qtbot.waitUntil(lambda: isinstance(window.page("journal"), JournalPage), timeout=10_000)
    assert window.refused("journal") is None
    item = next(window.nav.item(r) for r in range(window.nav.count()) if window.nav.item(r).text() == "Journal d'audit")
    assert item.toolTip() == ""  # no Ctrl+digit left past the tenth section: it said « Ctrl+1 », Établir's
    window.show_section("a_decider")
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_key() == "journal"
    page = window.page("journal")
    assert isinstance(page, JournalPage)
    _loaded(qtbot, page)
    unnamed = [describe(w) for w in interactive_widgets(page) if not accessible_name(w)]
    assert not unnamed
    assert not order_problems(page)
    chain = tab_chain(page)
    assert chain.index(page.agent_box) < chain.index(page.first_input) < chain.index(page.last_input)
    assert chain.index(page.kind_box) < chain.index(page.reference_input) < chain.index(page.search_button)
    assert chain.index(page.clear_button) < chain.index(page.table)
    # The mnemonics: Alt+N to the kind of action, Alt+I to the receipt number.
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is page.kind_box
    qtbot.keyClick(page, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is page.reference_input


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_the_filters_buttons_and_table_stay_in_sight(
    qtbot: QtBot, ctx: AppContext, themed: Callable[..., None], tmp_path: Path, size: tuple[int, int]
) -> None:
    themed()
    s = ctx.settings
    boss = Principal(s.station_code, "sup-1", role="superviseur", capacity="opj", station_kind=s.station_kind.value)
    names = ("consultation", "procuration.etablie", "tableau_de_bord.en_attente", "connexion.refusee_delai")
    now = datetime.now(UTC)
    _events(ctx.store, [("sup-1", names[n % 4], now - timedelta(minutes=n), "procuration", f"0190f1c2-{n:04d}")
                        for n in range(40)])  # fmt: skip
    window = window_as(qtbot, ctx, boss, "Superviseur Un")
    window.resize(*size)
    qtbot.waitUntil(lambda: isinstance(window.page("journal"), JournalPage), timeout=10_000)
    window.show_section("journal")
    page = window.page("journal")
    assert isinstance(page, JournalPage)
    _loaded(qtbot, page)
    QApplication.processEvents()
    shots = Path("/tmp/journal")
    shots.mkdir(exist_ok=True)
    window.grab().save(str(shots / f"journal-{size[0]}x{size[1]}.png"))
    inside = QRect(QPoint(0, 0), window.size())
    for w in (page.agent_box, page.first_input, page.last_input, page.kind_box, page.reference_input,
              page.search_button, page.clear_button, page.table):  # fmt: skip
        assert inside.contains(QRect(w.mapTo(window, QPoint(0, 0)), w.size())), describe(w)
    assert page.table.height() >= page.table.fontMetrics().height() * 8
    assert page.page_scroll.horizontalScrollBar().maximum() == 0  # never sideways


def test_every_kind_of_action_has_its_words_on_screen() -> None:
    from desktop.services.audit_words import ACTION_KINDS

    assert [k.key for k in ACTION_KINDS] == list(KIND_WORDS)


def test_the_store_is_read_off_the_gui_thread_only(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """Every call that reads the store (the accounts, the search, the chain's check) runs on the runner."""
    import threading

    calls: list[tuple[str, bool]] = []

    class Spy(AuditSearchService):
        def agents(self):  # type: ignore[no-untyped-def]
            calls.append(("agents", threading.current_thread() is threading.main_thread()))
            return super().agents()

        def search(self, query, *, limit=LIMIT):  # type: ignore[no-untyped-def]
            calls.append(("search", threading.current_thread() is threading.main_thread()))
            return super().search(query, limit=limit)

        def integrity(self):  # type: ignore[no-untyped-def]
            calls.append(("integrity", threading.current_thread() is threading.main_thread()))
            return super().integrity()

    page = JournalPage(Spy(context(store, tmp_path)), zone="Europe/Paris")
    qtbot.addWidget(page)
    page.show()
    _loaded(qtbot, page)
    qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sum(name == "integrity" for name, _ in calls) == 2, timeout=10_000)
    assert {name for name, _ in calls} == {"agents", "search", "integrity"}
    assert not any(on_gui for _, on_gui in calls)


def test_a_list_consultation_says_which_acts_it_showed(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """The journal said « Consultation » and nothing of the acts a list showed; the row now says how many, and
    selecting it says which, by receipt number (consecutive ones as « A à B »)."""
    from desktop.services.shown_lists import listed_numbers

    day = [f"GCH-75056-01-2026-{n:06d}" for n in (*range(1, 6), 9)]
    listed, _left = listed_numbers(day)
    with action(store) as s:
        audit(s, actor=Actor(STATION, "agent-1"), action_name="consultation", now=NOW, record_kind="activite_du_jour",
              detail=f"resultats=6;empreinte=ab;recepisses={listed}")  # fmt: skip
        audit(s, actor=Actor(STATION, "agent-1"), action_name="connexion.reussie", now=NOW - timedelta(minutes=5),
              record_kind="agent", record_id="agent-1")  # fmt: skip
    page = make_page(qtbot, store, tmp_path)
    _loaded(qtbot, page)
    [row] = [i for i, r in enumerate(page.model.rows()) if r.record_kind == "activite_du_jour"]
    assert page.model.text(row, 3) in ("Liste de 6 actes", "Liste de 6 acte(s)")  # « actes » once the catalog has it
    assert page.model.text(row, 2) == "Consultation — liste des actes du jour"
    page.table.selectRow(row)
    said = (
        "Actes listés par cette consultation (n° de récépissé) : "
        "GCH-75056-01-2026-000001 à GCH-75056-01-2026-000005, GCH-75056-01-2026-000009."
    )
    assert page.listed_label.isVisible() and page.listed_label.text() == said
    assert page.model.data(page.model.index(row, 3), Qt.ItemDataRole.ToolTipRole) == said
    page.table.selectRow(1 - row)
    assert not page.listed_label.isVisible()
