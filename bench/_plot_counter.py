"""Plots of "The counter" in docs/PERFORMANCE.md, from the figures the benchmarks recorded (not a benchmark).

* ``docs/performance/lookup-growth.png``: look-up p95 and median at 10,000, 100,000 and 1,000,000 procurations,
  from the latest ``bench/search.py`` figures in ``bench/results/figures.jsonl``;
* ``docs/performance/desk-memory.png``: RSS and Python heap along a day of acts, from ``bench/desk_day.py --csv``.

Run: ``.venv/bin/python bench/_plot_counter.py [--day day.csv]`` (needs the ``bench`` extra: matplotlib).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "figures.jsonl"
OUT = ROOT / "docs" / "performance"
NAME = re.compile(r"look-up ([\d,]+), (.+), (p95|median)$")


def latest_lookups() -> dict[tuple[str, str], dict[int, tuple[float, float | None]]]:
    """{(kind, statistic): {count: (service, raw SQL)}}, the last value recorded for each."""
    out: dict[tuple[str, str], dict[int, tuple[float, float | None]]] = {}
    for line in RESULTS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        match = NAME.match(row["name"]) if row.get("bench") == "search" else None
        if match:
            count = int(match.group(1).replace(",", ""))
            out.setdefault((match.group(2), match.group(3)), {})[count] = (row["median"], row["baseline"])
    return out


def plot_lookups() -> Path:
    data = latest_lookups()
    kinds = sorted({kind for kind, _stat in data})
    fig, axes = plt.subplots(1, 2, figsize=(11, 5.2), sharey=True)
    for ax, stat in zip(axes, ("median", "p95"), strict=True):
        for i, kind in enumerate(kinds):
            points = sorted(data.get((kind, stat), {}).items())
            if not points:
                continue
            counts = [c for c, _v in points]
            color = f"C{i}"
            service = [v[0] for _c, v in points]
            raw = [v[1] if v[1] is not None else float("nan") for _c, v in points]
            ax.plot(counts, service, "o-", color=color, label=f"{kind} (service)")
            ax.plot(counts, raw, "o:", color=color, alpha=0.6, label=f"{kind} (raw SQL)")
        ax.axhline(5, color="red", lw=0.8, ls="--", label="goal p95 ≤ 5 ms" if stat == "p95" else None)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("procurations in the store")
        ax.set_title(f"look-up, {stat}")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("ms")
    handles, labels = axes[1].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=7, loc="lower center", ncol=3)
    fig.tight_layout(rect=(0, 0.2, 1, 1))
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "lookup-growth.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_day(day: Path) -> Path:
    with day.open(encoding="utf-8") as f:
        rows = [(int(r["acts"]), float(r["rss_mib"]), float(r["heap_mib"])) for r in csv.DictReader(f)]
    fig, ax = plt.subplots(figsize=(7, 3.8))
    acts = [r[0] for r in rows]
    ax.plot(acts, [r[1] for r in rows], "o-", label="RSS (MiB)")
    ax.plot(acts, [r[2] for r in rows], "s-", label="Python heap, tracemalloc (MiB)")
    ax.set_xlabel("acts since start (establish + PDF print)")
    ax.set_ylabel("MiB")
    ax.set_ylim(bottom=0)
    ax.set_title("desk memory over a day")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    path = OUT / "desk-memory.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--day", type=Path, help="CSV written by bench/desk_day.py --csv")
    args = parser.parse_args()
    print(plot_lookups())
    if args.day:
        print(plot_day(args.day))


if __name__ == "__main__":
    main()
