"""`guichet-central serve` runs on uvicorn's compiled HTTP parser and event loop (httptools, uvloop: the `central`
extra) when they are installed, and on h11 and asyncio's loop when they are not (issue 21)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from centralkit import free_port, wait_http

from central import service

# The serving process, started as `python -m central` would, with some modules made unimportable first.
LAUNCH = """
import sys
for name in sys.argv[1].split(","):
    if name:
        sys.modules[name] = None  # unimportable: find_spec says None, import raises ImportError
from central.__main__ import main
raise SystemExit(main(sys.argv[2:]))
"""


def test_the_compiled_stack_is_chosen_when_installed() -> None:
    assert service.server_stack() == {"http": "httptools", "loop": "uvloop"}


def test_without_it_the_pure_python_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httptools", None)
    assert service.server_stack() == {"http": "h11", "loop": "uvloop"}
    monkeypatch.setitem(sys.modules, "uvloop", None)
    assert service.server_stack() == {"http": "h11", "loop": "asyncio"}


def _loaded(pid: int) -> str:
    """The shared objects a process has loaded (Linux)."""
    return Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.slow  # two server processes started
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("hidden", ["", "httptools,uvloop"])
def test_serve_starts_and_answers_with_or_without_the_compiled_stack(tmp_path: Path, hidden: str) -> None:
    port = free_port()
    env = os.environ | {
        service.ENV_ENROLMENT: "jeton-de-test-de-la-pile-0123456789",
        service.ENV_DATA_DIR: str(tmp_path),
    }
    args = ["--database", f"sqlite:///{tmp_path / 'central.sqlite3'}", "--port", str(port), "serve"]
    proc = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, hidden, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base, timeout=60)
        assert httpx.get(base + "/v1/time", timeout=5).status_code == 200
        answer = httpx.post(base + "/v1/stations", json={"label": "pile"}, timeout=5)
        assert answer.status_code == 401  # a request with a body, refused before it is read, as on any stack
        maps = _loaded(proc.pid)
        compiled = "httptools/parser" in maps and "uvloop/loop" in maps
        assert compiled is not bool(hidden), maps.count("\n")
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert b"Traceback" not in err, err.decode()[-2000:]
