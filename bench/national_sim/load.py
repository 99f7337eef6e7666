"""The load run: every station a task in one event loop, phases of rising load, one record per request.

A phase multiplies both rates of every station by its factor: acts drawn up (a Poisson process per station) and
sync cycles (the worker waits `interval` after each cycle, as `SyncWorker` waits `poll_interval`), both timed on a
load clock that runs `factor` times faster than real time. A station
is a closed loop like the real worker: when the central store slows down, its cycles space out, and the rate held
falls below the rate offered. That gap, with the latency of what was held, is what the run reports.
"""

from __future__ import annotations

import asyncio
import gc
import math
import os
import statistics
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from national_sim.station import People, SimStation

T = TypeVar("T")

STOP_GRACE = 35.0  # seconds in-flight cycles get to finish once the run is over (then they are cancelled)
TICK = 0.01  # seconds between two looks of the client's stall gauge


@dataclass(frozen=True, slots=True)
class Phase:
    name: str
    factor: float  # x the election-week rates
    seconds: float


@dataclass
class PhaseReport:
    """What one phase offered and held, its latencies, errors and CPU."""

    phase: Phase
    seconds: float
    cycles_offered: float  # per second
    acts_offered: float  # per second
    latencies: dict[str, list[float]] = field(default_factory=dict)  # kind -> seconds of the successful requests
    errors: Counter[str] = field(default_factory=Counter)
    entries_acked: int = 0
    changes_read: int = 0
    cpu: dict[str, float] = field(default_factory=dict)  # group -> CPU seconds spent during the phase
    # The client's own longest event-loop stall (seconds): a request answered meanwhile is timed that much longer
    # than the server took. Latencies are the server's only while this stays well under them.
    client_stall: float = 0.0

    def held(self, kind: str) -> float:
        """Successful requests of this kind per second."""
        return len(self.latencies.get(kind, ())) / self.seconds if self.seconds else 0.0

    def percentile(self, kind: str, q: float) -> float:
        return percentile(self.latencies.get(kind, []), q)

    def error_count(self) -> int:
        return sum(self.errors.values())

    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + self.error_count()


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank; NaN when there is nothing."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class _State:
    """The phase in force and the load clock: seconds of election-week activity, running `factor` times real time.

    Stations wait and draw acts on this clock, so a new factor changes every rate at once and smoothly: no burst of
    stations whose shortened wait already ran out.
    """

    factor: float
    index: int = 0
    done: bool = False
    since: float = field(default_factory=time.monotonic)
    offset: float = 0.0

    def set_factor(self, factor: float) -> None:
        self.offset, self.since, self.factor = self.now(), time.monotonic(), factor

    def now(self) -> float:
        return self.offset + (time.monotonic() - self.since) * self.factor

    def to_real(self, moment: float) -> float:
        """The monotonic reading at which the load clock showed (or will show) `moment`, at the current factor."""
        return time.monotonic() + (moment - self.now()) / self.factor

    async def until(self, moment: float) -> None:
        while not self.done and (left := moment - self.now()) > 0:
            await asyncio.sleep(min(left / self.factor, 1.0))  # a new phase's factor is seen within a second


def run_load(
    stations: Sequence[SimStation],
    phases: Sequence[Phase],
    *,
    interval: float,
    people: People,
    cpu_probe: Callable[[], dict[str, float]] = dict,
    on_phase: Callable[[PhaseReport], None] | None = None,
    stop_when: Callable[[PhaseReport], bool] | None = None,
) -> list[PhaseReport]:
    """Run the phases in turn (stopping early when `stop_when` says a phase broke); bounded in time."""
    return run_loop(_run(stations, phases, interval, people, cpu_probe, on_phase, stop_when))


def run_loop(work: Coroutine[Any, Any, T]) -> T:
    """`work` on uvloop when it is installed (uvicorn's own loop, the API's too), else on asyncio's.

    The simulated stations stand for 5,000 machines elsewhere; here they share the two cores with the API and
    PostgreSQL, so what their loop costs is taken from the system measured. Set GUICHET_NATIONAL_LOOP=asyncio to
    compare."""
    if os.environ.get("GUICHET_NATIONAL_LOOP", "uvloop") == "uvloop":
        try:
            import uvloop
        except ImportError:
            pass
        else:
            return uvloop.run(work)
    return asyncio.run(work)


async def _run(
    stations: Sequence[SimStation],
    phases: Sequence[Phase],
    interval: float,
    people: People,
    cpu_probe: Callable[[], dict[str, float]],
    on_phase: Callable[[PhaseReport], None] | None,
    stop_when: Callable[[PhaseReport], bool] | None,
) -> list[PhaseReport]:
    state = _State(factor=phases[0].factor)
    samples: list[tuple[int, str, float, str, int]] = []  # phase, kind, seconds, outcome, entries

    def record(kind: str, started: float, seconds: float, outcome: str, entries: int) -> None:
        samples.append((state.index, kind, seconds, outcome, entries))

    tasks = [asyncio.create_task(_station(st, state, interval, people, record)) for st in stations]
    # The 5,000 stations and the register's people live for the whole run: out of the collector's sight, so that
    # its full collections (0.1-0.2 s each over them, measured) no longer stall the loop that times the requests.
    gc.freeze()
    stalls: list[float] = [0.0]  # the longest stall of the loop in the phase in force
    gauge = asyncio.create_task(_stall_gauge(state, stalls))
    reports: list[PhaseReport] = []
    acts_base = sum(st.acts_per_second for st in stations)
    try:
        for index, phase in enumerate(phases):
            state.index = index
            state.set_factor(phase.factor)
            began, cpu_before, client_before = time.monotonic(), cpu_probe(), time.process_time()
            stalls[0] = 0.0
            await asyncio.sleep(phase.seconds)
            report = PhaseReport(
                phase=phase,
                seconds=time.monotonic() - began,
                cycles_offered=len(stations) * phase.factor / interval,
                acts_offered=acts_base * phase.factor,
            )
            after = cpu_probe()
            report.cpu = {k: after[k] - cpu_before.get(k, 0.0) for k in after}
            report.cpu["client"] = time.process_time() - client_before
            report.client_stall = stalls[0]
            if "machine" in report.cpu:  # what the rest of the machine (other work, the kernel) took meanwhile
                mine = sum(v for k, v in report.cpu.items() if k != "machine")
                report.cpu["others"] = report.cpu.pop("machine") - mine
            _summarise(report, [s for s in samples if s[0] == index])
            reports.append(report)
            if on_phase is not None:
                on_phase(report)
            if stop_when is not None and stop_when(report):
                break
    finally:
        state.done = True
        state.index = -1  # what ends after the last phase is counted nowhere
        gauge.cancel()
        _, pending = await asyncio.wait(tasks, timeout=STOP_GRACE)
        for task in pending:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*(st.conn.close() for st in stations), return_exceptions=True)
    return reports


def _summarise(report: PhaseReport, rows: Sequence[tuple[int, str, float, str, int]]) -> None:
    for _, kind, seconds, outcome, entries in rows:
        if outcome == "ok":
            report.latencies.setdefault(kind, []).append(seconds)
            if kind == "push":
                report.entries_acked += entries
            else:
                report.changes_read += entries
        else:
            report.errors[f"{kind} {outcome}"] += 1


async def _stall_gauge(state: _State, stalls: list[float]) -> None:
    """Keep in `stalls[0]` the longest delay of a TICK sleep past its due time (the loop busy or descheduled)."""
    while not state.done:
        due = time.monotonic() + TICK
        await asyncio.sleep(TICK)
        stalls[0] = max(stalls[0], time.monotonic() - due)


async def _station(
    st: SimStation,
    state: _State,
    interval: float,
    people: People,
    record: Callable[[str, float, float, str, int], None],
) -> None:
    """The worker's loop: a first cycle at a random point of the first interval, then one `interval` after each."""
    await state.until(state.now() + st.rng.random() * interval)
    # Agents were already at work: the first cycle finds one interval's acts waiting, as every later one does.
    st.start(state.now() - interval)
    while not state.done:
        st.take_acts(state.now(), people, state.to_real)
        await st.cycle(record)
        await state.until(state.now() + interval)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan
