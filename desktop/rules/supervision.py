"""Cases the spec hands to a human (spec "[UNCERTAIN] … refer it to a human"): the engine says so, a supervisor decides.

A violation with severity ``decision_superviseur`` neither blocks like an ``erreur`` nor is cleared by the agent like
an ``avertissement``: the act waits until a supervisor accepts or refuses it (by whom, when, why are recorded).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.i18n import N_, _

SUPERVISOR_DECISIONS: dict[str, str] = {
    "R-ELIG-4": N_("un citoyen européen sur un jour de vote qui mêle des élections où il peut et ne peut pas voter"),
    "R-HOME-4": N_("un déplacement à domicile pour une procuration établie à l'étranger (non prévu par les textes)"),
}
"""Rule id → what the supervisor decides (the list docs/RULES.md gives)."""

ACCEPTEE = "acceptee"
REFUSEE = "refusee"


@dataclass(frozen=True, slots=True)
class SupervisorRuling:
    """A supervisor's answer on the cases of one act: accepted or refused, and why (who and when: the caller)."""

    accepted: bool
    reason: str

    def check(self) -> str | None:
        """A French problem with the ruling, or None: a reason is always required."""
        if len(self.reason.strip()) < 3:
            return _("Indiquez le motif de la décision du superviseur.")
        return None
