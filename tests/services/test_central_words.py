"""The central store's French reasons, as an English-speaking agent reads them (desktop/sync/central_words.py).

The central store answers in French. Before, its sentence reached English screens as received: the Synchronisation
list's tooltips, Rechercher's status history (« Le mandataire n'a pas été retrouvé… »), a passport case's line, the
first enrolment's refusal. The station now says the verdict's rule id (the refusal's code) in the agent's language,
and keeps the central store's own words for French and for a rule it has no sentence for.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pseudo_gettext import CLOSE, OPEN, pseudo_english
from sqlalchemy import select
from test_procurations import FORM, make_desk

from central.decide import DECIDED_RULES, MSG_MANDATAIRE_UNKNOWN
from central.revoke_form import CHECKED_RULES
from desktop.models import OutboxEntry, Procuration, ProcurationEvent
from desktop.models.db import Store
from desktop.rules.terms import Status
from desktop.sync.central_words import REASONS, central_reason, central_refusal
from desktop.sync.client import _enrolment_refusal
from desktop.sync.recovery import SET_ASIDE_RULE
from desktop.sync.refused_revocation import RESTORED_NOTE
from desktop.sync.status import refused_items
from desktop.sync.verdicts import _set_procurations

CENTRAL_REFUSAL = "Résiliation refusée par le répertoire central (R-REVOKE-5) : le NNE du mandant manque."
MARKED = re.compile(f"^{OPEN}[^{OPEN}{CLOSE}]+{CLOSE}$")


def test_a_reason_is_the_central_stores_words_in_french_its_rules_sentence_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert central_reason("R-PARTY-2", MSG_MANDATAIRE_UNKNOWN) == MSG_MANDATAIRE_UNKNOWN  # French: as received
    assert central_reason("R-PARTY-2", None) is None and central_reason(None, "") == ""
    with pseudo_english(monkeypatch):
        assert central_reason("R-PARTY-2", MSG_MANDATAIRE_UNKNOWN) == f"{OPEN}{REASONS['R-PARTY-2']}{CLOSE}"
        # A step's own rule under its family's sentence.
        assert central_reason("R-PASS-STEP-5", "Étape refusée…") == f"{OPEN}{REASONS['R-PASS-STEP']}{CLOSE}"
        # A rule this station has no sentence for (a newer central store's): the French words, not nothing.
        assert central_reason("R-NOUVELLE-1", "Refusé pour une raison nouvelle.") == "Refusé pour une raison nouvelle."
        assert central_refusal("jeton", "Jeton d'enrôlement expiré le 01/12/2026 : …").startswith(OPEN)
        assert central_refusal("autre", "Mot inconnu.") == "Mot inconnu."


def test_every_rule_the_central_store_gives_a_verdict_under_has_a_sentence() -> None:
    verdicts = DECIDED_RULES | CHECKED_RULES | {SET_ASIDE_RULE, "R-PARTY-1", "R-PARTY-2", "R-PARTY-4", "R-VALID-2"}
    verdicts |= {"R-VALID-4", "R-VALID-4a", "R-ELIG-5", "R-REVOKE-2", "R-AUTH-1", "R-AUTH-2", "R-AUTH-3", "R-AUTH-4"}
    verdicts |= {"R-CHAN-A-4", "R-CHAN-A-5", "R-CHAN-A-8", "R-PASS-1", "R-PASS-2", "R-PASS-3", "R-PASS-4"}
    verdicts |= {"R-IVOTE-2", "R-IVOTE-5"}
    assert verdicts - set(REASONS) == set()


def _invalidated(store: Store, tmp_path: Path) -> str:
    """A procuration the central store invalidated (R-PARTY-2), with its French reason."""
    out = make_desk(store, tmp_path).establish(FORM)
    assert out.saved and out.procuration_id
    with store.session() as s, s.begin():
        updates = {out.procuration_id: (Status.INVALIDEE.value, "R-PARTY-2", MSG_MANDATAIRE_UNKNOWN)}
        _set_procurations(s, updates, datetime.now(UTC))
    return out.procuration_id


def test_the_synchronisation_list_says_the_reason_in_the_agents_language(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = _invalidated(store, tmp_path)
    with store.session() as s, s.begin():  # and a résiliation the central store refused at reception
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.record_id == pid)).one()
        s.add(
            OutboxEntry(
                seq=entry.seq + 1,
                id="e2",
                kind="procuration.resiliation",
                record_id="r2",
                body="{}",
                created_at=entry.created_at,
                verdict=Status.INVALIDEE.value,
                verdict_rule_id="R-REVOKE-5",
                refusal=CENTRAL_REFUSAL,
                set_aside_at=entry.created_at,
            )
        )
    assert {i.message for i in refused_items(store)} == {MSG_MANDATAIRE_UNKNOWN, CENTRAL_REFUSAL}
    with pseudo_english(monkeypatch):
        items = refused_items(store)
    assert {i.rule_id: i.message for i in items} == {
        "R-PARTY-2": f"{OPEN}{REASONS['R-PARTY-2']}{CLOSE}",
        "R-REVOKE-5": f"{OPEN}{REASONS['R-REVOKE-5']}{CLOSE}",
    }


def test_rechercher_s_history_says_the_central_stores_reason_in_the_agents_language(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """« Détail » of a central change: its rule's sentence; a résiliation refused put the procuration back in force
    (refused_revocation.RESTORED_NOTE, stored in French), then the central store's reason."""
    pid = _invalidated(store, tmp_path)
    with store.session() as s, s.begin():
        at = s.get(Procuration, pid).established_at  # type: ignore[union-attr]
        note = f"{RESTORED_NOTE} {CENTRAL_REFUSAL}"
        s.add(
            ProcurationEvent(
                procuration_id=pid, at=at, status="provisoire", rule_id="R-REVOKE-5", source="central", note=note
            )
        )
    desk = make_desk(store, tmp_path)
    french = [h.note for h in desk.history(pid)]
    assert french[1:] == [MSG_MANDATAIRE_UNKNOWN, note]
    with pseudo_english(monkeypatch):
        notes = [h.note for h in desk.history(pid)]
    assert notes[1:] == [
        f"{OPEN}{REASONS['R-PARTY-2']}{CLOSE}",
        f"{OPEN}{RESTORED_NOTE}{CLOSE} {OPEN}{REASONS['R-REVOKE-5']}{CLOSE}",
    ]


def test_the_first_enrolments_refusal_says_the_codes_sentence_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    said = "Jeton d'enrôlement déjà utilisé le 01/12/2026 (un jeton ne sert qu'une fois) : demandez-en un autre."
    answer = httpx.Response(401, content=json.dumps({"error": "jeton", "message": said}).encode())
    assert _enrolment_refusal(answer) == said
    with pseudo_english(monkeypatch):
        assert MARKED.match(_enrolment_refusal(answer))
