"""`resolve_typed` (the central store's other splits of a typed name) attacked: a station holding a valid token sends
60 words a look-up; a name past the wire's limits; a split sent that names two people beside another split naming
one; an adversary using the splits to learn more than the one person a look-up may name (R-DATA-3); the access-log
line. On SQLite and on PostgreSQL (the `central` fixture's two parameters)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from centralkit import DUBOIS, procuration_body
from sqlalchemy import event, select
from typedkit import found, register, two_stations

from central.embedded import Embedded
from central.register import TYPED_SPLITS_MAX, resolve_typed
from central.schema import access_log
from desktop.sync.wire import Identity

P = "procuration.etablie"


def _statements(central: Embedded, person: Identity) -> tuple[int, float]:
    """How many SQL statements one `resolve_typed` runs, and how long it takes."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(central.engine, "before_cursor_execute", count)
    try:
        with central.engine.connect() as conn:
            started = time.perf_counter()
            resolve_typed(conn, person)
            spent = time.perf_counter() - started
    finally:
        event.remove(central.engine, "before_cursor_execute", count)
    return len(seen), spent


def test_sixty_words_cost_the_queries_two_do(central: Embedded, tmp_path: Path) -> None:
    """Measured: as many statements for 60 or 310 words as for two (one query of the register; SQLite adds its
    connection's set-up): the splits tried are at most TYPED_SPLITS_MAX, all in that query."""
    register(central, tmp_path, "31415926;LE GALL;;Yann Erwan;M;09/03/1981;LP;75056;Paris\n")
    born = date(1981, 3, 9)
    two = Identity(nom="LE", prenoms=("GALL",), date_naissance=born)
    sixty = Identity(nom=" ".join(["A"] * 50), prenoms=tuple(["B"] * 10), date_naissance=born)
    wide = Identity(nom="W" * 100, prenoms=tuple(" ".join(["C"] * 30)[:59] for _ in range(10)), date_naissance=born)
    counts = {name: _statements(central, who) for name, who in (("2", two), ("60", sixty), ("310", wide))}
    assert len({n for n, _spent in counts.values()}) == 1 and counts["2"][0] <= 2, counts  # the same as for two
    assert all(spent < 1.0 for _n, spent in counts.values()), counts
    assert TYPED_SPLITS_MAX == 12


def test_a_station_sending_sixty_words_a_look_up_stays_bounded(central: Embedded, tmp_path: Path) -> None:
    register(central, tmp_path, "31415926;LE GALL;;Yann Erwan;M;09/03/1981;LP;75056;Paris\n")
    _pusher, counter = two_stations(central)
    started = time.perf_counter()
    for _ in range(5):
        words = {"nom": " ".join(["A"] * 50), "prenoms": ["B"] * 10, "date_naissance": "1981-03-09"}
        assert found(counter, **words) == []
    assert time.perf_counter() - started < 5.0
    # Past the wire's limits (a surname of 100 characters, ten given names of 60 each): refused before any query.
    for body in (
        {"nom": "A" * 101, "prenoms": ["B"]},
        {"nom": "A", "prenoms": ["B"] * 11},
        {"nom": "A", "prenoms": ["B" * 61]},
    ):
        answer = counter.lookup("agent-2", date_naissance="1981-03-09", **body)
        assert answer.status_code == 422, answer.text[:200]


def test_a_split_sent_naming_two_people_is_none_whatever_another_split_names(central: Embedded, tmp_path: Path) -> None:
    """Before: « MARTIN Paul André » sent as typed named two electors MARTIN Paul born that day (ambiguous: none),
    and the store went on to « MARTIN PAUL » André, a third person, whose procurations it answered (R-DATA-3)."""
    register(
        central,
        tmp_path,
        "11111111;MARTIN;;Paul André;M;02/02/1970;LP;75056;Paris\n",
        "11111112;MARTIN;;Paul Marie;M;02/02/1970;LP;75056;Paris\n",
        "22222222;MARTIN PAUL;;André;M;02/02/1970;LP;75056;Paris\n",
        "33333333;DA;;Silva Ana;F;03/03/1971;LP;75056;Paris\n",
        "44444444;DA SILVA;;Ana;F;03/03/1971;LP;75056;Paris\n",
        "55555555;DA SILVA;;Ana Maria;F;03/03/1971;LP;75056;Paris\n",
        "66666666;DA SILVA ANA;;Maria;F;03/03/1971;LP;75056;Paris\n",
    )
    pusher, counter = two_stations(central)
    at = datetime.now(UTC) - timedelta(hours=1)
    other = {"nom": "MARTIN PAUL", "prenoms": ["André"], "date_naissance": "1970-02-02", "nne": "22222222"}
    assert pusher.push(pusher.batch((P, procuration_body(other, DUBOIS), at))).status_code == 200
    assert found(counter, nom="MARTIN", prenoms=["Paul", "André"], date_naissance="1970-02-02") == []
    # His own split still finds him; so does the first word alone when no MARTIN Paul is in the way.
    assert len(found(counter, nom="MARTIN PAUL", prenoms=["André"], date_naissance="1970-02-02")) == 1
    # « DA Silva Ana Maria » names nobody as sent; « DA SILVA » Ana names two, « DA SILVA ANA » Maria one: three.
    third = {"nom": "DA SILVA ANA", "prenoms": ["Maria"], "date_naissance": "1971-03-03", "nne": "66666666"}
    assert pusher.push(pusher.batch((P, procuration_body(third, DUBOIS), at))).status_code == 200
    assert found(counter, nom="DA", prenoms=["SILVA", "ANA", "MARIA"], date_naissance="1971-03-03") == []


def test_splits_never_name_more_than_one_person_nor_log_a_name(central: Embedded, tmp_path: Path) -> None:
    """An adversary packing several people's names into one look-up (« DUBOIS JEAN MARTIN PAUL … », one birth date)
    learns at most one person's procurations per look-up, counted and throttled as one (R-DATA-3, R-DATA-4); the
    access log holds the station, the agent, the action and a count, never a name nor a birth date."""
    register(
        central,
        tmp_path,
        "70000001;DUBOIS;;Jean;M;05/05/1960;LP;75056;Paris\n",
        "70000002;DUBOIS JEAN MARTIN;;Paul;M;05/05/1960;LP;75056;Paris\n",
    )
    pusher, counter = two_stations(central)
    at = datetime.now(UTC) - timedelta(hours=1)
    for nne, nom, prenom in (("70000001", "DUBOIS", "Jean"), ("70000002", "DUBOIS JEAN MARTIN", "Paul")):
        body = procuration_body({"nom": nom, "prenoms": [prenom], "date_naissance": "1960-05-05", "nne": nne}, DUBOIS)
        assert pusher.push(pusher.batch((P, body, at))).status_code == 200
    # Sent as « DUBOIS JEAN » + « MARTIN PAUL »: nobody as sent; two splits name one each: none is answered.
    assert found(counter, nom="DUBOIS JEAN", prenoms=["MARTIN", "PAUL"], date_naissance="1960-05-05") == []
    with central.engine.connect() as conn:
        rows = conn.execute(select(access_log).where(access_log.c.action.like("lookup%"))).all()
    assert len(rows) == 1
    logged = " ".join(str(value) for value in rows[0]._mapping.values()).upper()
    assert not any(word in logged for word in ("DUBOIS", "MARTIN", "PAUL", "JEAN", "1960"))
