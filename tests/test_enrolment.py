"""Enrolling the station: `guichet enrol --token-file` and the installer's token file consumed at first start."""

from __future__ import annotations

import csv
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from central.embedded import Embedded, start_embedded
from central.enrolment import enrol_from_csv
from desktop.cli.enrol import main as enrol_main
from desktop.credentials import load_credentials
from desktop.enrolment import (
    REFUSED_SUFFIX,
    TOKEN_FILE,
    EnrolmentError,
    Outcome,
    consume_token_file,
    pending_token,
    read_token,
)
from desktop.keystore.registry import make_secret_store
from desktop.settings import Settings, load_settings


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Embedded]:
    emb = start_embedded(tmp_path / "central.sqlite3", demo_data=False)
    yield emb
    emb.stop()


def issue(central: Embedded, tmp_path: Path, count: int, *, issued_at: datetime | None = None) -> dict[str, str]:
    """Tokens for stations ST-0000... through the central store's own bulk command code."""
    source = tmp_path / f"postes-{count}.csv"
    source.write_text(
        "code;libelle\n" + "".join(f"ST-{i:04d};Brigade n° {i}\n" for i in range(count)), encoding="utf-8"
    )
    out = tmp_path / f"jetons-{count}-{(issued_at or datetime.now(UTC)).timestamp():.0f}.csv"
    enrol_from_csv(central.engine, source, out, now=issued_at or datetime.now(UTC))
    with out.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row["jeton"] for row in csv.DictReader(fh, delimiter=";")}


def station(tmp_path: Path, url: str | None, code: str = "ST-0537", **more: str) -> Settings:
    env = {"GUICHET_STATION_CODE": code, "GUICHET_DATA_DIR": str(tmp_path / "poste"), **more}
    if url is not None:
        env["GUICHET_CENTRAL_URL"] = url
    return load_settings(config_path=tmp_path / "absent.toml", environ=env)


def closed_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_token_file_reading(tmp_path: Path) -> None:
    path = tmp_path / "jeton"
    path.write_text("\ufeff\n  gen_abc-DEF_123  \r\n", encoding="utf-8")
    assert read_token(path) == "gen_abc-DEF_123"
    for bad in ("", "\n \n", "deux mots\n"):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(EnrolmentError, match="ne contient pas de jeton"):
            read_token(path)
    with pytest.raises(EnrolmentError, match="illisible"):
        read_token(tmp_path / "absent")


@pytest.mark.timeout(60)  # before the fix a FIFO named as the token file waited for its writer for ever
def test_a_token_file_that_is_a_fifo_or_a_device_is_refused_unread(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "tube")
    (tmp_path / "null").symlink_to(os.devnull)  # as /dev/zero, which was read until the memory ran out
    for name in ("null", "tube"):
        with pytest.raises(EnrolmentError, match=r"illisible \(ce n'est pas un fichier ordinaire"):
            read_token(tmp_path / name)


@pytest.mark.slow
def test_enrol_with_a_token_file_once(
    central: Embedded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tokens = issue(central, tmp_path, 1000)
    settings = station(tmp_path, central.base_url)
    monkeypatch.setenv("GUICHET_CENTRAL_URL", central.base_url)
    monkeypatch.setenv("GUICHET_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("GUICHET_STATION_CODE", "ST-0537")
    token_file = tmp_path / "ST-0537.token"
    token_file.write_text(tokens["ST-0537"] + "\n", encoding="utf-8")
    config = tmp_path / "guichet.toml"
    config.write_text("", encoding="utf-8")  # the settings come from the environment; the file exists (issue 15)
    args = ["--config", str(config), "--token-file", str(token_file)]

    assert enrol_main(args) == 0, capsys.readouterr().err
    creds = load_credentials(make_secret_store(settings))
    assert creds is not None and creds.station_id in capsys.readouterr().out

    assert enrol_main(args) == 1  # single-use
    err = capsys.readouterr().err
    assert "déjà utilisé le" in err and "demandez-en un nouveau à l'administrateur du répertoire central" in err
    assert tokens["ST-0537"] not in err and "Traceback" not in err
    assert load_credentials(make_secret_store(settings)) == creds  # the refusal changed nothing

    token_file.write_text(tokens["ST-0538"], encoding="utf-8")  # another station's token
    assert enrol_main(args) == 1
    assert "celui du poste « ST-0538 »" in capsys.readouterr().err


@pytest.mark.slow
def test_an_expired_token_is_refused_with_its_date(
    central: Embedded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    issued_at = datetime.now(UTC) - timedelta(days=31)  # valid 30 days from then
    tokens = issue(central, tmp_path, 1, issued_at=issued_at)
    monkeypatch.setenv("GUICHET_CENTRAL_URL", central.base_url)
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path / "poste"))
    monkeypatch.setenv("GUICHET_STATION_CODE", "ST-0000")
    config = tmp_path / "guichet.toml"
    config.write_text("", encoding="utf-8")
    assert enrol_main(["--config", str(config), "--token", tokens["ST-0000"]]) == 1
    expiry = (issued_at + timedelta(days=30)).strftime("%d/%m/%Y")
    assert (
        f"Jeton d'enrôlement expiré le {expiry} : demandez-en un nouveau à l'administrateur du répertoire central."
        in capsys.readouterr().err
    )


def test_enrol_needs_a_central_store_and_one_way_of_giving_the_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GUICHET_CENTRAL_URL", raising=False)
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path / "poste"))
    assert enrol_main(["--config", str(tmp_path / "absent.toml"), "--token", "x"]) == 2
    assert "introuvable (option --config)" in capsys.readouterr().err  # a missing --config file is an error
    config = tmp_path / "guichet.toml"
    config.write_text("", encoding="utf-8")
    assert enrol_main(["--config", str(config), "--token", "x"]) == 2
    assert "central_url" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        enrol_main(["--token", "x", "--token-file", "f"])
    monkeypatch.setenv("GUICHET_CENTRAL_URL", closed_url())
    assert enrol_main(["--config", str(config), "--token", "x"]) == 1
    assert "injoignable" in capsys.readouterr().err
    # A secret drawn in URL-safe base64 begins with « - » once in 64: it is a value, not an option.
    assert enrol_main(["--config", str(config), "--token", "-Xy3_secret"]) == 1
    assert "injoignable" in capsys.readouterr().err


@pytest.mark.slow
def test_first_start_consumes_the_dropped_token(central: Embedded, tmp_path: Path) -> None:
    tokens = issue(central, tmp_path, 3)
    settings = station(tmp_path, central.base_url, code="ST-0001")
    assert consume_token_file(settings) is None  # nothing dropped: nothing to do
    dropped = settings.data_dir / TOKEN_FILE
    dropped.parent.mkdir(parents=True)
    dropped.write_text(tokens["ST-0001"], encoding="utf-8")
    assert pending_token(settings)

    result = consume_token_file(settings)
    assert result is not None and result.outcome is Outcome.ENROLLED
    assert not dropped.exists() and load_credentials(make_secret_store(settings)) is not None
    assert consume_token_file(settings) is None  # consumed


def test_offline_the_token_waits_for_the_next_start(tmp_path: Path) -> None:
    settings = station(tmp_path, closed_url(), code="ST-0001")
    dropped = settings.data_dir / TOKEN_FILE
    dropped.parent.mkdir(parents=True)
    dropped.write_text("gen_jeton", encoding="utf-8")
    result = consume_token_file(settings)
    assert result is not None and result.outcome is Outcome.OFFLINE
    assert "retenté au prochain démarrage" in result.message and "gen_jeton" not in result.message
    assert dropped.read_text(encoding="utf-8") == "gen_jeton"
    assert load_credentials(make_secret_store(settings)) is None


@pytest.mark.slow
def test_a_refused_token_is_set_aside_for_it_and_explained(central: Embedded, tmp_path: Path) -> None:
    tokens = issue(central, tmp_path, 2)
    settings = station(tmp_path, central.base_url, code="ST-0000")
    dropped = settings.data_dir / TOKEN_FILE
    dropped.parent.mkdir(parents=True)
    dropped.write_text(tokens["ST-0001"], encoding="utf-8")  # the installer of another station's token
    result = consume_token_file(settings)
    assert result is not None and result.outcome is Outcome.REFUSED
    assert "celui du poste « ST-0001 »" in result.message and tokens["ST-0001"] not in result.message
    assert not dropped.exists()
    assert (settings.data_dir / (TOKEN_FILE + REFUSED_SUFFIX)).read_text(encoding="utf-8") == tokens["ST-0001"]
    assert consume_token_file(settings) is None  # not tried again at every start


def test_the_demo_and_an_unconfigured_station_ignore_the_file(tmp_path: Path) -> None:
    for settings in (station(tmp_path, None), station(tmp_path, "http://127.0.0.1:9", GUICHET_DEMO="1")):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        (settings.data_dir / TOKEN_FILE).write_text("gen_x", encoding="utf-8")
        assert not pending_token(settings) and consume_token_file(settings) is None
