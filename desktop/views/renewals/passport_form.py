"""Opening a remote passport renewal case: the applicant, the passport to renew, the exclusions (R-PASS-2..4)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.rules.passport import Exclusion
from desktop.rules.types import Violation
from desktop.services.passports import COUNTRIES, ActResult, PassportRequest, PassportService
from desktop.services.renewal_base import RenewalError
from desktop.views.kit.dates import DateInput
from desktop.views.kit.fields import error_label, failure_text, section_title, show_violations
from desktop.views.kit.reflow import WrappingCheckBox
from desktop.views.kit.runner import Runner
from desktop.views.translations import QT_TRANSLATE_NOOP

EXCLUSION_LABELS = {
    Exclusion.PERTE_OU_VOL: QT_TRANSLATE_NOOP("NewCaseForm", "Passeport perdu ou volé"),
    Exclusion.CHANGEMENT_NOM_PRENOM: QT_TRANSLATE_NOOP("NewCaseForm", "Changement de nom ou de prénom"),
    Exclusion.SECOND_PASSEPORT: QT_TRANSLATE_NOOP("NewCaseForm", "Demande d'un second passeport"),
    Exclusion.DEJA_RENOUVELE_A_DISTANCE: QT_TRANSLATE_NOOP("NewCaseForm", "Passeport déjà renouvelé à distance"),
    Exclusion.EMPREINTES_IMPOSSIBLES: QT_TRANSLATE_NOOP(
        "NewCaseForm", "Empreintes impossibles à relever pour le précédent passeport"
    ),
    Exclusion.RENOUVELLEMENT_CONJOINT_CNI: QT_TRANSLATE_NOOP(
        "NewCaseForm", "Renouvellement conjoint de la carte d'identité"
    ),
}


class NewCaseForm(QWidget):
    """The form; `opened` carries the new case once the service accepted it."""

    opened = Signal(object)  # CaseDetail

    def __init__(self, service: PassportService, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._outer = outer
        title = section_title(self.tr("Nouveau dossier de renouvellement"))
        hint = QLabel(
            self.tr(
                "Le demandeur a déposé sa demande sur service-public.fr (étapes 1 et 2). "
                "Vérifiez son éligibilité avant d'ouvrir le dossier."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        outer.addWidget(title)
        outer.addWidget(hint)

        form = QFormLayout()
        # Labels above their fields when the pane is narrow: beside the case list at 1366×768, the form would
        # otherwise scroll sideways or leave the list too little room for its titles.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.last_name = QLineEdit()
        self.given_names = QLineEdit()
        self.birth_date = DateInput()
        self.numic = QLineEdit()
        self.country = QComboBox()
        self.country.addItem(self.tr("— choisissez le pays —"), None)  # forms start empty: no country looks chosen
        shown = {code: _(name) for code, (_alpha3, name) in COUNTRIES.items()}  # in the agent's language
        for code, name in sorted(shown.items(), key=lambda kv: kv[1]):
            self.country.addItem(name, code)
        self.passport_number = QLineEdit()
        self.passport_number.setMaxLength(9)
        self.issued = DateInput()
        self.expiry = DateInput()
        self.errors = {
            f: error_label()
            for f in (
                None,
                "applicant.birth_date",
                "applicant.numic",
                "applicant.country",
                "passport.number",
                "passport.issued_on",
                "passport.expires_on",
                "last_name",
            )
        }
        form.addRow(self.tr("N&om de naissance"), self.last_name)
        form.addRow(self.errors["last_name"])
        form.addRow(self.tr("&Prénoms"), self.given_names)
        form.addRow(self.tr("Da&te de naissance"), self.birth_date)
        form.addRow(self.errors["applicant.birth_date"])
        form.addRow(self.tr("NU&MIC"), self.numic)
        form.addRow(self.errors["applicant.numic"])
        form.addRow(self.tr("Pa&ys de résidence"), self.country)
        form.addRow(self.errors["applicant.country"])
        form.addRow(self.tr("N° du passeport à &renouveler"), self.passport_number)
        form.addRow(self.errors["passport.number"])
        form.addRow(self.tr("Dé&livré le"), self.issued)
        form.addRow(self.errors["passport.issued_on"])
        form.addRow(self.tr("&Expire le"), self.expiry)
        form.addRow(self.errors["passport.expires_on"])
        outer.addLayout(form)

        checks = QVBoxLayout()  # one column: the form must fit beside the case list
        # Wrapping: the longest (« Le précédent renouvellement a échoué… », 512 px) set the pane's least width.
        self.registered = WrappingCheckBox(self.tr("Inscrit au Registre des Français établis hors de France"))
        self.in_hand = WrappingCheckBox(self.tr("A le passeport en main"))
        self.registered.setChecked(True)
        self.in_hand.setChecked(True)
        checks.addWidget(self.registered)
        checks.addWidget(self.in_hand)
        outer.addLayout(checks)
        excl_title = QLabel(self.tr("Situations qui excluent le renouvellement à distance"))
        excl_title.setObjectName("hint")
        excl_title.setWordWrap(True)
        outer.addWidget(excl_title)
        self.exclusions: dict[Exclusion, QCheckBox] = {}
        for ex, text in EXCLUSION_LABELS.items():
            self.exclusions[ex] = WrappingCheckBox(self.tr(text))
            outer.addWidget(self.exclusions[ex])
        self.admin_error = WrappingCheckBox(self.tr("Le précédent renouvellement a échoué par erreur administrative"))
        outer.addWidget(self.admin_error)
        outer.addWidget(self.errors[None])
        row = QHBoxLayout()
        self.submit = QPushButton(self.tr("&Vérifier et ouvrir le dossier"))
        self.submit.clicked.connect(self.submit_form)
        row.addWidget(self.submit)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        # Entrée opens the case from any field, its dates too (the last one typed is « Expire le »: Entrée there did
        # nothing, day audit).
        typed = (self.last_name, self.given_names, self.birth_date, self.numic, self.passport_number)
        for edit in (*typed, self.issued, self.expiry):
            edit.returnPressed.connect(self.submit_form)
        self._fields: dict[str | None, QWidget] = {  # in the form's order: the first refused gets the focus
            "last_name": self.last_name,
            "applicant.birth_date": self.birth_date,
            "applicant.numic": self.numic,
            "applicant.country": self.country,
            "passport.number": self.passport_number,
            "passport.issued_on": self.issued,
            "passport.expires_on": self.expiry,
        }
        self._dates = {
            "applicant.birth_date": self.birth_date,
            "passport.issued_on": self.issued,
            "passport.expires_on": self.expiry,
        }

    def request(self) -> PassportRequest | None:
        """What the agent typed, as plain values; None while a date is incomplete."""
        born, issued, expiry = self.birth_date.value(), self.issued.value(), self.expiry.value()
        if born is None or issued is None or expiry is None:
            return None
        return PassportRequest(
            last_name=self.last_name.text().strip(),
            given_names=self.given_names.text().strip(),
            birth_date=born,
            country=str(self.country.currentData()),
            old_passport_issued=issued,
            old_passport_expiry=expiry,
            numic=self.numic.text().strip() or None,
            old_passport_number=self.passport_number.text().strip() or None,
            registered_abroad=self.registered.isChecked(),
            passport_in_hand=self.in_hand.isChecked(),
            exclusions=frozenset(ex for ex, box in self.exclusions.items() if box.isChecked()),
            previous_renewal_admin_error=self.admin_error.isChecked(),
        )

    def submit_form(self) -> None:
        """Check and open on the runner; refusals stay next to their fields and nothing typed is lost.

        Every field missing or unreadable is said at once, and the first one is brought into sight with the focus
        in it: one at a time, under a form scrolled to its foot (the agent had just tabbed to its button), the
        refusal was out of sight at 1366×768 and the button seemed to do nothing (day audit, consular agent)."""
        missing: list[Violation] = []
        if not self.last_name.text().strip() or not self.given_names.text().strip():
            missing.append(Violation("", self.tr("Saisissez le nom et les prénoms du demandeur."), "last_name"))
        unreadable = self.tr("Date incomplète ou invalide : JJ/MM/AAAA (ex. 15011990).")
        if self.birth_date.value() is None:
            missing.append(Violation("", unreadable, "applicant.birth_date"))
        if self.country.currentData() is None:
            missing.append(Violation("", self.tr("Choisissez le pays de résidence."), "applicant.country"))
        missing += [
            Violation("", unreadable, field)
            for field, edit in self._dates.items()
            if field != "applicant.birth_date" and edit.value() is None
        ]
        request = self.request()
        if missing or request is None:
            self._refuse(missing)
            return
        self.submit.setEnabled(False)
        self._runner.submit(
            lambda: self._service.open_case(request),
            done=self._opened,
            failed=self._failed,
            key="passport.new",
            writes=True,
        )

    def _refuse(self, found: list[Violation]) -> None:
        """Each refusal under its field; the focus in the first field refused (in the form's order), in sight."""
        show_violations(self.errors, found, self._fields)
        refused = {v.field for v in found if v.blocking}
        first = next((w for f, w in self._fields.items() if f in refused), None)
        if first is None:
            if not self.errors[None].isHidden():
                self._reveal(self.errors[None])
            return
        first.setFocus()
        self._reveal(first)

    def _reveal(self, widget: QWidget) -> None:
        """Scroll the pane the form sits in (PassportPanel's) to `widget` and the refusal under it."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            self._outer.activate()  # the refusals just shown take their room before the pane scrolls
            label = next((self.errors[f] for f, w in self._fields.items() if w is widget), None)
            if label is not None and label.isVisibleTo(self):
                parent.ensureWidgetVisible(label)
            parent.ensureWidgetVisible(widget)

    def _failed(self, exc: Exception) -> None:
        self.submit.setEnabled(True)
        show_violations(self.errors, [], self._fields)
        self.errors[None].setText(str(exc) if isinstance(exc, RenewalError) else failure_text(exc))
        self.errors[None].show()

    def _opened(self, result: ActResult) -> None:
        self.submit.setEnabled(True)
        self._refuse(list(result.violations))
        if result.ok and result.case is not None:
            self.clear()
            self.opened.emit(result.case)

    def clear(self) -> None:
        """Empty the form for the next applicant."""
        for edit in (self.last_name, self.given_names, self.numic, self.passport_number, *self._dates.values()):
            edit.clear()
        for box in (*self.exclusions.values(), self.admin_error):
            box.setChecked(False)
        self.country.setCurrentIndex(0)
        show_violations(self.errors, [], self._fields)
