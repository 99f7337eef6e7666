"""The sync worker: a background thread that drains the outbox, then pulls the change feed.

It retries on its own (exponential back-off with jitter), probes the network cheaply while offline and syncs
at once when the central store answers again. Views never call the network: they read `status()` or
subscribe; callbacks run on the worker thread, so a Qt view must hop to the GUI thread (a queued signal).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desktop.i18n import _
from desktop.models.db import Store
from desktop.services.journal import Actor
from desktop.sync import outbox, recovery
from desktop.sync.central_words import SET_ASIDE
from desktop.sync.client import (
    BatchRefusedError,
    CentralClient,
    EntryRefusedError,
    FeedError,
    ProtocolError,
    PushDeferred,
    SeqConflictError,
    ServerError,
    ServiceUnavailable,
    SyncError,
    TransientError,
)
from desktop.sync.clock import Reference, StationClock, TimeRefused
from desktop.sync.feed import MAX_PAGES, FeedOutOfOrder
from desktop.sync.pipeline import Ahead, Answer, Held, pushed
from desktop.sync.reasons import LocalFailure, RefusingEverything
from desktop.sync.reasons import reason as _reason
from desktop.sync.standing import Standing
from desktop.sync.status import SyncStatus, refused_items, went_back
from desktop.sync.wire import MAX_ENTRIES
from desktop.threads import lower_priority

log = logging.getLogger("guichet.sync")


@dataclass(frozen=True, slots=True)
class Backoff:
    """Retry delays: base·2^n capped, times a random factor in [1-jitter, 1+jitter] so stations spread out."""

    base: float = 2.0
    cap: float = 300.0
    jitter: float = 0.5

    def delay(self, failures: int, rng: random.Random) -> float:
        """Seconds to wait after `failures` consecutive failures (>= 1)."""
        raw = min(self.cap, self.base * float(2 ** min(max(failures - 1, 0), 30)))
        return raw * rng.uniform(1 - self.jitter, 1 + self.jitter)


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    """Timings of the worker (seconds)."""

    batch_size: int = 200  # entries in the first batch of a sync (a live station's few acts, sent at once)
    # Entries per batch once a sync's first batch is acknowledged: a backlog (a day offline) goes in large batches,
    # which cuts the per-batch cost on both sides (commits, round trips); never over the wire's MAX_ENTRIES, and
    # outbox.fitted keeps every batch within MAX_BATCH_BYTES. Equal to batch_size: fixed batches.
    backlog_batch_size: int = MAX_ENTRIES
    poll_interval: float = 30.0  # between syncs while online
    probe_interval: float = 5.0  # between cheap probes while offline
    offline_warning: timedelta = timedelta(hours=24)
    backoff: Backoff = Backoff()
    max_server_errors: int = 5  # consecutive 5xx answers retried at the usual pace before the agent is told
    max_recoveries: int = 3  # sequence recoveries in a row before the worker stops and says so
    max_set_aside_in_a_row: int = 5  # entries set aside with no batch accepted between: the store refuses everything
    pipeline: bool = True  # prepare the next batch while the central store applies the current one
    max_pages: int = MAX_PAGES  # change-feed pages pulled in one sync: a feed that never ends waits for the next


class SyncWorker:
    """Pushes the outbox and pulls the feed for one station; start(), stop(), sync_now(), status()."""

    def __init__(
        self,
        store: Store,
        client: CentralClient,
        clock: StationClock,
        *,
        settings: WorkerSettings | None = None,
        rng: random.Random | None = None,
        now: Callable[[], datetime] | None = None,
        actor: Actor | None = None,
    ) -> None:
        self.store = store
        self.actor = actor  # who the recovery and set-aside audit events name (the station; no agent)
        self.client = client
        self.clock = clock
        self.settings = settings or WorkerSettings()
        self._rng = rng or random.Random()
        self._now = now or (lambda: datetime.now(UTC))
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._listeners: list[Callable[[SyncStatus], None]] = []
        # Called after each successful cycle with (entries sent, feed changes applied): audit, anchors.
        self.after_cycle: list[Callable[[int, int], None]] = []
        self._online = False
        self._unavailable = False
        self._syncing = False
        self._progress: tuple[int, int] | None = None
        self._error: str | None = None
        self._failures = 0
        self._server_errors = 0  # consecutive 5xx answers
        self._wait_asked = 0.0  # seconds the central store's last 503 asked to wait (Retry-After)
        self._recoveries = 0  # sequence recoveries since the last successful cycle
        self._limit: int | None = None  # a smaller batch size while looking for an entry refused as malformed
        self._aside_in_a_row = 0  # entries set aside since the last batch the central store accepted
        self._clock_problem: str | None = None  # why the last server time was not taken as the clock reference
        self._regression: Standing | None = None  # the central store's word last acted on (standing.py)
        self._notice: str | None = None  # what the worker did when the central store went back (French)
        persisted = outbox.load_state(store)
        self._cursor = persisted.cursor
        if clock.reference is None:
            clock.restore(persisted.reference)

    # Public API -------------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the background thread (idempotent)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="guichet-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread after the current request."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    def sync_now(self) -> None:
        """Ask for a sync as soon as possible ("Synchroniser maintenant"); returns at once."""
        self._wake.set()

    def network_changed(self) -> None:
        """The platform says the network came back: try at once."""
        self._wake.set()

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> Callable[[], None]:
        """Call `listener` with the new status after every change; returns an unsubscribe function."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def status(self) -> SyncStatus:
        """The state at a glance (reads the local store; cheap)."""
        count, oldest = outbox.pending(self.store)
        persisted = outbox.load_state(self.store)
        now = self._now()
        last = persisted.last_success
        # Offline since the last success, or since the oldest waiting entry when this station never synced.
        since = last or oldest
        too_long = since is not None and now - since > self.settings.offline_warning
        return SyncStatus(
            online=self._online,
            pending=count,
            oldest_pending_age=(now - oldest) if oldest is not None else None,
            last_success=last,
            refused=refused_items(self.store),
            syncing=self._syncing,
            progress=self._progress,
            last_error=self._error,
            offline_too_long=bool(too_long),
            clock_problem=self._clock_problem,
            central_went_back=self._notice,
            unavailable=self._unavailable,
        )

    def run_once(self) -> bool:
        """One full sync on the calling thread (tests, command line): True when everything went through."""
        try:
            self._cycle()
        except SyncError as exc:
            self._failed(exc)
            return False
        except outbox.OutboxCorrupt as exc:
            self._error = _("Une entrée en attente est illisible : contactez le support.")
            log.error("sync stopped: %s", exc)
            self._notify()
            return False
        except Exception as exc:  # e.g. the local store busy or the disk full: retry later, never let the thread die
            # Only the type: database errors may quote bound parameters, i.e. personal data.
            log.error("sync cycle failed locally: %s", type(exc).__name__)
            self._failed(LocalFailure.of(exc))
            return False
        self._succeeded()
        return True

    # Thread ---------------------------------------------------------------------------------------------------

    def _run(self) -> None:
        lower_priority()  # the GUI thread comes first on a busy machine
        delay = 0.0
        while not self._stopping.is_set():
            if delay > 0 and not self._wait(delay):
                continue
            self._wake.clear()
            delay = self.next_delay(self.run_once())

    def next_delay(self, ok: bool) -> float:
        """Seconds until the next sync, after one that went through (`ok`) or failed."""
        if ok:
            return self.settings.poll_interval
        if self._server_errors >= self.settings.max_server_errors:
            return self.settings.backoff.cap  # the agent has been told; keep trying, slowly
        # Not before the central store asked (Retry-After of a 503), nor past the back-off's cap.
        backoff = self.settings.backoff
        return max(backoff.delay(self._failures, self._rng), min(self._wait_asked, backoff.cap))

    def _wait(self, delay: float) -> bool:
        """Wait `delay` seconds; while offline, probe the server and cut the wait short when it answers."""
        deadline = time.monotonic() + delay
        while not self._stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return True
            step = remaining if self._online else min(remaining, self.settings.probe_interval)
            if self._wake.wait(step):
                return True
            if not self._online and self._probe():
                return True  # reconnection: try at once
        return False

    def _probe(self) -> bool:
        try:
            self.client.server_time()
        except SyncError:
            return False
        return True

    def _cycle(self) -> None:
        self._set(syncing=True, progress=None)
        try:
            self._rebind()
            sent = self._push_all()
            pulled = self._pull_all()
            if pulled is None:  # the central store went back: what it lost is resent, then its feed read again
                sent += self._push_all()
                pulled = self._pull_all(judge=False) or 0
        finally:
            self._set(syncing=False, progress=None)
        for hook in list(self.after_cycle):
            try:
                hook(sent, pulled)
            except Exception as exc:  # an anchor or audit hook failing must not stop the sync itself
                log.warning("after-sync hook failed: %s", type(exc).__name__)

    def _rebind(self) -> None:
        """The station enrolled again keeping its store: its wire seqs and feed cursor start again under the new id
        (recovery.rebind), before anything is pushed or judged against what the earlier id had acknowledged."""
        done = recovery.rebind(self.store, self.client.credentials.station_id, now=self._now(), actor=self.actor)
        if done is None:
            return
        self._cursor = outbox.load_state(self.store).cursor
        self._regression = None
        log.warning(
            "new station id: %s entries the earlier one had acknowledged, %s (all of them) to send under the new one",
            done.earlier, done.pending,
        )  # fmt: skip

    def _push_all(self) -> int:
        held = Held()  # the last batch's answer, recorded while the next batch is on its way
        try:
            sent = self._push_batches(held)
        except BaseException:
            if held.answer is not None:  # recorded all the same; the first failure is the one reported
                held.answer.record(self.store, self._now, quiet=True)
            raise
        if held.answer is not None:  # nothing more to send, or stopped: recorded now
            held.answer.record(self.store, self._now)
        return sent

    def _push_batches(self, held: Held) -> int:
        total, _ = outbox.pending(self.store)
        sent = 0
        ahead: outbox.Prepared | None = None
        while not self._stopping.is_set():
            size = self._limit or self._batch_size(acknowledged=sent > 0)
            answered = held.answer  # recorded below, or by the finally of _push_all when nothing follows
            frozen = outbox.freeze_next(
                self.store,
                max_entries=size,
                now=self._now(),
                ahead=ahead,
                answered=answered.result.batch_id if answered is not None else None,
            )
            ahead = None
            if frozen is None:
                return sent
            batch, text = frozen
            # While the central store applies this batch, the previous batch's answer is recorded and the next batch
            # is read, checked and serialised (one batch ahead, nothing frozen): it is frozen only if the outbox has
            # not changed meanwhile (outbox.Prepared).
            upcoming = self._batch_size(acknowledged=True)
            piped = self._limit is None and self.settings.pipeline
            if answered is not None and not piped:
                answered.record(self.store, self._now)
            preparing = Ahead(self.store, upcoming, answered, self._now) if piped else None
            held.answer = None
            sent_at = self.clock.mark()
            try:
                result = pushed(self.client, batch, text, preparing)
            except EntryRefusedError as exc:
                self._set_aside(batch.batch_id, exc.seq, exc.message)
                continue
            except BatchRefusedError as exc:
                self._refused_batch(batch.batch_id, [e.seq for e in batch.entries], exc.message)
                continue
            except SeqConflictError as exc:
                if self._recoveries >= self.settings.max_recoveries:
                    outbox.record_error(self.store, batch.batch_id, _reason(exc))
                    raise
                self._recoveries += 1
                done = recovery.recover(self.store, last_seq=exc.last_seq, now=self._now(), actor=self.actor)
                self._cursor = outbox.load_state(self.store).cursor
                log.warning(
                    "sequence recovery from %s: %s resent, %s renumbered", done.last_seq, done.resent, done.renumbered
                )
                continue
            except SyncError as exc:
                outbox.record_error(self.store, batch.batch_id, _reason(exc, self._server_errors + 1))
                raise
            # A replay carries the original answer's server time: never a clock reference (issue 14.2).
            reference = None if result.replayed_at is not None else self._observe(result.server_time, sent_at)
            answer = Answer(result, reference)
            if piped:
                held.answer = answer  # recorded once the next batch is frozen and on its way
            else:
                answer.record(self.store, self._now)
            ahead = preparing.result() if preparing is not None else None
            if preparing is not None and preparing.failure is not None:
                raise preparing.failure  # the previous answer was not recorded: that batch is resent next time
            self._server_errors = self._aside_in_a_row = 0
            sent += len(batch.entries)
            self._online = True
            self._set(progress=(sent, max(total, sent)))
        return sent

    def _observe(self, server_time: datetime, sent_at: float) -> Reference | None:
        """The answer's clock reference, or None when the clock does not believe it (the previous one is kept).

        Only the reference is refused: the answer's verdicts or changes are applied all the same, so a station whose
        clock is far off still syncs; the agent reads why on the Synchronisation screen."""
        try:
            reference = self.clock.observe(server_time, sent=sent_at)
        except TimeRefused as refused:
            log.warning("server time not taken as the clock reference: %s", refused)
            self._clock_problem = refused.message
            return None
        self._clock_problem = None
        return reference

    def _batch_size(self, *, acknowledged: bool) -> int:
        """Entries in the next batch: the live size first, the backlog size once a batch of this sync went through."""
        size = self.settings.backlog_batch_size if acknowledged else self.settings.batch_size
        return max(1, min(size, MAX_ENTRIES))

    def _set_aside(self, batch_id: str, wire_seq: int, reason: str) -> None:
        if self._aside_in_a_row >= self.settings.max_set_aside_in_a_row:
            # Every entry refused one after the other: the central store, not the entries, is at fault. Stop
            # there rather than set the whole outbox aside.
            recovery.unfreeze(self.store, batch_id)
            raise RefusingEverything(f"{self._aside_in_a_row} entries refused in a row")
        record = recovery.set_aside(
            self.store, batch_id=batch_id, wire_seq=wire_seq, reason=reason, now=self._now(), actor=self.actor
        )
        if record is None:
            raise ProtocolError("the refusal names no entry of the batch")
        self._aside_in_a_row += 1
        self._limit = None
        log.warning("entry set aside at the central store's refusal (record %s)", record)

    def _refused_batch(self, batch_id: str, seqs: list[int], reason: str) -> None:
        """A batch refused as a whole: halve it until the one entry refused is alone, then set that one aside."""
        if len(seqs) == 1:
            self._set_aside(batch_id, seqs[0], SET_ASIDE.format(reason=reason))  # stored in French
            return
        recovery.unfreeze(self.store, batch_id)
        self._limit = (len(seqs) + 1) // 2

    def _pull_all(self, *, judge: bool = True) -> int | None:
        # Pulled only once the outbox is drained: a replayed batch answer must never overwrite a newer feed change.
        # A page that goes back or does not move on is refused (FeedError, by the client or against the stored
        # cursor): nothing of it applied, the cursor kept, and the worker backs off as after any failed sync.
        # None: the first answer said the central store went back (nothing of it applied, see _caught_up).
        pulled = 0
        for number in range(max(1, self.settings.max_pages)):
            if self._stopping.is_set():
                break
            sent_at = self.clock.mark()
            page, standing = self.client.feed(self._cursor)
            if judge and number == 0 and self._caught_up(standing):
                return None
            reference = self._observe(page.server_time, sent_at)
            try:
                outbox.apply_changes(self.store, page, now=self._now(), reference=reference)
            except FeedOutOfOrder as exc:
                raise FeedError(f"against the stored cursor: {exc}") from None
            self._cursor = page.next_cursor
            pulled += len(page.changes)
            if not page.more:
                break
        else:
            log.warning("change feed: %s pages pulled in one sync, the rest at the next", self.settings.max_pages)
        return pulled

    def _caught_up(self, standing: Standing | None) -> bool:
        """Whether the central store holds less than this station knew (restored, or a lagging replica), and so the
        lost acts are queued again and the cursor set back: at most once for the same word of the store."""
        if standing is None or standing == self._regression:
            return False
        done = recovery.catch_up(self.store, standing, now=self._now(), actor=self.actor)
        if done is None:
            self._regression = None  # the store and this station agree again: a later restore is a new one
            return False
        self._regression = standing
        self._cursor = outbox.load_state(self.store).cursor
        found = done.regression
        log.warning(
            "central store went back: last seq %s, feed cursor %s (station's %s); %s acts resent, feed read again",
            found.last_seq, found.feed_high, done.cursor, done.resent,
        )  # fmt: skip
        self._notice = went_back(done.resent)
        return True

    def _succeeded(self) -> None:
        self._failures = 0
        self._server_errors = 0
        self._recoveries = 0
        self._online = True
        self._unavailable = False
        self._error = None
        self._notify()

    def _failed(self, exc: SyncError) -> None:
        self._failures += 1
        # A 503 is the central store's database restarting or busy, not its failure: the back-off (and the wait the
        # store asked for) paces the retries, not the slow pace kept for repeated internal errors.
        failing = isinstance(exc, ServerError) and not isinstance(exc, ServiceUnavailable)
        self._server_errors = self._server_errors + 1 if failing else 0
        self._wait_asked = (exc.retry_after or 0.0) if isinstance(exc, ServiceUnavailable) else 0.0
        self._online = isinstance(exc, ServerError | PushDeferred) or not isinstance(exc, TransientError)
        self._unavailable = isinstance(exc, ServerError | PushDeferred)
        self._error = _reason(exc, self._server_errors, self.settings.max_server_errors)
        log.warning("sync failed (%s attempt(s)): %s", self._failures, exc)
        self._notify()

    def _set(self, **changes: object) -> None:
        if "syncing" in changes:
            self._syncing = bool(changes["syncing"])
        if "progress" in changes:
            self._progress = changes["progress"]  # type: ignore[assignment]
        self._notify()

    def _notify(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        if not listeners:
            return
        status = self.status()
        for listener in listeners:
            try:
                listener(status)
            except Exception:  # a view's bug must not stop sync
                log.exception("sync status listener failed")
