"""Benchmark: check one new procuration against a mandataire holding 3 and a mandant holding 5 (goal < 50 µs).

Run: ``.venv/bin/python bench/rules.py`` (prints the median, p90 and min of the full counter check, and of the
limits part alone).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

from desktop import resources
from desktop.rules.calendar import parse_calendar
from desktop.rules.counter import check_new_procuration, to_facts
from desktop.rules.facts import AuthorityFacts, ChannelFacts, Elector, NewProcuration, PlaceFacts
from desktop.rules.limits import check_limits
from desktop.rules.terms import Capacity, Channel, PlaceKind
from desktop.rules.types import (
    DurationValidity,
    EstablishedIn,
    ListKind,
    ProcurationFacts,
    Rounds,
    ScrutinValidity,
    Validity,
)

NOW = datetime(2026, 12, 1, 10, 0)


def _setup() -> tuple[NewProcuration, list[ProcurationFacts], list[ProcurationFacts]]:
    pres2 = ScrutinValidity("presidentielle-2027", Rounds.T2)
    leg = ScrutinValidity("legislatives-2027", Rounds.BOTH)
    # The mandataire holds 3: one French (T2), two from abroad; the new one (T1, France) fits.
    mandataire_holds = [
        ProcurationFacts(
            "h1", "a1", "222222222", NOW - timedelta(days=9), EstablishedIn.FRANCE, ListKind.COMMUNALE, pres2
        ),
        ProcurationFacts(
            "h2",
            "a2",
            "222222222",
            NOW - timedelta(days=8),
            EstablishedIn.ETRANGER,
            ListKind.CONSULAIRE,
            ScrutinValidity("presidentielle-2027", Rounds.BOTH),
        ),
        ProcurationFacts(
            "h3", "a3", "222222222", NOW - timedelta(days=7), EstablishedIn.ETRANGER, ListKind.COMMUNALE, leg
        ),
    ]
    # The mandant holds 5 on other dates or revoked.
    mandant_validities: list[Validity] = [
        ScrutinValidity("presidentielle-2027", Rounds.T1),
        DurationValidity(date(2026, 11, 1), date(2027, 10, 31)),
        ScrutinValidity("legislatives-2027", Rounds.T1),
        ScrutinValidity("legislatives-2027", Rounds.T2),
        ScrutinValidity("europeennes-2029", Rounds.T1),
    ]
    mandant_holds = [
        ProcurationFacts(
            f"m{i}",
            "111111111",
            f"x{i}",
            NOW - timedelta(days=30 - i),
            EstablishedIn.FRANCE,
            ListKind.COMMUNALE,
            v,
            revoked_at=NOW - timedelta(days=1) if i < 3 else None,
        )
        for i, v in enumerate(mandant_validities)
    ]
    new = NewProcuration(
        id="new",
        mandant=Elector("111111111", "Durand", "Paul", date(1980, 3, 2)),
        mandataire=Elector("222222222", "Martin", "Claire", date(1990, 1, 15), commune="Lyon"),
        channel=ChannelFacts(Channel.MAPROCURATION, "AB12CD", requested_on=date(2026, 11, 28)),
        place=PlaceFacts(PlaceKind.COMMISSARIAT),
        authority=AuthorityFacts(Capacity.OPJ),
        validity=ScrutinValidity("presidentielle-2027", Rounds.T1),
    )
    return new, mandataire_holds, mandant_holds


def _measure(call: Callable[[], object], rounds: int = 20000) -> list[float]:
    for _ in range(500):
        call()
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter_ns()
        call()
        out.append((time.perf_counter_ns() - t0) / 1000)
    return out


def main() -> None:
    """Run both measurements and print the figures."""
    calendar = parse_calendar(json.loads(resources.read_text("elections.json")))
    new, mandataire_holds, mandant_holds = _setup()
    result = check_new_procuration(
        new, now=NOW, calendar=calendar, mandataire_holds=mandataire_holds, mandant_holds=mandant_holds
    )
    assert result == [], result
    facts = to_facts(new, now=NOW, mandant_key="111111111", mandataire_key="222222222")
    for name, fn in (
        (
            "check_new_procuration (full counter check)",
            lambda: check_new_procuration(
                new, now=NOW, calendar=calendar, mandataire_holds=mandataire_holds, mandant_holds=mandant_holds
            ),
        ),
        ("check_limits (L73 part only)", lambda: check_limits(facts, mandataire_holds, calendar=calendar)),
    ):
        t = _measure(fn)
        q = statistics.quantiles(t, n=10)
        print(f"{name}: median {statistics.median(t):.1f} µs, p90 {q[8]:.1f} µs, min {min(t):.1f} µs ({len(t)} runs)")


if __name__ == "__main__":
    main()
