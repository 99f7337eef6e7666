"""No personal data in logs: run services with the demo persons' identities, then check the session-wide guard."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from desktop.devices.cards.demo_persons import DEMO_PERSONS
from desktop.models import Elector, Procuration
from desktop.models.db import Store
from desktop.models.ids import uuid7
from desktop.services.journal import action, audit
from desktop.services.permissions import Principal
from desktop.services.retention import purge

from .pii_guard import PiiGuard, current_guard, known_identities

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_the_guard_knows_the_identities_and_catches_a_leak() -> None:
    identities = known_identities()
    assert "MARTIN" in identities and "204512873" in identities and "15/01/1990" in identities
    assert "X4RTBPFW4" in identities
    guard = PiiGuard(identities)
    logger = logging.getLogger("pii-guard-self-test")
    logger.addHandler(guard)
    logger.propagate = False  # keep this deliberate leak out of the session-wide guard
    try:
        logger.info("procuration %s established", "rec-1")
        assert guard.offenders == []
        logger.warning("lookup failed for %s born %s", "Martin", "15/01/1990")
        try:
            raise ValueError("document X4RTBPFW4 unreadable")
        except ValueError:
            logger.exception("card read failed")
    finally:
        logger.removeHandler(guard)
        logger.propagate = True
    assert len(guard.offenders) == 2


def test_services_with_demo_identities_log_nothing_personal(store: Store, pytestconfig: pytest.Config) -> None:
    guard = current_guard(pytestconfig)
    before = len(guard.offenders)
    actor = Principal("75056-01", "agent-1", role="agent_police", capacity="OPJ", station_kind="commissariat")
    people = []
    with action(store) as s:
        for p in DEMO_PERSONS:
            e = Elector(
                id=uuid7(),
                nne=None,
                last_name=p.surname,
                given_names=" ".join(p.given_names),
                birth_date=p.birth_date,
                search_name=p.surname,
                eu_citizen=False,
                created_at=T0,
            )
            s.add(e)
            people.append(e.id)
        pid = uuid7()
        s.add(
            Procuration(
                id=pid,
                receipt_number="R-1",
                mandant_id=people[0],
                mandataire_id=people[1],
                channel="cerfa_12668",
                place_kind="commissariat",
                established_in="FRANCE",
                station_code="75056-01",
                agent_id="agent-1",
                authority_name="Agent",
                authority_capacity="OPJ",
                validity_kind="SCRUTIN",
                election_id="x",
                rounds="BOTH",
                home_visit=False,
                established_at=T0,
                status="invalidee",
                confirmed_at=T0,
            )
        )
        audit(s, actor=actor, action_name="procuration.etablie", now=T0, record_kind="procuration", record_id=pid)
    report = purge(store, station_code="75056-01", now=T0 + timedelta(days=90), scrutin_end=lambda _e, _r: None)
    assert report.procurations == 1 and report.electors == len(DEMO_PERSONS)
    assert guard.seen > 0  # the guard does see this session's records
    assert guard.offenders[before:] == []
