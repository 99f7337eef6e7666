"""The station's day turning while a screen stays open (a gendarmerie counter overnight, a consulate's laptop asleep
over the weekend): what a screen computed for « aujourd'hui » is computed again for the new day.

A screen asks its own services for the day (their clock, the station's zone, R-TIME-1); the watch only says when it
changed. It looks once a minute rather than arming a timer for midnight: Qt's timers run on the monotonic clock,
which stands still while the machine sleeps, so a timer armed on Friday evening would go off on Monday afternoon."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 60_000


class DayWatch(QObject):
    """Calls `on_new_day` once each time `today()` answers another day than it last did."""

    def __init__(self, parent: QObject, today: Callable[[], date], on_new_day: Callable[[], None]) -> None:
        super().__init__(parent)
        self._today, self._on_new_day = today, on_new_day
        self.day = today()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Look at the day now (the timer's call; a screen may call it when it is shown)."""
        day = self._today()
        if day != self.day:
            self.day = day
            self._on_new_day()
