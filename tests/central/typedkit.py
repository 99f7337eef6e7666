"""The central store's look-ups by a typed name (central/register.resolve_typed): a register and two stations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from centralkit import Station

from central.embedded import Embedded
from central.register import import_electors
from desktop.sync.wire import LookupAnswer

HEADER = "nne;nom_naissance;nom_usage;prenoms;sexe;date_naissance;type_liste;code_inscription;libelle_inscription\n"


def register(central: Embedded, tmp_path: Path, *lines: str) -> None:
    """Add these register lines (the import's CSV, without its header) to the central store's electors."""
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    with central.engine.begin() as conn:
        import_electors(conn, path, replace=False)


def two_stations(central: Embedded) -> tuple[Station, Station]:
    """A station that pushes procurations, and a counter with an enrolled agent (agent-2) that looks them up."""
    pusher = Station.enrol(central.base_url, central.enrolment_token, "commissariat-a")
    counter = Station.enrol(central.base_url, central.enrolment_token, "commissariat-b")
    counter.enrol_agent("agent-2")
    return pusher, counter


def found(counter: Station, **person: Any) -> list[str]:
    """The record ids the counter's look-up answers."""
    answer = counter.lookup("agent-2", **person)
    assert answer.status_code == 200, answer.text[:300]
    return [item.record_id for item in LookupAnswer.from_json(answer.content).items]
