"""A passport case's history names the agent who recorded each step: their name, their login in the tooltip."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from contextkit import service_context
from pytestqt.qtbot import QtBot

from desktop.models import Agent
from desktop.models.db import Store
from desktop.services.passports import PassportService
from desktop.services.permissions import Principal
from desktop.settings import load_settings

from .conftest import REQUEST, Desk


def _account(store: Store, agent_id: str, login: str, name: str) -> None:
    with store.session() as s, s.begin():
        s.add(
            Agent(
                id=agent_id,
                login=login,
                display_name=name,
                role="agent_consulaire",
                capacity="agent_consulaire",
                active=True,
                failed_logins=0,
                created_at=datetime(2026, 1, 5, tzinfo=UTC),
            )
        )


def _colleague(store: Store, tmp_path: Path, desk: Desk) -> PassportService:
    """Another agent of the consulate, at the same store (a change of agent at the counter)."""
    settings = load_settings(
        config_path=tmp_path / "none.toml",
        environ={},
        data_dir=tmp_path / "d2",
        station_kind="consulat",
        station_name="Consulat général de France à Montréal",
        station_code="CA-MTL",
        station_timezone="America/Toronto",
    )
    actor = Principal(
        "CA-MTL", "agent-8", role="agent_consulaire", capacity="agent_consulaire", station_kind="consulat"
    )
    ctx = service_context(store, settings, actor=actor, agent_name="M. Paul Roux", clock=desk.clock)
    return PassportService(ctx)


def test_each_step_names_the_agent_who_recorded_it_not_their_login(
    qtbot: QtBot, desk: Desk, store: Store, tmp_path: Path
) -> None:
    """The audit: « 3. … — 01/03/2026, agent opj.martin » where the agent's name was expected."""
    _account(store, "agent-7", "ines.chateau", "Mme Inès Château")
    _account(store, "agent-8", "paul.roux", "M. Paul Roux")
    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    cid = case.summary.id
    _colleague(store, tmp_path, desk).record_documents(cid, photo_ok=True, dhl_adult_signature=False)
    view = desk.page.passport.case_view
    view.show_case(desk.passports.get_case(cid))  # read by Mme Château's desk
    lines = {view.steps.item(i).text(): view.steps.item(i) for i in range(view.steps.count())}
    step1 = next(text for text in lines if " 1. " in text)
    step3 = next(text for text in lines if " 3. " in text)
    assert step1.endswith("01/03/2026, Mme Inès Château"), step1
    assert step3.endswith("01/03/2026, M. Paul Roux"), step3  # a colleague's step: their name, from their account
    assert not any("agent-7" in text or "agent-8" in text or "paul.roux" in text for text in lines)
    # The login stays at hand, in the tooltip.
    assert lines[step3].toolTip() == "Enregistrée par M. Paul Roux (identifiant : paul.roux)"
    assert lines[step1].toolTip() == "Enregistrée par Mme Inès Château (identifiant : ines.chateau)"
    assert not lines[next(text for text in lines if " 4. " in text)].toolTip()  # a step not taken yet


def test_a_step_by_an_account_this_station_lacks_keeps_its_identifier(
    qtbot: QtBot, desk: Desk, store: Store, tmp_path: Path
) -> None:
    """An agent removed since (or a case received from elsewhere): no name to give, the identifier, said as such."""
    case = desk.passports.open_case(REQUEST).case
    assert case is not None
    _colleague(store, tmp_path, desk).record_documents(case.summary.id, photo_ok=True, dhl_adult_signature=False)
    view = desk.page.passport.case_view
    view.show_case(desk.passports.get_case(case.summary.id))
    step3 = next(view.steps.item(i) for i in range(view.steps.count()) if " 3. " in view.steps.item(i).text())
    assert step3.text().endswith(", agent agent-8")
    # The acting agent has no account row in this store either: the context's own name stands for it.
    step1 = next(view.steps.item(i) for i in range(view.steps.count()) if " 1. " in view.steps.item(i).text())
    assert step1.text().endswith(", Mme Inès Château")
