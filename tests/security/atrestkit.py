"""What a stolen, powered-off counter's disk gives away: distinctive identities, the forms they may take on disk, and
a scan of every file a scripted day left (data folder, preferences, receipts, logs, temp folder).

The scan reads bytes: UTF-8 (as typed, upper case, case-folded), UTF-16 (both byte orders), accents removed and
decomposed (NFD), and the birth date in the usual ways. A file inside the encrypted store (`guichet.db`, its WAL and
shared memory) must show none of them; neither may any other file, the receipts' PDFs aside (they carry the names by
design: docs/SECURITY.md « Receipts on disk »), whose modes are checked instead.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Secret:
    """One piece of personal data and why it is searched (printed when found)."""

    label: str
    text: str


def date_forms(iso: str) -> list[str]:
    y, m, d = iso.split("-")
    return [iso, f"{d}/{m}/{y}", f"{d}.{m}.{y}", f"{y}{m}{d}", f"{d}{m}{y}", f"{d}-{m}-{y}"]


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def byte_forms(text: str) -> set[bytes]:
    """The needle's lower-case forms, as bytes (the haystack is lower-cased byte-wise, ASCII letters only)."""
    forms: set[bytes] = set()
    for variant in {text, text.casefold(), text.lower(), _unaccented(text).lower(), unicodedata.normalize("NFD", text)}:
        low = variant.lower()
        for nf in {low, unicodedata.normalize("NFD", low), unicodedata.normalize("NFC", low)}:
            for codec in ("utf-8", "utf-16-le", "utf-16-be", "latin-1"):
                try:
                    forms.add(nf.encode(codec).lower())
                except UnicodeEncodeError:
                    continue
    return forms


@dataclass(frozen=True, slots=True)
class Found:
    path: Path
    secret: Secret
    offset: int

    def __str__(self) -> str:
        return f"{self.path}: {self.secret.label} « {self.secret.text} » at byte {self.offset}"


def scan_file(path: Path, secrets: Iterable[Secret]) -> list[Found]:
    try:
        data = path.read_bytes().lower()
    except OSError:
        return []
    found = []
    for secret in secrets:
        for needle in byte_forms(secret.text):
            at = data.find(needle)
            if at >= 0:
                found.append(Found(path, secret, at))
                break
    return found


def files_under(*roots: Path) -> list[Path]:
    out: list[Path] = []
    for root in roots:
        if not root.exists():
            continue
        for folder, _dirs, names in os.walk(root):
            out.extend(Path(folder) / n for n in names)
    return sorted(out)


def leaks(roots: Iterable[Path], secrets: list[Secret], *, by_design: Iterable[Path] = ()) -> list[Found]:
    """Every file under `roots` that shows one of `secrets`, except those under the `by_design` folders."""
    allowed = [p.resolve() for p in by_design]
    found = []
    for path in files_under(*roots):
        if path.is_symlink() or not path.is_file():
            continue
        if any(path.resolve().is_relative_to(a) for a in allowed):
            continue
        found.extend(scan_file(path, secrets))
    return found


# Public by nature: the trusted stations' public keys (receipts/keys.py), read by whoever verifies a receipt.
PUBLIC_FILES = frozenset({"trusted_keys.json"})


def open_to_others(roots: Iterable[Path]) -> list[str]:
    """Files readable, and folders enterable, by other OS users ("other" bits): none may be, public keys aside."""
    out = []
    for root in roots:
        for folder, dirs, names in os.walk(root):
            for name in [*dirs, *names]:
                path = Path(folder) / name
                mode = path.lstat().st_mode
                if stat.S_ISLNK(mode) or (name in PUBLIC_FILES and stat.S_ISREG(mode)):
                    continue
                if mode & (stat.S_IROTH | stat.S_IWOTH | stat.S_IXOTH):
                    out.append(f"{path} {stat.filemode(mode)}")
    return out
