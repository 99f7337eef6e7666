"""A journal line's JSON, written by hand on the look-up's path, is exactly what json.dumps writes, and reads back."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from desktop.services.consultation_records import Entry

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
    expected = json.dumps(
        [number, at.isoformat(), station, agent, action, kind, record, detail], separators=(",", ":")
    ).encode()
    assert entry.to_json() == expected
    back = Entry.from_json(entry.to_json())
    assert back == Entry(number, at, station, agent, action, kind, record, detail)
