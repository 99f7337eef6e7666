"""Local-store helpers for the sync tests: a procuration written the way services write it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from desktop.models import Elector, Procuration
from desktop.models.db import Store
from desktop.models.ids import uuid7
from desktop.services.journal import enqueue
from desktop.sync.clock import StationClock
from desktop.sync.outbox import envelope
from desktop.sync.wire import ProcurationEtablie, ProcurationResiliation


def _elector(who: dict[str, Any], now: datetime) -> Elector:
    return Elector(
        id=uuid7(),
        nne=who.get("nne"),
        last_name=who["nom"],
        usage_name=None,
        given_names=" ".join(who["prenoms"]),
        birth_date=date.fromisoformat(who["date_naissance"]),
        sex=None,
        list_kind=None,
        registration_place=None,
        registration_code=None,
        address=None,
        eu_citizen=False,
        search_name=f"{who['nom']} {' '.join(who['prenoms'])}".upper(),
        identity_verified="saisie",
        created_at=now,
        purged_at=None,
    )


def establish(store: Store, clock: StationClock, body: dict[str, Any]) -> str:
    """Write the procuration, then its outbox entry, in one transaction; returns the procuration id."""
    parsed = ProcurationEtablie.from_dict(body, "body")
    stamp = clock.stamp()
    now = datetime.now(UTC)
    with store.session() as s, s.begin():
        mandant, mandataire = _elector(body["mandant"], now), _elector(body["mandataire"], now)
        s.add_all([mandant, mandataire])
        s.flush()
        s.add(
            Procuration(
                id=parsed.id,
                receipt_number=f"R-{parsed.id}",
                mandant_id=mandant.id,
                mandataire_id=mandataire.id,
                channel=parsed.channel,
                request_reference=None,
                place_kind=parsed.place_kind,
                established_in=parsed.established_in.upper(),
                station_code="S1",
                agent_id="agent-1",
                authority_name="OPJ",
                authority_capacity="OPJ",
                validity_kind="SCRUTIN",
                election_id="presidentielle-2027",
                rounds="T1",
                valid_from=None,
                valid_until=None,
                home_visit=False,
                established_at=stamp.at,
                status="provisoire",
                status_rule_id=None,
                confirmed_at=None,
            )
        )
        s.flush()
        enqueue(s, kind="procuration.etablie", record_id=parsed.id, body=envelope(parsed, stamp), now=stamp.at)
    return parsed.id


def outbox_only(store: Store, clock: StationClock, kind: str, body: dict[str, Any]) -> None:
    """An outbox entry without a local business row (the fault tests only count entries)."""
    parser = ProcurationEtablie.from_dict if kind == "procuration.etablie" else ProcurationResiliation.from_dict
    parsed = parser(body, "body")
    stamp = clock.stamp()
    with store.session() as s, s.begin():
        enqueue(s, kind=kind, record_id=parsed.id, body=envelope(parsed, stamp), now=stamp.at)


def queued_as_written(store: Store, body: dict[str, Any], now: datetime, kind: str = "procuration.etablie") -> None:
    """An outbox row as an earlier version queued it, before the counter checked bodies at the edge (enqueue now
    refuses a body past the wire's limits): written as that version wrote it, next in line."""
    import json

    from sqlalchemy import func, select

    from desktop.models import OutboxEntry

    with store.write() as s:
        seq = (s.scalar(select(func.max(OutboxEntry.seq))) or 0) + 1
        text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        s.add(OutboxEntry(seq=seq, id=uuid7(), kind=kind, record_id=body["id"], body=text, created_at=now, attempts=0))
