"""Who is at the counter: the production start's login (the enrolment first, the first set-up, or the prompt), then
the logged-in agent's seat (« Verrouiller », « Changer d'agent », the OS session lock, the idle lock)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from desktop.settings import Settings
from desktop.views.loading import (
    ContextHolder,
    LoginPreparation,
    build_service_pages,
    follow_activity,
    prompt_at_once,
)

if TYPE_CHECKING:
    from desktop.seat import Seat, SeatAgent
    from desktop.views.counter_seat import CounterSeat
    from desktop.views.kit.turns import InTurns
    from desktop.views.lock import LockScreen
    from desktop.views.main_window import MainWindow
    from desktop.views.os_lock import OsSessionLock
    from desktop.views.session_flow import SessionFlow


class StationLogin(QObject):
    """Who is at the counter, then the store opened once an agent is in.

    The login's key slots and services are imported on a worker (`LoginPreparation`). A station set up with nothing
    to trade first gets its prompt at once and takes the agent's typing meanwhile (`prompt_at_once`): the prompt is
    then the start's first frame, alone, and the window (`attach`) is built behind it and shown once an agent is in.
    Otherwise the prompt (or the enrolment, or the first set-up) waits for them, over the window's shell. Closing
    the dialog quits."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow | None,
        settings: Settings,
        holder: ContextHolder,
        *,
        screenshot: Path | None,
    ) -> None:
        super().__init__(window)  # without a window yet, whoever made it keeps it (views/start.py: `run`'s own frame)
        self._window = window
        self.app, self.settings, self.holder, self.screenshot = app, settings, holder, screenshot
        self.preparation = LoginPreparation()
        self.flow: SessionFlow | None = None
        self._preparing = False
        self._behind_prompt: InTurns | None = None
        self.preparation.done.connect(self._prepared)
        holder.ready.connect(self._logged_in_screens)

    @property
    def window(self) -> MainWindow:
        assert self._window is not None  # attached before the agent is in (the first steps behind the prompt)
        return self._window

    def attach(self, window: MainWindow) -> None:
        """The window, built behind a prompt that came first: the login's dialogs after the prompt stand over it."""
        self._window = window
        self.setParent(window)
        if self.flow is not None:
            self.flow.attach(window)

    def start(self, *, behind_prompt: InTurns | None = None) -> None:
        """The login's parts on a worker thread (their imports held the GUI thread half a second).

        `behind_prompt`: GUI-thread work the agent needs only once logged in (the rest of the window), in steps.
        With a prompt at once its steps run once the prompt is up, one per turn of the event loop while the agent
        types, and what is left when the agent submits runs then (while the password is checked on the worker): the
        prompt takes keys as soon as it shows. Otherwise it all runs right away, before the preparation."""
        if prompt_at_once(self.settings):
            # A station set up, nothing to trade first: the prompt now, taking the agent's typing while they load.
            # They start loading once the prompt is up: their imports on the worker would otherwise take the GIL
            # from the prompt's own making and first paint (the submit waits for them either way).
            self._behind_prompt = behind_prompt
            self.preparation.prompting = True
            QTimer.singleShot(0, self._open_session)
            return
        assert self._window is not None  # an enrolment, a first set-up: over the window's shell
        if behind_prompt is not None:
            behind_prompt.finish()
        self._prepare()

    def _prompt_up(self) -> None:
        """The prompt is up and takes keys: the login's preparation on its worker, the window's rest in steps."""
        self._prepare()
        if self._behind_prompt is not None:
            self._behind_prompt.start()

    def _prepare(self) -> None:
        """Start the login's preparation once (the prompt is up, or at once without a prompt)."""
        if not self._preparing:
            self._preparing = True
            self.preparation.start(self.settings)

    def _submitted(self) -> None:
        """The agent submitted in the prompt: what is left of the work behind it runs next (once), after
        « Vérification… » is painted and while the password is checked on the worker (Argon2id releases the GIL); so
        do the modules the screens need once it is (`import_ahead`), when the login's own have been imported (one
        thread at a time).

        What lives now (the modules, the window, the prompt) is moved out of the cyclic collector's sight first: with
        the collector on (a minute after the start, or a second login), the imports and the unlock allocate enough to
        start a full collection, which held the GIL for 90 ms over the whole start-up heap while the prompt waited
        to paint (docs/PERFORMANCE.md, "Wave 2, session 11"); frozen, it scans what came after."""
        gc.freeze()
        QTimer.singleShot(0, self._run_behind)
        if self.preparation.finished:
            from desktop.views.kit.runner import background
            from desktop.views.loading import import_ahead

            background(import_ahead)

    def _run_behind(self) -> None:
        behind, self._behind_prompt = self._behind_prompt, None
        if behind is not None:
            behind.finish()  # what the turns behind the prompt have not built yet

    def _prepared(self) -> None:  # the login's parts are ready (or failed)
        if not self.preparation.prompting:
            self._log_in()  # ask for the password (or the first set-up) now
        elif self.flow is not None and not self.flow.prepared_yet:  # the prompt is up and waits for them
            from desktop.auth import StationAuth

            auth = self.preparation.auth or StationAuth(self.settings)  # a failure is met here, as without a prompt
            self.preparation.auth = None
            self.flow.prepared(auth)

    def _log_in(self) -> None:
        from desktop.enrolment import pending_token

        if pending_token(self.settings):
            # An installer left the station's enrolment token: trade it first (HTTP, so off the GUI thread).
            from desktop.views.first_enrolment import FirstEnrolment

            enrolment = FirstEnrolment(self.window)
            enrolment.finished.connect(self._enrolled)
            enrolment.start(self.settings)
            return
        self._open_session()

    def _enrolled(self, result: object) -> None:
        from PySide6.QtWidgets import QMessageBox

        from desktop.enrolment import Outcome, Result

        if isinstance(result, Result) and self.screenshot is None:
            if result.outcome is Outcome.ENROLLED:
                QMessageBox.information(self.window, "Guichet", result.message)
            else:
                QMessageBox.warning(self.window, "Guichet", result.message)
        self._open_session()

    def _open_session(self) -> None:
        from desktop.views.session_flow import SessionFlow

        settings = self.settings
        auth = None
        if self.preparation.finished:
            from desktop.auth import StationAuth

            auth = self.preparation.auth or StationAuth(settings)
            self.preparation.auth = None  # made once: a later session (after an enrolment, say) makes its own
        label = f"{settings.station_kind.shown_label} — {settings.station_name}"
        flow = self.flow = SessionFlow(
            auth, self._window, station_label=label, on_prompt=self._prompt_up, on_submit=self._submitted
        )
        session = flow.open()
        if session is None:
            self.app.quit()
            return
        self._run_behind()  # the rest of the window before the agent's screens (a no-op once it has run)
        if not self.window.isVisible():
            self.window.show()  # after a prompt that came first: the window, once an agent is in
            QApplication.setQuitOnLastWindowClosed(True)  # closing it ends Guichet again (views/start.py)
        from desktop.context import OpenedStore
        from desktop.seat import SeatAgent

        principal = session.result.principal
        # As a change of agent names them (« Chef de poste consulaire »), never the stored value (« chef_de_poste_…»).
        self.window.set_agent(SeatAgent(principal, session.display_name).label)
        self.holder.load(
            settings,
            OpenedStore(
                store=session.result.store,
                actor=principal,
                agent_name=session.display_name,
                key_description=flow.auth.key_description,
                visa_by=session.visa_by,
                check_credentials=session.check_credentials,
            ),
        )

    def _logged_in_screens(self) -> None:
        flow, holder, window = self.flow, self.holder, self.window
        if flow is None or flow.session is None or holder.ctx is None:
            return
        from desktop.seat import SessionSeat
        from desktop.services.accounts import AgentAccounts
        from desktop.views.agents import AgentsPage

        session = flow.session

        def agents_page() -> None:
            # The logged-in agent acts through the same context as the desk: the service never takes an actor.
            assert holder.ctx is not None
            accounts = AgentAccounts(holder.ctx.services(), keys=session.account_keys())
            window.replace_page("agents", AgentsPage(accounts))

        agents_page()
        flow.watch()
        counter = install_counter_seat(window, holder, SessionSeat(session), lock=flow.lock, after=agents_page)
        watcher = flow.watcher

        def new_agent(_agent: object) -> None:  # the 12 hours and the idle time count from the new agent's login
            if watcher is not None:
                from desktop.models import utcnow

                watcher.login_at = utcnow()
                watcher.unlocked()

        counter.agent_changed.connect(new_agent)


def install_counter_seat(
    window: MainWindow,
    holder: ContextHolder,
    seat: Seat,
    *,
    lock: LockScreen | None = None,
    hint: str = "",
    os_lock: OsSessionLock | None = None,
    after: Callable[[], None] | None = None,
) -> CounterSeat:
    """« Verrouiller », « Changer d'agent » and the OS session lock; a new agent gets screens built for them."""
    from desktop.views.counter_seat import CounterSeat
    from desktop.views.os_lock import make_os_session_lock

    def take_seat(agent: SeatAgent) -> None:
        ctx = holder.ctx
        assert ctx is not None
        ctx.act_as(agent.principal, agent.name, agent.visa_by)
        holder.pending_pages = []  # nothing built over the previous agent's services may arrive after this
        for key, page in build_service_pages(ctx).items():
            window.replace_page(key, page)
        follow_activity(window)
        if after is not None:
            after()

    def take_visa(agent: SeatAgent) -> None:  # R-AUTH-3: the same agent, now with the OPJ's visa
        ctx = holder.ctx
        assert ctx is not None and agent.visa_by is not None
        ctx.act_as(agent.principal, agent.name, agent.visa_by)
        from desktop.views.procurations import EstablishPage, RevokePage

        for key in ("etablir", "resilier"):  # both acts carry it: one visa for the session
            page = window.page(key)
            if isinstance(page, EstablishPage | RevokePage):
                page.accept_visa(agent.visa_by, agent.visa_name)

    watcher = os_lock if os_lock is not None else make_os_session_lock(window)
    card = holder.ctx.agent_card if holder.ctx is not None else None
    counter = CounterSeat(
        window,
        seat,
        take_seat=take_seat,
        take_visa=take_visa,
        os_lock=watcher,
        lock=lock,
        hint=hint,
        agent_card=card,
    )
    window.counter_seat = counter
    return counter
