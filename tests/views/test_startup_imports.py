"""What start-up imports before the window's first frame and before the agent can act, checked in a fresh process
(`sys.modules`, never a timer): what is not needed yet is imported once the agent sees the window or can act."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Up to the shell's first frame, as `guichet --demo` does it.
SHELL = """
import json, sys, tempfile
from pathlib import Path
from desktop.__main__ import _parser
from desktop.settings import load_settings
from desktop.views.app import build_shell
from desktop.views.loading import ContextHolder
from desktop.views.theme import apply_theme
from desktop.logs import hold_logging
from PySide6 import QtCore
from PySide6.QtWidgets import QApplication
folder = Path(sys.argv[1])
settings = load_settings(config_path=folder / "absent.toml", environ={}, data_dir=folder / "data", demo=True)
if len(sys.argv) > 2:
    settings = settings._replace(theme=sys.argv[2])
hold_logging(settings.logs_dir)
app = QApplication(["guichet", "-style", "fusion"])  # as views/start.run makes it
from desktop.views.translations import install
install(settings.language, qt_base=False)  # as views/start.run: Qt's own catalog after the frame
apply_theme(app, theme=settings.theme, text_scale_percent=settings.text_scale_percent, fusion=True)
from desktop.views.kit.lastresort import LastResort
LastResort(app).install()
window = build_shell(settings, ContextHolder())
window.show()
window.grab()
from PySide6 import QtGui, QtWidgets
names = ("QMessageBox", "QAccessible", "QShortcut", "QStyle", "QStyledItemDelegate", "QStyleOptionViewItem")
made = [n for m in (QtGui, QtWidgets) for n in names if n in m.__dict__]
made += [n for n in ("QLibraryInfo",) if n in QtCore.__dict__]  # where Qt's catalog is: after the frame
found = {"modules": sorted(sys.modules), "qt_enums": "Qt" in QtCore.__dict__, "classes": made}
found["screens"] = window.stack.count()
import dataclasses
found["dataclasses"] = sorted(
    f"{c.__module__}.{c.__qualname__}"
    for m in list(sys.modules.values())
    if getattr(m, "__name__", "").startswith("desktop")
    for c in vars(m).values()
    if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == m.__name__
)
app.setStyleSheet("")  # else the style asked is the style sheet's, named ""
found["style"] = app.style().name()  # after the frame: asking it makes QStyle's enums
print(json.dumps(found))
"""

# What the loader does before "ready": the context, then the first screen's services and modules.
FIRST_SCREEN = """
import json, sys
from pathlib import Path
from desktop.settings import load_settings
from desktop.context import build_context
from desktop.views.loading import FIRST_SCREENS, ServiceScreens
folder = Path(sys.argv[1])
settings = load_settings(config_path=folder / "absent.toml", environ={}, data_dir=folder / "data", demo=True)
ctx = build_context(settings, defer_demo=True)
ServiceScreens(ctx).factories(FIRST_SCREENS)
present = ctx.reader.card_present(ctx.reader.readers()[0])
ctx.close()
print(json.dumps({"modules": sorted(sys.modules), "card": present}))
"""

NOT_BEFORE_THE_FRAME = [
    "sqlalchemy",
    "pydantic",
    "reportlab",
    "cryptography",
    "httpx",
    "PIL",
    "desktop.context",
    "desktop.models",
    "desktop.services",
    "desktop.sync",
    "desktop.receipts.pdf",
    "desktop.rules.facts",  # the settings parse a préfet's opening periods with it, when there are any
    "desktop.views.pages",  # the other screens come right after the frame
    "desktop.views.sync_view",
    "desktop.views.nav_delegate",  # a section badged or refused: Qt's delegate and style option classes (~10 enums)
    "desktop.views.kit.zoom",
    "desktop.views.station_login",  # the login over the shell: made right after the frame
    "desktop.views.kit.runner",  # its thread pool: the store's loader and the login start after the frame
    "logging.handlers",  # the rotating log file is made after the frame, the records held until then
    "secrets",  # hmac and hashlib, for private files' temporary names
    "desktop.receipts.fonts",  # the receipts' fonts (a dataclass); the screens' faces come from desktop.resources
    "dataclasses",  # ~0.7 ms, and ~1.1 ms for a frozen dataclass of the settings' 24 fields: a NamedTuple now
    "platformdirs",  # ~2 ms: on Linux the preferences' folder follows the plain XDG rule (desktop/paths.py)
    "importlib.resources",  # ~2 ms: a package on disk is read from its folder (desktop/resources/__init__.py)
]

# The first frame makes no dataclass: a frozen dataclass compiles its generated methods as it is made, from about
# 0.5 ms for a few fields to 1.5 ms for 35 (the settings, the colours' Tokens and the status bar's snapshot are
# NamedTuples), and `dataclasses` itself costs ~0.7 ms to import. A new one before the frame belongs after it, or is a
# NamedTuple or a plain class.
FIRST_FRAME_DATACLASSES: list[str] = []

NOT_BEFORE_READY = [
    "desktop.services.dashboard",  # its HTTP client (httpx, and through it rich and click)
    "desktop.services.reports",  # reportlab's platypus, for the activity report
    "desktop.views.dashboard",
    "desktop.views.activity",
    "desktop.views.renewals",
    "httpx",
    "reportlab",  # the receipt's PDF: warmed on the loader once the agent can act (the demo prints to no device)
    "desktop.receipts.pdf",
    "escpos",
    "desktop.devices.cards.vchip.build",  # the demo's card is built once the agent can act
    # The receipt's layout and the QR code's library (with PIL): the printer's settings need only a profile's name
    # (receipts/escpos_profiles.py), Établir's preview imports its painter when it paints; ~50 ms on a slow machine.
    "desktop.receipts.layout",
    "desktop.receipts.qr",
    "qrcode",
    "PIL",
    "desktop.devices.printers.qt_print",
]


def _modules(program: str, folder: Path, *args: str) -> object:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", program, str(folder), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.slow  # a fresh Python process
def test_the_first_frame_needs_neither_the_store_nor_the_other_screens(tmp_path: Path) -> None:
    found = _modules(SHELL, tmp_path)
    assert isinstance(found, dict)
    early = [m for m in NOT_BEFORE_THE_FRAME if m in found["modules"]]
    assert early == []
    assert found["screens"] == 1  # the screen shown; each other one costs its polish (~0.3 ms), after the frame
    assert found["dataclasses"] == FIRST_FRAME_DATACLASSES


@pytest.mark.slow  # a fresh Python process
@pytest.mark.parametrize("theme", ["clair", "systeme"])
def test_the_first_frame_makes_none_of_qts_enums(tmp_path: Path, theme: str) -> None:
    """`PySide6.QtCore.Qt` makes its ~140 Python enums on first use (~12 ms): the shell's first frame needs none of
    them, with a theme chosen by the agent or with `systeme`, which asks the OS its colour scheme and contrast
    preference as Qt's own ints (views/os_hints.py; on Linux, where these tests run)."""
    found = _modules(SHELL, tmp_path, theme)
    assert isinstance(found, dict)
    assert found["qt_enums"] is False
    # PySide6 makes a class (and its enums) on first use: what only a failure, an announcement or a key needs waits;
    # QStyle's enums alone take ~10 ms; QLibraryInfo's (Qt's own catalog, installed after the frame) ~0.5 ms.
    assert found["classes"] == []
    assert found["style"] == "fusion"  # given to Qt as it made the application, never asked before the frame


@pytest.mark.slow  # opens a store (about 5 s on a loaded machine)
def test_ready_needs_only_the_first_screens_modules(tmp_path: Path) -> None:
    found = _modules(FIRST_SCREEN, tmp_path)
    assert isinstance(found, dict)
    early = [m for m in NOT_BEFORE_READY if m in found["modules"]]
    assert early == []
    assert "desktop.views.procurations.establish" in found["modules"]  # what the agent acts on first is there
    assert found["card"] is False  # inserted by finish_demo


@pytest.mark.slow  # a fresh Python process
def test_the_entry_module_imports_nothing_before_the_collector_is_off() -> None:
    """`guichet` turns the cyclic collector off as `main` starts (desktop/__main__.py): what the module itself imports
    runs with it on, so the parser, the hardening and what they import (typing, logging, gettext) wait for `main`
    (~2 ms of CPU before the first frame, measured)."""
    program = (
        "import json, sys\n"
        "before = set(sys.modules)\n"
        "import desktop.__main__\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True)
    imported = json.loads(out.stdout)
    assert [
        m
        for m in ("argparse", "typing", "logging", "gettext", "desktop.cli.french", "desktop.hardening")
        if m in imported
    ] == []
