"""`guichet-central` commands and the register and request files they load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from centralkit import free_port, wait_http
from sqlalchemy import func, select

from central.__main__ import main
from central.register import RegisterError, norm, parse_csv
from central.schema import electors, requests
from central.service import ENV_ENROLMENT, open_database
from desktop import resources
from desktop.rules.types import ListKind

DEMO_SECRET = "secret-de-demonstration-0123456789"
HEADER = "nne;nom_naissance;nom_usage;prenoms;sexe;date_naissance;type_liste;code_inscription;libelle_inscription\n"


def test_demo_register_holds_the_card_demo_persons_and_every_list_kind() -> None:
    rows = parse_csv(resources.read_text("demo", "electors.csv"))
    assert 45 <= len(rows) <= 60
    by_name = {(r["nom"], r["prenoms"], r["date_naissance"].isoformat()): r for r in rows}
    assert ("MARTIN", "Claire Marie", "1990-01-15") in by_name
    assert ("DUBOIS", "Jean", "1975-06-02") in by_name
    kinds = {r["list_kind"] for r in rows}
    assert {k.value for k in (ListKind.COMMUNALE, ListKind.CONSULAIRE, ListKind.NC)} <= kinds
    consulates = {r["libelle_inscription"] for r in rows if r["list_kind"] == ListKind.CONSULAIRE.value}
    assert {"Montréal", "Lisbonne", "Madrid", "Sydney"} <= {c.rsplit(" ", 1)[-1] for c in consulates}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("nne;nom\n", "en-tête"),
        (HEADER + "1234567;A;;B;F;01/01/1990;LP;75056;Paris\n", "ligne 2"),
        (HEADER + "12345678;A;;B;F;31/02/1990;LP;75056;Paris\n", "ligne 2"),
        (HEADER + "12345678;A;;B;F;01/01/1990;XX;75056;Paris\n", "ligne 2"),
        (HEADER + "12345678;A;;B;F;01/01/1990;LP;75056;Paris\n12345678;C;;D;M;01/01/1990;LP;75056;Paris\n", "ligne 3"),
        (HEADER + "12345678;A;;B;F;01/01/1990;LP;75056\n", "ligne 2"),
    ],
)
def test_register_errors_name_the_line_not_the_person(text: str, where: str) -> None:
    with pytest.raises(RegisterError) as info:
        parse_csv(text)
    assert where in str(info.value)
    assert "12345678" not in str(info.value)


def test_names_compare_without_accents_case_or_punctuation() -> None:
    assert norm("  Lefèvre-d'Hérouville ") == norm("LEFEVRE D HEROUVILLE")


def test_import_commands_and_enrolment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert main(["--database", url, "import-electors", str(resources.path("demo", "electors.csv"))]) == 0
    assert main(["--database", url, "import-requests", str(resources.path("demo", "requests.json"))]) == 0
    assert main(["--database", url, "enrol", "Commissariat de Denain"]) == 0
    out = capsys.readouterr().out
    assert "électeurs chargés" in out and "demandes chargées" in out and "token=" in out
    engine = open_database(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(electors)).scalar_one() == 49
        refs = conn.execute(select(requests.c.reference)).scalars().all()
    assert len(refs) == 5 and all(len(r) == 6 and r.isalnum() and r.isupper() for r in refs)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"reference": "abc"}]), encoding="utf-8")
    assert main(["--database", url, "import-requests", str(bad)]) == 2  # said in French, no traceback
    assert "refusé, rien n'a été modifié" in capsys.readouterr().err
    engine.dispose()


@pytest.mark.parametrize("weak", ["demo-secret", "a" * 64, "abcdefghi" * 4])
def test_serve_refuses_a_weak_administrative_secret_before_touching_the_database(
    weak: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_ENROLMENT, weak)
    monkeypatch.setenv("GUICHET_CENTRAL_DATA_DIR", str(tmp_path / "central"))
    assert main(["--database", f"sqlite:///{tmp_path / 'c.sqlite3'}", "serve"]) == 2
    err = capsys.readouterr().err
    assert "Secret d'administration trop faible (GUICHET_CENTRAL_ENROLMENT_TOKEN)" in err and weak not in err
    assert not (tmp_path / "c.sqlite3").exists()


@pytest.mark.slow
def test_serve_with_demo_data_as_a_subprocess(tmp_path: Path) -> None:
    port = free_port()
    env = dict(os.environ, **{ENV_ENROLMENT: DEMO_SECRET, "GUICHET_CENTRAL_DATA_DIR": str(tmp_path / "central")})
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "central",
            "--database",
            f"sqlite:///{tmp_path / 'd.sqlite3'}",
            "--port",
            str(port),
            "serve",
            "--demo-data",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(base)
        answer = httpx.post(
            f"{base}/v1/stations", json={"label": "démo"}, headers={"Authorization": f"Bearer {DEMO_SECRET}"}
        )
        assert answer.status_code == 201
        token = answer.json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        agent = {"agent_id": "a1", "login": "a1", "role": "agent_police", "capacity": "opj"}
        assert httpx.post(f"{base}/v1/security/agents", json=agent, headers=auth).status_code == 201
        ask = {"agent_id": "a1", "reference": "K7M2QX", "date_naissance": "1990-01-15"}
        found = httpx.post(f"{base}/v1/requests/fetch", json=ask, headers=auth)
        assert found.status_code == 200
        # The demo's request as of today (central/demo_requests.py): 4 days old as written, never expired.
        requested = datetime.fromisoformat(found.json()["requested_at"].replace("Z", "+00:00")).date()
        today = datetime.now(UTC).date()
        assert today - requested in (timedelta(days=4), timedelta(days=5))  # 5: midnight UTC passed meanwhile
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_over_tls_needs_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["--database", url, "serve", "--tls-cert", str(tmp_path / "cert.pem")]) == 2
    assert "vont ensemble" in capsys.readouterr().err
    key = tmp_path / "cle.pem"
    key.write_text("x", encoding="utf-8")
    assert main(["--database", url, "serve", "--tls-cert", str(tmp_path / "absent.pem"), "--tls-key", str(key)]) == 2
    assert "introuvable" in capsys.readouterr().err
