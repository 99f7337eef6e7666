"""Retention of the renewal acts at the central store: passport cases and internet-vote requests.

The rules (spec/rules.md §9, §10) give these acts no retention period of their own; R-DATA-2's one year is the
procurations'. The counter keeps a renewal a year after it ended (desktop/services/retention.py `_purge_renewals`: a
passport case a year after it was closed, refused or invalidated, an internet-vote request a year after it was
made) and the central store now keeps it as long, no longer: until then it held the bodies of these entries (name,
given names, birth date, NUMIC, the old passport's number, the receipt numbers) for ever.

A record's entries (one per step) lose their bodies together, once its newest entry is more than a calendar year
old (`retention_until`, on the earliest date anywhere as the procurations' purge) and, for a passport case, the last
step the central store accepted ended it (`cloture`, `refusee`, `invalide_interpol`) or it refused its opening (the
case is void: central/renewal_checks.py refuses every later step). A case still open keeps its data: its 40 days
may still run, or its invalidation still wait for an agent. The rows stay, as the procurations' do: their ids and the
stored answers still name them, and `central/ownership.py` still knows them (a purged body matches nothing,
docs/SYNC.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, and_, func, select, update

from central.db import among
from central.ownership import stored_verdicts
from central.schema import entries, review_log, reviews, utc
from desktop.rules.data import retention_until
from desktop.rules.terms import Status
from desktop.sync.kinds import KIND_PASSEPORT, KIND_VOTE_INTERNET

RENEWAL_KINDS = (KIND_PASSEPORT, KIND_VOTE_INTERNET)
ENDED_CASE = frozenset({"cloture", "refusee", "invalide_interpol"})  # desktop/services/retention.CLOSED_PASSPORT
_YEAR_AT_LEAST = timedelta(days=365)


def _data(body: str) -> dict[str, object]:
    try:
        data = json.loads(body).get("data", {})
    except (ValueError, AttributeError):
        return {}
    return data if isinstance(data, dict) else {}


def due_renewals(conn: Connection, today: date, purged_body: str) -> list[tuple[str]]:
    """The renewal records whose newest entry is a calendar year past and which ended (a passport case)."""
    bound = datetime.combine(today - _YEAR_AT_LEAST, datetime.min.time(), UTC)
    c = entries.c
    old = (
        select(c.record_id)
        .where(c.kind.in_(RENEWAL_KINDS), c.body != purged_body)
        .group_by(c.record_id)
        .having(func.max(c.established_at) < bound)
    )
    candidates = [r for (r,) in conn.execute(old)]
    if not candidates:
        return []
    rows = conn.execute(
        select(c.id, c.record_id, c.kind, c.body, c.established_at)
        .where(among(conn, c.record_id, candidates), c.kind.in_(RENEWAL_KINDS))
        .order_by(c.record_id, c.established_at, c.received_at, c.seq)
    ).all()
    said = stored_verdicts(conn, [r.id for r in rows if r.kind == KIND_PASSEPORT])
    history: dict[str, list[tuple[str, str, str, datetime]]] = {}
    for r in rows:
        history.setdefault(r.record_id, []).append((r.id, r.kind, r.body, utc(r.established_at)))
    due: list[tuple[str]] = []
    for record_id, steps in history.items():
        _, kind, _body, at = steps[-1]
        if today <= retention_until(at.date()):
            continue
        if kind == KIND_PASSEPORT and not _ended(steps, said):
            continue
        due.append((record_id,))
    return due


def _ended(steps: list[tuple[str, str, str, datetime]], said: Mapping[str, object]) -> bool:
    """A passport case ended: its last step the central store accepted closed it, or it refused its opening (void).

    A step it refused does not count: a closing refused for a late return (R-PASS-1) leaves the case to invalidate."""
    accepted = []
    for entry_id, _kind, body, _at in steps:
        refused = getattr(said.get(entry_id), "status", None) == Status.INVALIDEE
        data = _data(body)
        if data.get("event") == "ouverture" and refused:
            return True
        if not refused:
            accepted.append(data)
    return bool(accepted) and accepted[-1].get("status") in ENDED_CASE


def purge_renewals(conn: Connection, due: Sequence[tuple[str, ...]], *, today: date, purged_body: str) -> int:
    """Every entry of these records loses its body, unless one came meanwhile (a step younger than a year)."""
    ids = sorted({row[0] for row in due})
    bound = datetime.combine(today - _YEAR_AT_LEAST, datetime.min.time(), UTC)
    c = entries.c
    newer = entries.alias("newer")
    fresh = select(newer.c.id).where(and_(newer.c.record_id == c.record_id, newer.c.established_at >= bound)).exists()
    touched = conn.execute(
        update(entries)
        .where(among(conn, c.record_id, ids), c.kind.in_(RENEWAL_KINDS), c.body != purged_body, ~fresh)
        .values(body=purged_body)
        .returning(c.record_id)
    ).all()
    done = sorted({r.record_id for r in touched})
    forget_review_notes(conn, done)
    return len(done)


def forget_review_notes(conn: Connection, record_ids: Sequence[str]) -> None:
    """A review's note is the reviewer's free text (up to 2000 characters, and it may name the person): it goes with
    the record's data, in the review and in its log; the decision, who took it and when stay (R-DATA-4)."""
    if not record_ids:
        return
    reviewed = select(reviews.c.id).where(among(conn, reviews.c.procuration_id, list(record_ids)))
    conn.execute(update(review_log).where(review_log.c.review_id.in_(reviewed)).values(note=None))
    conn.execute(update(reviews).where(among(conn, reviews.c.procuration_id, list(record_ids))).values(note=None))
