"""Activité du jour: today's acts, their receipts (preview, print, reprint), and a later refusal from the central
store arriving through the change feed, with the navigation's badge."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.context import AppContext
from desktop.devices.printers.fake import FakePrinter
from desktop.seat import DemoSeat
from desktop.services.activity import ActivityRow
from desktop.services.desk import EstablishInput, PersonInput
from desktop.sync.outbox import apply_changes
from desktop.sync.wire.answers import Change, ChangesPage
from desktop.views.activity import PERSON_NARROW, ActivityPage, ActivityTableModel
from desktop.views.app import build_main_window
from desktop.views.kit.tablefit import text_margins
from desktop.views.loading import ContextHolder
from desktop.views.main_window import MainWindow
from desktop.views.os_lock import FakeOsSessionLock
from desktop.views.procurations import EstablishPage
from desktop.views.station_login import install_counter_seat
from desktop.views.widgets import plural

CTRL = Qt.KeyboardModifier.ControlModifier
PRESIDENTIELLE = "presidentielle-2027"
THOMAS = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    from desktop.demo.seed import seed_demo

    seed_demo(ctx.services())  # the station's accounts, as at a real station: each act names its agent's login
    holder = ContextHolder()
    win = build_main_window(ctx.settings, holder)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    holder.ctx = ctx
    holder.ready.emit()
    win._holder = holder  # type: ignore[attr-defined]
    seat = DemoSeat(ctx.settings)
    counter = install_counter_seat(win, holder, seat, os_lock=FakeOsSessionLock())
    counter._take_seat(seat.current)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    return win


def _page(window: MainWindow, key: str) -> object:
    return window.stack.widget(window.section_index(key))


def test_a_later_refusal_through_the_change_feed_shows_in_the_list_and_the_badge(
    qtbot: QtBot, window: MainWindow, ctx: AppContext
) -> None:
    establish = _page(window, "etablir")
    assert isinstance(establish, EstablishPage)
    outcome = establish.desk.establish(
        EstablishInput(mandant=THOMAS, mandataire=DUBOIS, election_id="presidentielle-2027")
    )
    assert outcome.saved and outcome.procuration_id
    QTest.keyClick(window, Qt.Key.Key_4, CTRL)  # Activité du jour
    page = window.stack.currentWidget()
    assert isinstance(page, ActivityPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    row = page.model.row_at(0)
    assert row is not None and row.to_print and not row.alert  # saved without printing: « à imprimer »
    assert page.model.index(0, ActivityTableModel.PRINT).data() == "À imprimer"
    assert "Provisoire" in page.model.index(0, ActivityTableModel.STATUS).data()
    assert "1 acte aujourd'hui" in page.summary.text() and "1 récépissé à imprimer" in page.summary.text()
    assert window.badge("activite") == "Activité du jour"

    # The central store refuses it later: the sync worker applies the change feed on its thread, then says so.
    now = datetime.now(UTC)
    feed = ChangesPage(
        changes=(
            Change(
                cursor=1,
                entry_id=str(uuid.uuid4()),
                record_id=outcome.procuration_id,
                status="invalidee",
                rule_id="R-LIMIT-1",
                message="Le mandataire détient déjà une procuration établie en France.",
                at=now,
            ),
        ),
        next_cursor=1,
        more=False,
        server_time=now,
    )

    def worker() -> None:
        apply_changes(ctx.store, feed, now=now)
        window.data_changed.emit("activite")  # what the worker's status subscription does

    threading.Thread(target=worker).start()
    qtbot.waitUntil(lambda: window.badge("activite") == "Activité du jour  ⚠ 1", timeout=5000)
    row = page.model.row_at(0)
    assert row is not None and row.alert and "Invalidée" in row.status_label
    assert "Prévenez le mandant" in row.advice and "R-LIMIT-1" in row.advice
    assert page.advice.isVisible() and "ne pourra pas voter" in page.advice.text()
    assert "1 acte refusé ou annulé" in page.summary.text()


def test_print_preview_and_reprint_from_the_list(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    establish = _page(window, "etablir")
    assert isinstance(establish, EstablishPage)
    outcome = establish.desk.establish(
        EstablishInput(mandant=THOMAS, mandataire=DUBOIS, election_id="presidentielle-2027")
    )
    assert outcome.saved
    printer = ctx.printer
    assert isinstance(printer, FakePrinter)
    QTest.keyClick(window, Qt.Key.Key_4, CTRL)
    page = window.stack.currentWidget()
    assert isinstance(page, ActivityPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.focus_first()
    assert page.print_button.isEnabled() and page.print_button.text() == "Imprimer (Ctrl+P)"
    QTest.keyClick(page.table, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: page.preview is not None and page.preview.isVisible(), timeout=5000)
    assert page.preview is not None and "Duplicata" not in page.preview.windowTitle()
    QTest.keyClick(page.preview, Qt.Key.Key_Escape)
    window.activateWindow()
    qtbot.waitUntil(lambda: page.preview is None and window.isActiveWindow(), timeout=3000)  # closed: let go of
    QTest.keyClick(page.table, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(printer.printed) == 1, timeout=5000)
    assert not printer.printed[0].receipt.duplicate  # its first print: the original
    qtbot.waitUntil(lambda: page.model.index(0, ActivityTableModel.PRINT).data() == "1 imprimé", timeout=5000)
    assert page.print_button.text() == "Réimprimer (duplicata, Ctrl+P)"
    QTest.keyClick(page.table, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(printer.printed) == 2, timeout=5000)
    assert printer.printed[1].receipt.duplicate
    qtbot.waitUntil(lambda: page.model.index(0, ActivityTableModel.PRINT).data() == "2 impressions", timeout=5000)


def test_empty_day_disables_the_actions(qtbot: QtBot, window: MainWindow) -> None:
    QTest.keyClick(window, Qt.Key.Key_4, CTRL)
    page = window.stack.currentWidget()
    assert isinstance(page, ActivityPage)
    qtbot.waitUntil(lambda: page.loaded, timeout=5000)
    assert page.summary.text() == "0 acte aujourd'hui."
    assert not page.print_button.isEnabled() and not page.preview_button.isEnabled()


def test_activity_model(qtmodeltester: object) -> None:
    model = ActivityTableModel()
    row = ActivityRow(
        receipt_number="GCH-1",
        kind="procuration",
        kind_label="Procuration",
        at=datetime(2026, 12, 1, 10, 5, tzinfo=UTC),
        person="UN NOM TRÈS LONG " * 5,
        status="invalidee",
        status_label="Refusée par le répertoire central",
        to_print=False,
        printed=1,
        alert=True,
        advice="Prévenez le mandant.",
        sync_label="Refusée par le central",
    )
    model.set_rows([row])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.index(0, ActivityTableModel.STATUS).data().startswith("⚠ Refusée")
    assert model.index(0, ActivityTableModel.PERSON).data(Qt.ItemDataRole.ToolTipRole) == row.person
    assert model.index(0, ActivityTableModel.PRINT).data() == "1 imprimé"


def test_french_plurals() -> None:
    assert plural(0, "acte", "actes") == "0 acte"
    assert plural(1, "acte", "actes") == "1 acte"
    assert plural(2, "acte", "actes") == "2 actes"


def _person(nne: str, last: str, given: str) -> PersonInput:
    return PersonInput(nne=nne, last_name=last, given_names=given, birth_date=date(1970, 1, 1))


@pytest.fixture
def text_size(request: pytest.FixtureRequest, themed: Callable[..., None]) -> int:
    """The application's theme at a text size (the screenshots' look: tests otherwise run on Qt's bare style)."""
    themed(text_scale_percent=request.param)
    return int(request.param)


@pytest.mark.parametrize(
    ("text_size", "size"), [(100, (1024, 728)), (100, (1280, 680)), (200, (1366, 860))], indirect=["text_size"]
)
def test_at_a_small_screen_every_column_is_in_sight_and_every_row_shows_its_whole_text(
    qtbot: QtBot, text_size: int, window: MainWindow, size: tuple[int, int]
) -> None:
    """At 1024×768 the person's column was past the table's right edge (to be scrolled to sideways), and at 1280×720
    a long name was cut with « … ». The status and the person now wrap and their rows grow, each to what its text
    needs, as Qt itself measures it; at 200 % text too (RGAA 10.11)."""
    establish = _page(window, "etablir")
    assert isinstance(establish, EstablishPage)
    for mandant, mandataire in (
        (_person("301000001", "BERNARD", "Luc Henri"), _person("301000011", "THOMAS", "Paul")),
        (_person("301000002", "ROBERT", "Nicolas"), _person("301000012", "RICHARD", "Anne")),
        (
            _person("301000003", "MARTIN-DE-LA-FONTAINE-SAINT-GERMAIN", "Claire Marie-Hélène"),
            _person("301000013", "LEBLANC", "Jean"),
        ),
    ):
        outcome = establish.desk.establish(
            EstablishInput(mandant=mandant, mandataire=mandataire, election_id=PRESIDENTIELLE)
        )
        assert outcome.saved
    window.resize(*size)
    QTest.keyClick(window, Qt.Key.Key_4, CTRL)
    page = window.stack.currentWidget()
    assert isinstance(page, ActivityPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    assert "MARTIN-DE-LA-FONTAINE" in page.model.text(0, ActivityTableModel.PERSON)  # the newest first
    table, header = page.table, page.table.horizontalHeader()
    qtbot.waitUntil(
        lambda: table.viewport().width() == page._fitted_width and not (page._rows_due or page._columns_due),
        timeout=2000,
    )
    if text_size == 100:
        assert sum(header.sectionSize(c) for c in range(page.model.columnCount())) <= table.viewport().width()
        assert not table.horizontalScrollBar().isVisible()
        assert header.sectionSize(ActivityTableModel.PERSON) >= 100
    else:  # at 200 % the columns that never wrap are wider than the table: one line a row, it scrolls sideways
        assert page.overflowing and not page.wrapped
        assert table.horizontalScrollBar().maximum() > 0
        for column in (ActivityTableModel.STATUS, ActivityTableModel.PERSON):
            assert header.sectionSize(column) >= table.sizeHintForColumn(column)
        assert all(table.rowHeight(row) == table.verticalHeader().defaultSectionSize() for row in range(3))
    metrics = table.fontMetrics()
    assert header.sectionSize(ActivityTableModel.STATUS) > metrics.horizontalAdvance("Provisoire,")  # no word cut
    for row in range(page.model.rowCount()):
        assert table.rowHeight(row) >= table.sizeHintForRow(row), row  # nothing cut at the bottom of a cell
    if text_size != 100:
        return
    assert table.rowHeight(0) > table.verticalHeader().defaultSectionSize()  # the long name wraps
    agent = ActivityTableModel.AGENT
    if size == (1280, 680):  # with room, the status stays on one line and the agent's login has its column
        assert not page.wrapped
        assert not table.isColumnHidden(agent) and header.sectionSize(agent) >= table.sizeHintForColumn(agent)
        # Since the agent's column (session 32), « ROBERT Nicolas → RICHARD » takes two lines here: the names give
        # it the room (nothing cut, the row grows), as they do at 1024×768 for the receipt number.
    else:  # the login under the act's kind, in rows of two lines anyway: the names keep their room
        assert page.wrapped
        assert table.isColumnHidden(agent)
        assert page.model.text(0, ActivityTableModel.KIND) == "Procuration\npar demo"
    window.resize(1366, 900)  # the agent makes the window wider: the columns follow
    qtbot.waitUntil(
        lambda: table.viewport().width() == page._fitted_width and not (page._rows_due or page._columns_due),
        timeout=2000,
    )
    assert not page.wrapped and not table.isColumnHidden(agent)
    assert page.model.text(0, ActivityTableModel.KIND) == "Procuration"
    assert table.rowHeight(2) == table.verticalHeader().defaultSectionSize()


def test_the_status_column_is_as_wide_as_the_statuses_and_the_persons_keep_their_room(
    qtbot: QtBot, window: MainWindow
) -> None:
    """At a fixed 300 px a long status (« Provisional, waiting for the central store ») was cut while the names had
    half the table, and a short one left the names out of sight at 1024×768 for nothing."""
    window.resize(1366, 900)
    QTest.keyClick(window, Qt.Key.Key_4, CTRL)
    page = window.stack.currentWidget()
    assert isinstance(page, ActivityPage)
    qtbot.waitUntil(lambda: page.loaded, timeout=5000)
    header = page.table.horizontalHeader()

    def row(status_label: str) -> ActivityRow:
        return ActivityRow(
            receipt_number="GCH-75056-01-2026-000001",
            kind="procuration",
            kind_label="Procuration",
            at=datetime(2026, 12, 1, 10, 5, tzinfo=UTC),
            person="BERNARD Luc Henri → THOMAS",
            status="provisoire",
            status_label=status_label,
            to_print=True,
            printed=0,
            alert=False,
            advice="",
            sync_label="",
        )

    long = "Provisoire, en attente du répertoire central depuis ce matin"
    page._loaded([row(long)])
    status = header.sectionSize(ActivityTableModel.STATUS)
    assert status >= page.table.sizeHintForColumn(ActivityTableModel.STATUS) > 300  # whole: there is room
    assert header.sectionSize(ActivityTableModel.PERSON) >= 200
    page._loaded([row("Provisoire")])
    assert header.sectionSize(ActivityTableModel.STATUS) < 200  # no empty width taken from the names


def test_a_window_dragged_through_many_sizes_fits_the_columns_once_a_turn(qtbot: QtBot, window: MainWindow) -> None:
    """Fitting a day of 1,000 acts takes 10-30 ms on the GUI thread: the sizes a window goes through between two turns
    of the event loop are fitted once, at the last one."""
    window.resize(1366, 900)
    QTest.keyClick(window, Qt.Key.Key_4, CTRL)
    page = window.stack.currentWidget()
    assert isinstance(page, ActivityPage)
    qtbot.waitUntil(lambda: page.loaded and not page._columns_due, timeout=5000)
    # The window's own layout settles first: a window resize is laid out at a later turn of the loop (a busy machine
    # may take several), which resizes the table again: a later size, fitted again, as it should be.
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: not page._columns_due, timeout=5000)
    qtbot.wait(50)
    fitted: list[int] = []
    real = page._fit_columns
    page._fit_columns = lambda: (fitted.append(page.table.viewport().width()), real())[1]  # type: ignore[method-assign]
    for width in (1000, 900, 800, 700):
        page.table.resize(width, 500)  # its viewport's resize event each, no turn of the loop between them
    qtbot.waitUntil(lambda: not page._columns_due and bool(fitted), timeout=2000)
    qtbot.wait(20)
    assert len(fitted) == 1


def test_a_role_that_may_not_consult_is_told_so_without_an_audited_refusal_at_each_sync_pass(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """The page refreshes after each sync pass: it asks what the role may do first, so the service's audited refusal
    (R-DATA-4) is one per attempt, not one every 30 seconds of an administrator's day."""
    from dataclasses import replace

    from sqlalchemy import func, select

    from desktop.models import AuditEvent
    from desktop.services.context import ActingAgent
    from desktop.services.desk import DeskServices
    from desktop.services.permissions import Principal

    admin = Principal(ctx.settings.station_code, "admin-1", role="administrateur", capacity="administrateur",
                      station_kind=str(ctx.settings.station_kind))  # fmt: skip
    desk = DeskServices(replace(ctx.services(), agent=ActingAgent(admin, "Administrateur")))
    page = ActivityPage(desk)
    qtbot.addWidget(page)
    for _ in range(3):
        page.refresh()
    qtbot.wait(50)
    assert "consulter les procurations" in page.summary.text() and not page.runner.busy
    with ctx.store.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "acces.refuse")) == 0


def test_at_1024_by_768_the_names_have_room_and_the_receipt_number_wraps_whole(
    qtbot: QtBot, window: MainWindow, themed: Callable[..., None]
) -> None:
    """At 1024×768 the receipt number (« GCH-75056-01-2026-000004 ») took twice the width of the names, wrapped a few
    letters a line. Now the number goes on two lines, cut at a hyphen, never elided; the names keep 200 px."""
    themed()
    establish = _page(window, "etablir")
    assert isinstance(establish, EstablishPage)
    for mandant, mandataire in (
        (
            _person("301000004", "DE LA FONTAINE", "Marie-Christine Joséphine"),
            _person("301000014", "SAINT-GERMAIN", "A"),
        ),
        (_person("301000003", "MARTIN-DE-LA-FONTAINE", "Claire Marie-Hélène"), _person("301000013", "LEBLANC", "J")),
    ):
        outcome = establish.desk.establish(
            EstablishInput(mandant=mandant, mandataire=mandataire, election_id=PRESIDENTIELLE)
        )
        assert outcome.saved
    window.resize(1024, 768)
    QTest.keyClick(window, Qt.Key.Key_4, CTRL)
    page = window.stack.currentWidget()
    assert isinstance(page, ActivityPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    table, header = page.table, page.table.horizontalHeader()
    qtbot.waitUntil(
        lambda: table.viewport().width() == page._fitted_width and not (page._rows_due or page._columns_due),
        timeout=2000,
    )
    window.grab().save("/tmp/uiproc-f5-activity-test-1024.png")
    assert header.sectionSize(ActivityTableModel.PERSON) >= PERSON_NARROW
    assert sum(header.sectionSize(c) for c in range(page.model.columnCount())) <= table.viewport().width()
    row = page.rows[0]
    number = page.model.index(0, ActivityTableModel.NUMBER)
    assert number.data().replace("\u200b", "") == row.receipt_number  # every character, on two lines
    assert number.data(Qt.ItemDataRole.ToolTipRole) == row.receipt_number
    metrics = table.fontMetrics()
    assert header.sectionSize(ActivityTableModel.NUMBER) < metrics.horizontalAdvance(row.receipt_number)
    width = header.sectionSize(ActivityTableModel.NUMBER) - text_margins(table)
    box = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, number.data())
    assert box.width() <= width and table.rowHeight(0) >= box.height()  # wrapped, not elided, not cut at the bottom


def test_tab_leaves_the_tables_for_the_buttons(qtbot: QtBot, window: MainWindow) -> None:
    """Tab inside the day's list went from cell to cell and never left it (120 Tabs, the same table): a keyboard
    trap for an agent without a mouse (day audit). Tab now leaves every list for the next control; the arrows move
    within it. Every table of the window, the dashboard's and the agents' too."""
    establish = _page(window, "etablir")
    assert isinstance(establish, EstablishPage)
    assert establish.desk.establish(
        EstablishInput(mandant=THOMAS, mandataire=DUBOIS, election_id="presidentielle-2027")
    )
    QTest.keyClick(window, Qt.Key.Key_4, CTRL)
    page = window.stack.currentWidget()
    assert isinstance(page, ActivityPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    QTest.keyClick(page.table, Qt.Key.Key_Tab)
    assert page.print_button.hasFocus()
    from PySide6.QtWidgets import QAbstractItemView

    trapping = [v.accessibleName() or type(v).__name__ for v in window.findChildren(QAbstractItemView)]
    trapping = [
        n for v, n in zip(window.findChildren(QAbstractItemView), trapping, strict=True) if v.tabKeyNavigation()
    ]
    assert trapping == []


def test_each_act_says_which_agent_did_it(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    """« Activité du jour » had no column for who did each act: the supervisor could not tell an agent's acts from
    another's (supervisor audit, session 31). The account's name is a column, its login in the tooltip, as the
    Agents screen and the Journal d'audit name accounts; never a citizen's data."""
    establish = _page(window, "etablir")
    assert isinstance(establish, EstablishPage)
    outcome = establish.desk.establish(EstablishInput(mandant=THOMAS, mandataire=DUBOIS, election_id=PRESIDENTIELLE))
    assert outcome.saved
    from sqlalchemy import select

    from desktop.models import Agent, Procuration

    with ctx.store.read() as s:
        agent_id = s.scalar(select(Procuration.agent_id))
        agent = s.get(Agent, agent_id)
        assert agent is not None
        name, login = agent.display_name, agent.login
    QTest.keyClick(window, Qt.Key.Key_4, CTRL)
    page = window.stack.currentWidget()
    assert isinstance(page, ActivityPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    column = ActivityTableModel.AGENT
    assert page.model.headerData(column, Qt.Orientation.Horizontal) == "Agent"
    cell = page.model.index(0, column)
    assert cell.data() == login and login  # the login, as short as a column at 1024×768 allows
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == f"{name} ({login})"
    assert not page.table.isColumnHidden(column) and page.table.horizontalHeader().sectionSize(column) > 0
