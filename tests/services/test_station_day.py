"""The day of establishment is the station's local day, not UTC's (R-TIME-1, R-VALID-4, R-VALID-2).

A consulate in Toronto at 21:00 on the vote day is already the next day in UTC; a commissariat in Paris at 00:30 on
1 March is still 28 February in UTC. Each test fails when the counter takes `now.date()` (UTC) as its day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from contextkit import station_desk

from desktop.models.db import Store
from desktop.rules.facts import PlaceFacts
from desktop.rules.terms import PlaceKind
from desktop.services.desk import DeskServices, EstablishInput, PersonInput

MANDANT = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire", birth_date=date(1990, 1, 15))
MANDATAIRE = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
PRESIDENTIELLE = EstablishInput(
    channel="cerfa_12668", mandant=MANDANT, mandataire=MANDATAIRE, election_id="presidentielle-2027", rounds="T1_T2"
)


def _desk(store: Store, tmp_path: Path, now: datetime, *, kind: str, tz: str) -> DeskServices:
    return station_desk(store, tmp_path, lambda: now, kind=kind, tz=tz)


def _duration(start: date, end: date) -> EstablishInput:
    return EstablishInput(
        channel="cerfa_12668",
        mandant=MANDANT,
        mandataire=MANDATAIRE,
        validity_kind="DUREE",
        valid_from=start,
        valid_until=end,
    )


def test_R_TIME_1_the_vote_day_evening_abroad_is_still_the_vote_day(store: Store, tmp_path: Path) -> None:
    # presidentielle-2027's first round is on 11 April 2027: 21:00 in Toronto is 01:00 UTC on the 12th.
    desk = _desk(store, tmp_path, datetime(2027, 4, 12, 1, 0, tzinfo=UTC), kind="consulat", tz="America/Toronto")
    form = PRESIDENTIELLE
    assert not [v for v in desk.check(form) if v.blocking]
    assert "presidentielle-2027" in [e.id for e in desk.elections()]
    # The next morning in Toronto the first round is over: the same form is refused (R-VALID-2).
    later = _desk(store, tmp_path, datetime(2027, 4, 12, 13, 0, tzinfo=UTC), kind="consulat", tz="America/Toronto")
    assert any(v.rule_id == "R-VALID-2" and v.blocking for v in later.check(form))


def test_R_VALID_4_one_year_counts_from_the_local_day(store: Store, tmp_path: Path) -> None:
    # 1 March 2027 at 00:30 in Paris is 28 February 23:30 UTC.
    desk = _desk(store, tmp_path, datetime(2027, 2, 28, 23, 30, tzinfo=UTC), kind="commissariat", tz="Europe/Paris")
    found = desk.check(_duration(date(2027, 3, 1), date(2028, 3, 1)))
    assert not [v for v in found if v.rule_id.startswith("R-VALID-4")], found
    # A start before the local day of establishment is refused (R-VALID-4: start ≥ the day it is established).
    before = desk.check(_duration(date(2027, 2, 28), date(2027, 6, 1)))
    assert any(v.rule_id.startswith("R-VALID-4") and v.blocking for v in before), before


def test_the_station_day_of_a_place() -> None:
    paris = PlaceFacts(kind=PlaceKind.COMMISSARIAT, tz=ZoneInfo("Europe/Paris"))
    moment = datetime(2027, 2, 28, 23, 30, tzinfo=UTC)
    assert paris.local_day(moment) == date(2027, 3, 1)
    assert PlaceFacts(kind=PlaceKind.COMMISSARIAT).local_day(moment) == date(2027, 2, 28)
    tokyo = PlaceFacts(kind=PlaceKind.CONSULAT, tz=ZoneInfo("Asia/Tokyo"))
    assert tokyo.local_day(moment - timedelta(hours=8)) == date(2027, 3, 1)  # 15:30 UTC, 00:30 in Tokyo


class _Central:
    """A central store that holds one Maprocuration request, made at `requested_at` (an instant, as the wire has it)."""

    def __init__(self, requested_at: datetime) -> None:
        from desktop.sync.wire import Identity, OnlineRequest, ValidityScrutin

        self.request = OnlineRequest(
            reference="K7M2QX",
            requested_at=requested_at,
            mandant=Identity(nom="MARTIN", prenoms=("Claire",), date_naissance=MANDANT.birth_date),
            mandataire=Identity(nom="DUBOIS", prenoms=("Jean",), date_naissance=MANDATAIRE.birth_date),
            validity=ValidityScrutin(election_id="presidentielle-2027", rounds="T1_T2"),
        )

    def online_request(self, reference: str, *, agent_id: str, date_naissance: date) -> object:
        return self.request


def _fetched_day(store: Store, tmp_path: Path, now: datetime, requested_at: datetime, tz: str) -> date:
    desk = station_desk(store, tmp_path, lambda: now, tz=tz)
    object.__setattr__(desk.ctx, "central", lambda: _Central(requested_at))
    fetched = desk.fetch_request("K7M2QX", birth_date=MANDANT.birth_date)
    assert fetched.state == "trouvee" and fetched.request is not None, fetched
    return fetched.request.requested_on


def test_R_CHAN_A_8_a_fetched_request_is_dated_on_the_station_day_in_noumea(store: Store, tmp_path: Path) -> None:
    # Made at 08:00 on 7 October 2026 in Nouméa (UTC+11): 21:00 UTC on the 6th. On 6 December, 09:00 in Nouméa, the
    # request is not two months old there: the form shows 07/10/2026 and the counter accepts it (the central store,
    # which takes the latest day the request can bear anywhere, accepts it too).
    now = datetime(2026, 12, 5, 22, 0, tzinfo=UTC)
    day = _fetched_day(store, tmp_path, now, datetime(2026, 10, 6, 21, 0, tzinfo=UTC), "Pacific/Noumea")
    assert day == date(2026, 10, 7)
    desk = station_desk(store, tmp_path, lambda: now, tz="Pacific/Noumea")
    form = EstablishInput(
        channel="maprocuration",
        reference="K7M2QX",
        requested_on=day,
        mandant=MANDANT,
        mandataire=MANDATAIRE,
        election_id="presidentielle-2027",
        rounds="T1_T2",
    )
    assert not [v for v in desk.check(form) if v.rule_id == "R-CHAN-A-8"]


def test_R_CHAN_A_8_a_fetched_request_is_dated_on_the_station_day_in_papeete(store: Store, tmp_path: Path) -> None:
    # Made at 20:00 on 6 October 2026 in Papeete (UTC−10): 06:00 UTC on the 7th. The mandant's e-mail and the
    # station's calendar say 6 October: on 6 December in Papeete the request is two months old (R-CHAN-A-8).
    now = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)  # 10:00 in Papeete
    assert _fetched_day(store, tmp_path, now, datetime(2026, 10, 7, 6, 0, tzinfo=UTC), "Pacific/Tahiti") == date(
        2026, 10, 6
    )


def test_R_HOME_4_the_supervisor_decision_is_dated_on_the_station_clock(store: Store, tmp_path: Path) -> None:
    # 16:30 UTC on 1 December is 01:30 on 2 December in Tokyo: the decision printed on the receipt and kept in the
    # record's history is the consulate's date and time, as the receipt's own « Délivré le » is.
    from dataclasses import replace

    from sqlalchemy import select
    from test_supervision import HOME_ABROAD, _credentials

    from desktop.models import ProcurationEvent
    from desktop.services import procurations, receipting, supervision

    now = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)
    ctx = replace(station_desk(store, tmp_path, lambda: now, kind="consulat", tz="Asia/Tokyo").ctx)
    ctx = replace(ctx, check_credentials=_credentials)
    ok = supervision.decide_on_the_spot(
        ctx, HOME_ABROAD, login="chef", password="bon-mot-de-passe", accepted=True, reason="Mandant hospitalisé"
    )
    assert ok.decision_id is not None, ok
    saved = procurations.establish(ctx, replace(HOME_ABROAD, decision_id=ok.decision_id))
    assert saved.saved and saved.signed is not None, saved
    printed = dict(saved.signed.receipt.details)["Décision du superviseur"]
    assert "le 02/12/2026 à 01:30" in printed, printed
    kept = receipting.rebuild(ctx, saved.receipt_number or "")
    assert kept is not None and dict(kept.receipt.details)["Décision du superviseur"] == printed
    with store.session() as s:
        notes = [e.note or "" for e in s.scalars(select(ProcurationEvent))]
    assert any("le 02/12/2026 à 01:30" in n for n in notes), notes


def test_the_receipt_number_s_year_is_the_station_s(store: Store, tmp_path: Path) -> None:
    # 22:00 UTC on 31 December 2026 is 09:00 on 1 January 2027 in Nouméa: the receipt issued « le 1er janvier 2027 »
    # is numbered in 2027's series, as passport and internet-vote cases are (their year is the post's).
    now = datetime(2026, 12, 31, 22, 0, tzinfo=UTC)
    desk = station_desk(store, tmp_path, lambda: now, tz="Pacific/Noumea")
    form = PRESIDENTIELLE
    saved = desk.establish(form)
    assert saved.saved and saved.signed is not None, saved
    assert saved.receipt_number == "GCH-ST-01-2027-000001", saved.receipt_number
    assert saved.signed.receipt.local_issued_at.date() == date(2027, 1, 1)


def test_R_LIMIT_4_on_the_night_the_clocks_go_back_the_order_is_the_instants(store: Store, tmp_path: Path) -> None:
    # Paris, 25 October 2026: 02:30 summer time (00:30 UTC), then 02:10 winter time (01:10 UTC), earlier on the wall
    # but later in fact. The procuration of 02:30 was drawn up first: the one of 02:10 is the one refused, and the
    # message gives the first one's time on the station's clock (regression guard: this held when written).
    times = [datetime(2026, 10, 25, 0, 30, tzinfo=UTC)]
    desk = station_desk(store, tmp_path, lambda: times[0], tz="Europe/Paris")
    form = PRESIDENTIELLE
    assert desk.establish(form).saved
    times[0] = datetime(2026, 10, 25, 1, 10, tzinfo=UTC)
    other = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
    refused = desk.establish(_with(form, other))
    assert not refused.saved and [v.rule_id for v in refused.violations] == ["R-LIMIT-1"], refused
    assert "le 25/10/2026 à 02:30" in refused.violations[0].message


def _with(form: EstablishInput, mandant: PersonInput) -> EstablishInput:
    from dataclasses import replace

    return replace(form, mandant=mandant)


def test_R_TIME_1_papeete_at_23_30_on_the_vote_day_noumea_at_00_30_the_day_after(store: Store, tmp_path: Path) -> None:
    """presidentielle-2027's second round is on 25 April 2027. 23:30 that day in Papeete (UTC−10) is already the 26th
    in UTC: still the vote day there. 00:30 on the 26th in Nouméa (UTC+11) is still the 25th in UTC: the round is
    over there (regression guard: this held when written)."""
    form = EstablishInput(
        channel="cerfa_12668", mandant=MANDANT, mandataire=MANDATAIRE, election_id="presidentielle-2027", rounds="T2"
    )
    papeete = _desk(store, tmp_path, datetime(2027, 4, 26, 9, 30, tzinfo=UTC), kind="commissariat", tz="Pacific/Tahiti")
    assert not [v for v in papeete.check(form) if v.blocking]
    noumea = _desk(store, tmp_path, datetime(2027, 4, 25, 13, 30, tzinfo=UTC), kind="commissariat", tz="Pacific/Noumea")
    assert any(v.rule_id == "R-VALID-2" and v.blocking for v in noumea.check(form))
    # R-VALID-4 in Nouméa at 00:30 on 1 March 2027 (13:30 UTC on 28 February): a year runs to 1 March 2028.
    early = _desk(store, tmp_path, datetime(2027, 2, 28, 13, 30, tzinfo=UTC), kind="commissariat", tz="Pacific/Noumea")
    assert not [
        v for v in early.check(_duration(date(2027, 3, 1), date(2028, 3, 1))) if v.rule_id.startswith("R-VALID")
    ]
    late = early.check(_duration(date(2027, 3, 1), date(2028, 3, 2)))
    assert any(v.rule_id == "R-VALID-4" and v.blocking for v in late), late
