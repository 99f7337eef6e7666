"""A review decision applies to the outcome the administrator read (central/review.py, review_page.py, review_cli.py).

A batch applied between the reading (the page `/admin/revue`, `guichet-central review list`) and the decision changes
the outcome under review: before, « Maintenir » clicked on the stale page (or `review decide` typed from a stale list)
applied to an outcome the administrator never saw. The page and the command line now send back what they showed (`vu`):
a decision on an outcome changed since is refused, nothing written, and the administrator is asked to read it again.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from html import unescape

import httpx
import pytest
from centralkit import (
    DUBOIS,
    MARTIN,
    Station,
    page_token,
    procuration_body,
    resiliation_body,
    shown_outcome,
    sign_in_form,
)

from central import review
from central.__main__ import main
from central.embedded import Embedded

P, R = "procuration.etablie", "procuration.resiliation"


def _reviewed(central: Embedded) -> tuple[Station, int, str]:
    """P established by an agent the central store never enrolled for the station: a review opened on it."""
    station = Station.enrol(central.base_url, central.enrolment_token)
    body = procuration_body(MARTIN, DUBOIS)
    assert station.push(station.batch((P, body, datetime.now(UTC)))).status_code == 200
    [item] = review.list_reviews(central.engine)
    assert item.procuration_id == body["id"] and item.status == "validee"
    return station, item.id, body["id"]


def _change_outcome(station: Station, review_id: int, central: Embedded) -> None:
    """The same agent's résiliation of MARTIN: P becomes « résiliée », the review is updated (still undecided)."""
    assert station.push(station.batch((R, resiliation_body(MARTIN), datetime.now(UTC)))).status_code == 200
    [item] = review.list_reviews(central.engine)
    assert item.id == review_id and item.status == "resiliee" and item.decision is None


def _vu(page: str) -> str:
    """The outcome a review's form sends back (its hidden field), as the page showed it."""
    return shown_outcome(page) if 'name="vu"' in page else ""


def _actions(central: Embedded, review_id: int) -> list[str]:
    return [line.action for line in review.history(central.engine, review_id)]


def test_a_decision_on_the_page_for_an_outcome_changed_since_it_was_shown_is_refused(central: Embedded) -> None:
    station, review_id, procuration_id = _reviewed(central)
    with httpx.Client(base_url=central.base_url, timeout=60) as browser:
        assert sign_in_form(browser, secret=central.enrolment_token).status_code == 303
        shown = browser.get("/admin/revue")
        assert shown.status_code == 200 and procuration_id in shown.text and "Validée" in shown.text
        form = {"decision": "maintenue", "par": "Mme Admin", "motif": "Agent vérifié", "jeton": page_token(shown.text)}
        form["vu"] = _vu(shown.text)  # what the page sends back
        _change_outcome(station, review_id, central)  # a batch applied while the page stays open

        stale = browser.post(f"/admin/revue/{review_id}", data=form, follow_redirects=False)
        assert stale.status_code == 409, stale.text
        said = unescape(stale.text)
        assert f"la revue n° {review_id} a changé depuis l'affichage de la page" in said
        assert "Relisez-la ci-dessous puis décidez de nouveau" in said
        # The review shown again, with its new outcome, under the message.
        assert stale.text.index('role="alert"') < stale.text.index(procuration_id)
        assert "Résiliée" in stale.text
        [item] = review.list_reviews(central.engine)
        assert item.decision is None and "maintenue" not in _actions(central, review_id)

        again = browser.get("/admin/revue")  # read again: the new outcome, decided as shown
        form["vu"] = _vu(again.text)
        form["jeton"] = page_token(again.text)
        done = browser.post(f"/admin/revue/{review_id}", data=form, follow_redirects=False)
        assert (done.status_code, done.headers["location"]) == (303, f"/admin/revue?fait={review_id}")
    [item] = review.list_reviews(central.engine, pending_only=False)
    assert (item.decision, item.status, item.decided_by) == ("maintenue", "resiliee", "Mme Admin")


def _listed(url: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["--database", url, "review", "list", "--all"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    [row] = rows
    return row


def test_a_decision_from_the_command_line_on_an_outcome_changed_since_its_listing_is_refused(
    central: Embedded, capsys: pytest.CaptureFixture[str]
) -> None:
    station, review_id, _ = _reviewed(central)
    url = central.engine.url.render_as_string(hide_password=False)
    read = _listed(url, capsys)
    assert (read["num"], read["statut"]) == (str(review_id), "validee") and read["vu"]
    _change_outcome(station, review_id, central)

    decide = ["--database", url, "review", "decide", str(review_id), "maintenue", "--by", "admin-7"]
    assert main([*decide, "--vu", read["vu"]]) == 2
    err = capsys.readouterr().err
    assert f"Revue n° {review_id} non décidée, rien n'a été modifié : elle a changé depuis sa lecture" in err
    assert "Relisez-la avec « guichet-central review list --all »" in err
    [item] = review.list_reviews(central.engine)
    assert item.decision is None and "maintenue" not in _actions(central, review_id)

    again = _listed(url, capsys)
    assert again["statut"] == "resiliee" and again["vu"] != read["vu"]
    assert main([*decide, "--vu", again["vu"]]) == 0
    assert "maintenue par admin-7" in capsys.readouterr().out
    [item] = review.list_reviews(central.engine, pending_only=False)
    assert (item.decision, item.status) == ("maintenue", "resiliee")


def test_the_review_api_refuses_a_decision_on_an_outcome_changed_since_the_one_it_names(central: Embedded) -> None:
    """`vu` is optional on the API (its callers decided blind before it); given, it is checked as the page's."""
    station, review_id, _ = _reviewed(central)
    headers = {"Authorization": f"Bearer {central.enrolment_token}"}
    with httpx.Client(base_url=central.base_url, headers=headers, timeout=60) as admin:
        read = admin.get("/v1/admin/reviews").json()["items"][0]["vu"]
        _change_outcome(station, review_id, central)
        decision = {"decision": "maintenue", "by": "admin-7", "vu": read}
        stale = admin.post(f"/v1/admin/reviews/{review_id}/decision", json=decision)
        assert stale.status_code == 409 and "a changé depuis sa lecture" in stale.text, stale.text
        assert review.list_reviews(central.engine)[0].decision is None
        now = admin.get("/v1/admin/reviews").json()["items"][0]["vu"]
        done = admin.post(f"/v1/admin/reviews/{review_id}/decision", json={**decision, "vu": now})
        assert done.status_code == 200 and done.json()["status"] == "resiliee"
        assert done.json()["vu"] != now  # decided since: a decision on what was read before it is refused too


def test_two_administrators_deciding_the_same_review_in_turn_the_later_one_is_refused(
    central: Embedded, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both read the review undecided; the first decides « maintenue »; the second, from the same reading, clicked
    « contestée » and overwrote it unseen (the outcome had not changed: `vu` was the same). The decision is part of
    what was read: the second is refused, reads the first decision, and may then decide again on purpose."""
    _station, review_id, _ = _reviewed(central)
    url = central.engine.url.render_as_string(hide_password=False)
    read = _listed(url, capsys)["vu"]
    first = ["--database", url, "review", "decide", str(review_id), "maintenue", "--by", "admin-1", "--vu", read]
    second = ["--database", url, "review", "decide", str(review_id), "contestee", "--by", "admin-2", "--vu", read]
    assert main(first) == 0
    capsys.readouterr()
    assert main(second) == 2
    assert "un autre administrateur l'a décidée" in capsys.readouterr().err
    [item] = review.list_reviews(central.engine, pending_only=False)
    assert (item.decision, item.decided_by) == ("maintenue", "admin-1")
    assert _actions(central, review_id).count("contestee") == 0
    again = _listed(url, capsys)
    assert (again["decision"], again["vu"] != read) == ("maintenue", True)
    assert main([*second[:-1], again["vu"]]) == 0  # read, then decided again on purpose
    [item] = review.list_reviews(central.engine, pending_only=False)
    assert (item.decision, item.decided_by) == ("contestee", "admin-2")


def test_review_list_shows_an_author_without_direction_overrides(
    central: Embedded, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name typed in a shared secret's session is stored as typed; the page showed it clean, the CSV did not."""
    _station, review_id, _ = _reviewed(central)
    review.decide_review(central.engine, review_id, decision="maintenue", by="Mme \u202eSNEL\u202c Admin")
    url = central.engine.url.render_as_string(hide_password=False)
    row = _listed(url, capsys)
    assert row["par"] == "Mme SNEL Admin", row
