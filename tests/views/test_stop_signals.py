"""The application asked to stop by the operating system (SIGTERM at shutdown, SIGHUP at the session's end): it ends
as when its window is closed (`views/kit/termination.py`). Python's default ended it on the spot: in demo mode its
central store's process stayed running and its folder stayed in the temporary directory, and at a counter nothing
in flight was waited for nor the store closed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from processkit import alive, children, until

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")]

ROOT = Path(__file__).resolve().parents[2]


# SIGINT: Ctrl+C in the terminal that started it; SIGKILL: killed on the spot (the central store watches its stdin's
# pipe, which the system closes: central/lifecycle.py), then nothing of the desk runs to close anything.
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGKILL])
def test_a_demo_asked_to_stop_closes_its_central_store_and_its_folder(stop: signal.Signals, tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    app = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--demo"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    central = 0
    try:
        # Running: its demo folder made and its central store's process started (a child of the application).
        assert until(lambda: list(tmp_path.glob("guichet-demo-*/central.db")) and children(app.pid), 60)
        [central] = children(app.pid)
        assert until(lambda: (next(tmp_path.glob("guichet-demo-*")) / "guichet.db").exists(), 30)
        time.sleep(1.0)  # into the event loop
        app.send_signal(stop)
        code = app.wait(timeout=30)
        err = app.stderr.read().decode("utf-8", "replace") if app.stderr else ""
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        gone = until(lambda: not alive(central), 10) if central else True
        if not gone:
            os.kill(central, signal.SIGKILL)  # this test's failure leaves nothing running behind it
    assert gone, "the demo's central store outlived the application"
    if stop == signal.SIGKILL:  # its folder is the next demo's to remove (tests/test_demo_lifecycle.py)
        assert code == -signal.SIGKILL
        return
    assert code == 0, err[-2000:]
    assert "Traceback" not in err, err[-2000:]
    assert not list(tmp_path.glob("guichet-demo-*")), "the demo's folder was left behind"
