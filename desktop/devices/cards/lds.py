"""Logical Data Structure files of an eMRTD (ICAO 9303-10): EF.COM, DG1, DG2 and EF.SOD, parsed from chip bytes."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.devices.cards.errors import LdsError, TlvError
from desktop.devices.cards.tlv import Tlv, oid_decode, parse_single, read_int
from desktop.i18n import _

OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"

# Data group number -> tag, for those we read, and EF.COM's tag list.
DG_TAGS = {1: 0x61, 2: 0x75, 11: 0x6B, 12: 0x6C, 14: 0x6E, 15: 0x6F}
FILE_IDS = {
    "COM": 0x011E,
    "DG1": 0x0101,
    "DG2": 0x0102,
    "DG11": 0x010B,
    "DG12": 0x010C,
    "DG14": 0x010E,
    "DG15": 0x010F,
    "SOD": 0x011D,
    "CardAccess": 0x011C,
}


def _guard(what: str) -> LdsError:
    return LdsError(f"{what} illisible")


def parse_com(data: bytes) -> list[int]:
    """The tags of the data groups EF.COM says are present."""
    try:
        root = parse_single(data, 0x60)
        return list(root.child(0x5C).value)
    except TlvError as exc:
        raise _guard("EF.COM") from exc


def parse_dg1(data: bytes) -> str:
    """The MRZ text held by DG1 (TD1 90, TD2 72 or TD3 88 characters)."""
    try:
        root = parse_single(data, 0x61)
        raw = root.child(0x5F1F).value
    except TlvError as exc:
        raise _guard("DG1") from exc
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as exc:
        raise _guard("DG1") from exc
    if len(text) not in (72, 88, 90):
        raise LdsError(_("MRZ du DG1 de longueur inattendue"))
    return text


def parse_dg11_birth(data: bytes) -> tuple[int, int, int] | None:
    """DG11's full date of birth (tag 5F2B) as (year, month, day), month and day 0 when the document leaves them
    unknown; None when DG11 does not hold one. Written YYYYMMDD in ASCII (ICAO 9303-10), or in 4 BCD bytes by older
    documents."""
    try:
        root = parse_single(data, 0x6B)
        found = next((item.value for item in root.children() if item.tag == 0x5F2B), None)
    except TlvError as exc:
        raise _guard("DG11") from exc
    if found is None:
        return None
    text = found.hex() if len(found) == 4 else found.decode("ascii", "replace")
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise LdsError(_("date de naissance du DG11 illisible"))
    return int(text[:4]), int(text[4:6]), int(text[6:])


@dataclass(frozen=True, slots=True)
class FaceImage:
    """The encoded face image of DG2 and its format ('jpeg' or 'jpeg2000')."""

    data: bytes
    format: str
    width: int
    height: int


_FAC_HEADER = 14
_FACE_INFO = 20
_IMAGE_INFO = 12


def _parse_facial_record(block: bytes) -> FaceImage:
    """The first image of an ISO/IEC 19794-5 facial record ('FAC\\0')."""
    if len(block) < _FAC_HEADER + _FACE_INFO + _IMAGE_INFO or block[:4] != b"FAC\x00":
        raise LdsError("enregistrement facial ISO 19794-5 invalide")
    pos = _FAC_HEADER
    block_length = int.from_bytes(block[pos : pos + 4], "big")
    points = int.from_bytes(block[pos + 4 : pos + 6], "big")
    info = pos + _FACE_INFO + 8 * points
    end = pos + block_length
    if info + _IMAGE_INFO > len(block) or end > len(block) or end <= info + _IMAGE_INFO:
        raise LdsError(_("enregistrement facial tronqué"))
    kind = block[info + 1]
    width = int.from_bytes(block[info + 2 : info + 4], "big")
    height = int.from_bytes(block[info + 4 : info + 6], "big")
    image = block[info + _IMAGE_INFO : end]
    if kind == 0 and image[:3] == b"\xff\xd8\xff":
        return FaceImage(image, "jpeg", width, height)
    if kind == 1 and (image[:4] == b"\x00\x00\x00\x0c" or image[:4] == b"\xff\x4f\xff\x51"):
        return FaceImage(image, "jpeg2000", width, height)
    raise LdsError(_("format d'image du visage inconnu"))


def parse_dg2(data: bytes) -> FaceImage:
    """The face image of DG2 (first biometric information template)."""
    try:
        root = parse_single(data, 0x75)
        group = root.child(0x7F61)
        template = next(item for item in group.children() if item.tag == 0x7F60)
        block: Tlv | None = None
        for item in template.children():
            if item.tag in (0x5F2E, 0x7F2E):
                block = item
                break
    except (TlvError, StopIteration) as exc:
        raise _guard("DG2") from exc
    if block is None:
        raise LdsError("DG2 sans image")
    return _parse_facial_record(block.value)


@dataclass(frozen=True, slots=True)
class SignedContent:
    """A CMS SignedData (RFC 5652) as ICAO's signed files use it: one content, one signer, signed attributes."""

    content_type: str
    econtent: bytes
    digest_algorithm: str
    signed_attrs: bytes  # DER of the SET, with the tag 31 that the signature covers
    message_digest: bytes
    signature_algorithm: str
    signature_parameters: bytes
    signature: bytes
    certificates: tuple[bytes, ...]


@dataclass(frozen=True, slots=True)
class SecurityObject(SignedContent):
    """What passive authentication needs from EF.SOD (a CMS SignedData over an LDSSecurityObject)."""

    hash_algorithm: str
    dg_hashes: dict[int, bytes]


def _algorithm(item: Tlv) -> tuple[str, bytes]:
    parts = item.children()
    if item.tag != 0x30 or not parts:
        raise TlvError("AlgorithmIdentifier attendu")
    return oid_decode(parts[0]), parts[1].raw if len(parts) > 1 else b""


def _lds_security_object(econtent: bytes) -> tuple[str, dict[int, bytes]]:
    parts = parse_single(econtent, 0x30).children()
    if len(parts) < 3:
        raise TlvError("LDSSecurityObject incomplet")
    algorithm, _ = _algorithm(parts[1])
    hashes: dict[int, bytes] = {}
    for entry in parts[2].children():
        number, value = entry.children()[:2]
        if value.tag != 0x04:
            raise TlvError("empreinte attendue")
        hashes[read_int(number)] = value.value
    return algorithm, hashes


def parse_signed_data(content_info: bytes) -> SignedContent:
    """A ContentInfo { signedData, SignedData }: its content, its one signer's attributes and signature, its
    certificates. TlvError (or IndexError, ValueError) when it is not one."""
    parts = parse_single(content_info, 0x30).children()
    if len(parts) != 2 or oid_decode(parts[0]) != OID_SIGNED_DATA:
        raise TlvError("SignedData attendu")
    signed = parse_single(parts[1].value, 0x30).children()
    encap = signed[2].children()
    content_type = oid_decode(encap[0])
    econtent = parse_single(encap[1].value, 0x04).value
    certificates = tuple(c.raw for item in signed[3:] if item.tag == 0xA0 for c in item.children())
    signer_set = signed[-1]
    if signer_set.tag != 0x31:
        raise TlvError("SignerInfos attendu")
    signer = signer_set.children()[0].children()
    digest_algorithm, _unused = _algorithm(signer[2])
    attrs = signer[3]
    if attrs.tag != 0xA0:
        raise TlvError(_("attributs signés absents"))
    message_digest = b""
    for attribute in attrs.children():
        pieces = attribute.children()
        if oid_decode(pieces[0]) == OID_MESSAGE_DIGEST:
            message_digest = parse_single(pieces[1].value, 0x04).value
    signature_algorithm, parameters = _algorithm(signer[4])
    signature = signer[5]
    if signature.tag != 0x04:
        raise TlvError("signature attendue")
    return SignedContent(
        content_type=content_type,
        econtent=econtent,
        digest_algorithm=digest_algorithm,
        signed_attrs=b"\x31" + attrs.raw[1:],
        message_digest=message_digest,
        signature_algorithm=signature_algorithm,
        signature_parameters=parameters,
        signature=signature.value,
        certificates=certificates,
    )


def parse_sod(data: bytes) -> SecurityObject:
    """EF.SOD's hashes, signed attributes, signature and embedded certificates."""
    try:
        signed = parse_signed_data(parse_single(data, 0x77).child(0x30).raw)
        if signed.content_type != OID_LDS_SECURITY_OBJECT:
            raise TlvError(_("contenu autre qu'un LDSSecurityObject"))
        hash_algorithm, hashes = _lds_security_object(signed.econtent)
    except (TlvError, IndexError, ValueError) as exc:
        if isinstance(exc, LdsError):
            raise
        raise _guard("EF.SOD") from exc
    fields = {name: getattr(signed, name) for name in SignedContent.__dataclass_fields__}
    return SecurityObject(**fields, hash_algorithm=hash_algorithm, dg_hashes=hashes)


def file_length(header: bytes) -> int:
    """Total length of a file from its first bytes (tag and length), to know how much to read."""
    if not header:
        raise LdsError("fichier vide")
    pos = 1
    if header[0] & 0x1F == 0x1F:
        while pos < len(header) and header[pos] & 0x80 and pos < 4:
            pos += 1
        pos += 1
    if pos >= len(header):
        raise LdsError(_("en-tête de fichier tronqué"))
    first = header[pos]
    if first < 0x80:
        return pos + 1 + first
    count = first & 0x7F
    if count == 0 or count > 3 or pos + 1 + count > len(header):
        raise LdsError(_("longueur de fichier invalide"))
    return pos + 1 + count + int.from_bytes(header[pos + 1 : pos + 1 + count], "big")
