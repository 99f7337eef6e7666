"""PDF rendering of receipts with reportlab: A4 for office printers, 80 mm roll for thermal printers."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from desktop.receipts.document import build_document
from desktop.receipts.layout import PageLayout, Paper, QrOp, RectOp, TextOp, layout, quiet_module
from desktop.receipts.qr import QUIET_ZONE, QrSymbol
from desktop.receipts.signing import SignedReceipt


def render_pdf(signed: SignedReceipt, *, paper: Paper = "a4") -> bytes:
    """The receipt as a one-page PDF with embedded fonts and a vector QR code."""
    page = layout(build_document(signed), paper)
    buffer = io.BytesIO()
    # invariant=1 drops the creation date and random ids: the same receipt always gives the same bytes.
    canvas = Canvas(buffer, pagesize=(page.width, page.height), invariant=1, pageCompression=1)
    canvas.setTitle(signed.receipt.title)  # metadata carries no personal data
    canvas.setAuthor("Guichet")
    canvas.setCreator("Guichet")
    draw_page(canvas, page)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def draw_page(canvas: Canvas, page: PageLayout) -> None:
    """Draw laid-out primitives on a reportlab canvas (whose origin is bottom-left)."""
    height = page.height
    for op in page.ops:
        if isinstance(op, TextOp):
            canvas.setFont(page.fonts.name(op.style), op.size)
            canvas.setFillColorRGB(*op.color)
            if op.angle:
                canvas.saveState()
                canvas.translate(op.x, height - op.y)
                canvas.rotate(op.angle)
                canvas.drawString(0, 0, op.text)
                canvas.restoreState()
            else:
                canvas.drawString(op.x, height - op.y, op.text)
        elif isinstance(op, RectOp):
            _rect(canvas, op, height)
        else:
            _qr(canvas, op, height)


def _rect(canvas: Canvas, op: RectOp, height: float) -> None:
    canvas.saveState()
    if op.fill is not None:
        canvas.setFillColorRGB(*op.fill)
    if op.stroke is not None:
        canvas.setStrokeColorRGB(*op.stroke)
        canvas.setLineWidth(op.line_width)
        if op.dashed:
            canvas.setDash(3, 2)
    canvas.rect(
        op.x,
        height - op.y - op.height,
        op.width,
        op.height,
        stroke=int(op.stroke is not None),
        fill=int(op.fill is not None),
    )
    canvas.restoreState()


def _qr(canvas: Canvas, op: QrOp, height: float) -> None:
    module = quiet_module(op.size, op.symbol)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(op.x, height - op.y - op.size, op.size, op.size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    # One module is one unit: the symbol's top-left corner is the origin and y grows downwards, so every rectangle
    # is written with small integers (no float formatting per module) and the path stays vector.
    canvas.transform(module, 0, 0, -module, op.x + QUIET_ZONE * module, height - op.y - QUIET_ZONE * module)
    canvas.addLiteral(qr_path(op.symbol))
    canvas.restoreState()


def qr_path(symbol: QrSymbol) -> str:
    """PDF path operators filling the dark modules, one rectangle per horizontal run (no seams between modules)."""
    parts = []
    for y, row in enumerate(symbol.rows):
        x, size = 0, len(row)
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            parts.append(f"{start} {y} {x - start} 1 re")
    parts.append("f")
    return "\n".join(parts)
