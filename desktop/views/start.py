"""Start the desk application: the QApplication, the theme, then the first frame — the window's shell (the demo,
a station to enrol or to set up), or the login prompt alone (a station set up: the window is built behind it) — the
store opened off the GUI thread, the event loop; screenshot mode.

Before the first frame this module imports only what that frame needs: the window's modules (`views/app.py`) come
after the prompt on a station set up (docs/PERFORMANCE.md, "Session 39").
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop.settings import Settings
from desktop.views.loading import ContextHolder, collect_again, prompt_at_once
from desktop.views.theme import LATER_FONTS, add_fonts, apply_theme

if TYPE_CHECKING:
    from collections.abc import Iterator

    from desktop.views.kit.termination import Termination
    from desktop.views.main_window import MainWindow


def _trace(event: str) -> None:
    """With GUICHET_STARTUP_T0 set (by bench/startup.py), print seconds since the process was spawned."""
    t0 = os.environ.get("GUICHET_STARTUP_T0")
    if t0:
        print(f"startup {event} {time.time() - float(t0):.4f}", flush=True)


def run(settings: Settings, *, screenshot: Path | None = None) -> int:
    """Show the window, open the store in the background, run the event loop."""
    existing = QApplication.instance()
    app = existing or QApplication([*sys.argv[:1], "-style", "fusion"])  # one look on every OS (see apply_theme)
    assert isinstance(app, QApplication)
    app.setApplicationName("Guichet")
    app.setOrganizationName("Ministère de l'Intérieur")
    from desktop.views.translations import install as install_translations

    # Before the first screen is built (tr() reads the translators); Qt's own catalog right after the first frame.
    install_translations(settings.language, qt_base=False)
    apply_theme(
        app,
        theme=settings.theme,
        text_scale_percent=settings.text_scale_percent,
        fusion=existing is None,
        first_frame=True,
    )
    from desktop.views.kit.lastresort import LastResort

    last_resort = LastResort(app)
    last_resort.install()  # what no handler caught: logged without personal data, said in French, input kept
    stops: list[Termination] = []  # once the first frame is up: until then nothing is open nor in flight
    holder = ContextHolder()
    made: list[MainWindow] = []  # the window, once built: before its first frame, or behind the login prompt

    def make_window() -> MainWindow:
        from desktop.views.app import build_shell

        window = build_shell(settings, holder)
        place = QSettings()  # the OS user's own preferences (the window's size and position), not the station's
        if screenshot is None:
            window.restore_place(place)
            app.aboutToQuit.connect(lambda: window.save_place(place))
        made.append(window)
        return window

    def after_first_frame() -> None:
        from desktop.views.kit.termination import Termination

        stops.append(Termination(app))  # its wake-up socket: ~2 ms of imports after the frame, not before it
        stops[0].install()  # SIGTERM, SIGHUP, SIGINT: the application ends as when its window is closed
        from desktop.views.translations import install_qt_base

        install_qt_base(settings.language)  # Qt's own words (its dialogs' buttons, a field's menu)
        from desktop.logs import release_held

        release_held()  # the rotating log file, with what was logged before the frame (desktop/__main__.py)

    def rest_of_window(window: MainWindow) -> Iterator[None]:
        from desktop.views.app import fill_steps

        add_fonts(LATER_FONTS)  # no screen draws them
        yield from fill_steps(window, settings, holder)
        from desktop.views.kit.zoom import install_zoom

        zoom = install_zoom(window, settings.text_scale_percent)  # Ctrl+plus / Ctrl+minus, a preference
        app.aboutToQuit.connect(zoom.flush)

    if prompt_at_once(settings):
        # Production, a station set up with nothing to trade first: the login prompt is the first frame, alone. The
        # window is built behind it while the agent types, and shown once an agent is in (docs/PERFORMANCE.md).
        from desktop.views.kit.turns import InTurns
        from desktop.views.station_login import StationLogin

        login = StationLogin(app, None, settings, holder, screenshot=None)
        # Until the window shows, no window's closing ends the application by itself: the prompt's closing is the
        # login's to answer (it quits), and the prompt's accepting leaves no window shown for a moment (on some
        # platforms Qt would take that for the last window closed).
        app.setQuitOnLastWindowClosed(False)

        def behind_prompt() -> Iterator[None]:
            after_first_frame()
            yield
            window = make_window()
            login.attach(window)
            yield
            yield from rest_of_window(window)

        login.start(behind_prompt=InTurns(behind_prompt(), login))
    else:
        window = make_window()
        window.show()

        def shown() -> None:
            window.grab()
            _trace("shown")
            # Who is at the counter (production), first thing after the frame, before any dialog: its `ready`
            # handler comes before the screens' (fill_steps).
            from desktop.views.kit.turns import InTurns
            from desktop.views.station_login import StationLogin

            login = StationLogin(app, window, settings, holder, screenshot=screenshot)
            after_first_frame()
            rest = InTurns(rest_of_window(window), window)
            # Only now open the store, or prepare the login: their imports would otherwise compete with the first
            # paint for the GIL (measured: opening the demo's store while Qt starts gained its "ready" what it cost
            # "shown").
            if settings.demo:
                rest.finish()
                holder.load(settings)  # the demo's agent is fictitious: no login, no key slots
                return
            login.start(behind_prompt=rest)  # an enrolment or a first set-up first: the rest of the window before

        QTimer.singleShot(0, shown)
    QTimer.singleShot(60_000, collect_again)  # started disabled (desktop/__main__.py): never for long, ready or not
    exit_code = 0

    def on_failed(message: str) -> None:
        nonlocal exit_code
        gc.enable()
        exit_code = 3
        print(message, file=sys.stderr)
        if screenshot is None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(made[0] if made else None, "Guichet", message)
        app.quit()

    def on_ready() -> None:
        _trace("ready")
        if screenshot is not None:
            from desktop.views.screenshot import shoot_when_settled

            shoot_when_settled(app, made[0], holder, settings, screenshot)

    holder.failed.connect(on_failed)
    holder.warmed.connect(lambda: _trace("warmed"))  # bench/startup.py: the first act's imports are done
    holder.ready.connect(on_ready)
    try:
        code = app.exec()
    finally:
        from desktop.logs import release_held
        from desktop.views.kit.runner import Runner

        release_held()  # when the loop ended before the first frame: the held records to the file

        for top in app.topLevelWidgets():
            for runner in top.findChildren(Runner):
                runner.wait(5.0)  # a save or a print in flight ends before the store closes
        if holder.ctx is not None:
            holder.ctx.close()
        last_resort.uninstall()
        for termination in stops:
            termination.uninstall()
    return exit_code or code
