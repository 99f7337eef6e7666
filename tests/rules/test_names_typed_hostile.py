"""`typed_name` (one typed field: the surname in capitals or before a comma, then the given names) attacked with
Unicode: combining marks, « ß » and « ẞ », Turkish « İ » and « ı », fullwidth letters, zero-width and bidi marks,
words of punctuation only, 500 words; it never raises, is idempotent, and keeps every typed letter in its order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.rules.names import fold_name, typed_name

HOSTILE = st.text(
    st.sampled_from(
        [
            *"aAzZéÉßẞİıiIŒœ ,-'’.",
            "\u0301",  # combining acute
            "\u0307",  # combining dot above (« i̇ »)
            "Ｌ",
            "ｌ",
            "，",
            "\u200b",
            "\u200f",
            "\u202e",
            "\u2066",
            "\u00a0",
            "\t",
            "\u3000",
            "\x1c",
            "ǅ",
            "ŉ",
        ]
    ),
    max_size=80,
)


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


@given(st.one_of(HOSTILE, st.text(max_size=200)))
@settings(max_examples=1500)
def test_never_raises_and_keeps_every_typed_letter_in_its_order(typed: str) -> None:
    nom, prenoms = typed_name(typed)
    assert _letters(nom + prenoms) == _letters(typed)
    assert (nom + " " + prenoms).split() == typed.replace(",", " ").split()
    assert nom == " ".join(nom.split()) and prenoms == " ".join(prenoms.split())
    assert "," not in nom + prenoms


@given(st.one_of(HOSTILE, st.text(max_size=200)))
@settings(max_examples=1500)
def test_idempotent_once_written_with_its_comma(typed: str) -> None:
    """The split read back as « surname, given names » is the same split (what the agent corrects keeps it)."""
    nom, prenoms = typed_name(typed)
    if nom:
        assert typed_name(f"{nom}, {prenoms}") == (nom, prenoms)
    assert typed_name(" ".join(typed_name(typed))) == typed_name(" ".join(typed_name(" ".join(typed_name(typed)))))


@pytest.mark.parametrize(
    ("typed", "split"),
    [
        # Before: (« VON », « STRAßE Hans »): « ß » was a lower-case letter; a German surname in capitals keeps it.
        ("VON STRAßE Hans", ("VON STRAßE", "Hans")),
        ("STRAẞE Hans", ("STRAẞE", "Hans")),
        ("Straße hans", ("Straße", "hans")),
        # Before: the given names began with « - » or an invisible mark, which the central store compared with the
        # register's first given name: LE GALL Yann was not found.
        ("LE GALL - Yann", ("LE GALL -", "Yann")),
        ("LE GALL \u200f Yann", ("LE GALL \u200f", "Yann")),
        ("- dubois jean", ("- dubois", "jean")),
        ("İNCE Ali", ("İNCE", "Ali")),
        ("YILDIZ Ayşe", ("YILDIZ", "Ayşe")),
        ("ＬＥ ＧＡＬＬ Ｙａｎｎ", ("ＬＥ ＧＡＬＬ", "Ｙａｎｎ")),  # fullwidth, as an input method types it
        ("LE\u200bGALL Yann", ("LE\u200bGALL", "Yann")),  # kept as typed; the fold reads « LE GALL »
        ("LE GALL\u00a0Yann", ("LE GALL", "Yann")),
        ("LE\u0301 GALL Yann", ("LE\u0301 GALL", "Yann")),  # a combining accent typed apart
        ("...", ("...", "")),
        (", ,", ("", "")),
        ("LE GALL YANN", ("LE", "GALL YANN")),  # all in capitals: the central store tries the other splits
    ],
)
def test_hostile_splits(typed: str, split: tuple[str, str]) -> None:
    assert typed_name(typed) == split


def test_five_hundred_words_in_linear_time() -> None:
    words = " ".join(["DE"] * 499 + ["Yann"])
    assert typed_name(words) == (" ".join(["DE"] * 499), "Yann")
    assert typed_name("x " * 100_000)[0] == "x"


def test_the_fold_of_the_split_is_the_fold_of_the_typed_words() -> None:
    for typed in ("LE GALL - Yann", "L’HÔTE Éric", "VON STRAßE Hans", "ＬＥ ＧＡＬＬ Ｙａｎｎ"):
        nom, prenoms = typed_name(typed)
        assert fold_name(f"{nom} {prenoms}") == fold_name(typed)
