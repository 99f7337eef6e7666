"""Record ownership: an id the central store already holds may come back only from its station, with its content.

A station re-sends an entry it already sent (a lost acknowledgement, a sequence recovery) or re-enqueues a record:
same station, same content, a harmless retry answered with the stored status. A renewal record comes back at each of
its steps, with new content, from its station (`EVOLVING`). Anything else (another station's
record id, or the same id with other content) is refused with a 409 that names the entry, never a 500 and never
another station's verdict (issue 14.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select

from central.db import among
from central.schema import entries
from desktop.sync.wire import KIND_PASSEPORT, KIND_VOTE_INTERNET, Batch, canonical_json


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
    """Entry ids of the batch already stored for this station with the same content (not stored twice)."""

    entry_ids: frozenset[str]


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
    for e in batch.entries:
        body = bodies[e.id]
        stored = by_entry.get(e.id)
        if stored is not None:
            if stored.station_id != station_id:
                raise RecordConflict(seq=e.seq, code="entree", message=MSG_OTHER_STATION)
            if (stored.kind, stored.body) != (e.kind, body):
                raise RecordConflict(seq=e.seq, code="entree", message=MSG_OTHER_CONTENT)
            known.add(e.id)
        record = record_of[e.id]
        for owner, kind, stored_body in by_record.get(record, ()):
            if owner != station_id:
                raise RecordConflict(seq=e.seq, code="enregistrement", message=MSG_OTHER_STATION)
            if not _same_record(kind, stored_body, e.kind, body):
                raise RecordConflict(seq=e.seq, code="enregistrement", message=MSG_OTHER_CONTENT)
        first = seen.setdefault(record, (e.kind, body))
        if not _same_record(*first, e.kind, body):
            raise RecordConflict(seq=e.seq, code="enregistrement", message=MSG_OTHER_CONTENT)
    return Known(entry_ids=frozenset(known))


def _same_record(kind: str, body: str, new_kind: str, new_body: str) -> bool:
    """Whether an entry may carry this record id again: the same content, or a later step of a renewal record."""
    return kind == new_kind and (body == new_body or kind in EVOLVING)
