"""`guichet-central --calendar FILE`: every command that reads it refuses a bad one the same way, naming it.

`serve` checked the file first; `purge` and `import-electors --changes` did not: a truncated file said « erreur
interne (JSONDecodeError) », one in UTF-16 « Un texte saisi contient un caractère illisible : retapez-le », a folder
was blamed on the change file, and `import-electors FILE --changes …` replaced the register before the calendar
stopped the changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from central.__main__ import main
from central.schema import electors
from central.service import open_database
from desktop import resources

SHIPPED = resources.read_text("elections.json")


def _calendars(root: Path) -> dict[str, tuple[Path, str]]:
    """Bad calendar files and what the administrator must read about each."""
    cases = {
        "truncated": (SHIPPED[: len(SHIPPED) // 2].encode(), "JSON mal formé ligne"),
        "utf16": (SHIPPED.encode("utf-16"), "n'est pas en UTF-8"),
        "not a calendar": (b'{"elections": 3}', "le calendrier doit contenir une liste « elections »"),
        "nested": (b"[" * 100_000 + b"]" * 100_000, "imbriqué trop profondément"),
        "number": (b"12", "le calendrier doit contenir une liste « elections »"),
    }
    out = {}
    for name, (data, said) in cases.items():
        path = root / f"{name.replace(' ', '_')}.json"
        path.write_bytes(data)
        out[name] = (path, said)
    (root / "dossier").mkdir()
    out["folder"] = (root / "dossier", "c'est un dossier")
    return out


@pytest.mark.parametrize("command", [["purge"], ["import-electors", "--changes", "CHANGES"], ["serve"]])
def test_each_command_refuses_a_bad_calendar_naming_it(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changes = tmp_path / "changements.csv"
    changes.write_text("nne;evenement;date_evenement\n", encoding="utf-8")
    argv = [str(changes) if arg == "CHANGES" else arg for arg in command]
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    failures = []
    for name, (path, said) in _calendars(tmp_path).items():
        code = main(["--database", url, "--port", "1", "--calendar", str(path), *argv])
        err = " ".join(capsys.readouterr().err.split())
        expected = f"Calendrier électoral {path} refusé (option --calendar) : "
        if code != 2 or expected not in err or said not in err or "Rien n'a été modifié" not in err:
            failures.append(f"{name}: code {code}, {err[:300]!r}")
    assert not failures, "\n".join(failures)


def test_the_register_is_not_replaced_when_the_calendar_stops_the_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    register = resources.path("demo", "electors.csv")
    assert main(["--database", url, "import-electors", str(register)]) == 0
    smaller = tmp_path / "registre.csv"
    smaller.write_text("\n".join(register.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    changes = tmp_path / "changements.csv"
    changes.write_text("nne;evenement;date_evenement\n", encoding="utf-8")
    bad, _said = _calendars(tmp_path)["truncated"]
    code = main(["--database", url, "--calendar", str(bad), "import-electors", str(smaller), "--changes", str(changes)])
    assert code == 2 and "Calendrier électoral" in capsys.readouterr().err
    engine = open_database(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(electors)).scalar_one() == 49  # not 2
    engine.dispose()


def test_a_calendar_saved_with_a_bom_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Windows' Notepad saves UTF-8 with a BOM: it was refused as « mal formé »."""
    path = tmp_path / "elections.json"
    path.write_bytes(b"\xef\xbb\xbf" + SHIPPED.encode("utf-8"))
    assert main(["--database", f"sqlite:///{tmp_path / 'c.sqlite3'}", "--calendar", str(path), "purge"]) == 0, (
        capsys.readouterr().err
    )
