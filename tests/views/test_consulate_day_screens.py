"""The supervisor's questions at the end of a consulate's day (tests/consuldaykit.py: Montréal, UTC−5), each answer
read on the screens: Activité du jour, the Tableau de bord, the Journal d'audit, the Renouvellements screens and the
Rapport d'activité say the same figures, each on Montréal's day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from consuldaykit import CHEF, DAY, ZONE, ConsulDay, build_consul_day
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models.db import Store
from desktop.services.audit_search import AuditSearchService
from desktop.services.dashboard import DashboardService
from desktop.services.reports import ActivityService
from desktop.views.activity import ActivityPage, ActivityTableModel
from desktop.views.dashboard import DashboardPage
from desktop.views.journal import JournalPage
from desktop.views.kit import station_time
from desktop.views.renewals import RenewalsPage
from desktop.views.renewals.page import TAB_DEADLINES, TAB_IVOTE


@pytest.fixture(autouse=True)
def _montreal() -> Iterator[None]:
    """The screens read times in the station's zone, as the application sets it from its settings."""
    station_time.use_station_zone(ZONE)
    yield
    station_time.use_station_zone("")


def _show(qtbot: QtBot, page: object) -> None:
    qtbot.addWidget(page)
    page.resize(1024, 768)  # type: ignore[attr-defined]
    page.show()  # type: ignore[attr-defined]


def _activity(qtbot: QtBot, day: ConsulDay) -> ActivityPage:
    page = ActivityPage(day.desks[CHEF])
    _show(qtbot, page)
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    return page


def _dashboard(qtbot: QtBot, day: ConsulDay, tmp_path: Path) -> DashboardPage:
    ctx = day.desks[CHEF].ctx
    page = DashboardPage(DashboardService(ctx), ActivityService(ctx), zone=ZONE, clock=day.clock,
                         save_path=lambda _title, name, _pattern: tmp_path / name)  # fmt: skip
    _show(qtbot, page)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    return page


def _journal(qtbot: QtBot, day: ConsulDay, reference: str) -> JournalPage:
    page = JournalPage(AuditSearchService(day.desks[CHEF].ctx), zone=ZONE)
    _show(qtbot, page)
    qtbot.waitUntil(lambda: page.result is not None and page.integrity is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=10_000)
    first = page.result
    page.reference_input.setText(reference)
    page.search_button.click()
    qtbot.waitUntil(lambda: page.result is not first and not page.runner.busy, timeout=10_000)
    return page


def _cells(model: object, column: int) -> list[str]:
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]  # type: ignore[attr-defined]


def test_the_consulates_day_reads_one_set_of_figures_on_every_screen(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """How many procurations, renewals and credentials today, and by whom: Activité du jour, the dashboard's bar
    and « par agent » line, and the Rapport d'activité of Montréal's 7 December say the same (the 23:50 act of the
    6th, the 7th in Paris and in UTC, is in none; the 23:30 act of the 7th, the 8th in both, is in all)."""
    day = build_consul_day(store, tmp_path)
    activity = _activity(qtbot, day)
    assert activity.summary.text().startswith("10 actes aujourd'hui"), activity.summary.text()
    of_today = [r for r in activity.rows if r.of_today]
    assert Counter(r.agent_login for r in of_today) == {"agent-1": 4, "agent-2": 3, "agent-3": 3}
    dashboard = _dashboard(qtbot, day, tmp_path)
    figures = dashboard.figures
    assert figures is not None and figures.today == DAY
    assert {s.key: s.counts[-1] for s in figures.by_kind} == dict(Counter(r.kind for r in of_today))
    assert "agent-1 : 4 / 6 ; agent-2 : 3 / 3 ; agent-3 : 3 / 3" in dashboard.agents_label.text()
    report = ActivityService(day.desks[CHEF].ctx).report(first=DAY, last=DAY)
    assert len(report.lines) == 10 and dict(report.by_agent) == {"agent-1": 4, "agent-2": 3, "agent-3": 3}
    assert dict(report.by_kind) == {"Procurations": 6, "Résiliations": 1, "Passeports": 1, "Vote par internet": 2}
    # What the central store refused: the procuration (R-LIMIT-2) and a passport step (R-PASS-STEP-3), on both.
    assert "2 actes refusés ou annulés" in activity.summary.text(), activity.summary.text()
    rules = dashboard.rules_model
    assert sorted(str(rules.index(r, 0).data()) for r in range(rules.rowCount())) == ["R-LIMIT-2", "R-PASS-STEP-3"]


def test_a_passport_step_is_listed_under_who_recorded_it(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """The documents of a case opened on 4 December arrived today (agent-2): Activité du jour's « par … » named the
    agent who opened the case; the case agent-2 opened at 13:00 was on the dashboard's bar and nowhere in the list."""
    day = build_consul_day(store, tmp_path)
    page = _activity(qtbot, day)
    row = [r.receipt_number for r in page.rows].index(day.receipts["documents"])
    assert page.rows[row].agent_login == "agent-2"
    assert _cells(page.model, ActivityTableModel.AGENT)[row] == "agent-2"
    opened = [r for r in page.rows if r.kind == "passeport" and r.of_today]
    assert [r.agent_login for r in opened] == ["agent-2"]


def test_the_waiting_entries_and_the_last_success_in_montreals_time(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """« Which entries wait for the network, and since when »: six, the oldest since 11:00 (12 h 45 at 23:45), the
    last success at 10:10, Montréal's time (15:10 UTC, 16:10 in Paris)."""
    day = build_consul_day(store, tmp_path)
    text = _dashboard(qtbot, day, tmp_path).sync_label.text()
    assert "6 entrées en attente ; la plus ancienne attend depuis 12 h 45" in text, text
    assert "07/12/2026 à 10:10" in text, text


def test_the_journal_says_who_printed_the_duplicate_in_montreals_time(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    day = build_consul_day(store, tmp_path)
    page = _journal(qtbot, day, day.number("morning"))
    printed = [
        (when, agent, action)
        for when, agent, action in zip(_cells(page.model, 0), _cells(page.model, 1), _cells(page.model, 2), strict=True)
        if "imprimé" in action
    ]
    assert [(agent, action) for _when, agent, action in printed] == [
        ("agent-3 (agent-3)", "Duplicata imprimé"),
        ("agent-1 (agent-1)", "Récépissé imprimé"),
    ]
    assert "10:10" in printed[0][0] and "08:30" in printed[1][0], printed


def test_the_renewals_screens_on_montreals_day(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """Échéances du jour at 23:45 in Montréal (the 8th in UTC): the case whose day 40 is today is due, one late; the
    internet-vote list dates its requests in Montréal's time; the dashboard's renewals line says the same counts."""
    day = build_consul_day(store, tmp_path)
    ctx = day.desks[CHEF].ctx
    page = RenewalsPage(day.passports(CHEF), day.ivote(CHEF))
    _show(qtbot, page)
    page.show_tab(TAB_DEADLINES)
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=10_000)
    panel = page.deadlines
    assert (panel.soon_model.rowCount(), panel.late_model.rowCount()) == (2, 1)
    assert panel.summary.text().startswith("Le 07/12/2026"), panel.summary.text()
    page.show_tab(TAB_IVOTE)
    page.ivote.refresh()
    qtbot.waitUntil(lambda: not page.runner.busy and page.ivote.model.rowCount() == 2, timeout=10_000)
    asked = sorted(_cells(page.ivote.model, 3))
    assert asked == ["07/12/2026 10:10", "07/12/2026 16:00"], asked
    dashboard = DashboardPage(DashboardService(ctx), ActivityService(ctx), zone=ZONE, clock=day.clock,
                              save_path=lambda _title, name, _pattern: tmp_path / name)  # fmt: skip
    _show(qtbot, dashboard)
    qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=10_000)
    text = dashboard.renewals_label.text()
    assert "2 retours de passeport dus sous 7 jours, 1 en retard" in text, text
    assert "2 renouvellements d'identifiants de vote par internet sur 30 jours" in text, text


def test_a_case_opened_today_has_no_receipt_to_print(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """The case agent-2 opened at 13:00 (steps 1 and 2: no receipt) is now one of the day's acts on Activité du jour,
    listed under its case number; its « Impression » cell read « 0 impression », as if a receipt had been issued and
    never printed. Now « — » (read « Pas de récépissé »), and the « Récépissé » column says « Dossier n° … »."""
    day = build_consul_day(store, tmp_path)
    page = _activity(qtbot, day)
    row = next(i for i, r in enumerate(page.rows) if not r.receipt_issued)
    assert page.rows[row].kind == "passeport" and page.rows[row].agent_login == "agent-2"
    assert _cells(page.model, ActivityTableModel.PRINT)[row] == "—"
    printed = page.model.index(row, ActivityTableModel.PRINT)
    assert page.model.data(printed, Qt.ItemDataRole.AccessibleTextRole) == "Pas de récépissé"
    number = page.model.index(row, ActivityTableModel.NUMBER)
    assert page.model.data(number, Qt.ItemDataRole.ToolTipRole) == f"Dossier n° {page.rows[row].receipt_number}"
