"""A rule id is read whole: a label that wraps never ends a line on « (R- » with « AUTH-3) » on the next (English
screens showed « (R-\\nAUTH-3) » in the délégué's banner), and a screen reader is still told the plain id."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.rules.types import Violation
from desktop.views.kit.fields import Field, error_label, show_violations
from desktop.views.procurations.visa_row import VisaRow
from desktop.views.translations import NON_BREAKING_HYPHEN, plain, unbroken

MESSAGE = (
    "Délégué d'OPJ : vos procurations n'ont de valeur qu'avec le visa de l'OPJ qui vous a désigné (R-AUTH-3). "
    "Faites-le viser avant d'enregistrer (R-LIMIT-1, R-VALID-4a, R-ID-NUMIC-2)."
)


def _lines(text: str, font: QFont, width: int) -> list[str]:
    """The lines Qt lays `text` out in, `width` pixels wide, with a word-wrapping label's rules."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def _breaks_inside_an_id(text: str, font: QFont) -> list[int]:
    """The widths at which a line ends within a rule id (on « R- », « R-AUTH- »…)."""
    bad = []
    for width in range(60, 700, 3):
        for line in _lines(text, font, width)[:-1]:
            last = line.rstrip().rsplit(" ", 1)[-1].lstrip("(")
            if last.startswith(("R-", f"R{NON_BREAKING_HYPHEN}")) and last.endswith(("-", NON_BREAKING_HYPHEN)):
                bad.append(width)
    return bad


def test_plain_text_does_break_inside_an_id_and_unbroken_text_never_does(qtbot: QtBot) -> None:
    font = QLabel().font()
    assert _breaks_inside_an_id(MESSAGE, font)  # what Qt does with a plain hyphen: the guard can see a break
    assert _breaks_inside_an_id(unbroken(MESSAGE), font) == []
    assert plain(unbroken(MESSAGE)) == MESSAGE
    # Hyphens outside rule ids still break as words do (« Faites-le », « Nouvelle-Calédonie »).
    assert "Faites-le" in unbroken(MESSAGE) and unbroken("Nouvelle-Calédonie") == "Nouvelle-Calédonie"


def test_the_delegues_banner_keeps_its_rule_id_whole(qtbot: QtBot) -> None:
    row = VisaRow()
    qtbot.addWidget(row)
    assert "R-AUTH-3" in plain(row.label.text())
    assert _breaks_inside_an_id(row.label.text(), row.label.font()) == []
    row.given("Martin")
    assert _breaks_inside_an_id(row.label.text(), row.label.font()) == []


def test_a_field_error_is_shown_unbroken_and_said_plainly(qtbot: QtBot) -> None:
    editor = QLineEdit()
    field = Field("NUMIC", editor, hint="Huit caractères au plus (R-ID-NUMIC-2)")
    qtbot.addWidget(field)
    text = "Le NUMIC ne contient que des lettres et des chiffres (R-ID-NUMIC-2)."
    field.show_error(text)
    assert _breaks_inside_an_id(field.error.text(), field.error.font()) == []
    assert field.error_text == text  # what the rules said, for whoever compares it
    assert "R-ID-NUMIC-2" in editor.accessibleDescription()  # a screen reader hears the plain id
    hints = [w for w in field.findChildren(QLabel) if w.objectName() == "hint"]
    assert hints and _breaks_inside_an_id(hints[0].text(), hints[0].font()) == []


def test_violations_under_their_fields_are_unbroken(qtbot: QtBot) -> None:
    label = error_label()
    qtbot.addWidget(label)
    show_violations(
        {None: label}, [Violation("R-VALID-4a", "La date de fin dépasse d'un an la date d'établissement.", None)]
    )
    assert "R-VALID-4a" in plain(label.text())
    assert _breaks_inside_an_id(label.text(), label.font()) == []


def test_a_field_error_is_said_with_the_languages_punctuation(qtbot: QtBot) -> None:
    """English screen readers heard « Electoral list : R-LIMIT-3… », the French space before the colon (a11y audit)."""
    from desktop.views import translations
    from desktop.views.kit.announce import listen

    heard: list[str] = []
    stop = listen(lambda event: heard.append(event.message()))
    translations.install("en")
    try:
        field = Field("NUMIC", QLineEdit())
        qtbot.addWidget(field)
        field.show_error("Letters and digits only (R-ID-NUMIC-2).")
    finally:
        translations.install("fr")
        stop()
    assert any(said.startswith("NUMIC: ") for said in heard), heard
    field = Field("NUMIC", QLineEdit())
    qtbot.addWidget(field)
    heard.clear()
    stop = listen(lambda event: heard.append(event.message()))
    field.show_error("Lettres et chiffres seulement (R-ID-NUMIC-2).")
    stop()
    assert any(said.startswith("NUMIC : ") for said in heard), heard
