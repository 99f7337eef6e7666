"""A station's figures at the central store, asked for over 127.0.0.1 by the station's own client: per day of the
station's zone (a consulate's dashboard counts its own days), Paris's when it names none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from nationalkit import act_rows
from sqlalchemy import insert

from central.embedded import Embedded
from central.schema import entries, procurations
from desktop.sync.client import CentralClient, enrol

PARIS, MONTREAL = ZoneInfo("Europe/Paris"), ZoneInfo("America/Montreal")


def test_a_consulates_client_gets_its_figures_on_its_own_days(sqlite_central: Embedded) -> None:
    central = sqlite_central
    creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label="Consulat général à Montréal")
    client = CentralClient(central.base_url, creds, timeout=10)
    # Yesterday at 02:00 UTC: the evening before in Montréal, the small hours of the same day in Paris.
    evening = (datetime.now(UTC) - timedelta(days=1)).replace(hour=2, minute=0, second=0, microsecond=0)
    with central.engine.begin() as conn:
        entry, record = act_rows(creds.station_id, 1, evening)
        conn.execute(insert(entries), [entry])
        conn.execute(insert(procurations), [record])
    own = client.station_figures(zone="America/Montreal")
    paris = client.station_figures()
    assert [(d.day, d.acts) for d in own.days] == [(evening.astimezone(MONTREAL).date(), 1)]
    assert [(d.day, d.acts) for d in paris.days] == [(evening.astimezone(PARIS).date(), 1)]
    assert own.days[0].day != paris.days[0].day
    # A name the central store's zone database lacks (a newer one on the station): its Paris days, not nothing.
    unknown = client.station_figures(zone="Europe/Nouvelle_Ville")
    assert unknown.days == paris.days
    client.close()
