"""The review queue: outcomes decided by a flagged establishment time, listed for administrators and decided.

The apply path opens a review for each procuration whose L73 or R-VALID-6 outcome rests on a flagged time (clamped,
skewed, or dated from a last sync this server never issued to the station): `open_reviews`. The change feed carries
the flag `revue` on those changes. It opens one too on what an agent not the pushing station's own decided (a
procuration it established, those its résiliation revoked: central/attribution.py), flagged in the verdict only,
and on each act refused because its authority is not the agent the central store enrolled (central/agent_authority.py:
the procuration, or the résiliation, subject `procuration.resiliation`).
Administrators list them (`list_reviews`, `GET /v1/admin/reviews`, `guichet-central review list`) and decide
(`decide_review`, `POST /v1/admin/reviews/{id}/decision`, `guichet-central review decide`); every step is written to
`review_log`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi import Path as PathParam
from pydantic import BaseModel
from sqlalchemy import Connection, Engine, Row, Select, insert, select, update

from central.admin_accounts import any_active
from central.decide import Proc
from central.edge import BearerDep, bearer_token, errors
from central.schema import INTEGER_MAX, entries, review_log, reviews, stations, utc
from desktop.sync.wire.fields import Text64, Text2000

FLAG_REVIEW = "revue"
DECISIONS = ("maintenue", "contestee")  # the outcome stands / the flagged time is contested (to correct by hand)
Decision = Literal["maintenue", "contestee"]


CHANGED_API = "le résultat de la revue, ou sa décision, a changé depuis sa lecture : relisez-la, rien n'a été décidé"
SUBJECT_PROCURATION = "procuration"  # a review's subject: a procuration, or the renewal kind of its record


@dataclass(frozen=True, slots=True)
class Subject:
    """One record to review: which, at which station, its outcome, the records (or entries) and flags that ask it."""

    record_id: str
    subject: str
    station_id: str
    mandataire_key: str
    status: str
    rule_id: str | None
    flagged: tuple[str, ...]
    flags: tuple[str, ...]


def open_reviews(
    conn: Connection, procs: Iterable[Proc], review: Mapping[str, tuple[str, ...]], *, now: datetime
) -> frozenset[str]:
    """Open (or re-open) a review for each procuration of `review`; returns their ids (flagged in the feed)."""
    if not review:
        return frozenset()
    by_id = {p.id: p for p in procs}
    flagged_ids = sorted({f for fs in review.values() for f in fs})
    flags_of = {
        r.record_id: r.flags
        for r in conn.execute(select(entries.c.record_id, entries.c.flags).where(entries.c.record_id.in_(flagged_ids)))
    }
    subjects = []
    for pid in sorted(review):
        p, deciding = by_id[pid], review[pid]
        flags = {f for d in deciding for f in (flags_of.get(d) or "").split(",") if f}
        subjects.append(
            Subject(
                pid, SUBJECT_PROCURATION, p.station_id, p.mandataire_key, p.status, p.rule_id, deciding, tuple(flags)
            )
        )
    _open(conn, subjects, now=now)
    return frozenset(review)


def open_renewal_reviews(conn: Connection, acts: Iterable[Subject], *, now: datetime) -> frozenset[str]:
    """Open a review on each renewal record a flagged agent acted on (`subject`: the entry's kind; `flagged`: the
    entries). A later flagged step of a reviewed record joins its review, and re-opens it once decided. Returns
    the record ids."""
    merged: dict[str, Subject] = {}
    for act in acts:
        seen = merged.get(act.record_id)
        merged[act.record_id] = act if seen is None else _joined(seen, act.flagged, act.flags)
    _open(conn, list(merged.values()), now=now)
    return frozenset(merged)


def _joined(subject: Subject, flagged: Iterable[str], flags: Iterable[str]) -> Subject:
    return replace(
        subject,
        flagged=tuple(sorted({*subject.flagged, *flagged})),
        flags=tuple(sorted({*subject.flags, *flags})),
    )


def _open(conn: Connection, subjects: list[Subject], *, now: datetime) -> None:
    """Insert the new reviews in one statement and their log lines in another; update (or re-open, once decided)
    those whose outcome or deciding records changed."""
    if not subjects:
        return
    # Locked as read, in order: an administrator's decision committed between this read and the update below would
    # otherwise be left standing on an outcome changed after it (the review not re-opened).
    existing = {
        r.procuration_id: r
        for r in conn.execute(
            select(reviews)
            .where(reviews.c.procuration_id.in_(sorted(s.record_id for s in subjects)))
            .order_by(reviews.c.procuration_id)
            .with_for_update()
        )
    }
    opened: list[dict[str, Any]] = []
    logs: list[tuple[int, str]] = []
    for subject in subjects:
        row = existing.get(subject.record_id)
        if row is not None and subject.subject != SUBJECT_PROCURATION:
            # A renewal's steps arrive over several batches: each adds to what its review holds.
            subject = _joined(subject, _listed(row.flagged), _listed(row.flags))
        values = {
            "status": subject.status,
            "rule_id": subject.rule_id,
            "flagged": ",".join(subject.flagged)[:400],
            "flags": ",".join(sorted(set(subject.flags)))[:200],
        }
        if row is None:
            opened.append(
                {
                    "procuration_id": subject.record_id,
                    "subject": subject.subject,
                    "station_id": subject.station_id,
                    "mandataire_key": subject.mandataire_key,
                    **values,
                }
            )
        elif (row.status, row.rule_id, row.flagged) != (values["status"], values["rule_id"], values["flagged"]):
            reopen = row.decided_at is not None
            conn.execute(
                update(reviews)
                .where(reviews.c.id == row.id)
                .values(**values, **({"decision": None, "decided_by": None, "decided_at": None} if reopen else {}))
            )
            logs.append((int(row.id), "rouverte" if reopen else "mise_a_jour"))
    if opened:
        # One statement for a batch's new reviews, and one for their log lines: a batch of flagged entries (a station
        # whose clock is not believed, or an agent not its own) opened them row by row, 85 % of its apply time
        # (session 25: 161 ms of CPU a batch of 200 against 24 ms unflagged).
        made = conn.execute(
            insert(reviews).returning(reviews.c.id, sort_by_parameter_order=True),
            [{**row, "opened_at": now} for row in opened],
        )
        logs = [(int(review_id), "ouverte") for review_id in made.scalars()] + logs
    if logs:
        conn.execute(
            insert(review_log),
            [{"review_id": rid, "action": action, "actor": "central", "note": None, "at": now} for rid, action in logs],
        )


def _listed(text: str) -> tuple[str, ...]:
    return tuple(x for x in text.split(",") if x)


def _log(conn: Connection, review_id: int, action: str, actor: str, note: str | None, now: datetime) -> None:
    conn.execute(insert(review_log).values(review_id=review_id, action=action, actor=actor[:64], note=note, at=now))


class ReviewItem(BaseModel):
    """One entry of the queue, without personal data: ids, the outcome, the flags, the decision."""

    id: int
    procuration_id: str  # the record under review: a procuration's id, or a renewal record's (`subject`)
    subject: str = SUBJECT_PROCURATION  # procuration | passeport.etape | vote_internet.demande
    station_id: str
    station_label: str | None = None  # the station's label, as it was enrolled
    status: str
    rule_id: str | None
    flagged: tuple[str, ...]
    flags: tuple[str, ...]
    opened_at: datetime
    decision: str | None
    decided_by: str | None
    decided_at: datetime | None
    note: str | None
    # The outcome shown (status, rule, flagged records, flags) in a few characters: the review page and the command
    # line send it back with a decision, refused if the outcome changed since (`ReviewChanged`).
    vu: str = ""


class ReviewList(BaseModel):
    """Answer of GET /v1/admin/reviews."""

    items: tuple[ReviewItem, ...]


class DecisionRequest(BaseModel):
    """Body of POST /v1/admin/reviews/{id}/decision."""

    model_config = {"extra": "forbid"}

    decision: Decision
    # The wire's texts: without control characters, which PostgreSQL refuses (a NUL) with a 503 (session 25).
    by: Text64
    note: Text2000 | None = None
    vu: Text64 | None = None  # the outcome read (`ReviewItem.vu`): a decision on one changed since is refused (409)


class ReviewNotFound(Exception):
    """No review with this id."""


class ReviewChanged(Exception):
    """The review's outcome is no longer the one the administrator read (a batch changed it since): nothing decided."""

    def __init__(self, current: ReviewItem) -> None:
        super().__init__(current.id)
        self.current = current


def seen_version(r: Any) -> str:
    """What an administrator reads of a review, as a short fingerprint (`ReviewItem.vu`): its outcome (status,
    rule, flagged records, flags) and its decision (a decision another administrator took since is not overwritten
    blind: two reading the same review decided in turn, the later click won)."""
    decided = r.decided_at.isoformat() if r.decided_at is not None else ""
    shown = "\x1f".join((r.status, r.rule_id or "", r.flagged, r.flags, r.decision or "", r.decided_by or "", decided))
    return hashlib.sha256(shown.encode()).hexdigest()[:8]


def _item(r: Row[Any]) -> ReviewItem:
    return ReviewItem(
        id=r.id,
        procuration_id=r.procuration_id,
        subject=r.subject,
        station_id=r.station_id,
        station_label=r._mapping.get("station_label"),
        status=r.status,
        rule_id=r.rule_id,
        flagged=_listed(r.flagged),
        flags=_listed(r.flags),
        opened_at=utc(r.opened_at),
        decision=r.decision,
        decided_by=r.decided_by,
        decided_at=utc(r.decided_at) if r.decided_at is not None else None,
        note=r.note,
        vu=seen_version(r),
    )


def _with_label() -> Select[Any]:
    """The reviews with their station's label (what an administrator knows a station by)."""
    return select(reviews, stations.c.label.label("station_label")).outerjoin(
        stations, stations.c.id == reviews.c.station_id
    )


def list_reviews(engine: Engine, *, pending_only: bool = True, limit: int = 500) -> tuple[ReviewItem, ...]:
    """The review queue, oldest first: only the undecided ones unless `pending_only` is False."""
    query = _with_label().order_by(reviews.c.opened_at, reviews.c.id).limit(limit)
    if pending_only:
        query = query.where(reviews.c.decided_at.is_(None))
    with engine.connect() as conn:
        return tuple(_item(r) for r in conn.execute(query))


def decide_review(
    engine: Engine,
    review_id: int,
    *,
    decision: str,
    by: str,
    note: str | None = None,
    seen: str | None = None,
    now: datetime | None = None,
) -> ReviewItem:
    """Record an administrator's decision on a review, with its audit row; a decided review may be decided again.

    `seen`: the outcome the administrator read (`ReviewItem.vu`); if a batch changed it since, `ReviewChanged` and
    nothing written. The row is locked as read, as the apply path locks it (`_open`): a batch changing the outcome
    comes wholly before this check or after the decision (and then re-opens the review)."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS}")
    moment = now or datetime.now(UTC)
    with engine.begin() as conn:
        row = conn.execute(select(reviews).where(reviews.c.id == review_id).with_for_update()).first()
        if row is None:
            raise ReviewNotFound(review_id)
        if seen is not None and seen != seen_version(row):
            raise ReviewChanged(_item(conn.execute(_with_label().where(reviews.c.id == review_id)).one()))
        conn.execute(
            update(reviews)
            .where(reviews.c.id == review_id)
            .values(decision=decision, decided_by=by[:64], decided_at=moment, note=note)
        )
        _log(conn, review_id, decision, by, note, moment)
        return _item(conn.execute(_with_label().where(reviews.c.id == review_id)).one())


@dataclass(frozen=True, slots=True)
class LogLine:
    """One line of a review's audit trail."""

    action: str
    actor: str
    note: str | None
    at: datetime


def history(engine: Engine, review_id: int) -> tuple[LogLine, ...]:
    """The audit trail of one review, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(review_log).where(review_log.c.review_id == review_id).order_by(review_log.c.id)
        ).all()
    return tuple(LogLine(r.action, r.actor, r.note, utc(r.at)) for r in rows)


def create_router(engine: Engine, *, admin_token: str) -> APIRouter:
    """`/v1/admin/reviews`: the queue and its decisions, for the administrators' bearer token only."""
    router = APIRouter(prefix="/v1/admin/reviews", tags=["revue"])

    def administrator(credentials: BearerDep) -> None:
        given = bearer_token(credentials)
        if not given or not admin_token or not hmac.compare_digest(given, admin_token):
            raise HTTPException(401, "jeton d'administration attendu")

    admin_dep = Depends(administrator)  # a default value, not an annotation: evaluated here, where it is defined

    @router.get("", response_model=ReviewList, responses=errors(401, 422, 503))
    def queue(
        pending: Annotated[bool, Query()] = True,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
        _admin: None = admin_dep,
    ) -> ReviewList:
        """Procurations whose L73 outcome rests on a flagged time, oldest first (undecided only by default)."""
        return ReviewList(items=list_reviews(engine, pending_only=pending, limit=limit))

    @router.post("/{review_id}/decision", response_model=ReviewItem, responses=errors(401, 404, 409, 413, 422, 503))
    def decide(
        review_id: Annotated[int, PathParam(ge=1, le=INTEGER_MAX)], payload: DecisionRequest, _admin: None = admin_dep
    ) -> ReviewItem:
        """Decide one review (`maintenue`: the outcome stands; `contestee`: the flagged time is contested).

        Refused (409) once an administrator has a named account: the shared secret then no longer says who
        decides, and a decision is made on `/admin/revue`, signed in (central/admin_accounts.py)."""
        with engine.connect() as conn:
            if any_active(conn):
                raise HTTPException(409, "décision sur la page /admin/revue, avec un compte nominatif")
        try:
            return decide_review(
                engine, review_id, decision=payload.decision, by=payload.by, note=payload.note, seen=payload.vu
            )
        except ReviewNotFound:
            raise HTTPException(404, "revue inconnue") from None
        except ReviewChanged:
            raise HTTPException(409, CHANGED_API) from None

    return router
