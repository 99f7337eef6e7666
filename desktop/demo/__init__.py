"""Demo mode: fictitious data, simulated devices and a local central store, in a folder of its own.

`seed` writes the demo station, agent and procurations through the real services; `central` runs a real
`guichet-central` on 127.0.0.1 for the demo. This module only makes and removes the demo's throw-away folder, so
that importing it costs nothing at start-up.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FOLDER_PREFIX = "guichet-demo-"


@contextmanager
def demo_folder() -> Iterator[Path]:
    """A fresh folder for one demo run, removed when the demo ends: the demo always starts from known data, and a
    day of demos leaves nothing behind."""
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
