"""« Annuler » in the supervisor's dialog while the decision is being recorded (the supervisor's password is checked
on the worker, Argon2id: a second or more): the dialog waited for nothing, closed, and the decision that came back
after still established the act (found in session 36 by the week-long leak checks). Annuler now waits for the
decision, then closes without establishing; what was recorded meanwhile is said, and the act is in « À décider »."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from deskkit import confirm_review
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from test_legal_corners import ToDecidePage, consulate_desk, fill_home_visit_abroad

from desktop.devices.cards.fake import FakeCardReader
from desktop.models import Procuration
from desktop.models.db import Store
from desktop.services.desk import DeskServices
from desktop.services.permissions import Principal
from desktop.views.procurations import EstablishPage


def _held_desk(store: Store, tmp_path: Path, release: threading.Event) -> DeskServices:
    """The consulate's desk whose supervisor password check waits for `release`."""
    desk = consulate_desk(store, tmp_path)
    check = desk.ctx.check_credentials
    assert check is not None

    def held(login: str, password: str) -> Principal:
        release.wait(10)
        return check(login, password)

    return DeskServices(replace(desk.ctx, check_credentials=held))


def test_annuler_while_the_decision_is_recorded_establishes_nothing(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    release = threading.Event()
    page = EstablishPage(_held_desk(store, tmp_path, release), FakeCardReader())
    fill_home_visit_abroad(qtbot, page)
    page.save()
    confirm_review(qtbot, page)
    qtbot.waitUntil(lambda: getattr(page, "supervisor_dialog", None) is not None and page.supervisor_dialog.isVisible())
    dialog = page.supervisor_dialog
    dialog.login.setText("chef")
    dialog.password.setText("secret-du-chef")
    dialog.reason.setText("Mandant hospitalisé, vu avec lui")
    dialog.decide()
    assert dialog.runner.busy and not dialog.cancel_button.isEnabled()
    dialog.reject()  # Échap, or the agent's « Annuler » before the button went grey
    assert dialog.isVisible() and dialog.close_asked  # waits for the decision being recorded
    release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: "Annulé : l'acte n'est pas établi" in page.banner.text(), timeout=5000)
    qtbot.wait(300)  # a decision that would still establish it has had its turn
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Procuration)) == 0
    assert page.last_outcome is None or not page.last_outcome.saved
    # The supervisor's decision is kept: the act waits in « À décider », accepted, for whoever establishes it.
    listed = ToDecidePage(consulate_desk(store, tmp_path))
    qtbot.addWidget(listed)
    qtbot.waitUntil(lambda: listed.model.rowCount() == 1 and listed.model.rows()[0].status == "acceptee")
    assert listed.model.rows()[0].reason == "Mandant hospitalisé, vu avec lui"
