"""The supervisor's questions at the end of a real day (tests/daykit.py), each answer read on the screens.

Three agents at one counter, a refusal on arrival, a duplicate, the afternoon's entries waiting, acts either side of
midnight: Activité du jour, the Tableau de bord, the Rapport d'activité and the Journal d'audit must say the same.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from daykit import CHEF, DAY, Day, build_day
from pytestqt.qtbot import QtBot

from desktop.models.db import Store
from desktop.services.audit_search import AuditSearchService
from desktop.services.dashboard import DashboardService
from desktop.services.reports import ActivityService
from desktop.sync.outbox import apply_changes
from desktop.sync.wire.answers import Change, ChangesPage
from desktop.views.activity import ActivityPage, ActivityTableModel
from desktop.views.dashboard import DashboardPage
from desktop.views.journal import JournalPage
from desktop.views.kit.tablefit import text_margins


def _activity(qtbot: QtBot, day: Day) -> ActivityPage:
    page = ActivityPage(day.desks[CHEF])
    qtbot.addWidget(page)
    page.resize(1024, 768)
    page.show()
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    return page


def _dashboard(qtbot: QtBot, day: Day, tmp_path: Path) -> DashboardPage:
    ctx = day.desks[CHEF].ctx
    page = DashboardPage(DashboardService(ctx), ActivityService(ctx), zone="Europe/Paris", clock=day.clock,
                         save_path=lambda _title, name, _pattern: tmp_path / name)  # fmt: skip
    qtbot.addWidget(page)
    page.resize(1024, 768)
    page.show()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    return page


def _journal(qtbot: QtBot, day: Day, reference: str) -> JournalPage:
    page = JournalPage(AuditSearchService(day.desks[CHEF].ctx), zone="Europe/Paris")
    qtbot.addWidget(page)
    page.resize(1024, 768)
    page.show()
    qtbot.waitUntil(lambda: page.result is not None and page.integrity is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=10_000)  # the opening's search, every event
    first = page.result
    page.reference_input.setText(reference)
    page.search_button.click()
    qtbot.waitUntil(lambda: page.result is not first and not page.runner.busy, timeout=10_000)
    return page


def _cells(page: ActivityPage | JournalPage, column: int) -> list[str]:
    model = page.model
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def test_the_days_counts_agree_on_every_screen(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """How many acts today, per agent and per kind: Activité du jour, the dashboard's bar and « par agent » line,
    and the Rapport d'activité of the day say one set of figures (the 23:59 act of the eve is in none of them)."""
    day = build_day(store, tmp_path)
    activity = _activity(qtbot, day)
    assert activity.summary.text().startswith("7 actes aujourd'hui")
    agents = Counter(_cells(activity, ActivityTableModel.AGENT))
    assert agents == {"agent-1": 3, "agent-2": 2, "agent-3": 2}
    dashboard = _dashboard(qtbot, day, tmp_path)
    figures = dashboard.figures
    assert figures is not None and figures.today == DAY
    assert {s.key: s.counts[-1] for s in figures.by_kind if s.counts[-1]} == {"procuration": 6, "resiliation": 1}
    assert "agent-1 : 3 / 4 ; agent-2 : 2 / 2 ; agent-3 : 2 / 2" in dashboard.agents_label.text()
    report = ActivityService(day.desks[CHEF].ctx).report(first=DAY, last=DAY)
    assert len(report.lines) == 7 and dict(report.by_agent) == {"agent-1": 3, "agent-2": 2, "agent-3": 2}
    assert "4 entrées en attente ; la plus ancienne attend depuis 12 h 59" in dashboard.sync_label.text()


def test_an_earlier_days_act_refused_today_is_not_counted_among_todays_acts(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """The eve's 23:59 procuration, invalidated by the central store today, is listed (the citizen must be told) but
    is not one of today's acts: « 8 actes aujourd'hui » on Activité du jour beside 7 on the dashboard's bar of the
    day and in the day's report, the supervisor could not tell which figure to sign."""
    day = build_day(store, tmp_path)
    now = day.clock.at
    change = Change(cursor=1, entry_id=str(uuid.uuid4()), record_id=day.acts["eve"].procuration_id or "",
                    status="invalidee", rule_id="R-LIMIT-1", message="Mandataire déjà chargé.", at=now)  # fmt: skip
    apply_changes(store, ChangesPage(changes=(change,), next_cursor=1, more=False, server_time=now), now=now)
    activity = _activity(qtbot, day)
    assert len(activity.rows) == 8  # listed: the citizen must be told
    assert activity.summary.text().startswith("7 actes aujourd'hui"), activity.summary.text()
    assert "2 actes refusés ou annulés" in activity.summary.text()
    dashboard = _dashboard(qtbot, day, tmp_path)
    assert dashboard.figures is not None and sum(s.counts[-1] for s in dashboard.figures.by_kind) == 7
    assert len(ActivityService(day.desks[CHEF].ctx).report(first=DAY, last=DAY).lines) == 7


def test_the_journal_says_which_print_was_the_duplicate_and_who_printed_it(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """« Which receipts were printed twice, and by whom »: the original (agent-1) and the duplicate agent-3 printed
    an hour later read the same « Récépissé imprimé »; the word « duplicata » was in the tooltip's raw detail only."""
    day = build_day(store, tmp_path)
    page = _journal(qtbot, day, day.number("morning"))
    printed = [
        (agent, action) for agent, action in zip(_cells(page, 1), _cells(page, 2), strict=True) if "imprimé" in action
    ]
    assert printed == [("agent-3 (agent-3)", "Duplicata imprimé"), ("agent-1 (agent-1)", "Récépissé imprimé")]


@pytest.mark.parametrize("scale", [1.0, 1.25])
def test_the_journal_shows_the_whole_receipt_number_at_1024(
    qtbot: QtBot, store: Store, tmp_path: Path, scale: float
) -> None:
    """The act's column cut « Procuration GCH-ST-01-2026-0… » at 1024×768: the sequence, the one part that tells
    the day's acts apart, was the part elided (a station's own numbers, « GCH-75056-01-2026-000001 », are longer).
    At 125 % text too, the act and the longest action of a day's listing both whole."""
    day = build_day(store, tmp_path)
    page = _journal(qtbot, day, day.number("morning"))
    font = page.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    page.setFont(font)
    page.resize(1023, 768)  # a resize event: the columns are laid out again for the font
    page.resize(1024, 768)
    qtbot.wait(50)
    table, header = page.table, page.table.horizontalHeader()
    metrics = table.fontMetrics()
    margins = text_margins(table)
    for text in _cells(page, 3):
        assert metrics.horizontalAdvance(text) + margins <= header.sectionSize(3), text
    assert metrics.horizontalAdvance("Résiliation GCH-75056-01-2026-000001") + margins <= header.sectionSize(3)
    action = "Consultation — liste des actes du jour"
    assert metrics.horizontalAdvance(action) + margins <= header.sectionSize(2), [
        header.sectionSize(c) for c in range(4)
    ]
    assert sum(header.sectionSize(c) for c in range(4)) <= table.viewport().width() + 1


def test_the_day_changes_at_the_stations_midnight(store: Store, tmp_path: Path) -> None:
    """Across midnight: the eve's 23:59 act is the 6th's everywhere, the 00:01 one the 7th's."""
    day = build_day(store, tmp_path)
    service = ActivityService(day.desks[CHEF].ctx)
    eve = service.report(first=date(2026, 12, 6), last=date(2026, 12, 6))
    assert [line.receipt_number for line in eve.lines] == [day.number("eve")]
    assert [r.receipt_number for r in day.desks[CHEF].activity(day=date(2026, 12, 6))] == [day.number("eve")]
    today = [r.receipt_number for r in day.desks[CHEF].activity()]
    assert day.number("midnight") in today and day.number("eve") not in today


def test_the_dashboard_names_each_agent_as_the_report_does(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """An account created before names were checked (session 33), « Paul \u202eTNOMUD »: the report, the export,
    Activité du jour and the journal read « Paul TNOMUD », the dashboard's « Par agent » line still showed it
    reversed (« Paul DUMONT »), so its figures matched no name of the day's report."""
    from desktop.models import Agent

    day = build_day(store, tmp_path)
    with store.write() as s:
        agent = s.get(Agent, "agent-2")
        assert agent is not None
        agent.display_name = "Paul \u202eTNOMUD\u200b"
    report = ActivityService(day.desks[CHEF].ctx).report(first=DAY, last=DAY)
    assert dict(report.by_agent)["Paul TNOMUD"] == 2
    text = _dashboard(qtbot, day, tmp_path).agents_label.text()
    assert "Paul TNOMUD : 2 / 2" in text and "\u202e" not in text, text


def test_an_agent_removed_and_enrolled_again_is_two_accounts_on_the_dashboard_and_in_the_report(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """agent-2 is removed at noon and enrolled again under the same login and name (accounts.py `_free_login`: the
    old account keeps its history under a renamed login). The dashboard counted two « Paul Roy » with no way to tell
    them apart, the report one « Paul Roy : 3 »: two sets of figures for one day, neither saying which account."""
    from contextkit import add_agents
    from daykit import PEOPLE, desk_for

    from desktop.models import Agent
    from desktop.services.desk import EstablishInput

    day = build_day(store, tmp_path)
    with store.write() as s:
        old = s.get(Agent, "agent-2")
        assert old is not None
        old.active, old.login, old.display_name = False, "agent-2~01a2501c", "M. Paul Roy"
    add_agents(store, [("agent-4", "agent_police", "OPJ", None)], at=day.clock.at)
    with store.write() as s:
        new = s.get(Agent, "agent-4")
        assert new is not None
        new.login, new.display_name = "agent-2", "M. Paul Roy"
    form = EstablishInput(mandant=PEOPLE[12], mandataire=PEOPLE[13], election_id="presidentielle-2027")
    assert desk_for(store, tmp_path, day.clock, "agent-4").establish(form).saved
    report = ActivityService(day.desks[CHEF].ctx).report(first=DAY, last=DAY)
    by_agent = dict(report.by_agent)
    assert by_agent == {"agent-1": 3, "M. Paul Roy (agent-2~01a2501c)": 2, "M. Paul Roy (agent-2)": 1, "agent-3": 2}
    assert {line.agent for line in report.lines} == set(by_agent)
    text = _dashboard(qtbot, day, tmp_path).agents_label.text()
    assert "M. Paul Roy (agent-2~01a2501c) : 2 / 2" in text and "M. Paul Roy (agent-2) : 1 / 1" in text, text


def test_the_rules_table_says_why_the_central_store_refused(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """« Which acts were refused, and why »: the row said « R-LIMIT-1 | 1 | 0 » and nothing in words; the station's
    sentence for the rule is now the cell's tooltip and its accessible description (a screen reader reads no tooltip
    of a table's cell)."""
    from PySide6.QtCore import Qt

    day = build_day(store, tmp_path)
    page = _dashboard(qtbot, day, tmp_path)
    model = page.rules_model
    assert model.rowCount() == 1 and model.index(0, 0).data() == "R-LIMIT-1"
    said = "Le mandataire détenait déjà une procuration établie en France."
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == said
    assert model.index(0, 1).data(Qt.ItemDataRole.AccessibleDescriptionRole) == said
