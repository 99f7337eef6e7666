"""The demo's processes killed and started again: its central store (`desktop/demo/central.py`) never outlives the
desk application, whatever ended it, and starts again on the files a killed one left.

A SIGKILL of the desk (the OOM killer, a « forcer à quitter », a crash) left the central store's process running, an
orphan holding its port and its SQLite files; each demo started after it added another. The desk stopped by each
signal, SIGKILL included: tests/views/test_stop_signals.py.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from desktop.demo.central import DemoCentral

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals, /proc")]

ROOT = Path(__file__).resolve().parents[1]


def test_a_killed_central_store_starts_again_on_its_files(tmp_path: Path) -> None:
    first = DemoCentral(tmp_path)
    second: DemoCentral | None = None
    try:
        assert first.wait_ready()
        creds = first.enrol("poste de démonstration")
        first.process.kill()  # its files as a crash leaves them: the WAL, its shared memory, no clean close
        first.process.wait()
        assert (tmp_path / "central.db-wal").exists()
        second = DemoCentral(tmp_path)
        assert second.wait_ready()
        # The same store: the station enrolled before the kill is still known.
        headers = {"Authorization": f"Bearer {creds.token}"}
        answer = httpx.get(f"{second.base_url}/v1/changes", params={"since": 0}, headers=headers, timeout=10)
        assert answer.status_code == 200, answer.text
    finally:
        first.close()
        if second is not None:
            second.close()
    with sqlite3.connect(tmp_path / "central.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


HOLDER = """
import sys, time
from desktop.demo import demo_folder
with demo_folder() as folder:
    (folder / "guichet.db").write_bytes(b"x")
    print(folder, flush=True)
    time.sleep(60)
"""


def _holder(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """A process inside its demo folder (in `tmp_path`), and that folder."""
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", HOLDER], env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, Path(proc.stdout.readline().strip())


def test_a_killed_demo_s_folder_is_removed_by_the_next_demo_not_a_running_one_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from desktop.demo import demo_folder

    killed, left = _holder(tmp_path)
    running, kept = _holder(tmp_path)
    older = tmp_path / "guichet-demo-older"  # no lock file: an earlier version's, or one being made
    older.mkdir()
    try:
        killed.kill()
        killed.wait()
        assert (left / "guichet.db").exists()
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        with demo_folder() as folder:
            assert folder.is_dir()
            assert not left.exists(), "the killed demo's folder stayed"
            assert (kept / "guichet.db").exists(), "a running demo's folder was removed"
            assert older.is_dir()
        assert not folder.exists()
    finally:
        running.kill()
        running.wait()


def test_a_port_taken_before_the_store_binds_it_another_is_tried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from desktop.demo import central as module

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = int(taken.getsockname()[1])
        ports, real = iter([busy]), module.free_port
        monkeypatch.setattr(module, "free_port", lambda: next(ports, None) or real())  # the first one taken
        demo = DemoCentral(tmp_path)
        try:
            assert demo.wait_ready(), (tmp_path / "central.log").read_text(errors="replace")[-2000:]
            assert demo.port != busy
        finally:
            demo.close()
    assert "déjà utilisé" in (tmp_path / "central.log").read_text()
