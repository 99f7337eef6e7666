"""A look-up by a name typed in one field: a surname of several words is found however the station split it.

Rechercher and Résilier take the person in one field (« le gall yann » and a birth date). Stations split it at its
first space, and the central store matched the surname « LE » with the given names « GALL YANN »: the register knew
no such elector and the answer was « aucune procuration », for a mandant with one in force at another counter (his
résiliation could not be made here either). The central store now tries the other splits of the same words when the
one sent finds nobody (central/register.py `resolve_typed`); one elector found that way is the answer, two are none.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from centralkit import DUBOIS, procuration_body
from sqlalchemy import func, select
from typedkit import found, register, two_stations

from central.embedded import Embedded
from central.schema import access_log

P = "procuration.etablie"
LE_GALL = {"nom": "LE GALL", "prenoms": ["Yann", "Erwan"], "date_naissance": "1981-03-09", "nne": "31415926"}


def test_a_surname_of_two_words_sent_split_at_its_first_space_is_found(central: Embedded, tmp_path: Path) -> None:
    register(central, tmp_path, "31415926;LE GALL;;Yann Erwan;M;09/03/1981;LP;75056;Paris\n")
    pusher, counter = two_stations(central)
    body = procuration_body(LE_GALL, DUBOIS)
    verdict = pusher.push(pusher.batch((P, body, datetime.now(UTC) - timedelta(hours=1)))).json()["verdicts"][0]
    assert verdict["status"] == "validee", verdict
    birth = LE_GALL["date_naissance"]

    # As the station sends it: the surname as typed, or its first word only (an older station, or « le gall yann »).
    assert found(counter, nom="LE GALL", prenoms=["Yann"], date_naissance=birth) == [body["id"]]
    assert found(counter, nom="LE", prenoms=["GALL", "YANN"], date_naissance=birth) == [body["id"]]
    assert found(counter, nom="le", prenoms=["gall yann", "erwan"], date_naissance=birth) == [body["id"]]
    # The words are still his: a wrong given name or birth date finds nothing, a split or not.
    assert found(counter, nom="LE", prenoms=["GALL", "ERWAN"], date_naissance=birth) == []
    assert found(counter, nom="LE", prenoms=["GALL", "YANN"], date_naissance="1981-03-10") == []
    assert found(counter, nom="YANN", prenoms=["LE GALL"], date_naissance=birth) == []  # the words in their order
    # One look-up each in the access log, whatever the splits tried.
    with central.engine.connect() as conn:
        logged = conn.execute(select(func.count()).select_from(access_log).where(access_log.c.action.like("lookup%")))
        assert logged.scalar() == 6


def test_the_split_sent_wins_and_two_people_elsewhere_are_none(central: Embedded, tmp_path: Path) -> None:
    """« MARTIN PAUL André »: the elector MARTIN Paul, born that day, is the one asked; had the register no MARTIN
    then, « MARTIN PAUL » (André) and « MARTIN PAUL ANDRE » are two other people: ambiguous is as good as unknown."""
    register(
        central,
        tmp_path,
        "11111111;MARTIN;;Paul André;M;02/02/1970;LP;75056;Paris\n",
        "22222222;MARTIN PAUL;;André;M;02/02/1970;LP;75056;Paris\n",
        "33333333;DA SILVA;;Ana;F;03/03/1971;LP;75056;Paris\n",
        "44444444;DA SILVA ROCHA;;Ana;F;03/03/1971;LP;75056;Paris\n",
        "55555555;DA;;Silva Ana;F;04/04/1972;LP;75056;Paris\n",
    )
    pusher, counter = two_stations(central)
    at = datetime.now(UTC) - timedelta(hours=1)
    people = {
        "martin": {"nom": "MARTIN", "prenoms": ["Paul", "André"], "date_naissance": "1970-02-02", "nne": "11111111"},
        "martin_paul": {"nom": "MARTIN PAUL", "prenoms": ["André"], "date_naissance": "1970-02-02", "nne": "22222222"},
        "silva": {"nom": "DA SILVA", "prenoms": ["Ana"], "date_naissance": "1971-03-03", "nne": "33333333"},
        "rocha": {"nom": "DA SILVA ROCHA", "prenoms": ["Ana"], "date_naissance": "1971-03-03", "nne": "44444444"},
    }
    ids = {}
    for key, person in people.items():
        body = procuration_body(person, DUBOIS)
        ids[key] = body["id"]
        assert pusher.push(pusher.batch((P, body, at))).json()["verdicts"][0]["status"] in {"validee", "invalidee"}
    assert found(counter, nom="MARTIN", prenoms=["PAUL", "ANDRE"], date_naissance="1970-02-02") == [ids["martin"]]
    assert found(counter, nom="MARTIN PAUL", prenoms=["ANDRE"], date_naissance="1970-02-02") == [ids["martin_paul"]]
    # « DA SILVA ROCHA Ana » sent as « DA » + « SILVA ROCHA ANA »: only one split names someone.
    assert found(counter, nom="DA", prenoms=["SILVA", "ROCHA", "ANA"], date_naissance="1971-03-03") == [ids["rocha"]]
    # « DA SILVA Ana » sent as « DA » + « SILVA ANA »: « DA » (Silva Ana) has another birth date; found as DA SILVA.
    assert found(counter, nom="DA", prenoms=["SILVA", "ANA"], date_naissance="1971-03-03") == [ids["silva"]]


def test_many_words_are_bounded_and_never_a_server_error(central: Embedded) -> None:
    _pusher, counter = two_stations(central)
    words = ["A"] * 40
    answer = counter.lookup("agent-2", nom="A", prenoms=words, date_naissance="1970-01-01")
    assert answer.status_code in {200, 422}, answer.text[:300]
