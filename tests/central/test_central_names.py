"""The central store compares names with the counter's one fold (desktop/rules/names.py): a person named again under
another spelling is the same person for L73 (R-LIMIT-1), found by their usage name too, and a store keyed with the
older fold is re-keyed when it starts."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from centralkit import PgServer, procuration_body
from sqlalchemy import Engine, delete, insert, inspect, select, text
from test_central_l73 import ENROLLED, MANDANTS, push

from central.auth import enrol_station
from central.contacts import record_contact
from central.db import create_schema
from central.embedded import load_demo_data
from central.register import NAME_FOLD_ROW, NAME_FOLD_VERSION, norm, parse_csv, resolve
from central.schema import electors, sequencer
from central.service import open_database
from desktop.rules.names import fold_name
from desktop.sync.wire import Identity

HEADER = "nne;nom_naissance;nom_usage;prenoms;sexe;date_naissance;type_liste;code_inscription;libelle_inscription"
REGISTER = "\n".join(
    [
        HEADER,
        "300000001;CŒUR;;Claire;F;15/01/1990;LP;75056;Paris",
        "300000002;MARTIN;Lefèvre;Anne;F;20/02/1985;LP;75056;Paris",
        "300000003;L'HÔTE;;Zoé;F;03/03/1970;LP;75056;Paris",
    ]
)
COEUR = {"nom": "CŒUR", "prenoms": ["Claire"], "date_naissance": "1990-01-15", "nne": "300000001"}
MARTIN = {"nom": "MARTIN", "prenoms": ["Anne"], "date_naissance": "1985-02-20", "nne": "300000002"}


def _engine(url: str) -> tuple[Engine, list[str]]:
    engine = open_database(url)
    load_demo_data(engine)  # the mandants
    with engine.begin() as conn:
        conn.execute(insert(electors), parse_csv(REGISTER, today=date(2026, 1, 1)))
    stations = [enrol_station(engine, label=f"s{i}", now=ENROLLED).station_id for i in range(2)]
    with engine.begin() as conn:
        for station in stations:
            record_contact(conn, station_id=station, at=ENROLLED, pulled=True)
    return engine, stations


def _typed(nom: str, prenoms: str, born: str, *, nne: str | None = None) -> dict[str, Any]:
    """A person as a counter names them without NNE: name, given names, birth date and commune (R-CHAN-A-2 b)."""
    return {"nom": nom, "prenoms": prenoms.split(), "date_naissance": born, "nne": nne, "inscription": "75056"}


@pytest.mark.parametrize(
    ("registered", "typed"),
    [
        (COEUR, _typed("COEUR", "CLAIRE", "1990-01-15")),  # the register's « Œ » typed « OE »
        (COEUR, _typed("C\u041eEUR", "Claire", "1990-01-15")),  # a Cyrillic О
        (MARTIN, _typed("M\u0410RTIN", "Anne", "1985-02-20")),  # a Cyrillic А
        (MARTIN, _typed("LEFEVRE", "Anne", "1985-02-20")),  # the usage name
        (MARTIN, _typed("Lefèvre", "anne", "1985-02-20")),
    ],
    ids=["oe", "cyrillic-o", "cyrillic-a", "usage-name", "usage-name-accent"],
)
def test_r_limit_1_a_registered_mandataire_respelt_is_still_the_holder(
    tmp_path: Path, registered: dict[str, Any], typed: dict[str, Any]
) -> None:
    engine, (a, b) = _engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    first = procuration_body(MANDANTS[0], registered, rounds="T1")
    assert push(engine, a, 1, "procuration.etablie", first, ENROLLED + timedelta(hours=1)).verdicts[0].rule_id is None
    second = procuration_body(MANDANTS[1], typed, rounds="T1")
    verdict = push(engine, b, 1, "procuration.etablie", second, ENROLLED + timedelta(hours=2)).verdicts[0]
    assert verdict.rule_id == "R-LIMIT-1"
    engine.dispose()


def test_the_central_fold_is_the_counters() -> None:
    assert norm is fold_name


def _found(engine: Engine, **person: Any) -> str | None:
    with engine.connect() as conn:
        [reg] = resolve(conn, [Identity.from_dict(person)])
    return reg.nne if reg is not None else None


def _old_norm(value: str) -> str:
    """The central store's fold before the names had one: « Œ » and other scripts' letters became spaces."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", plain).split())


@pytest.mark.postgres
def test_a_register_keyed_by_the_older_schema_is_re_keyed_when_the_store_starts(pg: PgServer) -> None:
    url = pg.database()
    engine, _ = _engine(url)
    with engine.begin() as conn:  # the electors table and its keys as the previous version left them
        conn.execute(text("DROP INDEX ix_electors_usage_birth"))
        conn.execute(text("ALTER TABLE electors DROP COLUMN nom_usage_key"))
        conn.execute(delete(sequencer).where(sequencer.c.name == NAME_FOLD_ROW))
        for nne, nom in conn.execute(select(electors.c.nne, electors.c.nom)).all():
            conn.execute(text("UPDATE electors SET nom_key = :k WHERE nne = :n"), {"k": _old_norm(nom), "n": nne})
        assert conn.execute(text("SELECT nom_key FROM electors WHERE nne = '300000001'")).scalar() == "C UR"
    engine.dispose()
    engine = open_database(url)  # the new version starts on it
    with engine.connect() as conn:
        assert "nom_usage_key" in {c["name"] for c in inspect(conn).get_columns("electors")}
        assert "ix_electors_usage_birth" in {i["name"] for i in inspect(conn).get_indexes("electors")}
        rows = conn.execute(select(electors)).all()
        keys = {r.nne: (r.nom_key, r.nom_usage_key) for r in rows if r.nne.startswith("3000000")}
        version = conn.execute(select(sequencer.c.value).where(sequencer.c.name == NAME_FOLD_ROW)).scalar()
    assert keys == {
        "300000001": ("COEUR", None),
        "300000002": ("MARTIN", "LEFEVRE"),
        "300000003": ("L HOTE", None),
    }
    assert version == NAME_FOLD_VERSION
    assert all(r.nom_key == fold_name(r.nom) for r in rows) and len(rows) > 40  # the demo register's too
    born = "1985-02-20"
    assert _found(engine, nom="Coeur", prenoms=["Claire"], date_naissance="1990-01-15", inscription="75056")
    assert _found(engine, nom="Lefèvre", prenoms=["Anne"], date_naissance=born, inscription="75056") == "300000002"
    assert _found(engine, nom="MARTIN", prenoms=["Anne"], date_naissance=born, inscription="Paris") == "300000002"
    assert _found(engine, nom="L’Hôte", prenoms=["Zoe"], date_naissance="1970-03-03", inscription="75056")
    assert _found(engine, nom="MARTINE", prenoms=["Anne"], date_naissance=born, inscription="75056") is None
    # Started again: nothing to re-key; a register imported since is keyed by the import itself.
    with engine.begin() as conn:
        conn.execute(text("UPDATE electors SET nom_key = 'SENTINEL' WHERE nne = '300000003'"))
    create_schema(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT nom_key FROM electors WHERE nne = '300000003'")).scalar() == "SENTINEL"
    engine.dispose()


def test_an_elector_found_by_both_names_is_one_elector(tmp_path: Path) -> None:
    engine, _ = _engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE electors SET nom_usage = 'Cœur', nom_usage_key = 'COEUR' WHERE nne = '300000001'"))
    assert _found(engine, nom="COEUR", prenoms=["Claire"], date_naissance="1990-01-15", inscription="75056")
    engine.dispose()


def test_a_node_of_before_does_not_re_key_a_register_a_newer_version_keyed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rolling update that changes the fold: the first new node re-keys the register; an old node restarted
    meanwhile re-keyed it all back to its own fold (under the schema lock), and the new nodes then found nobody by
    name (R-PARTY-2 refusals) until their next restart. The old node now leaves it and does not start, in French."""
    from central.__main__ import main
    from central.db import make_engine
    from central.register import RegisterFromNewerVersion

    url = f"sqlite:///{tmp_path / 'central.db'}"
    engine, _ = _engine(url)
    with engine.begin() as conn:
        conn.execute(sequencer.update().where(sequencer.c.name == NAME_FOLD_ROW).values(value=NAME_FOLD_VERSION + 1))
        conn.execute(text("UPDATE electors SET nom_key = 'FOLD ' || nom_key"))  # the newer fold's keys
        before = dict(conn.execute(select(electors.c.nne, electors.c.nom_key)).all())  # type: ignore[arg-type]
    engine.dispose()
    with pytest.raises(RegisterFromNewerVersion):
        open_database(url)
    assert main(["--database", url, "purge"]) == 2
    assert "indexé par une version plus récente de guichet-central" in capsys.readouterr().err
    raw = make_engine(url)
    with raw.connect() as conn:
        assert dict(conn.execute(select(electors.c.nne, electors.c.nom_key)).all()) == before  # type: ignore[arg-type]
    raw.dispose()
