"""The look-up's SQL keeps to its indexes: SQLite's query plan for each one names the index it was written for."""

from __future__ import annotations

import pytest

from desktop.models.db import Store
from desktop.services import lookup_local as q

CASES = [
    (q.ELECTORS_BY_NNE, ("123456789", 50), ["ix_electors_nne"]),
    (q.ELECTORS_BY_NNE_BORN, ("123456789", "1980-01-01", 50), ["ix_electors_nne"]),
    (q.ELECTORS_BY_PREFIX, ("MAR", "MAR\U0010ffff", 25), ["ix_electors_search"]),
    (q.ELECTORS_BY_PREFIX_BORN, ("1980-01-01", "MAR", "MAR\U0010ffff", 50), ["ix_electors_birth_search"]),
    (q.ROWS_BY_RECEIPT, ("GCH-X",), ["receipt_number"]),
    (q.ROWS_BY_REFERENCE, ("AB12CD",), ["ix_procurations_request_reference"]),
    (q.rows_sql_for_people(2), ("a", "b", "a", "b"), ["mandant_id", "mandataire_id"]),
]


@pytest.mark.parametrize(("sql", "params", "indexes"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_plan_uses_the_index(store: Store, sql: str, params: tuple[object, ...], indexes: list[str]) -> None:
    with store.engine.connect() as conn:
        plan = " | ".join(str(row[3]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "SCAN p " not in plan and "SCAN electors" not in plan, plan  # never the whole table
    for index in indexes:
        assert index in plan, plan
