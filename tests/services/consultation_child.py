"""A process for the consultation kill test: looks procurations up through the real service, one line per result.

Each line is written only once `lookup.search` has returned, i.e. once the result could have been shown.
A third argument, ``direct``, commits each consultation directly instead of journaling it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.devices.printers.fake import NullPrinter
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.receipts.signing import StationSigner
from desktop.services import consultations, lookup
from desktop.services.context import ActingAgent, ServiceContext, load_calendar
from desktop.services.permissions import Principal
from desktop.settings import Settings


def main() -> None:
    path, key_hex = Path(sys.argv[1]), sys.argv[2]
    consultations.WRITE_BEHIND = sys.argv[3:4] != ["direct"]
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    store = open_store(path, StaticKeyProvider(bytes.fromhex(key_hex)))
    actor = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")
    ctx = ServiceContext(
        settings=Settings(data_dir=path.parent),
        store=store,
        agent=ActingAgent(actor, "Agent"),
        calendar=load_calendar(),
        printer=NullPrinter(),
        signer=StationSigner(key_id="KILL", private_key=Ed25519PrivateKey.generate(), identity_key=b"k" * 32),
        digest_key=b"k" * 32,
    )
    queries = ["123456789", "MARTIN", "GCH-75056-01-2026-000001", "DU"]
    n = 0
    while True:
        lookup.search(ctx, lookup.SearchQuery(queries[n % len(queries)]), include_central=False)
        n += 1
        sys.stdout.write(f"{n}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
