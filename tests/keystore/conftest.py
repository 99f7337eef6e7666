"""A station folder shared the way the Linux package makes /var/lib/guichet: setgid, 2770, another group."""

from __future__ import annotations

import grp
import os
from pathlib import Path

import pytest


@pytest.fixture
def shared_folder(tmp_path: Path) -> Path:
    """2770 with a group that is not the writer's own (as root: nogroup), so inheriting it shows."""
    folder = tmp_path / "station"
    folder.mkdir()
    gid = os.getgid()
    if os.geteuid() == 0:
        gid = grp.getgrnam("nogroup").gr_gid
    os.chown(folder, -1, gid)
    folder.chmod(0o2770)
    return folder
