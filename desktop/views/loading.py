"""What the desk loads off the GUI thread: the store and the screens' services (`ContextHolder`), the login's
services (`LoginPreparation`), and how each service screen is built once they are there."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.settings import Settings
from desktop.snapshots import StatusFeed
from desktop.views.kit.runner import background
from desktop.views.main_window import MainWindow
from desktop.views.translations import translate
from desktop.views.widgets import Page

if TYPE_CHECKING:
    from desktop.auth import StationAuth
    from desktop.context import AppContext, OpenedStore
    from desktop.views.activity import ActivityPage


class ContextHolder(QObject):
    """Holds the AppContext once the loader thread has built it, and says so with a queued signal."""

    ready = Signal()
    failed = Signal(str)
    seeded = Signal()  # the demo's procurations are in the store (after `ready`)

    def __init__(self) -> None:
        super().__init__()
        self.ctx: AppContext | None = None
        self.feed: StatusFeed | None = None  # the status bar's snapshots (set by build_main_window)
        # Set on the GUI thread once the first screen is up: the deferred work waits for it (it would take the GIL).
        self.settled = threading.Event()
        # Screens still to build after the first one (for the agent who opened the session; emptied on a change).
        self.pending_pages: list[tuple[str, Callable[[], Page]]] = []
        # The screens' services, made on the loader thread with the context (their modules imported there too).
        self.factories: dict[str, Callable[[], Page]] | None = None

    def load(self, settings: Settings, opened: OpenedStore | None = None) -> None:
        """Open the store on a worker thread; the signal lands on the GUI thread."""

        def work() -> None:
            from desktop.context import build_context, finish_demo
            from desktop.models.db import StoreError

            try:
                # The demo's procurations and central store come once the agent can act, not in competition with
                # the opening.
                self.ctx = build_context(settings, opened=opened, defer_demo=True)
                # The services and the screens' modules too: their imports would otherwise hold the GUI thread.
                self.factories = service_page_factories(self.ctx)
            except StoreError:
                self.failed.emit(
                    translate(
                        "app",
                        "Guichet ne peut pas ouvrir la base locale : la clé ne correspond pas ou le fichier est "
                        "endommagé. Contactez votre administrateur.",
                    )
                )
                return
            except Exception as exc:  # shown to the agent with a reference; details go to the log
                import logging

                ref = f"{int(time.time()) % 1_000_000:06d}"
                logging.getLogger(__name__).exception("start-up failed (ref %s)", ref)
                self.failed.emit(
                    translate("app", "Guichet n'a pas pu démarrer ({kind}). Référence : {ref}.").format(
                        kind=type(exc).__name__, ref=ref
                    )
                )
                return
            self.ready.emit()
            # What could wait until the agent can act, still on this worker thread, once the GUI thread has built the
            # first screen (Python runs one thread at a time: this work would otherwise slow that screen down).
            self.settled.wait(timeout=10.0)
            try:
                if settings.demo:
                    finish_demo(self.ctx)
                    self.seeded.emit()
                from desktop.receipts.escpos_render import load_escpos

                load_escpos()  # the first receipt printed must not pay for python-escpos's import
            except Exception:
                import logging

                logging.getLogger(__name__).exception("after start-up: the deferred work failed")

        background(work)  # the runner's pool: one way to run work off the GUI thread


class LoginPreparation(QObject):
    """The station's key slots and login services, made ready on a worker thread once the window is up.

    Importing them (SQLAlchemy, the models, the slot file's cryptography, the HTTP client) held the GUI thread for
    about half a second between the window shown and the login prompt. `done` lands on the GUI thread; `auth` is
    None when the preparation failed: the caller then makes it itself, and meets the same error where it always did.
    """

    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.auth: StationAuth | None = None

    def start(self, settings: Settings) -> None:

        def work() -> None:
            try:
                from desktop.auth import StationAuth

                self.auth = StationAuth(settings)
            except Exception as exc:  # said again, to the agent, when the GUI thread makes it
                import logging

                logging.getLogger(__name__).warning("login not prepared ahead: %s", type(exc).__name__)
            self.done.emit()

        background(work)  # the runner's pool: one way to run work off the GUI thread


def activity_page(window: MainWindow) -> ActivityPage | None:
    """The Activité du jour screen once the store is open."""
    from desktop.views.activity import ActivityPage

    page = window.stack.widget(window.section_index("activite"))
    return page if isinstance(page, ActivityPage) else None


def follow_activity(window: MainWindow) -> None:
    """The navigation's badge follows the acts the central store refused or voided today."""
    page = activity_page(window)
    if page is None:
        return
    tip = translate("app", "Actes refusés ou annulés par le répertoire central : voyez ce qu'il faut dire au citoyen")
    page.alerts_changed.connect(lambda n: window.set_badge("activite", n, tip))
    page.refresh()  # the badge is right even before the agent opens the screen


def build_service_pages(ctx: AppContext) -> dict[str, Page]:
    """The screens that need services over the opened store, keyed by section."""
    return {key: make() for key, make in service_page_factories(ctx).items()}


def service_page_factories(ctx: AppContext) -> dict[str, Callable[[], Page]]:
    """How to build each screen that needs services over the opened store, keyed by section (all share the
    services made here)."""
    from desktop.services.desk import DeskServices
    from desktop.services.ivote import IvoteService
    from desktop.services.passports import PassportService
    from desktop.views.activity import ActivityPage
    from desktop.views.procurations import EstablishPage, RevokePage, SearchPage, ToDecidePage
    from desktop.views.renewals import RenewalsPage

    services = ctx.services()
    desk = DeskServices(services)
    passports, ivote = PassportService(services), IvoteService(services)
    from desktop.services.dashboard import DashboardService
    from desktop.services.reports import ActivityService
    from desktop.views.dashboard import DashboardPage

    def dashboard() -> Page:
        return DashboardPage(
            DashboardService(services),
            ActivityService(services),
            zone=ctx.settings.station_timezone,
            clock=services.clock,
        )

    return {
        "etablir": lambda: EstablishPage(desk, ctx.reader),
        "tableau": dashboard,
        "resilier": lambda: RevokePage(desk, ctx.reader),
        "rechercher": lambda: SearchPage(desk),
        "activite": lambda: ActivityPage(desk),
        "renouvellements": lambda: RenewalsPage(passports, ivote),
        "a_decider": lambda: ToDecidePage(desk),
    }
