"""The screens under test speak French as the application does: Guichet's own translators are installed; `ctx`, the
demo's application context.

French is the source language, but its plural forms (« 1 acte », « 2 actes ») come from ``guichet_fr.qm``, as at
run time (``desktop.views.start.run`` installs the translators before the first screen).
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from desktop.context import AppContext, build_context
from desktop.settings import load_settings


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Between two tests, on the GUI thread, before the fixtures (the store, the context) are torn down: the test's
    widgets are closed (as pytest-qt does, `deleteLater`), the calls of its screens finish, their answers are
    delivered, the closed widgets are deleted, and what is left of them is collected.

    Before, a closed screen's call ran on into the next test, against a closed store; the windows lived on until the
    next test's first wait, with garbage of theirs that a collection (at any moment, on any thread: a worker of the
    next test) could free: Qt objects destroyed off the GUI thread or while their window lived (SIGSEGV, or a hang
    in the collector, rare, under load). tests/views/test_between_tests.py.
    """
    from pytestqt.qtbot import _close_widgets

    from desktop.views.kit.runner import wait_for_workers

    app = QCoreApplication.instance()
    if app is not None:
        # What pytest-qt does next (its hook runs inside this one), done here first; minus the widgets a test
        # deleted itself.
        widgets = getattr(item, "qt_widgets", None)
        if widgets:
            item.qt_widgets = [(w, f) for w, f in widgets if w() is not None and isValid(w())]  # type: ignore[attr-defined]
        _close_widgets(item)
        if not wait_for_workers(timeout=30):
            logging.getLogger(__name__).warning("%s: background calls still running after its end", item.nodeid)
        app.processEvents()  # their answers (dropped if their screen is gone)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()  # here, on the GUI thread
    yield


@pytest.fixture(scope="session", autouse=True)
def _french_screens(qapp: QApplication) -> Iterator[None]:
    from desktop.views.translations import install

    install("fr")
    yield


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[Callable[..., None]]:
    """`themed(text_scale_percent=100)`: the application's theme (its fonts, its style sheet), as the screenshots and
    an agent see it; the bare style comes back after the test."""
    from desktop.views.kit import colours
    from desktop.views.theme import apply_theme

    font, sheet, palette = qapp.font(), qapp.styleSheet(), qapp.palette()

    def apply(text_scale_percent: int = 100) -> None:
        apply_theme(qapp, theme="clair", text_scale_percent=text_scale_percent)

    yield apply
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setPalette(palette)
    colours.set_current(colours.CLAIR)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    """The demo's application context (simulated reader and printer), closed after the test."""
    settings = load_settings(
        config_path=tmp_path / "absent.toml",
        environ={},
        data_dir=tmp_path / "data",
        card_reader="simule",
        receipt_printer="simule",
    )
    context = build_context(settings)
    yield context
    context.close()
