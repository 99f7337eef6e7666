"""Demo mode's central store: `guichet-central` started as a local subprocess on 127.0.0.1, then this station enrolled.

A subprocess, not an import: the counter never imports the central store's code (DESIGN.md), and the demo then
shows the real thing, HTTP included: the window opens offline and turns online when the store answers.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from desktop.sync.client import Credentials, SyncError, enrol
from desktop.sync.http import build_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DemoCentral:
    """The subprocess and what the station needs to talk to it."""

    ATTEMPTS = 3  # each on a port of its own: a port found free may be taken before the store binds it

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self._token = secrets.token_urlsafe(24)
        self._log = (data_dir / "central.log").open("ab")
        self._lock = threading.Lock()
        self._closed = False
        self._attempts = 0
        self._start()

    def _start(self) -> None:
        self._attempts += 1
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "GUICHET_CENTRAL_ENROLMENT_TOKEN": self._token,
            "GUICHET_CENTRAL_DATA_DIR": str(self._data_dir / "central"),
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "central",
                "--database",
                f"sqlite:///{self._data_dir / 'central.db'}",
                "--port",
                str(self.port),
                "serve",
                "--demo-data",
                "--exit-with-stdin",
            ],
            # Its stdin's other end, held here and never written: closed by the OS when this process ends, SIGKILL
            # included, and the store stops by itself (central/lifecycle.py says why a pipe, not PR_SET_PDEATHSIG).
            stdin=subprocess.PIPE,
            stdout=self._log,
            stderr=self._log,
            env=env,
        )

    def _again(self) -> bool:
        """Start it again on another port after it refused its own at start (code 2: taken meanwhile)."""
        with self._lock:
            if self._closed or self.process.returncode != 2 or self._attempts >= self.ATTEMPTS:
                return False
            self._start()
            return True

    def wait_ready(self, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with build_client(self.base_url, timeout=1.0) as http:
                while time.monotonic() < deadline:
                    if self.process.poll() is not None:
                        break
                    try:
                        if http.get("/v1/time").status_code == 200:
                            return True
                    except httpx.HTTPError:
                        pass
                    time.sleep(0.1)
            if not self._again():
                return False
        return False

    def enrol(self, label: str) -> Credentials:
        return enrol(self.base_url, enrolment_token=self._token, label=label)

    def close(self) -> None:
        """Stop it as a kill of this process would, its stdin closed (a graceful stop on every system; Windows'
        terminate() is not), then terminate and kill it if it does not stop."""
        with self._lock:
            self._closed = True
        if self.process.stdin is not None:
            self.process.stdin.close()
        for stop in (None, self.process.terminate, self.process.kill):
            if stop is not None:
                stop()
            try:
                self.process.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
        self._log.close()


def demo_central_available() -> bool:
    """Whether this install can run the demo's central store: not a frozen counter bundle (its executable is the
    desk application), and the server stack (`guichet[central]`) installed. Without it the demo stays offline."""
    if getattr(sys, "frozen", False):
        return False
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("fastapi", "uvicorn"))


def start_demo_central(data_dir: Path, label: str, on_ready: Callable[[Credentials], None]) -> DemoCentral:
    """Start it and, on a background thread, wait for it, enrol, then hand the credentials over."""
    central = DemoCentral(data_dir)

    def wait() -> None:
        if not central.wait_ready():
            return
        try:
            on_ready(central.enrol(label))
        except SyncError:
            return

    threading.Thread(target=wait, name="demo-central", daemon=True).start()
    return central
