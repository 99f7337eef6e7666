"""What Rechercher and Résilier send the central store for a name typed in one field (rules/names.typed_name): the
surname as the agent marked it, and given names that start with a given name, never with « - » or a mark alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_procurations import make_desk

from desktop.models.db import Store
from desktop.services.desk import SearchQuery

BORN = date(1981, 3, 9)


class RecordingCentral:
    """A central client that answers nothing and remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[dict[str, Any]] = []

    def lookup(self, **person: Any) -> tuple[()]:
        self.asked.append(person)
        return ()


@pytest.mark.parametrize(
    ("typed", "nom", "prenoms"),
    [
        ("LE GALL - Yann", "LE GALL -", "Yann"),  # before: prenoms « - Yann », compared « - » with « Yann »
        ("LE GALL \u200f Yann Erwan", "LE GALL \u200f", "Yann Erwan"),
        ("le gall, - yann", "le gall", "yann"),
        ("dubois ' jean", "dubois", "jean"),
        ("VON STRAßE Hans", "VON STRAßE", "Hans"),  # before: the surname « VON »
    ],
)
def test_the_central_store_is_sent_given_names_that_start_with_one(
    typed: str, nom: str, prenoms: str, store: Store, tmp_path: Path
) -> None:
    central = RecordingCentral()
    desk = make_desk(store, tmp_path, central=central)
    result = desk.search(SearchQuery(typed, birth_date=BORN))
    assert result.central_state == "en_ligne", result.central_message
    assert [(a["nom"], a["prenoms"]) for a in central.asked] == [(nom, prenoms)]


@pytest.mark.parametrize("typed", ["... -", "LE GALL, - '", "- -, Yann"])
def test_punctuation_alone_is_not_sent_and_the_agent_is_told_what_to_add(
    typed: str, store: Store, tmp_path: Path
) -> None:
    central = RecordingCentral()
    desk = make_desk(store, tmp_path, central=central)
    result = desk.search(SearchQuery(typed, birth_date=BORN))
    assert central.asked == [] and result.central_state == "non_interroge"
    assert "prénoms" in result.central_message
