"""The administrators' sign-in attacked (7 December 2026): each control tried head-on and walked around.

Over real HTTP on 127.0.0.1 (the embedded store, uvicorn) and on real PostgreSQL where the store's concurrency
matters. A second client address is 127.0.0.2 (the loopback network), bound by the client's transport. Each test
that found a hole fails without its fix (docs/SECURITY.md, « Administrators' sign-in attacked »).
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from centralkit import HTTPS, PgServer, page_token, sign_in_form
from fastapi.testclient import TestClient

from central import admin_accounts as accounts
from central.__main__ import main as central_main
from central.embedded import Embedded, start_embedded
from central.service import build_app, open_database

PASSWORD = "Ours-brun-du-Vercors-1987"
SECRET = "secret-d-administration-de-test-assez-long"
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def _client(base_url: str, address: str = "127.0.0.1") -> httpx.Client:
    """A browser at `address` (a loopback address: the store hears it as the connection's peer)."""
    return httpx.Client(base_url=base_url, timeout=30, transport=httpx.HTTPTransport(local_address=address))


def _verifications(monkeypatch: pytest.MonkeyPatch, hold: Callable[[], None] | None = None) -> list[bool]:
    """Count the Argon2id checks the store makes (each is a guess the attacker got); `hold` runs before each."""
    real = accounts._verify
    made: list[bool] = []

    def counted(digest: str, password: str) -> bool:
        if hold is not None:
            hold()
        made.append(True)
        return real(digest, password)

    monkeypatch.setattr(accounts, "_verify", counted)
    return made


@pytest.mark.postgres
def test_guesses_sent_together_get_no_more_checks_than_the_free_ones(
    pg: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wait was read before the check and written after it: 24 guesses sent at once were all checked (24 on
    PostgreSQL, for 5 free ones) before any wait began. An attempt now takes its place first."""
    engine = open_database(pg.database())
    try:
        accounts.create_admin_schema(engine)
        accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD, now=NOW)
        made = _verifications(monkeypatch)
        start = threading.Barrier(24)
        refused: list[bool] = []

        def guess(n: int) -> None:
            start.wait()
            found = accounts.authenticate(engine, login="paul", password=f"essai-{n}", now=NOW)
            refused.append(found is None)

        threads = [threading.Thread(target=guess, args=(n,)) for n in range(24)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert refused == [True] * 24
        assert len(made) <= accounts.FREE_FAILURES, f"{len(made)} guesses checked for {accounts.FREE_FAILURES} free"
        right = accounts.authenticate(engine, login="paul", password=PASSWORD, now=NOW)
        assert right is None  # the pair waits
    finally:
        engine.dispose()


def test_a_sign_in_does_not_hold_up_the_store_s_other_requests(
    sqlite_central: Embedded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sign-in's Argon2id check ran on the event loop: while it ran, no other request of the process was
    answered (a burst of wrong sign-ins froze the stations' pushes). Measured by order: the check is held until a
    station's request has been answered."""
    accounts.add_account(sqlite_central.engine, login="paul", name="Paul Durand", password=PASSWORD, now=NOW)
    started, released = threading.Event(), threading.Event()

    def hold() -> None:
        started.set()
        released.wait(timeout=30)

    _verifications(monkeypatch, hold)
    statuses: list[int] = []
    browser = _client(sqlite_central.base_url)
    sender = threading.Thread(
        target=lambda: statuses.append(sign_in_form(browser, identifiant="paul", mot_de_passe="faux").status_code)
    )
    sender.start()
    try:
        assert started.wait(timeout=30)
        other = httpx.get(f"{sqlite_central.base_url}/v1/time", timeout=5)  # times out while the loop is held
        assert other.status_code == 200
    finally:
        released.set()
        sender.join(timeout=30)
    assert statuses == [401]


def test_another_address_s_wrong_passwords_do_not_keep_the_administrator_out(sqlite_central: Embedded) -> None:
    """Anyone who knew a login kept that administrator out for ever (the wait was the account's alone). The wait is
    now the pair's (login, client address): the guesser waits, the administrator at another address signs in."""
    accounts.add_account(sqlite_central.engine, login="paul", name="Paul Durand", password=PASSWORD, now=NOW)
    with _client(sqlite_central.base_url, "127.0.0.2") as attacker, _client(sqlite_central.base_url) as admin:
        for n in range(accounts.FREE_FAILURES + 3):
            assert sign_in_form(attacker, identifiant="paul", mot_de_passe=f"essai-{n}").status_code == 401
        waiting = sign_in_form(attacker, identifiant="paul", mot_de_passe=PASSWORD)
        assert (
            waiting.status_code == 401 and "essais refusés : la connexion est suspendue" in waiting.text
        )  # the right one, but waiting
        assert sign_in_form(admin, identifiant="paul", mot_de_passe=PASSWORD).status_code == 303
        assert admin.get("/admin/national").status_code == 200
    logged = [a for _at, login, a in accounts.events(sqlite_central.engine) if login == "paul"]
    assert logged.count("connexion_refusee_attente") == 3 + 1 and logged[0] == "connexion"


def test_the_secret_s_sign_in_is_counted_per_address_too(sqlite_central: Embedded) -> None:
    """While no account exists the administrative secret opens the pages: its sign-in took guesses unthrottled."""
    with _client(sqlite_central.base_url, "127.0.0.2") as attacker, _client(sqlite_central.base_url) as admin:
        for n in range(accounts.FREE_FAILURES):
            assert sign_in_form(attacker, secret=f"essai-{n}").status_code == 401
        assert sign_in_form(attacker, secret=sqlite_central.enrolment_token).status_code == 401
        assert sign_in_form(admin, secret=sqlite_central.enrolment_token).status_code == 303


def test_x_forwarded_for_is_believed_from_a_trusted_proxy_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn believes `X-Forwarded-For` from 127.0.0.1 by default: behind a local proxy passing the header on
    as written, each guess named its own address. Believed only from `GUICHET_CENTRAL_TRUSTED_PROXIES`."""
    from central import admin_attempts

    assert admin_attempts.server_settings("") == {"proxy_headers": False}
    assert admin_attempts.server_settings(" 127.0.0.1, 10.0.0.0/24 ") == {
        "proxy_headers": True,
        "forwarded_allow_ips": "127.0.0.1/32,10.0.0.0/24",
    }
    with pytest.raises(ValueError, match="n'est ni une adresse IP ni un réseau"):
        admin_attempts.server_settings("proxy.local")

    def rounds(store: Embedded) -> tuple[int, int]:
        accounts.add_account(store.engine, login="paul", name="Paul Durand", password=PASSWORD, now=NOW)
        with _client(store.base_url) as via_proxy:
            for n in range(accounts.FREE_FAILURES):
                # What the client wrote (rotated), then what the proxy appends: the address it heard.
                headers = {"X-Forwarded-For": f"198.51.100.{n}, 203.0.113.1"}
                shown = via_proxy.get("/admin/revue")
                form = {"identifiant": "paul", "mot_de_passe": "faux", "jeton": page_token(shown.text)}
                via_proxy.post("/admin/connexion", data=form, headers=headers)
            shown = via_proxy.get("/admin/revue")
            form = {"identifiant": "paul", "mot_de_passe": PASSWORD, "jeton": page_token(shown.text)}
            guesser = via_proxy.post("/admin/connexion", data=form, headers={"X-Forwarded-For": "203.0.113.1"})
            shown = via_proxy.get("/admin/revue")
            form["jeton"] = page_token(shown.text)
            other = via_proxy.post("/admin/connexion", data=form, headers={"X-Forwarded-For": "198.51.100.7"})
        return guesser.status_code, other.status_code

    untrusted = start_embedded(tmp_path / "a.sqlite3")
    try:
        assert rounds(untrusted) == (401, 401)  # the header is anyone's: every sign-in is 127.0.0.1's
    finally:
        untrusted.stop()
    monkeypatch.setenv(admin_attempts.TRUSTED_PROXIES_ENV, "127.0.0.1")
    behind = start_embedded(tmp_path / "b.sqlite3")
    try:
        assert rounds(behind) == (401, 303)  # the proxy's word (its last hop): the guesser waits, another signs in
    finally:
        behind.stop()


def test_a_guess_spread_over_many_addresses_meets_the_account_s_ceiling_which_the_command_line_lifts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'central.db'}"
    engine = open_database(url)
    accounts.create_admin_schema(engine)
    accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD, now=NOW)
    monkeypatch.setattr(accounts, "ACCOUNT_FREE_FAILURES", 8)
    now = datetime.now(UTC)  # `admin list` says the waits still running
    for n in range(8):
        assert accounts.authenticate(engine, login="paul", password="faux", now=now, source=f"192.0.2.{n}") is None
    assert accounts.sign_in(engine, login="paul", password=PASSWORD, now=now, source="198.51.100.1").waiting
    assert central_main(["--database", url, "admin", "list"]) == 0
    assert "en attente jusqu'à" in capsys.readouterr().out
    assert central_main(["--database", url, "admin", "unblock", "PAUL"]) == 0
    assert "levée" in capsys.readouterr().out
    assert accounts.authenticate(engine, login="paul", password=PASSWORD, now=now, source="192.0.2.1") is not None
    assert central_main(["--database", url, "admin", "unblock", "personne"]) == 1
    assert "Aucun compte actif" in capsys.readouterr().err
    assert ("paul", "deblocage") in [(login, a) for _at, login, a in accounts.events(engine)]
    engine.dispose()


def test_an_unknown_login_is_counted_answered_and_timed_as_a_known_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A waiting account answered without a check (fast) while an unknown login always took one (slow): after five
    guesses, the time told whether the login was an account. Each is now counted and waits alike."""
    engine = open_database(f"sqlite:///{tmp_path / 'central.db'}")
    accounts.create_admin_schema(engine)
    accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD, now=NOW)
    checks = []
    for login in ("paul", "personne"):
        made = _verifications(monkeypatch)
        outcomes = [accounts.authenticate(engine, login=login, password="faux", now=NOW) for _ in range(7)]
        assert outcomes == [None] * 7
        checks.append(len(made))
    assert checks == [accounts.FREE_FAILURES, accounts.FREE_FAILURES]
    logged = [login for _at, login, _a in accounts.events(engine)]
    assert "personne" not in logged and logged.count(accounts.UNKNOWN) == 7  # never as typed
    engine.dispose()


def test_variants_of_a_login_share_its_counter(tmp_path: Path) -> None:
    """Upper case, spaces, the Kelvin sign (its lower case is an ASCII k): one account, one counter."""
    engine = open_database(f"sqlite:///{tmp_path / 'central.db'}")
    accounts.create_admin_schema(engine)
    accounts.add_account(engine, login="karl", name="Karl Muller", password=PASSWORD, now=NOW)
    for variant in ("KARL", " karl ", "\u212aarl", "Karl", "kARL"):
        assert accounts.authenticate(engine, login=variant, password="faux", now=NOW) is None
    assert accounts.authenticate(engine, login="karl", password=PASSWORD, now=NOW) is None  # the right one waits
    engine.dispose()


@pytest.fixture
def pages(tmp_path: Path) -> Iterator[tuple[str, Callable[[], TestClient]]]:
    url = f"sqlite:///{tmp_path / 'central.db'}"
    app = build_app(url, enrolment_token=SECRET, folder=tmp_path / "data")
    opened: list[TestClient] = []

    def browser() -> TestClient:
        c = TestClient(app, base_url=HTTPS)
        c.__enter__()
        opened.append(c)
        return c

    yield url, browser
    for c in opened:
        c.__exit__(None, None, None)


def test_sign_out_everywhere_ends_every_session_of_the_account_and_only_its(
    pages: tuple[str, Callable[[], TestClient]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, browser = pages
    engine = open_database(url)
    accounts.add_account(engine, login="jeanne", name="Jeanne Martin", password=PASSWORD, now=NOW)
    accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD + "-p", now=NOW)
    office, laptop, pauls = browser(), browser(), browser()
    for c, login, secret in (
        (office, "jeanne", PASSWORD),
        (laptop, "jeanne", PASSWORD),
        (pauls, "paul", PASSWORD + "-p"),
    ):
        assert sign_in_form(c, identifiant=login, mot_de_passe=secret).status_code == 303
    page = office.get("/admin/national")
    assert "Fermer toutes mes sessions" in page.text
    forged = office.post("/admin/deconnexion-partout", data={"jeton": "0" * 32}, follow_redirects=False)
    assert forged.status_code == 403 and laptop.get("/admin/national").status_code == 200
    done = office.post("/admin/deconnexion-partout", data={"jeton": page_token(page.text)}, follow_redirects=False)
    assert done.status_code == 303
    assert office.get("/admin/national").status_code == 401 and laptop.get("/admin/national").status_code == 401
    assert pauls.get("/admin/national").status_code == 200
    assert central_main(["--database", url, "admin", "signout", "Paul"]) == 0  # the command line: a stolen laptop
    assert "prennent fin" in capsys.readouterr().out
    assert pauls.get("/admin/national").status_code == 401
    assert sign_in_form(pauls, identifiant="paul", mot_de_passe=PASSWORD + "-p").status_code == 303  # password kept
    assert [a for _at, login, a in accounts.events(engine) if a == "fin_des_sessions"] == ["fin_des_sessions"] * 2
    engine.dispose()


@pytest.mark.parametrize("change", ["password", "remove", "signout"])
def test_a_session_opened_during_a_change_of_the_account_ends_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """The change commits while the sign-in's password check runs (with the old password): the session it opens
    carries the epoch read before the change, and opens nothing."""
    engine = open_database(f"sqlite:///{tmp_path / 'central.db'}")
    accounts.create_admin_schema(engine)
    accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD, now=NOW)
    checking, changed = threading.Event(), threading.Event()

    def hold() -> None:
        checking.set()
        changed.wait(timeout=30)

    _verifications(monkeypatch, hold)
    found: list[Any] = []
    signer = threading.Thread(
        target=lambda: found.append(accounts.authenticate(engine, login="paul", password=PASSWORD, now=NOW))
    )
    signer.start()
    assert checking.wait(timeout=30)
    if change == "password":
        accounts.set_password(engine, login="paul", password=PASSWORD + "-neuf", now=NOW)
    elif change == "remove":
        accounts.remove_account(engine, login="paul", now=NOW)
    else:
        accounts.end_sessions(engine, login="paul", now=NOW)
    changed.set()
    signer.join(timeout=30)
    [who] = found
    assert who is not None  # the old password was right when it was checked
    assert accounts.session_holder(engine, who.login, who.epoch) is None
    engine.dispose()


def test_the_sign_in_waits_are_forgotten_after_a_day_of_silence(tmp_path: Path) -> None:
    """Rows of unknown logins (a spray of names) do not pile up: a pair silent for a day starts again."""
    from central import admin_attempts

    engine = open_database(f"sqlite:///{tmp_path / 'central.db'}")
    accounts.create_admin_schema(engine)
    for n in range(20):
        accounts.authenticate(engine, login=f"nom-{n}", password="faux", now=NOW)
    later = NOW + admin_attempts.FORGOTTEN_AFTER + timedelta(seconds=1)
    accounts.authenticate(engine, login="nom-x", password="faux", now=later)
    from sqlalchemy import func, select

    with engine.connect() as conn:
        # nom-x's two rows: its pair's and its every-address ceiling's (an account's twin, session 36)
        assert conn.execute(select(func.count()).select_from(admin_attempts.admin_attempts)).scalar_one() == 2
    engine.dispose()


def test_the_command_line_says_the_new_commands_in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    with pytest.raises(SystemExit):
        central_main(["admin", "--help"])
    said = sys.stdout.getvalue()  # type: ignore[attr-defined]
    assert "unblock" in said and "signout" in said and "lever l'attente" in said
