"""Every screen in the accessibility variants, into docs/screenshots/a11y-<variant>-<screen>.png (fictitious people).

Run: ``.venv/bin/python tools/screenshots_a11y.py [--language en] [--only contraste,200] [output folder]``.
Variants: ``contraste`` (high-contrast theme), ``sombre-os`` (theme « systeme » under a dark OS palette),
``200`` (text at 200 % in 1366×900) and ``en`` (the screens in ``--language``, English by default). One process per
variant: the theme, the palette and the language are set before the first window, as at a real start.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1366, 900)
# variant → (theme, text size %, OS palette dark?, language or None for French)
VARIANTS: dict[str, tuple[str, int, bool, bool]] = {
    "contraste": ("contraste", 100, False, False),
    "sombre-os": ("systeme", 100, True, False),
    "200": ("clair", 200, False, False),
    "en": ("clair", 100, False, True),
}
SECTIONS = ("etablir", "resilier", "rechercher", "activite", "synchronisation", "appareils", "tableau", "a_decider")
SUPERVISOR_SECTIONS = ("tableau", "agents")  # shot as the supervisor; Renouvellements: from a consulate (below)


def _dark_os_palette() -> None:
    """What a dark desktop (Windows dark mode, GNOME dark) hands the application before it styles itself."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    palette = QPalette()
    for role, value in (
        (QPalette.ColorRole.Window, "#202020"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
        (QPalette.ColorRole.Base, "#2b2b2b"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
        (QPalette.ColorRole.Button, "#333333"),
        (QPalette.ColorRole.ButtonText, "#f0f0f0"),
    ):
        palette.setColor(role, QColor(value))
    QApplication.setPalette(palette)


def _install_qt_language(language: str) -> None:
    """The screens' language: Qt's .qm catalogs and the gettext one, as the application installs them."""
    from desktop.views.translations import install

    install(language)


def shoot(variant: str, out: Path, language: str) -> None:
    """In this process: one variant, every screen of the desk, then the passport case pane."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.views.theme import apply_theme

    theme, percent, dark, translated = VARIANTS[variant]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if dark:
        _dark_os_palette()
    # French too: its plurals (« 3 actes ») are in its catalog, as the application installs it.
    _install_qt_language(language if translated else "fr")
    # The forced answer stands for what a real OS says (offscreen Qt has no colour scheme of its own).
    apply_theme(app, theme=theme, text_scale_percent=percent, os_dark=True if dark else None)
    out.mkdir(parents=True, exist_ok=True)
    _desk(out, variant, language if translated else "fr")
    _passport_case(out, variant)


def _save(widget: object, path: Path) -> None:
    from PySide6.QtWidgets import QWidget
    from screenshots_day import wait

    assert isinstance(widget, QWidget)
    wait(lambda: True)
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path, flush=True)


def _desk(out: Path, variant: str, language: str) -> None:
    from screenshots_day import wait

    from desktop.context import build_context
    from desktop.demo.seed import seed_demo, seed_demo_procurations
    from desktop.seat import DemoSeat
    from desktop.settings import load_settings

    work = Path(tempfile.mkdtemp(prefix="guichet-a11y-shots-"))
    settings = load_settings(
        config_path=work / "absent.toml",
        environ={},
        data_dir=work / "data",
        card_reader="simule",
        receipt_printer="simule",
        station_name="Commissariat central du 11e arrondissement",
        language=language,
    )
    ctx = build_context(settings)
    seat = DemoSeat(settings)
    ctx.act_as(seat.current.principal, seat.current.name)  # the demo's OPJ establishes today's act
    seed_demo(ctx.services())
    seed_demo_procurations(ctx.services())
    from desktop.services.desk import DeskServices, EstablishInput, PersonInput

    outcome = DeskServices(ctx.services()).establish(  # today's act: rows in Activité du jour and Rechercher
        EstablishInput(
            mandant=PersonInput(nne="61538274", last_name="MARTIN", given_names="Claire", birth_date=date(1990, 1, 15)),
            mandataire=PersonInput(
                nne="48524921", last_name="LEBLANC", given_names="Étienne", birth_date=date(1975, 4, 25)
            ),
            election_id="presidentielle-2027",
        )
    )
    if not outcome.saved:
        raise SystemExit(f"demo act refused: {[v.rule_id for v in outcome.violations]}")
    opj = seat.current
    window = _window(ctx, opj.name, seat)
    for key in SECTIONS:
        if key not in SUPERVISOR_SECTIONS:
            _section(window, key, out / f"a11y-{variant}-{key}.png")
    # Établir refused: the errors next to their fields, the banner at the top.
    window.show_section("etablir", focus_page=True)
    est = window.stack.currentWidget()
    est.save()  # type: ignore[attr-defined]
    wait(lambda: est.last_outcome is not None)  # type: ignore[attr-defined]
    _save(window, out / f"a11y-{variant}-etablir-erreurs.png")
    window.close()
    # The dashboard is the supervisor's (the screens take the agent they were built for: a window of their own).
    supervisor = seat.switch(login="demo-sup")
    ctx.act_as(supervisor.principal, supervisor.name)
    window = _window(ctx, supervisor.name, seat)
    for key in SUPERVISOR_SECTIONS:
        _section(window, key, out / f"a11y-{variant}-{key}.png")
    window.close()
    ctx.close()


def _window(ctx: Any, agent: str, seat: Any = None) -> Any:
    """The main window over the demo store, 1366×900, once the store is open; with the counter's seat when given
    (the header's « Changer d'agent » and « Verrouiller (Ctrl+L) », as an agent sees it)."""
    from screenshots_day import wait

    from desktop.views.app import build_main_window
    from desktop.views.loading import ContextHolder
    from desktop.views.os_lock import FakeOsSessionLock
    from desktop.views.station_login import install_counter_seat

    holder = ContextHolder()
    window = build_main_window(ctx.settings, holder)
    window.resize(*SIZE)
    window.show()
    holder.ctx = ctx
    holder.ready.emit()
    if seat is not None:
        window._counter = install_counter_seat(window, holder, seat, os_lock=FakeOsSessionLock())
    window.set_agent(agent)
    window._holder = holder  # kept alive with the window
    wait(lambda: window.pending_label.text() != "Ouverture de la base…")
    return window


def _section(window: Any, key: str, path: Path) -> None:
    from screenshots_day import wait

    window.show_section(key, focus_page=True)
    page = window.stack.currentWidget()
    runner = getattr(page, "runner", None)
    if key == "rechercher":
        page.query.setText("martin")
        page.search()
    if runner is not None:
        wait(lambda r=runner: not r.busy)
    _save(window, path)


def _passport_case(out: Path, variant: str) -> None:
    """The passport case pane the issue found unreadable under a dark OS palette."""
    import secrets

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from screenshots_renewals import Clock, seed

    from desktop.devices.printers.fake import FakePrinter
    from desktop.models.db import open_store
    from desktop.models.keys import StaticKeyProvider
    from desktop.receipts.signing import StationSigner
    from desktop.services.context import ActingAgent, ServiceContext, load_calendar
    from desktop.services.ivote import IvoteService
    from desktop.services.passports import PassportService
    from desktop.services.permissions import Principal
    from desktop.services.registers import DemoConsularRegister
    from desktop.settings import load_settings
    from desktop.views.renewals import RenewalsPage
    from desktop.views.renewals.page import TAB_PASSPORT

    work = Path(tempfile.mkdtemp(prefix="guichet-a11y-shots-"))
    store = open_store(work / "guichet.db", StaticKeyProvider(bytes(32)))
    settings = load_settings(
        config_path=work / "none.toml",
        environ={},
        data_dir=work,
        station_kind="consulat",
        station_name="Consulat général de France à Montréal",
        station_code="CA-MTL",
        station_timezone="America/Toronto",
    )
    clock = Clock()
    actor = Principal(
        "CA-MTL", "agent-demo", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
    )
    digest_key = secrets.token_bytes(32)
    ctx = ServiceContext(
        settings=settings,
        store=store,
        agent=ActingAgent(actor, "Mme Inès Château"),
        calendar=load_calendar(),
        printer=FakePrinter(),
        signer=StationSigner(key_id="DEMO", private_key=Ed25519PrivateKey.generate(), identity_key=bytes(32)),
        digest_key=digest_key,
        clock=clock,
        consular_register=DemoConsularRegister(key=digest_key),
    )
    passports, ivote = PassportService(ctx), IvoteService(ctx)
    first = seed(passports, ivote, clock)
    clock.day(date(2026, 5, 1))
    page = RenewalsPage(passports, ivote)
    page.resize(*SIZE)
    page.show()
    page.tabs.setCurrentIndex(TAB_PASSPORT)
    page.passport.open_case(first)
    page.runner.wait()
    view = page.passport.case_view
    view.photo_ok.setChecked(True)
    view.submit_documents()
    page.runner.wait()
    view.identity_ok.setChecked(True)
    view.submit_interview()  # the security number, shown once: fictitious case
    page.runner.wait()
    _save(page, out / f"a11y-{variant}-renouvellements-dossier.png")
    page.close()
    store.close()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--language", default="en", help="language of the « en » variant (default: en)")
    parser.add_argument("--only", default=",".join(VARIANTS), help="comma-separated variants")
    parser.add_argument("--variant", help=argparse.SUPPRESS)  # the child process of one variant
    args = parser.parse_args(argv)
    if args.variant:
        shoot(args.variant, args.out, args.language)
        return
    for variant in args.only.split(","):
        if variant not in VARIANTS:
            raise SystemExit(f"unknown variant {variant!r}: {', '.join(VARIANTS)}")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        command = [sys.executable, __file__, "--variant", variant, "--language", args.language, str(args.out)]
        subprocess.run(command, check=True, env=env)


if __name__ == "__main__":
    main(sys.argv[1:])
