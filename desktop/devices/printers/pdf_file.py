"""A printer that writes each receipt as a PDF file in a folder (no printer at hand, or for archives)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from desktop.devices.printers.base import PrinterStatus, PrinterUnavailable
from desktop.privatefile import ensure_folder
from desktop.receipts.layout import Paper
from desktop.receipts.pdf import render_pdf
from desktop.receipts.signing import SignedReceipt

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class PdfFilePrinter:
    """Writes ``<receipt number>[-duplicata][-n].pdf`` into a directory; never overwrites a file."""

    def __init__(self, directory: Path, *, paper: Paper = "a4") -> None:
        self.directory = directory
        self.paper: Paper = paper
        self.last_path: Path | None = None

    @property
    def description(self) -> str:
        """French description for the Appareils screen."""
        return f"Fichiers PDF dans {self.directory}"

    def status(self) -> PrinterStatus:
        """Ready when the folder exists (or can be made) and is writable."""
        try:
            ensure_folder(self.directory)  # 2770 in the station's shared folder
        except OSError:
            return PrinterStatus.offline(f"Dossier d'enregistrement inaccessible : {self.directory}")
        if not os.access(self.directory, os.W_OK):
            return PrinterStatus.error(f"Dossier d'enregistrement en lecture seule : {self.directory}")
        return PrinterStatus.ok("Enregistrement des récépissés en PDF prêt.")

    def print_receipt(self, signed: SignedReceipt) -> None:
        """Render and write the PDF; the path is kept in ``last_path``."""
        status = self.status()
        if not status.ready:
            raise PrinterUnavailable(status)
        data = render_pdf(signed, paper=self.paper)
        stem = _UNSAFE.sub("_", signed.receipt.number.strip()) or "recepisse"
        if signed.receipt.duplicate:
            stem += "-duplicata"
        for attempt in range(1, 1000):
            path = self.directory / (f"{stem}.pdf" if attempt == 1 else f"{stem}-{attempt}.pdf")
            try:
                with path.open("xb") as handle:  # "x": two reprints never overwrite each other
                    handle.write(data)
            except FileExistsError:
                continue
            except OSError as exc:
                raise PrinterUnavailable(PrinterStatus.error("Écriture du fichier PDF impossible.")) from exc
            self.last_path = path
            return
        raise PrinterUnavailable(PrinterStatus.error("Trop de fichiers portant ce numéro de récépissé."))
