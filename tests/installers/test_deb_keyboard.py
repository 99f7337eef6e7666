"""The installed desk bundle (PyInstaller, its own Qt and libxkbcommon) under a French keyboard: dead keys compose.

A frozen Qt finds its input context plugins (the compose one reads libxkbcommon's compose tables from the system,
/usr/share/X11/locale) in the bundle or not at all: without it « ^ » then « e » types « e », the accent silently
lost, and the name still folds to the same key (no rule notices). The package is unpacked, not installed: the demo
runs from the unpacked tree (its executable finds its libraries beside it), through the X server as in
tests/views/test_x_keyboard.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import source_version

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "views"))  # the X desk's kits, as tests/views has them
from atspikit import Desk, missing
from xkeyskit import french_keyboard

pytestmark = [
    pytest.mark.slow,
    pytest.mark.x_server,
    pytest.mark.timeout(1800),
]  # builds a bundle when the cache has none

NAMES = ["Anaïs", "Jean-Benoît", "Hélène", "Œdipe", "D’Aubigné", "Maëlle"]


def test_the_bundle_composes_dead_keys_typed_on_a_french_keyboard(
    build_deb: Callable[[str, str], Path], tmp_path: Path
) -> None:
    why = missing() or next((f"{t} absent (make system)" for t in ("setxkbmap", "xmodmap") if not shutil.which(t)), "")
    if why:
        pytest.skip(why)
    deb = build_deb("desk", source_version())
    root = tmp_path / "unpacked"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    # Without it the dead keys below type their bare letter (checked by moving it away: « ^ e » gave « e »).
    assert list(root.rglob("platforminputcontexts/libcomposeplatforminputcontextplugin.so")), "no compose plugin"
    desk = Desk()
    try:
        app = desk.open_app("fr", command=[str(root / "opt/guichet/guichet"), "--demo"], station_kind="consulat")
        try:
            ready = lambda tree: [n for n in tree.shown() if n.role == "push button" and n.depth > 8]  # noqa: E731
            app.wait_for(ready, timeout=90, why="the bundle's Établir")
            app.activate()
            keyboard = french_keyboard(app.env)
            field = app.tree(shown=True).find("text", "Nom")
            for name in NAMES:
                app.set_text(field, "")
                app.focus(field)
                app.events(wait=0.2)
                keyboard.type(name)
                app.events(wait=0.3)
                held = str(app.reader.ask("text", path=field.path))
                assert held == name, (name, ascii(held), keyboard.strokes(name))
        finally:
            app.close()
    finally:
        desk.close()
