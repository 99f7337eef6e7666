"""Screenshots of the login, first set-up, lock and Agents screens (and a délégué without a designating OPJ) into
docs/screenshots/ (offscreen).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_security.py
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from contextkit import service_context  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QVBoxLayout, QWidget  # noqa: E402
from security.central_fixture import start_central  # noqa: E402
from sqlalchemy import select  # noqa: E402

from desktop.auth import StationAuth  # noqa: E402
from desktop.models import Agent  # noqa: E402
from desktop.rules.terms import PlaceKind  # noqa: E402
from desktop.security.kdf import FLOOR_PARAMS  # noqa: E402
from desktop.security.keyslots import KeySlots, LoginRefused  # noqa: E402
from desktop.services.accounts import AgentAccounts  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.views.agents import AgentsPage  # noqa: E402
from desktop.views.lock import LockScreen  # noqa: E402
from desktop.views.login import FirstSetupDialog, LoginAnswer, LoginDialog  # noqa: E402
from desktop.views.theme import apply_theme  # noqa: E402
from desktop.views.translations import install as install_translations  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def main() -> None:
    app = QApplication([])
    apply_theme(app)
    install_translations("fr")  # the French plurals (« 1 résultat »), as the application shows them
    with tempfile.TemporaryDirectory() as tmp:
        setup = FirstSetupDialog(lambda *a: LoginAnswer(True), station_label="Commissariat central du 11e")
        setup.login_edit.setText("admin.poste")
        setup.name_edit.setText("Nadia Benali")
        setup.email_edit.setText("nadia.benali@interieur.gouv.fr")
        setup.resize(620, 420)
        setup.show()
        app.processEvents()
        setup.grab().save(str(OUT / "premiere-mise-en-service.png"))

        login = LoginDialog(
            lambda *a: LoginAnswer(False, "Identifiant ou mot de passe incorrect."),
            forgot=print,
            station_label="Commissariat de police — Commissariat central du 11e",  # as the start shows it, alone
        )
        login.login_edit.setText("lt.durand")
        login.password_edit.setText("x")
        login.show()
        login.submit_button.click()
        login.resize(460, 230)
        app.processEvents()
        login.grab().save(str(OUT / "connexion.png"))

        window = QMainWindow()
        content = QWidget()
        QVBoxLayout(content).addWidget(QLineEdit("saisie en cours"))
        window.setCentralWidget(content)
        window.resize(1000, 600)
        lock = LockScreen(
            window,
            content,
            lambda p: LoginAnswer(False, "Mot de passe incorrect."),
            agent_label="Lt Durand — Commissariat central du 11e",
        )
        window.show()
        lock.lock()
        app.processEvents()
        window.grab().save(str(OUT / "verrouillage.png"))

        central = start_central(Path(tmp) / "central")
        settings = Settings(
            data_dir=Path(tmp) / "data",
            station_code="75056-01",
            station_kind=PlaceKind.COMMISSARIAT,
            station_name="Commissariat central du 11e",
            central_url="http://central.test",
        )
        auth = StationAuth(settings)
        auth.slots = KeySlots.beside(settings.database_path, auth.device, station_code="75056-01", params=FLOOR_PARAMS)
        auth.central = lambda: central.client  # type: ignore[method-assign]
        admin = auth.setup(
            login_name="admin.poste",
            display_name="Nadia Benali",
            email=None,
            password="girafe violette marche lentement",
            now=NOW,
        )
        ctx = service_context(admin.result.store, settings, actor=admin.result.principal, clock=lambda: NOW)
        accounts = AgentAccounts(ctx, keys=admin.account_keys())
        for login_name, name, cap in (("lt.durand", "Lt Marc Durand", "opj"), ("bc.petit", "BC Anne Petit", "apj")):
            accounts.enrol(login_name=login_name, display_name=name, role="agent_police", capacity=cap)
        page = AgentsPage(accounts)
        page.runner.wait()  # the list is read on the runner
        page.resize(1100, 760)
        page.message.setText(
            "Agent enregistré. Mot de passe provisoire, à lui remettre en main propre (affiché une "
            "seule fois ; il le changera à sa première connexion) : ********"
        )
        page.show()
        app.processEvents()
        page.grab().save(str(OUT / "agents.png"))
        # A délégué OPJ is enrolled with the OPJ who designates them (R-AUTH-3).
        page.login_edit.setText("gpx.moreau")
        page.name_edit.setText("GPX Luc Moreau")
        page.capacity_combo.setCurrentIndex(page.capacity_combo.findData("delegue_opj"))
        page.message.clear()
        app.processEvents()
        page.grab().save(str(OUT / "agents-delegue.png"))
        # A délégué enrolled before designations (R-AUTH-3): flagged, and the administrator names the OPJ; a locked
        # supervisor, whom the administrator unlocks (resets are a supervisor's).
        page.enrol()
        page.runner.wait()
        accounts.enrol(login_name="cne.roux", display_name="Cne Élise Roux", role="superviseur", capacity="opj")
        with admin.result.store.session() as s, s.begin():
            delegate = s.scalar(select(Agent).where(Agent.login == "gpx.moreau"))
            assert delegate is not None
            delegate.designated_by = None  # as a délégué enrolled before version 0009 is stored
        for minutes in range(0, 100, 10):  # ten wrong passwords, each past the delay the one before set
            with contextlib.suppress(LoginRefused):
                auth.slots.unlock(
                    login="cne.roux", password="pas le bon mot de passe", now=NOW + timedelta(minutes=minutes)
                )
        page.message.clear()
        page.capacity_combo.setCurrentIndex(page.capacity_combo.findData("opj"))
        page.refresh()
        page.runner.wait()
        app.processEvents()
        page.table.selectRow([a.login for a in page.model.rows()].index("gpx.moreau"))
        app.processEvents()
        page.grab().save(str(OUT / "agents-designation.png"))
        admin.result.store.close()
        names = ("premiere-mise-en-service", "connexion", "verrouillage", "agents", "agents-delegue")
        for name in (*names, "agents-designation"):
            print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
