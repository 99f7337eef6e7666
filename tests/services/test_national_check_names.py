"""The national check reads a résiliation recorded here for the person the counter counts (session 33).

The counter counts a person without an NNE by surname, birth date and given names in any order or with one left out
(`person_match.person_rows`): « DUBOIS Jean » and « DUBOIS Jean Paul » are one mandant for R-VALID-6 and R-LIMIT-1.
A résiliation recorded here ends the central store's earlier procurations of that mandant (R-REVOKE-2), so the
national check must find it for the same person: matched by the typed full name alone, it warned R-VALID-6 about
procurations the résiliation had ended (a false warning the agent had to acknowledge).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from contextkit import service_context
from sqlalchemy import update

from desktop.models import Revocation
from desktop.models.db import Store
from desktop.rules.terms import PlaceKind, Status
from desktop.rules.types import EstablishedIn, ListKind, ProcurationFacts, Rounds, ScrutinValidity
from desktop.services.desk import DeskServices, EstablishInput, PersonInput, SearchQuery
from desktop.services.permissions import Principal
from desktop.services.procuration_body import Holdings, holdings_key
from desktop.settings import Settings

PRES = "presidentielle-2027"
JEAN_PAUL = PersonInput(last_name="DUBOIS", given_names="Jean Paul", birth_date=date(1975, 6, 2))
MARTIN = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire Marie", birth_date=date(1990, 1, 15))
THOMAS = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))


def _desk(store: Store, tmp_path: Path) -> DeskServices:
    settings = Settings(data_dir=tmp_path, station_code="75056-01", station_kind=PlaceKind.COMMISSARIAT)
    actor = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")
    return DeskServices(service_context(store, settings, actor=actor))


def _elsewhere(person: PersonInput) -> Holdings:
    """The central store's answer for the person: a procuration for the presidential vote made at another counter
    before the résiliation recorded here (built by hand, as services/national_fetch builds it)."""
    earlier = ProcurationFacts(
        id="01900000-0000-7000-8000-000000000001",
        mandant_key="central:01900000-0000-7000-8000-000000000001",
        mandataire_key="",
        established_at=datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
        established_in=EstablishedIn.FRANCE,
        mandant_list=ListKind.COMMUNALE,
        validity=ScrutinValidity(PRES, Rounds.BOTH),
    )
    return Holdings("mandant", holdings_key(person) or (), "en_ligne", "", (earlier,))


def _revoked_here(desk: DeskServices, recorded: PersonInput) -> None:
    """The mandant, recorded here as `recorded` (a Maprocuration request names them without an NNE), revokes
    every earlier procuration through an online request (R-REVOKE-2, R-REVOKE-4)."""
    online = EstablishInput(
        channel="maprocuration",
        reference="K7M2QX",
        requested_on=date(2026, 11, 20),
        mandant=replace(recorded, commune="75056"),
        mandataire=THOMAS,
        election_id="legislatives-2027",
    )
    established = desk.establish(online)
    assert established.saved, established.violations
    [found] = desk.find_mandants(SearchQuery(f"{recorded.last_name} {recorded.given_names}", recorded.birth_date))
    revoked = desk.revoke_all(elector_id=found.elector_id, channel="maprocuration", reference="R4T8WX")
    assert revoked.saved, revoked.violations


def _valid_6(desk: DeskServices, mandant: PersonInput) -> list[str]:
    """The R-VALID-6 warnings on a new Maprocuration act of the mandant for the presidential vote (nothing else in
    the way: the national check runs when no refusal does)."""
    form = EstablishInput(
        channel="maprocuration",
        reference="P4T9WD",
        requested_on=date(2026, 11, 30),
        mandant=replace(mandant, commune="75056"),
        mandataire=MARTIN,
        election_id=PRES,
        national=(_elsewhere(mandant),),
    )
    found = desk.check(form)
    assert not [v for v in found if v.blocking], found
    return [v.rule_id for v in found if v.message.startswith("Selon le répertoire central")]


def test_R_REVOKE_2_a_résiliation_here_counts_for_the_mandant_typed_with_a_given_name_left_out(
    store: Store, tmp_path: Path
) -> None:
    desk = _desk(store, tmp_path)
    assert _valid_6(desk, replace(JEAN_PAUL, given_names="Jean")) == ["R-VALID-6"]  # not revoked yet: warned
    _revoked_here(desk, JEAN_PAUL)
    assert _valid_6(desk, JEAN_PAUL) == []
    assert _valid_6(desk, replace(JEAN_PAUL, given_names="Jean")) == []
    assert _valid_6(desk, replace(JEAN_PAUL, given_names="Paul Jean")) == []


def test_R_REVOKE_2_a_résiliation_recorded_without_the_NNE_counts_when_it_is_typed(
    store: Store, tmp_path: Path
) -> None:
    desk = _desk(store, tmp_path)
    _revoked_here(desk, JEAN_PAUL)
    assert _valid_6(desk, replace(JEAN_PAUL, nne="19374652")) == []


def test_R_VALID_6_another_person_s_résiliation_does_not_take_the_warning_out(store: Store, tmp_path: Path) -> None:
    desk = _desk(store, tmp_path)
    _revoked_here(desk, JEAN_PAUL)
    assert _valid_6(desk, replace(JEAN_PAUL, given_names="Jean Pierre")) == ["R-VALID-6"]  # twins' names differ
    assert _valid_6(desk, replace(JEAN_PAUL, birth_date=date(1975, 6, 3))) == ["R-VALID-6"]


def test_R_VALID_6_a_résiliation_the_central_store_refused_ends_nothing(store: Store, tmp_path: Path) -> None:
    """Refused there (R-REVOKE-5/6), the résiliation ended nothing (sync/refused_revocation.py): the central store's
    earlier procuration is still in force and the new one would be void; the form warns as before the résiliation."""
    desk = _desk(store, tmp_path)
    _revoked_here(desk, JEAN_PAUL)
    assert _valid_6(desk, JEAN_PAUL) == []
    with store.session() as s, s.begin():  # its verdict, as sync/verdicts.record_result writes it
        s.execute(
            update(Revocation).values(status=Status.INVALIDEE, confirmed_at=datetime(2026, 12, 1, 10, tzinfo=UTC))
        )
    assert _valid_6(desk, JEAN_PAUL) == ["R-VALID-6"]
