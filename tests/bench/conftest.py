"""The benchmarks' own modules (bench/) and the central store's test kit, importable by these tests."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for folder in (ROOT / "bench", ROOT / "tests" / "central"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
