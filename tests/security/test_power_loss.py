"""Simulated power loss (spec/security.md): a traced writer, then the disk rebuilt from fsync'ed writes only.

An LD_PRELOAD shim (powerloss/shim.c) logs every write, truncate, fsync and unlink the real store makes. For each
cut point in that log we rebuild the files as a disk that loses everything not yet fsync'ed would hold ("drop"),
or a disk whose write-back cache happened to persist a random subset of the unsynced writes ("partial"), open the
result with SQLCipher and check that every commit acknowledged before the cut is there and the file is sound.
"""

from __future__ import annotations

import os
import random
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlcipher3

HERE = Path(__file__).with_name("powerloss")
COMMITS = 40
CUTS = 30


@dataclass
class Event:
    kind: str
    path: str
    a: int
    data: bytes


def _parse(log: bytes) -> list[Event]:
    events, i = [], 0
    while i + 3 <= len(log):
        kind = chr(log[i])
        (plen,) = struct.unpack_from("<H", log, i + 1)
        path = log[i + 3 : i + 3 + plen].decode()
        a, n = struct.unpack_from("<qI", log, i + 3 + plen)
        start = i + 3 + plen + 12
        events.append(Event(kind, path, a, log[start : start + n]))
        i = start + n
    return events


@dataclass
class FileState:
    durable: bytearray = field(default_factory=bytearray)
    pending: list[Event] = field(default_factory=list)


def _apply(buf: bytearray, ev: Event) -> None:
    if ev.kind == "T":
        del buf[ev.a :]
        buf.extend(b"\0" * max(0, ev.a - len(buf)))
    else:
        end = ev.a + len(ev.data)
        if len(buf) < end:
            buf.extend(b"\0" * (end - len(buf)))
        buf[ev.a : end] = ev.data


def rebuild(events: list[Event], cut: int, out: Path, *, rng: random.Random | None) -> list[str]:
    """Files as the disk holds them after a power cut at event `cut`; returns the ids acknowledged before it."""
    files: dict[str, FileState] = {}
    acked: list[str] = []
    for ev in events[:cut]:
        name = Path(ev.path).name
        if name == "acks":
            if ev.kind == "W":
                acked += [x for x in ev.data.decode().split("\n") if x]
            continue
        state = files.setdefault(name, FileState())
        if ev.kind in ("W", "T"):
            state.pending.append(ev)
        elif ev.kind == "S":
            for p in state.pending:
                _apply(state.durable, p)
            state.pending.clear()
        elif ev.kind == "U":
            files.pop(name, None)  # directory entries are taken as durable at once (see docs/SECURITY.md)
    out.mkdir(parents=True, exist_ok=True)
    for name, state in files.items():
        image = bytearray(state.durable)
        if rng is not None:
            for p in state.pending:  # some unsynced writes reached the platter, in order, others not
                if rng.random() < 0.5:
                    _apply(image, p)
        (out / name).write_bytes(bytes(image))
    return acked


def _check(db: Path, key: bytes, acked: list[str]) -> tuple[bool, int]:
    """(file sound, number of acknowledged commits missing)."""
    if not db.exists():
        return True, len(acked)
    conn = sqlcipher3.connect(str(db))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlcipher3.DatabaseError:
            return False, len(acked)
        if "procurations" not in tables:
            return ok, len(acked)
        stored = {r[0] for r in conn.execute("SELECT id FROM procurations")}
        audited = {r[0] for r in conn.execute("SELECT record_id FROM audit_events")}
        ok = ok and stored == audited  # never a record without its audit event, nor the reverse
        return ok, len(set(acked) - stored)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("gcc") is None:
        pytest.skip("gcc is needed to build the power-loss tracer")
    out = tmp_path_factory.mktemp("shim") / "shim.so"
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O1", "-o", str(out), str(HERE / "shim.c"), "-ldl", "-lpthread"], check=True
    )
    return out


def _trace(shim: Path, tmp: Path, key: bytes, sync: str) -> list[Event]:
    data = tmp / f"disk-{sync}"
    data.mkdir()
    log = tmp / f"trace-{sync}.bin"
    env = {
        **os.environ,
        "LD_PRELOAD": str(shim),
        "GUICHET_TRACE_DIR": str(data),
        "GUICHET_TRACE_LOG": str(log),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    subprocess.run(
        [sys.executable, str(HERE / "writer.py"), str(data / "guichet.db"), key.hex(), str(COMMITS), sync],
        check=True,
        env=env,
        timeout=120,
    )
    return _parse(log.read_bytes())


def _cuts(events: list[Event], rng: random.Random) -> list[int]:
    # Cut right after each of a sample of acknowledgements (the hardest moment) and at random points.
    acks = [i + 1 for i, e in enumerate(events) if e.kind == "W" and e.path.endswith("/acks")]
    return sorted(set(rng.sample(acks, min(len(acks), CUTS // 2)) + rng.sample(range(len(events)), CUTS // 2)))


@pytest.mark.slow
def test_power_loss_full_loses_no_acknowledged_commit_normal_does(shim: Path, tmp_path: Path, store_key: bytes) -> None:
    rng = random.Random(20261124)
    results: dict[str, tuple[int, int, int]] = {}
    for sync in ("FULL", "NORMAL"):
        events = _trace(shim, tmp_path, store_key, sync)
        assert sum(e.kind == "S" for e in events) > 0
        assert sum(e.kind == "W" and e.path.endswith("/acks") for e in events) == COMMITS
        cuts, lost_total, unsound = _cuts(events, rng), 0, 0
        for n, cut in enumerate(cuts):
            for mode_rng in (None, random.Random(n)):
                out = tmp_path / f"cut-{sync}-{n}-{'partial' if mode_rng else 'drop'}"
                acked = rebuild(events, cut, out, rng=mode_rng)
                sound, lost = _check(out / "guichet.db", store_key, acked)
                lost_total += lost
                unsound += not sound
                shutil.rmtree(out)
        results[sync] = (len(cuts), lost_total, unsound)
    print(f"power-loss cuts (cuts, acknowledged commits lost, unsound files): {results}")
    cuts_full, lost_full, unsound_full = results["FULL"]
    assert cuts_full >= 20 and lost_full == 0 and unsound_full == 0
    assert results["NORMAL"][1] > 0  # the same cuts do lose acknowledged commits with synchronous=NORMAL
