"""The view kit's reflow widgets (RGAA 10.11): a row of buttons that stacks, a check box that wraps."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.views.kit.reflow import (
    ButtonRow,
    InnerScrollArea,
    InnerTabs,
    WrappingButton,
    WrappingCheckBox,
    wrap_words,
)


def _host(qtbot: QtBot, widget: QWidget, width: int) -> QWidget:
    host = QWidget()
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    layout.addStretch(1)
    qtbot.addWidget(host)
    host.resize(width, 400)
    host.show()
    qtbot.waitExposed(host)
    return host


def test_the_row_stacks_its_buttons_only_when_they_do_not_fit(qtbot: QtBot) -> None:
    save, clear = QPushButton("Vérifier et enregistrer (Ctrl+S)"), QPushButton("Effacer (Échap)")
    row = ButtonRow(save, clear)
    host = _host(qtbot, row, row.row_width() + 40)
    assert not row.stacked()
    assert save.geometry().top() == clear.geometry().top() and save.geometry().right() < clear.geometry().left()
    assert row.minimumSizeHint().width() == max(save.minimumSizeHint().width(), clear.minimumSizeHint().width())
    host.resize(row.row_width() - 20, 400)
    qtbot.waitUntil(row.stacked)
    qtbot.waitUntil(lambda: clear.geometry().top() > save.geometry().bottom())  # same order, one under the other
    assert save.width() >= save.minimumSizeHint().width() and clear.width() >= clear.minimumSizeHint().width()
    host.resize(row.row_width() + 40, 400)
    qtbot.waitUntil(lambda: not row.stacked())


def test_the_check_box_wraps_keeps_its_sentence_and_its_mnemonic(qtbot: QtBot) -> None:
    # The bracketed « (&H) » (no h in the words) is bound apart as Alt+H: shown and said without « (H) ».
    box = WrappingCheckBox("Déplacement à domicile ou en établissement (&H)")
    text = "Déplacement à domicile ou en établissement"
    host = _host(qtbot, box, 2000)
    assert box.text() == text and box.accessibleName() == text and box.toolTip() == "Raccourci : Alt+H"
    one_line = box.height()
    narrow = box.minimumSizeHint().width() + 10
    assert narrow < box.sizeHint().width() // 2
    host.resize(narrow, 400)
    qtbot.waitUntil(lambda: "\n" in box.text())
    assert box.text().replace("\n", " ") == text and box.whole_text() == text
    assert box.accessibleName() == text
    qtbot.waitUntil(lambda: box.height() > one_line)  # its lines take room: nothing drawn over what follows
    assert box.width() <= narrow
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    host.resize(2000, 400)
    qtbot.waitUntil(lambda: box.text() == text)


def test_a_new_text_wraps_too(qtbot: QtBot) -> None:
    box = WrappingCheckBox("court")
    host = _host(qtbot, box, 200)
    box.setText("un texte beaucoup plus long que la place qui lui est donnée ici")
    assert "\n" in box.text() and box.accessibleName().startswith("un texte beaucoup")
    host.resize(3000, 400)
    qtbot.waitUntil(lambda: "\n" not in box.text())


def test_the_inner_scroll_area_asks_for_a_few_lines_whatever_it_holds(qtbot: QtBot) -> None:
    area = InnerScrollArea()
    tall = QWidget()
    tall.setMinimumHeight(3000)
    area.setWidget(tall)
    area.setWidgetResizable(True)
    qtbot.addWidget(area)
    assert area.sizeHint().height() == area.fontMetrics().height() * InnerScrollArea.LINES


def test_inner_tabs_ask_for_their_minimum_not_their_tallest_page(qtbot: QtBot) -> None:
    class Tall(QWidget):
        def sizeHint(self) -> QSize:
            return QSize(100, 3000)  # a page at its ease

    tabs = InnerTabs()
    tall, short = Tall(), QWidget()
    tall.setMinimumHeight(40)
    tabs.addTab(short, "a")
    tabs.addTab(tall, "b")
    qtbot.addWidget(tabs)
    assert tabs.sizeHint().height() == tabs.minimumSizeHint().height() < 3000
    assert not tabs.hasHeightForWidth()


@given(st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=12), min_size=1, max_size=30), st.integers(1, 40))
def test_wrapped_lines_keep_every_word_in_order_and_fit(words: list[str], width: int) -> None:
    lines = wrap_words(words, lambda line: len(line) <= width)
    assert " ".join(lines).split(" ") == words
    assert all(len(line) <= width or " " not in line for line in lines)  # only a lone long word may overflow
    # greedy: the next line's first word would not have fitted on the line before
    assert all(len(f"{a} {b.split(' ')[0]}") > width for a, b in pairwise(lines))


def test_a_button_shown_or_hidden_changes_what_the_row_needs(qtbot: QtBot) -> None:
    accept, refuse, establish = QPushButton("Accepter"), QPushButton("Refuser"), QPushButton("Établir l'acte accepté")
    row = ButtonRow(accept, refuse, establish)
    establish.hide()
    narrow_enough = row.row_width() + 10
    host = _host(qtbot, row, narrow_enough)
    assert not row.stacked()
    establish.show()  # the row no longer fits in the same width: no resize, the layout request says so
    qtbot.waitUntil(row.stacked)
    establish.hide()
    qtbot.waitUntil(lambda: not row.stacked())
    assert host.width() == narrow_enough


def test_the_button_wraps_and_still_clicks(qtbot: QtBot) -> None:
    text = "Confirmer l'&invalidation et le signalement à Interpol"
    button = WrappingButton(text)
    clicked: list[bool] = []
    button.clicked.connect(lambda: clicked.append(True))
    host = _host(qtbot, button, 2000)
    assert button.text() == text
    host.resize(button.minimumSizeHint().width() + 10, 400)
    qtbot.waitUntil(lambda: "\n" in button.text())
    assert button.text().replace("\n", " ") == text and button.whole_text() == text
    assert button.accessibleName() == "Confirmer l'invalidation et le signalement à Interpol"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert clicked == [True]


def test_fields_side_by_side_keep_their_asked_width_and_share_the_rest(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from desktop.views.kit.fields import Field

    query, born = Field("Rechercher", QLineEdit()), Field("Date de naissance", QLineEdit())
    search = QPushButton("Rechercher (Entrée)")
    row = ButtonRow(query, born, search, stretches=(3, 1, 0))
    host = _host(qtbot, row, row.row_width() + 20)  # just enough: stretches alone would give the date 1/4
    assert not row.stacked()
    qtbot.waitUntil(lambda: born.width() >= born.line_width())
    assert born.label.heightForWidth(born.label.width()) == born.label.heightForWidth(10_000)  # one line
    host.resize(row.row_width() + 300, 400)
    qtbot.waitUntil(lambda: query.width() > born.width() + 150)  # the extra goes mostly to the search text (3 to 1)
    host.resize(row.row_width() - 40, 400)
    qtbot.waitUntil(row.stacked)
    qtbot.waitUntil(lambda: query.width() == born.width() == search.width())  # one under the other, whole width
    host.resize(row.row_width() + 300, 400)
    qtbot.waitUntil(lambda: not row.stacked() and born.width() >= born.line_width())
