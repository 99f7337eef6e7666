"""R-ID-REF-1 on an online résiliation: the reference is checked and stored in its canonical form whether the
mandant's procurations are at this station or only at the central store (R-REVOKE-4)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from contextkit import station_desk
from sqlalchemy import select

from desktop.models import OutboxEntry
from desktop.models.db import Store
from desktop.services.desk import PersonInput
from desktop.services.revocations import CentralMandant
from desktop.sync.outbox import entry_of
from desktop.sync.wire import ProcurationResiliation

MANDANT = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire", birth_date=date(1990, 1, 15))


def test_R_ID_REF_1_an_online_resiliation_of_procurations_made_elsewhere_checks_its_reference(
    store: Store, tmp_path: Path
) -> None:
    desk = station_desk(store, tmp_path, lambda: datetime(2026, 12, 1, 9, 30, tzinfo=UTC), kind="commissariat")
    elsewhere = CentralMandant(person=MANDANT, name="MARTIN Claire", procurations=())
    refused = desk.revoke_at_central(mandant=elsewhere, channel="maprocuration", reference="AB12")
    assert not refused.saved
    assert [(v.rule_id, v.field) for v in refused.violations] == [("R-ID-REF-1", "channel.reference")]
    done = desk.revoke_at_central(mandant=elsewhere, channel="maprocuration", reference=" ab 12-cd ")
    assert done.saved, done.violations
    with store.session() as s:
        [row] = s.scalars(select(OutboxEntry).where(OutboxEntry.record_id == done.revocation_id))
        body = entry_of(row).body
    assert isinstance(body, ProcurationResiliation) and body.reference == "AB12CD"
