"""Résiliation at the desk: every procuration of the mandant at once, never just one, with its receipt."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from test_procurations import FORM, VERIFIER, make_desk

from desktop.models import OutboxEntry, Procuration, Revocation
from desktop.models.db import Store
from desktop.services.desk import PersonInput, SearchQuery
from desktop.sync.outbox import entry_of
from desktop.sync.wire import ProcurationResiliation

THOMAS = PersonInput(nne="285042289", last_name="THOMAS", given_names="Sophie", birth_date=date(1963, 5, 27))


def test_find_then_revoke_all(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    first = desk.establish(replace(FORM, rounds="T1"))
    second = desk.establish(replace(FORM, mandataire=THOMAS, rounds="T2"))
    assert first.saved and second.saved
    [match] = desk.find_mandants(SearchQuery("martin cl"))
    assert len(match.in_force) == 2 and match.has_nne
    assert desk.find_mandants(SearchQuery("thomas")) == []  # a mandataire is not a mandant
    partial = desk.revoke_all(elector_id=match.elector_id, selected=(first.procuration_id or "",))
    assert not partial.saved and [v.rule_id for v in partial.violations] == ["R-REVOKE-2"]
    out = desk.revoke_all(elector_id=match.elector_id)
    assert out.saved and set(out.revoked) == {first.procuration_id, second.procuration_id}
    with store.session() as s:
        assert set(s.scalars(select(Procuration.status))) == {"resiliee"}
        rev = s.get(Revocation, out.revocation_id)
        assert rev is not None and rev.status == "provisoire"
        entry = entry_of(s.scalars(select(OutboxEntry).where(OutboxEntry.record_id == out.revocation_id)).one())
        assert isinstance(entry.body, ProcurationResiliation) and entry.body.mandant.nne == "204512873"
    assert out.signed is not None and VERIFIER.verify(out.signed.payload).kind.value == "resiliation"
    assert ("Procurations résiliées", "Toutes, dont 2 enregistrées à ce guichet") in out.signed.receipt.details
    [after] = desk.find_mandants(SearchQuery("204512873"))
    assert after.in_force == () and {h.status for p in after.procurations for h in p.history} == {
        "provisoire",
        "resiliee",
    }
    again = desk.revoke_all(elector_id=match.elector_id)
    assert not again.saved and again.violations[0].rule_id == "R-REVOKE-1"
    first_print = desk.reprint(out.receipt_number or "")  # never printed: the original, not a duplicate
    assert first_print.printed and not first_print.duplicate
    reprinted = desk.reprint(out.receipt_number or "")
    assert reprinted.printed and reprinted.duplicate


def test_revocation_in_france_needs_the_mandant_nne(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    no_nne = replace(
        FORM,
        channel="maprocuration",
        reference="K7M2QX",
        requested_on=date(2026, 11, 20),
        mandant=replace(FORM.mandant, nne=""),
    )
    assert desk.establish(no_nne).saved
    [match] = desk.find_mandants(SearchQuery("martin", birth_date=date(1990, 1, 15)))
    out = desk.revoke_all(elector_id=match.elector_id)
    assert not out.saved and [v.rule_id for v in out.violations] == ["R-REVOKE-5"]
