"""The audit log's HMAC chain: each row's MAC covers the previous MAC and the row; verification finds edits and cuts."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from desktop.i18n import _
from desktop.security.hkdf import derive_audit_key

if TYPE_CHECKING:
    from desktop.security.anchors import Anchor

__all__ = [
    "GENESIS",
    "ChainRow",
    "Checkpoint",
    "Problem",
    "VerifyReport",
    "canonical",
    "derive_audit_key",
    "row_mac",
    "verify_chain",
]
GENESIS = bytes(32)  # the "previous MAC" of the first row
# The shortest audit retention allowed (CNIL 2021-122: 6 months): no event younger than this was purged lawfully.
MIN_AUDIT_RETENTION = timedelta(days=183)


@dataclass(frozen=True, slots=True)
class ChainRow:
    """One audit event as the chain sees it."""

    seq: int
    at: datetime
    station_code: str
    agent_id: str | None
    action: str
    record_kind: str | None
    record_id: str | None
    detail: str | None
    mac: bytes | None = None


def canonical(row: ChainRow) -> bytes:
    """A stable byte form of the row (sorted JSON, UTC microseconds): what the MAC covers."""
    at = row.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    body = {
        "seq": row.seq,
        "at": at,
        "station": row.station_code,
        "agent": row.agent_id,
        "action": row.action,
        "kind": row.record_kind,
        "record": row.record_id,
        "detail": row.detail,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def row_mac(key: bytes, previous: bytes, row: ChainRow) -> bytes:
    """HMAC-SHA256(key, previous MAC ‖ canonical row)."""
    return hmac.new(key, previous + canonical(row), hashlib.sha256).digest()


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding; `kind` is a stable code, `message` French for the inspector."""

    kind: str  # modifiee, trou, queue_coupee, mac_absente, ancre_invalide, ancre_differente, depart_non_ancre,
    # depart_coupe
    seq: int
    message: str


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """Where the retained chain starts: the seq and MAC of the last row purged by retention."""

    seq: int
    mac: bytes


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """The result of a verification: rows checked, last seq and MAC, and the problems found."""

    rows: int
    first_seq: int | None
    last_seq: int | None
    last_mac: bytes | None
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(
    rows: Iterable[ChainRow],
    key: bytes,
    *,
    start: Checkpoint | None = None,
    anchors: Sequence[Anchor] = (),
    public_key: bytes | None = None,
    now: datetime | None = None,
    retention: timedelta = MIN_AUDIT_RETENTION,
    central_key: bytes | None = None,
    resumed: bool = False,
) -> VerifyReport:
    """Recompute the chain from `start`; report edited rows, missing seqs, a tail cut below the last anchor, and a
    start that no start anchor attests or that cut events younger than the retention period (issue 15, item 5).

    `resumed`: `start` is the end of a prefix verified intact before, not a retention checkpoint: no start anchor is
    asked for it (desktop/services/chain_watch.py)."""
    from desktop.security.anchors import verify_anchor  # cryptography only when anchors are checked

    problems: list[Problem] = []
    expected_seq = (start.seq if start else 0) + 1
    previous = start.mac if start else GENESIS
    anchored = {a.seq for a in anchors}
    macs: dict[int, bytes] = {}  # at the anchors' seqs only: not one per event of a year of log
    count = 0
    first: int | None = None
    last: ChainRow | None = None
    for row in rows:
        count += 1
        first = row.seq if first is None else first
        if row.seq > expected_seq:
            missing = (
                f"{expected_seq}"
                if row.seq == expected_seq + 1
                else _("{expected_seq} à {value}").format(expected_seq=expected_seq, value=row.seq - 1)
            )
            problems.append(
                Problem("trou", expected_seq, _("Événements manquants : n° {missing}.").format(missing=missing))
            )
        if row.mac is None:
            problems.append(
                Problem("mac_absente", row.seq, _("L'événement n° {seq} n'a pas de sceau.").format(seq=row.seq))
            )
        elif not hmac.compare_digest(row_mac(key, previous, row), row.mac):
            problems.append(
                Problem(
                    "modifiee", row.seq, _("L'événement n° {seq} a été modifié (sceau invalide).").format(seq=row.seq)
                )
            )
        # Continue from the stored MAC so one edit is reported once, not for every later row.
        previous = row.mac if row.mac is not None else previous
        if row.seq in anchored:
            macs[row.seq] = previous
        expected_seq = row.seq + 1
        last = row
    last_seq = last.seq if last else (start.seq if start else None)
    valid: list[Anchor] = []
    for anchor in anchors:
        if public_key is not None and not verify_anchor(public_key, anchor):
            problems.append(
                Problem(
                    "ancre_invalide", anchor.seq, _("L'ancre n° {seq} a une signature invalide.").format(seq=anchor.seq)
                )
            )
            continue
        valid.append(anchor)
    if start is not None and not resumed:
        problems.extend(_start_problems(start, valid, now=now, retention=retention, central_key=central_key))
    for anchor in valid:
        if anchor.checkpoint:
            continue  # start anchors were checked above
        if start is not None and anchor.seq <= start.seq:
            if anchor.seq == start.seq and anchor.mac != start.mac:
                message = _("Le point de départ du journal ne correspond pas à l'ancre signée.")
                problems.append(Problem("ancre_differente", anchor.seq, message))
            continue  # purged by retention: nothing left to compare
        if last_seq is None or anchor.seq > last_seq:
            problems.append(
                Problem(
                    "queue_coupee",
                    anchor.seq,
                    _("Le journal s'arrête au n° {value} alors qu'une ancre atteste le n° {seq}.").format(
                        value=last_seq or 0, seq=anchor.seq
                    ),
                )
            )
        elif anchor.seq in macs and not hmac.compare_digest(macs[anchor.seq], anchor.mac):
            problems.append(
                Problem(
                    "ancre_differente",
                    anchor.seq,
                    _("L'événement n° {seq} ne correspond pas à l'ancre signée.").format(seq=anchor.seq),
                )
            )
    return VerifyReport(
        rows=count, first_seq=first, last_seq=last_seq, last_mac=last.mac if last else None, problems=tuple(problems)
    )


def _start_problems(
    start: Checkpoint,
    anchors: Sequence[Anchor],
    *,
    now: datetime | None,
    retention: timedelta,
    central_key: bytes | None,
) -> list[Problem]:
    """The retention checkpoint must carry a signed start anchor (countersigned by the central store when its key
    is given), and nothing younger than the retention period may sit below it: otherwise the start of the log was
    cut (deleted rows plus a forged checkpoint)."""
    from desktop.security.anchors import verify_countersignature

    problems: list[Problem] = []
    attests = [a for a in anchors if a.checkpoint and a.seq == start.seq and hmac.compare_digest(a.mac, start.mac)]
    if central_key is not None:
        attests = [a for a in attests if verify_countersignature(central_key, a)]
    if not attests:
        problems.append(
            Problem(
                "depart_non_ancre",
                start.seq,
                _("Le point de départ du journal (n° {seq}) n'est attesté par aucune ancre de départ signée").format(
                    seq=start.seq
                )
                + (_(" et contresignée par le répertoire central") if central_key is not None else "")
                + _(" : le début du journal a pu être coupé."),
            )
        )
    if now is None:
        return problems
    limit = now - retention
    for anchor in anchors:
        if anchor.seq > start.seq or anchor.at <= limit:
            continue
        if anchor.seq == start.seq and not anchor.checkpoint:
            continue  # the chain's end signed at a sync may well be the event retention stops at
        day = anchor.at.astimezone(UTC).strftime("%d/%m/%Y")
        problems.append(
            Problem(
                "depart_coupe",
                anchor.seq,
                _(
                    "L'ancre n° {seq} du {day}, plus récente que la durée de conservation, est sous le point "
                    "de départ du journal (n° {seq2}) : des événements récents en ont été retirés."
                ).format(seq=anchor.seq, day=day, seq2=start.seq),
            )
        )
    return problems
