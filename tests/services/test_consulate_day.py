"""The supervisor's questions at the end of a consulate's day (tests/consuldaykit.py), answered by the services the
screens read: Activité du jour, the Tableau de bord, the Rapport d'activité, the Journal d'audit, the renewals'
deadlines. Each count is on Montréal's day (UTC−5), never Paris's or UTC's, and every answer agrees with the others.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from consuldaykit import CHEF, DAY, ConsulDay, at, build_consul_day

from desktop.models.db import Store
from desktop.rules.ivote import Credential
from desktop.services.audit_search import AuditSearchService, JournalQuery
from desktop.services.dashboard import DashboardService
from desktop.services.reports import ActivityService

KINDS = {"Procuration": "procuration", "Résiliation": "resiliation", "Passeport": "passeport",
         "Vote par internet": "vote_internet"}  # fmt: skip


def _report(day: ConsulDay, first: date = DAY, last: date = DAY) -> Counter[tuple[str, str]]:
    report = ActivityService(day.desks[CHEF].ctx).report(first=first, last=last)
    return Counter((KINDS[line.kind], line.agent) for line in report.lines)


def test_each_renewal_of_the_day_is_counted_once_and_by_whom_as_the_dashboard_and_the_report_count_it(
    store: Store, tmp_path: Path
) -> None:
    """« How many renewals today, and by whom »: Activité du jour listed the step receipt of a case opened on 4
    December (agent-2 recorded the documents today) as one of today's acts, under the agent who opened the case
    (agent-1, who did nothing on it today: the journal says agent-2), and did not list at all the case agent-2
    opened at 13:00 (steps 1 and 2 give no receipt). The dashboard and the report count renewals on the day a case
    is opened, by who opened it: the two screens named different acts and agents for one day."""
    day = build_consul_day(store, tmp_path)
    rows = day.desks[CHEF].activity()
    listed = Counter((r.kind, r.agent_login) for r in rows if r.of_today)
    assert listed == _report(day)
    figures = DashboardService(day.desks[CHEF].ctx).figures()
    assert {s.key: s.counts[-1] for s in figures.by_kind} == dict(Counter(k for k, _a in listed.elements()))
    assert {a.name: a.today for a in figures.by_agent} == dict(Counter(a for _k, a in listed.elements()))
    step = next(r for r in rows if r.receipt_number == day.receipts["documents"])
    assert step.agent_login == "agent-2" and not step.of_today  # listed (a receipt of the day), not a new renewal
    assert any(r.kind == "passeport" and r.of_today and r.agent_login == "agent-2" for r in rows)


def test_the_internet_vote_renewals_of_the_period_are_the_bars_own_days(store: Store, tmp_path: Path) -> None:
    """« Renouvellements d'identifiants de vote par internet sur 30 jours » counted the last 30 × 24 hours from the
    clock: a request made at 23:50 on 7 November in Montréal (04:50 UTC on the 8th), outside the 30 days the bars
    show (8 November to 7 December, Montréal's days), was in the count: 3 against the bars' 2."""
    day = build_consul_day(store, tmp_path)
    end = day.clock.at
    day.clock.at = at(8, 4, 50, month=11)
    older = day.ivote("agent-3").request_renewal(numic="MAD2021555", email="ines.garcia@exemple.fr",
                                                 renew=frozenset({Credential.MOT_DE_PASSE}))  # fmt: skip
    assert older.ok, older.violations
    day.clock.at = end
    figures = DashboardService(day.desks[CHEF].ctx).figures()
    assert figures.days[0] == date(2026, 11, 8)
    bars = sum(next(s for s in figures.by_kind if s.key == "vote_internet").counts)
    assert bars == 2 and figures.renewals.ivote_renewals == bars


def test_acts_either_side_of_the_consulates_midnight_are_on_its_own_days(store: Store, tmp_path: Path) -> None:
    """23:50 on the 6th in Montréal is the 7th in Paris and in UTC; 23:30 on the 7th is the 8th in both. Each screen
    places them on Montréal's day: the report, Activité du jour, the dashboard's bars and the journal's day."""
    day = build_consul_day(store, tmp_path)
    ctx = day.desks[CHEF].ctx
    eve, late = day.number("eve"), day.number("late")
    on_the_6th = ActivityService(ctx).report(first=date(2026, 12, 6), last=date(2026, 12, 6))
    assert [line.receipt_number for line in on_the_6th.lines] == [eve]
    assert [r.receipt_number for r in day.desks[CHEF].activity(day=date(2026, 12, 6))] == [eve]
    today = {r.receipt_number for r in day.desks[CHEF].activity()}
    assert late in today and eve not in today
    figures = DashboardService(ctx).figures()
    procurations = next(s for s in figures.by_kind if s.key == "procuration")
    assert procurations.counts[-2:] == (1, 6)
    journal = AuditSearchService(ctx).search(JournalQuery(first=DAY, last=DAY, kind="etablissements"))
    names = ("midnight", "morning", "refused", "afternoon", "later", "late")
    assert {r.reference for r in journal.rows} == {f"Procuration {day.number(n)}" for n in names}


def test_what_the_central_store_refused_and_why(store: Store, tmp_path: Path) -> None:
    """The refusals on arrival: the procuration (R-LIMIT-2) and the documents step of a passport case
    (R-PASS-STEP-3). The dashboard counted both under their rules; Activité du jour showed only the procuration
    as refused (« 1 acte refusé ou annulé : prévenez le citoyen »): the step's row said « Refusée par le central »
    in its sync column, without the alert, nor the advice, nor the rule, so the summary and the dashboard's rule
    table said two different numbers of refusals for the day."""
    day = build_consul_day(store, tmp_path)
    dashboard = DashboardService(day.desks[CHEF].ctx)
    rules = dashboard.figures().rules
    assert sorted((r.rule_id, r.refused, r.invalidated_later) for r in rules) == [
        ("R-LIMIT-2", 1, 0),
        ("R-PASS-STEP-3", 1, 0),
    ]
    assert all(r.reason for r in rules)
    assert [a.receipt_number for a in dashboard.rule_acts("R-LIMIT-2")] == [day.number("refused")]
    case_number = day.receipts["documents"].rsplit("-E", 1)[0]
    assert [a.receipt_number for a in dashboard.rule_acts("R-PASS-STEP-3")] == [case_number]
    alerts = {r.receipt_number: r for r in day.desks[CHEF].activity() if r.alert}
    assert set(alerts) == {day.number("refused"), day.receipts["documents"]}
    assert "R-LIMIT-2" in alerts[day.number("refused")].advice
    assert "R-PASS-STEP-3" in alerts[day.receipts["documents"]].advice
    assert alerts[day.receipts["documents"]].agent_login == "agent-2"


def test_the_entries_waiting_for_the_network_and_since_when(store: Store, tmp_path: Path) -> None:
    """The network fell at 13:00 (after the 11:00 revocation, sent at 11:00 but never answered): the dashboard's
    count and oldest, its list of waiting entries and Activité du jour's « en attente » rows name the same acts."""
    day = build_consul_day(store, tmp_path)
    dashboard = DashboardService(day.desks[CHEF].ctx)
    sync = dashboard.figures().sync
    waiting = dashboard.waiting()
    assert sync.pending == len(waiting) == 6
    assert sync.oldest_pending_at == waiting[0].at == at(7, 16, 0)  # 11:00 in Montréal
    assert waiting[0].receipt_number == day.revocation
    numbers = {w.receipt_number for w in waiting}
    shown = {r.receipt_number for r in day.desks[CHEF].activity() if r.sync_label == "En attente du central"}
    assert shown == numbers


def test_the_late_renewals_against_their_deadlines(store: Store, tmp_path: Path) -> None:
    """R-PASS-1 at 23:45 in Montréal (already the 8th in UTC): the case whose day 40 is today is due, not late; the
    daily list and the dashboard's counts say the same."""
    day = build_consul_day(store, tmp_path)
    deadlines = day.passports(CHEF).daily_deadlines()
    assert deadlines.today == DAY
    assert [(c.id, c.deadline) for c in deadlines.overdue] == [(day.cases["late"], date(2026, 11, 29))]
    assert [(c.id, c.deadline) for c in deadlines.due_soon] == [
        (day.cases["today"], date(2026, 12, 7)),
        (day.cases["due"], date(2026, 12, 10)),
    ]
    renewals = DashboardService(day.desks[CHEF].ctx).figures().renewals
    assert (renewals.passport_returns_due, renewals.passport_returns_overdue) == (2, 1)


def test_the_reprints_and_who_made_them(store: Store, tmp_path: Path) -> None:
    """« Which receipts were reprinted, and by whom »: the journal's prints of the day name the duplicate (agent-3)
    and the print after the paper ran out (agent-2, not a duplicate: the first one failed); Activité du jour's
    print counts agree."""
    day = build_consul_day(store, tmp_path)
    journal = AuditSearchService(day.desks[CHEF].ctx).search(JournalQuery(first=DAY, last=DAY, kind="impressions"))
    prints = sorted((r.reference, r.agent_id or "", r.action_label) for r in journal.rows)
    morning, refused = day.number("morning"), day.number("refused")
    assert prints == [
        (f"Récépissé {morning}", "agent-1", "Récépissé imprimé"),
        (f"Récépissé {morning}", "agent-3", "Duplicata imprimé"),
        (f"Récépissé {refused}", "agent-2", "Impression du récépissé échouée"),
        (f"Récépissé {refused}", "agent-2", "Récépissé imprimé"),
    ]
    printed = {r.receipt_number: r.printed for r in day.desks[CHEF].activity() if r.printed}
    assert printed == {morning: 2, refused: 1}


def test_the_journal_names_which_renewal_receipt_was_reprinted(store: Store, tmp_path: Path) -> None:
    """A passport case gives up to three receipts (steps 3, 4 and 8) and its prints were journaled under the case,
    « Duplicata imprimé — Passeport RPD-ST-01-2026-00004 »: which of its receipts the citizen took twice, the journal
    could not say (a procuration's print names its receipt). Each renewal print now names its receipt."""
    day = build_consul_day(store, tmp_path)
    e3 = day.receipts["documents"]
    assert day.passports("agent-2").print_receipt(e3).printed
    assert day.passports("agent-3").print_receipt(e3).duplicate
    vpi = day.receipts["ivote"]
    assert day.ivote("agent-3").print_receipt(vpi).printed
    journal = AuditSearchService(day.desks[CHEF].ctx).search(JournalQuery(first=DAY, last=DAY, kind="impressions"))
    renewals = sorted((r.reference, r.agent_id or "", r.action_label) for r in journal.rows if "GCH" not in r.reference)
    assert renewals == [
        (f"Passeport {e3}", "agent-2", "Récépissé imprimé"),
        (f"Passeport {e3}", "agent-3", "Duplicata imprimé"),
        (f"Vote par internet {vpi}", "agent-3", "Récépissé imprimé"),
    ]
    by_number = AuditSearchService(day.desks[CHEF].ctx).search(JournalQuery(reference=e3))
    assert [r.agent_id for r in by_number.rows if r.action_label == "Duplicata imprimé"] == ["agent-3"]
