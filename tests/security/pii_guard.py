"""Pytest plugin: every log record of the whole session is scanned for the test persons' identities.

Registered from tests/conftest.py. At the end of the session, a record that contains a demo person's name, birth date,
elector number (NNE) or document number fails the run and is printed (CONVENTIONS.md 12, spec/security.md).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re

import pytest


def known_identities() -> list[str]:
    """Names (5+ letters), birth dates in usual formats, NNE and document numbers of every demo person."""
    from desktop import resources
    from desktop.devices.cards.demo_persons import DEMO_PERSONS

    found: set[str] = set()

    def date_forms(iso: str) -> list[str]:
        y, m, d = iso.split("-")
        return [iso, f"{d}/{m}/{y}", f"{d}.{m}.{y}", f"{y}{m}{d}"]

    for p in DEMO_PERSONS:
        found.update([p.surname, *p.given_names, p.document_number, *date_forms(p.birth_date.isoformat())])
    for row in csv.DictReader(io.StringIO(resources.read_text("demo", "electors.csv")), delimiter=";"):
        found.update([row["nne"], row["nom_naissance"], *row["prenoms"].split()])
        d, m, y = row["date_naissance"].split("/")
        found.update(date_forms(f"{y}-{m}-{d}"))
    for req in json.loads(resources.read_text("demo", "requests.json")):
        for role in ("mandant", "mandataire"):
            person = req.get(role) or {}
            found.update([person.get("nom", ""), *person.get("prenoms", []), person.get("nne") or ""])
    # Short names ("JEAN", "LAN") would match ordinary words: only distinctive tokens are searched.
    return sorted(t for t in found if t and (len(t) >= 5 or any(c.isdigit() for c in t)))


class PiiGuard(logging.Handler):
    """Keeps the log records that mention a known identity."""

    def __init__(self, identities: list[str]) -> None:
        super().__init__(level=logging.DEBUG)
        words = sorted(identities, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.IGNORECASE)
        self.offenders: list[str] = []
        self.seen = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.seen += 1
        try:
            text = record.getMessage()
        except Exception:  # a broken format string is another test's problem, not a leak
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            text += " " + str(record.exc_info[1])
        match = self.pattern.search(text)
        if match:
            self.offenders.append(f"{record.name}:{record.levelname}: …{match.group(0)}… in {text[:200]!r}")


GUARD_KEY = pytest.StashKey[PiiGuard]()


def pytest_configure(config: pytest.Config) -> None:
    guard = PiiGuard(known_identities())
    config.stash[GUARD_KEY] = guard
    root = logging.getLogger()
    root.addHandler(guard)
    root.setLevel(logging.DEBUG)  # so that INFO and DEBUG records are produced, and scanned, too


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    guard = session.config.stash.get(GUARD_KEY, None)
    if guard is None:
        return
    logging.getLogger().removeHandler(guard)
    if guard.offenders:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = ["Personal data found in log records (tests/security/pii_guard.py):", *guard.offenders[:50]]
        if reporter is not None:
            reporter.write_line("\n".join(lines), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def current_guard(config: pytest.Config) -> PiiGuard:
    """The session's guard (for the test that checks it mid-run)."""
    return config.stash[GUARD_KEY]
