"""The Agents screen offers each account act only where it would pass for the signed-in agent (unlock and reset from
above, a délégué's designating OPJ by the administrator), flags a délégué without one, and the service still refuses
what the screen would not offer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from contextkit import service_context
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.keystore.files import StationFileStore
from desktop.models import Agent, AuditEvent
from desktop.models.db import Store
from desktop.rules.terms import PlaceKind
from desktop.security import slotfile
from desktop.security.device import DeviceSecret
from desktop.security.kdf import FLOOR_PARAMS
from desktop.security.keyslots import KeySlots
from desktop.services.accounts import AccountKeys, AgentAccounts
from desktop.services.permissions import Principal
from desktop.settings import Settings
from desktop.views.agents import AgentsModel, AgentsPage

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
ACCOUNTS = (  # login, role, capacity, locked
    ("admin", "administrateur", "administrateur", True),
    ("chef", "superviseur", "opj", False),
    ("chef2", "superviseur", "opj", True),
    ("opj1", "agent_police", "opj", True),
    ("del1", "agent_police", "delegue_opj", False),  # enrolled before designations: no designating OPJ
)


@pytest.fixture
def station(store: Store, store_key: bytes, tmp_path: Path) -> KeySlots:
    """The accounts in the store and their slots (admin, chef2 and opj1 locked after ten wrong passwords)."""
    slots = KeySlots.beside(
        tmp_path / "guichet.db", DeviceSecret(StationFileStore(tmp_path / "keys")), station_code="S-1",
        params=FLOOR_PARAMS,
    )  # fmt: skip
    slots.initialise(database_key=store_key)
    with store.session() as s, s.begin():
        for login, role, capacity, _locked in ACCOUNTS:
            s.add(Agent(id=login, login=login, display_name=login.upper(), role=role, capacity=capacity,
                        active=True, failed_logins=0, created_at=NOW))  # fmt: skip
    for login, *_rest in ACCOUNTS:
        slots.add(agent_id=login, login=login, password="mot de passe de " + login, database_key=store_key, now=NOW)
    doc = slots.document()
    for login, *_rest, locked in ACCOUNTS:
        doc.slots[login].locked, doc.slots[login].failures = locked, 10 if locked else 0
    slotfile.save(slots.path, doc)
    return slots


def _page(qtbot: QtBot, store: Store, slots: KeySlots, store_key: bytes, who: str) -> AgentsPage:
    role, capacity = next((r, c) for login, r, c, _l in ACCOUNTS if login == who)
    settings = Settings(data_dir=slots.path.parent, station_code="S-1", station_kind=PlaceKind.COMMISSARIAT)
    actor = Principal("S-1", who, role=role, capacity=capacity, station_kind="commissariat")
    ctx = service_context(store, settings, actor=actor, clock=lambda: NOW)
    page = AgentsPage(AgentAccounts(ctx, keys=AccountKeys(slots=slots, database_key=store_key)))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.runner.busy and page.model.rowCount() == len(ACCOUNTS))
    return page


def _select(page: AgentsPage, login: str) -> None:
    page.table.selectRow([a.login for a in page.model.rows()].index(login))


def _offered(page: AgentsPage, login: str) -> tuple[bool, bool, bool, bool]:
    _select(page, login)
    return (
        page.unlock_button.isEnabled(),
        page.reset_button.isEnabled(),
        page.remove_button.isEnabled(),
        page.designation_box.isVisible(),
    )


def test_a_supervisor_is_offered_the_unlock_and_reset_of_agents_only(
    qtbot: QtBot, store: Store, station: KeySlots, store_key: bytes
) -> None:
    page = _page(qtbot, store, station, store_key, "chef")
    assert _offered(page, "opj1") == (True, True, False, False)  # a locked agent: unlock, reset
    assert _offered(page, "del1") == (False, True, False, False)  # nothing to unlock; no designation (not theirs)
    for above_or_peer in ("admin", "chef2", "chef"):
        assert _offered(page, above_or_peer) == (False, False, False, False)
    # Called anyway (a stale screen, a shortcut): the service refuses, said in French, audited; still locked.
    _select(page, "admin")
    page.unlock()
    qtbot.waitUntil(lambda: not page.runner.busy)
    assert "moins de droits que le vôtre" in page.message.text() and station.lock_state("admin")[2]
    with store.read() as s:
        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "acces.refuse")).all()
    assert details == ["deverrouillage_compte_egal"]
    _select(page, "opj1")
    page.unlock_button.click()
    qtbot.waitUntil(lambda: not page.runner.busy)
    assert "déverrouillé" in page.message.text() and not station.lock_state("opj1")[2]
    assert _offered(page, "opj1")[0] is False  # nothing left to lift


def test_the_administrator_unlocks_a_supervisor_and_names_a_delegates_designating_opj(
    qtbot: QtBot, store: Store, station: KeySlots, store_key: bytes
) -> None:
    page = _page(qtbot, store, station, store_key, "admin")
    assert _offered(page, "chef2") == (True, False, True, False)  # unlock a supervisor; resets are a supervisor's
    assert _offered(page, "admin") == (False, False, False, False)  # not their own
    # The délégué enrolled before designations is flagged, and only the administrator is offered to name the OPJ.
    rows = {a.login: r for r, a in enumerate(page.model.rows())}
    assert "OPJ désignant à renseigner" in page.model.text(rows["del1"], AgentsModel.STATE)
    assert "OPJ désignant" not in page.model.text(rows["opj1"], AgentsModel.STATE)
    assert _offered(page, "del1") == (False, False, True, True)
    assert "OPJ désignant à renseigner" in page.designation_hint.text()
    opjs = [page.designation_combo.itemData(i) for i in range(page.designation_combo.count())]
    assert opjs == ["chef", "chef2", "opj1"]  # the station's active OPJs (a supervisor who is an OPJ too)
    page.designation_combo.setCurrentIndex(opjs.index("opj1"))
    page.designation_button.click()
    qtbot.waitUntil(lambda: not page.runner.busy and page.model.rowCount() == len(ACCOUNTS))
    assert "Seul son visa vaudra" in page.message.text()
    with store.read() as s:
        assert s.get(Agent, "del1").designated_by == "opj1"  # type: ignore[union-attr]
    rows = {a.login: r for r, a in enumerate(page.model.rows())}
    assert "OPJ désignant" not in page.model.text(rows["del1"], AgentsModel.STATE)
    _select(page, "del1")
    assert page.designation_box.isVisible() and page.designation_combo.currentData() == "opj1"
    assert not page.unlock_button.isEnabled()


def _mnemonics(page: AgentsPage) -> list[str]:
    """The Alt+letter of each button and labelled field of the screen (« && » is a plain ampersand)."""
    texts = [b.text() for b in page.findChildren(QPushButton)]
    texts += [label.text() for label in page.findChildren(QLabel) if label.buddy() is not None]  # form rows too
    found = [re.search(r"&([^&])", text.replace("&&", "")) for text in texts]
    return [m.group(1).lower() for m in found if m is not None]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_two_controls_of_the_screen_share_an_alt_letter(
    qtbot: QtBot, store: Store, station: KeySlots, store_key: bytes, language: str
) -> None:
    """English had « R&ole » and « Designated by the &OPJ »: Alt+O went to one of them only."""
    from desktop.views.translations import install

    install(language)
    try:
        page = _page(qtbot, store, station, store_key, "admin")
        letters = _mnemonics(page)
    finally:
        install("fr")
    assert len(letters) >= 12 and len(letters) == len(set(letters)), sorted(letters)


@pytest.fixture
def english() -> Iterator[None]:
    """The screens in English (Qt catalog and gettext) before the page is built."""
    from desktop import i18n
    from desktop.views.translations import install

    install("en")
    i18n.set_language("en")
    yield
    install("fr")
    i18n.set_language("fr")


def test_roles_and_capacities_are_read_whole_at_1024(
    qtbot: QtBot, store: Store, station: KeySlots, store_key: bytes, themed: Callable[..., None], english: None
) -> None:
    """At 1024×768 in English the roles and capacities were elided (« Supervisor … », « OPJ (judicial … »): a
    supervisor could not tell an OPJ delegate from an OPJ (day audit). They wrap now, every column in sight."""
    themed()
    from PySide6.QtCore import QRect, Qt

    from desktop.views.kit.tablefit import TALL, text_margins

    page = _page(qtbot, store, station, store_key, "chef")
    page.resize(794, 660)  # the page beside the menu in a 1024×768 window

    def cut() -> list[str]:
        table, metrics = page.table, page.table.fontMetrics()
        room, margin, out = table.viewport().width(), text_margins(table), []
        for column in range(page.model.columnCount()):
            if table.columnViewportPosition(column) + table.columnWidth(column) > room:
                out.append(f"column {column} past the edge")
            for row in range(page.model.rowCount()):
                words = page.model.text(row, column)
                box = metrics.boundingRect(
                    QRect(0, 0, table.columnWidth(column) - margin, TALL), Qt.TextFlag.TextWordWrap, words
                )
                if box.width() > table.columnWidth(column) - margin or box.height() > table.rowHeight(row):
                    out.append(words)
        return out

    qtbot.waitUntil(lambda: not cut(), timeout=2000)


def test_the_enrolment_form_is_offered_to_the_administrator_only(
    qtbot: QtBot, store: Store, station: KeySlots, store_key: bytes
) -> None:
    """A supervisor saw « Enregistrer un agent », filled it in and was refused (an audited attempt): enrolling is
    the administrator's (agents.gerer); the supervisor's screen no longer offers it."""
    chef = _page(qtbot, store, station, store_key, "chef")
    assert not chef.enrol_button.isVisibleTo(chef) and not chef.login_edit.isVisibleTo(chef)
    assert "Enregistrer un agent" not in [
        label.text() for label in chef.findChildren(QLabel) if label.isVisibleTo(chef)
    ]
    admin = _page(qtbot, store, station, store_key, "admin")
    assert admin.enrol_button.isVisibleTo(admin) and admin.login_edit.isVisibleTo(admin)


def test_removing_an_agent_asks_to_confirm_first(
    qtbot: QtBot, store: Store, station: KeySlots, store_key: bytes
) -> None:
    """« Retirer l'agent » removed the account at the first press (the store re-keyed, their password void): one
    misplaced click on the row above, and a colleague at the counter was locked out. The first press asks, naming
    the account; another row chosen meanwhile cancels; the second press removes."""

    def active(login: str) -> bool:
        with store.read() as s:
            return bool(s.get(Agent, login).active)  # type: ignore[union-attr]

    page = _page(qtbot, store, station, store_key, "admin")
    _select(page, "opj1")
    page.remove_button.click()
    assert active("opj1") and not page.runner.busy
    assert "opj1" in page.message.text() and "opj1" in page.remove_button.text()
    _select(page, "del1")  # another account: nothing is armed for it
    assert "opj1" not in page.remove_button.text()
    page.remove_button.click()
    assert active("del1") and "del1" in page.remove_button.text()
    page.remove_button.click()
    qtbot.waitUntil(lambda: not page.runner.busy and "retiré" in page.message.text())
    assert not active("del1") and active("opj1")


def test_the_removals_question_is_in_sight_at_1024_and_nothing_scrolls_sideways(
    qtbot: QtBot, store: Store, station: KeySlots, store_key: bytes, themed: Callable[..., None]
) -> None:
    """At 1024×768 the administrator's answers (a removal to confirm, a temporary password) were written under the
    enrolment form, out of sight, and « Confirmer le retrait de … » widened the row of buttons: the screen scrolled
    sideways. The answer stands under the buttons, which stack when they do not fit."""
    from PySide6.QtWidgets import QApplication

    themed()
    page = _page(qtbot, store, station, store_key, "admin")
    page.resize(1024 - 230, 768 - 58 - 23)
    _select(page, "opj1")
    page.remove_button.click()
    QApplication.processEvents()
    qtbot.wait(20)
    scroll = page.page_scroll
    assert scroll.horizontalScrollBar().maximum() == 0
    viewport = scroll.viewport()
    top = page.message.mapTo(viewport, page.message.rect().topLeft()).y()
    assert page.message.text() and top >= 0 and top + page.message.height() <= viewport.height()


def test_a_supervisor_is_told_who_removes_an_agent_who_left(
    qtbot: QtBot, store: Store, station: KeySlots, store_key: bytes
) -> None:
    """An agent left the station: the supervisor found « Retirer l'agent » greyed on every account, nothing saying
    why nor who could. The greyed button says it is the administrator's, and what a removal keeps."""
    chef = _page(qtbot, store, station, store_key, "chef")
    _select(chef, "opj1")
    assert not chef.remove_button.isEnabled()
    assert "administrateur" in chef.remove_button.toolTip()
    admin = _page(qtbot, store, station, store_key, "admin")
    _select(admin, "opj1")
    assert admin.remove_button.isEnabled() and "administrateur" not in admin.remove_button.toolTip()


def test_the_answer_shows_names_as_typed_never_as_markup(
    qtbot: QtBot, store: Store, station: KeySlots, store_key: bytes
) -> None:
    """A name typed « <i>Roy</i> » by the administrator was read as markup in the removal's question (« Roy » in
    italics, its brackets gone): the answer is plain text."""
    from PySide6.QtCore import Qt

    with store.write() as s:
        s.get(Agent, "opj1").display_name = "<i>Roy</i>"  # type: ignore[union-attr]
    page = _page(qtbot, store, station, store_key, "admin")
    _select(page, "opj1")
    page.remove_button.click()
    assert "<i>Roy</i>" in page.message.text()
    assert page.message.textFormat() == Qt.TextFormat.PlainText
