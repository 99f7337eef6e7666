"""The station's stored central-store credentials: whatever the secret store holds, credentials or None."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.credentials import load_credentials, save_credentials
from desktop.sync.client import Credentials


class Secrets:
    """A secret store holding one value."""

    description = "en mémoire"

    def __init__(self, value: str | None = None) -> None:
        self.value = value

    def get(self, name: str) -> str | None:
        return self.value

    def set(self, name: str, value: str) -> None:
        self.value = value

    def create(self, name: str, value: str) -> bool:
        if self.value is not None:
            return False
        self.value = value
        return True

    def delete(self, name: str) -> None:
        self.value = None


def test_saved_credentials_load_back() -> None:
    store = Secrets()
    save_credentials(store, Credentials(station_id="s1", token="t"))
    assert load_credentials(store) == Credentials(station_id="s1", token="t")


@pytest.mark.parametrize("raw", ["5", "[]", "null", '"x"', pytest.param("[" * 100_000 + "]" * 100_000, id="deep")])
def test_regression_a_stored_value_of_the_wrong_shape_is_no_credentials(raw: str) -> None:
    """Found by fuzzing: a number or a list raised AttributeError, deep nesting RecursionError."""
    assert load_credentials(Secrets(raw)) is None


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
    max_leaves=6,
)
FIELDS = st.sampled_from(["station_id", "token", "expires_at"])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60) | JSON.map(json.dumps) | st.dictionaries(FIELDS, JSON).map(json.dumps))
def test_any_stored_text_is_credentials_or_none(raw: str) -> None:
    """Hypothesis: any text, any JSON value, the three fields holding any JSON value."""
    result = load_credentials(Secrets(raw))
    assert result is None or isinstance(result, Credentials)
