"""Record ownership: an id the central store already holds may come back only from its station, with its content.

A station re-sends an entry it already sent (a lost acknowledgement, a sequence recovery) or re-enqueues a record:
same station, same content, a harmless retry answered with the stored status. A renewal record comes back at each of
its steps, with new content, from its station (`EVOLVING`). Anything else (another station's
record id, or the same id with other content) is refused with a 409 that names the entry, never a 500 and never
another station's verdict (issue 14.4).

One exception, a replay (`Known.replays`): an entry whose entry id is stored for another station with exactly the
same kind and canonical body. A station enrolled again keeping its store resends, under its new id, everything its
earlier id had sent (desktop/sync/recovery.py `rebind`), so that a central store restored to before some of those
acts gets them back. What it holds already is answered with the verdict it stored for that entry (a procuration's
current status, as for a station's own resend) and nothing is written for it: no entry row, no procuration, no
revocation, no review, no feed row; the station's seq goes past it as for any entry. A sender learns nothing it did
not hold: it had to send the exact entry id and body (docs/SECURITY.md « Replays of another station's entry »).
A record an earlier id of the station's code sent is the station's own: it takes the record's next steps under its
new id (central/lineage.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, or_, select

from central import lineage
from central.db import among
from central.schema import batches, entries, procurations
from desktop.sync.wire import KIND_PASSEPORT, KIND_VOTE_INTERNET, Batch, BatchResult, Entry, Verdict, canonical_json


class RecordConflict(Exception):
    """An entry of the batch reuses an id the central store holds for another station or other content."""

    def __init__(self, *, seq: int, code: str, message: str) -> None:
        super().__init__(f"record conflict at seq {seq}: {code}")
        self.seq, self.code, self.message = seq, code, message


MSG_OTHER_STATION = (
    "Cet enregistrement porte un identifiant déjà utilisé par un autre poste : il n'est pas enregistré. "
    "Établissez-le de nouveau."
)
MSG_OTHER_CONTENT = (
    "Cet enregistrement porte l'identifiant d'un enregistrement déjà reçu avec un autre contenu : il n'est pas "
    "enregistré. Établissez-le de nouveau."
)


# A renewal record (a passport case, an internet-vote request) is sent again at each of its steps, with its new
# state, under its own id (desktop/services/renewal_base.opaque_body): its steps are one record's, from its station.
# Until session 26 a step after the first was refused as « autre contenu » and set aside at the counter.
EVOLVING = frozenset({KIND_PASSEPORT, KIND_VOTE_INTERNET})


@dataclass(frozen=True, slots=True)
class Known:
    """Entry ids of the batch already stored with the same content (not stored twice); among them, those stored for
    another station (`replays`: the verdict stored for each; nothing of theirs is applied)."""

    entry_ids: frozenset[str]
    replays: Mapping[str, Verdict] = field(default_factory=dict)

    def fresh(self, batch: Batch, bodies: Sequence[str]) -> list[tuple[Entry, str]]:
        """The entries of the batch that are not replays, each with its canonical body text: those applied."""
        return [(e, body) for e, body in zip(batch.entries, bodies, strict=True) if e.id not in self.replays]


def check(conn: Connection, *, station_id: str, batch: Batch, texts: Sequence[str] | None = None) -> Known:
    """Raise RecordConflict for the first entry whose entry id or record id belongs elsewhere.

    `texts`: each entry's canonical body text when the caller has them already (central/apply.py).
    """
    if texts is None:
        texts = [canonical_json(e.body.to_dict()) for e in batch.entries]
    bodies = {e.id: text for e, text in zip(batch.entries, texts, strict=True)}
    record_of = {e.id: str(getattr(e.body, "id", e.id)) for e in batch.entries}
    rows = conn.execute(
        select(entries.c.id, entries.c.station_id, entries.c.kind, entries.c.record_id, entries.c.body).where(
            or_(
                among(conn, entries.c.id, list(bodies)),
                among(conn, entries.c.record_id, sorted(set(record_of.values()))),
            )
        )
    ).all()
    by_entry = {r.id: r for r in rows}
    by_record: dict[str, list[tuple[str, str, str]]] = {}
    for r in rows:
        by_record.setdefault(r.record_id, []).append((r.station_id, r.kind, r.body))
    seen: dict[str, tuple[str, str]] = {}  # record id -> (kind, body) of its first occurrence in this batch
    known: set[str] = set()
    same = {(e.id, e.kind, bodies[e.id]) for e in batch.entries}  # another station's entry sent again as it is
    replayed = stored_verdicts(
        conn, [r.id for r in rows if r.station_id != station_id and (r.id, r.kind, r.body) in same]
    )
    for e in batch.entries:
        body = bodies[e.id]
        stored = by_entry.get(e.id)
        record = record_of[e.id]
        if stored is not None:
            if stored.station_id != station_id:
                if e.id not in replayed:
                    raise RecordConflict(seq=e.seq, code="entree", message=MSG_OTHER_STATION)
                # A replay: nothing of it is written, so the record's other entries (a renewal's later steps, its
                # station's) are not this one's to check; a later entry of the batch for the record still is.
                known.add(e.id)
                seen.setdefault(record, (e.kind, body))
                continue
            if (stored.kind, stored.body) != (e.kind, body):
                raise RecordConflict(seq=e.seq, code="entree", message=MSG_OTHER_CONTENT)
            known.add(e.id)
        for owner, kind, stored_body in by_record.get(record, ()):
            # A record of an earlier id of this station's code is its own (central/lineage.py): a renewal's next step.
            if owner != station_id and owner not in lineage.ancestors(conn, station_id):
                raise RecordConflict(seq=e.seq, code="enregistrement", message=MSG_OTHER_STATION)
            if not _same_record(kind, stored_body, e.kind, body):
                raise RecordConflict(seq=e.seq, code="enregistrement", message=MSG_OTHER_CONTENT)
        first = seen.setdefault(record, (e.kind, body))
        if not _same_record(*first, e.kind, body):
            raise RecordConflict(seq=e.seq, code="enregistrement", message=MSG_OTHER_CONTENT)
    return Known(entry_ids=frozenset(known), replays={i: replayed[i] for i in known if i in replayed})


def _same_record(kind: str, body: str, new_kind: str, new_body: str) -> bool:
    """Whether an entry may carry this record id again: the same content, or a later step of a renewal record."""
    return kind == new_kind and (body == new_body or kind in EVOLVING)


def stored_verdicts(conn: Connection, entry_ids: Sequence[str]) -> dict[str, Verdict]:
    """The verdict the central store answered for each of these stored entries (in the stored answer of the batch
    that brought it; an entry whose answer is not found is left out)."""
    if not entry_ids:
        return {}
    rows = conn.execute(
        select(entries.c.id, batches.c.response)
        .select_from(entries.join(batches, batches.c.batch_id == entries.c.batch_id))
        .where(among(conn, entries.c.id, list(entry_ids)))
    ).all()
    answers: dict[str, dict[str, Verdict]] = {}
    out = {}
    for entry_id, response in rows:
        verdicts = answers.setdefault(response, {v.id: v for v in BatchResult.from_json(response).verdicts})
        if entry_id in verdicts:
            out[entry_id] = verdicts[entry_id]
    return out


def replay_verdicts(conn: Connection, known: Known, batch: Batch) -> list[Verdict]:
    """The answer to each replay of the batch: its stored verdict under this batch's seq, a procuration's status
    being its current one (a later invalidation or revocation), as a station's own resend is answered."""
    if not known.replays:
        return []
    records = {e.id: str(getattr(e.body, "id", e.id)) for e in batch.entries if e.id in known.replays}
    rows = conn.execute(
        select(procurations.c.id, procurations.c.status, procurations.c.rule_id, procurations.c.message).where(
            among(conn, procurations.c.id, sorted(set(records.values())))
        )
    )
    now = {r.id: {"status": r.status, "rule_id": r.rule_id, "message": r.message} for r in rows}
    return [
        known.replays[e.id].model_copy(update={"seq": e.seq, **now.get(records[e.id], {})})
        for e in batch.entries
        if e.id in known.replays
    ]
