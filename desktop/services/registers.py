"""Where the internet-vote desk finds a voter by NUMIC: the consular register, as a Protocol with its demo and
Null implementations, and the keyed digest under which e-mail addresses are compared and kept."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from desktop.i18n import _


def email_digest(email: str, *, key: bytes) -> str:
    """The keyed digest under which an e-mail address is compared and kept (trimmed, case-folded)."""
    return hmac.new(key, email.strip().casefold().encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class RegisteredVoter:
    """A voter as the Registre des Français établis hors de France holds them (e-mail as a digest only)."""

    numic: str
    nom: str
    prenoms: str
    date_naissance: date
    consulate: str
    email_digest: str | None
    mobile: str | None

    @property
    def display_name(self) -> str:
        """Surname in capitals then given names."""
        return f"{self.nom.upper()} {self.prenoms}"


class ConsularRegister(Protocol):
    """Where the counter looks a NUMIC up: the central store's register, or demo data."""

    def find(self, numic: str) -> RegisteredVoter | None:
        """The voter registered under this (normalised) NUMIC, or None; RegisterUnavailable when it cannot say."""
        ...


class RegisterUnavailable(Exception):
    """The register cannot be asked from this counter now; `message` is French for the agent."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnavailableConsularRegister:
    """The Null register of a production counter: the central store does not serve the consular register yet, so no
    look-up may pretend to answer (the demo's fictitious electors must never reach a real counter)."""

    def find(self, numic: str) -> RegisteredVoter | None:
        """Always refuses, saying why and what to do."""
        raise RegisterUnavailable(
            _(
                "Le Registre des Français établis hors de France n'est pas consultable depuis ce poste : "
                "faites la démarche sur le portail du Registre ou contactez le service consulaire "
                "central."
            )
        )


# Fictitious consular electors for demo mode and tests (the e-mails are reserved example addresses).
DEMO_VOTERS: tuple[tuple[str, str, str, date, str, str | None, str | None], ...] = (
    (
        "MTL2024001",
        "Tremblay-Roux",
        "Camille",
        date(1988, 4, 12),
        "Consulat général de France à Montréal",
        "camille.tremblay-roux@exemple.fr",
        "+1 514 555 0142",
    ),
    (
        "LIS2023417",
        "Pereira-Martin",
        "João Louis",
        date(1975, 11, 3),
        "Consulat général de France à Lisbonne",
        "joao.pereira@exemple.fr",
        "+351 912 345 678",
    ),
    (
        "MAD2021555",
        "García-Lopez",
        "Inès",
        date(1969, 7, 14),
        "Consulat général de France à Madrid",
        "ines.garcia@exemple.fr",
        "+34 612 345 678",
    ),
    (
        "SYD2022088",
        "Nguyen",
        "Mai",
        date(1992, 2, 29),
        "Consulat général de France à Sydney",
        "mai.nguyen@exemple.fr",
        None,
    ),
)


class DemoConsularRegister:
    """A small in-memory register of fictitious electors; addresses are digested as they are loaded."""

    def __init__(
        self,
        *,
        key: bytes,
        voters: Sequence[tuple[str, str, str, date, str, str | None, str | None]] = DEMO_VOTERS,
    ) -> None:
        self._voters = {
            numic: RegisteredVoter(
                numic, nom, prenoms, born, post, email_digest(mail, key=key) if mail else None, mobile
            )
            for numic, nom, prenoms, born, post, mail, mobile in voters
        }

    def find(self, numic: str) -> RegisteredVoter | None:
        """Look a NUMIC up."""
        return self._voters.get(numic)
