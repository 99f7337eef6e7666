"""An entry set aside is stored in French, whatever the agent's language, and said in the agent's language.

The worker wrote « Refusé par le répertoire central : {reason} » and « Entrée illisible, non envoyée (…) » through
_(): a station running in English stored English beside the central store's French words, and a French agent later
read « Refused by the central register: … ». Stored in French now (desktop/sync/central_words.py: SET_ASIDE,
UNREADABLE); shown through central_reason: the central store's refusal as its rule's sentence (SYNC-REFUS), this
station's own unreadable entry as that note, each in the agent's language.
"""

from __future__ import annotations

import json

import httpx
import pytest
from centralkit import procuration_body
from pseudo_gettext import CLOSE, OPEN, pseudo_english
from synckit import queued_as_written
from test_central_l73 import MANDANTS, MANDATAIRES
from test_sync_trust import Central, _entry_id, _establish, _is_batch, _station, central  # noqa: F401 (a fixture)

from desktop.models.db import Store
from desktop.sync import outbox
from desktop.sync.central_words import REASONS
from desktop.sync.status import refused_items


def test_a_refusal_at_reception_is_stored_in_french_and_said_in_english(
    central: Central,  # noqa: F811
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worker, _creds = _station(central, store)
    records = _establish(store, worker, 2)
    poisoned = _entry_id(store, records[1])

    def stricter(request: httpx.Request) -> httpx.Response | None:
        if _is_batch(request) and poisoned in {e["id"] for e in json.loads(request.content)["entries"]}:
            refusal = {"error": "format", "message": "entries[0].body.mandant.nom : 100 caractères au plus"}
            return httpx.Response(422, json=refusal)
        return None

    central.transport.gate = stricter
    with pseudo_english(monkeypatch):
        assert worker.run_once()
        [item] = refused_items(store)
    [aside] = outbox.set_aside_entries(store)
    assert aside.reason.startswith("Refusé par le répertoire central : ") and OPEN not in aside.reason
    assert item.message == f"{OPEN}{REASONS['SYNC-REFUS']}{CLOSE}"
    [item] = refused_items(store)  # in French: as stored
    assert item.message == aside.reason


def test_an_entry_unreadable_here_is_stored_in_french_and_said_as_such_in_english(
    central: Central,  # noqa: F811
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worker, _creds = _station(central, store)
    bad = procuration_body(MANDANTS[3], MANDATAIRES[1])
    bad["mandant"]["nom"] = "X" * 150  # past the wire's limit (an entry an earlier version queued)
    queued_as_written(store, bad, worker.clock.now())
    with pseudo_english(monkeypatch):
        assert worker.run_once()
        [item] = refused_items(store)
    [aside] = outbox.set_aside_entries(store)
    # The note's words in French; its detail is the wire check's (desktop/sync/wire/check.py: the agent's language).
    assert aside.reason.startswith("Entrée illisible, non envoyée (")
    # Not « refused by the central register »: this station's own note, in the agent's language, its detail kept.
    detail = aside.reason.removeprefix("Entrée illisible, non envoyée (").removesuffix(").")
    assert item.message == f"{OPEN}Entrée illisible, non envoyée ({detail}).{CLOSE}"
