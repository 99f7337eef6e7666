"""What a passport case prints and what its rules see: the step receipt and the applicant's eligibility facts."""

from __future__ import annotations

from datetime import timedelta

from desktop.models import PassportCase, PassportEvent
from desktop.receipts.content import KIND_SHORT, Party, Receipt, ReceiptKind, format_date_fr
from desktop.receipts.next_steps import default_next_steps, passport_step_label
from desktop.rules.passport import RETURN_DAYS, PassportApplicant, ReturnStart, Step
from desktop.rules.terms import Status
from desktop.services.context import ServiceContext
from desktop.services.passport_values import COUNTRIES, PassportRequest, PassportStatus

# The step whose date starts the 40 days (R-PASS-1, a setting): a receipt of an earlier step cannot know the deadline.
_DEADLINE_STEP = {
    ReturnStart.NOTIFICATION_ENVOI: Step.NOTIFICATION_ENVOI,
    ReturnStart.RECEPTION: Step.RECEPTION,
    ReturnStart.CONFIRMATION_ANTS: Step.CONFIRMATION_ANTS,
}
_DEADLINE_FROM = {
    ReturnStart.NOTIFICATION_ENVOI: "la notification d'envoi du nouveau",
    ReturnStart.RECEPTION: "la réception du nouveau",
    ReturnStart.CONFIRMATION_ANTS: "la confirmation de réception sur le site de l'ANTS",
}
# What the case's status right after step 8 says of the return (set by PassportService._step, kept on the event).
_LATE_RETURN = frozenset({PassportStatus.A_INVALIDER.value, PassportStatus.INVALIDE.value})


def step_receipt(ctx: ServiceContext, case: PassportCase, event: PassportEvent, number: str) -> Receipt:
    """The receipt of a step that gives the citizen something (3, 4, 8); the security number is never printed.

    It says what was known at its event, so a reprint (DUPLICATA) says what the original said: the outcome of the
    return comes from the status recorded on the event, not the case's current one."""
    start = ReturnStart(ctx.settings.passport_deadline_start)
    details = [("Dossier", case.case_number), ("Étape", passport_step_label(event.step))]
    validity = ""
    late = event.step == Step.RENVOI_ANCIEN and event.status in _LATE_RETURN
    if event.step in (Step.ENVOI_PIECES, Step.ENTRETIEN_VISIO):
        # Step 3's read « Échéance : Renouvellement de passeport », the kind's name where a deadline is expected.
        validity = f"Ancien passeport à renvoyer dans les {RETURN_DAYS} jours suivant {_DEADLINE_FROM[start]}"
    if event.step == Step.ENTRETIEN_VISIO:
        details.append(("Numéro de sécurité", "communiqué par l'agent pendant l'entretien ; non imprimé"))
    deadline = case.deadline_start + timedelta(days=RETURN_DAYS) if case.deadline_start else None
    returned = case.old_passport_returned
    if event.step == Step.RENVOI_ANCIEN and returned:
        details.append(("Ancien passeport reçu le", format_date_fr(returned)))
        if not late:
            validity = "Démarche terminée"
        elif deadline and returned > deadline:
            validity = f"Ancien passeport reçu après le délai de {RETURN_DAYS} jours"
        else:  # back in time, but recorded once the invalidation was confirmed: the dates printed say so
            validity = "Nouveau passeport invalidé et signalé à Interpol"
    if deadline and event.step >= _DEADLINE_STEP[start]:
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
        next_steps=default_next_steps(
            ReceiptKind.PASSEPORT, Status.ENREGISTREE, passport_step=event.step, passport_late_return=late
        ),
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
