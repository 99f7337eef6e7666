"""ESC/POS rendering of receipts for 80 mm thermal printers, through python-escpos's Dummy printer."""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.receipts.document import DUPLICATE_NOTE, MOTTO, NEXT_STEPS_TITLE, REPUBLIC, build_document
from desktop.receipts.escpos_profiles import DEFAULT_PROFILE
from desktop.receipts.qr import QUIET_ZONE, make_symbol
from desktop.receipts.signing import SignedReceipt

if TYPE_CHECKING:
    from PIL import Image


def load_escpos() -> Any:
    """python-escpos's Dummy printer, imported on first use (the application warms it in the background once the
    store is open), its printers' profiles read as JSON rather than YAML (desktop/receipts/escpos_import.py)."""
    from desktop.receipts.escpos_import import import_escpos

    import_escpos()
    from escpos.printer import Dummy

    return Dummy


# Code pages holding French accents and €, best first, as named in python-escpos profiles, with Python codecs.
PREFERRED_CODEPAGES: tuple[tuple[str, str], ...] = (
    ("CP858", "cp858"),
    ("CP1252", "cp1252"),
    ("ISO_8859-15", "iso8859_15"),
)
_TRANSLITERATIONS = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "‑": "-",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "\u202f": " ",
        "\u2009": " ",
        "œ": "oe",
        "Œ": "OE",
        "·": "-",
        "\u2044": "/",
    }
)

# What a code page without the sign prints instead (an ASCII printer printed « N? » for « N° », « ? » for guillemets).
_LACKING = {"€": b"EUR", "°": b"o", "«": b'"', "»": b'"'}


@dataclass(frozen=True, slots=True)
class EscposSetup:
    """What the renderer decided from the printer profile."""

    profile: str
    columns: int
    codepage_table: int | None  # ESC t n; None when the profile offers no code page with € and accents
    codec: str
    native_qr: bool
    module_dots: int


def printer_setup(
    profile: str = DEFAULT_PROFILE, *, columns: int | None = None, native_qr: bool | None = None
) -> EscposSetup:
    """Read widths, code pages and QR support from a python-escpos printer profile."""
    printer = load_escpos()(profile=profile)
    data: dict[str, Any] = printer.profile.profile_data
    codepages: dict[str, str] = data.get("codePages", {}) or {}
    table: int | None = None
    codec = "ascii"
    for name, python_codec in PREFERRED_CODEPAGES:
        found = [int(number) for number, page in codepages.items() if page == name and number.isdigit()]
        if found:
            table, codec = found[0], python_codec
            break
    fonts = data.get("fonts") or {}
    default_columns = _as_int(fonts.get("0", {}).get("columns"), 42) if fonts else 42
    width_dots = _as_int(((data.get("media") or {}).get("width") or {}).get("pixels"), 512)
    symbol_modules = 53 + 2 * QUIET_ZONE  # a version 9 symbol, the largest our payloads need
    return EscposSetup(
        profile=profile,
        columns=columns or default_columns,
        codepage_table=table,
        codec=codec,
        native_qr=printer.profile.supports("qrCode") if native_qr is None else native_qr,
        module_dots=max(3, min(8, int(width_dots * 0.62) // symbol_modules)),
    )


def _as_int(value: object, default: int) -> int:
    # Profiles say "Unknown" for what the vendor did not document.
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else default


def encode_text(text: str, codec: str) -> bytes:
    """Encode for the printer's code page; typographic signs it lacks become their plain equivalents.

    The text is composed first (NFC): a name typed on a Mac keeps « È » as « E » and a combining grave, which no code
    page holds (the roll printed « LEFE?VRE »). A combining mark still left over is dropped, its letter printed alone.
    """
    out = bytearray()
    for char in unicodedata.normalize("NFC", text).translate(_TRANSLITERATIONS):
        try:
            out += char.encode(codec)
        except UnicodeEncodeError:
            if unicodedata.combining(char):
                continue
            decomposed = unicodedata.normalize("NFKD", char).translate(_TRANSLITERATIONS)
            plain = decomposed.encode(codec, "ignore")
            out += plain or _LACKING.get(char, b"?")
    return bytes(out)


class _Writer:
    """Small helpers over the Dummy printer: wrapped, encoded lines with explicit styles."""

    def __init__(self, setup: EscposSetup) -> None:
        self.setup = setup
        self.printer = load_escpos()(profile=setup.profile)

    def raw(self, data: bytes) -> None:
        self.printer._raw(data)

    def style(
        self,
        *,
        align: str = "left",
        bold: bool = False,
        invert: bool = False,
        double_height: bool = False,
        double_width: bool = False,
        underline: int = 0,
    ) -> None:
        self.printer.set(
            align=align,
            bold=bold,
            invert=invert,
            underline=underline,
            normal_textsize=not (double_height or double_width),
            double_height=double_height,
            double_width=double_width,
        )

    def lines(self, text: str, *, width: int | None = None, indent: str = "", first: str = "") -> None:
        span = width or self.setup.columns
        wrapped = textwrap.wrap(
            text, span, initial_indent=first, subsequent_indent=indent, break_long_words=True, break_on_hyphens=False
        ) or [""]
        for line in wrapped:
            self.raw(encode_text(line, self.setup.codec) + b"\n")

    def banner(self, text: str) -> None:
        # Inverted lines padded to the full width read as a solid band on the paper.
        for line in textwrap.wrap(text, self.setup.columns - 2):
            self.raw(encode_text(f" {line} ".ljust(self.setup.columns), self.setup.codec) + b"\n")

    def rule(self, char: str = "-") -> None:
        self.raw(char.encode("ascii") * self.setup.columns + b"\n")


def render_escpos(
    signed: SignedReceipt, *, profile: str = DEFAULT_PROFILE, columns: int | None = None, native_qr: bool | None = None
) -> bytes:
    """The receipt as an ESC/POS byte stream: text in the profile's code page, a QR code, then a cut."""
    setup = printer_setup(profile, columns=columns, native_qr=native_qr)
    doc = build_document(signed)
    out = _Writer(setup)
    out.raw(b"\x1b@")  # ESC @: reset, so styles left by a previous job cannot leak into this one
    if setup.codepage_table is not None:
        out.raw(b"\x1bt" + bytes([setup.codepage_table]))
    out.style(align="center", bold=True)
    out.lines(REPUBLIC)
    out.style(align="center")
    out.lines(" - ".join(MOTTO))
    out.raw(b"\n")
    out.style(align="center", bold=True)
    out.lines(doc.issuer_label)
    out.style(align="center")
    out.lines(doc.issuer_name)
    out.rule("=")
    out.style(align="center", bold=True, double_height=True)
    out.lines(doc.title)
    out.style(align="center", bold=True)
    out.lines(doc.number)
    out.style(align="center")
    out.lines(doc.issued_line)
    out.raw(b"\n")
    if doc.duplicate_mark:
        out.style(align="center", bold=True, invert=True, double_height=True, double_width=True)
        out.lines(f" {doc.duplicate_mark} ", width=setup.columns // 2)
        out.style(align="center", bold=True)
        out.lines(DUPLICATE_NOTE)
        out.raw(b"\n")
    if doc.provisional_banner:
        out.style(align="left", bold=True, invert=True)
        out.banner(doc.provisional_banner)
        out.style()
        out.raw(b"\n")
    for section in doc.sections:
        out.style(bold=True, underline=1)
        out.lines(section.title.upper())
        out.style()
        for label, value in section.rows:
            out.lines(f"{label} :")
            out.style(bold=True)
            out.lines(value, first="  ", indent="  ")
            out.style()
        out.raw(b"\n")
    if doc.next_steps:
        out.style(bold=True, underline=1)
        out.lines(NEXT_STEPS_TITLE.upper())
        out.style()
        for step in doc.next_steps:
            out.lines(step, first="- ", indent="  ")
        out.raw(b"\n")
    out.style(align="center")
    _qr(out, doc.qr_payload)
    out.style(align="center", bold=True)
    out.lines(doc.qr_caption)
    out.style(align="center")
    out.lines(doc.key_line)
    if doc.signature_caption:
        out.raw(b"\n")
        out.style(align="left")
        out.lines(f"{doc.signature_caption} :")
        out.raw(b"\n\n\n\n")
        out.rule(".")
    out.raw(b"\n")
    out.style(align="center")
    out.lines(doc.footer)
    out.style()
    out.printer.cut()
    return bytes(out.printer.output)


def _qr(out: _Writer, payload: str) -> None:
    if out.setup.native_qr:
        # GS ( k: the printer draws the symbol itself, sharper and far smaller to send than an image.
        from escpos.constants import QR_ECLEVEL_M

        out.printer.qr(payload, ec=QR_ECLEVEL_M, size=out.setup.module_dots, native=True)
        out.raw(b"\n")
        return
    # Centring needs the paper width in dots; without it the ESC a alignment set before still applies.
    known_width = out.printer.profile.profile_data.get("media", {}).get("width", {}).get("pixels")
    out.printer.image(qr_image(payload, out.setup.module_dots), center=isinstance(known_width, int))
    out.raw(b"\n")


def qr_image(payload: str, module_dots: int) -> Image.Image:
    """The same symbol as the PDF's (alphanumeric mode, level M), as a 1-bit image with its quiet zone."""
    from PIL import Image

    symbol = make_symbol(payload)
    side = symbol.size + 2 * QUIET_ZONE
    small = Image.new("1", (side, side), 1)
    pixels = small.load()
    assert pixels is not None
    for y, row in enumerate(symbol.rows):
        for x, dark in enumerate(row):
            if dark:
                pixels[x + QUIET_ZONE, y + QUIET_ZONE] = 0
    return small.resize((side * module_dots, side * module_dots), Image.Resampling.NEAREST)
