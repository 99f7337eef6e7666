"""A push the central store asks to come again (408, 429) is resent, and the agent reads why, not a refusal.

The central store cuts off a body that arrives too slowly (408) and receives one batch of a station at a time (429
with Retry-After, central/limits.py). The station read the first as « Le répertoire central a refusé un envoi :
contactez le support » and the second as the consultations' « Trop de consultations… », though nothing was refused
and the same batch goes again.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
from centralkit import procuration_body
from synckit import establish
from test_central_l73 import MANDANTS, MANDATAIRES

from central.embedded import Embedded
from desktop.models import OutboxEntry
from desktop.models.db import Store
from desktop.sync.client import CentralClient, Credentials, enrol
from desktop.sync.clock import StationClock
from desktop.sync.worker import SyncWorker

BUSY = "Le répertoire central reçoit encore un envoi de ce poste ; Guichet renverra dans quelques secondes."
SLOW = "Le répertoire central a interrompu un envoi reçu trop lentement (réseau lent) ; Guichet le renverra."


@contextmanager
def _push_in_flight(base_url: str, creds: Credentials) -> Iterator[socket.socket]:
    """Another push of this station, its headers sent and its body not yet: the central store is receiving it."""
    address = urlsplit(base_url)
    sock = socket.create_connection((address.hostname, address.port), timeout=30)
    head = (
        f"POST /v1/stations/{creds.station_id}/batches HTTP/1.1\r\nHost: {address.netloc}\r\n"
        f"Authorization: Bearer {creds.token}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    )
    sock.sendall(head.encode() + b'{"batch_id": ')
    try:
        yield sock
    finally:
        sock.close()


def _acked(store: Store) -> list[bool]:
    with store.read() as s:
        return [r.acked_at is not None for r in s.query(OutboxEntry)]


@pytest.mark.slow  # a central store over HTTP
def test_a_push_while_another_of_this_station_is_received_waits_and_says_so(
    sqlite_central: Embedded, store: Store
) -> None:
    creds = enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="guichet")
    worker = SyncWorker(store, CentralClient(sqlite_central.base_url, creds, timeout=10), StationClock())
    for i in range(3):
        establish(store, worker.clock, procuration_body(MANDANTS[i], MANDATAIRES[i], rounds="T1"))
    with _push_in_flight(sqlite_central.base_url, creds):
        assert not worker.run_once()
        status = worker.status()
        assert status.last_error == BUSY, status.last_error
        assert status.online  # reachable: not « injoignable »
        assert _acked(store) == [False, False, False]
    # The other push gone, the same batch goes through: nothing was lost, nothing set aside.
    assert worker.run_once(), worker.status().last_error
    assert _acked(store) == [True, True, True] and worker.status().last_error is None


@contextmanager
def _answering(status: int) -> Iterator[str]:
    """A server on 127.0.0.1 that answers every request with `status` and a short JSON refusal."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = b'{"error": "delai", "message": "corps de requ\\u00eate re\\u00e7u trop lentement"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow  # a server on 127.0.0.1
@pytest.mark.parametrize(("status", "said"), [(408, SLOW), (429, BUSY)])
def test_408_and_429_on_a_push_are_a_wait_not_a_refusal(store: Store, status: int, said: str) -> None:
    with _answering(status) as url:
        creds = Credentials(station_id="00000000-0000-0000-0000-000000000001", token="t" * 40)
        worker = SyncWorker(store, CentralClient(url, creds, timeout=5), StationClock())
        establish(store, worker.clock, procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1"))
        assert not worker.run_once()
        assert worker.status().last_error == said and worker.status().online
    assert _acked(store) == [False]
    with store.read() as s:
        assert [r.set_aside_at for r in s.query(OutboxEntry)] == [None]  # resent later, never set aside
