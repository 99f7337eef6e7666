"""Validation once, at the edge of every act (issue 15, item 1): what the counter accepts, the central store accepts.

Each hostile input the issue found is refused in French next to its field and writes nothing; the outbox reads
each body back with the sync worker's parser before queueing it; and a property test feeds the establish service
hostile strings, then applies whatever it queued through the central store's own apply path, in-process.
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from test_procurations import FORM, MANDANT, MANDATAIRE, make_desk

from central.apply import Rules, apply_batch
from central.auth import enrol_station
from central.embedded import load_demo_data
from central.schema import stations
from central.service import load_rules, open_database
from desktop.models import AuditEvent, Elector, OutboxEntry, Procuration, Revocation
from desktop.models.db import Store, open_store
from desktop.models.ids import uuid7
from desktop.models.keys import StaticKeyProvider
from desktop.rules.textlimits import GIVEN_NAME_MAX, GIVEN_NAMES_MAX, PLACE_MAX, SURNAME_MAX
from desktop.services.desk import DeskServices, EstablishInput, PersonInput
from desktop.services.journal import NotQueued, action, enqueue
from desktop.sync.outbox import entry_of
from desktop.sync.wire import Batch, BatchResult

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _counts(store: Store) -> tuple[int, ...]:
    with store.session() as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(t)) or 0)  # type: ignore[call-overload]
            for t in (Procuration, Elector, OutboxEntry, AuditEvent)
        )


# The 33 sync-stopping inputs, by kind; each must be refused next to its field.
DEFECTS = {
    "tab_in_surname": (replace(FORM, mandant=replace(MANDANT, last_name="MAR\tTIN")), "mandant.last_name"),
    "surname_101": (replace(FORM, mandant=replace(MANDANT, last_name="A" * (SURNAME_MAX + 1))), "mandant.last_name"),
    "surname_grows_upper": (replace(FORM, mandant=replace(MANDANT, last_name="ß" * 60)), "mandant.last_name"),
    "commune_101": (
        replace(FORM, mandataire=replace(MANDATAIRE, commune="C" * (PLACE_MAX + 1))),
        "mandataire.commune",
    ),
    "given_name_61": (
        replace(FORM, mandant=replace(MANDANT, given_names="B" * (GIVEN_NAME_MAX + 1))),
        "mandant.given_names",
    ),
    "eleven_given_names": (
        replace(FORM, mandataire=replace(MANDATAIRE, given_names=" ".join(["Jean"] * (GIVEN_NAMES_MAX + 1)))),
        "mandataire.given_names",
    ),
    "nul": (replace(FORM, mandant=replace(MANDANT, given_names="Claire\x00")), "mandant.given_names"),
    "surrogate": (replace(FORM, mandataire=replace(MANDATAIRE, last_name="DUB\ud800OIS")), "mandataire.last_name"),
    "bidi_override": (replace(FORM, mandant=replace(MANDANT, last_name="\u202eNITRAM")), "mandant.last_name"),
    "newline_in_address": (replace(FORM, mandant=replace(MANDANT, address="1 rue\nX")), "mandant.address"),
    "name_100k": (replace(FORM, mandant=replace(MANDANT, last_name="A" * 100_000)), "mandant.last_name"),
    "unknown_channel": (replace(FORM, channel="pigeon"), "channel.kind"),
    "unknown_list": (replace(FORM, mandant=replace(MANDANT, list_kind="martienne")), "mandant.list_kind"),
}


@pytest.mark.parametrize("case", list(DEFECTS))
def test_each_input_the_central_store_would_refuse_is_refused_next_to_its_field(
    case: str, store: Store, tmp_path: Path
) -> None:
    form, field = DEFECTS[case]
    desk = make_desk(store, tmp_path)
    out = desk.establish(form)  # before the fix: a pydantic ValidationError or UnicodeEncodeError, in English
    assert not out.saved
    mine = [v for v in out.violations if v.field == field]
    assert mine and mine[0].rule_id == "R-SAISIE-1" and mine[0].blocking
    assert "\t" not in mine[0].message and "AAAA" not in mine[0].message  # the input is never quoted
    assert any(v.field == field for v in desk.check(form))  # the live check shows it while typing
    assert _counts(store) == (0, 0, 0, 0)


def test_values_at_the_limits_are_accepted_and_pass_the_wire(store: Store, tmp_path: Path) -> None:
    mandant = replace(
        MANDANT,
        last_name="A" * SURNAME_MAX,
        given_names=" ".join(["B" * GIVEN_NAME_MAX] * GIVEN_NAMES_MAX),
        commune="C" * PLACE_MAX,
    )
    out = make_desk(store, tmp_path).establish(replace(FORM, mandant=mandant))
    assert out.saved
    with store.session() as s:
        body = entry_of(s.scalars(select(OutboxEntry)).one()).body
    assert body.mandant.nom == "A" * SURNAME_MAX  # type: ignore[union-attr]


def test_an_nne_and_a_reference_typed_with_spaces_are_sent_normalised(store: Store, tmp_path: Path) -> None:
    form = replace(FORM, mandant=replace(MANDANT, nne="204 512 873"))
    out = make_desk(store, tmp_path).establish(form)  # before: the wire refused "204 512 873" (a traceback)
    assert out.saved
    with store.session() as s:
        body = entry_of(s.scalars(select(OutboxEntry)).one()).body
    assert body.mandant.nne == "204512873"  # type: ignore[union-attr]


def test_a_mandant_by_nne_without_names_reaches_the_central_store(store: Store, tmp_path: Path) -> None:
    # R-CHAN-C-1 lets a mandant be identified by NNE alone: the wire needs non-blank names, the body carries "-".
    form = replace(FORM, mandant=replace(MANDANT, last_name="", given_names="  "))
    out = make_desk(store, tmp_path).establish(form)
    assert out.saved
    central = Central(tmp_path)
    results = central.push(store)  # issue 15 item 1: this stopped sync once; held here with the other limits
    assert len(results) == 1 and central.last_seq() == 1
    central.engine.dispose()


def test_a_revocation_with_an_unknown_channel_is_refused_in_french(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    assert desk.establish(FORM).saved
    with store.session() as s:
        mandant_id = s.scalars(select(Procuration.mandant_id)).one()
    out = desk.revoke_all(elector_id=mandant_id, channel="pigeon")  # before: ValueError from Channel("pigeon")
    assert not out.saved and out.violations[0].field == "channel.kind"
    assert "Canal inconnu" in out.violations[0].message
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Revocation)) == 0


def test_enqueue_refuses_a_body_the_wire_would_refuse_and_the_act_is_rolled_back(store: Store) -> None:
    bad = {"id": uuid7(), "agent_id": "a\tb", "data": {}}
    with pytest.raises(NotQueued) as caught, action(store) as s:
        s.add(
            Elector(
                id="e1", last_name="X", given_names="Y", birth_date=date(1990, 1, 1), search_name="X Y", created_at=NOW
            )
        )
        enqueue(s, kind="passeport.etape", record_id="e1", body=bad, now=NOW)
    assert "répertoire central" in caught.value.message and "a\tb" not in caught.value.message
    for body in ({"id": uuid7(), "agent_id": "a", "data": {"x": "\udc80"}}, {"id": "pas-un-uuid"}):
        with pytest.raises(NotQueued), action(store) as s:
            enqueue(s, kind="passeport.etape", record_id="e1", body=body, now=NOW)
    assert _counts(store) == (0, 0, 0, 0)


# -- the property: whatever the service accepts, the central store accepts, and sync never stalls ---------------

HOSTILE_CHARS = (
    "\t\n\r\x00\x07\x1b\x7f\x85\u00a0\u00ad\u061c\u200b\u200d\u200e\u200f\u2028\u2029\u202a\u202e\u2066\u2069"
    "\ufeff\ufffd\ufe0f\ud800\udfff\ue000\U0001f600\U0001f1eb\U0001f1f7\u0301\u0327\u0308\u20dd"
    "ßﬃŉİıǅ\u3000-' AZaéÉçÇ0"
)
LONG = st.builds(
    lambda ch, n: ch * n,
    st.sampled_from(["A", "é", "ß", "e\u0301", "\U0001f600", " "]),
    st.sampled_from([1, 30, 59, 60, 61, 99, 100, 101, 200, 201, 5000]),
)
HOSTILE = st.one_of(
    st.text(alphabet=HOSTILE_CHARS, max_size=40),
    st.text(max_size=30),  # any code point, surrogates included
    LONG,
    st.lists(st.sampled_from(["Jean", "B" * 60, "B" * 61, "\u202e", "é\u0301"]), max_size=12).map(" ".join),
)
BENIGN = st.sampled_from(["MARTIN", "Jean Pierre", "", "  ", "Île-de-France", "O'NEIL", "Zoë", "75056"])
# One field in four hostile, so that many forms are accepted and reach the central store.
FIELD = st.tuples(st.integers(0, 3), HOSTILE, BENIGN).map(lambda t: t[1] if t[0] == 0 else t[2])
_CASES = itertools.count()
STATS = {"accepted": 0, "refused": 0}


class Central:
    """The central store's apply path, in-process over SQLite, with one enrolled station."""

    def __init__(self, folder: Path) -> None:
        self.engine = open_database(f"sqlite:///{folder / 'central.sqlite3'}")
        load_demo_data(self.engine)
        self.station = enrol_station(self.engine, label="fuzz", now=NOW).station_id
        self.rules: Rules = load_rules()

    def push(self, store: Store) -> list[BatchResult]:
        """Send every unsent outbox entry as the station would: one batch per entry, parsed from JSON text."""
        results = []
        with store.session() as s, s.begin():
            for row in s.scalars(select(OutboxEntry).where(OutboxEntry.acked_at.is_(None)).order_by(OutboxEntry.seq)):
                entry = entry_of(row)  # the worker's own read of the row
                text = json.dumps({"batch_id": uuid7(), "entries": [entry.to_dict()]})
                answer = apply_batch(
                    self.engine, station_id=self.station, batch=Batch.from_json(text), rules=self.rules, now=NOW
                )
                results.append(BatchResult.from_json(answer))
                row.acked_at = NOW
        return results

    def last_seq(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(stations.c.last_seq)).scalar_one())


@pytest.fixture(scope="module")
def fuzz_bench(
    tmp_path_factory: pytest.TempPathFactory, store_template: Path, store_key: bytes
) -> Iterator[tuple[DeskServices, Store, Central]]:
    folder = tmp_path_factory.mktemp("edge")
    shutil.copyfile(store_template, folder / "guichet.db")
    store = open_store(folder / "guichet.db", StaticKeyProvider(store_key), migrate=False)
    central = Central(folder)
    yield make_desk(store, folder), store, central
    store.close()
    central.engine.dispose()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(last_name=FIELD, given_names=FIELD, commune=FIELD, address=FIELD, m_last=FIELD, m_given=FIELD)
def test_whatever_the_counter_accepts_the_central_store_accepts(
    fuzz_bench: tuple[DeskServices, Store, Central],
    last_name: str,
    given_names: str,
    commune: str,
    address: str,
    m_last: str,
    m_given: str,
) -> None:
    desk, store, central = fuzz_bench
    n = next(_CASES)
    form = EstablishInput(
        channel="cerfa_12668",
        mandant=PersonInput(
            nne=f"{20_000_000 + n}",
            last_name=last_name,
            given_names=given_names,
            birth_date=date(1990, 1, 15),
            commune=commune,
            address=address,
        ),
        mandataire=PersonInput(
            nne=f"{30_000_000 + n}", last_name=m_last, given_names=m_given, birth_date=date(1975, 6, 2)
        ),
        election_id="presidentielle-2027",
        rounds="T1_T2",
    )
    out = desk.establish(form)  # never raises
    if not out.saved:
        STATS["refused"] += 1
        assert all(v.message for v in out.violations)
        return
    STATS["accepted"] += 1
    results = central.push(store)  # parses and applies: raises on anything the central store refuses
    with store.session() as s:
        queued = int(s.scalar(select(func.max(OutboxEntry.seq))) or 0)
    assert len(results) == 1 and [v.seq for v in results[0].verdicts] == [queued]
    assert central.last_seq() == queued  # every queued entry was taken: nothing stalls behind one


def test_the_property_saw_both_outcomes() -> None:
    """Run after the property (same module): it must have exercised acceptance and refusal alike."""
    if STATS["accepted"] + STATS["refused"] == 0:
        pytest.skip("property test not run in this session")
    print("STATS", STATS)
    assert STATS["accepted"] > 0 and STATS["refused"] > 0


@pytest.mark.parametrize("last_name", ["MAR\tTIN", "A" * 101, "\u202eNITRAM", "A" * 100_000])
def test_a_passport_case_refuses_names_the_central_store_would_refuse(
    store: Store, tmp_path: Path, last_name: str
) -> None:
    from test_passports import REQUEST, START, Clock, make_service

    service = make_service(store, tmp_path, Clock(START))
    result = service.open_case(replace(REQUEST, last_name=last_name))  # before: saved, or a traceback
    assert not result.ok and result.violations[0].rule_id == "R-SAISIE-1"
    assert result.violations[0].field == "last_name"
    assert _counts(store)[2] == 0  # nothing queued
