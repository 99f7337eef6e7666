"""Établir's save and print: Enter checks and shows the review, Enter again saves exactly what was reviewed; the
receipt prints on the serial lane, and the form stays (read-only, with the receipt number) until it is printed or put
aside for later. A mixin of EstablishPage, kept apart so that each module stays small."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QScrollArea, QWidget

from desktop.receipts.signing import SignedReceipt
from desktop.services.desk import DeskServices, EstablishInput, EstablishOutcome, PrintOutcome, ReviewOutcome, Violation
from desktop.views.kit.dialogs import open_passing
from desktop.views.kit.fields import failure_text
from desktop.views.kit.runner import Runner
from desktop.views.procurations.names import shown_name
from desktop.views.procurations.result_banner import ResultBanner
from desktop.views.procurations.review import ReviewDialog
from desktop.views.receipt_preview import ReceiptPreview
from desktop.views.translations import translate

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

    from desktop.receipts.layout import Paper
    from desktop.views.procurations.national import NationalLookups


class SaveAndPrint:
    """Review, save, print, preview and « imprimer plus tard » for the establish form."""

    def _widget(self) -> QWidget:
        """The page itself, as the parent of its dialogs."""
        assert isinstance(self, QWidget)
        return self

    # Provided by EstablishPage (declared for the type checker).
    desk: DeskServices
    runner: Runner
    national: NationalLookups
    kept: EstablishOutcome | None
    last_number: str
    last_who: str = ""  # the mandant of `last_number`, as shown (« THOMAS Sophie »)
    _previous_text: str = ""  # the banner's last words about that receipt (cleared once the next citizen starts)
    last_outcome: EstablishOutcome | None
    last_print: PrintOutcome | None
    preview: ReceiptPreview | None
    review: ReviewDialog | None
    result_banner: ResultBanner
    banner: QLabel
    save_button: QPushButton
    _form: QWidget
    _scroll: QScrollArea
    _timer: QTimer
    _show_all: bool
    _saving_form: EstablishInput

    if TYPE_CHECKING:

        def form(self) -> EstablishInput: ...
        def show_violations(self, violations: list[Violation] | tuple[Violation, ...]) -> None: ...
        def _say(self, text: str, state: str) -> None: ...
        def _focus_first_error(self) -> None: ...
        def _reset_fields(self) -> None: ...
        def focus_first(self) -> None: ...
        def window(self) -> QWidget: ...
        def _failed(self, exc: Exception) -> None: ...
        def _ask_supervisor(self, outcome: EstablishOutcome) -> None: ...
        def has_input(self) -> bool: ...

    def save(self) -> None:
        """Enter or Ctrl+S: check on a worker, then show the act as it will stand (review); refused: every field
        kept, errors shown. Nothing is saved with defaults the agent did not see."""
        busy = ("review", "save", "print")
        if self.kept is not None or self.review is not None or any(self.runner.is_busy(k) for k in busy):
            return
        self._forget_previous()  # a save is for the citizen at the counter now
        if self.runner.is_busy("fetch"):  # the request will fill the form: the agent checks it before saving
            self._say(
                translate(
                    "SaveAndPrint",
                    "Récupération de la demande Maprocuration en cours : vérifiez le formulaire qu'elle remplit, "
                    "puis Entrée.",
                ),
                "warn",
            )
            return
        if self.national.pending():  # its answer may be a warning to give the mandant: the check waits for it
            self._say(
                translate(
                    "SaveAndPrint",
                    "Consultation du répertoire central en cours : la vérification suivra dès sa réponse.",
                ),
                "warn",
            )
            self.national.when_settled(self.save)  # the review still shows the act before anything is saved
            return
        self._show_all = True
        self._timer.stop()
        self.runner.cancel("check")  # a live check answering late must not cover the save's own answer
        try:
            form = self.form()
        except Exception as exc:  # never silent: the fields keep what was typed, the agent reads why
            self._save_failed(exc)
            return
        self.save_button.setEnabled(False)
        self.save_button.setText(translate("SaveAndPrint", "Vérification…"))
        self.runner.submit(
            lambda: self.desk.review(form),
            done=lambda outcome: self._on_reviewed(form, outcome),
            failed=self._save_failed,
            key="review",
        )

    def _on_reviewed(self, form: EstablishInput, outcome: ReviewOutcome) -> None:
        self._set_saving(False)
        if outcome.summary is None:
            self.last_outcome = EstablishOutcome(violations=outcome.violations)  # refused before any write
            self.result_banner.offer()
            self.show_violations(outcome.violations)
            self._say(
                translate(
                    "SaveAndPrint", "Procuration non enregistrée : corrigez les champs signalés (rien n'a été effacé)."
                ),
                "error",
            )
            self._focus_first_error()
            return
        self.review = ReviewDialog(outcome.summary, parent=self._widget())
        dialog = self.review
        dialog.finished.connect(lambda code: self._review_closed(form, dialog, code))
        dialog.open()

    def _review_closed(self, form: EstablishInput, dialog: ReviewDialog, code: int) -> None:
        self.review = None
        dialog.deleteLater()
        self.window().activateWindow()  # the keyboard comes back to the form's window at once
        if code != QDialog.DialogCode.Accepted:
            self._say(
                translate(
                    "SaveAndPrint",
                    "Rien n'est enregistré : modifiez le formulaire, puis Entrée pour vérifier à nouveau.",
                ),
                "neutral",
            )
            self.focus_first()
            return
        self.establish_reviewed(form)

    def establish_reviewed(self, form: EstablishInput) -> None:
        """Save exactly what was reviewed (every rule is checked again in the save's transaction)."""
        self._saving_form = form
        self._set_saving(True)
        self._say(translate("SaveAndPrint", "Enregistrement de la procuration…"), "neutral")
        self.runner.submit(
            lambda: self.desk.establish(form), done=self._on_saved, failed=self._save_failed, key="save", writes=True
        )

    def _set_saving(self, saving: bool) -> None:
        """Busy state: the button says what happens; the form stays as typed."""
        self.save_button.setEnabled(not saving)
        self.save_button.setText(
            translate("SaveAndPrint", "Enregistrement…")
            if saving
            else translate("EstablishPage", "Vérifier et enregistrer (Ctrl+S)")
        )

    def _save_failed(self, exc: Exception) -> None:
        self._set_saving(False)
        self._say(
            translate("SaveAndPrint", "Procuration non enregistrée. {reason}").format(reason=failure_text(exc)), "error"
        )

    def _on_saved(self, outcome: EstablishOutcome) -> None:
        self._set_saving(False)
        self.last_outcome = outcome
        if not outcome.saved and outcome.awaiting_supervisor and not any(v.blocking for v in outcome.violations):
            self.show_violations(outcome.violations)
            self._ask_supervisor(outcome)  # R-ELIG-4, R-HOME-4: a supervisor decides, now or from the list
            return
        if not outcome.saved:
            self.result_banner.offer()
            self.show_violations(outcome.violations)
            self._say(
                translate(
                    "SaveAndPrint", "Procuration non enregistrée : corrigez les champs signalés (rien n'a été effacé)."
                ),
                "error",
            )
            self._focus_first_error()
            return
        # Never lose a receipt: the form stays, read-only, with its number, until the receipt is printed or the
        # agent chooses to print it later (it then waits in Activité du jour as « à imprimer »).
        self.kept = outcome
        self.last_number = outcome.receipt_number or ""
        mandant = self._saving_form.mandant
        self.last_who = shown_name(mandant.last_name, mandant.given_names)
        self._form.setEnabled(False)
        self.save_button.setEnabled(False)
        self._say(
            translate(
                "SaveAndPrint",
                "Procuration enregistrée, récépissé n° {number} — statut provisoire, en attente "
                "du répertoire central. Impression…",
            ).format(number=outcome.receipt_number),
            "ok",
        )
        self.result_banner.offer()
        self.runner.submit(
            lambda: self.desk.print_receipt(outcome),
            done=self._on_printed,
            failed=self._print_failed,
            key="print",
            lane="serial",
            writes=True,
        )

    def next_citizen_started(self) -> None:
        """Called at each check: once the next citizen's input starts (typed or read), the banner no longer speaks
        of the previous citizen's receipt, and Ctrl+P no longer reprints it (its duplicate is in « Activité du
        jour »)."""
        if self.kept is None and self.last_number and self.has_input():
            self._forget_previous()

    def _forget_previous(self) -> None:
        if self.kept is not None or not self.last_number:
            return
        self.last_number = self.last_who = ""
        if self.banner.text() == self._previous_text:
            self.result_banner.clear()
        else:
            self.result_banner.offer()  # a message about this citizen stays; the previous receipt's actions go

    def _offer_previous(self, text: str, state: str, *, reprint: bool = True) -> None:
        """The banner about the receipt just made, its actions naming the mandant (until the next citizen)."""
        self._say(text, state)
        self._previous_text = self.banner.text()
        self.result_banner.offer(preview=True, reprint=reprint, who=self.last_who)

    def print_receipt(self) -> None:
        """Ctrl+P: print the kept receipt (the original: none was printed), or reprint the last one (DUPLICATA)
        while nothing of the next citizen is typed."""
        self.next_citizen_started()
        number = self.kept.receipt_number if self.kept is not None else self.last_number
        if self.runner.is_busy("print") or self.runner.is_busy("save"):
            return
        if not number:
            self._say(
                translate(
                    "SaveAndPrint",
                    "Aucun récépissé à imprimer ici : celui d'une procuration s'imprime à son enregistrement. "
                    "Le duplicata d'un citoyen précédent se réimprime depuis « Activité du jour » (Ctrl+4).",
                ),
                "warn",
            )
            return
        self._say(translate("SaveAndPrint", "Impression du récépissé n° {number}…").format(number=number), "neutral")
        self.result_banner.offer()
        self.runner.submit(
            lambda: self.desk.reprint(number),
            done=self._on_printed,
            failed=self._print_failed,
            key="print",
            lane="serial",
            writes=True,
        )

    def print_later(self) -> None:
        """« Imprimer plus tard »: the next citizen now; the receipt waits in Activité du jour."""
        if self.kept is None or self.runner.is_busy("print"):
            return
        number = self.kept.receipt_number
        self._release_kept()
        self._offer_previous(
            translate(
                "SaveAndPrint",
                "Récépissé n° {number} à imprimer : il attend dans « Activité du jour ». Prêt pour le citoyen suivant.",
            ).format(number=number),
            "warn",
            reprint=False,
        )

    def show_preview(self) -> None:
        """Ctrl+Maj+P: the receipt on screen as it would print (read off the GUI thread, painted on it)."""
        self.next_citizen_started()
        number = self.kept.receipt_number if self.kept is not None else self.last_number
        if not number:
            return
        self.runner.submit(
            lambda: self.desk.kept_receipt(number), done=self._open_preview, failed=self._failed, key="preview"
        )

    def _open_preview(self, signed: SignedReceipt | None) -> None:
        if signed is None:
            self._say(translate("SaveAndPrint", "Récépissé introuvable sur ce poste."), "error")
            return
        paper: Paper = "roll80" if self.desk.settings.printer_paper == "rouleau80" else "a4"
        label = (
            translate("SaveAndPrint", "Imprimer (Entrée)")
            if not signed.receipt.duplicate
            else translate("SaveAndPrint", "Réimprimer le duplicata (Entrée)")
        )
        self.preview = open_passing(
            ReceiptPreview(signed, paper=paper, on_print=self.print_receipt, print_label=label, parent=self._widget()),
            self._preview_closed,
        )

    def _preview_closed(self, preview: ReceiptPreview) -> None:
        if self.preview is preview:
            self.preview = None

    def _release_kept(self) -> None:
        self.kept = None
        self._form.setEnabled(True)
        self.save_button.setEnabled(True)
        self._reset_fields()

    def _print_failed(self, exc: Exception) -> None:
        self._not_printed(failure_text(exc))

    def _not_printed(self, reason: str) -> None:
        number = self.kept.receipt_number if self.kept is not None else self.last_number
        if self.kept is not None:
            self._say(
                translate(
                    "SaveAndPrint",
                    # The printer's reason says what to do (« rechargez le rouleau, puis imprimez… »): said once.
                    "Procuration enregistrée, récépissé n° {number} NON IMPRIMÉ : {reason} "
                    "Sinon, « Imprimer plus tard » (Ctrl+D).",
                ).format(number=number, reason=reason),
                "warn",
            )
            self.result_banner.offer(print_=True, preview=True, later=True)
            self.result_banner.print_button.setFocus()
        else:
            self._offer_previous(
                translate("SaveAndPrint", "Récépissé n° {number} non imprimé : {reason}").format(
                    number=number, reason=reason
                ),
                "warn",
            )

    def _on_printed(self, result: PrintOutcome) -> None:
        if not isinstance(result, PrintOutcome):
            return
        self.last_print = result
        if not result.printed:
            self._not_printed(result.message)
            return
        if self.kept is not None:
            self._release_kept()
        what = (
            translate("SaveAndPrint", "Duplicata imprimé.")
            if result.duplicate
            else translate("SaveAndPrint", "Récépissé imprimé.")
        )
        self._offer_previous(
            translate(
                "SaveAndPrint",
                "Procuration du mandant {who} enregistrée, récépissé n° {number} (provisoire, en attente du répertoire "
                "central). {printed} Prêt pour le citoyen suivant.",
            ).format(who=self.last_who, number=result.number, printed=what),
            "ok",
        )
