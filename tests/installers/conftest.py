"""Installer tests: packages built once per session (and cached across sessions by build.py), isolated runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "installers" / "linux" / "build.py"
BUILD_DIR = ROOT / "build" / "linux"  # build.py's cache, keyed on the hash of the sources
TEST_COMPRESSION = "zstd"


def source_version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def needs_dpkg_root() -> None:
    if sys.platform != "linux" or shutil.which("dpkg-deb") is None or shutil.which("dpkg") is None:
        pytest.skip("needs a Debian system with dpkg")
    if os.geteuid() != 0:
        pytest.skip("installs packages with dpkg: needs root")
    if not Path("/usr/bin/python3.11").exists():
        pytest.skip("needs Debian's python3.11 (the packages are built on it)")


@pytest.fixture(scope="session")
def build_deb(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Path]:
    """build_deb(kind, version) -> path of the .deb; each (kind, version) is built at most once a session."""
    out = tmp_path_factory.mktemp("debs")
    built: dict[tuple[str, str], Path] = {}

    def build(kind: str, version: str) -> Path:
        needs_dpkg_root()
        if (kind, version) not in built:
            started = time.monotonic()
            # zstd, not the shipped packages' xz: dpkg unpacks either the same way, and xz took 55 s (both cores busy)
            # to compress each desk package on a 2-core machine (zstd: under a second), out of a ~100 s build.
            command = [sys.executable, str(BUILD_SCRIPT), "--only", kind, "--version", version, "--out", str(out)]
            result = subprocess.run(
                [*command, "--compression", TEST_COMPRESSION],
                capture_output=True,
                text=True,
                timeout=1800,
            )
            assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
            built[(kind, version)] = Path(result.stdout.strip().splitlines()[-1])
            print(f"{kind} {version}: {time.monotonic() - started:.0f} s")
        return built[(kind, version)]

    return build


def dpkg(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["dpkg", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def installed_files(package: str) -> list[Path]:
    """The files (not folders, which other packages share) that dpkg says the package owns."""
    paths = [Path(p) for p in dpkg("-L", package).stdout.splitlines() if p.startswith("/")]
    return [p for p in paths if not p.is_dir()]  # is_dir follows links: /lib -> usr/lib is a folder


def left_after_purge(files: list[Path], folders: list[Path]) -> list[Path]:
    """What is still there of a package's files and of the folders it made."""
    return [p for p in [*files, *folders] if os.path.lexists(p)]


@pytest.fixture
def purged() -> Iterator[list[str]]:
    """Packages a test installs: purged at the end whatever happened."""
    packages: list[str] = []
    yield packages
    for package in packages:
        subprocess.run(["dpkg", "--purge", package], capture_output=True, timeout=600)


def app_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A throw-away home, data folder and temporary folder for one run of the application."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TMPDIR": str(tmp_path),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "GUICHET_DATA_DIR": str(tmp_path / "data"),
        "GUICHET_KEYS_DIR": str(tmp_path / "keys"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        **extra,
    }


def assert_real_screenshot(path: Path) -> None:
    """The main window, not a blank or tiny picture: big enough, many colours, mostly light with dark text."""
    assert path.exists(), "no screenshot written"
    with Image.open(path) as image:
        assert image.width >= 800 and image.height >= 500, image.size
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 200, "too few colours: blank window or no text"
        dark = sum(count for count, (r, g, b) in colours if r + g + b < 200)
        assert dark > 2000, "almost no dark pixels: the text did not render"
