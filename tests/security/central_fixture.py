"""An in-process central store with the security router, reached through the real HTTP client."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fastapi.testclient import TestClient

from central.app import create_app
from central.auth import enrol_station
from central.db import create_schema, make_engine
from central.security import EscrowKeys, create_router, create_security_schema
from central.service import load_rules
from desktop.security.central_api import HttpCentralSecurity


@dataclass
class Mailbox:
    """Reset codes 'sent by e-mail', kept for the test to read."""

    sent: list[tuple[str, str | None, str]] = field(default_factory=list)

    def __call__(self, agent_id: str, email: str | None, code: str) -> None:
        self.sent.append((agent_id, email, code))


@dataclass
class CentralUnderTest:
    client: HttpCentralSecurity
    keys: EscrowKeys
    mailbox: Mailbox
    engine: object
    station_id: str


def start_central(tmp_path: Path) -> CentralUnderTest:
    tmp_path.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    create_schema(engine)
    create_security_schema(engine)
    keys = EscrowKeys.load_or_create(tmp_path / "escrow.key")
    mailbox = Mailbox()
    app = create_app(engine, load_rules(), enrolment_token="", routers=[create_router(engine, keys, deliver=mailbox)])
    creds = enrol_station(engine, label="Commissariat test")
    client = HttpCentralSecurity(TestClient(app), token=creds.token)
    return CentralUnderTest(client=client, keys=keys, mailbox=mailbox, engine=engine, station_id=creds.station_id)
