"""The production path, end to end in a real `guichet --config` process (bench/login_path.py's own driver): the
login prompt comes with the window, and a password submitted before the login's services are ready opens Établir."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from login_path import DRIVER, LOGIN, PASSWORD, _markers, _station


@pytest.mark.slow
@pytest.mark.parametrize("typing", ["0", "1.5"])
def test_a_station_set_up_logs_in_from_the_prompt_to_establir(tmp_path: Path, typing: str) -> None:
    config, _slots = _station(tmp_path)
    # The test session's own data folder and config (conftest.py) would hide the station set up here.
    env = {k: v for k, v in os.environ.items() if k not in ("GUICHET_DATA_DIR", "GUICHET_CONFIG")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(XDG_CONFIG_HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
    marks = _markers([sys.executable, "-c", DRIVER, LOGIN, PASSWORD, str(config), typing], env)
    # "typing 0": submitted as the prompt shows, before the services are ready; it waits for them, then logs in.
    assert {"prompt", "submitted", "unlock", "establish", "stall"} <= set(marks)
    assert marks["prompt"] <= marks["submitted"] < marks["establish"]
    assert marks["unlock_on_gui"] == 0  # the password is checked on a worker: the prompt keeps painting meanwhile
