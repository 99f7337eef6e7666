"""Renewal records travel like procurations: outbox, central verdict, confirmation on the counter."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from contextkit import service_context
from sqlalchemy import func, select

from central.embedded import Embedded
from central.schema import entries
from desktop.models import IvoteRequest, OutboxEntry, PassportCase
from desktop.models.db import Store
from desktop.rules.ivote import Credential
from desktop.services.context import ServiceContext
from desktop.services.ivote import IvoteService
from desktop.services.passports import PassportRequest, PassportService
from desktop.services.permissions import Principal
from desktop.settings import load_settings
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.worker import SyncWorker

NOW = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)


def _context(store: Store, tmp_path: Path) -> ServiceContext:
    settings = load_settings(
        config_path=tmp_path / "absent.toml",
        environ={},
        data_dir=tmp_path,
        station_kind="consulat",
        station_code="CA-MTL",
        station_name="Consulat à Montréal",
    )
    actor = Principal(
        "CA-MTL", "agent-1", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
    )
    return service_context(store, settings, actor=actor, clock=lambda: NOW)


REQUEST = PassportRequest(
    last_name="Lefèvre",
    given_names="Hélène",
    birth_date=date(1984, 7, 9),
    country="CA",
    old_passport_issued=date(2016, 5, 2),
    old_passport_expiry=date(2026, 5, 1),
)


def test_renewals_are_confirmed_by_the_central_store(store: Store, tmp_path: Path, sqlite_central: Embedded) -> None:
    ctx = _context(store, tmp_path)
    passports = PassportService(ctx)
    opened = passports.open_case(REQUEST)
    assert opened.case is not None, opened.violations
    ivote = IvoteService(ctx)
    asked = ivote.request_renewal(
        numic="MTL2024001", email="camille.tremblay-roux@exemple.fr", renew=frozenset({Credential.IDENTIFIANT})
    )
    assert not asked.violations
    with store.session() as s:
        assert s.scalars(select(PassportCase.confirmed_at)).all() == [None]
        assert s.scalars(select(IvoteRequest.confirmed_at)).all() == [None]
        kinds = set(s.scalars(select(OutboxEntry.kind)))
    assert {"passeport.etape", "vote_internet.demande"} <= kinds

    creds = enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="CA-MTL")
    worker = SyncWorker(store, CentralClient(sqlite_central.base_url, creds, timeout=5), StationClock())
    assert worker.run_once()
    with store.session() as s:
        assert all(v == "validee" for v in s.scalars(select(OutboxEntry.verdict)))
        assert None not in s.scalars(select(PassportCase.confirmed_at)).all()
        assert None not in s.scalars(select(IvoteRequest.confirmed_at)).all()


def test_every_step_of_a_case_and_of_a_request_reaches_the_central_store(
    store: Store, tmp_path: Path, sqlite_central: Embedded
) -> None:
    # A case's second step (a request's link used) carries the record's id again with its new state: the central
    # store refused it as « autre contenu » until session 26, and the counter set it aside (a day's work unsent).
    ctx = _context(store, tmp_path)
    creds = enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="CA-MTL")
    worker = SyncWorker(store, CentralClient(sqlite_central.base_url, creds, timeout=5), StationClock())
    passports, ivote = PassportService(ctx), IvoteService(ctx)
    opened = passports.open_case(REQUEST)
    assert opened.case is not None
    asked = ivote.request_renewal(
        numic="MTL2024001", email="camille.tremblay-roux@exemple.fr", renew=frozenset({Credential.IDENTIFIANT})
    )
    assert asked.request is not None
    assert worker.run_once()
    assert passports.record_documents(opened.case.summary.id, photo_ok=True, dhl_adult_signature=False).ok
    assert not ivote.record_link_use(request_id=asked.request.id).violations
    assert worker.run_once()
    with store.session() as s:
        sent = s.execute(select(OutboxEntry.kind, OutboxEntry.verdict, OutboxEntry.acked_at)).all()
    assert sorted((kind, verdict) for kind, verdict, _at in sent) == [
        ("passeport.etape", "validee"),
        ("passeport.etape", "validee"),
        ("vote_internet.demande", "validee"),
        ("vote_internet.demande", "validee"),
    ]
    assert all(at is not None for _k, _v, at in sent)
    with sqlite_central.engine.connect() as conn:
        counts = conn.execute(select(entries.c.record_id, func.count()).group_by(entries.c.record_id)).all()
    assert sorted(n for _id, n in counts) == [2, 2]
