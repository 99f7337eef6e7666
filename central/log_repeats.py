"""The same error line once a minute at most: while PostgreSQL is down, every request of 4,000 stations polling
logged its own « database error » line and filled the journal.

The first line of a kind (its logger, level and text) is written whole, as before; the same line again within the
minute is counted, not written; once a minute passed, the next one (or the minute's summary, written by a thread
when no other comes) says « N erreurs identiques depuis HH:MM:SS » before the text. A line of another kind is never
held back by this. Warnings and errors only: below, the level already keeps them out of the journal.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

WINDOW_SECONDS = 60.0
KINDS = 1000  # kinds remembered at once: the oldest is forgotten past it (its next line is written whole)
# The loggers whose lines an outage repeats: the API's own (central/app.py), and the pool's failed resets.
LOGGERS = ("guichet.central", "sqlalchemy.pool.impl.QueuePool", "sqlalchemy.pool")
SUMMARY = "_guichet_repeats_summary"


@dataclass
class _Seen:
    written_at: float  # monotonic, when this kind was last written
    held: int = 0  # lines held back since
    since: datetime | None = None  # when the first of them came
    last: logging.LogRecord | None = None  # the last one held back, for the summary


class Repeats(logging.Filter):
    """A logger's filter: identical warning or error lines written once a `window`, with their count."""

    def __init__(
        self, window: float = WINDOW_SECONDS, *, clock: Callable[[], float] = time.monotonic, kinds: int = KINDS
    ) -> None:
        super().__init__()
        self.window, self.clock, self.kinds = window, clock, kinds
        self._seen: dict[tuple[str, int, str], _Seen] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or getattr(record, SUMMARY, False):
            return True
        key = (record.name, record.levelno, record.getMessage())
        now = self.clock()
        with self._lock:
            seen = self._seen.get(key)
            if seen is None:
                if len(self._seen) >= self.kinds:
                    del self._seen[next(iter(self._seen))]
                self._seen[key] = _Seen(written_at=now)
                return True  # the first of its kind: whole
            if now - seen.written_at < self.window:
                seen.held += 1
                seen.since = seen.since or datetime.now(UTC)
                seen.last = record
                return False
            self._summarise(record, seen)
            seen.written_at, seen.held, seen.since, seen.last = now, 0, None, None
            return True

    def flush(self) -> list[logging.LogRecord]:
        """The summaries of the kinds held back for a `window` or more with no line since: taken out, to write."""
        now = self.clock()
        out: list[logging.LogRecord] = []
        with self._lock:
            for seen in self._seen.values():
                if seen.held and seen.last is not None and now - seen.written_at >= self.window:
                    summary = logging.makeLogRecord(seen.last.__dict__)
                    self._summarise(summary, seen)
                    setattr(summary, SUMMARY, True)
                    out.append(summary)
                    seen.written_at, seen.held, seen.since, seen.last = now, 0, None, None
        return out

    @staticmethod
    def _summarise(record: logging.LogRecord, seen: _Seen) -> None:
        if not seen.held or seen.since is None:
            return
        text = record.getMessage()
        record.msg = "« %d erreurs identiques depuis %s » %s"
        record.args = (seen.held, seen.since.strftime("%H:%M:%S UTC"), text)
        record.exc_info, record.exc_text, record.stack_info = None, None, None  # its first one had the traceback


_installed: list[Repeats] = []


def install(window: float = WINDOW_SECONDS) -> Repeats:
    """Filter the outage's loggers (LOGGERS) in this process, once; a thread writes the summaries nobody asked."""
    if _installed:
        return _installed[0]
    repeats = Repeats(window)
    for name in LOGGERS:
        logging.getLogger(name).addFilter(repeats)
    _installed.append(repeats)

    def summaries() -> None:
        while True:
            time.sleep(max(1.0, window / 4))
            for record in repeats.flush():
                logging.getLogger(record.name).handle(record)

    threading.Thread(target=summaries, name="guichet-central-log-repeats", daemon=True).start()
    return repeats
