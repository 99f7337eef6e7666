"""A journal line's JSON, written by hand on the look-up's path, is exactly what json.dumps writes, and reads back.

Its time is whole microseconds since the epoch (UTC); a line an earlier version wrote (an ISO 8601 string) is read."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from desktop.services.consultation_records import Entry, Sealer

texts = st.text(st.characters(codec="utf-8"), max_size=40)  # quotes, backslashes, controls, accents, emoji
maybe = st.none() | texts
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.replace(tzinfo=UTC)
)
zones = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-10, minutes=-30))])


@given(st.integers(1, 2**53), moments, zones, texts, maybe, texts, maybe, maybe, maybe)
def test_the_line_is_json_dumps_compact_output_and_reads_back(
    number: int,
    at: datetime,
    zone: timezone,
    station: str,
    agent: str | None,
    action: str,
    kind: str | None,
    record: str | None,
    detail: str | None,
) -> None:
    entry = Entry(number, at.astimezone(zone), station, agent, action, kind, record, detail)
    micros = (at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    expected = json.dumps(
        [number, micros, station, agent, action, kind, record, detail], separators=(",", ":")
    ).encode()
    assert entry.to_json() == expected
    back = Entry.from_json(entry.to_json())
    assert back == Entry(number, at, station, agent, action, kind, record, detail)


@given(st.integers(1, 2**53), moments, zones, texts, maybe)
def test_a_line_of_the_earlier_form_iso_time_still_reads_back(
    number: int, at: datetime, zone: timezone, station: str, detail: str | None
) -> None:
    """Journals left by a version before wave 2, session 9 are replayed at the next start: their time is a string."""
    sealer = Sealer(b"k" * 32)
    old = json.dumps(
        [number, at.astimezone(zone).isoformat(), station, None, "consultation", "recherche", None, detail],
        separators=(",", ":"),
    ).encode()
    entries, end = sealer.read(sealer.seal_json(old))
    assert entries == [Entry(number, at, station, None, "consultation", "recherche", None, detail)]
    assert end > 0


def test_a_time_out_of_range_or_of_another_type_ends_the_valid_prefix() -> None:
    """Sealed but not an entry (a far time, a float, a naive string): the reader stops there, nothing raised."""
    sealer = Sealer(b"k" * 32)
    good = sealer.seal_json(b'[1,0,"s",null,"consultation",null,null,null]')
    for at in (b"10" + b"0" * 20, b"-" + b"9" * 25, b"1.5", b'"2026-01-01T00:00:00"', b"null"):
        bad = sealer.seal_json(b"[2," + at + b',"s",null,"consultation",null,null,null]')
        entries, end = sealer.read(good + bad)
        assert [e.number for e in entries] == [1]
        assert end == len(good)
