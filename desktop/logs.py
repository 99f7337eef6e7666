"""Logging to a rotating file in the station's log folder (machine-wide); records carry ids, never personal data."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop.privatefile import ensure_folder


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """One rotating file per station; returns its path."""
    ensure_folder(log_dir)  # machine-wide: 2770 in the station's shared folder
    path = log_dir / "guichet.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    return path
