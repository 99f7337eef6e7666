"""The names of the station's own files beside its store, in a module that imports nothing.

The window asks whether this station already has key slots (then the login prompt can show at once, before the
login's services are imported) without importing the cryptography that reads them.
"""

from __future__ import annotations

from pathlib import Path

SLOT_FILE = "keyslots.json"  # the agents' key slots, beside the store (desktop/security/keyslots.py)
TOKEN_FILE = "enrolment.token"  # an installer's enrolment token, in the data folder (desktop/enrolment.py)


def has_key_slots(database_path: Path) -> bool:
    """Whether the slot file sits beside this store: a station set up, whose agents log in."""
    return database_path.with_name(SLOT_FILE).exists()


def enrolment_pending(*, central_url: str | None, demo: bool, data_dir: Path) -> bool:
    """Whether an installer left an enrolment token for this start to trade first (a central store configured)."""
    return bool(central_url) and not demo and (data_dir / TOKEN_FILE).is_file()
