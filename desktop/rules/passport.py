"""Remote passport renewal for French residents abroad (spec §9): eligibility, steps, the 40-day return."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum, StrEnum

from desktop.i18n import N_, _
from desktop.rules.identifiers import IdentifierError, normalize_numic, normalize_passport_number
from desktop.rules.pilots import PILOTS as PILOTS
from desktop.rules.pilots import Pilot as Pilot
from desktop.rules.types import AVERTISSEMENT, ERREUR, Violation
from desktop.rules.validity import add_years

RETURN_DAYS = 40


class Exclusion(StrEnum):
    """Situations that exclude remote renewal (R-PASS-3)."""

    PERTE_OU_VOL = "perte_ou_vol"
    CHANGEMENT_NOM_PRENOM = "changement_nom_prenom"
    SECOND_PASSEPORT = "second_passeport"
    DEJA_RENOUVELE_A_DISTANCE = "deja_renouvele_a_distance"
    EMPREINTES_IMPOSSIBLES = "empreintes_impossibles"
    RENOUVELLEMENT_CONJOINT_CNI = "renouvellement_conjoint_cni"


@dataclass(frozen=True, slots=True)
class PassportApplicant:
    """What the consular agent knows about the applicant and the passport to renew."""

    birth_date: date
    registered_abroad: bool
    country: str
    passport_issued_on: date
    passport_expires_on: date
    passport_in_hand: bool
    exclusions: frozenset[Exclusion] = frozenset()
    previous_renewal_admin_error: bool = False


def check_passport_eligibility(
    a: PassportApplicant, *, today: date, pilots: Sequence[Pilot] = PILOTS
) -> list[Violation]:
    """R-PASS-2..4: adult, registered, pilot country and dates, passport issued to an adult, expired ≤ 5 years."""
    out: list[Violation] = []

    def no(rule: str, text: str, field: str | None = None) -> None:
        out.append(Violation(rule, text + _(" Le renouvellement à distance n'est pas possible."), field, ERREUR))

    typos = _impossible_dates(a, today)
    out += typos
    wrong = {v.field for v in typos}
    if "applicant.birth_date" not in wrong and add_years(a.birth_date, 18) > today:
        no("R-PASS-2", _("Le demandeur est mineur."), "applicant.birth_date")
    if not a.registered_abroad:
        no("R-PASS-2", _("Le demandeur n'est pas inscrit au Registre des Français établis hors de France."))
    if not any(a.country.upper() in p.countries and p.start <= today <= p.end for p in pilots):
        no(
            "R-PASS-4",
            _("Le pays de résidence ne fait pas partie de l'expérimentation en cours à cette date."),
            "applicant.country",
        )
    if not wrong and add_years(a.birth_date, 18) > a.passport_issued_on:
        no("R-PASS-3", _("Le passeport à renouveler a été délivré avant la majorité."), "passport.issued_on")
    if "passport.expires_on" not in wrong and add_years(a.passport_expires_on, 5) < today:
        no("R-PASS-3", _("Le passeport est expiré depuis plus de 5 ans."), "passport.expires_on")
    if not a.passport_in_hand:
        no("R-PASS-2", _("Le demandeur doit avoir en main le passeport à renouveler."))
    for ex in sorted(a.exclusions):
        if ex is Exclusion.DEJA_RENOUVELE_A_DISTANCE and a.previous_renewal_admin_error:
            continue
        no("R-PASS-3", _(_EXCLUSION_TEXT[ex]))
    return out


def _impossible_dates(a: PassportApplicant, today: date) -> list[Violation]:
    """R-PASS-2's dates as typed: a birth or an issue still to come, an expiry not after the issue are slips of the
    keyboard (« 02/05/2031 » for 2013), to put right on the passport, not facts to judge the request on: « Le
    demandeur est mineur » for a birth year typed 2084 sent the agent looking for a minor (day audit)."""
    out: list[Violation] = []
    if a.birth_date > today:
        text = _("La date de naissance est dans le futur : vérifiez-la.")
        out.append(Violation("R-PASS-2", text, "applicant.birth_date", ERREUR))
    if a.passport_issued_on > today:
        text = _("La date de délivrance du passeport est dans le futur : vérifiez-la sur le passeport.")
        out.append(Violation("R-PASS-2", text, "passport.issued_on", ERREUR))
    elif a.passport_expires_on <= a.passport_issued_on:
        text = _("La date d'expiration doit suivre la date de délivrance : vérifiez-les sur le passeport.")
        out.append(Violation("R-PASS-2", text, "passport.expires_on", ERREUR))
    return out


@dataclass(frozen=True, slots=True)
class ApplicantIdentifiers:
    """The NUMIC and the number of the passport to renew, normalised, or what is wrong with them."""

    numic: str | None
    passport_number: str | None
    violations: tuple[Violation, ...] = ()


def check_applicant_identifiers(*, numic: str | None, passport_number: str | None) -> ApplicantIdentifiers:
    """R-ID-NUMIC-2 and R-ID-PASS-1 on what was typed, as the internet-vote screen checks the NUMIC; either may be
    left empty (the applicant's online request holds them)."""
    found: list[Violation] = []

    def normal(text: str | None, normalize: Callable[..., str], field: str) -> str | None:
        if text is None or not text.strip():
            return None
        try:
            return normalize(text, field=field)
        except IdentifierError as err:
            found.append(err.violation())
            return None

    return ApplicantIdentifiers(
        numic=normal(numic, normalize_numic, "applicant.numic"),
        passport_number=normal(passport_number, normalize_passport_number, "passport.number"),
        violations=tuple(found),
    )


_EXCLUSION_TEXT = {
    Exclusion.PERTE_OU_VOL: N_("Le passeport a été perdu ou volé."),
    Exclusion.CHANGEMENT_NOM_PRENOM: N_("Le demandeur a changé de nom ou de prénom."),
    Exclusion.SECOND_PASSEPORT: N_("Il s'agit d'un second passeport."),
    Exclusion.DEJA_RENOUVELE_A_DISTANCE: N_("Le passeport a déjà été renouvelé à distance."),
    Exclusion.EMPREINTES_IMPOSSIBLES: N_("Les empreintes n'avaient pas pu être relevées pour le précédent passeport."),
    Exclusion.RENOUVELLEMENT_CONJOINT_CNI: N_("Un renouvellement conjoint de la carte d'identité est demandé."),
}


class Step(IntEnum):
    """The eight steps of the procedure, in order (R-PASS-STEP-1..8)."""

    CONNEXION = 1
    DEMANDE = 2
    ENVOI_PIECES = 3
    ENTRETIEN_VISIO = 4
    NOTIFICATION_ENVOI = 5
    RECEPTION = 6
    CONFIRMATION_ANTS = 7
    RENVOI_ANCIEN = 8


def next_step(done: Sequence[Step]) -> Step | None:
    """The next step to do; None when all eight are done."""
    for step in Step:
        if step not in done:
            return step
    return None


def check_step(done: Sequence[Step], step: Step, *, dhl_adult_signature: bool = False) -> list[Violation]:
    """R-PASS-STEP: steps go in order; step 3 must not use the DHL « signature d'un adulte » option."""
    out: list[Violation] = []
    expected = next_step(done)
    if step is not expected:
        out.append(
            Violation(
                f"R-PASS-STEP-{int(step)}",
                _("Cette étape ne peut pas encore être faite : terminez d'abord les étapes précédentes."),
                None,
            )
        )
    if step is Step.ENVOI_PIECES and dhl_adult_signature:
        out.append(
            Violation(
                "R-PASS-STEP-3",
                _(
                    "L'option DHL « signature d'un adulte » ne doit pas être choisie : DHL annulerait la "
                    "demande. Générez une nouvelle étiquette sans cette option."
                ),
                "shipping.option",
            )
        )
    return out


class ReturnStart(StrEnum):
    """The event from which the 40 days run (R-PASS-1 leaves it open: a setting)."""

    RECEPTION = "reception"
    CONFIRMATION_ANTS = "confirmation_ants"
    NOTIFICATION_ENVOI = "notification_envoi"


def return_deadline(events: Mapping[ReturnStart, date], *, start_event: ReturnStart) -> date | None:
    """The last day to return the old passport (day 40 inclusive); None until the start event happened."""
    start = events.get(start_event)
    return start + timedelta(days=RETURN_DAYS) if start is not None else None


def check_return(
    events: Mapping[ReturnStart, date],
    *,
    start_event: ReturnStart,
    returned_on: date | None,
    today: date,
    warn_days: int = 7,
) -> list[Violation]:
    """R-PASS-1: after day 40 with no return the new passport is invalidated and reported; warn before."""
    deadline = return_deadline(events, start_event=start_event)
    if deadline is None or (returned_on is not None and returned_on <= deadline):
        return []
    if returned_on is None and today <= deadline:
        if (deadline - today).days <= warn_days:
            return [
                Violation(
                    "R-PASS-1",
                    _(
                        "L'ancien passeport doit être renvoyé au plus tard le {deadline} : rappelez-le au demandeur."
                    ).format(deadline=deadline.strftime("%d/%m/%Y")),
                    None,
                    AVERTISSEMENT,
                )
            ]
        return []
    return [
        Violation(
            "R-PASS-1",
            _(
                "L'ancien passeport n'a pas été renvoyé dans les 40 jours : le nouveau passeport doit "
                "être invalidé et signalé à Interpol."
            ),
            None,
            ERREUR,
        )
    ]
