"""The printed wording of a receipt, shared by every renderer so the PDF, the roll and the screen say the same."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.receipts.content import (
    DUPLICATE_MARK,
    MAIN_PARTY_LABELS,
    PROVISIONAL_BANNER,
    Receipt,
    ReceiptKind,
    format_datetime_fr,
    format_short_date,
)
from desktop.receipts.signing import SignedReceipt

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


def _party_rows(receipt: Receipt) -> tuple[tuple[str, str], ...]:
    party = receipt.mandant
    rows: list[tuple[str, str]] = [("Nom et prénoms", party.display_name)]
    if party.date_naissance is not None:
        rows.append(("Date de naissance", format_short_date(party.date_naissance)))
    if party.masked_nne:
        rows.append(("N° national d'électeur", party.masked_nne))
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
                ("Lieu", f"{receipt.place.name} ({receipt.place.code})"),
                ("Autorité", receipt.authority.agent_name),
                ("Qualité", receipt.authority.capacity),
            ),
        ),
        Section(MAIN_PARTY_LABELS[receipt.kind], _party_rows(receipt)),
    ]
    if receipt.mandataire is not None:
        sections.append(Section("Mandataire", (("Nom et prénoms", receipt.mandataire.display_name),)))
    object_rows: list[tuple[str, str]] = []
    if receipt.validity:
        object_rows.append((_validity_label(receipt.kind), receipt.validity))
    object_rows.extend(receipt.details)
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
        issuer_name=receipt.place.name,
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
