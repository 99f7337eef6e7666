"""Small building blocks shared by the screens: page scaffold, notices, status labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea, QSizePolicy, QStatusBar, QVBoxLayout, QWidget

from desktop.views.kit.announce import announce

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton


# Qt's values for what the window's first frame sets, as plain ints: the first use of `PySide6.QtCore.Qt` makes its
# ~140 Python enums at once (~12 ms), so the shell's widgets are given these through Qt properties (`setProperty`
# takes an int for an enum property) and the `Qt` namespace waits until after the frame (tests/views/test_startup*).
NO_FOCUS = 0  # Qt.FocusPolicy.NoFocus
ALIGN_LEFT_VCENTER = 0x0081  # Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter: a QLabel's default
ALIGN_RIGHT_VCENTER = 0x0082  # Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ELLIPSIS = "\u2026"
USER_ROLE = 0x0100  # Qt.ItemDataRole.UserRole
ACCESSIBLE_TEXT_ROLE = 11  # Qt.ItemDataRole.AccessibleTextRole


def plural(n: int, one: str, many: str) -> str:
    """« 0 dossier », « 1 dossier », « 2 dossiers »: French takes the singular for 0 and 1."""
    return f"{n} {one if n <= 1 else many}"


def set_state(label: QLabel, state: str, *, polished: bool = True) -> None:
    """Colour a status label (ok, warn, error, neutral) through the style sheet's [state] selector.

    A status label is a live region: a new result, warning or error is announced to assistive technology.
    `polished=False` for a label never shown yet: its first polish reads the state (and `QStyle.polish`'s overload
    taking a QPalette makes Qt's ~140 enums, ~12 ms, before the window's first frame).
    """
    # The status bar's clock-like texts (« il y a 3 min ») are announced only when their state changes.
    said = state if _in_status_bar(label) else f"{state}\x1f{label.text()}"
    if state != "neutral" and label.property("announced") != said:
        announce(label, label.text(), assertive=state == "error")
    label.setProperty("announced", said)
    label.setProperty("state", state)
    if not polished:
        return
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
        # The Tab chain goes through the screen's controls only (Qt.FocusPolicy.NoFocus, see NO_FOCUS).
        self.page_scroll.setProperty("focusPolicy", NO_FOCUS)
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
        self.title_label.setWordWrap(True)  # « Résilier les procurations d'un mandant » is 1,140 px at 200 % text
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

    def enter_from(self, before: QWidget) -> None:
        """Focus the screen's first field from `before`, the widget ahead of the screen in the focus chain.

        `focus_first` moves on from the focus where it is, which may sit in the screen just left: read over AT-SPI,
        Ctrl+6 and Ctrl+8 left it in the navigation (tests/views/test_atspi_reader.py). `before` keeps the focus when
        the screen has nothing to act on."""
        before.setFocus()
        self.focus_first()
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            before.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        name_headers(self)  # tables made since the last time too


def name_headers(root: QWidget) -> None:
    """Each table's column (and row) titles named for screen readers after their table: Qt leaves a header view
    unnamed, and a screen reader entering it said « en-tête » with nothing to tell which table it heads."""
    from PySide6.QtWidgets import QHeaderView

    for header in root.findChildren(QHeaderView):
        if header.accessibleName():
            continue
        # Qt's enums and the translations only past here: the first frame's opening page has no table.
        from PySide6.QtCore import Qt

        from desktop.views.translations import translate

        view = header.parentWidget()
        table = (view.accessibleName() if view is not None else "") or translate("Page", "Tableau")
        if header.orientation() == Qt.Orientation.Horizontal:
            said = translate("Page", "{table} : titres des colonnes")
        else:
            said = translate("Page", "{table} : titres des lignes")
        header.setAccessibleName(said.format(table=table))


def notice(text: str, *, warn: bool = False) -> QFrame:
    """A framed message: information (blue rule) or warning (red rule)."""
    frame = QFrame()
    frame.setObjectName("noticeWarn" if warn else "notice")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 10, 16, 10)
    from desktop.views.translations import unbroken

    label = QLabel(unbroken(text))
    label.setWordWrap(True)
    layout.addWidget(label)
    return frame


def wrap_words(words: list[str], fits: Callable[[str], bool]) -> list[str]:
    """Greedy lines of `words`, each as long as `fits` allows (a word longer than the width has a line of its own)."""
    lines: list[str] = []
    for word in words:
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def widest_line(widget: QWidget, text: str) -> int:
    """The advance of the longest line of `text` in the widget's font."""
    metrics = widget.fontMetrics()
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def width_with(widget: QLabel | QAbstractButton, text: str) -> int:
    """The widget's width with `text` on its lines instead of its own: its frame and padding kept."""
    chrome = max(widget.sizeHint().width() - widest_line(widget, widget.text()), 0)
    return chrome + widest_line(widget, text)


def elide_right(metrics: QFontMetrics, line: str, width: int) -> str:
    """The line, or its longest beginning that fits in `width` pixels followed by « … » (Qt's ElideRight, without
    `Qt.TextElideMode`: the header's station name is cut in the window's first frame, see NO_FOCUS)."""
    if metrics.horizontalAdvance(line) <= width:
        return line
    fits, over = 0, len(line)  # the beginning of `fits` characters fits with the ellipsis; that of `over` does not
    while over - fits > 1:
        middle = (fits + over) // 2
        if metrics.horizontalAdvance(line[:middle] + ELLIPSIS) <= width:
            fits = middle
        else:
            over = middle
    if fits == 0 and metrics.horizontalAdvance(ELLIPSIS) > width:
        return ""
    return line[:fits] + ELLIPSIS


class ElidedLabel(QLabel):
    """A label that gives way to narrow windows: each line is cut with « … » and the whole text is the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, align: int = ALIGN_LEFT_VCENTER) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setToolTip(text)
        self.align = align  # painted with it (an int: reading `alignment()` back would make Qt's enums)
        self.setProperty("alignment", align)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:
        super().setAlignment(alignment)
        self.align = int(alignment)

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
            shown = elide_right(metrics, line, rect.width())
            painter.drawText(rect.left(), y, rect.width(), metrics.lineSpacing(), self.align, shown)
            y += metrics.lineSpacing()
