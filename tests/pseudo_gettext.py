"""English-language messages without the English catalog: every message built through ``_()`` / ``ngettext`` comes
out wrapped in ⟦…⟧, and ``i18n.language()`` says ``en``. A text an English screen shows outside the markers did not
go through gettext: French words the English catalog can never reach (a central store's sentence shown as
received, a hard-coded word). The check holds whatever the catalogs hold (new messages not translated yet).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from desktop import i18n

OPEN, CLOSE = "⟦", "⟧"


class PseudoGettext(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"{OPEN}{msgid1 if n == 1 else msgid2}{CLOSE}"


@contextmanager
def pseudo_english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages built in this block are « English » and marked (the previous language back afterwards)."""
    with monkeypatch.context() as patch:
        patch.setattr(i18n, "_current", PseudoGettext())
        patch.setattr(i18n, "_language", "en")
        yield


class CatalogOf(gettext.NullTranslations):
    """An English catalog of these messages only: a text shown through ``_()`` with a message that is no msgid (a
    stored sentence with its values in it) stays French."""

    def __init__(self, english: dict[str, str]) -> None:
        super().__init__()
        self.english = english

    def gettext(self, message: str) -> str:
        return self.english.get(message, message)


@contextmanager
def english_of(monkeypatch: pytest.MonkeyPatch, english: dict[str, str]) -> Iterator[None]:
    """Messages built in this block are English where `english` has them, French elsewhere."""
    with monkeypatch.context() as patch:
        patch.setattr(i18n, "_current", CatalogOf(english))
        patch.setattr(i18n, "_language", "en")
        yield
