"""The Tableau de bord's figures over a store seeded with 30 days of acts, against counts kept by the seed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from activitykit import AGENT, CHEF, NOW, Seeded, context, seed_activity, station
from sqlalchemy import select

from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.services.dashboard import DashboardService, Period
from desktop.services.permissions import PermissionDenied, Principal


@pytest.fixture
def seeded(store: Store) -> Seeded:
    return seed_activity(store, now=NOW, count=700)


def test_series_equal_independent_counts(store: Store, tmp_path: Path, seeded: Seeded) -> None:
    figures = DashboardService(context(store, tmp_path)).figures()
    assert len(figures.days) == 30 and figures.days[-1] == NOW.date()
    for series in figures.by_kind:
        expected = seeded.per_day(kind=series.key)
        assert series.counts == tuple(expected.get(d, 0) for d in figures.days), series.key
    for series in figures.by_channel:
        expected = seeded.per_day(channel=series.key)
        assert series.counts == tuple(expected.get(d, 0) for d in figures.days), series.key
    inside = [a for a in seeded.acts if figures.days[0] <= seeded.day(a) <= figures.days[-1]]
    assert figures.total == len(inside) < len(seeded.acts)  # the acts before the window are not counted
    assert {r.rule_id: r.refused for r in figures.rules if r.refused} == dict(+seeded.refused)
    assert {r.rule_id: r.invalidated_later for r in figures.rules if r.invalidated_later} == dict(
        +seeded.invalidated_later
    )
    assert figures.sync.pending == seeded.pending
    assert figures.sync.backlog[-1] == seeded.pending
    assert figures.sync.last_success_at == NOW - timedelta(hours=2)


def test_days_follow_the_station_time_zone_across_summer_time() -> None:
    from zoneinfo import ZoneInfo

    period = Period(datetime(2026, 3, 1).date(), datetime(2026, 3, 30).date(), ZoneInfo("Europe/Paris"))
    assert period.whole_hours
    # 23:30 UTC on 28 March is already the 29th in Paris (UTC+1); 22:30 UTC on 29 March is 00:30 on the 30th (UTC+2).
    assert period.day_of(datetime(2026, 3, 28, 23, 30, tzinfo=UTC)).day == 29
    assert period.day_of(datetime(2026, 3, 29, 22, 30, tzinfo=UTC)).day == 30
    assert not Period(period.first, period.last, ZoneInfo("Asia/Kolkata")).whole_hours


def test_acts_behind_a_bar_are_listed_and_the_listing_audited(store: Store, tmp_path: Path, seeded: Seeded) -> None:
    service = DashboardService(context(store, tmp_path))
    day = NOW.date() - timedelta(days=3)
    rows = service.acts(axis="channel", key="maprocuration", day=day)
    expected = sorted(a.receipt_number for a in seeded.acts if a.channel == "maprocuration" and seeded.day(a) == day)
    assert sorted(r.receipt_number for r in rows) == expected and expected
    assert {r.agent_name for r in rows} <= {"Mme Claire Fontaine", "M. Paul Roy", "Mme Anne Lambert"}
    assert {r.kind_label for r in rows} <= {"Procuration", "Résiliation"}  # one act a row: « Nature » singular
    with store.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "tableau_de_bord.actes")).one()
    assert event.agent_id == "chef-1" and f"actes={len(expected)}" in (event.detail or "")


def test_an_agent_without_the_role_is_refused_and_the_refusal_audited(store: Store, tmp_path: Path) -> None:
    service = DashboardService(context(store, tmp_path, AGENT))
    assert service.refusal() is not None
    with pytest.raises(PermissionDenied, match="tableau de bord"):
        service.figures()
    with store.read() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "acces.refuse")).all()
    assert [(e.agent_id, e.detail) for e in events] == [("agent-1", "tableau_de_bord.consulter")]


def test_a_consular_head_of_post_sees_the_dashboard(store: Store, tmp_path: Path) -> None:
    chef = Principal(
        "CA-MTL", "c", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
    )
    assert DashboardService(context(store, tmp_path, chef)).refusal() is None


class FakeCentral:
    def __init__(self, answer: object) -> None:
        self.answer = answer
        self.zones: list[str] = []

    def station_figures(self, *, days: int = 30, zone: str = "Europe/Paris") -> object:
        self.zones.append(zone)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_central_figures_are_added_when_online(store: Store, tmp_path: Path) -> None:
    from contextkit import service_context

    from desktop.sync.client import TransientError
    from desktop.sync.wire import DayFigures, StationFigures

    def service(central: object | None) -> DashboardService:
        ctx = service_context(store, station(tmp_path), actor=CHEF, clock=lambda: NOW, central=central)
        return DashboardService(ctx)

    assert service(None).central_figures().state == "non_configure"
    # Set up but not reached yet (the demo's central store starts after the window, a station not enrolled): the
    # supervisor is not sent looking for a setting that is there.
    configured = service_context(store, station(tmp_path), actor=CHEF, clock=lambda: NOW, central=None)
    configured = replace(configured, settings=configured.settings._replace(central_url="https://central.example.fr"))
    waiting = DashboardService(configured).central_figures()
    assert waiting.state == "non_joint" and "pas encore joint" in waiting.text, waiting
    assert service(FakeCentral(TransientError("down"))).central_figures().state == "hors_ligne"
    answer = StationFigures(
        station_id="00000000-0000-0000-0000-000000000001",
        last_contact=NOW - timedelta(hours=1),
        days=(
            DayFigures(day=NOW.date(), acts=12, refusals=2, late=1),
            DayFigures(day=NOW.date() - timedelta(days=1), acts=8, refusals=0, late=0),
        ),
    )
    central = FakeCentral(answer)
    online = service(central).central_figures()
    assert (online.state, online.received, online.refusals, online.late) == ("en_ligne", 20, 2, 1)
    assert "20 entrées reçues" in online.text and "30/11/2026 à 16:45" in online.text
    assert central.zones == ["Europe/Paris"]  # the station's days, as its own figures count them
    consulate = service_context(store, station(tmp_path), actor=CHEF, clock=lambda: NOW, central=central)
    consulate = replace(consulate, settings=consulate.settings._replace(station_timezone="America/Montreal"))
    DashboardService(consulate).central_figures()
    assert central.zones[-1] == "America/Montreal"


def test_how_the_mandants_identities_were_taken_is_counted_from_each_act(store: Store, tmp_path: Path) -> None:
    """A supervisor sees how many procurations of the period were established on a chip that did not prove the
    identity, from each act's audit event (the elector's own mark only ever rises to « puce »)."""
    from dataclasses import replace

    from test_procurations import FORM, MANDANT, MANDATAIRE, make_desk

    desk = make_desk(store, tmp_path / "desk", clock=lambda: NOW - timedelta(days=1))
    people = [("31234567", "BERNARD"), ("41234567", "PETIT"), ("51234567", "ROUX"), ("61234567", "FAURE")]
    for (nne, name), source in zip(people, ["puce", "puce_non_verifiee", "saisie", "puce"], strict=True):
        mandant = replace(MANDANT, nne=nne, last_name=name, source=source)
        mandataire = replace(MANDATAIRE, nne=nne[::-1], last_name=name + "E")
        assert desk.establish(replace(FORM, mandant=mandant, mandataire=mandataire)).saved
    figures = DashboardService(context(store, tmp_path)).figures()
    assert figures.identities == (("puce", 2), ("puce_non_verifiee", 1), ("saisie", 1))
    older = DashboardService(context(store, tmp_path)).figures(days=1)  # today only: yesterday's acts are outside
    assert older.identities == ()


def test_an_entry_set_aside_is_not_counted_as_waiting_anywhere(store: Store, tmp_path: Path, seeded: Seeded) -> None:
    """An entry the central store refused at reception is set aside and never sent again (desktop/sync/recovery.py):
    the Synchronisation screen said « Tout est envoyé » while the dashboard and the status bar counted it as waiting
    for ever (« la plus ancienne attend depuis 30 jours »), each screen a different count."""
    from sqlalchemy import update

    from desktop.models import OutboxEntry
    from desktop.status import outbox_status
    from desktop.sync import outbox

    service = DashboardService(context(store, tmp_path))
    before = service.figures().sync
    with store.write() as s:
        oldest = s.scalar(select(OutboxEntry.seq).where(OutboxEntry.acked_at.is_(None)).order_by(OutboxEntry.seq))
        s.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq == oldest)
            .values(set_aside_at=NOW - timedelta(hours=1), verdict="invalidee", refusal="hors format")
        )
    sync = service.figures().sync
    assert sync.pending == before.pending - 1 == outbox.pending(store)[0] == outbox_status(store).pending
    assert sync.oldest_pending_at == outbox.pending(store)[1].replace(tzinfo=UTC)  # type: ignore[union-attr]
    assert sync.backlog[-1] == sync.pending  # the chart's today, as the figure beside it
    assert sync.backlog[:-1] == before.backlog[:-1]  # it waited until it was set aside, today


def test_the_acts_of_each_agent_today_and_over_seven_days(store: Store, tmp_path: Path, seeded: Seeded) -> None:
    """« Qui a fait quoi aujourd'hui, cette semaine ? » The dashboard counted by kind and channel, never by agent: the
    chef de poste opened each bar to count the names. Each agent's acts today and over the last 7 days, every kind."""
    from activitykit import AGENTS

    figures = DashboardService(context(store, tmp_path)).figures()
    names = dict(AGENTS)
    today = NOW.date()
    week = [a for a in seeded.acts if today - timedelta(days=6) <= seeded.day(a) <= today]
    expected = {
        names[agent]: (
            sum(1 for a in week if a.agent_id == agent and seeded.day(a) == today),
            sum(1 for a in week if a.agent_id == agent),
        )
        for agent in {a.agent_id for a in week}
    }
    assert {a.name: (a.today, a.week) for a in figures.by_agent} == expected
    assert [a.week for a in figures.by_agent] == sorted((a.week for a in figures.by_agent), reverse=True)


def test_the_entries_waiting_for_the_central_store_are_listed_oldest_first(
    store: Store, tmp_path: Path, seeded: Seeded
) -> None:
    """« 26 entrées en attente ; la plus ancienne attend depuis 30 jours » and nothing said which: an act of three
    days ago still waiting was nowhere to be found (Activité du jour lists today's). The entries behind the count,
    oldest first, each with its receipt number, kind, agent and since when; the listing is audited."""
    service = DashboardService(context(store, tmp_path))
    rows = service.waiting()
    figures = service.figures()
    assert len(rows) == figures.sync.pending == seeded.pending > 0
    assert [r.at for r in rows] == sorted(r.at for r in rows)
    assert rows[0].at == figures.sync.oldest_pending_at
    numbers = {a.receipt_number: a for a in seeded.acts}
    for row in rows:
        act = numbers[row.receipt_number]
        assert (row.kind, row.agent_id) == (act.kind, act.agent_id)
        assert row.agent_name and row.kind_label
    with store.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "tableau_de_bord.en_attente")).one()
    assert event.detail == f"entrees={len(rows)}"
    with pytest.raises(PermissionDenied):
        DashboardService(context(store, tmp_path, AGENT)).waiting()


def test_the_acts_behind_a_rule_s_figures_are_listed_and_the_listing_audited(
    store: Store, tmp_path: Path, seeded: Seeded
) -> None:
    """A row of « Refus et invalidations par règle » said « R-VALID-6 : 4 refus, 2 invalidées ensuite » and opened
    nothing: which acts, whose, when? The acts behind the two counts, oldest first, each saying which of the two it
    is; audited as the entries waiting are (`tableau_de_bord.regle`: the rule id and the count, no elector's name)."""
    service = DashboardService(context(store, tmp_path))
    figures = service.figures()
    assert figures.rules
    for counted in figures.rules:
        rows = service.rule_acts(counted.rule_id)
        assert {r.receipt_number for r in rows} == seeded.rule_acts[counted.rule_id]
        decisions = [r.decision for r in rows]
        assert decisions.count("Refus à l'arrivée") == counted.refused == seeded.refused[counted.rule_id]
        assert decisions.count("Invalidée ensuite") == counted.invalidated_later
        assert [r.at for r in rows] == sorted(r.at for r in rows)
        numbers = {a.receipt_number: a for a in seeded.acts}
        for row in rows:
            assert (row.kind, row.agent_id) == ("procuration", numbers[row.receipt_number].agent_id)
            assert row.agent_name and row.agent_login and row.status == "invalidee"
    with store.read() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "tableau_de_bord.regle")).all()
    first = figures.rules[0]
    assert events[0].detail == f"regle={first.rule_id} actes={first.refused + first.invalidated_later}"
    assert len(events) == len(figures.rules)
    assert service.rule_acts("R-INCONNUE") == []
    with pytest.raises(PermissionDenied):
        DashboardService(context(store, tmp_path, AGENT)).rule_acts(first.rule_id)
