"""After each sync: the sync itself goes to the audit log, and the audit chain's end is anchored at the central store.

An anchor is the station's Ed25519 signature over (last audit seq, its MAC): kept by the central store, it lets
`guichet audit verify` see an edited, deleted or cut-off tail even when the local anchors were removed too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop.models.db import Store
from desktop.receipts.keys import redraw_station_keys
from desktop.receipts.signing import StationSigner
from desktop.security.central_api import CentralRefused, CentralUnavailable, HttpCentralSecurity
from desktop.services import audit_log
from desktop.services.journal import Actor, action, audit

log = logging.getLogger(__name__)
KEY_ID_TAKEN = "cle_prise"  # central/receipt_keys.KEY_ID_TAKEN: the central store's word for it
REDRAWS = 3  # a second id taken too is one chance in ~1.7 million / stations: a few draws, then next cycle


class SyncAnchoring:
    """A SyncWorker `after_cycle` hook."""

    def __init__(
        self,
        store: Store,
        central: HttpCentralSecurity,
        *,
        signer: StationSigner,
        actor: Actor,
        clock: Callable[[], datetime],
        keys_dir: Path | None = None,
    ) -> None:
        # The signer, not its key: a key drawn again (below) is the one receipts and anchors use from then on.
        self.store, self.central, self.signer, self.keys_dir = store, central, signer, keys_dir
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
                self._register_key(now)
            private_key = self.signer.private_key
            audit_log.make_anchor(self.store, private_key=private_key, station_code=self.actor.station_code, now=now)
            public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
            for anchor in audit_log.unsent_anchors(self.store, public_key=public):
                self.central.put_anchor(anchor)
                audit_log.mark_anchor_sent(self.store, seq=anchor.seq, now=now)
        except (CentralUnavailable, CentralRefused) as exc:
            log.warning("audit anchor not sent yet: %s", type(exc).__name__)

    def _register_key(self, now: datetime) -> None:
        """Register the station's key; when its receipt key id is another station's, draw a new key (its receipts
        could never be checked under that id: central/receipt_keys.py) and register that one, audited."""
        for _attempt in range(REDRAWS + 1):
            try:
                self.central.put_station_key(self.signer.public_key)
            except CentralRefused as exc:
                if exc.code != KEY_ID_TAKEN or self.keys_dir is None or _attempt == REDRAWS:
                    raise
                old = redraw_station_keys(self.keys_dir, self.signer)
                log.warning("receipt key id %s held by another station: new key %s drawn", old, self.signer.key_id)
                with action(self.store) as s:
                    detail = f"ancienne={old} nouvelle={self.signer.key_id}"
                    audit(s, actor=self.actor, action_name="synchronisation.nouvelle_cle", now=now, detail=detail)
                continue
            self._key_registered = True
            return
