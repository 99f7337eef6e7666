"""What a résiliation receipt tells the mandant, read back from the PDF the counter prints: who received it, and
that it ends every earlier procuration wherever it was established, with no total this counter cannot know."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from contextkit import service_context

from desktop.devices.printers.pdf_file import PdfFilePrinter
from desktop.models.db import Store
from desktop.services.desk import DeskServices, EstablishInput, PersonInput, SearchQuery
from desktop.services.permissions import Principal
from desktop.settings import Settings

from .readers import needs_poppler, pdf_text

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
MARTIN = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire", birth_date=date(1990, 1, 15))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
FORM = EstablishInput(channel="cerfa_12668", mandant=MARTIN, mandataire=DUBOIS, election_id="presidentielle-2027")


def _desk(
    store: Store, tmp_path: Path, agent_id: str, name: str, capacity: str, printer: PdfFilePrinter
) -> DeskServices:
    settings = Settings(data_dir=tmp_path / "data", station_code="75056-01", station_name="Commissariat central")
    actor = Principal("75056-01", agent_id, role="agent_police", capacity=capacity, station_kind="commissariat")
    return DeskServices(
        service_context(store, settings, actor=actor, agent_name=name, printer=printer, clock=lambda: NOW)
    )


@needs_poppler
def test_reprinted_resiliation_pdf_names_its_authority_and_its_scope(store: Store, tmp_path: Path) -> None:
    printer = PdfFilePrinter(tmp_path / "pdf")
    a1 = _desk(store, tmp_path, "agent-1", "Brigadier Lemoine", "OPJ", printer)
    assert a1.establish(FORM).saved
    [match] = a1.find_mandants(SearchQuery("204512873"))
    out = a1.revoke_all(elector_id=match.elector_id)
    assert out.saved and out.receipt_number is not None
    assert a1.reprint(out.receipt_number).printed  # the original, by a1
    a2 = _desk(store, tmp_path, "agent-2", "Gardien Roux", "APJ", printer)
    assert a2.reprint(out.receipt_number).duplicate  # later, by a2
    duplicate = printer.last_path
    assert duplicate is not None and duplicate.name.endswith("-duplicata.pdf")
    text = pdf_text(duplicate)
    flat = " ".join(text.split())
    assert "DUPLICATA" in text and "Récépissé de résiliation de procuration de vote" in text
    assert "Brigadier Lemoine" in text and "Gardien Roux" not in text
    assert re.search(r"Qualité\s+OPJ", text)
    assert "établies précédemment par le mandant, à ce guichet ou ailleurs" in flat
    assert "Toutes, dont 1 enregistrée à ce guichet" in flat
    assert not re.search(r"Procurations résiliées\s+\d", text)  # never a bare total
