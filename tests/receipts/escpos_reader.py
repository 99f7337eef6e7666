"""A small ESC/POS interpreter for tests: what text, QR codes, images and cuts a printer would produce."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

ESC, GS, DLE = 0x1B, 0x1D, 0x10
# Commands with fixed-length arguments: (prefix, second byte) -> argument length.
_FIXED = {
    (ESC, ord("@")): 0,
    (ESC, ord("!")): 1,
    (ESC, ord("E")): 1,
    (ESC, ord("-")): 1,
    (ESC, ord("a")): 1,
    (ESC, ord("M")): 1,
    (ESC, ord("d")): 1,
    (ESC, ord("{")): 1,
    (ESC, ord("G")): 1,
    (ESC, ord("2")): 0,
    (ESC, ord("3")): 1,
    (GS, ord("!")): 1,
    (GS, ord("B")): 1,
    (GS, ord("b")): 1,
}


@dataclass
class PrintedJob:
    """What came out of the stream."""

    text_bytes: bytearray = field(default_factory=bytearray)
    codepage: int | None = None
    qr_codes: list[bytes] = field(default_factory=list)
    images: list[Image.Image] = field(default_factory=list)
    cuts: int = 0
    inverted_text: bytearray = field(default_factory=bytearray)
    unknown: list[bytes] = field(default_factory=list)


def interpret(stream: bytes) -> PrintedJob:
    """Walk the byte stream; fail loudly on any command this interpreter does not know."""
    job = PrintedJob()
    inverted = False
    i = 0
    while i < len(stream):
        byte = stream[i]
        if byte in (ESC, GS) and i + 1 < len(stream):
            key = (byte, stream[i + 1])
            if key == (ESC, ord("t")):
                job.codepage = stream[i + 2]
                i += 3
            elif key == (GS, ord("B")):
                inverted = stream[i + 2] == 1
                i += 3
            elif key in _FIXED:
                i += 2 + _FIXED[key]
            elif key == (GS, ord("(")) and stream[i + 2] == ord("k"):
                length = stream[i + 3] | (stream[i + 4] << 8)
                body = stream[i + 5 : i + 5 + length]
                if body[:3] == b"1P0":  # store QR data
                    job.qr_codes.append(bytes(body[3:]))
                i += 5 + length
            elif key == (GS, ord("v")) and stream[i + 2] == ord("0"):
                width_bytes = stream[i + 4] | (stream[i + 5] << 8)
                height = stream[i + 6] | (stream[i + 7] << 8)
                size = width_bytes * height
                data = stream[i + 8 : i + 8 + size]
                image = Image.frombytes("1", (width_bytes * 8, height), bytes(data))
                # ESC/POS raster: bit set = black dot; PIL mode "1": bit set = white. Invert.
                job.images.append(Image.eval(image.convert("L"), lambda v: 255 - v))
                i += 8 + size
            elif key == (GS, ord("V")):
                mode = stream[i + 2]
                i += 4 if mode in (65, 66) else 3
                job.cuts += 1
            else:
                job.unknown.append(bytes(stream[i : i + 2]))
                i += 2
            continue
        if byte < 0x20 and byte != 0x0A:
            job.unknown.append(bytes([byte]))
        else:
            job.text_bytes.append(byte)
            if inverted:
                job.inverted_text.append(byte)
        i += 1
    return job
