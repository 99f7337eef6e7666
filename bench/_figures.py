"""One way for every benchmark to print a figure: its median, the baseline measured in the same run, and its goal.

`make bench` runs every ``bench/*.py`` but this one (a leading underscore marks a helper, not a benchmark).
A figure is never a timed test: the verdict is printed for the reader, and a benchmark exits 0 whatever it says.
Each figure is also appended as one JSON line to ``bench/results/figures.jsonl`` (git-ignored) so that the
plots of ``docs/PERFORMANCE.md`` and a before/after table can be drawn from the same numbers.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "figures.jsonl"


@dataclass(frozen=True)
class Goal:
    """What the project holds itself to: a ceiling (``at_most``) or a floor (``at_least``), absolute or as a ratio."""

    at_most: float | None = None
    at_least: float | None = None
    ratio: bool = False  # True: the goal bounds median / baseline, not the median itself

    def met(self, value: float) -> bool:
        if self.at_most is not None and value > self.at_most:
            return False
        return not (self.at_least is not None and value < self.at_least)

    def text(self, unit: str) -> str:
        suffix = "×" if self.ratio else f" {unit}"
        if self.at_most is not None:
            return f"≤ {self.at_most:g}{suffix}"
        return f"≥ {self.at_least:g}{suffix}"


@dataclass(frozen=True)
class Figure:
    bench: str
    name: str
    unit: str
    median: float
    baseline: float | None
    baseline_name: str | None
    goal: Goal | None
    samples: int

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        assert self.baseline is not None
        return self.median / self.baseline


def p95(values: Sequence[float]) -> float:
    """The 95th percentile (inclusive method): with fewer than 20 samples it is the largest one."""
    ordered = sorted(values)
    if len(ordered) < 20:
        return ordered[-1]
    return statistics.quantiles(ordered, n=20, method="inclusive")[18]


def figure(
    name: str,
    values: Sequence[float] | float,
    *,
    unit: str,
    baseline: Sequence[float] | float | None = None,
    baseline_name: str | None = None,
    goal: Goal | None = None,
    bench: str | None = None,
) -> Figure:
    """Print one figure (median of ``values``) next to its baseline and goal; record it; return it."""
    samples = [values] if isinstance(values, int | float) else list(values)
    median = statistics.median(samples)
    base = None
    if baseline is not None:
        base = statistics.median([baseline] if isinstance(baseline, int | float) else list(baseline))
    fig = Figure(
        bench=bench or Path(sys.argv[0]).stem,
        name=name,
        unit=unit,
        median=median,
        baseline=base,
        baseline_name=baseline_name,
        goal=goal,
        samples=len(samples),
    )
    print(line(fig), flush=True)
    record(fig)
    return fig


def line(fig: Figure) -> str:
    text = f"  {fig.name}: median {fig.median:,.2f} {fig.unit}"
    if fig.baseline is not None:
        text += f"; baseline {fig.baseline_name or 'baseline'} {fig.baseline:,.2f} {fig.unit}"
        if fig.ratio is not None:
            text += f" (ratio {fig.ratio:.2f}×)"
    if fig.goal is not None:
        value = fig.ratio if fig.goal.ratio else fig.median
        verdict = "n/a" if value is None else ("met" if fig.goal.met(value) else "NOT met")
        text += f"; goal {fig.goal.text(fig.unit)}: {verdict}"
    return text + f" [{fig.samples} samples]"


def record(fig: Figure) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    row = asdict(fig) | {"ratio": fig.ratio, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
