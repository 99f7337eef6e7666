"""python-escpos imported without parsing its printers' profiles as YAML, and without leaving a folder behind.

At import, python-escpos (3.1, `escpos/capabilities.py`) looks for a pickle of its profiles in the folder named by
``ESCPOS_CAPABILITIES_PICKLE_DIR``, else in a new temporary folder (``mkdtemp()``, made at every import, even when
the variable is set): so it never finds one. It then parses its ``capabilities.json`` (96 KB) with PyYAML's pure
Python loader, 0.4 s of CPU on a fast machine and 3 s on a slow one, on the loader's thread right after the store is
ready, holding the GIL while the GUI thread builds the agent's other screens; and it leaves the pickle it wrote in
that temporary folder: one folder in ``/tmp`` per start of Guichet, of the test suite's processes, of the benches.

`import_escpos` reads the same file with `json` (a JSON document is YAML: tests/receipts/test_escpos_import.py
checks both readings give the same profiles), pickles it into a folder of its own (``mkdtemp``: 0700, this process's
user only), points the library at it for its import, gives the library that same folder for its own ``mkdtemp()``,
and removes it once the import is done. Where anything differs from what this expects (the package has no
``capabilities.json`` beside it, or the operator set python-escpos's variables), the library is imported as it is.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pickle
import platform
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PICKLE_DIR = "ESCPOS_CAPABILITIES_PICKLE_DIR"
CAPABILITIES_FILE = "ESCPOS_CAPABILITIES_FILE"
_lock = threading.Lock()


def capabilities_json() -> Path | None:
    """python-escpos's own ``capabilities.json``, found without importing the package (its import is the cost)."""
    try:
        spec = importlib.util.find_spec("escpos")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "capabilities.json"
        if path.is_file():
            return path
    return None


def import_escpos() -> None:
    """Import ``escpos.printer`` (and with it the profiles) once in this process; raises ImportError without it."""
    if "escpos.capabilities" in sys.modules:
        return
    with _lock:
        if "escpos.capabilities" in sys.modules:
            return
        source = None if PICKLE_DIR in os.environ or CAPABILITIES_FILE in os.environ else capabilities_json()
        if source is None:
            import escpos.printer  # the library's own way

            return
        folder = tempfile.mkdtemp(prefix="guichet-escpos-")
        try:
            write_pickle(source, Path(folder))
            with library_temp_folder(folder):
                os.environ[PICKLE_DIR] = folder
                try:
                    import escpos.printer  # noqa: F401
                finally:
                    del os.environ[PICKLE_DIR]
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def write_pickle(source: Path, folder: Path) -> Path:
    """The profiles of `source` (JSON) pickled where and as python-escpos looks for them; dated no earlier than it
    (the library parses its file again when the file is newer than the pickle)."""
    with source.open("rb") as data:
        capabilities = json.load(data)
    target = folder / f"{platform.python_version()}.capabilities.pickle"
    with target.open("wb") as out:
        pickle.dump(capabilities, out, protocol=pickle.HIGHEST_PROTOCOL)
    stamp = max(source.stat().st_mtime, target.stat().st_mtime)
    os.utime(target, (stamp, stamp))
    return target


@contextmanager
def library_temp_folder(folder: str) -> Iterator[None]:
    """While the library is imported, a bare ``mkdtemp()`` on this thread answers `folder` (nothing is made).

    The library binds ``tempfile.mkdtemp`` by name at its import and calls it once there; any other call (another
    thread's, one with arguments, any after the import) is the standard library's own."""
    original: Callable[..., str] = tempfile.mkdtemp
    importing = [threading.get_ident()]

    def mkdtemp(*args: Any, **kwargs: Any) -> str:
        if not args and not kwargs and threading.get_ident() in importing:
            return folder
        return original(*args, **kwargs)

    setattr(tempfile, "mkdtemp", mkdtemp)  # noqa: B010  (typeshed types it as an overload)
    try:
        yield
    finally:
        importing.clear()
        setattr(tempfile, "mkdtemp", original)  # noqa: B010
