"""Whatever the central store answers about the parties, the form's checks answer (session 27, national_check).

The answer is untrusted bytes: the wire models bound its shape (tests/sync/test_sync_wire.py), and any value they
let through (an election the calendar does not know, a period that ends before it starts, an instant far in the past
or the future, in any time zone) gives warnings or none, never an exception on the form's worker.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from contextkit import service_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.models.db import Store
from desktop.rules.terms import PlaceKind
from desktop.services.desk import DeskServices, EstablishInput, PersonInput
from desktop.services.national_check import central_facts
from desktop.services.permissions import Principal
from desktop.services.procuration_body import Holdings, holdings_key
from desktop.settings import Settings
from desktop.sync.wire import LookupItem

MANDANT = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire Marie", birth_date=date(1990, 1, 15))
MANDATAIRE = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
UUID = "01900000-0000-7000-8000-0000000000{:02d}"

validities = st.one_of(
    st.builds(
        dict,
        kind=st.just("SCRUTIN"),
        election_id=st.sampled_from(["presidentielle-2027", "legislatives-2027", "inconnue-2099", "x"]),
        rounds=st.sampled_from(["T1", "T2", "T1_T2"]),
    ),
    st.builds(
        dict,
        kind=st.just("DUREE"),
        start=st.dates(date(1900, 1, 1), date(2200, 1, 1)).map(date.isoformat),
        end=st.dates(date(1900, 1, 1), date(2200, 1, 1)).map(date.isoformat),
    ),
)
items = st.builds(
    dict,
    record_id=st.integers(0, 99).map(UUID.format),
    role=st.sampled_from(["mandant", "mandataire"]),
    status=st.sampled_from(["validee", "invalidee", "resiliee", "annulee"]),
    established_at=st.datetimes(
        datetime(1970, 1, 1), datetime(2100, 1, 1), timezones=st.sampled_from([UTC, timezone(timedelta(hours=-11))])
    ).map(datetime.isoformat),
    established_in=st.sampled_from(["france", "etranger", "en_ligne"]),
    validity=validities,
    other_party=st.text(max_size=30).filter(lambda t: "\x00" not in t),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=st.lists(items, max_size=6))
def test_any_answer_the_wire_lets_through_gives_warnings_or_none(
    store: Store, tmp_path: Path, answer: list[dict[str, object]]
) -> None:
    import json

    parsed = []
    for raw in answer:
        try:
            parsed.append(LookupItem.model_validate_json(json.dumps(raw)))
        except ValueError:
            continue  # the wire refused it: the client never sees it
    held = [f for item in parsed for f in central_facts(item)]
    national = (
        Holdings("mandant", holdings_key(MANDANT) or (), "en_ligne", "", tuple(held)),
        Holdings("mandataire", holdings_key(MANDATAIRE) or (), "en_ligne", "", tuple(held)),
    )
    settings_ = Settings(data_dir=tmp_path, station_code="75056-01", station_kind=PlaceKind.COMMISSARIAT)
    actor = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")
    desk = DeskServices(service_context(store, settings_, actor=actor))
    form = EstablishInput(mandant=MANDANT, mandataire=MANDATAIRE, election_id="presidentielle-2027")
    found = desk.check(replace(form, national=national))
    assert all(not v.blocking for v in found if v.message.startswith("Selon le répertoire central"))
