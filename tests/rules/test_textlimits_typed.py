"""`typed_text`: a typed or pasted text as the act keeps it (composed, plain spaces), never another name."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.rules.names import fold_name
from desktop.rules.textlimits import text_fault, typed_text


@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        (unicodedata.normalize("NFD", "Hélène Anaïs"), "Hélène Anaïs"),  # a macOS mail's decomposed accents
        ("LE\u00a0GALL", "LE GALL"),  # a no-break space
        ("Jean\u202fPierre", "Jean Pierre"),  # a narrow no-break space (French typography before « : »)
        ("  Dubois   Jean ", "Dubois Jean"),
        ("D’Aubigné", "D’Aubigné"),  # the typographic apostrophe is the name's: kept
        ("Dubois\n", "Dubois"),  # at either end, as the counter always stripped
    ],
)
def test_a_pasted_name_reads_and_folds_as_typed(pasted: str, kept: str) -> None:
    assert typed_text(pasted) == kept
    assert fold_name(typed_text(pasted)) == fold_name(pasted)


def test_controls_inside_a_name_are_left_for_r_saisie_1_to_refuse() -> None:
    for hidden in ("Du\tbois", "Du\u200bbois", "Du\u202ebois"):
        assert text_fault(typed_text(hidden), limit=100) is not None


@pytest.mark.parametrize("text", ["a \x1c", "\x85 b\u3000", "  \u00a0 "])
def test_what_the_ends_strip_leaves_no_space_behind(text: str) -> None:
    assert typed_text(typed_text(text)) == typed_text(text) == typed_text(text).strip()


@given(st.text())
def test_typed_text_is_idempotent_composed_and_keeps_the_fold(text: str) -> None:
    kept = typed_text(text)
    assert typed_text(kept) == kept
    assert unicodedata.is_normalized("NFC", kept)
    assert fold_name(kept) == fold_name(text)
