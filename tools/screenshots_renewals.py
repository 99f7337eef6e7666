"""Screenshots of the Renouvellements section, over fictitious demo cases, into docs/screenshots/.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_renewals.py [output folder]
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QApplication

from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import open_store
from desktop.models.keys import StaticKeyProvider
from desktop.receipts.signing import StationSigner
from desktop.rules.ivote import Credential
from desktop.services.context import ActingAgent, ServiceContext, load_calendar
from desktop.services.ivote import IvoteService
from desktop.services.passports import PassportRequest, PassportService
from desktop.services.permissions import Principal
from desktop.services.registers import DemoConsularRegister
from desktop.settings import load_settings
from desktop.views.renewals import RenewalsPage
from desktop.views.renewals.page import TAB_DEADLINES, TAB_IVOTE, TAB_PASSPORT
from desktop.views.theme import apply_theme
from desktop.views.translations import install as install_translations

ROOT = Path(__file__).resolve().parents[1]


class Clock:
    """The demo's « now », moved forward as the story goes."""

    def __init__(self) -> None:
        self.at = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at

    def day(self, d: date) -> None:
        self.at = datetime(d.year, d.month, d.day, 15, 0, tzinfo=UTC)


def person(last: str, given: str, born: date, country: str = "CA") -> PassportRequest:
    return PassportRequest(
        last_name=last,
        given_names=given,
        birth_date=born,
        country=country,
        old_passport_issued=date(2016, 6, 1),
        old_passport_expiry=date(2026, 5, 31),
        numic="MTL" + str(born.year),
    )


def seed(p: PassportService, iv: IvoteService, clock: Clock) -> str:
    """Four cases at different points, two internet-vote requests; returns the case to show."""
    cases = []
    for who in (
        person("Lefèvre", "Hélène", date(1984, 7, 9)),
        person("Durand", "Noël", date(1979, 12, 25)),
        person("Moreau", "Anaïs", date(1991, 3, 3)),
        person("Petit", "Bastien", date(1968, 10, 17)),
    ):
        case = p.open_case(who).case
        assert case is not None
        cases.append(case.summary.id)
    for cid in cases[1:]:
        p.record_documents(cid, photo_ok=True, dhl_adult_signature=False)
        p.record_interview(cid, identity_verified=True, validated=True)
        p.record_shipment(cid, on=date(2026, 3, 2))
    clock.day(date(2026, 3, 10))
    p.record_reception(cases[2], on=date(2026, 3, 10))
    p.record_ants_confirmation(cases[2], on=date(2026, 3, 10))
    clock.day(date(2026, 3, 20))
    p.record_reception(cases[3], on=date(2026, 3, 20))
    clock.day(date(2026, 4, 22))
    p.daily_deadlines()
    iv.request_renewal(numic="LIS2023417", email="joao.pereira@exemple.fr", renew=frozenset({Credential.IDENTIFIANT}))
    return cases[0]


def main(out: Path) -> None:
    """Build the page over demo data and grab each tab."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app)
    install_translations("fr")  # the French plurals (« 1 résultat »), as the application shows them
    work = Path(tempfile.mkdtemp(prefix="guichet-shots-"))
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
    clock.day(date(2026, 5, 1))  # day 42 for the last case: flagged when the list opens
    page = RenewalsPage(passports, ivote)
    page.resize(1280, 900)
    page.show()
    out.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        for _ in range(3):
            app.processEvents()
        page.grab().save(str(out / f"renouvellements-{name}.png"))
        print(out / f"renouvellements-{name}.png")

    page.tabs.setCurrentIndex(TAB_PASSPORT)
    page.passport.new_case()
    page.runner.wait()
    shot("nouveau-dossier")
    page.passport.open_case(first)
    page.runner.wait()
    view = page.passport.case_view
    view.photo_ok.setChecked(True)
    view.submit_documents()
    page.runner.wait()
    view.identity_ok.setChecked(True)
    view.submit_interview()  # shows the security number once: fictitious case
    page.runner.wait()
    shot("numero-securite")
    page.tabs.setCurrentIndex(TAB_DEADLINES)
    page.runner.wait()
    shot("echeances")
    page.tabs.setCurrentIndex(TAB_IVOTE)
    panel = page.ivote
    panel.numic.setText("MTL2024001")
    panel.email.setText("camille.tremblay-roux@exemple.fr")
    panel.find_elector()
    page.runner.wait()
    panel.identifier.setChecked(True)
    panel.password.setChecked(True)
    panel.submit()  # refused: R-IVOTE-5, shown next to the choice
    page.runner.wait()
    shot("vote-internet")
    page.runner.wait()
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
