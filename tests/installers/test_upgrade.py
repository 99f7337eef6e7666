"""Upgrade: build N installed over a store of the first schema, then N+1 installed over it; the data survive, migrated.

Build N is the source's version, N+1 the same sources with the version raised (build.py --version patches it into
its copy). The store is the kept first-schema database (tests/fixtures/store_0001.db, as an old release left it);
N reads it as it is, N+1's bundle migrates it with its shipped Alembic scripts (`guichet store migrate`).
"""

from __future__ import annotations

import grp
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import Elector, Procuration
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.models.migrate import current_revision, head_revision

from .conftest import app_env, dpkg, source_version

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]  # builds a bundle when the cache has none

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DATA = Path("/var/lib/guichet")


def _guichet(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = app_env(tmp_path, GUICHET_DATA_DIR=str(DATA))
    return subprocess.run(["/usr/bin/guichet", *args], capture_output=True, text=True, env=env, timeout=120)


def test_upgrade_keeps_the_station_data_and_migrates_it(
    build_deb: Callable[[str, str], Path], purged: list[str], tmp_path: Path
) -> None:
    old_version = source_version()
    new_version = f"{old_version}+1"  # sorts after N for dpkg, and is a valid local version for Python
    old_deb, new_deb = build_deb("desk", old_version), build_deb("desk", new_version)
    purged.append("guichet")

    dpkg("-i", str(old_deb))
    assert _guichet(["--version"], tmp_path).stdout.strip() == f"guichet {old_version}"
    database = DATA / "guichet.db"
    shutil.copyfile(FIXTURES / "store_0001.db", database)
    shutil.chown(database, group="guichet")
    database.chmod(0o660)
    key = tmp_path / "database.key"
    shutil.copyfile(FIXTURES / "store_0001.key", key)

    status = _guichet(["store", "--key-file", str(key), "status"], tmp_path)
    assert status.returncode == 0, status.stderr
    assert "Révision du schéma : 0001" in status.stdout and "Électeurs : 2" in status.stdout

    dpkg("-i", str(new_deb))  # the upgrade
    assert _guichet(["--version"], tmp_path).stdout.strip() == f"guichet {new_version}"
    assert database.exists(), "the upgrade lost the station's store"
    assert grp.getgrgid(DATA.stat().st_gid).gr_name == "guichet" and DATA.stat().st_mode & 0o7777 == 0o2770

    migrated = _guichet(["store", "--key-file", str(key), "migrate"], tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert f"Révision du schéma : {head_revision()} (à jour)" in migrated.stdout, migrated.stdout

    # Read back with the source tree's models: same rows, newest schema.
    store = open_store(database, StaticKeyProvider(bytes.fromhex(key.read_text().strip())), migrate=False)
    try:
        assert current_revision(store.engine) == head_revision()
        with store.session() as session:
            assert session.scalars(select(Elector.last_name).order_by(Elector.id)).all() == ["MARTIN", "DUBOIS"]
            procuration = session.get(Procuration, "p1")
            assert procuration is not None and procuration.status == "provisoire"
    finally:
        store.close()
