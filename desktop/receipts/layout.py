"""Page layout of a receipt (A4 or 80 mm roll) as positioned primitives, drawn by reportlab or by Qt."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

from desktop.receipts.document import (
    DUPLICATE_NOTE,
    MOTTO,
    NEXT_STEPS_TITLE,
    REPUBLIC,
    ReceiptDocument,
    Section,
    printable,
)
from desktop.receipts.fonts import FontSet, receipt_fonts, text_width
from desktop.receipts.qr import QUIET_ZONE, QrSymbol, make_symbol

Color = tuple[float, float, float]
Style = Literal["regular", "bold", "italic"]
Paper = Literal["a4", "roll80"]
PAPERS: tuple[Paper, ...] = ("a4", "roll80")

MM = 72 / 25.4
BLACK: Color = (0.09, 0.09, 0.09)
BLUE: Color = (0.0, 0.0, 145 / 255)  # bleu Marianne #000091
RED: Color = (225 / 255, 0.0, 15 / 255)  # rouge Marianne #E1000F
GREY: Color = (0.36, 0.36, 0.36)
RULE: Color = (0.8, 0.8, 0.8)
WARN_TEXT: Color = (179 / 255, 64 / 255, 0.0)  # DSFR warning #B34000
WARN_BG: Color = (1.0, 0.93, 0.88)
PALE: Color = (0.965, 0.965, 0.975)
WATERMARK: Color = (0.97, 0.89, 0.89)
WHITE: Color = (1.0, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class TextOp:
    """One line of text; y is the baseline measured from the top of the page; angle rotates around (x, y)."""

    x: float
    y: float
    text: str
    style: Style
    size: float
    color: Color
    angle: float = 0.0


@dataclass(frozen=True, slots=True)
class RectOp:
    """A rectangle; y is its top edge measured from the top of the page."""

    x: float
    y: float
    width: float
    height: float
    fill: Color | None = None
    stroke: Color | None = None
    line_width: float = 0.5
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class QrOp:
    """A QR symbol drawn in a square of ``size`` points whose top-left corner is (x, y), quiet zone included."""

    x: float
    y: float
    size: float
    symbol: QrSymbol


Op = TextOp | RectOp | QrOp


@dataclass(frozen=True, slots=True)
class PageLayout:
    """A laid-out page in points, origin at the top-left corner."""

    width: float
    height: float
    ops: tuple[Op, ...]
    fonts: FontSet


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap that also breaks words longer than the line, so nothing ever overflows.

    Linear in the text's length: a word too long for the line is cut where its running width (summed glyph by
    glyph, as reportlab measures) passes the line, never by re-measuring ever shorter prefixes.
    """
    lines: list[str] = []
    space = text_width(" ", font, size)
    for paragraph in text.split("\n"):
        current, current_width = "", 0.0
        for word in paragraph.split():
            word_width = text_width(word, font, size)
            if current and current_width + space + word_width <= width:
                current, current_width = f"{current} {word}", current_width + space + word_width
                continue
            if current:
                lines.append(current)
            if word_width > width:
                *full, word = _cut(word, font, size, width)
                lines.extend(full)
                word_width = text_width(word, font, size)
            current, current_width = word, word_width
        lines.append(current)
    return lines


def _cut(word: str, font: str, size: float, width: float) -> list[str]:
    """A word in pieces each at most `width` wide (at least one character a piece, combining marks kept on)."""
    pieces: list[str] = []
    start, run = 0, 0.0
    for i, char in enumerate(word):
        w = text_width(char, font, size)
        if i > start and run + w > width and not unicodedata.combining(char):
            pieces.append(word[start:i])
            start, run = i, 0.0
        run += w
    pieces.append(word[start:])
    return pieces


class _Flow:
    """A cursor moving down a column, appending primitives."""

    def __init__(self, fonts: FontSet, x: float, width: float, y: float, scale: float = 1.0) -> None:
        self.fonts, self.x, self.width, self.y = fonts, x, width, y
        self.scale = scale  # < 1 compacts text and spacing when a long receipt must still fit its page
        self.ops: list[Op] = []

    def text(
        self,
        text: str,
        style: Style,
        size: float,
        color: Color = BLACK,
        *,
        align: str = "left",
        x: float | None = None,
        width: float | None = None,
        leading: float = 1.3,
    ) -> None:
        left = self.x if x is None else x
        span = self.width if width is None else width
        font = self.fonts.name(style)
        size *= self.scale
        for line in wrap(text, font, size, span):
            line_width = text_width(line, font, size)
            offset = {"left": 0.0, "center": (span - line_width) / 2, "right": span - line_width}[align]
            self.ops.append(TextOp(left + offset, self.y + size, line, style, size, color))
            self.y += size * leading

    def rule(self, color: Color = RULE, thickness: float = 0.6, gap: float = 4.0) -> None:
        self.ops.append(RectOp(self.x, self.y, self.width, thickness, fill=color))
        self.y += thickness + gap

    def space(self, points: float) -> None:
        self.y += points * self.scale

    def flag(self, x: float) -> None:
        # The tricolour mark of official documents, drawn (not a copy of the Marianne logo).
        for i, color in enumerate((BLUE, WHITE, RED)):
            self.ops.append(
                RectOp(x + i * 9, self.y, 9, 5, fill=color, stroke=RULE if color == WHITE else None, line_width=0.3)
            )
        self.y += 9

    def boxed(
        self,
        draw: _BoxBody,
        *,
        fill: Color | None,
        stroke: Color | None,
        pad: float,
        bar: Color | None = None,
        line_width: float = 1.0,
    ) -> None:
        """Lay out a body inside a padded box; the box is inserted under the body's primitives."""
        top, index = self.y, len(self.ops)
        inner = _Flow(
            self.fonts,
            self.x + pad + (4 if bar else 0),
            self.width - 2 * pad - (4 if bar else 0),
            top + pad,
            self.scale,
        )
        draw(inner)
        height = inner.y - top + pad * 0.6
        box: list[Op] = [RectOp(self.x, top, self.width, height, fill=fill, stroke=stroke, line_width=line_width)]
        if bar:
            box.append(RectOp(self.x, top, 4, height, fill=bar))
        self.ops[index:index] = [*box, *inner.ops]
        self.y = top + height


class _BoxBody:
    """Callable that fills a box's inner flow (a class, not a lambda, to keep mypy strict and simple)."""

    def __init__(self, lines: list[tuple[str, Style, float, Color, str]]) -> None:
        self.lines = lines

    def __call__(self, flow: _Flow) -> None:
        for text, style, size, color, align in self.lines:
            flow.text(text, style, size, color, align=align, leading=1.25)


def _banners(flow: _Flow, doc: ReceiptDocument, big: float, notice: float, *, inline: bool = False) -> None:
    if doc.duplicate_mark:
        lines: list[tuple[str, Style, float, Color, str]] = (
            [(f"{doc.duplicate_mark} — {DUPLICATE_NOTE}", "bold", notice, RED, "center")]
            if inline
            else [
                (doc.duplicate_mark, "bold", big, RED, "center"),
                (DUPLICATE_NOTE, "regular", big * 0.5, RED, "center"),
            ]
        )
        body = _BoxBody(lines)
        flow.boxed(body, fill=None, stroke=RED, pad=6, line_width=1.6)
        flow.space(6)
    if doc.provisional_banner:
        flow.boxed(
            _BoxBody([(doc.provisional_banner, "bold", notice, WARN_TEXT, "left")]),
            fill=WARN_BG,
            stroke=None,
            pad=7,
            bar=WARN_TEXT,
        )
        flow.space(6)


def _section_heading(flow: _Flow, title: str, size: float) -> None:
    flow.text(title.upper(), "bold", size, BLUE, leading=1.35)
    flow.rule(gap=3)


def _steps(flow: _Flow, doc: ReceiptDocument, size: float, heading: float) -> None:
    if not doc.next_steps:
        return
    _section_heading(flow, NEXT_STEPS_TITLE, heading)
    for step in doc.next_steps:
        flow.ops.append(TextOp(flow.x + 1, flow.y + size, "–", "bold", size, BLUE))
        flow.text(step, "regular", size, x=flow.x + size * 1.2, width=flow.width - size * 1.2, leading=1.3)
        flow.space(size * 0.35)


def layout_a4(doc: ReceiptDocument, fonts: FontSet | None = None) -> PageLayout:
    """A4 portrait, compacted step by step when a long receipt would not fit one page."""
    fonts = fonts or receipt_fonts()
    for scale in (1.0, 0.93, 0.86, 0.8, 0.74, 0.68, 0.62):
        page = _layout_a4(doc, fonts, scale)
        if page is not None:
            return page
    # Still too long (names at the wire's limits in the widest letters): long values are shortened rather than
    # leaving the agent with no receipt for a record already saved.
    page = _layout_a4(_shortened(doc), fonts, 0.74)
    if page is None:
        raise ValueError("receipt content does not fit on one A4 page")
    return page


def _shortened(doc: ReceiptDocument, limit: int = 120) -> ReceiptDocument:
    """The same document with every row value at most `limit` characters."""
    sections = tuple(
        Section(section.title, tuple((label, printable(value, limit)) for label, value in section.rows))
        for section in doc.sections
    )
    return replace(doc, sections=sections)


def _layout_a4(doc: ReceiptDocument, fonts: FontSet, scale: float) -> PageLayout | None:
    """Header with the issuer, title, banners, sections, next steps, QR and visa box; None when too long."""
    width, height, margin = 595.28, 841.89, 56.0
    flow = _Flow(fonts, margin, width - 2 * margin, 42.0, scale)
    flow.flag(margin)
    flow.text(REPUBLIC, "bold", 12.5, BLACK, width=200, leading=1.15)
    for word in MOTTO:
        flow.text(word, "italic", 8.5, BLACK, width=200, leading=1.2)
    left_bottom = flow.y
    right = _Flow(fonts, width - margin - 230, 230, 51.0)
    right.text(doc.issuer_label, "bold", 10, BLACK, align="right")
    right.text(doc.issuer_name, "regular", 9.5, GREY, align="right")
    flow.ops.extend(right.ops)
    flow.y = max(left_bottom, right.y) + 16
    flow.rule(BLUE, 1.6, 14)
    flow.text(doc.title, "bold", 17, BLUE, leading=1.25)
    flow.space(3)
    top = flow.y
    flow.text(doc.number, "bold", 11.5, BLACK)
    flow.y = top
    flow.text(doc.issued_line, "regular", 10, GREY, align="right")
    flow.space(10)
    _banners(flow, doc, 26, 12, inline=True)
    label_width = 150.0
    for section in doc.sections:
        _section_heading(flow, section.title, 10)
        for label, value in section.rows:
            top = flow.y
            flow.y = top + 1  # same baseline as the 10 pt value
            flow.text(label, "regular", 9, GREY, width=label_width - 8)
            after_label = flow.y
            flow.y = top
            flow.text(value, "regular", 10, BLACK, x=margin + label_width, width=flow.width - label_width)
            flow.y = max(flow.y, after_label) + 2
        flow.space(9)
    _steps(flow, doc, 9.5, 10)
    flow.space(10)
    _verification_a4(flow, doc)
    footer = _Flow(fonts, margin, width - 2 * margin, height - 44)
    footer.rule(RULE, 0.6, 4)
    footer.text(doc.footer, "italic", 7.5, GREY)
    ops = flow.ops + footer.ops
    if doc.duplicate_mark:
        size = 80.0
        text_w = text_width(doc.duplicate_mark, fonts.bold, size)
        # Rotated 35 degrees about the page centre, under everything else.
        angle = math.radians(35)
        cx, cy = width / 2, height / 2
        x = cx - math.cos(angle) * text_w / 2
        y = cy + math.sin(angle) * text_w / 2
        ops.insert(0, TextOp(x, y, doc.duplicate_mark, "bold", size, WATERMARK, angle=35.0))
    if flow.y > height - 48:
        return None
    return PageLayout(width, height, tuple(ops), fonts)


def _verification_a4(flow: _Flow, doc: ReceiptDocument) -> None:
    qr_size, pad, gap = 124.0, 8.0, 12.0
    visa_width = 150.0 if doc.signature_caption else 0.0
    top = flow.y
    box_height = qr_size + 2 * pad
    flow.ops.append(RectOp(flow.x, top, flow.width, box_height, fill=PALE))
    flow.ops.append(QrOp(flow.x + pad, top + pad, qr_size, make_symbol(doc.qr_payload)))
    text_x = flow.x + pad + qr_size + gap
    text_w = flow.width - (text_x - flow.x) - (visa_width + gap if visa_width else pad)
    inner = _Flow(flow.fonts, text_x, text_w, top + pad + 4)
    inner.text(doc.qr_caption, "bold", 11, BLUE)
    inner.space(2)
    inner.text(
        "Ce code est signé électroniquement par la station qui a délivré ce document. Il ne contient "
        "aucune donnée personnelle en clair.",
        "regular",
        8.5,
        BLACK,
    )
    inner.space(2)
    inner.text(doc.key_line, "italic", 8, GREY)
    flow.ops.extend(inner.ops)
    if doc.signature_caption:
        vx = flow.x + flow.width - pad - visa_width
        flow.ops.append(RectOp(vx, top + pad, visa_width, qr_size, fill=WHITE, stroke=GREY, dashed=True))
        visa = _Flow(flow.fonts, vx + 6, visa_width - 12, top + pad + 4)
        visa.text(doc.signature_caption, "italic", 8, GREY, align="center")
        flow.ops.extend(visa.ops)
    flow.y = top + box_height


def layout_roll(
    doc: ReceiptDocument, fonts: FontSet | None = None, *, width_mm: float = 80.0, margin_mm: float = 4.0
) -> PageLayout:
    """A single column on an 80 mm roll; the page is exactly as tall as its content."""
    fonts = fonts or receipt_fonts()
    width = width_mm * MM
    margin = margin_mm * MM
    flow = _Flow(fonts, margin, width - 2 * margin, 14.0)
    flow.flag(width / 2 - 13.5)
    flow.text(REPUBLIC, "bold", 11, BLACK, align="center", leading=1.2)
    flow.text(" · ".join(MOTTO), "italic", 7, BLACK, align="center")
    flow.space(4)
    flow.text(doc.issuer_label, "bold", 8.5, BLACK, align="center", leading=1.25)
    flow.text(doc.issuer_name, "regular", 8, GREY, align="center", leading=1.25)
    flow.space(3)
    flow.rule(BLUE, 1.2, 7)
    flow.text(doc.title, "bold", 11, BLUE, align="center", leading=1.22)
    flow.space(3)
    flow.text(doc.number, "bold", 10, BLACK, align="center")
    flow.text(doc.issued_line, "regular", 8, GREY, align="center")
    flow.space(6)
    _banners(flow, doc, 20, 9.5)
    for section in doc.sections:
        _section_heading(flow, section.title, 8.5)
        for label, value in section.rows:
            flow.text(label, "regular", 7, GREY, leading=1.25)
            flow.text(value, "regular", 8.5, BLACK, leading=1.25)
            flow.space(2)
        flow.space(5)
    _steps(flow, doc, 8, 8.5)
    flow.space(6)
    qr_size = min(136.0, flow.width)
    flow.ops.append(QrOp((width - qr_size) / 2, flow.y, qr_size, make_symbol(doc.qr_payload)))
    flow.y += qr_size + 2
    flow.text(doc.qr_caption, "bold", 9, BLUE, align="center")
    flow.text(doc.key_line, "italic", 7, GREY, align="center")
    if doc.signature_caption:
        flow.space(8)
        top = flow.y
        flow.ops.append(RectOp(flow.x, top, flow.width, 64, stroke=GREY, dashed=True))
        flow.y = top + 4
        flow.text(doc.signature_caption, "italic", 7, GREY, align="center")
        flow.y = top + 64
    flow.space(8)
    flow.text(doc.footer, "italic", 6.5, GREY, align="center")
    return PageLayout(width, flow.y + margin, tuple(flow.ops), fonts)


def layout(doc: ReceiptDocument, paper: Paper) -> PageLayout:
    """Lay out a receipt on the given paper."""
    if paper == "a4":
        return layout_a4(doc)
    if paper == "roll80":
        return layout_roll(doc)
    raise ValueError(f"unknown paper {paper!r}")


def quiet_module(size: float, symbol: QrSymbol) -> float:
    """Side of one QR module in points when the symbol and its quiet zone fill ``size``."""
    return size / (symbol.size + 2 * QUIET_ZONE)
