"""Every HTML page of the central store checked for accessibility (RGAA 4.1 on WCAG 2.1 AA) by an engine we did not
write, axe-core, in a real headless Chromium; with what axe does not check: reflow at 200 and 400 % zoom, tables
named, the chart's figures as text, the keyboard's walk through the forms and the errors said on the focused field.

The pages: the sign-in form (the shared secret's, then a named account's; each also refused), the national page and
the review queue (signed in by the secret, then by an account; a refused decision; a decision recorded), at
1280×1000, 1024×640 and 1280×1000 zoomed to 200 % and 400 %. One store and one browser for the module."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from axekit import SIZES, axe_findings, axe_version, describe, focused_ax, set_size, sideways_scroll, tab_stops
from browserkit import browser_available, headless_chromium
from centralkit import DUBOIS, MARTIN, Station, procuration_body
from nationalkit import seed_nation

from central.admin_accounts import add_account
from central.embedded import Embedded, start_embedded

pytestmark = pytest.mark.slow

LOGIN, NAME, PASSWORD = "claire.durand", "Claire Durand", "Une phrase de passe pour la revue 2026"
REVIEWED_STATIONS = ("Mairie annexe de Quimper", "Consulat général de France à Genève", "Commissariat de Sète")
SHOTS = os.environ.get("GUICHET_AXE_SHOTS")  # a folder: every page at every size saved there as PNG (to look at)


@dataclass
class Site:
    emb: Embedded
    browser: Any

    def url(self, path: str) -> str:
        return f"{self.emb.base_url}{path}"


@dataclass
class Seen:
    """What each page showed at each size: axe's findings, the sideways scroll, the tables without a name."""

    axe: dict[str, list[str]] = field(default_factory=dict)
    sideways: dict[str, int] = field(default_factory=dict)
    unnamed_tables: dict[str, int] = field(default_factory=dict)
    chart_figures: dict[str, bool] = field(default_factory=dict)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not browser_available():
        pytest.skip("chromium and chromium-driver are not installed (make system)")
    emb = start_embedded(tmp_path_factory.mktemp("axe") / "central.sqlite3")
    try:
        seed_nation(emb.engine, now=datetime.now(UTC))  # five stations, one silent, refusals: every table has rows
        for label in REVIEWED_STATIONS:  # an agent the store does not know: a review opened for each
            station = Station.enrol(emb.base_url, emb.enrolment_token, label=label)
            body = procuration_body(MARTIN, DUBOIS)
            assert station.push(station.batch(("procuration.etablie", body, datetime.now(UTC)))).status_code == 200
        with headless_chromium() as browser:
            yield Site(emb, browser)
    finally:
        emb.stop()


def _submit(site: Site, act: Callable[[], None]) -> None:
    """Do what posts a form, then wait for the next page: the old one carried a mark the new one has not.

    Not selenium's `staleness_of`: asked about the old page's element mid-navigation, chromedriver may answer « Node
    with given id does not belong to the document », an error that is not the stale-element one it waits for."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    browser = site.browser
    browser.execute_script("window.guichetOldPage = true;")
    act()

    def next_page(_driver: Any) -> bool:
        return bool(browser.execute_script("return !window.guichetOldPage && document.readyState === 'complete';"))

    WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,)).until(next_page)


def _type(site: Site, name: str, text: str) -> None:
    site.browser.find_element("name", name).send_keys(text)


def _click(site: Site, css: str) -> None:
    site.browser.find_element("css selector", css).click()


def _first_decision(site: Site, *, motif: str, par: str | None = None) -> None:
    form = site.browser.find_element("css selector", "form[action^='/admin/revue/']")
    form.find_element("css selector", "input[value=maintenue]").click()
    if par is not None:
        form.find_element("name", "par").send_keys(par)
    form.find_element("name", "motif").send_keys(motif)
    _submit(site, form.find_element("tag name", "button").click)


def _sign_out(site: Site) -> None:
    site.browser.get(site.url("/admin/national"))
    _submit(site, site.browser.find_element("xpath", "//button[contains(., 'Se déconnecter')]").click)


def _look(site: Site, seen: Seen, page: str) -> None:
    """The page as shown now, at every size."""
    browser = site.browser
    browser.execute_script("document.querySelectorAll('details').forEach(d => { d.open = true; });")  # axe sees it
    for size in SIZES:
        set_size(browser, size)
        key = f"{page} — {size.name}"
        seen.axe[key] = axe_findings(browser)
        seen.sideways[key] = sideways_scroll(browser)
        seen.unnamed_tables[key] = sum(1 for t in browser.find_elements("tag name", "table") if not t.accessible_name)
        if browser.find_elements("id", "chart"):
            seen.chart_figures[key] = _chart_figures_in_a_table(browser)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(Path(SHOTS) / f"{len(seen.axe):02d}.png"))
            (Path(SHOTS) / f"{len(seen.axe):02d}.txt").write_text(key, encoding="utf-8")
    set_size(browser, SIZES[0])


def _chart_figures_in_a_table(browser: Any) -> bool:
    """Whether every bar's day and count are also in a named table (RGAA 1.6: a chart's detailed description)."""
    bars = browser.execute_script(
        "return [...document.querySelectorAll('#chart rect.bar')].map(b => [b.dataset.day, b.dataset.count]);"
    )
    rows = browser.execute_script(
        "const t = document.getElementById('chart-donnees'); if (!t) return [];"
        "return [...t.querySelectorAll('tbody tr')].map(r => [r.dataset.day, r.cells[1].textContent.trim()]);"
    )
    return len(bars) == 30 and bars == rows


@pytest.fixture(scope="module")
def seen(site: Site) -> Seen:
    """Every page in every state, looked at once for the module's tests."""
    out = Seen()
    browser = site.browser
    set_size(browser, SIZES[0])
    # The shared secret's session (no named account yet).
    browser.get(site.url("/admin/national"))
    _look(site, out, "Connexion (secret)")
    _type(site, "secret", "pas-le-bon")
    _submit(site, lambda: _click(site, "button[type=submit]"))
    _look(site, out, "Connexion (secret), secret refusé")
    _type(site, "secret", site.emb.enrolment_token)
    _submit(site, lambda: _click(site, "button[type=submit]"))
    _look(site, out, "Situation nationale (secret)")
    browser.get(site.url("/admin/revue"))
    _look(site, out, "Revue (secret)")
    _first_decision(site, motif="   ", par="Mme Durand")  # `required` takes spaces; the store refuses them
    _look(site, out, "Revue (secret), motif vide refusé")
    _sign_out(site)
    # A named account.
    add_account(site.emb.engine, login=LOGIN, name=NAME, password=PASSWORD, now=datetime.now(UTC))
    browser.get(site.url("/admin/national"))
    _look(site, out, "Connexion (compte)")
    _type(site, "identifiant", LOGIN)
    _type(site, "mot_de_passe", "pas le bon mot de passe")
    _submit(site, lambda: _click(site, "button[type=submit]"))
    _look(site, out, "Connexion (compte), mot de passe refusé")
    _sign_in(site)
    _look(site, out, "Situation nationale (compte)")
    browser.get(site.url("/admin/revue"))
    _look(site, out, "Revue (compte)")
    _first_decision(site, motif="Heure vérifiée auprès du poste")
    _look(site, out, "Revue (compte), décision enregistrée")
    return out


def _sign_in(site: Site) -> None:
    """Signed in with the named account, on the national page."""
    site.browser.get(site.url("/admin/national"))
    if site.browser.find_elements("id", "identifiant"):
        _type(site, "identifiant", LOGIN)
        _type(site, "mot_de_passe", PASSWORD)
        _submit(site, lambda: _click(site, "button[type=submit]"))


def _faults(found: dict[str, Any]) -> str:
    """Each page and size at fault, one a line (empty when none is)."""
    return "\n".join(f"{page}: {fault}" for page, fault in found.items() if fault)


def test_axe_finds_no_wcag_2_1_aa_violation_on_any_page_at_any_size(seen: Seen) -> None:
    assert len(seen.axe) == 10 * len(SIZES)
    assert not (faults := _faults(seen.axe)), f"axe-core {axe_version()}:\n{faults}"


def test_no_page_scrolls_sideways_even_at_400_percent(seen: Seen) -> None:
    """WCAG 1.4.10 (RGAA 10.11): at 320 CSS px the text reflows; a data table scrolls in its own region only."""
    assert not (faults := _faults(seen.sideways)), f"CSS pixels scrolled sideways:\n{faults}"


def test_every_table_is_named_and_the_chart_says_its_figures(seen: Seen) -> None:
    """RGAA 5.4 (a table's title tied to it) and 1.6 (the chart's figures as a table beside it)."""
    assert not (faults := _faults(seen.unnamed_tables)), f"tables without a name:\n{faults}"
    assert seen.chart_figures and all(seen.chart_figures.values()), seen.chart_figures


def _tab(site: Site) -> str:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(site.browser).send_keys(Keys.TAB).perform()
    return describe(site.browser, site.browser.switch_to.active_element)


def _focus_ring(browser: Any) -> bool:
    """Whether the focused element draws a solid outline of 2 CSS px or more."""
    style = browser.execute_script(
        "const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)];"
    )
    return bool(style[0] == "solid" and style[1] >= 2)


def test_the_keyboard_reaches_every_control_in_order_and_a_refusal_is_said_on_its_field(site: Site, seen: Seen) -> None:
    """RGAA 12.8 (Tab order), 10.7 (focus visible), 12.7 (skip link), 11.10 (an error tied to its field, said where the
    focus lands)."""
    from selenium.webdriver.common.keys import Keys

    browser = site.browser
    _sign_in(site)
    browser.get(site.url("/admin/revue"))
    stops = [describe(browser, e) for e in tab_stops(browser)]
    assert any("[motif]" in s for s in stops) and any("=maintenue" in s for s in stops)
    walked, faint = [], []
    for _ in stops:
        walked.append(_tab(site))
        if not _focus_ring(browser):
            faint.append(walked[-1])
    assert walked == stops
    assert faint == []  # RGAA 10.7: each stop shows a ring of 2 px at least, not the browser's 1 px default
    # The first stop skips to the content.
    browser.get(site.url("/admin/revue"))
    assert "Aller au contenu" in _tab(site)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "contenu"
    # A decision with a motif of spaces, by the keyboard alone: refused, the focus on the motif, which says why.
    while "=maintenue" not in (now := _tab(site)):
        assert now != "body", "the first decision's radio buttons were not reached"
    browser.switch_to.active_element.send_keys(Keys.SPACE)
    assert "[motif]" in _tab(site)
    _submit(site, lambda: browser.switch_to.active_element.send_keys("   " + Keys.ENTER))
    focus = focused_ax(browser)
    # The field names its review to a screen reader (session 37), as Chromium's accessibility tree reads it
    assert focus["role"] == "textbox" and re.fullmatch(r"Motif \(revue n° \d+\)", focus["name"]), focus["name"]
    assert "indiquez le motif" in focus["description"] and focus["invalid"] == "true"
    assert browser.find_element("css selector", "input[value=maintenue][aria-describedby]").is_selected()


def test_a_refused_sign_in_is_said_on_the_focused_field(site: Site, seen: Seen) -> None:
    """The form comes back with the login as typed and the focus on the password, whose description is the refusal
    (RGAA 11.10)."""
    from selenium.webdriver.common.keys import Keys

    _sign_in(site)
    _sign_out(site)
    browser = site.browser
    assert focused_ax(browser)["name"] == "Identifiant"
    typed = LOGIN + Keys.TAB + "pas le bon" + Keys.ENTER
    _submit(site, lambda: browser.switch_to.active_element.send_keys(typed))
    assert browser.find_element("id", "identifiant").get_attribute("value") == LOGIN  # what was typed is kept
    focus = focused_ax(browser)  # on the field to type again, which says why
    assert focus["name"] == "Mot de passe" and focus["invalid"] == "true"
    assert focus["description"].startswith("Identifiant ou mot de passe incorrect")
