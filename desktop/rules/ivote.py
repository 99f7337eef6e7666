"""Renewing internet-vote credentials for French voters abroad (spec §10)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desktop.i18n import _
from desktop.rules.identifiers import IdentifierError, normalize_numic
from desktop.rules.types import Violation

CREDENTIAL_RE = re.compile(r"[A-Z0-9]{12}")
SECURITY_CODE_RE = re.compile(r"[0-9]{4}")
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Credential(StrEnum):
    """The two internet-vote credentials."""

    IDENTIFIANT = "identifiant"
    MOT_DE_PASSE = "mot_de_passe"


def check_renewal_request(*, numic: str, email: str, renew: frozenset[Credential]) -> list[Violation]:
    """R-IVOTE-1 and R-IVOTE-5: NUMIC and e-mail given; never identifier and password at once."""
    out: list[Violation] = []
    try:
        normalize_numic(numic, field="numic")
    except IdentifierError as err:
        out.append(err.violation())
    if not _EMAIL_RE.fullmatch(email.strip()):
        out.append(
            Violation(
                "R-IVOTE-1", _("Saisissez l'adresse électronique donnée au consulat ou au registre en ligne."), "email"
            )
        )
    if not renew:
        out.append(Violation("R-IVOTE-1", _("Choisissez l'identifiant ou le mot de passe à renouveler."), "renew"))
    elif len(renew) > 1:
        out.append(
            Violation(
                "R-IVOTE-5",
                _(
                    "Pour des raisons de sécurité, l'identifiant et le mot de passe ne peuvent pas être "
                    "renouvelés en même temps : renouvelez l'un, puis l'autre."
                ),
                "renew",
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class RenewalLink:
    """The e-mailed link: valid for one renewal only (R-IVOTE-2)."""

    token: str
    used_at: datetime | None = None


def check_link(link: RenewalLink) -> list[Violation]:
    """R-IVOTE-2: a used link is refused."""
    if link.used_at is None:
        return []
    # Neutral: the link may have served an identifier or a password renewal (R-IVOTE-5), and the link does not say.
    return [Violation("R-IVOTE-2", _("Ce lien a déjà servi : demandez un nouveau renouvellement."), None)]


def use_link(link: RenewalLink, *, now: datetime) -> RenewalLink:
    """The link marked as used; raises ValueError when it already was (single use)."""
    if link.used_at is not None:
        raise ValueError(_("lien déjà utilisé"))
    return RenewalLink(link.token, now)


def check_link_form(*, password: str, security_code: str) -> list[Violation]:
    """R-IVOTE-3 and R-IVOTE-6: the SMS password (12 upper-case letters or digits) and the 4-digit code."""
    out: list[Violation] = []
    if not CREDENTIAL_RE.fullmatch(password.strip().upper()):
        out.append(
            Violation(
                "R-IVOTE-6", _("Le mot de passe reçu par SMS compte 12 lettres majuscules ou chiffres."), "password"
            )
        )
    if not SECURITY_CODE_RE.fullmatch(security_code.strip()):
        out.append(Violation("R-IVOTE-3", _("Saisissez les 4 chiffres du code de sécurité."), "security_code"))
    return out


def valid_credential(value: str) -> bool:
    """R-IVOTE-6: identifier and password are 12 upper-case letters or digits."""
    return CREDENTIAL_RE.fullmatch(value) is not None


def check_contact_details(*, email: str | None, mobile: str | None) -> list[Violation]:
    """R-IVOTE-7: internet voting needs an e-mail address and a mobile number in the Registre."""
    out: list[Violation] = []
    if not email or not _EMAIL_RE.fullmatch(email.strip()):
        out.append(
            Violation(
                "R-IVOTE-7",
                _("Une adresse électronique valide doit figurer au Registre pour voter par internet."),
                "email",
            )
        )
    if not mobile or sum(c.isdigit() for c in mobile) < 8:
        out.append(
            Violation(
                "R-IVOTE-7",
                _("Un numéro de téléphone portable doit figurer au Registre pour voter par internet."),
                "mobile",
            )
        )
    return out
