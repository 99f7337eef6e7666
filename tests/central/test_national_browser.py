"""The administrators' national page in a real headless Chromium, served by a running central store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from browserkit import browser_available, headless_chromium
from nationalkit import SILENT_LABEL, SeededNation, seed_nation

from central.embedded import Embedded, start_embedded

pytestmark = pytest.mark.slow


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Embedded, SeededNation]]:
    emb = start_embedded(tmp_path / "central.sqlite3")
    try:
        yield emb, seed_nation(emb.engine, now=datetime.now(UTC))
    finally:
        emb.stop()


def test_national_page_in_headless_chromium(served: tuple[Embedded, SeededNation], tmp_path: Path) -> None:
    if not browser_available():
        pytest.skip("chromium and chromium-driver are not installed (make system)")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    emb, seeded = served
    url = f"{emb.base_url}/admin/national"
    assert httpx.get(url).status_code == 401  # the refusal, as the browser gets it
    with headless_chromium() as browser:
        browser.get(url)
        # An unauthenticated visitor is refused: the login form, no figures, no chart.
        assert browser.find_element(By.ID, "refus").text.startswith("Accès réservé")
        assert not browser.find_elements(By.ID, "chart")
        assert SILENT_LABEL not in browser.page_source
        # A wrong secret stays refused.
        browser.find_element(By.ID, "secret").send_keys("pas-le-bon")
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, "[role=alert]")))
        assert not browser.find_elements(By.ID, "chart")
        # The administrator signs in.
        browser.find_element(By.ID, "secret").send_keys(emb.enrolment_token)
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "chart")))
        assert browser.title.startswith("Situation nationale")
        # The chart renders: 30 bars laid out by the browser, their heights following the counts.
        bars = browser.find_elements(By.CSS_SELECTOR, "#chart rect.bar")
        assert len(bars) == 30
        counts = {b.get_attribute("data-day"): int(b.get_attribute("data-count") or 0) for b in bars}
        assert counts == {d: seeded.per_day.get(datetime.fromisoformat(d).date(), 0) for d in counts}
        heights = {
            b.get_attribute("data-day"): browser.execute_script("return arguments[0].getBBox().height", b) for b in bars
        }
        tallest = max(counts, key=lambda d: counts[d])
        assert heights[tallest] == max(heights.values()) > 50
        assert all(heights[d] == 0 for d, n in counts.items() if n == 0)
        chart_box = browser.find_element(By.ID, "chart").rect
        assert chart_box["width"] >= 800 and chart_box["height"] >= 200
        # The station silent for 30 hours is listed, and only it.
        silent = browser.find_element(By.ID, "silent")
        assert SILENT_LABEL in silent.text
        assert len(silent.find_elements(By.CSS_SELECTOR, "tbody tr")) == len(seeded.silent) == 1
        assert "Brigade de Mende" not in silent.text  # 23 hours: not yet silent
        refusals = browser.find_element(By.ID, "refusals").text
        top = max(seeded.refusals, key=lambda label: seeded.refusals[label])
        assert top in refusals.splitlines()[1]  # the first row under the heading
        assert browser.find_element(By.LINK_TEXT, "File de revue").get_attribute("href").endswith("/admin/revue")
        browser.save_screenshot(str(tmp_path / "national.png"))
        assert (tmp_path / "national.png").stat().st_size > 10_000
        # Signing out refuses again.
        browser.find_element(By.XPATH, "//button[contains(., 'Se déconnecter')]").click()
        WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "refus")))
