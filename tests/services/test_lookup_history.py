"""A search's rows come without their history; the desk reads it for the row the agent looks at (desk.history).

The history of a row of the desk's latest search is part of that search's consultation (one audit event per search);
any other procuration's history is a consultation of its own, audited with its record id.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from test_procurations import FORM, make_desk

from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.services.consultation_writer import settle
from desktop.services.context import ActingAgent
from desktop.services.desk import DeskServices, PersonInput, SearchQuery
from desktop.services.permissions import PermissionDenied, Principal

# A second mandant of the same name, with a mandataire of their own (R-LIMIT-1: one procuration per mandataire).
OTHER = replace(FORM.mandant, nne="285042289", given_names="Sophie")
OTHER_MANDATAIRE = PersonInput(nne="371617504", last_name="BERNARD", given_names="Luc", birth_date=date(1969, 8, 8))


def consultations(store: Store) -> list[AuditEvent]:
    assert settle(store)  # journaled, then moved into the chain by a writer thread
    with store.session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == "consultation").order_by(AuditEvent.seq)))


def two_acts(desk: DeskServices) -> tuple[str, str]:
    """Two mandants of the same name; the second one's procuration is then revoked (two status changes)."""
    first = desk.establish(FORM)
    second = desk.establish(replace(FORM, mandant=OTHER, mandataire=OTHER_MANDATAIRE))
    assert first.saved and second.saved and first.procuration_id and second.procuration_id
    [row] = desk.search(SearchQuery("285042289")).local
    assert desk.revoke_all(elector_id=row.mandant_id).saved
    return first.procuration_id, second.procuration_id


def test_the_rows_come_without_history_and_the_desk_reads_it_for_one_row(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    first, second = two_acts(desk)
    result = desk.search(SearchQuery(FORM.mandant.last_name[:4]))  # both mandants
    assert {r.id for r in result.local} == {first, second}
    assert all(r.history == () for r in result.local)
    assert [h.status for h in desk.history(first)] == ["provisoire"]
    revoked = desk.history(second)
    assert [h.status for h in revoked] == ["provisoire", "resiliee"]
    assert revoked[1].label == "Résiliée" and revoked[1].note == "résiliée au guichet"
    assert revoked[0].at.tzinfo is not None and revoked[0].at <= revoked[1].at


def test_a_row_of_the_latest_search_adds_no_event_any_other_is_its_own_consultation(
    store: Store, tmp_path: Path
) -> None:
    desk = make_desk(store, tmp_path)
    first, second = two_acts(desk)
    before = len(consultations(store))
    desk.search(SearchQuery("204512873"))  # the first act's mandant only
    desk.history(first)
    desk.history(first)  # selected again: still the same consultation
    after_search = consultations(store)[before:]
    assert [(e.record_kind, e.record_id) for e in after_search] == [("recherche", None)]
    assert desk.history(second)  # not a row of the latest search: audited on its own, with its record id only
    [own] = consultations(store)[before + 1 :]
    assert (own.record_kind, own.record_id, own.detail) == ("historique", second, None)
    desk.search(SearchQuery("285042289"))  # the other mandant: the first act is no longer a shown row
    desk.history(first)
    assert [e.record_kind for e in consultations(store)[before + 2 :]] == ["recherche", "historique"]


def test_history_needs_the_right_to_consult_and_takes_unknown_ids(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    first, _second = two_acts(desk)
    assert desk.history("0" * 36) == ()
    assert desk.history("") == ()
    nobody = Principal("75056-01", None, role="agent_police", capacity="OPJ", station_kind="commissariat")
    refused = DeskServices(replace(desk.ctx, agent=ActingAgent(nobody, "Personne")))
    with pytest.raises(PermissionDenied):
        refused.history(first)
    assert settle(store)


def test_the_notes_the_station_stores_in_french_are_shown_in_the_agents_language() -> None:
    from desktop import i18n
    from desktop.models.decisions import SupervisorDecision
    from desktop.services.lookup_local import note_label
    from desktop.services.receipting import decision_text

    decided = SupervisorDecision(
        rule_ids="R-ELIG-4,R-HOME-4",
        status="acceptee",
        decided_by_name="Capitaine Roux",
        decided_at=datetime(2026, 12, 1, 10, 15, tzinfo=UTC),
        reason="attestation vue",
    )
    stored = decision_text(decided, zone=UTC)
    undated = stored.replace(" le 01/12/2026 à 10:15", "")
    assert note_label("établie au guichet") == "établie au guichet" and note_label(stored) == stored
    assert note_label(undated) == undated
    i18n.set_language("en")
    try:
        assert note_label("établie au guichet") == "established at the counter"
        assert note_label("resiliation:r-1") == "revoked at the counter"
        assert note_label(stored) == (
            "Supervisor's decision (R-ELIG-4, R-HOME-4): accepted by Capitaine Roux on 01/12/2026 at 10:15 "
            "— reason: attestation vue"
        )
        assert (
            note_label(undated)
            == "Supervisor's decision (R-ELIG-4, R-HOME-4): accepted by Capitaine Roux — reason: attestation vue"
        )
        assert note_label("motif libre du répertoire") == "motif libre du répertoire"  # free text: as written
        assert note_label(None) is None
    finally:
        i18n.set_language("fr")
