"""Every screen of the main window at the three sizes agents use, into docs/screenshots/ (fictitious people only).

Run: ``.venv/bin/python tools/screenshots_day.py [output folder]``: one process per size (Qt's scale factor is set
before the application starts): 1366×900, 1024×768, and a 1920×1080 screen at 150 % (1280×720 logical pixels, less
a 40-pixel task bar).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"1366x900": (1366, 900, "1"), "1024x768": (1024, 728, "1"), "1920x1080-150": (1280, 680, "1.5")}


def wait(done: Callable[[], bool], timeout: float = 30.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not done():
        QApplication.processEvents()
        if time.monotonic() > deadline:
            raise TimeoutError("screen did not settle")
        time.sleep(0.01)
    for _ in range(10):
        QApplication.processEvents()
        time.sleep(0.01)


def shoot_size(out: Path, name: str) -> None:
    """In this process: build the window over a throw-away store, walk each screen, grab it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.context import build_context
    from desktop.demo.seed import seed_demo, seed_demo_procurations
    from desktop.seat import DemoSeat
    from desktop.services.desk import EstablishInput, PersonInput
    from desktop.settings import load_settings
    from desktop.views.app import build_main_window
    from desktop.views.loading import ContextHolder
    from desktop.views.os_lock import FakeOsSessionLock
    from desktop.views.station_login import install_counter_seat
    from desktop.views.theme import apply_theme
    from desktop.views.translations import install as install_translations

    width, height, _scale = SIZES[name]
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app)
    install_translations("fr")  # the French plurals (« 1 résultat »), as the application shows them
    work = Path(tempfile.mkdtemp(prefix="guichet-day-shots-"))
    settings = load_settings(
        config_path=work / "absent.toml",
        environ={},
        data_dir=work / "data",
        card_reader="simule",
        receipt_printer="simule",
        station_name="Commissariat central du 11e arrondissement",
    )
    ctx = build_context(settings)
    from desktop.devices.agent_card.fake import FakeAgentCard

    card = FakeAgentCard()  # a counter whose agents carry their card (agent_card_reader set)
    ctx.agent_card = card
    seat = DemoSeat(settings)
    first = seat.current
    ctx.act_as(first.principal, first.name)
    seed_demo(ctx.services())
    seed_demo_procurations(ctx.services())
    from datetime import date

    from desktop.services.desk import DeskServices

    desk = DeskServices(ctx.services())
    desk.establish(
        EstablishInput(
            mandant=PersonInput(
                nne="61538274",
                last_name="MARTIN-DE-LA-FONTAINE-SAINT-GERMAIN",
                given_names="Claire Marie-Hélène",
                birth_date=date(1990, 1, 15),
            ),
            mandataire=PersonInput(
                nne="48524921", last_name="LEBLANC", given_names="Étienne", birth_date=date(1975, 4, 25)
            ),
            election_id="presidentielle-2027",
        )
    )
    holder = ContextHolder()
    window = build_main_window(settings, holder)
    window.resize(width, height)
    window.show()
    holder.ctx = ctx
    holder.ready.emit()
    counter = install_counter_seat(window, holder, seat, os_lock=FakeOsSessionLock())
    window.set_agent(first.label)
    wait(lambda: window.pending_label.text() != "Ouverture de la base…")
    ctx.devices.poll()
    window.status_arrived.emit(holder.feed.snapshot if holder.feed is not None else window.status_snapshot)

    def grab(widget: QWidget, stem: str) -> None:
        wait(lambda: True)
        path = out / f"{stem}-{name}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path, flush=True)

    for key in (
        "etablir",
        "resilier",
        "rechercher",
        "activite",
        "renouvellements",
        "synchronisation",
        "appareils",
        "agents",
    ):
        window.show_section(key, focus_page=True)
        page = window.stack.currentWidget()
        if key == "rechercher":
            page.query.setText("bernard")  # type: ignore[attr-defined]
            page.search()  # type: ignore[attr-defined]
            wait(lambda p=page: p.last_result is not None)  # type: ignore[attr-defined]
        if key == "resilier":
            page.query.setText("bernard")  # type: ignore[attr-defined]
            page.find_mandant()  # type: ignore[attr-defined]
            wait(lambda p=page: not p.runner.busy)  # type: ignore[attr-defined]
        if key == "activite":
            wait(lambda p=page: p.loaded)  # type: ignore[attr-defined]
        grab(window, f"jour-{key}")
    # Établir filled, then its review.
    window.show_section("etablir", focus_page=True)
    est = window.stack.currentWidget()
    est.identity.set_person("MARTIN", "Claire", date(1990, 1, 15), "204512873", "generale")  # type: ignore[attr-defined]
    for edit, text in (
        (est.m_nne, "19374652"),
        (est.m_birth, "02/06/1975"),
        (est.m_last, "DUBOIS"),  # type: ignore[attr-defined]
        (est.m_given, "Jean"),
    ):  # type: ignore[attr-defined]
        edit.setText(text)
        edit.textEdited.emit(text)
    est.save()  # type: ignore[attr-defined]
    wait(lambda: est.review is not None or est.last_outcome is not None)  # type: ignore[attr-defined]
    if est.review is None:  # type: ignore[attr-defined]
        raise SystemExit(f"refused: {est.last_outcome}")  # type: ignore[attr-defined]
    grab(window, "jour-etablir-rempli")
    grab(est.review, "jour-etablir-verification")  # type: ignore[attr-defined]
    est.review.reject()  # type: ignore[attr-defined]
    wait(lambda: est.review is None)  # type: ignore[attr-defined]
    # Lock and change of agent.
    counter.lock_now()
    grab(window, "jour-verrouillage")
    counter.ask_switch()
    wait(lambda: counter.dialog is not None)
    assert counter.dialog is not None
    grab(counter.dialog, "jour-changer-agent")
    counter.dialog.reject()
    wait(lambda: counter.dialog is None)
    counter.lock.release()
    # The agent's card pulled out: the counter locks at once and says why.
    card.remove()
    wait(lambda: counter.lock.is_locked)
    grab(window, "jour-carte-retiree")
    card.insert()
    wait(lambda: counter.lock.title.text() == "Session verrouillée")
    counter.lock.release()
    # A délégué OPJ: the visa asked for on Établir, the OPJ's dialog, the screen once visaed (R-AUTH-3).
    delegate = seat.switch(login="demo-del")
    counter._take_seat(delegate)
    window.set_agent(delegate.label)
    window.show_section("etablir", focus_page=True)
    grab(window, "jour-delegue-sans-visa")
    counter.ask_visa()
    wait(lambda: counter.dialog is not None)
    assert counter.dialog is not None
    grab(counter.dialog, "jour-visa-opj")
    counter.dialog.confirm()
    wait(lambda: counter.dialog is None)
    grab(window, "jour-delegue-vise")
    window.close()
    ctx.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, (_w, _h, scale) in SIZES.items():
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale}
        subprocess.run([sys.executable, __file__, "--size", name, str(out)], check=True, env=env)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--size"]:
        shoot_size(Path(args[2]), args[1])
    else:
        main(Path(args[0]) if args else ROOT / "docs" / "screenshots")
