"""`guichet-central station kind CODE TYPE`: a station enrolled before the stations file had a `type` column gets its
kind of place, and its procurations are checked against it from then on (central/places.py).

Until then such a station was taken at its word for good: a counter in France saying « etranger » gave a mandataire
a second procuration established in France (R-LIMIT-1 counts them apart), and no command set the kind short of
enrolling the station again.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from centralkit import DUBOIS, MARTIN, Station, procuration_body
from sqlalchemy import select
from test_central_l73 import MANDANTS

from central.__main__ import main
from central.embedded import Embedded
from central.enrolment import enrol_from_csv
from central.schema import enrolment_tokens, stations

P = "procuration.etablie"


def _enrol_without_kind(central: Embedded, tmp_path: Path, code: str) -> Station:
    """A station of an older stations file (no `type`), and a second token of its code not redeemed yet."""
    source, out = tmp_path / "postes.csv", tmp_path / "jetons.csv"
    source.write_text(f"code;libelle\n{code};Commissariat de test\n", encoding="utf-8")
    enrol_from_csv(central.engine, source, out, now=datetime.now(UTC))
    with out.open(encoding="utf-8", newline="") as fh:
        [row] = list(csv.DictReader(fh, delimiter=";"))
    station = Station.enrol(central.base_url, row["jeton"], code)
    (tmp_path / "again").mkdir()
    enrol_from_csv(central.engine, source, tmp_path / "again" / "jetons.csv", now=datetime.now(UTC))
    return station


def _kinds(central: Embedded) -> tuple[list[str | None], list[str | None]]:
    with central.engine.connect() as conn:
        enrolled = list(conn.execute(select(stations.c.place_kind).where(stations.c.label == "PN-0007")).scalars())
        pending = list(
            conn.execute(select(enrolment_tokens.c.place_kind).where(enrolment_tokens.c.station_id.is_(None))).scalars()
        )
    return enrolled, pending


def test_a_station_enrolled_without_a_kind_gets_one_and_is_checked_against_it(
    sqlite_central: Embedded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    station = _enrol_without_kind(sqlite_central, tmp_path, "PN-0007")
    at = datetime.now(UTC) - timedelta(hours=1)
    abroad = procuration_body(MARTIN, DUBOIS, where="etranger") | {"place_kind": "commissariat"}
    taken = station.push(station.batch((P, abroad, at)))
    assert taken.status_code == 200 and taken.json()["verdicts"][0]["status"] == "validee", taken.text  # its word

    url = sqlite_central.engine.url.render_as_string(hide_password=False)
    assert main(["--database", url, "station", "kind", "PN-0007", "commissariat"]) == 0
    assert "« Commissariat de police » enregistré pour 1 poste(s) « PN-0007 »" in capsys.readouterr().out
    assert _kinds(sqlite_central) == (["commissariat"], ["commissariat"])  # the next enrolment keeps it too

    again = procuration_body(MANDANTS[0], DUBOIS, where="etranger") | {"place_kind": "commissariat"}
    refused = station.push(station.batch((P, again, at)))
    assert refused.status_code == 409 and "« Commissariat de police »" in refused.text, refused.text


def test_a_kind_already_held_is_changed_only_when_asked_and_unknown_codes_say_so(
    sqlite_central: Embedded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _enrol_without_kind(sqlite_central, tmp_path, "PN-0007")
    url = sqlite_central.engine.url.render_as_string(hide_password=False)
    assert main(["--database", url, "station", "kind", "PN-0007", "commissariat"]) == 0
    capsys.readouterr()
    assert main(["--database", url, "station", "kind", "PN-0007", "consulat"]) == 1
    said = capsys.readouterr().err
    assert "déjà enregistré comme « Commissariat de police »" in said and "--remplacer" in said
    assert _kinds(sqlite_central) == (["commissariat"], ["commissariat"])  # nothing changed
    assert main(["--database", url, "station", "kind", "PN-0007", "brigade_gendarmerie", "--remplacer"]) == 0
    assert _kinds(sqlite_central) == (["brigade_gendarmerie"], ["brigade_gendarmerie"])
    assert main(["--database", url, "station", "kind", "PN-9999", "consulat"]) == 1
    assert "Aucun poste enrôlé ne porte le code « PN-9999 »" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["--database", url, "station", "kind", "PN-0007", "mairie"])
    assert info.value.code == 2 and "mairie" in capsys.readouterr().err
