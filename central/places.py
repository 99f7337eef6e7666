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

from central.ownership import RecordConflict
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
