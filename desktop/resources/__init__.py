"""Files the application reads at run time: shipped inside the package, read through importlib.resources.

An installed wheel or a frozen bundle has no checkout around it, so nothing here is found by walking up from a
source file. ``path()`` gives a real file path for libraries that want one (reportlab, Qt's font database); for a
package on disk (wheel, PyInstaller one-folder) it is the file itself, otherwise a copy kept until the process ends.

When Python's own file loaders loaded this package (a wheel, a source tree), ``importlib.resources`` answers with
the package's folder as a ``pathlib.Path``, and so does ``_on_disk`` without importing it (eight modules, ~2 ms of
CPU before the window's first frame); any other loader (a frozen bundle, a zip) goes through ``importlib.resources``
(`tests/test_resources.py` checks that both answer alike).
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import cache
from importlib.machinery import SourceFileLoader, SourcelessFileLoader
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def _on_disk() -> Path | None:
    """This package's folder, as `importlib.resources.files` gives it for the stdlib's file loaders; else None."""
    loader = __spec__.loader if __spec__ is not None else None
    if type(loader) in (SourceFileLoader, SourcelessFileLoader):
        assert isinstance(loader, SourceFileLoader | SourcelessFileLoader)
        return Path(loader.path).parent  # importlib.readers.FileReader: Path(loader.path).parent
    return None


_FOLDER = _on_disk()
_KEEP = ExitStack()
atexit.register(_KEEP.close)


def resource(*parts: str) -> Traversable:
    """A shipped resource, e.g. ``resource("demo", "electors.csv")``."""
    node: Traversable
    if _FOLDER is not None:
        node = _FOLDER
    else:
        from importlib.resources import files

        node = files(__name__)
    for part in parts:
        node = node / part
    return node


def read_text(*parts: str) -> str:
    """A shipped text resource, decoded as UTF-8."""
    return resource(*parts).read_text(encoding="utf-8")


@cache
def path(*parts: str) -> Path:
    """A real file-system path to a shipped resource (extracted once if the package is not on disk)."""
    node = resource(*parts)
    if isinstance(node, Path):
        return node  # what `importlib.resources.as_file` gives for a path
    from importlib.resources import as_file

    return _KEEP.enter_context(as_file(node))


def font_file(filename: str) -> Path | None:
    """A font file shipped in the package (receipts/fonts/), None if a packager left it out: the screens' faces
    (views/theme.py, before the window's first frame) and the receipts' (receipts/fonts.py)."""
    try:
        candidate = path("receipts", "fonts", filename)
    except (FileNotFoundError, OSError):
        return None
    return candidate if candidate.is_file() else None
