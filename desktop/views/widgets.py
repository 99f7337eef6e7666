"""Small building blocks shared by the screens: page scaffold, notices, status labels."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QStatusBar, QVBoxLayout, QWidget

from desktop.views.kit.announce import announce


def plural(n: int, one: str, many: str) -> str:
    """« 0 dossier », « 1 dossier », « 2 dossiers »: French takes the singular for 0 and 1."""
    return f"{n} {one if n <= 1 else many}"


def set_state(label: QLabel, state: str) -> None:
    """Colour a status label (ok, warn, error, neutral) through the style sheet's [state] selector.

    A status label is a live region: a new result, warning or error is announced to assistive technology.
    """
    # The status bar's clock-like texts (« il y a 3 min ») are announced only when their state changes.
    said = state if _in_status_bar(label) else f"{state}\x1f{label.text()}"
    if state != "neutral" and label.property("announced") != said:
        announce(label, label.text(), assertive=state == "error")
    label.setProperty("announced", said)
    label.setProperty("state", state)
    label.style().unpolish(label)
    label.style().polish(label)
    label.updateGeometry()  # bold text is wider: let the layout (status bar) give it room


def _in_status_bar(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStatusBar):
            return True
        parent = parent.parentWidget()
    return False


class Page(QWidget):
    """A screen: a title, a lead sentence, then the screen's own content in `body`."""

    def __init__(self, title: str, lead: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        # At 200 % text (or on a small screen) a screen scrolls instead of widening the window past the screen.
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("pageScroll")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the Tab chain goes through the screen's controls only
        content = QWidget()
        content.setObjectName("pageContent")
        self.page_scroll.setWidget(content)
        frame = QVBoxLayout(self)
        frame.setContentsMargins(0, 0, 0, 0)
        frame.addWidget(self.page_scroll)
        outer = QVBoxLayout(content)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.setSpacing(12)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("pageTitle")
        self.lead_label = QLabel(lead)
        self.lead_label.setObjectName("pageLead")
        self.lead_label.setWordWrap(True)
        outer.addWidget(self.title_label)
        outer.addWidget(self.lead_label)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        outer.addLayout(self.body, 1)

    def focus_first(self) -> None:
        """Put the keyboard focus on the screen's first field (called when the screen is shown)."""
        self.focusNextChild()


def notice(text: str, *, warn: bool = False) -> QFrame:
    """A framed message: information (blue rule) or warning (red rule)."""
    frame = QFrame()
    frame.setObjectName("noticeWarn" if warn else "notice")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 10, 16, 10)
    label = QLabel(text)
    label.setWordWrap(True)
    layout.addWidget(label)
    return frame


class ElidedLabel(QLabel):
    """A label that gives way to narrow windows: each line is cut with « … » and the whole text is the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setToolTip(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(80, super().minimumSizeHint().height())

    def is_elided(self) -> bool:
        """Whether some line does not fit (tests, screenshots)."""
        metrics = self.fontMetrics()
        return any(metrics.horizontalAdvance(line) > self.contentsRect().width() for line in self.text().split("\n"))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        rect = self.contentsRect()
        lines = self.text().split("\n")
        y = rect.top() + max(0, (rect.height() - metrics.lineSpacing() * len(lines)) // 2)
        for line in lines:
            shown = metrics.elidedText(line, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect.left(), y, rect.width(), metrics.lineSpacing(), int(self.alignment()), shown)
            y += metrics.lineSpacing()
