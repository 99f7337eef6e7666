"""R-ELIG-5: the list of this counter's procurations annulled since the morning, journaled as a consultation once per
content shown (R-DATA-4).

The list names mandants and mandataires, like a search's rows, but Activité du jour refreshes it after each exchange
with the central store: an event at each refresh would bury the journal under the same list. So an agent's first
look at a list is journaled (`consultation`, record kind `annulees_du_jour`: how many rows and a digest of their ids,
nothing personal, as a search journals its criterion and count), and again only when what they are shown changes.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from datetime import datetime

from desktop.services import lookup
from desktop.services.context import ServiceContext
from desktop.services.lookup_types import ProcurationRow

__all__ = ["AnnulledList", "content_digest"]

RECORD_KIND = "annulees_du_jour"


def content_digest(rows: Sequence[ProcurationRow]) -> str:
    """What identifies a list's content: its records' ids, in any order (16 hex digits of SHA-256)."""
    joined = "\n".join(sorted(r.id for r in rows)).encode()
    return hashlib.sha256(joined).hexdigest()[:16]


class AnnulledList:
    """The annulled list of one desk (one session) and what each agent was last shown of it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the refresh and a sync's refresh may run on two workers at once
        self._shown: dict[str | None, str] = {}

    def rows(self, ctx: ServiceContext, since: datetime) -> list[ProcurationRow]:
        """The list, its consultation journaled before it is returned when its content is new to this agent."""
        found = lookup.annulled_since(ctx, since)
        digest = content_digest(found) if found else ""
        agent = ctx.actor.agent_id
        with self._lock:
            if self._shown.get(agent) == digest:
                return found
            if found:  # an empty list shows nobody: nothing to journal, but the next list is new again
                from desktop.services.consultations import record_consultation  # not on the start-up path

                record_consultation(
                    ctx.store,
                    actor=ctx.actor,
                    now=ctx.clock(),
                    record_kind=RECORD_KIND,
                    detail=f"resultats={len(found)};empreinte={digest}",
                )
            self._shown[agent] = digest
        return found
