"""Where a station's acts are established, as the central store knows it: from the station's kind of place in the
enrolment file (`type`), not from what the station says.

R-LIMIT-1 counts procurations established in France apart from those established abroad, and a procuration's
`established_in` is the station's word: a counter in France saying « etranger » gave a mandataire a second
procuration established in France (central audit, 4 December 2026). A station enrolled with a kind of place has its
procurations checked against it: one established elsewhere than its kind says is refused, with the entry named, as
a record the central store cannot take (the station sets it aside and the agent reads why). A station enrolled
without one (the enrolment secret's single route, an older file) is taken at its word, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine, select, update

from central.auth import station_ids
from central.ownership import RecordConflict
from central.schema import enrolment_tokens, stations
from desktop.rules.counter import established_at
from desktop.rules.terms import PlaceKind
from desktop.rules.types import EstablishedIn
from desktop.sync.wire import Entry, ProcurationEtablie

MSG_ELSEWHERE = (
    "Cette procuration se dit établie {said}, mais ce poste est enregistré au répertoire central comme « {kind} » : "
    "elle n'est pas enregistrée. Vérifiez le type de poste du réglage station_kind, puis établissez-la de nouveau."
)
MSG_OTHER_KIND = (
    "Cette procuration se dit établie dans un lieu « {said} », mais ce poste est enregistré au répertoire central "
    "comme « {kind} » : elle n'est pas enregistrée. Vérifiez le type de poste du réglage station_kind, puis "
    "établissez-la de nouveau."
)
_WHERE = {EstablishedIn.FRANCE.value: "en France", EstablishedIn.ETRANGER.value: "à l'étranger"}


def check(place_kind: str | None, entries: Sequence[Entry]) -> None:
    """Raise RecordConflict for the first procuration established elsewhere than the station's kind of place (none
    for a station without one, or of a kind the central store does not know)."""
    try:
        kind = PlaceKind(place_kind) if place_kind else None
    except ValueError:
        kind = None
    if kind is None:
        return
    where = established_at(kind)
    for entry in entries:
        body = entry.body
        if not isinstance(body, ProcurationEtablie):
            continue
        if body.established_in != where.value:
            said = _WHERE.get(body.established_in, f"« {body.established_in} »")
            message = MSG_ELSEWHERE.format(said=said, kind=kind.label)
            raise RecordConflict(seq=entry.seq, code="enregistrement", message=message)
        if body.place_kind != kind.value:  # the national picture counts acts by kind of place too (re-audit)
            message = MSG_OTHER_KIND.format(said=body.place_kind[:40], kind=kind.label)
            raise RecordConflict(seq=entry.seq, code="enregistrement", message=message)


def set_kind(engine: Engine, code: str, kind: PlaceKind, *, replace: bool = False) -> tuple[int, dict[str, str]]:
    """Give the stations of this code (or label, or id) their kind of place, as the enrolment file's `type` would
    have: a station enrolled before the file had one was taken at its word for good (`guichet-central station kind`).
    Returns how many were set and, when some had another kind and `replace` is not given, those kinds by station id
    (then nothing is changed). The code's tokens not redeemed yet get it too: the next enrolment keeps it."""
    with engine.begin() as conn:
        ids = station_ids(conn, code)
        held = {
            str(r.id): str(r.place_kind)
            for r in conn.execute(select(stations.c.id, stations.c.place_kind).where(stations.c.id.in_(ids)))
            if r.place_kind and r.place_kind != kind.value
        }
        if not ids or (held and not replace):
            return 0, held
        conn.execute(update(stations).where(stations.c.id.in_(ids)).values(place_kind=kind.value))
        conn.execute(
            update(enrolment_tokens)
            .where(enrolment_tokens.c.station_code == code, enrolment_tokens.c.station_id.is_(None))
            .values(place_kind=kind.value)
        )
    return len(ids), held
