"""An independent verifier of Guichet's receipts and audit exports, written from docs/SECURITY.md ("Checking without
Guichet") alone, as a prefecture, a court or an inspector could: poppler and zbar read the paper, OpenSSL or the
`cryptography` primitives check the signatures. It imports nothing of `desktop` or `central` (test_layering-like
check in test_receipt_third_party.py): where the docs were not enough, the docs were fixed.
"""

from __future__ import annotations

import base64
import hmac
import json
import struct
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")
KINDS = {1: "procuration", 2: "resiliation", 3: "passeport", 4: "vote_internet"}
TITLES = {
    "procuration": ("Récépissé d'établissement de procuration de vote",),
    "resiliation": ("Récépissé de résiliation de procuration de vote",),
    "passeport": ("Attestation d'étape : renouvellement de passeport à distance",),
    "vote_internet": (
        "Attestation : renouvellement de l'identifiant ou du mot de passe de vote par internet",
        "Attestation : renouvellement de l'identifiant de vote par internet",
        "Attestation : renouvellement du mot de passe de vote par internet",
    ),
}
PLACES = {
    1: "Commissariat de police",
    2: "Brigade de gendarmerie",
    3: "Lieu désigné par le préfet",
    4: "Tribunal judiciaire",
    5: "Consulat de France",
    6: "Ambassade de France",
    7: "Consul honoraire de France",
}
STATUSES = {1: "Provisoire", 2: "Validée", 3: "Invalidée", 4: "Résiliée", 5: "Expirée", 6: "Annulée", 7: "Enregistrée"}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
          "décembre")  # fmt: skip
BANNER = "PROVISOIRE — en attente de confirmation par le répertoire central"
FIELDS = {"NR", "HE", "LT", "LC", "ST", "ID"}


class Refused(Exception):
    """The document is not a receipt this verifier can trust."""


@dataclass(frozen=True)
class Decoded:
    key_id: str
    kind: str
    number: str
    local_time: datetime
    place_kind: int
    place_code: str
    status: int
    digest: bytes
    signed: bytes
    signature: bytes


def decode(text: str) -> Decoded:
    text = "".join(text.split())
    if not text.startswith("GC") or len(text) > 400:
        raise Refused("not a Guichet code")
    body = text[2:]
    raw = base64.b32decode(body + "=" * (-len(body) % 8))
    signed, signature = raw[:-64], raw[-64:]
    version, key_id, days, kind = struct.unpack_from(">B4sHB", signed)
    if version != 1 or kind not in KINDS:
        raise Refused("unknown version or kind")
    fields: dict[str, bytes] = {}
    pos = 8
    while pos < len(signed):
        name, length = signed[pos : pos + 2].decode("ascii"), signed[pos + 2]
        if name not in FIELDS or name in fields:
            raise Refused(f"field {name}")
        fields[name] = signed[pos + 3 : pos + 3 + length]
        pos += 3 + length
    if set(fields) != FIELDS:
        raise Refused("missing field")
    minutes, quarters = struct.unpack(">Hb", fields["HE"])
    day = date(2000, 1, 1) + timedelta(days=days)
    zone = timezone(timedelta(minutes=15 * quarters))
    return Decoded(
        key_id=key_id.decode("ascii"),
        kind=KINDS[kind],
        number=fields["NR"].decode("utf-8"),
        local_time=datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=zone),
        place_kind=fields["LT"][0],
        place_code=fields["LC"].decode("utf-8"),
        status=fields["ST"][0],
        digest=fields["ID"],
        signed=signed,
        signature=signature,
    )


def openssl_verifies(public_key: bytes, signed: bytes, signature: bytes) -> bool:
    """The signature checked by the OpenSSL command line, the raw key wrapped as the docs say."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        der = SPKI_PREFIX + public_key
        pem = b"-----BEGIN PUBLIC KEY-----\n" + base64.encodebytes(der) + b"-----END PUBLIC KEY-----\n"
        (work / "station.pem").write_bytes(pem)
        (work / "signed.bin").write_bytes(signed)
        (work / "signature.bin").write_bytes(signature)
        result = subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "station.pem", "-rawin", "-in", "signed.bin",
             "-sigfile", "signature.bin"],
            cwd=work, capture_output=True, text=True, check=False,
        )  # fmt: skip
        return result.returncode == 0 and "Signature Verified Successfully" in result.stdout


def trusted_key(trusted_file: Path, key_id: str, place_code: str | None = None) -> bytes:
    """The station's raw public key; refused when revoked, unknown, or bound to another station than `place_code`."""
    data = json.loads(trusted_file.read_text(encoding="utf-8"))
    if key_id in data.get("revoked", []):
        raise Refused("revoked key")
    entry = data["keys"].get(key_id)
    if entry is None:
        raise Refused("unknown key")
    if place_code is not None and entry.get("station_code", place_code) != place_code:
        raise Refused("another station's key")
    return base64.b64decode(entry["public_key"])


def read_pdf(pdf: Path) -> tuple[list[str], str]:
    """Every QR code on the PDF's pages and its text as laid out."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), f"{tmp}/page"], check=True)
        codes: list[str] = []
        for png in sorted(Path(tmp).glob("page*.png")):
            found = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(png)],
                                   capture_output=True, text=True, check=False)  # fmt: skip
            codes += [line for line in found.stdout.splitlines() if line.strip()]
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    return codes, text


def french_time(value: datetime) -> str:
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year} à {value.hour} h {value.minute:02d}"


def printed_disagreements(decoded: Decoded, text: str) -> list[str]:
    """What the printed text says otherwise than the code (the docs' list of comparisons)."""
    flat = " ".join(text.split())
    wrong = []
    numbers = [
        flat[i + 3 :].split(" ", 1)[0] for i in _find_all(flat, "N° ") if not flat[i + 3 :].startswith("national")
    ]
    if not numbers or numbers[0] != decoded.number:
        wrong.append("number")
    issued = [flat[i:] for i in _find_all(flat, "Délivré")]
    stamp = french_time(decoded.local_time)
    if not issued or not (issued[0].startswith(f"Délivré le {stamp}") or issued[0].startswith(f"Délivrée le {stamp}")):
        wrong.append("time")
    row = flat[flat.find(" Lieu ") + 6 : flat.find(" Autorité ")]
    if not row.endswith(f"({decoded.place_code})") or PLACES[decoded.place_kind] not in flat:
        wrong.append("place")
    own = any(t in flat for t in TITLES[decoded.kind])
    other = any(t in flat for kind, titles in TITLES.items() if kind != decoded.kind for t in titles)
    if not own or other:
        wrong.append("kind")
    status = flat[flat.find(" Statut ") + 8 :].split(" ", 1)[0] if " Statut " in flat else None
    if status != STATUSES[decoded.status] or (BANNER in flat) != (decoded.status == 1):
        wrong.append("status")
    if f"Signé par la station, clé {decoded.key_id}" not in flat:
        wrong.append("key")
    return wrong


def _find_all(text: str, needle: str) -> list[int]:
    found, start = [], 0
    while (index := text.find(needle, start)) >= 0:
        found.append(index)
        start = index + 1
    return found


def signature_ok(public_key: bytes, signed: bytes, signature: bytes) -> bool:
    """The signature checked with the `cryptography` primitives (pure Ed25519)."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, signed)
    except (InvalidSignature, ValueError):
        return False
    return True


def verify_receipt_pdf(
    pdf: Path, trusted_file: Path, *, check: Callable[[bytes, bytes, bytes], bool] = signature_ok
) -> Decoded:
    """The whole check: one code, a good signature from a trusted key, the printed text saying the same."""
    codes, text = read_pdf(pdf)
    if len(set(codes)) != 1:
        raise Refused(f"{len(set(codes))} codes")
    decoded = decode(codes[0])
    if not check(trusted_key(trusted_file, decoded.key_id, decoded.place_code), decoded.signed, decoded.signature):
        raise Refused("bad signature")
    wrong = printed_disagreements(decoded, text)
    if wrong:
        raise Refused("printed text: " + ", ".join(wrong))
    return decoded


# --- audit export -------------------------------------------------------------------------------------------------


def _utc_stamp(iso: str) -> bytes:
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ").encode("ascii")


def anchor_bytes(anchor: dict[str, Any]) -> bytes:
    context = b"guichet-audit-start-v1" if anchor.get("checkpoint") is True else b"guichet-audit-anchor-v1"
    parts = [context, anchor["station_code"].encode("utf-8"), str(int(anchor["seq"])).encode("ascii"),
             bytes.fromhex(anchor["mac"]).hex().encode("ascii"), _utc_stamp(anchor["at"])]  # fmt: skip
    return b"|".join(parts)


def _ed25519_ok(public_key: bytes, signature_b64: str, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(base64.b64decode(signature_b64), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def audit_export_problems(export: dict[str, Any], station_key: bytes, central_key: bytes | None) -> list[str]:
    """What an inspector finds wrong in an export with the station's and the central store's public keys."""
    problems: list[str] = []
    if export.get("format") != "guichet-audit-export-v1":
        problems.append("format")
    events = export["events"]
    macs = {e["seq"]: e["mac"] for e in events}
    start = export.get("start")
    first = start["seq"] + 1 if start else 1
    if [e["seq"] for e in events] != list(range(first, first + len(events))):
        problems.append("seq gap")
    for anchor in export["anchors"]:
        if anchor["station_code"] != export["station"]:
            problems.append(f"anchor {anchor['seq']}: another station")
        if not _ed25519_ok(station_key, anchor["signature"], anchor_bytes(anchor)):
            problems.append(f"anchor {anchor['seq']}: bad signature")
        elif anchor["seq"] in macs and not hmac.compare_digest(macs[anchor["seq"]], anchor["mac"]):
            problems.append(f"anchor {anchor['seq']}: mac differs")
    if start is not None:
        attests = [
            a for a in export["anchors"]
            if a.get("checkpoint") is True and a["seq"] == start["seq"] and a["mac"] == start["mac"]
            and _ed25519_ok(station_key, a["signature"], anchor_bytes(a))
            and (central_key is None or (
                "countersignature" in a
                and _ed25519_ok(central_key, a["countersignature"], b"|".join([
                    b"guichet-central-countersign-v1", anchor_bytes(a),
                    base64.b64decode(a["signature"]).hex().encode("ascii"), _utc_stamp(a["received_at"])]))))
        ]  # fmt: skip
        if not attests:
            problems.append("start not anchored")
    return problems
