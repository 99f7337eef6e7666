"""R-ELIG-5: a procuration is annulled automatically when its mandataire dies or loses civic rights.

Pure: the caller passes the mandataire's procurations and the instant the register reports. The slots are freed from
that instant (the limits read `ProcurationFacts.annulled_at`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from desktop.i18n import N_, _
from desktop.rules.types import ProcurationFacts


class AnnulmentCause(StrEnum):
    """What the register reports about the mandataire."""

    DECES = "deces"
    PERTE_DROITS_CIVIQUES = "perte_droits_civiques"

    @property
    def label(self) -> str:
        """French wording for messages."""
        return (
            _("décès du mandataire") if self is AnnulmentCause.DECES else _("perte des droits civiques du mandataire")
        )


ANNULLED_MESSAGE = (
    "Procuration annulée de plein droit : {cause} (R-ELIG-5). Les créneaux du mandataire sont libérés. "
    "Dites au mandant de désigner un autre mandataire (nouvelle procuration)."
)
REFUSED_MESSAGE = (
    "Le mandataire ne peut plus voter : {cause} inscrit au répertoire (R-ELIG-5). Dites au mandant de désigner un "
    "autre mandataire."
)
# The central store (French) builds the two messages above; the desk shows this one in the agent's language.
TELL_MANDANT = N_("Procuration annulée : le mandant doit désigner un autre mandataire (R-ELIG-5).")


def annulled_message(cause: AnnulmentCause) -> str:
    """The French message carried with the « annulée » status."""
    return ANNULLED_MESSAGE.format(cause=cause.label)


def refused_message(cause: AnnulmentCause) -> str:
    """The French message of a procuration established after the mandataire's death or loss of rights."""
    return REFUSED_MESSAGE.format(cause=cause.label[0].upper() + cause.label[1:])


def annulled_by(procurations: Iterable[ProcurationFacts], *, mandataire_key: str, at: datetime) -> list[str]:
    """Ids of the mandataire's procurations the event at `at` annuls: established before it, not revoked before it."""
    out = []
    for p in procurations:
        if p.mandataire_key != mandataire_key or p.void_other or p.established_at >= at:
            continue
        if p.revoked_at is not None and p.revoked_at <= at:
            continue
        out.append(p.id)
    return sorted(out)
