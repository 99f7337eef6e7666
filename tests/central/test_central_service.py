"""`guichet-central`'s assembled application: sync and security routes together, reset codes to a mail pickup folder."""

from __future__ import annotations

from email import message_from_bytes
from pathlib import Path

import pytest
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


@pytest.mark.slow
def test_api_nodes_starting_together_share_one_escrow_key(tmp_path: Path) -> None:
    """Several processes create the escrow key at once: exactly one key wins and every node reads it."""
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; from central.security import EscrowKeys; "
        "print(EscrowKeys.load_or_create(Path(sys.argv[1])).public.hex())"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path / "escrow.key")], stdout=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    keys = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(keys) == 1 and len(next(iter(keys))) == 64
    assert sorted(q.name for q in tmp_path.iterdir()) == ["escrow.key"]  # no temp file left behind
