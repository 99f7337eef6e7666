"""Fields with their French error line, framed sections, and violations shown next to the fields they concern."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QFrame, QLabel, QVBoxLayout, QWidget

from desktop.views.kit.announce import announce
from desktop.views.kit.dates import DateInput
from desktop.views.kit.mnemonics import bind_letter, split_mnemonic, spoken
from desktop.views.kit.runner import reference
from desktop.views.translations import labelled, plain, translate, unbroken

if TYPE_CHECKING:  # the window shows before the rules are imported (start-up time)
    from desktop.rules.types import Violation


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Red frame on an editor whose value a rule refused."""
    widget.setProperty("invalid", "true" if invalid else "false")
    repolish(widget)


# A list's closed box shows at least this many characters; longer choices are elided there, whole in the open list.
COMBO_MIN_CHARACTERS = 10


def shrinkable(combo: QComboBox) -> QComboBox:
    """A list box whose width follows its place, not its longest choice (RGAA 10.11: at 200 % text, an election's
    long name made Établir wider than the window); its open list is still as wide as the longest choice."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(COMBO_MIN_CHARACTERS)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    return combo


class Field(QWidget):
    """A label with its mnemonic, the editor, and the error line under it (QLabel#fieldError)."""

    def __init__(self, text: str, editor: QWidget, *, hint: str = "") -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        shown, letter = split_mnemonic(text)  # « Surname (&O) »: « Surname », Alt+O bound apart (kit.mnemonics)
        self.label = QLabel(shown)
        self.label.setWordWrap(True)  # a long label wraps at 200 % text instead of widening its column
        self.label.setBuddy(editor)
        if letter is not None:
            bind_letter(self.label, letter, lambda: editor.setFocus(Qt.FocusReason.ShortcutFocusReason))
        if isinstance(editor, QComboBox):
            shrinkable(editor)
        if text and isinstance(editor, QAbstractItemView) and not editor.accessibleName():
            editor.setAccessibleName(spoken(text))  # item views do not take their name from a buddy
        self.editor = editor
        self.hint = hint  # also the editor's accessible description: the format a screen reader user must know
        if hint and not editor.accessibleDescription():
            editor.setAccessibleDescription(hint)
        self.error = error_label()
        layout.addWidget(self.label)
        self.label.setVisible(bool(text))  # a check box carries its own text
        layout.addWidget(editor)
        if hint:
            hint_label = QLabel(unbroken(hint))
            hint_label.setObjectName("hint")
            hint_label.setWordWrap(True)
            layout.addWidget(hint_label)
        layout.addWidget(self.error)
        if isinstance(editor, DateInput):
            editor.editingFinished.connect(self._date_typed)

    @staticmethod
    def unreadable_date_text() -> str:
        """What a typed date that is no date gets, under its field (never « obligatoire »: something was typed)."""
        return translate(
            "Field",
            "Date impossible ou incomplète : saisissez le jour, le mois et l'année (JJ/MM/AAAA, par exemple "
            "15/01/1990).",
        )

    def _date_typed(self) -> None:
        """Said as soon as the agent leaves the date; what was typed stays for them to correct."""
        assert isinstance(self.editor, DateInput)
        if self.editor.unreadable():
            self.show_error(self.unreadable_date_text())
        elif self.error_text == self.unreadable_date_text():
            self.clear_error()

    def line_width(self) -> int:
        """The narrowest this field stands beside others: its label on one line, its editor at its minimum
        (`reflow.ButtonRow` stacks a line of fields when they do not fit so)."""
        label = self.label.fontMetrics().horizontalAdvance(self.label.text().replace("&", "")) + 4
        return max(label if self.label.isVisibleTo(self) else 0, self.editor.minimumSizeHint().width())

    def show_error(self, text: str, *, warning: bool = False) -> None:
        """Show a rule message under the editor and mark the editor invalid (nothing to do if already shown)."""
        if isinstance(self.editor, DateInput) and self.editor.unreadable():
            # The rules read an unreadable date as a missing one (« Renseignez la date… »): say what is wrong.
            text, warning = self.unreadable_date_text(), False
        name, invalid = ("fieldWarning", "false") if warning else ("fieldError", "true")
        if self.error_text == text and self.error.objectName() == name and self.editor.property("invalid") == invalid:
            return  # live checks repeat the same answer: re-polishing runs the style sheet on the GUI thread
        self.error.setObjectName(name)
        repolish(self.error)
        self.error.setText(unbroken(text))
        self.error.show()
        self.editor.setProperty("invalid", invalid)
        repolish(self.editor)
        # Said once to a screen reader, and kept in the editor's description for when the focus comes back.
        self.editor.setAccessibleDescription(f"{text} {self.hint}".strip())
        # Polite: live checks answer while the agent types; the banner of a refused save is the assertive one.
        announce(self.editor, labelled(self.label.text().replace("&", ""), text))

    def clear_error(self) -> None:
        """Back to normal; a typed date that is no date stays said (a form's live check, which has no rule for it,
        cleared it: the mandant's « 31/02/1980 » showed nothing)."""
        if isinstance(self.editor, DateInput) and self.editor.unreadable():
            self.show_error(self.unreadable_date_text())
            return
        if self.error.isHidden() and self.editor.property("invalid") != "true":
            return
        self.error.clear()
        self.error.hide()
        mark_invalid(self.editor, False)
        self.editor.setAccessibleDescription(self.hint)

    @property
    def error_text(self) -> str:
        """The message shown, or ''."""
        return "" if self.error.isHidden() else plain(self.error.text())


def section(title: str) -> tuple[QFrame, QVBoxLayout]:
    """A framed card with a section title; returns the frame and the layout to fill."""
    frame = QFrame()
    frame.setObjectName("card")
    frame.setAccessibleName(title.replace("&", ""))  # the group's name, for whoever enters it (RGAA 11.5)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.setSpacing(8)
    layout.addWidget(section_title(title))
    return frame, layout


def section_title(text: str = "") -> QLabel:
    """A section's title (QLabel#sectionTitle): it wraps at 200 % text or in a narrow window instead of widening
    the screen (RGAA 10.11)."""
    heading = QLabel(text)
    heading.setObjectName("sectionTitle")
    heading.setWordWrap(True)
    return heading


def error_label() -> QLabel:
    """A hidden red line placed under a field, shown with the rule id and its French message."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def show_violations(
    labels: dict[str | None, QLabel], found: Sequence[Violation], fields: dict[str | None, QWidget] | None = None
) -> None:
    """Put each violation under its field (unknown fields go to the None label); mark the fields invalid."""
    for label in labels.values():
        label.clear()
        label.hide()
    for widget in (fields or {}).values():
        mark_invalid(widget, False)
    for v in found:
        label = labels.get(v.field) or labels[None]
        text = f"{v.message} ({v.rule_id})" if v.rule_id else v.message
        label.setText(unbroken(f"{label.text()}\n{text}" if label.text() else text))
        label.setObjectName("fieldError" if v.blocking else "fieldWarning")
        repolish(label)
        label.show()
        if fields and v.field in fields:
            mark_invalid(fields[v.field], True)
    if found:
        said = [plain(label.text()) for label in labels.values() if label.text()]
        announce(next(iter(labels.values())), "\n".join(said), assertive=any(v.blocking for v in found))


def failure_text(exc: BaseException) -> str:
    """What the agent reads when something failed inside: plain French and a reference (the log has the same)."""
    import logging

    from desktop.failures import plain_failure

    ref = reference()
    # Only the type: messages of database errors may quote bound parameters, i.e. personal data.
    logging.getLogger(__name__).error("internal failure %s (ref %s)", type(exc).__name__, ref)
    known = plain_failure(exc)
    if known is not None:
        return translate("failure", "{failure} Ce que vous avez saisi est conservé. Référence : {ref}.").format(
            failure=known, ref=ref
        )
    return translate(
        "failure", "Une erreur interne est survenue ; rien de ce que vous avez saisi n'est perdu. Référence : {ref}."
    ).format(ref=ref)
