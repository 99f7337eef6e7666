"""One error type per layer of the chip stack; only CardError carries a message meant for the agent."""

from __future__ import annotations

from desktop.i18n import N_, _


class TlvError(ValueError):
    """Malformed BER-TLV or ASN.1 bytes (untrusted chip data)."""


class LdsError(ValueError):
    """A logical data structure file (EF.COM, DG1, DG2, EF.SOD, EF.CardAccess) that cannot be understood."""


class UnsupportedAlgorithmError(LdsError):
    """A curve, signature or hash algorithm the card layer does not implement: the check it serves is not run, which
    is not the same as failed (the document may well be genuine)."""


class SecureMessagingError(ValueError):
    """A secure-messaging response that fails its MAC, its structure or its padding."""


class CardError(Exception):
    """A read that failed; `message` is French, for the agent, and holds no personal data."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# French messages for the agent, keyed by a stable code so views and tests can tell them apart.
MESSAGES: dict[str, str] = {
    "wrong_can": N_("Mauvais CAN : vérifiez les 6 chiffres imprimés au recto de la carte."),
    "wrong_mrz": (
        N_("Mauvaises données MRZ : vérifiez le numéro du document, la date de naissance et la date d'expiration.")
    ),
    "card_removed": N_("Carte retirée pendant la lecture : replacez-la et recommencez."),
    "no_card": N_("Aucun document sur le lecteur : posez la carte ou le passeport sur le lecteur."),
    "no_reader": N_("Aucun lecteur de carte n'est branché."),
    "reader_unknown": N_("Ce lecteur de carte n'est plus disponible : choisissez-en un autre."),
    "pcsc_unavailable": N_("Le service des lecteurs de carte (PC/SC) ne répond pas : redémarrez le poste."),
    "cancelled": N_("Lecture annulée."),
    "no_emrtd": N_("Ce document n'a pas de puce d'identité lisible (application eMRTD absente)."),
    "unsupported": N_("Ce document utilise un protocole d'accès que Guichet ne prend pas en charge."),
    "bad_can_format": N_("Le CAN doit compter exactement 6 chiffres."),
    "bad_mrz_format": (
        N_(
            "Données MRZ illisibles : saisissez la bande MRZ complète ou le numéro, "
            "la date de naissance et la date d'expiration avec leurs clés."
        )
    ),
    "chip_error": N_("La puce a répondu de façon inattendue : retirez le document et recommencez."),
    "communication": N_("La communication avec la puce a échoué : replacez le document et recommencez."),
    "unresponsive": N_("La puce ne répond plus : retirez le document, reposez-le bien à plat et recommencez."),
}


def card_error(code: str) -> CardError:
    """A CardError with the agent message registered for `code`."""
    return CardError(code, _(MESSAGES[code]))
