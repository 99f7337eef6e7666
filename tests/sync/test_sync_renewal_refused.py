"""A renewal step the central store refuses (central/renewal_checks.py) reaches the consulate's screens: the
Synchronisation list names it « Passeport » with its case number and what to do, and the case says why. Before,
the list showed the raw kind « passeport.etape » with the procurations' advice (« Contactez le mandant… »).

The station here is a modified one: its outbox entry was changed after the desk's own check passed."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select, update
from test_sync_renewals import REQUEST, _context

from central.embedded import Embedded
from desktop.models import OutboxEntry
from desktop.models.db import Store
from desktop.services.passports import PassportService
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.status import advice_for, refused_items
from desktop.sync.wire import KIND_PASSEPORT, KIND_VOTE_INTERNET
from desktop.sync.worker import SyncWorker


def test_a_refused_case_opening_is_named_numbered_and_explained(
    store: Store, tmp_path: Path, sqlite_central: Embedded
) -> None:
    passports = PassportService(_context(store, tmp_path))
    opened = passports.open_case(REQUEST)
    assert opened.case is not None, opened.violations
    with store.session() as s, s.begin():  # a country outside every experiment (R-PASS-4), after the desk's check
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.kind == KIND_PASSEPORT)).one()
        body = json.loads(entry.body)
        body["data"]["country"] = "US"
        s.execute(update(OutboxEntry).where(OutboxEntry.seq == entry.seq).values(body=json.dumps(body)))

    creds = enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="CA-MTL")
    SyncWorker(store, CentralClient(sqlite_central.base_url, creds, timeout=5), StationClock()).run_once()

    [item] = refused_items(store)
    assert (item.kind_label, item.rule_id) == ("Passeport", "R-PASS-4")
    assert item.receipt_number == opened.case.summary.case_number  # which case: the number the applicant holds
    assert item.advice.startswith("Ouvrez le dossier") and "mandant" not in item.advice
    assert item.message is not None and "expérimentation" in item.message
    detail = passports.get_case(opened.case.summary.id)
    assert detail.sync.startswith("Refusé par le répertoire central (R-PASS-4) : Ouverture du dossier"), detail.sync


def test_each_renewal_kind_has_its_own_advice() -> None:
    passport, ivote = advice_for("R-PASS-4", KIND_PASSEPORT), advice_for("R-IVOTE-5", KIND_VOTE_INTERNET)
    assert "demandeur" in passport and "électeur" in ivote and passport != ivote
    assert "mandant" not in passport + ivote
