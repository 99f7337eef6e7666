"""The wheel alone: built, installed from the counter lock into an empty venv outside the checkout, run; then central.

The counter's wheel must not pull the server stack; `guichet[central]` (central lock) adds it. The demo starts its
embedded central store as `python -m central`, which fails with only the counter installed: the window then opens
offline, and must not crash.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from .conftest import ROOT, app_env, assert_real_screenshot

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

SERVER_STACK = ("fastapi", "uvicorn", "psycopg")


def _pip(python: Path, *args: str) -> None:
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _clean_copy(target: Path) -> Path:
    """The tree as a clone has it: the files git tracks (and new ones it does not ignore), nothing `make venv` built
    (session 29: a wheel built from a clean clone had no compiled translations, and English fell back to French)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def test_wheel_installs_from_the_locks_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    tree = _clean_copy(tmp_path / "clone")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(tree)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("guichet-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
        names = archive.namelist()
    assert "desktop/resources/theme.qss" in names and "desktop/models/migrations/env.py" in names
    assert {"desktop/resources/i18n/guichet_en.qm", "desktop/resources/i18n/guichet_fr.qm"} <= set(names)
    assert "desktop/resources/locale/en/LC_MESSAGES/guichet.mo" in names  # committed compiled, shipped
    requires = metadata.get_all("Requires-Dist") or []
    plain = [r for r in requires if "extra ==" not in r]
    assert any(r.lower().startswith("pyside6") for r in plain)
    assert not [r for r in plain if r.lower().startswith(SERVER_STACK)], plain
    assert [r for r in requires if r.lower().startswith(SERVER_STACK) and 'extra == "central"' in r]

    env_dir = tmp_path / "venv"  # outside the checkout: nothing from the source tree is importable
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    _pip(python, "--require-hashes", "-r", str(ROOT / "requirements" / "counter.txt"))
    _pip(python, "--no-deps", str(wheel))
    env = app_env(tmp_path)
    bin_dir = env_dir / "bin"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, capture_output=True, text=True, env=env, timeout=180, cwd=tmp_path)

    version = run(str(bin_dir / "guichet"), "--version")
    assert version.returncode == 0 and version.stdout.startswith("guichet "), version.stderr
    where = run(str(python), "-c", "import desktop; print(desktop.__file__)").stdout
    assert str(env_dir) in where, f"desktop imported from {where}"
    assert run(str(python), "-c", "import fastapi").returncode != 0, "the counter lock brought the server stack"

    # English, installed: the gettext catalog and the screens' own (Qt), from the package, not the checkout.
    english = run(
        str(python),
        "-c",
        "from desktop import i18n; i18n.set_language('en'); print(i18n._('Mandant introuvable sur ce poste.'))\n"
        "from PySide6.QtCore import QCoreApplication; from desktop.views import translations\n"
        "app = QCoreApplication([]); print(translations._ours('en') is not None)",
    )
    assert english.stdout.split() == ["Principal", "not", "found", "at", "this", "station.", "True"], english.stderr

    shot = tmp_path / "wheel.png"
    demo = run(str(bin_dir / "guichet"), "--demo", "--screenshot", str(shot))
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "Traceback" not in demo.stderr, demo.stderr[-3000:]
    assert_real_screenshot(shot)

    _pip(python, "--require-hashes", "-r", str(ROOT / "requirements" / "central.txt"))
    _pip(python, "--no-deps", f"guichet[central] @ {wheel.as_uri()}")
    central = run(str(bin_dir / "guichet-central"), "--help")
    assert central.returncode == 0 and "guichet-central" in central.stdout, central.stderr
