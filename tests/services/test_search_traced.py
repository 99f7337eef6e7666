"""Rechercher's rows in the journal: a search is journaled with the receipt numbers of the rows it showed, so that
« who was shown this act? » finds the searches too (supervisor follow-ups, session 32: the day's lists named their
acts, a search only its count)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from activitykit import context
from test_procurations import FORM, make_desk

from desktop.models.db import Store
from desktop.services.audit_search import AuditSearchService, JournalQuery
from desktop.services.desk import SearchQuery
from desktop.services.shown_lists import listed_field


def test_a_search_names_the_acts_it_showed_and_the_journal_finds_it(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    first = desk.establish(FORM)
    roy = replace(FORM.mandant, nne="103245678", last_name="ROY")
    other = replace(FORM.mandataire, nne="87654321", given_names="Paul")  # another DUBOIS
    second = desk.establish(replace(FORM, mandant=roy, mandataire=other))
    assert first.saved and second.saved, second.violations
    rows = desk.search(SearchQuery("dubois")).local
    assert {r.receipt_number for r in rows} == {first.receipt_number, second.receipt_number}
    desk.search(SearchQuery("nobody"))  # a search that showed nothing names nothing
    journal = AuditSearchService(context(store, tmp_path))
    searches = [r for r in journal.search(JournalQuery(kind="consultations")).rows if r.record_kind == "recherche"]
    assert searches[0].detail == "critere=nom;resultats=0"  # newest first
    assert "recepisses=" in searches[1].detail and "autres" not in searches[1].detail
    assert "DUBOIS" not in searches[1].detail  # numbers, never a name
    found = journal.search(JournalQuery(reference=second.receipt_number)).rows
    [search] = [r for r in found if r.record_kind == "recherche"]
    assert sorted(search.listed or ()) == sorted([first.receipt_number, second.receipt_number])


def test_the_field_is_empty_for_no_number_and_reads_a_generator_once() -> None:
    assert listed_field([]) == "" and listed_field(["GCH-1-2026-000001"]) == ";recepisses=GCH-1-2026-000001"
    assert (
        listed_field(n for n in ["GCH-1-2026-000001", "GCH-1-2026-000002"]) == ";recepisses=GCH-1-2026-000001..000002"
    )
