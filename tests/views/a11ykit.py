"""What the accessibility tests walk: interactive widgets, their accessible names, the Tab chain, the layout."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTabBar,
    QPlainTextEdit,
    QTextEdit,
)


def interactive_widgets(root: QWidget, *, visible_only: bool = False) -> list[QWidget]:
    """Every control an agent can act on under `root` (a combo box's own editor and popup are part of it)."""
    found = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or isinstance(w, QScrollBar):
            continue
        if _inside_compound(w):
            continue
        if visible_only and not w.isVisibleTo(root):
            continue
        found.append(w)
    return found


def _inside_compound(w: QWidget) -> bool:
    """Sub-controls Qt builds inside another control (a combo's line edit, a spin box's edit, a tab widget's
    scroll buttons, a table's corner button): named by their owner."""
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return type(w).__name__ in ("QToolButton",) and w.objectName().startswith("qt_")


def accessible_name(w: QWidget) -> str:
    """What a screen reader says for the widget (label buddies, button texts and explicit names all count)."""
    iface = QAccessible.queryAccessibleInterface(w)
    if iface is None:
        return ""
    return iface.text(QAccessible.Text.Name).strip()


def describe(w: QWidget) -> str:
    return f"{type(w).__name__}#{w.objectName() or '?'} text={getattr(w, 'text', lambda: '')()!r}"


def global_rect(w: QWidget) -> QRect:
    return QRect(w.mapToGlobal(QPoint(0, 0)), w.size())
