"""Résilier: find the mandant, show every procuration they gave, revoke them all (never just one), receipt."""

from __future__ import annotations

import itertools
from concurrent.futures import Future
from dataclasses import replace

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QWidget

from desktop.devices.cards.base import CardReader
from desktop.devices.cards.errors import CardError
from desktop.devices.cards.handler import CanKey
from desktop.devices.cards.identity import IdentityRead
from desktop.rules.terms import Channel
from desktop.services.desk import (
    CentralMandant,
    DeskServices,
    MandantMatch,
    PrintOutcome,
    ProcurationRow,
    RevokeOutcome,
    SearchQuery,
)
from desktop.services.permissions import Permission, PermissionDenied, Principal
from desktop.views.kit import colours
from desktop.views.kit.announce import announce
from desktop.views.kit.dates import DateInput, format_date
from desktop.views.kit.fields import Field, failure_text
from desktop.views.kit.reflow import ButtonRow
from desktop.views.kit.relay import relay_to
from desktop.views.kit.runner import Runner
from desktop.views.procurations.detail import ProcurationText
from desktop.views.procurations.identity import CardHandler, read_verdict
from desktop.views.procurations.models import ProcurationTableModel
from desktop.views.procurations.names import shown_person
from desktop.views.procurations.search import table
from desktop.views.procurations.visa_row import VisaRow
from desktop.views.translations import rule_line, unbroken
from desktop.views.widgets import Page, set_state

PEOPLE_IN_SIGHT = 3  # mandants the list shows before it scrolls
ROW_PADDING = 3  # px above and below a mandant's line(s)
TEXT_MARGINS = 16  # px a row's text leaves at its sides, at least


def _in_force(match: MandantMatch | CentralMandant) -> tuple[ProcurationRow, ...]:
    """The procurations a résiliation would end: this station's in force, or the central store's."""
    return match.procurations if isinstance(match, CentralMandant) else match.in_force


class _PeopleList(QListWidget):
    """The mandants found: as tall as they are, one to PEOPLE_IN_SIGHT mandants (it scrolls beyond). At a fixed 84 px
    the usual single mandant left two empty lines that Résilier's button needed at 1024×768. A line too long for the
    list wraps (its row grows): a sideways scroll bar over a one-line list hid the very name it scrolled."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)  # the rows wrap again when the list's width changes
        self.setStyleSheet(f"QListView::item {{ padding: {ROW_PADDING}px 0; }}")  # the lines do not touch
        self.model().rowsInserted.connect(self.updateGeometry)
        self.model().rowsRemoved.connect(self.updateGeometry)
        self.model().modelReset.connect(self.updateGeometry)
        self.model().dataChanged.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height_for(min(max(self.count(), 1), PEOPLE_IN_SIGHT)))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height_for(1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped at another width: the rows' heights change

    def row_height(self, row: int) -> int:
        """px of one mandant's line(s) at the list's present width."""
        text = self.item(row).text()
        width = max(self.viewport().width() - TEXT_MARGINS, 50)  # narrower than Qt's text: never a line cut off
        bounds = self.fontMetrics().boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, text)
        return max(bounds.height(), self.fontMetrics().height()) + 2 * ROW_PADDING

    def _height_for(self, lines: int) -> int:
        if self.count():
            rows = sum(self.row_height(r) for r in range(min(lines, self.count())))
        else:
            rows = lines * (self.fontMetrics().height() + 2 * ROW_PADDING)
        # The focus border (thicker than the frame) must not eat into the rows.
        return rows + 2 * max(self.frameWidth(), colours.current().focus_width)


class RevokePage(Page):
    """Find the mandant, list all their procurations, revoke all with one confirmed action."""

    visa_requested = Signal()  # a délégué OPJ asks for the OPJ's visa (the window opens the dialog)

    def __init__(self, desk: DeskServices, reader: CardReader | None = None) -> None:
        super().__init__(
            self.tr("Résilier les procurations d'un mandant"),
            self.tr(
                "La résiliation porte sur toutes les procurations en cours du mandant : on ne résilie "
                "jamais une seule procuration."
            ),
        )
        self.desk = desk
        self.runner = Runner(self)
        self.matches: list[MandantMatch | CentralMandant] = []  # this station's, then the central store's
        self.last_outcome: RevokeOutcome | None = None
        self.last_print: PrintOutcome | None = None
        self._armed = False
        self._escape_armed: tuple[str, str] | None = None  # what was typed when Échap was first pressed
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("NNE ou début du nom du mandant"))
        self.birth = DateInput()
        find = QPushButton(self.tr("Chercher (Entrée)"))
        find.clicked.connect(self.find_mandant)
        # The mandant's card, read to check identity (and to find them without typing): CAN then F2.
        self.reader = reader
        self.can = QLineEdit()
        self.can.setPlaceholderText(self.tr("6 chiffres"))
        self.card_state = QLabel()
        self.card_state.setObjectName("hint")
        self.card_state.setWordWrap(True)
        self.card_read: IdentityRead | None = None
        line: list[QWidget] = [Field(self.tr("&Mandant"), self.query), Field(self.tr("Date de &naissance"), self.birth)]
        stretches = [3, 1]
        if reader is not None:  # one line with the search: the procurations' table keeps the room
            line.append(Field(self.tr("CAN (F2 : lire la carte)"), self.can))
            stretches.append(1)
            QShortcut(QKeySequence("F2"), self, self.read_card)
        # At 200 % text the fields and the button stack rather than squeeze the name to a few letters.
        self.body.addWidget(ButtonRow(*line, find, stretches=[*stretches, 0]))
        # The reader's thread reports through the relay: never an emit on this screen, which may be deleted meanwhile.
        self._card_handler = CardHandler(relay_to(self, lambda page, progress: page._card_say(progress[0])))
        self._card_done = relay_to(self, RevokePage._card_arrived)
        self.card_state.hide()  # shown with the card read's answer
        self.body.addWidget(self.card_state)
        self.people = _PeopleList()
        self.people.currentRowChanged.connect(self._on_person)
        self.body.addWidget(Field(self.tr("Mandants &trouvés"), self.people))
        self.model = ProcurationTableModel()
        self.procurations = table(self.model, wrap=ProcurationTableModel.WRAPPING)
        self.procurations.setAccessibleName(self.tr("Procurations du mandant"))
        # Every row is the mandant chosen in the list above: their column would only take the others' room.
        self.procurations.setColumnHidden(ProcurationTableModel.MANDANT, True)
        self.body.addWidget(self.procurations, 1)
        # What the résiliation would end, one procuration a line: those in force, the table lists the others too.
        self.ending = ProcurationText()
        self.body.addWidget(self.ending)
        # A mandant known only to the central store: the identity document gives what the search did not.
        self.id_last, self.id_given, self.id_nne = QLineEdit(), QLineEdit(), QLineEdit()
        self.id_nne.setPlaceholderText(self.tr("8 ou 9 chiffres"))
        self.central_identity = QWidget()
        ids = QHBoxLayout(self.central_identity)
        ids.setContentsMargins(0, 0, 0, 0)
        ids.addWidget(Field(self.tr("Nom (pièce d'identité)"), self.id_last), 1)
        ids.addWidget(Field(self.tr("Prénoms"), self.id_given), 1)
        ids.addWidget(Field(self.tr("NNE du mandant"), self.id_nne), 1)
        self.central_identity.hide()
        self.body.addWidget(self.central_identity)
        self.form = QComboBox()
        for channel in (c for c in Channel if c.at_counter):
            self.form.addItem(channel.shown_label, channel.value)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("référence reçue par courriel (Maprocuration)"))
        pair = QHBoxLayout()
        pair.addWidget(Field(self.tr("&Formulaire de résiliation"), self.form), 1)
        self.reference_field = Field(self.tr("&Référence"), self.reference)
        pair.addWidget(self.reference_field, 1)
        self.body.addLayout(pair)
        self.visa_row: VisaRow | None = None  # a délégué OPJ's visa (R-AUTH-3): asked for here or on Établir
        if desk.agent.needs_visa:
            self.visa_row = VisaRow(revoking=True)
            self.visa_row.requested.connect(self.visa_requested)
            self.body.addWidget(self.visa_row)
        self.errors = QLabel()
        self.errors.setObjectName("fieldError")
        self.errors.setWordWrap(True)
        self.errors.hide()
        self.body.addWidget(self.errors)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.body.addWidget(self.banner)
        actions = QHBoxLayout()
        self.revoke_button = QPushButton(self.tr("Résilier toutes ses procurations (Ctrl+Entrée)"))
        self.revoke_button.setProperty("danger", True)
        self.revoke_button.clicked.connect(self.revoke)
        self.revoke_button.setEnabled(False)
        actions.addWidget(self.revoke_button)
        actions.addStretch(1)
        self.body.addLayout(actions)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.revoke)
        order = (
            self.query,
            self.birth,
            *((self.can,) if reader is not None else ()),  # Tab follows the line: CAN sits before Chercher
            find,
            self.people,
            self.procurations,
            self.form,
            self.reference,
            self.revoke_button,
        )
        for a, b in itertools.pairwise(order):
            self.setTabOrder(a, b)

    def accept_visa(self, visa_by: Principal, opj_name: str) -> None:
        """The OPJ visaed this délégué's session: the next résiliations carry it; what was typed stays (R-AUTH-3)."""
        self.desk = self.desk.with_visa(visa_by)
        if self.visa_row is not None:
            self.visa_row.given(opj_name)

    def why_not_offered(self) -> str | None:
        """Why the agent these screens were built for may not revoke (the navigation greys it; a délégué's visa is
        asked at the act, on this screen)."""
        return self.desk.not_offered(Permission.PROCURATION_RESILIER)

    def focus_first(self) -> None:
        """The mandant field."""
        self.query.setFocus()

    def _card_say(self, text: str, state: str = "neutral") -> None:
        self.card_state.setText(text)
        set_state(self.card_state, state)
        self.card_state.setVisible(bool(text))

    def read_card(self) -> None:
        """F2: read the mandant's chip on the reader's thread (PACE with the CAN); the answer fills the search."""
        if self.reader is None:
            return
        if not self.reader.available:
            self._card_say(self.tr("Aucun lecteur de carte : saisissez le NNE ou le nom du mandant."), "warn")
            return
        try:
            access = CanKey(self.can.text().strip())
        except CardError as exc:
            self._card_say(str(exc), "warn")
            return
        self._card_say(self.tr("Lecture de la puce…"))
        future = self.reader.read_identity(self._card_handler, access=access)
        future.add_done_callback(self._card_done)  # the reader's thread: the relay hops

    def _card_arrived(self, future: Future[IdentityRead]) -> None:
        try:
            read = future.result()
        except CardError as exc:
            self._card_say(self.tr("Carte non lue : {reason}").format(reason=exc), "warn")
            return
        except Exception:
            self._card_say(self.tr("La lecture de la carte a échoué : recommencez ou saisissez le mandant."), "warn")
            return
        self.card_read = read
        given = " ".join(n.capitalize() for n in read.given_names)
        if read.proven:
            self._card_say(
                self.tr("Carte lue : {name} — identité vérifiée par la puce.").format(name=f"{read.surname} {given}"),
                "ok",
            )
        else:  # read, but not proven: never « identité vérifiée »
            self._card_say(*read_verdict(read))
        self.query.setText(f"{read.surname} {given}".lower())
        self.birth.setText(format_date(read.birth_date) if read.birth_date else "")
        self.id_last.setText(read.surname)
        self.id_given.setText(given)
        self.find_mandant()

    def find_mandant(self, *, quiet: bool = False) -> None:
        """Find the mandants on a worker (the store); `quiet`: leave the banner to the revocation's own messages."""
        query = SearchQuery(self.query.text(), self.birth.value())
        self.runner.submit(
            lambda: self.desk.find_mandants(query),
            done=lambda matches: self._found(matches, quiet),
            failed=self._failed,
            key="find",
            writes=True,
        )

    def _failed(self, exc: Exception) -> None:
        self._set_revoking(False)
        self._say(exc.message if isinstance(exc, PermissionDenied) else failure_text(exc), "error")

    def _found(self, matches: list[MandantMatch], quiet: bool) -> None:
        self.matches = list(matches)
        self.people.clear()
        self._disarm()
        for m in matches:
            count = self.tr("%n procuration(s) en cours", "", len(m.in_force))
            self.people.addItem(
                self.tr("{name} — né(e) le {date} — {count}").format(
                    name=shown_person(m.name), date=format_date(m.birth_date), count=count
                )
            )
        if self.matches:
            self.people.setCurrentRow(0)
        else:
            self.model.set_rows([])
            self.ending.say_list("", ())
        if quiet:
            return
        if self.matches:
            self._say(self.tr("%n mandant(s) trouvé(s) sur ce poste.", "", len(self.matches)), "neutral")
        else:
            self._say(self.tr("Aucun mandant trouvé sur ce poste avec ces critères."), "warn")
        if not any(_in_force(m) for m in self.matches) and self.desk.online_configured:
            # Procurations made at other stations: the central store knows them (network: on the runner).
            query = SearchQuery(self.query.text(), self.birth.value())
            self.runner.submit(
                lambda: self.desk.find_central_mandant(query),
                done=self._found_central,
                failed=self._failed,
                key="central",
            )

    def _found_central(self, answer: tuple[CentralMandant | None, str]) -> None:
        match, message = answer
        if match is None:
            self._say(f"{self.banner.text()} {message}".strip(), "warn")
            return
        self.matches.append(match)
        count = self.tr("%n procuration(s) en cours", "", len(match.procurations))
        self.people.addItem(
            self.tr("{name} — au répertoire central (autres postes) — {count}").format(
                name=shown_person(match.name), count=count
            )
        )
        self.people.setCurrentRow(len(self.matches) - 1)
        self._say(
            message
            + " "
            + self.tr(
                "Ces procurations ont été établies à d'autres postes : la résiliation faite ici les résilie "
                "toutes au répertoire central. Vérifiez l'identité du mandant (carte d'identité)."
            ),
            "neutral",
        )

    def _on_person(self, row: int) -> None:
        match = self.matches[row] if 0 <= row < len(self.matches) else None
        self.model.set_rows(match.procurations if match else ())
        self._disarm()
        central = isinstance(match, CentralMandant)
        self.central_identity.setVisible(central)
        if isinstance(match, CentralMandant):
            self.id_last.setText(match.person.last_name)
            self.id_given.setText(match.person.given_names)
            self.id_nne.setText(match.person.nne)
        self.revoke_button.setEnabled(bool(match and _in_force(match)))
        ending = _in_force(match) if match else ()
        self.ending.say_list(self.tr("Seront résiliées ensemble : %n procuration(s) en cours", "", len(ending)), ending)

    def _disarm(self) -> None:
        self._armed = False
        self.revoke_button.setText(self.tr("Résilier toutes ses procurations (Ctrl+Entrée)"))

    def revoke(self) -> None:
        """First press: ask to confirm (the count is shown); second press: revoke all and print the receipt."""
        row = self.people.currentRow()
        if not 0 <= row < len(self.matches) or self.runner.busy:
            return
        match = self.matches[row]
        if not self._armed:
            self._armed = True
            n = len(_in_force(match))
            self.revoke_button.setText(self.tr("Confirmer la résiliation de %n procuration(s) (Ctrl+Entrée)", "", n))
            self.revoke_button.setFocus()
            self._say(
                self.tr(
                    "Confirmez : toutes les procurations en cours de ce mandant seront résiliées. Échap pour annuler."
                ),
                "warn",
            )
            return
        self._disarm()
        channel, reference = str(self.form.currentData()), self.reference.text()
        self._set_revoking(True)
        if isinstance(match, CentralMandant):
            person = replace(
                match.person,
                last_name=self.id_last.text().strip().upper(),
                given_names=self.id_given.text().strip(),
                nne=self.id_nne.text().strip().replace(" ", ""),
            )
            checked = replace(match, person=person)
            self.runner.submit(
                lambda: self.desk.revoke_at_central(mandant=checked, channel=channel, reference=reference),
                done=self._revoked,
                failed=self._failed,
                key="revoke",
                writes=True,
            )
            return
        elector_id = match.elector_id
        self.runner.submit(
            lambda: self.desk.revoke_all(elector_id=elector_id, channel=channel, reference=reference),
            done=self._revoked,
            failed=self._failed,
            key="revoke",
            writes=True,
        )

    def _set_revoking(self, revoking: bool) -> None:
        """Busy state while the revocation is written."""
        row = self.people.currentRow()
        in_force = 0 <= row < len(self.matches) and bool(_in_force(self.matches[row]))
        self.revoke_button.setEnabled(not revoking and in_force)
        if revoking:
            self.revoke_button.setText(self.tr("Résiliation en cours…"))
        else:
            self._disarm()

    def _revoked(self, outcome: RevokeOutcome) -> None:
        self._set_revoking(False)
        self.last_outcome = outcome
        if not outcome.saved:
            if self.visa_row is not None and any(v.rule_id == "R-AUTH-3" for v in outcome.violations):
                self.visa_row.needed()  # no visa yet, or it no longer counts (its OPJ removed): ask for it again
            self.errors.setText(unbroken("\n".join(rule_line(v.rule_id, v.message) for v in outcome.violations)))
            self.errors.show()
            self._say(self.tr("Résiliation non enregistrée."), "error")
            return
        self.errors.hide()
        self._say(
            self.tr(
                "%n procuration(s) résiliée(s), récépissé n° {number} — résiliation provisoire jusqu'à la "
                "confirmation du répertoire central. Impression…",
                "",
                len(outcome.revoked),
            ).format(number=outcome.receipt_number),
            "ok",
        )
        self.runner.submit(
            lambda: self.desk.print_receipt(outcome),
            done=self._on_printed,
            failed=self._failed,
            key="print",
            lane="serial",
            writes=True,
        )
        self.find_mandant(quiet=True)

    def _on_printed(self, result: PrintOutcome) -> None:
        if isinstance(result, PrintOutcome):
            self.last_print = result
            number = self.last_outcome.receipt_number if self.last_outcome else ""
            tail = (
                self.tr("Récépissé imprimé.")
                if result.printed
                else self.tr("Récépissé non imprimé : {reason}").format(reason=result.message)
            )
            self._say(
                self.tr(
                    "Résiliation enregistrée, récépissé n° {number} (provisoire : en attente de la confirmation du "
                    "répertoire central). {tail}"
                ).format(number=number, tail=tail),
                "ok" if result.printed else "warn",
            )

    def _say(self, text: str, state: str) -> None:
        self.banner.setText(text)
        set_state(self.banner, state)
        self.banner.show()
        if state == "neutral":  # not said by set_state, but it answers the agent (« 1 mandant trouvé… »: unheard)
            announce(self.banner, text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() in (self.query, self.birth):
            self.find_mandant()
            return
        if event.key() == Qt.Key.Key_Escape:
            if self._armed:
                self._disarm()
                self._say(self.tr("Résiliation annulée."), "neutral")
            elif (typed := (self.query.text(), self.birth.text())) != ("", "") and self._escape_armed != typed:
                # As on Établir: what the agent typed goes on a second Échap, never on a stray key.
                self._escape_armed = typed
                self._say(self.tr("Appuyez de nouveau sur Échap pour effacer la recherche."), "warn")
            else:
                self._escape_armed = None
                self.query.clear()
                self.birth.clear()
                self.matches = []
                self.people.clear()
                self.model.set_rows([])
                self.ending.say_list("", ())
                self.focus_first()
            return
        super().keyPressEvent(event)
