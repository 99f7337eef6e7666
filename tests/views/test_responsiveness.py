"""Acceptance (issue 12): the GUI thread never waits, while a worker holds a write or applies the change feed.

A probe with generous bounds, as the issue allows: the longest stall of a 10 ms timer under 50 ms and the 99th
percentile under 20 ms, during a 2 s write transaction and during the application of 2,000 feed entries, with the
status bar, live rule checks and searches going on. Before the change the longest stall was ~1.9 s (a read queued
behind the write). Stalls from other processes on a shared machine only ever add, so the scenario is run up to
three times and each phase must meet the bounds in at least one run; a GUI thread that waits fails every run.
"""

from __future__ import annotations

import logging

import pytest
from responsiveness_kit import Figures, run_scenario

LONGEST_MS, P99_MS = 50.0, 20.0
ATTEMPTS = 3


def _meets(fig: Figures) -> bool:
    return fig.longest < LONGEST_MS and fig.p99 < P99_MS


@pytest.mark.slow
def test_the_gui_thread_never_waits_for_a_writer_nor_for_the_feed() -> None:
    seen: dict[str, list[Figures]] = {"write": [], "feed": []}
    for _ in range(ATTEMPTS):
        result = run_scenario(write_seconds=2.0, feed_entries=2000)
        for phase in seen:
            assert result[phase].ticks > 50, f"{phase}: the probe barely ticked"
            seen[phase].append(result[phase])
        if all(any(_meets(f) for f in figs) for figs in seen.values()):
            return
    report = "; ".join(f"{phase}: " + ", ".join(f.line(phase) for f in figs) for phase, figs in seen.items())
    pytest.fail(f"the GUI thread stalled beyond {LONGEST_MS} ms / p99 {P99_MS} ms: {report}")


@pytest.mark.slow
def test_stations_one_after_the_other_end_without_an_internal_failure(caplog: pytest.LogCaptureFixture) -> None:
    """Each scenario closes its station: the sync worker's last queued signals must not start a refresh on a store
    that is closing (they did: "internal failure StoreError" / "OperationalError" in the benchmark's output)."""
    caplog.set_level(logging.ERROR)
    for _ in range(3):
        run_scenario(write_seconds=0.3, feed_entries=400)
    failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures == []
