"""Rechercher at the central store by name: the screen asks for what the central store needs (name, given names,
birth date) and a search made so succeeds, finding a procuration established at another station."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from deskkit import focused, make_desk, press, show_page, type_text, with_enrolled_agent
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.devices.printers.fake import FakePrinter
from desktop.models.db import Store, open_store
from desktop.models.keys import StaticKeyProvider
from desktop.services.desk import EstablishInput, PersonInput, SearchQuery
from desktop.sync import outbox
from desktop.sync.client import CentralClient, enrol
from desktop.sync.wire.check import lookup_missing
from desktop.views.procurations import SearchPage

# Both in the central store's demo register (desktop/resources/demo/electors.csv).
DURAND = PersonInput(nne="82017203", last_name="DURAND", given_names="Philippe", birth_date=date(1954, 11, 16))
LEFEBVRE = PersonInput(nne="343269567", last_name="LEFEBVRE", given_names="Nathalie", birth_date=date(1982, 5, 3))


def _other_station_store(store_template: Path, tmp_path: Path, store_key: bytes) -> Store:
    path = tmp_path / "autre-poste.db"
    shutil.copyfile(store_template, path)
    return open_store(path, StaticKeyProvider(store_key), migrate=False)


def test_the_rule_is_one_for_station_and_central_store() -> None:
    assert lookup_missing(nne=None, nom="dubois", prenoms=None, date_naissance="1975-06-02") == (
        "ajoutez les prénoms après le nom (ex. « dubois jean »)"
    )
    assert (
        lookup_missing(nne="19374652", nom=None, prenoms=None, date_naissance=None) == "indiquez la date de naissance"
    )
    assert lookup_missing(nne=None, nom="dubois", prenoms="jean", date_naissance="1975-06-02") is None


def test_central_search_by_name_finds_an_act_of_another_station(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    store_template: Path,
    store_key: bytes,
    central_server: tuple[str, str],
) -> None:
    url, token = central_server
    # Another station establishes and sends it to the central store.
    other_store = _other_station_store(store_template, tmp_path, store_key)
    other_client = CentralClient(url, enrol(url, enrolment_token=token, label="autre poste"), timeout=5)
    other = make_desk(other_store, tmp_path / "autre", FakePrinter(), central=other_client)
    assert other.establish(EstablishInput(mandant=DURAND, mandataire=LEFEBVRE, election_id="presidentielle-2027")).saved
    batch = outbox.next_batch(other_store, max_entries=10, now=datetime.now(UTC))
    assert batch is not None
    other_client.push(batch)
    # This station: nothing local; the central store answers a search by name, given names and birth date.
    client = with_enrolled_agent(
        CentralClient(url, enrol(url, enrolment_token=token, label="ce poste"), timeout=5), agent_id="agent-recherche"
    )
    page = SearchPage(make_desk(store, tmp_path, FakePrinter(), central=client, agent_id="agent-recherche"))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=3000)
    page.focus_first()
    type_text(qtbot, "durand")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "16111954")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10000)
    assert page.last_result is not None and page.last_result.central_state == "non_interroge"
    assert "ajoutez les prénoms" in page.state.text()  # says exactly what to add
    page.last_result = None
    page.focus_first()
    type_text(qtbot, "durand philippe")
    page.birth.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10000)
    result = page.last_result
    assert result is not None and result.central_state == "en_ligne", result and result.central_message
    assert len(result.central) == 1 and result.central[0].source == "central"
    assert "Répertoire central interrogé : 1 résultat." in page.state.text()
    assert page.model.rowCount() == 1 and focused() is page.results
    assert page.desk.search(SearchQuery("durand philippe", birth_date=date(1954, 11, 16))).central
    other_client.close()
    client.close()
    other_store.close()


MOREAU = PersonInput(nne="67730530", last_name="MOREAU", given_names="Julien Pierre", birth_date=date(1961, 12, 2))
SIMON = PersonInput(nne="203205172", last_name="SIMON", given_names="Élodie", birth_date=date(1945, 12, 20))


def test_revoke_a_procuration_made_at_another_station(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    store_template: Path,
    store_key: bytes,
    central_server: tuple[str, str],
) -> None:
    from desktop.views.procurations import RevokePage

    url, token = central_server
    other_store = _other_station_store(store_template, tmp_path, store_key)
    other_client = CentralClient(url, enrol(url, enrolment_token=token, label="poste d'origine"), timeout=5)
    other = make_desk(other_store, tmp_path / "origine", FakePrinter(), central=other_client)
    assert other.establish(EstablishInput(mandant=MOREAU, mandataire=SIMON, election_id="presidentielle-2027")).saved
    batch = outbox.next_batch(other_store, max_entries=10, now=datetime.now(UTC))
    assert batch is not None
    other_client.push(batch)

    client = with_enrolled_agent(
        CentralClient(url, enrol(url, enrolment_token=token, label="poste qui résilie"), timeout=5),
        agent_id="agent-resiliation",
    )
    printer = FakePrinter()
    desk = make_desk(store, tmp_path, printer, central=client, agent_id="agent-resiliation")
    page = RevokePage(desk)
    show_page(qtbot, page, size=(1100, 800))
    type_text(qtbot, "67730530")  # the NNE: a résiliation in France needs it (R-REVOKE-5)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "02121961")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.people.count() == 1, timeout=10000)
    assert (
        "au répertoire central" in page.people.item(0).text() and "1 procuration en cours" in page.people.item(0).text()
    )
    assert page.model.rowCount() == 1 and page.revoke_button.isEnabled()
    assert page.central_identity.isVisible() and page.id_nne.text() == "67730530"
    # The name as on the mandant's identity document (the search by NNE did not give it).
    page.id_last.setFocus()
    type_text(qtbot, "moreau")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Julien Pierre")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # asks to confirm
    assert "Confirmer la résiliation de la procuration" in page.revoke_button.text()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=10000)
    assert page.last_outcome is not None and page.last_outcome.saved, (
        page.last_outcome,
        page.errors.text(),
        page.banner.text(),
    )
    qtbot.waitUntil(lambda: page.last_print is not None, timeout=10000)
    outcome = page.last_outcome
    assert outcome is not None and outcome.saved and outcome.signed is not None
    assert (
        "Procurations résiliées",
        "Toutes, dont aucune enregistrée à ce guichet",
    ) in outcome.signed.receipt.details
    assert printer.printed and "provisoire" in page.banner.text()
    # Sent to the central store: it revokes the other station's procuration (R-REVOKE-2).
    mine = outbox.next_batch(store, max_entries=10, now=datetime.now(UTC))
    assert mine is not None
    result = client.push(mine)
    assert [v.status for v in result.verdicts] == ["validee"], result.verdicts
    rows = desk.search(SearchQuery("moreau julien pierre", birth_date=date(1961, 12, 2))).central
    assert [r.status for r in rows] == ["resiliee"]
    other_client.close()
    client.close()
    other_store.close()
