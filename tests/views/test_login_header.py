"""The header names the agent who logged in as it names one who takes the counter: their capacity in words."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot

from desktop.rules.terms import PlaceKind
from desktop.services.permissions import Principal
from desktop.settings import Settings
from desktop.snapshots import StatusFeed
from desktop.views.loading import ContextHolder
from desktop.views.main_window import MainWindow, Section
from desktop.views.station_login import StationLogin
from desktop.views.widgets import Page


@pytest.mark.parametrize(
    ("kind", "role", "capacity", "shown"),
    [
        (PlaceKind.CONSULAT, "agent_consulaire", "chef_de_poste_consulaire", "Chef de poste consulaire"),
        (PlaceKind.COMMISSARIAT, "agent_police", "delegue_opj", "Délégué d'OPJ (visa de l'OPJ requis)"),
    ],
)
def test_the_header_names_the_logged_in_agents_capacity_in_words(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: PlaceKind, role: str, capacity: str, shown: str
) -> None:
    """At login the header read « Mme Anne Lambert (chef_de_poste_consulaire) », the stored value, where a change of
    agent wrote « (Chef de poste consulaire) »: a chef de poste read two names for one capacity."""
    from desktop.seat import SeatAgent
    from desktop.views import session_flow

    settings = Settings(data_dir=tmp_path / "d", station_code="S-1", station_name="Poste", station_kind=kind)
    principal = Principal("S-1", "a-1", role=role, capacity=capacity, station_kind=kind.value)
    session = SimpleNamespace(
        display_name="Mme Anne Lambert",
        result=SimpleNamespace(principal=principal, store=None),
        visa_by=None,
        check_credentials=None,
    )

    class Flow:
        auth = SimpleNamespace(key_description="")

        def __init__(self, *_args: object, **_kwargs: object) -> None:
            pass

        def open(self) -> object:
            return session

    monkeypatch.setattr(session_flow, "SessionFlow", Flow)
    window = MainWindow(
        station_label="Poste",
        agent_label="",
        sections=[Section("etablir", "Établir", "Procurations", Page("Établir", ""))],
        status=StatusFeed(configured=False).snapshot,
    )
    qtbot.addWidget(window)
    holder = ContextHolder()
    monkeypatch.setattr(holder, "load", lambda *_a, **_k: None)
    login = StationLogin(SimpleNamespace(quit=lambda: None), window, settings, holder, screenshot=None)  # type: ignore[arg-type]
    login._open_session()
    who = window.header.whole_who().split("\n")[-1]
    assert who == f"Mme Anne Lambert ({shown})" == SeatAgent(principal, "Mme Anne Lambert").label
