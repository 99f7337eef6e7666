"""The election calendar: parsing, shared vote dates, vote_dates of each validity kind."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from desktop.rules.calendar import (
    CalendarError,
    Election,
    ElectionCalendar,
    covered_elections,
    parse_calendar,
    vote_dates,
)
from desktop.rules.types import DurationValidity, ElectionType, Rounds, ScrutinValidity


def test_shipped_calendar_parses_with_known_elections(calendar: ElectionCalendar) -> None:
    pres = calendar.get("presidentielle-2027")
    assert pres is not None
    assert pres.type is ElectionType.PRESIDENTIELLE
    assert (pres.t1, pres.t2) == (date(2027, 4, 11), date(2027, 4, 25))
    mun = calendar.get("municipales-2026")
    assert mun is not None and mun.t1 == date(2026, 3, 15)
    assert calendar.get("nope") is None


def test_R_LIMIT_7_derogations_are_in_the_calendar(calendar: ElectionCalendar) -> None:
    for ident in ("municipales-2020", "departementales-2021", "regionales-2021"):
        e = calendar.get(ident)
        assert e is not None and e.limits is not None and e.limits.max_france == 2
    pres = calendar.get("presidentielle-2027")
    assert pres is not None and pres.limits is None


def test_R_LIMIT_6_shared_date_is_one_vote_date(calendar: ElectionCalendar) -> None:
    day = date(2021, 6, 20)
    assert {e.id for e in calendar.elections_on(day)} == {"departementales-2021", "regionales-2021"}
    assert calendar.vote_dates_between(date(2021, 6, 1), date(2021, 6, 30)) == (date(2021, 6, 20), date(2021, 6, 27))


def test_R_VALID_5_scrutin_covers_every_election_of_its_date(calendar: ElectionCalendar) -> None:
    v = ScrutinValidity("departementales-2021", Rounds.T1)
    assert {e.id for e in covered_elections(v, calendar)} == {"departementales-2021", "regionales-2021"}
    assert vote_dates(v, calendar) == {date(2021, 6, 20)}


def test_R_LIMIT_5_rounds_and_durations(calendar: ElectionCalendar) -> None:
    assert vote_dates(ScrutinValidity("presidentielle-2027", Rounds.T2), calendar) == {date(2027, 4, 25)}
    assert vote_dates(ScrutinValidity("presidentielle-2027", Rounds.BOTH), calendar) == {
        date(2027, 4, 11),
        date(2027, 4, 25),
    }
    # A single-round scrutin: BOTH is the one date, T2 is nothing.
    assert vote_dates(ScrutinValidity("europeennes-2024", Rounds.BOTH), calendar) == {date(2024, 6, 9)}
    assert vote_dates(ScrutinValidity("europeennes-2024", Rounds.T2), calendar) == frozenset()
    assert vote_dates(ScrutinValidity("inconnue", Rounds.T1), calendar) == frozenset()
    # Duration bounds are inclusive: the day before, of and after the first round.
    assert date(2027, 4, 11) in vote_dates(DurationValidity(date(2027, 4, 11), date(2027, 4, 11)), calendar)
    assert vote_dates(DurationValidity(date(2027, 4, 12), date(2027, 4, 24)), calendar) == frozenset()
    assert vote_dates(DurationValidity(date(2027, 4, 10), date(2027, 4, 10)), calendar) == frozenset()
    whole = vote_dates(DurationValidity(date(2027, 1, 1), date(2027, 12, 31)), calendar)
    assert whole == {date(2027, 4, 11), date(2027, 4, 25), date(2027, 6, 13), date(2027, 6, 20)}


def _doc(**over: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": "x", "type": "municipales", "label": "X", "rounds": {"T1": "2030-03-10"}}
    item.update(over)
    return {"elections": [item]}


@pytest.mark.parametrize(
    "doc",
    [
        {},
        {"elections": "nope"},
        {"elections": [3]},
        _doc(id=""),
        _doc(type="sénatoriales"),
        _doc(label=None),
        _doc(rounds={}),
        _doc(rounds={"T1": "2030-13-01"}),
        _doc(rounds={"T1": 20300310}),
        _doc(rounds={"T1": "2030-03-10", "T2": "2030-03-10"}),
        _doc(label_en=["2030 municipal elections"]),
        _doc(limits=[1]),
        _doc(limits={"max_france": -1}),
        _doc(limits={"max_total": True}),
        {"elections": [_doc()["elections"][0], _doc()["elections"][0]]},
    ],
)
def test_malformed_calendar_raises_calendar_error(doc: dict[str, Any]) -> None:
    with pytest.raises(CalendarError):
        parse_calendar(doc)


def test_parse_accepts_limits_and_provisional() -> None:
    cal = parse_calendar(_doc(limits={"max_total": 4}, provisional=True, rounds={"T1": "2030-03-10", "T2": None}))
    e = cal.get("x")
    assert e is not None and e.provisional and e.t2 is None
    assert e.limits is not None and e.limits.max_total == 4 and e.limits.max_france is None


def test_an_election_is_named_in_english_on_english_screens_and_in_french_otherwise() -> None:
    from desktop import i18n

    old = parse_calendar(_doc()).get("x")  # a calendar written before label_en: still read, French everywhere
    named = parse_calendar(_doc(label="Élections municipales 2030", label_en="2030 municipal elections")).get("x")
    assert old is not None and named is not None
    assert old.label_en == "" and old.shown_label == "X" and named.shown_label == "Élections municipales 2030"
    i18n.set_language("en")
    try:
        assert named.shown_label == "2030 municipal elections" and old.shown_label == "X"
        assert named.label == "Élections municipales 2030"  # what the receipts print
    finally:
        i18n.set_language("fr")


def test_every_shipped_election_has_an_english_name(calendar: ElectionCalendar) -> None:
    for e in calendar.elections.values():
        assert e.label_en and not re.search(r"[éèÉ]|\bélection", e.label_en), e.id


def test_election_dates_by_round() -> None:
    e = Election("e", ElectionType.LEGISLATIVES, "L", date(2030, 6, 1), date(2030, 6, 8))
    assert e.dates(Rounds.T1) == (date(2030, 6, 1),)
    assert e.dates(Rounds.T2) == (date(2030, 6, 8),)
    assert e.dates(Rounds.BOTH) == (date(2030, 6, 1), date(2030, 6, 8))
