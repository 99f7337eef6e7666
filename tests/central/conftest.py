"""Fixtures of the central store tests (defined in centralkit, shared with tests/sync)."""

from __future__ import annotations

from centralkit import central, pg, pg_central, sqlite_central

__all__ = ["central", "pg", "pg_central", "sqlite_central"]
