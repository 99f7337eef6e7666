"""Traced writer for the power-loss test: commits through the real store, then writes each id to the ack file."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import event

from desktop.models import Elector, Procuration, utcnow
from desktop.models.db import open_store
from desktop.models.ids import uuid7
from desktop.models.keys import StaticKeyProvider
from desktop.services.journal import Actor, action, audit, enqueue


def main() -> None:
    path, key_hex, count, sync = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    store = open_store(path, StaticKeyProvider(bytes.fromhex(key_hex)))
    if sync != "FULL":
        store.engine.dispose()  # new connections get the weaker setting below

        @event.listens_for(store.engine, "connect")
        def _weaker(conn: Any, _record: Any) -> None:
            conn.execute(f"PRAGMA synchronous={sync}")

    acks = os.open(path.with_name("acks"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    actor = Actor(station_code="75056-01", agent_id="agent-1")
    for i in range(count):
        now = utcnow()
        pid = uuid7()
        with action(store) as s:
            ids = []
            for role in ("MANDANT", "MANDATAIRE"):
                e = Elector(
                    id=uuid7(),
                    nne=None,
                    last_name=role,
                    given_names="Test",
                    birth_date=date(1980, 1, 1),
                    search_name=role,
                    eu_citizen=False,
                    created_at=now,
                )
                s.add(e)
                ids.append(e.id)
            s.add(
                Procuration(
                    id=pid,
                    receipt_number=f"PL-{i:06d}",
                    mandant_id=ids[0],
                    mandataire_id=ids[1],
                    channel="cerfa_12668",
                    place_kind="commissariat",
                    established_in="FRANCE",
                    station_code="75056-01",
                    agent_id="agent-1",
                    authority_name="Agent",
                    authority_capacity="OPJ",
                    validity_kind="SCRUTIN",
                    election_id="presidentielle-2027",
                    rounds="BOTH",
                    home_visit=False,
                    established_at=now,
                    status="provisoire",
                )
            )
            audit(s, actor=actor, action_name="procuration.etablie", now=now, record_kind="procuration", record_id=pid)
            # A body the wire accepts: enqueue refuses one the central store would refuse.
            body = {"id": pid, "agent_id": "agent-1", "data": {}}
            enqueue(s, kind="passeport.etape", record_id=pid, body=body, now=now)
        os.write(acks, (pid + "\n").encode())  # acknowledged only after commit returned
    store.close()


if __name__ == "__main__":
    main()
