"""What the desk loads off the GUI thread: the store and the screens' services (`ContextHolder`), the login's
services (`LoginPreparation`), and how each service screen is built once they are there."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.settings import Settings
from desktop.snapshots import StatusFeed
from desktop.views.kit.station_time import use_station_zone
from desktop.views.translations import translate

if TYPE_CHECKING:
    from desktop.auth import StationAuth
    from desktop.context import AppContext, OpenedStore
    from desktop.views.activity import ActivityPage
    from desktop.views.main_window import MainWindow
    from desktop.views.widgets import Page


class ContextHolder(QObject):
    """Holds the AppContext once the loader thread has built it, and says so with a queued signal."""

    ready = Signal()
    failed = Signal(str)
    seeded = Signal()  # the demo's procurations are in the store (after `ready`)
    prepared = Signal()  # the other screens' factories are in `later` (after `ready` and the first screen)
    warmed = Signal()  # the deferred work is done: the first receipt pays no import (after `prepared`)

    def __init__(self) -> None:
        super().__init__()
        self.ctx: AppContext | None = None
        self.feed: StatusFeed | None = None  # the status bar's snapshots (set by build_main_window)
        # Set on the GUI thread once the first screen is up: the deferred work waits for it (it would take the GIL).
        self.settled = threading.Event()
        # Screens still to build after the first one (for the agent who opened the session; emptied on a change).
        self.pending_pages: list[tuple[str, Callable[[], Page]]] = []
        # The screens' services, made on the loader thread with the context (their modules imported there too):
        # the first screen's before `ready`, the others' (`later`) once it is built, announced by `prepared`.
        self.factories: dict[str, Callable[[], Page]] | None = None
        self.later: dict[str, Callable[[], Page]] = {}

    def load(self, settings: Settings, opened: OpenedStore | None = None) -> None:
        """Open the store on a worker thread; the signal lands on the GUI thread."""

        def work() -> None:
            with _ahead:  # an import ahead still running finishes first: one thread imports those modules
                pass
            from desktop.context import build_context, finish_demo
            from desktop.models.db import StoreError

            try:
                # The demo's procurations and central store come once the agent can act, not in competition with
                # the opening.
                self.ctx = build_context(settings, opened=opened, defer_demo=True)
                # The services and the first screen's modules too: their imports would otherwise hold the GUI
                # thread. The other screens' modules wait until the agent can act (below).
                screens = ServiceScreens(self.ctx)
                self.factories = screens.factories(FIRST_SCREENS)
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

                from desktop.failures import plain_failure

                ref = f"{int(time.time()) % 1_000_000:06d}"
                logging.getLogger(__name__).exception("start-up failed (ref %s)", ref)
                known = plain_failure(exc)  # a full or read-only disk: what the IT staff can act on
                self.failed.emit(
                    translate("app", "Guichet n'a pas pu démarrer : {failure} Référence : {ref}.").format(
                        failure=known, ref=ref
                    )
                    if known is not None
                    else translate("app", "Guichet n'a pas pu démarrer ({kind}). Référence : {ref}.").format(
                        kind=type(exc).__name__, ref=ref
                    )
                )
                return
            self.ready.emit()
            # What could wait until the agent can act, still on this worker thread, once the GUI thread has built the
            # first screen (Python runs one thread at a time: this work would otherwise slow that screen down).
            self.settled.wait(timeout=10.0)
            try:
                self.later = screens.factories(tuple(k for k in SERVICE_SCREENS if k not in FIRST_SCREENS))
                self.prepared.emit()
            except Exception:
                import logging

                logging.getLogger(__name__).exception("after start-up: the other screens could not be prepared")
            try:
                # The sync wire's models (pydantic): the first act's outbox body, not the first screen's wait.
                import desktop.sync.wire  # noqa: F401

                if settings.demo:
                    finish_demo(self.ctx)
                    self.seeded.emit()
                from desktop.devices.printers.qt_print import paint_page  # noqa: F401  (the receipt's preview)
                from desktop.receipts.escpos_render import load_escpos
                from desktop.receipts.pdf import render_pdf  # noqa: F401  (reportlab: the first act's receipt PDF)

                load_escpos()  # the first receipt printed must not pay for python-escpos's import
            except Exception:
                import logging

                logging.getLogger(__name__).exception("after start-up: the deferred work failed")
            self.warmed.emit()

        from desktop.views.kit.runner import background  # its thread pool: imported after the first frame

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
        self.finished = False  # set on the worker just before `done`
        self.prompting = False  # the login prompt was shown before `done` (prompt_at_once): it waits for them

    def start(self, settings: Settings) -> None:

        def work() -> None:
            try:
                from desktop.auth import StationAuth

                self.auth = StationAuth(settings)
                self.auth.prepare_login()
            except Exception as exc:  # said again, to the agent, when the GUI thread makes it
                import logging

                logging.getLogger(__name__).warning("login not prepared ahead: %s", type(exc).__name__)
            self.finished = True
            self.done.emit()

        from desktop.views.kit.runner import background  # its thread pool: imported after the first frame

        background(work)  # the runner's pool: one way to run work off the GUI thread


_ahead = threading.Lock()


def import_ahead() -> None:
    """The modules the loader imports between a login and "ready" (the context's devices and services, the desk's),
    imported while the password is checked instead (`StationLogin._submitted`): Argon2id releases the GIL, and these
    imports share the cores with its lanes rather than coming after them (docs/PERFORMANCE.md, "Wave 2, session 10").
    Not the Établir screen's modules: their Qt enums are made with the GIL held for 0.1 s, and the prompt would not
    paint meanwhile. The loader waits for these (`_ahead`); a failure is logged, the loader meets it again."""
    try:
        _import_ahead()
    except Exception as exc:
        import logging

        logging.getLogger(__name__).warning("modules not imported ahead: %s", type(exc).__name__)


def _import_ahead() -> None:
    with _ahead:
        import desktop.context
        import desktop.services.desk
        import desktop.services.retention  # noqa: F401  (the purge at the context's opening)


def prompt_at_once(settings: Settings) -> bool:
    """A station set up (key slots beside its store) with no enrolment token to trade first: its login prompt can
    show before the login's services are imported, and take the agent's typing meanwhile."""
    from desktop.station_files import enrolment_pending, has_key_slots

    token = enrolment_pending(central_url=settings.central_url, demo=settings.demo, data_dir=settings.data_dir)
    return not settings.demo and has_key_slots(settings.database_path) and not token


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
    return ServiceScreens(ctx).factories(SERVICE_SCREENS)


# The screens built over the services, in the order they are built after the first one.
SERVICE_SCREENS = (
    "etablir", "tableau", "resilier", "rechercher", "activite", "renouvellements", "a_decider", "journal"
)  # fmt: skip
# What the loader prepares before "ready": the screen the agent acts on first. The others' modules (the dashboard's
# HTTP client and charts, the activity report's reportlab, the renewals' services) are imported after it.
FIRST_SCREENS = ("etablir",)


class ServiceScreens:
    """The services the screens share (made once, for one agent) and each screen's factory; a screen's modules are
    imported when its factory is asked for, so that the loader can import the first screen's alone before "ready"."""

    def __init__(self, ctx: AppContext) -> None:
        from desktop.services.desk import DeskServices

        self.ctx = ctx
        use_station_zone(ctx.settings.station_timezone)  # every time on screen, as the services count the day
        self.services = ctx.services()
        self.desk = DeskServices(self.services)

    def factories(self, keys: tuple[str, ...]) -> dict[str, Callable[[], Page]]:
        """The factories of these screens (their modules imported now, on the caller's thread); renewals only at a
        station abroad, the only one with the section (views/app.py)."""
        abroad = self.ctx.settings.station_kind.abroad
        return {key: self._factory(key) for key in keys if abroad or key != "renouvellements"}

    def _factory(self, key: str) -> Callable[[], Page]:
        ctx, desk = self.ctx, self.desk
        if key in ("etablir", "resilier", "rechercher", "a_decider"):
            from desktop.views.procurations import EstablishPage, RevokePage, SearchPage, ToDecidePage

            return {
                "etablir": lambda: EstablishPage(desk, ctx.reader),
                "resilier": lambda: RevokePage(desk, ctx.reader),
                "rechercher": lambda: SearchPage(desk),
                "a_decider": lambda: ToDecidePage(desk),
            }[key]
        if key == "activite":
            from desktop.views.activity import ActivityPage

            return lambda: ActivityPage(desk)
        if key == "renouvellements":
            from desktop.services.ivote import IvoteService
            from desktop.services.passports import PassportService
            from desktop.views.renewals import RenewalsPage

            passports, ivote = PassportService(self.services), IvoteService(self.services)
            return lambda: RenewalsPage(passports, ivote, abroad=ctx.settings.station_kind.abroad)
        if key == "tableau":
            from desktop.services.dashboard import DashboardService
            from desktop.services.reports import ActivityService
            from desktop.views.dashboard import DashboardPage

            services = self.services
            return lambda: DashboardPage(
                DashboardService(services),
                ActivityService(services),
                zone=ctx.settings.station_timezone,
                clock=services.clock,
            )
        if key == "journal":
            from desktop.services.audit_search import AuditSearchService
            from desktop.views.journal import JournalPage

            search = AuditSearchService(self.services)
            return lambda: JournalPage(search, zone=ctx.settings.station_timezone)
        raise KeyError(key)


def collect_again() -> None:
    """The cyclic collector back on, a minute after a start that has not reached "ready" (a login prompt waiting
    for its agent): what start-up made is frozen first, as "ready" does, so that no full collection scans it."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
