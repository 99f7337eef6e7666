"""GUI-thread work cut in steps, one step per turn of the event loop, so that keys and paints go between them.

The production start builds the rest of the window behind the login prompt this way while the agent types: each
step takes a few milliseconds, and a key pressed meanwhile waits for one step at most instead of the whole work.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QObject, QTimer


class InTurns(QObject):
    """Runs a generator's steps (the code between two `yield`s), one per turn of the event loop once `start`ed;
    `finish` runs what is left at once (the work is needed now). Each step runs once, whichever runs it; steps
    stop with the parent (a window closed meanwhile)."""

    def __init__(self, steps: Iterator[None], parent: QObject) -> None:
        super().__init__(parent)
        self._steps: Iterator[None] | None = steps
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)

    @property
    def done(self) -> bool:
        return self._steps is None

    def start(self) -> None:
        """The next step at the next turn of the event loop, and so on until the last (a no-op once done)."""
        if self._steps is not None:
            self._timer.start()

    def finish(self) -> None:
        """Every step left, now (a no-op once done)."""
        self._timer.stop()
        steps, self._steps = self._steps, None  # a step that asked to finish meanwhile finds nothing left
        if steps is not None:
            for _ in steps:
                pass

    def _next(self) -> None:
        if self._steps is None:
            return
        try:
            next(self._steps)
        except StopIteration:
            self._steps = None
            return
        self._timer.start()
