"""The suite on two workers (`pytest -n 2 --dist loadgroup`, as `.ci/test` runs it): what each test may share.

A module's tests stay together on one worker (its module fixtures, a PostgreSQL cluster, an X server, a browser, are
set up once). What the machine has only one of goes to one worker, in one group: the PC/SC daemon and its virtual
readers (fixed ports), dpkg's database and the packages' build folder (`tests/installers`), and the X servers of
the screen-reader and keyboard tests (`x_server`: their sockets share the machine's /tmp/.X11-unix; two at once, the
demo twice could not connect to its own display, its server's socket most likely removed by the other one stopping).
Each worker has its own temporary folder, so that a test counting what is left in it
(tests/views/test_week_without_restart.py) counts only its own worker's files. Without `-n`, nothing changes."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

MACHINE = "machine"  # the group of the tests that use what the machine has one of
ONE_PER_MACHINE_FIXTURES = frozenset({"pcscd"})
ONE_PER_MACHINE_MARKS = ("pcsc", "x_server")
ONE_PER_MACHINE_FOLDERS = (("tests", "installers"),)


def own_temporary_folder() -> None:
    """A worker's own TMPDIR, like /tmp (sticky, open to the `postgres` user who runs the clusters and to the test
    users). Done when pytest loads this plugin (tests/conftest.py's `pytest_plugins`), before any test runs."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    folder = tempfile.mkdtemp(prefix=f"guichet-tests-{worker}-")
    os.chmod(folder, 0o1777)
    os.environ["TMPDIR"] = folder
    tempfile.tempdir = None  # recomputed from TMPDIR at the next call
    # Registered first, so run last: after the shared PostgreSQL cluster (in this folder) is stopped at exit.
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


def group_of(item: pytest.Item, root: Path) -> str:
    if ONE_PER_MACHINE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return MACHINE
    if any(item.get_closest_marker(mark) for mark in ONE_PER_MACHINE_MARKS):
        return MACHINE
    relative = item.path.relative_to(root)
    if any(relative.parts[: len(folder)] == folder for folder in ONE_PER_MACHINE_FOLDERS):
        return MACHINE
    return relative.as_posix()


own_temporary_folder()


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the groups into the test ids
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    for item in items:
        item.add_marker(pytest.mark.xdist_group(group_of(item, config.rootpath)))
