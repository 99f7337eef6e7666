"""Every file an administrator names to `guichet` or `guichet-central` may be a FIFO or a link to a device.

`read_bytes()` on a FIFO waited for a writer for ever (the command hung with no word); on a link to /dev/zero it read
until the memory ran out. Each command now refuses such a file unread, naming it, with a non-zero code and nothing
changed (desktop/givenfile.py). A link to /dev/null stands for the devices here: read, it gave an empty file and a
message about its content.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import central.__main__ as central_cli
import desktop.__main__ as desk_cli
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider

KEY = "5a" * 32


def _cases(root: Path, bad: Path) -> list[tuple[str, Callable[[list[str]], int], list[str]]]:
    key = root / "key.hex"
    key.write_text(KEY, encoding="ascii")
    db = root / "guichet.db"
    open_store(db, StaticKeyProvider(bytes.fromhex(KEY))).close()
    central = ["--database", f"sqlite:///{root / 'central.sqlite3'}"]
    c, d = central_cli.main, desk_cli.main
    return [
        ("import-electors", c, [*central, "import-electors", str(bad)]),
        ("import-electors --changes", c, [*central, "import-electors", "--changes", str(bad)]),
        ("import-requests", c, [*central, "import-requests", str(bad)]),
        ("enrol --csv", c, [*central, "enrol", "--csv", str(bad), "--out", str(root / "jetons.csv")]),
        ("--calendar purge", c, [*central, "--calendar", str(bad), "purge"]),
        ("--calendar serve", c, [*central, "--port", "1", "--calendar", str(bad), "serve"]),
        ("receipt verify --trusted", d, ["receipt", "verify", "--trusted", str(bad), "x"]),
        ("audit --key-file", d, ["audit", "--database", str(db), "--key-file", str(bad), "verify"]),
        (
            "audit --anchors",
            d,
            ["audit", "--database", str(db), "--key-file", str(key), "--anchors", str(bad), "verify"],
        ),
        ("store --key-file", d, ["store", "--database", str(db), "--key-file", str(bad), "status"]),
        ("card read --csca", d, ["card", "read", "--demo", "x", "--csca", str(bad)]),
    ]


@pytest.mark.timeout(120)  # before the fix the FIFO made the first command wait for ever
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_a_device_named_as_a_file_is_refused_unread(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop.views.start as app

    monkeypatch.setattr(app, "run", lambda *_a, **_k: pytest.fail("the window started"))
    bad = tmp_path / ("tube" if kind == "fifo" else "peripherique")
    if kind == "fifo":
        os.mkfifo(bad)
    else:
        bad.symlink_to(os.devnull)
    failures = []
    for name, main, argv in _cases(tmp_path, bad):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        said = " ".join((captured.err + captured.out).split())
        if code == 0 or "n'est pas un fichier ordinaire" not in said or str(bad) not in said:
            failures.append(f"{name}: code {code}, {said[:300]!r}")
    assert not failures, "\n".join(failures)
    assert not (tmp_path / "jetons.csv").exists()  # no token issued
