"""What keeps a screen within its width at 200 % text (RGAA 10.11, reflow): a row of buttons that stacks them, a
check box and a button whose text wraps, a form's scroll area that leaves its buttons in sight.

**ButtonRow.** A row of action buttons (or of fields and their button) that stacks them when the screen is too narrow
for the row.

At 200 % text in 1366×900, « Vérifier et enregistrer (Ctrl+S) » beside « Effacer (Échap) » needs ~870 px where
Établir has ~890 beside the navigation: a plain row made the whole screen that wide, so the agent scrolled sideways
to read the form. This row asks its parent only for its widest button and, when it is given less than the row
needs, puts the buttons one under the other (in the same order: the tab chain and the mnemonics do not change).

**WrappingCheckBox.** Qt's check box never wraps its text: « Déplacement à domicile ou en établissement (H) » was
760 px at 200 %, wider than Établir's form beside the navigation. This one breaks its text into lines that fit the
width it is given (its minimum: the indicator and its longest word) and keeps the whole sentence, on one line, as
its accessible name; its mnemonic, its click target and its state are Qt's own. **WrappingButton** does the same
for a push button (« Confirmer l'invalidation et le signalement à Interpol », 920 px at 200 %).

**InnerScrollArea.** A scroll area inside a screen that scrolls itself (`Page.page_scroll`) asks Qt for its
content's height, up to 24 lines of text: 840 px at 200 %, more than the window has, so the whole screen scrolled
and the buttons under the form left the window. This one asks for a few lines and takes the height its layout's
stretch gives it: the form scrolls inside, the buttons stay in sight.

**InnerTabs.** The same for tabs whose pages scroll inside themselves (tables, an `InnerScrollArea`): Qt's tab
widget asks for its tallest page's height (and, when the page shown wraps its labels, that page's height at its
width), so Renouvellements at 1366×768 scrolled as a whole around a pane that scrolled too: two vertical scroll bars
side by side. These tabs ask for their minimum and take what the screen's stretch gives them; the screen scrolls only
when even that minimum does not fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QCheckBox,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QWidget,
    QWidgetItem,
)

from desktop.views.kit.mnemonics import bind_letter, split_mnemonic, spoken
from desktop.views.widgets import wrap_words

__all__ = [
    "ButtonRow",
    "InnerScrollArea",
    "InnerTabs",
    "WrappedBox",
    "WrappingButton",
    "WrappingCheckBox",
    "wrap_words",
]


def _wanted(widget: QWidget) -> int:
    """The width a widget needs in a row: a field's line (`Field.line_width`: its label on one line), else its hint."""
    line_width = getattr(widget, "line_width", None)
    return int(line_width()) if callable(line_width) else widget.sizeHint().width()


def together(*widgets: QWidget) -> QWidget:
    """Widgets kept on one line (a word and its field: « Période du » and its date), a part of a ButtonRow."""
    line = QWidget()
    row = QHBoxLayout(line)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return line


class ButtonRow(QWidget):
    """Buttons side by side when they fit, stacked when they do not; the row never widens its screen."""

    def __init__(self, *buttons: QWidget, spacing: int = 12, stretches: Sequence[int] = ()) -> None:
        """`stretches`: a row of fields and their button (Résilier's search line): each widget's share of the row's
        width when side by side; a widget given 0 (the button) sits at the bottom of the line, level with the
        editors under the labels. Without it, buttons at their own width from the left."""
        super().__init__()
        self._buttons = buttons
        self._stretches = tuple(stretches) or (0,) * len(buttons)
        if len(self._stretches) != len(buttons):
            raise ValueError("one stretch per widget")
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(spacing)
        # Not the layout's minimum (every button side by side) but `minimumSizeHint` below: the widest button.
        self._box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        for button, stretch in zip(buttons, self._stretches, strict=True):
            self._box.addWidget(
                button, stretch, Qt.AlignmentFlag.AlignBottom if stretches and not stretch else Qt.AlignmentFlag(0)
            )
        if not stretches:
            self._box.addStretch(1)

    def row_width(self) -> int:
        """What the buttons need side by side."""
        widths = [_wanted(b) for b in self._buttons if not b.isHidden()]
        return sum(widths) + self._box.spacing() * max(len(widths) - 1, 0)

    def stacked(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.TopToBottom

    def sizeHint(self) -> QSize:
        """As wide as its buttons side by side, even while stacked: a row in a row (the dashboard's three buttons
        beside the period) stacked once at a narrow width was then given only its stacked width and never came back
        side by side."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.row_width()), hint.height())

    def minimumSizeHint(self) -> QSize:
        widest = max((b.minimumSizeHint().width() for b in self._buttons if not b.isHidden()), default=0)
        return QSize(widest, super().minimumSizeHint().height())

    def _fit(self, width: int) -> None:
        fits = width >= self.row_width()
        direction = QBoxLayout.Direction.LeftToRight if fits else QBoxLayout.Direction.TopToBottom
        if self._box.direction() != direction:
            self._box.setDirection(direction)
            # Side by side the stretches share the width; stacked, each widget takes the whole width and no height
            # more than it asks for.
            for index, stretch in enumerate(self._stretches):
                self._box.setStretch(index, stretch if fits else 0)
            if len(self._stretches) < self._box.count():  # the buttons' trailing stretch
                self._box.setStretch(self._box.count() - 1, 1 if fits else 0)
            self.updateGeometry()  # one row or a column: its height changes, its parent lays it out again
        if any(self._stretches):
            # Side by side, each field keeps the width it asks for (its label on one line) and the stretches share
            # what is left; stacked, each takes the whole width. Again at each fit: the text size may have changed.
            for widget in self._buttons:
                widget.setMinimumWidth(_wanted(widget) if fits else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a button shown, hidden or renamed: the row's width changed
            self._fit(self.width())
            # Its parent's layout caches this row's minimum: the widest button may be another one now (a check box
            # or button wraps once polished, a line's text changed).
            self.updateGeometry()
        return super().event(event)


def _plain(text: str) -> str:
    return text.replace("&", "")


def _chrome(button: QAbstractButton) -> int:
    """What of the button's width is not its text (an indicator and its spacing, a frame and its padding)."""
    metrics = button.fontMetrics()
    widest_line = max((metrics.horizontalAdvance(line) for line in _plain(button.text()).split("\n")), default=0)
    return max(button.sizeHint().width() - widest_line, 0)


def _lines_for(button: QAbstractButton, whole: str, width: int) -> str:
    """`whole` broken into lines that fit `width` (unchanged when it fits on one)."""
    metrics = button.fontMetrics()
    room = width - _chrome(button)
    if metrics.horizontalAdvance(_plain(whole)) <= room:
        return whole
    return "\n".join(wrap_words(whole.split(), lambda line: metrics.horizontalAdvance(_plain(line)) <= room))


def _narrowest(button: QAbstractButton, whole: str) -> int:
    """The button's width with its longest word alone on a line."""
    metrics = button.fontMetrics()
    return _chrome(button) + max((metrics.horizontalAdvance(_plain(w)) for w in whole.split()), default=0)


if TYPE_CHECKING:
    _Button = QAbstractButton
else:
    _Button = object


class _WrapsItsText(_Button):
    """What `WrappingCheckBox` and `WrappingButton` share: the whole text kept, lines that fit the width given."""

    _whole: str

    def _keep_whole(self, text: str) -> None:
        self._whole = text
        self.setAccessibleName(spoken(text))
        # Qt's check boxes and buttons never shrink below their text (Minimum); these shrink and wrap.
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        self.setSizePolicy(policy)

    def whole_text(self) -> str:
        """The text as written (with its mnemonic), on one line."""
        return self._whole

    def setText(self, text: str) -> None:
        text, _letter = split_mnemonic(text)  # a letter bound apart stays the one bound at first (kit.mnemonics)
        self._keep_whole(text)
        super().setText(text)
        self._wrap(self.width())

    def minimumSizeHint(self) -> QSize:
        return QSize(_narrowest(self, self._whole), super().minimumSizeHint().height())

    def _wrap(self, width: int) -> None:
        text = _lines_for(self, self._whole, width)
        if text != self.text():
            super().setText(text)  # a new height: Qt lays the screen out again

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._wrap(event.size().width())
        super().resizeEvent(event)


class WrappingCheckBox(_WrapsItsText, QCheckBox):
    """A check box whose text wraps to the width it is given instead of widening its screen."""

    def __init__(self, text: str) -> None:
        shown, letter = split_mnemonic(text)  # « Déplacement … (&H) »: Alt+H bound apart (kit.mnemonics)
        QCheckBox.__init__(self, shown)
        self._keep_whole(shown)
        if letter is not None:
            bind_letter(self, letter, self._mnemonic)

    def _mnemonic(self) -> None:
        """What Qt's own mnemonic does to a check box: the focus, and a click."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.animateClick()


class WrappingButton(_WrapsItsText, QPushButton):
    """A push button whose text wraps to the width it is given (« Confirmer l'invalidation et le signalement à
    Interpol » was 920 px at 200 %, wider than the passport case pane)."""

    def __init__(self, text: str) -> None:
        shown, letter = split_mnemonic(text)
        QPushButton.__init__(self, shown)
        self._keep_whole(shown)
        if letter is not None:
            bind_letter(self, letter, self.animateClick)


class InnerScrollArea(QScrollArea):
    """A scroll area that takes the height its layout gives it instead of asking for its content's; never a stop of
    the Tab chain (Qt's scroll areas take the focus: Tab stopped on it, and a screen reader said « scroll area »
    between two fields), its content's controls are."""

    LINES = 6  # what it asks for, in lines of text: enough to show a field or two when the window is very short

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fontMetrics().height() * self.LINES)


class InnerTabs(QTabWidget):
    """Tabs that take the height their layout gives them instead of asking for their tallest page's, and whose
    minimum is the page shown's: Qt's is every page's, hidden ones included (Renouvellements at 200 % scrolled as a
    whole by 150 px around a passport tab that fitted, for Identifiants de vote's form and list, and Échéances du
    jour's lists measured at the 640 px of a page never shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._titles: dict[QWidget, tuple[str, str]] = {}
        self.tabBar().installEventFilter(self)
        self.currentChanged.connect(lambda _index: self.updateGeometry())  # another page, another minimum
        # Every tab in sight, its title cut with « … » when the bar is short (200 % text): Qt's arrows hid the third
        # one, « Identifiants de vote par internet », behind a scroll only a mouse could see. Whole in the tooltip.
        self.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        self.setUsesScrollButtons(False)

    def add_tab(self, page: QWidget, title: str, short: str) -> int:
        """A tab whose `short` title is shown when the whole titles do not fit the bar (200 % text on a small
        screen read « Re… », « Toda… » and « nternet voting cr. », its bold cut on both sides: the theme's selected
        tab is no longer bold), and if they do not fit either, with less padding; the whole title stays its tooltip
        and what a screen reader says."""
        index = self.addTab(page, title)
        self._titles[page] = (title, short)
        self.tabBar().setAccessibleTabName(index, _title_text(title))
        self._choose_titles()
        return index

    def tabInserted(self, index: int) -> None:
        super().tabInserted(index)
        self.tabBar().setTabToolTip(index, _title_text(self.tabText(index)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._choose_titles()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The bar's own font or style changed (the text size setting): measured once the bar has them.
        if watched is self.tabBar() and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self, self._choose_titles)
        return super().eventFilter(watched, event)

    SPARE = 8  # px of the widget the bar does not get (the pane's frame, rounding): chosen with that to spare
    TIGHTER = 16  # px a tab loses with the theme's tight padding (theme.qss, QTabBar[tight="true"]: 8 px a side)

    def _choose_titles(self) -> None:
        """The whole titles if they fit the bar, else the short ones, else the short ones with less padding."""
        if not getattr(self, "_titles", None):
            return
        bar = self.tabBar()
        metrics = bar.fontMetrics()
        tight = bool(bar.property("tight"))
        pages: list[tuple[int, tuple[str, str]]] = []
        chrome = 0  # the tabs' padding and frames at the normal padding: their sizes less their texts' widths
        for index in range(self.count()):
            chrome += bar.tabSizeHint(index).width() - metrics.horizontalAdvance(_title_text(bar.tabText(index)))
            chrome += self.TIGHTER if tight else 0
            titles = self._titles.get(self.widget(index) or self)
            pages.append((index, titles if titles is not None else (bar.tabText(index),) * 2))
        choices = (
            ([whole for _i, (whole, _short) in pages], False),
            ([short for _i, (_whole, short) in pages], False),
            ([short for _i, (_whole, short) in pages], True),
        )
        room = self.width() - self.SPARE
        chosen, tighter = next(
            (
                (texts, squeeze)
                for texts, squeeze in choices
                if chrome
                - squeeze * self.TIGHTER * len(pages)
                + sum(metrics.horizontalAdvance(_title_text(t)) for t in texts)
                <= room
            ),
            choices[-1],
        )
        if tighter != tight:
            bar.setProperty("tight", tighter)
            bar.style().unpolish(bar)
            bar.style().polish(bar)
        for (index, (whole, _short)), title in zip(pages, chosen, strict=True):
            if self.tabText(index) != title:
                self.setTabText(index, title)
                bar.setTabToolTip(index, _title_text(whole))

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        page = self.currentWidget()
        stack = page.parentWidget() if page is not None else None
        if page is None or stack is None:
            return hint
        # The tab bar's height and the frame's add to the pages' (their widths do not: the bar's may be the wider).
        every_page = stack.minimumSizeHint().height()
        shown = QWidgetItem(page).minimumSize().height()  # as a layout reads it: its own minimum, else its hint
        return QSize(hint.width(), hint.height() - every_page + shown)

    def hasHeightForWidth(self) -> bool:
        # Else the screen's scroll area asks the page shown for its height at this width: its tables at their ease.
        return False


def _title_text(title: str) -> str:
    """A title without its mnemonic's « & » (« && » is a « & »)."""
    return title.replace("&&", "\0").replace("&", "").replace("\0", "&")


class WrappedBox(QWidget):
    """A widget at least as tall as its wrapped lines need at its width: a layout shares its height from minimum
    heights that ignore wrapping, and a wrapped text was drawn over what follows it (Tableau de bord's
    « Renouvellements : … » over the rules' table at 1024×768; Échéances du jour's lists squeezed to 2 px at 200 %)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._hold_wrapped_height(event.size().width())

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # a text changed, not the width
            self._hold_wrapped_height(self.width())
        return handled

    def _hold_wrapped_height(self, width: int) -> None:
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            need = layout.minimumHeightForWidth(width)
            if need != self.minimumHeight():
                self.setMinimumHeight(need)  # the parent lays it out again
