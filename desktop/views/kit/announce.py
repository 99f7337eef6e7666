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
    """Post `text` as an announcement from `source`; assertive interrupts (errors), polite waits (results)."""
    text = " ".join(text.split())
    if not text:
        return
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    event = QAccessibleAnnouncementEvent(source, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)
    for listener in list(_listeners):
        listener(event)


def listen(listener: Listener) -> Callable[[], None]:
    """Be told of every announcement; returns the function that stops it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None
