"""Form details: New Caledonia switches the form, dates as typed, warnings acknowledged, duration validity."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from deskkit import confirm_review, make_desk, press, type_text
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_establish_flow import open_page

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.views.kit.dates import format_date, parse_date
from desktop.views.procurations import EstablishPage
from desktop.views.translations import plain


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["/", ".", " ", ""]))
def test_dates_as_typed(day: date, sep: str) -> None:
    text = day.strftime(f"%d{sep}%m{sep}%Y")
    assert parse_date(text) == day and parse_date(format_date(day)) == day


def test_impossible_dates_are_none() -> None:
    assert parse_date("31/02/2000") is None and parse_date("1501199") is None and parse_date("") is None


def test_new_caledonia_switches_the_form(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    open_page(qtbot, page)
    assert page.fields["mandataire.address"].isHidden()
    page.channel.setCurrentIndex(page.channel.findData("cerfa_14952"))
    page.m_list.setCurrentIndex(page.m_list.findData("nouvelle_caledonie"))
    assert page.channel.currentData() == "cerfa_16199"  # R-NC-1
    assert page.fields["mandataire.address"].isVisible() and page.nc_notice.isVisible()
    page.run_checks()
    qtbot.waitUntil(lambda: not page.runner.is_busy("check"))
    violations = page.last_violations
    assert any(v.rule_id == "R-NC-4" and not v.blocking for v in violations)
    assert "R-NC-4" in plain(page.warnings.text()) and page.acknowledge.isEnabled()


def test_a_warning_must_be_acknowledged(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path, FakePrinter(), now=datetime(2027, 4, 9, 10, tzinfo=UTC))
    reader = FakeCardReader()
    reader.insert("martin-claire")
    page = EstablishPage(desk, reader)
    open_page(qtbot, page)
    type_text(qtbot, "123456")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.identity.source == "puce", timeout=20000)
    type_text(qtbot, "204512873")
    page.m_nne.setFocus()
    for value in ("19374652", "02061975", "dubois", "jean"):
        type_text(qtbot, value)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_outcome is not None)
    assert page.last_outcome is not None and not page.last_outcome.saved
    assert "R-TIME-2" in plain(page.warnings.text()) and page.m_last.text() == "dubois"
    press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)  # &J'ai informé le mandant
    assert page.focusWidget() is page.acknowledge
    press(qtbot, Qt.Key.Key_Space)
    assert page.acknowledge.isChecked()
    page.last_outcome = None
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: page.last_outcome is not None and page.last_outcome.saved)
    qtbot.waitUntil(lambda: page.last_print is not None, timeout=10000)


def test_duration_and_home_visit_from_the_keyboard(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    open_page(qtbot, page)
    page.validity_kind.setCurrentIndex(1)
    assert page.fields["validity.start"].isVisible() and page.fields["validity.election"].isHidden()
    page.home_visit.setChecked(True)
    assert page.written_request.isEnabled()
    page.save()
    qtbot.waitUntil(lambda: page.last_outcome is not None)
    assert page.last_outcome is not None and not page.last_outcome.saved
    assert page.fields["home_visit.request"].error_text.startswith("R-HOME")


def test_identity_panel_shows_a_badge_per_check(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    from test_tampered_chip import read_on_establish

    page = read_on_establish(qtbot, store, tmp_path, tamper=True)
    assert page.identity.source == "puce_non_verifiee"  # read from the chip, not proven by it
    badges = page.identity.badges
    states = {label.text(): label.property("state") for label in badges.labels}
    assert len(badges.labels) >= 5  # chip access, DG1, DG2, signature, CSCA chain, then validity
    failed = [text for text, state in states.items() if state == "error"]
    assert len(failed) == 1 and failed[0].startswith("✗")  # the tampered DG1's hash, and nothing else
    assert any(text.startswith("Valide jusqu'au") for text in states)
    assert "échec" in page.identity.status.text()


def test_an_unreadable_duration_date_is_refused_under_the_dates(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """In « Pour une durée », Scrutin and Tours are hidden: R-VALID-1 on an unreadable date is said under the dates."""
    from desktop.views.kit.fields import Field

    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    open_page(qtbot, page)
    page.validity_kind.setCurrentIndex(page.validity_kind.findData("DUREE"))
    assert page.fields["validity.election"].isHidden()
    for start, end, shown_under in (
        ("99/99/2027", "31/12/2027", "validity.start"),
        ("01/01/2027", "3112", "validity.end"),
    ):
        page.valid_from.setText(start)
        page.valid_until.setText(end)
        page.last_outcome = None
        page.save()
        qtbot.waitUntil(lambda: page.last_outcome is not None)
        assert page.last_outcome is not None and not page.last_outcome.saved
        # Said as what it is (kit/fields.py), not as R-VALID-1's « Choisissez la validité »: a date was typed.
        assert page.fields[shown_under].error_text == Field.unreadable_date_text(), shown_under
        assert page.fields[shown_under].isVisible()
        assert (page.valid_from.text(), page.valid_until.text()) == (start, end)  # nothing typed is lost


def test_a_warning_that_comes_after_the_acknowledgement_is_asked_again(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    """The box « J'ai informé le mandant de ces avertissements » stayed ticked when a new warning came up in the same
    form (another mandataire, another list): the act went through on a warning nobody told the mandant of."""
    from desktop.rules.types import AVERTISSEMENT, Violation

    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    open_page(qtbot, page)
    late = Violation("R-TIME-2", "Établie la veille du scrutin : le mandataire doit être prévenu.", None, AVERTISSEMENT)
    nc = Violation("R-NC-4", "Mandataire inscrit en Nouvelle-Calédonie.", None, AVERTISSEMENT)
    page.show_violations([late])
    page.acknowledge.setChecked(True)
    page.show_violations([late])  # the same warning at the next pause in typing: still told
    assert page.acknowledge.isChecked()
    page.show_violations([late, nc])
    assert not page.acknowledge.isChecked()  # before: still ticked, R-NC-4 acknowledged unseen
    page.acknowledge.setChecked(True)
    page.show_violations([nc])  # one resolved: what is left was told
    assert page.acknowledge.isChecked()
