"""The plot of docs/PERFORMANCE.md's national simulation: latency percentiles and rates held against the load."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def plot(payload: dict[str, Any], out: Path) -> None:
    """Two panels over the load factor: push and poll p50/p95/p99 (log scale), cycles offered and held."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    phases = payload["phases"]
    factors = [p["factor"] for p in phases]
    fig, (lat, rate, cpu) = plt.subplots(1, 3, figsize=(16, 4.4), constrained_layout=True)
    styles = {"push": "tab:blue", "poll": "tab:orange"}
    for kind, colour in styles.items():
        for q, dash in ((50, "-"), (95, "--"), (99, ":")):
            values = [p.get(f"{kind}_p{q}_ms") for p in phases]
            points = [(f, v) for f, v in zip(factors, values, strict=True) if v is not None]
            if points:
                lat.plot(*zip(*points, strict=True), dash, color=colour, marker="o", label=f"{kind} p{q}")
    idle = payload.get("idle_ms", {})
    for kind, colour in styles.items():
        if idle.get(kind):
            ordered = sorted(idle[kind])
            lat.axhline(ordered[len(ordered) // 2], color=colour, alpha=0.35, linewidth=1)
    lat.set_xscale("log", base=2)
    lat.set_yscale("log")
    lat.set_xlabel("load (x election-week peak hour)")
    lat.set_ylabel("latency (ms); faint lines: idle median")
    lat.set_title("Latency of a push and of a poll")
    lat.legend(fontsize=8, ncol=2)
    lat.grid(True, which="both", alpha=0.3)
    rate.plot(factors, [p["cycles_offered"] for p in phases], "k--", marker="o", label="sync cycles offered")
    rate.plot(factors, [p["cycles_held"] for p in phases], color="tab:green", marker="o", label="sync cycles held")
    rate.plot(factors, [p["acts_offered"] for p in phases], ":", color="tab:purple", label="acts offered")
    rate.plot(factors, [p["entries_acked"] for p in phases], color="tab:purple", marker="s", label="entries acked")
    rate.set_xscale("log", base=2)
    rate.set_yscale("log")
    rate.set_xlabel("load (x election-week peak hour)")
    rate.set_ylabel("per second")
    rate.set_title("Rates offered and held")
    rate.legend(fontsize=8)
    rate.grid(True, which="both", alpha=0.3)
    _cpu_panel(cpu, phases)
    for axis in (lat, rate):
        axis.set_xticks(factors, [f"x{f:g}" for f in factors])
        axis.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        axis.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    args = payload.get("args", {})
    fig.suptitle(
        f"National simulation: {args.get('stations', '?')} stations, {args.get('nodes', '?')} API processes, "
        "PostgreSQL 15, one 2-core machine",
        fontsize=10,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)


def _cpu_panel(axis: Any, phases: list[dict[str, Any]]) -> None:
    """Stacked CPU of each phase in % of a core: the machine has 200 %, and other work took its share."""
    labels = [f"x{p['factor']:g}" for p in phases]
    bottom = [0.0] * len(phases)
    colours = {"api": "tab:blue", "postgres": "tab:cyan", "client": "tab:olive", "others": "lightgrey"}
    for group, colour in colours.items():
        values = [max(0.0, p["cpu_percent"].get(group, 0.0)) for p in phases]
        axis.bar(labels, values, bottom=bottom, color=colour, label=group)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axis.axhline(200, color="k", linewidth=1, linestyle="--")
    axis.set_ylim(0, 230)
    axis.set_xlabel("load (x election-week peak hour)")
    axis.set_ylabel("CPU (% of a core; the machine has 200 %)")
    axis.set_title("Where the CPU went")
    axis.legend(fontsize=8, loc="upper left", ncol=4)
