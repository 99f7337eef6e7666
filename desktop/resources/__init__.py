"""Files the application reads at run time: shipped inside the package, read through importlib.resources.

An installed wheel or a frozen bundle has no checkout around it, so nothing here is found by walking up from a
source file. ``path()`` gives a real file path for libraries that want one (reportlab, Qt's font database); for a
package on disk (wheel, PyInstaller one-folder) it is the file itself, otherwise a copy kept until the process ends.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

_KEEP = ExitStack()
atexit.register(_KEEP.close)


def resource(*parts: str) -> Traversable:
    """A shipped resource, e.g. ``resource("demo", "electors.csv")``."""
    node: Traversable = files(__name__)
    for part in parts:
        node = node / part
    return node


def read_text(*parts: str) -> str:
    """A shipped text resource, decoded as UTF-8."""
    return resource(*parts).read_text(encoding="utf-8")


@cache
def path(*parts: str) -> Path:
    """A real file-system path to a shipped resource (extracted once if the package is not on disk)."""
    return _KEEP.enter_context(as_file(resource(*parts)))


def font_file(filename: str) -> Path | None:
    """A font file shipped in the package (receipts/fonts/), None if a packager left it out: the screens' faces
    (views/theme.py, before the window's first frame) and the receipts' (receipts/fonts.py)."""
    try:
        candidate = path("receipts", "fonts", filename)
    except (FileNotFoundError, OSError):
        return None
    return candidate if candidate.is_file() else None
