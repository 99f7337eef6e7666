"""Bulk enrolment on the central store: the stations file, single-use hashed tokens, their refusals in French."""

from __future__ import annotations

import contextlib
import csv
import os
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from central.__main__ import main
from central.embedded import Embedded
from central.enrolment import TOKEN_PREFIX, OutputExists, TokenRefused, enrol_from_csv, redeem, revoke_station_tokens
from central.schema import enrolment_tokens, stations
from central.service import open_database
from central.stations_csv import StationsFileError, parse_stations

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def stations_file(path: Path, count: int, *, extra: str = "") -> Path:
    lines = ["code;libelle;departement" + extra]
    lines += [f"ST-{i:04d};Commissariat de la ville n° {i};{i % 95 + 1:02d}" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tokens_of(out: Path) -> dict[str, dict[str, str]]:
    with out.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh, delimiter=";")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["ligne 1 : en-tête attendu"]),
        ("code,libelle\nA,B\n", ["ligne 1 : colonne(s) « code », « libelle » absente(s)"]),
        ("code;nom\nA;B\n", ["ligne 1 : colonne(s) « libelle » absente(s)"]),
        ("code;libelle;jeton\nA;B;x\n", ["ligne 1 : la colonne « jeton »"]),
        ("code;libelle\n", ["Aucun poste dans le fichier"]),
        (
            "code;libelle\nA;Poste A\n;Sans code\nB;\nA;Encore A\nC C;Espace\nD;x;trop\n"
            + "é" * 9
            + ";Long\nFR\u200b001;Invisible\n=1+2;Formule\n",
            [
                "ligne 3 : code du poste vide",
                "ligne 4 : libellé du poste vide",
                "ligne 5 : le code « A » figure déjà ligne 2",
                "ligne 6 : code du poste « C C » invalide",
                "ligne 7 : 3 champ(s) au lieu de 2",
                # 18 bytes: no station's settings take it (its token could never be redeemed)
                "ligne 8 : code du poste « ééééééééé » invalide (lettres sans accent",
                "ligne 9 : code du poste « FR\\u200b001 » invalide",  # session 29: it went into receipt numbers
                "ligne 10 : code du poste « =1+2 » invalide",  # and into the tokens file a spreadsheet opens
            ],
        ),
    ],
)
def test_a_bad_stations_file_is_refused_line_by_line(text: str, expected: list[str]) -> None:
    with pytest.raises(StationsFileError) as info:
        parse_stations(text)
    assert len(info.value.errors) == len(expected)
    for error, start in zip(info.value.errors, expected, strict=True):
        assert error.startswith(start), error


def test_regression_a_field_over_the_csv_limit_is_a_stations_file_error() -> None:
    """Found by fuzzing: one unclosed quote in a large file made a field over csv's 128 KiB limit, whose _csv.Error
    escaped parse_stations and `enrol --csv` ended in a traceback."""
    with pytest.raises(StationsFileError) as info:
        parse_stations('code;libelle\nA;Poste A\nB;"' + "x" * 200_000 + "\n")
    assert info.value.errors == [
        "ligne 3 : champ de plus de 131072 caractères, sans doute un guillemet jamais refermé : corrigez cette ligne."
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab;"\r\n\x00 é-'), max_size=80))
def test_any_text_is_stations_or_a_stations_file_error(text: str) -> None:
    """Hypothesis: separators, quotes, line ends and NUL in any order; only the parser's own error comes out."""
    with contextlib.suppress(StationsFileError):
        parse_stations("code;libelle\n" + text)


def test_a_spreadsheet_file_is_read_with_its_columns() -> None:
    parsed = parse_stations('\ufeffCode ; Libellé;Région\r\n75056-01;"Commissariat; central";IDF\r\n\r\n')
    assert parsed.header == ("code", "libelle", "region")
    assert [(s.line, s.code, s.label) for s in parsed.stations] == [(2, "75056-01", "Commissariat; central")]


def test_tokens_are_written_once_stored_hashed_and_bound(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    out = tmp_path / "jetons.csv"
    issued = enrol_from_csv(engine, stations_file(tmp_path / "postes.csv", 3), out, valid_days=10, now=NOW)
    assert issued.count == 3 and issued.expires_at == NOW + timedelta(days=10)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # the file holds secrets
    rows = tokens_of(out)
    assert list(rows) == ["ST-0000", "ST-0001", "ST-0002"]
    assert rows["ST-0001"]["departement"] == "02" and rows["ST-0001"]["expire_le"] == "2026-12-10T09:00:00Z"
    tokens = [r["jeton"] for r in rows.values()]
    assert len(set(tokens)) == 3 and all(t.startswith(TOKEN_PREFIX) and len(t) > 40 for t in tokens)
    raw = (tmp_path / "c.db").read_bytes() + (tmp_path / "c.db-wal").read_bytes()
    assert not any(t.encode() in raw for t in tokens)  # never in clear at the central store
    with pytest.raises(OutputExists):
        enrol_from_csv(engine, stations_file(tmp_path / "postes.csv", 3), out, now=NOW)

    with pytest.raises(TokenRefused) as info:
        redeem(engine, rows["ST-0000"]["jeton"], station_code="ST-0001", now=NOW)
    assert info.value.status == 403 and "« ST-0000 »" in info.value.message
    creds = redeem(engine, rows["ST-0000"]["jeton"], station_code="ST-0000", now=NOW + timedelta(hours=1))
    with engine.connect() as conn:
        assert conn.execute(select(stations.c.label).where(stations.c.id == creds.station_id)).scalar_one() == "ST-0000"
    with pytest.raises(TokenRefused, match="déjà utilisé le 30/11/2026"):
        redeem(engine, rows["ST-0000"]["jeton"], station_code="ST-0000", now=NOW + timedelta(hours=2))
    with pytest.raises(TokenRefused, match="expiré le 10/12/2026 : demandez-en un nouveau à l'administrateur"):
        redeem(engine, rows["ST-0002"]["jeton"], station_code="ST-0002", now=NOW + timedelta(days=11))
    assert revoke_station_tokens(engine, "ST-0001", now=NOW) == 1
    assert revoke_station_tokens(engine, "ST-0000", now=NOW) == 0  # used tokens are not revoked
    with pytest.raises(TokenRefused, match="révoqué le 30/11/2026"):
        redeem(engine, rows["ST-0001"]["jeton"], station_code="ST-0001", now=NOW)
    with pytest.raises(TokenRefused, match="inconnu"):
        redeem(engine, TOKEN_PREFIX + "x" * 43, station_code="ST-0001", now=NOW)


def test_issuing_again_revokes_the_stations_unused_token(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    first = tokens_of(enrol_from_csv(engine, stations_file(tmp_path / "a.csv", 2), tmp_path / "1.csv", now=NOW).out)
    second = tokens_of(enrol_from_csv(engine, stations_file(tmp_path / "a.csv", 1), tmp_path / "2.csv", now=NOW).out)
    with pytest.raises(TokenRefused, match="révoqué"):
        redeem(engine, first["ST-0000"]["jeton"], station_code="ST-0000", now=NOW)
    redeem(engine, second["ST-0000"]["jeton"], station_code="ST-0000", now=NOW)
    redeem(engine, first["ST-0001"]["jeton"], station_code="ST-0001", now=NOW)  # not in the second file: still good


def test_cli_refuses_a_malformed_file_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    bad = tmp_path / "postes.csv"
    bad.write_text("code;libelle\nA;Poste A\nA;Encore\nB\n", encoding="utf-8")
    out = tmp_path / "jetons.csv"
    assert main(["--database", url, "enrol", "--csv", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "aucun jeton émis" in err and "ligne 3 :" in err and "ligne 4 :" in err and "Traceback" not in err
    assert not out.exists()
    with open_database(url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(enrolment_tokens)).scalar_one() == 0
    assert main(["--database", url, "enrol", "--csv", str(bad)]) == 2  # --out is required with --csv
    assert main(["--database", url, "enrol", "--csv", str(bad), "--out", str(out), "--valid-days", "0"]) == 2


def test_cli_single_enrolment_and_revocation_still_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["--database", url, "enrol", "Poste isolé"]) == 0
    assert "station_id=" in capsys.readouterr().out
    source, out = stations_file(tmp_path / "postes.csv", 2), tmp_path / "jetons.csv"
    assert main(["--database", url, "enrol", "--csv", str(source), "--out", str(out), "--valid-days", "7"]) == 0
    assert "2 jeton(s)" in capsys.readouterr().out
    assert main(["--database", url, "revoke-token", "ST-0001"]) == 0
    assert main(["--database", url, "revoke-token", "ST-0001"]) == 1


@pytest.mark.slow
def test_a_thousand_stations_in_one_command(tmp_path: Path) -> None:
    """The whole command as IT runs it, a process of its own: reading, checking, 1,000 tokens, the file."""
    source, out = stations_file(tmp_path / "postes.csv", 1000), tmp_path / "jetons.csv"
    env = {**os.environ, "GUICHET_CENTRAL_DATA_DIR": str(tmp_path / "central")}
    command = [sys.executable, "-m", "central", "--database", f"sqlite:///{tmp_path / 'c.db'}", "enrol"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--csv", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    print(f"\n1000 stations enrolled in {elapsed:.2f} s (whole command, interpreter start included)")
    assert elapsed < 30
    rows = tokens_of(out)
    assert len(rows) == 1000 and len({r["jeton"] for r in rows.values()}) == 1000
    with open_database(f"sqlite:///{tmp_path / 'c.db'}").connect() as conn:
        assert conn.execute(select(func.count()).select_from(enrolment_tokens)).scalar_one() == 1000


@pytest.mark.slow
def test_over_http_a_refusal_is_a_french_sentence(sqlite_central: Embedded, tmp_path: Path) -> None:
    out = tmp_path / "jetons.csv"
    enrol_from_csv(sqlite_central.engine, stations_file(tmp_path / "p.csv", 1), out, now=NOW - timedelta(days=40))
    token = tokens_of(out)["ST-0000"]["jeton"]
    answer = httpx.post(
        f"{sqlite_central.base_url}/v1/stations",
        json={"label": "ST-0000"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 401
    assert answer.json()["message"] == (
        "Jeton d'enrôlement expiré le 20/11/2026 : demandez-en un nouveau à l'administrateur du répertoire central."
    )
    # The store's own secret still enrols (demo, single-site), and no token at all is a 401.
    legacy = httpx.post(
        f"{sqlite_central.base_url}/v1/stations",
        json={"label": "ST-9"},
        headers={"Authorization": f"Bearer {sqlite_central.enrolment_token}"},
    )
    assert legacy.status_code == 201
    assert httpx.post(f"{sqlite_central.base_url}/v1/stations", json={}).status_code == 401


@pytest.mark.slow
def test_a_token_raced_by_several_stations_enrols_exactly_one(central: Embedded, tmp_path: Path) -> None:
    """Single use holds under concurrency, on both back-ends (PostgreSQL: the token row is locked)."""
    from concurrent.futures import ThreadPoolExecutor

    out = tmp_path / "jetons.csv"
    enrol_from_csv(central.engine, stations_file(tmp_path / "p.csv", 1), out)
    token = tokens_of(out)["ST-0000"]["jeton"]

    def attempt(_: int) -> int:
        return httpx.post(
            f"{central.base_url}/v1/stations",
            json={"label": "ST-0000"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = sorted(pool.map(attempt, range(8)))
    assert codes == [201] + [401] * 7
    with central.engine.connect() as conn:
        assert (
            conn.execute(select(func.count()).select_from(stations).where(stations.c.label == "ST-0000")).scalar_one()
            == 1
        )


def test_the_stations_file_may_give_each_station_its_kind_of_place(tmp_path: Path) -> None:
    """An optional `type` column (desktop.rules.terms.PlaceKind): kept with the token, given to the station it
    enrols, so that the central store says where the station's acts are established (central/places.py)."""
    with pytest.raises(StationsFileError) as info:
        parse_stations("code;libelle;type\nA;Poste A;commissariat\nB;Poste B;mairie\n")
    assert info.value.errors[0].startswith("ligne 3 : type « mairie » inconnu")
    source = tmp_path / "postes.csv"
    source.write_text("code;libelle;Type\nA;Poste A;Commissariat\nB;Poste B;\nC;Consulat C;consulat\n")
    engine = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    out = tmp_path / "jetons.csv"
    enrol_from_csv(engine, source, out, valid_days=10, now=NOW)
    kinds = {}
    for code, row in tokens_of(out).items():
        creds = redeem(engine, row["jeton"], station_code=code, now=NOW)
        with engine.connect() as conn:
            kinds[code] = conn.execute(select(stations.c.place_kind).where(stations.c.id == creds.station_id)).scalar()
    assert kinds == {"A": "commissariat", "B": None, "C": "consulat"}
    engine.dispose()
