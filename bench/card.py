"""Benchmark: a full CNIe read through pcscd (PACE-CAN, EF.COM, DG1, a ~15 KB DG2, EF.SOD, passive auth).

Run: ``.venv/bin/python bench/card.py`` (needs pcscd and vsmartcard-vpcd; starts pcscd if it is not running).
The virtual card runs in its own process, so "waiting on the card" covers PC/SC, vpcd and the chip's own work,
and "our code" is everything else in the read (key agreement, secure messaging, parsing, verification).
Goal: median under 2 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from desktop.devices.cards.base import Transmit
from desktop.devices.cards.handler import FixedHandler
from desktop.devices.cards.passive_auth import CscaStore
from desktop.devices.cards.pcsc import PcscCardReader
from desktop.devices.cards.vchip.pki import shared_test_pki
from desktop.devices.cards.vchip.stack import READER_0, PcscDaemon, missing_stack, wait_for

RUNS = 5


class TimedReader(PcscCardReader):
    """The real driver, with the time spent inside SCardTransmit added up."""

    waited = 0.0
    apdus = 0

    def _connect(self, reader: str) -> AbstractContextManager[Transmit]:
        return self._timed(reader)

    @contextmanager
    def _timed(self, reader: str) -> Iterator[Transmit]:
        with self._session(reader) as transmit:

            def timed(apdu: bytes) -> bytes:
                start = time.perf_counter()
                try:
                    return transmit(apdu)
                finally:
                    self.waited += time.perf_counter() - start
                    self.apdus += 1

            yield timed


def main() -> int:
    """Print the median full read time and the share of it spent in our code."""
    reason = missing_stack()
    if reason:
        print(f"pile PC/SC absente : {reason}")
        return 1
    daemon = PcscDaemon()
    daemon.start()
    card = subprocess.Popen(
        [sys.executable, "-m", "desktop.devices.cards.vchip.vpcd", "--person", "martin-claire"],
        stdout=subprocess.PIPE,
    )
    reader = TimedReader(monitor=False)
    try:
        assert card.stdout is not None
        card.stdout.readline()  # "ready"
        if not wait_for(lambda: reader.card_present(READER_0), 15):
            print("la carte virtuelle n’est pas apparue")
            return 1
        # The test CSCA only exists in the card process; trusting it here would need key export, so the
        # chain check is timed with a store holding an unrelated test CSCA (same cost: one signature check).
        reader.csca = CscaStore((shared_test_pki().csca_certificate,))
        totals: list[float] = []
        ours: list[float] = []
        for _ in range(RUNS):
            reader.waited, reader.apdus = 0.0, 0
            start = time.perf_counter()
            identity = reader.read_identity(FixedHandler(can="123456"), reader=READER_0).result(60)
            total = time.perf_counter() - start
            totals.append(total)
            ours.append(total - reader.waited)
        dg2 = len(identity.face_image or b"")
        median = statistics.median(totals)
        mine = statistics.median(ours)
        print(
            f"lecture complète (PACE-CAN, EF.COM, DG1, DG2 {dg2} o, EF.SOD, AP) : médiane de {RUNS} = "
            f"{median * 1000:.0f} ms (objectif < 2000 ms), {reader.apdus} APDU"
        )
        print(
            f"  notre code : {mine * 1000:.0f} ms ({mine / median:.0%}), attente de la carte : "
            f"{(median - mine) * 1000:.0f} ms ({1 - mine / median:.0%})"
        )
        print(f"  min {min(totals) * 1000:.0f} ms, max {max(totals) * 1000:.0f} ms")
        return 0 if median < 2.0 else 1
    finally:
        reader.close()
        card.terminate()
        card.wait(5)
        daemon.stop()


if __name__ == "__main__":
    raise SystemExit(main())
