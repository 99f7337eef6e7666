"""A writer process for the kill test: commits through the real store and service layer, prints each id after commit."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from desktop.models import Elector, Procuration, utcnow
from desktop.models.db import open_store
from desktop.models.ids import uuid7
from desktop.models.keys import StaticKeyProvider
from desktop.services.journal import Actor, action, audit, enqueue, next_number


def main() -> None:
    path, key_hex = Path(sys.argv[1]), sys.argv[2]
    # Imports are done: the parent starts its random countdown to the kill now (a loaded machine imports slowly).
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    store = open_store(path, StaticKeyProvider(bytes.fromhex(key_hex)))
    actor = Actor(station_code="75056-01", agent_id="agent-1")
    while True:
        now = utcnow()
        pid = uuid7()
        with action(store) as s:
            people = []
            for role in ("mandant", "mandataire"):
                e = Elector(
                    id=uuid7(),
                    nne=None,
                    last_name=f"{role.upper()}",
                    given_names="Test",
                    birth_date=date(1980, 1, 1),
                    search_name=f"{role.upper()} TEST",
                    eu_citizen=False,
                    created_at=now,
                )
                s.add(e)
                people.append(e)
            number = next_number(s, "recepisse-2026")
            s.add(
                Procuration(
                    id=pid,
                    receipt_number=f"GCH-75056-01-2026-{number:06d}",
                    mandant_id=people[0].id,
                    mandataire_id=people[1].id,
                    channel="cerfa_12668",
                    place_kind="commissariat",
                    established_in="FRANCE",
                    station_code=actor.station_code,
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
        # Only now, after commit returned, is the write acknowledged.
        sys.stdout.write(pid + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
