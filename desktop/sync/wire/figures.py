"""What the central store knows of one station's work (GET /v1/stations/{station}/figures), for its dashboard."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from desktop.sync.wire.fields import Day, Instant, NaturalInt, Uuid, WireModel

MAX_DAYS = 92


class DayFigures(WireModel):
    """One day at the central store (of the zone the station named, Paris's if none): entries received from the
    station, refusals, entries that came late."""

    day: Day
    acts: NaturalInt
    refusals: NaturalInt
    late: NaturalInt


class StationFigures(WireModel):
    """Answer of GET /v1/stations/{station}/figures: the station's last contact and its days with activity."""

    station_id: Uuid
    last_contact: Instant
    days: Annotated[tuple[DayFigures, ...], Field(max_length=MAX_DAYS)]
