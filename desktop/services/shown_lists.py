"""Lists that name people and refresh on their own, journaled as a consultation once per content an agent is shown
(R-DATA-4): Activité du jour (`activite_du_jour`) and R-ELIG-5's list of this counter's procurations annulled since
the morning (`annulees_du_jour`).

Both name mandants and mandataires, like a search's rows, but the Activité screen refreshes them after each exchange
with the central store: an event at each refresh would bury the journal under the same list. So an agent's first
look at a list is journaled (`consultation`, with the list's record kind, how many rows and a digest of their ids,
nothing personal, as a search journals its criterion and count), and again only when what they are shown changes.
An empty list shows nobody: nothing is journaled, and the next list is new again.

The line also says which acts the list showed, by receipt number (`recepisses=`), so that the Journal d'audit can
answer « who was shown this act in a list of several » (supervisor audit, session 31: lists were journaled by count
and digest only). The day's receipts follow each other (one gap-free sequence per station and year): written as
runs, « GCH-75056-01-2026-000001..000037 », a day's list takes a few dozen characters; past LISTED_MAX characters
the rest is counted (`autres=`), the line staying within the consultation journal's sealed size.

`journal_once` serves what a check shows of one subject (the establish form's live check disclosing a person's
stored procurations, services/check_disclosure.py): that check runs at every pause in typing, so a content is
journaled the first time an agent is shown it about that subject, and not again.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Collection, Iterable, Iterator

from desktop.services.context import ServiceContext

__all__ = [
    "ACTIVITY",
    "ANNULLED",
    "ShownLists",
    "content_digest",
    "listed_count",
    "listed_field",
    "listed_names",
    "listed_numbers",
    "read_listed",
    "runs",
]

ACTIVITY = "activite_du_jour"
ANNULLED = "annulees_du_jour"
LISTED_MAX = 2000  # characters of receipt numbers a line keeps (a few hundred scattered numbers; the journal: 4 KB)
# Numbers a line is read into at most: a few characters name any number of them (« A-000001..099999 »), and the
# Journal d'audit reads every line it searches. More than a day's lists ever show; the rest is counted.
READ_MAX = 20_000
_NUMBER = re.compile(r"([A-Za-z0-9-]*?)([0-9]+)")
_PLAIN = re.compile(r"[A-Za-z0-9-]+")


def runs(numbers: Iterable[str]) -> list[tuple[str, str]]:
    """The numbers as runs of consecutive ones (first, last), in order; a number without final digits is a run."""
    keyed: list[tuple[str, int, int, str]] = []
    for number in set(numbers):
        found = _NUMBER.fullmatch(number)
        prefix, digits = (found.group(1), found.group(2)) if found else (number, "")
        keyed.append((prefix, len(digits), int(digits) if digits else -1, number))
    out: list[tuple[str, str]] = []
    previous: tuple[str, int, int, str] | None = None
    for key in sorted(keyed):
        if previous is not None and key[:2] == previous[:2] and key[2] == previous[2] + 1 and key[2] >= 0:
            out[-1] = (out[-1][0], key[3])
        else:
            out.append((key[3], key[3]))
        previous = key
    return out


def listed_numbers(numbers: Iterable[str], *, limit: int = LISTED_MAX) -> tuple[str, int]:
    """The numbers written compactly for a journal line, and how many did not fit in `limit` characters: runs
    « first..last-digits » joined by « , », each number's prefix written once per group (« + » before a run of the
    same prefix): « GCH-75056-01-2026-000001..000037+000039 ». Only plain numbers (letters, digits, hyphens)."""
    numbers = list(numbers)  # read twice below: a generator would count its numbers as not written
    plain = [n for n in numbers if _PLAIN.fullmatch(n)]
    left = len(set(numbers)) - len(set(plain))
    pieces: list[str] = []
    size, prefix = 0, None
    for first, last in runs(plain):
        found = _NUMBER.fullmatch(first)
        head, digits = (found.group(1), found.group(2)) if found else (first, "")
        end = _NUMBER.fullmatch(last)
        tail = end.group(2) if end and first != last else ""
        if digits and head == prefix:
            piece = "+" + digits + (".." + tail if tail else "")
        else:
            piece = ("," if pieces else "") + first + (".." + tail if tail else "")
        if size + len(piece) > limit:
            left += _count(first, last)
            continue
        pieces.append(piece)
        size += len(piece)
        prefix = head if digits else None
    return "".join(pieces), left


def listed_field(numbers: Iterable[str]) -> str:
    """« ;recepisses=…[;autres=N] » for a consultation's line that showed these acts (a search's rows: lookup.py), or
    "" when it showed none with a number."""
    listed, left = listed_numbers(numbers)
    if not listed and not left:
        return ""
    return f";recepisses={listed}" + (f";autres={left}" if left else "")


def _count(first: str, last: str) -> int:
    a, b = _NUMBER.fullmatch(first), _NUMBER.fullmatch(last)
    return int(b.group(2)) - int(a.group(2)) + 1 if a and b and first != last else 1


def read_listed(text: str, *, limit: int = READ_MAX) -> list[str]:
    """The numbers `listed_numbers` wrote, in order, `limit` at most (`listed_count` says how many the text names);
    what does not read as such is skipped (never raises)."""
    out: list[str] = []
    for prefix, first, last, width in _listed_runs(text):
        if len(out) >= limit:
            break
        if width < 0:
            out.append(prefix)
            continue
        out.extend(f"{prefix}{n:0{width}d}" for n in range(first, min(last, first + limit - len(out) - 1) + 1))
    return out


def listed_count(text: str) -> int:
    """How many numbers the text names, none of them made (a run « A-000001..099999 » is 99,999)."""
    return sum(last - first + 1 if width >= 0 else 1 for _prefix, first, last, width in _listed_runs(text))


def listed_names(text: str, numbers: Collection[str]) -> bool:
    """Whether the text names one of these numbers, read from its runs' ends: none of them made."""
    wanted = set(numbers)
    keyed: dict[str, tuple[str, int, int]] = {}
    for number in wanted:
        found = _NUMBER.fullmatch(number)
        if found:
            keyed[number] = (found.group(1), len(found.group(2)), int(found.group(2)))
    for prefix, first, last, width in _listed_runs(text):
        if width < 0:
            if prefix in wanted:
                return True
        elif any(p == prefix and w == width and first <= n <= last for p, w, n in keyed.values()):
            return True
    return False


def _listed_runs(text: str) -> Iterator[tuple[str, int, int, int]]:
    """The runs `listed_numbers` wrote: (prefix, first, last, digits' width), or (number, 0, 0, -1) for a number
    written alone without a run (what does not read as either is skipped)."""
    for group in text.split(","):
        items = group.split("+")
        found = _NUMBER.fullmatch(items[0].split("..")[0])
        prefix = found.group(1) if found else ""
        for i, item in enumerate(items):
            first, _sep, last = item.partition("..")
            if i and not first.isdigit():
                continue
            start = first if i == 0 else prefix + first
            begin = _NUMBER.fullmatch(start)
            if not last or begin is None or not last.isdigit() or len(last) != len(begin.group(2)):
                if _PLAIN.fullmatch(start):
                    yield start, 0, 0, -1
                continue
            a, b = int(begin.group(2)), int(last)
            if b >= a:
                yield begin.group(1), a, b, len(last)


def content_digest(ids: Collection[str]) -> str:
    """What identifies a list's content: its records' ids, in any order (16 hex digits of SHA-256)."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]


class ShownLists:
    """What each agent of one desk (one session) was last shown of each list."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # a refresh and a sync's refresh may run on two workers at once
        self._shown: dict[tuple[str, str | None], str] = {}
        self._once: set[tuple[str, str | None, str, str]] = set()

    def journal(
        self, ctx: ServiceContext, record_kind: str, ids: Collection[str], *, numbers: Collection[str] | None = None
    ) -> None:
        """Journal the consultation of a list of these records, before it is returned, when it is new to the agent;
        the line names the acts by `numbers` (their receipt numbers; default: the ids are receipt numbers, as the
        day's acts' are; the annulled list's procuration ids are read into theirs)."""
        digest = content_digest(ids) if ids else ""
        key = (record_kind, ctx.actor.agent_id)
        with self._lock:
            if self._shown.get(key) == digest:
                return
            if ids:
                from desktop.services.consultations import record_consultation  # not on the start-up path

                if numbers is None:
                    numbers = _receipt_numbers(ctx, ids) if record_kind == ANNULLED else ids
                record_consultation(
                    ctx.store,
                    actor=ctx.actor,
                    now=ctx.clock(),
                    record_kind=record_kind,
                    detail=f"resultats={len(ids)};empreinte={digest}{listed_field(numbers)}",
                )
            self._shown[key] = digest

    def journal_once(
        self, ctx: ServiceContext, record_kind: str, *, subject: str, content: str, record_id: str | None, detail: str
    ) -> bool:
        """Journal the consultation of `content` (a digest) about `subject`, before it is returned, the first time
        this agent is shown it; True when a line was written."""
        key = (record_kind, ctx.actor.agent_id, subject, content)
        with self._lock:
            if key in self._once:
                return False
            from desktop.services.consultations import record_consultation  # not on the start-up path

            record_consultation(
                ctx.store,
                actor=ctx.actor,
                now=ctx.clock(),
                record_kind=record_kind,
                record_id=record_id,
                detail=detail,
            )
            self._once.add(key)
            return True


def _receipt_numbers(ctx: ServiceContext, procuration_ids: Collection[str]) -> list[str]:
    """The receipt numbers of these procurations (the annulled list is of ids)."""
    from sqlalchemy import select

    from desktop.models import Procuration

    wanted = sorted(procuration_ids)
    out: list[str] = []
    with ctx.store.read() as s:
        for start in range(0, len(wanted), 400):
            page = wanted[start : start + 400]
            out += s.scalars(select(Procuration.receipt_number).where(Procuration.id.in_(page)))
    return out
