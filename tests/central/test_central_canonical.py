"""The typed dumps' canonical text by orjson is `canonical_json`'s, character for character (central/canonical.py)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wirekit import batches as wire_batches

from central import canonical
from central.batch_digest import digest_and_bodies
from desktop.sync.wire import Batch, canonical_json

# What a typed wire model dumps: text (any code point, escapes and controls included), integers, booleans, null.
leaves = st.none() | st.booleans() | st.integers() | st.text(st.characters(codec=None, exclude_categories=()))
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4))


def test_orjson_is_installed_here() -> None:
    assert canonical._fast is not None  # the central extra carries it: the tests below compare two writers


@settings(max_examples=400)
@given(value=values)
def test_the_fast_text_is_canonical_json(value: Any) -> None:
    assert canonical.typed_canonical(value) == canonical_json(value)


@pytest.mark.parametrize(
    "value",
    [
        {"b": 1, "a": ['\x00\x1f\x7f\u2028\u2029/\\"é𝄞', None, True]},
        {"n": 2**64},  # over orjson's 64 bits: the standard encoder writes it
        {"t": "\ud800"},  # a lone surrogate: the standard encoder writes it (the wire refuses it before)
        {"z": {"y": [], "x": {}}, "": -(2**63)},
    ],
)
def test_edges_are_canonical_json(value: Any) -> None:
    assert canonical.typed_canonical(value) == canonical_json(value)


@settings(max_examples=60, deadline=None)
@given(batch=wire_batches())
def test_digest_and_bodies_are_those_of_the_standard_encoder(
    batch: Batch,
) -> None:
    fast = digest_and_bodies(batch)
    saved, canonical._fast = canonical._fast, None
    try:
        assert digest_and_bodies(batch) == fast
    finally:
        canonical._fast = saved
