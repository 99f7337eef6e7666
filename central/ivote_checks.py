"""Internet-vote renewals judged again at the central store, over every station's requests (R-IVOTE-5).

The desk refuses a renewal of the password while one of the identifier is pending (its link not yet used), and the
other way round (R-IVOTE-5) — from its own records only. A voter could ask one
consulate for the identifier and another for the password; a tampered station holding a valid token skips both.
The central store holds every station's entries (`vote_internet.demande`, the NUMIC in each body) and judges:

- a request (`demande`) while a request of the other credential is open for the same NUMIC at any station: open
  means accepted here, its link not used (no accepted `lien_utilise`), and not replaced (no accepted request names
  it in its `remplace`): R-IVOTE-5. (A link used twice, R-IVOTE-2, is the record's own history:
  central/renewal_checks.py.)

The entries of a NUMIC are found by their kind (an index) and their body's text, then read as JSON: no other copy
of the NUMIC is kept. Requests stored before this check are judged the same way (they are entries too).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, or_, select

from central import lineage
from central.ownership import stored_verdicts
from central.schema import entries
from desktop.rules.terms import Status
from desktop.sync.wire import KIND_VOTE_INTERNET

MSG_BOTH = (
    "Refusé par le répertoire central (R-IVOTE-5) : un renouvellement {other} est en cours pour cet électeur (à ce "
    "poste ou à un autre) et son lien n'a pas encore servi. L'identifiant et le mot de passe ne peuvent pas être "
    "renouvelés en même temps : le demandeur doit d'abord utiliser ce lien."
)
CHUNK = 50  # NUMICs per statement
OTHER = {"identifiant": "de l'identifiant", "mot_de_passe": "du mot de passe"}
# A credential the desk never writes, as a station sent it, is not repeated: 2,000 characters or a line feed made a
# reason no answer can carry, and every later request of the voter, at any station, failed with it.
OTHER_UNKNOWN = "de l'identifiant ou du mot de passe"


@dataclass(slots=True)
class _Voter:
    """One NUMIC's requests as the central store accepted them: credential asked, link used, replaced."""

    asked: dict[str, str] = field(default_factory=dict)  # record id -> credential
    owner: dict[str, str] = field(default_factory=dict)  # record id -> the station that asked
    used: set[str] = field(default_factory=set)
    replaced: set[str] = field(default_factory=set)

    def accept(self, record_id: str, data: Mapping[str, Any], station_id: str, ours: frozenset[str]) -> None:
        event = data.get("event")
        if event == "demande":
            self.asked[record_id] = str(data.get("credential", ""))
            self.owner[record_id] = station_id
            remplace = data.get("remplace")
            if isinstance(remplace, list):  # a desk replaces its own requests only (its code's: central/lineage.py)
                self.replaced.update(r for r in remplace if isinstance(r, str) and self.owner.get(r) in ours)
        elif event == "lien_utilise":
            self.used.add(record_id)

    def open_other(self, record_id: str, credential: str) -> str | None:
        """The credential of an open request for another credential than `credential`, if any."""
        for rid, asked in self.asked.items():
            if rid != record_id and asked != credential and rid not in self.used and rid not in self.replaced:
                return asked
        return None


class IvoteJudge:
    """Judges a batch's internet-vote entries in order; each accepted one counts for the next. The NUMICs' stored
    entries are read first, a few NUMICs per statement: a batch of many requests is not one scan each."""

    def __init__(self, conn: Connection, station_id: str, numics: Iterable[str]) -> None:
        self._station = station_id
        self._ours = lineage.kin(conn, station_id)
        self._voters: dict[str, _Voter] = {}
        wanted = sorted(set(numics))
        for start in range(0, len(wanted), CHUNK):
            self._load(conn, wanted[start : start + CHUNK])

    def judge(self, record_id: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
        numic = data.get("numic")
        if not isinstance(numic, str) or not numic:
            return None
        voter = self._voters.setdefault(numic, _Voter())
        found: tuple[str, str] | None = None
        if data.get("event") == "demande":
            other = voter.open_other(record_id, str(data.get("credential", "")))
            if other is not None:
                found = "R-IVOTE-5", MSG_BOTH.format(other=OTHER.get(other, OTHER_UNKNOWN))
        if found is None:
            voter.accept(record_id, data, self._station, self._ours)
        return found

    def _load(self, conn: Connection, numics: list[str]) -> None:
        rows = conn.execute(
            select(entries.c.id, entries.c.record_id, entries.c.station_id, entries.c.body)
            .where(entries.c.kind == KIND_VOTE_INTERNET, or_(*(_like(n) for n in numics)))
            .order_by(entries.c.received_at, entries.c.station_id, entries.c.seq)
        ).all()
        said = stored_verdicts(conn, [r.id for r in rows])
        for numic in numics:
            self._voters.setdefault(numic, _Voter())
        for r in rows:
            data = json.loads(r.body).get("data", {})
            refused = r.id in said and said[r.id].status == Status.INVALIDEE
            named = data.get("numic") if isinstance(data, dict) else None
            if isinstance(named, str) and named in self._voters and not refused:  # the JSON says which NUMIC
                self._voters[named].accept(r.record_id, data, r.station_id, lineage.kin(conn, r.station_id))


def numics_of(bodies: Iterable[Mapping[str, Any]]) -> list[str]:
    """The NUMICs internet-vote entries' data name (what `IvoteJudge` reads the stored entries of)."""
    return [n for data in bodies if isinstance(n := data.get("numic"), str) and n]


def _like(numic: str) -> ColumnElement[bool]:
    needle = '"numic":' + json.dumps(numic, ensure_ascii=False)  # as the canonical body text writes it
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return entries.c.body.like(pattern, escape="\\")
