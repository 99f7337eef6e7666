"""The dialogs and the lock screen: every control named, Tab in reading order (RGAA 11.1, 12.8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from a11ykit import accessible_name, describe, interactive_widgets, order_problems
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.seat import DemoSeat
from desktop.settings import load_settings
from desktop.views.agent_switch import AgentSwitchDialog
from desktop.views.lock import LockScreen
from desktop.views.login import FirstSetupDialog, LoginAnswer, LoginDialog, NewPasswordDialog


def _dialogs(tmp_path: Path) -> dict[str, QWidget]:
    settings = load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path / "data")
    host = QWidget()
    content = QLineEdit()
    QVBoxLayout(host).addWidget(content)
    return {
        "login": LoginDialog(
            lambda _l, _p: LoginAnswer(True), forgot=lambda _l: None, station_label="Consulat général"
        ),
        "new-password": NewPasswordDialog(login="agent1"),
        "first-setup": FirstSetupDialog(lambda *_a: LoginAnswer(True), station_label="Commissariat central"),
        "agent-switch": AgentSwitchDialog(DemoSeat(settings)),
        "lock": LockScreen(host, content, lambda _p: None, agent_label="Agent de démonstration"),
        "lock-host": host,
    }


@pytest.mark.parametrize("name", ["login", "new-password", "first-setup", "agent-switch", "lock"])
def test_every_dialog_names_its_controls_and_tabs_in_reading_order(qtbot: QtBot, tmp_path: Path, name: str) -> None:
    widgets = _dialogs(tmp_path)
    for widget in widgets.values():
        if widget.parentWidget() is None:
            qtbot.addWidget(widget)
    dialog = widgets[name]
    top = dialog.window()
    top.resize(900, 700)
    top.show()
    qtbot.waitExposed(top)
    controls = interactive_widgets(dialog, visible_only=True)
    assert controls, name
    assert not [describe(w) for w in controls if not accessible_name(w)]
    assert not order_problems(dialog)
