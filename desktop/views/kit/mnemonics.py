"""Mnemonics a label's words do not hold: « Scrutin (&Q) », « Surname (&O) ».

A translation keeps a screen's Alt+letter when its word lacks the letter by adding it in brackets, as CJK catalogs do:
English agents read « Surname (O) » and screen readers said « Surname (O) » (the audit's « (O) »). Here the bracket
goes: the & moves onto the letter when the words hold it (« Home or care-facility visit (&H) » → « &Home or… »),
otherwise the text is shown without it and the same Alt+letter is bound apart, said in the tooltip. A screen's
Alt+letters are the same in every language (docs/GUIDE-AGENT.md)."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from desktop.views.translations import translate

_SUFFIX = re.compile(r"\s*\(&(\w)\)\s*$")  # one letter: « (&NNE) » is the acronym itself, its N the mnemonic


def split_mnemonic(text: str) -> tuple[str, str | None]:
    """The text to show (its & on a letter of its words, or none) and the letter to bind apart (None: Qt's own
    mnemonic, or none at all)."""
    found = _SUFFIX.search(text)
    if found is None:
        return text, None
    words, letter = text[: found.start()], found.group(1)
    if "&" in words.replace("&&", ""):
        return words, None  # a mnemonic already in the words: the bracket only repeated it
    at = words.lower().find(letter.lower())
    if at >= 0:
        return f"{words[:at]}&{words[at:]}", None
    return words, letter


def spoken(text: str) -> str:
    """What a screen reader says for a label: its words, without & nor a bracketed letter."""
    shown, _letter = split_mnemonic(text)
    return shown.replace("&&", "\0").replace("&", "").replace("\0", "&")


def bind_letter(owner: QWidget, letter: str, act: Callable[[], None]) -> None:
    """Alt+`letter` does `act` while `owner` is shown (as a label's mnemonic would); its tooltip says so."""
    key = f"Alt+{letter.upper()}"
    QShortcut(QKeySequence(key), owner).activated.connect(act)
    owner.setToolTip(translate("Field", "Raccourci : {key}").format(key=key))
