"""The establish form asks the central store what the parties hold at other counters (session 27).

GAUTHIER gave a procuration for the presidential election at another counter, which sent it to the central store.
At this counter nothing is known of it: the form asks the central store once the identities are complete, says so
under the warnings, and the act is saved only once the agent acknowledged having told the mandant (R-VALID-6).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from deskkit import confirm_review, make_desk, press, show_page, with_enrolled_agent
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.services.desk import EstablishInput, PersonInput
from desktop.sync import outbox
from desktop.sync.client import CentralClient, enrol
from desktop.views.procurations import EstablishPage
from desktop.views.translations import plain

GAUTHIER = PersonInput(nne="305449340", last_name="GAUTHIER", given_names="Rémi", birth_date=date(1940, 8, 15))
GARNIER = PersonInput(nne="167428154", last_name="GARNIER", given_names="Pauline", birth_date=date(1975, 4, 4))
CTRL = Qt.KeyboardModifier.ControlModifier


def _fill(page: EstablishPage) -> None:
    """GAUTHIER, mandant, to DUBOIS for the presidential election (the form's default)."""
    page.identity.set_person("GAUTHIER", "Rémi", date(1940, 8, 15), "305449340", "generale")
    page.mandataire.nne.setText("19374652")
    page.mandataire.birth.setText("02/06/1975")
    page.mandataire.last.setText("DUBOIS")
    page.mandataire.given.setText("Jean")


def test_R_VALID_6_the_form_warns_of_a_procuration_given_at_another_counter(
    qtbot: QtBot, store: Store, tmp_path: Path, store_template: Path, store_key: bytes, central_server: tuple[str, str]
) -> None:
    import shutil

    from desktop.models.db import open_store
    from desktop.models.keys import StaticKeyProvider

    url, token = central_server
    path = tmp_path / "autre-poste.db"
    shutil.copyfile(store_template, path)
    other_store = open_store(path, StaticKeyProvider(store_key), migrate=False)
    other_client = CentralClient(url, enrol(url, enrolment_token=token, label="autre guichet"), timeout=5)
    other = make_desk(other_store, tmp_path / "autre", FakePrinter(), central=other_client, agent_id="agent-autre-nat")
    assert other.establish(
        EstablishInput(mandant=GAUTHIER, mandataire=GARNIER, election_id="presidentielle-2027")
    ).saved
    batch = outbox.next_batch(other_store, max_entries=10, now=datetime.now(UTC))
    assert batch is not None
    other_client.push(batch)
    other_store.close()

    client = with_enrolled_agent(
        CentralClient(url, enrol(url, enrolment_token=token, label="ce guichet"), timeout=5), agent_id="agent-nat"
    )
    page = EstablishPage(
        make_desk(store, tmp_path, FakePrinter(), central=client, agent_id="agent-nat"), FakeCardReader()
    )
    show_page(qtbot, page, size=(1280, 900), focus=False)
    _fill(page)
    page.m_given.setFocus()
    qtbot.waitUntil(lambda: "R-VALID-6" in plain(page.warnings.text()), timeout=10000)
    assert "Selon le répertoire central" in page.warnings.text() and "GARNIER" not in page.warnings.text()
    assert "Mandant : 1 procuration en vigueur connue du répertoire central." in page.national.label.text()
    assert "Mandataire : aucune procuration en vigueur" in page.national.label.text()
    assert page.acknowledge.isEnabled() and not page.acknowledge.isChecked()
    qtbot.wait(200)  # the layout settles
    page.grab().save(str(tmp_path / "national.png"))
    # Saved only once the agent says the mandant was told.
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not page.runner.is_busy("review"), timeout=10000)
    refused = page.last_outcome
    assert page.review is None and refused is not None and not refused.saved
    assert [v.rule_id for v in refused.unacknowledged] == ["R-VALID-6"]
    page.last_outcome = None
    page.acknowledge.setChecked(True)
    qtbot.waitUntil(lambda: not page.runner.is_busy("check"), timeout=10000)
    press(qtbot, Qt.Key.Key_S, CTRL)
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=10000)
    assert page.last_outcome is not None and page.last_outcome.saved
    qtbot.waitUntil(lambda: page.kept is None, timeout=10000)  # printed: the form is free for the next citizen
    page.clear()
    assert page.national.label.isHidden() and page.national.answers() == ()


def test_a_save_waits_for_the_central_store_s_answer_on_its_way(
    qtbot: QtBot, store: Store, tmp_path: Path, central_server: tuple[str, str]
) -> None:
    """Its answer may be a warning to give the mandant: Entrée pressed while it is on its way says so, and the check
    (the review of the act) follows as soon as it answers, without a second Entrée (it was swallowed)."""
    import threading

    url, token = central_server
    client = CentralClient(url, enrol(url, enrolment_token=token, label="guichet lent"), timeout=5)
    desk = make_desk(store, tmp_path, FakePrinter(), central=client, agent_id="agent-lent")
    release = threading.Event()

    def slow(person: PersonInput, role: str) -> None:
        release.wait(10)  # the link is slow today

    desk.national_holdings = slow  # type: ignore[method-assign]
    page = EstablishPage(desk, FakeCardReader())
    show_page(qtbot, page, size=(1280, 900), focus=False)
    _fill(page)
    page.m_given.setFocus()
    qtbot.waitUntil(page.national.pending, timeout=5000)
    assert "consultation du répertoire central…" in page.national.label.text()
    press(qtbot, Qt.Key.Key_Return)
    assert page.review is None and not page.runner.is_busy("review")
    assert "Consultation du répertoire central en cours" in page.banner.text()
    assert "suivra dès sa réponse" in page.banner.text() and page.result_banner.isVisible()
    page.grab().save("/tmp/uiproc-f3-waiting.png")
    release.set()
    qtbot.waitUntil(lambda: page.review is not None, timeout=10000)  # no second Entrée
    assert not page.national.pending()


def test_a_save_asked_for_then_cleared_is_forgotten(
    qtbot: QtBot, store: Store, tmp_path: Path, central_server: tuple[str, str]
) -> None:
    """Échap after the waiting save: the next citizen's form does not open a review of its own when the answer
    comes."""
    import threading

    url, token = central_server
    client = CentralClient(url, enrol(url, enrolment_token=token, label="guichet lent 2"), timeout=5)
    desk = make_desk(store, tmp_path, FakePrinter(), central=client, agent_id="agent-lent-2")
    release = threading.Event()

    def slow(person: PersonInput, role: str) -> None:
        release.wait(10)

    desk.national_holdings = slow  # type: ignore[method-assign]
    page = EstablishPage(desk, FakeCardReader())
    show_page(qtbot, page, size=(1280, 900), focus=False)
    _fill(page)
    page.m_given.setFocus()
    qtbot.waitUntil(page.national.pending, timeout=5000)
    press(qtbot, Qt.Key.Key_Return)
    page.clear()
    page.clear()  # the second Échap confirms
    release.set()
    qtbot.wait(500)
    assert page.review is None and not page.runner.is_busy("review")
