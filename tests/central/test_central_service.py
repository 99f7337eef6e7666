"""`guichet-central`'s assembled application: sync and security routes together, reset codes to a mail pickup folder."""

from __future__ import annotations

from email import message_from_bytes
from pathlib import Path

from fastapi.testclient import TestClient

from central.service import build_app, mail_spool


def test_security_routes_are_mounted(tmp_path: Path) -> None:
    app = build_app(f"sqlite:///{tmp_path / 'central.db'}", enrolment_token="jeton", folder=tmp_path)
    client = TestClient(app)
    assert client.get("/v1/time").status_code == 200
    escrow = client.get("/v1/security/escrow-key")
    assert escrow.status_code == 200
    assert (tmp_path / "escrow.key").stat().st_mode & 0o777 == 0o600
    paths = client.get("/openapi.json").json()["paths"]
    assert any(p.startswith("/v1/security/") for p in paths)
    assert "/v1/stations/{station}/batches" in paths


def test_reset_codes_are_written_as_mails(tmp_path: Path) -> None:
    deliver = mail_spool(tmp_path / "courriels")
    deliver("agent-1", "agent@example.fr", "482913")
    deliver("agent-2", None, "111111")  # no e-mail on file: nothing written
    mails = list((tmp_path / "courriels").iterdir())
    assert len(mails) == 1 and mails[0].stat().st_mode & 0o777 == 0o600
    msg = message_from_bytes(mails[0].read_bytes())
    assert msg["To"] == "agent@example.fr"
    assert "482913" in msg.get_payload(decode=True).decode()  # type: ignore[union-attr]
