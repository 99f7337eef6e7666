"""The suite's two workers (tests/workerskit.py): what the machine has one of goes to one worker, a module stays
whole, each worker has its own temporary folder."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from workerskit import MACHINE, group_of

ROOT = Path(__file__).resolve().parents[1]


def _item(path: str, fixtures: tuple[str, ...] = (), marks: tuple[str, ...] = ()) -> Any:
    return SimpleNamespace(
        path=ROOT / path,
        fixturenames=list(fixtures),
        get_closest_marker=lambda name: object() if name in marks else None,
    )


def test_what_the_machine_has_one_of_goes_to_one_group_and_a_module_stays_whole() -> None:
    assert group_of(_item("tests/devices/test_agent_card.py", ("pcscd", "tmp_path")), ROOT) == MACHINE
    assert group_of(_item("tests/devices/cards/test_pcsc.py", marks=("pcsc",)), ROOT) == MACHINE
    assert group_of(_item("tests/views/test_atspi_reader.py", marks=("slow", "x_server")), ROOT) == MACHINE
    assert group_of(_item("tests/installers/test_upgrade.py"), ROOT) == MACHINE
    assert group_of(_item("tests/installers/sub/test_x.py"), ROOT) == MACHINE
    assert group_of(_item("tests/views/test_fit_sweep.py", ("tmp_path",)), ROOT) == "tests/views/test_fit_sweep.py"
    assert group_of(_item("tests/installers_like/test_x.py"), ROOT) == "tests/installers_like/test_x.py"


def test_the_ci_runs_the_suite_on_two_workers_by_module_and_machine_groups() -> None:
    ci = (ROOT / ".ci" / "test").read_text(encoding="utf-8")
    assert re.search(r"pytest .*-n 2 --dist loadgroup", ci), "the CI's pytest line lost its workers"


def _system_wide_users() -> set[str]:
    """The test modules that start the PC/SC stack's virtual cards, call dpkg or start an X server themselves."""
    found = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"VpcdCard\(|PcscDaemon\(|\[\"dpkg\"|\bDesk\(\)|\"Xvfb\"", text):
            found.add(path.relative_to(ROOT).as_posix())
    return found


def test_every_module_that_touches_the_pc_sc_stack_dpkg_or_an_x_server_is_in_the_machines_group(
    request: pytest.FixtureRequest,
) -> None:
    users = _system_wide_users()
    assert {"tests/devices/cards/test_pcsc.py", "tests/views/test_x_keyboard.py"} <= users  # the search finds them
    items = [i for i in request.session.items if i.path.relative_to(ROOT).as_posix() in users]
    if not items:
        pytest.skip("none of those modules collected in this run")
    assert {i.nodeid: group_of(i, ROOT) for i in items} == {i.nodeid: MACHINE for i in items}


@pytest.mark.skipif(not os.environ.get("PYTEST_XDIST_WORKER"), reason="one process: the system's temporary folder")
def test_a_worker_has_its_own_temporary_folder_open_like_tmp() -> None:
    folder = Path(tempfile.gettempdir())
    assert folder.name.startswith(f"guichet-tests-{os.environ['PYTEST_XDIST_WORKER']}-")
    assert os.environ["TMPDIR"] == str(folder)
    assert folder.stat().st_mode & 0o1777 == 0o1777
