"""A few screens in English into docs/screenshots/en-*.png (fictitious people only), to see that English fits.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_en.py [output folder]``. 1366×900, demo data.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SCREENS = ("etablir", "resilier", "rechercher", "activite", "appareils")


def wait(done: Callable[[], bool], timeout: float = 30.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        QApplication.processEvents()
        time.sleep(0.01)


def main(out: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from desktop.context import build_context
    from desktop.demo.seed import seed_demo, seed_demo_procurations
    from desktop.seat import DemoSeat
    from desktop.settings import load_settings
    from desktop.views.app import build_main_window
    from desktop.views.kit.runner import Runner
    from desktop.views.loading import ContextHolder
    from desktop.views.os_lock import FakeOsSessionLock
    from desktop.views.station_login import install_counter_seat
    from desktop.views.theme import apply_theme
    from desktop.views.translations import install

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install("en")
    apply_theme(app)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="guichet-en-shots-"))
    settings = load_settings(
        config_path=work / "absent.toml",
        environ={},
        data_dir=work / "data",
        card_reader="simule",
        receipt_printer="simule",
        language="en",
    )
    ctx = build_context(settings)
    seat = DemoSeat(settings)
    ctx.act_as(seat.current.principal, seat.current.name)
    seed_demo(ctx.services())
    seed_demo_procurations(ctx.services())
    holder = ContextHolder()
    window = build_main_window(settings, holder)
    window.resize(1366, 900)
    window.show()
    holder.ctx = ctx
    holder.ready.emit()
    install_counter_seat(window, holder, seat, os_lock=FakeOsSessionLock())
    window.set_agent(seat.current.label)
    ctx.devices.poll()
    for key in SCREENS:
        window.show_section(key, focus_page=True)
        if key == "rechercher":  # a search made, as the agent sees it
            page = window.stack.currentWidget()
            page.query.setText("bernard")  # type: ignore[attr-defined]
            page.search()  # type: ignore[attr-defined]
            wait(lambda p=page: p.last_result is not None)  # type: ignore[attr-defined]
        wait(lambda: not any(r.busy for r in window.findChildren(Runner)))
        path = out / f"en-{key}.png"
        if not window.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        print(path)
    window.close()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
