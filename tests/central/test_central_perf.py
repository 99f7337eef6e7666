"""The shortcuts the apply path takes for speed (issue 21) say exactly what the slow forms said."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from central.db import insert_rows
from central.register import norm
from central.schema import batches, utc
from central.service import open_database
from desktop.rules.textlimits import wire_forbidden
from desktop.sync.wire.fields import WIRE_FORBIDDEN


def test_wire_forbidden_pattern_is_wire_forbidden() -> None:
    for code in range(0x110000):
        char = chr(code)
        assert bool(WIRE_FORBIDDEN.search(char)) == wire_forbidden(char), hex(code)


def _slow_norm(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", plain).split())


def test_norm_is_the_unicode_normalisation() -> None:
    samples = [
        "Dupont",
        "  de la   Tour-d'Auvergne ",
        "Müller",
        "ÉLODIE",
        "straße",
        "Ŀlorenç",
        "ﬁnn",
        "a\u0301",
        "",
        "½",
    ]
    samples += [chr(c) for c in range(32, 0x250)]
    for value in samples:
        assert norm(value) == _slow_norm(value), value


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def test_insert_rows_copies_and_refuses_a_duplicate_as_a_database_error(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}" if kind == "sqlite" else request.getfixturevalue("pg").database()
    engine = open_database(url)
    at = datetime(2026, 3, 1, 12, tzinfo=UTC)
    row = {"batch_id": "b1", "station_id": "s1", "digest": "d", "response": "{}", "received_at": at}
    with engine.begin() as conn:
        insert_rows(conn, batches, [row, {**row, "batch_id": "b2", "response": "é\t\\ \n"}])
    with engine.connect() as conn:
        stored = {r.batch_id: (r.response, utc(r.received_at)) for r in conn.execute(select(batches))}
    assert stored == {"b1": ("{}", at), "b2": ("é\t\\ \n", at)}
    with pytest.raises(SQLAlchemyError), engine.begin() as conn:
        insert_rows(conn, batches, [row])
    with engine.connect() as conn:  # the refused transaction left nothing behind
        assert len(conn.execute(select(batches)).all()) == 2
    engine.dispose()
