"""One of each (CONVENTIONS.md §13): screens run background work through the kit's runner, take dates with its input."""

from __future__ import annotations

import re
from pathlib import Path

VIEWS = Path(__file__).resolve().parents[3] / "desktop" / "views"
KIT = VIEWS / "kit"
# Another way to start work off the GUI thread, or another date widget.
FORBIDDEN = re.compile(
    r"threading\.Thread\(|QThreadPool|QRunnable|ThreadPoolExecutor|QThread\(|QDateEdit|QDateTimeEdit"
)


def test_no_screen_brings_its_own_runner_or_date_widget() -> None:
    offenders = [
        f"{path.relative_to(VIEWS)}:{number}: {line.strip()}"
        for path in sorted(VIEWS.rglob("*.py"))
        if KIT not in path.parents
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]
    assert offenders == []


def test_the_scan_sees_the_views() -> None:
    assert (VIEWS / "procurations" / "establish.py").exists() and (KIT / "runner.py").exists()
    assert FORBIDDEN.search("self._pool = QThreadPool()") and FORBIDDEN.search("edit = QDateEdit()")
