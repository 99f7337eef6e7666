"""R-PASS-4's experiments as a calendar file gives them (« experimentations_passeport », desktop/rules/calendar.py):
whatever the file holds, the desk and the central store start with them or stop on a `CalendarError` whose French
message says which experiment is wrong, never another exception."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.rules.calendar import CalendarError, parse_calendar
from desktop.rules.pilots import PILOTS, Pilot

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(
        ["2027-12-01", "2029-11-30", "2027-02-30", "９９９９-01-01", "9999-12-31", "0001-01-01", "20271201"]
    )
)
JSON = st.recursive(
    SCALARS,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=6), kids, max_size=4),
    max_leaves=15,
)
NAMES = st.text(max_size=20) | st.just("") | st.just("{nom} {0}") | st.text(min_size=300, max_size=2000) | JSON
PILOT = st.fixed_dictionaries(
    {},
    optional={
        "nom": NAMES,
        "pays": st.lists(st.sampled_from(["ESP", "can", "", "É"]) | SCALARS, max_size=4) | JSON,
        "debut": SCALARS | JSON,
        "fin": SCALARS | JSON,
    },
)
PILOTS_VALUE = st.lists(PILOT | JSON, max_size=4) | JSON


def _document(pilots: Any) -> dict[str, Any]:
    return {"elections": [], "experimentations_passeport": pilots}


@SETTINGS
@given(pilots=PILOTS_VALUE)
def test_any_experiments_value_starts_or_stops_with_a_clear_calendar_error(pilots: Any) -> None:
    try:
        calendar = parse_calendar(_document(pilots))
    except CalendarError as err:
        message = str(err)
        assert "expérimentation" in message or "experimentations_passeport" in message, message  # says what is wrong
        assert len(message) <= 200, message[:300]  # a readable line, whatever the file holds
        assert "\n" not in message, message
        return
    for pilot in calendar.passport_pilots:
        assert isinstance(pilot, Pilot) and isinstance(pilot.start, date) and pilot.start <= pilot.end
        assert pilot.name.strip() and pilot.countries and all(len(c) == 3 and c.isalpha() for c in pilot.countries)
    if pilots is None:
        assert calendar.passport_pilots == PILOTS


@pytest.mark.parametrize(
    "pilots",
    [
        [{"nom": "", "pays": ["ESP"], "debut": "2027-12-01", "fin": "2029-11-30"}],
        [{"nom": "  ", "pays": ["ESP"], "debut": "2027-12-01", "fin": "2029-11-30"}],
        [{"nom": "x" * 5000, "pays": ["ESP"], "debut": "2027-12-01", "fin": "2027-11-30"}],
        [{"nom": "x", "pays": [], "debut": "2027-12-01", "fin": "2029-11-30"}],
        [{"nom": "x", "pays": ["ESPAGNE"], "debut": "2027-12-01", "fin": "2029-11-30"}],
        [{"nom": "x\nà la ligne", "pays": ["ESP"], "debut": "2027-12-01", "fin": "2027-11-30"}],
    ],
)
def test_an_experiment_without_a_name_or_a_country_is_refused_saying_which(pilots: Any) -> None:
    with pytest.raises(CalendarError) as caught:
        parse_calendar(_document(pilots))
    assert "expérimentation n° 0" in str(caught.value) and len(str(caught.value)) <= 200, str(caught.value)[:300]
