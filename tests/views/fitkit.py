"""What the fit sweep looks for in a widget tree: texts cut, sideways scrolling, widgets on one another, windows
larger than the screen, a default button out of reach (tests/views/test_fit_sweep.py).

Each detector reads the tree as laid out (no painting): a text is measured with the widget's own font metrics against
the room its style gives it. A problem is one line: its kind, the widget, the figures.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QScrollBar,
    QSizeGrip,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFrame,
    QTabBar,
    QTableView,
    QToolButton,
    QWidget,
)

SLACK = 1  # px a text may overrun its room by (rounding of the metrics)
OVERLAP = 3  # px two boxes may share (borders drawn on one another) before they hide one another
PLACEHOLDER_WORDS = 3
HEADER_PADDING = (
    6  # theme.qss: QHeaderView::section { padding: 6px }  # a field's hint must show at least its first words
)

TAGS = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _lines(label: QLabel) -> list[str]:
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    ):
        text = re.sub(r"<br\s*/?>|</p>|</li>|</div>|</tr>", "\n", text, flags=re.IGNORECASE)
        text = TAGS.sub("", text).replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    if label.buddy() is not None:  # its « & » underlines the next letter, it takes no room
        text = _plain(text)
    return [line for line in text.split("\n") if line.strip()]


def name(w: QWidget) -> str:
    """The widget as a reader of the report finds it: its class, object name and text."""
    text = ""
    if isinstance(w, (QLabel, QAbstractButton)):
        text = w.text()
    elif isinstance(w, QLineEdit):
        text = w.placeholderText() or w.accessibleName()
    elif w.accessibleName():
        text = w.accessibleName()
    owner = w.window()
    where = type(owner).__name__ if owner is not w else ""
    text = " ".join(text.split())[:60]
    return f"{where}>{type(w).__name__}{'#' + w.objectName() if w.objectName() else ''} «{text}»"


def shown(root: QWidget) -> Iterator[QWidget]:
    """The widgets of `root` an agent can see: visible, not inside a hidden or zero-sized part."""
    for w in root.findChildren(QWidget):
        if w.isVisible() and not w.isWindow() and w.width() > 0 and w.height() > 0 and w.window() is root.window():
            yield w


def _inside_compound(w: QWidget) -> bool:
    """Parts Qt builds inside a control (a combo's editor, a spin box's field, a view's header): checked with it."""
    parent = w.parentWidget()
    while parent is not None:
        if type(parent).__name__ in ("QComboBox", "QAbstractSpinBox", "QSpinBox", "QCalendarWidget"):
            return True
        parent = parent.parentWidget()
    return False


def clipped_label(w: QLabel) -> str | None:
    if w.wordWrap() and w.text():  # its lines taller than the height it was given: the last ones are cut
        tall = w.heightForWidth(w.width())
        if tall > w.height() + SLACK:
            return f"wrapped label cut: {name(w)} needs {tall} px tall, has {w.height()}"
        return None
    if w.wordWrap() or (w.pixmap() is not None and not w.pixmap().isNull()) or not w.text():
        return None
    if hasattr(w, "is_elided"):  # ElidedLabel: cut with « … » on purpose, whole in its tooltip
        return f"label elided: {name(w)}" if w.is_elided() else None
    room = w.contentsRect().width() - 2 * w.margin() - max(0, w.indent())
    metrics = w.fontMetrics()
    need = max((metrics.horizontalAdvance(line) for line in _lines(w)), default=0)
    if need > room + SLACK:
        return f"label cut: {name(w)} needs {need} px, has {room}"
    return None


def _button_room(w: QAbstractButton) -> int:
    opt = QStyleOptionButton()
    opt.initFrom(w)
    opt.text = w.text()
    opt.icon = w.icon()
    opt.iconSize = w.iconSize()
    if isinstance(w, QCheckBox):
        element = QStyle.SubElement.SE_CheckBoxContents
    elif isinstance(w, QRadioButton):
        element = QStyle.SubElement.SE_RadioButtonContents
    else:
        element = QStyle.SubElement.SE_PushButtonContents
    room = w.style().subElementRect(element, opt, w).width()
    if not w.icon().isNull():
        room -= w.iconSize().width() + 4
    return room


def clipped_button(w: QAbstractButton) -> str | None:
    if not w.text():
        return None
    if isinstance(w, QToolButton) or not isinstance(w, (QPushButton, QCheckBox, QRadioButton)):
        hint = w.sizeHint().width()
        return f"button cut: {name(w)} needs {hint} px, has {w.width()}" if hint > w.width() + SLACK else None
    metrics = w.fontMetrics()
    need = max(metrics.horizontalAdvance(line) for line in _plain(w.text()).split("\n"))
    room = _button_room(w)
    if need > room + SLACK:
        return f"button cut: {name(w)} needs {need} px, has {room}"
    return None


def clipped_tabs(bar: QTabBar) -> list[str]:
    found = []
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        rect, hint = bar.tabRect(i), bar.tabSizeHint(i)
        text = _plain(bar.tabText(i))
        if rect.width() + SLACK < hint.width() or not bar.rect().contains(rect):
            found.append(f"tab cut: {name(bar)} «{text}» needs {hint.width()} px, has {rect.width()}")
    return found


def narrow_field(w: QLineEdit) -> str | None:
    hint = w.placeholderText()
    if not hint:
        return None
    first = " ".join(hint.split()[:PLACEHOLDER_WORDS])
    opt = QStyleOptionFrame()
    w.initStyleOption(opt)
    margins = w.textMargins()
    room = (
        w.style().subElementRect(QStyle.SubElement.SE_LineEditContents, opt, w).width()
        - margins.left()
        - margins.right()
        - 4  # QLineEdit's own horizontal margin, 2 px a side
    )
    need = w.fontMetrics().horizontalAdvance(first)
    if need > room + SLACK:
        return f"field too narrow for its hint: {name(w)} «{first}» needs {need} px, has {room}"
    return None


def cut_headers(table: QTableView) -> list[str]:
    """Column titles cut: measured in the style sheet's titles (bold, 6 px of padding a side, theme.qss); a header
    that wraps its titles (TextWordWrap) cuts one whose widest word or wrapped lines do not fit."""
    header = table.horizontalHeader()
    if not header.isVisible() or table.model() is None:
        return []
    found = []
    font = QFont(header.font())
    font.setBold(True)
    metrics = QFontMetrics(font)
    wraps = bool(int(header.defaultAlignment().value) & Qt.TextFlag.TextWordWrap.value)
    for logical in range(header.count()):
        if header.isSectionHidden(logical) or header.sectionSize(logical) <= 0:
            continue
        text = str(table.model().headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            continue
        room = header.sectionSize(logical) - 2 * HEADER_PADDING
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == logical:
            room -= header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        if wraps:
            need = max(metrics.horizontalAdvance(word) for word in text.split())
            box = metrics.boundingRect(QRect(0, 0, max(1, room), 10_000), Qt.TextFlag.TextWordWrap.value, text)
            tall = header.height() - 2 * HEADER_PADDING
            if box.height() > tall + SLACK:
                found.append(f"column title cut: {name(table)} «{' '.join(text.split())}» needs {box.height()} px "
                             f"tall, has {tall}")  # fmt: skip
                continue
        else:
            need = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        if need > room + SLACK:
            found.append(f"column title cut: {name(table)} «{' '.join(text.split())}» needs {need} px, has {room}")
    return found


def sideways(area: QAbstractScrollArea) -> str | None:
    bar = area.horizontalScrollBar()
    off = area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    if bar.maximum() > 0 and not off:
        return f"scrolls sideways: {name(area)} by {bar.maximum()} px"
    if off and isinstance(area, QScrollArea) and area.widget() is not None:
        inner = area.widget()
        if inner.width() > area.viewport().width() + SLACK:  # no bar to bring its right part into view
            return f"cut on the right: {name(area)} content {inner.width()} px in {area.viewport().width()}"
    return None


def _overlay(w: QWidget) -> bool:
    """A widget laid over its parent on purpose: it covers the whole of it (the lock screen)."""
    parent = w.parentWidget()
    return parent is not None and w.geometry().contains(parent.rect())


def _laid_out(parent: QWidget) -> list[QWidget]:
    """The children of `parent` a layout or the parent placed side by side (not a scroll area's parts)."""
    if isinstance(parent, (QAbstractScrollArea, QTabBar, QHeaderView)) or _inside_compound(parent):
        return []
    if parent.objectName() == "qt_scrollarea_viewport":
        return []
    return [
        c
        for c in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if c.isVisible()
        and not c.isWindow()
        and not isinstance(c, (QScrollBar, QSizeGrip))
        and c.width() > 0
        and c.height() > 0
        and not _overlay(c)
        and not c.objectName().startswith("qt_")
    ]


def overlaps(root: QWidget) -> list[str]:
    found = []
    for parent in [root, *shown(root)]:
        children = _laid_out(parent)
        for a, b in itertools.combinations(children, 2):
            shared = a.geometry().intersected(b.geometry())
            if shared.width() > OVERLAP and shared.height() > OVERLAP:
                found.append(f"overlap: {name(a)} {a.geometry().getRect()} and {name(b)} {b.geometry().getRect()}")
        for c in children:  # drawn partly outside its parent: that part is cut
            if (
                not QRect(QPoint(0, 0), parent.size())
                .adjusted(-OVERLAP, -OVERLAP, OVERLAP, OVERLAP)
                .contains(c.geometry())
            ):
                found.append(f"outside its parent: {name(c)} {c.geometry().getRect()} in {parent.size().toTuple()}")
    return found


def problems(root: QWidget) -> list[str]:
    """Everything cut, scrolling sideways or hidden under another widget in `root`'s window, as shown now."""
    found: list[str] = []
    for w in shown(root):
        if _inside_compound(w):
            continue
        if isinstance(w, QLabel):
            found.append(clipped_label(w) or "")
        elif isinstance(w, QAbstractButton):
            found.append(clipped_button(w) or "")
        elif isinstance(w, QLineEdit):
            found.append(narrow_field(w) or "")
        elif isinstance(w, QTabBar):
            found += clipped_tabs(w)
        if isinstance(w, QTableView):
            found += cut_headers(w)
        if isinstance(w, QAbstractScrollArea):
            found.append(sideways(w) or "")
    found += overlaps(root)
    return [p for p in found if p]


def window_problems(window: QWidget, screen: QSize) -> list[str]:
    """A window that cannot be made as small as the screen, and a dialog's default button out of its sight."""
    found = []
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if window.width() > screen.width() or window.height() > screen.height():
        found.append(f"larger than the screen: {name(window)} {window.size().toTuple()} > {screen.toTuple()}")
    elif least.width() > screen.width() or least.height() > screen.height():
        found.append(f"cannot fit the screen: {name(window)} needs {least.toTuple()} > {screen.toTuple()}")
    if isinstance(window, QDialog):
        seen = QRect(QPoint(0, 0), window.size().boundedTo(screen))
        for button in window.findChildren(QPushButton):
            if button.isDefault() and button.isVisible():
                where = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
                if not seen.contains(where):
                    found.append(f"default button off screen: {name(button)} at {where.getRect()} in {seen.getRect()}")
    return found


def fit_dialog(dialog: QWidget, screen: QSize) -> None:
    """Open `dialog` as Qt and a window manager would on that screen: a size of its own if it chose one, else its
    preferred size within two thirds of the screen (QWidget::adjustSize), never below its least; then no larger than
    the screen, if its least allows (the window manager's clamp)."""
    dialog.ensurePolished()
    if not dialog.testAttribute(Qt.WidgetAttribute.WA_Resized):
        hint = dialog.sizeHint()
        layout = dialog.layout()
        if layout is not None and layout.hasHeightForWidth():
            hint.setHeight(layout.totalHeightForWidth(hint.width()))
        hint = hint.boundedTo(QSize(screen.width() * 2 // 3, screen.height() * 2 // 3))
        dialog.resize(hint.expandedTo(dialog.minimumSizeHint()))
    dialog.show()
    if dialog.width() > screen.width() or dialog.height() > screen.height():
        dialog.resize(dialog.size().boundedTo(screen))


@contextmanager
def screen_of(size: QSize) -> Iterator[None]:
    """The screen the screens measure themselves against (`QScreen.availableGeometry`, read from Python: a dialog
    fitting itself) is `size` for the time of the block; offscreen Qt has one screen of 800×800."""
    from PySide6.QtGui import QScreen

    saved = QScreen.availableGeometry, QScreen.geometry
    QScreen.availableGeometry = QScreen.geometry = lambda _self: QRect(QPoint(0, 0), size)  # type: ignore[method-assign]
    try:
        yield
    finally:
        QScreen.availableGeometry, QScreen.geometry = saved  # type: ignore[method-assign]
