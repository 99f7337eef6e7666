"""Text size, live: Ctrl+plus, Ctrl+minus and Ctrl+Maj+0 (Ctrl+0 opens « À décider »), 80 to 200 %, saved.

The size is the agent's personal preference (Settings.text_scale_percent), on top of the OS text size. Saving waits
for the agent to stop pressing (one file write, not one a keystroke).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QScrollArea, QTableView, QWidget

from desktop.views.kit.announce import announce
from desktop.views.kit.azerty import ShiftedZero
from desktop.views.kit.tablefit import fit_to_contents, hold_again
from desktop.views.theme import MAX_PERCENT, MIN_PERCENT, set_text_scale

STEP = 10
ZOOM_IN = ("Ctrl++", "Ctrl+=")  # "=" is "+" without Shift on a US keyboard
ZOOM_OUT = ("Ctrl+-",)
RESET = ("Ctrl+Shift+0",)

log = logging.getLogger(__name__)
_KEYS = "guichetZoomKeys"  # a window that has the zoom keys already


class TextZoom(QObject):
    """The window's zoom keys; `save` writes the preference (None: not saved, e.g. screenshots)."""

    def __init__(self, window: QWidget, percent: int, *, save: Callable[[int], object] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.percent = percent
        self._save = save
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(600)
        self._timer.timeout.connect(self._write)
        # Once the screens are laid out again in the new size (the layouts' requests are posted, not run at once).
        self._refocus = QTimer(self)
        self._refocus.setSingleShot(True)
        self._refocus.setInterval(0)
        self._refocus.timeout.connect(self._keep_focus_in_sight)
        self._keys_on(window)
        # The window's dialogs too (the récapitulatif the agent reads with the citizen): each is a window of its own,
        # where the main window's keys do not reach. Given their keys when the focus first enters them.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def _keys_on(self, window: QWidget) -> None:
        for keys, step in ((ZOOM_IN, STEP), (ZOOM_OUT, -STEP), (RESET, 0)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), window)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(lambda step=step: self.change(step))
        # Ctrl+Maj+0 on AZERTY reaches the shortcuts as Ctrl+0 (« À décider »): taken before them (kit/azerty.py)
        window.installEventFilter(ShiftedZero(window, lambda: self.change(0)))
        window.setProperty(_KEYS, True)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        window = new.window()
        if window is self.window or window.property(_KEYS):
            return
        owner = window.parentWidget()
        while owner is not None and owner is not self.window:
            owner = owner.parentWidget()
        if owner is self.window:  # a dialog of this window's (another application window keeps its own keys)
            self._keys_on(window)

    def change(self, step: int) -> int:
        """Bigger (step > 0), smaller (step < 0) or back to 100 % (0); returns the size applied."""
        wanted = 100 if step == 0 else self.percent + step
        wanted = max(MIN_PERCENT, min(MAX_PERCENT, wanted))
        if wanted != self.percent:
            app = QApplication.instance()
            assert isinstance(app, QApplication)
            self.percent = set_text_scale(app, wanted)
            for view in self.window.findChildren(QTableView):  # titles and cells measured again in the new size
                if view.horizontalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Interactive:
                    fit_to_contents(view)
                hold_again(view)  # the rows it keeps in sight under its titles
            self._timer.start()
            self._refocus.start()
        announce(self.window, self.tr("Taille du texte : {n} %").format(n=self.percent))
        return self.percent

    def _keep_focus_in_sight(self) -> None:
        """The field the agent was in stays in the window: a form grown (or shrunk) under a scroll bar left where it
        was took the focus out of sight (WCAG 2.4.11), and the agent typed on, blind."""
        focus = self.window.focusWidget()  # this window's, even while a dialog of its own is in front
        if focus is None:
            return
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # every size final before scrolling to it
        if isinstance(focus, QAbstractItemView) and focus.currentIndex().isValid():
            focus.scrollTo(focus.currentIndex())  # the row the agent is on, in a list whose rows grew
        parent = focus.parentWidget()
        while parent is not None:  # the innermost scroll area first (Établir's form), then the screen's
            content = parent.widget() if isinstance(parent, QScrollArea) else None
            if isinstance(parent, QScrollArea) and content is not None:
                _show_whole(parent, content, focus)
            parent = parent.parentWidget()

    def flush(self) -> None:
        """Write a pending change now (closing the window: the write is waited for)."""
        if self._timer.isActive():
            self._timer.stop()
            self._write_now(self.percent)

    def _write(self) -> None:
        """The timer's write, on a thread of its own: the GUI thread never waits on the disk."""
        if self._save is not None:
            threading.Thread(target=self._write_now, args=(self.percent,), name="guichet-zoom-save").start()

    def _write_now(self, percent: int) -> None:
        if self._save is None:
            return
        try:
            self._save(percent)
        except (OSError, ValueError) as exc:  # a read-only profile: the size still applies for this session
            log.warning("text size not saved: %s", type(exc).__name__)


def _show_whole(area: QScrollArea, content: QWidget, child: QWidget) -> None:
    """`child` whole in `area`'s window when it fits there (Qt's `ensureWidgetVisible` shows a line edit's text
    cursor only: half the field could stay under the window's edge)."""
    top_left = child.mapTo(content, QPoint(0, 0))
    room = area.viewport().size()
    half_w, half_h = child.width() // 2, child.height() // 2
    area.ensureVisible(
        top_left.x() + half_w,
        top_left.y() + half_h,
        min(half_w + 4, room.width() // 2),
        min(half_h + 4, room.height() // 2),
    )


def install_zoom(window: QWidget, percent: int, *, preferences: Path | None = None) -> TextZoom:
    """The zoom keys on the main window, saving to the agent's preferences file."""
    from desktop.preferences import save_preference

    return TextZoom(window, percent, save=lambda p: save_preference("text_scale_percent", p, path=preferences))
