"""Identifier formats typed or scanned at the counter (spec §7): NNE, NUMIC, Maprocuration reference, document numbers.

Each ``normalize_*`` function returns the canonical form (upper-case, spaces removed) or raises
:class:`IdentifierError` (only) with the rule id, the form field and a French message that never quotes the value.
:func:`check_identity_document` applies the accepted-documents list (R-ID-DOC-1).
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from desktop.i18n import _
from desktop.rules.types import ERREUR, Violation
from desktop.rules.validity import add_years

NNE_RE = re.compile(r"[0-9]{8,9}")
REFERENCE_RE = re.compile(r"[A-Z0-9]{6}")
PASSPORT_RE = re.compile(r"[0-9]{2}[A-Z]{2}[0-9]{5}")
CNIE_RE = re.compile(r"[A-Z0-9]{9}")
OLD_CNI_RE = re.compile(r"[0-9]{2}(0[1-9]|1[0-2])[A-Z0-9<]{3}[0-9]{5}")
NUMIC_RE = re.compile(r"[A-Z0-9]{1,32}")
# §7.3: the old identity card model was issued from 1995 to August 2021 (first day of the first and last months).
OLD_CNI_FIRST = date(1995, 1, 1)
OLD_CNI_LAST = date(2021, 8, 1)
_SEPARATORS = str.maketrans("", "", " \t\r\n.-_\u00a0\u202f")


class IdentifierError(ValueError):
    """A malformed identifier: rule id, form field and a French message for the agent."""

    def __init__(self, rule_id: str, field: str | None, message: str) -> None:
        super().__init__(message)
        self.rule_id = rule_id
        self.field = field
        self.message = message

    def violation(self) -> Violation:
        """The same problem as a form violation."""
        return Violation(self.rule_id, self.message, self.field, ERREUR)


def _clean(text: object, rule_id: str, field: str | None, what: str) -> str:
    if not isinstance(text, str):
        raise IdentifierError(rule_id, field, _("{what} manquant : saisissez-le.").format(what=what))
    cleaned = text.translate(_SEPARATORS).upper()
    if not cleaned:
        raise IdentifierError(rule_id, field, _("{what} manquant : saisissez-le.").format(what=what))
    return cleaned


def normalize_nne(text: str, *, field: str | None = "mandant.nne") -> str:
    """An NNE: 8 or 9 digits, kept as a string (R-ID-NNE-1; no check digit is known, none is invented)."""
    value = _clean(text, "R-ID-NNE-1", field, _("Numéro national d'électeur"))
    if NNE_RE.fullmatch(value) is None:
        raise IdentifierError(
            "R-ID-NNE-1",
            field,
            _("Le numéro national d'électeur compte 8 ou 9 chiffres : recopiez-le depuis la carte électorale."),
        )
    return value


def normalize_numic(text: str, *, field: str | None = "numic") -> str:
    """A NUMIC: an opaque alphanumeric token, trimmed and upper-cased (R-ID-NUMIC-2)."""
    value = _clean(text, "R-ID-NUMIC-2", field, _("Numéro d'identification consulaire"))
    if NUMIC_RE.fullmatch(value) is None:
        raise IdentifierError(
            "R-ID-NUMIC-2",
            field,
            _("Le NUMIC ne contient que des lettres et des chiffres : recopiez-le depuis la carte consulaire."),
        )
    return value


def normalize_reference(
    text: str, *, pattern: re.Pattern[str] = REFERENCE_RE, field: str | None = "channel.reference"
) -> str:
    """A Maprocuration reference (R-ID-REF-1): 6 letters or digits by default; the pattern is configurable."""
    value = _clean(text, "R-ID-REF-1", field, _("Référence de la demande"))
    if pattern.fullmatch(value) is None:
        raise IdentifierError(
            "R-ID-REF-1",
            field,
            _(
                "Référence de demande Maprocuration mal formée : demandez au mandant le courriel de "
                "confirmation et recopiez la référence."
            ),
        )
    return value


def normalize_passport_number(text: str, *, field: str | None = "document.number") -> str:
    """A French passport number: 2 digits, 2 letters, 5 digits (R-ID-PASS-1)."""
    value = _clean(text, "R-ID-PASS-1", field, _("Numéro de passeport"))
    if PASSPORT_RE.fullmatch(value) is None:
        raise IdentifierError(
            "R-ID-PASS-1",
            field,
            _("Numéro de passeport incorrect : il comporte 2 chiffres, 2 lettres puis 5 chiffres (ex. 12AB34567)."),
        )
    return value


def normalize_cnie_number(text: str, *, field: str | None = "document.number") -> str:
    """A new-model identity card (CNIe) number: 9 letters or digits (R-ID-CNIE-2)."""
    value = _clean(text, "R-ID-CNIE-2", field, _("Numéro de carte d'identité"))
    if CNIE_RE.fullmatch(value) is None:
        raise IdentifierError(
            "R-ID-CNIE-2",
            field,
            _("Numéro de carte d'identité incorrect : il comporte 9 lettres ou chiffres."),
        )
    return value


def normalize_old_cni_number(text: str, *, field: str | None = "document.number") -> str:
    """An old-model identity card number: YYMM of issue, département, 5 digits (R-ID-CNI-OLD-1)."""
    value = _clean(text, "R-ID-CNI-OLD-1", field, _("Numéro de carte d'identité"))
    if OLD_CNI_RE.fullmatch(value) is None:
        raise IdentifierError(
            "R-ID-CNI-OLD-1",
            field,
            _(
                "Numéro de carte d'identité (ancien modèle) incorrect : 12 caractères, année et mois de "
                "délivrance, département puis 5 chiffres."
            ),
        )
    return value


class IdDocumentKind(StrEnum):
    """Identity documents of the arrêté of 16 Nov 2018 (R-ID-DOC-1)."""

    CNI = "cni"
    PASSEPORT = "passeport"
    CARTE_ELU = "carte_elu"
    CARTE_VITALE = "carte_vitale"
    CARTE_COMBATTANT = "carte_combattant"
    CARTE_INVALIDITE = "carte_invalidite"
    CARTE_AGENT_ETAT = "carte_agent_etat"
    CARTE_MILITAIRE = "carte_militaire"
    PERMIS_CONDUIRE = "permis_conduire"
    PERMIS_CHASSER = "permis_chasser"
    RECEPISSE_CONTROLE_JUDICIAIRE = "recepisse_controle_judiciaire"


def old_cni_effective_expiry(printed_expiry: date, *, issued_on: date, holder_birth_date: date) -> date:
    """Old CNIs issued to adults in 2004-2013 are valid 5 more years than printed (R-ID-CNI-OLD-4)."""
    adult_at_issue = add_years(holder_birth_date, 18) <= issued_on
    if adult_at_issue and date(2004, 1, 2) <= issued_on <= date(2013, 12, 31):
        return add_years(printed_expiry, 5)
    return printed_expiry


def old_cni_issue_month(document_number: str) -> date | None:
    """First day of the month of issue written at the head of an old CNI's number (YYMM), None if unreadable.

    Old-model cards were issued from 1995 to August 2021 (§7.3): YY 95-99 is 19YY, 00-21 is 20YY; a month outside
    that period (« 5001 », « 2109 ») is no old card's and gives None, never a date decades away.
    """
    if OLD_CNI_RE.fullmatch(document_number) is None:
        return None
    year, month = int(document_number[:2]), int(document_number[2:4])
    issued = date(1900 + year if year >= 95 else 2000 + year, month, 1)
    return issued if OLD_CNI_FIRST <= issued <= OLD_CNI_LAST else None


def old_cni_valid_until(document_number: str, *, holder_birth_date: date) -> date | None:
    """When an old CNI stops being valid, from the month of issue in its number (the day is not in the MRZ, so the
    month's last day is taken): 10 years as printed, 15 for adults from 2014, and R-ID-CNI-OLD-4's 5 more years for
    adults' cards of 2004-2013. None when the number is not an old CNI's."""
    issued = old_cni_issue_month(document_number)
    if issued is None:
        return None
    month_end = date(issued.year + (issued.month == 12), issued.month % 12 + 1, 1).toordinal() - 1
    issued_on = date.fromordinal(month_end)
    adult = add_years(holder_birth_date, 18) <= issued_on
    printed = add_years(issued_on, 15 if adult and issued_on >= date(2014, 1, 1) else 10)
    return old_cni_effective_expiry(printed, issued_on=issued_on, holder_birth_date=holder_birth_date)


def check_identity_document(kind: IdDocumentKind, expiry: date | None, *, today: date) -> list[Violation]:
    """R-ID-DOC-1: a listed document, valid; a CNI or passport may be expired for less than 5 years.

    `expiry` is the document's last valid day (a document expiring today is accepted): it is expired from the next
    day, so « less than 5 years » still holds on the fifth anniversary of `expiry` and ends the day after."""
    if expiry is None or expiry >= today:
        return []
    if kind in (IdDocumentKind.CNI, IdDocumentKind.PASSEPORT):
        if today <= add_years(expiry, 5):
            return []
        text = _("Cette pièce d'identité est périmée depuis plus de 5 ans : demandez au mandant un autre justificatif.")
    else:
        text = _("Ce justificatif est périmé : demandez au mandant une pièce d'identité en cours de validité.")
    return [Violation("R-ID-DOC-1", text, "document.expiry", ERREUR)]


def normalize_cni_any(text: str, *, field: str | None = "document.number") -> str:
    """A French identity card number of either model: CNIe (9) or old card (12)."""
    value = _clean(text, "R-ID-CNIE-2", field, _("Numéro de carte d'identité"))
    if len(value) == 12:
        return normalize_old_cni_number(value, field=field)
    return normalize_cnie_number(value, field=field)
