"""The station's log file: records logged before the window's first frame are held, then written in order."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from diskkit import SmallDisk

from desktop import logs


@pytest.fixture
def root_handlers() -> Iterator[None]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    logs._held = None


def _lines(path: Path) -> list[str]:
    return [line.split(" ", 2)[2] for line in path.read_text(encoding="utf-8").splitlines()]


def test_records_before_the_frame_reach_the_file_in_order(tmp_path: Path, root_handlers: None) -> None:
    path = logs.hold_logging(tmp_path / "logs")
    assert path.exists()  # checked writable before the window
    log = logging.getLogger("desktop.test")
    log.info("one")
    log.warning("two")
    assert path.read_text(encoding="utf-8") == ""  # held: no rotating handler yet
    assert logs.release_held() == path
    log.info("three")
    assert _lines(path) == ["INFO desktop.test one", "WARNING desktop.test two", "INFO desktop.test three"]
    assert not any(isinstance(h, logs.HeldRecords) for h in logging.getLogger().handlers)
    assert logs.release_held() is None  # once


def test_an_error_is_written_at_once(tmp_path: Path, root_handlers: None) -> None:
    path = logs.hold_logging(tmp_path / "logs")
    log = logging.getLogger("desktop.test")
    log.info("before")
    log.error("failed")
    assert _lines(path) == ["INFO desktop.test before", "ERROR desktop.test failed"]
    log.info("after")
    assert logs.release_held() == path
    assert _lines(path)[-1] == "INFO desktop.test after"
    assert len(_lines(path)) == 3


def test_an_unusable_log_folder_fails_before_the_window(tmp_path: Path, root_handlers: None) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError):
        logs.hold_logging(blocker / "logs")


def test_a_log_folder_gone_before_the_records_are_written_out_drops_them(tmp_path: Path, root_handlers: None) -> None:
    import shutil

    folder = tmp_path / "logs"
    logs.hold_logging(folder)
    logging.getLogger("desktop.test").info("held")
    shutil.rmtree(folder)
    assert logs.release_held() == folder / "guichet.log"  # no error, nothing left holding records
    assert not any(isinstance(h, logs.HeldRecords) for h in logging.getLogger().handlers)


@pytest.mark.parametrize("start", ["held", "direct", "older"])
def test_log_files_are_never_readable_by_other_os_users(tmp_path: Path, root_handlers: None, start: str) -> None:
    """A log folder that already exists open to all (`log_dir = "/var/log/guichet"` made 0755 by IT, outside the
    station's shared folder): the log and its rotated copies are the station user's alone (0600), whatever the
    umask, as every other file Guichet writes outside a shared folder (docs/ARCHITECTURE.md « Folders and secrets »);
    a log an earlier version left 0644 there is closed to others at the next start."""
    import os
    import stat

    folder = tmp_path / "journaux"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    previous = os.umask(0o022)  # a desktop session's usual umask
    try:
        if start == "older":
            (folder / "guichet.log").write_text("2026-12-01 09:00:00,000 INFO desktop.test avant\n", encoding="utf-8")
            assert stat.filemode((folder / "guichet.log").stat().st_mode) == "-rw-r--r--"
        if start in ("held", "older"):
            path = logs.hold_logging(folder)
            logs.release_held()
        else:
            path = logs.setup_logging(folder)
        logging.getLogger("desktop.test").warning("une ligne")
        [handler] = [h for h in logging.getLogger().handlers if getattr(h, "baseFilename", None) == str(path)]
        handler.doRollover()  # type: ignore[attr-defined]
        logging.getLogger("desktop.test").warning("une autre")
    finally:
        os.umask(previous)
    modes = {p.name: stat.filemode(p.stat().st_mode) for p in sorted(folder.iterdir())}
    assert modes == {"guichet.log": "-rw-------", "guichet.log.1": "-rw-------"}


def test_a_full_disk_loses_records_quietly_and_says_how_many_once_it_writes_again(
    small_disk: SmallDisk, root_handlers: None, capfd: pytest.CaptureFixture[str]
) -> None:
    """Logging's own report printed « --- Logging error --- » and a traceback to stderr for every record lost while
    the disk was full: a flood in the session's journal for as long as it stays full. Now one line says it, and the
    file says how many were lost before the next record it keeps."""
    path = logs.setup_logging(small_disk.path / "journaux")
    log = logging.getLogger("guichet.test")
    log.info("before the disk fills")
    small_disk.fill()
    for n in range(300):  # past the page the file had begun (tmpfs counts whole pages): the disk refuses the rest
        log.warning("lost %d %s", n, "x" * 100)
    err = capfd.readouterr().err
    assert "Logging error" not in err and "Traceback" not in err, err[:2000]
    assert err.count("guichet: the log file cannot be written") == 1, err[:2000]
    small_disk.free()
    log.info("after the disk is freed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    lines = _lines(path)
    assert lines[0] == "INFO guichet.test before the disk fills"
    assert lines[-1] == "INFO guichet.test after the disk is freed"
    [notice] = [line for line in lines if "log record(s) lost" in line]
    assert notice.startswith("WARNING guichet.logs ") and lines.index(notice) == len(lines) - 2
    kept = sum(1 for line in lines if line.startswith("WARNING guichet.test lost "))
    assert int(notice.split()[2]) + kept == 300 and kept < 300, notice  # every record is kept or counted
