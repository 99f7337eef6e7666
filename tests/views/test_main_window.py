"""The main window, offscreen, walked with the keyboard only."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.context import AppContext
from desktop.services.permissions import Principal
from desktop.settings import load_settings
from desktop.views.app import build_main_window
from desktop.views.loading import ContextHolder
from desktop.views.main_window import MainWindow
from desktop.views.widgets import USER_ROLE, ElidedLabel


def _supervisor(ctx: AppContext, role: str = "superviseur") -> Principal:
    s = ctx.settings
    return Principal(s.station_code, "sup-1", role=role, capacity="opj", station_kind=s.station_kind.value)


def _screens_built(qtbot: QtBot, win: MainWindow) -> None:
    """The service screens replaced the shell's « Ouverture de la base… » (one per turn of the event loop)."""
    from desktop.views.dashboard import DashboardPage

    qtbot.waitUntil(lambda: isinstance(win.page("tableau"), DashboardPage), timeout=10_000)


def window_as(qtbot: QtBot, ctx: AppContext, agent: Principal, name: str) -> MainWindow:
    """The main window over `ctx`, `agent` at the counter, once its service screens are built."""
    holder = ContextHolder()
    win = build_main_window(ctx.settings, holder)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.pending_label.text() == "Ouverture de la base…"  # the shell shows before the store is open
    holder.ctx = ctx
    ctx.act_as(agent, name)
    holder.ready.emit()
    _screens_built(qtbot, win)
    win._holder = holder  # type: ignore[attr-defined]  # keep it alive with the window
    return win


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    return window_as(qtbot, ctx, _supervisor(ctx), "Superviseur Un")  # every screen offered: a supervisor, an OPJ


def test_starts_on_establish_with_a_status_bar(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    assert window.current_key() == "etablir"
    assert window.online_label.text() == "● Répertoire central non configuré"
    # The count comes from a worker, pushed as a snapshot: the GUI thread never read the store for it.
    qtbot.waitUntil(lambda: window.pending_label.text() == "Tout est synchronisé")
    threading.Thread(target=ctx.devices.poll).start()  # the monitor's own thread pushes its snapshot
    qtbot.waitUntil(lambda: window.reader_label.text() == "Lecteur : prêt")
    assert window.printer_label.text() == "Imprimante : prête"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("1", "etablir"),
        ("2", "resilier"),
        ("3", "rechercher"),
        ("4", "activite"),
        ("5", "activite"),  # a commissariat has no Renouvellements (consular acts): Ctrl+5 leaves the screen as it is
        ("6", "synchronisation"),
        ("7", "appareils"),
        ("8", "agents"),
        ("9", "tableau"),
        ("0", "a_decider"),
    ],
)
def test_ctrl_digit_jumps_to_each_section(qtbot: QtBot, window: MainWindow, key: str, expected: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{key}"), Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == expected
    from PySide6.QtWidgets import QLabel

    title = window.stack.currentWidget().findChild(QLabel, None)
    assert title is not None


def test_arrow_keys_walk_the_navigation_and_skip_group_headings(qtbot: QtBot, window: MainWindow) -> None:
    window.nav.setFocus()
    QApplication.processEvents()
    seen = [window.current_key()]
    for _ in range(8):
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        seen.append(window.current_key())
    assert seen[:8] == [
        "etablir",
        "resilier",
        "rechercher",
        "activite",
        "synchronisation",
        "appareils",
        "agents",
        "tableau",
    ]
    assert seen[8] == "a_decider"
    assert "" not in seen  # a group heading is never selected
    qtbot.keyClick(window.nav, Qt.Key.Key_Home)
    assert window.current_key() == "etablir"
    # The stacked screen follows the navigation.
    qtbot.keyClick(window.nav, Qt.Key.Key_End)
    # The last section: the Journal d'audit, after À décider (views/journal.py).
    assert window.stack.currentWidget().title_label.text() == "Journal d'audit"  # type: ignore[attr-defined]


def test_tab_leaves_the_navigation_for_the_screen(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None and focused is not window.nav
    assert window.stack.currentWidget().isAncestorOf(focused)


def test_devices_screen_says_where_the_key_is(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    page = window.stack.currentWidget()

    def texts() -> list[str]:
        from PySide6.QtWidgets import QLabel

        return [w.text() for w in page.findChildren(QLabel)]

    qtbot.waitUntil(lambda: ctx.key_description in texts())  # the devices are asked on the runner
    assert any("Commissariat" in t for t in texts())


def test_service_screens_replace_the_loading_ones_once_the_store_is_open(qtbot: QtBot, window: MainWindow) -> None:
    from desktop.views.activity import ActivityPage

    # The agent's current screen is built first, the others one per turn of the event loop right after it.
    qtbot.waitUntil(lambda: isinstance(window.stack.widget(window.section_index("activite")), ActivityPage))
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.stack.currentWidget(), ActivityPage)


def test_renewals_are_a_consulates_section_only(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """Renewals are consular acts (roles.py: a consular capacity abroad): a commissariat showed a « Consulat »
    group with a Renouvellements entry no agent of it could use. The other sections keep their Ctrl+digit."""
    from desktop.views.app import build_shell

    def entries(win: MainWindow) -> list[str]:
        return [win.nav.item(r).text() for r in range(win.nav.count())]

    assert "renouvellements" not in [window.nav.item(r).data(USER_ROLE) for r in range(window.nav.count())]
    assert "CONSULAT" not in entries(window) and window.section_index("renouvellements") == -1
    assert window.nav.item(entries(window).index("Synchronisation")).toolTip() == "Raccourci : Ctrl+6"
    settings = load_settings(
        config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path / "c", station_kind="consulat"
    )
    consulate = build_shell(settings, ContextHolder())
    qtbot.addWidget(consulate)
    consulate.finish()
    assert "CONSULAT" in entries(consulate)
    assert consulate.nav.item(entries(consulate).index("Renouvellements")).toolTip() == "Raccourci : Ctrl+5"
    assert consulate.nav.item(entries(consulate).index("Synchronisation")).toolTip() == "Raccourci : Ctrl+6"


def test_status_bar_renders_pushed_snapshots_and_ignores_older_ones(qtbot: QtBot, window: MainWindow) -> None:
    from desktop.snapshots import StatusSnapshot

    newer = StatusSnapshot(True, 4, "prêt", True, "prête", True, version=1000)
    older = StatusSnapshot(False, 9, "aucun", False, "erreur", False, version=999)
    threading.Thread(target=window.status_arrived.emit, args=(newer,)).start()  # as a worker does
    qtbot.waitUntil(lambda: window.pending_label.text() == "4 en attente de synchronisation")
    window.status_arrived.emit(older)  # crossed on the way: must not win
    assert window.online_label.text() == "● En ligne"
    assert window.pending_label.text() == "4 en attente de synchronisation"


def test_status_bar_warns_when_offline_longer_than_the_setting(qtbot: QtBot, window: MainWindow) -> None:
    """Issue 15: offline_warning_hours was never used; the status bar now says the sync is overdue."""
    from desktop.snapshots import StatusSnapshot

    window.show_status(StatusSnapshot(False, 3, "prêt", True, "prête", True, version=2000, offline_too_long=True))
    assert "trop longtemps" in window.online_label.text()
    window.show_status(StatusSnapshot(True, 0, "prêt", True, "prête", True, version=2001))
    assert window.online_label.text() == "● En ligne"


def test_the_devices_screen_asks_the_devices_off_the_gui_thread(qtbot: QtBot, window: MainWindow) -> None:
    from desktop.views.pages import DevicesPage

    window.show_section("appareils")
    page = window.stack.currentWidget()
    assert isinstance(page, DevicesPage)
    asked_on: list[bool] = []
    rows = page._rows

    def spying() -> list[tuple[str, str]]:
        asked_on.append(threading.current_thread() is threading.main_thread())
        return rows()

    page._rows = spying
    page.refresh()
    qtbot.waitUntil(lambda: not page.runner.busy)
    assert asked_on == [False]
    labels = page.shown()
    assert "<b>Lecteur de cartes</b>" in labels and any("prêt" in t or "aucun" in t for t in labels)
    assert "<b>Carte agent</b>" in labels and "non utilisée sur ce poste" in labels  # no agent_card_reader here
    # The demo's simulated reader trusts its test CSCA (it signs every demo document); read off the GUI thread too.
    assert (
        "<b>Liste maîtresse CSCA</b>" in labels
        and "2 certificats de 2 pays — autorité de test de la démonstration" in labels
    )


def test_the_devices_screen_replaces_its_rows_in_place(qtbot: QtBot) -> None:
    """A refresh puts the answer in the labels already there: none deleted while the answer is delivered (a removal
    from inside the delivery crashed a full run under load), the rows let go of when the answer is shorter."""
    from desktop.views.pages import DevicesPage

    page = DevicesPage(lambda: [])
    qtbot.addWidget(page)
    page._show([("Lecteur", "prêt"), ("Imprimante", "absente"), ("Clé", "TPM")])
    first = page._rows_shown[0][1]
    page._show([("Lecteur", "aucun")])
    assert page.shown() == ["<b>Lecteur</b>", "aucun"] and page._form.rowCount() == 1
    assert page._rows_shown[0][1] is first  # the same label, its text replaced
    page._show([("Lecteur", "prêt"), ("Imprimante", "prête")])
    assert page.shown() == ["<b>Lecteur</b>", "prêt", "<b>Imprimante</b>", "prête"] and page._form.rowCount() == 2


def test_the_window_remembers_its_size_and_place(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    store = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    window.resize(1010, 700)
    window.save_place(store)
    window.resize(1200, 760)
    again = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    assert again.value("fenetre/geometrie")  # kept in the OS user's own preferences
    window.restore_place(again)
    # The saved place comes back (Qt keeps it on the screen: the offscreen test screen is only 800 px wide).
    assert (window.width(), window.height()) != (1200, 760) and window.height() == 700


def test_the_window_fits_a_1024_by_768_screen(window: MainWindow) -> None:
    # 1024 × 768 less the task bar and the title bar: every screen's controls must stay within reach.
    assert window.minimumSizeHint().width() <= 1024
    assert window.minimumSizeHint().height() <= 700


def test_online_means_the_last_exchange_succeeded_and_says_when(qtbot: QtBot, window: MainWindow) -> None:
    from datetime import UTC, datetime

    from desktop.snapshots import StatusSnapshot
    from desktop.views.kit.station_time import station_local

    # This minute on the station's clock: the same day there whatever the hour (09:05 UTC was « hier » in Paris
    # from midnight to 01:00, and the label then gave the date as well).
    at = station_local(datetime.now(UTC)).replace(second=0, microsecond=0)
    ok = StatusSnapshot(True, 0, "prêt", True, "prête", True, version=2000, last_success=at)
    window.status_arrived.emit(ok)
    assert window.online_label.text() == f"● En ligne (dernier échange à {station_local(at):%H:%M})"
    failed = StatusSnapshot(True, 1, "prêt", True, "prête", True, version=2001, last_success=at, last_failed=True)
    window.status_arrived.emit(failed)  # the worker still believes it is online; the last exchange failed
    assert window.online_label.text().startswith("● Hors ligne (dernier échange réussi à")
    assert window.online_label.property("state") == "warn"
    down = StatusSnapshot(True, 1, "prêt", True, "prête", True, version=2002, last_success=at, last_failed=True,
                          unavailable=True)  # fmt: skip
    window.status_arrived.emit(down)  # reached, its database down or busy (a 503): the network is not the cause
    assert window.online_label.text() == (
        f"● Répertoire central indisponible (dernier échange réussi à {station_local(at):%H:%M})"
    )
    assert window.online_label.property("state") == "warn"
    slow = StatusSnapshot(True, 1, "prêt", True, "prête", True, version=2003, last_success=at, slow=True)
    window.status_arrived.emit(slow)  # a sync waits on a central store that does not answer: not green
    assert (
        window.online_label.text()
        == f"● Répertoire central lent à répondre (dernier échange à {station_local(at):%H:%M})"
    )
    assert window.online_label.property("state") == "warn"


def test_the_window_title_names_the_screen(qtbot: QtBot, window: MainWindow) -> None:
    """RGAA 8.6: a screen reader names the window by its title; it says which screen is open."""
    window.show_section("rechercher")
    assert window.windowTitle() == "Rechercher — Guichet"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.windowTitle().startswith("Établir")


def _shell(qtbot: QtBot, tmp_path: Path, **overrides: object) -> tuple[MainWindow, ContextHolder]:
    from desktop.views.app import build_shell

    settings = load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path / "data", **overrides)
    holder = ContextHolder()
    win = build_shell(settings, holder)
    qtbot.addWidget(win)
    return win, holder


def test_before_ready_the_status_bar_claims_nothing_it_has_not_checked(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.devices.monitor import DeviceSnapshot
    from desktop.sync.status import SyncStatus

    win, holder = _shell(qtbot, tmp_path, central_url="https://central.example")
    win.show()
    assert (win.online_label.text(), win.online_label.property("state")) == ("Connexion…", "neutral")
    for label, text in (
        (win.reader_label, "Lecteur : vérification…"),
        (win.printer_label, "Imprimante : vérification…"),
    ):
        assert (label.text(), label.property("state")) == (text, "neutral")
    feed = holder.feed
    assert feed is not None
    feed.sync_changed(
        SyncStatus(online=False, pending=0, oldest_pending_age=None, last_success=None, refused=())
    )  # the sync worker reports: now it is known
    qtbot.waitUntil(lambda: win.online_label.text() == "● Hors ligne")
    assert win.online_label.property("state") == "warn"
    feed.devices_changed(
        DeviceSnapshot(reader_text="absent", reader_ok=False, printer_text="prête", printer_ok=True, printer_detail="")
    )
    qtbot.waitUntil(lambda: win.reader_label.text() == "Lecteur : absent")
    assert win.reader_label.property("state") == "warn"


@pytest.mark.parametrize("theme", ["clair", "sombre", "contraste"])
def test_what_the_shell_leaves_to_after_its_frame_does_not_change_the_look(
    qtbot: QtBot, tmp_path: Path, theme: str
) -> None:
    from desktop.views.kit import colours
    from desktop.views.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet, palette = app.font(), app.styleSheet(), app.palette()
    try:
        apply_theme(app, theme=theme)
        win, _holder = _shell(qtbot, tmp_path, theme=theme)
        win.show()
        qtbot.waitExposed(win)
        before = win.grab().toImage()
        role = Qt.ItemDataRole.UserRole
        headings = [win.nav.item(r) for r in range(win.nav.count()) if win.nav.item(r).data(role) is None]
        assert headings and all(h.flags() & Qt.ItemFlag.ItemIsSelectable for h in headings)  # not yet
        win.finish()  # right after the first frame, in the same turn of the event loop
        assert all(h.flags() == Qt.ItemFlag.NoItemFlags for h in headings)
        assert win.grab().toImage() == before
        assert win.switch_button.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert win.who_label.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    finally:
        app.setStyleSheet(sheet)
        app.setFont(font)
        app.setPalette(palette)
        colours.set_current(colours.CLAIR)


def test_the_header_elides_like_qt(qtbot: QtBot) -> None:
    from desktop.views.widgets import ELLIPSIS, elide_right

    label = ElidedLabel("x")
    qtbot.addWidget(label)
    metrics = label.fontMetrics()
    text = "Commissariat de police — Commissariat central"
    assert elide_right(metrics, text, 10_000) == text
    for width in range(0, metrics.horizontalAdvance(text), 7):
        shown = elide_right(metrics, text, width)
        assert metrics.horizontalAdvance(shown) <= width
        qt = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        assert abs(len(shown) - len(qt)) <= 1  # Qt's own cut, give or take a letter
        if shown:
            assert shown.endswith(ELLIPSIS) and text.startswith(shown[:-1])


def test_the_loaders_deferred_work_waits_until_the_first_screens_are_painted(qtbot: QtBot, ctx: AppContext) -> None:
    """`settled` lets the loader import the other screens, the wire, python-escpos and reportlab: holding the GIL,
    those imports made the first screen's paint wait for them (bench/login_path.py). Settled comes once the first
    screens are built and the one shown is painted, not when the first one is built."""
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QLabel

    events: list[object] = []

    class Settled(threading.Event):
        def set(self) -> None:
            events.append("settled")
            super().set()

    class Screen(QLabel):
        def paintEvent(self, event: QPaintEvent) -> None:
            events.append(("painted", self.text()))
            super().paintEvent(event)

    def screen(key: str) -> object:
        def make() -> Screen:
            events.append(("built", key))
            return Screen(key)

        return make

    holder = ContextHolder()
    holder.settled = Settled()
    win = build_main_window(ctx.settings, holder)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):  # as the window is long before the store is open
        win.show()
    holder.factories = {"etablir": screen("etablir"), "rechercher": screen("rechercher")}  # type: ignore[dict-item]
    holder.ctx = ctx
    holder.ready.emit()
    assert events == [("built", "etablir")]  # the second first screen comes on the next turn of the event loop
    qtbot.waitUntil(holder.settled.is_set)
    settled_at = events.index("settled")
    assert ("built", "rechercher") in events[:settled_at]
    assert ("painted", "etablir") in events[:settled_at]
    assert win.current_key() == "etablir"


def test_without_a_central_store_the_sync_screen_and_the_status_bar_agree(qtbot: QtBot, ctx: AppContext) -> None:
    from desktop.demo.seed import seed_demo, seed_demo_procurations
    from desktop.seat import DemoSeat
    from desktop.status import outbox_status
    from desktop.views.sync_view import SyncPage

    first = DemoSeat(ctx.settings).current
    ctx.act_as(first.principal, first.name)
    seed_demo(ctx.services())
    seed_demo_procurations(ctx.services())
    waiting = outbox_status(ctx.store).pending
    assert waiting > 1
    holder = ContextHolder()
    win = build_main_window(ctx.settings, holder)
    qtbot.addWidget(win)
    win.show()
    holder.ctx = ctx
    holder.ready.emit()
    index = win.section_index("synchronisation")
    qtbot.waitUntil(lambda: isinstance(win.stack.widget(index), SyncPage))
    page = win.stack.widget(index)
    assert isinstance(page, SyncPage)
    # Counted off the GUI thread after ready: the status bar and the screen say the same number.
    qtbot.waitUntil(lambda: win.pending_label.text() == f"{waiting} en attente de synchronisation")
    qtbot.waitUntil(lambda: page.pending_label.text() == f"{waiting} enregistrements conservés sur ce poste")
    assert page.state_label.text() == "Non configurée"


def test_the_devices_are_asked_when_the_screen_is_first_shown_not_while_the_window_starts(qtbot: QtBot) -> None:
    """The rows read the station's CSCA master list (hundreds of certificates): not on the way to « ready »."""
    from desktop.views.pages import DevicesPage

    asked: list[int] = []
    page = DevicesPage(lambda: asked.append(1) or [("Lecteur de cartes", "prêt")])  # type: ignore[func-returns-value]
    qtbot.addWidget(page)
    qtbot.wait(50)
    assert asked == []
    page.show()
    qtbot.waitUntil(lambda: asked == [1] and not page.runner.busy, timeout=5000)
    page.hide()
    page.show()
    qtbot.wait(50)
    assert asked == [1]  # once; « Actualiser » asks again


def test_the_demos_acts_seeded_after_ready_are_counted_in_the_status_bar(qtbot: QtBot, ctx: AppContext) -> None:
    """The demo's procurations are written by the loader after "ready" (desktop/views/loading.py), not through the
    runner: the status bar kept the count made before them and said « Tout est synchronisé » with acts waiting."""
    from desktop.demo.seed import seed_demo, seed_demo_procurations
    from desktop.seat import DemoSeat
    from desktop.status import outbox_status

    first = DemoSeat(ctx.settings).current
    ctx.act_as(first.principal, first.name)
    seed_demo(ctx.services())
    holder = ContextHolder()
    win = build_main_window(ctx.settings, holder)
    qtbot.addWidget(win)
    win.show()
    holder.ctx = ctx
    holder.ready.emit()
    qtbot.waitUntil(lambda: win.pending_label.text() == "Tout est synchronisé")
    seed_demo_procurations(ctx.services())  # as finish_demo does on the loader's thread
    waiting = outbox_status(ctx.store).pending
    assert waiting > 1
    holder.seeded.emit()
    qtbot.waitUntil(lambda: win.pending_label.text() == f"{waiting} en attente de synchronisation", timeout=5_000)


def test_the_status_bar_says_the_paper_is_out_after_the_write_not_at_the_next_poll(
    qtbot: QtBot, window: MainWindow, ctx: AppContext
) -> None:
    """A print that found the paper out left « Imprimante : prête » in the status bar until the device monitor's
    next poll (day audit, consular agent): every write through the runner (a print is one) asks it now."""
    from desktop.devices.monitor import DeviceSnapshot
    from desktop.devices.printers.fake import FakePrinter
    from desktop.views.kit.runner import Runner

    polls: list[None] = []
    poll = ctx.devices.poll

    def counted() -> DeviceSnapshot:
        snapshot = poll()
        polls.append(None)
        return snapshot

    ctx.devices.poll = counted  # type: ignore[method-assign]  # the monitor's thread calls it through the instance
    ctx.devices.interval = 3600.0  # no periodic poll during the test: only the write can tell
    ctx.devices.refresh_soon()
    qtbot.waitUntil(lambda: bool(polls) and window.printer_label.text() == "Imprimante : prête")
    assert isinstance(ctx.printer, FakePrinter)
    ctx.printer.set_paper_out()
    runner = Runner(window)
    runner.submit(lambda: None, done=lambda _none: None, writes=True)  # as a print does
    qtbot.waitUntil(lambda: window.printer_label.text() == "Imprimante : plus de papier", timeout=3000)


def test_the_last_exchange_left_on_screen_overnight_says_its_day(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offline past midnight, no snapshot arrives to redraw the status bar: « dernier échange réussi à 22:10 » read as
    this morning's. At the station's new day it says the day too."""
    from datetime import datetime, timedelta

    from desktop.snapshots import StatusSnapshot
    from desktop.views import main_window
    from desktop.views.kit.station_time import station_local

    evening = station_local(datetime.now().astimezone()).replace(hour=22, minute=10, second=0, microsecond=0)
    monkeypatch.setattr(main_window, "station_now", lambda: evening + timedelta(minutes=5))
    window.day_watch.check()  # the day the test starts on, as the window saw it
    offline = StatusSnapshot(False, 3, "prêt", True, "prête", True, version=3000, last_success=evening)
    window.status_arrived.emit(offline)
    assert window.online_label.text() == "● Hors ligne (dernier échange réussi à 22:10)"
    monkeypatch.setattr(main_window, "station_now", lambda: evening + timedelta(hours=10))
    window.day_watch.check()  # the minute's look at the day
    assert window.online_label.text() == f"● Hors ligne (dernier échange réussi à {evening:%d/%m} 22:10)"
