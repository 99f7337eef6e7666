"""The suite does not go red on a given day with no change (session 31): a sample of date-bound tests, run with
the process clock 400 days ahead (libfaketime), passes. From 11 April 2027 the central store refused every
procuration the tests pushed for presidentielle-2027 (R-VALID-2); tests/datekit.py says how tests get their dates.

`make test-dates` (tools/dates_check.sh) runs a larger sample at several shifts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FAKETIME = shutil.which("faketime")
AHEAD = "+400d"  # past presidentielle-2027 and legislatives-2027, and the passport pilot's end (R-PASS-4)
# Cheap and each bound to the day before session 31: the demo's scrutin, the central store's R-VALID-2 on a push,
# a desk on the real clock establishing through the central store.
SAMPLE = (
    "tests/test_demo_seed.py",
    "tests/test_context_wiring.py::test_renewal_receipts_print_the_acting_agents_capacity",
    "tests/central/test_central_api.py::test_valid_procuration_and_exact_replay[sqlite]",
    "tests/sync/test_sync_annulment.py::test_R_ELIG_5_feed_annulment_reaches_the_station_and_frees_the_mandant",
)


@pytest.fixture
def faketime() -> str:
    if FAKETIME is None:
        if os.environ.get("CI"):
            pytest.fail("faketime is missing on a CI machine (Debian package faketime, Makefile DEB_PACKAGES)")
        pytest.skip("faketime not installed")
    return FAKETIME


def _ahead(faketime: str, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [faketime, "-f", AHEAD, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )


@pytest.mark.slow  # starts pytest under faketime
def test_a_sample_of_the_suite_passes_400_days_ahead(faketime: str) -> None:
    clock = _ahead(faketime, sys.executable, "-c", "from datetime import UTC, datetime; print(datetime.now(UTC))")
    moved = datetime.fromisoformat(clock.stdout.strip()) - datetime.now(UTC)
    assert moved > timedelta(days=399), clock  # the clock is moved indeed: else the sample proves nothing
    run = _ahead(faketime, sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                 "-rfE", *SAMPLE)  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
