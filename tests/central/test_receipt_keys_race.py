"""Two stations drawing one receipt key id at the same moment: one is taken, the other refused (the id's lock in
central/receipt_keys.require_free_key_id; SQLite's one writer). Real HTTP, SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from pathlib import Path

from centralkit import Station, bulk_station
from receiptkeykit import colliding_keys, published, put_key, raw
from sqlalchemy import delete

from central.embedded import Embedded
from central.security_tables import station_keys
from desktop.receipts.keys import derive_key_id


def _send(start: threading.Barrier, statuses: dict[str, int], name: str, station: Station, key: bytes) -> None:
    start.wait()
    statuses[name] = put_key(station, key).status_code


def test_two_stations_sending_one_id_at_once_one_is_taken(central: Embedded, tmp_path: Path) -> None:
    first, second = colliding_keys()
    for round_ in range(5):
        a = bulk_station(central, tmp_path, f"PR-{round_}A")
        b = bulk_station(central, tmp_path, f"PR-{round_}B")
        statuses: dict[str, int] = {}
        start = threading.Barrier(2)
        threads = [
            threading.Thread(target=_send, args=(start, statuses, "a", a, raw(first))),
            threading.Thread(target=_send, args=(start, statuses, "b", b, raw(second))),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(statuses.values()) == [200, 409], statuses
        entry = published(central)["keys"][derive_key_id(raw(first))]
        assert entry["station_code"] == (f"PR-{round_}A" if statuses["a"] == 200 else f"PR-{round_}B")
        # The next round: the id is held by the winner; free it so both race again.
        with central.engine.begin() as conn:
            conn.execute(delete(station_keys))
