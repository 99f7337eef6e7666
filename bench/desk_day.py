"""Desk memory after a day: 1,000 acts through the real services (establish, then print to the PDF printer).

The process's resident memory (RSS, from /proc) and the Python heap (tracemalloc) are sampled along the day; the
figures are the values after the last act next to those after the first 50 (the baseline, in the same run): a desk
that keeps nothing per act stays flat (goal ≤ 1.2×). Each act is also timed (establish + PDF print, median).
Fictitious people only; everything is written in a temporary folder.

Run: ``.venv/bin/python bench/desk_day.py [--acts 1000] [--csv out.csv]``.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _figures import Goal, figure

from desktop.devices.printers.pdf_file import PdfFilePrinter
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.receipts.signing import StationSigner
from desktop.services.context import ActingAgent, ServiceContext, load_calendar
from desktop.services.desk import DeskServices, EstablishInput, PersonInput
from desktop.services.permissions import Principal
from desktop.settings import Settings

SURNAMES = ("MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU", "LAURENT")
GIVEN = ("Jean", "Marie", "Claire", "Luc", "Anne", "Paul", "Julie", "Camille", "Hugo", "Emma")
BASELINE_ACTS = 50


def rss_mib() -> float:
    """Resident memory now (not the peak), from /proc/self/statm."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def person(rng: random.Random, nne: int) -> PersonInput:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(20000))
    return PersonInput(nne=str(nne), last_name=rng.choice(SURNAMES), given_names=rng.choice(GIVEN), birth_date=born)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--acts", type=int, default=1000)
    parser.add_argument("--csv", type=Path, help="also write acts, RSS and heap samples to this file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="guichet-bench-day-"))
    try:
        store = open_store(work / "guichet.db", StaticKeyProvider(b"\x42" * 32))
        actor = Principal("75056-01", "bench", role="agent_police", capacity="OPJ", station_kind="commissariat")
        desk = DeskServices(
            ServiceContext(
                settings=Settings(data_dir=work),
                store=store,
                agent=ActingAgent(actor, "Bench"),
                calendar=load_calendar(),
                printer=PdfFilePrinter(work / "recus"),
                signer=StationSigner(key_id="BNCH", private_key=Ed25519PrivateKey.generate(), identity_key=b"b" * 32),
                digest_key=b"b" * 32,
            )
        )
        rng = random.Random(5)
        tracemalloc.start()
        samples: list[tuple[int, float, float]] = []
        act_ms: list[float] = []
        for act in range(1, args.acts + 1):
            form = EstablishInput(
                mandant=person(rng, 100_000_000 + 2 * act),
                mandataire=person(rng, 100_000_001 + 2 * act),
                election_id="presidentielle-2027",
                rounds="T1_T2",
            )
            start = time.perf_counter()
            outcome = desk.establish(form)
            if not outcome.saved:
                sys.exit(f"act {act} refused: {[v.rule_id for v in outcome.violations]}")
            desk.print_receipt(outcome)
            act_ms.append((time.perf_counter() - start) * 1000)
            if act in (1, 10) or act % BASELINE_ACTS == 0:
                gc.collect()
                samples.append((act, rss_mib(), tracemalloc.get_traced_memory()[0] / 2**20))
        tracemalloc.stop()
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = next(s for s in samples if s[0] == BASELINE_ACTS)
    last = samples[-1]
    for act, rss, heap in samples:
        print(f"    after {act:5d} acts: RSS {rss:7.1f} MiB, Python heap {heap:6.2f} MiB")
    if args.csv:
        args.csv.write_text("acts,rss_mib,heap_mib\n" + "".join(f"{a},{r:.2f},{h:.3f}\n" for a, r, h in samples))
    figure(f"desk RSS after {last[0]} acts", last[1], unit="MiB", baseline=base[1],
           baseline_name=f"after {BASELINE_ACTS} acts", goal=Goal(at_most=1.2, ratio=True))  # fmt: skip
    figure(f"Python heap after {last[0]} acts", last[2], unit="MiB", baseline=base[2],
           baseline_name=f"after {BASELINE_ACTS} acts", goal=Goal(at_most=1.2, ratio=True))  # fmt: skip
    figure("one act (establish + PDF print)", act_ms, unit="ms")


if __name__ == "__main__":
    main()
