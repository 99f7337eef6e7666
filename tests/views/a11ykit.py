"""What the accessibility tests walk: interactive widgets, their accessible names, the Tab chain, the layout."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPoint, QRect, Qt
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


def _owner(w: QWidget) -> QWidget:
    """The control a sub-widget belongs to (a spin box's or combo box's line edit is the box itself)."""
    top = w
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            top = parent
        parent = parent.parentWidget()
    return top


def tab_chain(root: QWidget) -> list[QWidget]:
    """The controls under `root` that Tab visits, in order (shown, enabled, taking focus by Tab)."""
    chain: list[QWidget] = []
    w = root.nextInFocusChain()
    # Every wrapper met is kept as long as `root`'s: PySide links each one `nextInFocusChain` returns to the one it
    # was asked of, the chain is a ring, so the wrappers of a table's inner parts (header, scroll bars, corner
    # button) became a cycle of garbage; collected while the window lived (a full collection at any moment, on any
    # thread), it left a live table's header signalling a destroyed table: SIGSEGV at the next style change
    # (tests/views/test_focus_walk.py). Kept here, they go with the window, and the teardown collects after it.
    walked: list[QWidget] = getattr(root, "_focus_walked", [])
    root._focus_walked = walked  # type: ignore[attr-defined]
    for _ in range(2000):
        walked.append(w)
        if w is root:
            break
        if (
            root.isAncestorOf(w)
            and w.isVisible()
            and w.isEnabled()
            and w.focusProxy() is None
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            owner = _owner(w)
            if not chain or chain[-1] is not owner:
                chain.append(owner)
        w = w.nextInFocusChain()
    return chain


SLACK = 4  # pixels of overlap that do not make two boxes share a row or a column


def backwards(a: QRect, b: QRect) -> bool:
    """Whether going from `a` to `b` goes back in reading order: up within the same column, or left within a row.

    A jump up into a column to the right (a side panel read after the main one) is forward.
    """
    if b.bottom() <= a.top() + SLACK:  # b is above a
        return b.left() < a.right() - SLACK  # … and not in a column to its right
    same_row = b.top() < a.bottom() - SLACK and a.top() < b.bottom() - SLACK
    return same_row and b.right() <= a.left() + SLACK


def _placed(a: QWidget, b: QWidget) -> tuple[QRect, QRect]:
    """Where the eye finds `a` and `b` relative to each other: the boxes under their closest common ancestor
    that hold each (a field inside a scrolled form is read where the form is, not where its content extends)."""
    ancestors_b = []
    p = b
    while p is not None:
        ancestors_b.append(p)
        p = p.parentWidget()
    under_a = a
    common = a.parentWidget()
    while common is not None and common not in ancestors_b:
        under_a = common
        common = common.parentWidget()
    under_b = b if common is None else next((w for w in ancestors_b if w.parentWidget() is common), b)
    return global_rect(under_a), global_rect(under_b)


def order_problems(root: QWidget) -> list[str]:
    """Each step of the Tab chain that goes back in reading order."""
    chain = tab_chain(root)
    problems = []
    for a, b in itertools.pairwise(chain):
        ra, rb = _placed(a, b)
        if backwards(ra, rb):
            problems.append(f"{describe(a)} {ra.getRect()} -> {describe(b)} {rb.getRect()}")
    return problems
