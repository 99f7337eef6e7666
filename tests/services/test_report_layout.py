"""The activity report's list of acts: no text over another (PDF read back with pdftotext -bbox)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from desktop.receipts.activity_report import ActivityReport, ReportLine, render_report

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def overlapping_words(pdf: Path) -> list[tuple[str, str]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(out)]
    pairs = []
    for i, (x0, y0, x1, y1, w) in enumerate(words):
        for u0, v0, u1, v1, other in words[i + 1 :]:
            if min(x1, u1) - max(x0, u0) > 0.5 and min(y1, v1) - max(y0, v0) > 0.5:
                pairs.append((w, other))
    return pairs


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
def test_receipt_numbers_and_dates_do_not_run_into_the_next_column(tmp_path: Path) -> None:
    """A station's receipt numbers carry its counter (« GCH-75056-01-2026-000001 »): in a 23 mm column they ran
    under « Guichet (cerfa n° 12668*03) », and the header « N° de récépissé » into « Canal » (day audit)."""
    lines = tuple(
        ReportLine(
            at=f"06/12/2026 21:5{n}",
            kind=kind,
            receipt_number=number,
            channel="Guichet (cerfa n° 12668*03)",
            status="Provisoire, en attente du registre central",
            agent="Maréchal des logis-chef Aïssa Béranger",
        )
        for n, (kind, number) in enumerate(
            (
                ("Procuration", "GCH-75056-01-2026-000001"),
                ("Résiliation", "GCH-75056-01-2026-000002"),
                ("Identifiants de vote par internet", "VPI-CA-MTL-2026-000001"),
                ("Passeport à distance", "RPD-CA-MTL-2026-00001"),
            )
        )
    )
    report = ActivityReport(
        first=date(2026, 12, 6),
        last=date(2026, 12, 6),
        station_label="Commissariat de police — Commissariat central du 11e arrondissement",
        station_code="75056-01",
        generated="06/12/2026 à 21:52",
        generated_by="Superviseur de démonstration",
        lines=lines,
        by_kind=(("Procurations", 2),),
        by_channel=(("Guichet (cerfa n° 12668*03)", 4),),
        by_status=(("Provisoire", 4),),
    )
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(render_report(report))
    assert overlapping_words(pdf) == []
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    assert {"Procuration", "Résiliation", "Identifiants", "GCH-75056-01-2026-000001", "Béranger"} <= set(text)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
@pytest.mark.parametrize("name", ["M. Roy <chef>", "Mme Anne Lambert <", "Dupont & Fils"])
def test_names_are_printed_as_typed_never_read_as_markup(tmp_path: Path, name: str) -> None:
    """An agent's name is typed by the administrator: « M. Roy <chef> » was printed « M. Roy » (its tag eaten by the
    paragraph's markup), and « … < » made the whole report fail (« paraparser: syntax error »)."""
    report = ActivityReport(
        first=date(2026, 12, 6),
        last=date(2026, 12, 6),
        station_label=f"Poste {name}",
        station_code="75056-01",
        generated="06/12/2026 à 21:52",
        generated_by=name,
        lines=(ReportLine("06/12/2026 21:50", "Procuration", "P-1", "Guichet", "Provisoire", name),),
        by_kind=(("Procurations", 1),),
        by_channel=(),
        by_status=(("Provisoire", 1),),
        by_agent=((name, 1),),
    )
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(render_report(report))
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert " ".join(text.split()).count(name) >= 4  # the lead (station and editor), the line, the total by agent


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
@pytest.mark.parametrize(
    "name",
    [
        "Adjudante-cheffe Anne-Sophie Saint-Exupéry-Lagrange-Dubois-Fontaine",
        "W" * 120,  # as long as the agents table's column, in one word
    ],
)
def test_a_long_agent_name_stays_inside_the_page_margins(tmp_path: Path, name: str) -> None:
    """Each wrapping column was at least as wide as its longest word: an agent's hyphenated name beside the long
    channel and status labels pushed the list of acts past both margins (the date cut at the left edge of the paper);
    a name of 120 letters ran it off the page. The list now stays within the margins, a long word wrapping."""
    lines = (
        ReportLine(
            "06/12/2026 21:50",
            "Identifiants de vote par internet",
            "VPI-CA-MTL-2026-000001",
            "Guichet (cerfa n° 12668*03)",
            "Provisoire, en attente du registre central",
            name,
        ),
    )
    report = ActivityReport(
        first=date(2026, 12, 6),
        last=date(2026, 12, 6),
        station_label="Consulat général de France à Montréal",
        station_code="CA-MTL",
        generated="06/12/2026 à 21:52",
        generated_by="Superviseur de démonstration",
        lines=lines,
        by_kind=(("Identifiants de vote par internet", 1),),
        by_channel=(("Guichet (cerfa n° 12668*03)", 1),),
        by_status=(("Provisoire", 1),),
        by_agent=((name, 1),),
    )
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(render_report(report))
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(x0), float(x1), w) for x0, _y0, x1, _y1, w in WORD.findall(out)]
    margin, page_width = 15 * 72 / 25.4, 595.28  # the report's 15 mm margins on A4
    outside = [w for x0, x1, w in words if x0 < margin - 0.5 or x1 > page_width - margin + 0.5]
    assert outside == []
    assert overlapping_words(pdf) == []
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "VPI-CA-MTL-2026-000001" in text and "06/12/2026 21:50" in text
    assert "".join(text.split()).count("".join(name.split())) >= 2  # the line and the total by agent, wrapped
