"""The administrators' sign-in across the processes of one deployment (session 36): an unknown login is counted
under a keyed digest (never as typed), and the key was each process's own; two nodes (or two workers of one) counted
it apart, so an unknown login met its wait twice later than an account did, and when the wait came told whether a
login was an account. The key is now the store's, derived from the escrow key every node shares."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from centralkit import PgServer, api_nodes, sign_in_form

from central import admin_accounts as accounts
from central.service import open_database

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

PASSWORD = "Ours-brun-du-Vercors-1987"
WAITING = "essais refusés : la connexion est suspendue"


def _waits(urls: list[str], login: str, attempts: int) -> list[bool]:
    """Wrong passwords for `login` from one address, sent to each node in turn; whether each answer was the wait."""
    clients = [httpx.Client(base_url=u, timeout=30) for u in urls]
    try:
        answers = [
            sign_in_form(clients[n % len(clients)], identifiant=login, mot_de_passe=f"essai-{n}")
            for n in range(attempts)
        ]
    finally:
        for c in clients:
            c.close()
    assert {a.status_code for a in answers} == {401}
    return [WAITING in a.text for a in answers]


def test_an_unknown_login_waits_as_an_account_does_across_two_nodes(pg: PgServer, tmp_path: Path) -> None:
    url = pg.database()
    engine = open_database(url)
    try:
        accounts.create_admin_schema(engine)
        accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD, now=datetime.now(UTC))
    finally:
        engine.dispose()
    attempts = 2 * accounts.FREE_FAILURES + 2
    with api_nodes(url, tmp_path / "central", "secret-enrolement-test-0123456789") as urls:
        known = _waits(urls, "paul", attempts)
        unknown = _waits(urls, "personne", attempts)
    assert known == [False] * accounts.FREE_FAILURES + [True] * (attempts - accounts.FREE_FAILURES)
    assert unknown == known, "an unknown login met its wait apart from an account: the login's existence shows"


def test_an_unknown_login_meets_the_ceiling_an_account_meets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A guess spread over many addresses (each under its five free ones) met an account's ceiling, never an unknown
    login's: from a fresh address, the wait said the login was an account. Both meet it now, in the same order."""
    engine = open_database(f"sqlite:///{tmp_path / 'central.db'}")
    accounts.create_admin_schema(engine)
    now = datetime.now(UTC)
    accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD, now=now)
    monkeypatch.setattr(accounts, "ACCOUNT_FREE_FAILURES", 8)
    seen = {}
    for login in ("paul", "personne"):
        seen[login] = [
            accounts.sign_in(engine, login=login, password="faux", now=now, source=f"192.0.2.{n}").waiting
            for n in range(12)
        ]
    assert seen["paul"] == [False] * 8 + [True] * 4
    assert seen["personne"] == seen["paul"]
    engine.dispose()


def test_after_a_day_of_silence_an_account_and_an_unknown_login_start_again_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The account's ceiling was kept in its own row for ever, an unknown login's forgotten after a day of silence
    (so that a spray of names does not pile up): a patient guesser who met the ceiling, waited a day and tried
    again from fresh addresses saw an account wait again at once and an unknown login not. Both are one kind of
    row now, forgotten alike."""
    from datetime import timedelta

    from central import admin_attempts

    engine = open_database(f"sqlite:///{tmp_path / 'central.db'}")
    accounts.create_admin_schema(engine)
    now = datetime.now(UTC)
    accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD, now=now)
    monkeypatch.setattr(accounts, "ACCOUNT_FREE_FAILURES", 8)
    later = now + admin_attempts.FORGOTTEN_AFTER + timedelta(seconds=1)
    seen = {}
    for login in ("paul", "personne"):
        for n in range(10):
            accounts.sign_in(engine, login=login, password="faux", now=now, source=f"192.0.2.{n}")
        seen[login] = [
            accounts.sign_in(engine, login=login, password="faux", now=later, source=f"198.51.100.{n}").waiting
            for n in range(10)
        ]
    assert seen["paul"] == [False] * 8 + [True] * 2
    assert seen["personne"] == seen["paul"], "after a day, the wait told an account from a login naming none"
    # The ceiling's row is the account's, lifted by `admin unblock` and shown by `admin list`
    [paul] = [a for a in accounts.list_accounts(engine) if a.login == "paul"]
    assert paul.blocked_until is not None and paul.blocked_until > later
    accounts.unblock(engine, login="paul", now=later)
    assert not accounts.sign_in(engine, login="paul", password="faux", now=later, source="203.0.113.1").waiting
    assert accounts.sign_in(engine, login="paul", password=PASSWORD, now=later, source="203.0.113.2").who is not None
    engine.dispose()
