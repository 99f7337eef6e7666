"""Activité du jour tells of earlier acts voided today (session 26): a procuration established yesterday, which the
central store refused today (an earlier act of another station synced late, R-LIMIT) or annulled (the register
reported a death, R-ELIG-5), is an alert of today's list, with what to tell the mandant. Before, the list held
today's receipts only: nothing anywhere told the agents, and the mandataire would be turned away at the polls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from contextkit import service_context
from test_shown_lists import BERNARD, DUBOIS, MARTIN, PRES, THOMAS

from desktop.models.db import Store
from desktop.models.ids import uuid7
from desktop.rules.terms import PlaceKind
from desktop.services.desk import DeskServices, EstablishInput, PersonInput
from desktop.services.permissions import Principal
from desktop.settings import Settings
from desktop.sync.outbox import apply_changes
from desktop.sync.wire import Change, ChangesPage

DAY_1 = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
DAY_2 = DAY_1 + timedelta(days=1)
PETIT = PersonInput(nne="190231856", last_name="PETIT", given_names="Paul", birth_date=DUBOIS.birth_date)


def _desk(store: Store, tmp_path: Path, at: datetime) -> DeskServices:
    settings = Settings(data_dir=tmp_path, station_code="75056-01", station_kind=PlaceKind.COMMISSARIAT)
    actor = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")
    return DeskServices(service_context(store, settings, actor=actor, clock=lambda: at))


def _feed(store: Store, record_id: str, status: str, rule_id: str | None, cursor: int, at: datetime) -> None:
    change = Change(cursor=cursor, entry_id=uuid7(), record_id=record_id, status=status, rule_id=rule_id,
                    message=None, at=at)  # fmt: skip
    apply_changes(store, ChangesPage(changes=(change,), next_cursor=cursor, more=False, server_time=at), now=at)


def test_earlier_acts_voided_today_are_today_s_alerts(store: Store, tmp_path: Path) -> None:
    yesterday = _desk(store, tmp_path, DAY_1)
    refused = yesterday.establish(EstablishInput(mandant=THOMAS, mandataire=DUBOIS, election_id=PRES))
    annulled = yesterday.establish(EstablishInput(mandant=PETIT, mandataire=BERNARD, election_id=PRES))
    kept = yesterday.establish(EstablishInput(mandant=MARTIN, mandataire=PETIT, election_id=PRES))
    assert refused.procuration_id and annulled.procuration_id and kept.procuration_id
    for n, made in enumerate((refused, annulled, kept), start=1):
        _feed(store, str(made.procuration_id), "validee", None, n, DAY_1)
    assert not any(r.alert for r in yesterday.activity())

    _feed(store, refused.procuration_id, "invalidee", "R-LIMIT-1", 4, DAY_2)
    _feed(store, annulled.procuration_id, "annulee", "R-ELIG-5", 5, DAY_2)
    _feed(store, kept.procuration_id, "invalidee", "R-LIMIT-1", 6, DAY_2)
    _feed(store, kept.procuration_id, "validee", None, 7, DAY_2)  # in force again the same day: no news
    today = _desk(store, tmp_path, DAY_2).activity()
    assert {r.receipt_number for r in today} == {refused.receipt_number, annulled.receipt_number}
    assert all(r.alert and r.kind_label == "Procuration du 01/12/2026" and not r.to_print for r in today)
    by_number = {r.receipt_number: r for r in today}
    assert "R-LIMIT-1" in by_number[refused.receipt_number].advice
    # The status in the words of Rechercher's and Résilier's tables (not « Refusée » here, « Invalidée » there).
    assert by_number[refused.receipt_number].status_label == "Invalidée par le central"
    assert by_number[annulled.receipt_number].status_label == "Annulée par le central"
    assert by_number[refused.receipt_number].person.startswith("THOMAS")
    assert "R-ELIG-5" in by_number[annulled.receipt_number].advice
    assert _desk(store, tmp_path, DAY_2 + timedelta(days=1)).activity() == []  # yesterday's news the day after


def test_an_act_of_the_day_voided_the_same_day_is_listed_once(store: Store, tmp_path: Path) -> None:
    desk = _desk(store, tmp_path, DAY_1)
    made = desk.establish(EstablishInput(mandant=THOMAS, mandataire=DUBOIS, election_id=PRES))
    assert made.procuration_id is not None
    _feed(store, made.procuration_id, "invalidee", "R-LIMIT-1", 1, DAY_1)
    [row] = desk.activity()
    assert row.alert and row.kind_label == "Procuration"  # the day's own act, as before


def test_a_mandant_already_represented_is_told_so_not_to_make_another(store: Store, tmp_path: Path) -> None:
    """R-VALID-6 (session 27): the mandant gave one for that vote elsewhere first; « il peut en établir une nouvelle »
    would have sent him to make a third, void again."""
    desk = _desk(store, tmp_path, DAY_1)
    made = desk.establish(EstablishInput(mandant=THOMAS, mandataire=DUBOIS, election_id=PRES))
    assert made.procuration_id is not None
    _feed(store, made.procuration_id, "invalidee", "R-VALID-6", 1, DAY_1)
    [row] = desk.activity()
    assert "R-VALID-6" in row.advice and "qui reste valable" in row.advice and "résilier" in row.advice
    assert "établir une nouvelle" not in row.advice
