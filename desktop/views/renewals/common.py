"""Small pieces shared by the renewal screens: a background task runner, a row table model, field helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget

from desktop.rules.types import Violation

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


class _Relay(QObject):
    """Lives on the GUI thread: the worker emits, the callback runs back on the GUI thread (queued)."""

    done = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._fn, self._relay = fn, relay

    def run(self) -> None:
        try:
            result: object = self._fn()
        except Exception as exc:  # handed to the GUI thread, which shows it; never lost in a worker
            result = exc
        self._relay.done.emit(result)


class TaskRunner:
    """Runs blocking calls (printing) on a thread pool and hands the result, or the exception, to a callback."""

    def __init__(self) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)  # one printer: receipts come out in the order they were made
        self._live: set[_Relay] = set()

    def run(self, fn: Callable[[], object], on_done: Callable[[object], None]) -> None:
        """Start `fn` off the GUI thread; `on_done(result_or_exception)` runs on the GUI thread."""
        relay = _Relay()
        self._live.add(relay)

        def finish(result: object) -> None:
            self._live.discard(relay)
            on_done(result)

        relay.done.connect(finish, Qt.ConnectionType.QueuedConnection)
        self._pool.start(_Task(fn, relay))

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for running tasks (tests and shutdown)."""
        return self._pool.waitForDone(msecs)


def date_edit(value: date | None = None) -> QDateEdit:
    """A French date field with a calendar pop-up, typed as dd/MM/yyyy."""
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    if value is not None:
        edit.setDate(QDate(value.year, value.month, value.day))
    return edit


def date_of(edit: QDateEdit) -> date:
    """The plain date of a date field."""
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def error_label() -> QLabel:
    """A hidden red label placed under a field, shown with the rule id and its French message."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def show_violations(
    labels: dict[str | None, QLabel], found: Sequence[Violation], fields: dict[str | None, QWidget] | None = None
) -> None:
    """Put each violation under its field (unknown fields go to the None label); mark the fields invalid."""
    for label in labels.values():
        label.clear()
        label.hide()
    for widget in (fields or {}).values():
        _mark(widget, False)
    for v in found:
        label = labels.get(v.field) or labels[None]
        text = f"{v.message} ({v.rule_id})"
        label.setText(f"{label.text()}\n{text}" if label.text() else text)
        label.setObjectName("fieldError" if v.blocking else "fieldWarning")
        label.style().unpolish(label)
        label.style().polish(label)
        label.show()
        if fields and v.field in fields:
            _mark(fields[v.field], True)


def _mark(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", "true" if invalid else "false")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def fr_date(value: date | None) -> str:
    """dd/mm/yyyy, or a dash."""
    return value.strftime("%d/%m/%Y") if value else "—"
