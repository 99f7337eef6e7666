"""Start pcscd for tests and benchmarks when it is not already running; stop only what we started."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

PCSCD = Path("/usr/sbin/pcscd")
SOCKET = Path("/run/pcscd/pcscd.comm")
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
READER_CONF = Path("/etc/reader.conf.d")


def missing_stack() -> str | None:
    """Why the real PC/SC stack cannot run here, or None when pcscd and vpcd are installed."""
    if not (PCSCD.exists() or shutil.which("pcscd")):
        return "pcscd absent (paquet Debian pcscd)"
    if not VPCD_DRIVER.exists():
        return "pilote vpcd absent (paquet Debian vsmartcard-vpcd)"
    if not any("libifdvpcd" in p.read_text(errors="ignore") for p in READER_CONF.glob("*") if p.is_file()):
        return "lecteur vpcd non configuré dans /etc/reader.conf.d"
    return None


def _ports_open() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 35963), timeout=0.2):
            return True
    except OSError:
        return False


class PcscDaemon:
    """pcscd in the foreground, owned by this process when it had to start it."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> None:
        """Use the running pcscd, or start one and wait until vpcd listens (30 s: a loaded 2-core CI once needed
        more than 10)."""
        if SOCKET.exists() and _ports_open():
            return
        binary = str(PCSCD if PCSCD.exists() else shutil.which("pcscd"))
        env = {k: v for k, v in os.environ.items() if k != "PCSCLITE_CSOCK_NAME"}
        self.process = subprocess.Popen(
            [binary, "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        deadline = time.monotonic() + timeout
        while not (SOCKET.exists() and _ports_open()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                code = self.process.poll()
                self.stop()
                raise RuntimeError(f"pcscd n'a pas démarré (code de sortie {code})")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop pcscd if we started it (by its own handle)."""
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


READER_0 = "Virtual PCD 00 00"
READER_1 = "Virtual PCD 00 01"


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll `condition` until true or `timeout` seconds; return its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()
