"""Fixtures of the central store tests: embedded stores over SQLite and over a throwaway PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from centralkit import PgServer, start_postgres

from central.embedded import Embedded, start_embedded


@pytest.fixture(scope="session")
def pg() -> Iterator[PgServer]:
    """One PostgreSQL cluster for the session (each test makes its own database)."""
    yield from start_postgres()


@pytest.fixture
def sqlite_central(tmp_path: Path) -> Iterator[Embedded]:
    """The embedded central store over an SQLite file, demo register loaded."""
    emb = start_embedded(tmp_path / "central.sqlite3")
    yield emb
    emb.stop()


@pytest.fixture
def pg_central(pg: PgServer) -> Iterator[Embedded]:
    """The same application over a fresh PostgreSQL database."""
    emb = start_embedded(pg.database())
    yield emb
    emb.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest) -> Embedded:
    """Both back-ends, same tests."""
    name = "sqlite_central" if request.param == "sqlite" else "pg_central"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]
