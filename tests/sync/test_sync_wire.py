"""The wire format: round trips, strict refusals, and untrusted input that yields WireError only."""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from centralkit import DUBOIS, MARTIN, entry, procuration_body, resiliation_body
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wirekit import MESSAGES

from desktop.models.ids import uuid7
from desktop.sync.wire import (
    Batch,
    BatchResult,
    ChangesPage,
    LookupAnswer,
    OnlineRequest,
    WireError,
    canonical_json,
)
from desktop.sync.wire.push import MAX_OPAQUE_DEPTH

AT = datetime(2026, 11, 24, 9, 30, 15, 123456, tzinfo=UTC)


def sample_batch() -> dict[str, Any]:
    return {
        "batch_id": uuid7(),
        "entries": [
            entry(1, "procuration.etablie", procuration_body(MARTIN, DUBOIS), AT),
            entry(2, "procuration.resiliation", resiliation_body(MARTIN), AT),
            entry(3, "passeport.etape", {"id": uuid7(), "agent_id": "a", "data": {"etape": 5}}, AT),
        ],
        "anchor": {"seq": 12, "mac": "ab" * 32, "signature": "cd" * 64, "key_id": "k1"},
    }


def test_batch_round_trip_is_canonical() -> None:
    raw = sample_batch()
    batch = Batch.from_json(json.dumps(raw, indent=2))
    again = Batch.from_json(batch.to_json())
    assert again == batch
    assert again.to_json() == batch.to_json()
    assert batch.entries[0].established_at == AT


@pytest.mark.parametrize(
    "mutate",
    [
        lambda b: b.update(extra=1),
        lambda b: b["entries"][0].update(seq=0),
        lambda b: b["entries"][0].update(seq=True),
        lambda b: b["entries"][1].update(seq=5),
        lambda b: b["entries"][0]["body"]["mandant"].update(nne="1234567"),
        lambda b: b["entries"][0]["body"]["mandant"].update(date_naissance="1990-02-30"),
        lambda b: b["entries"][0]["body"].update(established_in="mars"),
        lambda b: b["entries"][0].update(established_at="2026-11-24T09:30:15"),  # no time zone
        lambda b: b["entries"][0]["body"]["validity"].update(rounds="BOTH"),
        lambda b: b["entries"][0]["body"].update(reference="abc123"),
        lambda b: b["entries"][1].update(id=b["entries"][0]["id"]),
        lambda b: b["entries"][0]["body"]["mandataire"].update(nom="A\x00B"),
        lambda b: b.update(entries=[]),
    ],
)
def test_strict_refusals(mutate: Any) -> None:
    raw = sample_batch()
    mutate(raw)
    with pytest.raises(WireError):
        Batch.from_json(json.dumps(raw))


def test_nan_and_garbage_are_wire_errors() -> None:
    lone_surrogate = b'"\\ud800"'
    for text in (b"", b"{", b"\xff\xfe", b'{"batch_id": NaN}', b"[]", b"null", lone_surrogate):
        with pytest.raises(WireError):
            Batch.from_json(text)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=5),
    max_leaves=20,
)
PARSERS = [
    Batch.from_json,
    BatchResult.from_json,
    ChangesPage.from_json,
    OnlineRequest.from_json,
    LookupAnswer.from_json,
]


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_raise_only_wire_error(data: bytes) -> None:
    for parse in PARSERS:
        with contextlib.suppress(WireError):
            parse(data)


@settings(max_examples=300, deadline=None)
@given(value=JSON)
def test_random_json_raises_only_wire_error(value: Any) -> None:
    for parse in PARSERS:
        with contextlib.suppress(WireError):
            parse(json.dumps(value))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


SAMPLE = sample_batch()
SAMPLE_PATHS = _paths(SAMPLE)[1:]


@pytest.mark.slow  # several seconds of generated cases: the quick run leaves it to CI
@settings(max_examples=400, deadline=None)
@given(path=st.sampled_from(SAMPLE_PATHS), replacement=JSON, delete=st.booleans())
def test_mutated_batches_raise_only_wire_error(path: tuple[Any, ...], replacement: Any, delete: bool) -> None:
    raw = json.loads(canonical_json(SAMPLE))
    parent = raw
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    with contextlib.suppress(WireError):
        Batch.from_json(json.dumps(raw))


def test_answers_parse_back() -> None:
    result = {
        "batch_id": uuid7(),
        "last_seq": 3,
        "server_time": "2026-11-24T10:00:00Z",
        "verdicts": [
            {"seq": 3, "id": uuid7(), "status": "invalidee", "rule_id": "R-LIMIT-1", "message": "m", "flags": []}
        ],
    }
    parsed = BatchResult.from_json(json.dumps(result))
    assert parsed.verdicts[0].rule_id == "R-LIMIT-1"
    page = {
        "changes": [
            {
                "cursor": 2,
                "entry_id": uuid7(),
                "record_id": uuid7(),
                "status": "resiliee",
                "rule_id": None,
                "message": None,
                "at": "2026-11-24T10:00:00+01:00",
            }
        ],
        "next_cursor": 2,
        "more": False,
        "server_time": "2026-11-24T10:00:00Z",
    }
    assert ChangesPage.from_json(json.dumps(page)).changes[0].at == datetime(2026, 11, 24, 9, tzinfo=UTC)
    page["changes"] = page["changes"] * 2  # cursors must increase
    with pytest.raises(WireError):
        ChangesPage.from_json(json.dumps(page))


def test_digest_of_a_batch_sent_before_the_models_is_unchanged() -> None:
    """A batch frozen and sent by an older counter must keep its digest, or its resend is a 409 conflict."""
    from central.batch_digest import batch_digest

    golden = json.loads((Path(__file__).parent / "fixtures" / "batch_digest_v1.json").read_text(encoding="utf-8"))
    batch = Batch.from_json(json.dumps(golden["batch"], indent=2))
    assert batch_digest(batch) == golden["sha256"]
    assert hashlib.sha256(batch.to_json().encode()).hexdigest() == golden["sha256"]


@pytest.mark.slow  # several seconds of generated cases: the quick run leaves it to CI
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_message_round_trips_through_its_canonical_text(data: st.DataObject) -> None:
    for model, strategy in MESSAGES.items():
        value = data.draw(strategy, label=model.__name__)
        text = value.to_json()
        again = model.from_json(text)
        assert again == value
        assert again.to_json() == text


def test_errors_never_repeat_the_input() -> None:
    raw = sample_batch()
    raw["entries"][0]["body"]["mandant"]["nne"] = "NNE-SECRET-1"
    raw["entries"][0]["body"]["mandataire"]["nom"] = "SECRET" * 40
    with pytest.raises(WireError) as caught:
        Batch.from_json(json.dumps(raw))
    assert "SECRET" not in str(caught.value)
    assert str(caught.value) == "Batch.entries[0].body.mandant.nne : NNE de 8 ou 9 chiffres attendu"
    raw["entries"][0]["body"]["mandant"]["SECRET-KEY"] = 1
    raw["entries"][0]["body"]["mandant"]["nne"] = None
    raw["entries"][0]["body"]["mandataire"]["nom"] = "DUBOIS"
    with pytest.raises(WireError) as caught:
        Batch.from_json(json.dumps(raw))
    assert str(caught.value) == "Batch.entries[0].body.mandant : champ inconnu"


def test_body_must_match_the_kind() -> None:
    raw = sample_batch()
    raw["entries"][1]["kind"] = "procuration.etablie"  # a revocation's body under the establishment kind
    with pytest.raises(WireError, match="corps ne correspondant pas"):
        Batch.from_json(json.dumps(raw))
    raw = sample_batch()
    raw["entries"][2]["body"]["data"] = {"x": "y" * 17_000}
    with pytest.raises(WireError, match="16 ko"):
        Batch.from_json(json.dumps(raw))


@given(
    moment=st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.timezones(), allow_imaginary=False
    )
)
@settings(max_examples=300, deadline=None)
def test_an_instant_is_written_as_strftime_writes_it(moment: datetime) -> None:
    """`iso` writes with `isoformat` for speed: byte for byte the wire's form of always (digests hang on it)."""
    from desktop.sync.wire.check import iso

    assert iso(moment) == moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_an_instant_on_the_wire_keeps_its_exact_form() -> None:
    from datetime import timedelta, timezone

    from desktop.sync.wire.check import iso

    paris = timezone(timedelta(hours=1))
    assert iso(datetime(2026, 12, 2, 3, 4, 5, tzinfo=paris)) == "2026-12-02T02:04:05.000000Z"
    assert iso(datetime(2027, 3, 14, 15, 9, 26, 535897, tzinfo=UTC)) == "2027-03-14T15:09:26.535897Z"
    with pytest.raises(WireError):
        iso(datetime(2026, 12, 2))


def _refused(adapter: Any, values: list[str]) -> set[int]:
    from pydantic import ValidationError

    try:
        adapter.validate_python(values)
    except ValidationError as exc:
        return {int(e["loc"][0]) for e in exc.errors(include_input=False)}
    return set()


def test_a_wire_text_refuses_what_the_counter_refuses_over_every_code_point() -> None:
    """The texts' pattern, checked in pydantic's core, is their whole check: a control character or a lone surrogate
    anywhere, and a text of whitespace only, as `wire_forbidden` and `str.strip` say, for every code point."""
    from pydantic import TypeAdapter

    from desktop.rules.textlimits import wire_forbidden
    from desktop.sync.wire import Identity
    from desktop.sync.wire.fields import Surname

    adapter = TypeAdapter(list[Surname])
    codes = range(0x110000)
    assert _refused(adapter, ["x" + chr(c) for c in codes]) == {c for c in codes if wire_forbidden(chr(c))}
    blank_or_forbidden = {c for c in codes if wire_forbidden(chr(c)) or not chr(c).strip()}
    assert _refused(adapter, [chr(c) for c in codes]) == blank_or_forbidden
    assert _refused(adapter, [" \u2003\u3000\u0085 ", "a\u2003b"]) == {0}
    with pytest.raises(WireError):  # and in JSON, a lone surrogate is no text at all
        Identity.from_json('{"nom": "\\ud800", "prenoms": ["A"], "date_naissance": "1970-01-01"}')


@pytest.mark.parametrize("depth", [1, 31, 32, 33, 200, 255, 300, 900])
def test_an_opaque_body_the_wire_accepts_is_one_the_central_store_can_digest(depth: int) -> None:
    """An opaque body nested 255 deep passed the wire and failed the central store's digest (pydantic's
    serialiser): a 500 a station would resend for ever (central audit, 4 December 2026). Now: refused, or digested."""
    nested: Any = "x"
    for _ in range(depth):
        nested = {"a": nested}
    raw = sample_batch()
    raw["entries"] = [entry(1, "passeport.etape", {"id": uuid7(), "agent_id": "a", "data": nested}, AT)]
    text = json.dumps(raw)
    try:
        batch = Batch.from_json(text)
    except WireError:
        assert depth > MAX_OPAQUE_DEPTH
        return
    assert depth <= MAX_OPAQUE_DEPTH
    assert batch.to_dict()["entries"][0]["body"]["data"] == nested  # what the central store digests
