"""Passport screens with the keyboard: a case from the request to the old passport's return; an overdue case."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.receipts.next_steps import PASSPORT_STEP_TITLES
from desktop.services.passports import PassportStatus
from desktop.views.renewals.deadlines import deadline_model
from desktop.views.renewals.page import TAB_DEADLINES, TAB_PASSPORT
from desktop.views.renewals.passport import case_model
from desktop.views.translations import plain

from .conftest import REQUEST, Desk, received_on_20_march


def idle(qtbot: QtBot, desk: Desk) -> None:
    """Wait until the screen's work on the runner has answered (the GUI thread never waits for the store)."""
    qtbot.waitUntil(lambda: not desk.page.runner.busy)


def fill_form(qtbot: QtBot, desk: Desk) -> None:
    form = desk.page.passport.form
    QTest.keySequence(desk.page, "Alt+N")  # « &Nouveau dossier »
    assert form.last_name.hasFocus()
    QTest.keyClicks(form.last_name, "Lefevre")  # QTest types ASCII only
    QTest.keyClick(form.last_name, Qt.Key.Key_Tab)
    QTest.keyClicks(form.given_names, "Helene")
    QTest.keyClick(form.given_names, Qt.Key.Key_Tab)
    assert form.birth_date.hasFocus()
    QTest.keyClicks(form.birth_date, "09071984")  # dates are typed, as everywhere in Guichet
    form.country.setCurrentIndex(form.country.findData("CA"))
    QTest.keyClicks(form.issued, "02/05/2016")
    QTest.keyClicks(form.expiry, "01052026")


def test_a_case_from_request_to_the_return_of_the_old_passport(qtbot: QtBot, desk: Desk) -> None:
    fill_form(qtbot, desk)
    QTest.keyClick(desk.page.passport.form.given_names, Qt.Key.Key_Return)
    idle(qtbot, desk)
    view = desk.page.passport.case_view
    assert desk.page.passport.stack.currentIndex() == 1 and view.case is not None
    assert view.header.text() == "RPD-CA-MTL-2026-00001 — LEFEVRE Helene"
    assert desk.page.passport.model.rowCount() == 1

    view.photo_ok.setChecked(True)
    QTest.mouseClick(view.documents_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    qtbot.waitUntil(lambda: len(desk.printer.printed) == 1)
    qtbot.waitUntil(lambda: view.print_label.text() == "Récépissé imprimé.")

    view.identity_ok.setChecked(True)
    QTest.mouseClick(view.interview_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    number = view.security_number.text()
    assert view.security.isVisible() and re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", number)
    assert view.security_done.hasFocus()
    QTest.keyClick(view.security_done, Qt.Key.Key_Space)
    assert not view.security.isVisible() and view.security_number.text() == ""  # shown once
    qtbot.waitUntil(lambda: len(desk.printer.printed) == 2)
    assert number not in str(desk.printer.printed[1].receipt)

    for step, day in ((5, date(2026, 3, 10)), (6, date(2026, 3, 20)), (7, date(2026, 3, 21)), (8, date(2026, 4, 29))):
        desk.clock.day(day)
        assert view.dated_step == step
        view.dated_on.setText(day.strftime("%d/%m/%Y"))
        QTest.mouseClick(view.dated_btn, Qt.MouseButton.LeftButton)
        idle(qtbot, desk)
        assert not view.errors[None].isVisible() and not view.errors["on"].isVisible()

    assert view.case.summary.status is PassportStatus.CLOTURE and view.status_label.text() == "Terminé"
    assert view.action_pages.currentIndex() == 0  # nothing left to do
    assert all(view.steps.item(i).text().startswith("✓") for i in range(8))
    qtbot.waitUntil(lambda: len(desk.printer.printed) == 3)
    assert dict(desk.printer.printed[2].receipt.details)["Ancien passeport reçu le"] == "29 avril 2026"
    QTest.mouseClick(view.reprint, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.print_label.text() == "Duplicata imprimé.")


def test_eligibility_refusal_keeps_what_was_typed(qtbot: QtBot, desk: Desk) -> None:
    fill_form(qtbot, desk)
    form = desk.page.passport.form
    form.country.setCurrentIndex(form.country.findData("US"))
    QTest.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert form.errors["applicant.country"].isVisible() and "R-PASS-4" in plain(form.errors["applicant.country"].text())
    assert form.country.property("invalid") == "true"
    assert form.last_name.text() == "Lefevre" and desk.page.passport.stack.currentIndex() == 0
    assert desk.passports.list_cases() == []


def test_a_malformed_numic_and_passport_number_are_refused_next_to_their_fields(qtbot: QtBot, desk: Desk) -> None:
    fill_form(qtbot, desk)
    form = desk.page.passport.form
    QTest.keyClicks(form.numic, "!!")
    QTest.keyClicks(form.passport_number, "ABC")
    QTest.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert form.errors["applicant.numic"].isVisible() and "R-ID-NUMIC-2" in plain(form.errors["applicant.numic"].text())
    assert form.errors["passport.number"].isVisible() and "R-ID-PASS-1" in plain(form.errors["passport.number"].text())
    assert form.numic.property("invalid") == "true" and form.passport_number.property("invalid") == "true"
    assert not form.errors[None].text()  # each next to its own field
    assert (form.numic.text(), form.passport_number.text(), form.last_name.text()) == ("!!", "ABC", "Lefevre")
    assert desk.page.passport.stack.currentIndex() == 0 and desk.passports.list_cases() == []


def test_dhl_adult_signature_is_refused_next_to_the_field(qtbot: QtBot, desk: Desk) -> None:
    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    desk.page.passport.open_case(case.summary.id)
    idle(qtbot, desk)
    view = desk.page.passport.case_view
    view.photo_ok.setChecked(True)
    view.dhl_adult.setChecked(True)
    QTest.mouseClick(view.documents_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert (
        view.errors["shipping.option"].isVisible() and "signature d'un adulte" in view.errors["shipping.option"].text()
    )
    assert view.dhl_adult.isChecked() and view.action_pages.currentIndex() == 1 and desk.printer.printed == []


def test_an_overdue_case_is_flagged_then_invalidation_confirmed(qtbot: QtBot, desk: Desk) -> None:
    received_on_20_march(desk)

    desk.clock.day(date(2026, 4, 29))
    QTest.keyClick(desk.page, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    idle(qtbot, desk)
    panel = desk.page.deadlines
    assert desk.page.tabs.currentIndex() == TAB_DEADLINES
    assert panel.soon_model.rowCount() == 1 and panel.late_model.rowCount() == 0
    assert panel.soon_model.data(panel.soon_model.index(0, 3)) == "dernier jour"

    desk.clock.day(date(2026, 4, 30))  # day 41
    QTest.mouseClick(panel.refresh_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert panel.soon_model.rowCount() == 0 and panel.late_model.rowCount() == 1
    assert panel.late_model.data(panel.late_model.index(0, 3)) == "1 jour de retard"  # in words (« 1 j » before)
    assert "1 dossier vient d'être signalé pour invalidation" in panel.summary.text()  # French plural: 1 is singular
    assert "0 renvoi attendu bientôt, 1 dossier en retard" in panel.summary.text()

    panel.late_table.setFocus()
    QTest.keyClick(panel.late_table, Qt.Key.Key_Return)  # opens the case in the passport tab
    idle(qtbot, desk)
    assert desk.page.tabs.currentIndex() == TAB_PASSPORT
    view = desk.page.passport.case_view
    assert view.status_label.text() == PassportStatus.A_INVALIDER.label and view.action_pages.currentIndex() == 4
    QTest.mouseClick(view.invalidate_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert view.status_label.text() == "Invalidé, signalé à Interpol"
    assert any(
        "Interpol" in view.steps.item(i).text() and "Mme Inès Château" in view.steps.item(i).text()
        for i in range(view.steps.count())
    )
    desk.page.show_tab(TAB_DEADLINES)
    idle(qtbot, desk)
    assert panel.late_model.rowCount() == 0


def _step_line(view: object, n: int) -> str:
    steps = view.steps  # type: ignore[attr-defined]
    return next(steps.item(i).text() for i in range(steps.count()) if f" {n}. " in steps.item(i).text())


def test_an_old_passport_back_in_time_but_recorded_after_the_flag_closes_the_case(qtbot: QtBot, desk: Desk) -> None:
    """Flagged on day 41 at step 6 (the ANTS confirmation never reported), the old passport having come back on day
    36: the screen takes step 7 then step 8 and closes the case (R-PASS-1). Until session 26 it offered step 8 only,
    always refused for want of step 7: such a case could only be invalidated and reported to Interpol."""
    cid = received_on_20_march(desk)
    desk.clock.day(date(2026, 4, 30))
    assert desk.passports.daily_deadlines().newly_flagged == 1
    desk.clock.day(date(2026, 5, 1))
    view = desk.page.passport.case_view
    view.show_case(desk.passports.get_case(cid))
    assert view.action_pages.currentIndex() == 4 and "confirmation ANTS" in view.late_return_btn.text()
    QTest.mouseClick(view.late_return_btn, Qt.MouseButton.LeftButton)
    assert view.dated_step == 7 and view.action_pages.currentIndex() == 3
    view.dated_on.set_value(date(2026, 3, 21))
    QTest.mouseClick(view.dated_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert view.action_pages.currentIndex() == 4 and view.late_return_btn.text() == "L'ancien passeport est arrivé"
    QTest.mouseClick(view.late_return_btn, Qt.MouseButton.LeftButton)
    assert view.dated_step == 8
    view.dated_on.set_value(date(2026, 4, 25))
    QTest.mouseClick(view.dated_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert view.status_label.text() == PassportStatus.CLOTURE.label
    assert "ancien passeport reçu le 25/04/2026" in view.facts.text()
    # Each step with its own date and its own event (the flag of 30/04 replaced step 6's before), and when it was
    # recorded where that was later.
    assert _step_line(view, 6).endswith("20/03/2026, Mme Inès Château")
    assert "21/03/2026 (enregistrée le 01/05/2026)" in _step_line(view, 7)
    assert "25/04/2026 (enregistrée le 01/05/2026)" in _step_line(view, 8)


def test_a_refused_interview_says_why_on_the_case(qtbot: QtBot, desk: Desk) -> None:
    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    desk.passports.record_documents(case.summary.id, photo_ok=True, dhl_adult_signature=False)
    desk.passports.record_interview(
        case.summary.id, identity_verified=True, validated=False, reason="Visage masqué sur la photo"
    )
    view = desk.page.passport.case_view
    view.show_case(desk.passports.get_case(case.summary.id))
    lines = [view.steps.item(i).text() for i in range(view.steps.count())]
    assert any("Motif : Visage masqué sur la photo" in line and "Mme Inès Château" in line for line in lines), lines


def test_a_refused_interview_says_why_in_the_agents_language(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note is stored in French with the typed reason in it: looked up whole in the catalog, it was no message
    and an English screen read « ⚑ Entretien : demande refusée. Motif : … »."""
    from pseudo_gettext import english_of

    from desktop.services.passport_values import INTERVIEW_REFUSED

    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    desk.passports.record_documents(case.summary.id, photo_ok=True, dhl_adult_signature=False)
    desk.passports.record_interview(case.summary.id, identity_verified=True, validated=False, reason="Masque")
    view = desk.page.passport.case_view
    with english_of(monkeypatch, {INTERVIEW_REFUSED: "Interview: application refused. Reason: {reason}"}):
        view.show_case(desk.passports.get_case(case.summary.id))
    lines = [view.steps.item(i).text() for i in range(view.steps.count())]
    assert any("Interview: application refused. Reason: Masque" in line for line in lines), lines


def test_a_refused_opening_says_the_central_stores_reason_in_the_agents_language(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The case's line said the central store's French sentence as received; in English now its rule's sentence."""
    from pseudo_gettext import CLOSE, OPEN, pseudo_english
    from sqlalchemy import update

    from desktop.models import OutboxEntry
    from desktop.sync.central_words import REASONS

    french = "Ouverture du dossier de passeport refusée par le répertoire central : pays hors expérimentation."
    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    with desk.passports.ctx.store.session() as s, s.begin():
        s.execute(update(OutboxEntry).values(verdict="invalidee", verdict_rule_id="R-PASS-4", refusal=french))
    assert desk.passports.get_case(case.summary.id).sync.endswith(french)
    with pseudo_english(monkeypatch):
        detail = desk.passports.get_case(case.summary.id)
    assert f"{OPEN}{REASONS['R-PASS-4']}{CLOSE}" in detail.sync and french not in detail.sync


def _received_on_1_march(desk: Desk, last_name: str = REQUEST.last_name) -> tuple[str, str]:
    """A case whose new passport arrived on 1 March 2026 (its 40 days run from then): its id and number."""
    p = desk.passports
    case = p.open_case(replace(REQUEST, last_name=last_name)).case
    assert case is not None
    cid = case.summary.id
    p.record_documents(cid, photo_ok=True, dhl_adult_signature=False)
    p.record_interview(cid, identity_verified=True, validated=True)
    p.record_shipment(cid, on=date(2026, 3, 1))
    p.record_reception(cid, on=date(2026, 3, 1))
    return cid, case.summary.case_number


def test_confirm_from_the_daily_list(qtbot: QtBot, desk: Desk) -> None:
    p = desk.passports
    cid, number = _received_on_1_march(desk)
    desk.clock.day(date(2026, 5, 1))
    desk.page.show_tab(TAB_DEADLINES)
    idle(qtbot, desk)
    panel = desk.page.deadlines
    assert panel.late_table.currentIndex().row() == 0
    QTest.mouseClick(panel.confirm_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    # Irreversible: the first press names the case and asks again; nothing is invalidated yet (Alt+I alone, on the
    # case the list selects by itself, did it unseen: day audit, consular agent).
    assert p.get_case(cid).summary.status is not PassportStatus.INVALIDE
    assert number in panel.confirm_btn.text() and number in panel.error.text() and panel.error.isVisible()
    QTest.mouseClick(panel.confirm_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert panel.late_model.rowCount() == 0 and p.get_case(cid).summary.status is PassportStatus.INVALIDE
    assert "Invalider" in panel.confirm_btn.text() and not panel.error.isVisible()


def test_the_invalidation_asked_is_forgotten_when_another_case_is_chosen(qtbot: QtBot, desk: Desk) -> None:
    p = desk.passports
    ids = [_received_on_1_march(desk, last)[0] for last in ("Lefèvre", "Moreau")]
    desk.clock.day(date(2026, 5, 1))
    desk.page.show_tab(TAB_DEADLINES)
    idle(qtbot, desk)
    panel = desk.page.deadlines
    QTest.mouseClick(panel.confirm_btn, Qt.MouseButton.LeftButton)  # asked for the first case
    idle(qtbot, desk)
    panel.late_table.selectRow(1)  # then the agent chooses the other one
    assert "Invalider" in panel.confirm_btn.text() and not panel.error.isVisible()
    QTest.mouseClick(panel.confirm_btn, Qt.MouseButton.LeftButton)  # asks again, for this one
    idle(qtbot, desk)
    assert all(p.get_case(i).summary.status is not PassportStatus.INVALIDE for i in ids)


def test_models_pass_the_model_tester(qtmodeltester: ModelTester, desk: Desk) -> None:
    desk.passports.open_case(REQUEST)
    cases = case_model()
    cases.set_rows(desk.passports.list_cases())
    qtmodeltester.check(cases)  # type: ignore[no-untyped-call]
    deadlines = deadline_model()
    deadlines.set_rows([])
    qtmodeltester.check(deadlines)  # type: ignore[no-untyped-call]


def test_incomplete_dates_are_refused_next_to_their_fields(qtbot: QtBot, desk: Desk) -> None:
    fill_form(qtbot, desk)
    form = desk.page.passport.form
    form.birth_date.setText("09/07/19")  # the year is not finished
    form.expiry.setText("31/02/2026")  # no such day
    QTest.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    for field in ("applicant.birth_date", "passport.expires_on"):
        assert form.errors[field].isVisible() and "JJ/MM/AAAA" in form.errors[field].text()
    assert not form.errors["passport.issued_on"].isVisible()
    assert form.birth_date.property("invalid") == "true" and form.birth_date.hasFocus()
    assert form.birth_date.text() == "09/07/19" and form.last_name.text() == "Lefevre"  # nothing typed is lost
    assert desk.page.passport.stack.currentIndex() == 0 and desk.passports.list_cases() == []


def test_the_passport_form_starts_empty_and_asks_for_the_country(qtbot: QtBot, desk: Desk) -> None:
    form = desk.page.passport.form
    assert form.country.currentData() is None and form.country.currentText().startswith("—")
    assert form.birth_date.text() == "" and form.issued.text() == "" and form.expiry.text() == ""
    form.last_name.setText("MOREAU")
    form.given_names.setText("Julien")
    form.submit_form()
    assert form.errors["applicant.country"].isVisible() and "pays" in form.errors["applicant.country"].text()


def test_actions_with_nothing_to_act_on_are_disabled(qtbot: QtBot, desk: Desk) -> None:
    panel = desk.page.deadlines
    QTest.mouseClick(panel.refresh_btn, Qt.MouseButton.LeftButton)
    idle(qtbot, desk)
    assert panel.late_model.rowCount() == 0
    assert not panel.confirm_btn.isEnabled() and not panel.open_btn.isEnabled()  # the Interpol button included


def test_the_case_pane_reflows_at_200_percent_text(qtbot: QtBot, desk: Desk) -> None:
    """RGAA 10.11: the case pane beside the list, at 200 % text, wraps its check boxes, buttons, steps and hints
    instead of scrolling sideways (« Confirmer l'invalidation et le signalement à Interpol » was 920 px)."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    from desktop.views.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette(), app.styleSheet(), app.font()
    apply_theme(app, text_scale_percent=200)
    try:
        cid = received_on_20_march(desk)
        desk.clock.day(date(2026, 4, 30))  # day 41: to invalidate, the longest button of the pane
        desk.passports.daily_deadlines()
        desk.page.resize(1366 - 460, 800)  # beside the navigation at 200 %
        desk.page.passport.open_case(cid)
        idle(qtbot, desk)
        view = desk.page.passport.case_view
        assert view.action_pages.currentIndex() == 4
        scroll = view.parentWidget().parentWidget()
        assert isinstance(scroll, QScrollArea)
        qtbot.waitUntil(lambda: "\n" in view.invalidate_btn.text())
        qtbot.wait(50)
        assert scroll.horizontalScrollBar().maximum() == 0, view.minimumSizeHint()
        assert view.invalidate_btn.accessibleName() == "Confirmer l'invalidation et le signalement à Interpol"
        QTest.mouseClick(view.invalidate_btn, Qt.MouseButton.LeftButton)  # still the same button
        idle(qtbot, desk)
        assert view.status_label.text() == "Invalidé, signalé à Interpol"
    finally:
        app.setPalette(before[0])
        app.setStyleSheet(before[1])
        app.setFont(before[2])


@pytest.fixture
def english() -> Iterator[None]:
    """The agent's language is English before the screens are built (gettext; the Qt catalog is not loaded)."""
    i18n.set_language("en")
    yield
    i18n.set_language("fr")


def test_the_steps_and_the_countries_read_in_the_agent_s_language(english: None, qtbot: QtBot, desk: Desk) -> None:
    """The case's steps came from the receipt's French titles and the countries from a French list, sorted in
    French, on English screens too; the receipt still prints them in French."""
    names = [desk.page.passport.form.country.itemText(i) for i in range(1, desk.page.passport.form.country.count())]
    assert names[:3] == ["Australia", "Belgium", "Canada"] and "Germany" in names and "Allemagne" not in names
    assert names == sorted(names)
    fill_form(qtbot, desk)
    QTest.keyClick(desk.page.passport.form.given_names, Qt.Key.Key_Return)
    idle(qtbot, desk)
    steps = [desk.page.passport.case_view.steps.item(i).text() for i in range(8)]
    assert "1. Secure log-in to the online procedure" in steps[0], steps
    assert "8. Expired passport returned by secure post" in steps[7], steps
    assert PASSPORT_STEP_TITLES[0] == "Connexion sécurisée à la démarche"  # what the receipt prints
