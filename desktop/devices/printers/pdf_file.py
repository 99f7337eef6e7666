"""A printer that writes each receipt as a PDF file in a folder (no printer at hand, or for archives)."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.devices.printers.base import PrinterStatus, PrinterUnavailable
from desktop.failures import DISK_FULL, DISK_READ_ONLY, disk_failure
from desktop.i18n import _
from desktop.privatefile import ForeignFolder, create_owner_only, owner_only_folder
from desktop.receipts.files import receipt_stem
from desktop.receipts.layout import Paper
from desktop.receipts.pdf import render_pdf
from desktop.receipts.signing import SignedReceipt


class PdfFilePrinter:
    """Writes ``<receipt number>[-duplicata][-n].pdf`` into a directory; never overwrites a file."""

    def __init__(self, directory: Path, *, paper: Paper = "a4") -> None:
        self.directory = directory
        self.paper: Paper = paper
        self.last_path: Path | None = None

    def _folder(self) -> Path:
        """Where this OS user's receipts go: owner-only (0700 folder, 0600 files), since they carry names and birth
        dates in clear; in the station's shared folder a per-user folder inside it (privatefile.owner_only_folder).
        """
        return owner_only_folder(self.directory)

    @property
    def description(self) -> str:
        """French description for the Appareils screen."""
        return _("Fichiers PDF dans {directory}").format(directory=self.directory)

    def status(self) -> PrinterStatus:
        """Ready when the folder exists (or can be made) and is writable."""
        try:
            self._folder()
        except ForeignFolder as exc:
            return PrinterStatus.error(
                _(
                    "Le dossier {folder} n'appartient pas à cet utilisateur du poste : aucun récépissé n'y est écrit. "
                    "Le service informatique doit le supprimer."
                ).format(folder=exc.folder)
            )
        except OSError:
            return PrinterStatus.offline(
                _("Dossier d'enregistrement inaccessible : {directory}").format(directory=self.directory)
            )
        if not os.access(self.directory, os.W_OK):
            return PrinterStatus.error(
                _("Dossier d'enregistrement en lecture seule : {directory}").format(directory=self.directory)
            )
        return PrinterStatus.ok(_("Enregistrement des récépissés en PDF prêt."))

    def print_receipt(self, signed: SignedReceipt) -> None:
        """Render and write the PDF; the path is kept in ``last_path``."""
        status = self.status()
        if not status.ready:
            raise PrinterUnavailable(status)
        data = render_pdf(signed, paper=self.paper)
        stem = receipt_stem(signed.receipt.number)
        if signed.receipt.duplicate:
            stem += "-duplicata"
        folder = self._folder()
        for attempt in range(1, 1000):
            path = folder / (f"{stem}.pdf" if attempt == 1 else f"{stem}-{attempt}.pdf")
            try:
                create_owner_only(path, data)  # "exclusive": two reprints never overwrite each other
            except FileExistsError:
                continue
            except OSError as exc:
                raise PrinterUnavailable(PrinterStatus.error(_not_written(exc))) from exc
            self.last_path = path
            return
        raise PrinterUnavailable(PrinterStatus.error(_("Trop de fichiers portant ce numéro de récépissé.")))


def _not_written(exc: OSError) -> str:
    """Why the PDF is not in the folder, in words the agent passes on to the IT staff (the act itself is saved)."""
    kind = disk_failure(exc)
    if kind == DISK_FULL:
        return _(
            "Le disque de l'ordinateur est plein : le récépissé n'a pas pu être écrit en PDF. Prévenez le support "
            "informatique pour libérer de la place, puis imprimez le récépissé."
        )
    if kind == DISK_READ_ONLY:
        return _(
            "Le dossier des récépissés est en lecture seule : le récépissé n'a pas pu être écrit en PDF. Prévenez "
            "le support informatique, puis imprimez le récépissé."
        )
    return _("Écriture du fichier PDF impossible.")
