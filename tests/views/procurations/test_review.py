"""Review before saving: Enter shows the act as it will stand (parties, validity with every election covered, place,
authority); Enter confirms, Escape goes back with nothing saved; Enter in a field never saves unseen defaults."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from deskkit import confirm_review, focused, make_desk, press
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_printing_flow import _filled_page

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.services.desk import EstablishInput, PersonInput
from desktop.views.procurations import EstablishPage
from desktop.views.procurations.review import ReviewDialog


def test_enter_shows_the_review_escape_goes_back_enter_confirms(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    printer = FakePrinter()
    page = _filled_page(qtbot, store, tmp_path, printer)
    press(qtbot, Qt.Key.Key_Return)  # Enter in the last field: the review, never a save with unseen defaults
    qtbot.waitUntil(lambda: page.review is not None and page.review.isVisible(), timeout=10000)
    review = page.review
    assert isinstance(review, ReviewDialog)
    s = review.summary
    assert s.mandant.startswith("THOMAS Sophie, né(e) le 27 mai 1963") and "NNE 285042289" in s.mandant
    assert s.mandataire.startswith("DUBOIS Jean, né(e) le 2 juin 1975")
    assert s.validity.startswith("Élection présidentielle 2027 : 1er et 2d tours")
    assert s.elections == ("Élection présidentielle 2027 : 11 avril 2027, 25 avril 2027",)
    assert "Commissariat central du 11e (75056-01)" in s.place
    assert s.authority.startswith("Brigadier-chef Lemoine, ")
    assert "Élection présidentielle 2027" in review.text.text() and "Lemoine" in review.text.text()
    assert focused() is review.confirm_button
    press(qtbot, Qt.Key.Key_Escape)  # back to the form: nothing saved, nothing lost
    qtbot.waitUntil(lambda: page.review is None, timeout=3000)
    assert page.last_outcome is None and page.m_last.text() == "DUBOIS" and not printer.printed
    assert "Rien n'est enregistré" in page.banner.text()
    qtbot.waitUntil(page.isActiveWindow, timeout=3000)
    page.m_given.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: page.last_print is not None, timeout=10000)
    assert page.last_outcome is not None and page.last_outcome.saved and len(printer.printed) == 1


def test_a_duration_lists_every_election_it_covers(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path, FakePrinter())
    form = EstablishInput(
        mandant=PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27)),
        mandataire=PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2)),
        validity_kind="DUREE",
        valid_from=date(2027, 1, 1),
        valid_until=date(2027, 11, 30),
    )
    outcome = desk.review(form)
    assert outcome.ready, outcome.violations
    assert outcome.summary is not None
    labels = [e.split(" : ")[0] for e in outcome.summary.elections]
    assert "Élection présidentielle 2027" in labels and "Élections législatives 2027" in labels
    assert outcome.summary.validity.startswith("Du 1er janvier 2027 au 30 novembre 2027")


def test_a_refused_form_shows_errors_and_no_review(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    qtbot.addWidget(page)
    page.show()
    page.save()
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=10000)
    assert page.review is None and page.last_outcome is not None and not page.last_outcome.saved
    assert "non enregistrée" in page.banner.text()


def test_the_review_is_as_tall_as_its_summary_and_shows_it_whole(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """No gap between the summary and its buttons (it was a fixed 520 px), and nothing to scroll on a counter's
    screen: the agent reads the act with the mandant in one look."""
    page = _filled_page(qtbot, store, tmp_path, FakePrinter())
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.review is not None and page.review.isVisible(), timeout=10000)
    review = page.review
    assert isinstance(review, ReviewDialog)
    qtbot.waitUntil(lambda: review.confirm_button.isVisible())
    summary = review.text.heightForWidth(review.text.width())  # the label fills its area: its text is this tall
    scroll = review.text.parentWidget().parentWidget()  # the viewport, then its scroll area
    assert scroll is not None and summary <= scroll.height(), (summary, scroll.height())  # nothing to scroll
    assert scroll.height() - summary < 40, (summary, scroll.height())  # and no gap under it
    press(qtbot, Qt.Key.Key_Escape)


def _review_with_zoom(qtbot: QtBot, store: Store, tmp_path: Path) -> tuple[Any, ReviewDialog]:
    """The form filled, the zoom keys on it at 100 %, Entrée: the review open, the focus on « Confirmer »."""
    from PySide6.QtWidgets import QApplication

    from desktop.views.kit.zoom import TextZoom

    page = _filled_page(qtbot, store, tmp_path, FakePrinter())
    zoom = TextZoom(page, 100)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.review is not None and page.review.isVisible(), timeout=10000)
    review = page.review
    assert isinstance(review, ReviewDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is review.confirm_button, timeout=3000)
    return zoom, review


def test_the_review_fits_its_summary_again_when_the_text_size_changes(
    qtbot: QtBot, store: Store, tmp_path: Path, themed: Callable[..., None]
) -> None:
    """Ctrl+plus while the agent reads the act with the mandant: the review kept the height it had at 100 %, and the
    summary at 200 % needed scrolling in a third of it; at 1024 px it was wider than the screen."""
    from PySide6.QtWidgets import QApplication

    themed()
    zoom, review = _review_with_zoom(qtbot, store, tmp_path)
    scroll = review.text.parentWidget().parentWidget()
    assert scroll is not None

    def fits() -> bool:
        summary = review.text.heightForWidth(review.text.width())
        return summary <= scroll.height() and scroll.height() - summary < 40

    for _ in range(5):
        qtbot.keyClick(review.confirm_button, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert zoom.percent == 150
    qtbot.waitUntil(fits, timeout=3000)
    for _ in range(4):
        qtbot.keyClick(review.confirm_button, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert zoom.percent == 110
    qtbot.waitUntil(fits, timeout=3000)
    assert QApplication.focusWidget() is review.confirm_button
    press(qtbot, Qt.Key.Key_Escape)


def test_an_unproven_identity_stays_readable_when_the_theme_changes_with_the_review_open(
    qtbot: QtBot, themed: Callable[..., None]
) -> None:
    """« systeme » follows the OS: the OS turned dark while the agent read the act with the mandant; the identity read
    from an unverified chip kept the light theme's red on the dark ground (3.1:1, under RGAA's 4.5:1)."""
    from PySide6.QtWidgets import QApplication

    from desktop.services.review import ReviewSummary
    from desktop.views.kit import colours
    from desktop.views.theme import apply_theme

    themed()
    summary = ReviewSummary(
        channel="CANAL",
        mandant="MARTIN Claire",
        mandataire="DUBOIS Jean",
        validity="VALIDITE",
        elections=("SCRUTIN",),
        place="LIEU",
        authority="AUTORITE",
        identity="puce non vérifiée",
        identity_unproven=True,
    )
    review = ReviewDialog(summary)
    qtbot.addWidget(review)
    review.show()
    qtbot.waitExposed(review)
    assert colours.CLAIR.error in review.text.text()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for theme, tokens in (("sombre", colours.SOMBRE), ("contraste", colours.CONTRASTE), ("clair", colours.CLAIR)):
        apply_theme(app, theme=theme)
        qtbot.waitUntil(lambda t=tokens: t.error in review.text.text(), timeout=3000)
        assert "puce non vérifiée" in review.text.text()


def test_the_review_stays_within_the_screen_at_200_percent(
    qtbot: QtBot, store: Store, tmp_path: Path, themed: Callable[..., None]
) -> None:
    """Its two buttons side by side need 1,120 px at 200 %: the review was wider than a 1024 px screen (and this
    test's 800 px one), « Modifier (Échap) » off its edge; they stack instead."""
    from PySide6.QtWidgets import QApplication, QPushButton

    themed()
    zoom, review = _review_with_zoom(qtbot, store, tmp_path)
    for _ in range(10):
        zoom.change(10)
    screen = review.screen().availableGeometry()
    buttons = review.findChildren(QPushButton)
    assert len(buttons) == 2

    def whole_and_within() -> bool:
        return review.width() <= screen.width() and all(
            b.isVisible()
            and b.width() >= b.minimumSizeHint().width()
            and b.mapTo(review, b.rect().bottomRight()).x() < review.width()
            for b in buttons
        )

    qtbot.waitUntil(whole_and_within, timeout=3000)
    assert QApplication.focusWidget() is review.confirm_button
