"""Receipt PDFs on disk: their file names, and their removal once the record they show is purged (R-DATA-2)."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_COPY = re.compile(r"-\d+$")  # "-2", "-3": another file of the same receipt (never overwritten)


def receipt_stem(number: str) -> str:
    """The file name stem of a receipt number (also what the purge compares)."""
    return _UNSAFE.sub("_", number.strip()) or "recepisse"


def purge_receipt_files(folder: Path, *, keep_numbers: Iterable[str]) -> int:
    """Delete every receipt PDF under `folder` (the folders this OS user can open) whose receipt is no longer kept.

    Issue 15, item 6: the PDFs carry names and birth dates in clear and outlived the records they show.
    """
    keep = {receipt_stem(n) for n in keep_numbers}
    removed = 0
    for root, _dirs, files in os.walk(folder, onerror=lambda _e: None):
        for name in files:
            if not name.endswith(".pdf"):
                continue
            if _kept(name[:-4], keep):
                continue
            try:
                (Path(root) / name).unlink()
                removed += 1
            except OSError:
                continue  # another OS user's file: their own start purges it
    if removed:
        log.info("retention: %d receipt PDF files removed", removed)
    return removed


def _kept(stem: str, keep: set[str]) -> bool:
    """`<number>[-duplicata][-n]`: the receipt numbers end with digits too, so try each reading."""
    candidates = {stem, _COPY.sub("", stem)}
    candidates |= {c.removesuffix("-duplicata") for c in candidates}
    return bool(candidates & keep)
