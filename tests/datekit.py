"""The suite's dates, so that no test goes red on a given day with no change (session 31).

The election calendar (desktop/resources/elections.json) is fixed; the day the tests run is not. A test whose clock
is the real one (the central store's always is: it dates every act itself) sees `presidentielle-2027` in the past
from 11 April 2027, and the store refuses it (R-VALID-2). `calendar_on(day)` is the shipped calendar as it looked on
ANCHOR, moved forward by whole weeks so that it looks the same from `day`: every election keeps its distance to
`day` (at most six days more), its weekday and its id, so a test written against "the next presidential election"
keeps its meaning; so do the passport renewal's experiments (R-PASS-4). Tests whose clock is pinned (contextkit's
2026-12-01) see the shipped calendar unchanged.

`make test-dates` (tools/dates_check.sh) runs a sample of the suite with the process clock moved ahead.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta
from functools import cache, partial
from pathlib import Path
from typing import Any

import pytest

from desktop import resources
from desktop.rules.calendar import ElectionCalendar, parse_calendar
from desktop.rules.pilots import PILOTS

# The day the suite's elections were written against: every relation between a test's day and an election (past,
# next, in a year) is as it was on this day.
ANCHOR = date(2026, 12, 6)


def live_now() -> datetime:
    """The real time: the clock to give a desk that talks to a central store (contextkit.service_context gives the
    calendar as seen today with it)."""
    return datetime.now(UTC)


def today() -> date:
    """The real day, UTC (the central store's clock)."""
    return live_now().date()


def shift_for(day: date) -> timedelta:
    """How far the calendar moves for a test on `day`: whole weeks (an election stays on its weekday), never back."""
    weeks = -(-(day - ANCHOR).days // 7)  # rounded up
    return timedelta(weeks=max(0, weeks))


@cache
def _shipped() -> dict[str, Any]:
    return json.loads(resources.read_text("elections.json"))  # type: ignore[no-any-return]


def calendar_data_on(day: date) -> dict[str, Any]:
    """The elections.json document as seen from `day` (module docstring)."""
    data = copy.deepcopy(_shipped())
    moved = shift_for(day)
    for election in data["elections"]:
        election["rounds"] = {
            name: (date.fromisoformat(value) + moved).isoformat() for name, value in election["rounds"].items()
        }
    # The passport renewal's experiments (R-PASS-4) move with them: the central store judges a case's opening on
    # its own clock, and from 1 December 2027 the shipped experiment is over.
    data["experimentations_passeport"] = [
        {
            "nom": p.name,
            "pays": sorted(p.countries),
            "debut": (p.start + moved).isoformat(),
            "fin": (p.end + moved).isoformat(),
        }
        for p in PILOTS
    ]
    return data


@cache
def calendar_on(day: date) -> ElectionCalendar:
    """The calendar a test dated `day` sees."""
    return parse_calendar(calendar_data_on(day))


def live_calendar() -> ElectionCalendar:
    """The calendar as seen today (for what the real clock dates)."""
    return calendar_on(today())


def write_live_calendar(path: Path) -> Path:
    """The calendar as seen today, as a file (`--calendar`, GUICHET_CENTRAL_CALENDAR for served workers)."""
    path.write_text(json.dumps(calendar_data_on(today()), ensure_ascii=False), encoding="utf-8")
    return path


def round_day(election_id: str, round_name: str = "T1", *, day: date | None = None) -> date:
    """The date of a round as the calendar seen from `day` (default today) has it."""
    election = calendar_on(day or today()).get(election_id)
    assert election is not None, election_id
    found = election.t1 if round_name == "T1" else election.t2
    assert found is not None, (election_id, round_name)
    return found


# The day of the tests whose clock is pinned (contextkit.service_context's default).
PINNED = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def pin_station_clock(monkeypatch: pytest.MonkeyPatch, at: datetime = PINNED) -> None:
    """The application's station clock (desktop/context.py `build_context`) reads `at` as its wall clock."""
    from desktop import context
    from desktop.sync.clock import StationClock

    monkeypatch.setattr(context, "StationClock", partial(StationClock, wall=lambda: at))
