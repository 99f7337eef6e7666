"""R-REVOKE-5 / R-REVOKE-6 at the central store: a paper or counter résiliation without the NNEs its path needs is
refused entry by entry (« invalidee », the rule, a French reason), revokes nothing, and the rest of the batch is
applied; a resend gets the same answer (central/revoke_form.py; central audit: the store took the station's word)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from centralkit import DUBOIS, MARTIN, Station, person, procuration_body, resiliation_body
from sqlalchemy import select, update

from central.embedded import Embedded
from central.schema import procurations, revocations, stations
from desktop.sync.wire import BatchResult

P, R = "procuration.etablie", "procuration.resiliation"
THOMAS = {"nom": "THOMAS", "prenoms": ["Sophie"], "date_naissance": "1963-05-27", "nne": "285042289"}
BERNARD = {"nom": "BERNARD", "prenoms": ["Luc", "Henri"], "date_naissance": "1969-08-08", "nne": "371617504"}
PETIT = {"nom": "PETIT", "prenoms": ["Camille", "Anne"], "date_naissance": "1977-04-13", "nne": "197292502"}
ROBERT = {"nom": "ROBERT", "prenoms": ["Nicolas"], "date_naissance": "1941-07-01", "nne": "355265885"}
# Abroad: consular electors of the demo register (Montréal, Lisbonne).
TREMBLAY = {"nom": "TREMBLAY", "prenoms": ["Marie", "Ève"], "date_naissance": "1963-03-14", "nne": "203396354"}
LEBLANC = {"nom": "LEBLANC", "prenoms": ["Étienne"], "date_naissance": "1975-04-25", "nne": "485249212"}
FERREIRA = {"nom": "FERREIRA", "prenoms": ["Inès"], "date_naissance": "1953-09-09", "nne": "477867630"}
COSTA = {"nom": "COSTA", "prenoms": ["Paul"], "date_naissance": "1997-11-15", "nne": "207039781"}


def now() -> datetime:
    return datetime.now(UTC)


def without_nne(who: dict[str, Any], inscription: str) -> dict[str, Any]:
    """The same elector named without the NNE: the register still finds them (name, birth date, place)."""
    out = copy.deepcopy(who)
    out["nne"] = None
    out["inscription"] = inscription
    return out


def station(central: Embedded, label: str, place_kind: str | None) -> Station:
    """A station enrolled with a kind of place, as the enrolment file gives it (central/places.py)."""
    st = Station.enrol(central.base_url, central.enrolment_token, label)
    with central.engine.begin() as conn:
        conn.execute(update(stations).where(stations.c.id == st.station_id).values(place_kind=place_kind))
    return st


def verdicts(answer: Any) -> list[tuple[str, str | None]]:
    assert answer.status_code == 200, answer.text
    return [(v.status, v.rule_id) for v in BatchResult.from_json(answer.content).verdicts]


def statuses(central: Embedded, *ids: str) -> list[str]:
    with central.engine.connect() as conn:
        rows = conn.execute(select(procurations.c.id, procurations.c.status).where(procurations.c.id.in_(ids)))
        found = {pid: status for pid, status in rows}
    return [found[i] for i in ids]


def same_answer(first: Any, again: Any) -> None:
    """A resend answers the stored verdicts (only `replayed_at` is added)."""
    one, two = BatchResult.from_json(first.content), BatchResult.from_json(again.content)
    assert two.replayed_at is not None
    assert one.verdicts == two.verdicts


def test_R_REVOKE_5_and_6_refuse_the_entry_not_the_batch_and_revoke_nothing(central: Embedded) -> None:
    offline = station(central, "75056-02", "commissariat")
    france = station(central, "75056-01", "commissariat")
    consulate = station(central, "CONS-MTL", "consulat")
    kept = procuration_body(THOMAS, BERNARD)
    in_france = procuration_body(PETIT, ROBERT)
    # Established abroad with the mandataire named without the NNE (the register found him by name and consulate).
    abroad = procuration_body(TREMBLAY, without_nne(LEBLANC, "LEC-MTL"), where="etranger")
    other = procuration_body(FERREIRA, COSTA, where="etranger")
    assert verdicts(france.push(france.batch((P, kept, now()), (P, in_france, now())))) == [("validee", None)] * 2
    assert verdicts(consulate.push(consulate.batch((P, abroad, now()), (P, other, now())))) == [("validee", None)] * 2

    good = resiliation_body(THOMAS)
    no_mandant_nne = resiliation_body(without_nne(PETIT, "44109"))
    batch = france.batch((R, good, now()), (R, no_mandant_nne, now()), (P, procuration_body(MARTIN, DUBOIS), now()))
    answer = france.push(batch)
    assert verdicts(answer) == [("validee", None), ("invalidee", "R-REVOKE-5"), ("validee", None)]
    refused = BatchResult.from_json(answer.content).verdicts[1].message or ""
    assert "R-REVOKE-5" in refused and "numéro national d'électeur du mandant" in refused
    assert "Aucune procuration n'a été résiliée" in refused

    no_mandataire_nne = resiliation_body(TREMBLAY)  # the mandant's NNE is there; the mandataire's never was
    no_nne_abroad = resiliation_body(without_nne(FERREIRA, "LEC-LIS"))
    abroad_batch = consulate.batch((R, no_mandataire_nne, now()), (R, no_nne_abroad, now()))
    abroad_answer = consulate.push(abroad_batch)
    assert verdicts(abroad_answer) == [("invalidee", "R-REVOKE-6"), ("invalidee", "R-REVOKE-6")]
    said = [v.message or "" for v in BatchResult.from_json(abroad_answer.content).verdicts]
    assert "du mandataire" in said[0] and "du mandant" not in said[0], said[0]
    assert "du mandant" in said[1] and "à l'étranger" in said[1], said[1]

    # The good résiliation revoked its procuration; the refused ones revoked nothing and are not revocations.
    ids = kept["id"], in_france["id"], abroad["id"], other["id"]
    assert statuses(central, *ids) == ["resiliee", "validee", "validee", "validee"]
    with central.engine.connect() as conn:
        stored = set(conn.execute(select(revocations.c.id)).scalars())
    assert stored == {good["id"]}
    assert [(c["record_id"], c["status"]) for c in france.all_changes()] == [(kept["id"], "resiliee")]
    assert consulate.all_changes() == []

    # The same batches again: the same answers, and still nothing revoked.
    same_answer(answer, france.push(batch))
    same_answer(abroad_answer, consulate.push(abroad_batch))
    assert statuses(central, *ids) == ["resiliee", "validee", "validee", "validee"]

    # A procuration established before the refused résiliation, arriving after it, is not revoked by it either
    # (a station enrolled before, offline since: its time is kept).
    refused_at = datetime.fromisoformat(batch["entries"][1]["established_at"])
    late = procuration_body(PETIT, DUBOIS, election="legislatives-2027")
    assert verdicts(offline.push(offline.batch((P, late, refused_at - timedelta(milliseconds=5)))))[0][0] == "validee"
    assert statuses(central, late["id"]) == ["validee"]


def test_R_REVOKE_5_the_register_s_list_decides_not_the_one_declared(central: Embedded) -> None:
    """The walk-around: in France, New Caledonia waives the mandant's NNE (R-REVOKE-7); a station declaring the
    mandant on the NC list while the register has her on a communal list is refused all the same, and so is one
    enrolled without a kind of place (judged as in France). The paths the counter lets through stay open: with a
    Maprocuration reference the résiliation is the online one (R-REVOKE-4, no NNE asked); a mandant on the
    register's NC list in France needs none either."""
    france = station(central, "75056-01", "commissariat")
    unknown = station(central, "ANCIEN", None)
    wamytan = {"nom": "WAMYTAN", "prenoms": ["Rock"], "date_naissance": "1940-02-11", "nne": "496011972"}
    first, second = procuration_body(PETIT, ROBERT), procuration_body(THOMAS, BERNARD)
    nc, online_one = procuration_body(wamytan, DUBOIS), procuration_body(FERREIRA, COSTA)
    pushed = france.push(france.batch(*((P, b, now()) for b in (first, second, nc, online_one))))
    assert verdicts(pushed) == [("validee", None)] * 4
    declared_nc = person(without_nne(PETIT, "44109"), list_kind="nouvelle_caledonie")
    assert verdicts(france.push(france.batch((R, resiliation_body(declared_nc), now())))) == [
        ("invalidee", "R-REVOKE-5")
    ]
    assert verdicts(unknown.push(unknown.batch((R, resiliation_body(without_nne(THOMAS, "31555")), now())))) == [
        ("invalidee", "R-REVOKE-5")
    ]
    assert statuses(central, first["id"], second["id"]) == ["validee", "validee"]

    online = {**resiliation_body(without_nne(FERREIRA, "LEC-LIS")), "reference": "K7M2QX"}
    by_nc = resiliation_body(without_nne(wamytan, "98818"))
    assert verdicts(france.push(france.batch((R, online, now()), (R, by_nc, now())))) == [("validee", None)] * 2
    assert statuses(central, online_one["id"], nc["id"]) == ["resiliee", "resiliee"]


def test_R_REVOKE_4_an_online_résiliation_at_a_tribunal_or_an_honorary_consul_revokes_nothing(
    central: Embedded,
) -> None:
    """An online résiliation (its request's reference) is presented at police, gendarmerie or a préfet's place, abroad
    at a consulate or an embassy: the counter refuses it elsewhere (legal audit, session 32), and a station that did
    not (older, modified) no longer revokes through the central store."""
    france = station(central, "75056-01", "commissariat")
    tribunal = station(central, "TJ-PARIS", "tribunal_judiciaire")
    consul = station(central, "CH-PORTO", "consul_honoraire")
    consulate = station(central, "CONS-MTL", "consulat")
    kept = procuration_body(THOMAS, BERNARD)
    abroad = procuration_body(FERREIRA, COSTA, where="etranger")
    assert verdicts(france.push(france.batch((P, kept, now())))) == [("validee", None)]
    assert verdicts(consulate.push(consulate.batch((P, abroad, now())))) == [("validee", None)]
    at_tribunal = resiliation_body(THOMAS) | {"reference": "RS12AB"}
    answer = tribunal.push(tribunal.batch((R, at_tribunal, now())))
    assert verdicts(answer) == [("invalidee", "R-REVOKE-4")]
    assert "formulaire papier" in (BatchResult.from_json(answer.content).verdicts[0].message or "")
    before_consul = resiliation_body(FERREIRA) | {"reference": "RS34CD"}
    assert verdicts(consul.push(consul.batch((R, before_consul, now())))) == [("invalidee", "R-REVOKE-4")]
    assert statuses(central, kept["id"], abroad["id"]) == ["validee", "validee"]
    # At a commissariat the same online résiliation revokes.
    at_police = resiliation_body(THOMAS) | {"reference": "RS56EF"}
    assert verdicts(france.push(france.batch((R, at_police, now())))) == [("validee", None)]
    assert statuses(central, kept["id"]) == ["resiliee"]
