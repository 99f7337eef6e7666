"""After each sync: the sync itself goes to the audit log, and the audit chain's end is anchored at the central store.

An anchor is the station's Ed25519 signature over (last audit seq, its MAC): kept by the central store, it lets
`guichet audit verify` see an edited, deleted or cut-off tail even when the local anchors were removed too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop.models.db import Store
from desktop.security.central_api import CentralRefused, CentralUnavailable, HttpCentralSecurity
from desktop.services import audit_log
from desktop.services.journal import Actor, action, audit

log = logging.getLogger(__name__)


class SyncAnchoring:
    """A SyncWorker `after_cycle` hook."""

    def __init__(
        self,
        store: Store,
        central: HttpCentralSecurity,
        *,
        private_key: Ed25519PrivateKey,
        actor: Actor,
        clock: Callable[[], datetime],
    ) -> None:
        self.store, self.central, self.private_key = store, central, private_key
        self.actor, self.clock = actor, clock
        self._key_registered = False

    def __call__(self, sent: int, pulled: int) -> None:
        now = self.clock()
        if sent or pulled:
            with action(self.store) as s:
                audit(
                    s,
                    actor=self.actor,
                    action_name="synchronisation",
                    now=now,
                    detail=f"envoyees={sent} recues={pulled}",
                )
        try:
            if not self._key_registered:
                self.central.put_station_key(self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
                self._key_registered = True
            audit_log.make_anchor(
                self.store, private_key=self.private_key, station_code=self.actor.station_code, now=now
            )
            public = self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
            for anchor in audit_log.unsent_anchors(self.store, public_key=public):
                self.central.put_anchor(anchor)
                audit_log.mark_anchor_sent(self.store, seq=anchor.seq, now=now)
        except (CentralUnavailable, CentralRefused) as exc:
            log.warning("audit anchor not sent yet: %s", type(exc).__name__)
