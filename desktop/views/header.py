"""The window's header: the République's mark, the application's name, the demo's badge, the station and the agent
at the counter, « Changer d'agent » and « Verrouiller ».

On one row it needs about 1,300 px with the demo's badge and a consulate's name: at 1024 px the station and agent
lines were cut to « Co… » / « Age… », which says neither. The header now tries the arrangements of `FITS` in
order and keeps the first that fits its width: one row; the demo's badge on two lines; the station and the agent
on a line of their own under the rest (wrapped at words when even that line is too long); « Verrouiller » without
its key (which stays in its tooltip). Only past the last one (200 % text on a small screen) is a line cut with
« … », whole in the tooltip and to screen readers.

Made in the window's first frame: no `PySide6.QtCore.Qt` enum here (see `widgets.NO_FOCUS`).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

from desktop.views.widgets import ALIGN_RIGHT_VCENTER, NO_FOCUS, ElidedLabel, widest_line, width_with, wrap_words

__all__ = ["FITS", "Fit", "HeaderBar"]

MARGIN = 24  # left and right
GAP_AFTER_BRAND = 24
GAP_BEFORE_BADGE = 16
GAP_BEFORE_BUTTONS = 12
GAP_BETWEEN_BUTTONS = 6
WHO_SEPARATOR = " · "


class Fit(NamedTuple):
    """One arrangement of the header (a NamedTuple: the shell's first frame makes no dataclass)."""

    two_rows: bool  # the station and the agent on a line of their own, under the rest
    short_badge: bool  # « DÉMONSTRATION » over « données fictives »
    short_lock: bool  # « Verrouiller », its key in the tooltip


FITS = (
    Fit(two_rows=False, short_badge=False, short_lock=False),
    Fit(two_rows=False, short_badge=True, short_lock=False),
    Fit(two_rows=True, short_badge=False, short_lock=False),
    Fit(two_rows=True, short_badge=True, short_lock=False),
    Fit(two_rows=True, short_badge=True, short_lock=True),
)


class HeaderBar(QFrame):
    """The header; `fit` is the arrangement it shows (tests)."""

    switch_agent_requested = Signal()
    lock_requested = Signal()

    def __init__(self, station_label: str, agent_label: str, *, demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.fit = FITS[0]
        self._station, self._agent = station_label, agent_label
        rows = QVBoxLayout(self)
        rows.setContentsMargins(MARGIN, 12, MARGIN, 12)
        rows.setSpacing(4)
        # Not the minimum of the arrangement shown (which would hold the window at its width) but `minimumSizeHint`
        # below: that of the narrowest one.
        rows.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._rows = rows
        row = QHBoxLayout()
        row.setSpacing(0)  # every gap is said below: `_needed` adds them up
        self._row = row
        rows.addLayout(row)
        self.brand = QLabel(self.tr("RÉPUBLIQUE\nFRANÇAISE"))
        self.brand.setObjectName("brand")
        self.title = QLabel(self.tr("Guichet"))
        self.title.setObjectName("appTitle")
        row.addWidget(self.brand)
        row.addSpacing(GAP_AFTER_BRAND)
        row.addWidget(self.title)
        self.badge: QLabel | None = None
        if demo:
            self.badge = QLabel(self._badge_text(short=False))
            self.badge.setObjectName("demoBadge")
            row.addSpacing(GAP_BEFORE_BADGE)
            row.addWidget(self.badge)
        # On one row the station and agent take what is left, right-aligned; on two rows they leave it to this stretch.
        self._stretch_index = row.count()
        row.addStretch(0)
        self.who = ElidedLabel(self._who_text(), align=ALIGN_RIGHT_VCENTER)
        self.who.setObjectName("stationLabel")
        self._who_index = row.count()
        row.addWidget(self.who, 1)
        row.addSpacing(GAP_BEFORE_BUTTONS)
        # Agents take turns at one counter: who acts is always one key or one click away.
        self.switch_button = QPushButton(self.tr("Changer d'agent"))
        self.switch_button.setObjectName("headerButton")
        self.switch_button.setToolTip(
            self.tr("Un autre agent prend le guichet : les actes suivants sont les siens (Ctrl+Maj+L)")
        )
        self.switch_button.clicked.connect(self.switch_agent_requested)
        self.lock_button = QPushButton(self._lock_text(short=False))
        self.lock_button.setObjectName("headerButton")
        self.lock_button.setToolTip(self.tr("Masquer l'écran ; la saisie en cours est conservée (Ctrl+L)"))
        self.lock_button.clicked.connect(self.lock_requested)
        row.addWidget(self.switch_button)
        row.addSpacing(GAP_BETWEEN_BUTTONS)
        row.addWidget(self.lock_button)
        for button in (self.switch_button, self.lock_button):
            button.setProperty("focusPolicy", NO_FOCUS)  # never in the Tab chain of a form
            button.hide()  # nobody holds the counter yet (the login's prompt, the demo's opening): `seat_taken`

    # -- texts ---------------------------------------------------------------------------------------------------
    def _badge_text(self, *, short: bool) -> str:
        return self.tr("DÉMONSTRATION\ndonnées fictives") if short else self.tr("DÉMONSTRATION — données fictives")

    def _lock_text(self, *, short: bool) -> str:
        return self.tr("Verrouiller") if short else self.tr("Verrouiller (Ctrl+L)")

    def _who_text(self) -> str:
        return "\n".join(part for part in (self._station, self._agent) if part)

    def whole_who(self) -> str:
        """The station and the agent, each on its line, whatever the arrangement (tooltip, tests)."""
        return self._who_text()

    # -- behaviour -----------------------------------------------------------------------------------------------
    def seat_taken(self) -> None:
        self.switch_button.show()
        self.lock_button.show()
        self._arrange(self.width())

    def set_agent(self, agent_label: str) -> None:
        self._agent = agent_label
        self._arrange(self.width(), force=True)

    def _needed(self, fit: Fit) -> int:
        """The width of the first row in `fit`, the station and agent included when they are on it."""
        widths = [MARGIN, self.brand.sizeHint().width(), GAP_AFTER_BRAND, self.title.sizeHint().width()]
        if self.badge is not None:
            widths += [GAP_BEFORE_BADGE, width_with(self.badge, self._badge_text(short=fit.short_badge))]
        if not fit.two_rows:
            chrome = self.who.contentsMargins().left() + self.who.contentsMargins().right()
            widths.append(widest_line(self.who, self._who_text()) + chrome)
        widths += [GAP_BEFORE_BUTTONS, MARGIN]
        if not self.switch_button.isHidden():
            widths.append(self.switch_button.sizeHint().width())
        if not self.lock_button.isHidden():
            widths += [GAP_BETWEEN_BUTTONS, width_with(self.lock_button, self._lock_text(short=fit.short_lock))]
        return sum(widths)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._needed(FITS[-1]), super().minimumSizeHint().height())

    def _choose(self, width: int) -> Fit:
        return next((fit for fit in FITS if self._needed(fit) <= width), FITS[-1])

    def _who_lines(self, fit: Fit, width: int) -> str:
        """One row: the station over the agent. Two rows: one line if it fits, else the station over the agent,
        each wrapped at words to the header's width."""
        if not fit.two_rows:
            return self._who_text()
        metrics = self.who.fontMetrics()
        room = max(width - 2 * MARGIN, 1)
        parts = [part for part in (self._station, self._agent) if part]
        joined = WHO_SEPARATOR.join(parts)
        if metrics.horizontalAdvance(joined) <= room:
            return joined
        lines: list[str] = []
        for part in parts:
            lines += wrap_words(part.split(), lambda line: metrics.horizontalAdvance(line) <= room)
        return "\n".join(lines)

    def _arrange(self, width: int, *, force: bool = False) -> None:
        fit = self._choose(width)
        if fit.two_rows != self.fit.two_rows:
            if fit.two_rows:
                self._row.removeWidget(self.who)
                self._rows.addWidget(self.who)
            else:
                self._rows.removeWidget(self.who)
                self._row.insertWidget(self._who_index, self.who, 1)
            self._row.setStretch(self._stretch_index, 1 if fit.two_rows else 0)
        if fit != self.fit or force or fit.two_rows:
            if self.badge is not None:
                self.badge.setText(self._badge_text(short=fit.short_badge))
            self.lock_button.setText(self._lock_text(short=fit.short_lock))
            self.who.setText(self._who_lines(fit, width))  # unchanged text: Qt does nothing
            self.who.setToolTip(self._who_text())
        self.fit = fit

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a button shown, a new text size: the widths changed
            self._arrange(self.width())
        return super().event(event)
