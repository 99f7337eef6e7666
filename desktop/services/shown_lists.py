"""Lists that name people and refresh on their own, journaled as a consultation once per content an agent is shown
(R-DATA-4): Activité du jour (`activite_du_jour`) and R-ELIG-5's list of this counter's procurations annulled since
the morning (`annulees_du_jour`).

Both name mandants and mandataires, like a search's rows, but the Activité screen refreshes them after each exchange
with the central store: an event at each refresh would bury the journal under the same list. So an agent's first
look at a list is journaled (`consultation`, with the list's record kind, how many rows and a digest of their ids,
nothing personal, as a search journals its criterion and count), and again only when what they are shown changes.
An empty list shows nobody: nothing is journaled, and the next list is new again.

`journal_once` serves what a check shows of one subject (the establish form's live check disclosing a person's
stored procurations, services/check_disclosure.py): that check runs at every pause in typing, so a content is
journaled the first time an agent is shown it about that subject, and not again.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Collection

from desktop.services.context import ServiceContext

__all__ = ["ACTIVITY", "ANNULLED", "ShownLists", "content_digest"]

ACTIVITY = "activite_du_jour"
ANNULLED = "annulees_du_jour"


def content_digest(ids: Collection[str]) -> str:
    """What identifies a list's content: its records' ids, in any order (16 hex digits of SHA-256)."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]


class ShownLists:
    """What each agent of one desk (one session) was last shown of each list."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # a refresh and a sync's refresh may run on two workers at once
        self._shown: dict[tuple[str, str | None], str] = {}
        self._once: set[tuple[str, str | None, str, str]] = set()

    def journal(self, ctx: ServiceContext, record_kind: str, ids: Collection[str]) -> None:
        """Journal the consultation of a list of these records, before it is returned, when it is new to the agent."""
        digest = content_digest(ids) if ids else ""
        key = (record_kind, ctx.actor.agent_id)
        with self._lock:
            if self._shown.get(key) == digest:
                return
            if ids:
                from desktop.services.consultations import record_consultation  # not on the start-up path

                record_consultation(
                    ctx.store,
                    actor=ctx.actor,
                    now=ctx.clock(),
                    record_kind=record_kind,
                    detail=f"resultats={len(ids)};empreinte={digest}",
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
