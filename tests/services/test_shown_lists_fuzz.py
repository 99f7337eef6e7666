"""The receipt numbers a list's journal line names (desktop/services/shown_lists.py), read back by the Journal
d'audit (desktop/services/audit_search.py) from whatever the line holds: never an exception, never millions of
numbers from a few characters (« A-000001..099999 » is 100,000 of them, « +000001..099999 » as many again)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from activitykit import NOW, context, seed_activity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.models import Procuration
from desktop.models.db import Store
from desktop.services.audit_search import AuditSearchService, JournalQuery
from desktop.services.journal import Actor, action, audit
from desktop.services.shown_lists import READ_MAX, listed_count, listed_names, listed_numbers, read_listed

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
PLAIN = re.compile(r"[A-Za-z0-9-]+")
LISTED_ALPHABET = st.sampled_from(list("AG-0123456789.,+;=x é\n\x00"))  # the writer's characters, and some others


@SETTINGS
@given(text=st.text(LISTED_ALPHABET, max_size=300) | st.text(max_size=300))
def test_any_text_reads_as_a_bounded_list_of_plain_numbers(text: str) -> None:
    listed = read_listed(text)
    assert isinstance(listed, list) and len(listed) <= READ_MAX
    assert all(PLAIN.fullmatch(n) for n in listed), listed[:5]
    assert listed_count(text) >= len(listed)  # what is not read is counted
    assert listed_names(text, set(listed[:3])) == bool(listed)  # a number read is a number named


def test_a_hostile_line_of_long_runs_does_not_make_millions_of_numbers() -> None:
    """A line of runs of 100,000 numbers each (the journal keeps 4,000 characters of detail: 266 of them, some 27
    million numbers): each run was read whole, for every line the Journal d'audit searched."""
    text = "A-000000..099999" + "+000000..099999" * 12
    listed = read_listed(text)
    assert len(listed) <= READ_MAX, len(listed)
    assert listed_count(text) == 13 * 100_000  # said, not made
    assert listed_names(text, {"A-054321"}) and not listed_names(text, {"A-100000", "B-000001", "A-54321"})


def test_a_run_longer_than_what_is_read_is_read_in_part_and_counted_not_dropped() -> None:
    text = "GCH-2026-000001..200000,GCH-2026-999999"
    listed = read_listed(text)
    assert listed[:2] == ["GCH-2026-000001", "GCH-2026-000002"] and len(listed) == READ_MAX
    assert listed_count(text) == 200_001
    assert listed_names(text, {"GCH-2026-150000"}) and listed_names(text, {"GCH-2026-999999"})


NUMBERS = st.builds(
    lambda prefix, n, width: prefix + str(n).zfill(width),
    st.sampled_from(["GCH-75056-01-2026-", "GCH-CA-MTL-2026-", "A", "", "X-1-"]),
    st.integers(0, 60),
    st.sampled_from([1, 3, 6]),
) | st.from_regex(PLAIN, fullmatch=True).filter(lambda n: len(n) < 30)


@SETTINGS
@given(numbers=st.lists(NUMBERS, max_size=80), limit=st.sampled_from([20, 200, 2000]))
def test_plain_numbers_written_then_read_come_back_whole_or_counted(numbers: list[str], limit: int) -> None:
    text, left = listed_numbers(numbers, limit=limit)
    listed = read_listed(text)
    assert len(text) <= limit
    assert set(listed) <= set(numbers) and len(listed) == len(set(listed))
    assert len(listed) + left == len(set(numbers)), (text, left)
    if not left:
        assert sorted(listed) == sorted(set(numbers))
    assert listed_count(text) == len(listed)
    assert all(listed_names(text, {n}) for n in listed)


def test_the_journal_finds_an_act_in_a_hostile_line_and_shows_a_bounded_list(store: Store, tmp_path: Path) -> None:
    """« Who was shown this act? » over a line naming 1,300,000 numbers: the line is found (the act's number falls
    in a run), its row lists READ_MAX numbers at most and counts the others."""
    seed_activity(store, now=NOW, count=3)
    with store.read() as s:
        number = s.scalars(select(Procuration.receipt_number).order_by(Procuration.receipt_number)).first()
    assert number is not None
    head, digits = re.fullmatch(r"(.*?-)([0-9]+)", number).groups()  # type: ignore[union-attr]
    width = len(digits)
    run = f"{0:0{width}d}..{99_999:0{width}d}"
    listed = head + run + f"+{run}" * 12
    with action(store) as s:
        audit(s, actor=Actor("75056-01", "agent-9"), action_name="consultation", now=NOW - timedelta(hours=1),
              record_kind="activite_du_jour", detail=f"resultats=3;empreinte=ab;recepisses={listed}")  # fmt: skip
    rows = AuditSearchService(context(store, tmp_path)).search(JournalQuery(reference=number)).rows
    [row] = [r for r in rows if r.agent_id == "agent-9"]
    assert row.listed is not None and len(row.listed) <= READ_MAX, len(row.listed or ())
    assert len(row.listed) + row.listed_more == 13 * 100_000
