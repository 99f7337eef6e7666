"""The application context: a login's opened store is used as is, and start-up applies retention (R-DATA-2)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from datekit import pin_station_clock
from sqlalchemy import select

from desktop.context import OpenedStore, build_context
from desktop.models import Elector, Procuration
from desktop.models.db import Store
from desktop.services.permissions import Principal
from desktop.settings import load_settings

LONG_AGO = datetime(2022, 3, 1, 10, 0, tzinfo=UTC)


def _add(store: Store, pid: str, *, status: str, election: str) -> None:
    with store.session() as s, s.begin():
        for eid in (f"{pid}-a", f"{pid}-b"):
            s.add(
                Elector(
                    id=eid,
                    last_name="DUPONT",
                    given_names="Jean",
                    birth_date=date(1970, 1, 1),
                    search_name="DUPONT JEAN",
                    eu_citizen=False,
                    created_at=LONG_AGO,
                )
            )
        s.add(
            Procuration(
                id=pid,
                receipt_number=f"R-{pid}",
                mandant_id=f"{pid}-a",
                mandataire_id=f"{pid}-b",
                channel="cerfa_12668",
                place_kind="commissariat",
                established_in="france",
                station_code="75056-01",
                agent_id="a",
                authority_name="Agent",
                authority_capacity="OPJ",
                validity_kind="SCRUTIN",
                election_id=election,
                rounds="T1_T2",
                home_visit=False,
                established_at=LONG_AGO,
                status=status,
                confirmed_at=LONG_AGO,
            )
        )


def test_startup_purges_what_retention_allows_and_keeps_the_rest(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin_station_clock(monkeypatch)  # presidentielle-2027 still to come, whatever the day the suite runs
    _add(store, "old", status="validee", election="presidentielle-2022")  # confirmed, ended 2022: purged
    _add(store, "next", status="validee", election="presidentielle-2027")  # still to come: kept
    _add(store, "waiting", status="provisoire", election="presidentielle-2022")  # never confirmed: kept
    settings = load_settings(
        config_path=tmp_path / "absent.toml",
        environ={},
        data_dir=tmp_path,
        card_reader="aucun",
        receipt_printer="aucune",
    )
    agent = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")
    ctx = build_context(
        settings, opened=OpenedStore(store=store, actor=agent, agent_name="Lt Durand", key_description="clé de l'agent")
    )
    try:
        assert ctx.actor is agent and ctx.agent_name == "Lt Durand"
        assert ctx.services().authority().capacity == "OPJ"
        with store.session() as s:
            assert sorted(s.scalars(select(Procuration.id))) == ["next", "waiting"]
    finally:
        ctx.close()


@pytest.mark.slow
def test_demo_opens_with_procurations_established_through_the_desk(tmp_path: Path) -> None:
    from desktop.models import AuditEvent, OutboxEntry

    settings = load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path, demo=True)
    ctx = build_context(settings)
    try:
        with ctx.store.session() as s:
            procurations = s.scalars(select(Procuration)).all()
            assert len(procurations) == 2 and {p.status for p in procurations} == {"provisoire"}
            ids = {p.id for p in procurations}
            assert ids <= set(s.scalars(select(OutboxEntry.record_id)))  # they travel to the central store
            assert ids <= set(s.scalars(select(AuditEvent.record_id)))
    finally:
        ctx.close()


def test_a_counter_install_runs_the_demo_offline_without_starting_a_central_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frozen, or without the server stack, the demo starts no process (the quick-test guard would fail it)."""
    import sys

    from desktop.demo import central

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert not central.demo_central_available()
    settings = load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path, demo=True)
    ctx = build_context(settings)
    try:
        assert ctx.sync is None and ctx.central is None
        with ctx.store.read() as s:
            assert len(s.scalars(select(Procuration)).all()) == 2  # the demo still has its procurations
    finally:
        ctx.close()
    monkeypatch.delattr(sys, "frozen")
    assert central.demo_central_available()  # this checkout has guichet[central]


def test_a_deferred_demo_puts_its_card_in_the_reader_once_the_agent_can_act(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The simulated card (a chip built with its portrait and signed data groups) waits for `finish_demo`."""
    import sys

    from desktop.context import finish_demo

    monkeypatch.setattr(sys, "frozen", True, raising=False)  # no demo central store process in a quick test
    settings = load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path, demo=True)
    ctx = build_context(settings, defer_demo=True)
    try:
        reader = ctx.reader.readers()[0]
        assert not ctx.reader.card_present(reader)
        finish_demo(ctx)
        assert ctx.reader.card_present(reader)  # the README's walk-through: CAN 123456 then F2 reads it
    finally:
        ctx.close()
    direct = build_context(
        load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path / "b", demo=True)
    )
    try:
        assert direct.reader.card_present(direct.reader.readers()[0])  # not deferred: there at once
    finally:
        direct.close()


@pytest.mark.slow
def test_the_demo_enrols_its_agents_before_its_first_push_so_its_entries_are_not_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The central store flags an entry whose agent it never enrolled (central/attribution.py): the demo's agents are
    enrolled before the sync worker's first push (`start_sync(before_start=...)`), not beside it. A slow enrolment
    shows the order: begun after the worker, the push would win the race."""
    import time

    from sqlalchemy import create_engine, text

    from desktop import context
    from desktop.demo import central
    from desktop.models import OutboxEntry

    if not central.demo_central_available():
        pytest.skip("no central store stack in this install")
    enrol = context._enrol_demo_agents

    def slow_enrol(*args: Any) -> None:
        time.sleep(2)
        enrol(*args)

    monkeypatch.setattr(context, "_enrol_demo_agents", slow_enrol)
    settings = load_settings(config_path=tmp_path / "absent.toml", environ={}, data_dir=tmp_path, demo=True)
    ctx = build_context(settings)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with ctx.store.session() as s:
                waiting = s.scalars(select(OutboxEntry.id).where(OutboxEntry.acked_at.is_(None))).all()
            if not waiting:
                break
            time.sleep(0.2)
        assert not waiting, "the demo's procurations never reached its central store"
    finally:
        ctx.close()
    engine = create_engine(f"sqlite:///{tmp_path / 'central.db'}")
    with engine.connect() as conn:
        flags = conn.execute(text("SELECT flags FROM entries")).scalars().all()
        opened = conn.execute(text("SELECT COUNT(*) FROM reviews")).scalar_one()
    engine.dispose()
    assert len(flags) == 2 and not any("agent_" in f for f in flags) and opened == 0


@pytest.mark.slow
def test_the_stations_syncs_are_audited_as_the_station_never_as_an_agent(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sync runs for the station (the audit journal reads « le poste (tâche automatique) »): its events named
    the agent who logged in, all day long, after other agents had taken the counter (« Changer d'agent »)."""
    from central.embedded import serve_in_thread
    from central.service import build_app
    from desktop.models import AuditEvent
    from desktop.services.desk import DeskServices, EstablishInput, PersonInput
    from desktop.sync.client import enrol

    pin_station_clock(monkeypatch)
    app = build_app(f"sqlite:///{tmp_path / 'central.db'}", enrolment_token="jeton", folder=tmp_path / "central")
    base_url, stop = serve_in_thread(app)
    try:
        settings = load_settings(
            config_path=tmp_path / "absent.toml",
            environ={},
            data_dir=tmp_path / "station",
            card_reader="aucun",
            receipt_printer="aucune",
        )
        code, kind = settings.station_code, settings.station_kind.value
        first = Principal(code, "agent-1", role="agent_police", capacity="opj", station_kind=kind)
        ctx = build_context(
            settings, opened=OpenedStore(store=store, actor=first, agent_name="Lt Durand", key_description="clé")
        )
        try:
            outcome = DeskServices(ctx.services()).establish(
                EstablishInput(
                    mandant=PersonInput(
                        nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27)
                    ),
                    mandataire=PersonInput(
                        nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2)
                    ),
                    election_id="presidentielle-2027",
                )
            )
            assert outcome.saved, outcome.violations
            ctx.start_sync(base_url, enrol(base_url, enrolment_token="jeton", label=code))  # as build_context does
            ctx.act_as(Principal(code, "agent-2", role="agent_police", capacity="apj", station_kind=kind), "Martin")
            deadline = time.monotonic() + 30
            synced: list[str | None] = []
            while not synced and time.monotonic() < deadline:
                with ctx.store.read() as s:
                    synced = list(s.scalars(select(AuditEvent.agent_id).where(AuditEvent.action == "synchronisation")))
                time.sleep(0.1)
            assert synced == [None]
        finally:
            ctx.close()
    finally:
        stop()
