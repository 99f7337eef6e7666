"""A résiliation's path rules name every mandataire it ends, not only the oldest procuration's (R-REVOKE-4, R-REVOKE-7),
and at a préfet's place it is recorded only on the arrêté's days and hours, as an establishment (R-PLACE-2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from contextkit import station_desk

from desktop.models.db import Store
from desktop.services.desk import DeskServices, EstablishInput, PersonInput, SearchQuery

MANDANT = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire", birth_date=date(1990, 1, 15))
COMMUNAL = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
NOUMEA = PersonInput(
    last_name="WAKAPO",
    given_names="Marie",
    birth_date=date(1980, 2, 3),
    list_kind="nouvelle_caledonie",
    commune="Nouméa",
    address="1 rue de Sébastopol",
)


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _desk(store: Store, tmp_path: Path, clock: Clock, kind: str = "commissariat", **more: str) -> DeskServices:
    return station_desk(store, tmp_path, clock, kind=kind, **more)


def _communal_then_noumea(desk: DeskServices, clock: Clock) -> str:
    """MARTIN gives the first round to a communal-list mandataire, then the second to one of Nouméa's list."""
    first = desk.establish(
        EstablishInput(
            channel="cerfa_12668", mandant=MANDANT, mandataire=COMMUNAL, election_id="presidentielle-2027", rounds="T1"
        )
    )
    assert first.saved, first.violations
    clock.at += timedelta(minutes=5)
    second = desk.establish(
        EstablishInput(
            channel="cerfa_16199",
            mandant=MANDANT,
            mandataire=NOUMEA,
            election_id="presidentielle-2027",
            rounds="T2",
            acknowledged=frozenset({"R-NC-4"}),
        )
    )
    assert second.saved, second.violations
    clock.at += timedelta(minutes=5)
    [match] = desk.find_mandants(SearchQuery("204512873"))
    assert len(match.in_force) == 2
    return match.elector_id


@pytest.mark.parametrize(
    ("channel", "reference", "rule"),
    [("maprocuration", "AB12CD", "R-REVOKE-4"), ("cerfa_14952", "", "R-REVOKE-7")],
)
def test_the_later_procurations_mandataire_decides_the_path_too(
    store: Store, tmp_path: Path, channel: str, reference: str, rule: str
) -> None:
    clock = Clock(datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    desk = _desk(store, tmp_path, clock)
    elector = _communal_then_noumea(desk, clock)
    refused = desk.revoke_all(elector_id=elector, channel=channel, reference=reference)
    assert not refused.saved and rule in [v.rule_id for v in refused.violations]
    assert len([v for v in refused.violations if v.rule_id == rule]) == 1  # said once, not once per mandataire
    # On the New Caledonia form it is recorded, every procuration at once (R-REVOKE-2).
    done = desk.revoke_all(elector_id=elector, channel="cerfa_16199")
    assert done.saved and len(done.revoked) == 2


def test_R_PLACE_2_a_resiliation_at_a_prefets_place_only_when_it_is_open(store: Store, tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 12, 1, 9, 30, tzinfo=UTC))  # 10:30 in Paris, within the arrêté
    desk = _desk(store, tmp_path, clock, "lieu_prefet", prefet_openings="01/12/2026-15/12/2026 09:00-12:00")
    form = EstablishInput(
        channel="cerfa_12668", mandant=MANDANT, mandataire=COMMUNAL, election_id="presidentielle-2027", rounds="T1_T2"
    )
    assert desk.establish(form).saved
    [match] = desk.find_mandants(SearchQuery("204512873"))
    clock.at = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # 17:00: closed since noon
    refused = desk.revoke_all(elector_id=match.elector_id, channel="cerfa_14952")
    assert not refused.saved and "R-PLACE-2" in [v.rule_id for v in refused.violations]
    clock.at = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)  # the next morning, 09:30: open
    assert desk.revoke_all(elector_id=match.elector_id, channel="cerfa_14952").saved


def test_R_PLACE_2_a_resiliation_of_procurations_made_elsewhere_too(store: Store, tmp_path: Path) -> None:
    """Outside audit (session 29): the résiliation of a mandant known only to the central store skipped the arrêté's
    hours that this station's own résiliation kept."""
    from desktop.services.revocations import CentralMandant

    clock = Clock(datetime(2026, 12, 1, 16, 0, tzinfo=UTC))  # 17:00 in Paris: closed since noon
    desk = _desk(store, tmp_path, clock, "lieu_prefet", prefet_openings="01/12/2026-15/12/2026 09:00-12:00")
    elsewhere = CentralMandant(person=MANDANT, name="MARTIN Claire", procurations=())
    refused = desk.revoke_at_central(mandant=elsewhere, channel="cerfa_14952")
    assert not refused.saved and [v.rule_id for v in refused.violations] == ["R-PLACE-2"]
    clock.at = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)  # the next morning, 09:30: open
    assert desk.revoke_at_central(mandant=elsewhere, channel="cerfa_14952").saved
