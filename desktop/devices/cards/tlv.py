"""BER-TLV / DER reading and writing for chip data, bounded so that hostile bytes cannot hang or crash us."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from desktop.devices.cards.errors import TlvError
from desktop.i18n import _

_MAX_TAG_BYTES = 4
_MAX_LENGTH_BYTES = 4


@dataclass(frozen=True, slots=True)
class Tlv:
    """One decoded element: its tag as an integer (e.g. 0x7F61), its value, and its raw encoding."""

    tag: int
    value: bytes
    raw: bytes

    @property
    def constructed(self) -> bool:
        """Whether the value holds further TLV elements (bit 6 of the first tag byte)."""
        first = self.tag
        while first > 0xFF:
            first >>= 8
        return bool(first & 0x20)

    def children(self) -> list[Tlv]:
        """The elements inside a constructed value."""
        return parse_all(self.value)

    def child(self, tag: int) -> Tlv:
        """The first inner element with `tag`; TlvError when absent."""
        for item in parse_all(self.value):
            if item.tag == tag:
                return item
        raise TlvError(_("élément {tag:X} absent").format(tag=tag))


def _read_tag(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise TlvError("tag manquant")
    first = data[pos]
    tag = first
    pos += 1
    if first & 0x1F == 0x1F:
        # Multi-byte tag: continuation bytes have bit 8 set; bounded to keep tags in a sane range.
        for _unused in range(_MAX_TAG_BYTES - 1):
            if pos >= len(data):
                raise TlvError(_("tag tronqué"))
            byte = data[pos]
            tag = (tag << 8) | byte
            pos += 1
            if not byte & 0x80:
                return tag, pos
        raise TlvError("tag trop long")
    return tag, pos


def _read_length(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise TlvError("longueur manquante")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    count = first & 0x7F
    if count == 0:
        raise TlvError(_("longueur indéfinie refusée"))
    if count > _MAX_LENGTH_BYTES or pos + count > len(data):
        raise TlvError("longueur invalide")
    return int.from_bytes(data[pos : pos + count], "big"), pos + count


def parse_one(data: bytes, pos: int = 0) -> tuple[Tlv, int]:
    """The element starting at `pos` and the position just after it."""
    start = pos
    tag, pos = _read_tag(data, pos)
    length, pos = _read_length(data, pos)
    end = pos + length
    if end > len(data):
        raise TlvError(_("valeur tronquée"))
    return Tlv(tag, bytes(data[pos:end]), bytes(data[start:end])), end


def iter_tlv(data: bytes) -> Iterator[Tlv]:
    """Each element of a concatenation; every step consumes at least two bytes, so it ends."""
    pos = 0
    while pos < len(data):
        item, pos = parse_one(data, pos)
        yield item


def parse_all(data: bytes) -> list[Tlv]:
    """All elements of a concatenation."""
    return list(iter_tlv(data))


def parse_single(data: bytes, tag: int | None = None) -> Tlv:
    """Exactly one element filling `data` (trailing zero padding allowed, as chips pad files)."""
    item, end = parse_one(data)
    if data[end:].strip(b"\x00"):
        raise TlvError(_("octets en trop après l'élément"))
    if tag is not None and item.tag != tag:
        raise TlvError(_("tag {tag:X} au lieu de {tag2:X}").format(tag=item.tag, tag2=tag))
    return item


def encode_length(length: int) -> bytes:
    """DER length octets."""
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def encode(tag: int, value: bytes) -> bytes:
    """One DER element."""
    tag_bytes = tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")
    return tag_bytes + encode_length(len(value)) + value


def seq(*items: bytes) -> bytes:
    """A DER SEQUENCE of already encoded items."""
    return encode(0x30, b"".join(items))


def set_of(*items: bytes) -> bytes:
    """A DER SET OF, sorted by encoding as DER requires."""
    return encode(0x31, b"".join(sorted(items)))


def der_int(value: int) -> bytes:
    """A DER INTEGER (non-negative)."""
    body = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return encode(0x02, body)


def read_int(item: Tlv) -> int:
    """The value of an INTEGER element."""
    if item.tag != 0x02 or not item.value or len(item.value) > 64:
        raise TlvError("entier attendu")
    return int.from_bytes(item.value, "big", signed=True)


def oid_encode(dotted: str) -> bytes:
    """The DER OBJECT IDENTIFIER for a dotted string."""
    arcs = [int(part) for part in dotted.split(".")]
    body = bytearray([arcs[0] * 40 + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body.extend(reversed(chunk))
    return encode(0x06, bytes(body))


def oid_decode(item: Tlv) -> str:
    """The dotted string of an OBJECT IDENTIFIER element."""
    if item.tag != 0x06 or not item.value or len(item.value) > 64 or item.value[-1] & 0x80:
        raise TlvError(_("identifiant d'objet invalide"))
    arcs: list[int] = []
    acc = 0
    for byte in item.value:
        acc = (acc << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(acc)
            acc = 0
    first = arcs[0]
    head = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    return ".".join(str(a) for a in head + arcs[1:])
