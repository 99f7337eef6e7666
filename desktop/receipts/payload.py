"""The QR payload of a receipt: a compact binary message close to ANTS 2D-Doc, base32 for QR alphanumeric mode.

Layout (all integers big-endian), signed part first, then the 64-byte Ed25519 signature:

    header   version u8 | key id 4 × [A-Z0-9] | issue date u16 (days since 2000-01-01, as 2D-Doc) | kind u8
    message  fields, each: id 2 × [A-Z] | length u8 | value      (2D-Doc: data identifier + value)
             NR receipt number (UTF-8)   HE time: minutes u16 + UTC offset i8 in quarter hours
             LT place kind u8            LC place code (UTF-8)
             ST status u8                ID keyed digest of the mandant's identity (12 bytes)
    signature Ed25519 over header ‖ message                          (2D-Doc: signature zone)

Text form: ``GC`` then the bytes in base32, upper case, unpadded. Every character is in the QR alphanumeric set,
so about 220 characters fit a version 8 code at error correction M.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from desktop.receipts.content import ReceiptKind
from desktop.rules.terms import PlaceKind, Status

PREFIX = "GC"
VERSION = 1
SIGNATURE_LENGTH = 64
DIGEST_LENGTH = 12
EPOCH = date(2000, 1, 1)
MAX_TEXT_LENGTH = 400  # far above any payload we emit; bounds the work done on untrusted input

_KEY_ID = re.compile(r"[A-Z0-9]{4}\Z")
_HEADER = struct.Struct(">B4sHB")

KIND_CODES: dict[ReceiptKind, int] = {
    ReceiptKind.PROCURATION: 1,
    ReceiptKind.RESILIATION: 2,
    ReceiptKind.PASSEPORT: 3,
    ReceiptKind.VOTE_INTERNET: 4,
}
STATUS_CODES: dict[Status, int] = {
    Status.PROVISOIRE: 1,
    Status.VALIDEE: 2,
    Status.INVALIDEE: 3,
    Status.RESILIEE: 4,
    Status.EXPIREE: 5,
    Status.ANNULEE: 6,
    Status.ENREGISTREE: 7,
}
PLACE_CODES: dict[PlaceKind, int] = {
    PlaceKind.COMMISSARIAT: 1,
    PlaceKind.BRIGADE_GENDARMERIE: 2,
    PlaceKind.LIEU_PREFET: 3,
    PlaceKind.TRIBUNAL_JUDICIAIRE: 4,
    PlaceKind.CONSULAT: 5,
    PlaceKind.AMBASSADE: 6,
    PlaceKind.CONSUL_HONORAIRE: 7,
}
_KINDS = {v: k for k, v in KIND_CODES.items()}
_STATUSES = {v: k for k, v in STATUS_CODES.items()}
_PLACES = {v: k for k, v in PLACE_CODES.items()}
_FIELDS = ("NR", "HE", "LT", "LC", "ST", "ID")


class ReceiptPayloadError(ValueError):
    """A payload that cannot be read or trusted; ``reason`` is a French sentence for the agent."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ReceiptClaims:
    """What a receipt's QR code asserts, as signed by the station."""

    key_id: str
    number: str
    kind: ReceiptKind
    issued_at: datetime
    place_kind: PlaceKind
    place_code: str
    status: Status
    mandant_digest: bytes
    version: int = VERSION


@dataclass(frozen=True, slots=True)
class ParsedPayload:
    """A payload split into its claims, the exact bytes signed and the signature."""

    claims: ReceiptClaims
    signed: bytes
    signature: bytes


def valid_key_id(key_id: str) -> bool:
    """True for a 4-character upper-case alphanumeric key id."""
    return bool(_KEY_ID.match(key_id))


def encode_signed_part(claims: ReceiptClaims) -> bytes:
    """Serialise the claims into the bytes the station signs."""
    if not valid_key_id(claims.key_id):
        raise ValueError("key id must be 4 characters A-Z 0-9")
    if len(claims.mandant_digest) != DIGEST_LENGTH:
        raise ValueError(f"mandant digest must be {DIGEST_LENGTH} bytes")
    offset = claims.issued_at.utcoffset()
    if offset is None:
        raise ValueError("issued_at must be aware")
    quarters, rest = divmod(int(offset.total_seconds()), 900)
    if rest or not -64 <= quarters <= 64:
        raise ValueError("UTC offset must be a whole number of quarter hours")
    days = (claims.issued_at.date() - EPOCH).days
    if not 0 <= days <= 0xFFFF:
        raise ValueError("issue date out of range")
    minutes = claims.issued_at.hour * 60 + claims.issued_at.minute
    header = _HEADER.pack(VERSION, claims.key_id.encode("ascii"), days, KIND_CODES[claims.kind])
    fields = (
        ("NR", claims.number.encode("utf-8")),
        ("HE", struct.pack(">Hb", minutes, quarters)),
        ("LT", bytes([PLACE_CODES[claims.place_kind]])),
        ("LC", claims.place_code.encode("utf-8")),
        ("ST", bytes([STATUS_CODES[claims.status]])),
        ("ID", claims.mandant_digest),
    )
    out = bytearray(header)
    for field_id, value in fields:
        if len(value) > 255:
            raise ValueError(f"field {field_id} too long")
        out += field_id.encode("ascii") + bytes([len(value)]) + value
    return bytes(out)


def to_text(signed: bytes, signature: bytes) -> str:
    """The QR text: prefix then unpadded upper-case base32."""
    return PREFIX + base64.b32encode(signed + signature).decode("ascii").rstrip("=")


def parse(text: str) -> ParsedPayload:
    """Split untrusted QR text into claims and signature; raises only ReceiptPayloadError."""
    if not isinstance(text, str):
        raise ReceiptPayloadError("Le contenu lu n'est pas un texte.")
    text = "".join(text.split())
    if len(text) > MAX_TEXT_LENGTH:
        raise ReceiptPayloadError("Le code lu est trop long pour être un récépissé Guichet.")
    if not text.startswith(PREFIX):
        raise ReceiptPayloadError("Ce code n'est pas un récépissé Guichet.")
    raw = _b32decode(text[len(PREFIX) :])
    if len(raw) < _HEADER.size + SIGNATURE_LENGTH:
        raise ReceiptPayloadError("Le code du récépissé est incomplet.")
    signed, signature = raw[:-SIGNATURE_LENGTH], raw[-SIGNATURE_LENGTH:]
    return ParsedPayload(claims=_decode_signed_part(signed), signed=signed, signature=signature)


def _b32decode(body: str) -> bytes:
    if len(body) % 8 in (1, 3, 6):
        raise ReceiptPayloadError("Le code du récépissé est tronqué ou altéré.")
    try:
        return base64.b32decode(body + "=" * (-len(body) % 8), casefold=False)
    except (binascii.Error, ValueError) as exc:
        raise ReceiptPayloadError("Le code du récépissé contient des caractères invalides.") from exc


def _decode_signed_part(signed: bytes) -> ReceiptClaims:
    version, key_raw, days, kind_code = _HEADER.unpack_from(signed)
    if version != VERSION:
        raise ReceiptPayloadError(f"Version de récépissé inconnue ({version}).")
    key_id = key_raw.decode("latin-1")
    if not valid_key_id(key_id):
        raise ReceiptPayloadError("Identifiant de clé invalide dans le récépissé.")
    if kind_code not in _KINDS:
        raise ReceiptPayloadError("Type de récépissé inconnu.")
    fields = _read_fields(signed[_HEADER.size :])
    try:
        number = fields["NR"].decode("utf-8")
        place_code = fields["LC"].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReceiptPayloadError("Texte illisible dans le récépissé.") from exc
    if not number or not place_code:
        raise ReceiptPayloadError("Numéro de récépissé ou code du lieu manquant.")
    if len(fields["HE"]) != 3 or len(fields["LT"]) != 1 or len(fields["ST"]) != 1:
        raise ReceiptPayloadError("Champ de longueur invalide dans le récépissé.")
    if len(fields["ID"]) != DIGEST_LENGTH:
        raise ReceiptPayloadError("Empreinte d'identité invalide dans le récépissé.")
    place_kind = _PLACES.get(fields["LT"][0])
    status = _STATUSES.get(fields["ST"][0])
    if place_kind is None or status is None:
        raise ReceiptPayloadError("Lieu ou statut inconnu dans le récépissé.")
    minutes, quarters = struct.unpack(">Hb", fields["HE"])
    if minutes >= 24 * 60 or not -64 <= quarters <= 64:
        raise ReceiptPayloadError("Heure invalide dans le récépissé.")
    day = EPOCH + timedelta(days=days)
    zone = timezone(timedelta(minutes=15 * quarters))
    issued_at = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=zone)
    return ReceiptClaims(
        key_id=key_id,
        number=number,
        kind=_KINDS[kind_code],
        issued_at=issued_at,
        place_kind=place_kind,
        place_code=place_code,
        status=status,
        mandant_digest=bytes(fields["ID"]),
        version=version,
    )


def _read_fields(data: bytes) -> dict[str, bytes]:
    fields: dict[str, bytes] = {}
    pos = 0
    while pos < len(data):
        if pos + 3 > len(data):
            raise ReceiptPayloadError("Champ tronqué dans le récépissé.")
        field_id = data[pos : pos + 2].decode("latin-1")
        length = data[pos + 2]
        value = data[pos + 3 : pos + 3 + length]
        if len(value) != length:
            raise ReceiptPayloadError("Champ tronqué dans le récépissé.")
        if field_id not in _FIELDS:
            raise ReceiptPayloadError("Champ inconnu dans le récépissé.")
        if field_id in fields:
            raise ReceiptPayloadError("Champ répété dans le récépissé.")
        fields[field_id] = value
        pos += 3 + length
    missing = [f for f in _FIELDS if f not in fields]
    if missing:
        raise ReceiptPayloadError("Champ obligatoire absent du récépissé.")
    return fields
