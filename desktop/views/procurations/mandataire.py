"""The mandataire's identity: by NNE and birth date, or by names, birth date and commune; NC adds the address. Under
it, a mandant under tutelle declares the mandataire's relation to them (R-ELIG-1, L72-1)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.rules.facts import ProtectionRelation
from desktop.services.desk import PersonInput
from desktop.services.prefill import RequestPerson
from desktop.services.procuration_body import LIST_NOT_CHOSEN
from desktop.views.kit.dates import DateInput, format_date, parse_date
from desktop.views.kit.fields import Field
from desktop.views.kit.reflow import WrappingCheckBox
from desktop.views.procurations.identity import list_combo
from desktop.views.translations import QT_TRANSLATE_NOOP

# The persons L72-1 forbids a majeur protégé to designate, as the mandant declares them (R-ELIG-1, R-ELIG-1a: the
# desk cannot verify the relation, it blocks on the declared one).
RELATIONS = (
    ("", QT_TRANSLATE_NOOP("MandatairePanel", "Aucun de ces liens")),
    (
        ProtectionRelation.MANDATAIRE_JUDICIAIRE.value,
        QT_TRANSLATE_NOOP("MandatairePanel", "Mandataire judiciaire à sa protection"),
    ),
    (
        ProtectionRelation.ETABLISSEMENT.value,
        QT_TRANSLATE_NOOP(
            "MandatairePanel", "Établissement ou service qui le prend en charge (dirigeant, salarié, bénévole)"
        ),
    ),
    (
        ProtectionRelation.SALARIE_DOMICILE.value,
        QT_TRANSLATE_NOOP("MandatairePanel", "Salarié qui lui rend des services à domicile"),
    ),
)


class MandatairePanel(QWidget):
    """Mandataire fields in the order agents receive them: NNE, birth date, name, given names, commune."""

    changed = Signal()  # the protection declaration: the checks run again

    def __init__(self) -> None:
        super().__init__()
        self.nne, self.birth = QLineEdit(), DateInput()
        self.last, self.given, self.commune, self.address = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.nne.setPlaceholderText(self.tr("8 ou 9 chiffres"))
        self.commune.setPlaceholderText(self.tr("commune ou consulat où il vote"))
        self.list_kind = list_combo(unchosen=True)  # never « communale » by default: the agent chooses (R-CHAN-A-5)
        self.fields = {
            "mandataire.nne": Field(self.tr("NNE du &mandataire"), self.nne),
            "mandataire.birth_date": Field(self.tr("Date de naissance du manda&taire"), self.birth),
            "mandataire.last_name": Field(self.tr("Nom du mandatair&e"), self.last),
            "mandataire.given_names": Field(self.tr("Prénom&s du mandataire"), self.given),
            "mandataire.commune": Field(self.tr("Comm&une d'inscription"), self.commune),
            "mandataire.address": Field(self.tr("Adresse (Nouvelle-Calédonie)"), self.address),
            "mandataire.list_kind": Field(self.tr("Liste du mandataire"), self.list_kind),
        }
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        for i, key in enumerate(
            (
                "mandataire.nne",
                "mandataire.birth_date",
                "mandataire.last_name",
                "mandataire.given_names",
                "mandataire.commune",
                "mandataire.list_kind",
            )
        ):
            grid.addWidget(self.fields[key], i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.fields["mandataire.address"], 3, 0, 1, 2)
        layout.addLayout(grid)
        self.nc_notice = QLabel(
            self.tr(
                "Électeur inscrit en Nouvelle-Calédonie : formulaire NC, le mandataire est identifié "
                "par son nom, ses prénoms, sa date de naissance, son adresse et sa commune."
            )
        )
        self.nc_notice.setObjectName("fieldWarning")
        self.nc_notice.setWordWrap(True)
        layout.addWidget(self.nc_notice)
        self._protection(layout)

    def _protection(self, layout: QVBoxLayout) -> None:
        """« Mandant placé sous tutelle » and, once ticked, the mandataire's declared relation (R-ELIG-1)."""
        self.protected = WrappingCheckBox(self.tr("Mandant placé sous tutelle (majeur protégé)"))
        self.relation = QComboBox()
        for value, label in RELATIONS:
            self.relation.addItem(self.tr(label), value)
        self.fields["protection.relation"] = Field(
            self.tr("Le mandataire est, pour le mandant"),
            self.relation,
            hint=self.tr(
                "Un majeur protégé ne peut pas désigner le mandataire judiciaire à sa protection, ni une personne "
                "de l'établissement ou du service qui le prend en charge, ni un salarié qui lui rend des services "
                "à domicile (R-ELIG-1)."
            ),
        )
        layout.addWidget(self.protected)
        layout.addWidget(self.fields["protection.relation"])
        self.protected.toggled.connect(self._on_protected)
        self.relation.currentIndexChanged.connect(self._changed)
        self._on_protected(False)

    def _on_protected(self, on: bool) -> None:
        self.fields["protection.relation"].setVisible(on)
        if not on:
            self.relation.setCurrentIndex(0)
        self.changed.emit()

    def _changed(self, *_args: Any) -> None:
        self.changed.emit()

    def protection(self) -> dict[str, Any]:
        """The declaration as the form holds it (`EstablishInput.under_protection`, `protection_relation`)."""
        on = self.protected.isChecked()
        return {"under_protection": on, "protection_relation": str(self.relation.currentData() or "") if on else ""}

    def edits(self) -> list[QLineEdit]:
        """The line edits."""
        return [self.nne, self.birth, self.last, self.given, self.commune, self.address]

    def editors(self) -> list[QWidget]:
        """In tab order."""
        return [
            self.nne,
            self.birth,
            self.last,
            self.given,
            self.commune,
            self.list_kind,
            self.address,
            self.protected,
            self.relation,
        ]

    def person(self) -> PersonInput:
        """The mandataire as the form holds it."""
        return PersonInput(
            nne=self.nne.text().replace(" ", ""),
            last_name=self.last.text(),
            given_names=self.given.text(),
            birth_date=parse_date(self.birth.text()),
            list_kind=str(self.list_kind.currentData()),
            commune=self.commune.text(),
            address=self.address.text(),
        )

    def set_identity(self, d: RequestPerson) -> None:
        """Fill from a Maprocuration request."""
        self.nne.setText(d.nne or "")
        self.last.setText(d.last_name)
        self.given.setText(d.given_names)
        self.birth.setText(format_date(d.birth_date))
        self.commune.setText(d.commune or "")
        self.list_kind.setCurrentIndex(max(self.list_kind.findData(d.list_kind or LIST_NOT_CHOSEN), 0))

    def show_nc(self, on: bool) -> None:
        """The New Caledonia variant: address field and notice."""
        self.fields["mandataire.address"].setVisible(on)
        self.nc_notice.setVisible(on)

    def clear(self) -> None:
        """Ready for the next citizen."""
        for edit in self.edits():
            edit.clear()
        self.list_kind.setCurrentIndex(0)
        self.protected.setChecked(False)
