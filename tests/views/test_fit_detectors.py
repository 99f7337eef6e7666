"""The fit sweep's detectors each see what they look for (a long text injected: the sweep fails), and the dialogs it
found too large for a 1024×600 screen at 200 % text now fit it (tests/views/test_fit_sweep.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fitkit import fit_dialog, problems, screen_of, window_problems
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.views import translations

LONG = "Identifiants de vote par internet pour les électeurs inscrits au registre des Français établis hors de France"
SMALL = QSize(1024, 560)  # a 1024×600 screen less the title bar and the system's bar


def _host(qtbot: QtBot, *widgets: QWidget, width: int = 300) -> QWidget:
    host = QWidget()
    layout = QVBoxLayout(host)
    for w in widgets:
        layout.addWidget(w)
    qtbot.addWidget(host)
    host.resize(width, 400)
    host.show()
    qtbot.waitExposed(host)
    return host


def _kinds(found: list[str]) -> set[str]:
    return {p.split(":")[0] for p in found}


def test_a_label_button_field_and_tab_that_fit_are_not_flagged(qtbot: QtBot) -> None:
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "Un")
    field = QLineEdit()
    field.setPlaceholderText("ex. 12")
    host = _host(qtbot, QLabel("Nom"), QPushButton("OK"), QCheckBox("Oui"), field, tabs)
    assert problems(host) == []


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda: QLabel(LONG), "label cut"),
        (lambda: QPushButton(LONG), "button cut"),
        (lambda: QCheckBox(LONG), "button cut"),
    ],
)
def test_a_long_text_is_seen_cut(qtbot: QtBot, make: Callable[[], QWidget], kind: str) -> None:
    widget = make()
    widget.setMaximumWidth(200)  # its layout gives it less than its text
    host = _host(qtbot, widget)
    assert kind in _kinds(problems(host))


def test_a_wrapped_label_shorter_than_its_lines_is_seen_cut(qtbot: QtBot) -> None:
    label = QLabel(LONG + " " + LONG)
    label.setWordWrap(True)
    label.setFixedHeight(20)
    assert "wrapped label cut" in _kinds(problems(_host(qtbot, label)))


def test_a_field_narrower_than_its_hints_first_words_is_seen(qtbot: QtBot) -> None:
    field = QLineEdit()
    field.setPlaceholderText("Circonscription consulaire d'inscription")
    field.setFixedWidth(90)
    assert "field too narrow for its hint" in _kinds(problems(_host(qtbot, field)))


def test_a_tab_title_cut_is_seen(qtbot: QtBot) -> None:
    tabs = QTabWidget()
    tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
    tabs.setUsesScrollButtons(False)
    for title in ("Passeport à distance", "Échéances du jour", LONG):
        tabs.addTab(QWidget(), title)
    assert "tab cut" in _kinds(problems(_host(qtbot, tabs)))


def test_a_column_title_cut_and_a_table_scrolling_sideways_are_seen(qtbot: QtBot) -> None:
    model = QStandardItemModel(2, 3)
    model.setHorizontalHeaderLabels(["N°", LONG, "Statut"])
    table = QTableView()
    table.setModel(model)
    table.horizontalHeader().resizeSection(1, 80)
    table.horizontalHeader().resizeSection(2, 600)
    found = _kinds(problems(_host(qtbot, table)))
    assert {"column title cut", "scrolls sideways"} <= found


def test_a_scrolled_page_wider_than_its_view_is_seen(qtbot: QtBot) -> None:
    area = QScrollArea()
    area.setWidgetResizable(True)
    wide = QLabel(LONG)
    area.setWidget(wide)
    host = _host(qtbot, area)
    assert "scrolls sideways" in _kinds(problems(host))
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    qtbot.wait(10)
    assert "cut on the right" in _kinds(problems(host)), (wide.width(), area.viewport().width())


def test_widgets_drawn_over_one_another_are_seen(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    a, b = QPushButton("Un", host), QPushButton("Deux", host)
    a.setGeometry(0, 0, 100, 40)
    b.setGeometry(50, 10, 100, 40)
    host.resize(300, 100)
    host.show()
    assert "overlap" in _kinds(problems(host))
    b.setGeometry(250, 10, 100, 40)  # past its parent's right edge
    assert "outside its parent" in _kinds(problems(host))


def test_a_dialog_larger_than_the_screen_and_its_default_button_out_of_sight_are_seen(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    row = QHBoxLayout()
    for _ in range(3):
        row.addWidget(QPushButton(LONG[:60]))
    layout.addLayout(row)
    for _ in range(12):
        layout.addWidget(QLineEdit())
    ok = QPushButton("Enregistrer")
    ok.setDefault(True)
    layout.addWidget(ok)
    fit_dialog(dialog, QSize(800, 300))
    found = _kinds(window_problems(dialog, QSize(800, 300)))
    assert {"larger than the screen", "default button off screen"} <= found


@pytest.fixture
def english_at_200(qapp: QApplication) -> Iterator[None]:
    from desktop.views.kit import colours
    from desktop.views.theme import apply_theme

    before = qapp.palette(), qapp.styleSheet(), qapp.font()
    translations.install("en")
    apply_theme(qapp, text_scale_percent=200)
    yield
    qapp.setPalette(before[0])
    qapp.setStyleSheet(before[1])
    qapp.setFont(before[2])
    colours.set_current(colours.CLAIR)
    translations.install("fr")


def _supervisor_dialog() -> QDialog:
    from desktop.rules.types import Violation
    from desktop.views.procurations.supervisor import SupervisorDialog

    cases = (
        Violation("R-ELIG-4", "Le mandant est sous tutelle : un superviseur décide de la procuration."),
        Violation("R-HOME-4", "Déplacement au domicile hors de la circonscription consulaire."),
    )
    return SupervisorDialog(object(), object(), cases)  # type: ignore[arg-type]


def _first_setup() -> QDialog:
    from desktop.views.login import FirstSetupDialog, LoginAnswer

    return FirstSetupDialog(lambda *_a: LoginAnswer(True), station_label="Consulat général de France à Montréal")


@pytest.mark.parametrize("make", [_supervisor_dialog, _first_setup], ids=["supervisor", "first-setup"])
def test_the_dialogs_fit_a_1024_by_600_screen_at_200_percent(
    qtbot: QtBot, english_at_200: None, make: Callable[[], QDialog]
) -> None:
    """The supervisor's decision was 1,206 px wide (its three buttons side by side) then, stacked, 687 px tall; the
    first set-up's five wrapped lines left its fields drawn over one another: each now scrolls its body above its
    buttons, within the screen."""
    with screen_of(SMALL):
        dialog = make()
        qtbot.addWidget(dialog)
        fit_dialog(dialog, SMALL)
        qtbot.waitExposed(dialog)
        qtbot.wait(20)  # its rows laid out again at its width (ButtonRow stacks on the next layout pass)
        found = window_problems(dialog, SMALL) + problems(dialog)
    assert found == [], (dialog.size(), found)
