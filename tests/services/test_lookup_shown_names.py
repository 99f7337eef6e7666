"""Rechercher's rows from the central store's answer show the other party without the invisible or direction-changing
characters another station may have typed (the answer is untrusted bytes: an older central store hands them on)."""

from __future__ import annotations

from pathlib import Path

from test_procurations import make_desk

from desktop.models.db import Store
from desktop.rules.textlimits import shown_text
from desktop.services.lookup import _central_rows
from desktop.sync.wire import LookupItem


def _item(other_party: str) -> LookupItem:
    return LookupItem.model_validate(
        {
            "record_id": "01937a4e-0000-7000-8000-000000000001",
            "role": "mandant",
            "other_party": other_party,
            "status": "validee",
            "validity": {"kind": "SCRUTIN", "election_id": "presidentielle-2027", "rounds": "T1_T2"},
            "established_at": "2026-12-01T09:30:00Z",
            "established_in": "france",
        }
    )


def test_a_bidi_override_in_the_other_party_is_not_shown(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    # Before: the row held U+202E, and the table showed « siaP naeJ SIOBUD ».
    [row] = _central_rows([_item("\u202eDUBOIS\u200b Jean\u2069\u00ad Paul\u2028")], "MARTIN Claire", desk.ctx)
    assert row.mandataire == "DUBOIS Jean Paul" and row.mandant == "MARTIN Claire"


def test_shown_text_keeps_names_and_drops_only_what_the_counter_refuses() -> None:
    assert shown_text("L’Hôte-Dupré Zoé") == "L’Hôte-Dupré Zoé"
    assert shown_text("DUBOIS\tJean\x85Paul") == "DUBOIS Jean Paul"  # controls read as a space
    assert shown_text("\u202e\u2066\u200b") == "-"  # nothing left: never a blank cell
