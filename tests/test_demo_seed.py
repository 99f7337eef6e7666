"""The demo's procurations are established for a scrutin ahead of the day the demo runs (R-VALID-2)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from contextkit import service_context
from sqlalchemy import select

from desktop.demo.seed import seed_demo, seed_demo_procurations
from desktop.models import Procuration
from desktop.models.db import Store
from desktop.rules.terms import PlaceKind
from desktop.services.permissions import Principal
from desktop.settings import Settings

OPJ = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")


@pytest.mark.parametrize(
    ("day", "election"),
    [
        (datetime(2026, 12, 1, 9, 30, tzinfo=UTC), "presidentielle-2027"),
        # After the presidential election's second round: a fixed presidentielle-2027 was refused (R-VALID-2) and
        # the demo opened with no procuration at all.
        (datetime(2027, 5, 3, 9, 30, tzinfo=UTC), "legislatives-2027"),
        (datetime(2027, 6, 13, 9, 30, tzinfo=UTC), "europeennes-2029"),  # the legislative one's first round is today
    ],
)
def test_the_demo_establishes_its_procurations_for_the_next_national_scrutin(
    store: Store, tmp_path: Path, day: datetime, election: str
) -> None:
    settings = Settings(data_dir=tmp_path, station_code="75056-01", station_kind=PlaceKind.COMMISSARIAT)
    ctx = service_context(store, settings, actor=OPJ, clock=lambda: day)
    seed_demo(ctx)
    assert seed_demo_procurations(ctx) == 2
    with store.read() as s:
        assert {p.election_id for p in s.scalars(select(Procuration))} == {election}
