"""`guichet` as a process: demo screenshot mode, and a bad setting stopping it with a French sentence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=environ, timeout=120
    )


@pytest.mark.slow
def test_demo_screenshot_renders_the_main_window(tmp_path: Path) -> None:
    shot = tmp_path / "main.png"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = _run(["--demo", "--screenshot", str(shot)], tmp_path, TMPDIR=str(scratch))
    assert result.returncode == 0, result.stderr
    assert list(scratch.glob("guichet-demo-*")) == []  # the demo's folder went with the demo
    with Image.open(shot) as img:
        assert img.size[0] >= 1000 and img.size[1] >= 700
        colours = img.convert("RGB").getcolors(maxcolors=1_000_000)
        assert colours is not None and len(colours) > 50  # not a blank frame
        assert any(rgb == (0, 0, 145) for _, rgb in colours)  # the marianne-blue accents are drawn


@pytest.mark.slow
def test_bad_setting_stops_with_a_french_message(tmp_path: Path) -> None:
    result = _run(["--demo"], tmp_path, GUICHET_STATION_KIND="mairie")
    assert result.returncode == 2
    assert "Guichet ne peut pas démarrer" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_help_is_french(tmp_path: Path) -> None:
    result = _run(["--help"], tmp_path)
    assert result.returncode == 0 and "procurations" in result.stdout


@pytest.mark.slow
def test_machine_setting_in_the_users_preferences_stops_start_up(tmp_path: Path) -> None:
    prefs = tmp_path / "cfg" / "guichet" / "preferences.toml"
    prefs.parent.mkdir(parents=True)
    prefs.write_text('receipt_printer = "aucune"\n', encoding="utf-8")
    result = _run(["--demo"], tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "imprimante de récépissés" in result.stderr and str(prefs) in result.stderr
    assert "préférences personnelles" in result.stderr
