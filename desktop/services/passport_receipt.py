"""What a passport case prints and what its rules see: the step receipt and the applicant's eligibility facts."""

from __future__ import annotations

from datetime import timedelta

from desktop.models import PassportCase, PassportEvent
from desktop.receipts.content import KIND_SHORT, Party, Receipt, ReceiptKind, format_date_fr
from desktop.receipts.next_steps import default_next_steps, passport_step_label
from desktop.rules.passport import RETURN_DAYS, PassportApplicant, Step
from desktop.rules.terms import Status
from desktop.services.context import ServiceContext
from desktop.services.passport_values import COUNTRIES, PassportRequest


def step_receipt(ctx: ServiceContext, case: PassportCase, event: PassportEvent, number: str) -> Receipt:
    """The receipt of a step that gives the citizen something (3, 4, 8); the security number is never printed."""
    details = [("Dossier", case.case_number), ("Étape", passport_step_label(event.step))]
    validity = ""
    if event.step == Step.ENTRETIEN_VISIO:
        details.append(("Numéro de sécurité", "communiqué par l'agent pendant l'entretien ; non imprimé"))
        validity = f"Ancien passeport à renvoyer dans les {RETURN_DAYS} jours suivant la réception du nouveau"
    if event.step == Step.RENVOI_ANCIEN and case.old_passport_returned:
        details.append(("Ancien passeport reçu le", format_date_fr(case.old_passport_returned)))
        validity = "Démarche terminée"
    if case.deadline_start:
        deadline = case.deadline_start + timedelta(days=RETURN_DAYS)
        details.append(("Date limite de renvoi", format_date_fr(deadline)))
    return Receipt(
        number=number,
        kind=ReceiptKind.PASSEPORT,
        place=ctx.place(),
        authority=ctx.authority(),
        issued_at=event.at,
        status=Status.ENREGISTREE,
        mandant=Party(nom=case.last_name, prenoms=case.given_names, date_naissance=case.birth_date),
        validity=validity or KIND_SHORT[ReceiptKind.PASSEPORT],
        details=tuple(details),
        next_steps=default_next_steps(ReceiptKind.PASSEPORT, Status.ENREGISTREE, passport_step=event.step),
    )


def applicant_of(r: PassportRequest) -> PassportApplicant:
    """The rules' facts for a request (the country as its ICAO alpha-3 code)."""
    alpha3 = COUNTRIES.get(r.country.upper(), (r.country.upper(), ""))[0]
    return PassportApplicant(
        birth_date=r.birth_date,
        registered_abroad=r.registered_abroad,
        country=alpha3,
        passport_issued_on=r.old_passport_issued,
        passport_expires_on=r.old_passport_expiry,
        passport_in_hand=r.passport_in_hand,
        exclusions=r.exclusions,
        previous_renewal_admin_error=r.previous_renewal_admin_error,
    )
