"""Small building blocks shared by the screens: page scaffold, notices, status labels."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


def set_state(label: QLabel, state: str) -> None:
    """Colour a status label (ok, warn, error, neutral) through the style sheet's [state] selector."""
    label.setProperty("state", state)
    label.style().unpolish(label)
    label.style().polish(label)
    label.updateGeometry()  # bold text is wider: let the layout (status bar) give it room


class Page(QWidget):
    """A screen: a title, a lead sentence, then the screen's own content in `body`."""

    def __init__(self, title: str, lead: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        outer = QVBoxLayout(self)
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
