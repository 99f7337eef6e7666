"""Render every desk screen offscreen into docs/screenshots/ (empty, filled, refused, saved; revoke; search).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [output folder] [--language en]``; in English
the files are named ``en-<screen>.png``. Fictitious people only.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QApplication, QWidget

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.receipts.signing import StationSigner
from desktop.services.context import ActingAgent, ServiceContext, load_calendar
from desktop.services.desk import DeskServices, EstablishInput, PersonInput
from desktop.services.permissions import Principal
from desktop.settings import Settings
from desktop.views.procurations import EstablishPage, RevokePage, SearchPage
from desktop.views.theme import apply_theme

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
SIZE = (1366, 900)


def wait(app: QApplication, done: Callable[[], bool], timeout: float = 30.0) -> None:
    """Run the event loop until `done()` (card reads and printing run on threads)."""
    deadline = time.monotonic() + timeout
    while not done():
        app.processEvents()
        if time.monotonic() > deadline:
            raise TimeoutError("screen did not settle")
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    """Grab a shown widget into a PNG."""
    app.processEvents()
    widget.grab().save(str(path))
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def fill_mandataire(page: EstablishPage, nne: str, born: str, nom: str, prenoms: str) -> None:
    """Type the mandataire as the agent would."""
    for edit, text in ((page.m_nne, nne), (page.m_birth, born), (page.m_last, nom), (page.m_given, prenoms)):
        edit.setText(text)
        edit.textEdited.emit(text)


def main(out: Path, language: str = "fr") -> None:
    """Build a throw-away store and desk, then render each screen in its states."""
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    from desktop.views.translations import install

    install(language)  # French too: its plurals (« 1 procuration en cours », not « 1 procuration(s) »)
    prefix = "" if language == "fr" else f"{language}-"
    apply_theme(app)
    work = Path(tempfile.mkdtemp(prefix="guichet-shots-"))
    store = open_store(work / "shots.db", StaticKeyProvider(b"\x11" * 32))
    signer = StationSigner(key_id="DEMO", private_key=Ed25519PrivateKey.generate(), identity_key=b"s" * 32)
    actor = Principal("75056-01", "demo-agent", role="agent_police", capacity="OPJ", station_kind="commissariat")
    desk = DeskServices(
        ServiceContext(
            settings=Settings(
                data_dir=work,
                station_code="75056-01",
                station_name="Commissariat central du 11e arrondissement",
                language=language,
            ),
            store=store,
            agent=ActingAgent(actor, "Brigadier-chef Lemoine"),
            calendar=load_calendar(),
            printer=FakePrinter(),
            signer=signer,
            digest_key=secrets.token_bytes(32),
            clock=lambda: NOW,
        )
    )
    held = EstablishInput(
        mandant=PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27)),
        mandataire=PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2)),
        election_id="presidentielle-2027",
    )
    assert desk.establish(held).saved
    reader = FakeCardReader()
    reader.insert("martin-claire")

    page = EstablishPage(desk, reader)
    page.resize(*SIZE)
    page.show()
    page.focus_first()
    shoot(app, page, out / f"{prefix}etablir-vide.png")
    page.identity.can.setText("123456")
    page.identity.read_card()
    wait(app, lambda: page.identity.source == "puce")
    page.identity.nne.setText("204512873")
    fill_mandataire(page, "48524921", "25/04/1975", "LEBLANC", "Étienne")
    page.run_checks()
    wait(app, lambda: not page.runner.busy)  # checks, saves and searches answer from the runner
    shoot(app, page, out / f"{prefix}etablir-rempli.png")
    fill_mandataire(page, "19374652", "02/06/1975", "DUBOIS", "Jean")
    page.save()
    wait(app, lambda: not page.runner.busy)
    shoot(app, page, out / f"{prefix}etablir-refus.png")
    fill_mandataire(page, "48524921", "25/04/1975", "LEBLANC", "Étienne")
    wait(app, lambda: not page.runner.busy)
    page.save()
    wait(app, lambda: page.review is not None)  # the review: Entrée confirms
    assert page.review is not None
    page.review.accept()
    wait(app, lambda: page.last_print is not None)
    shoot(app, page, out / f"{prefix}etablir-enregistree.png")
    page.close()

    search = SearchPage(desk)
    search.resize(*SIZE)
    search.show()
    search.query.setText("martin")
    search.search()
    wait(app, lambda: search.last_result is not None)
    shoot(app, search, out / f"{prefix}rechercher.png")
    search.close()

    revoke = RevokePage(desk)
    revoke.resize(*SIZE)
    revoke.show()
    revoke.query.setText("thomas")
    revoke.find_mandant()
    wait(app, lambda: not revoke.runner.busy)
    revoke.revoke()  # first press: the confirmation step
    shoot(app, revoke, out / f"{prefix}resilier-confirmation.png")
    revoke.revoke()
    wait(app, lambda: revoke.last_print is not None)
    shoot(app, revoke, out / f"{prefix}resilier-fait.png")
    revoke.close()
    store.close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--language")]
    chosen = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--language=")), "fr")
    main(Path(args[0]) if args else ROOT / "docs" / "screenshots", chosen)
