"""The screens under test speak French as the application does: Guichet's own translators are installed; `ctx`, the
demo's application context.

French is the source language, but its plural forms (« 1 acte », « 2 actes ») come from ``guichet_fr.qm``, as at
run time (``desktop.views.app.run`` installs the translators before the first screen).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop.context import AppContext, build_context
from desktop.settings import load_settings


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
