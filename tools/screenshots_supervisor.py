"""Screenshots of the Tableau de bord, the acts behind a bar, the activity report and the national page.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_supervisor.py
(the national page needs Debian's chromium and chromium-driver: `make system`). Fictitious data only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "central"))

from activitykit import CHEF, NOW, context, seed_activity  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.models.db import open_store  # noqa: E402
from desktop.models.keys import StaticKeyProvider  # noqa: E402
from desktop.services.dashboard import DashboardService  # noqa: E402
from desktop.services.reports import ActivityService  # noqa: E402
from desktop.views.dashboard import DashboardPage  # noqa: E402
from desktop.views.theme import apply_theme  # noqa: E402
from desktop.views.translations import install as install_translations  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def pump(app: QApplication, until: object, timeout: float = 30.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not until() and time.monotonic() < deadline:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.01)


def desk(app: QApplication, work: Path) -> None:
    store = open_store(work / "guichet.db", StaticKeyProvider(b"\x42" * 32))
    seed_activity(store, now=NOW, count=1400)
    ctx = context(store, work, CHEF)
    page = DashboardPage(DashboardService(ctx), ActivityService(ctx), zone="Europe/Paris", clock=lambda: NOW)
    page.resize(1280, 900)
    page.show()
    pump(app, lambda: page.figures is not None)
    for _ in range(5):
        app.processEvents()
    page.grab().save(str(OUT / "tableau-de-bord.png"))
    chart = page.channel_chart
    day = len(chart.days) - 2
    page.open_acts("channel", "maprocuration", chart.days[day])
    pump(app, lambda: page.acts_dialog is not None)
    dialog = page.acts_dialog
    assert dialog is not None
    for _ in range(5):
        app.processEvents()
    dialog.grab().save(str(OUT / "tableau-de-bord-actes.png"))
    pdf = ActivityService(ctx).report_pdf(first=NOW.date() - timedelta(days=1), last=NOW.date())
    (work / "rapport.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(work / "rapport.pdf"),
            str(OUT / "rapport-activite"),
        ],
        check=True,
    )
    store.close()


def national(work: Path) -> None:
    from browserkit import browser_available, headless_chromium
    from nationalkit import seed_nation
    from selenium.webdriver.common.by import By

    from central.embedded import start_embedded

    if not browser_available():
        print("chromium absent: national page not captured")
        return
    from central.admin_accounts import add_account

    emb = start_embedded(work / "central.sqlite3")
    try:
        now = datetime.now(UTC)
        seed_nation(emb.engine, now=now)
        password = "Ours-brun-du-Vercors-1987"  # a fictitious administrator's
        add_account(emb.engine, login="jeanne.martin", name="Jeanne Martin", password=password, now=now)
        _open_review(emb.engine, now)
        with headless_chromium(width=1200, height=1250) as browser:
            browser.get(f"{emb.base_url}/admin/national")
            browser.save_screenshot(str(OUT / "connexion-administrateur.png"))
            browser.find_element(By.ID, "identifiant").send_keys("jeanne.martin")
            browser.find_element(By.ID, "mot_de_passe").send_keys(password)
            browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            browser.find_element(By.ID, "chart")
            browser.save_screenshot(str(OUT / "situation-nationale.png"))
            browser.get(f"{emb.base_url}/admin/revue")
            browser.find_element(By.ID, "connecte")
            browser.save_screenshot(str(OUT / "revue.png"))
    finally:
        emb.stop()


def _open_review(engine: object, now: datetime) -> None:
    """One pending review, as the apply path opens one for a flagged time (fictitious ids)."""
    from sqlalchemy import Engine, insert

    from central.schema import reviews

    assert isinstance(engine, Engine)
    with engine.begin() as conn:
        conn.execute(
            insert(reviews).values(
                procuration_id="0193a5c2-7e41-7c3a-9f10-5b2d8e4a9c01",
                station_id="0193a5b0-12aa-7000-8000-00000000a75e",
                mandataire_key="demo",
                status="invalidee",
                rule_id="R-LIMIT-1",
                flagged="0193a5c2-7e41-7c3a-9f10-5b2d8e4a9c02",
                flags="horloge_bornee",
                opened_at=now,
            )
        )


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_theme(app)
    install_translations("fr")  # the French plurals (« 1 résultat »), as the application shows them
    with tempfile.TemporaryDirectory() as tmp:
        desk(app, Path(tmp))
        national(Path(tmp))
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
