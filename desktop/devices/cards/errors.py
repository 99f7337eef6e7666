"""One error type per layer of the chip stack; only CardError carries a message meant for the agent."""

from __future__ import annotations


class TlvError(ValueError):
    """Malformed BER-TLV or ASN.1 bytes (untrusted chip data)."""


class LdsError(ValueError):
    """A logical data structure file (EF.COM, DG1, DG2, EF.SOD, EF.CardAccess) that cannot be understood."""


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
    "wrong_can": "Mauvais CAN : vérifiez les 6 chiffres imprimés au recto de la carte.",
    "wrong_mrz": (
        "Mauvaises données MRZ : vérifiez le numéro du document, la date de naissance et la date d’expiration."
    ),
    "card_removed": "Carte retirée pendant la lecture : replacez-la et recommencez.",
    "no_card": "Aucun document sur le lecteur : posez la carte ou le passeport sur le lecteur.",
    "no_reader": "Aucun lecteur de carte n’est branché.",
    "reader_unknown": "Ce lecteur de carte n’est plus disponible : choisissez-en un autre.",
    "pcsc_unavailable": "Le service des lecteurs de carte (PC/SC) ne répond pas : redémarrez le poste.",
    "cancelled": "Lecture annulée.",
    "no_emrtd": "Ce document n’a pas de puce d’identité lisible (application eMRTD absente).",
    "unsupported": "Ce document utilise un protocole d’accès que Guichet ne prend pas en charge.",
    "bad_can_format": "Le CAN doit compter exactement 6 chiffres.",
    "bad_mrz_format": (
        "Données MRZ illisibles : saisissez la bande MRZ complète ou le numéro, "
        "la date de naissance et la date d’expiration avec leurs clés."
    ),
    "chip_error": "La puce a répondu de façon inattendue : retirez le document et recommencez.",
    "communication": "La communication avec la puce a échoué : replacez le document et recommencez.",
    "unresponsive": "La puce ne répond plus : retirez le document, reposez-le bien à plat et recommencez.",
}


def card_error(code: str) -> CardError:
    """A CardError with the agent message registered for `code`."""
    return CardError(code, MESSAGES[code])
