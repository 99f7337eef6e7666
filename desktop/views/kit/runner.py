"""The one way screens run work off the GUI thread (Anki's CollectionOp/QueryOp pattern, in our words).

A screen submits a callable; it runs on a worker thread (the shared pool, or the one-thread serial lane for device
I/O so receipts come out in the order they were made); its result or its exception comes back on the GUI thread
through a queued signal. A `key` makes later submissions supersede earlier ones (live checks: only the answer to
what the agent typed last is shown). Results for a screen that is gone, or a ticket cancelled, are dropped.

Workers never emit on a screen's own objects: a screen deleted on the GUI thread while a worker emitted on its
runner crashed the process. Answers go through the relay (kit/relay.py), which drops those of a runner gone.

Workers never let go of the last reference to anything of a screen either: a screen closed while its call ran was
otherwise finalised on the worker thread when the worker dropped the call (a lambda holding `self`) or the
exception's traceback (its frames hold `self`), and Qt then destroyed a widget off the GUI thread (SIGSEGV, or a
hang in the collector, under load). The ticket, held by the runner on the GUI thread, owns the call and the
callbacks until its answer is delivered; they are released there. What a worker hands over has no traceback left.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.threads import lower_priority
from desktop.views.kit.relay import relay_to

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)
T = TypeVar("T")
Lane = Literal["pool", "serial", "prompt"]

_executors: dict[Lane, ThreadPoolExecutor] = {}
_executors_lock = threading.Lock()
_pending: set[Future[Any]] = set()  # every call submitted and not finished, all lanes (see `wait_for_workers`)


def _submit(lane: Lane, work: Callable[[], None]) -> Future[Any]:
    future = _executor(lane).submit(work)
    with _executors_lock:
        _pending.add(future)
    future.add_done_callback(_finished)
    return future


def _finished(future: Future[Any]) -> None:
    with _executors_lock:
        _pending.discard(future)


def wait_for_workers(timeout: float = 10.0) -> bool:
    """Block until every call submitted so far, on every lane, has finished (its answer may still be on its way to
    the GUI thread). For the tests' teardown: no call of a closed screen still runs when the next test starts or
    when its store is closed. False if some are still running after `timeout` seconds."""
    from concurrent.futures import wait

    with _executors_lock:
        running = list(_pending)
    return not wait(running, timeout=timeout).not_done


def _executor(lane: Lane) -> ThreadPoolExecutor:
    from concurrent.futures import ThreadPoolExecutor  # first use comes after the window shows

    with _executors_lock:
        if lane not in _executors:
            workers = 4 if lane == "pool" else 1
            # The prompt's lane keeps the normal priority: the agent waits on it with nothing else to do.
            initializer = None if lane == "prompt" else lower_priority
            _executors[lane] = ThreadPoolExecutor(
                max_workers=workers, thread_name_prefix=f"guichet-{lane}", initializer=initializer
            )
        return _executors[lane]


_write_hooks: list[Callable[[], None]] = []


def after_writes(hook: Callable[[], None]) -> Callable[[], None]:
    """Call `hook` on the worker thread after every successful call submitted with `writes=True`.

    Anki's operations announce what changed; ours say "the store was written" so that the status bar's count of
    entries waiting for the central store is recounted off the GUI thread.
    """
    _write_hooks.append(hook)

    def remove() -> None:
        if hook in _write_hooks:
            _write_hooks.remove(hook)

    return remove


def background(fn: Callable[[], object]) -> None:
    """Run `fn` on the pool with no answer expected (it pushes what it found itself); failures are logged."""

    def work() -> None:
        try:
            fn()
        except Exception as exc:
            log.error("background job failed: %s (ref %s)", type(exc).__name__, reference())

    _submit("pool", work)


def _announce_write() -> None:
    for hook in list(_write_hooks):
        try:
            hook()
        except Exception as exc:  # a status recount failing must not turn a saved act into a failure
            log.error("after-write hook failed: %s", type(exc).__name__)


def reference() -> str:
    """A short number the agent can quote to support; the log line carries the same."""
    return f"{int(time.time() * 1000) % 1_000_000:06d}"


@dataclass(eq=False)
class Ticket(Generic[T]):
    """One submitted call: `cancel()` drops its result (and skips it if it has not started)."""

    key: str | None
    done: Callable[[T], None] | None
    failed: Callable[[Exception], None] | None
    call: Callable[[], T] | None = field(default=None, repr=False)
    cancelled: bool = False
    future: Future[Any] | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self.cancelled = True
        future = self.future
        if future is not None:
            future.cancel()

    def release(self) -> None:
        """Let go of the call, the callbacks and the future (on the GUI thread, once answered): whatever of the
        screen they hold is released here, never by the worker that ran the call."""
        self.call = self.done = self.failed = None
        self.future = None


def _without_traceback(error: Exception) -> Exception:
    """`error` and the exceptions it chains with no traceback: their frames hold the call's locals (a screen's
    `self`), which must not be released on the worker; callbacks and the log use the type, never the frames."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.__traceback__ = None
        current = current.__cause__ or current.__context__
    return error


class Runner(QObject):
    """Runs callables on worker threads for one screen; callbacks always run on the GUI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: set[Ticket[Any]] = set()
        self._latest: dict[str, Ticket[Any]] = {}
        self._closed = False  # its screen was replaced: nothing more runs, no answer is delivered (`close`)
        # What workers call with their answer: never `self` on a worker, the screen may be deleted meanwhile.
        self._answer = relay_to(self, Runner._answered)

    @property
    def busy(self) -> bool:
        """True while a call of this screen is running or its answer is on its way to the GUI thread."""
        return bool(self._running)

    def is_busy(self, key: str) -> bool:
        """True while the latest call under `key` has not answered."""
        ticket = self._latest.get(key)
        return ticket is not None and ticket in self._running

    def submit(
        self,
        fn: Callable[[], T],
        *,
        done: Callable[[T], None],
        failed: Callable[[Exception], None] | None = None,
        key: str | None = None,
        lane: Lane = "pool",
        writes: bool = False,
    ) -> Ticket[T]:
        """Run `fn` off the GUI thread; then `done(result)` or `failed(exception)` on the GUI thread.

        `key`: a later call with the same key makes this one stale (its answer is dropped). `lane="serial"`: one
        thread for device I/O, in submission order. `lane="prompt"`: one thread at the normal OS priority, for a
        check a modal prompt waits on (a password: Argon2id). `writes`: the call writes the store (see
        `after_writes`).
        """
        ticket: Ticket[T] = Ticket(key, done, failed, fn)
        if self._closed:
            ticket.cancelled = True
            ticket.release()
            return ticket
        if key is not None:
            previous = self._latest.get(key)
            if previous is not None:
                previous.cancel()  # stale: the agent has typed since
            self._latest[key] = ticket
        was_busy = self.busy
        self._running.add(ticket)
        if not was_busy:
            self.busy_changed.emit(True)

        answer = self._answer

        def work() -> None:
            # Only through the ticket: the worker holds no reference of its own to the call (see the module's doc).
            call = ticket.call
            if ticket.cancelled or call is None:
                del call
                answer((ticket, None, None))
                return
            try:
                value: Any = call()
            except Exception as exc:  # handed to the screen, which says it plainly
                del call
                answer((ticket, None, _without_traceback(exc)))
                return
            del call
            if writes:
                _announce_write()
            answer((ticket, value, None))

        ticket.future = _submit(lane, work)
        ticket.future.add_done_callback(lambda f: answer((ticket, None, None)) if f.cancelled() else None)
        return ticket

    def _answered(self, answer: tuple[Ticket[Any], Any, Exception | None]) -> None:
        self._deliver(*answer)

    def _deliver(self, ticket: Ticket[Any], value: Any, error: Exception | None) -> None:
        if ticket not in self._running:
            return  # already delivered (a cancelled future reports twice at most)
        self._running.discard(ticket)
        if ticket.key is not None and self._latest.get(ticket.key) is ticket:
            del self._latest[ticket.key]
        done, failed = ticket.done, ticket.failed
        ticket.release()  # here, on the GUI thread: the worker may hold the ticket a little longer
        try:
            if ticket.cancelled:
                return
            if error is None:
                if done is not None:
                    done(value)
            elif failed is not None:
                failed(error)
            else:
                # Only the type: messages of database errors may quote bound parameters, i.e. personal data.
                log.error("background call failed: %s (ref %s)", type(error).__name__, reference())
        finally:
            if not self.busy:
                self.busy_changed.emit(False)

    def cancel(self, key: str) -> None:
        """Drop the pending answer under `key` (e.g. a live check once the agent saves)."""
        ticket = self._latest.get(key)
        if ticket is not None:
            ticket.cancel()

    def cancel_all(self) -> None:
        """Drop every pending answer (the screen is being reset)."""
        for ticket in list(self._running):
            ticket.cancel()

    def close(self) -> None:
        """The screen was replaced (another agent took the counter): its pending answers are dropped and nothing it
        submits from now on runs, so no late answer opens a dialog of the screen the previous agent left (a review,
        a preview) before Qt deletes it."""
        self._closed = True
        self.cancel_all()

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until this screen's calls have answered and been delivered (tests, shutdown)."""
        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout
        while self._running and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.005)
        return not self._running
