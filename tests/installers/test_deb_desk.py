"""The desk .deb: installed, the installed /usr/bin/guichet run (window, card readers, receipt), then purged."""

from __future__ import annotations

import grp
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from installedkit import help_faults, sweep_processes

from desktop.__main__ import COMMANDS

from .conftest import app_env, assert_real_screenshot, dpkg, installed_files, left_after_purge, source_version

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]  # builds a bundle when the cache has none

GUICHET = "/usr/bin/guichet"


def _run(args: list[str], tmp_path: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GUICHET, *args], capture_output=True, text=True, env=app_env(tmp_path), timeout=timeout, cwd=tmp_path
    )


def test_desk_package_installs_runs_and_purges_cleanly(
    build_deb: Callable[[str, str], Path], purged: list[str], tmp_path: Path
) -> None:
    version = source_version()
    deb = build_deb("desk", version)
    # `guichet receipt verify` reads a PDF or an image of a receipt through pdftoppm and zbarimg (outside audit,
    # session 29: installed without them it could only say so); the package recommends them, apt installs them.
    fields = subprocess.run(["dpkg-deb", "-f", str(deb), "Recommends"], capture_output=True, text=True, check=True)
    assert {"poppler-utils", "zbar-tools"} <= {name.strip() for name in fields.stdout.split(",")}
    purged.append("guichet")
    dpkg("-i", str(deb))
    owned = installed_files("guichet")
    assert Path("/opt/guichet/guichet") in owned
    assert Path("/usr/share/applications/fr.interieur.guichet.desktop") in owned
    assert Path("/usr/share/metainfo/fr.interieur.guichet.metainfo.xml") in owned
    assert {"guichet_en.qm", "guichet_fr.qm"} <= {p.name for p in owned}  # the screens' compiled translations

    # The shared station folder: group guichet, setgid, nobody else.
    data = Path("/var/lib/guichet")
    assert grp.getgrgid(data.stat().st_gid).gr_name == "guichet"
    assert data.stat().st_mode & 0o7777 == 0o2770
    receipts = data / "recepisses"  # sticky: a member renames or deletes only their own folder in it
    assert receipts.stat().st_mode & 0o7777 == 0o3770 and receipts.stat().st_uid == 0

    assert _run(["--version"], tmp_path).stdout.strip() == f"guichet {version}"
    # Each support command's --help, frozen: its module found in the bundle (imported by name: the spec's hidden
    # imports), French, nothing on stderr. One level only: a frozen start takes seconds, the wheel test sweeps all.
    helps = sweep_processes(lambda argv: _run(argv, tmp_path), "guichet", [[c] for c in COMMANDS], deeper=False)
    assert len(helps) == len(COMMANDS) and help_faults(helps) == {}

    shot = tmp_path / "installed.png"
    result = _run(["--demo", "--screenshot", str(shot)], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert_real_screenshot(shot)

    readers = _run(["card", "readers"], tmp_path, timeout=60)
    assert readers.returncode in (0, 1), readers.stderr
    assert "Traceback" not in readers.stdout + readers.stderr
    if readers.returncode == 1:  # no pcscd here: a French sentence for the agent
        assert "lecteur" in (readers.stdout + readers.stderr).lower()

    receipt = tmp_path / "recepisse.pdf"
    sample = _run(["receipt", "sample", "--kind", "procuration", "--format", "pdf", "--out", str(receipt)], tmp_path)
    assert sample.returncode == 0, sample.stderr
    assert receipt.read_bytes().startswith(b"%PDF")
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(receipt)], capture_output=True, text=True, check=True).stdout
        assert "DejaVuSans" in fonts, fonts  # the fonts shipped in the bundle, embedded
    verify = _run(["receipt", "verify", str(receipt)], tmp_path)
    assert verify.returncode == 0 and "VALIDE" in verify.stdout, verify.stdout + verify.stderr

    # The bundle needs nothing from the system that is not there (optional Qt plugins aside).
    optional = ("libqgtk3", "libqtiff", "libqxdgdesktopportal")
    libs = [lib for lib in Path("/opt/guichet").rglob("*.so*") if lib.is_file()]
    # What the bootloader and Qt's RUNPATHs find in the bundle, ldd finds through the library path.
    bundle_path = ":".join(sorted({str(lib.parent) for lib in libs}))
    missing = []
    for lib in libs:
        if not lib.name.startswith(optional):
            env = {"LD_LIBRARY_PATH": bundle_path, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
            out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True, env=env).stdout
            missing += [f"{lib.name}: {line.strip()}" for line in out.splitlines() if "not found" in line]
    assert missing == []

    (data / "guichet.db").write_bytes(b"station data")  # purge must take the station's data too
    dpkg("--purge", "guichet")
    left = left_after_purge(owned, [Path("/opt/guichet"), data, Path("/etc/guichet")])
    assert left == [], f"left after purge: {left}"
    assert not os.path.lexists(GUICHET)
