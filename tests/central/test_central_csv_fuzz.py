"""The files `guichet-central` reads and writes, against hostile or malformed bytes (CSV audit).

Through the real command (`central.__main__.main`) on a real SQLite central database: a refused file gets a French
message naming the line, a non-zero exit code, no « erreur interne », and changes nothing; the CSV files written for
a spreadsheet never hold a cell the spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from central.__main__ import main
from central.schema import annulments, electors
from central.service import open_database

HEADER = "nne;nom_naissance;nom_usage;prenoms;sexe;date_naissance;type_liste;code_inscription;libelle_inscription"
GOOD = "12345678;MARTIN;;Claire;F;01/01/1990;LP;75056;Paris"
CHANGES = "nne;evenement;date_evenement"
FORMULA = ("=", "+", "-", "@")


def run(url: str, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--database", url, *argv])
    return code, capsys.readouterr().err


def counts(url: str) -> tuple[int, int]:
    engine = open_database(url)
    with engine.connect() as conn:
        found = (
            conn.execute(select(func.count()).select_from(electors)).scalar_one(),
            conn.execute(select(func.count()).select_from(annulments)).scalar_one(),
        )
    engine.dispose()
    return found


def test_tokens_file_neutralises_formula_injection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A station's label (or any column of the stations file) a spreadsheet would run is written with a `'`."""
    url = f"sqlite:///{tmp_path / 'c.db'}"
    source = tmp_path / "postes.csv"
    labels = ['=HYPERLINK("http://x.invalid";"clic")', "+33 1 23", "-2+3", "@SUM(A1)", "Commissariat de Lens"]
    lines = ["code;libelle;note"] + [f'P{i};"{label.replace(chr(34), chr(34) * 2)}";=1+1' for i, label in enumerate(labels)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "jetons.csv"
    assert run(url, "enrol", "--csv", str(source), "--out", str(out), capsys=capsys)[0] == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline=""), delimiter=";"))
    assert [row["libelle"] for row in rows] == ["'" + label for label in labels[:4]] + [labels[4]]
    assert all(row["note"] == "'=1+1" for row in rows)
    assert not [cell for row in rows for cell in row.values() if cell.startswith(FORMULA)]
