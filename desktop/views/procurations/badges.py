"""The checks of a chip read (or of a scanned MRZ) as badges under the mandant's identity.

Two badges a row when two fit, else one; a badge wider than the form even alone (200 % text) wraps between words.
In English at 1024 px « Certificate of the issuing country (CSCA) » beside « Genuine chip (anti-cloning): cannot
be checked » needed 690 px where Établir's form has about 670: the whole form scrolled sideways. Never cut: each
badge says a check the agent relies on; its whole sentence is its accessible name.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QWidget

from desktop.devices.cards.identity import IdentityRead
from desktop.rules.identifiers import old_cni_valid_until
from desktop.rules.mrz import Mrz, MrzFormat
from desktop.views.kit.dates import format_date
from desktop.views.widgets import set_state, width_with, wrap_words

_CHECK_WORDS = {"passed": ("✓", "ok"), "failed": ("✗", "error"), "not_run": ("–", "neutral")}
# Without EF.SOD nothing on the chip is proven, and without the issuing country's CSCA (no master list on the
# station) neither is its signer: orange. Other checks a chip does not allow (no photo, no anti-cloning key, which
# most documents lack) are grey: said, without alarming the agent.
_NOT_RUN_WARN = frozenset({"sod_signature", "csca_chain"})


class CheckBadges(QWidget):
    """One badge per check of a chip read (chip read, each data group, signature, CSCA) and the document's validity."""

    COLUMNS = 2  # at most: one long row would widen the whole form, and two do not always fit (`columns`)

    def __init__(self) -> None:
        super().__init__()
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 0)
        self._layout.setHorizontalSpacing(6)
        self._layout.setVerticalSpacing(4)
        self._layout.setColumnStretch(self.COLUMNS, 1)
        # Not the minimum of the badges side by side (which would hold the form at their width) but
        # `minimumSizeHint` below: the longest word of the widest badge.
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.labels: list[QLabel] = []
        self._whole: list[str] = []
        self.columns = self.COLUMNS

    def clear(self) -> None:
        for label in self.labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self.labels, self._whole = [], []

    def add(self, text: str, state: str, tooltip: str = "") -> None:
        label = QLabel(text)
        label.setObjectName("badge")
        label.setToolTip(tooltip)
        label.setAccessibleName(text)  # the whole sentence, on one line, even when it is shown wrapped
        set_state(label, state)
        row, column = divmod(len(self.labels), self.columns)
        self._layout.addWidget(label, row, column, Qt.AlignmentFlag.AlignLeft)
        self.labels.append(label)
        self._whole.append(text)
        self._arrange(self.width())

    def texts(self) -> list[str]:
        """What the badges say, each whole on one line."""
        return list(self._whole)

    # -- fitting the form's width ------------------------------------------------------------------------------------
    def _row_width(self, columns: int) -> int:
        """The width of the badges on one line each, `columns` a row."""
        widest = [0] * columns
        for index, (label, text) in enumerate(zip(self.labels, self._whole, strict=True)):
            widest[index % columns] = max(widest[index % columns], width_with(label, text))
        return sum(widest) + self._layout.horizontalSpacing() * (columns - 1)

    def _lines(self, label: QLabel, text: str, width: int) -> str:
        """The badge's text, broken between words when it is wider than `width` (one badge a row)."""
        if width_with(label, text) <= width:
            return text
        return "\n".join(wrap_words(text.split(), lambda line: width_with(label, line) <= width))

    def _arrange(self, width: int) -> None:
        columns = self.COLUMNS if self._row_width(self.COLUMNS) <= width else 1
        if columns != self.columns:
            self.columns = columns
            for index, label in enumerate(self.labels):
                self._layout.removeWidget(label)
                row, column = divmod(index, columns)
                self._layout.addWidget(label, row, column, Qt.AlignmentFlag.AlignLeft)
        for label, text in zip(self.labels, self._whole, strict=True):
            shown = text if columns > 1 else self._lines(label, text, width)
            if label.text() != shown:
                label.setText(shown)

    def minimumSizeHint(self) -> QSize:
        words = [
            width_with(label, word)
            for label, text in zip(self.labels, self._whole, strict=True)
            for word in text.split()
        ]
        return QSize(max(words, default=0), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a badge polished (its font), a new text size
            self._arrange(self.width())
            self.updateGeometry()
        return super().event(event)

    # -- what a read proves --------------------------------------------------------------------------------------
    def show_read(self, read: IdentityRead, *, today: date) -> None:
        """The checks the chip read went through, then whether the document is still valid."""
        self.clear()
        for check in read.checks:
            mark, state = _CHECK_WORDS.get(check.status.value, ("?", "neutral"))
            if check.status.value == "not_run":
                state = "warn" if check.id in _NOT_RUN_WARN else "neutral"
                self.add(
                    self.tr("{mark} {check} : non vérifiable").format(mark=mark, check=check.label), state, check.detail
                )
            else:
                self.add(f"{mark} {check.label}", state, check.detail)
        if read.files_read:
            self.add(self.tr("Lu sur la puce : {files}").format(files=", ".join(read.files_read)), "neutral")
        if read.expiry_date is not None:
            if read.expiry_date < today:
                # R-ID-DOC-1: a CNI or passport expired less than 5 years ago is still accepted; say it, let the
                # rules decide on save.
                self.add(self.tr("Document expiré le {date}").format(date=format_date(read.expiry_date)), "warn")
            else:
                self.add(self.tr("Valide jusqu'au {date}").format(date=format_date(read.expiry_date)), "ok")

    def show_mrz(self, mrz: Mrz, *, today: date) -> None:
        """What a scanned or typed MRZ proves: its check digits; for the old card without chip, its validity."""
        self.clear()
        self.add(self.tr("✓ Clés de contrôle de la zone MRZ"), "ok")
        if mrz.format is not MrzFormat.FR_OLD_ID:
            return
        self.add(self.tr("– Puce : aucune (ancienne carte d'identité)"), "neutral")
        until = old_cni_valid_until(mrz.document_number, holder_birth_date=mrz.birth_date)
        if until is None:
            return
        # The day of issue is not in the MRZ: the month's end is shown, the exact date is on the back of the card.
        tip = self.tr("Délivrée il y a 10 ans au plus, 15 ans pour un majeur ; +5 ans pour un majeur en 2004-2013.")
        when = f"{until.month:02d}/{until.year}"
        if until < today:
            self.add(self.tr("Carte expirée fin {month} (voir le verso)").format(month=when), "warn", tip)
        else:
            self.add(self.tr("Valide jusqu'à fin {month} (voir le verso)").format(month=when), "ok", tip)
