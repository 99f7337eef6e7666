"""`guichet-central station kind CODE TYPE` and `guichet-central purge --heure-verifiee` given hostile values: an
argument of bytes that are not UTF-8 (what a shell passes as lone surrogates), 100,000 characters, SQL and LIKE
metacharacters, terminal escapes and bidi overrides, an unknown type, a value given to the flag. Each gets a French
answer and an exit status, never a traceback, and changes nothing it was not asked to."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from central.__main__ import main
from central.embedded import Embedded
from central.schema import stations

HOSTILE_CODES = [
    "%",
    "_",
    "*",
    "' OR '1'='1",
    "PN-0007'; DROP TABLE stations; --",
    "\x1b]0;pwned\x07\x1b[2J",
    "\u202ePN-0007",
    "PN-0007\u200b",
    "x" * 100_000,
    " ",
    "",
    "-",
]


@pytest.mark.parametrize("code", HOSTILE_CODES, ids=range(len(HOSTILE_CODES)))
def test_station_kind_with_a_hostile_code_names_no_station_and_says_so(
    code: str, central: Embedded, capsys: pytest.CaptureFixture[str]
) -> None:
    url = central.engine.url.render_as_string(hide_password=False)
    with central.engine.connect() as conn:
        before = list(conn.execute(select(stations.c.id, stations.c.place_kind)))
    code_ = main(["--database", url, "station", "kind", code, "commissariat"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    # Before: « \u202ePN-0007 » and « PN-0007\u200b » were looked up and echoed, the bidi override reversing the line.
    refused = any(c in code for c in "\x1b\u202e\u200b") or len(code) > 200
    assert (code_, refused) in {(1, False), (2, True)}, (code_, err[:200])
    assert ("Code du poste refusé, rien n'a été modifié" if refused else "Aucun poste enrôlé ne porte le code") in err
    assert "\x1b" not in err and "\u202e" not in err  # shown as the code it is, not obeyed by the terminal
    assert len(err) < 2_000
    with central.engine.connect() as conn:
        assert list(conn.execute(select(stations.c.id, stations.c.place_kind))) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["station", "kind", "PN-0007", "préfecture"],
        ["station", "kind", "PN-0007", "COMMISSARIAT"],
        ["station", "kind", "PN-0007"],
        ["station", "kind", "PN-0007", "commissariat", "--remplacer=oui"],
        ["purge", "--heure-verifiee=oui"],
        ["purge", "--heure-verifiee", "2026-12-07T10:00"],
        ["purge", "--heure"],  # before: taken for « --heure-verifiee », the store's clock check lifted
    ],
)
def test_bad_arguments_are_usage_errors(argv: list[str], central: Embedded, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--database", central.engine.url.render_as_string(hide_password=False), *argv])
    assert stopped.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX argv bytes")
def test_a_code_of_bytes_that_are_not_utf8(sqlite_central: Embedded) -> None:
    """A shell passes invalid UTF-8 as lone surrogates: refused before any query (held before this session)."""
    root = Path(__file__).resolve().parents[2]
    url = sqlite_central.engine.url.render_as_string(hide_password=False)
    argv = ["--database", url, "station", "kind", os.fsdecode(b"PN-\xff\xfe"), "commissariat"]
    done = subprocess.run(
        [sys.executable, "-m", "central", *argv],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(root), "PYTHONIOENCODING": "utf-8"},
    )
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2 and "Traceback" not in err, err
    assert "Code du poste refusé, rien n'a été modifié" in err
