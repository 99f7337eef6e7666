"""The desk's start-up on a disk that is full or read-only (a real tmpfs, tests/diskkit.py): the window says what the
IT staff must do, not « la clé ne correspond pas ou le fichier est endommagé » nor « n'a pas pu démarrer
(OSError) »."""

from __future__ import annotations

from pathlib import Path

from diskkit import SmallDisk
from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.settings import Settings, load_settings
from desktop.views.loading import ContextHolder


def _settings(data: Path) -> Settings:
    return load_settings(
        config_path=data.parent / "absent.toml",
        environ={},
        data_dir=data,
        demo=True,
        card_reader="simule",
        receipt_printer="simule",
    )


def _started(qtbot: QtBot, settings: Settings) -> str:
    """What the window says when the loader gives up (the test fails if it starts)."""
    holder = ContextHolder()
    said: list[str] = []
    holder.failed.connect(said.append)
    holder.ready.connect(lambda: said.append("prêt"))
    holder.load(settings)
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    if holder.ctx is not None:
        holder.ctx.close()
    return said[0]


def _made_once(settings: Settings) -> None:
    build_context(settings, defer_demo=True).close()  # yesterday's start: the store, the keys, the secrets


def test_a_store_on_a_disk_gone_read_only_is_said_so(qtbot: QtBot, small_disk: SmallDisk) -> None:
    settings = _settings(small_disk.path / "data")
    _made_once(settings)
    small_disk.read_only()
    said = _started(qtbot, settings)
    assert "lecture seule" in said and "support informatique" in said, said
    assert "clé" not in said


def test_a_full_disk_at_start_up_is_said_full(qtbot: QtBot, small_disk: SmallDisk) -> None:
    settings = _settings(small_disk.path / "data")
    _made_once(settings)
    small_disk.fill()
    said = _started(qtbot, settings)
    assert "disque" in said and "plein" in said, said
    assert "clé" not in said and "Error" not in said


def test_a_first_start_on_a_full_disk_is_said_full(qtbot: QtBot, small_disk: SmallDisk) -> None:
    small_disk.fill()
    said = _started(qtbot, _settings(small_disk.path / "data"))
    assert "disque" in said and "plein" in said, said
    assert "Error" not in said
