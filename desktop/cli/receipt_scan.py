"""What `guichet receipt verify` reads off a document: its one QR code and, for a PDF, its printed text.

A receipt is one page with one code. A page with two different codes, or a PDF of several pages (a genuine receipt
beside a typed one), is not verified: which is the receipt is the reader's guess. The printed text of a PDF is
compared with the signed code (`desktop.receipts.printed`); a photo, a scan or an ESC/POS stream has no text to
compare, and the verdict says so.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.cli.french import os_error
from desktop.givenfile import MB, read_given
from desktop.i18n import _
from desktop.receipts.keys import KeyStoreError, has_station_keys, load_station_signer
from desktop.receipts.payload import ReceiptClaims, ReceiptPayloadError
from desktop.receipts.printed import MANDANT, mandant_matches, printed_mismatches
from desktop.receipts.signing import ReceiptVerificationError

_PDF_DPI = "150"
# What a receipt's page or photo ever is, with room: a PDF page rendered at _PDF_DPI and an image both hold at most
# this many pixels (A3 at 150 dpi is 4.4 million, a 48-megapixel phone photo 48 million). A page of 9000 pt a side
# (a PDF of 1 kB) took pdftoppm 14 s and 1.4 GB before; an image's header says its size before zbar decodes it.
PIXELS_MAX = 50_000_000
SIDE_MAX = 12_000
# Each tool gets this long and this much address space (POSIX): what the size checks missed is still bounded.
TOOL_SECONDS = 30
TOOL_MEMORY = 2048 * MB
_PAGE_SIZE = re.compile(rb"^Page\s+\d+\s+size:\s+([0-9.]+)\s+x\s+([0-9.]+)\s+pts", re.MULTILINE)


DOCUMENT_MAX_BYTES = 64 * MB


@dataclass(frozen=True, slots=True)
class ScannedDocument:
    """The QR texts found on a document, and its printed text when it has a text layer (a PDF)."""

    payloads: tuple[str, ...]
    text: str | None = None

    @property
    def payload(self) -> str:
        """The one code of the document; several different ones are refused."""
        codes = tuple(dict.fromkeys(self.payloads))
        if len(codes) > 1:
            raise ReceiptPayloadError(
                _(
                    "Plusieurs QR codes différents sur ce document ({count}) : impossible de savoir lequel est le "
                    "récépissé. Vérifiez chaque récépissé séparément."
                ).format(count=len(codes))
            )
        return codes[0]


@dataclass(frozen=True, slots=True)
class PrintedCheck:
    """What was compared between the paper and the signed code."""

    text: bool
    mandant: bool

    def as_dict(self) -> dict[str, str]:
        return {
            "texte_imprime": "conforme" if self.text else "non_compare",
            "mandant_imprime": "conforme" if self.mandant else "non_compare",
        }

    def describe(self) -> str:
        """French lines telling the reader what the verdict covers."""
        lines = [
            _("Texte imprimé : conforme au code signé (numéro, date, lieu, type, statut, clé).")
            if self.text
            else _(
                "Texte imprimé non comparé (image, flux ESC/POS ou texte du code) : vérifiez que le document porte "
                "ces mêmes numéro, date, lieu et statut."
            )
        ]
        if self.text:
            lines.append(
                _("Nom et date de naissance imprimés : conformes à l'empreinte signée.")
                if self.mandant
                else _(
                    "Nom et date de naissance imprimés : non vérifiables ici (seule la station qui a signé détient "
                    "la clé de l'empreinte)."
                )
            )
        lines.append(_("Le mandataire et le scrutin ne sont pas dans le code signé : ils ne sont pas vérifiés."))
        return "\n".join(lines)


def read_document(source: str) -> ScannedDocument:
    """QR texts found in a file (PDF, image, ESC/POS stream, text) or the source itself when it is no file."""
    path = Path(source)
    try:
        is_file = path.is_file()
    except OSError:  # a payload too long to be a file name
        is_file = False
    if not is_file and not _exists(path):
        return ScannedDocument((source.strip(),))
    try:
        # A scan or a photo of a receipt is a few MB: a file far larger is not one, and is not read into memory.
        data = read_given(path, limit=DOCUMENT_MAX_BYTES)
    except OSError as exc:
        raise ReceiptPayloadError(os_error(exc)) from None
    # The tools read a private copy of the bytes read here: the checks above and every tool see the same document
    # (the path could be given something else between two reads: a bomb after its header was checked, or a text
    # layer from one file and a code from another).
    if data.startswith(b"%PDF"):
        with tempfile.TemporaryDirectory() as tmp:
            return _scan_pdf(_copy(data, Path(tmp) / "recepisse.pdf"))
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff":
        _check_pixels(image_size(data))
        with tempfile.TemporaryDirectory() as tmp:
            return ScannedDocument(_scan_image(_copy(data, Path(tmp) / "recepisse.img")))
    if data.startswith(b"\x1b@") or b"\x1d(k" in data:
        found = escpos_qr_payloads(data)
        if not found:
            raise ReceiptPayloadError(_("Aucun QR code natif dans ce flux ESC/POS."))
        return ScannedDocument(tuple(found))
    try:
        return ScannedDocument((data.decode("ascii").strip(),))
    except UnicodeDecodeError as exc:
        raise ReceiptPayloadError(_("Fichier illisible : ni PDF, ni image, ni ESC/POS, ni texte.")) from exc


def escpos_qr_payloads(stream: bytes) -> list[str]:
    """Contents stored by `GS ( k … 1 P 0` (QR store data) commands in an ESC/POS stream."""
    found: list[str] = []
    start = 0
    while (index := stream.find(b"\x1d(k", start)) >= 0 and index + 5 <= len(stream):
        length = stream[index + 3] | (stream[index + 4] << 8)
        body = stream[index + 5 : index + 5 + length]
        if body[:3] == b"1P0":
            found.append(body[3:].decode("ascii", "replace"))
        start = index + 5 + max(length, 0)
    return found


def _copy(data: bytes, path: Path) -> Path:
    path.write_bytes(data)  # in a folder of our own (mode 0700, tempfile's): nobody else writes it
    return path


def _scan_image(path: Path) -> tuple[str, ...]:
    if shutil.which("zbarimg") is None:
        raise ReceiptPayloadError(_("Lecture d'image impossible : installez zbar-tools (zbarimg)."))
    result = _run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(path)])
    codes = tuple(line for line in result.stdout.decode("utf-8", "replace").splitlines() if line.strip())
    if not codes:
        raise ReceiptPayloadError(_("Aucun QR code lisible dans l'image."))
    return codes


def _scan_pdf(path: Path) -> ScannedDocument:
    if shutil.which("pdftoppm") is None:
        raise ReceiptPayloadError(_("Lecture de PDF impossible : installez poppler-utils (pdftoppm)."))
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "page"
        # The first two pages only: a second one is enough to refuse, and a PDF of thousands costs nothing.
        _check_pdf_pages(path)
        _run(["pdftoppm", "-png", "-r", _PDF_DPI, "-f", "1", "-l", "2", str(path), str(stem)])
        pages = sorted(Path(tmp).glob("page*.png"))
        if not pages:
            raise ReceiptPayloadError(_("Le PDF n'a pas pu être lu."))
        if len(pages) > 1:
            raise ReceiptPayloadError(
                _("Ce PDF a plusieurs pages : un récépissé Guichet tient sur une seule. Vérifiez la page du récépissé.")
            )
        return ScannedDocument(_scan_image(pages[0]), _pdf_text(path))


def _pdf_text(path: Path) -> str | None:
    """The PDF's text as laid out on the page; None without pdftotext or without a text layer (a scan)."""
    if shutil.which("pdftotext") is None:
        return None
    result = _run(["pdftotext", "-layout", "-enc", "UTF-8", "-l", "1", str(path), "-"])
    text = result.stdout.decode("utf-8", "replace")
    return text if result.returncode == 0 and text.strip() else None


def _exists(path: Path) -> bool:
    """Something is at `path` (a FIFO, a device, a dangling link): refused as a file, never read as a QR text."""
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):  # a payload too long to be a file name, or holding a NUL
        return False


def image_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's or a JPEG's width and height as its header says (None when it says nothing readable)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", data[16:24]) if data[12:16] == b"IHDR" and len(data) >= 24 else None
    index = 2
    while index + 9 <= len(data) and data[index] == 0xFF:
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:  # no length
            index += 1 if marker == 0xFF else 2
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + struct.unpack(">H", data[index + 2 : index + 4])[0]
    return None


def _check_pixels(size: tuple[int, int] | None) -> None:
    """Refuse an image or a page far larger than a receipt before a tool decodes it (a decompression bomb)."""
    if size is None:
        return
    width, height = size
    if width > SIDE_MAX or height > SIDE_MAX or width * height > PIXELS_MAX:
        raise ReceiptPayloadError(
            _(
                "Document trop grand pour un récépissé ({width} × {height} pixels, {pixels} millions au plus) : "
                "il n'est pas lu."
            ).format(width=width, height=height, pixels=PIXELS_MAX // 1_000_000)
        )


def _check_pdf_pages(path: Path) -> None:
    """The first two pages' sizes (pdfinfo reads them without rendering) against what pdftoppm would draw."""
    if shutil.which("pdfinfo") is None:
        return
    info = _run(["pdfinfo", "-f", "1", "-l", "2", str(path)]).stdout
    scale = int(_PDF_DPI) / 72
    for width, height in _PAGE_SIZE.findall(info):
        _check_pixels((round(float(width) * scale), round(float(height) * scale)))


def _limits() -> None:  # pragma: no cover - runs in the child, between fork and exec
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = TOOL_MEMORY if hard == resource.RLIM_INFINITY else min(TOOL_MEMORY, hard)  # never above what we have
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _run(argv: list[str]) -> subprocess.CompletedProcess[bytes]:
    """A reading tool (poppler, zbar) on a file someone gave: bounded in time, and in memory where POSIX allows."""
    extra: dict[str, Any] = {} if sys.platform == "win32" else {"preexec_fn": _limits}
    try:
        return subprocess.run(
            argv, capture_output=True, check=False, timeout=TOOL_SECONDS, stdin=subprocess.DEVNULL, **extra
        )
    except subprocess.TimeoutExpired:
        raise ReceiptPayloadError(
            _("Lecture abandonnée après {seconds} s : ce document n'est pas un récépissé ordinaire.").format(
                seconds=TOOL_SECONDS
            )
        ) from None
    except OSError as exc:
        raise ReceiptPayloadError(os_error(exc)) from None


def compare_printed(
    document: ScannedDocument, claims: ReceiptClaims, keys_dir: Path, *, signing_key: bytes | None
) -> PrintedCheck:
    """Check the printed text against the verified claims; raises ReceiptVerificationError naming what differs.

    The mandant's name and birth date are compared with the code's keyed digest when the signing station's identity
    key is in `keys_dir` (the verifier runs at that station: its key, `signing_key`, is the one that signed)."""
    if document.text is None:
        return PrintedCheck(text=False, mandant=False)
    wrong = list(printed_mismatches(document.text, claims))
    digest = None
    if has_station_keys(keys_dir):
        try:
            own = load_station_signer(keys_dir)
        except KeyStoreError:
            own = None
        if own is not None and own.key_id == claims.key_id and own.public_key == signing_key:
            digest = own.identity_digest
    if digest is not None and not mandant_matches(document.text, claims, digest):
        wrong.append(MANDANT)
    if wrong:
        raise ReceiptVerificationError(
            _("Le texte imprimé ne correspond pas au code signé ({fields}) : document altéré.").format(
                fields=", ".join(wrong)  # the receipt's own (French) words
            )
        )
    return PrintedCheck(text=True, mandant=digest is not None)
