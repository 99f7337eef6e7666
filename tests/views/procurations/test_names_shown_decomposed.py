"""A name stored with its accents decomposed (NFD: typed on a Mac, pasted from its mail, kept so by a station before
the counter composed what it keeps, rules/textlimits.typed_text) is shown as the one word it is."""

from __future__ import annotations

import unicodedata

from desktop.views.procurations.names import shown_given_names, shown_name, shown_person

DECOMPOSED = unicodedata.normalize("NFD", "hélène anaïs")


def test_a_decomposed_given_name_is_capitalised_once_not_after_each_accent() -> None:
    for shown in (shown_given_names(DECOMPOSED), shown_name("lefèvre", DECOMPOSED).removeprefix("LEFÈVRE ")):
        assert unicodedata.normalize("NFC", shown) == "Hélène Anaïs", ascii(shown)
    assert unicodedata.normalize("NFC", shown_person(f"THOMAS {DECOMPOSED}")) == "THOMAS Hélène Anaïs"


def test_a_composed_given_name_is_capitalised_once() -> None:
    assert shown_given_names("hélène anaïs") == "Hélène Anaïs"
