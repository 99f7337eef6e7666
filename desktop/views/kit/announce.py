"""Say something to assistive technology: errors next to fields, results (« Procuration enregistrée… »), sync state.

Qt 6.8+ sends a QAccessibleAnnouncementEvent to the screen reader (NVDA, JAWS, Narrator, Orca, VoiceOver) without
moving the focus. Listeners see every event posted, whether or not a screen reader is running (tests; a log of what
was announced would hold personal data, so there is none).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # made on first use (1.5 ms of enums): not before the window's first frame, which announces nothing
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QAccessibleAnnouncementEvent

Listener = Callable[["QAccessibleAnnouncementEvent"], None]
_listeners: list[Listener] = []


def announce(source: QObject, text: str, *, assertive: bool = False) -> None:
    """Post `text` as an announcement from `source`; assertive interrupts (errors), polite waits (results).

    Nothing is said from a screen (or a tab) not shown in a window the agent sees: Orca speaks every announcement it
    is sent, and the screens not shown answer too (read over AT-SPI, tests/views/test_atspi_reader.py: the hidden
    Synchronisation screen said « En ligne » after the status bar, Activité du jour its count and, to a supervisor
    taking the counter, an assertive refusal that cut what was said of the screen they were on).
    """
    text = " ".join(text.split())
    if not text:
        return
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    if _on_a_screen_not_shown(source):
        return

    event = QAccessibleAnnouncementEvent(source, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)
    for listener in list(_listeners):
        listener(event)


def _on_a_screen_not_shown(source: QObject) -> bool:
    """`source` sits on a page its stack does not show (a screen, a tab), in a window on the screen. A label that
    is itself hidden is said: a result banner is filled, then shown."""
    from PySide6.QtWidgets import QStackedWidget, QWidget

    if not isinstance(source, QWidget) or not source.window().isVisible():
        return False
    widget: QWidget | None = source
    while widget is not None:
        parent = widget.parentWidget()
        if isinstance(parent, QStackedWidget) and parent.currentWidget() is not widget:
            return True
        widget = parent
    return False


def listen(listener: Listener) -> Callable[[], None]:
    """Be told of every announcement; returns the function that stops it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None
