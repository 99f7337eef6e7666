"""The first start's dialog at 200 % text: nothing cut on its right (tests/views/test_fit_sweep.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fitkit import fit_dialog, problems, screen_of
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from desktop.views import translations
from desktop.views.kit.fields import text_width
from desktop.views.login import FirstSetupDialog, LoginAnswer


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("screen", [QSize(1024, 560), QSize(1366, 728)])
def test_the_first_setup_form_is_never_cut_on_the_right(
    qtbot: QtBot, themed: Callable[..., None], screen: QSize, language: str
) -> None:
    """« Adresse électronique » beside the password and « Générer un autre » needed 736 px in the 720-pixel dialog:
    its right part was cut, with no scroll bar to reach it; in English the generated password, read off this screen,
    showed « Z2-fPFu » (session 38). The button goes under the password, the password under its label when the two
    do not fit side by side."""
    translations.install(language)
    themed(text_scale_percent=200)
    with screen_of(screen):
        dialog = FirstSetupDialog(lambda *_a: LoginAnswer(True), station_label="Consulat de France à Montréal")
        qtbot.addWidget(dialog)
        fit_dialog(dialog, screen)
        qtbot.waitExposed(dialog)
        qtbot.wait(50)
        found = problems(dialog)
        whole = text_width(dialog.password_edit, dialog.password_edit.text())
        shown = dialog.password_edit.width()
    translations.install("fr")
    assert not found, "\n".join(found)
    assert shown >= whole, (shown, whole)
