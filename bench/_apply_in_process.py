"""One station's batches of 200 applied in this process, no HTTP: the body validated from its bytes, then
`apply_batch` on PostgreSQL, as the push endpoint does. Run by `bench/central_apply.py --before` in each tree's
folder (its `central` and `desktop` first on `sys.path`), alternately: the server's own CPU per batch without the
pushers, the HTTP stack or the other process on the same cores, and its Python calls per batch (`cProfile`, the
last five batches), a count that the machine's load does not move.

Run: python bench/_apply_in_process.py DATABASE_URL BATCHES FOLDER → prints "cpu_ms calls"
"""

from __future__ import annotations

import cProfile
import gc
import json
import pstats
import statistics
import sys
import time
from pathlib import Path

from _central import BATCH, claim_agent, honest, render, station_entries, synthetic_register

from central.apply import apply_batch
from central.auth import enrol_station
from central.register import import_electors
from central.service import load_rules, open_database
from desktop.sync.wire import Batch

PROFILED = 5


def main() -> None:
    url, count, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    # "unknown": every entry in the name of an agent no station enrolled (flagged, and a review opened for each)
    unknown = sys.argv[4:] == ["unknown"]
    records = BATCH * count
    register = folder / f"in-process-{records}.csv"
    people = synthetic_register(register, records + records // 2 + 1)
    engine = open_database(url)
    with engine.begin() as conn:
        import_electors(conn, register)
    rules = load_rules()
    station = enrol_station(engine, label="in-process").station_id
    outbox = station_entries(
        people,
        range(records),
        lambda i: records + i // 2,
        agent_id="fantome" if unknown else claim_agent(engine, station),
    )
    gc.freeze()  # as a serving process does (central/collector.py)
    cpu: list[float] = []
    profile = cProfile.Profile()
    last_sync = None
    for n, start in enumerate(range(0, records, BATCH)):
        body = render(outbox[start : start + BATCH], last_sync)
        profiled = n >= count - PROFILED
        if profiled:
            profile.enable()
        began = time.process_time()
        answer = apply_batch(engine, station_id=station, batch=Batch.model_validate_json(body), rules=rules)
        if not profiled:
            cpu.append(time.process_time() - began)
        profile.disable()
        last_sync = json.loads(answer)["server_time"]
    if not unknown:
        honest(engine)
    engine.dispose()
    calls = pstats.Stats(profile).total_calls / PROFILED  # type: ignore[attr-defined]
    print(f"{statistics.median(cpu[3:]) * 1000:.3f} {calls:.0f}")


if __name__ == "__main__":
    main()
