"""axe-core (Deque's accessibility engine, the one RGAA auditors run) inside the headless Chromium of browserkit, and
the checks axe does not make: reflow at 200 and 400 % zoom, what the browser's accessibility tree says of the focus.

axe.min.js comes from the `axe-playwright-python` wheel (requirements/dev.txt, hash-locked, installed by `make deps`);
nothing is fetched at run time. Its Playwright half is never imported: the script is run through Selenium."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

WCAG21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# Rule id → why axe is wrong there. Empty: every violation axe reports is fixed in the page, none excused.
EXCLUDED_RULES: dict[str, str] = {}

# What axe could not decide (« incomplete ») and we checked ourselves: (rule id, CSS selector of the nodes) → reason.
REVIEWED_INCOMPLETE: dict[tuple[str, str], str] = {
    ("color-contrast", "#chart text"): (
        "The chart's axis labels, fill #3a3a3a on the page's white (11.1:1): axe cannot measure text inside an SVG "
        "drawn over other shapes (« element contains an image node », « content too short »)."
    ),
    ("color-contrast", ".defile[data-scrolls] *"): (
        "A cell of a data table that scrolls sideways in its region (200 and 400 %): axe sees it clipped by the "
        "region (« partially obscured ») and cannot measure it; the same cells, in the same colours, are measured "
        "whole at 1280 and 1024 px, where no table scrolls."
    ),
}


@dataclass(frozen=True)
class Size:
    """A viewport in CSS pixels at a device scale: browser zoom N % of a W×H window is (W/N, H/N) at scale N."""

    name: str
    width: int
    height: int
    scale: float = 1

    @property
    def zoomed(self) -> bool:
        return self.scale > 1


SIZES = (
    Size("1280×1000", 1280, 1000),
    Size("1024×640", 1024, 640),
    Size("1280×1000 à 200 %", 640, 500, 2),
    Size("1280×1024 à 400 % (320 px, WCAG 1.4.10)", 320, 256, 4),
)


@cache
def axe_source() -> str:
    text = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    assert text.startswith("/*! axe v4."), text[:40]
    return text


def axe_version() -> str:
    return axe_source().split("\n", 1)[0].removeprefix("/*! axe v").strip()


def set_size(browser: Any, size: Size) -> None:
    """The viewport as the size says (the zoom as Chromium's own: a narrower CSS viewport, bigger pixels)."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size.width, "height": size.height, "deviceScaleFactor": size.scale, "mobile": False},
    )


def run_axe(browser: Any) -> dict[str, Any]:
    """axe on the page as shown (WCAG 2.1 A and AA rules): its violations and what it could not decide."""
    if not browser.execute_script("return typeof window.axe === 'object'"):
        # WebDriver's script runs outside the page's CSP (`default-src 'none'`: the pages allow no script of theirs).
        browser.execute_script(axe_source())
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations', 'incomplete']})"
        ".then(r => done({violations: r.violations, incomplete: r.incomplete}), e => done({error: String(e)}));",
        list(WCAG21_AA),
    )


def axe_findings(browser: Any) -> list[str]:
    """One line per node axe finds at fault, or could not decide and we did not review."""
    browser.execute_script(  # the regions scrolling now (a table wider than the window), for REVIEWED_INCOMPLETE
        "document.querySelectorAll('.defile').forEach(r => r.toggleAttribute('data-scrolls', "
        "r.scrollWidth > r.clientWidth));"
    )
    result = run_axe(browser)
    assert "error" not in result, result
    out = []
    for rule in result["violations"]:
        if rule["id"] in EXCLUDED_RULES:
            continue
        for node in rule["nodes"]:
            out.append(f"{rule['id']} ({rule['impact']}) {node['target']}: {node['failureSummary']!r}")
    for rule in result["incomplete"]:
        reviewed = [selector for rule_id, selector in REVIEWED_INCOMPLETE if rule_id == rule["id"]]
        for node in rule["nodes"]:
            target = " ".join(map(str, node["target"]))
            if reviewed and browser.execute_script(
                "const n = document.querySelector(arguments[0]); return !!n && arguments[1].some(s => n.matches(s));",
                target,
                reviewed,
            ):
                continue
            out.append(f"{rule['id']} (à vérifier) {node['target']}: {node.get('failureSummary')!r}")
    return out


def sideways_scroll(browser: Any) -> int:
    """How many CSS pixels the page scrolls sideways (a data table scrolling in its own region does not count)."""
    return int(
        browser.execute_script("const e = document.documentElement; return Math.max(0, e.scrollWidth - e.clientWidth);")
    )


def focused_ax(browser: Any) -> dict[str, str]:
    """What the browser's accessibility tree says of the focused element: role, name, description, invalid."""
    root = browser.execute_cdp_cmd("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = browser.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": ":focus"})["nodeId"]
    if not node:
        return {"role": "", "name": "", "description": "", "invalid": ""}
    ax = browser.execute_cdp_cmd("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    found = ax["nodes"][0]
    props = {p["name"]: str(p.get("value", {}).get("value", "")) for p in found.get("properties", [])}
    return {
        "role": str(found.get("role", {}).get("value", "")),
        "name": str(found.get("name", {}).get("value", "")),
        "description": str(found.get("description", {}).get("value", "")),
        "invalid": props.get("invalid", ""),
    }


# The keyboard's stops in DOM order, as Chromium's Tab takes them: one stop per radio group (its checked radio, else
# its first), nothing hidden, disabled or taken out of the order.
TAB_STOPS = """
const all = [...document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')];
const seen = new Set(); const out = [];
for (const el of all) {
  if (el.disabled || el.getClientRects().length === 0) continue;
  if (el.type === 'radio') {
    const key = (el.form ? [...document.forms].indexOf(el.form) : -1) + '/' + el.name;
    if (seen.has(key)) continue;
    seen.add(key);
    const group = all.filter(r => r.type === 'radio' && r.name === el.name && r.form === el.form);
    out.push(group.find(r => r.checked) || group[0]);
  } else out.push(el);
}
return out;
"""


def tab_stops(browser: Any) -> list[Any]:
    return list(browser.execute_script(TAB_STOPS))


def describe(browser: Any, element: Any) -> str:
    return str(
        browser.execute_script(
            "const e = arguments[0]; if (!e || e === document.body) return 'body';"
            "return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[' + e.name + ']' : '')"
            " + (e.value && e.type === 'radio' ? '=' + e.value : '') + ' « ' + (e.innerText || '').trim() + ' »';",
            element,
        )
    )
