"""The law's corners at the desk: supervisor decisions (R-HOME-4), annulled procurations in Rechercher (R-ELIG-5),
New Caledonia look-ups (R-NC-4) and every covered election on the form (R-VALID-5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from contextkit import service_context
from deskkit import SIGNER, confirm_review, make_desk
from pytestqt.qt_compat import qt_api
from pytestqt.qtbot import QtBot

from desktop.devices.cards.fake import FakeCardReader
from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store
from desktop.models.ids import uuid7
from desktop.rules.terms import PlaceKind
from desktop.security.keyslots import LoginRefused
from desktop.services.desk import DeskServices, EstablishInput, PersonInput, SearchQuery
from desktop.services.permissions import Principal
from desktop.settings import Settings
from desktop.sync.outbox import apply_changes
from desktop.sync.wire import Change, ChangesPage
from desktop.views.procurations import EstablishPage, SearchPage, ToDecidePage
from desktop.views.procurations.models import DecisionTableModel, ProcurationTableModel
from desktop.views.translations import plain

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
MARTIN = PersonInput(nne="204512873", last_name="MARTIN", given_names="Claire Marie", birth_date=date(1990, 1, 15))
DUBOIS = PersonInput(nne="19374652", last_name="DUBOIS", given_names="Jean", birth_date=date(1975, 6, 2))
AGENT = Principal(
    "CONS-01", "agent-1", role="agent_consulaire", capacity="chef_de_poste_consulaire", station_kind="consulat"
)
CHIEF = Principal("CONS-01", "chef-1", role="superviseur", capacity="officier", station_kind="consulat")


def _credentials(login: str, password: str) -> Principal:
    if login != "chef" or password != "secret-du-chef":
        raise LoginRefused("Identifiant ou mot de passe incorrect.", code="mauvais_mot_de_passe")
    return CHIEF


def consulate_desk(store: Store, tmp_path: Path, actor: Principal = AGENT) -> DeskServices:
    settings = Settings(data_dir=tmp_path / "d", station_code="CONS-01", station_kind=PlaceKind.CONSULAT)
    ctx = service_context(
        store, settings, actor=actor, agent_name="Agent Durand", printer=FakePrinter(), signer=SIGNER, clock=lambda: NOW
    )
    return DeskServices(replace(ctx, check_credentials=_credentials))


def fill_home_visit_abroad(qtbot: QtBot, page: EstablishPage) -> None:
    qtbot.addWidget(page)
    page.resize(1280, 900)
    page.show()
    page.identity.set_person("MARTIN", "Claire Marie", date(1990, 1, 15), "204512873", "communale")
    page.m_nne.setText("19374652")
    page.m_birth.setText("02/06/1975")
    page.m_last.setText("DUBOIS")
    page.m_given.setText("Jean")
    page.validity.set_scrutin("presidentielle-2027", "T1_T2")
    page.home_visit.setChecked(True)
    page.written_request.setChecked(True)
    page.attestation.setChecked(True)


def test_R_HOME_4_the_establish_form_waits_for_a_supervisor_who_signs_in_on_the_spot(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    page = EstablishPage(consulate_desk(store, tmp_path), FakeCardReader())
    fill_home_visit_abroad(qtbot, page)
    page.save()
    confirm_review(qtbot, page)  # the act as it will stand, then the supervisor's decision
    qtbot.waitUntil(lambda: getattr(page, "supervisor_dialog", None) is not None and page.supervisor_dialog.isVisible())
    dialog = page.supervisor_dialog
    assert "R-HOME-4" in dialog.findChildren(qt_api.QtWidgets.QLabel)[0].text()
    assert page.last_outcome is not None and not page.last_outcome.saved
    assert page.m_nne.text() == "19374652"  # nothing typed is lost while waiting
    dialog.login.setText("chef")
    dialog.password.setText("mauvais")
    dialog.reason.setText("Mandant hospitalisé, vu avec lui")
    dialog.decide()
    qtbot.waitUntil(lambda: dialog.status.isVisible())
    assert "incorrect" in dialog.status.text() and dialog.isVisible()
    dialog.password.setText("secret-du-chef")
    dialog.decide()
    qtbot.waitUntil(lambda: page.last_outcome is not None and page.last_outcome.saved, timeout=10000)
    outcome = page.last_outcome
    assert outcome is not None and outcome.signed is not None
    assert "acceptée par chef-1" in dict(outcome.signed.receipt.details)["Décision du superviseur"]


def test_R_HOME_4_sent_to_the_a_decider_list_then_decided_and_established_there(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    page = EstablishPage(consulate_desk(store, tmp_path), FakeCardReader())
    fill_home_visit_abroad(qtbot, page)
    page.save()
    confirm_review(qtbot, page)  # the act as it will stand, then the supervisor's decision
    qtbot.waitUntil(lambda: getattr(page, "supervisor_dialog", None) is not None and page.supervisor_dialog.isVisible())
    page.supervisor_dialog.send_to_list()
    qtbot.waitUntil(lambda: "À décider" in page.banner.text())
    assert page.m_nne.text() == ""  # the act is kept in the list: the counter is free for the next citizen
    chief_page = ToDecidePage(consulate_desk(store, tmp_path, actor=CHIEF))
    qtbot.addWidget(chief_page)
    qtbot.waitUntil(lambda: chief_page.model.rowCount() == 1)
    assert "R-HOME-4" in chief_page.model.index(0, DecisionTableModel.CASES).data()
    chief_page.reason.setText("Vu avec le consul")
    chief_page.decide(accepted=True)
    qtbot.waitUntil(lambda: chief_page.model.rowCount() == 1 and chief_page.model.rows()[0].status == "acceptee")
    assert not chief_page.accept_button.isEnabled()  # decided once
    # The agent at the counter establishes the accepted act from the list (the chief is no establishing authority).
    agent_page = ToDecidePage(consulate_desk(store, tmp_path))
    qtbot.addWidget(agent_page)
    qtbot.waitUntil(lambda: agent_page.model.rowCount() == 1 and agent_page.establish_button.isEnabled())
    assert "1 accepté à établir" in agent_page.state.text()
    agent_page.establish()
    qtbot.waitUntil(lambda: "récépissé n°" in agent_page.state.text(), timeout=10000)
    qtbot.waitUntil(lambda: agent_page.model.rowCount() == 0)


def test_decision_table_model(qtmodeltester: object) -> None:
    from desktop.services.supervision import DecisionRow

    model = DecisionTableModel()
    model.set_rows([DecisionRow("d1", NOW, "Agent Durand", ("R-HOME-4",), "a_decider")])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.index(0, DecisionTableModel.STATUS).data() == "À décider"


def test_R_ELIG_5_rechercher_shows_the_annulled_procuration_and_what_to_tell_the_mandant(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    desk = make_desk(store, tmp_path, FakePrinter())
    out = desk.establish(EstablishInput(mandant=MARTIN, mandataire=DUBOIS, election_id="presidentielle-2027"))
    assert out.saved and out.procuration_id is not None
    message = "Procuration annulée de plein droit : décès du mandataire (R-ELIG-5)."
    change = Change(
        cursor=1,
        entry_id=uuid7(),
        record_id=out.procuration_id,
        status="annulee",
        rule_id="R-ELIG-5",
        message=message,
        at=NOW,
    )
    apply_changes(store, ChangesPage(changes=(change,), next_cursor=1, more=False, server_time=NOW), now=NOW)
    page = SearchPage(desk)
    qtbot.addWidget(page)
    page.query.setText("martin")
    page.birth.setText("15/01/1990")
    page.search()
    qtbot.waitUntil(lambda: page.last_result is not None)
    assert page.model.index(0, ProcurationTableModel.STATUS).data().splitlines() == [
        "Annulée par le central",
        "(R-ELIG-5)",
    ]
    assert page.notices.isVisibleTo(page) and "désigner un autre mandataire" in page.notices.text()
    # The selected row's history is read on a worker once the row is selected.
    qtbot.waitUntil(lambda: any(message in (h.note or "") for h in page.history_model.rows()), timeout=5000)


def test_R_NC_4_rechercher_says_the_online_service_will_not_show_it(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path, FakePrinter())
    nc = replace(MARTIN, list_kind="nouvelle_caledonie")
    mandataire = replace(DUBOIS, commune="Nouméa", address="1 rue de Sébastopol")
    form = EstablishInput(
        channel="cerfa_16199",
        mandant=nc,
        mandataire=mandataire,
        election_id="presidentielle-2027",
        acknowledged=frozenset({"R-NC-4"}),
    )
    assert desk.establish(form).saved
    result = desk.search(SearchQuery("martin", date(1990, 1, 15)))
    assert any("Interroger sa situation électorale" in n for n in result.notices)
    page = SearchPage(desk)
    qtbot.addWidget(page)
    page.query.setText("martin")
    page.search()
    qtbot.waitUntil(lambda: page.last_result is not None)
    assert "R-NC-4" in plain(page.notices.text())


def test_R_VALID_5_the_form_names_every_election_of_the_shared_day(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    page = EstablishPage(make_desk(store, tmp_path, FakePrinter()), FakeCardReader())
    qtbot.addWidget(page)
    page.show()
    page.validity.set_scrutin("departementales-2028", "T1")
    text = page.covered.text().lower()
    assert page.covered.isVisibleTo(page) and "départementales" in text and "régionales" in text
    page.validity.set_scrutin("presidentielle-2027", "T1")
    assert "élection couverte" in page.covered.text().lower()
