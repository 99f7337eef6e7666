"""Debian's chromium, headless, driven by Selenium through Debian's chromedriver (no download at run time)."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def browser_available() -> bool:
    return os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)


@contextmanager
def headless_chromium(*, width: int = 1280, height: int = 1000) -> Iterator[Any]:
    """A headless Chromium session; closed on exit."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not fetch a browser or driver
    # Selenium logs every command's body at DEBUG: the keys a test types and the page text it reads (test persons'
    # names, which the session's personal-data guard rightly refuses in any log record). Not the product's logs.
    logging.getLogger("selenium.webdriver.remote.remote_connection").setLevel(logging.INFO)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",  # containers run tests as root, where the sandbox cannot start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={width},{height}",
        "--lang=fr-FR",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
