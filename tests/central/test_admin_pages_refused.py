"""A form the store sends back: a decision (central/review_page.py `Refused`), its error in that form, tied to the
wrong fields, what was typed kept, the focus on the first wrong field, the other forms untouched; a sign-in
(central/national_page.py `login_page`), the login kept and the refusal the fields' description. The same in a
browser, with axe: tests/central/test_pages_axe.py (slow)."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

from central.admin_accounts import Administrator
from central.national_page import login_page
from central.review import ReviewItem
from central.review_page import Refused, review_page

SECRET = Administrator(login=None, name="secret")


def _item(review_id: int) -> ReviewItem:
    return ReviewItem(
        id=review_id,
        procuration_id=f"proc-{review_id}",
        station_id="0" * 36,
        station_label="Mairie annexe",
        status="validee",
        rule_id=None,
        flagged=(),
        flags=("agent_inconnu",),
        opened_at=datetime.now(UTC),
        decision=None,
        decided_by=None,
        decided_at=None,
        note=None,
    )


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input":
            self.inputs.append(dict(attrs))


def _inputs(page: str, review_id: int) -> list[dict[str, str | None]]:
    form = page.split(f'action="/admin/revue/{review_id}"', 1)[1].split("</form>", 1)[0]
    parser = _Inputs()
    parser.feed(form)
    return [i for i in parser.inputs if i.get("type") != "hidden"]


def test_a_refused_form_says_why_on_its_wrong_fields_keeps_what_was_typed_and_takes_the_focus() -> None:
    refused = Refused(
        2,
        "Choisissez une décision, indiquez votre nom et le motif.",
        frozenset({"motif"}),
        "contestee",
        "Mme Durand",
        "",
    )
    page = review_page([_item(1), _item(2)], [], who=SECRET, refused=refused)
    assert page.count('id="erreur-2"') == 1 and "indiquez votre nom et le motif" in page
    found = _inputs(page, 2)
    radios, name, motif = found[:2], found[2], found[3]
    assert all(i["aria-describedby"] == "erreur-2" for i in (*radios, name, motif))
    assert [i["value"] for i in radios if "checked" in i] == ["contestee"] and name["value"] == "Mme Durand"
    assert motif.get("aria-invalid") == "true" and "autofocus" in motif and "aria-invalid" not in name
    assert sum("autofocus" in i for i in _inputs(page, 2)) == 1
    assert not any("aria-describedby" in i or "autofocus" in i for i in _inputs(page, 1))  # the other form
    assert "<title>Erreur : Revue" in page and 'role="alert"' not in page


def test_no_choice_takes_the_focus_to_the_first_radio_and_a_control_character_is_not_sent_back() -> None:
    refused = Refused(1, "Le nom et le motif…", frozenset({"decision", "motif"}), "", "Mme Durand", "motif\x00")
    inputs = _inputs(review_page([_item(1)], [], who=SECRET, refused=refused), 1)
    assert "autofocus" in inputs[0] and inputs[0].get("aria-invalid") == "true" and "autofocus" not in inputs[1]
    assert inputs[3]["value"] == ""  # the motif held a NUL: typed again, not echoed


def test_a_review_decided_meanwhile_says_the_refusal_at_the_top() -> None:
    refused = Refused(9, "Choisissez une décision et indiquez le motif.", frozenset({"motif"}))
    page = review_page([_item(1)], [], who=SECRET, refused=refused)
    assert '<p class="warn" role="alert">Choisissez une décision et indiquez le motif.</p>' in page
    assert "erreur-" not in page


def test_a_refused_sign_in_keeps_the_login_says_why_on_both_fields_and_focuses_the_password() -> None:
    page = login_page(named=True, error="Identifiant ou mot de passe incorrect.", login="claire.durand")
    parser = _Inputs()
    parser.feed(page)
    login, password = (i for i in parser.inputs if i.get("type") != "hidden")
    assert login["value"] == "claire.durand" and "autofocus" not in login and "autofocus" in password
    assert login["aria-describedby"] == password["aria-describedby"] == "erreur"
    assert '<p id="erreur" class="warn" role="alert">Identifiant ou mot de passe incorrect.</p>' in page
    assert "<title>Erreur : Connexion" in page
    shown = login_page(named=True, error="x", login="claire\x00<u>")  # a control character: not sent back
    assert 'value=""' in shown and "<u>" not in shown and "&lt;u&gt;" not in shown
    first = login_page(named=True)  # no refusal: nothing said, the focus on the login
    parser = _Inputs()
    parser.feed(first)
    assert "autofocus" in parser.inputs[1] and "aria-describedby" not in first and "<title>Connexion" in first


class _Names(HTMLParser):
    """Each button's and each labelled field's accessible name (its text, a visually hidden part included)."""

    def __init__(self) -> None:
        super().__init__()
        self.buttons: list[str] = []
        self.labels: dict[str, str] = {}
        self._open: tuple[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("button", "label") and self._open is None:
            self._open, self._text = (tag, dict(attrs).get("for")), []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == self._open[0]:
            text = " ".join("".join(self._text).split())
            if tag == "button":
                self.buttons.append(text)
            elif self._open[1]:
                self.labels[self._open[1]] = text
            self._open = None


def test_each_review_s_button_and_fields_name_their_review() -> None:
    """A screen reader's list of buttons or fields read « Décider », « Motif », « Votre nom » once per pending
    review, none saying which (RGAA 11.2, 11.9): each names its review now, the text seen unchanged."""
    page = review_page([_item(1), _item(2), _item(3)], [], who=SECRET)
    names = _Names()
    names.feed(page)
    deciders = [b for b in names.buttons if b.startswith("Décider")]
    assert len(deciders) == 3 and len(set(deciders)) == 3, deciders
    assert deciders[0] == "Décider sur la revue n° 1"
    for field in ("motif", "par"):
        shown = [names.labels[f"{field}-{n}"] for n in (1, 2, 3)]
        assert len(set(shown)) == 3, shown
    assert '<span class="sr"> sur la revue n° 2</span>' in page  # the visible text stays « Décider »
