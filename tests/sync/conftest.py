"""Fixtures of the sync tests: the central store kit of tests/central, imported by path."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "central"))

from centralkit import central, pg, pg_central, sqlite_central

__all__ = ["central", "pg", "pg_central", "sqlite_central"]
