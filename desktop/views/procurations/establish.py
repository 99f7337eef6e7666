"""Établir une procuration: channel, mandant (chip, MRZ or typed), mandataire, validity, home visit, authority."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop.devices.cards.base import CardReader
from desktop.rules.mrz import Mrz
from desktop.rules.terms import Channel
from desktop.services.desk import DeskServices, EstablishInput, EstablishOutcome, PrintOutcome, RequestFetch, Violation
from desktop.services.permissions import Permission, Principal
from desktop.views.kit.dates import parse_date
from desktop.views.kit.fields import Field, failure_text, section
from desktop.views.kit.reflow import ButtonRow, InnerScrollArea, WrappingCheckBox
from desktop.views.kit.runner import Runner
from desktop.views.procurations.channel import ChannelPanel
from desktop.views.procurations.demo_cards import demo_cards
from desktop.views.procurations.elections import CoveredElections
from desktop.views.procurations.identity import IdentityPanel
from desktop.views.procurations.mandataire import MandatairePanel
from desktop.views.procurations.national import NationalLookups
from desktop.views.procurations.request_fetch import RequestFetching
from desktop.views.procurations.result_banner import ResultBanner
from desktop.views.procurations.review import ReviewDialog
from desktop.views.procurations.save_print import SaveAndPrint
from desktop.views.procurations.scanner import ScanFilter
from desktop.views.procurations.supervisor import ask_supervisor
from desktop.views.procurations.validity import ValidityPanel
from desktop.views.procurations.visa_row import VisaRow
from desktop.views.receipt_preview import ReceiptPreview
from desktop.views.translations import rule_line, unbroken
from desktop.views.widgets import Page

DEBOUNCE_MS = 150


WIDE_LAYOUT = 1200  # page width (px) from which the two cards stand side by side


_DURATION_KEYS = ("validity.kind", "validity.start", "validity.end")  # shown in « Pour une durée »


class EstablishPage(SaveAndPrint, RequestFetching, Page):
    """The establish form; every rule is checked as the agent types, errors stand under their field."""

    visa_requested = Signal()  # a délégué OPJ asks for the OPJ's visa (the window opens the dialog)

    def __init__(self, desk: DeskServices, reader: CardReader) -> None:
        super().__init__(
            self.tr("Établir une procuration"),
            self.tr(
                "Lisez la carte du mandant (CAN puis F2), complétez le mandataire et la validité, "
                "puis Entrée (ou Ctrl+S) : vérifiez le récapitulatif avec le mandant, Entrée enregistre et imprime."
            ),
        )
        self.desk = desk
        self.runner = Runner(self)
        self.national = NationalLookups(self, self.runner, lambda: self.desk, self._schedule)
        self.last_violations: list[Violation] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_checks)
        self._touched: set[str] = set()
        self._show_all = False
        self._escape_armed = False
        self.last_outcome: EstablishOutcome | None = None
        self.last_print: PrintOutcome | None = None
        self.last_fetch: RequestFetch | None = None
        self.general = QLabel()
        self.general.setObjectName("fieldError")
        self.general.setWordWrap(True)
        self.general.hide()
        self.kept: EstablishOutcome | None = None  # saved, its receipt not printed yet: the form stays, read-only
        self.last_number = ""  # the last receipt this screen made (reprint and preview from the banner)
        self.preview: ReceiptPreview | None = None
        self.review: ReviewDialog | None = None  # the act as it will stand, waiting for Entrée
        self.result_banner = ResultBanner()
        self.banner = self.result_banner.label
        self.result_banner.print_clicked.connect(self.print_receipt)
        self.result_banner.reprint_clicked.connect(self.print_receipt)
        self.result_banner.preview_clicked.connect(self.show_preview)
        self.result_banner.later_clicked.connect(self.print_later)
        self.body.addWidget(self.result_banner)
        self.body.addWidget(self.general)
        self.visa_row: VisaRow | None = None  # a délégué OPJ's visa (R-AUTH-3): asked for here, kept for the session
        if desk.agent.needs_visa:
            self.visa_row = VisaRow()
            self.visa_row.requested.connect(self.visa_requested)
            self.body.addWidget(self.visa_row)
        self.identity = IdentityPanel(reader, today=lambda: self.desk.today(), abroad=desk.settings.station_kind.abroad)
        self._build()
        scroll = InnerScrollArea()
        self._scroll = scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self._form)
        self.body.addWidget(scroll, 1)
        self.body.addWidget(self._buttons())
        self.scanner = ScanFilter(
            on_mrz=self._on_mrz,
            on_reference=self._on_scanned_reference,
            today=lambda: self.desk.today(),
            skip_reference=lambda w: w in (self.identity.can, self.reference),
        )
        for edit in self._form.findChildren(QLineEdit):
            self.scanner.watch(edit)
            edit.textEdited.connect(lambda _t, e=edit: self._edited(e))
        self.identity.changed.connect(self._schedule)
        self.identity.read_finished.connect(self._after_read)
        self._tab_order()
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        QShortcut(QKeySequence("F2"), self, self.read_card)
        self._demo_cards = demo_cards(reader) if desk.settings.demo else None
        if self._demo_cards is not None:
            QShortcut(QKeySequence("F3"), self, self.next_demo_card)
        QShortcut(QKeySequence("Ctrl+R"), self, self.fetch_reference)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_receipt)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.show_preview)
        QShortcut(QKeySequence("Ctrl+D"), self, self.print_later)  # différer
        self._on_channel()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Two columns on a wide screen, one below the other on a laptop's: never a sideways scroll bar."""
        wide = event.size().width() >= WIDE_LAYOUT
        self._columns.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)

    # -- building ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self._form = QWidget()
        self._form.setObjectName("page")  # white behind the cards, as the rest of the screen
        columns = QHBoxLayout(self._form)
        self._columns = columns
        columns.setContentsMargins(0, 0, 8, 0)
        columns.setSpacing(16)
        left, right = QVBoxLayout(), QVBoxLayout()
        for column in (left, right):
            column.setSpacing(12)
            columns.addLayout(column, 1)
        frame, box = section(self.tr("Canal"))
        self.channel_panel = c = ChannelPanel()
        box.addWidget(c)
        self.fields: dict[str, Field] = dict(c.fields)
        # short names the tests and the tab chain use
        self.channel, self.reference, self.fetch_button = c.kind, c.reference, c.fetch_button
        self.requested_on, self.form_version, self.fetch_status = c.requested_on, c.form_version, c.fetch_status
        self.fetch_button.clicked.connect(self.fetch_reference)
        left.addWidget(frame)
        frame, box = section(self.tr("Mandant"))
        box.addWidget(self.identity)
        self.fields.update(self.identity.fields)
        left.addWidget(frame)
        left.addStretch(1)
        frame, box = section(self.tr("Mandataire"))
        self.mandataire = MandatairePanel()
        box.addWidget(self.mandataire)
        self.fields.update(self.mandataire.fields)
        p = self.mandataire  # short names the tests and the tab chain use
        self.m_nne, self.m_birth, self.m_last, self.m_given = p.nne, p.birth, p.last, p.given
        self.m_commune, self.m_address, self.m_list, self.nc_notice = p.commune, p.address, p.list_kind, p.nc_notice
        right.addWidget(frame)
        frame, box = section(self.tr("Validité, déplacement et autorité"))
        self.validity = ValidityPanel(
            lambda: self.desk.elections(),
            self._authority_text(),
            today=lambda: self.desk.today(),
        )
        box.addWidget(self.validity)
        self.covered = CoveredElections()  # R-VALID-5: every election of the chosen dates
        box.addWidget(self.covered)
        self.fields.update(self.validity.fields)
        v = self.validity  # short names the tests use
        self.validity_kind, self.election, self.rounds = v.kind, v.election, v.rounds
        self.valid_from, self.valid_until, self.home_visit = v.valid_from, v.valid_until, v.home_visit
        self.written_request, self.attestation = v.written_request, v.attestation
        right.addWidget(frame)
        frame, box = section(self.tr("Avertissements"))
        self.warnings = QLabel(self.tr("Aucun avertissement."))
        self.warnings.setObjectName("hint")
        self.warnings.setWordWrap(True)
        self.acknowledge = WrappingCheckBox(self.tr("&J'ai informé le mandant de ces avertissements"))
        box.addWidget(self.warnings)
        box.addWidget(self.national.label)  # what the central store was asked (R-VALID-6, L73 at other counters)
        box.addWidget(self.acknowledge)
        right.addWidget(frame)
        right.addStretch(1)
        self.channel.currentIndexChanged.connect(self._on_channel)
        self.validity.changed.connect(self._schedule)
        self.validity.changed.connect(lambda *_a: self.covered.show_labels(self.desk.covered_elections(self.form())))
        self.m_list.currentIndexChanged.connect(self._on_channel)
        self.identity.list_kind.currentIndexChanged.connect(self._on_channel)
        self.acknowledge.toggled.connect(self._schedule)
        self.mandataire.changed.connect(self._schedule)

    def _authority_text(self, visa_name: str = "") -> str:
        text = self.tr("Autorité : {agent}, {capacity} — {station}").format(
            agent=self.desk.agent.name,
            capacity=self.desk.agent.shown_capacity,
            station=self.desk.settings.station_name,
        )
        visa = self.tr("{authority}, sous le visa de l'OPJ {opj}")
        return visa.format(authority=text, opj=visa_name) if visa_name else text

    def why_not_offered(self) -> str | None:
        """Why the agent these screens were built for may not establish (the navigation greys it and opens their own
        first screen; a délégué's visa is asked here, at the act)."""
        return self.desk.not_offered(Permission.PROCURATION_ETABLIR)

    def accept_visa(self, visa_by: Principal, opj_name: str) -> None:
        """The OPJ visaed this délégué's session: the next saves carry it; what was typed stays (R-AUTH-3)."""
        self.desk = self.desk.with_visa(visa_by)
        self.validity.authority.setText(self._authority_text(opj_name))
        if self.visa_row is not None:
            self.visa_row.given(opj_name)
        self.run_checks()

    def _buttons(self) -> ButtonRow:
        self.save_button = QPushButton(self.tr("Vérifier et enregistrer (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.clear_button = QPushButton(self.tr("Effacer (Échap)"))
        self.clear_button.setProperty("secondary", True)
        self.clear_button.clicked.connect(self.clear)
        self.button_row = ButtonRow(self.save_button, self.clear_button)
        return self.button_row

    def _tab_order(self) -> None:
        chain: list[QWidget] = [
            *self.channel_panel.editors(),
            *self.identity.editors(),
            *self.mandataire.editors(),
            *self.validity.editors(),
            self.acknowledge,
            self.save_button,
            self.clear_button,
        ]
        # The mandant's NNE goes straight to the mandataire's: the list, reached by Alt+L, takes no focus by Tab; it
        # stays in the chain so that Tab from it goes on to the mandataire and Shift+Tab back to the NNE.
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    # -- reading the form -------------------------------------------------------------------------------------
    def form(self) -> EstablishInput:
        """The form's values as plain data."""
        ack = frozenset(self._warning_ids) if self.acknowledge.isChecked() else frozenset()
        return EstablishInput(
            channel=self.channel_panel.value(),
            mandant=self.identity.person(),
            mandataire=self.mandataire.person(),
            reference=self.channel_panel.reference_text(),
            requested_on=parse_date(self.requested_on.text()),
            form_version=self.form_version.text(),
            validity_kind=str(self.validity_kind.currentData()),
            election_id=str(self.election.currentData() or ""),
            rounds=str(self.rounds.currentData()),
            valid_from=parse_date(self.valid_from.text()),
            valid_until=parse_date(self.valid_until.text()),
            home_visit=self.home_visit.isChecked(),
            written_request=self.written_request.isChecked(),
            attestation=self.attestation.isChecked(),
            **self.mandataire.protection(),
            acknowledged=ack,
            national=self.national.answers(),
        )

    _warning_ids: tuple[str, ...] = ()
    _warned: frozenset[tuple[str, str]] = frozenset()  # the warnings shown, as the acknowledgement covered them
    _saving_form: EstablishInput = EstablishInput()

    def has_input(self) -> bool:
        """Whether the agent typed or read anything."""
        edits = (*self.channel_panel.edits(), *self.mandataire.edits())
        return self.identity.has_input() or self.validity.has_input() or any(e.text().strip() for e in edits)

    # -- live checks ------------------------------------------------------------------------------------------
    def _edited(self, edit: QLineEdit) -> None:
        for key, field in self.fields.items():
            if field.editor is edit:
                self._touched.add(key)
        self._escape_armed = False
        self._schedule()

    def _schedule(self, *_args: Any) -> None:
        self._timer.start()

    def run_checks(self) -> None:
        """Check the form on a worker (the limits read the store); show the answer to what was typed last."""
        self.validity.refresh_elections()  # the day may have turned since the form was built
        form, desk = self.form(), self.desk
        self.next_citizen_started()  # the banner and Ctrl+P leave the previous citizen's receipt
        self.national.ask(form)
        self.runner.submit(
            lambda: desk.check(form), done=lambda found: self._checked(found, desk), failed=self._failed, key="check"
        )

    def _checked(self, violations: list[Violation], desk: DeskServices | None = None) -> None:
        """Errors only on touched fields until a save attempt."""
        self.last_violations = violations
        self.show_violations(violations)
        visa_refused = any(v.rule_id == "R-AUTH-3" for v in violations)
        if self.visa_row is not None and visa_refused and desk is self.desk:  # not a check from before the visa
            self.visa_row.needed()  # no visa yet, or it no longer counts (its OPJ removed): ask for it again

    def _failed(self, exc: Exception) -> None:
        self._say(failure_text(exc), "error")

    def show_violations(self, violations: list[Violation] | tuple[Violation, ...]) -> None:
        """Errors under their fields, warnings in their box, the rest above the form."""
        general: list[str] = []
        shown: dict[str, str] = {}  # field → the first error to show under it
        warnings = [v for v in violations if not v.blocking]
        for v in violations:
            if not v.blocking:
                continue
            key = self._field_key(v.field)
            if key is None:
                general.append(rule_line(v.rule_id, v.message))
            elif self._visible(key, v) and key not in shown:
                shown[key] = rule_line(v.rule_id, v.message.replace(f" ({v.rule_id})", ""))
        for key, field in self.fields.items():
            if key in shown:
                field.show_error(shown[key])
            else:
                field.clear_error()
        self.general.setText(unbroken("\n".join(general)))
        self.general.setVisible(bool(general) and self._show_all)
        told, self._warned = self._warned, frozenset((v.rule_id, v.message) for v in warnings)
        if self.acknowledge.isChecked() and not self._warned <= told:  # one the mandant was not told of: asked again
            self.acknowledge.setChecked(False)
        self._warning_ids = tuple(sorted({v.rule_id for v in warnings}))
        text = unbroken("\n".join(rule_line(v.rule_id, v.message) for v in warnings) or self.tr("Aucun avertissement."))
        name = "fieldWarning" if warnings else "hint"
        if self.warnings.text() != text:
            self.warnings.setText(text)
        if self.warnings.objectName() != name:  # re-polishing runs the style sheet: only when the look changes
            self.warnings.setObjectName(name)
            self.warnings.style().unpolish(self.warnings)
            self.warnings.style().polish(self.warnings)
        self.acknowledge.setEnabled(bool(warnings))

    def _visible(self, key: str, v: Violation) -> bool:
        # Limits at once, the agent must know before typing the rest (R-LIMIT-1, R-VALID-6); not a list still to choose.
        limit = v.rule_id.startswith(("R-LIMIT", "R-VALID-6")) and key != "mandant.list_kind"
        return self._show_all or key in self._touched or limit

    def _field_key(self, rule_field: str | None) -> str | None:
        if rule_field is None:
            return None
        scrutin_level = rule_field.startswith("validity") and rule_field not in _DURATION_KEYS
        if scrutin_level and self.validity_kind.currentData() == "DUREE":  # Scrutin, Tours hidden: under the dates
            unread_end = parse_date(self.valid_from.text()) is not None and parse_date(self.valid_until.text()) is None
            return "validity.end" if unread_end else "validity.start"
        if rule_field in self.fields:
            return rule_field
        if rule_field.startswith("mandant.") and "mandant.nne" in self.fields:
            return "mandant.last_name" if rule_field != "mandant.nne" else "mandant.nne"
        if rule_field.startswith("home_visit"):
            return "home_visit.request"
        if rule_field.startswith("validity"):
            return "validity.election"
        if rule_field.startswith("channel"):
            return "channel.kind"
        return None

    # -- behaviour --------------------------------------------------------------------------------------------
    def _on_channel(self, *_args: Any) -> None:
        kind = self.channel_panel.value()
        self.channel_panel.enable_for_channel()
        nc = "nouvelle_caledonie" in (self.m_list.currentData(), self.identity.list_kind.currentData())
        if nc and kind == "cerfa_14952":
            self.channel_panel.choose(Channel.CERFA_16199)  # R-NC-1: the NC form
            return
        self.mandataire.show_nc(nc or kind == "cerfa_16199")
        self._schedule()

    def read_card(self) -> None:
        """F2 (or Enter in the CAN): read the chip; what went wrong is said where the agent looks, at the top."""
        if not self.identity.read_card():
            self._say(self.identity.status.text(), "warn")

    def next_demo_card(self) -> None:
        """Demo only: F3 puts the next fictitious document on the simulated reader."""
        if self._demo_cards is not None:
            self._say(self._demo_cards(), "neutral")

    def _after_read(self, ok: bool) -> None:
        if not ok:
            self._say(self.tr("Carte non lue : {reason}").format(reason=self.identity.status.text()), "warn")
        if ok:
            # At the top, where the eyes are, in the panel's own words and colour: a chip whose authenticity check
            # failed is read, and red ("Carte lue : Puce lue…" was green whatever the checks said).
            self._say(self.identity.status.text(), str(self.identity.status.property("state") or "neutral"))
            self._touched.update({"mandant.last_name", "mandant.given_names", "mandant.birth_date"})
            # Next: what the chip does not hold.
            target = self.identity.nne if not self.identity.nne.text() else self.m_nne
            target.setFocus()

    def _on_mrz(self, mrz: Mrz) -> None:
        self.identity.fill_from_mrz(mrz)
        self.identity.nne.setFocus()

    def _ask_supervisor(self, outcome: EstablishOutcome) -> None:
        """R-ELIG-4, R-HOME-4: a supervisor present decides now, or the act goes to the « à décider » list."""
        self.supervisor_dialog = ask_supervisor(
            self,
            self.desk,
            self._saving_form,
            outcome.awaiting_supervisor,
            establish=self.establish_reviewed,
            say=self._say,
            sent_to_list=self._reset_fields,
        )

    def _focus_first_error(self) -> None:
        for field in self.fields.values():
            if field.error_text and field.editor.isEnabled():
                field.editor.setFocus()
                self._scroll.ensureWidgetVisible(field)  # the form scrolls to the first problem
                return

    def _say(self, text: str, state: str) -> None:
        self.result_banner.say(text, state)

    def _reset_fields(self) -> None:
        self.identity.clear()
        self.mandataire.clear()
        self.validity.clear()
        self.channel_panel.clear()
        self.acknowledge.setChecked(False)
        self.national.clear()
        self.covered.show_labels(())
        self._touched.clear()
        self._show_all = False
        self._timer.stop()
        self.runner.cancel("check")
        self.show_violations([])
        self.channel.setCurrentIndex(0)
        self.focus_first()

    def clear(self) -> None:
        """Escape: clear the form; with unsaved input, a second Escape confirms."""
        if self.kept is not None:  # a saved act whose receipt is not printed: never wiped by a key
            self.result_banner.print_button.setFocus()
            return
        if self.has_input() and not self._escape_armed:
            self._escape_armed = True
            self._say(self.tr("Appuyez de nouveau sur Échap pour effacer la saisie en cours."), "warn")
            return
        self._escape_armed = False
        self._reset_fields()
        self.result_banner.clear()

    def focus_first(self) -> None:
        """The CAN field: the counter form with a card read is the common case."""
        self.identity.can.setFocus()
        self._scroll.ensureWidgetVisible(self.identity.can)  # a visible first field for the next citizen

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.kept is not None:
                if self.focusWidget() is self.result_banner.later_button:
                    self.print_later()
                elif self.focusWidget() is self.result_banner.preview_button:
                    self.show_preview()
                else:
                    self.print_receipt()  # Entrée prints the kept receipt
                return
            focus = self.focusWidget()
            if isinstance(focus, QPushButton) and focus.parent() is self.result_banner:
                focus.click()
                return
            if self.focusWidget() is self.reference:
                self.fetch_reference()
            elif self.focusWidget() is self.identity.can:
                self.read_card()
            elif self.focusWidget() not in (self.clear_button, self.fetch_button):
                self.save()
            return
        if key == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)
