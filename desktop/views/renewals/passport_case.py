"""One passport case: its 8 steps, the action for the next one, the security number shown once, the receipts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.receipts.next_steps import PASSPORT_STEP_TITLES
from desktop.rules.types import Violation
from desktop.services.passport_values import CaseEvent, note_shown
from desktop.services.passports import ActResult, CaseDetail, PassportService, PassportStatus
from desktop.services.renewal_base import RenewalError
from desktop.views.kit.dates import DateInput, fr_date
from desktop.views.kit.day_watch import DayWatch
from desktop.views.kit.fields import error_label, failure_text, section_title, show_violations
from desktop.views.kit.reflow import ButtonRow, WrappingButton, WrappingCheckBox
from desktop.views.kit.runner import Runner
from desktop.views.renewals.printline import PrintLine
from desktop.views.renewals.steps import StepsList
from desktop.views.translations import QT_TRANSLATE_NOOP
from desktop.views.widgets import set_state

# A part of the case shown once (the security number): its pane grows to hold it whole, the screen scrolling a
# little if it must (passport._Pane).
WHOLE_PART = "guichetWholePart"

_DATED = {
    5: (
        QT_TRANSLATE_NOOP("CaseView", "Date de la notification d'envoi"),
        QT_TRANSLATE_NOOP("CaseView", "Enregistrer l'&envoi du passeport"),
    ),
    6: (
        QT_TRANSLATE_NOOP("CaseView", "Date de réception par le demandeur"),
        QT_TRANSLATE_NOOP("CaseView", "Enregistrer la &réception"),
    ),
    7: (
        QT_TRANSLATE_NOOP("CaseView", "Date de confirmation sur le site de l'ANTS"),
        QT_TRANSLATE_NOOP("CaseView", "Enregistrer la &confirmation ANTS"),
    ),
    8: (
        QT_TRANSLATE_NOOP("CaseView", "Date de réception de l'ancien passeport"),
        QT_TRANSLATE_NOOP("CaseView", "Enregistrer le &retour de l'ancien passeport"),
    ),
}


class CaseView(QWidget):
    """The case screen; `changed` tells the list to refresh after an act."""

    changed = Signal()

    def __init__(self, service: PassportService, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self.case: CaseDetail | None = None
        self._dated_default: date | None = None  # the step's date as proposed, while the agent leaves it
        self.day_watch = DayWatch(self, service.today, self._new_day)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.header = section_title()
        self.status_label = QLabel()
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("fieldWarning")
        self.warning.setWordWrap(True)
        self.steps = StepsList(self.tr("Étapes du dossier"))  # reached and read with the keyboard (steps.py)
        for w in (self.header, self.status_label, self.facts, self.warning, self.steps):
            outer.addWidget(w)
        outer.addWidget(self._security_frame())
        self.action_pages = QStackedWidget()
        self.action_pages.addWidget(QWidget())  # 0: nothing to do
        self.action_pages.addWidget(self._documents_page())  # 1
        self.action_pages.addWidget(self._interview_page())  # 2
        self.action_pages.addWidget(self._dated_page())  # 3
        self.action_pages.addWidget(self._invalidation_page())  # 4
        outer.addWidget(self.action_pages)
        self.errors = {
            None: error_label(),
            "on": error_label(),
            "shipping.option": error_label(),
            "documents.photo": error_label(),
            "interview.identity": error_label(),
            "interview.reason": error_label(),
        }
        for label in self.errors.values():
            outer.addWidget(label)
        # The typed fields a refusal marks and gives the focus back to (a date to come, a refusal without reason).
        self._fields: dict[str | None, QWidget] = {"on": self.dated_on, "interview.reason": self.reason}
        self.print_label = PrintLine(self._runner, self._service.print_receipt)
        self.reprint = WrappingButton(self.tr("Réimprimer le dernier récépissé"))
        self.reprint.setProperty("secondary", True)
        self.reprint.clicked.connect(self._reprint_last)
        outer.addWidget(ButtonRow(self.print_label, self.reprint, stretches=(1, 0)))
        self.sync_label = QLabel()
        self.sync_label.setObjectName("hint")
        self.sync_label.setWordWrap(True)
        outer.addWidget(self.sync_label)
        outer.addStretch(1)

    # --- building ---------------------------------------------------------------------------------------------

    def _security_frame(self) -> QFrame:
        self.security = QFrame()
        self.security.setObjectName("notice")
        self.security.setProperty(WHOLE_PART, True)  # shown once: its sentence, the number and its button in sight
        lay = QVBoxLayout(self.security)
        intro = QLabel(
            self.tr(
                "Numéro de sécurité à communiquer au demandeur. Il ne sera plus jamais affiché : "
                "le demandeur le saisira sur le site de l'ANTS à la réception de son passeport."
            )
        )
        intro.setWordWrap(True)
        self.security_number = QLabel()
        self.security_number.setObjectName("securityNumber")
        self.security_number.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # no copy to clipboard
        self.security_done = WrappingButton(self.tr("J'ai &communiqué le numéro"))
        self.security_done.clicked.connect(self.forget_security_number)
        lay.addWidget(intro)
        lay.addWidget(self.security_number)
        lay.addWidget(self.security_done, 0, Qt.AlignmentFlag.AlignLeft)
        self.security.hide()
        return self.security

    def _documents_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.photo_ok = WrappingCheckBox(self.tr("Photo aux normes françaises reçue"))
        self.dhl_adult = WrappingCheckBox(self.tr("L'étiquette DHL porte l'option « signature d'un adulte »"))
        self.documents_btn = WrappingButton(self.tr("Enregistrer la réception des &pièces"))
        self.documents_btn.clicked.connect(self.submit_documents)
        for w in (self.photo_ok, self.dhl_adult, self.documents_btn):
            lay.addWidget(w, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _interview_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.identity_ok = WrappingCheckBox(self.tr("Identité vérifiée pendant l'entretien en visioconférence"))
        self.validate = QRadioButton(self.tr("Demande &validée"))
        self.refuse = QRadioButton(self.tr("Demande re&fusée"))
        self.validate.setChecked(True)
        group = QButtonGroup(page)
        group.addButton(self.validate)
        group.addButton(self.refuse)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Motif du refus"))
        self.reason.setAccessibleName(self.tr("Motif du refus"))
        self.interview_btn = WrappingButton(self.tr("Enregistrer l'issue de l'&entretien"))
        self.interview_btn.clicked.connect(self.submit_interview)
        self.reason.returnPressed.connect(self.submit_interview)
        for w in (self.identity_ok, self.validate, self.refuse, self.reason):
            lay.addWidget(w)
        lay.addWidget(self.interview_btn, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _dated_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.dated_step = 5
        self.dated_label = QLabel()
        self.dated_on = DateInput()
        self.dated_label.setBuddy(self.dated_on)
        self.dated_on.setAccessibleName(self.tr("Date de l'étape"))
        self.dated_btn = WrappingButton(self.tr("Enregistrer la date"))
        self.dated_btn.clicked.connect(self.submit_dated)
        self.dated_on.returnPressed.connect(self.submit_dated)  # the date typed, Entrée records it
        lay.addWidget(self.dated_label)
        lay.addWidget(self.dated_on, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.dated_btn, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _invalidation_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        text = QLabel(
            self.tr(
                "Le délai de 40 jours est dépassé sans renvoi de l'ancien passeport : le nouveau "
                "passeport doit être invalidé et signalé à Interpol (R-PASS-1)."
            )
        )
        text.setWordWrap(True)
        self.invalidate_btn = WrappingButton(self.tr("Confirmer l'&invalidation et le signalement à Interpol"))
        self.invalidate_btn.setProperty("danger", True)
        self.invalidate_btn.clicked.connect(self.submit_invalidation)
        self.late_return_btn = WrappingButton(self.tr("L'ancien passeport est arrivé"))
        self.late_return_btn.setProperty("secondary", True)
        self.late_return_btn.clicked.connect(self._late_step)
        lay.addWidget(text)
        lay.addWidget(self.invalidate_btn, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.late_return_btn, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _late_step(self) -> None:
        """A flagged case's next step: the ANTS confirmation first if it was never recorded, then the return (an old
        passport back in time but recorded late closes the case; until session 26 only step 8 was offered, refused
        for want of step 7, so such a case could only be invalidated)."""
        nxt = self.case.next_step if self.case is not None else None
        self._show_dated(nxt if nxt in _DATED else 8)

    # --- showing ----------------------------------------------------------------------------------------------

    def show_case(self, case: CaseDetail) -> None:
        """Fill the screen from a case (after opening it or after an act)."""
        if self.case is None or self.case.summary.id != case.summary.id:
            self.forget_security_number()
            self.print_label.clear()
        self.case = case
        s = case.summary
        self.header.setText(f"{s.case_number} — {s.display_name}")
        self.status_label.setText(s.status_label)
        set_state(
            self.status_label,
            {PassportStatus.EN_COURS: "neutral", PassportStatus.CLOTURE: "ok"}.get(
                s.status, "error" if s.status is not PassportStatus.REFUSEE else "warn"
            ),
        )
        deadline = (
            self.tr(" — renvoi de l'ancien passeport au plus tard le {date}").format(date=fr_date(s.deadline))
            if s.deadline
            else ""
        )
        if s.returned_on:
            deadline += self.tr(" — ancien passeport reçu le {date}").format(date=fr_date(s.returned_on))
        self.facts.setText(
            self.tr(
                "Né(e) le {birth} — {country} — NUMIC {numic} — passeport délivré le {issued}, expire le {expiry}"
            ).format(
                birth=fr_date(case.birth_date),
                country=s.country,
                numic=case.numic or self.tr("non renseigné"),
                issued=fr_date(case.old_passport_issued),
                expiry=fr_date(case.old_passport_expiry),
            )
            + deadline
        )
        self.warning.setText("\n".join(f"{v.message} ({v.rule_id})" for v in case.warnings))
        self.warning.setVisible(bool(case.warnings))
        self.steps.clear()
        done: dict[int, CaseEvent] = {}
        for e in case.events:  # a step's own event comes first; the 40 days' flag, the invalidation carry its number
            done.setdefault(e.step, e)
        total = len(PASSPORT_STEP_TITLES)
        for n, title in enumerate(PASSPORT_STEP_TITLES, start=1):
            step_event = done.get(n)
            mark, state = (
                ("✓", self.tr("faite"))
                if n <= s.step
                else (("→", self.tr("à faire")) if n == case.next_step else ("·", self.tr("à venir")))
            )
            shown = _(title)  # the receipt prints them in French
            recorded = step_event is not None and n <= s.step
            when = self._when(step_event) if step_event is not None and recorded else ""
            # Said without its mark (« coche », « flèche droite » or nothing): what the mark means, in words.
            said = self.tr("Étape {n} sur {total}, {state} : {title}").format(
                n=n, total=total, state=state, title=shown
            )
            self._add_step(f"{mark} {n}. {shown}{when}", step_event if recorded else None, said + when)
        for e in case.events:
            decision = e.step == s.step and s.status is not PassportStatus.EN_COURS and "Interpol" in e.note
            refusal = s.status is PassportStatus.REFUSEE and e.step == s.step  # the reason the agent typed
            if decision or refusal:
                note = note_shown(e.note)  # stored in French, said in the agent's language
                said = self.tr("Note : {note} — {agent}").format(note=note, agent=self._who(e))
                self._add_step(self.tr("⚑ {note} — {agent}").format(note=note, agent=self._who(e)), e, said)
        self.steps.start_at(min(case.next_step or s.step, total) - 1)  # the step to record, else the last recorded
        self.reprint.setEnabled(bool(case.receipts))
        self.sync_label.setText(case.sync)
        show_violations(self.errors, [], self._fields)
        if s.status is PassportStatus.A_INVALIDER:
            self.late_return_btn.setText(
                self.tr("L'ancien passeport est arrivé : enregistrer d'abord la confirmation ANTS")
                if case.next_step == 7
                else self.tr("L'ancien passeport est arrivé")
            )
            self.action_pages.setCurrentIndex(4)
        elif case.next_step == 3:
            self.photo_ok.setChecked(False)
            self.dhl_adult.setChecked(False)
            self.action_pages.setCurrentIndex(1)
        elif case.next_step == 4:
            self.identity_ok.setChecked(False)
            self.validate.setChecked(True)
            self.reason.clear()
            self.action_pages.setCurrentIndex(2)
        elif case.next_step in _DATED:
            self._show_dated(case.next_step)
        else:
            self.action_pages.setCurrentIndex(0)

    def focus_action(self) -> None:
        """The focus on the act the case waits for (the steps' list when it waits for none): opened from the list,
        the agent goes on with the case; Maj+Tab goes back to its steps."""
        first = {1: self.photo_ok, 2: self.identity_ok, 3: self.dated_on, 4: self.invalidate_btn}
        first.get(self.action_pages.currentIndex(), self.steps).setFocus(Qt.FocusReason.OtherFocusReason)

    def _when(self, e: CaseEvent) -> str:
        """« — 29/04/2026, Mme Inès Château »: the step's own date where the agent gave one, and when it was recorded
        if later, then who recorded it."""
        recorded = self._service.local_date(e.at)
        if e.on is None or e.on == recorded:
            return self.tr(" — {date}, {agent}").format(date=fr_date(e.on or recorded), agent=self._who(e))
        return self.tr(" — {date} (enregistrée le {recorded}), {agent}").format(
            date=fr_date(e.on), recorded=fr_date(recorded), agent=self._who(e)
        )

    def _who(self, e: CaseEvent) -> str:
        """The agent's name as their account says it; an account this station does not hold, by its identifier."""
        return e.agent_name or self.tr("agent {agent}").format(agent=e.agent_id)

    def _add_step(self, text: str, e: CaseEvent | None, said: str) -> None:
        """A line of the history, `said` to a screen reader; the login of the agent who recorded it in its tooltip."""
        tooltip = ""
        if e is not None:
            login = e.agent_login or e.agent_id
            tooltip = self.tr("Enregistrée par {name} (identifiant : {login})").format(name=self._who(e), login=login)
        self.steps.add_step(text, said, tooltip)

    def _show_dated(self, step: int) -> None:
        label, button = _DATED[step]
        self.dated_step = step
        self.dated_label.setText(self.tr(label))
        self.dated_btn.setText(self.tr(button))
        today = self._service.today()  # the station's day, not the machine's
        self.dated_on.set_value(today)
        self._dated_default = today
        self.action_pages.setCurrentIndex(3)

    def _new_day(self) -> None:
        """Left open overnight: the step's date the agent did not type becomes the new day (the 40 days of R-PASS-1
        run from these dates; yesterday's, kept, recorded the step a day early)."""
        if self._dated_default is not None and self.dated_on.value() == self._dated_default:
            self._dated_default = self._service.today()
            self.dated_on.set_value(self._dated_default)

    def forget_security_number(self) -> None:
        """Wipe the number from the screen: it is shown once, to be read to the applicant."""
        self.security_number.clear()
        self.security.hide()

    # --- acts -------------------------------------------------------------------------------------------------

    def submit_documents(self) -> None:
        """Step 3."""
        photo, adult = self.photo_ok.isChecked(), self.dhl_adult.isChecked()
        self._act(lambda cid: self._service.record_documents(cid, photo_ok=photo, dhl_adult_signature=adult))

    def submit_interview(self) -> None:
        """Step 4; a validation shows the security number once."""
        identity, validated, reason = self.identity_ok.isChecked(), self.validate.isChecked(), self.reason.text()
        self._act(
            lambda cid: self._service.record_interview(
                cid, identity_verified=identity, validated=validated, reason=reason
            ),
            then=self._interviewed,
        )

    def _interviewed(self, result: ActResult) -> None:
        if result.security_number:
            self.security_number.setText(result.security_number)
            self.security.show()
            self.security_done.setFocus()

    def submit_dated(self) -> None:
        """Steps 5 to 8."""
        on, step = self.dated_on.value(), self.dated_step
        if on is None:
            unreadable = [Violation("", self.tr("Date incomplète ou invalide : JJ/MM/AAAA."), "on")]
            show_violations(self.errors, unreadable, self._fields)
            self.dated_on.setFocus()
            return
        calls = {
            5: self._service.record_shipment,
            6: self._service.record_reception,
            7: self._service.record_ants_confirmation,
            8: self._service.record_return,
        }
        self._act(lambda cid: calls[step](cid, on=on))

    def submit_invalidation(self) -> None:
        """Confirm the invalidation and the Interpol report (who confirmed is recorded)."""
        self._act(self._service.confirm_invalidation)

    def _act(self, call: Callable[[str], ActResult], then: Callable[[ActResult], None] | None = None) -> None:
        """Record an act on the runner; the screen keeps the agent's choices until the answer comes."""
        if self.case is None or self._runner.is_busy("passport.act"):
            return
        case_id = self.case.summary.id
        self.action_pages.setEnabled(False)
        self._runner.submit(
            lambda: call(case_id),
            done=lambda result: self._acted(result, then),
            failed=self._act_failed,
            key="passport.act",
            writes=True,
        )

    def _act_failed(self, exc: Exception) -> None:
        self.action_pages.setEnabled(True)
        show_violations(self.errors, [])
        self.errors[None].setText(str(exc) if isinstance(exc, RenewalError) else failure_text(exc))
        self.errors[None].show()
        self._focus_back()

    def _focus_back(self) -> None:
        """The act's fields, greyed while the store answered, dropped the focus: Tab then started again from the top
        of the window. Back to the act the case waits for now (unless the agent went elsewhere meanwhile)."""
        if self.window().focusWidget() is None:
            self.focus_action()

    def _acted(self, result: ActResult, then: Callable[[ActResult], None] | None) -> None:
        self.action_pages.setEnabled(True)
        if not result.ok:
            show_violations(self.errors, result.violations, self._fields)
            refused = [self._fields[v.field] for v in result.violations if v.field in self._fields]
            if refused:
                refused[0].setFocus()  # where to put it right, as typed
            self._focus_back()
            return
        assert result.case is not None
        self.show_case(result.case)
        show_violations(self.errors, result.warnings)
        if result.receipt_number:
            self.print_receipt(result.receipt_number)
        self.changed.emit()
        self._focus_back()  # the next step's field; the security number's button takes it after, when shown
        if then is not None:
            then(result)

    def print_receipt(self, number: str) -> None:
        """Print off the GUI thread; the outcome comes back in the line below the actions."""
        self.print_label.print_receipt(number)

    def _reprint_last(self) -> None:
        if self.case is not None and self.case.receipts:
            self.print_receipt(self.case.receipts[-1])
