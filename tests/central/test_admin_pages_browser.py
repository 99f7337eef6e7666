"""The administrators' pages in a real headless Chromium against a station's hostile label and a hostile typed name
and note: nothing runs, nothing is injected, and no direction override makes one station read as another
(central/national_page.py `label_shown`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from browserkit import browser_available, headless_chromium
from centralkit import DUBOIS, MARTIN, Station, procuration_body

from central.embedded import Embedded, start_embedded
from central.schema import stations

pytestmark = pytest.mark.slow

RUNS = "window.executed=1"
PAYLOAD = f'"\'><img src=x onerror="{RUNS}"><script>{RUNS}</script><svg onload="{RUNS}"></svg>'
OVERRIDE = "\u202e"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Embedded]:
    emb = start_embedded(tmp_path / "central.sqlite3")
    try:
        yield emb
    finally:
        emb.stop()


def _hostile_stations(emb: Embedded) -> None:
    """One station enrolled with a markup label (the route takes it: no control character), one whose label holds
    a direction override (as a store of before kept it); each opens a review and falls silent (both pages list it)."""
    for label in (f"Poste {PAYLOAD}", "poste"):
        station = Station.enrol(emb.base_url, emb.enrolment_token, label=label)
        body = procuration_body(MARTIN, DUBOIS)
        assert station.push(station.batch(("procuration.etablie", body, datetime.now(UTC)))).status_code == 200
        values: dict[str, object] = {"last_contact": datetime.now(UTC) - timedelta(days=2)}
        if label == "poste":
            values["label"] = f"Commissariat de {OVERRIDE}SNEL"
        with emb.engine.begin() as conn:
            conn.execute(stations.update().where(stations.c.id == station.station_id).values(**values))


def _nothing_ran(browser: object) -> None:
    run = browser.execute_script  # type: ignore[attr-defined]
    assert run("return window.executed") is None
    assert run("return document.querySelectorAll('img,script,iframe,object,embed,[onerror],[onload]').length") == 0
    assert OVERRIDE not in run("return document.body.innerText")


def test_hostile_labels_names_and_notes_run_nothing_and_turn_nothing_around(served: Embedded) -> None:
    if not browser_available():
        pytest.skip("chromium and chromium-driver are not installed (make system)")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    _hostile_stations(served)
    with headless_chromium() as browser:
        browser.get(f"{served.base_url}/admin/revue")
        browser.find_element(By.ID, "secret").send_keys(served.enrolment_token)
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "chart")))
        silent = browser.find_element(By.ID, "silent").text
        assert "Commissariat de SNEL" in silent and "<img src=x" in silent  # the markup read as text
        _nothing_ran(browser)
        browser.get(f"{served.base_url}/admin/revue")
        assert "Commissariat de SNEL" in browser.page_source
        _nothing_ran(browser)
        # A decision with a hostile name (typed in a secret's session) and note, through the page's own form.
        form = browser.find_element(By.CSS_SELECTOR, "form[action^='/admin/revue/']")
        form.find_element(By.CSS_SELECTOR, "input[value=maintenue]").click()
        form.find_element(By.NAME, "par").send_keys(f"Mme {OVERRIDE}NIMDA {PAYLOAD}"[:64])
        form.find_element(By.NAME, "motif").send_keys(f"</td></tr></table>{PAYLOAD}")
        form.find_element(By.TAG_NAME, "button").click()
        WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, "[role=status]")))
        decided = browser.find_element(By.XPATH, "//table[@aria-labelledby='decisions']").text
        assert "Mme NIMDA" in decided and "</td></tr></table>" in decided
        _nothing_ran(browser)
