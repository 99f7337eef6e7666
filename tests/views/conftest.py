"""The screens under test speak French as the application does: Guichet's own translators are installed.

French is the source language, but its plural forms (« 1 acte », « 2 actes ») come from ``guichet_fr.qm``, as at
run time (``desktop.views.app.run`` installs the translators before the first screen).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(scope="session", autouse=True)
def _french_screens(qapp: QApplication) -> Iterator[None]:
    from desktop.views.translations import install

    install("fr")
    yield
