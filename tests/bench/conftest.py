"""The benchmarks' own modules (bench/) and the central store's test kit, importable by these tests."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Appended, not prepended: bench/ holds modules with plain names (sync.py, rules.py) that must shadow nothing.
for folder in (ROOT / "bench", ROOT / "tests" / "central"):
    if str(folder) not in sys.path:
        sys.path.append(str(folder))
