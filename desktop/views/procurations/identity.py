"""The mandant's identity: read from the chip (F2), from a scanned or typed MRZ, or typed; the checks shown plainly."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.devices.cards.base import CardReader
from desktop.devices.cards.errors import CardError
from desktop.devices.cards.handler import AccessKey, CanKey, MrzKey
from desktop.devices.cards.identity import IdentityRead
from desktop.receipts.content import normalise_identity_text
from desktop.rules.mrz import Mrz, MrzFormat
from desktop.rules.terms import IdentitySource
from desktop.rules.types import ListKind
from desktop.services.desk import PersonInput
from desktop.services.procuration_body import LIST_NOT_CHOSEN
from desktop.views.kit.dates import DateInput, format_date, parse_date
from desktop.views.kit.fields import Field
from desktop.views.kit.relay import relay_to
from desktop.views.procurations.badges import CheckBadges
from desktop.views.translations import QT_TRANSLATE_NOOP, translate
from desktop.views.widgets import set_state

LIST_KINDS = (
    ("communale", QT_TRANSLATE_NOOP("IdentityPanel", "Liste communale")),
    ("consulaire", QT_TRANSLATE_NOOP("IdentityPanel", "Liste consulaire")),
    ("complementaire_municipale", QT_TRANSLATE_NOOP("IdentityPanel", "Liste complémentaire (municipales)")),
    ("complementaire_europeenne", QT_TRANSLATE_NOOP("IdentityPanel", "Liste complémentaire (européennes)")),
    ("nouvelle_caledonie", QT_TRANSLATE_NOOP("IdentityPanel", "Liste de Nouvelle-Calédonie")),
)


NOT_CHOSEN = QT_TRANSLATE_NOOP("IdentityPanel", "Liste à choisir")


def list_combo(*, unchosen: bool = False) -> QComboBox:
    """The electoral list a person is registered on; with `unchosen`, it starts on « Liste à choisir » (no list:
    `LIST_NOT_CHOSEN`), which the agent replaces by the list said (the mandataire's: R-CHAN-A-5)."""
    combo = QComboBox()
    if unchosen:
        combo.addItem(translate("IdentityPanel", NOT_CHOSEN), LIST_NOT_CHOSEN)
    for value, label in LIST_KINDS:
        combo.addItem(translate("IdentityPanel", label), value)
    return combo


# The chip's kind of document as R-ID-DOC-1 names it (rules.identifiers.IdDocumentKind); another one is not judged.
_DOCUMENT_KINDS = {"cnie": "cni", "carte_identite": "cni", "passeport": "passeport"}


class CardHandler:
    """The card driver's handler: answers are given before the read (keyboard first), progress goes to the GUI.

    `report` is called on the reader's thread with (step, fraction): a `relay_to` of the screen."""

    def __init__(self, report: Callable[[tuple[str, float]], None]) -> None:
        self._report = report

    def ask_can(self) -> str | None:
        """No dialog: the agent types the CAN in the form before F2."""
        return None

    def ask_mrz(self) -> str | None:
        """No dialog: the MRZ field of the form is used instead."""
        return None

    def progress(self, step: str, fraction: float) -> None:
        """Called on the reader's thread: hop to the GUI thread through the relay."""
        self._report((step, fraction))


class IdentityPanel(QWidget):
    """Mandant fields plus the chip read: CAN, MRZ, names, birth date, NNE, list."""

    changed = Signal()
    read_finished = Signal(bool)

    def __init__(self, reader: CardReader, *, today: Callable[[], date], abroad: bool = False) -> None:
        super().__init__()
        # Abroad the mandant may be on the consular list or a commune's: the agent says which (R-LIMIT-3's ceiling
        # depends on it); « communale » by default let a consular mandant's mandataire hold one procuration too few.
        self._default_list = LIST_NOT_CHOSEN if abroad else ListKind.COMMUNALE.value
        self.reader = reader
        self._today = today  # the station's day, read at each read: the counter stays open across midnight
        self.source = IdentitySource.SAISIE  # how the last read took the identity (see held_source)
        self.identity: IdentityRead | None = None
        self._taken: tuple[str, str, date | None] | None = None  # what that read put in the fields, normalised
        self.can = QLineEdit()
        self.can.setPlaceholderText(self.tr("6 chiffres au recto"))
        self.can.setMaxLength(6)
        self.mrz = QLineEdit()
        self.mrz.setPlaceholderText(self.tr("ou la zone MRZ scannée"))
        self.last_name = QLineEdit()
        self.given_names = QLineEdit()
        self.birth_date = DateInput()
        self.nne = QLineEdit()
        self.nne.setPlaceholderText(self.tr("8 ou 9 chiffres"))
        # In the Tab order after the NNE (business-rules audit: a keyboard or screen reader user must reach it), and
        # by Alt+L, its label's mnemonic.
        self.list_kind = list_combo(unchosen=abroad)
        self.fields = {
            "mandant.can": Field(self.tr("C&AN de la carte (F2 pour lire)"), self.can),
            "mandant.mrz": Field(self.tr("&Zone MRZ"), self.mrz),
            "mandant.last_name": Field(self.tr("N&om"), self.last_name),
            "mandant.given_names": Field(self.tr("&Prénoms"), self.given_names),
            "mandant.birth_date": Field(self.tr("Date de na&issance"), self.birth_date),
            "mandant.nne": Field(self.tr("N° national d'électeur (&NNE)"), self.nne),
            "mandant.list_kind": Field(self.tr("&Liste d'inscription"), self.list_kind),
        }
        self.status = QLabel(self.tr("Posez la carte sur le lecteur, tapez le CAN puis F2."))
        set_state(self.status, "neutral")
        self.status.setWordWrap(True)
        self.face = QLabel()
        self.face.setFixedSize(96, 120)
        self.face.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.face.setObjectName("face")
        self.face.setText(self.tr("Photo"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.addWidget(self.fields["mandant.can"], 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.fields["mandant.mrz"], 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.fields["mandant.last_name"], 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.fields["mandant.given_names"], 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.fields["mandant.birth_date"], 2, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.fields["mandant.nne"], 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.fields["mandant.list_kind"], 3, 0, 1, 2)
        top = QHBoxLayout()
        top.addLayout(grid, 1)
        face_box = QVBoxLayout()
        face_box.addWidget(self.face)
        face_box.addStretch(1)
        top.addLayout(face_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        self.badges = CheckBadges()
        layout.addWidget(self.badges)
        layout.addWidget(self.status)
        # The reader's thread reports through the relay: never an emit on this panel, which may be deleted meanwhile.
        self._handler = CardHandler(relay_to(self, IdentityPanel._on_progress))
        self._read_done = relay_to(self, IdentityPanel._on_read)
        for edit in (self.last_name, self.given_names, self.birth_date, self.nne):
            edit.textEdited.connect(self._typed)
        self.list_kind.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def editors(self) -> list[QWidget]:
        """In tab order."""
        return [self.can, self.mrz, self.last_name, self.given_names, self.birth_date, self.nne, self.list_kind]

    def _typed(self, _text: str) -> None:
        self.changed.emit()

    def person(self) -> PersonInput:
        """The mandant as the form holds it; the document read from its chip, for R-ID-DOC-1 at the save."""
        source = self.held_source()
        read = self.identity if source in (IdentitySource.PUCE, IdentitySource.PUCE_NON_VERIFIEE) else None
        return PersonInput(
            nne=self.nne.text().replace(" ", ""),
            last_name=self.last_name.text(),
            given_names=self.given_names.text(),
            birth_date=parse_date(self.birth_date.text()),
            list_kind=str(self.list_kind.currentData()),
            source=source,
            document=_DOCUMENT_KINDS.get(read.document_kind.value, "") if read is not None else "",
            document_expiry=read.expiry_date if read is not None else None,
        )

    def held_source(self) -> IdentitySource:
        """How what the fields hold now was taken: names or a birth date changed since the chip or MRZ read are typed,
        not read (an accent or a capital added to the document's upper-case letters changes nothing; the NNE, which no
        document holds, is typed after a read without changing it)."""
        held = self._held()
        return self.source if self._taken is not None and held == self._taken else IdentitySource.SAISIE

    def _held(self) -> tuple[str, str, date | None]:
        return (
            normalise_identity_text(self.last_name.text()),
            normalise_identity_text(self.given_names.text()),
            parse_date(self.birth_date.text()),
        )

    def set_person(self, nom: str, prenoms: str, born: date | None, nne: str | None, list_kind: str | None) -> None:
        """Fill from a Maprocuration request (identity still to be checked against the document)."""
        self.last_name.setText(nom)
        self.given_names.setText(prenoms)
        self.birth_date.setText(format_date(born))
        self.nne.setText(nne or "")
        index = self.list_kind.findData(list_kind or self._default_list)
        self.list_kind.setCurrentIndex(max(index, 0))
        if self._taken is None or self._held() != self._taken:  # a chip already read says the same: it stands
            self.source, self._taken = IdentitySource.DEMANDE, self._held()
        self.changed.emit()

    def clear(self) -> None:
        """Ready for the next citizen."""
        for edit in (self.can, self.mrz, self.last_name, self.given_names, self.birth_date, self.nne):
            edit.clear()
        self.list_kind.setCurrentIndex(0)
        self.source, self.identity, self._taken = IdentitySource.SAISIE, None, None
        self.face.clear()
        self.face.setText(self.tr("Photo"))
        self.status.setText(self.tr("Posez la carte sur le lecteur, tapez le CAN puis F2."))
        set_state(self.status, "neutral")
        self.badges.clear()

    def has_input(self) -> bool:
        """Whether anything was typed or read."""
        return any(
            e.text().strip() for e in (self.can, self.mrz, self.last_name, self.given_names, self.birth_date, self.nne)
        )

    # -- chip -------------------------------------------------------------------------------------------------
    def _access(self) -> AccessKey | None:
        can, mrz = self.can.text().strip(), self.mrz.text().strip()
        try:
            if can:
                return CanKey(can)
            if mrz:
                return MrzKey.from_text(mrz)
        except CardError as exc:
            self._say(exc.message if hasattr(exc, "message") else str(exc), "error")
            return None
        self._say(self.tr("Tapez d'abord le CAN (6 chiffres au recto de la carte) ou la zone MRZ, puis F2."), "warn")
        return None

    def read_card(self) -> bool:
        """Start reading the document on the reader (worker thread); False when it cannot start."""
        if not self.reader.available:
            self._say(self.tr("Aucun lecteur de carte : saisissez ou scannez la zone MRZ."), "warn")
            return False
        access = self._access()
        if access is None:
            return False
        self._say(self.tr("Lecture de la puce…"), "neutral")
        future = self.reader.read_identity(self._handler, access=access)
        future.add_done_callback(self._read_done)  # runs on the reader's thread: the relay hops
        return True

    def _on_progress(self, progress: tuple[str, float]) -> None:
        step, fraction = progress
        self._say(f"{step} ({int(fraction * 100)} %)", "neutral")

    def _on_read(self, future: Future[IdentityRead]) -> None:
        try:
            read = future.result()
        except CardError as exc:
            self._say(str(exc), "error")
            self.read_finished.emit(False)
            return
        except Exception:
            self._say(self.tr("La lecture de la carte a échoué : recommencez ou saisissez la zone MRZ."), "error")
            self.read_finished.emit(False)
            return
        self.show_read(read)

    def show_read(self, read: IdentityRead) -> None:
        """Fill the form from a chip read and show its checks as badges."""
        self.identity = read
        # A chip whose authenticity was not established (a check failed or could not run, the issuing country not
        # checked) is not recorded as a verified identity: `identity_verified` says « puce » only for a proven read.
        self.source = IdentitySource.PUCE if read.proven else IdentitySource.PUCE_NON_VERIFIEE
        self.last_name.setText(read.surname)
        self.given_names.setText(" ".join(n.capitalize() for n in read.given_names))
        self.birth_date.setText(format_date(read.birth_date))
        self._taken = self._held()
        if read.face_png:
            pixmap = QPixmap()
            if pixmap.loadFromData(read.face_png):
                self.face.setPixmap(
                    pixmap.scaled(
                        self.face.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                    )
                )
        self.badges.show_read(read, today=self._today())
        self._say(*read_verdict(read))
        self.changed.emit()
        self.read_finished.emit(True)

    def fill_from_mrz(self, mrz: Mrz) -> None:
        """A scanned or typed MRZ (TD1, TD2, TD3 or the old French card): names and birth date, and the MRZ kept as
        the chip's access key."""
        self.mrz.setText("".join(mrz.lines))
        self.last_name.setText(mrz.surname)
        self.given_names.setText(" ".join(w.capitalize() for w in mrz.given_names.split()))
        self.birth_date.setText(format_date(mrz.birth_date))
        self.source, self._taken = IdentitySource.MRZ, self._held()
        self.badges.show_mrz(mrz, today=self._today())
        if mrz.format is MrzFormat.FR_OLD_ID:
            self._say(
                self.tr("Ancienne carte d'identité (sans puce) : zone MRZ contrôlée. Vérifiez la photo et le verso."),
                "ok",
            )
        else:
            self._say(self.tr("Zone MRZ lue : contrôles de la zone réussis. F2 lit la puce avec cette zone."), "ok")
        self.changed.emit()

    def _say(self, text: str, state: str) -> None:
        self.status.setText(text)
        set_state(self.status, state)


def read_verdict(read: IdentityRead) -> tuple[str, str]:
    """What a chip read proves, in words and a state (ok, warn, error): Établir's identity panel and Résilier say the
    same, so that a chip whose authenticity check failed, or whose signer no CSCA vouches for, is never shown as a
    verified identity."""
    failed = [c.label for c in read.failed]
    if read.proven:
        text = translate(
            "IdentityPanel", "Puce lue ({access}) : données authentiques. Comparez la photo avec la personne."
        )
        return text.format(access=read.access), "ok"
    if read.authentic:  # signed, but by whom is not checked: a forger's own certificate verifies too
        csca = read.check("csca_chain")
        reason = (csca.detail if csca is not None else "").rstrip(".")
        text = translate(
            "IdentityPanel",
            "Puce lue ({access}) : données signées, mais le pays émetteur n'est pas contrôlé ({reason}). "
            "Comparez la photo avec la personne et contrôlez le document à l'œil.",
        )
        return text.format(access=read.access, reason=reason[:1].lower() + reason[1:]), "warn"
    if not failed:
        # Nothing failed but the chip did not allow every check (no EF.SOD, no photo…): say which.
        text = translate(
            "IdentityPanel",
            "Puce lue ({access}), vérifications impossibles : {checks}. Contrôlez le document à l'œil.",
        )
        return text.format(access=read.access, checks=", ".join(c.label for c in read.not_run)), "warn"
    text = translate(
        "IdentityPanel", "Puce lue mais contrôle d'authenticité en échec : {checks}. Vérifiez le document à l'œil."
    )
    return text.format(checks=", ".join(failed)), "error"
