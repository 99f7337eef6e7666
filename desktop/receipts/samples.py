"""Fictitious receipts for demo mode, the CLI's `sample` command, tests and benchmarks."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from desktop.receipts.content import (
    IVOTE_TITLES,
    RESILIATION_SCOPE,
    Authority,
    Party,
    Place,
    Receipt,
    ReceiptKind,
    resiliation_count_text,
)
from desktop.receipts.next_steps import default_next_steps, passport_step_label
from desktop.rules.ivote import Credential
from desktop.rules.terms import PlaceKind, Status

SAMPLE_NOW = datetime(2026, 3, 2, 14, 5, tzinfo=ZoneInfo("Europe/Paris"))


def sample_receipt(
    kind: ReceiptKind,
    *,
    status: Status | None = None,
    issued_at: datetime | None = None,
    duplicate: bool = False,
) -> Receipt:
    """A plausible receipt of the given kind, with invented people only."""
    when = issued_at or SAMPLE_NOW
    mandant = Party(nom="Lefèvre", prenoms="Hélène Françoise", date_naissance=date(1984, 7, 9), nne="123456789")
    if kind is ReceiptKind.PROCURATION:
        chosen = status or Status.PROVISOIRE
        return Receipt(
            number="GCH-75056-2026-000123",
            kind=kind,
            place=Place(PlaceKind.COMMISSARIAT, "Commissariat central du 11e arrondissement", "75056"),
            authority=Authority("Brigadier-chef Cédric Nguyên", "OPJ"),
            issued_at=when,
            status=chosen,
            mandant=mandant,
            mandataire=Party(nom="Durand-Ségur", prenoms="Noël", date_naissance=date(1979, 12, 25)),
            validity="Élections municipales : 1er et 2d tours (15 et 22 mars 2026)",
            details=(("Canal", "Demande Maprocuration, référence K7Q2ZP"), ("Établie", "En France")),
            next_steps=default_next_steps(kind, chosen, close_to_vote=True),
            duplicate=duplicate,
        )
    if kind is ReceiptKind.RESILIATION:
        chosen = status or Status.VALIDEE
        return Receipt(
            number="GCH-69123-2026-000042",
            kind=kind,
            place=Place(PlaceKind.BRIGADE_GENDARMERIE, "Brigade de gendarmerie de Villeurbanne", "69266"),
            authority=Authority("Maréchal des logis-chef Aïssa Béranger", "APJ"),
            issued_at=when,
            status=chosen,
            mandant=mandant,
            validity=RESILIATION_SCOPE,
            details=(
                ("Formulaire", "Cerfa n° 14952*03"),
                ("Procurations résiliées", resiliation_count_text(1)),
            ),
            next_steps=default_next_steps(kind, chosen),
            duplicate=duplicate,
        )
    if kind is ReceiptKind.PASSEPORT:
        chosen = status or Status.ENREGISTREE
        return Receipt(
            number="GCH-CA-MTL-2026-000871",
            kind=kind,
            place=Place(PlaceKind.CONSULAT, "Consulat général de France à Montréal", "CA-MTL", "America/Toronto"),
            authority=Authority("Mme Inès Château", "Agent consulaire"),
            issued_at=when,
            status=chosen,
            mandant=Party(nom="Lefèvre", prenoms="Hélène Françoise", date_naissance=date(1984, 7, 9)),
            validity="Ancien passeport à renvoyer dans les 40 jours",
            details=(("Étape", passport_step_label(4)), ("Frais", "Timbre électronique de 96 € acquitté")),
            next_steps=default_next_steps(kind, chosen, passport_step=4),
            duplicate=duplicate,
        )
    chosen = status or Status.ENREGISTREE
    return Receipt(
        number="GCH-PT-LIS-2026-000317",
        kind=kind,
        place=Place(PlaceKind.AMBASSADE, "Ambassade de France au Portugal, Lisbonne", "PT-LIS", "Europe/Lisbon"),
        authority=Authority("M. Raphaël Östberg", "Agent consulaire"),
        issued_at=when,
        status=chosen,
        mandant=Party(nom="Lefèvre", prenoms="Hélène Françoise", date_naissance=date(1984, 7, 9)),
        validity="Élections législatives : vote par internet",
        details=(("Demande", "Renouvellement de l'identifiant (le mot de passe reste inchangé)"),),
        next_steps=default_next_steps(kind, chosen, credential=Credential.IDENTIFIANT),
        duplicate=duplicate,
        heading=IVOTE_TITLES[Credential.IDENTIFIANT],
    )
