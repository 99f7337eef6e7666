"""The establish form's checks as a consultation (R-DATA-4, R-DATA-3): what the live check, the review and a refused
save tell of the procurations this counter holds is journaled once per agent, person and content, and told in full
for a bounded number of persons a day (outside audit, December 2026: a birth date and a procuration found from a name
alone in 365 unaudited checks)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from contextkit import service_context
from sqlalchemy import select

from desktop.models import AuditEvent, Elector
from desktop.models.db import Store, open_store
from desktop.models.keys import StaticKeyProvider
from desktop.services.check_disclosure import DAILY_PERSONS, FLAG, RECORD_KIND
from desktop.services.consultation_writer import settle
from desktop.services.desk import DeskServices, EstablishInput, PersonInput
from desktop.services.permissions import Principal
from desktop.services.procurations import search_key
from desktop.settings import Settings

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
PRES = "presidentielle-2027"
MARTIN = PersonInput(
    nne="204512873", last_name="MARTIN", given_names="Claire Marie", birth_date=date(1990, 1, 15), source="puce"
)
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
BERNARD = PersonInput(nne="371617504", last_name="BERNARD", given_names="Luc Henri", birth_date=date(1969, 8, 8))
THOMAS = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
OTHER = PersonInput(nne="55555555", last_name="X", given_names="Y", birth_date=date(1960, 1, 1))
FORM = EstablishInput(channel="cerfa_12668", mandant=MARTIN, mandataire=DUBOIS, election_id=PRES, rounds="T1_T2")


def _desk(store: Store, tmp_path: Path, agent_id: str = "apj-1", capacity: str = "APJ") -> DeskServices:
    settings = Settings(data_dir=tmp_path / "data", station_code="75056-01", station_name="Commissariat central")
    actor = Principal("75056-01", agent_id, role="agent_police", capacity=capacity, station_kind="commissariat")
    return DeskServices(service_context(store, settings, actor=actor, clock=lambda: NOW))


def _opj(store: Store, tmp_path: Path) -> DeskServices:
    return _desk(store, tmp_path, "opj-1", "OPJ")


def _lines(store: Store, action: str = "consultation") -> list[tuple[str | None, str | None, str]]:
    """(agent, record id, detail) of the checks' consultations (or flags), in the chain's order."""
    settle(store)
    with store.read() as s:
        rows = s.execute(
            select(AuditEvent.agent_id, AuditEvent.record_id, AuditEvent.detail)
            .where(AuditEvent.action == action, AuditEvent.record_kind == RECORD_KIND)
            .order_by(AuditEvent.seq)
        )
        return [(a, r, d or "") for a, r, d in rows.tuples()]


def _elector_id(store: Store, p: PersonInput) -> str:
    with store.read() as s:
        found = s.scalars(select(Elector.id).where(Elector.search_name == search_key(p.last_name, p.given_names)))
        return next(iter(found))


def _probe(mandant: PersonInput) -> EstablishInput:
    """The auditor's probe: the person typed as mandant, anyone as mandataire."""
    return replace(FORM, mandant=mandant, mandataire=OTHER)


def _valid_6(violations: object) -> list[str]:
    return [v.message for v in violations if v.rule_id == "R-VALID-6"]  # type: ignore[attr-defined]


def test_R_DATA_4_a_check_disclosing_a_stored_procuration_is_journaled_once_for_repeated_checks(
    store: Store, tmp_path: Path
) -> None:
    """The live check runs at every pause in typing: the same answer about the same person is one consultation, with
    the elector's id, the rule and the procuration's id, no name; the agent still reads the date for the citizen."""
    saved = _opj(store, tmp_path).establish(FORM)
    assert saved.saved
    desk = _desk(store, tmp_path)
    for _keystroke in range(5):
        [message] = _valid_6(desk.check(_probe(MARTIN)))
        assert "11/04/2027" in message  # what a legitimate agent tells the citizen in front of them
    [(agent, record, detail)] = _lines(store)
    assert agent == "apj-1" and record == _elector_id(store, MARTIN)
    assert detail.startswith(
        "role=mandant;regles=R-VALID-6;affichage=complet;procurations=" + str(saved.procuration_id)
    )
    assert not {"MARTIN", "Claire", "1990", "204512873"} & set(detail.replace(";", " ").replace("=", " ").split())


def test_R_DATA_4_two_persons_disclosed_are_two_consultations(store: Store, tmp_path: Path) -> None:
    """A mandant already represented (R-VALID-6) and a mandataire at their ceiling (R-LIMIT-1, with the earlier act's
    time): each person is a consultation of their own."""
    opj = _opj(store, tmp_path)
    assert opj.establish(FORM).saved
    assert opj.establish(replace(FORM, mandant=BERNARD, mandataire=THOMAS)).saved
    desk = _desk(store, tmp_path)
    assert _valid_6(desk.check(_probe(MARTIN)))
    full = desk.check(replace(FORM, mandant=OTHER, mandataire=THOMAS))
    # The earlier act's time on the station's clock (09:30 UTC is 10:30 in Paris), not in UTC.
    assert any(v.rule_id == "R-LIMIT-1" and "le 01/12/2026 à 10:30," in v.message for v in full)
    assert not any("UTC" in v.message for v in full)
    desk.check(_probe(MARTIN))
    desk.check(replace(FORM, mandant=OTHER, mandataire=THOMAS))
    lines = _lines(store)
    assert [(r, d.split(";")[0]) for _a, r, d in lines] == [
        (_elector_id(store, MARTIN), "role=mandant"),
        (_elector_id(store, THOMAS), "role=mandataire"),
    ]


def test_R_DATA_4_a_check_disclosing_nothing_writes_no_consultation(store: Store, tmp_path: Path) -> None:
    """Nobody known, or a party whose stored procuration does not change the answer (another vote): nothing is told,
    nothing journaled; the same party for the same vote is told, and journaled."""
    assert _opj(store, tmp_path).establish(replace(FORM, mandant=BERNARD, election_id="europeennes-2029")).saved
    desk = _desk(store, tmp_path)
    assert not _valid_6(desk.check(_probe(MARTIN)))  # nobody stored
    assert not _valid_6(desk.check(_probe(BERNARD)))  # BERNARD gave one, for another vote: read, not disclosed
    assert _lines(store) == []
    assert _valid_6(desk.check(replace(_probe(BERNARD), election_id="europeennes-2029")))
    assert [r for _a, r, _d in _lines(store)] == [_elector_id(store, BERNARD)]


def test_R_DATA_4_review_and_a_refused_save_disclose_the_same_and_are_journaled_the_same_way(
    store: Store, tmp_path: Path
) -> None:
    """The walk-arounds: the review and a refused save say what the live check says; whichever comes first journals
    the consultation, the others (the same content) add nothing; a person first met there is journaled there."""
    opj = _opj(store, tmp_path)
    assert opj.establish(FORM).saved
    assert opj.establish(replace(FORM, mandant=BERNARD, mandataire=THOMAS)).saved
    desk = _desk(store, tmp_path)
    reviewed = desk.review(_probe(MARTIN))
    assert not reviewed.ready and _valid_6(reviewed.violations)
    assert len(_lines(store)) == 1
    refused = desk.establish(_probe(MARTIN))
    assert not refused.saved and _valid_6(refused.violations) == _valid_6(reviewed.violations)
    assert _valid_6(desk.check(_probe(MARTIN))) == _valid_6(reviewed.violations)
    assert len(_lines(store)) == 1

    refused = desk.establish(_probe(BERNARD))  # a refused save is the first to tell: journaled there
    assert not refused.saved and "11/04/2027" in _valid_6(refused.violations)[0]
    assert [r for _a, r, _d in _lines(store)] == [_elector_id(store, MARTIN), _elector_id(store, BERNARD)]


def test_R_DATA_4_another_agent_at_the_same_station_gets_their_own_lines(store: Store, tmp_path: Path) -> None:
    """The counter is shared: what the next agent is shown is their consultation, whatever the first was shown."""
    assert _opj(store, tmp_path).establish(FORM).saved
    first, second = _desk(store, tmp_path, "apj-1"), _desk(store, tmp_path, "apj-2")
    for _round in range(2):
        assert _valid_6(first.check(_probe(MARTIN)))
        assert _valid_6(second.check(_probe(MARTIN)))
        assert _valid_6(second.review(_probe(MARTIN)).violations)
    assert [a for a, _r, _d in _lines(store)] == ["apj-1", "apj-2"]


def _namesakes(store: Store, tmp_path: Path, count: int) -> list[date]:
    """`count` MARTIN Claire Marie born on different days of 1990, each of whom gave a procuration here."""
    opj, days = _opj(store, tmp_path), []
    for i in range(count):
        born = date(1990, 1, 1) + timedelta(days=3 * i + 1)
        mandant = PersonInput(
            nne=f"{30000000 + i}", last_name="MARTIN", given_names="Claire Marie", birth_date=born, source="saisie"
        )
        mandataire = PersonInput(
            nne=f"{40000000 + i}", last_name="DURAND", given_names="Paul", birth_date=date(1950, 1, 1) + timedelta(i)
        )
        assert opj.establish(replace(FORM, mandant=mandant, mandataire=mandataire)).saved
        days.append(born)
    return days


def test_R_DATA_3_a_brute_force_over_birth_dates_is_journaled_and_past_the_bound_says_less_and_is_flagged(
    store: Store, store_key: bytes, tmp_path: Path
) -> None:
    """The auditor's sweep, 365 birth dates for one common name, over more namesakes than the daily bound: each
    disclosure is journaled; past the bound the save is still refused, but no date is told, and the supervisor's
    flag is raised once; the citizens already told today are still told in full. A new login, or a restart, does
    not start the count again."""
    extra = 5
    born = _namesakes(store, tmp_path, DAILY_PERSONS + extra)
    desk = _desk(store, tmp_path)
    found: list[date] = []
    said_less: list[date] = []
    day = date(1990, 1, 1)
    while day.year == 1990:
        probe = _probe(PersonInput(last_name="MARTIN", given_names="Claire Marie", birth_date=day, source="saisie"))
        told = [v for v in desk.check(probe) if v.rule_id == "R-VALID-6"]
        if told:
            assert told[0].blocking
            (found if "11/04/2027" in told[0].message else said_less).append(day)
        day += timedelta(days=1)
    assert found == born[:DAILY_PERSONS] and said_less == born[DAILY_PERSONS:]
    lines = _lines(store)
    assert len(lines) == DAILY_PERSONS + extra and {a for a, _r, _d in lines} == {"apj-1"}
    assert sum("affichage=complet" in d for _a, _r, d in lines) == DAILY_PERSONS
    assert sum("affichage=reduit" in d for _a, _r, d in lines) == extra
    [(agent, _record, detail)] = _lines(store, FLAG)
    assert agent == "apj-1" and detail == f"seuil={DAILY_PERSONS};jour=2026-12-01"

    # Past the bound: the review and a refused save say less too; a citizen already told today is told again.
    late = _probe(PersonInput(last_name="MARTIN", given_names="Claire Marie", birth_date=born[-1], source="saisie"))
    [short] = _valid_6(desk.review(late).violations)
    assert "Rechercher" in short and "2027" not in short
    refused = desk.establish(late)
    assert not refused.saved and _valid_6(refused.violations) == [short]
    early = replace(late, mandant=replace(late.mandant, birth_date=born[0]))
    assert "11/04/2027" in _valid_6(desk.check(early))[0]
    # Another agent has their own day; the same agent's next login too is past the bound (counted from the chain).
    assert "11/04/2027" in _valid_6(_desk(store, tmp_path, "apj-2").check(late))[0]
    assert _valid_6(_desk(store, tmp_path).check(late)) == [short]
    store.close()
    reopened = open_store(tmp_path / "guichet.db", StaticKeyProvider(store_key), migrate=False)
    try:
        assert _valid_6(_desk(reopened, tmp_path).check(late)) == [short]
        assert len(_lines(reopened, FLAG)) == 1  # flagged once a day
    finally:
        reopened.close()
