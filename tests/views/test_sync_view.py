"""The Synchronisation screen over plain SyncStatus values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.sync.status import RefusedItem, SyncStatus
from desktop.sync.status import went_back as went_back_text
from desktop.views.sync_view import RefusedModel, SyncPage, age_text

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
REFUSED = RefusedItem(
    record_id="p1",
    kind="procuration.etablie",
    kind_label="Procuration",
    status="invalidee",
    rule_id="R-LIMIT-1",
    message="déjà une procuration établie en France",
    advice="Contactez le mandant.",
    at=NOW,
    later=True,
    receipt_number="GCH-75056-01-2026-000017",
)


def _status(**changes: object) -> SyncStatus:
    base = dict(
        online=False,
        pending=3,
        oldest_pending_age=timedelta(hours=5, minutes=7),
        last_success=NOW - timedelta(days=2),
        refused=(REFUSED,),
        offline_too_long=True,
    )
    base.update(changes)
    return SyncStatus(**base)  # type: ignore[arg-type]


def test_refused_model_passes_the_model_tester(qtmodeltester: object) -> None:
    model = RefusedModel()
    model.set_rows([REFUSED, REFUSED])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 2 and model.columnCount() == 5
    assert model.index(0, RefusedModel.RULE).data() == "R-LIMIT-1"
    # Which act the refusal is about: the number on the citizen's receipt, under its kind.
    assert model.index(0, RefusedModel.KIND).data() == "Procuration (invalidée après coup)\nGCH-75056-01-2026-000017"
    assert model.index(0, RefusedModel.ADVICE).data() == "Contactez le mandant."


def test_offline_state_at_a_glance(qtbot: QtBot) -> None:
    page = SyncPage(lambda: _status(), sync_now=lambda: None, configured=True)
    qtbot.addWidget(page)
    page.show()
    assert page.state_label.text() == "Hors ligne"
    assert page.pending_label.text() == "3 enregistrements"
    assert page.oldest_label.text() == "5 h 07"
    assert not page.offline_warning.isHidden()
    assert page.refused_model.rowCount() == 1 and not page.refused_view.isHidden()


def test_sync_now_from_the_keyboard_shows_progress(qtbot: QtBot) -> None:
    calls: list[int] = []
    page = SyncPage(
        lambda: _status(online=True, pending=0, refused=(), offline_too_long=False),
        sync_now=lambda: calls.append(1),
        configured=True,
    )
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    assert page.empty_label.isVisible() and page.refused_view.isHidden()
    # Alt+S works on a real display; the offscreen platform has no mnemonics, so walk there with Tab and press Space.
    assert page.sync_button.text() == "&Synchroniser maintenant"
    page.sync_button.setFocus()
    qtbot.keyClick(page.sync_button, Qt.Key.Key_Space)
    assert calls == [1]
    assert not page.sync_button.isEnabled()
    # The worker reports progress from its own thread through the bridge signal.
    page.bridge.changed.emit(_status(online=True, syncing=True, progress=(40, 200), refused=()))
    assert page.progress.isVisible() and page.progress.value() == 40 and page.progress.maximum() == 200
    page.bridge.changed.emit(_status(online=True, pending=0, refused=(), offline_too_long=False))
    assert page.progress.isHidden() and page.sync_button.isEnabled()
    assert page.pending_label.text() == "Tout est envoyé"


def test_not_configured_says_so_and_cannot_sync(qtbot: QtBot) -> None:
    page = SyncPage(lambda: None, sync_now=None, configured=False)
    qtbot.addWidget(page)
    assert page.state_label.text() == "Non configurée"
    assert not page.sync_button.isEnabled()


def test_age_text() -> None:
    assert age_text(None) == "—"
    assert age_text(timedelta(seconds=30)) == "moins d'une minute"
    assert age_text(timedelta(minutes=12)) == "12 min"
    assert age_text(timedelta(days=2, hours=4, minutes=3)) == "2 jours 4 h"
    assert age_text(timedelta(days=1, hours=4, minutes=3)) == "1 jour 4 h"


def test_without_a_central_store_the_screen_counts_what_waits_on_this_station(qtbot: QtBot) -> None:
    from desktop.status import OutboxStatus

    waiting = OutboxStatus(
        pending=3, oldest_created_at=datetime.now(UTC) - timedelta(hours=2, minutes=5), refused=0, last_success_at=None
    )
    counted: list[OutboxStatus | None] = [None]  # nothing counted yet: the store is still opening
    page = SyncPage(lambda: None, sync_now=None, configured=False, outbox=lambda: counted[0])
    qtbot.addWidget(page)
    page.show()
    assert page.state_label.text() == "Non configurée"
    assert page.pending_label.text() == "—"
    counted[0] = waiting
    page.bridge.changed.emit(None)  # what the count's worker emits after each write
    assert page.pending_label.text() == "3 enregistrements conservés sur ce poste"
    assert page.pending_label.property("state") == "warn"
    assert page.oldest_label.text() == "2 h 05"
    assert page.state_label.text() == "Non configurée"
    counted[0] = OutboxStatus(pending=1, oldest_created_at=None, refused=0, last_success_at=None)
    page.refresh()
    assert page.pending_label.text() == "1 enregistrement conservé sur ce poste"
    counted[0] = OutboxStatus(pending=0, oldest_created_at=None, refused=0, last_success_at=None)
    page.refresh()
    assert page.pending_label.text() == "Rien en attente"
    assert page.pending_label.property("state") == "neutral"


def test_with_a_central_store_the_worker_alone_speaks(qtbot: QtBot) -> None:
    from desktop.status import OutboxStatus

    waiting = OutboxStatus(pending=3, oldest_created_at=None, refused=0, last_success_at=None)
    page = SyncPage(lambda: None, sync_now=lambda: None, configured=True, outbox=lambda: waiting)
    qtbot.addWidget(page)
    page.show()
    assert page.state_label.text() == "Ouverture de la base…"
    assert page.pending_label.text() == "—"  # the sync worker's status, once it runs, says it with its state


def test_no_gap_between_the_refusals_title_and_its_empty_line(qtbot: QtBot) -> None:
    page = SyncPage(lambda: _status(refused=()), sync_now=lambda: None, configured=True)
    qtbot.addWidget(page)
    page.resize(1024 - 230, 700)
    page.show()
    qtbot.waitExposed(page)
    assert page.empty_label.isVisible() and not page.refused_view.isVisible()
    title = next(w for w in page.findChildren(QLabel) if w.objectName() == "sectionTitle")
    gap = (
        page.empty_label.mapTo(page, page.empty_label.rect().topLeft()).y()
        - title.mapTo(page, title.rect().bottomLeft()).y()
    )
    assert gap <= 2 * page.body.spacing(), gap
    empty_line = page.empty_label.fontMetrics().height()
    assert page.empty_label.height() <= 2 * empty_line  # its own line, not a share of the screen's room


def test_every_advice_is_read_whole_on_a_1024_pixel_screen(qtbot: QtBot) -> None:
    """Rows were two lines high: a longer advice (R-VALID-6, SYNC-REFUS) lost its end on a small screen."""
    from dataclasses import replace

    from PySide6.QtCore import QRect

    from desktop.sync.status import ADVICE, advice_for

    items = tuple(replace(REFUSED, record_id=rule, rule_id=rule, advice=advice_for(rule)) for rule in ADVICE)
    page = SyncPage(lambda: _status(online=True, refused=items), sync_now=lambda: None, configured=True)
    qtbot.addWidget(page)
    page.resize(1024, 720)
    page.show()
    qtbot.waitExposed(page)
    view = page.refused_view
    width = view.columnWidth(RefusedModel.ADVICE)
    for row, item in enumerate(items):
        needed = view.fontMetrics().boundingRect(QRect(0, 0, width - 8, 10_000), Qt.TextFlag.TextWordWrap, item.advice)
        assert view.rowHeight(row) >= needed.height(), item.rule_id
    assert page.refused_model.index(0, RefusedModel.ADVICE).data(Qt.ItemDataRole.ToolTipRole) == items[0].advice
    # Beyond what is cheap to measure, three lines each and the whole advice in the tooltip.
    many = tuple(replace(REFUSED, record_id=str(i)) for i in range(60))
    page.bridge.changed.emit(_status(online=True, refused=many))
    assert view.rowHeight(0) >= 3 * view.fontMetrics().lineSpacing()


def test_dernier_incident_says_the_central_store_went_back_after_any_failure(qtbot: QtBot) -> None:
    """The station caught a restored central store up by itself: the agent reads it, below a failure or a clock
    problem, which say more urgent things."""
    went_back = went_back_text(2)
    page = SyncPage(lambda: _status(online=True, central_went_back=went_back), sync_now=lambda: None, configured=True)
    qtbot.addWidget(page)
    page.show()
    assert page.error_label.text() == went_back and "Rien à faire au guichet" in went_back
    page.show_status(_status(online=True, central_went_back=went_back, clock_problem="L'heure donnée…"))
    assert page.error_label.text() == "L'heure donnée…"
    page.show_status(_status(online=True, central_went_back=went_back, last_error="Répertoire central injoignable"))
    assert page.error_label.text() == "Répertoire central injoignable"


def test_the_sync_button_is_as_wide_as_its_text_as_on_every_screen(qtbot: QtBot) -> None:
    """« Synchroniser maintenant » stretched across the whole screen (a 730 px blue bar at 1024×768) while every other
    screen's buttons stand at their text's width, at the left; the progress bar takes the width while it runs."""
    page = SyncPage(lambda: _status(), sync_now=lambda: None, configured=True)
    qtbot.addWidget(page)
    page.resize(1024 - 230, 768 - 58 - 23)
    page.show()
    qtbot.waitExposed(page)
    button = page.sync_button
    assert button.width() <= button.sizeHint().width() + 2
