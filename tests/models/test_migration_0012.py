"""Migration 0012: electors keyed by the counter's older fold are re-keyed with the names' one fold, and found again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alembic import command
from sqlalchemy import select, text

from desktop.models import Elector
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.models.migrate import _config, current_revision, head_revision, upgrade
from desktop.services.procurations import search_key

# (id, last name as stored, given names, search_name as the older fold made it)
OLD = [
    ("e1", "CŒUR", "Claire", "CŒUR CLAIRE"),
    ("e2", "M\u0410RTIN", "Jean", "M\u0410RTIN JEAN"),  # a Cyrillic А kept as a letter of its own
    ("e3", "LʼHÔTE", "Zoé", "LʼHOTE ZOE"),  # a modifier-letter apostrophe kept as a letter
    ("e4", "DUBOIS", "Jean-Luc", "DUBOIS JEAN LUC"),  # the same under both folds
]


def test_electors_of_0011_are_re_keyed_with_the_one_fold(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db", StaticKeyProvider(b"\x07" * 32), migrate=False)
    upgrade(store.engine, "0011")
    with store.engine.begin() as conn:
        for id_, last, given, key in OLD:
            conn.execute(
                text(
                    "INSERT INTO electors (id, last_name, given_names, birth_date, eu_citizen, search_name, created_at)"
                    " VALUES (:id, :last, :given, '1990-01-15', 0, :key, '2026-12-01 09:30:00.000000')"
                ),
                {"id": id_, "last": last, "given": given, "key": key},
            )
    upgrade(store.engine, "head")
    assert current_revision(store.engine) == head_revision()
    with store.session() as s:
        keys = dict(s.execute(select(Elector.id, Elector.search_name)).tuples().all())
        assert keys == {"e1": "COEUR CLAIRE", "e2": "MARTIN JEAN", "e3": "L HOTE ZOE", "e4": "DUBOIS JEAN LUC"}
        # Found again by the key a new entry computes, under the usual spelling.
        for typed, given, id_ in [("Coeur", "claire", "e1"), ("Martin", "Jean", "e2"), ("L'Hôte", "ZOE", "e3")]:
            found = s.scalars(
                select(Elector.id).where(
                    Elector.search_name == search_key(typed, given), Elector.birth_date == date(1990, 1, 15)
                )
            ).all()
            assert found == [id_]
        assert s.get(Elector, "e1") is not None and s.get(Elector, "e1").last_name == "CŒUR"  # names kept as typed
    command.downgrade(_config(store.engine), "0011")  # and back down: the keys stay folded
    assert current_revision(store.engine) == "0011"
    store.close()
