"""The form's question to the central store names the party as typed: a surname of several words is the surname.

The national check asks the central store by surname, given names and birth date when no NNE is typed
(services/national_fetch). The surname and the given names were joined in one text and split again at its first
space: « LE GALL Yann » was asked as the surname « LE » with the given names « GALL Yann », the register knew no
such elector, and the answer was « nothing elsewhere »: no R-VALID-6 warning for a mandant already represented at
another counter (DA SILVA, LE GALL, DE LA FONTAINE…), whose new procuration the central store then voided after the
citizen had left with a receipt.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from test_sync_annulment import BERNARD, DUBOIS, PRES, _station, desk_for, second_store
from test_sync_national_check import _asked, _enrolled

from central.embedded import Embedded
from central.register import import_electors
from desktop.models.db import Store
from desktop.rules.terms import PlaceKind
from desktop.services.desk import DeskServices, EstablishInput, PersonInput

__all__ = ["second_store"]

LE_GALL = PersonInput(nne="31415926", last_name="LE GALL", given_names="Yann Erwan", birth_date=date(1981, 3, 9))
REGISTER = (
    "nne;nom_naissance;nom_usage;prenoms;sexe;date_naissance;type_liste;code_inscription;libelle_inscription\n"
    "31415926;LE GALL;;Yann Erwan;M;09/03/1981;LP;75056;Paris\n"
)


def _le_gall_represented_elsewhere(
    central: Embedded, store: Store, second_store: Store, tmp_path: Path
) -> DeskServices:
    """LE GALL in the register, his procuration established at counter A and sent; counter B's services."""
    (tmp_path / "reg.csv").write_text(REGISTER, encoding="utf-8")
    with central.engine.begin() as conn:
        import_electors(conn, tmp_path / "reg.csv", replace=False)
    worker_a, client_a = _station(central, store, "commissariat-a")
    _worker_b, client_b = _station(central, second_store, "commissariat-b")
    desk_a = desk_for(store, tmp_path, PlaceKind.COMMISSARIAT, client_a)
    desk_b = desk_for(second_store, tmp_path / "b", PlaceKind.COMMISSARIAT, _enrolled(client_b, PlaceKind.COMMISSARIAT))
    assert desk_a.establish(EstablishInput(mandant=LE_GALL, mandataire=DUBOIS, election_id=PRES)).saved
    assert worker_a.run_once()
    return desk_b


@pytest.mark.slow  # a central store over HTTP
def test_R_VALID_6_a_mandant_whose_surname_has_a_space_is_asked_by_that_surname(
    sqlite_central: Embedded, store: Store, second_store: Store, tmp_path: Path
) -> None:
    desk_b = _le_gall_represented_elsewhere(sqlite_central, store, second_store, tmp_path)
    # At the other counter he comes with a Maprocuration request, which names him without his NNE.
    online = EstablishInput(
        channel="maprocuration",
        reference="K7M2QX",
        requested_on=date.today(),
        mandant=replace(LE_GALL, nne="", commune="75056"),
        mandataire=BERNARD,
        election_id=PRES,
    )
    form = _asked(desk_b, online)
    [answer] = [h for h in form.national if h.role == "mandant"]
    assert answer.state == "en_ligne" and answer.facts, answer
    found = desk_b.check(form)
    assert not [v for v in found if v.blocking], found
    assert [v.rule_id for v in found if v.message.startswith("Selon le répertoire central")] == ["R-VALID-6"]


@pytest.mark.slow  # a central store over HTTP
@pytest.mark.parametrize("typed", ["le gall yann", "LE GALL Yann", "le gall, yann erwan", "Le Gall Yann"])
def test_rechercher_and_resilier_find_a_surname_of_two_words_typed_in_one_field(
    sqlite_central: Embedded, store: Store, second_store: Store, tmp_path: Path, typed: str
) -> None:
    """Rechercher and Résilier take the person in one field: « le gall yann » was asked as the surname « LE », and
    the central store answered « aucune procuration » for a mandant with one in force at another counter: his
    résiliation could not be made here. Where the agent marks the surname (capitals, a comma) it is prefilled as
    such; otherwise the central store finds him by the other splits of his words and the agent corrects the name
    from the document."""
    from desktop.services.desk import SearchQuery

    desk_b = _le_gall_represented_elsewhere(sqlite_central, store, second_store, tmp_path)

    query = SearchQuery(typed, birth_date=LE_GALL.birth_date)
    assert [r.source for r in desk_b.search(query).central] == ["central"]
    mandant, message = desk_b.find_central_mandant(query)
    assert mandant is not None, message
    assert len(mandant.procurations) == 1
    marked = typed != "le gall yann" and typed != "Le Gall Yann"
    assert (mandant.person.last_name == "LE GALL") is marked, mandant.person
