"""The sync worker's pipeline (issue 21): while the central store applies one batch, a helper thread records the
previous batch's answer, then reads, checks and serialises the next batch (one batch ahead, nothing frozen)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.models.db import Store
from desktop.sync import outbox
from desktop.sync.client import CentralClient
from desktop.sync.clock import Reference
from desktop.sync.wire import Batch, BatchResult

log = logging.getLogger("guichet.sync")


def pushed(client: CentralClient, batch: Batch, text: bytes | None, preparing: Ahead | None) -> BatchResult:
    """Push; a batch prepared meanwhile is waited for and dropped when the push fails (never one more ahead).

    When the previous answer could not be recorded either, that failure is raised instead: a refusal of this batch
    (set aside, sequence recovery) is never handled while an earlier batch is still in flight; the next sync resends
    that one first.
    """
    try:
        return client.push(batch, text)
    except BaseException as exc:
        if preparing is not None:
            preparing.result()
            if preparing.failure is not None:
                raise preparing.failure from exc
        raise


@dataclass(slots=True)
class Held:
    """The answer the worker has not recorded yet."""

    answer: Answer | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """A batch's answer, its verdicts not yet applied locally (the entries stay frozen, unacknowledged, till then)."""

    result: BatchResult
    reference: Reference | None

    def record(self, store: Store, now: Callable[[], datetime], *, quiet: bool = False) -> None:
        """Apply the verdicts and acknowledge the entries. On failure the batch stays in flight and is resent at
        the next sync (the central store replays its answer): nothing is lost, nothing lands twice."""
        try:
            outbox.record_result(store, self.result, now=now(), reference=self.reference)
        except Exception as exc:
            if not quiet:
                raise
            log.warning("recording a batch's answer failed, it will be resent: %s", type(exc).__name__)


class Ahead:
    """On a thread of its own: record the previous answer, then `outbox.prepare_next`; `result()` waits for it
    (None if preparing failed: the batch is then built afresh)."""

    def __init__(
        self, store: Store, size: int, answer: Answer | None = None, now: Callable[[], datetime] | None = None
    ) -> None:
        self._store, self._size = store, size
        self._answer, self._now = answer, now or (lambda: datetime.now(UTC))
        self._prepared: outbox.Prepared | None = None
        self.failure: Exception | None = None  # recording the previous answer failed: raised by the worker
        self._thread = threading.Thread(target=self._run, name="guichet-sync-ahead", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        if self._answer is not None:
            try:
                self._answer.record(self._store, self._now)
            except Exception as exc:
                self.failure = exc
        try:
            self._prepared = outbox.prepare_next(self._store, max_entries=self._size)
        except Exception as exc:  # the batch is then built the usual way; only the type (no personal data)
            log.warning("preparing the next batch failed: %s", type(exc).__name__)

    def result(self) -> outbox.Prepared | None:
        self._thread.join()
        return self._prepared
