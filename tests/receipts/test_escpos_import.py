"""python-escpos imported with its profiles read as JSON, nothing left in the temporary folder (escpos_import.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
import yaml

from desktop.receipts.escpos_import import capabilities_json, library_temp_folder, write_pickle

ROOT = Path(__file__).resolve().parents[2]

# A fresh interpreter: python-escpos reads its profiles once per process, at its import.
FRESH_IMPORT = """
import os, sys, tempfile, yaml
def refuse(*args, **kwargs):
    raise AssertionError("python-escpos parsed its profiles as YAML")
yaml.safe_load = refuse
from desktop.receipts.escpos_render import load_escpos
printer = load_escpos()(profile="TM-T88V")
printer.text("Guichet\\n")
import escpos.capabilities as caps
assert "TM-T88V" in caps.CAPABILITIES["profiles"], "profiles missing"
assert "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ, "variable left set"
print(sorted(os.listdir(tempfile.gettempdir())))
"""


def fresh(code: str, tmp: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`code` in a new interpreter whose temporary folder is `tmp` (empty)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_library_file_is_found_without_importing_it() -> None:
    path = capabilities_json()
    assert path is not None and path.name == "capabilities.json" and path.parent.name == "escpos"


@pytest.mark.slow
def test_json_reads_the_same_profiles_as_the_library_yaml() -> None:
    # If a later python-escpos wrote something JSON and YAML read apart, this fails before a receipt prints wrong.
    path = capabilities_json()
    assert path is not None
    as_yaml = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert json.loads(path.read_bytes()) == as_yaml
    assert "TM-T88V" in as_yaml["profiles"]


def test_the_pickle_is_not_older_than_the_library_file(tmp_path: Path) -> None:
    source = tmp_path / "capabilities.json"
    source.write_text('{"profiles": {"x": {"name": "X"}}, "encodings": {}}')
    future = source.stat().st_mtime + 3600  # a file dated ahead (an archive's dates): still not newer than the pickle
    os.utime(source, (future, future))
    target = write_pickle(source, tmp_path)
    assert target.stat().st_mtime >= source.stat().st_mtime


@pytest.mark.slow
def test_a_fresh_import_parses_no_yaml_and_leaves_nothing(tmp_path: Path) -> None:
    run = fresh(FRESH_IMPORT, tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"  # neither our folder nor the library's: before, a folder with a pickle a start
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_the_operators_own_pickle_folder_is_left_to_the_library(tmp_path: Path) -> None:
    # ESCPOS_CAPABILITIES_PICKLE_DIR set by whoever runs Guichet: python-escpos's own behaviour, untouched.
    kept = tmp_path / "kept"
    kept.mkdir()
    code = (
        "import os\nfrom desktop.receipts.escpos_render import load_escpos\nload_escpos()\n"
        "print(os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR'])\n"
    )
    run = fresh(code, tmp_path, ESCPOS_CAPABILITIES_PICKLE_DIR=str(kept))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(kept)
    assert [p.name.endswith(".capabilities.pickle") for p in kept.iterdir()] == [True]


def test_only_the_importing_thread_gets_the_folder(tmp_path: Path) -> None:
    folder = str(tmp_path / "ours")
    others: list[str] = []
    original = tempfile.mkdtemp
    with library_temp_folder(folder):
        bound = tempfile.mkdtemp  # what the library binds by name at its import
        assert bound() == folder  # the library's one call, on the importing thread: nothing made
        assert not Path(folder).exists()
        mine = tempfile.mkdtemp(dir=tmp_path)  # with arguments: the standard library's
        thread = threading.Thread(target=lambda: others.append(tempfile.mkdtemp()))  # another thread's
        thread.start()
        thread.join()
    later = bound()  # after the import, the name the library kept makes real folders again
    assert tempfile.mkdtemp is original
    assert Path(mine).is_dir() and mine != folder
    for made in (*others, later):
        assert made != folder and Path(made).is_dir()
        os.rmdir(made)
