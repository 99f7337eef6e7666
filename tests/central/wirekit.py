"""Hypothesis strategies for valid wire messages (desktop.sync.wire), shared by the sync and central tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from desktop.sync.wire import (
    CHANNELS,
    ESTABLISHED_IN,
    LIST_KINDS,
    ROUNDS,
    STATUSES,
    Anchor,
    Authority,
    Batch,
    BatchResult,
    Change,
    ChangesPage,
    Clock,
    Enrolment,
    Entry,
    Identity,
    LookupAnswer,
    LookupItem,
    OnlineRequest,
    OpaqueBody,
    ProcurationEtablie,
    ProcurationResiliation,
    Refusal,
    ServerTime,
    ValidityDuree,
    ValidityScrutin,
    Verdict,
)

uuids = st.uuids().map(str)
positive = st.integers(min_value=1, max_value=2**53)
natural = st.integers(min_value=0, max_value=2**53)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
offsets = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-10, minutes=-30))])
instants = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1), timezones=offsets)
tokens = st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,20}", fullmatch=True)
nnes = st.from_regex(r"[0-9]{8,9}", fullmatch=True)
references = st.from_regex(r"[A-Z0-9]{6}", fullmatch=True)
hexes = st.binary(min_size=1, max_size=64).map(bytes.hex)


def texts(max_size: int) -> st.SearchStrategy[str]:
    """Non-blank text without control characters or surrogates (what the wire accepts)."""
    chars = st.characters(min_codepoint=32, exclude_categories=("Cs",))
    return st.text(chars, min_size=1, max_size=min(max_size, 40)).filter(lambda s: bool(s.strip()))


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """None or a value."""
    return st.none() | strategy


identities = st.builds(
    Identity,
    nom=texts(100),
    prenoms=st.lists(texts(60), min_size=1, max_size=3).map(tuple),
    date_naissance=days,
    nne=optional(nnes),
    inscription=optional(texts(100)),
    list_kind=optional(st.sampled_from(LIST_KINDS)),
)
validities = st.builds(ValidityScrutin, election_id=tokens, rounds=st.sampled_from(ROUNDS)) | st.tuples(days, days).map(
    lambda d: ValidityDuree(start=min(d), end=max(d))
)
authorities = st.builds(Authority, kind=tokens, id=texts(64), label=optional(texts(200)))
json_leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | texts(20)
json_values = st.recursive(
    json_leaves,
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(texts(10), kids, max_size=3),
    max_leaves=10,
)
procurations = st.builds(
    ProcurationEtablie,
    id=uuids,
    mandant=identities,
    mandataire=identities,
    channel=st.sampled_from(CHANNELS),
    place_kind=tokens,
    established_in=st.sampled_from(ESTABLISHED_IN),
    authority=authorities,
    validity=validities,
    agent_id=texts(64),
    reference=optional(references),
)
resiliations = st.builds(
    ProcurationResiliation, id=uuids, mandant=identities, agent_id=texts(64), reference=optional(references)
)
opaques = st.builds(OpaqueBody, id=uuids, agent_id=texts(64), data=st.dictionaries(texts(10), json_values, max_size=4))
kinds_and_bodies = (
    st.tuples(st.just("procuration.etablie"), procurations)
    | st.tuples(st.just("procuration.resiliation"), resiliations)
    | st.tuples(st.sampled_from(["passeport.etape", "vote_internet.demande"]), opaques)
)
clocks = st.builds(
    Clock,
    wall=instants,
    basis=st.sampled_from(["server", "wall"]),
    last_sync=optional(instants),
    boot_id=optional(texts(64)),
)


@st.composite
def batches(draw: st.DrawFn) -> Batch:
    """A valid batch: consecutive seqs from a random start, distinct entry ids."""
    start = draw(st.integers(min_value=1, max_value=10**9))
    items = draw(st.lists(kinds_and_bodies, min_size=1, max_size=4))
    ids = draw(st.lists(uuids, min_size=len(items), max_size=len(items), unique=True))
    entries = tuple(
        Entry(seq=start + i, id=ids[i], kind=kind, body=body, established_at=draw(instants), clock=draw(clocks))
        for i, (kind, body) in enumerate(items)
    )
    anchor = draw(optional(st.builds(Anchor, seq=positive, mac=hexes, signature=hexes, key_id=texts(64))))
    return Batch(batch_id=draw(uuids), entries=entries, anchor=anchor)


verdicts = st.builds(
    Verdict,
    seq=positive,
    id=uuids,
    status=st.sampled_from(STATUSES),
    rule_id=optional(texts(40)),
    message=optional(texts(2000)),
    flags=st.lists(texts(40), max_size=3).map(tuple),
)
batch_results = st.builds(
    BatchResult,
    batch_id=uuids,
    last_seq=natural,
    server_time=instants,
    verdicts=st.lists(verdicts, max_size=4).map(tuple),
)


@st.composite
def change_pages(draw: st.DrawFn) -> ChangesPage:
    """A page whose cursors increase."""
    cursors = sorted(draw(st.sets(positive, max_size=4)))
    changes = tuple(
        Change(
            cursor=c,
            entry_id=draw(uuids),
            record_id=draw(uuids),
            status=draw(st.sampled_from(STATUSES)),
            rule_id=draw(optional(texts(40))),
            message=draw(optional(texts(2000))),
            at=draw(instants),
        )
        for c in cursors
    )
    return ChangesPage(changes=changes, next_cursor=draw(natural), more=draw(st.booleans()), server_time=draw(instants))


lookup_items = st.builds(
    LookupItem,
    record_id=uuids,
    role=st.sampled_from(["mandant", "mandataire"]),
    status=st.sampled_from(STATUSES),
    established_at=instants,
    established_in=st.sampled_from(ESTABLISHED_IN),
    validity=validities,
    other_party=texts(300),
)
lookup_answers = st.builds(LookupAnswer, items=st.lists(lookup_items, max_size=3).map(tuple))
online_requests = st.builds(
    OnlineRequest,
    reference=references,
    requested_at=instants,
    mandant=identities,
    mandataire=identities,
    validity=validities,
)
server_times = st.builds(ServerTime, server_time=instants)
enrolments = st.builds(Enrolment, station_id=texts(64), token=texts(200))
refusals = st.builds(Refusal, error=texts(40), message=texts(2000), last_seq=optional(natural))

# Every message of the protocol, with the strategy that draws valid instances of it.
MESSAGES: dict[type[Any], st.SearchStrategy[Any]] = {
    Batch: batches(),
    BatchResult: batch_results,
    ChangesPage: change_pages(),
    LookupAnswer: lookup_answers,
    OnlineRequest: online_requests,
    ServerTime: server_times,
    Enrolment: enrolments,
    Refusal: refusals,
}
