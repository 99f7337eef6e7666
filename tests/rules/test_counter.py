"""The counter's one call: check_new_procuration, same-mandant and timing rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desktop.rules.calendar import ElectionCalendar
from desktop.rules.counter import RulesSettings, check_new_procuration, check_timing, person_key, to_facts
from desktop.rules.facts import AuthorityFacts, ChannelFacts, PlaceFacts
from desktop.rules.limits import LimitsPolicy
from desktop.rules.terms import Capacity, Channel, PlaceKind
from desktop.rules.types import (
    DurationValidity,
    EstablishedIn,
    ListKind,
    Rounds,
    ScrutinValidity,
    Violation,
    has_errors,
)

from .factories import PRES_BOTH, PRES_T1, elector, facts, new_procuration

NOW = datetime(2026, 12, 1, 10, 0)


def _ids(cal: ElectionCalendar, **kw: object) -> list[str]:
    now = kw.pop("now", NOW)
    return [v.rule_id for v in check_new_procuration(new_procuration(**kw), now=now, calendar=cal)]  # type: ignore[arg-type]


def test_clean_procuration_has_no_violation(calendar: ElectionCalendar) -> None:
    assert _ids(calendar) == []


def test_nne_format_checked_on_both_parties(calendar: ElectionCalendar) -> None:
    v = check_new_procuration(new_procuration(mandataire=elector("12")), now=NOW, calendar=calendar)
    assert [(x.rule_id, x.field) for x in v] == [("R-ID-NNE-1", "mandataire.nne")]


def test_validity_errors_stop_before_limits(calendar: ElectionCalendar) -> None:
    assert _ids(calendar, validity=None) == ["R-VALID-1"]
    held = [facts("old", mandataire="222222222", at=NOW - timedelta(days=1))]
    v = check_new_procuration(
        new_procuration(validity=ScrutinValidity("x", Rounds.T1)), now=NOW, calendar=calendar, mandataire_holds=held
    )
    assert [x.rule_id for x in v] == ["R-VALID-2"]


def test_R_LIMIT_1_through_the_counter(calendar: ElectionCalendar) -> None:
    held = [facts("old", mandataire="whatever", at=NOW - timedelta(days=1))]
    v = check_new_procuration(new_procuration(), now=NOW, calendar=calendar, mandataire_holds=held)
    assert [(x.rule_id, x.field) for x in v] == [("R-LIMIT-1", "mandataire.nne")] and has_errors(v)
    # Established at a consulate, the same holding leaves room (1F + 1E).
    abroad = new_procuration(place=PlaceFacts(PlaceKind.CONSULAT), authority=AuthorityFacts(Capacity.CHEF_POSTE))
    assert check_new_procuration(abroad, now=NOW, calendar=calendar, mandataire_holds=held) == []
    loose = RulesSettings(limits=LimitsPolicy(max_france=2))
    assert (
        check_new_procuration(new_procuration(), now=NOW, calendar=calendar, mandataire_holds=held, settings=loose)
        == []
    )


def test_R_VALID_6_mandant_represented_once_per_vote_date(calendar: ElectionCalendar) -> None:
    mine = [facts("t1", mandant="111111111", mandataire="X", at=NOW - timedelta(days=3))]
    v = check_new_procuration(new_procuration(validity=PRES_BOTH), now=NOW, calendar=calendar, mandant_holds=mine)
    assert [(x.rule_id, x.field) for x in v] == [("R-VALID-6", "validity.election")] and "11/04/2027" in v[0].message
    # T1 to X and T2 to Y is allowed.
    t2 = new_procuration(validity=ScrutinValidity("presidentielle-2027", Rounds.T2))
    assert check_new_procuration(t2, now=NOW, calendar=calendar, mandant_holds=mine) == []


def test_R_REVOKE_9_after_revocation_a_new_procuration_is_possible(calendar: ElectionCalendar) -> None:
    revoked = [facts("t1", mandant="m", at=NOW - timedelta(days=3), revoked_at=NOW - timedelta(minutes=1))]
    assert check_new_procuration(new_procuration(), now=NOW, calendar=calendar, mandant_holds=revoked) == []
    same_instant = [facts("t1", mandant="m", at=NOW - timedelta(days=3), revoked_at=NOW)]
    assert check_new_procuration(new_procuration(), now=NOW, calendar=calendar, mandant_holds=same_instant) == []
    later = [facts("t1", mandant="m", at=NOW - timedelta(days=3), revoked_at=NOW + timedelta(minutes=1))]
    assert _rule_ids(check_new_procuration(new_procuration(), now=NOW, calendar=calendar, mandant_holds=later)) == [
        "R-VALID-6"
    ]
    annulled = [facts("t1", mandant="m", at=NOW - timedelta(days=3), annulled_at=NOW)]
    assert check_new_procuration(new_procuration(), now=NOW, calendar=calendar, mandant_holds=annulled) == []
    void = [facts("t1", mandant="m", at=NOW - timedelta(days=3), void_other=True)]
    assert check_new_procuration(new_procuration(), now=NOW, calendar=calendar, mandant_holds=void) == []


def _rule_ids(v: list[Violation]) -> list[str]:
    return [x.rule_id for x in v]


def test_R_TIME_1_never_refused_for_lateness(calendar: ElectionCalendar) -> None:
    vote_day = datetime(2027, 4, 11, 7, 30)
    v = check_new_procuration(new_procuration(), now=vote_day, calendar=calendar)
    assert not has_errors(v) and [x.rule_id for x in v] == ["R-TIME-2"]


def test_R_TIME_2_warn_close_to_the_vote(calendar: ElectionCalendar) -> None:
    def warn(today: date) -> list[str]:
        return [v.rule_id for v in check_timing(PRES_T1, today=today, calendar=calendar, warn_days=3)]

    assert warn(date(2027, 4, 7)) == []
    assert warn(date(2027, 4, 8)) == ["R-TIME-2"]
    assert warn(date(2027, 4, 11)) == ["R-TIME-2"]
    assert warn(date(2027, 4, 12)) == []
    far = DurationValidity(date(2026, 12, 1), date(2026, 12, 31))
    assert check_timing(far, today=date(2026, 12, 1), calendar=calendar, warn_days=3) == []


def test_counter_checks_channel_place_and_eu(calendar: ElectionCalendar) -> None:
    ids = _ids(
        calendar,
        channel=ChannelFacts(Channel.MAPROCURATION, "AB12CD", requested_on=date(2026, 11, 20)),
        mandataire=elector("222222222", list_kind=ListKind.COMPLEMENTAIRE_EUR),
    )
    assert ids == ["R-ELIG-2"]
    assert _ids(calendar, place=PlaceFacts(PlaceKind.LIEU_PREFET)) == ["R-PLACE-2"]


def test_to_facts_and_keys() -> None:
    p = new_procuration(place=PlaceFacts(PlaceKind.AMBASSADE))
    f = to_facts(p, now=NOW, mandant_key="a", mandataire_key="b")
    assert (
        f.established_in is EstablishedIn.ETRANGER and f.established_at == NOW and f.mandant_list is ListKind.COMMUNALE
    )
    assert person_key(None, "x") == "x" and person_key("123", "x") == "123"
    try:
        to_facts(new_procuration(validity=None), now=NOW, mandant_key="a", mandataire_key="b")
    except ValueError:
        pass
    else:
        raise AssertionError("to_facts must refuse a missing validity")


def test_R_LIMIT_1_through_the_counter_names_the_earlier_time_on_the_stations_clock(calendar: ElectionCalendar) -> None:
    from datetime import UTC
    from zoneinfo import ZoneInfo

    held = [facts("old", mandataire="whatever", at=datetime(2026, 11, 30, 15, 45, tzinfo=UTC))]
    here = new_procuration(place=PlaceFacts(PlaceKind.COMMISSARIAT, tz=ZoneInfo("Europe/Paris")))
    [v] = check_new_procuration(here, now=NOW.replace(tzinfo=UTC), calendar=calendar, mandataire_holds=held)
    assert v.rule_id == "R-LIMIT-1" and "le 30/11/2026 à 16:45," in v.message and "UTC" not in v.message
