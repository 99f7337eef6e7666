"""keyslots.json read back: whatever the file holds, a document or SlotFileError (the designed recovery), never
another exception."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.security import slotfile
from desktop.security.kdf import KdfParams

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def document() -> dict[str, Any]:
    """A valid slot file's JSON, one slot and one decoy."""
    slot = slotfile.KeySlot(
        agent_id="a1",
        login="dupont",
        salt=bytes(16),
        params=KdfParams(),
        nonce=bytes(12),
        wrapped=bytes(48),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    doc = slotfile.SlotDocument(station_code="75056-01", slots={"a1": slot}, decoys={"d": slotfile.Decoy()})
    return {"version": slotfile.VERSION, **_saved(doc)}


def _saved(doc: slotfile.SlotDocument) -> dict[str, Any]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "keyslots.json"
        slotfile.save(path, doc)
        return dict(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "text",
    [
        "null",
        "[]",
        "5",
        '"x"',
        pytest.param("[" * 100_000 + "]" * 100_000, id="deep"),
        '{"version": 1, "station_code": "X", "slots": 5}',
        '{"version": 1, "station_code": "X", "decoys": "x"}',
        '{"version": 1, "station_code": "X", "slots": {"a1": []}}',
    ],
)
def test_regression_a_file_of_the_wrong_shape_is_unreadable(tmp_path: Path, text: str) -> None:
    """Found by fuzzing: AttributeError (null, a list, slots that are not an object) and RecursionError (deep
    nesting) escaped load(), bypassing the recovery of an unreadable slot file."""
    path = tmp_path / "keyslots.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(slotfile.SlotFileError):
        slotfile.load(path)


def test_a_valid_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "keyslots.json"
    path.write_text(json.dumps(document()), encoding="utf-8")
    loaded = slotfile.load(path)
    assert loaded.station_code == "75056-01" and loaded.slots["a1"].login == "dupont"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_value_anywhere_in_the_file_is_a_document_or_unreadable(tmp_path: Path, data: st.DataObject) -> None:
    """One field (top level, in the slot, in its parameters, in a decoy) replaced by any JSON value (hypothesis)."""
    doc = document()
    where = data.draw(st.sampled_from([doc, doc["slots"]["a1"], doc["slots"]["a1"]["params"], doc["decoys"]["d"]]))
    where[data.draw(st.sampled_from(sorted(where)) | st.text(max_size=8))] = data.draw(JSON)
    path = tmp_path / "keyslots.json"
    path.write_text(json.dumps(data.draw(st.sampled_from([doc, data.draw(JSON)]))), encoding="utf-8")
    with contextlib.suppress(slotfile.SlotFileError):
        slotfile.load(path)


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e400, "65536", True, 65536.5, 2**40, None])
def test_regression_argon2_parameters_a_slot_file_cannot_hold(tmp_path: Path, value: object) -> None:
    """Hypothesis found ``"m": Infinity`` (which Python's json reads) raising OverflowError out of the loader; a
    memory of 2**40 KiB would have had every login ask Argon2id for a petabyte. Both are an unreadable file now."""
    doc = document()
    doc["slots"]["a1"]["params"]["m"] = value
    path = tmp_path / "keyslots.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(slotfile.SlotFileError):
        slotfile.load(path)
