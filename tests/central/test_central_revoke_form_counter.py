"""What the counter shows of a résiliation the central store refuses under R-REVOKE-5: the refused entry, its rule
and the central store's French reason (desktop/sync/status.refused_items, read by the Synchronisation screen).

The station here is a modified one: its outbox entry lost the mandant's NNE after the counter's own check passed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from datekit import live_now
from sqlalchemy import select, update

from central.embedded import Embedded
from central.schema import procurations
from desktop.models import OutboxEntry
from desktop.models.db import Store
from desktop.rules.terms import PlaceKind
from desktop.services.desk import DeskServices, EstablishInput, PersonInput, SearchQuery
from desktop.services.permissions import Principal
from desktop.settings import Settings
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.status import refused_items
from desktop.sync.wire import KIND_RESILIATION
from desktop.sync.worker import SyncWorker

MARTIN = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire Marie", birth_date=date(1990, 1, 15))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))


def _desk(store: Store, tmp_path: Path) -> DeskServices:
    from contextkit import service_context

    settings = Settings(data_dir=tmp_path / "75056-01", station_code="75056-01", station_kind=PlaceKind.COMMISSARIAT)
    actor = Principal(
        "75056-01", "agent-75056-01", role="agent_police", capacity="OPJ", station_kind=PlaceKind.COMMISSARIAT.value
    )
    return DeskServices(service_context(store, settings, actor=actor, clock=live_now))


def test_R_REVOKE_5_the_counter_shows_the_refused_résiliation_and_why(
    store: Store, tmp_path: Path, sqlite_central: Embedded
) -> None:
    desk = _desk(store, tmp_path)
    made = desk.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id="presidentielle-2027"))
    assert made.saved and made.procuration_id is not None
    [mandant] = desk.find_mandants(SearchQuery(MARTIN.nne, MARTIN.birth_date))
    revoked = desk.revoke_all(elector_id=mandant.elector_id)
    assert revoked.saved and revoked.revocation_id is not None
    with store.session() as s, s.begin():  # the modified station drops the mandant's NNE from what it sends
        row = s.scalars(select(OutboxEntry).where(OutboxEntry.kind == KIND_RESILIATION)).one()
        sent = json.loads(row.body)
        body = sent.get("body", sent)
        body["mandant"]["nne"] = None
        s.execute(update(OutboxEntry).where(OutboxEntry.seq == row.seq).values(body=json.dumps(sent)))

    creds = enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="75056-01")
    SyncWorker(store, CentralClient(sqlite_central.base_url, creds, timeout=5), StationClock()).run_once()

    with sqlite_central.engine.connect() as conn:  # nothing revoked at the central store
        status = conn.execute(select(procurations.c.status).where(procurations.c.id == made.procuration_id)).scalar()
    assert status == "validee"
    [item] = [i for i in refused_items(store) if i.record_id == revoked.revocation_id]
    assert (item.kind, item.status, item.rule_id) == (KIND_RESILIATION, "invalidee", "R-REVOKE-5")
    assert item.receipt_number and item.receipt_number == revoked.receipt_number  # the résiliation's own receipt
    assert item.message is not None and "numéro national d'électeur du mandant" in item.message, item
    # The résiliation ended nothing: the counter puts the procuration back in force, says why in its history, and
    # tells the agent that the procurations stand (not « une nouvelle doit être établie »).
    from desktop.models import Procuration, ProcurationEvent

    with store.read() as s:
        local = s.get(Procuration, made.procuration_id)
        assert local is not None and local.status == "validee"
        said = s.scalars(
            select(ProcurationEvent.note).where(
                ProcurationEvent.procuration_id == made.procuration_id, ProcurationEvent.rule_id == "R-REVOKE-5"
            )
        ).all()
    assert len(said) == 1 and "reste en vigueur" in (said[0] or "")
    assert "restent valables" in item.advice and "nouvelle doit être établie" not in item.advice
    [row] = desk.search(SearchQuery(MARTIN.nne), include_central=False).local
    assert row.status == "validee"
