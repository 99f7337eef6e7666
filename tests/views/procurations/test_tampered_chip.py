"""A chip whose data group was altered after issue (its hash no longer matches the signed EF.SOD): Établir and
Résilier read it, and say in red that its authenticity check failed; neither calls its identity verified. A station
without a CSCA master list: signed is not proven, said in orange."""

from __future__ import annotations

from pathlib import Path

from deskkit import make_desk, press, show_page, type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_establish_flow import open_page
from test_revoke_search import seed

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.views.procurations import EstablishPage, RevokePage


def read_on_establish(
    qtbot: QtBot, store: Store, tmp_path: Path, *, tamper: bool, station_list: bool = True
) -> EstablishPage:
    reader = FakeCardReader(trust_test_csca=station_list)
    reader.insert("martin-claire", tamper_dg1=tamper)
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), reader)
    open_page(qtbot, page)
    type_text(qtbot, "123456")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.identity.identity is not None, timeout=20000)
    return page


def test_establish_says_at_the_top_in_red_that_an_altered_chip_failed_its_check(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    page = read_on_establish(qtbot, store, tmp_path, tamper=True)
    top = page.banner.text()
    assert top.startswith("Puce lue mais contrôle d'authenticité en échec"), top
    assert "DG1" in top and "authentiques" not in top
    assert page.banner.property("state") == "error"  # was green: « Carte lue : Puce lue mais … » in "ok"
    assert page.identity.status.property("state") == "error"
    assert page.identity.person().source == "puce_non_verifiee"  # what the elector's record will say


def test_establish_says_a_genuine_chip_once_and_in_green(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = read_on_establish(qtbot, store, tmp_path, tamper=False)
    top = page.banner.text()
    assert top == "Puce lue (PACE-CAN) : données authentiques. Comparez la photo avec la personne.", top
    assert page.banner.property("state") == "ok"
    assert page.identity.person().source == "puce"


def test_revoke_never_calls_an_altered_chips_identity_verified(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path, FakePrinter())
    seed(desk)
    reader = FakeCardReader()
    reader.insert("martin-claire", tamper_dg1=True)
    page = RevokePage(desk, reader)
    show_page(qtbot, page)
    page.can.setFocus()
    type_text(qtbot, "123456")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.card_read is not None, timeout=20000)
    said = page.card_state.text()
    assert "vérifiée" not in said and said.startswith("Puce lue mais contrôle d'authenticité en échec"), said
    assert page.card_state.property("state") == "error"
    # The search still runs on what the chip says (the forger's one letter: MARTIX), the warning in sight.
    assert page.query.text().startswith("martix claire") and page.card_state.isVisible()


def test_the_review_says_in_red_that_the_identity_was_not_proven_and_the_record_keeps_it(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    from deskkit import confirm_review

    from desktop.models import Procuration
    from desktop.views.kit import colours
    from desktop.views.procurations.review import ReviewDialog

    page = read_on_establish(qtbot, store, tmp_path, tamper=True)
    type_text(qtbot, "204512873")
    page.m_nne.setFocus()
    for text in ("19374652", "02061975", "dubois", "jean"):
        type_text(qtbot, text)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.review is not None and page.review.isVisible(), timeout=10000)
    review = page.review
    assert isinstance(review, ReviewDialog)
    said = "lue sur une puce dont l'authenticité n'est pas établie : document contrôlé à l'œil"
    assert review.summary.identity == said and review.summary.identity_unproven
    assert f"color:{colours.current().error}'>{said.replace(chr(39), '&#x27;')}" in review.text.text()
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=10000)
    outcome = page.last_outcome
    assert outcome is not None and outcome.saved
    with store.session() as s:
        proc = s.get(Procuration, outcome.procuration_id)
        assert proc is not None and proc.mandant.identity_verified == "puce_non_verifiee"


def test_a_genuine_chip_is_said_plainly_in_the_review() -> None:
    from desktop.services.review import identity_line

    assert identity_line("puce") == "lue sur la puce : données authentiques"
    assert identity_line("saisie") == "saisie d'après le document présenté"
    assert identity_line("inconnue") == "inconnue"  # a value this version does not know


def test_without_a_master_list_a_signed_chip_is_not_called_authentic(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """A forger signs their chip with a certificate of their own: only the issuing country's CSCA tells it apart.
    A station without a master list says so, in orange, and records the identity as not proven."""
    page = read_on_establish(qtbot, store, tmp_path, tamper=False, station_list=False)
    top = page.banner.text()
    assert top.startswith("Puce lue (PACE-CAN) : données signées, mais le pays émetteur n'est pas contrôlé"), top
    assert "(aucune liste maîtresse CSCA n'est configurée)" in top and "authentiques" not in top
    assert page.banner.property("state") == "warn"
    assert page.identity.person().source == "puce_non_verifiee"
    csca = [label for label in page.identity.badges.labels if "CSCA" in label.text()]
    assert [label.property("state") for label in csca] == ["warn"]  # orange, like a missing EF.SOD
