"""The Rapport d'activité as an A4 PDF: the receipts' identity (marianne blue, DejaVu Sans), totals, acts, signature."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.receipts.fonts import receipt_fonts
from desktop.receipts.layout import BLUE, GREY, PALE, RED, RULE

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One act as printed: no elector's name, the receipt number identifies it."""

    at: str  # local date and time, as printed
    kind: str
    receipt_number: str
    channel: str
    status: str
    agent: str


@dataclass(frozen=True, slots=True)
class ActivityReport:
    """A period's acts and totals, as printed (texts already in French)."""

    first: date
    last: date
    station_label: str
    station_code: str
    generated: str  # "30/11/2026 à 17:45", station time
    generated_by: str
    lines: tuple[ReportLine, ...]
    by_kind: tuple[tuple[str, int], ...]
    by_channel: tuple[tuple[str, int], ...]
    by_status: tuple[tuple[str, int], ...]
    by_agent: tuple[tuple[str, int], ...] = ()  # the acts each agent recorded in the period, by name


_BLUE, _RED, _GREY = colors.Color(*BLUE), colors.Color(*RED), colors.Color(*GREY)
_PALE, _RULE = colors.Color(*PALE), colors.Color(*RULE)


def _styles() -> dict[str, ParagraphStyle]:
    f = receipt_fonts()
    return {
        "title": ParagraphStyle("title", fontName=f.bold, fontSize=17, leading=21, textColor=_BLUE, spaceAfter=2),
        "lead": ParagraphStyle("lead", fontName=f.regular, fontSize=10, leading=13, textColor=_GREY),
        "h2": ParagraphStyle("h2", fontName=f.bold, fontSize=11.5, leading=15, textColor=_BLUE, spaceBefore=8),
        "cell": ParagraphStyle("cell", fontName=f.regular, fontSize=8.5, leading=10.5),
        "small": ParagraphStyle("small", fontName=f.italic, fontSize=8, leading=10, textColor=_GREY),
    }


def _table(rows: list[list[Any]], widths: list[float], *, header: bool = True) -> Table:
    f = receipt_fonts()
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONT", (0, 0), (-1, -1), f.regular, 8.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, _RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header:
        style += [
            ("FONT", (0, 0), (-1, 0), f.bold, 8.5),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("BACKGROUND", (0, 0), (-1, 0), _BLUE),
        ]
    table.setStyle(TableStyle(style))
    return table


def _totals(title: str, rows: tuple[tuple[str, int], ...], total: int, *, wrap: bool = False) -> Table:
    """One total's table; `wrap`: its labels wrap in their column (agents' names, of any length)."""
    f = receipt_fonts()
    cell = _styles()["cell"]
    body: list[list[Any]] = [
        [title, "Nombre"],
        *[[Paragraph(escape(label), cell) if wrap else label, str(n)] for label, n in rows],
        ["Total", str(total)],
    ]
    table = _table(body, [62 * mm, 20 * mm])
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("FONT", (0, -1), (-1, -1), f.bold, 8.5),
                ("BACKGROUND", (0, -1), (-1, -1), _PALE),
            ]
        )
    )
    return table


CELL_PADDING = 12.0  # pt: a Table cell's left and right padding (6 pt each, reportlab's default)
FRAME_PADDING = 12.0  # pt: the page frame's left and right padding (6 pt each, reportlab's default)
WRAPPING_SHARES = (0.2, 0.3, 0.2, 0.3)  # of the spare width: nature, channel, status, agent (their cells wrap)


def _act_widths(lines: tuple[ReportLine, ...], room: float) -> list[float]:
    """The list's column widths: the date and the receipt number on one line, as wide as the longest of them (a
    station's receipt number « GCH-75056-01-2026-000001 » ran into the channel in a fixed 23 mm column); the wrapping
    columns share the rest, each at least as wide as its longest word.
    `room` is the frame's width less its padding: a table as wide as the frame overflowed the margins by 6 pt."""
    f = receipt_fonts()

    def widest(texts: list[str], header: str) -> float:
        widths = [float(stringWidth(t, f.regular, 8.5)) for t in texts] + [float(stringWidth(header, f.bold, 8.5))]
        return max(widths) + CELL_PADDING

    def longest_word(texts: list[str], header: str) -> float:
        return widest([word for t in texts for word in t.split()], header)

    at = widest([a.at for a in lines], "Date et heure")
    number = widest([a.receipt_number for a in lines], "N° de récépissé")
    least = [  # a wrapping column never narrower than its longest word (« Procurati/on » in 20 % of the rest)
        longest_word([a.kind for a in lines], "Nature"),
        longest_word([a.channel for a in lines], "Canal"),
        longest_word([a.status for a in lines], "Statut"),
        longest_word([a.agent for a in lines], "Agent"),
    ]
    fitted = _within(least, room - at - number)
    spare = max(0.0, room - at - number - sum(fitted))
    nature, channel, status, agent = (lo + share * spare for lo, share in zip(fitted, WRAPPING_SHARES, strict=True))
    return [at, nature, number, channel, status, agent]


def _within(least: list[float], room: float) -> list[float]:
    """The wrapping columns' least widths, the widest ones narrowed to one common width when together they pass
    `room`: an agent's hyphenated name beside the long channel and status labels pushed the list past both margins (a
    name of 120 letters off the page). The narrowed column wraps inside its words; the narrow ones keep theirs."""
    if sum(least) <= room:
        return least
    left, cap = room, 0.0
    for count, width in enumerate(sorted(least)):
        share = left / (len(least) - count)
        if width > share:
            cap = share
            break
        left -= width
    return [min(width, cap) for width in least]


def render_report(report: ActivityReport) -> bytes:
    """The report's PDF bytes (invariant: the same report gives the same bytes)."""
    f = receipt_fonts()
    st = _styles()
    buffer = io.BytesIO()
    period = f"du {report.first.strftime('%d/%m/%Y')} au {report.last.strftime('%d/%m/%Y')}"
    if report.first == report.last:
        period = f"du {report.first.strftime('%d/%m/%Y')}"
    generated = report.generated

    def page(canvas: Canvas, doc: Any) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(_BLUE)
        canvas.rect(0, height - 9 * mm, width, 9 * mm, stroke=0, fill=1)
        canvas.setFillColor(_RED)
        canvas.rect(0, height - 10 * mm, width, 1 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(f.bold, 9)
        canvas.drawString(15 * mm, height - 6 * mm, "RÉPUBLIQUE FRANÇAISE")
        canvas.drawRightString(width - 15 * mm, height - 6 * mm, "Guichet — Rapport d'activité")
        canvas.setFillColor(_GREY)
        canvas.setFont(f.regular, 7.5)
        canvas.drawString(15 * mm, 10 * mm, f"{report.station_code} — {period} — édité le {generated}")
        canvas.drawRightString(width - 15 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Rapport d'activité {report.station_code} {period}",
        author="Guichet",
        creator="Guichet",
        invariant=1,
    )
    total = len(report.lines)
    story: list[Any] = [
        Paragraph("Rapport d'activité", st["title"]),
        # Typed texts (the station's name, the agents') are escaped: a paragraph reads « < » and « & » as markup.
        Paragraph(f"{escape(report.station_label)} ({escape(report.station_code)}) — période {period}", st["lead"]),
        Paragraph(f"Édité le {generated} par {escape(report.generated_by)}. Actes enregistrés : {total}.", st["lead"]),
        Paragraph("Totaux", st["h2"]),
    ]
    grid = Table(
        [
            [
                _totals("Par nature", report.by_kind, total),
                _totals("Par canal", report.by_channel, sum(n for _l, n in report.by_channel)),
            ],
            [
                _totals("Par statut", report.by_status, total),
                _totals("Par agent", report.by_agent, total, wrap=True) if report.by_agent else "",
            ],
        ],
        colWidths=[90 * mm, 90 * mm],
    )
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    story += [grid, Paragraph("Liste des actes", st["h2"])]

    def P(text: str) -> Paragraph:  # a cell that wraps instead of overflowing; its text as typed, never markup
        return Paragraph(escape(text), st["cell"])

    rows: list[list[Any]] = [["Date et heure", "Nature", "N° de récépissé", "Canal", "Statut", "Agent"]]
    for a in report.lines:
        rows.append([a.at, P(a.kind), a.receipt_number, P(a.channel), P(a.status), P(a.agent)])
    if not report.lines:
        rows.append(["Aucun acte sur la période.", "", "", "", "", ""])
    story.append(_table(rows, _act_widths(report.lines, doc.width - FRAME_PADDING)))
    signature = Table(
        [
            ["Le chef de poste", ""],
            ["Nom, prénom et qualité :", ""],
            ["Date :", ""],
            ["Signature et cachet :", ""],
        ],
        colWidths=[45 * mm, 75 * mm],
        rowHeights=[7 * mm, 9 * mm, 9 * mm, 24 * mm],
    )
    signature.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), f.regular, 9),
                ("FONT", (0, 0), (-1, 0), f.bold, 10),
                ("TEXTCOLOR", (0, 0), (-1, 0), _BLUE),
                ("BOX", (0, 0), (-1, -1), 0.8, _BLUE),
                ("LINEBELOW", (1, 1), (1, 2), 0.4, _RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [
        Spacer(1, 8 * mm),
        KeepTogether(
            [
                Paragraph(
                    "Certifié exact. Ce rapport ne contient ni nom ni date de naissance d'électeur : les actes sont "
                    "désignés par leur numéro de récépissé.",
                    st["small"],
                ),
                Spacer(1, 3 * mm),
                signature,
            ]
        ),
    ]
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buffer.getvalue()
