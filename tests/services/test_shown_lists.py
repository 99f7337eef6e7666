"""The lists of Activité du jour, which name citizens and refresh after each sync (the day's acts, R-ELIG-5's
procurations annulled since the morning): a consultation each, journaled once per content shown (R-DATA-4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from contextkit import service_context
from sqlalchemy import select

from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.models.ids import uuid7
from desktop.rules.terms import PlaceKind
from desktop.services.consultation_writer import settle
from desktop.services.desk import DeskServices, EstablishInput, PersonInput
from desktop.services.permissions import Principal
from desktop.services.shown_lists import ACTIVITY, ANNULLED
from desktop.settings import Settings
from desktop.sync.outbox import apply_changes
from desktop.sync.wire import Change, ChangesPage

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
MORNING = NOW.replace(hour=0, minute=0)
MARTIN = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire Marie", birth_date=date(1990, 1, 15))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
BERNARD = PersonInput(nne="371617504", last_name="BERNARD", given_names="Luc Henri", birth_date=date(1969, 8, 8))
THOMAS = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
PRES = "presidentielle-2027"


def _desk(store: Store, tmp_path: Path, agent_id: str = "agent-1") -> DeskServices:
    settings = Settings(data_dir=tmp_path, station_code="75056-01", station_kind=PlaceKind.COMMISSARIAT)
    actor = Principal("75056-01", agent_id, role="agent_police", capacity="OPJ", station_kind="commissariat")
    return DeskServices(service_context(store, settings, actor=actor, clock=lambda: NOW))


def _annul(store: Store, procuration_id: str, cursor: int) -> None:
    """The central store's feed says the procuration was annulled (the mandataire died, R-ELIG-5)."""
    change = Change(cursor=cursor, entry_id=uuid7(), record_id=procuration_id, status="annulee", rule_id="R-ELIG-5",
                    message="Procuration annulée de plein droit : décès du mandataire (R-ELIG-5).", at=NOW)  # fmt: skip
    page = ChangesPage(changes=(change,), next_cursor=cursor, more=False, server_time=NOW)
    apply_changes(store, page, now=NOW)


def _consultations(store: Store, kind: str = ANNULLED) -> list[tuple[str | None, str | None, str | None]]:
    settle(store)  # the journal's lines into the audit chain
    with store.read() as s:
        rows = s.execute(
            select(AuditEvent.agent_id, AuditEvent.record_id, AuditEvent.detail)
            .where(AuditEvent.action == "consultation", AuditEvent.record_kind == kind)
            .order_by(AuditEvent.seq)
        )
        return [tuple(r) for r in rows.tuples()]  # type: ignore[misc]


def test_R_ELIG_5_the_annulled_list_is_journaled_once_per_content_it_shows(store: Store, tmp_path: Path) -> None:
    """Counter audit (left open until now): Activité du jour's list names mandants and mandataires and left no trace.
    Its consultation is journaled when an agent is first shown a content, not at each refresh after a sync; with
    the count and a digest of the records' ids, no name."""
    desk = _desk(store, tmp_path)
    first = desk.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES))
    second = desk.establish(EstablishInput(mandant=BERNARD, mandataire=THOMAS, election_id=PRES))
    assert first.procuration_id is not None and second.procuration_id is not None
    assert desk.annulled_since(MORNING) == [] and _consultations(store) == []  # nobody shown: nothing journaled

    _annul(store, first.procuration_id, 1)
    for _refresh in range(3):  # the first look, then a refresh after each sync: one event
        [row] = desk.annulled_since(MORNING)
        assert row.mandant.startswith("MARTIN")
    events = _consultations(store)
    assert len(events) == 1 and events[0][0] == "agent-1" and events[0][2] is not None
    assert events[0][2].startswith("resultats=1;empreinte=")
    assert not {"MARTIN", "DUBOIS", "Claire"} & set(events[0][2].replace(";", " ").replace("=", " ").split())

    _annul(store, second.procuration_id, 2)  # the list changed: shown again, journaled again
    assert len(desk.annulled_since(MORNING)) == 2
    desk.annulled_since(MORNING)
    events = _consultations(store)
    assert len(events) == 2 and events[1][2] is not None and events[1][2].startswith("resultats=2;")
    assert events[0][2] != events[1][2]

    # Another agent at the counter is shown it for the first time: theirs is journaled; a visa keeps the desk's.
    _desk(store, tmp_path, "agent-2").annulled_since(MORNING)
    desk.with_visa(None).annulled_since(MORNING)
    assert [e[0] for e in _consultations(store)] == ["agent-1", "agent-1", "agent-2"]
    # The same content since an earlier hour is the same list: still not journaled again.
    desk.annulled_since(MORNING - timedelta(hours=1))
    assert len(_consultations(store)) == 3


def test_R_DATA_4_the_day_s_acts_are_journaled_once_per_content_an_agent_is_shown(store: Store, tmp_path: Path) -> None:
    """Counter audit (session 25): Activité du jour lists the day's acts with the citizens' names, refreshed after each
    sync, and left no trace. Its consultation is journaled like the annulled list's: once per content, no name."""
    desk = _desk(store, tmp_path)
    assert desk.activity(day=NOW.date()) == [] and _consultations(store, ACTIVITY) == []
    desk.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES))
    for _refresh in range(3):
        [row] = desk.activity(day=NOW.date())
        assert row.person.startswith("MARTIN")
    events = _consultations(store, ACTIVITY)
    assert len(events) == 1 and events[0][0] == "agent-1" and events[0][2] is not None
    assert events[0][2].startswith("resultats=1;empreinte=")
    assert not {"MARTIN", "DUBOIS", "Claire"} & set(events[0][2].replace(";", " ").replace("=", " ").split())

    desk.establish(EstablishInput(mandant=BERNARD, mandataire=THOMAS, election_id=PRES))  # a new act: a new content
    assert len(desk.activity(day=NOW.date())) == 2
    desk.activity(day=NOW.date())
    _desk(store, tmp_path, "agent-2").activity(day=NOW.date())  # the next agent at the counter: theirs
    assert [(e[0], (e[2] or "")[:11]) for e in _consultations(store, ACTIVITY)] == [
        ("agent-1", "resultats=1"),
        ("agent-1", "resultats=2"),
        ("agent-2", "resultats=2"),
    ]
    assert _consultations(store) == []  # the annulled list is its own: nothing annulled, nothing shown


def test_R_DATA_4_a_role_that_may_not_consult_is_refused_the_days_acts_and_the_refusal_is_audited(
    store: Store, tmp_path: Path
) -> None:
    """Outside audit (session 29): Activité du jour's refusal was said without a trace, where every other consultation
    refused is audited."""
    import pytest

    from desktop.services.permissions import PermissionDenied

    settings = Settings(data_dir=tmp_path, station_code="75056-01", station_kind=PlaceKind.COMMISSARIAT)
    admin = Principal("75056-01", "admin-1", role="administrateur", capacity="administrateur",
                      station_kind="commissariat")  # fmt: skip
    desk = DeskServices(service_context(store, settings, actor=admin, clock=lambda: NOW))
    with pytest.raises(PermissionDenied):
        desk.activity(day=NOW.date())
    with store.read() as s:
        refused = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "acces.refuse")).all()
    assert refused == ["procuration.consulter"]


def test_the_day_s_list_names_the_acts_it_showed_by_receipt_number(store: Store, tmp_path: Path) -> None:
    """Supervisor audit (session 31): a list was journaled by its count and a digest only, so the Journal d'audit could
    not say who was shown an act among others. The line now names the acts shown by receipt number (never a name),
    compactly: the day's receipts follow each other."""
    from desktop.services.shown_lists import read_listed

    desk = _desk(store, tmp_path)
    for mandant, mandataire in ((MARTIN, DUBOIS), (BERNARD, THOMAS)):
        assert desk.establish(EstablishInput(mandant=mandant, mandataire=mandataire, election_id=PRES)).saved
    rows = desk.activity(day=NOW.date())
    [(_agent, _rid, detail)] = _consultations(store, ACTIVITY)
    assert detail is not None
    pairs = dict(p.split("=", 1) for p in detail.split(";"))
    assert sorted(read_listed(pairs["recepisses"])) == sorted(r.receipt_number for r in rows)
    first, last = sorted(r.receipt_number for r in rows)
    assert pairs["recepisses"] == f"{first}..{last[-6:]}"  # one run
    assert not {"MARTIN", "DUBOIS", "BERNARD", "THOMAS"} & set(detail.replace(";", " ").replace("=", " ").split())


def test_R_ELIG_5_the_annulled_list_names_its_procurations_by_receipt_number(store: Store, tmp_path: Path) -> None:
    from desktop.models import Procuration
    from desktop.services.shown_lists import read_listed

    desk = _desk(store, tmp_path)
    out = desk.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id=PRES))
    with store.read() as s:
        procuration = s.scalars(select(Procuration)).one()
    _annul(store, procuration.id, 1)
    assert [r.id for r in desk.annulled_since(MORNING)] == [procuration.id]
    [(_agent, _rid, detail)] = _consultations(store)
    assert detail is not None
    assert read_listed(dict(p.split("=", 1) for p in detail.split(";"))["recepisses"]) == [out.receipt_number]


def test_receipt_numbers_are_written_as_runs_and_read_back_whole_or_counted() -> None:
    from desktop.services.shown_lists import listed_numbers, read_listed

    day = [f"GCH-75056-01-2026-{n:06d}" for n in (*range(1, 38), 39, 41, 42)]
    numbers = [*day, "GCH-75056-01-2025-000999", "GCH-CA-MTL-2026-000871", "SANS-CHIFFRE"]
    text, left = listed_numbers(numbers)
    assert left == 0 and sorted(read_listed(text)) == sorted(numbers)
    assert "GCH-75056-01-2026-000001..000037+000039+000041..000042" in text and len(text) < 140
    text, left = listed_numbers(numbers, limit=60)
    assert len(text) <= 60 and left + len(read_listed(text)) == len(numbers)  # what does not fit is counted
    assert listed_numbers(["GCH-1;x=2", "A,B"]) == ("", 2)  # never a separator of the line inside it
    for torn in ("", ",", "+000003", "GCH-1..", "GCH-000001..000", "GCH-000009..000001", "a..b+c..d"):
        assert isinstance(read_listed(torn), list)  # a torn or foreign text reads as what it can, never raises
