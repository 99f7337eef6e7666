"""What someone holding the keys finds of a person once retention has run: every table and column of a store, and
every byte of the desk's encrypted file and its WAL decrypted page by page (free pages and old WAL frames included).

The desk's store is SQLCipher 4 opened with a raw key (`PRAGMA key = "x'…'"`): each page is AES-256-CBC, its IV in
the page's reserved tail (16 bytes of IV, then a 64-byte HMAC-SHA512), page 1's first 16 bytes being the file's salt.
A WAL frame is a 24-byte header and one such page. Decrypting them here reads what SQLite itself no longer shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy import Engine, MetaData, select

from .atrestkit import Secret, byte_forms

PAGE = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64)
SALT = 16
WAL_HEADER, FRAME_HEADER = 32, 24


def _decrypt_page(page: bytes, key: bytes, *, first: bool) -> bytes:
    start = SALT if first else 0
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    body = page[start : PAGE - RESERVE]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def decrypted_pages(path: Path, key: bytes) -> bytes:
    """Every page of the encrypted database file, decrypted (live, free and unused alike)."""
    if not path.exists():
        return b""
    data = path.read_bytes()
    out = []
    for n in range(len(data) // PAGE):
        out.append(_decrypt_page(data[n * PAGE : (n + 1) * PAGE], key, first=n == 0))
    return b"".join(out)


def decrypted_wal(path: Path, key: bytes) -> bytes:
    """Every frame's page of the WAL file beside the database, decrypted (old frames still there too)."""
    if not path.exists():
        return b""
    data = path.read_bytes()[WAL_HEADER:]
    out = []
    step = FRAME_HEADER + PAGE
    for n in range(len(data) // step):
        frame = data[n * step : (n + 1) * step]
        page_no = int.from_bytes(frame[:4], "big")
        out.append(_decrypt_page(frame[FRAME_HEADER:], key, first=page_no == 1))
    return b"".join(out)


def found_in(data: bytes, secrets: Iterable[Secret]) -> list[str]:
    low = data.lower()
    out = []
    for secret in secrets:
        for needle in byte_forms(secret.text):
            at = low.find(needle)
            if at >= 0:
                out.append(f"{secret.label} « {secret.text} » at byte {at}: {data[max(0, at - 60) : at + 60]!r}")
                break
    return out


def table_rows(engine: Engine, *, skip: Iterable[str] = ()) -> dict[str, list[str]]:
    """Every row of every table (reflected: the tables that exist, not the ones the code knows), as text."""
    meta = MetaData()
    meta.reflect(engine)
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for name, table in meta.tables.items():
            if name in set(skip):
                continue
            out[name] = [" | ".join(map(str, row)) for row in conn.execute(select(table))]
    return out


def found_in_rows(rows: dict[str, list[str]], secrets: Iterable[Secret]) -> list[str]:
    wanted = list(secrets)
    out = []
    for table, lines in rows.items():
        for line in lines:
            out += [f"{table}: {hit}" for hit in found_in(line.encode(), wanted)]
    return out
