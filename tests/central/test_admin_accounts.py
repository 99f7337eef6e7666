"""Named administrator accounts on the central store's pages: the secret steps aside, a decision names its author.

Before: `/admin/national` and `/admin/revue` were opened by the one administrative secret, and a review's decision
(which procuration an L73 outcome voids) carried whatever name its author typed. Each test here tries to walk around
the control: the secret once an account exists, a cookie of before, a typed name, a guessed password, a removed or
re-keyed account's open session.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from centralkit import HTTPS, PgServer, shown_outcome, sign_in_form
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from central import admin_accounts as accounts
from central import admin_session, review
from central.__main__ import main as central_main
from central.service import build_app, open_database

SECRET = "secret-d-administration-de-test-assez-long"
PASSWORD = "Ours-brun-du-Vercors-1987"
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'central.db'}"


@pytest.fixture
def client(tmp_path: Path, url: str) -> Iterator[TestClient]:
    app = build_app(url, enrolment_token=SECRET, folder=tmp_path / "data")
    with TestClient(app, base_url=HTTPS) as c:  # the pages' cookies are Secure off this machine
        yield c


@pytest.fixture
def engine(client: TestClient, url: str) -> Iterator[Engine]:
    eng = open_database(url)
    yield eng
    eng.dispose()


def _sign_in(client: TestClient, login: str, password: str) -> int:
    return int(sign_in_form(client, identifiant=login, mot_de_passe=password).status_code)


def test_once_an_account_exists_the_secret_opens_nothing_not_even_a_session_of_before(
    client: TestClient, engine: Engine
) -> None:
    assert sign_in_form(client, secret=SECRET).status_code == 303
    before = client.get("/admin/national")
    assert before.status_code == 200 and "secret partagé" in before.text  # says what it does not prove
    accounts.add_account(engine, login="Jeanne.Martin", name="Jeanne Martin", password=PASSWORD, now=NOW)
    refused = client.get("/admin/national")  # the secret's cookie, issued before the account
    assert refused.status_code == 401 and 'name="identifiant"' in refused.text and 'name="secret"' not in refused.text
    assert client.get("/admin/revue").status_code == 401
    assert client.get("/admin/national.json").status_code == 401
    client.cookies.clear()
    again = sign_in_form(client, secret=SECRET)
    assert again.status_code == 401 and "guichet_admin=" not in again.headers.get("set-cookie", "")
    assert _sign_in(client, "jeanne.martin", PASSWORD) == 303
    page = client.get("/admin/national")
    assert page.status_code == 200 and "Connecté : Jeanne Martin (jeanne.martin)" in page.text


def test_a_decision_names_the_signed_in_account_whatever_name_is_typed(client: TestClient, engine: Engine) -> None:
    accounts.add_account(engine, login="jeanne.martin", name="Jeanne Martin", password=PASSWORD, now=NOW)
    review_id = _open_review(engine)
    # The administrators' API, with the shared secret, no longer decides: it would name whoever it is told.
    by_api = client.post(
        f"/v1/admin/reviews/{review_id}/decision",
        json={"decision": "contestee", "by": "Jeanne Martin (jeanne.martin)", "note": "faux"},
        headers={"Authorization": f"Bearer {SECRET}"},
    )
    assert by_api.status_code == 409 and review.list_reviews(engine)[0].decision is None
    assert _sign_in(client, "jeanne.martin", PASSWORD) == 303
    page = client.get("/admin/revue")
    assert page.status_code == 200 and 'name="par"' not in page.text  # no name to type: the account is the author
    done = client.post(
        f"/admin/revue/{review_id}",
        data={
            "decision": "maintenue",
            "par": "Le préfet",
            "motif": "Horloge vérifiée",
            "jeton": _form_token(page.text),
            "vu": shown_outcome(page.text),
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    [line] = [h for h in review.history(engine, review_id) if h.action == "maintenue"]
    assert line.actor == "Jeanne Martin (jeanne.martin)"
    assert "Le préfet" not in client.get(done.headers["location"]).text


def test_an_account_s_name_neither_hides_its_login_nor_reads_as_another(engine: Engine) -> None:
    """A hostile account (its name is what `admin add --nom` was given): a name of 64 characters or more cut the
    account's own login off the decisions' author, which then read « Jeanne Martin (jeanne.martin)… »; a direction
    override made « Jeanne \u202eNITRAM » read « Jeanne MARTIN »."""
    with pytest.raises(accounts.AdminAccountError, match="Nom refusé"):
        accounts.add_account(engine, login="imposteur", name="Jeanne \u202eNITRAM", password=PASSWORD, now=NOW)
    with pytest.raises(accounts.AdminAccountError, match="Nom refusé"):
        accounts.add_account(engine, login="imposteur", name="Jeanne\u200b Martin", password=PASSWORD, now=NOW)
    long_name = "Jeanne Martin (jeanne.martin) " + "·" * 60
    login = accounts.add_account(engine, login="imposteur", name=long_name, password=PASSWORD, now=NOW)
    holder = accounts.session_holder(engine, login, 0)
    assert holder is not None
    assert holder.author.endswith(" (imposteur)") and len(holder.author) <= 64
    widest = accounts.Administrator(login="l" * 64, name="Jeanne Martin")
    assert widest.author == "l" * 64


def test_a_new_password_or_a_removal_ends_the_open_sessions_and_a_login_given_again_does_not_revive_them(
    client: TestClient, engine: Engine
) -> None:
    accounts.add_account(engine, login="jeanne.martin", name="Jeanne Martin", password=PASSWORD, now=NOW)
    accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD + "-p", now=NOW)
    assert _sign_in(client, "jeanne.martin", PASSWORD) == 303
    kept = dict(client.cookies)
    accounts.set_password(engine, login="jeanne.martin", password=PASSWORD + "-2", now=NOW)
    assert client.get("/admin/national").status_code == 401
    assert _sign_in(client, "jeanne.martin", PASSWORD) == 401  # the old password no longer opens
    assert _sign_in(client, "jeanne.martin", PASSWORD + "-2") == 303
    kept = dict(client.cookies)
    accounts.remove_account(engine, login="jeanne.martin", now=NOW)
    assert client.get("/admin/national").status_code == 401
    assert _sign_in(client, "jeanne.martin", PASSWORD + "-2") == 401
    accounts.add_account(engine, login="jeanne.martin", name="Jeanne Martin", password=PASSWORD + "-3", now=NOW)
    client.cookies.clear()
    client.cookies.update(kept)  # the removed account's cookie, kept by someone
    assert client.get("/admin/national").status_code == 401


def test_guessing_a_password_makes_the_account_wait_and_an_unknown_login_is_not_logged_as_typed(
    client: TestClient, engine: Engine
) -> None:
    accounts.add_account(engine, login="jeanne.martin", name="Jeanne Martin", password=PASSWORD, now=NOW)
    for guess in range(accounts.FREE_FAILURES):
        assert _sign_in(client, "jeanne.martin", f"essai-{guess}") == 401
    assert _sign_in(client, "jeanne.martin", PASSWORD) == 401  # right, but waiting
    later = datetime.now(UTC) + accounts.FIRST_WAIT + timedelta(seconds=1)
    assert accounts.authenticate(engine, login="jeanne.martin", password=PASSWORD, now=later) is not None
    assert _sign_in(client, "Mot-De-Passe-Tape-Dans-Le-Mauvais-Champ", "x") == 401
    logged = accounts.events(engine)
    assert all("Mauvais" not in login and "mauvais" not in login for _at, login, _a in logged)
    assert (accounts.UNKNOWN, "connexion_refusee") in [(login, a) for _at, login, a in logged]
    actions = [a for _at, login, a in logged if login == "jeanne.martin"]
    assert actions.count("connexion_refusee") == accounts.FREE_FAILURES
    assert "connexion_refusee_attente" in actions and "connexion" in actions


def test_the_wait_doubles_and_is_bounded(engine: Engine) -> None:
    accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD, now=NOW)
    moment = NOW
    waits = []
    for _ in range(accounts.FREE_FAILURES + 12):
        assert accounts.authenticate(engine, login="paul", password="faux", now=moment) is None
        [found] = accounts.list_accounts(engine)
        if found.blocked_until is not None:
            waits.append(found.blocked_until - moment)
            moment = found.blocked_until
    assert waits[0] == accounts.FIRST_WAIT and waits[1] == 2 * accounts.FIRST_WAIT
    assert max(waits) == accounts.LONGEST_WAIT


def test_the_command_line_makes_lists_and_refuses_in_french(
    url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("court\n"))
    assert central_main(["--database", url, "admin", "add", "jeanne", "--nom", "Jeanne Martin"]) == 1
    assert "au moins 12 caractères" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("JeanneMartin-2026-longue\n"))
    assert central_main(["--database", url, "admin", "add", "jeanne", "--nom", "Jeanne Martin"]) == 1
    assert "identifiant ni votre nom" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert central_main(["--database", url, "admin", "add", "Jeanne", "--nom", "Jeanne  Martin"]) == 0
    assert "créé" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert central_main(["--database", url, "admin", "add", "jeanne", "--nom", "Autre"]) == 1
    assert "existe déjà" in capsys.readouterr().err
    assert central_main(["--database", url, "admin", "add", "a b", "--nom", "X", "--generer"]) == 1
    assert "Identifiant refusé" in capsys.readouterr().err
    assert central_main(["--database", url, "admin", "password", "jeanne", "--generer"]) == 0
    shown = capsys.readouterr().out
    generated = shown.split("administrateur) : ")[1].split()[0]
    assert accounts.authenticate(engine, login="jeanne", password=generated, now=NOW) is not None
    assert central_main(["--database", url, "admin", "list"]) == 0
    assert "jeanne\tJeanne Martin\tactif" in capsys.readouterr().out
    assert central_main(["--database", url, "admin", "remove", "personne"]) == 1
    assert "Aucun compte actif" in capsys.readouterr().err
    assert central_main(["--database", url, "admin", "events"]) == 0
    assert "mot_de_passe" in capsys.readouterr().out


def test_the_sign_in_page_asks_for_what_opens_it(client: TestClient, engine: Engine) -> None:
    first = client.get("/admin/national")
    assert 'name="secret"' in first.text and "guichet-central admin add" in first.text
    accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD, now=NOW)
    named = client.get("/admin/revue")
    assert 'name="identifiant"' in named.text and 'name="mot_de_passe"' in named.text
    assert 'name="secret"' not in named.text
    assert admin_session.accounts_exist(engine)


def _form_token(page: str) -> str:
    """The session's form token a page puts in its decision forms (central/admin_session.py form_token)."""
    return page.split('name="jeton" value="', 1)[1].split('"', 1)[0]


def _open_review(engine: Engine) -> int:
    """A review opened the way the apply path opens one (its own tests push the flagged entries)."""
    from sqlalchemy import insert

    from central.schema import reviews

    with engine.begin() as conn:
        inserted = conn.execute(
            insert(reviews).values(
                procuration_id="0190f0aa-0000-7000-8000-000000000001",
                station_id="0190f0aa-0000-7000-8000-0000000000aa",
                mandataire_key="cle",
                status="invalidee",
                rule_id="R-LIMIT-1",
                flagged="0190f0aa-0000-7000-8000-000000000002",
                flags="horloge_bornee",
                opened_at=NOW,
            )
        )
        review_id = int(inserted.inserted_primary_key[0])
    return review_id


@pytest.mark.postgres
def test_on_postgresql_guesses_are_counted_and_the_secret_steps_aside(pg: PgServer) -> None:
    engine = open_database(pg.database())
    try:
        accounts.create_admin_schema(engine)
        assert admin_session.session_holder(engine, None, 0) is not None  # no account: the secret's session
        accounts.add_account(engine, login="paul", name="Paul Durand", password=PASSWORD, now=NOW)
        assert admin_session.session_holder(engine, None, 0) is None
        for _ in range(accounts.FREE_FAILURES):
            assert accounts.authenticate(engine, login="paul", password="faux", now=NOW) is None
        assert accounts.authenticate(engine, login="paul", password=PASSWORD, now=NOW) is None  # waiting
        [found] = accounts.list_accounts(engine)
        assert found.blocked_until == NOW + accounts.FIRST_WAIT
        who = accounts.authenticate(engine, login="PAUL", password=PASSWORD, now=NOW + accounts.LONGEST_WAIT)
        assert who is not None and who.author == "Paul Durand (paul)"
    finally:
        engine.dispose()
