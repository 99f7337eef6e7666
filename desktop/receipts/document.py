"""The printed wording of a receipt, shared by every renderer so the PDF, the roll and the screen say the same."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.receipts.content import (
    DUPLICATE_MARK,
    MAIN_PARTY_LABELS,
    PROVISIONAL_BANNER,
    Party,
    Receipt,
    ReceiptKind,
    format_datetime_fr,
    format_short_date,
)
from desktop.receipts.signing import SignedReceipt
from desktop.rules.textlimits import (
    GIVEN_NAME_MAX,
    GIVEN_NAMES_MAX,
    ID_MAX,
    LABEL_MAX,
    PARTY_MAX,
    SURNAME_MAX,
    desk_forbidden,
)

REPUBLIC = "RÉPUBLIQUE FRANÇAISE"
MOTTO = ("Liberté", "Égalité", "Fraternité")
QR_CAPTION = "Vérifiable hors ligne"
NEXT_STEPS_TITLE = "Et maintenant ?"
SIGNATURE_CAPTION = "Visa et cachet de l'autorité"
DUPLICATE_NOTE = "Réimpression d'un document déjà remis"


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of label/value rows."""

    title: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ReceiptDocument:
    """Everything a renderer prints, in reading order, already in French."""

    issuer_label: str
    issuer_name: str
    title: str
    number: str
    issued_line: str
    provisional_banner: str | None
    duplicate_mark: str | None
    sections: tuple[Section, ...]
    next_steps: tuple[str, ...]
    qr_payload: str
    qr_caption: str
    key_line: str
    signature_caption: str | None
    footer: str


def printable(text: str, limit: int) -> str:
    """A text as printed: invisible and control characters shown as '?', and at most `limit` characters.

    Input is bounded at the wire's limits before it is saved (rules/textlimits); this bounds what older records
    or other callers hand the renderers, so a receipt always lays out fast and never carries printer commands.
    """
    clean = "".join("?" if desk_forbidden(c) else c for c in text[: limit + 1])
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _name(party: Party) -> str:
    names = printable(party.prenoms, GIVEN_NAMES_MAX * (GIVEN_NAME_MAX + 1))
    return f"{printable(party.nom.upper(), SURNAME_MAX)} {names}".strip()


def _party_rows(receipt: Receipt) -> tuple[tuple[str, str], ...]:
    party = receipt.mandant
    rows: list[tuple[str, str]] = [("Nom et prénoms", _name(party))]
    if party.date_naissance is not None:
        rows.append(("Date de naissance", format_short_date(party.date_naissance)))
    if party.masked_nne:
        rows.append(("N° national d'électeur", printable(party.masked_nne, ID_MAX)))
    return tuple(rows)


def _object_title(kind: ReceiptKind) -> str:
    return {
        ReceiptKind.PROCURATION: "Procuration",
        ReceiptKind.RESILIATION: "Résiliation",
        ReceiptKind.PASSEPORT: "Démarche",
        ReceiptKind.VOTE_INTERNET: "Démarche",
    }[kind]


def _validity_label(kind: ReceiptKind) -> str:
    return {
        ReceiptKind.PROCURATION: "Validité",
        ReceiptKind.RESILIATION: "Portée",
        ReceiptKind.PASSEPORT: "Échéance",
        ReceiptKind.VOTE_INTERNET: "Objet",
    }[kind]


def build_document(signed: SignedReceipt) -> ReceiptDocument:
    """Turn a signed receipt into the French text blocks every renderer lays out."""
    receipt = signed.receipt
    local = receipt.local_issued_at
    zone_note = "" if receipt.place.timezone == "Europe/Paris" else " (heure locale)"
    sections: list[Section] = [
        Section(
            "Lieu et autorité",
            (
                ("Lieu", f"{printable(receipt.place.name, LABEL_MAX)} ({printable(receipt.place.code, ID_MAX)})"),
                ("Autorité", printable(receipt.authority.agent_name, LABEL_MAX)),
                ("Qualité", printable(receipt.authority.capacity, LABEL_MAX)),
            ),
        ),
        Section(MAIN_PARTY_LABELS[receipt.kind], _party_rows(receipt)),
    ]
    if receipt.mandataire is not None:
        sections.append(Section("Mandataire", (("Nom et prénoms", _name(receipt.mandataire)),)))
    object_rows: list[tuple[str, str]] = []
    if receipt.validity:
        object_rows.append((_validity_label(receipt.kind), printable(receipt.validity, PARTY_MAX)))
    object_rows.extend((printable(k, LABEL_MAX), printable(v, PARTY_MAX)) for k, v in receipt.details)
    object_rows.append(("Statut", receipt.status.label))
    sections.append(Section(_object_title(receipt.kind), tuple(object_rows)))
    with_visa = receipt.kind in (ReceiptKind.PROCURATION, ReceiptKind.RESILIATION)
    # A récépissé is masculine, an attestation feminine; only proxies are free by law (R-PARTY-6).
    issued_word = "Délivré" if with_visa else "Délivrée"
    footer = (
        "Procuration établie gratuitement. Conservez ce récépissé : il vous sera utile en cas de question."
        if with_visa
        else "Conservez cette attestation jusqu'à la fin de la démarche."
    )
    return ReceiptDocument(
        issuer_label=receipt.place.label,
        issuer_name=printable(receipt.place.name, LABEL_MAX),
        title=receipt.title,
        number=f"N° {receipt.number}",
        issued_line=f"{issued_word} le {format_datetime_fr(local)}{zone_note}",
        provisional_banner=PROVISIONAL_BANNER if receipt.provisional else None,
        duplicate_mark=DUPLICATE_MARK if receipt.duplicate else None,
        sections=tuple(sections),
        next_steps=receipt.next_steps,
        qr_payload=signed.payload,
        qr_caption=QR_CAPTION,
        key_line=f"Signé par la station, clé {signed.key_id}",
        signature_caption=SIGNATURE_CAPTION if with_visa else None,
        footer=footer,
    )
