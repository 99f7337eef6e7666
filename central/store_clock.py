"""The central store's own clock, judged against what the store recorded (central clock audit, 7 December 2026).

The retention purge does not trust a clock the store's own records contradict (R-DATA-2), and a station token is not
found expired by such a clock (`bounded`, below).

A purge destroys personal data for good, on the day its clock gives. A central node whose clock is a year ahead (a VM
restored from a snapshot, a dead BIOS battery, an NTP step) would take the personal data of every procuration still
in force. So a purge reads the store's newest own record first: the last purge, the newest entry received, the
newest server time handed to a station (`contacts`). Every one of them was written by this store's clock when it was
right; a clock more than `AHEAD` past all of them has jumped, or the store was silent for days (no station, no
purge): the purge holds and logs why in French. `guichet-central purge` runs once the records caught up (stations
contact the store every 30 s while they run), or once an administrator has checked the time (`--heure-verifiee`).

Within `serve`, the records the store writes after its start are dated by the clock being judged: a jump while it
serves would vouch for itself at the next run. So the scheduled purge takes its reference once, at the start,
before any request, and moves it forward by the time elapsed on the machine's monotonic clock (which an NTP step, a
`date -s` or a restored wall clock does not move); the last purge logged counts too (one run by
`guichet-central purge` that passed its own check).

A clock behind the records is not held: a purge at an earlier day takes less, never more (the next runs catch up).

Station tokens live 90 days (central/auth.py). A clock a year ahead found every one expired at once: every station
of the country refused (401) until an administrator enrolled each anew. A serving process judges a token's end,
and dates a renewed token's, at `Anchor.bounded(now)`: its wall clock, but never more than `AHEAD` past what it can
vouch for (its start's newest record, or its start itself on an empty store, moved by the monotonic clock). A token
ends at most two days early under a clock that jumped; one that ended while the store was stopped for longer than
two days lives on until the process has served that long again (a restart after a long stop re-anchors nothing
better: the records are as old as the stop).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, func, select

from central.schema import contacts, entries, retention_log, utc

log = logging.getLogger("guichet.central.retention")
# The furthest the purge's clock may run past the store's newest record. The purge runs every 24 h and stations
# contact the store every 30 s: two days with no record at all is a stopped store, not an ordinary night.
AHEAD = timedelta(days=2)


def newest_record(conn: Connection) -> datetime | None:
    """The newest time this store's clock wrote: its last purge, its last entry received, its last contact."""
    found = [
        conn.execute(select(func.max(retention_log.c.at))).scalar(),
        conn.execute(select(func.max(entries.c.received_at))).scalar(),
        conn.execute(select(func.max(contacts.c.server_time))).scalar(),
    ]
    times = [utc(t) for t in found if t is not None]
    return max(times) if times else None


def last_purge(conn: Connection) -> datetime | None:
    at = conn.execute(select(func.max(retention_log.c.at))).scalar()
    return None if at is None else utc(at)


def held_because(now: datetime, reference: datetime | None) -> str | None:
    """Why a purge at `now` must wait, in French, or None. `reference`: the newest time the store can vouch for."""
    if reference is None or now <= reference + AHEAD:
        return None
    gap = now - reference
    return (
        "Purge R-DATA-2 suspendue : l'horloge de ce serveur indique "
        f"{now.astimezone(UTC):%d/%m/%Y %H:%M} UTC, {gap.days} jour(s) après le dernier enregistrement de la base "
        f"({reference.astimezone(UTC):%d/%m/%Y %H:%M} UTC : dernière purge, dernière entrée reçue ou dernier contact "
        "d'un poste). Une horloge en avance supprimerait des données encore à conserver. Vérifiez l'heure du "
        "serveur ; si elle est juste, lancez « guichet-central purge » une fois que des postes ont contacté le "
        "répertoire, ou « guichet-central purge --heure-verifiee » : le service reprend ensuite ses purges."
    )


def boot_seconds() -> float:
    """Seconds on a clock no wall-clock change moves: CLOCK_BOOTTIME (counts a suspend) where there is one."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    return time.clock_gettime(boottime) if boottime is not None else time.monotonic()


@dataclass(frozen=True, slots=True)
class Anchor:
    """The store's newest record when `serve` started, and the monotonic time then."""

    reference: datetime | None
    at: float

    @classmethod
    def taken(cls, engine: Engine, elapsed: Callable[[], float] = boot_seconds, *, or_now: bool = False) -> Anchor:
        """The anchor of a process starting now; `or_now`: on a store with no record yet, its start's wall clock
        (the only time there is to vouch for; a jump while serving is still caught)."""
        with engine.connect() as conn:
            reference = newest_record(conn)
        return cls(datetime.now(UTC) if reference is None and or_now else reference, elapsed())

    def bounded(self, now: datetime, elapsed: Callable[[], float] = boot_seconds) -> datetime:
        """`now`, or the latest time this process can vouch for plus `AHEAD` if that is earlier."""
        if self.reference is None:
            return now
        return min(now, self.reference + timedelta(seconds=max(0.0, elapsed() - self.at)) + AHEAD)

    def vouched(self, conn: Connection, elapsed: Callable[[], float] = boot_seconds) -> datetime | None:
        """The newest time this process can vouch for now: its start's reference moved by the monotonic time
        elapsed since, or the last purge logged if later."""
        moved = None if self.reference is None else self.reference + timedelta(seconds=max(0.0, elapsed() - self.at))
        logged = last_purge(conn)
        known = [t for t in (moved, logged) if t is not None]
        return max(known) if known else None
