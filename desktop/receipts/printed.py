"""Does a receipt's printed text say what its signed QR code says?

The QR code is what the station signed; the paper is what a person reads. A PDF whose text was edited around a
genuine QR code (another number, another date), or a genuine QR code pasted onto another receipt, verified
« VALIDE » before: only the code was read. `printed_mismatches` reads the text layer of the document (pdftotext) and
names each signed field the text contradicts or leaves out. It is pure: the text is given.

What it compares is what the payload carries (docs/SECURITY.md, "Receipt QR code"): the receipt number, the date
and time of issue, the place's kind and code, the kind of document, the status and the station's key id. The names,
the scrutin and the mandataire are not in the payload (only a keyed digest of the mandant's identity, which
`mandant_matches` checks where the station's identity key is at hand).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date

from desktop.receipts.content import (
    IVOTE_TITLES,
    KIND_TITLES,
    MAIN_PARTY_LABELS,
    PROVISIONAL_BANNER,
    Party,
    ReceiptKind,
    format_datetime_fr,
)
from desktop.receipts.payload import ReceiptClaims
from desktop.rules.terms import Status

# The field names a verdict lists (French, as the receipt), in the order printed on the receipt.
NUMBER = "numéro"
ISSUED = "date et heure"
PLACE = "lieu"
KIND = "type de document"
STATUS = "statut"
KEY = "clé de station"
MANDANT = "mandant"
HIDDEN = "caractères invisibles ou de contrôle"

_RECEIPT_NUMBER = re.compile(r"N° (?!national )(\S+)")
_ISSUED = re.compile(r"Délivrée? le (\d{1,2}|1er) (\S+) (\d{4}) à (\d{1,2}) h (\d{2})")
_PLACE_ROW = re.compile(r"\bLieu (.*?) Autorité ")
_STATUS_ROW = re.compile(r"\bStatut (\S+)")
_KEY_LINE = re.compile(r"Signé par la station, clé (\S+)")
_MAX_NAME_WORDS = 12
_SHORT_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


# What a station never prints and a reader never sees: control characters (but the layout's \t \n \r \f) and format
# characters (bidi overrides and isolates, zero-width spaces and joiners, soft hyphens). In a text layer they make
# what is compared differ from what is read: « Statut » and « Validée » glued by a zero-width space, a number shown
# reversed by a bidi override. The counters refuse them in what agents type (R-SAISIE-1).
_LAYOUT = frozenset("\t\n\r\f")


def hidden_characters(text: str) -> bool:
    """Whether the text holds a control or format character that no genuine receipt prints."""
    return any(unicodedata.category(c) in ("Cc", "Cf") and c not in _LAYOUT for c in text)


def flatten(text: str) -> str:
    """The text with every run of white space (line breaks, the layout's columns) made one space."""
    return " ".join(text.split())


def _titles(kind: ReceiptKind) -> tuple[str, ...]:
    if kind is ReceiptKind.VOTE_INTERNET:
        return (KIND_TITLES[kind], *IVOTE_TITLES.values())
    return (KIND_TITLES[kind],)


def _first(pattern: re.Pattern[str], flat: str) -> str | None:
    found = pattern.search(flat)
    return None if found is None else found.group(0)


def printed_mismatches(text: str, claims: ReceiptClaims) -> tuple[str, ...]:
    """The signed fields (`NUMBER`, `ISSUED`, ...) that the printed text contradicts or does not show; () when the
    text says what the code says."""
    flat = flatten(text)
    wrong: list[str] = [HIDDEN] if hidden_characters(text) else []
    # The number and the time follow the title (the station's name above it may hold a « N° » of its own).
    titles = [flat.find(title) + len(title) for title in _titles(claims.kind) if title in flat]
    after_title = min(titles, default=0)
    number = _RECEIPT_NUMBER.search(flat, after_title)
    if number is None or number.group(1) != claims.number:
        wrong.append(NUMBER)
    if _first(_ISSUED, flat[after_title:]) not in {
        f"{word} le {format_datetime_fr(claims.issued_at)}" for word in ("Délivré", "Délivrée")
    }:
        wrong.append(ISSUED)
    place = _PLACE_ROW.search(flat)
    if place is None or not place.group(1).endswith(f"({claims.place_code})") or claims.place_kind.label not in flat:
        wrong.append(PLACE)
    others = (title for kind in ReceiptKind if kind is not claims.kind for title in _titles(kind))
    if not any(title in flat for title in _titles(claims.kind)) or any(title in flat for title in others):
        wrong.append(KIND)
    statuses = _STATUS_ROW.findall(flat)  # the row is the last of its section; nothing after it says « Statut »
    banner = PROVISIONAL_BANNER in flat
    if not statuses or statuses[-1] != claims.status.label or banner != (claims.status is Status.PROVISOIRE):
        wrong.append(STATUS)
    key = _KEY_LINE.search(flat)
    if key is None or key.group(1) != claims.key_id:
        wrong.append(KEY)
    return tuple(wrong)


def printed_parties(text: str, kind: ReceiptKind) -> Iterable[Party]:
    """Every reading of the main party's printed name and birth date as (surname, given names): the surname is
    printed in capitals before the given names, and a surname may hold several words."""
    flat = flatten(text)
    heading = MAIN_PARTY_LABELS[kind].upper()
    start = flat.find(f"{heading} Nom et prénoms ")
    if start < 0:
        return
    rest = flat[start + len(heading) + len(" Nom et prénoms ") :]
    end = min((i for i in (rest.find(" Date de naissance "), rest.find(" N° national ")) if i >= 0), default=-1)
    name = rest if end < 0 else rest[:end]
    born: date | None = None
    if end >= 0 and rest[end:].startswith(" Date de naissance "):
        found = _SHORT_DATE.match(rest, end + len(" Date de naissance "))
        if found is not None:
            day, month, year = (int(g) for g in found.groups())
            try:
                born = date(year, month, day)
            except ValueError:
                born = None
    words = name.split(" ")[:_MAX_NAME_WORDS]
    # Without a birth date or NNE row, the section ends at the next heading: any prefix of the words may be the name.
    ends = range(1, len(words) + 1) if end < 0 else (len(words),)
    for stop in ends:
        for cut in range(1, stop + 1):
            yield Party(nom=" ".join(words[:cut]), prenoms=" ".join(words[cut:stop]), date_naissance=born)


def mandant_matches(text: str, claims: ReceiptClaims, digest: Callable[[Party], bytes]) -> bool:
    """True when the printed main party is the person whose keyed digest the code carries (`digest` is the station's
    `identity_digest`; the verdict needs the station's identity key)."""
    return any(digest(party) == claims.mandant_digest for party in printed_parties(text, claims.kind))
