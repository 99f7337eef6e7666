"""Slow push bodies (slowloris) and pushes in parallel, over a real socket (sync/security audit, finding 3).

A client sending its body a few bytes a second held a request slot for ever: a body is now cut off when it arrives
slower than `Pace` allows (408), and a station has one push in flight at a time (429 with Retry-After).
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from centralkit import DUBOIS, MARTIN, Station, free_port, procuration_body, wait_http

from central import service
from central.__main__ import main
from central.embedded import Embedded, start_embedded
from central.limits import Pace
from central.throttle import Limits
from desktop.sync.wire import Refusal

P = "procuration.etablie"


@pytest.fixture
def impatient(tmp_path: Path) -> Iterator[Embedded]:
    """A central store that waits one second for a body, plus one per KiB received."""
    emb = start_embedded(tmp_path / "central.sqlite3", limits=Limits(body=Pace(grace=1.0, min_rate=1024)))
    yield emb
    emb.stop()


def _open_push(station: Station, length: int) -> socket.socket:
    """A push whose headers are sent, announcing `length` bytes of body, none of them sent yet."""
    address = urlsplit(station.base_url)
    sock = socket.create_connection((address.hostname, address.port), timeout=60)
    head = (
        f"POST /v1/stations/{station.station_id}/batches HTTP/1.1\r\nHost: {address.netloc}\r\n"
        f"Authorization: Bearer {station.token}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    )
    sock.sendall(head.encode())
    return sock


def _answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of the answer read from `sock`."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed without an answer: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    while len(body) < int(headers.get("content-length", "0")):
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), headers, body


def _batch(station: Station) -> dict[str, object]:
    return station.batch((P, procuration_body(MARTIN, DUBOIS), datetime.now(UTC)))


@pytest.mark.slow
def test_a_body_sent_a_few_bytes_a_second_is_cut_off(impatient: Embedded) -> None:
    station = Station.enrol(impatient.base_url, impatient.enrolment_token)
    body = json.dumps(_batch(station)).encode()
    sock = _open_push(station, len(body))
    stop = threading.Event()

    def trickle() -> None:  # four bytes a second, while the answer is awaited
        for i in range(len(body)):
            if stop.wait(0.25):
                return
            try:
                sock.sendall(body[i : i + 1])
            except OSError:
                return

    sender = threading.Thread(target=trickle, daemon=True)
    sender.start()
    try:
        status, headers, content = _answer(sock)
    finally:
        stop.set()
        sender.join(timeout=10)
        sock.close()
    assert status == 408, content
    assert Refusal.from_json(content).error == "delai"
    assert headers.get("connection") == "close"
    station.seq = 0  # the batch cut off was not applied: the same numbers again
    assert station.push(_batch(station)).status_code == 200  # right after, the station pushes as ever


def _refused_while_in_flight(station: Station, body: bytes) -> tuple[socket.socket, httpx.Response]:
    """A push left sending its body (its headers and 10 bytes sent), and the station's second push, refused 429.

    Under load the two race: the server may read the second before the first's headers (refused 409, out of
    sequence: seq 2 before 1, nothing applied), or read the first while the second is being applied (the first then
    refused 429). The second is asked again until the first is in flight, the first opened again if it was refused.
    """
    deadline = time.monotonic() + 30
    while True:
        sock = _open_push(station, len(body))
        sock.sendall(body[:10])  # still sending its body (10 s allowed)
        while True:
            station.seq = 1
            second = station.push(_batch(station))
            if second.status_code != 409 or time.monotonic() > deadline:
                return sock, second
            if select.select([sock], [], [], 0.05)[0]:  # the first was answered: it came second, open it again
                status, _, content = _answer(sock)
                assert status == 429, content
                sock.close()
                break


@pytest.mark.slow
def test_a_station_has_one_push_in_flight_at_a_time(sqlite_central: Embedded) -> None:
    slow = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token, "lent")
    other = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token, "autre")
    body = json.dumps(_batch(slow)).encode()
    sock, second = _refused_while_in_flight(slow, body)
    try:
        assert second.status_code == 429, second.text
        assert int(second.headers["Retry-After"]) > 0
        assert Refusal.from_json(second.content).error == "limite"
        assert other.push(_batch(other)).status_code == 200  # another station is not held up
        sock.sendall(body[10:])
        status, _, content = _answer(sock)
        assert status == 200, content
    finally:
        sock.close()
    slow.seq = 1  # the refused second batch was never applied
    assert slow.push(_batch(slow)).status_code == 200  # the first one done, the next passes


@pytest.mark.parametrize("bad", ["0", "100001", "mille"])
def test_max_connections_refused_in_french(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--max-connections", bad])
    assert stop.value.code == 2
    assert "nombre de connexions invalide" in capsys.readouterr().err


@pytest.mark.slow
def test_serve_refuses_connections_past_its_limit(tmp_path: Path) -> None:
    port = free_port()
    env = os.environ | {
        service.ENV_ENROLMENT: "jeton-de-test-des-connexions-0123456789",
        service.ENV_DATA_DIR: str(tmp_path),
    }
    database = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    args = ["--database", database, "--port", str(port), "serve", "--max-connections", "3"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "central", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    idle: list[socket.socket] = []
    try:
        wait_http(base, timeout=60)
        idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(3)]
        refused = httpx.get(base + "/v1/time", timeout=10)
        assert refused.status_code == 503
        for sock in idle:
            sock.close()
        wait_http(base, timeout=30)  # the idle connections gone, served again
    finally:
        for sock in idle:
            sock.close()
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert b"Traceback" not in err, err.decode()[-2000:]
