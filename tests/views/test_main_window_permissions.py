"""The navigation offers only the screens the agent at the counter may open: the Tableau de bord (R-DATA-3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidgetItem
from pytestqt.qtbot import QtBot
from test_main_window import window_as

from desktop.context import AppContext
from desktop.security.roles import Permission
from desktop.services.permissions import Principal
from desktop.views.kit import colours
from desktop.views.loading import build_service_pages
from desktop.views.main_window import MainWindow


def _agent(ctx: AppContext, role: str, capacity: str) -> Principal:
    s = ctx.settings
    return Principal(s.station_code, f"{role}-1", role=role, capacity=capacity, station_kind=s.station_kind.value)


def _item(window: MainWindow, key: str) -> QListWidgetItem:
    items = map(window.nav.item, range(window.nav.count()))
    return next(item for item in items if item.data(Qt.ItemDataRole.UserRole) == key)


def _ink(window: MainWindow, key: str) -> set[str]:
    """The colours of the text of a section's entry, as painted (its ground left out)."""
    image = window.nav.viewport().grab(window.nav.visualItemRect(_item(window, key))).toImage()
    ground = image.pixelColor(1, 1).name()
    counts: dict[str, int] = {}
    for x in range(image.width()):
        for y in range(image.height()):
            name = image.pixelColor(x, y).name()
            counts[name] = counts.get(name, 0) + 1
    counts.pop(ground, None)
    # Antialiasing blends the ink into the ground: the ink is the colour most painted after the ground.
    return {max(counts, key=lambda name: counts[name])} if counts else set()


def _offered(window: MainWindow, key: str) -> bool:
    return bool(_item(window, key).flags() & Qt.ItemFlag.ItemIsEnabled)


@pytest.mark.parametrize(("role", "capacity"), [("agent_police", "opj"), ("agent_police", "apj")])
def test_the_dashboard_is_greyed_with_its_reason_for_an_agent_without_the_permission(
    qtbot: QtBot, ctx: AppContext, themed: Callable[..., None], role: str, capacity: str
) -> None:
    themed()
    agent = _agent(ctx, role, capacity)
    assert Permission.TABLEAU_DE_BORD not in agent.permissions  # desktop/security/roles.py: supervisors only
    window = window_as(qtbot, ctx, agent, "Agent Un")
    item = _item(window, "tableau")
    assert not _offered(window, "tableau")
    assert not item.flags() & Qt.ItemFlag.ItemIsSelectable
    reason = window.refused("tableau")
    assert reason is not None and "consulter le tableau de bord" in reason
    assert item.toolTip() == reason  # what the agent reads on the greyed entry
    assert item.data(Qt.ItemDataRole.AccessibleDescriptionRole) == reason  # and what a screen reader says
    assert item.text() == "Tableau de bord"  # in place: Ctrl+0 is still À décider, as in the guide
    assert _ink(window, "tableau") == {colours.current().disabled}  # greyed, whatever the style sheet's item colour
    assert _ink(window, "agents") == {colours.current().text}
    # Nothing opens it: its shortcut, the arrows, the mouse.
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "etablir"
    window.show_section("agents")
    window.nav.setFocus()
    QApplication.processEvents()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_key() == "a_decider"
    qtbot.keyClick(window.nav, Qt.Key.Key_Up)
    assert window.current_key() == "agents"
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center())
    assert window.current_key() == "agents"
    # The screens the agent may open stay offered.
    assert all(_offered(window, key) for key in ("etablir", "resilier", "rechercher", "activite", "a_decider"))


def test_a_supervisor_taking_the_counter_gets_the_dashboard_back(qtbot: QtBot, ctx: AppContext) -> None:
    window = window_as(qtbot, ctx, _agent(ctx, "agent_police", "opj"), "Agent Un")
    assert not _offered(window, "tableau")
    # What a change of agent does (views/station_login.install_counter_seat): screens built for the new agent.
    ctx.act_as(_agent(ctx, "superviseur", "opj"), "Superviseur Un")
    for key, page in build_service_pages(ctx).items():
        window.replace_page(key, page)
    assert _offered(window, "tableau") and window.refused("tableau") is None
    assert _item(window, "tableau").toolTip() == "Raccourci : Ctrl+9"
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "tableau"
    # And the other way: an agent without the permission takes over while the dashboard is on screen.
    ctx.act_as(_agent(ctx, "agent_police", "apj"), "Agent Deux")
    for key, page in build_service_pages(ctx).items():
        window.replace_page(key, page)
    assert not _offered(window, "tableau") and window.current_key() == "etablir"


def test_an_officier_supervisor_decides_and_oversees_and_is_offered_no_procuration_screen(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """R-DATA-3 (session 29): a supervisor whose capacity may not establish sees no procuration; the screens that show
    them are greyed with the reason, the decisions and the dashboard stay; a délégué's visa greys nothing (it is asked
    at the act, on the screen)."""
    from desktop.views.activity import ActivityPage
    from desktop.views.procurations import RevokePage, SearchPage, ToDecidePage

    window = window_as(qtbot, ctx, _agent(ctx, "superviseur", "officier"), "Superviseur Un")
    kinds = {"resilier": RevokePage, "rechercher": SearchPage, "activite": ActivityPage, "a_decider": ToDecidePage}
    qtbot.waitUntil(lambda: all(isinstance(window.page(k), kind) for k, kind in kinds.items()), timeout=10_000)
    for key in ("resilier", "rechercher", "activite"):
        assert not _offered(window, key), key
        reason = window.refused(key)
        assert reason is not None and "Action refusée" in reason, key
    assert all(_offered(window, key) for key in ("a_decider", "tableau", "agents"))
    delegue = replace(_agent(ctx, "agent_police", "delegue_opj"), designated_by="agent_police-1")
    ctx.act_as(delegue, "Délégué Un")
    for key, page in build_service_pages(ctx).items():
        window.replace_page(key, page)
    assert all(_offered(window, key) for key in ("etablir", "resilier", "rechercher", "activite", "a_decider"))


def test_a_badged_section_is_painted_red_as_it_says(qtbot: QtBot, ctx: AppContext, themed: Callable[..., None]) -> None:
    """« ⚠ 2 » beside Activité du jour is red (outside audit, session 29: the style sheet's item colour won over the
    item's own brush, so the warning was painted like any other entry)."""
    themed()
    window = window_as(qtbot, ctx, _agent(ctx, "agent_police", "opj"), "Agent Un")
    window.show_section("etablir")
    window.set_badge("activite", 2, "2 actes refusés")
    QApplication.processEvents()
    assert _item(window, "activite").text().endswith("⚠ 2")
    assert _ink(window, "activite") == {colours.current().error}
    window.set_badge("activite", 0)
    QApplication.processEvents()
    assert _ink(window, "activite") == {colours.current().text}


@pytest.mark.parametrize(
    ("role", "capacity", "home"),
    [("superviseur", "officier", "a_decider"), ("administrateur", "administrateur", "agents")],
)
def test_who_may_not_establish_starts_on_their_own_first_screen(
    qtbot: QtBot, ctx: AppContext, role: str, capacity: str, home: str
) -> None:
    """Établir greyed too for a role that may not establish (R-DATA-3, R-AUTH-1): the window opens where that
    agent's day starts, not on a form every save of which would be refused."""
    from desktop.views.procurations import EstablishPage

    window = window_as(qtbot, ctx, _agent(ctx, role, capacity), "Quelqu'un")
    from desktop.views.procurations import ToDecidePage

    built = (("etablir", EstablishPage), ("a_decider", ToDecidePage))
    qtbot.waitUntil(lambda: all(isinstance(window.page(k), kind) for k, kind in built), timeout=10_000)
    assert not _offered(window, "etablir") and window.current_key() == home
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == home
